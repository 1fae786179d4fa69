"""Values from pages and reports, made safe for where they land.

A page is written by whoever sends a pull request, and a report may be crafted: what they
hold reaches build logs, terminals, spreadsheets and GitHub's Markdown. Each function here
is for one of those places; the documentation's "Untrusted content" page lists which output
uses which. (The generated HTML pages escape with `html.escape`, in `render`.)
"""

from __future__ import annotations

import re

# Printable characters that show nothing: Hangul fillers, variation selectors, the
# combining grapheme joiner. Everything that is not printable (Python's `isprintable`:
# controls, format characters such as bidi overrides and zero-width spaces, separators
# other than the space, unassigned code points) is escaped too.
_BLANK_PRINTABLE = frozenset(
    "\u034f\u115f\u1160\u3164\uffa0"
    + "".join(map(chr, range(0xFE00, 0xFE10)))
    + "".join(map(chr, range(0xE0100, 0xE01F0)))
)


def _escape(char: str) -> str:
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def visible(text: str) -> str:
    r"""`text` for a log or a terminal: one line, nothing hidden.

    Every control and invisible character is shown as an escape (`\x0a`, `\x1b`,
    `\u202e`), so that the text can neither forge lines nor hide: controls (a newline
    forges a log line, ESC starts a colour or an OSC 8 link, U+009B is a one-character
    `ESC [`), bidi overrides and isolates, zero-width and other invisible characters. A
    backslash is left as it is: the escapes are for reading, not for parsing back.
    """
    text = str(text)
    if text.isascii() and text.isprintable():
        return text  # most values: nothing to do, at C speed
    return "".join(char if shows(char) else _escape(char) for char in text)


def shows(char: str) -> bool:
    """Whether a terminal shows `char` as itself: not a control, not invisible."""
    return char.isprintable() and char not in _BLANK_PRINTABLE


# Spreadsheets read a cell that starts with one of these as a formula (the OWASP rule for
# CSV injection), also after leading spaces in some of them.
_FORMULA_START = re.compile(r"[ \t\r\n]*[=+\-@\t\r]")


def spreadsheet_cell(text: str) -> str:
    """A CSV cell that Excel, LibreOffice and Google Sheets show as text, never run.

    A cell that a spreadsheet would read as a formula gets a leading `'` (OWASP's advice);
    controls and invisible characters are escaped as for a terminal.
    """
    text = visible(text)
    return "'" + text if _FORMULA_START.match(text) else text


def markdown_code(text: str, *, in_table: bool = True) -> str:
    """`text` as an inline code span of GitHub-flavoured Markdown, delimiters included.

    Inside a code span nothing is markup: no HTML, no mention (`@org/team`), no link, no
    autolinked host name. The fence is longer than any run of backticks inside; a pipe is
    escaped where the span is in a table cell (GitHub removes the backslash there).
    """
    text = visible(text)
    if in_table:
        text = text.replace("|", "\\|")
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    padding = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return f"{fence}{padding}{text}{padding}{fence}"


def shorten(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters, an ellipsis marking the cut.

    For messages and labels, where a hostile page's 10,000-character href would drown
    everything else.
    """
    return text if len(text) <= limit else text[: limit - 1] + "…"
