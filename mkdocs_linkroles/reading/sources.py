"""Where each link was written: the line of the Markdown source that holds it.

Reviewers look at a pull request's changed lines, and CI annotations point at lines: a
link's line is found by looking for its href, in document order, in the page's source file
(front matter included, so the numbers are the file's). Inline and reference links,
autolinks and raw HTML all write the href as it is; a link that another plugin or a
template added is not in the file, and has no line rather than a guessed one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape


def source_lines(source: str, hrefs: Sequence[str | None]) -> list[int | None]:
    """The 1-based line of `source` where each href is written, or None.

    Only web links (`http:`, `https:`, `//`) and unsafe ones (`javascript:`, `data:`,
    `vbscript:`, which are findings) are looked up: the others are not recorded.
    Each href is looked for after the previous one found (links come in document order),
    then anywhere (a reference definition, a link written twice); `&` may be written
    `&amp;` in raw HTML.
    """
    lines: list[int | None] = []
    append = lines.append
    find, count = source.find, source.count
    cursor, cursor_line = 0, 1  # just after the last link found in the text, and its line
    for href in hrefs:
        # Inline, not a call: this runs for every link of the site, internal ones included.
        if (not href or href[0] not in "hH/" or not href.startswith(_WEB)) and not (
            href and href[0] in "jJdDvV" and href[:11].lower().startswith(_UNSAFE)
        ):
            append(None)
            continue
        index = find(href, cursor)
        if index > 0:
            line = cursor_line + count("\n", cursor, index)
            # A link in the text (`](`, `href="`, `<`): the next one comes after it. A
            # reference definition (`[py]: https://...`) is usually at the end of the file,
            # and the text goes on before it.
            if source[index - 1] in _IN_TEXT or not _DEFINITION.match(
                source, source.rfind("\n", 0, index) + 1, index
            ):
                cursor, cursor_line = index + 1, line
            append(line)
            continue
        index = find(href)
        if index < 0 and "&" in href:
            index = find(escape(href, quote=False))
        append(count("\n", 0, index) + 1 if index >= 0 else None)
    return lines


_WEB = ("http:", "https:", "//", "HTTP", "Http")
_UNSAFE = ("javascript:", "data:", "vbscript:")
_IN_TEXT = frozenset("(\"'<")
_DEFINITION = re.compile(r"[ ]{0,3}\[[^\]]+\]:[ \t]*<?\Z")
"""What stands before a URL on the line of a Markdown reference definition."""


def source_columns(source: str, wanted: Sequence[tuple[int, str]]) -> list[int | None]:
    """The 1-based column of each `(line, href)` in `source`, or None where it is not there.

    For the few links with findings (code scanning marks the spot): the source is split
    into lines once (in C), not walked line by line.
    """
    lines = source.split("\n")
    columns: list[int | None] = []
    for line, href in wanted:
        if not 1 <= line <= len(lines) or not href:
            columns.append(None)
            continue
        text = lines[line - 1]
        found = text.find(href)
        if found < 0 and "&" in href:
            found = text.find(escape(href, quote=False))
        columns.append(found + 1 if found >= 0 else None)
    return columns
