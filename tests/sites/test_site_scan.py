"""`linkroles scan`: a site already built, read as the plugin reads it during the build."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from helpers import (
    BuiltSite,
    build_project,
    content_regions,
    copy_demo,
    plugin_config,
    write_project,
)

from mkdocs_linkroles.cli import main
from mkdocs_linkroles.sites.pages import (
    load_settings,
    page_url,
    read_built_page,
    source_of,
)

ROOT = Path(__file__).parents[2]
DEMO = ROOT / "demo_site"
ZENSICAL = shutil.which("zensical", path=str(Path(sys.executable).parent))


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The demo built by MkDocs with the plugin: the answers to compare with."""
    return build_project(copy_demo(tmp_path_factory.mktemp("demo")), strict=True)


def links_per_page(report: dict[str, Any]) -> dict[str, list[str]]:
    return {page["src_uri"]: [link["url"] for link in page["links"]] for page in report["pages"]}


def scan(*args: str | Path) -> int:
    return main(["scan", *map(str, args)])


def scan_copy(built: BuiltSite, tmp_path: Path, *flags: str) -> tuple[Path, dict[str, Any]]:
    """A copy of a built site without what the plugin wrote, scanned with its config."""
    site = tmp_path / "site"
    shutil.rmtree(site, ignore_errors=True)
    shutil.copytree(
        built.site_dir, site, ignore=shutil.ignore_patterns("backlinks", "linkroles.json")
    )
    assert scan(site, "--config", built.project / "mkdocs.yml", *flags) == 0
    return site, json.loads((site / "linkroles.json").read_text(encoding="utf-8"))


def test_scanning_the_built_demo_gives_the_plugins_report_and_pages(
    demo: BuiltSite, tmp_path: Path
) -> None:
    """Equal by construction: the same report, byte for byte (theme links, sections, URLs
    and findings included), and generated pages whose content is the plugin's."""
    site, scanned = scan_copy(demo, tmp_path, "--pages")
    assert scanned == demo.report
    assert (site / "linkroles.json").read_bytes() == (demo.site_dir / "linkroles.json").read_bytes()
    assert scanned["theme_links"], "the demo reads its theme's links"
    ours, theirs = content_regions(site), content_regions(demo.site_dir)
    assert len(ours) == len(demo.report["domains"]) + 1
    assert ours == theirs


def test_the_same_with_the_mkdocs_theme(tmp_path: Path) -> None:
    docs = {
        "index.md": "# Home\n\n[a](https://docs.python.org/3/) [b](guide/)\n",
        "guide/index.md": "# Guide\n\n## Part\n\n[c](https://pypi.org/) <a href='https://x.org/'>x</a>\n",
        "guide/more.md": "# More\n\n[d](https://www.python.org/)\n",
    }
    built = build_project(
        write_project(
            tmp_path / "p", docs, {"theme": {"name": "mkdocs"}, "plugins": plugin_config()}
        )
    )
    site, scanned = scan_copy(built, tmp_path, "--pages")
    assert scanned == built.report
    assert content_regions(site) == content_regions(built.site_dir)
    assert scanned["totals"]["external_links"] == built.report["totals"]["external_links"] == 4
    assert {p["src_uri"] for p in scanned["pages"]} == {
        "index.md",
        "guide/index.md",
        "guide/more.md",
    }


@pytest.mark.skipif(
    ZENSICAL is None, reason="zensical is a test dependency: pip install -e '.[test]'"
)
def test_a_site_built_by_zensical_gives_the_same_links(demo: BuiltSite, tmp_path: Path) -> None:
    config = copy_demo(tmp_path)
    assert ZENSICAL is not None  # else skipped
    subprocess.run([ZENSICAL, "build"], cwd=tmp_path, check=True, capture_output=True)
    site = tmp_path / "site"
    assert not (site / "backlinks").exists()  # Zensical does not run the plugin
    assert scan(site, "--config", config, "--pages") == 0
    scanned = json.loads((site / "linkroles.json").read_text(encoding="utf-8"))
    assert links_per_page(scanned) == links_per_page(demo.report)
    for key in ("external_links", "domains", "hosts", "other_links", "excluded_links", "findings"):
        assert scanned["totals"][key] == demo.report["totals"][key], key
    # Each page keeps its own title and section (the home page too, which has no h1).
    titles = {p["src_uri"]: (p["title"], p["nav_section"]) for p in demo.report["pages"]}
    assert {p["src_uri"]: (p["title"], p["nav_section"]) for p in scanned["pages"]} == titles
    # Compact navigation: the generated pages no bigger than the plugin's.
    size = {
        where: sum(f.stat().st_size for f in (where / "backlinks").rglob("*.html"))
        for where in (site, demo.site_dir)
    }
    assert size[site] <= size[demo.site_dir], size
    # The themed pages: Zensical's own header and navigation around the plugin's content.
    page = (site / "backlinks" / "python.org.html").read_text(encoding="utf-8")
    assert '<div class="linkroles" lang="en" dir="ltr">' in page
    assert "<title>Backlinks to python.org - mkdocs-linkroles</title>" in page
    assert 'class="md-header' in page and '"base":".."' in page.replace(" ", "")
    assert 'href="../links.html#examples"' in page
    assert '<meta name="robots" content="noindex">' in page


