"""Find the links in a page's rendered HTML, as a browser reads them.

Two readings give the same result, and a page gets the fast one only where it is exact:

- The fast reading is a tokenizer for the few elements that matter (links, headings,
  images, and the elements whose content is not markup), written as one regular
  expression: every other tag is skipped at C speed. It follows the HTML standard's
  tokenizer for the markup that Markdown and its extensions write.
- A page that holds anything else (foreign content, templates, tables with stray content,
  a link that a block element splits, markup inside an attribute value, a `<base>`, ...)
  is read by `tree`, which builds the tree a browser builds. The tokenizer finds such
  markup as it goes (its last branch), at the cost of one more pass over each tag it
  skips, and hands the page over; so does the fast reading when a link or a heading
  holds more than phrasing markup.

The differential tests in `tests/reading/test_differential.py` hold both readings to html5lib's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from mkdocs_linkroles.reading import tree
from mkdocs_linkroles.reading.anchors import (
    TEXT_LIMIT,
    Anchor,
    Section,
    ascii_lower,
    collapse,
    element_anchor,
    rel_tokens,
    split_ascii,
    strip_ascii,
)
from mkdocs_linkroles.reading.references import decode_references

__all__ = [
    "TEXT_LIMIT",
    "Anchor",
    "PageReading",
    "Section",
    "iter_links",
    "link_tags",
    "page_base",
    "read_page",
    "read_page_leniently",
]


def _anycase(pattern: str) -> str:
    """`pattern` with each ASCII letter matching either case: `a` becomes `[aA]`.

    Faster than `re.IGNORECASE`, which folds the case of every character it compares: the
    tokenizer tries its branches at every `<` of the page, and most of them fail.
    """
    return "".join(
        f"[{c.lower()}{c.upper()}]" if c.isascii() and c.isalpha() else c for c in pattern
    )


def _names(names: str, lowercase: bool = False) -> str:
    """`names` (`a|area|...`) as a pattern, factored as a trie: in any case or lowercase only.

    The tokenizer tries its branches at every `<` of the page: `s(?:cript|tyle)` rules out
    a tag that does not start with `s` in one step, where `script|style` takes two.
    """
    groups: dict[str, list[str]] = {}
    for name in names.split("|"):
        groups.setdefault(name[:1], []).append(name[1:])
    parts = []
    for first, rests in groups.items():
        longer = [rest for rest in rests if rest]
        if not longer:
            parts.append(first if lowercase else _anycase(first))
            continue
        inner = _names("|".join(longer), lowercase)
        if len(longer) > 1 or "" in rests:
            inner = f"(?:{inner}){'?' if '' in rests else ''}"
        parts.append((first if lowercase else _anycase(first)) + inner)
    return "|".join(parts)


# Elements whose content is text to the tokenizer (RCDATA and RAWTEXT, `<noscript>` as with
# scripting on): what looks like a tag inside is not one.
_RAW_TEXT = "script|style|textarea|title|xmp|iframe|noembed|noframes|noscript"
# Phrasing elements: inside a link or a heading they change nothing of how the tree is
# built (no block closes the link, no end tag ends it early).
_PHRASING = (
    "abbr|b|bdi|bdo|br|cite|code|data|del|dfn|em|i|img|ins|kbd|mark|q|s|samp|small|span|"
    "strong|sub|sup|time|u|var|wbr"
)
# Every element the fast reading accepts: what Markdown and its usual extensions write.
_FAST_ELEMENTS = (
    f"{_PHRASING}|{_RAW_TEXT}|a|area|article|aside|audio|blockquote|dd|details|div|dl|dt|"
    "figcaption|figure|footer|h[1-6]|header|hr|input|label|li|main|nav|ol|p|picture|pre|"
    "section|source|summary|table|tbody|td|tfoot|th|thead|tr|track|ul|video"
)
# What an SVG icon holds; none of it a link, a place where HTML starts again inside SVG
# (`foreignObject`), or an element that ends the SVG (`<p>`, `<b>`, ...). In any case: the
# standard's tokenizer lowercases names.
_SVG_SHAPES = (
    "path|g|circle|rect|ellipse|line|polyline|polygon|defs|use|symbol|clippath|mask|"
    "lineargradient|radialgradient|stop|title|desc"
)
_WS = "\t\n\f "  # the tokenizer's whitespace (a carriage return sends a page to `tree`)
_TABLE_STRUCTURE = "table|thead|tbody|tfoot|tr|td|th"

_FAST_NAMES_PATTERN = "|".join(
    name
    for group in _FAST_ELEMENTS.split("|")
    for name in ([f"h{n}" for n in range(1, 7)] if group == "h[1-6]" else [group])
)


def _exact_only(html: str) -> bool:
    """Whether the input stream's own rules change `html` (a carriage return, a NUL).

    The tokenizer finds the rest of what only the exact reading reads as it goes (`_TOKEN`'s
    last branch, and `_iter_links_fast`).
    """
    return "\r" in html or "\x00" in html


# The attributes of a plain tag: the part of the standard's attribute syntax that Markdown
# writes, where a tag ends at its first `>` and holds no `<`. A name holds none of `"'<=`
# and a backtick, an unquoted value none of them either, a quoted value neither `<` nor `>`,
# and `=` only follows a name. On such a tag the standard's tokenizer and a reading that
# ends the tag at its first `>` agree on every character (where quoting starts and ends
# above all); a tag outside this part is read by `tree`. Each run is as long as it can be
# (the lookaheads), so the pattern has one reading of any text, and a tag that does not
# fit fails in one pass rather than one per way of cutting it into runs.
_NAME_CHAR = rf"[^{_WS}/>\"'<=`]"
_PLAIN_ATTRIBUTES = (
    rf"(?:[{_WS}/]+(?![{_WS}/])|{_NAME_CHAR}+(?!{_NAME_CHAR})"
    rf"(?:[{_WS}]*=[{_WS}]*(?:\"[^\"<>]*\"|'[^'<>]*'|{_NAME_CHAR}+(?=[{_WS}>])))?)*"
)
_PLAIN_TAG = rf"/?[a-zA-Z]{_NAME_CHAR}*(?!{_NAME_CHAR}){_PLAIN_ATTRIBUTES}>"


def _attribute(name: str, value: str) -> str:
    """An attribute as the tokenizer reads it, `name` and `value` wrapping its two parts.

    One reading of any text: a name or an unquoted value runs as far as it can, a value
    is there or the tag ends (`a= >`). Used on tags that `_PLAIN_ATTRIBUTES` accepted, to
    take their attributes apart.
    """
    return (
        rf"[{_WS}/]*{name}[^{_WS}/><][^{_WS}/>=<]*(?![^{_WS}/>=<]))"
        rf"(?:[{_WS}]*=[{_WS}]*(?:{value}\"[^\"<]*\"|'[^'<]*'"
        rf"|[^{_WS}>\"'<][^{_WS}>\"'<]*(?![^{_WS}>]))|(?=>|\Z)))?"
    )


_ATTRIBUTES = re.compile(_attribute("(", "("))
"""Each attribute of a tag's source: its name and its value as written (quotes included)."""

