"""The generated pages' templates compiled by hand: the plugin's Python writes what they write.

`pages/compiled.py` stands for `linkroles/domain.html`, `linked_urls.html`,
`overview.html` and the macros while a site replaces none of them. These tests hold the two to each other, byte for
byte: on values drawn at random, hostile ones included, in several languages; and on whole
sites built by MkDocs, once with the plugin's templates and once with copies of them in
the theme's `custom_dir` (which Jinja renders).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from helpers import build_project, plugin_config, write_project
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mkdocs_linkroles.links.records import (
    Backlink,
    DomainProfile,
    DomainSummary,
    ExternalLink,
    PageRef,
)
from mkdocs_linkroles.pages import compiled
from mkdocs_linkroles.pages import render as rows
from mkdocs_linkroles.pages.linked import LinkedInput, URLHealth, linked_hosts, url_groups
from mkdocs_linkroles.pages.messages import Messages, languages
from mkdocs_linkroles.pages.names import Name
from mkdocs_linkroles.pages.render import OWN_TEMPLATES, template_environment
from mkdocs_linkroles.reading.anchors import Section

# Text a stranger's page can hold: markup, quotes, entities, bidi controls, right-to-left
# letters, dots and slashes (where `breakable` breaks), NUL (its slow path) and long runs.
HOSTILE = st.text(
    alphabet=st.sampled_from(
        [*"ab./-_ &<>'\"#?=%", "\u202e", "\u2067", "\u05d0", "\u0627", "\x00", "é", "😀"]
    ),
    max_size=40,
)
NAMES = st.builds(Name, HOSTILE, HOSTILE, st.booleans())
HEALTH = st.builds(
    URLHealth,
    st.sampled_from(["ok", "redirected", "broken", "unreachable", "excluded"]),
    st.one_of(st.none(), st.sampled_from([0, 301, 404])),
    HOSTILE,
    HOSTILE,
)
OWN_REPOSITORY = "https://github.com/me/repo"
# Hosts of every kind a domain page groups: a host of code, a plain one, an IDN one, and
# one whose name mixes scripts (shown in ASCII).
HOSTS = ["github.com", "docs.example", "xn--bcher-kva.example", "xn--80ak6aa92e.com"]
# A URL as the records hold it, with its host: ASCII and lowercase, then a path (`/` at
# least), which here may hold anything.
URLS = st.one_of(
    st.builds(
        lambda scheme, host, path: (f"{scheme}://{host}{path}", host),
        st.sampled_from(["https", "http", "ftp"]),
        st.sampled_from(HOSTS),
        st.one_of(
            st.builds(lambda path: "/" + path, HOSTILE),
            st.builds(lambda query: "/?" + query, HOSTILE),
        ),
    ),
    st.builds(
        lambda rest: (OWN_REPOSITORY + rest, "github.com"),
        st.sampled_from(["", "/", "/issues/1", "?x", "s", "s/x"]),
    ),
)
SECTIONS = st.one_of(
    st.none(), st.builds(Section, st.one_of(st.none(), HOSTILE), HOSTILE, st.integers(1, 3))
)
# Pages of the site anywhere, the domain pages' own folder included, where the way there
# differs from one domain page to the next.
PAGE_URLS = st.one_of(
    HOSTILE,
    st.sampled_from(["", "guide/", "backlinks/", "backlinks/example/", "backlinks/other/x/"]),
)
PAGES = st.builds(PageRef, HOSTILE, PAGE_URLS, HOSTILE, st.just(""))
RELS = st.sampled_from([(), ("nofollow",), ("nofollow", "ugc"), ('"><x',)])


def backlink(
    url_and_host: tuple[str, str],
    page: PageRef,
    text: str,
    rel: tuple[str, ...],
    section: Section | None,
) -> Backlink:
    url, host = url_and_host
    link = ExternalLink(url, host, "example", "name", text, "", rel, "", section, ())
    return Backlink(page, link)


@st.composite
def linked_inputs(draw: st.DrawFn) -> LinkedInput:
    """What a domain page's list is made of: backlinks sorted by URL, as profiles hold them.

    From the pages of one site: each source path is one page, with its URL and title.
    """
    site = draw(st.lists(PAGES, min_size=1, max_size=4, unique_by=lambda page: page.src_uri))
    pages = st.sampled_from(site)
    backlinks = sorted(
        draw(st.lists(st.builds(backlink, URLS, pages, HOSTILE, RELS, SECTIONS), max_size=12)),
        key=lambda b: b.link.url,
    )
    findings = {
        (b.page.src_uri, b.link.url): draw(
            st.lists(st.tuples(HOSTILE, st.sampled_from(["warn", "error", "<b>"])), max_size=2)
        )
        for b in backlinks
        if draw(st.booleans())
    }
    health = {b.link.url: draw(HEALTH) for b in backlinks if draw(st.booleans())}
    summary = DomainSummary("example", "name", len(backlinks), 1, ())
    profile = DomainProfile(summary, tuple(backlinks))
    own = draw(st.sampled_from([None, OWN_REPOSITORY]))
    page_url = draw(st.sampled_from(["backlinks/example/", "backlinks/example.html", "x/"]))
    return LinkedInput(
        profile, url_groups(profile, own), page_url, {}, findings, health or None, {}
    )


LANGUAGES = [Messages(language) for language in ("en", "ar", "de", "ja")]


TEMPLATES = template_environment()  # once: each example would compile the template again


def jinja(linked: LinkedInput, t: Messages) -> str:
    hosts = linked_hosts(linked)
    return TEMPLATES.get_template(compiled.LINKED_URLS).render(t=t, linked_hosts=hosts)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(linked_inputs(), st.sampled_from(LANGUAGES))
def test_python_writes_what_the_template_writes(linked: LinkedInput, t: Messages) -> None:
    assert compiled.linked_urls(linked, t) == jinja(linked, t)
    # Its sibling domain pages share the starts of the sources' lines made for it.
    for sibling in ("backlinks/other/", "backlinks/example/", "backlinks/zz.html"):
        again = linked._replace(page_url=sibling)
        assert compiled.linked_urls(again, t) == jinja(again, t)


def many_groups(count: int, page_url: str = "backlinks/example.org/") -> LinkedInput:
    """A host with `count` groups of one URL each (`/0/` to ...), one more link each."""
    page = PageRef("a.md", "a/", "A", "")
    backlinks = sorted(
        (
            backlink((f"https://example.org/{index}/x", "example.org"), page, "t", (), None)
            for index in range(count)
            for _ in range(index + 1)
        ),
        key=lambda b: b.link.url,
    )
    profile = DomainProfile(
        DomainSummary("example.org", "name", len(backlinks), 1, ()), tuple(backlinks)
    )
    return LinkedInput(profile, url_groups(profile), page_url, {}, {}, None, {})


@pytest.mark.parametrize("count", [1, 3, 4, 12, 13, 20])
def test_the_groups_are_cut_alike(count: int) -> None:
    # At the edges the random values seldom reach: the groups that start open (3), and
    # those listed before the rest is collapsed (12).
    linked = many_groups(count)
    t = LANGUAGES[0]
    assert compiled.linked_urls(linked, t) == jinja(linked, t)
    more = f"<li><details><summary>{t.plural('domain.more_groups', count - 12)}</summary>"
    assert (more in compiled.linked_urls(linked, t)) == (count > 12)
    # The three most linked start open if small (at most 8 links); one link is no group.
    opened = sum(1 for links in range(count, max(count - 3, 0), -1) if 1 < links <= 8)
    assert compiled.linked_urls(linked, t).count("<details open>") == opened


@pytest.mark.parametrize("language", languages())
def test_every_language_is_written_alike(language: str) -> None:
    # The list, then the whole page around it.
    t = Messages(language)
    page = PageRef("guide.md", "guide/", "Guide \u202e", "")
    section = Section("a", "Part", 2)
    backlinks = [
        backlink((url, url.split("/")[2]), page, "text", ("nofollow",), section)
        for url in [
            "https://xn--bcher-kva.example/a/b",
            "https://xn--bcher-kva.example/a/b",
            "https://xn--bcher-kva.example/a/b",
            "https://github.com/me/repo/issues",
            "ftp://xn--bcher-kva.example/b/",
        ]
    ]
    profile = DomainProfile(DomainSummary("example", "name", 5, 1, ()), tuple(backlinks))
    linked = LinkedInput(
        profile,
        url_groups(profile, OWN_REPOSITORY),
        "backlinks/example/",
        {},
        {("guide.md", "https://github.com/me/repo/issues"): [("rule", "warn")]},
        {
            "https://xn--bcher-kva.example/a/b": URLHealth(
                "redirected", 301, "https://x.example/", "2026-12-05"
            )
        },
        {},
    )
    assert compiled.linked_urls(linked, t) == jinja(linked, t)
    hosts = linked_hosts(linked)
    # The whole page, with every part it can have, numbers written as the language does.
    values: dict[str, Any] = {
        "name": Name("xn--bcher-kva.example", "bücher.example", True),
        "kind": "ip",
        "overview_href": "../",
        "links": 1234,
        "referring_pages": 12,
        "total_pages": 1500,
        "hosts": [
            rows.HostRow(Name("a.example", "a.example", False), 1200, t.percent(1200, 1234)),
            rows.HostRow(Name("b.example", "b.example", False), 34, t.percent(34, 1234)),
        ],
        "rel_flags": [("nofollow", 2), ("ugc", 1)],
        "without_rel_flags": 1231,
        "flagged": 2,
        "gone": True,
        "health": {"checked": 1001, "broken": 2, "moved": 3, "unreachable": 0},
        "linked_urls": compiled.LinkedURLs(linked, t, TEMPLATES),
        "folders": [rows.FolderRow("guide/", 1000, 10, t.percent(1000, 1234))],
        "other_folders": rows.OtherFolders(3, 234, 2, t.percent(234, 1234)),
        "top_pages": [rows.PageRow("../../a/", "A \u202e", 1000, path="a.md")],
        "more_pages": True,
        "style": "<style></style>",
        "theme_mark": '<div class="linkroles-theme"></div>',
        "title": "",
        "linked_hosts": hosts,
    }
    written = compiled.domain_page(t=t, **values)
    assert written == TEMPLATES.get_template(compiled.DOMAIN).render(t=t, **values)


ROWS = st.lists(
    st.builds(
        lambda folder, links, pages, percent: rows.FolderRow(folder, links, pages, percent),
        HOSTILE,
        st.integers(0, 10**6),
        st.integers(0, 10**4),
        HOSTILE,
    ),
    max_size=3,
)
PAGE_VALUES = st.fixed_dictionaries(
    {
        "name": NAMES,
        "kind": st.sampled_from(["domain", "ip", "single-label", "local"]),
        "overview_href": st.one_of(st.none(), HOSTILE),
        "links": st.integers(0, 10**6),
        "referring_pages": st.integers(0, 10**4),
        "total_pages": st.integers(0, 10**4),
        "hosts": st.lists(
            st.builds(rows.HostRow, NAMES, st.integers(0, 999), HOSTILE), max_size=23
        ),
        "rel_flags": st.lists(st.tuples(HOSTILE, st.integers(1, 99)), max_size=2),
        "without_rel_flags": st.integers(0, 99),
        "flagged": st.integers(0, 3),
        "gone": st.booleans(),
        "health": st.one_of(
            st.none(),
            st.fixed_dictionaries(
                {k: st.integers(0, 9) for k in ("checked", "broken", "moved", "unreachable")}
            ),
        ),
        "linked_urls": HOSTILE,
        "folders": ROWS,
        "other_folders": st.one_of(
            st.none(),
            st.builds(
                rows.OtherFolders,
                st.integers(1, 9),
                st.integers(0, 99),
                st.integers(0, 99),
                HOSTILE,
            ),
        ),
        "top_pages": st.lists(
            st.builds(rows.PageRow, HOSTILE, HOSTILE, st.integers(0, 99), path=HOSTILE), max_size=3
        ),
        "more_pages": st.booleans(),
        "style": st.sampled_from(["", "<style>.x{}</style>"]),
        "theme_mark": st.sampled_from(["", '<div class="linkroles-theme"></div>']),
        "title": HOSTILE,
        "linked_hosts": st.just([]),
    }
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(PAGE_VALUES, st.sampled_from(LANGUAGES))
def test_the_page_is_written_as_its_template_writes_it(values: dict[str, Any], t: Messages) -> None:
    expected = TEMPLATES.get_template(compiled.DOMAIN).render(t=t, **values)
    assert compiled.domain_page(t=t, **values) == expected


@pytest.mark.parametrize("count", [1, 2, 20, 21, 25])
def test_the_list_of_hosts_is_cut_alike(count: int) -> None:
    # At the edges the random values seldom reach: one host (no table), twenty (no "…").
    hosts = [
        rows.HostRow(Name(f"h{i}.example", f"h{i}.example", False), 1, "1%") for i in range(count)
    ]
    values: dict[str, Any] = {
        "name": Name("example", "example", False),
        "kind": "domain",
        "overview_href": "../",
        "links": count,
        "referring_pages": 1,
        "total_pages": 3,
        "hosts": hosts,
        "rel_flags": [],
        "without_rel_flags": 0,
        "flagged": 0,
        "gone": False,
        "health": None,
        "linked_urls": "",
        "folders": [],
        "other_folders": None,
        "top_pages": [],
        "more_pages": False,
        "style": "",
        "theme_mark": "",
        "title": "",
        "linked_hosts": [],
    }
    t = LANGUAGES[0]
    page = compiled.domain_page(t=t, **values)
    assert page == TEMPLATES.get_template(compiled.DOMAIN).render(t=t, **values)
    assert (", …" in page) == (count > 20)
    assert ('<h2 id="hosts">' in page) == (count > 1)


DOMAIN_ROWS = st.lists(
    st.builds(
        rows.DomainRow,
        NAMES,
        HOSTILE,
        st.integers(1, 10**6),
        st.integers(0, 10**4),
        st.integers(1, 99),
        st.integers(0, 3),
        HOSTILE,
    ),
    max_size=4,
)
OVERVIEW_VALUES = st.fixed_dictionaries(
    {
        "totals": st.fixed_dictionaries(
            {
                key: st.integers(0, 10**6)
                for key in ("external_links", "pages", "pages_with_external_links", "domains")
            }
            | {"hosts": st.integers(0, 10**6)}
        ),
        "chart": st.one_of(
            st.none(),
            st.builds(
                rows.Chart,
                st.lists(
                    st.builds(
                        rows.Bar,
                        HOSTILE,
                        HOSTILE,
                        st.integers(0, 300),
                        st.integers(0, 640),
                        st.just("190.0"),
                        st.just("12.5"),
                        st.just("208.5"),
                    ),
                    min_size=2,
                    max_size=3,
                ).map(tuple),
                HOSTILE,
                st.just(640),
                st.just(44),
                st.just(14),
                st.sampled_from(["start", "end"]),
                st.sampled_from(["start", "end"]),
            ),
        ),
        "domains": DOMAIN_ROWS,
        "domains_shown": st.integers(0, 3),
        "with_findings": st.booleans(),
        "tail": st.lists(st.tuples(HOSTILE, DOMAIN_ROWS), max_size=2),
        "tail_count": st.integers(0, 9),
        "gone": st.lists(st.tuples(NAMES, st.sampled_from(["", "../x/", '"><b>'])), max_size=2),
        "pages": st.lists(
            st.builds(
                rows.PageRow, HOSTILE, HOSTILE, st.integers(0, 99), st.integers(0, 99), path=HOSTILE
            ),
            max_size=4,
        ),
        "pages_shown": st.integers(0, 3),
        "script_href": st.one_of(st.none(), st.just(""), HOSTILE),
        "style": st.sampled_from(["", "<style>.x{}</style>"]),
        "theme_mark": st.sampled_from(["", '<div class="linkroles-theme"></div>']),
        "title": HOSTILE,
    }
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(OVERVIEW_VALUES, st.sampled_from(LANGUAGES))
def test_the_overview_is_written_as_its_template_writes_it(
    values: dict[str, Any], t: Messages
) -> None:
    expected = TEMPLATES.get_template(compiled.OVERVIEW).render(t=t, **values)
    assert compiled.overview_page(t=t, **values) == expected


def test_the_plugins_own_templates_are_told_from_a_sites(tmp_path: Path) -> None:
    from jinja2 import ChoiceLoader, Environment, FileSystemLoader

    assert compiled.own(template_environment(), compiled.PAGE_OF)
    for name in compiled.PAGE_OF:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("mine", encoding="utf-8")
        loader = ChoiceLoader([FileSystemLoader(str(tmp_path)), FileSystemLoader(OWN_TEMPLATES)])
        templates = Environment(loader=loader)
        assert not compiled.own(templates, compiled.PAGE_OF)
        assert compiled.own(templates, compiled.LIST_OF) == (name == compiled.DOMAIN)
        (tmp_path / name).unlink()


DOCS = {
    "index.md": (
        "# Home\n\n## Links \u202e here\n\n"
        "[a](https://docs.python.org/3/) [b](https://docs.python.org/3/) "
        "[c](https://www.python.org/about/) [d](https://github.com/me/repo/issues/1) "
        "[e](https://github.com/other/thing) [f](https://xn--bcher-kva.example/)\n"
    ),
    "guide/x.md": (
        "# X\n\n## Part <b>\n\n[c](https://example.org/<b>) [“q” & 'r'](https://docs.python.org/3/)"
        ' <a href="https://github.com/me/repo" rel="nofollow">repo</a>\n'
    ),
}


@pytest.mark.parametrize(
    ("theme", "language", "copies"),
    [
        ("mkdocs", "en", ("linked_urls.html",)),  # the page compiled, the list by Jinja
        ("mkdocs", "en", ("domain.html",)),  # the page by Jinja, the list compiled
        ("mkdocs", "de", ("overview.html",)),  # the overview by Jinja
        ("material", "ar", ("domain.html", "linked_urls.html", "macros.html")),
    ],
)
def test_copies_of_the_templates_in_custom_dir_give_the_same_site(
    tmp_path: Path, theme: str, language: str, copies: tuple[str, ...]
) -> None:
    sites = []
    for variant in ("own", "copies"):
        root = tmp_path / variant
        config = write_project(
            root,
            DOCS,
            {
                "repo_url": "https://github.com/me/repo",
                "theme": {"name": theme, "custom_dir": "overrides", "language": language},
                "plugins": plugin_config(show_findings="always"),
            },
        )
        overrides = root / "overrides" / "linkroles"
        overrides.mkdir(parents=True)
        for name in copies if variant == "copies" else ():  # Jinja renders a site's own
            copied = Path(OWN_TEMPLATES, "linkroles", name).read_text(encoding="utf-8")
            (overrides / name).write_text(copied, encoding="utf-8")
        sites.append(build_project(config))
    own, copy = sites
    pages = sorted(
        p.relative_to(own.site_dir) for p in (own.site_dir / "backlinks").rglob("*.html")
    )
    assert len(pages) >= 5
    for page in pages:
        assert (own.site_dir / page).read_bytes() == (copy.site_dir / page).read_bytes(), page
    assert "github.com/me/repo" in own.page("backlinks/github.com/")


def test_a_sites_own_list_is_rendered_by_jinja(tmp_path: Path) -> None:
    root = tmp_path / "project"
    config = write_project(
        root,
        DOCS,
        {"theme": {"name": "mkdocs", "custom_dir": "overrides"}, "plugins": plugin_config()},
    )
    (root / "overrides" / "linkroles").mkdir(parents=True)
    (root / "overrides" / "linkroles" / "linked_urls.html").write_text(
        "<ol>{% for host in linked_hosts %}<li>{{ host.name.ascii|e }}: {{ host.links }}</li>"
        "{% endfor %}</ol>",
        encoding="utf-8",
    )
    page = build_project(config).page("backlinks/python.org/")
    assert "<ol><li>docs.python.org: 3</li><li>www.python.org: 1</li></ol>" in page
