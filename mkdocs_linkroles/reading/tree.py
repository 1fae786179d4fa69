"""The exact reading of a page: a spec-compliant HTML5 parser builds the tree a browser builds.

`scan.iter_links` reads the HTML that Markdown writes with a fast tokenizer, and hands any
page it cannot read exactly that way to this module (raw HTML with foreign content,
templates, tables with stray content, links split by blocks, markup inside attribute
values, ...). The parser is html5lib, pure Python, written to the HTML standard by the
authors of its test suite: it runs the standard's tokenizer and tree construction (the
adoption agency, reconstructed formatting elements, foster parenting, foreign content), so
a link that a browser splits in two is two links here too. Content is parsed as a fragment
in a `<div>`, as the theme places it, with scripting on (`<noscript>` is text), as in a
reader's browser.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from mkdocs_linkroles.reading.anchors import (
    Anchor,
    Section,
    ascii_lower,
    collapse,
    element_anchor,
    split_ascii,
)

HTML = "{http://www.w3.org/1999/xhtml}"
SVG = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
_A, _AREA, _IMG, _BASE, _TEMPLATE = (
    HTML + name for name in ("a", "area", "img", "base", "template")
)
_SVG_A = SVG + "a"
# Elements whose content a reader does not see as text (not rendered, or raw text).
_NOT_TEXT = frozenset(
    HTML + name
    for name in (
        "script",
        "style",
        "template",
        "title",
        "noscript",
        "iframe",
        "noembed",
        "noframes",
    )
)
_HEADINGS = {f"{HTML}h{level}": level for level in range(1, 7)}
SHADOW_HOST_NAMES = frozenset(
    [
        "article",
        "aside",
        "blockquote",
        "body",
        "div",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "main",
        "nav",
        "p",
        "section",
        "span",
    ]
)
"""Elements a declarative shadow root can be attached to (DOM standard), besides custom
elements (a name with a hyphen)."""
_SHADOW_HOSTS = frozenset(HTML + name for name in SHADOW_HOST_NAMES)
_CUSTOM_ELEMENT = re.compile(r"\{http://www\.w3\.org/1999/xhtml\}[a-z][^A-Z]*-[^A-Z]*")


WORK_PER_CHARACTER = 16
"""How much tree-building work a page may cost per character of its HTML.