_TOKEN = re.compile(
    # Every branch starts with `<`, written once: the search then skips text at C speed
    # (a pattern that starts with a set of characters is searched for 10 times slower).
    "<(?:"
    r"!--(?:-?>|.*?(?:--!?>|\Z))"  # a comment; `<!-->` is one, an unclosed one runs to the end
    # Not markup (group 1), to its end tag (group 2), or to the end of the page.
    rf"|({_names(_RAW_TEXT, lowercase=True)})(?=[{_WS}/>]){_PLAIN_ATTRIBUTES}>"
    rf".*?(?:(</(?i:\1)(?=[{_WS}/>])[^>]*)|\Z)"
    # The common cases in one step each, exactly as Python-Markdown writes them (lowercase;
    # other spellings of links, headings and images take the generic branch, which reads
    # their names in any case):
    # `<a href="..." rel="...">text</a>` with only attributes that need no more than
    # `parse_attributes` (groups 3 and 4), its text either plain with its spaces already
    # collapsed (5) or holding Markdown's inline markup, `<code>`, `<em>`, `<strong>` (6);
    # and `<h2 id="...">text</h2>` (groups 7 to 9) with or without its permalink (its href,
    # and its title and text as written: 10 and 11). A branch's groups are None when
    # another branch matched: that tells them apart.
    rf'|a[{_WS}]+href="([^"]*)"((?:[{_WS}]+(?:rel|target|title|aria-label|data-linkroles)="[^"]*")*)'
    # Inline markup is the second choice: a character at a time, and never backtracking
    # more than once over a text (each character has one reading).
    rf"[{_WS}]*>(?:((?:[^<{_WS}]+(?: [^<{_WS}]+)*)?)|((?:[^<]|</?(?:code|em|strong)>)*))</a>"
    rf'|h([1-6])[{_WS}]+id="([^"]*)"[{_WS}]*>([^<]*)'
    rf'(?:<a[{_WS}]+class="headerlink"[{_WS}]+href="([^"]*)"((?:[{_WS}]+title="[^"]*")?[{_WS}]*>[^<]*)</a>)?'
    rf"</h\7[{_WS}]*>"
    # Any other link, heading or image tag (groups 12 to 14).
    rf"|(/?)({_anycase('a(?:rea)?|h[1-6]|img')})(?=[{_WS}/>])({_PLAIN_ATTRIBUTES})>"
    # An SVG image of plain shapes, as icons are (Material's `:material-github:`): foreign
    # content, but without a link, CDATA, or an element that leaves it, it reads as text and
    # tags like the rest, and nothing inside is a token. Not self-closing (`<svg/>` holds
    # nothing).
    rf"|svg(?=[{_WS}/>]){_PLAIN_ATTRIBUTES}(?<!/)>[^<]*"
    rf"(?:(?:</?(?:{_names(_SVG_SHAPES)})(?=[{_WS}/>]){_PLAIN_ATTRIBUTES}>"
    r"|<!--(?:-?>|.*?--!?>))[^<]*)*"  # Font Awesome's icons hold a comment
    rf"</svg(?=[{_WS}/>]){_PLAIN_ATTRIBUTES}>"
    # Markup that only the exact reading reads (group 15): text or a non-table element
    # where a table holds only rows and cells, which a browser moves out of the table
    # ("foster parenting"); the start tag of an element outside `_FAST_ELEMENTS` (or one
    # in uppercase); any other tag that is not plain (first the quick test: a tag without
    # `=`, quotes or `<` ends at its first `>`); a bogus comment (`<!x>`, `<?x>`, `</ x>`)
    # with a `<` inside, where a token could start.
    rf"|(?:(?:{_anycase('t(?:able|head|body|foot|r)')}(?:[{_WS}/][^>]*)?>"
    rf"|/{_anycase('t(?:d|h|r|head|body|foot)')}[{_WS}/]*>)[{_WS}]*"
    rf"(?![{_WS}]|</?(?:{_names(_TABLE_STRUCTURE)})[{_WS}/>]|\Z)"
    rf"|(?=[a-zA-Z])(?!(?:{_names(_FAST_NAMES_PATTERN, lowercase=True)})[{_WS}/>])"
    rf"|(?=/?[a-zA-Z])(?![^\"'<>=]*>)(?!{_PLAIN_TAG})|(?:[!?]|/(?![a-zA-Z]))[^<>]*<)()"
    ")",
    re.DOTALL,
)
_INLINE_MARKUP = re.compile(r"</?(?:code|em|strong)>")  # as the fast branch has it
_SIMPLE_ATTRIBUTE = re.compile(rf'[{_WS}]+([a-zA-Z-]+)="([^"]*)"')  # as the fast branch has them
_HREF_ONLY = re.compile(rf'[{_WS}]+[hH][rR][eE][fF]="([^"]*)"[{_WS}]*')  # the common case, fast
# Comments and tags inside a link's or a heading's text: what `_plain` removes, and what
# `_phrasing_only` checks. Tags end at their first `>` (the tokenizer let only plain tags
# through), and so do bogus comments (`<!x>`, `<?x>`, `</ x>`, and `</>`, which is nothing).
_MARKUP = re.compile(
    r"<!--(?:-?>|.*?(?:--!?>|\Z))|<(/?)([a-zA-Z][^\t\n\f />]*)[^>]*>"
    r"|<(?:[!?]|/(?![a-zA-Z]|\Z))[^>]*(?:>|\Z)",
    re.DOTALL,
)
# Inside a link or a heading: phrasing elements, and an SVG icon (what `_TOKEN` let through).
_PHRASING_NAMES = frozenset([*_PHRASING.split("|"), "svg", *_SVG_SHAPES.split("|")])
_VOID = frozenset({"br", "img", "wbr", "area", "input", "hr", "source", "track"})
_BASE = re.compile(rf"<{_anycase('base')}[{_WS}/>]")


