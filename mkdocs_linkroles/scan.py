"""Find the links in a page's rendered HTML: every `<a href>` and `<area href>`.

The scanner is a tokenizer for the few elements that matter (links, headings, images,
and the elements whose content is not markup: comments, scripts, styles), written as one
regular expression: every other tag is skipped at C speed, which makes the scan cost a
fraction of what a full HTML parser costs. It never fails: text that is not a
well-formed tag is text, as in browsers, and an unclosed link ends at the next link.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape
from typing import NamedTuple

TEXT_LIMIT = 1000
"""Anchor and heading texts are cut to this many characters (an ellipsis marks the cut)."""


class Section(NamedTuple):
    """The heading nearest above a link: where on its page the link stands.

    A NamedTuple, like the link records that hold it: a tuple of strings and numbers only
    is dropped from the garbage collector's watch, so a site's worth of records does not
    slow down the collector passes during the rest of the build.
    """

    id: str | None
    """The heading's `id`, the fragment a backlink can point to; None when it has none."""
    text: str
    level: int
    """1 for `<h1>` (usually the page title) to 6."""


class Anchor(NamedTuple):
    """One `<a href>` or `<area href>` as written in the page.

    A NamedTuple rather than a frozen dataclass: one is made per link, and a frozen
    dataclass takes three times as long to create (measured in benchmarks/).
    """

    href: str
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


