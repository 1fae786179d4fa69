"""What a page's HTML says about each link: the records both readings make, and their text.

A leaf module: the fast reading (`scan`) and the exact one (`tree`) make the same records
with the same helpers, so they cannot drift apart on whitespace, case or cutting.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import NamedTuple

from mkdocs_linkroles.safe import shorten

TEXT_LIMIT = 1000
"""Anchor and heading texts are cut to this many characters (an ellipsis marks the cut)."""


class Section(NamedTuple):
    """The heading nearest above a link: where on its page the link stands.

    A NamedTuple, like the anchors that hold it: cheap to make, one per heading.
    """

    id: str | None
    """The heading's `id`, the fragment a backlink can point to; None when it has none."""
    text: str
    level: int
    """1 for `<h1>` (usually the page title) to 6."""


class Anchor(NamedTuple):
    """One `<a href>` or `<area href>` (or SVG `<a>`) as a browser reads it from the page.

    A NamedTuple rather than a frozen dataclass: one is made per link, and a frozen
    dataclass takes three times as long to create (measured in benchmarks/).
    """

    href: str
    """The attribute's value, character references decoded."""
    text: str
    """Visible text, whitespace collapsed; for icon-only links `aria-label`, `title` or an
    image's `alt` instead."""
    title: str
    rel: tuple[str, ...]
    """Lowercase `rel` tokens, sorted, without repeats."""
    target: str
    section: Section | None
    marker: str
    """The link's `data-linkroles` attribute (for example `ignore`); empty when absent."""


# HTML's whitespace is ASCII only: U+00A0 and U+000B, which `str.split()` takes for spaces,
# are text to a browser.
ASCII_WHITESPACE = "\t\n\f\r "
_RUNS = re.compile(r"[\t\n\f\r ]+")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def collapse(text: str) -> str:
    """`text` with runs of ASCII whitespace made one space, trimmed, cut to TEXT_LIMIT."""
    text = _RUNS.sub(" ", text).strip(" ")
    return shorten(text, TEXT_LIMIT)


def strip_ascii(text: str) -> str:
    """`text` without leading and trailing ASCII whitespace."""
    return text.strip(ASCII_WHITESPACE)


def ascii_lower(text: str) -> str:
    """`text` with ASCII letters lowercased, as HTML compares names and keywords."""
    return text.translate(_ASCII_LOWER)


def split_ascii(text: str) -> list[str]:
    """The tokens of a space-separated value such as `rel` or `class`."""
    return _RUNS.sub(" ", text).strip(" ").split(" ") if text else []


_REL_TOKENS: dict[str, tuple[str, ...]] = {}


def rel_tokens(rel: str) -> tuple[str, ...]:
    """A `rel` value's lowercase tokens, sorted, without repeats.

    Remembered: a site writes a handful of values (`nofollow`, `noopener noreferrer`)
    on many links.
    """
    tokens = _REL_TOKENS.get(rel)
    if tokens is None:
        tokens = tuple(sorted({token for token in split_ascii(ascii_lower(rel)) if token}))
        if len(_REL_TOKENS) < 256:  # a page cannot fill the memory with them
            _REL_TOKENS[rel] = tokens
    return tokens


def element_anchor(
    href: str,
    text: str,
    attributes: Mapping[str, str],
    section: Section | None,
    alts: Iterable[str] = (),
) -> Anchor:
    """The anchor of a link element from its href, its collapsed text and its attributes.

    A link without text is labelled by its `aria-label`, then its `title`, its own `alt`
    (`<area>`), then the first image inside with an `alt` (`alts`, in document order).
    """
    title = collapse(attributes.get("title") or "")
    rel = attributes.get("rel")
    target = attributes.get("target")
    marker = attributes.get("data-linkroles")
    return Anchor(
        href,
        text
        or collapse(attributes.get("aria-label") or "")
        or title
        or collapse(attributes.get("alt") or "")
        or next((alt for alt in map(collapse, alts) if alt), ""),
        title,
        rel_tokens(rel) if rel else (),
        strip_ascii(target) if target else "",
        section,
        collapse(marker) if marker else "",
    )
