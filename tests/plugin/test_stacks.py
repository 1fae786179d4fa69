"""The themes and plugins people stack with linkroles, each in a real build."""

from __future__ import annotations

import json
import re
import struct
import zlib
from pathlib import Path

import pytest
from helpers import (
    ENGLISH_AND_FRENCH,
    BuiltSite,
    build_project,
    plugin_config,
    text_of,
    write_project,
)

DOCS = {
    "index.md": "# Home\n\n## Reading\n\nSee [the tutorial](https://docs.python.org/3/tutorial/) "
    "and [PyPI](https://pypi.org/).\n",
    "guide/install.md": "# Install\n\n## Pip\n\nUse [pip](https://pip.pypa.io/en/stable/) "
    "from [the index](https://pypi.org/project/pip/).\n",
}


def generated_content(site: BuiltSite, url: str) -> str:
    return site.page(url)


def no_inline_script(html: str) -> bool:
    return not re.search(r"<script(?![^>]*\bsrc=)[^>]*>\s*\S", html)


@pytest.mark.parametrize("theme", ["mkdocs", "readthedocs"])
def test_builtin_themes(tmp_path: Path, theme: str) -> None:
    site = build_project(write_project(tmp_path, DOCS, {"theme": {"name": theme}}), strict=True)
    overview = site.page("backlinks/")
    # The theme's own page: its navigation lists the overview, its content area holds ours.
    assert "Backlinks" in overview
    assert "<table" in overview and "pypi.org" in overview
    domain_page = site.page("backlinks/pypi.org/")
    assert domain_page.count("<table") >= 2
    content = domain_page[domain_page.index("<h1") :]
    assert "guide/install/#pip" in content or "../../guide/install/#pip" in content
    marker = {"mkdocs": 'role="main"', "readthedocs": 'role="main"'}[theme]
    assert marker in domain_page
    # No inline scripts in what we generate (the theme's own scripts are its business).
    assert no_inline_script(content.split("</article>")[0] if "</article>" in content else "")


def test_material_with_instant_navigation_dark_palette_and_its_search(tmp_path: Path) -> None:
    config = {
        "theme": {
            "name": "material",
            "features": ["navigation.instant", "navigation.sections", "search.suggest"],
            "palette": {"scheme": "slate", "primary": "indigo"},
        },
        "plugins": ["search", {"linkroles": {"search": True}}],
    }
    site = build_project(write_project(tmp_path, DOCS, config), strict=True)
    page = site.page("backlinks/pypi.org/")
    article = re.search(
        r'<article class="md-content__inner md-typeset">(.*?)</article>', page, re.S
    )
    assert article is not None
    assert "<table" in article.group(1)
    assert no_inline_script(article.group(1))
    assert 'data-md-color-scheme="slate"' in page
    # Material's own search index has the domain pages, found by the domain name.
    index = json.loads((site.site_dir / "search" / "search_index.json").read_text())
    hits = [d for d in index["docs"] if "pypi.org" in d["title"] + d["text"]]
    assert any(d["location"].startswith("backlinks/pypi.org/") for d in hits)
    # but not by the link texts of its table, which are the site's own pages' words.
    assert "the index" in article.group(1)
    assert not any(
        "the index" in d["text"] for d in index["docs"] if d["location"].startswith("backlinks/")
    )
    assert any(
        "the index" in d["text"] for d in index["docs"] if d["location"].startswith("guide/")
    )


def test_search_plugin_finds_domain_pages_by_domain_name(tmp_path: Path) -> None:
    config = {"plugins": ["search", {"linkroles": {"search": True}}]}
    site = build_project(write_project(tmp_path, DOCS, config), strict=True)
    index = json.loads((site.site_dir / "search" / "search_index.json").read_text())
    locations = {d["location"] for d in index["docs"] if "pip.pypa.io" in d["text"]}
    assert "backlinks/pypa.io/" in locations
    titles = {d["title"] for d in index["docs"] if d["location"] == "backlinks/pypa.io/"}
    assert titles == {"Backlinks to pypa.io"}
    # The table of linked URLs comes in after the search has read the page: its link texts
    # stay the words of the pages that hold the links.
    assert ": “pip”" in site.page("backlinks/pypa.io/")
    assert not any(
        "pip" in d["text"].split() for d in index["docs"] if d["location"].startswith("backlinks/")
    )


def test_redirects_plugin(tmp_path: Path) -> None:
    config = {
        "plugins": [
            "search",
            {"redirects": {"redirect_maps": {"old-install.md": "guide/install.md"}}},
            "linkroles",
        ]
    }
    site = build_project(write_project(tmp_path, DOCS, config), strict=True)
    assert "guide/install/" in site.page("old-install/")
    assert site.report["totals"]["pages"] == 2  # the redirect is not a page of the site
    assert "pypi.org" in site.page("backlinks/")