# Attribute syntax as browsers read it: a value is quoted, or runs to whitespace or `>`.
_ATTRIBUTES = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]*))?""")
_TOKEN = re.compile(
    r"<!--.*?(?:-->|\Z)"  # a comment (an unclosed one runs to the end)
    r"|<(script|style|template|textarea|title)(?=[\s/>]).*?(?:</\1\s*>|\Z)"  # not markup
    # The common cases in one step each, as Python-Markdown writes them:
    # `<a href="...">plain text</a>` with its spaces already collapsed (groups 2, 3), and
    # `<h2 id="...">text</h2>` with or without its permalink (groups 4 to 6; the
    # permalink's href, title and text: 7 to 9).
    r'|<a\s+href="([^"]*)"\s*>((?:[^<\s]+(?: [^<\s]+)*)?)</a>'
    r'|<h([1-6])\s+id="([^"]*)"\s*>([^<]*)'
    r'(?:<a\s+class="headerlink"\s+href="([^"]*)"(?:\s+title="([^"]*)")?\s*>([^<]*)</a>)?'
    r"</h\4\s*>"
    # Any other link, heading or image tag (groups 10 to 12).
    # Quoted values may hold `>`; each character has one reading, so no backtracking blowup.
    r"""|<(/?)(a|area|h[1-6]|img)(?=[\s/>])((?:[^>"']|"[^"]*"|'[^']*')*)>""",
    re.DOTALL | re.IGNORECASE,
)
_HREF_ONLY = re.compile(r'\s+href="([^"]*)"\s*', re.IGNORECASE)  # the common case, fast
_MARKUP = re.compile(
    r"<!--.*?(?:-->|\Z)|<(script|style|template|textarea|title)(?=[\s/>]).*?(?:</\1\s*>|\Z)"
    r"""|</?[a-zA-Z](?:[^>"']|"[^"]*"|'[^']*')*>""",
    re.DOTALL | re.IGNORECASE,
)


_new = tuple.__new__
_LEVELS = {str(n): n for n in range(1, 7)}


def iter_links(html: str) -> Iterator[Anchor]:
    """Yield the links of one rendered page in document order."""
    # Links wait in `pending` while their text or their heading's text is incomplete:
    # inside an open <a> or an open heading. Most links are plain `<a href="">text</a>`
    # outside headings, and go out at once.
    pending: list[tuple[_OpenAnchor | tuple[str, str], _Heading | Section | None]] = []
    anchor: _OpenAnchor | None = None
    heading: _Heading | None = None  # the open one
    last: _Heading | Section | None = None  # the nearest above; a Section once complete
    section: Section | None = None  # its section, once it is closed
    for match in _TOKEN.finditer(html):
        kind = match.lastindex  # which branch matched: its last group (None for comments)
        if kind == 3:  # `<a href="...">text</a>`
            href, text = match.group(2, 3)
            if anchor is not None:
                anchor.end = match.start()
                anchor = None
            if heading is None and not pending:  # the hot path: keep it short
                if "&" in text or len(text) > TEXT_LIMIT:
                    text = _collapse(unescape(text))
                # tuple.__new__ is what Anchor() calls, minus a Python frame per link.
                yield _new(
                    Anchor,
                    (unescape(href) if "&" in href else href, text, "", (), "", section, ""),
                )
            else:
                pending.append(((href, text), last))
            continue
        if kind is not None and 4 <= kind <= 9:  # `<h2 id="">text</h2>`, maybe a permalink
            level, heading_id, heading_text, permalink = match.group(4, 5, 6, 7)
            if heading is not None:
                heading.end = match.start()
                heading = None
            heading_id = unescape(heading_id) if "&" in heading_id else heading_id
            last = section = _new(
                Section, (heading_id or None, _plain(heading_text), _LEVELS[level])
            )
            if anchor is not None:  # a heading inside a link: the link is in this section,
                pending[-1] = (pending[-1][0], section)
                if permalink is None:
                    continue
                # and the permalink's `<a>` closes it, as in browsers.
                anchor.end = html.rfind("<", match.start(), match.start(7))
                anchor = None
            if pending:
                yield from _finish(html, pending)
                pending.clear()
            if permalink is not None:
                title, text = match.group(8, 9)
                title = _collapse(unescape(title)) if title else ""
                href = unescape(permalink) if "&" in permalink else permalink
                yield _new(Anchor, (href, _plain(text), title, (), "", section, ""))
            continue
        tag = match.group(11)
        if tag is None:
            continue  # a comment or a script: nothing inside counts
        tag = tag.lower()
        closing = match.group(10)
        if tag == "a" or tag == "area":
            if anchor is not None:  # `</a>`, or an `<a>` inside an open one, closes it
                anchor.end = match.start()
                anchor = None
            if not closing:
                attributes = parse_attributes(match.group(12))
                if heading is not None and "headerlink" in attributes.get("class", ""):
                    heading.skip.append((match.start(), html.find("</a>", match.end())))
                if "href" in attributes:
                    item = _OpenAnchor(attributes)
                    item.start = item.end = match.end()
                    pending.append((item, last))
                    if tag == "a":
                        anchor = item
        elif tag == "img":
            if anchor is not None and not closing:
                alt = parse_attributes(match.group(12)).get("alt", "")
                if alt:
                    anchor.alts.append(alt)
        elif closing:
            if heading is not None:
                heading.end = match.start()
                section = heading.section(html)
                heading = None
        else:
            heading = last = _Heading(
                parse_attributes(match.group(12)).get("id") or None, int(tag[1])
            )
            heading.start = match.end()
            section = None  # not known before the heading closes
            if anchor is not None:  # a heading inside a link: the link is in this section
                pending[-1] = (pending[-1][0], heading)
        if pending and anchor is None and heading is None:
            yield from _finish(html, pending)
            pending.clear()
    if anchor is not None:
        anchor.end = len(html)
    if heading is not None:
        heading.end = len(html)
    yield from _finish(html, pending)


def _finish(
    html: str, pending: list[tuple[_OpenAnchor | tuple[str, str], _Heading | Section | None]]
) -> Iterator[Anchor]:
    for item, near in pending:
        section = near.section(html) if isinstance(near, _Heading) else near
        if isinstance(item, tuple):
            href, text = item
            yield Anchor(
                unescape(href) if "&" in href else href,
                _collapse(unescape(text) if "&" in text else text),
                "",
                (),
                "",
                section,
                "",
            )
            continue
        attributes = item.attributes
        label = (
            _text(html, item.start, item.end)
            or _collapse(attributes.get("aria-label", ""))
            or _collapse(attributes.get("title", ""))
            or _collapse(attributes.get("alt", ""))
            or next((_collapse(alt) for alt in item.alts if alt.strip()), "")
        )
        rel = attributes.get("rel")
        yield Anchor(
            href=attributes["href"],
            text=label,
            title=_collapse(attributes["title"]) if "title" in attributes else "",
            rel=tuple(sorted(set(rel.lower().split()))) if rel else (),
            target=attributes.get("target", "").strip(),
            section=section,
            marker=" ".join(attributes.get("data-linkroles", "").split()),
        )


class _Heading:
    """A heading while it is open (the generic path); see `section` for the result."""

    __slots__ = ("_section", "end", "id", "level", "skip", "start")

    def __init__(self, heading_id: str | None, level: int) -> None:
        self.id = heading_id
        self.level = level
        self.start = self.end = 0
        self.skip: list[tuple[int, int]] = []  # the ¶ permalink is not part of the text
        self._section: Section | None = None

    def section(self, html: str) -> Section:
        """The finished section, made once and shared by all the links below it."""
        if self._section is None:
            self._section = self._make(html)
        return self._section

    def _make(self, html: str) -> Section:
        pieces, position = [], self.start
        for start, end in self.skip:
            pieces.append(html[position:start])
            position = end if end >= 0 else self.end
        pieces.append(html[position : min(self.end, position + 8 * TEXT_LIMIT)])
        return Section(self.id, _plain("".join(pieces)), self.level)


class _OpenAnchor:
    __slots__ = ("alts", "attributes", "end", "start")

    def __init__(self, attributes: dict[str, str]) -> None:
        self.attributes = attributes
        self.start = self.end = 0
        self.alts: list[str] = []


def parse_attributes(source: str) -> dict[str, str]:
    """Attributes by lowercase name, entities decoded; a repeated one keeps its first value."""
    simple = _HREF_ONLY.fullmatch(source)
    if simple is not None:
        value = simple.group(1)
        return {"href": unescape(value) if "&" in value else value}
    result: dict[str, str] = {}
    for name, raw in _ATTRIBUTES.findall(source):
        name = name.lower()
        if name not in result:
            value = raw[1:-1] if raw[:1] in ("'", '"') else raw
            result[name] = unescape(value) if "&" in value else value
    return result


def _text(html: str, start: int, end: int) -> str:
    # Cut the raw slice first, so an unclosed link on a huge page costs little.
    return _plain(html[start : min(end, start + 8 * TEXT_LIMIT)])


def _plain(fragment: str) -> str:
    """Visible text of an HTML fragment, whitespace collapsed, cut to TEXT_LIMIT."""
    if "<" in fragment:
        fragment = _MARKUP.sub("", fragment)  # like textContent: `<b>w</b>ord` is "word"
    if "&" in fragment:
        fragment = unescape(fragment)
    return _collapse(fragment)


def _collapse(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= TEXT_LIMIT else text[: TEXT_LIMIT - 1] + "…"