def test_pages_go_into_the_theme_of_a_shell_page(demo: BuiltSite, tmp_path: Path) -> None:
    site, _report = scan_copy(demo, tmp_path, "--pages")
    page = (site / "backlinks" / "python.org.html").read_text(encoding="utf-8")
    shell = (site / "index.html").read_text(encoding="utf-8")
    # The shell's stylesheets, one folder further down; its table of contents and its
    # active navigation entry gone; the page's own title.
    assert 'href="assets/stylesheets/' in shell and 'href="../assets/stylesheets/' in page
    assert "md-nav--secondary" in shell and "md-nav--secondary" not in page
    assert "md-nav__link--active" not in page
    assert "Backlinks to python.org" in page and "Linked URLs" in page
    report = json.loads((site / "linkroles.json").read_text(encoding="utf-8"))
    assert {d["domain"]: d["page_url"] for d in report["domains"]}["python.org"] == (
        "backlinks/python.org.html"
    )
    # A second scan writes over its own pages, never over a page of the site.
    assert scan(site, "--config", demo.project / "mkdocs.yml", "--pages") == 0
    (site / "backlinks" / "python.org.html").write_text("<p>mine</p>", encoding="utf-8")
    assert scan(site, "--config", demo.project / "mkdocs.yml", "--pages") == 2


def test_error_findings_fail_the_scan_and_bad_input_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    built = build_project(
        write_project(tmp_path / "p", {"index.md": "[ad](https://ads.doubleclick.net/x)"}),
    )
    config = tmp_path / "p" / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "- linkroles", "- linkroles:\n    deny: ['*.doubleclick.net']"
        ),
        encoding="utf-8",
    )
    assert scan(built.site_dir, "--config", config, "--report", "") == 1
    err = capsys.readouterr().err
    assert "ERROR   -  linkroles: index.md:1: link 'https://ads.doubleclick.net/x'" in err
    assert err.splitlines()[-1] == (
        "ERROR   -  linkroles: 1 link breaks a rule set to error: denied_domain; see the "
        "messages above."
    )
    assert scan(tmp_path / "nothing") == 2
    assert (
        capsys.readouterr().err.strip()
        == f"linkroles: {tmp_path / 'nothing'}: not a folder of a built site"
    )
    config.write_text("site_name: x\nplugins:\n  - linkroles:\n      rules: {nope: warn}\n")
    assert scan(built.site_dir, "--config", config) == 2
    assert "option 'rules': unknown rule 'nope'" in capsys.readouterr().err


def test_zensical_toml_gives_the_same_settings(tmp_path: Path) -> None:
    toml = tmp_path / "zensical.toml"
    toml.write_text(
        '[project]\nsite_name = "Docs"\nsite_url = "https://docs.example.com/"\n'
        'docs_dir = "src"\nsite_dir = "public"\nuse_directory_urls = false\n\n'
        '[project.theme]\nlanguage = "de"\n\n'
        '[project.plugins.linkroles]\nexclude = ["ci.example.com"]\n',
        encoding="utf-8",
    )
    settings = load_settings(toml)
    assert settings.site_dir == tmp_path / "public" and settings.docs_dir == tmp_path / "src"
    assert settings.site_url == "https://docs.example.com/" and settings.language == "de"
    assert settings.options == {"exclude": ["ci.example.com"]}
    assert not settings.use_directory_urls


@pytest.mark.parametrize(
    ("path", "exists", "source", "url"),
    [
        ("index.html", ["index.md"], "index.md", ""),
        ("index.html", ["README.md"], "README.md", ""),
        ("guide/x/index.html", ["guide/x.md"], "guide/x.md", "guide/x/"),
        ("guide/x/index.html", ["guide/x/index.md"], "guide/x/index.md", "guide/x/"),
        ("guide/x.html", ["guide/x.md"], "guide/x.md", "guide/x.html"),
        ("guide/y.html", [], "guide/y.html", "guide/y.html"),
    ],
)
def test_each_page_finds_its_source(
    tmp_path: Path, path: str, exists: list[str], source: str, url: str
) -> None:
    for name in exists:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert source_of(path, tmp_path) == source
    assert page_url(path) == url


def test_the_content_region_leaves_out_what_the_theme_added(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(
        '<html><head><title>T - Site</title></head><body><header><a href="https://github.com/">'
        'GitHub</a></header><article class="md-content__inner md-typeset">'
        '<a class="md-content__button" href="https://github.com/edit/x">edit</a>'
        '<h1 id="t">Title<a class="headerlink" href="#t">¶</a></h1>'
        '<p><a href="https://pypi.org/">p</a></p></article></body></html>',
        encoding="utf-8",
    )
    page = read_built_page(tmp_path, "a.html", docs_dir=None)
    assert page.title == "Title"
    assert "pypi.org" in page.content and "github.com" not in page.content
    custom = read_built_page(tmp_path, "a.html", docs_dir=None, selector="header")
    assert "github.com" in custom.content and "pypi.org" not in custom.content


def test_a_real_sized_site_scanned_gives_the_plugins_report_and_pages(tmp_path: Path) -> None:
    """The same on a site shaped like the real OWASP Cheat Sheet Series (459 domains, a
    repository with hundreds of links, sections, Material with the defaults)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from sitegen import generate_real_shaped_site

    generate_real_shaped_site(tmp_path / "p")
    built = build_project(tmp_path / "p" / "mkdocs.yml")
    site, scanned = scan_copy(built, tmp_path, "--pages")
    assert len(scanned["domains"]) == 459
    assert (site / "linkroles.json").read_bytes() == (
        built.site_dir / "linkroles.json"
    ).read_bytes()
    assert content_regions(site) == content_regions(built.site_dir)