The standard's tree construction looks through the open elements (and the active
formatting elements) for many tokens, so a page that nests deeper and deeper (`<div>` ten
thousand times, `<a href><div>` repeated) costs the square of its length. The parser is
charged the length of those lists at every token; a page whose charge passes this many
units per character is not read this way (`TooComplex`). Markdown's pages, a few levels
deep, use a few units per character."""


class TooComplex(Exception):
    """Building the page's tree would cost the square of its length (deep nesting).

    `scan.read_page` then reads it with `scan.read_page_leniently`.
    """


def parse(html: str) -> Any:
    """The tree of a page's content as a browser builds it: an ElementTree fragment root.

    TooComplex if building it would cost more than `WORK_PER_CHARACTER` per character.
    """
    parser = _bounded_parser()
    parser.budget = WORK_PER_CHARACTER * len(html) + 100_000
    return parser.parseFragment(html, container="div", scripting=True)


def _bounded_parser() -> Any:
    # Imported on the first page that needs it: most sites never do, and the import
    # costs more than scanning a hundred pages.
    global _BoundedParser
    if _BoundedParser is None:
        _BoundedParser = _define_bounded_parser()
    return _BoundedParser(tree=_treebuilder())


_BoundedParser: Any = None
_TEXT_TOKENS = (1, 2)  # html5lib's token types `Characters` and `SpaceCharacters`


def _treebuilder() -> Any:
    from html5lib import getTreeBuilder

    return getTreeBuilder("etree")


def _define_bounded_parser() -> Any:
    from html5lib._tokenizer import HTMLTokenizer
    from html5lib.html5parser import HTMLParser

    class BoundedTokenizer(HTMLTokenizer):
        budget = 0

        def __iter__(self) -> Iterator[Any]:
            tree = self.parser.tree
            open_elements, formatting = tree.openElements, tree.activeFormattingElements
            budget = self.budget
            text_run = 0  # characters of text in a row: appended to one text node
            for token in super().__iter__():
                # What the tree construction may walk for this token.
                budget -= len(open_elements) + len(formatting) + 1
                if token["type"] in _TEXT_TOKENS:
                    # The tree builder appends each piece of text to the node's text with
                    # `+=`, which copies what is there: a unit per 64 characters copied.
                    text_run += len(token["data"])
                    budget -= text_run >> 10
                else:
                    text_run = 0
                if budget < 0:
                    raise TooComplex
                yield token

    class BoundedParser(HTMLParser):
        budget = 0

        def mainLoop(self) -> None:
            # The tokenizer is made in `_parse`, just before this: given its budget here.
            tokenizer: Any = self.tokenizer
            tokenizer.__class__ = BoundedTokenizer
            tokenizer.budget = self.budget
            super().mainLoop()

    return BoundedParser


def iter_elements(root: Any, host: bool = True) -> Iterator[Any]:
    """Elements in shadow-including tree order, a host's declarative shadow root first.

    Iterative: a hostile page may nest elements ten thousand deep. The content of a
    `<template>` is not part of the page, unless the template declares a shadow root,
    which browsers show in place of its host's children.
    """
    stack: list[Iterator[Any]] = [iter(_children(root, host=host))]
    while stack:
        node = next(stack[-1], None)
        if node is None:
            stack.pop()
            continue
        if not isinstance(node.tag, str):
            continue  # a comment
        yield node
        if node.tag != _TEMPLATE:
            stack.append(iter(_children(node, host=node.tag in _SHADOW_HOSTS)))


def _children(node: Any, host: bool) -> list[Any]:
    """The children of `node`, the content of its declarative shadow root first."""
    if not host and not _CUSTOM_ELEMENT.fullmatch(node.tag):
        return list(node)
    for child in node:
        if child.tag == _TEMPLATE and ascii_lower(child.get("shadowrootmode") or "") in (
            "open",
            "closed",
        ):  # the first one only: a host has one shadow root
            return [*child, *(other for other in node if other is not child)]
    return list(node)


def href_of(node: Any) -> str | None:
    """The href of a link element (HTML `a` and `area`, SVG `a`), or None for any other."""
    tag = node.tag
    href: str | None = None
    if tag in (_A, _AREA):
        href = node.get("href")
    elif tag == _SVG_A:
        href = node.get("href")
        if href is None:
            href = node.get(XLINK_HREF)
    return href


def read_page(html: str) -> tuple[list[Anchor], str | None]:
    """The links of a page in document order, and its `<base href>` (or None)."""
    anchors: list[Anchor] = []
    base: str | None = None
    section: Section | None = None
    for node in iter_elements(parse(html)):
        level = _HEADINGS.get(node.tag)
        if level is not None:
            heading_id = node.get("id") or None
            section = Section(heading_id, _text(node, skip_permalinks=True), level)
            continue
        if base is None and node.tag == _BASE and node.get("href") is not None:
            base = node.get("href")
        href = href_of(node)
        if href is not None:
            # Lazily: the images of a link are looked for only when it has no other label.
            text = _text(node)
            alts = () if text else _alts(node)
            anchors.append(element_anchor(href, text, node.attrib, section, alts))
    return anchors, base


def _text(node: Any, skip_permalinks: bool = False) -> str:
    """What a reader sees of an element's text, whitespace collapsed, cut to TEXT_LIMIT."""
    parts: list[str] = [node.text or ""]
    # Each entry: the children still to read, and the text after their parent (its tail),
    # which comes once they are read.
    stack: list[tuple[Iterator[Any], str]] = [(iter(node), "")]
    while stack:
        children, tail = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            parts.append(tail)
            continue
        if isinstance(child.tag, str) and not (
            child.tag in _NOT_TEXT
            or (
                skip_permalinks
                and child.tag == _A
                and "headerlink" in split_ascii(child.get("class") or "")
            )
        ):
            parts.append(child.text or "")
            stack.append((iter(child), child.tail or ""))
        else:  # a comment or hidden content; the text after it is text all the same
            parts.append(child.tail or "")
    return collapse("".join(parts))


def _alts(node: Any) -> Iterator[str]:
    for element in iter_elements(node, host=False):
        if element.tag == _IMG:
            alt = element.get("alt")
            if alt:
                yield alt
