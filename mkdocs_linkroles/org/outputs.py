"""`linkroles org` answers as text, JSON, CSV or Markdown, written as the rows come.

Each value is made safe where it lands, as in the other commands: `visible` for the
terminal, `spreadsheet_cell` for CSV, code spans for Markdown, `json_for_logs` for JSON.
A query may return millions of rows: they are written one at a time, never joined first.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TextIO

from mkdocs_linkroles.safe import json_for_logs, markdown_code, spreadsheet_cell, visible

Row = Sequence[Any]
Writer = Callable[[TextIO, Sequence[str], Iterable[Row]], int]
"""(stream, column names, rows) -> how many rows were written."""


def _cell(value: Any) -> str:
    return "" if value is None else str(value)


def write_text(out: TextIO, columns: Sequence[str], rows: Iterable[Row]) -> int:
    """One line per row, its values separated by two spaces; the header first."""
    out.write(visible("  ".join(columns)) + "\n")
    count = 0
    for row in rows:
        out.write("  ".join(visible(_cell(value)) for value in row) + "\n")
        count += 1
    return count


def write_csv(out: TextIO, columns: Sequence[str], rows: Iterable[Row]) -> int:
    """CSV with a header; no cell is read as a formula (`spreadsheet_cell`)."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    count = 0
    for row in rows:
        writer.writerow(
            [value if isinstance(value, int) else spreadsheet_cell(_cell(value)) for value in row]
        )
        count += 1
    return count


def write_markdown(out: TextIO, columns: Sequence[str], rows: Iterable[Row]) -> int:
    """A GitHub-flavoured Markdown table: text in code spans, numbers as they are."""
    out.write("| " + " | ".join(columns) + " |\n")
    out.write("| " + " | ".join("---:" if c in _NUMERIC else "---" for c in columns) + " |\n")
    count = 0
    for row in rows:
        cells = [
            str(value)
            if isinstance(value, int)
            else (markdown_code(value) if value else "")
            if isinstance(value, str)
            else ""
            for value in row
        ]
        out.write("| " + " | ".join(cells) + " |\n")
        count += 1
    return count


_NUMERIC = frozenset({"line", "sites", "pages", "links"})


def write_json(out: TextIO, columns: Sequence[str], rows: Iterable[Row]) -> int:
    """A JSON list of objects, one per row, one row per line (readable as it streams)."""
    out.write("[")
    count = 0
    for row in rows:
        item = json.dumps(dict(zip(columns, row, strict=True)), ensure_ascii=False)
        out.write(("," if count else "") + "\n  " + json_for_logs(item))
        count += 1
    out.write("\n]\n" if count else "]\n")
    return count


ORG_FORMATS: dict[str, Writer] = {
    "text": write_text,
    "json": write_json,
    "csv": write_csv,
    "markdown": write_markdown,
}
"""`linkroles org --format`: each format's writer. The command's choices are the keys."""
