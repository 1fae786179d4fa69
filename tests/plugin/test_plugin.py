"""The plugin inside real MkDocs builds: what users see in the written site and report."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from helpers import DOCS, BuiltSite, build_project, plugin_config, text_of, write_project
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort


def domains(site: BuiltSite) -> dict[str, dict[str, Any]]:
    return {d["domain"]: d for d in site.report["domains"]}


def test_subdomains_share_a_domain_page(build_site: Callable[..., BuiltSite]) -> None:
    site = build_site(DOCS)
    python = domains(site)["python.org"]
    assert python["links"] == 3
    assert python["referring_pages"] == 2
    assert [h["host"] for h in python["hosts"]] == ["docs.python.org", "www.python.org"]
    assert python["page_url"] == "backlinks/python.org/"
    page = site.content("backlinks/python.org/")
    assert "docs.python.org" in page and "www.python.org" in page
    assert '<a href="../../guide/install/#get-it">Install › Get it</a>' in page


def test_github_pages_sites_stay_separate_and_co_uk_groups(
    build_site: Callable[..., BuiltSite],
) -> None:
    site = build_site(DOCS)
    assert {"alice.github.io", "bob.github.io", "bbc.co.uk", "pypi.org"} <= set(domains(site))
    assert "github.io" not in domains(site)
    assert "Backlinks to bbc.co.uk" in site.content("backlinks/bbc.co.uk/")


def test_report_holds_pages_with_links_and_counts(build_site: Callable[..., BuiltSite]) -> None:
    site = build_site(DOCS)
    report = site.report
    assert report["schema"] == 1
    assert list(report) == [
        "schema",
        "generator",
        "site_url",
        "docs_dir",
        "totals",
        "rules",
        "baseline",
        "domains",
        "findings",
        "pages",
    ]
    assert report["rules"]["credentials"] == "warn" and report["baseline"] is None
    assert report["site_url"] == "https://docs.example.com/"
    assert report["generator"].startswith("mkdocs-linkroles ")
    assert report["totals"] == {
        "pages": 2,
        "pages_with_external_links": 2,
        "external_links": 7,
        "domains": 5,
        "hosts": 6,
        "internal_links": 2,
        "other_links": 2,
        "unsafe_links": 0,
        "malformed_links": 0,
        "excluded_links": 0,
        "findings": 0,
    }
    install = next(p for p in report["pages"] if p["src_uri"] == "guide/install.md")
    assert install["url"] == "guide/install/"
    assert install["title"] == "Install"
    assert install["nav_section"] == "Guide"
    assert install["links"][0] == {
        "url": "https://pypi.org/project/mkdocs/",
        "host": "pypi.org",
        "domain": "pypi.org",
        "text": "PyPI",
        "title": "",
        "rel": [],
        "target": "",
        "redacted": [],
        "section": {"id": "get-it", "text": "Get it", "level": 2},
        "line": 5,  # where the Markdown source writes it
    }
    home = next(p for p in report["pages"] if p["src_uri"] == "index.md")
    assert home["counts"] == {
        "external": 5,
        "internal": 1,
        "other": 2,
        "unsafe": 0,
        "malformed": 0,
        "excluded": 0,
    }
    assert home["other_schemes"] == {"mailto": 1, "tel": 1}
    # Generated pages are not scanned: they would count every link twice.
    assert [p["src_uri"] for p in report["pages"]] == ["guide/install.md", "index.md"]


def test_overview_lists_domains_and_pages_and_is_in_the_navigation(
    build_site: Callable[..., BuiltSite],
) -> None:
    site = build_site(DOCS, {"plugins": plugin_config(navigation=True)})
    overview = site.content("backlinks/")
    assert "two roles" in overview
    order = [overview.index(f">{d}</a>") for d in ("python.org", "alice.github.io", "bbc.co.uk")]
    assert order == sorted(order)  # most links first, then by name
    assert text_of(overview).count("Home 5 4") == 1  # page, links, distinct domains
    assert 'href="python.org/"' in overview
    home = site.page("")
    assert 'href="backlinks/"' in home  # auto navigation includes the overview


def test_generated_pages_stay_out_of_navigation_search_and_sitemap_by_default(
    build_site: Callable[..., BuiltSite],
) -> None:
    site = build_site(DOCS)
    assert 'href="backlinks/"' not in site.page("")  # not in the navigation MkDocs makes
    index = json.loads(site.file("search/search_index.json"))
    assert not any(doc["location"].startswith("backlinks/") for doc in index["docs"])
    assert any(doc["location"] == "guide/install/" for doc in index["docs"])
    sitemap = site.file("sitemap.xml")
    assert "backlinks" not in sitemap and "https://docs.example.com/guide/install/" in sitemap
    page = site.page("backlinks/python.org/")
    assert '<meta name="robots" content="noindex">' in page
    # The page keeps its canonical URL, set aside only while the sitemap was written.
    assert '<link rel="canonical" href="https://docs.example.com/backlinks/python.org/">' in page
    assert "noindex" not in site.page("")
    assert not [m for m in site.infos() if "not included in the" in m]


def test_explicit_nav_without_the_overview_gives_no_message(
    build_site: Callable[..., BuiltSite],
) -> None:
    site = build_site(DOCS, {"nav": [{"Home": "index.md"}, {"Install": "guide/install.md"}]})
    assert not [m for m in site.infos() if "backlinks" in m and "nav" in m], site.infos()


def test_generated_pages_are_searchable_and_in_the_sitemap(
    build_site: Callable[..., BuiltSite],
) -> None:
    options = {"search": True, "sitemap": True, "noindex": False}
    site = build_site(DOCS, {"plugins": plugin_config(**options)})
    assert "noindex" not in site.page("backlinks/python.org/")
    index = json.loads(site.file("search/search_index.json"))
    locations = {doc["location"] for doc in index["docs"]}
    assert "backlinks/python.org/" in locations
    assert any(
        "python.org" in doc["text"]
        for doc in index["docs"]
        if doc["location"] == "backlinks/python.org/"
    )
    assert "https://docs.example.com/backlinks/pypi.org/" in site.file("sitemap.xml")


def test_material_theme(build_site: Callable[..., BuiltSite]) -> None:
    site = build_site(DOCS, {"theme": {"name": "material"}})
    page = site.page("backlinks/python.org/")
    assert 'class="md-content"' in page
    assert "Backlinks to python.org" in page
    assert "<title>Backlinks to python.org - Test site</title>" in page
    assert "md-nav__link" in site.page("backlinks/")


def test_without_directory_urls(build_site: Callable[..., BuiltSite]) -> None:
    site = build_site(DOCS, {"use_directory_urls": False})
    assert domains(site)["pypi.org"]["page_url"] == "backlinks/pypi.org.html"
    page = site.file("backlinks/pypi.org.html")
    assert 'href="../guide/install.html#get-it"' in page
    assert 'href="pypi.org.html"' in site.file("backlinks/index.html")


def test_explicit_nav_refers_to_the_overview(build_site: Callable[..., BuiltSite]) -> None:
    nav = [
        {"Home": "index.md"},
        {"Install": "guide/install.md"},
        {"Links out": "backlinks/index.md"},
    ]
    site = build_site(DOCS, {"nav": nav})
    assert ">Links out<" in site.page("")


def test_custom_folder_and_title(build_site: Callable[..., BuiltSite]) -> None:
    site = build_site(
        DOCS,
        {
            "plugins": plugin_config(
                backlinks_dir="outbound/sites", overview_title="Sites we link to"
            )
        },
    )
    assert "Sites we link to" in site.content("outbound/sites/")
    assert domains(site)["pypi.org"]["page_url"] == "outbound/sites/pypi.org/"


def test_report_only(build_site: Callable[..., BuiltSite]) -> None:
    site = build_site(DOCS, {"plugins": plugin_config(pages=False)})
    assert not (site.site_dir / "backlinks").exists()
    assert all(d["page_url"] is None for d in site.report["domains"])
    assert site.report["totals"]["external_links"] == 7


def test_report_path_and_disabled_report(build_site: Callable[..., BuiltSite]) -> None:
    site = build_site(DOCS, {"plugins": plugin_config(report="audit/links.json")})
    assert json.loads(site.file("audit/links.json"))["schema"] == 1
    site = build_site(DOCS, {"plugins": plugin_config(report="")})
    assert not (site.site_dir / "linkroles.json").exists()
    assert (site.site_dir / "backlinks" / "index.html").exists()


def test_internal_domains(build_site: Callable[..., BuiltSite]) -> None:
    site = build_site(DOCS, {"plugins": plugin_config(internal_domains=["python.org"])})
    assert "python.org" not in domains(site)
    assert site.report["totals"]["internal_links"] == 5


def test_without_site_url_absolute_links_to_any_host_are_external(
    build_site: Callable[..., BuiltSite],
) -> None:
    site = build_site(DOCS, {"site_url": None})
    assert "example.com" in domains(site)
    assert site.report["site_url"] is None


def test_one_info_line_at_the_end(build_site: Callable[..., BuiltSite]) -> None:
    site = build_site(DOCS)
    [line] = [m for m in site.infos() if m.startswith("linkroles:")]
    assert line == (
        "linkroles: 7 external links to 5 domains from 2 of 2 pages; "
        "wrote 6 pages under backlinks/ and linkroles.json"
    )


@pytest.mark.parametrize(
    ("mine", "words"),
    [
        (
            "backlinks/index.md",
            "generated page 'backlinks/index.md' would overwrite 'backlinks/index.md'",
        ),
        (
            "backlinks.md",
            "would overwrite 'backlinks.md' (both are written to 'backlinks/index.html')",
        ),
        ("backlinks/pypi.org.md", "would overwrite 'backlinks/pypi.org.md'"),
        ("backlinks/pypi.org/index.md", "would overwrite 'backlinks/pypi.org/index.md'"),
    ],
)
def test_a_user_page_is_never_overwritten(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, mine: str, words: str
) -> None:
    config = write_project(tmp_path, {**DOCS, mine: "# Mine"})
    with pytest.raises(Abort):
        build(load_config(str(config)))
    assert words in caplog.text
    assert "set the plugin's 'backlinks_dir' option" in caplog.text
    assert not (tmp_path / "site" / "backlinks" / "index.html").exists()


@pytest.mark.parametrize(
    ("options", "words"),
    [
        ({"pages": "yes"}, "Expected type: <class 'bool'>"),
        ({"backlinks_dir": "../elsewhere"}, "inside the site directory"),
        ({"backlinks_dir": "/var/www"}, "not absolute"),
        ({"backlinks_dir": ""}, "must not be empty"),
        ({"overview_title": "  "}, "option 'overview_title': must not be empty"),
        ({"page_summary_title": ""}, "option 'page_summary_title': must not be empty"),
        ({"report": "../../linkroles.json"}, "inside the site directory"),
        ({"report": "C:\\reports\\x.json"}, "not absolute"),
        ({"suffix_list": "missing.dat"}, "isn't an existing file"),
        ({"internal_domains": "python.org"}, "Expected a list"),
        ({"no_such_option": 1}, "Unrecognised configuration name: no_such_option"),
    ],
)
def test_bad_configuration_is_a_clear_error(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, options: dict[str, object], words: str
) -> None:
    config = write_project(tmp_path, DOCS, {"plugins": plugin_config(**options)})
    with caplog.at_level(logging.WARNING):
        try:
            load_config(str(config))
        except Abort:  # MkDocs' own "Aborted with a configuration error!"
            pass
        else:  # unknown options are warnings in MkDocs, fatal with --strict
            assert "no_such_option" in options
    assert words in caplog.text


def test_a_suffix_list_file_without_rules_stops_the_build_clearly(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    config = write_project(tmp_path, DOCS, {"plugins": plugin_config(suffix_list="psl.dat")})
    (tmp_path / "psl.dat").write_text("// downloaded an error page?\n", encoding="utf-8")
    with pytest.raises(Abort):
        build(load_config(str(config)))
    assert "cannot read the Public Suffix List '" in caplog.text
    assert "psl.dat': it holds no rules (one suffix per line" in caplog.text


def test_malformed_links_warn_with_page_and_href_and_fail_strict(tmp_path: Path) -> None:
    docs = {"index.md": '# Home\n\n<a href="http://[::1">broken</a> <a href="https://">empty</a>\n'}
    config = write_project(tmp_path, docs)
    site = build_project(config, allow_warnings=True)
    assert site.warnings() == [
        "linkroles: index.md:3 (section 'Home', #home): link 'http://[::1' is not a valid URL: its IPv6 address has no closing ']'. Fix or remove it. To accept it: data-linkroles=\"ignore malformed_link\" on the link, or accept: {malformed_link: [pattern]} or rules: {malformed_link: info} in the plugin's options.",
        "linkroles: index.md:3 (section 'Home', #home): link 'https://' is not a valid URL: it has no host (expected 'scheme://host/'). Fix or remove it. To accept it: data-linkroles=\"ignore malformed_link\" on the link, or accept: {malformed_link: [pattern]} or rules: {malformed_link: info} in the plugin's options.",
    ]
    assert [m["href"] for m in site.report["pages"][0]["malformed"]] == ["http://[::1", "https://"]
    with pytest.raises(Abort, match="in strict mode"):
        build(load_config(str(config), strict=True))


def test_the_same_malformed_href_twice_on_a_page_warns_once(
    build_site: Callable[..., BuiltSite],
) -> None:
    site = build_site(
        {"index.md": '<a href="http://[::1">a</a><a href="http://[::1">b</a>'}, allow_warnings=True
    )
    assert len(site.warnings()) == 1
    assert site.report["pages"][0]["counts"]["malformed"] == 2


def test_rebuild_with_the_same_plugin_starts_clean(tmp_path: Path) -> None:
    config_file = write_project(tmp_path, DOCS)
    config = load_config(str(config_file))
    build(config)
    first = (tmp_path / "site" / "linkroles.json").read_bytes()
    assert (tmp_path / "site" / "backlinks" / "pypi.org" / "index.html").exists()
    build(config)  # what `mkdocs serve` does on a change
    assert (tmp_path / "site" / "linkroles.json").read_bytes() == first
    install = tmp_path / "docs" / "guide" / "install.md"
    install.write_text(install.read_text().replace("https://pypi.org/project/mkdocs/", "other.md"))
    build(config)
    report = json.loads((tmp_path / "site" / "linkroles.json").read_text())
    assert "pypi.org" not in {d["domain"] for d in report["domains"]}
    assert not (tmp_path / "site" / "backlinks" / "pypi.org").exists()
    assert "pypi.org" not in (tmp_path / "site" / "backlinks" / "index.html").read_text()


def test_dirty_build_says_once_that_pages_are_partial(tmp_path: Path) -> None:
    config_file = write_project(tmp_path, DOCS)
    build_project(config_file)
    site = build_project(config_file, dirty=True, allow_warnings=True)
    partial = [m for m in site.infos() if "--dirty" in m and m.startswith("linkroles:")]
    assert len(partial) == 1
    assert "2 pages were not rendered" in partial[0]


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    outputs = []
    for name in ("one", "two"):
        site = build_project(write_project(tmp_path / name, DOCS))
        files = sorted(p for p in (site.site_dir / "backlinks").rglob("*.html"))
        outputs.append(
            [(p.relative_to(site.site_dir), p.read_bytes()) for p in files]
            + [("report", (site.site_dir / "linkroles.json").read_bytes())]
        )
    assert outputs[0] == outputs[1]


def test_a_plugin_that_drops_the_placeholder_of_the_linked_urls_is_named(tmp_path: Path) -> None:
    # A hook (MkDocs' own mechanism for local plugins) that rewrites the content of pages
    # before linkroles puts a domain page's table of linked URLs in: the loss is a
    # warning, never silent.
    config_file = write_project(
        tmp_path,
        {"index.md": "[py](https://docs.python.org/3/)\n"},
        # With `search`, a domain page's content stays in its page for the search to index
        # (without, the plugin keeps it aside and no other plugin sees it).
        {"hooks": ["strip.py"], "plugins": ["search", {"linkroles": {"search": True}}]},
    )
    (tmp_path / "strip.py").write_text(
        "from mkdocs.plugins import event_priority\n\n\n"
        "@event_priority(200)\n"
        "def on_page_context(context, page, config, nav):\n"
        "    page.content = page.content.replace('<div class=\"linkroles-unindexed\"></div>', '')\n"
        "    return context\n",
        encoding="utf-8",
    )
    site = build_project(config_file, allow_warnings=True)
    [warning] = site.warnings()
    assert warning.startswith("linkroles: backlinks/python.org.md: could not add the table")
    assert "run it after linkroles" in warning
    assert "Linked URLs" in site.page("backlinks/python.org/")


def test_a_base_href_in_a_page_is_a_warning_and_moves_its_relative_links(
    build_site: Callable[..., BuiltSite],
) -> None:
    docs = {
        "index.md": '# Home\n\n<base href="https://evil.example/x/">\n\n'
        "[guide](guide/) [top](#top) [abs](https://python.org/)\n",
    }
    site = build_site(docs, {"plugins": plugin_config()}, allow_warnings=True)
    [warning] = [w for w in site.warnings() if "base href" in w]
    assert warning.startswith("linkroles: index.md: ") and "https://evil.example/x/" in warning
    urls = sorted(link["url"] for page in site.report["pages"] for link in page["links"])
    assert urls == [
        "https://evil.example/x/#top",
        "https://evil.example/x/guide/",
        "https://python.org/",
    ]


NESTED = {
    "index.md": "# Home\n\n[py](https://www.python.org/)\n",
    "guide/one.md": "# One\n",
    "guide/two.md": "# Two\n",
    "api/three.md": "# Three\n",
}


@pytest.mark.parametrize("theme", ["mkdocs", "material"])
def test_generated_pages_get_a_compact_navigation(
    build_site: Callable[..., BuiltSite], theme: str
) -> None:
    site = build_site(NESTED, {"theme": {"name": theme}})
    domain_page = site.page("backlinks/python.org/")
    # Each section of the navigation is a link to its first page; its other pages are not
    # repeated on every generated page.
    assert 'href="../../guide/one/"' in domain_page
    assert "guide/two/" not in domain_page
    assert 'href="../../api/three/"' in domain_page
    # The site's own pages keep the whole navigation.
    assert "guide/two/" in site.page("")


def test_generated_pages_can_have_the_full_navigation(build_site: Callable[..., BuiltSite]) -> None:
    site = build_site(NESTED, {"plugins": plugin_config(compact_navigation=False)})
    assert "guide/two/" in site.page("backlinks/python.org/")


def test_enabled_false_turns_the_plugin_off(build_site: Callable[..., BuiltSite]) -> None:
    site = build_site(
        {"index.md": "[py](https://docs.python.org/3/)"},
        {"plugins": plugin_config(enabled=False, page_summary=True, mark_links=True)},
    )
    assert not (site.site_dir / "backlinks").exists()
    assert not (site.site_dir / "linkroles.json").exists()
    page = site.page("")
    assert "linkroles" not in page and "noindex" not in page
    assert not any("linkroles" in message for message in site.infos())


SEEN_BY_SEARCH = """
import json, pathlib