class _Inexact(Exception):
    """The fast reading met markup it does not read exactly as a browser: use `tree`."""


_new = tuple.__new__
_LEVELS = {str(n): n for n in range(1, 7)}


APPROXIMATE_READING = (
    "%s: the page's HTML nests its elements so deep that reading it as a browser does would "
    "take the square of its length; its links were read tag by tag instead (their texts and "
    "sections may differ). Simplify the page's raw HTML."
)
"""The warning for a page read by `read_page_leniently` (`%s`: the page's source path)."""


class PageReading(NamedTuple):
    """What `read_page` found on a page."""

    anchors: list[Anchor]
    """Its links, in document order."""
    base: str | None
    """The href of its first `<base>`, which relative links resolve against, or None."""
    approximate: bool = False
    """True when the page nests its elements so deep that building its tree would cost
    the square of its length (`tree.TooComplex`): its links were then read by
    `read_page_leniently`, in linear time, as a reader of tags rather than a browser."""


def read_page(html: str) -> PageReading:
    """A rendered page's links in document order, and its first `<base>` href, or None.

    Both as a browser reads them, in one reading: a `<base>` (which relative links resolve
    against) is outside what the fast reading reads.
    """
    if not _exact_only(html):
        try:
            return PageReading(_iter_links_fast(html), None)
        except _Inexact:
            pass
    try:
        return PageReading(*tree.read_page(html))
    except tree.TooComplex:
        return PageReading(read_page_leniently(html), None, approximate=True)


