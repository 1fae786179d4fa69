"""The theme's page rendered once and filled in for each domain page (`shell.py`).

The domain pages must be byte for byte what rendering the whole theme for each of them
gives: a build with the shell is compared with one whose shell is refused (the plugin then
renders every page through the theme, as for a theme the shell cannot be made of).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from helpers import build_project, write_project

from mkdocs_linkroles.pages import shell as shell_module
from mkdocs_linkroles.pages.shell import (
    CONTENT_MARK,
    SHELL_CONTENT,
    SHELL_NAME,
    TITLE_MARK,
    Shell,
    heading_mark,
)

THEME_PAGE = (
    f"<html><head><title>{TITLE_MARK} - Site</title>"
    f'<link rel="canonical" href="https://x.org/backlinks/{SHELL_NAME}/"></head><body>'
    f'<nav><ul><li><a href="#top">{heading_mark(0)}</a><ul>'
    f'<li><a href="#linked-urls">\n  {heading_mark(1)}\n</a></li></ul></li></ul></nav>'
    f'<script>var name = "{TITLE_MARK}";</script><meta content="{TITLE_MARK}">'
    f"<article>{SHELL_CONTENT}</article></body></html>"
)


def test_a_page_is_the_shell_with_its_own_values() -> None:
    shell = Shell.capture(THEME_PAGE, SHELL_NAME, 2)
    assert shell is not None
    page = shell.fill(
        name="müller.de",
        title="Backlinks to müller.de",
        content="<h1>x</h1>",
        headings=["Backlinks to müller.de", "URLs &amp; more"],
    )
    # The title as MkDocs' themes write it: as it is in HTML, as JSON in a script.
    assert "<title>Backlinks to müller.de - Site</title>" in page
    assert 'var name = "Backlinks to m\\u00fcller.de";' in page
    assert '<meta content="Backlinks to müller.de">' in page
    assert 'href="https://x.org/backlinks/müller.de/"' in page
    assert "<article><h1>x</h1></article>" in page
    assert '<a href="#linked-urls">\n  URLs &amp; more\n</a>' in page
    assert not any(mark in page for mark in shell_module.SHELL_MARKS)


def test_values_are_written_as_given_never_searched_for_marks() -> None:
    shell = Shell.capture(THEME_PAGE, SHELL_NAME, 2)
    assert shell is not None
    # A page's values are hostile text, and may read like the marks: each mark is filled
    # once, from the shell, and what a value holds is never filled in turn.
    page = shell.fill(
        name=heading_mark(1),
        title=f"{heading_mark(0)} {SHELL_NAME}",
        content=TITLE_MARK,
        headings=[TITLE_MARK],  # one of two: the second mark stays
    )
    assert f"<title>{heading_mark(0)} {SHELL_NAME} - Site</title>" in page
    assert f'href="https://x.org/backlinks/{heading_mark(1)}/"' in page
    assert f'<a href="#top">{TITLE_MARK}</a>' in page
    assert f'<a href="#linked-urls">\n  {heading_mark(1)}\n</a>' in page
    assert f"<article>{TITLE_MARK}</article>" in page


@pytest.mark.parametrize(
    "output",
    [
        THEME_PAGE.replace(SHELL_CONTENT, SHELL_CONTENT * 2),  # the content twice
        THEME_PAGE.replace(CONTENT_MARK, ""),  # no content
        THEME_PAGE.replace(heading_mark(1), heading_mark(1)[:-1]),  # a mark cut short
    ],
)
def test_a_theme_page_that_cannot_be_a_shell_is_refused(output: str) -> None:
    assert Shell.capture(output, SHELL_NAME, 2) is None


DOCS = {
    "index.md": "# Home\n\n[a](https://docs.python.org/3/) [b](https://www.python.org/) "
    "[c](https://pypi.org/) [d](https://github.com/o/r) [e](https://github.com/example/docs/issues/1)\n",
    "guide/x.md": "# Guide & co\n\n## Part\n\n[f](https://pypi.org/project/x/) [g](https://müller.de/)\n",
}


def built_pages(
    root: Path, config: dict[str, Any], refuse: bool, monkeypatch: pytest.MonkeyPatch
) -> dict[str, bytes]:
    if refuse:
        monkeypatch.setattr(shell_module.Shell, "capture", classmethod(lambda cls, *a: None))
    site = build_project(write_project(root, DOCS, config))
    monkeypatch.undo()
    # The shell was used, or refused, as asked: MkDocs rendered the theme for the shells
    # and the overview only, or for every page.
    themed = [r.getMessage() for r in site.messages if "cannot be a shell" in r.getMessage()]
    assert bool(themed) == refuse, themed
    return {
        path.relative_to(site.site_dir).as_posix(): path.read_bytes()
        for path in sorted((site.site_dir / "backlinks").rglob("*"))
        if path.is_file()
    }


@pytest.mark.parametrize(
    "config",
    [
        {"theme": {"name": "mkdocs"}},
        {
            "theme": {"name": "material", "font": False},
            "repo_url": "https://github.com/example/docs",
        },
        {"theme": {"name": "readthedocs"}, "use_directory_urls": False},
        {
            "theme": {"name": "material", "font": False},
            "plugins": [{"linkroles": {"theme_links": True}}],
        },
    ],
)
def test_filled_pages_are_what_rendering_each_gives(
    tmp_path: Path, config: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    filled = built_pages(tmp_path / "filled", config, False, monkeypatch)
    rendered = built_pages(tmp_path / "rendered", config, True, monkeypatch)
    assert list(filled) == list(rendered)
    assert not any(SHELL_NAME in path for path in filled)  # the shell page is gone
    for path in filled:
        assert filled[path] == rendered[path], path