seen = {}


def on_page_context(context, page, config, nav):  # when the search plugins read a page
    seen[page.file.src_uri] = len(page.content or "")
    return context


def on_post_build(config):
    pathlib.Path(config.site_dir, "seen.json").write_text(json.dumps(seen))
"""


@pytest.mark.parametrize("search", [False, True])
def test_the_search_plugins_read_generated_pages_only_where_they_index_them(
    tmp_path: Path, search: bool
) -> None:
    # A hook reads each page's content when the search plugins do: at the default priority
    # of `on_page_context`. With `search: false` they would only throw away what they parse.
    root = tmp_path / "project"
    config = write_project(
        root, DOCS, {"hooks": ["seen.py"], "plugins": plugin_config(search=search)}
    )
    (root / "seen.py").write_text(SEEN_BY_SEARCH, encoding="utf-8")
    site = build_project(config)
    seen = json.loads(site.file("seen.json"))
    assert seen["index.md"] > 0
    generated = {src: size for src, size in seen.items() if src.startswith("backlinks/")}
    assert "backlinks/index.md" in generated and "backlinks/python.org.md" in generated
    assert all(size > 0 for size in generated.values()) == search
    assert all(size == 0 for size in generated.values()) != search
    # Either way the theme writes each page whole.
    assert "https://docs.python.org/3/" in site.page("backlinks/python.org/")
    assert 'href="python.org/"' in site.page("backlinks/")
