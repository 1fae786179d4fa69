"""Every output safe where it lands: logs, terminals, spreadsheets, Markdown, files.

Each test below fails without the protection it names (see the documentation, "Untrusted
content"). Content comes from a stranger's pull request, or from a crafted report.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import os
import re
import stat
import sys
from pathlib import Path
from typing import Any

import pytest
from helpers import build_project, plugin_config, write_project
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort
from runner_commands import command_in, only_our_annotations

from mkdocs_linkroles.cli import main
from mkdocs_linkroles.reports.report import SCHEMA, _source_path, report_problem
from mkdocs_linkroles.safe import markdown_code, spreadsheet_cell, visible

# What must never reach a log line or a terminal as it is.
HIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")
NASTY = (
    "x\nINFO    -  linkroles: 0 external links\x1b[31m"
    "\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\"
    "\r\x9b2J\u202egnp.exe\u200b"
)


def plugin_messages(site: Any) -> list[str]:
    return [r.getMessage() for r in site.messages if r.name == "mkdocs.plugins.linkroles"]


def test_visible_escapes_every_control_and_invisible_character() -> None:
    for code in [*range(0x20), *range(0x7F, 0xA0), 0x061C, 0x200B, 0x200E, 0x202E, 0x2066,
                 0x2028, 0xFEFF, 0x3164, 0xFE0F, 0xE0041]:  # fmt: skip
        shown = visible(f"a{chr(code)}b")
        assert shown.startswith("a\\") and shown.endswith("b") and shown.isprintable()
    assert visible("plain ASCII, ümlauts and 日本語") == "plain ASCII, ümlauts and 日本語"


def test_build_messages_are_one_line_and_show_what_a_page_hides(tmp_path: Path) -> None:
    # A heading id with `&#10;` once forged whole log lines; ESC, OSC 8, CR, C1 and bidi
    # characters from ids, texts, file names, hrefs and markers reached the log as they were.
    docs = {
        "index.md": (
            '# Home\n\n<h2 id="x&#10;INFO - linkroles: 0 external links&#27;[31m">Head</h2>\n\n'
            '<a href="http://plain.example.org/&#27;]8;;x">insecure</a>\n'
            '<a href="https://x.example.org/" data-linkroles="ignore&#27;[2J&#x202E;">m</a>\n'
            '<a href="https://[::1&#13;&#x9b;">bad</a>\n'
        ),
        "evil\u202e\u200bname.md": "# Evil\n\n<a href='http://x.example.net/\u009b'>x</a>\n",
    }
    site = build_project(write_project(tmp_path, docs), allow_warnings=True)
    messages = plugin_messages(site)
    assert any("x\\x0aINFO - linkroles" in m for m in messages), messages
    assert any("evil\\u202e\\u200bname.md" in m for m in messages), messages
    for message in messages:
        assert "\n" not in message and not HIDDEN.search(message), repr(message)


def report_with(value: str) -> dict[str, Any]:
    """A valid report whose every text field holds `value`."""
    section = {"id": value, "text": value, "level": 2}
    link = {
        "url": f"https://x.example/{value}",
        "host": "x.example",
        "domain": "x.example",
        "text": value,
        "title": value,
        "rel": [value],
        "target": value,
        "section": section,
        "redacted": [],
    }
    return {
        "schema": SCHEMA,
        "generator": value,
        "site_url": value,
        "totals": {"pages": 1, "external_links": 1, "domains": 1},
        "rules": {"insecure": "info"},
        "baseline": {
            "added_domains": [value],
            "removed_domains": [],
            "added_links": 1,
            "removed_links": 0,
        },
        "domains": [
            {
                "domain": value,
                "domain_unicode": value,
                "kind": "name",
                "links": 1,
                "referring_pages": 1,
                "hosts": [{"host": value, "host_unicode": value, "links": 1}],
                "page_url": None,
            }
        ],
        "findings": [
            {
                "rule": "insecure",
                "level": "info",
                "page": page_path(value),
                "section": section,
                "href": value,
                "domain": value,
                "message": value,
            }
        ],
        "pages": [{"src_uri": page_path(value), "url": value, "links": [link]}],
    }


def page_path(value: str) -> str:
    """`value` as a page's source path: the report's schema takes only relative paths
    inside the sources (a report that says otherwise is refused, `test_report.py`)."""
    return "docs/" + value.lstrip("/\\").replace("..", "_") if _source_path(value, "") else value


def cli(capsys: Any, *args: Any) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def outputs(tmp_path: Path, capsys: Any, value: str) -> dict[str, str]:
    """Every output of the command line on a report holding `value` everywhere."""
    path = tmp_path / "report.json"
    path.write_text(json.dumps(report_with(value)), encoding="utf-8")
    empty = tmp_path / "empty.json"
    empty.write_text(json.dumps({"schema": SCHEMA, "domains": [], "pages": []}))
    found = {}
    for name, args in {
        "text": ("summary", path),
        "markdown": ("summary", path, "--format", "markdown"),
        "csv": ("summary", path, "--format", "csv"),
        "urls": ("urls", path),
        "diff": ("diff", empty, path),
        "diff markdown": ("diff", empty, path, "--format", "markdown"),
        "json": ("summary", path, "--format", "json"),
        "diff json": ("diff", empty, path, "--format", "json"),
        "sarif": ("summary", path, "--format", "sarif"),
        "diff github": ("diff", empty, path, "--format", "github"),
    }.items():
        code, out, err = cli(capsys, *args)
        assert (code, err) == (0, ""), (name, err)
        found[name] = out
    return found


def outside_code_spans(markdown: str) -> str:
    return re.sub(r"(`+)(?:(?!\1).)*?\1", "", markdown)


def check_outputs(found: dict[str, str], value: str) -> None:
    for name, text in found.items():  # no line is a workflow command but our annotations
        assert only_our_annotations(text) == [], (name, text)
    for name in ("text", "urls", "diff", "csv", "json", "diff json"):
        assert not HIDDEN.search(found[name].replace("\n", "")), (name, found[name])
    rows = list(csv.reader(io.StringIO(found["csv"])))
    assert len(rows) == 2 and len(found["csv"].splitlines()) == 2  # one row, one line
    for cell in rows[1]:
        assert not re.match(r"[ \t\r\n]*[=+\-@\t\r]", cell), cell
    # JSON keeps every value exactly, escaped where a terminal would act on it.
    assert json.loads(found["json"])["top_domains"][0]["domain"] == value
    assert json.loads(found["diff json"])["added_domains"] == [value]
    for name in ("markdown", "diff markdown"):
        prose = outside_code_spans(found[name])
        assert "@" not in prose and "<img" not in prose and "http" not in prose, prose
        assert not HIDDEN.search(found[name].replace("\n", ""))


@pytest.mark.parametrize(
    "value",
    [
        NASTY,
        '=HYPERLINK("https://evil.example/","click")',
        "+1-2",
        "-2+3",
        "@SUM(A1)",
        "\t=1",
        " =1",
        "@org/team please look",
        "<img src=https://evil.example/pixel.gif>",
        "www.evil.example and https://evil.example/",
        "a | b `c` ``d``",
        "\x7f",  # DEL: ASCII, and no JSON encoder escapes it
        # GitHub's workflow commands: the legacy form anywhere, the modern one leading.
        "## Setup ##[error file=README.md;line=1;title=Security]Approved",
        "##[stop-commands]x",
        "::error file=README.md,line=1::Approved.md",
        "   ::warning::x",
        "\u3000::error::x",
        "\u200b::error::x",
    ],
)
def test_cli_outputs_are_safe_for_terminals_spreadsheets_and_github(
    tmp_path: Path, capsys: Any, value: str
) -> None:
    check_outputs(outputs(tmp_path, capsys, value), value)


@settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "100")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    st.text(
        st.one_of(
            st.characters(codec="utf-8", exclude_categories=["Cs"]),
            st.sampled_from(["=", "@", "`", "|", "<", "\x1b", "\n", "\u202e", "\x9b", "-"]),
        ),
        min_size=1,
        max_size=30,
    )
)
def test_cli_outputs_are_safe_for_any_value(tmp_path_factory: Any, capsys: Any, value: str) -> None:
    check_outputs(outputs(tmp_path_factory.mktemp("fuzz"), capsys, value), value)


def test_spreadsheet_cells_and_markdown_code_spans() -> None:
    assert spreadsheet_cell("=1+1") == "'=1+1"
    assert spreadsheet_cell("plain") == "plain"
    assert markdown_code("a`b") == "``a`b``"
    assert markdown_code("x|y") == "`x\\|y`"
    assert markdown_code("x|y", in_table=False) == "`x|y`"


def _with_page(page: str) -> dict[str, Any]:
    report = report_with("v")
    report["findings"][0]["page"] = page
    return report


_LINK = report_with("v")["pages"][0]["links"][0]

BAD_REPORTS: dict[str, Any] = {
    "deeply nested": "[" * 100_000 + "]" * 100_000,
    "an integer of 5,000 digits": '{"schema": 1, "x": ' + "9" * 5000 + "}",
    "not an object": "[]",
    "no schema": "{}",
    "another schema": '{"schema": 99}',
    "wrong types": json.dumps({"schema": SCHEMA, "domains": [], "pages": "x"}),
    "a missing key": json.dumps({"schema": SCHEMA, "domains": []}),
    "an unknown rule": json.dumps(
        {**report_with("v"), "findings": [{**report_with("v")["findings"][0], "rule": "<b>"}]}
    ),
    "a count that is text": json.dumps({**report_with("v"), "totals": {"pages": "<img src=x>"}}),
    "not UTF-8": b"\xff\xfe{}",
    "not JSON": "{",
    # Issue 29: pages outside the sources, lines that are no lines, half characters,
    # a merged report without totals, a report that would cost 27 times its size.
    "a page above the sources": json.dumps(_with_page("../../etc/passwd")),
    "an absolute page": json.dumps(_with_page("/etc/passwd")),
    "a negative line": json.dumps(
        {**report_with("v"), "findings": [{**report_with("v")["findings"][0], "line": -3}]}
    ),
    "a line of zero": json.dumps(
        {
            **report_with("v"),
            "pages": [{**report_with("v")["pages"][0], "links": [{**_LINK, "line": 0}]}],
        }
    ),
    "a lone surrogate": '{"schema": 1, "domains": [], "pages": [], "site_url": "\\ud800"}',
    "many empty lists": '{"schema": 1, "x": ['
    + "[]," * 400_000
    + '[]], "domains": [], "pages": []}',
}


@pytest.mark.parametrize("name", BAD_REPORTS)
def test_a_damaged_or_crafted_report_is_one_line_and_exit_code_2(
    tmp_path: Path, capsys: Any, name: str
) -> None:
    path = tmp_path / "report.json"
    content = BAD_REPORTS[name]
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    for args in (("summary", path), ("urls", path), ("diff", path, path)):
        code, out, err = cli(capsys, *args)
        assert code == 2 and out == "", (name, err)
        assert err.startswith("linkroles: ") and err.count("\n") == 1, err
        assert "Traceback" not in err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifos_devices_and_folders_are_not_read(tmp_path: Path, capsys: Any) -> None:
    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)  # reading it would wait forever
    for path, words in ((fifo, "not a regular file"), ("/dev/zero", "not a regular file"),
                        (tmp_path, "not a regular file")):  # fmt: skip
        code, _, err = cli(capsys, "summary", path)
        assert code == 2 and words in err, err


def test_valid_reports_pass_the_schema_check(tmp_path: Path) -> None:
    site = build_project(write_project(tmp_path, {"index.md": "[a](https://a.example.org/)"}))
    assert report_problem(site.report) is None
    assert report_problem(report_with("x")) is None


def error_message(config: Path) -> str:
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    handler = Keep()
    logging.getLogger("mkdocs").addHandler(handler)
    try:
        with pytest.raises(Abort):
            build(load_config(str(config)))
    finally:
        logging.getLogger("mkdocs").removeHandler(handler)
    return "\n".join(r.getMessage() for r in records if r.levelno >= logging.ERROR)


def test_a_crafted_baseline_stops_the_build_with_one_line(tmp_path: Path) -> None:
    config = write_project(
        tmp_path,
        {"index.md": "# Home\n"},
        {"plugins": plugin_config(baseline="base.json")},
    )
    (tmp_path / "base.json").write_text('{"schema": 1, "pages": 5, "domains": []}')
    message = error_message(config)
    assert re.fullmatch(
        r"linkroles: baseline \S*base.json: not a valid report: report.pages "
        r"is not a list",
        message,
    ), message


def test_secrets_in_link_texts_titles_and_headings_are_hidden(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    token = "ghp_" + "A1b2" * 9
    docs = {
        "index.md": (
            '# Home\n\n<h2 id="deploy">Deploy with https://bob:hunter2@ci.example.org/</h2>\n\n'
            "<https://bob:hunter2@example.com/?token=s3cr3t>\n\n"
            f'[{token}](https://x.example.org/ "key {token}")\n'
        )
    }
    site = build_project(write_project(tmp_path, docs), allow_warnings=True)
    written = [site.file("linkroles.json")]
    written += [p.read_text("utf-8") for p in (site.site_dir / "backlinks").rglob("*.html")]
    _, out, _ = cli(capsys, "summary", site.site_dir / "linkroles.json", "--format", "csv")
    written.append(out)
    for text in written:
        assert "hunter2" not in text and "s3cr3t" not in text and token not in text
    texts = {link["text"] for page in site.report["pages"] for link in page["links"]}
    assert "https://***@example.com/?token=REDACTED" in texts
    assert "REDACTED" in texts


@pytest.mark.parametrize("directory_urls", [True, False])
def test_a_domain_named_like_the_plugins_own_files_gets_its_own_page(
    tmp_path: Path, directory_urls: bool
) -> None:
    # `[x](https://linkroles.css/)` once made the domain's page `backlinks/linkroles.css/`,
    # where the stylesheet `backlinks/linkroles.css` is a file, and failed every build.
    config = write_project(
        tmp_path,
        {"index.md": "[x](https://linkroles.css/) [y](https://linkroles.js/)\n"},
        {
            "plugins": plugin_config(mark_links=True, mark_links_stylesheet=True),
            "use_directory_urls": directory_urls,
        },
    )
    site = build_project(config)
    assert {d["domain"] for d in site.report["domains"]} == {"linkroles.css", "linkroles.js"}
    assert "linkroles-external" in (site.site_dir / "backlinks" / "linkroles.css").read_text()
    page = "~linkroles.css/index.html" if directory_urls else "~linkroles.css.html"
    assert "linkroles.css" in (site.site_dir / "backlinks" / page).read_text()


@pytest.mark.parametrize(
    ("docs", "options", "words"),
    [
        (
            {"index.md": "[x](https://www.python.org/)\n", "backlinks/python.org": "static"},
            {},
            "and 'backlinks/python.org' (at 'backlinks/python.org') cannot both be in the site",
        ),
        (
            {"index.md": "# Home\n"},
            {"report": "backlinks"},
            "'backlinks/index.md' (written to 'backlinks/index.html') and 'the report "
            "backlinks' (at 'backlinks') cannot both be in the site",
        ),
        (
            {"index.md": "# Home\n"},
            {"report": "index.html"},
            "the report 'index.html' would take the place of 'index.md' (at 'index.html')",
        ),
        (
            {"index.md": "# Home\n", "guide/x.md": "# X\n"},
            {"report": "guide", "pages": False},
            "the report 'guide' would take the place of 'guide/x.md' (at 'guide/')",
        ),
    ],
)
def test_every_clash_between_files_is_a_clear_error(
    tmp_path: Path, docs: dict[str, str], options: dict[str, Any], words: str
) -> None:
    config = write_project(tmp_path, docs, {"plugins": plugin_config(**options)})
    message = error_message(config)
    assert words in message, message
    assert "Traceback" not in message


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")
@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_the_report_respects_the_umask(tmp_path: Path, umask: int, mode: int) -> None:
    config = write_project(tmp_path, {"index.md": "[a](https://a.example.org/)"})
    old = os.umask(umask)
    try:
        site = build_project(config)
    finally:
        os.umask(old)
    assert stat.S_IMODE((site.site_dir / "linkroles.json").stat().st_mode) == mode


FORGED = "##[error file=README.md;line=1;title=Security]Approved"


def test_no_page_can_forge_a_workflow_command_in_any_output(
    tmp_path: Path, monkeypatch: Any, capsys: Any
) -> None:
    # A heading, a link text, an href, a marker and a file name that hold both forms of
    # GitHub's workflow commands; every line of the build's log, its annotations, the
    # scan's messages and every command-line format is read by a port of the runner's
    # parser (tests/runner_commands.py).
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    docs = {
        "index.md": (
            f"# Home\n\n## Setup {FORGED}\n\n"
            f"[{FORGED}](http://plain.example.org/##[stop-commands]x)\n"
            '<a href="http://[::1/##[error]x">bad</a>\n'
            f'<a href="https://x.example.org/" data-linkroles="ignore ##[stop-commands]y">m</a>\n'
        ),
        "::error file=README.md,line=1::Approved.md": "[x](http://10.0.0.1/)\n",
    }
    site = build_project(write_project(tmp_path, docs), allow_warnings=True)
    build_out = capsys.readouterr().out
    lines = [record.getMessage() for record in site.messages] + build_out.splitlines()
    assert any("title=linkroles::" in line for line in build_out.splitlines())  # ours stay
    assert only_our_annotations("\n".join(lines)) == [], lines
    report = site.site_dir / "linkroles.json"
    for args in (
        ("summary", report),
        ("summary", report, "--format", "markdown"),
        ("summary", report, "--format", "csv"),
        ("summary", report, "--format", "json"),
        ("summary", report, "--format", "sarif"),
        ("urls", report),
        ("diff", report, report, "--format", "github"),
        ("scan", site.site_dir, "--config", site.project / "mkdocs.yml", "--report", ""),
    ):
        code, out, err = cli(capsys, *args)
        assert code in (0, 1), (args, err)
        assert only_our_annotations(out + err) == [], (args, out, err)


def test_the_runner_port_reads_both_forms() -> None:
    # The port itself: without `no_workflow_command` these lines are commands.
    assert command_in(f"## Setup {FORGED}") == ("error", "Approved")
    assert command_in("  ::error file=a,line=1::x") == ("error", "x")
    assert command_in("\u3000::warning::x") == ("warning", "x")
    assert command_in("a ::error::x") is None
    assert command_in(visible(f"## Setup {FORGED}")) is None
    assert command_in(visible("  ::error::x")) is None


def test_merging_reports_without_totals_or_page_sites(tmp_path: Path, capsys: Any) -> None:
    # Both fields are optional in the schema; merging them once ended in "internal error".
    plain = {k: v for k, v in report_with("v").items() if k != "totals"}
    merged = plain | {"sites": [{"site_url": "https://a.example/", "totals": {}}]}
    for name, report in (("plain", plain), ("merged", merged)):
        (tmp_path / f"{name}.json").write_text(json.dumps(report))
    out = tmp_path / "out.json"
    code, _, err = cli(
        capsys, "merge", tmp_path / "plain.json", tmp_path / "merged.json", "-o", out
    )
    assert code == 0, err
    assert cli(capsys, "summary", out)[0] == 0
