"""The templates' own filters, `breakable` and `isolate`: escaping, and where a value breaks.

Plain functions on strings, shared by the generated pages' templates, their Python
rendering of the domain pages (`compiled`) and the organisation's pages (`org.site`).
"""

from __future__ import annotations

import re

from markupsafe import Markup

# Bidi controls, and the right-to-left letters (Hebrew, Arabic and their neighbours).
_BIDI = re.compile(
    "[\u0590-\u08ff\u200e\u200f\u202a-\u202e\u2066-\u2069\ufb1d-\ufdff\ufe70-\ufeff"
    "\U00010800-\U00010fff\U0001e800-\U0001efff]"
)


def escape_text(text: str) -> str:
    """`text` escaped for HTML exactly as markupsafe's `escape` writes it (`&#39;`, `&#34;`).

    The same bytes as the templates' `|e`, at the speed of `str.replace`: the Python
    rendering of the domain pages (`compiled`) writes what Jinja would, byte for byte.
    """
    return (
        text.replace("&", "&amp;")
        .replace(">", "&gt;")
        .replace("<", "&lt;")
        .replace("'", "&#39;")
        .replace('"', "&#34;")
    )


def escaped(value: object) -> str:
    """`value` as HTML: as it is if it is HTML already (`__html__`), else escaped text."""
    html = getattr(value, "__html__", None)
    return str(html()) if html is not None else escape_text(str(value))


def isolated(html: str) -> str:
    """`html` in a `<bdi>` if it could reorder what follows it (see `isolate`)."""
    if html.isascii() or not _BIDI.search(html):  # ASCII: the common case, quick
        return html
    return f"<bdi>{html}</bdi>"


def broken(html: str) -> str:
    """`html` (escaped text) with `<wbr>` after each run of `.` and `/` (see `breakable`)."""
    if len(html) <= _UNBROKEN or ("." not in html and "/" not in html):
        return html
    if "\x00" in html:
        return _BREAK.sub(r"\g<0><wbr>", html)
    # The same, at the speed of `str.replace`: a break after each run of . and /
    html = html.replace(".", ".\x00").replace("/", "/\x00")
    html = html.replace("\x00.", ".").replace("\x00/", "/").rstrip("\x00")
    return html.replace("\x00", "<wbr>")


_BREAK = re.compile(r"[./]+(?=[^./])")
_UNBROKEN = 16  # shorter names fit the narrowest column whole: no break needed


def breakable(value: object) -> Markup:
    """The `breakable` filter: a host name or a URL that wraps only at dots and slashes.

    Escaped, with `<wbr>` after each `.` and `/` of a value over 16 characters (a shorter
    one fits the narrowest column), so that a narrow column breaks
    `packetstormsecurity.com` before `com`, never inside a label; isolated as `isolate`
    does.
    """
    return Markup(isolated(broken(escaped(value))))


def isolate(value: object) -> Markup:
    """The `isolate` filter: `value` escaped, in a `<bdi>` if it could reorder what follows.

    A text from a page that holds a bidi control (`U+202E` reverses the rest of its line)
    or right-to-left letters is isolated, so that the marks and counts after it stay where
    they are; any other text is only escaped.
    """
    return Markup(isolated(escaped(value)))