# The lenient reading: comments and raw text skipped, then `<a>` and `<area>` tags; every
# branch either matches from its `<` or fails at the name, so the page is read once.
_LENIENT = re.compile(
    r"<!--.*?(?:-->|\Z)"
    rf"|<({_names(_RAW_TEXT)})(?=[{_WS}/>])[^>]*(?:>|\Z).*?(?:</(?i:\1)[^>]*(?:>|\Z)|\Z)"
    rf"|<(/?)({_anycase('a(?:rea)?')})(?=[{_WS}/>])([^>]*)(?:>|\Z)",
    re.DOTALL,
)
_TAG = re.compile(r"<[^>]*>?")


def read_page_leniently(html: str) -> list[Anchor]:
    """The links of a page, read in linear time whatever its markup.

    Every `<a href>` and `<area href>` start tag outside comments and raw text, each with
    the text up to the next link tag (its tags removed, cut to `TEXT_LIMIT`). No sections.

    For the pages the exact reading would take the square of their length to read.
    """
    links: list[Anchor] = []
    open_link: tuple[str, dict[str, str], int] | None = None

    def close(at: int) -> None:
        if open_link is not None:
            href, attributes, start = open_link
            text = _TAG.sub(" ", html[start : min(at, start + 8 * TEXT_LIMIT)])
            text = collapse(decode_references(text) if "&" in text else text)
            links.append(element_anchor(href, text, attributes, None))

    for match in _LENIENT.finditer(html):
        name = match.group(3)
        if name is None:
            continue
        close(match.start())
        open_link = None
        if not match.group(2):
            attributes = parse_attributes(match.group(4))
            href = attributes.get("href")
            if href is not None:
                if ascii_lower(name) == "area":
                    links.append(element_anchor(href, "", attributes, None))
                else:
                    open_link = (href, attributes, match.end())
    close(len(html))
    return links


