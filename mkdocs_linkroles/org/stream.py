"""A report read one page at a time: what `linkroles export` needs for reports of any size.

`load_report` holds a whole report in memory (about three times its file). Here the file
is read in pieces; each top-level field but `pages` comes whole, each page on its own, each
checked against the report's schema as it comes. Memory is the largest page, not the
report. Linear: a value cut by the end of the buffer is parsed again once the buffer has
doubled, so that no byte is parsed more than about twice.
"""

from __future__ import annotations

import json
import os
import re
import stat
from collections.abc import Iterator
from typing import Any, Literal

from mkdocs_linkroles.reports.report import _LONE_SURROGATE as _LONE_SURROGATE_BYTES
from mkdocs_linkroles.reports.report import (
    _PAGE,
    _REPORT,
    MAX_REPORT_BYTES,
    SCHEMA,
    ReportError,
    _costly,
    _problem,
    _short,
)

CHUNK = 1 << 20
"""Bytes read at a time (a page of a report is a few kB; a crafted one may be larger)."""

Part = tuple[Literal["field", "page"], Any, Any]
"""A top-level field (`("field", name, value)`) or one page (`("page", index, page)`)."""

_DECODER = json.JSONDecoder()
_LONE_SURROGATE = re.compile(_LONE_SURROGATE_BYTES.pattern.decode("ascii"))
"""The report's check for half of a character, on text."""
_SPACE = " \t\n\r"


class _Reader:
    """The report's text from `stream`, a window at a time, with a position in it."""

    def __init__(self, path: str, stream: Any) -> None:
        self.path = path
        self.stream = stream
        self.text = ""
        self.at = 0
        self.eof = False
        self.read_bytes = 0
        self.pending = b""  # the start of a UTF-8 character cut by the chunk's end

    def more(self, size: int | None = None) -> bool:
        """Read up to `size` (default `CHUNK`) more bytes; False at the end of the file."""
        if self.eof:
            return False
        raw = self.stream.read(size or CHUNK)
        self.read_bytes += len(raw)
        if self.read_bytes > MAX_REPORT_BYTES:
            raise ReportError(f"{self.path}: larger than {MAX_REPORT_BYTES >> 20} MB")
        if not raw:
            self.eof = True
            if self.pending:
                raise ReportError(f"{self.path}: cannot read it (not UTF-8 at its end)")
            return False
        raw = self.pending + raw
        cut = _incomplete_tail(raw)
        raw, self.pending = raw[: len(raw) - cut], raw[len(raw) - cut :]
        problem = _costly(raw)
        if problem is not None:
            raise ReportError(f"{self.path}: not a report ({problem})")
        try:
            decoded = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            raise ReportError(f"{self.path}: cannot read it ({error})") from None
        self.text = self.text[self.at :] + decoded
        self.at = 0
        return True

    def skip_space(self) -> str:
        """The next character that is not white space ('' at the end of the file)."""
        while True:
            text, at = self.text, self.at
            while at < len(text) and text[at] in _SPACE:
                at += 1
            self.at = at
            if at < len(text):
                return text[at]
            if not self.more():
                return ""

    def expect(self, chars: str, what: str) -> str:
        """Consume one of `chars` (after white space); ReportError naming `what` otherwise."""
        char = self.skip_space()
        if not char or char not in chars:
            found = repr(char) if char else "the end of the file"
            raise ReportError(f"{self.path}: not valid JSON (expected {what}, found {found})")
        self.at += 1
        return char

    def value(self) -> Any:
        """The next JSON value, whole; the window grows (doubling) until it holds it."""
        self.skip_space()
        want = CHUNK
        while True:
            try:
                value, end = _DECODER.raw_decode(self.text, self.at)
            except json.JSONDecodeError as error:
                if self.more(want):
                    want *= 2
                    continue
                raise ReportError(f"{self.path}: not valid JSON ({error})") from None
            except (ValueError, RecursionError) as error:
                reason = "nested too deeply" if isinstance(error, RecursionError) else str(error)
                raise ReportError(f"{self.path}: not a report ({reason})") from None
            # A number or a literal that ends with the window may go on in the next bytes.
            if end == len(self.text) and self.more(want):
                want *= 2
                continue
            # Checked on the whole value, never on a chunk: a chunk may end between the two
            # halves of an escaped pair (`\ud83d` | `\ude00`).
            if self.text.find("\\u", self.at, end) >= 0:
                lone = _LONE_SURROGATE.search(self.text, self.at, end)
                if lone is not None:
                    raise ReportError(
                        f"{self.path}: not a report ({lone.group()} is half of a character "
                        "(a lone surrogate))"
                    )
            self.at = end
            return value