def test_literate_nav_places_the_overview(tmp_path: Path) -> None:
    docs = {
        **DOCS,
        "SUMMARY.md": "* [Home](index.md)\n* [Install](guide/install.md)\n"
        "* [Links out](backlinks/index.md)\n",
    }
    config = {"plugins": ["search", {"literate-nav": {"nav_file": "SUMMARY.md"}}, "linkroles"]}
    site = build_project(write_project(tmp_path, docs, config), strict=True)
    home = site.page("")
    nav = home[: home.index('role="main"')]
    assert re.search(r'href="backlinks/"[^>]*>\s*Links out', nav)


def test_awesome_nav_places_the_overview(tmp_path: Path) -> None:
    docs = {
        **DOCS,
        ".nav.yml": "nav:\n  - index.md\n  - guide\n  - Links out: backlinks/index.md\n",
    }
    config = {"plugins": ["search", "awesome-nav", "linkroles"]}
    site = build_project(write_project(tmp_path, docs, config), strict=True)
    home = site.page("")
    nav = home[: home.index('role="main"')]
    assert re.search(r'href="backlinks/"[^>]*>\s*Links out', nav)


def _inventory(path: Path, entries: dict[str, str]) -> None:
    """A Sphinx inventory (objects.inv, version 2), as docs.python.org publishes one."""
    body = "".join(f"{name} py:function 1 {uri} -\n" for name, uri in entries.items())
    header = "# Sphinx inventory version 2\n# Project: Python\n# Version: 3.13\n"
    header += "# The remainder of this file is compressed using zlib.\n"
    path.write_bytes(header.encode() + zlib.compress(body.encode()))
    assert struct  # (imported for readers who look for binary formats here)


def test_autorefs_links_resolved_late_are_counted(tmp_path: Path) -> None:
    """mkdocs-autorefs resolves `[json.dumps][]` in `on_env`, to docs.python.org through an
    inventory; the plugin scans after it, so the link is counted."""
    inventory = tmp_path / "objects.inv"
    _inventory(inventory, {"json.dumps": "library/json.html#json.dumps"})
    docs = {
        "index.md": "# Home\n\n## Encoding\n\nSerialise with [json.dumps][].\n",
    }
    config = {
        "plugins": [
            "search",
            "autorefs",
            {
                "mkdocstrings": {
                    "handlers": {
                        "python": {
                            "inventories": [
                                {
                                    "url": inventory.as_uri(),
                                    "base_url": "https://docs.python.org/3/",
                                }
                            ]
                        }
                    }
                }
            },
            "linkroles",
        ]
    }
    site = build_project(write_project(tmp_path, docs, config), strict=True)
    assert 'href="https://docs.python.org/3/library/json.html#json.dumps"' in site.page("")
    [page] = site.report["pages"]
    assert [link["url"] for link in page["links"]] == [
        "https://docs.python.org/3/library/json.html#json.dumps"
    ]
    assert page["links"][0]["section"]["id"] == "encoding"
    assert "json.dumps" in text_of(site.page("backlinks/python.org/"))


def test_static_i18n_gives_each_language_its_pages_and_report(tmp_path: Path) -> None:
    docs = {
        "index.en.md": "# Home\n\nSee [Python](https://www.python.org/).\n",
        "index.fr.md": "# Accueil\n\nVoir [le site de l'État](https://www.service-public.fr/).\n",
    }
    config = {"plugins": ENGLISH_AND_FRENCH}
    site = build_project(write_project(tmp_path, docs, config), strict=True)
    english = site.report
    french = json.loads((site.site_dir / "fr" / "linkroles.json").read_text())
    assert [d["domain"] for d in english["domains"]] == ["python.org"]
    assert [d["domain"] for d in french["domains"]] == ["service-public.fr"]
    assert french["pages"][0]["title"] == "Accueil"
    assert "python.org" in site.page("backlinks/")
    assert "service-public.fr" in site.page("fr/backlinks/")
    assert not (site.site_dir / "backlinks" / "service-public.fr").exists()


def test_mark_links_and_page_summary_under_material(tmp_path: Path) -> None:
    config = {
        "theme": {"name": "material"},
        "plugins": plugin_config(mark_links=True, mark_links_stylesheet=True, page_summary=True),
    }
    site = build_project(write_project(tmp_path, DOCS, config), strict=True)
    home = site.page("")
    assert 'class="linkroles-external" data-linkroles-domain="python.org"' in home
    assert 'href="backlinks/linkroles.css"' in home
    assert "External links on this page" in home


def test_material_search_leaves_generated_pages_out_by_default(tmp_path: Path) -> None:
    config = {"theme": {"name": "material"}}
    site = build_project(write_project(tmp_path, DOCS, config), strict=True)
    index = json.loads((site.site_dir / "search" / "search_index.json").read_text())
    assert not any(d["location"].startswith("backlinks/") for d in index["docs"])
    assert any(d["location"].startswith("index") or d["location"] == "" for d in index["docs"])
    assert '<meta name="robots" content="noindex">' in site.page("backlinks/pypi.org/")
