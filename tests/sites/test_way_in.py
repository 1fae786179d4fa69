"""A way in for readers: the overview reached from every page's navigation.

Under MkDocs, a `nav` entry to the generated `backlinks/index.md` (or the `navigation`
option); under every generator, a placeholder page in the sources that the plugin (or
`linkroles scan --pages`) replaces.
"""

from __future__ import annotations

import posixpath
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import build_project, write_project
from mkdocs.exceptions import Abort

from mkdocs_linkroles.cli import main

ZENSICAL = shutil.which("zensical", path=str(Path(sys.executable).parent))
DOCS = {
    "index.md": "# Home\n\n[py](https://www.python.org/)\n",
    "guide/deep/page.md": "# Deep\n\n[pypi](https://pypi.org/)\n",
}
PLACEHOLDER = '<div class="linkroles"></div>\n'
NAV = [{"Home": "index.md"}, {"Deep": "guide/deep/page.md"}, {"Links out": "backlinks/index.md"}]


def nav_links_to_overview(site: Path, page: str) -> list[str]:
    """The hrefs of `page`'s navigation entries named "Links out", resolved in the site."""
    html = (site / page).read_text(encoding="utf-8")
    found = []
    for href in re.findall(r'<a[^>]*href="([^"]*)"[^>]*>\s*(?:<span[^>]*>)?\s*Links out', html):
        found.append(posixpath.normpath(posixpath.join(posixpath.dirname(page), href)))
    return found


def assert_every_page_reaches_the_overview(site: Path, pages: list[str]) -> None:
    for page in pages:
        targets = nav_links_to_overview(site, page)
        assert targets, page
        for target in targets:
            path = site / target
            path = path / "index.html" if path.is_dir() else path
            assert path.is_file(), (page, target)
            assert 'id="linkroles-overview"' in path.read_text(encoding="utf-8"), (page, target)


@pytest.mark.parametrize("placeholder", [False, True])
def test_a_nav_entry_reaches_the_overview_in_mkdocs(tmp_path: Path, placeholder: bool) -> None:
    docs = {**DOCS, **({"backlinks/index.md": PLACEHOLDER} if placeholder else {})}
    site = build_project(write_project(tmp_path, docs, {"nav": NAV}), strict=True)
    assert_every_page_reaches_the_overview(
        site.site_dir, ["index.html", "guide/deep/page/index.html", "backlinks/pypi.org/index.html"]
    )


def test_a_page_without_the_mark_is_never_replaced(tmp_path: Path) -> None:
    docs = {**DOCS, "backlinks/index.md": "# Our own page\n"}
    with pytest.raises(Abort):  # a clear error names both, as for any clash
        build_project(write_project(tmp_path, docs, {"nav": NAV}))


@pytest.mark.skipif(
    ZENSICAL is None, reason="zensical is a test dependency: pip install -e '.[test]'"
)
def test_the_placeholder_reaches_the_overview_under_zensical(tmp_path: Path) -> None:
    config = write_project(
        tmp_path,
        {**DOCS, "backlinks/index.md": PLACEHOLDER},
        {"nav": NAV, "theme": {"name": "material"}},
    )
    assert ZENSICAL is not None  # else skipped
    subprocess.run([ZENSICAL, "build"], cwd=tmp_path, check=True, capture_output=True)
    site = tmp_path / "site"
    assert main(["scan", str(site), "--config", str(config), "--pages"]) == 0
    pages = [str(p.relative_to(site)) for p in site.rglob("*.html") if "backlinks" not in p.parts]
    pages = [p for p in pages if p != "404.html"]
    assert len(pages) == 2, pages
    assert_every_page_reaches_the_overview(site, pages)