def _incomplete_tail(raw: bytes) -> int:
    """How many bytes at the end of `raw` start a UTF-8 character that is not complete."""
    for back in range(1, min(4, len(raw)) + 1):
        byte = raw[-back]
        if byte < 0x80:
            return 0
        if byte >= 0xC0:  # a lead byte: how long its character is
            length = 2 if byte < 0xE0 else 3 if byte < 0xF0 else 4
            return back if length > back else 0
    return 0


def iter_report_parts(path: str | os.PathLike[str]) -> Iterator[Part]:
    """The report at `path`, field by field and page by page, each checked as it comes.

    ReportError (one line) for anything that is not a report of this schema: the same
    checks as `load_report`, made on each part. The head fields come before the pages in
    every report this plugin writes; the order of the parts is the file's.
    """
    name = os.fspath(path)
    try:
        status = os.stat(name)
        if not stat.S_ISREG(status.st_mode):
            raise ReportError(f"{name}: not a regular file")
        stream = open(name, "rb")  # noqa: SIM115 (closed below, also when abandoned)
    except FileNotFoundError:
        raise ReportError(f"{name}: no such file") from None
    except OSError as error:
        raise ReportError(f"{name}: cannot read it ({error.strerror or error})") from None
    with stream:
        yield from _parts(_Reader(name, stream))


def _parts(reader: _Reader) -> Iterator[Part]:
    path = reader.path
    if reader.skip_space() != "{":
        raise ReportError(f"{path}: not a linkroles report (not a JSON object)")
    reader.at += 1
    seen: set[str] = set()
    first = True
    while True:
        if reader.skip_space() == "}" and first:
            reader.at += 1
            break
        if not first and reader.expect(",}", "',' or '}'") == "}":
            break
        first = False
        key = reader.value()
        if not isinstance(key, str):
            raise ReportError(f"{path}: not valid JSON (a key that is not a string)")
        reader.expect(":", "':'")
        if key in seen:
            raise ReportError(f"{path}: not a valid report: the field {_short(key)} twice")
        seen.add(key)
        if key == "pages":
            yield from _pages(reader)
            continue
        value = reader.value()
        if key == "schema" and value != SCHEMA:
            raise ReportError(f"{path}: report schema {_short(value)}, this version reads {SCHEMA}")
        spec = _REPORT.get(key, _REPORT.get(f"{key}?"))
        if spec is not None:
            problem = _problem(value, spec, f"report.{key}")
            if problem is not None:
                raise ReportError(f"{path}: not a valid report: {problem}")
        yield ("field", key, value)
    if reader.skip_space():
        raise ReportError(f"{path}: not valid JSON (more after the report's end)")
    if "schema" not in seen:
        raise ReportError(f"{path}: not a linkroles report (no 'schema' field)")
    for key in ("domains", "pages"):
        if key not in seen:
            raise ReportError(f"{path}: not a valid report: report has no {key!r}")


def _pages(reader: _Reader) -> Iterator[Part]:
    reader.expect("[", "the list of pages")
    index = 0
    if reader.skip_space() == "]":
        reader.at += 1
        return
    while True:
        page = reader.value()
        problem = _problem(page, _PAGE, f"report.pages[{index}]")
        if problem is not None:
            raise ReportError(f"{reader.path}: not a valid report: {problem}")
        yield ("page", index, page)
        index += 1
        if reader.expect(",]", "',' or ']'") == "]":
            return
