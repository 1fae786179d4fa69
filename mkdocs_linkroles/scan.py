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

    A NamedTuple, like the anchors that hold it: cheap to make, one per heading.
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


def _anycase(pattern: str) -> str:
    """`pattern` with each ASCII letter matching either case: `a` becomes `[aA]`.

    Faster than `re.IGNORECASE`, which folds the case of every character it compares: the
    tokenizer tries its branches at every `<` of the page, and most of them fail.
    """
    return "".join(
        f"[{c.lower()}{c.upper()}]" if c.isascii() and c.isalpha() else c for c in pattern
    )


_TOKEN = re.compile(
    r"<!--.*?(?:-->|\Z)"  # a comment (an unclosed one runs to the end)
    # Not markup: script, style, template, textarea, title (a backreference needs `(?i:)`).
    rf"|<({_anycase('s(?:cript|tyle)|t(?:e(?:mplate|xtarea)|itle)')})(?=[\s/>])"
    r".*?(?:</(?i:\1)\s*>|\Z)"
    # The common cases in one step each, exactly as Python-Markdown writes them (lowercase;
    # other spellings take the generic branch, which reads tag names in any case):
    # `<a href="..." rel="...">text</a>` with only attributes that need no more than
    # `parse_attributes` (groups 2 and 3), its text either plain with its spaces already
    # collapsed (4) or holding Markdown's inline markup, `<code>`, `<em>`, `<strong>` (5);
    # and `<h2 id="...">text</h2>` (groups 6 to 8) with or without its permalink (its href,
    # and its title and text as written: 9 and 10). A branch's groups are None when
    # another branch matched: that tells them apart.
    r'|<a\s+href="([^"]*)"((?:\s+(?:rel|target|title|aria-label|data-linkroles)="[^"]*")*)'
    # Inline markup is the second choice: a character at a time, and never backtracking
    # more than once over a text (each character has one reading).
    r"\s*>(?:((?:[^<\s]+(?: [^<\s]+)*)?)|((?:[^<]|</?(?:code|em|strong)>)*))</a>"
    r'|<h([1-6])\s+id="([^"]*)"\s*>([^<]*)'
    r'(?:<a\s+class="headerlink"\s+href="([^"]*)"((?:\s+title="[^"]*")?\s*>[^<]*)</a>)?'
    r"</h\6\s*>"
    # Any other link, heading or image tag (groups 11 to 13).
    # Quoted values may hold `>`; each character has one reading, so no backtracking blowup.
    rf"|<(/?)({_anycase('a(?:rea)?|h[1-6]|img')})(?=[\s/>])"
    r"""((?:[^>"']|"[^"]*"|'[^']*')*)>""",
    re.DOTALL,
)
_INLINE_MARKUP = re.compile(r"</?(?:code|em|strong)>")  # as the fast branch has it
_SIMPLE_ATTRIBUTE = re.compile(r'\s+([a-zA-Z-]+)="([^"]*)"')  # as the fast branch has them
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
    pending: list[tuple[_OpenAnchor | tuple[str, str, str], _Heading | Section | None]] = []
    anchor: _OpenAnchor | None = None
    heading: _Heading | None = None  # the open one
    last: _Heading | Section | None = None  # the nearest above; a Section once complete
    section: Section | None = None  # its section, once it is closed
    for match in _TOKEN.finditer(html):
        # All the groups in one call: cheaper than asking which branch matched and then
        # for its groups. Those of the other branches are None.
        (_, href, tail, text, marked, level, heading_id, heading_text, permalink, rest,
         closing, tag, source) = match.groups()  # fmt: skip
        if href is not None:  # `<a href="...">text</a>`, maybe with simple attributes
            if text is None:  # with inline markup: `_text` of the generic path, quicker
                text = _INLINE_MARKUP.sub("", marked[: 8 * TEXT_LIMIT])
                text = _collapse(unescape(text) if "&" in text else text)
            elif "&" in text or len(text) > TEXT_LIMIT:  # otherwise already collapsed
                text = _collapse(unescape(text))
            if "&" in href:
                href = unescape(href)
            if pending or heading is not None:  # an open anchor is pending too
                if anchor is not None:
                    anchor.end = match.start()
                    anchor = None
                pending.append(((href, tail, text), last))
            elif tail:
                yield _quick_anchor(href, tail, text, section)
            else:  # the hot path: keep it short
                # tuple.__new__ is what Anchor() calls, minus a Python frame per link.
                yield _new(Anchor, (href, text, "", (), "", section, ""))
            continue
        if heading_text is not None:  # `<h2 id="">text</h2>`, maybe with its permalink
            if heading is not None:
                heading.end = match.start()
                heading = None
            if "&" in heading_id:
                heading_id = unescape(heading_id)
            if "&" in heading_text or len(heading_text) > TEXT_LIMIT:
                heading_text = _plain(heading_text)
            else:  # `_plain` of text without markup or entities, in line
                heading_text = " ".join(heading_text.split())
            last = section = _new(Section, (heading_id or None, heading_text, _LEVELS[level]))
            if pending:  # an open anchor is pending too
                if anchor is not None:  # a heading inside a link: the link is in its section,
                    pending[-1] = (pending[-1][0], section)
                    if permalink is None:
                        continue
                    # and the permalink's `<a>` closes it, as in browsers.
                    anchor.end = html.rfind("<", match.start(), match.start(9))
                    anchor = None
                yield from _finish(html, pending)
                pending.clear()
            if permalink is not None:
                if "&" in permalink:
                    permalink = unescape(permalink)
                text, title = _PERMALINK_TEXTS.get(rest) or _permalink_texts(rest)
                yield _new(Anchor, (permalink, text, title, (), "", section, ""))
            continue
        if tag is None:
            continue  # a comment or a script: nothing inside counts
        tag = tag.lower()
        if tag == "a" or tag == "area":
            if anchor is not None:  # `</a>`, or an `<a>` inside an open one, closes it
                anchor.end = match.start()
                anchor = None
            if not closing:
                attributes = parse_attributes(source)
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
                alt = parse_attributes(source).get("alt", "")
                if alt:
                    anchor.alts.append(alt)
        elif closing:
            if heading is not None:
                heading.end = match.start()
                section = heading.section(html)
                heading = None
        else:
            heading = last = _Heading(parse_attributes(source).get("id") or None, int(tag[1]))
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
    if pending:
        yield from _finish(html, pending)