def iter_links(html: str) -> Iterator[Anchor]:
    """Yield the links of one rendered page in document order, as a browser reads them."""
    return iter(read_page(html).anchors)


def page_base(html: str) -> str | None:
    """The href of the page's first `<base>`, which relative links resolve against, or None."""
    if _BASE.search(html) is None:
        return None
    return read_page(html).base


def link_tags(html: str) -> list[tuple[int, dict[str, str]]] | None:
    """Each link's start tag: where its element's name ends in `html`, and its attributes.

    Only real start tags, as a browser reads them (never text inside an attribute value, a
    comment or a script that looks like one). None for a page that the fast reading does
    not read exactly: the exact reading does not know where in the source its elements
    start, so such a page is left as it is.
    """
    if not _exact_only(html):
        try:
            return _link_tags_fast(html)
        except _Inexact:
            pass
    return None


def _link_tags_fast(html: str) -> list[tuple[int, dict[str, str]]]:
    _iter_links_fast(html)  # the same checks, so the same decision on exactness
    tags = []
    for match in _TOKEN.finditer(html):
        if match.group(3) is not None:  # one step: `<a href="">` then its simple attributes
            source = html[match.start() + 2 : match.start(4) + len(match.group(4))]
            tags.append((match.start() + 2, parse_attributes(source)))
        elif match.group(13) is not None and not match.group(12):
            name = ascii_lower(match.group(13))
            attributes = parse_attributes(match.group(14))
            if (name == "a" or name == "area") and "href" in attributes:
                tags.append((match.end(13), attributes))
        elif match.group(10) is not None:  # a heading's permalink
            start = html.rfind("<a", match.start(), match.start(10))
            attributes = parse_attributes(html[start + 2 : html.find(">", match.start(10))])
            tags.append((start + 2, attributes))
    return tags


