"""Values from pages and reports, made safe for where they land.

A page is written by whoever sends a pull request, and a report may be crafted: what they
hold reaches build logs, terminals, spreadsheets and GitHub's Markdown. Each function here
is for one of those places; the documentation's "Untrusted content" page lists which output
uses which. (The generated HTML pages escape with `html.escape`, in `render`.)
"""

from __future__ import annotations

import json
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
    r"""`text` for a log, a CI log or a terminal: one line, nothing hidden, no command.

    Every control and invisible character is shown as an escape (`\x0a`, `\x1b`,
    `\u202e`), so that the text can neither forge lines nor hide: controls (a newline
    forges a log line, ESC starts a colour or an OSC 8 link, U+009B is a one-character
    `ESC [`), bidi overrides and isolates, zero-width and other invisible characters. A
    backslash is left as it is: the escapes are for reading, not for parsing back. And
    GitHub's runner reads no workflow command in it (`no_workflow_command`).
    """
    text = str(text)
    if not (text.isascii() and text.isprintable()):
        text = "".join(char if shows(char) else _escape(char) for char in text)
    return no_workflow_command(text)


def no_workflow_command(text: str) -> str:
    r"""`text` in which GitHub's Actions runner finds no workflow command.

    The runner reads a line as a command in two forms: `::name ...::data` at its start
    after any white space, and the legacy `##[name ...]data` anywhere in it (`##[error]`,
    and `##[stop-commands]token`, which turns off every later command of the step, ours
    included). Here `##[` is written `##[` and a leading `::` is written `::`, as
    `visible` writes the characters it escapes; nothing else changes. Texts that reach a
    log go through `visible`, which calls this; the characters the runner would skip
    (white space other than the space, zero-width ones) are escaped there first.
    """
    if "##[" in text:
        text = text.replace("##[", "##\\x5b")
    if "::" in text:
        stripped = text.lstrip(" ")
        if stripped.startswith("::"):
            text = text[: len(text) - len(stripped)] + "\\x3a" + stripped[1:]
    return text


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


def json_for_logs(text: str) -> str:
    r"""JSON text that a terminal and GitHub's runner show as it is, and that reads the same.

    What a terminal would act on or hide is written as a `\uXXXX` escape, and so is the `[`
    of `##[` (`##\u005b`), the runner's legacy command form; a JSON line never starts with
    `::`. JSON readers decode the escapes back to the same values.
    """
    if not (text.isascii() and "\x7f" not in text):  # the json module escapes the controls
        text = "".join(char if char == "\n" or shows(char) else _json_escape(char) for char in text)
    return text.replace("##[", "##\\u005b") if "##[" in text else text


def _json_escape(char: str) -> str:
    return json.dumps(char)[1:-1]  # `\\u202e`; astral characters as a surrogate pair
