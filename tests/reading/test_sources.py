from __future__ import annotations

from pathlib import Path

from mkdocs_linkroles.reading.sources import source_lines

SOURCE = """---
title: Guide
---

# Guide

See [Python](https://www.python.org/) and <https://pypi.org/>.

[ref link][py] and [again](https://www.python.org/).

<a href="https://x.org/?a=1&amp;b=2">raw</a>

[py]: https://docs.python.org/3/
"""


def test_each_link_gets_the_line_it_is_written_on() -> None:
    hrefs = [
        "https://www.python.org/",
        "https://pypi.org/",
        "https://docs.python.org/3/",
        "https://www.python.org/",
        "https://x.org/?a=1&b=2",
        "#guide",
        "https://added.example/by-a-plugin",
    ]
    assert source_lines(SOURCE, hrefs) == [7, 7, 13, 9, 11, None, None]


def test_a_link_written_twice_on_one_line_and_on_another() -> None:
    source = "[a](https://a.org/) [b](https://a.org/)\n\n[c](https://a.org/)\n"
    assert source_lines(source, ["https://a.org/"] * 3) == [1, 1, 3]


def test_a_hook_that_rewrites_the_markdown_does_not_move_the_lines(tmp_path: Path) -> None:
    """Lines point into the file as written, not into Markdown a hook rewrote (Material's
    docs expand shortcodes into lines of their own)."""
    from helpers import build_project, write_project

    (tmp_path / "hooks.py").write_text(
        "def on_page_markdown(markdown, **kwargs):\n"
        "    return 'Inserted\\n\\nby a hook\\n\\n' + markdown\n",
        encoding="utf-8",
    )
    docs = {"index.md": "# Home\n\nA [link](https://www.python.org/).\n"}
    site = build_project(write_project(tmp_path, docs, {"hooks": ["hooks.py"]}))
    [link] = site.report["pages"][0]["links"]
    assert link["line"] == 3