def _finish(
    html: str, pending: list[tuple[_OpenAnchor | tuple[str, str, str], _Heading | Section | None]]
) -> Iterator[Anchor]:
    for item, near in pending:
        section = near.section(html) if isinstance(near, _Heading) else near
        if isinstance(item, tuple):
            yield _quick_anchor(*item, section)
            continue
        attributes = item.attributes
        title = attributes.get("title")
        title = _collapse(title) if title else ""
        label = _text(html, item.start, item.end) or (
            _collapse(attributes.get("aria-label", ""))
            or title
            or _collapse(attributes.get("alt", ""))
            or next((_collapse(alt) for alt in item.alts if alt.strip()), "")
        )
        rel = attributes.get("rel")
        target = attributes.get("target")
        marker = attributes.get("data-linkroles")
        fields = (  # Anchor's fields, in order
            attributes["href"],
            label,
            title,
            _REL_TOKENS.get(rel) or _rel_tokens(rel) if rel else (),
            target.strip() if target else "",
            section,
            " ".join(marker.split()) if marker else "",
        )
        yield _new(Anchor, fields)


def _quick_anchor(href: str, tail: str, text: str, section: Section | None) -> Anchor:
    """A link the tokenizer read in one step, from its href and text (both ready to use).

    `tail` is the source of its other attributes as written, maybe empty.
    """
    if not tail:
        return _new(Anchor, (href, text, "", (), "", section, ""))
    title, rel, target, marker, label = _TAILS.get(tail) or _read_tail(tail)
    return _new(Anchor, (href, text or label or title, title, rel, target, section, marker))


_TAILS: dict[str, tuple[str, tuple[str, ...], str, str, str]] = {}


def _read_tail(tail: str) -> tuple[str, tuple[str, ...], str, str, str]:
    """Title, rel tokens, target, marker and aria-label from a one-step link's `tail`.

    `tail` is the source of its attributes after the href (`' rel="nofollow"'`).
    Remembered: a site repeats a few of them (`rel="sponsored"`) on many links.
    """
    # Reversed, so that a repeated attribute keeps its first value, as in browsers.
    attributes = dict(reversed(_SIMPLE_ATTRIBUTE.findall(tail)))
    if "&" in tail:
        attributes = {name: unescape(value) for name, value in attributes.items()}
    title = attributes.get("title")
    rel = attributes.get("rel")
    target = attributes.get("target")
    marker = attributes.get("data-linkroles")
    fields = (
        _collapse(title) if title else "",
        _REL_TOKENS.get(rel) or _rel_tokens(rel) if rel else (),
        target.strip() if target else "",
        " ".join(marker.split()) if marker else "",
        _collapse(attributes.get("aria-label", "")),
    )
    if len(_TAILS) >= 256:  # titles differ from link to link: keep the memory bounded
        _TAILS.clear()
    _TAILS[tail] = fields
    return fields


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


_PERMALINK_TEXTS: dict[str, tuple[str, str]] = {}
_PERMALINK_REST = re.compile(r'(?:\s+title="([^"]*)")?\s*>(.*)', re.DOTALL | re.IGNORECASE)


def _permalink_texts(raw: str) -> tuple[str, str]:
    """A permalink's text and title, from what follows its href: ` title="...">&para;`.

    Remembered: a site has one or two of them, the same on every heading.
    """
    texts = _PERMALINK_TEXTS.get(raw)
    if texts is None:
        title, text = _PERMALINK_REST.fullmatch(raw).groups()  # type: ignore[union-attr]
        title = _collapse(unescape(title)) if title else ""
        texts = (_plain(text) or title, title)  # an empty link is labelled by its title
        if len(_PERMALINK_TEXTS) < 64:  # a page cannot fill the memory with them
            _PERMALINK_TEXTS[raw] = texts
    return texts


_REL_TOKENS: dict[str, tuple[str, ...]] = {}


def _rel_tokens(rel: str) -> tuple[str, ...]:
    """A `rel` value's lowercase tokens, sorted, without repeats.

    Remembered: a site writes a handful of values (`nofollow`, `noopener noreferrer`)
    on many links.
    """
    tokens = tuple(sorted(set(rel.lower().split())))
    if len(_REL_TOKENS) < 256:  # a page cannot fill the memory with them
        _REL_TOKENS[rel] = tokens
    return tokens


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