def _iter_links_fast(html: str) -> list[Anchor]:
    # A list, not a generator: a page that turns out inexact halfway must not have given
    # out half of its links already; and appending costs less than resuming a generator.
    links: list[Anchor] = []
    append = links.append
    # Links wait in `pending` while their text or their heading's text is incomplete:
    # inside an open <a> or an open heading. Most links are plain `<a href="">text</a>`
    # outside headings, and go out at once.
    pending: list[tuple[_OpenAnchor | tuple[str, str, str], _Heading | Section | None]] = []
    anchor: _OpenAnchor | None = None  # the open <a>, with or without an href
    heading: _Heading | None = None  # the open one
    last: _Heading | Section | None = None  # the nearest above; a Section once complete
    section: Section | None = None  # its section, once it is closed
    for match in _TOKEN.finditer(html):
        # All the groups in one call: cheaper than asking which branch matched and then
        # for its groups. Those of the other branches are None.
        (raw, raw_end, href, tail, text, marked, level, heading_id, heading_text, permalink,
         rest, closing, tag, source, unread) = match.groups()  # fmt: skip
        if href is not None:  # `<a href="...">text</a>`, maybe with simple attributes
            if anchor is not None:  # an <a> inside an open one
                raise _Inexact
            if text is None:  # with inline markup: `_plain`, quicker
                if not _balanced(marked):
                    raise _Inexact
                text = _INLINE_MARKUP.sub("", marked)
                text = collapse(decode_references(text) if "&" in text else text)
            elif "&" in text or len(text) > TEXT_LIMIT:  # otherwise already collapsed
                text = collapse(decode_references(text))
            if "&" in href:
                href = decode_references(href, attribute=True)
            if pending or heading is not None:
                pending.append(((href, tail, text), last))
            elif tail:
                append(_quick_anchor(href, tail, text, section))
            else:  # the hot path: keep it short
                # tuple.__new__ is what Anchor() calls, minus a Python frame per link.
                append(_new(Anchor, (href, text, "", (), "", section, "")))
            continue
        if heading_text is not None:  # `<h2 id="">text</h2>`, maybe with its permalink
            if heading is not None or anchor is not None:  # a heading inside one of them
                raise _Inexact
            if "&" in heading_id:
                heading_id = decode_references(heading_id, attribute=True)
            if "&" in heading_text or len(heading_text) > TEXT_LIMIT:
                heading_text = collapse(decode_references(heading_text))
            else:
                heading_text = collapse(heading_text)
            last = section = _new(Section, (heading_id or None, heading_text, _LEVELS[level]))
            if pending:
                links.extend(_finish(html, pending))
                pending.clear()
            if permalink is not None:
                if "&" in permalink:
                    permalink = decode_references(permalink, attribute=True)
                text, title = _PERMALINK_TEXTS.get(rest) or _permalink_texts(rest)
                append(_new(Anchor, (permalink, text, title, (), "", section, "")))
            continue
        if tag is None:
            if unread is not None:
                raise _Inexact
            if raw is not None and (
                # A script's `<!--` opens its escaped states, which read `</script>` their
                # own way; and an end tag with quoted attribute values ends where its
                # quotes say.
                (ascii_lower(raw) == "script" and "<!--" in match.group())
                or (raw_end is not None and ('"' in raw_end or "'" in raw_end))
            ):
                raise _Inexact
            continue  # a comment or raw text: nothing inside counts
        tag = ascii_lower(tag)
        if tag == "a":
            if closing:
                if anchor is not None:
                    anchor.end = match.start()
                    if not _phrasing_only(html, anchor.start, anchor.end):
                        raise _Inexact
                    anchor = None
            else:
                if anchor is not None:  # an <a> inside an open one: the adoption agency
                    raise _Inexact
                attributes = parse_attributes(source)
                anchor = _OpenAnchor(attributes)
                anchor.start = anchor.end = match.end()
                if heading is not None and "headerlink" in split_ascii(attributes.get("class", "")):
                    heading.skip.append(anchor)
                if "href" in attributes:
                    pending.append((anchor, last))
        elif tag == "area":  # a void element: a link with no text of its own
            if not closing:
                attributes = parse_attributes(source)
                if "href" in attributes:
                    item = _OpenAnchor(attributes)
                    item.start = item.end = match.end()
                    pending.append((item, last))
        elif tag == "img":
            if anchor is not None and not closing:
                alt = parse_attributes(source).get("alt", "")
                if alt:
                    anchor.alts.append(alt)
        elif closing:
            if heading is not None and anchor is None:
                heading.end = match.start()
                if not _phrasing_only(html, heading.start, heading.end, links=True):
                    raise _Inexact
                section = heading.section(html)
                heading = None
            elif anchor is not None:  # a heading's end tag inside a link
                raise _Inexact
        else:
            if heading is not None or anchor is not None:  # a heading inside one of them
                raise _Inexact
            heading_id = parse_attributes(source).get("id") or None
            heading = last = _Heading(heading_id, int(tag[1]))
            heading.start = match.end()
            section = None  # not known before the heading closes
        if pending and anchor is None and heading is None:
            links.extend(_finish(html, pending))
            pending.clear()
    if anchor is not None:  # a link left open: the rest of the page would be inside it
        raise _Inexact
    if heading is not None:
        heading.end = len(html)
        if not _phrasing_only(html, heading.start, heading.end, links=True):
            raise _Inexact
    if pending:
        links.extend(_finish(html, pending))
    return links


def _balanced(marked: str) -> bool:
    """Whether each end tag in a one-step link's text closes an element opened in it.

    An end tag of an element opened before the link (`<em>x<a>y</em>z</a>`) would close
    the link in a browser, which then opens a second one for the rest.
    """
    open_tags: list[str] = []
    for match in _INLINE_MARKUP.finditer(marked):
        tag = match.group()
        if tag[1] != "/":
            open_tags.append(tag[1:-1])
        elif tag[2:-1] in open_tags:
            open_tags.remove(tag[2:-1])
        else:
            return False
    return True


def _phrasing_only(html: str, start: int, end: int, links: bool = False) -> bool:
    """Whether `html[start:end]` holds only phrasing markup, each end tag closing its own.

    Anything else changes how a browser builds the tree around a link or a heading: a
    block closes the link and reopens it after (two links), an end tag of an element
    opened before the link closes it early.
    """
    open_tags: list[str] = []
    for match in _MARKUP.finditer(html, start, end):
        name = match.group(2)
        if name is None:
            continue  # a comment
        name = ascii_lower(name)
        if not (name in _PHRASING_NAMES or (links and name == "a")):
            return False
        if not match.group(1):
            if name not in _VOID:
                open_tags.append(name)
        elif name in open_tags:
            open_tags.remove(name)
        elif name not in _VOID:
            return False
    return True


