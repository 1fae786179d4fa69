"""Markdown links that did not render: `[text](https://...)` left as text in the built page.

Python-Markdown leaves Markdown inside raw HTML blocks alone (a `<details>` without
`markdown="1"`), so readers see brackets instead of a link. Only the built HTML shows it.
Text inside `pre`, `code`, `kbd`, `samp`, `script`, `style`, `textarea` and comments is
code or not shown, and is left out; so is everything inside a tag (attribute values).
Only web and mail URLs count: `[a](b)` is too often something else.

Linear in the page: one pass over its tags, and at each `](` a bounded look around.
"""

from __future__ import annotations

import re
from html import unescape
from typing import NamedTuple


class Unrendered(NamedTuple):
    """One link left as Markdown text."""

    text: str
    url: str
    written: str
    """The Markdown as the page shows it (`[text](url)`), to find its line in the source."""


_CODE = frozenset({"pre", "code", "kbd", "samp", "script", "style", "textarea", "tt"})
"""Elements whose text is code, or is not shown: never looked in."""
_NAME = re.compile(r"</?([A-Za-z][A-Za-z0-9-]{0,30})")
_TEXT_MAX = 200
"""The longest link text looked for, in characters: a look back from `](` never goes further."""
_URL = re.compile(r"(?:https?://|mailto:)[^\s()<>\[\]]{1,2000}\)", re.I)
_CANDIDATE = re.compile(r"\]\((?:https?://|mailto:)", re.I)
"""Where such a link could be: `](` and the start of `_URL`, as they stand in the page.
Looked for before the pass over the tags, which pages with `](` only in code (JavaScript,
regular expressions) would otherwise take (12 ms for a cheat sheet of 150 kB)."""


def unrendered_links(html: str) -> list[Unrendered]:
    """The Markdown links left as text in `html`, in document order."""
    if _CANDIDATE.search(html) is None:
        return []  # most pages: a search at C speed, quicker than `"](" in html` even
    found: list[Unrendered] = []
    for text in _texts(html):
        start = text.find("](")
        while start >= 0:
            url_match = _URL.match(text, start + 2)
            if url_match is not None:
                opening = text.rfind("[", max(0, start - _TEXT_MAX), start)
                label = text[opening + 1 : start] if opening >= 0 else ""
                if opening >= 0 and label.strip() and not any(c in label for c in "[]\n"):
                    url = url_match.group()[:-1]
                    written = f"[{label}]({url})"
                    found.append(Unrendered(unescape(label), unescape(url), unescape(written)))
            start = text.find("](", start + 2)
    return found


def _texts(html: str) -> list[str]:
    """The page's text outside tags and outside code, as runs between tags.

    Each `<` is looked at once, each tag ends at the next `>` and each comment at the
    next `-->`: one pass, whatever the page holds.
    """
    texts: list[str] = []
    open_code: dict[str, int] = {}  # code-like elements open here, by name
    inside = 0  # how many of them
    position = 0
    while True:
        start = html.find("<", position)
        if start < 0:
            break
        if html.startswith("<!--", start):
            end = html.find("-->", start + 4)
            if not inside:
                texts.append(html[position:start])
            position = len(html) if end < 0 else end + 3
            continue
        end = html.find(">", start + 1)
        if end < 0:
            break  # no tag after this: the rest is text
        if not inside:
            texts.append(html[position:start])
        position = end + 1
        name_match = _NAME.match(html, start)
        if name_match is None:
            continue
        name = name_match.group(1).lower()
        if name not in _CODE:
            continue
        if html[start + 1] == "/":
            if open_code.get(name):
                open_code[name] -= 1
                inside -= 1
        elif html[end - 1] != "/":
            open_code[name] = open_code.get(name, 0) + 1
            inside += 1
    if not inside and position < len(html):
        texts.append(html[position:])
    return texts
