"""Find the links in a page's rendered HTML: every `<a href>` and `<area href>`.

The scanner never fails: broken markup is read the way a browser would read it, as far
as the standard library's `HTMLParser` allows, and whatever it cannot read is text.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser

_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_RAW_TEXT = frozenset({"script", "style", "template", "textarea", "title"})


@dataclass(frozen=True, slots=True)
class Section:
    """The heading nearest above a link: where on its page the link stands."""

    id: str | None
    """The heading's `id`, the fragment a backlink can point to; None when it has none."""
    text: str
    level: int
    """1 for `<h1>` (usually the page title) to 6."""


@dataclass(frozen=True, slots=True)
class Anchor:
    """One `<a href>` or `<area href>` as written in the page."""

    href: str
    text: str
    """Visible text, whitespace collapsed; for icon-only links `aria-label`, `title` or an
    image's `alt` instead."""
    title: str
    rel: tuple[str, ...]
    """Lowercase `rel` tokens, sorted, without repeats."""
    target: str
    section: Section | None


def iter_links(html: str) -> Iterator[Anchor]:
    """Yield the links of one rendered page in document order."""
    parser = _LinkParser()
    try:
        parser.feed(html)
        parser.close()
    except (AssertionError, ValueError):  # pragma: no cover - guarded by the fuzz tests
        # Older HTMLParser versions raise on some malformed declarations; keep what was read.
        parser.finish_anchor()
    yield from parser.build()


class _LinkParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        # Texts are only complete at the closing tags, so records are built at the end.
        self.headings: list[tuple[str | None, list[str], int]] = []
        self.anchors: list[_OpenAnchor] = []
        self._anchor: _OpenAnchor | None = None
        self._heading: list[str] | None = None
        self._in_headerlink = False
        self._raw_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a" or tag == "area":
            self.finish_anchor()  # an <a> inside an open <a> closes it, as in browsers
            attributes = _first_attributes(attrs)
            if "href" in attributes:
                item = _OpenAnchor(attributes, len(self.headings) - 1)
                if tag == "area":
                    self.anchors.append(item)
                else:
                    self._anchor = item
            if self._heading is not None and "headerlink" in attributes.get("class", ""):
                self._in_headerlink = True  # the ¶ permalink is not part of the heading text
        elif tag == "img":
            if self._anchor is not None:
                alt = _first_attributes(attrs).get("alt", "")
                if alt:
                    self._anchor.alts.append(alt)
        elif tag in _HEADINGS:
            self._heading = []
            heading_id = _first_attributes(attrs).get("id") or None
            self.headings.append((heading_id, self._heading, int(tag[1])))
            if self._anchor is not None:  # a heading inside a link: the link is in this section
                self._anchor.heading = len(self.headings) - 1
        elif tag in _RAW_TEXT:
            self._raw_depth += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _RAW_TEXT:  # `<script/>` opens no raw-text element worth tracking
            self.handle_starttag(tag, attrs)
            if tag == "a":
                self.finish_anchor()

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self.finish_anchor()
            self._in_headerlink = False
        elif tag in _HEADINGS:
            self._heading = None
            self._in_headerlink = False
        elif tag in _RAW_TEXT and self._raw_depth:
            self._raw_depth -= 1

    def handle_data(self, data: str) -> None:
        if self._raw_depth:
            return
        if self._anchor is not None:
            self._anchor.text.append(data)
        if self._heading is not None and not self._in_headerlink:
            self._heading.append(data)

    def finish_anchor(self) -> None:
        if self._anchor is not None:
            self.anchors.append(self._anchor)
            self._anchor = None

    def build(self) -> Iterator[Anchor]:
        self.finish_anchor()
        sections = [
            Section(id, _collapse("".join(text)), level) for id, text, level in self.headings
        ]
        for anchor in self.anchors:
            attributes = anchor.attributes
            label = (
                _collapse("".join(anchor.text))
                or _collapse(attributes.get("aria-label", ""))
                or _collapse(attributes.get("title", ""))
                or _collapse(attributes.get("alt", ""))
                or next((_collapse(alt) for alt in anchor.alts if alt.strip()), "")
            )
            yield Anchor(
                href=attributes["href"],
                text=label,
                title=_collapse(attributes.get("title", "")),
                rel=tuple(sorted(set(attributes.get("rel", "").lower().split()))),
                target=attributes.get("target", "").strip(),
                section=sections[anchor.heading] if anchor.heading >= 0 else None,
            )


class _OpenAnchor:
    __slots__ = ("alts", "attributes", "heading", "text")

    def __init__(self, attributes: dict[str, str], heading: int) -> None:
        self.attributes = attributes
        self.heading = heading  # index into headings, -1 before the first one
        self.text: list[str] = []
        self.alts: list[str] = []


def _first_attributes(attrs: list[tuple[str, str | None]]) -> dict[str, str]:
    """Attributes by name; a repeated attribute keeps its first value, as in browsers."""
    result: dict[str, str] = {}
    for name, value in attrs:
        if name not in result:
            result[name] = value or ""
    return result


def _collapse(text: str) -> str:
    return " ".join(text.split())