def _finish(
    html: str, pending: list[tuple[_OpenAnchor | tuple[str, str, str], _Heading | Section | None]]
) -> Iterator[Anchor]:
    for item, near in pending:
        section = near.section(html) if isinstance(near, _Heading) else near
        if isinstance(item, tuple):
            yield _quick_anchor(*item, section)
            continue
        text = _plain(html[item.start : item.end])
        yield element_anchor(item.attributes["href"], text, item.attributes, section, item.alts)


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
        attributes = {
            name: decode_references(value, attribute=True) for name, value in attributes.items()
        }
    title = attributes.get("title")
    rel = attributes.get("rel")
    target = attributes.get("target")
    marker = attributes.get("data-linkroles")
    fields = (
        collapse(title) if title else "",
        rel_tokens(rel) if rel else (),
        strip_ascii(target) if target else "",
        collapse(marker) if marker else "",
        collapse(attributes.get("aria-label", "")),
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
        self.skip: list[_OpenAnchor] = []  # the ¶ permalink is not part of the text
        self._section: Section | None = None

    def section(self, html: str) -> Section:
        """The finished section, made once and shared by all the links below it."""
        if self._section is None:
            self._section = self._make(html)
        return self._section

    def _make(self, html: str) -> Section:
        pieces, position = [], self.start
        for permalink in self.skip:
            pieces.append(html[position : permalink.start])
            position = permalink.end if permalink.end > permalink.start else self.end
        pieces.append(html[position : self.end])
        return Section(self.id, _plain("".join(pieces)), self.level)


class _OpenAnchor:
    __slots__ = ("alts", "attributes", "end", "start")

    def __init__(self, attributes: dict[str, str]) -> None:
        self.attributes = attributes
        self.start = self.end = 0
        self.alts: list[str] = []


def parse_attributes(source: str) -> dict[str, str]:
    """Attributes by lowercase name, references decoded; a repeated one keeps its first value.

    `source` is what follows the tag's name, up to its `>`.
    """
    simple = _HREF_ONLY.fullmatch(source)
    if simple is not None:
        value = simple.group(1)
        return {"href": decode_references(value, attribute=True) if "&" in value else value}
    result: dict[str, str] = {}
    for name, raw in _ATTRIBUTES.findall(source):
        name = ascii_lower(name)
        if name not in result:
            value = raw[1:-1] if raw[:1] in ("'", '"') else raw
            result[name] = decode_references(value, attribute=True) if "&" in value else value
    return result


_PERMALINK_TEXTS: dict[str, tuple[str, str]] = {}
_PERMALINK_REST = re.compile(rf'(?:[{_WS}]+title="([^"]*)")?[{_WS}]*>(.*)', re.DOTALL)


def _permalink_texts(raw: str) -> tuple[str, str]:
    """A permalink's text and title, from what follows its href: ` title="...">&para;`.

    Remembered: a site has one or two of them, the same on every heading.
    """
    texts = _PERMALINK_TEXTS.get(raw)
    if texts is None:
        title, text = _PERMALINK_REST.fullmatch(raw).groups()  # type: ignore[union-attr]
        title = collapse(decode_references(title, attribute=True)) if title else ""
        texts = (_plain(text) or title, title)  # an empty link is labelled by its title
        if len(_PERMALINK_TEXTS) < 64:  # a page cannot fill the memory with them
            _PERMALINK_TEXTS[raw] = texts
    return texts


def _plain(fragment: str) -> str:
    """Visible text of phrasing markup, whitespace collapsed, cut to TEXT_LIMIT."""
    if "<" in fragment:
        fragment = _MARKUP.sub("", fragment)  # like textContent: `<b>w</b>ord` is "word"
    if "&" in fragment:
        fragment = decode_references(fragment)
    return collapse(fragment)
