"""The `linkroles` command line on reports written by real builds."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import build_project, write_project

from mkdocs_linkroles.cli import main

OLD_DOCS = {
    "index.md": "# Home\n\n## Start\n\n[py](https://docs.python.org/3/) "
    "[old](https://old.example.org/a) [gh](https://alice.github.io/)\n",
    "guide.md": "# Guide\n\n[py](https://www.python.org/) [x](http://x.example.net/)\n",
}
NEW_DOCS = {
    "index.md": "# Home\n\n## Start\n\n[py](https://docs.python.org/3/) "
    "[new](https://new.example.com/b) [gh](https://alice.github.io/)\n",
    "guide.md": "# Guide\n\n[py](https://www.python.org/) [py2](https://docs.python.org/3/)\n",
}


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("cli")
    paths = []
    for name, docs in (("old", OLD_DOCS), ("new", NEW_DOCS)):
        site = build_project(write_project(root / name, docs))
        paths.append(site.site_dir / "linkroles.json")
    return paths[0], paths[1]


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_summary_text(reports: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "summary", reports[0])
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Site: https://docs.example.com/ (mkdocs-linkroles 0.1.0)"
    assert lines[1] == "Pages: 2, 2 with external links; external links: 5 to 4 domains"
    assert "       2  python.org  (2 pages)" in lines
    assert lines[-3:] == [
        "Findings: 1",
        "  insecure (info): 1",
        "    guide.md:3#guide  http://x.example.net/",
    ]


def test_summary_json_and_top(
    reports: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "summary", reports[0], "--format", "json", "--top", "2")
    data = json.loads(out)
    assert code == 0
    assert data["totals"]["external_links"] == 5
    assert [d["domain"] for d in data["top_domains"]] == ["python.org", "alice.github.io"]
    assert data["findings"]["insecure"]["count"] == 1
    assert data["findings"]["insecure"]["items"][0]["href"] == "http://x.example.net/"


def test_summary_markdown_reads_as_a_comment(
    reports: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "summary", reports[0], "--format", "markdown")
    assert code == 0
    assert out.startswith("### Outbound links\n\n**5** external links to **4** domains")
    assert "| Domain | Links | Pages |\n| --- | ---: | ---: |\n| `python.org` | 2 | 2 |" in out
    assert "<details><summary><code>insecure</code> (info): 1</summary>" in out


def test_summary_csv_has_one_row_per_link(
    reports: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "summary", reports[0], "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0
    assert len(rows) == 5
    assert rows[0] == {
        "site": "https://docs.example.com/",
        "page": "guide.md",
        "page_url": "guide/",
        "section_id": "guide",
        "section": "Guide",
        "url": "https://www.python.org/",
        "host": "www.python.org",
        "domain": "python.org",
        "text": "py",
        "title": "",
        "rel": "",
        "target": "",
    }


def test_diff_formats_and_fail_on_new(
    reports: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = reports
    code, out, _ = run(capsys, "diff", old, new)
    assert code == 0
    assert out.splitlines() == [
        "Domains: +1 -2; links: +2 -2",
        "+ domain example.com",
        "- domain example.net",
        "- domain example.org",
        "+ guide.md: https://docs.python.org/3/",
        "+ index.md: https://new.example.com/b",
        "- guide.md: http://x.example.net/",
        "- index.md: https://old.example.org/a",
    ]
    code, out, _ = run(capsys, "diff", old, new, "--format", "json", "--fail-on-new")
    assert code == 1
    assert json.loads(out) == {
        "added_domains": ["example.com"],
        "removed_domains": ["example.net", "example.org"],
        "added_links": [
            {"page": "guide.md", "url": "https://docs.python.org/3/"},
            {"page": "index.md", "url": "https://new.example.com/b"},
        ],
        "removed_links": [
            {"page": "guide.md", "url": "http://x.example.net/"},
            {"page": "index.md", "url": "https://old.example.org/a"},
        ],
    }
    code, out, _ = run(capsys, "diff", new, new, "--fail-on-new", "--format", "markdown")
    assert code == 0
    assert out == "### Outbound links: changes\n\nNo change in outbound links.\n"
    code, out, _ = run(capsys, "diff", old, new, "--format", "markdown")
    assert "**1** domain added, **2** removed; **2** links added, **2** removed." in out
    assert "New domains: `example.com`" in out
    assert "| `index.md` | `https://new.example.com/b` |" in out


def test_diff_fail_on_new_passes_when_only_removals(
    reports: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    reduced = json.loads(reports[1].read_text())
    reduced["pages"][0]["links"] = []  # guide.md links to nothing now
    reduced_path = tmp_path / "reduced.json"
    reduced_path.write_text(json.dumps(reduced))
    code, out, _ = run(capsys, "diff", reports[1], reduced_path, "--fail-on-new")
    assert code == 0
    assert out.splitlines()[0] == "Domains: +0 -0; links: +0 -2"


def test_merge_counts_referring_sites(
    reports: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Two sites: the same docs published at two addresses.
    other = tmp_path / "other.json"
    data = json.loads(reports[1].read_text())
    data["site_url"] = "https://handbook.example.com/"
    other.write_text(json.dumps(data))
    out_path = tmp_path / "merged.json"
    code, _, err = run(capsys, "merge", reports[0], other, "-o", out_path)
    assert code == 0
    assert "merged 2 reports (2 sites" in err
    merged = json.loads(out_path.read_text())
    assert [s["site_url"] for s in merged["sites"]] == [
        "https://docs.example.com/",
        "https://handbook.example.com/",
    ]
    python = next(d for d in merged["domains"] if d["domain"] == "python.org")
    assert python["referring_sites"] == 2
    assert python["links"] == 2 + 3
    assert python["referring_pages"] == 4
    new_only = next(d for d in merged["domains"] if d["domain"] == "example.com")
    assert new_only["referring_sites"] == 1
    assert merged["totals"]["sites"] == 2
    assert merged["totals"]["external_links"] == 5 + 5
    # A merged report works with the other commands.
    code, out, _ = run(capsys, "summary", out_path)
    assert code == 0 and "python.org  (4 pages, 2 sites)" in out
    code, out, _ = run(capsys, "urls", out_path)
    assert code == 0 and "https://new.example.com/b" in out.splitlines()


def test_urls_are_distinct_and_sorted(
    reports: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "urls", reports[1])
    assert code == 0
    assert out.splitlines() == [
        "https://alice.github.io/",
        "https://docs.python.org/3/",
        "https://new.example.com/b",
        "https://www.python.org/",
    ]


def test_bad_report_files_give_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    other = tmp_path / "other.json"
    other.write_text('{"hello": 1}', encoding="utf-8")
    for path, expected in (
        (tmp_path / "missing.json", "missing.json: no such file"),
        (bad, "bad.json: not valid JSON"),
        (other, "other.json: not a linkroles report"),
    ):
        code, out, err = run(capsys, "summary", path)
        assert code == 2 and out == ""
        assert err.count("\n") == 1 and expected in err and "Traceback" not in err


def test_every_command_has_help_and_the_module_runs(tmp_path: Path) -> None:
    for command in ([], ["summary"], ["diff"], ["merge"], ["urls"]):
        result = subprocess.run(
            [sys.executable, "-m", "mkdocs_linkroles", *command, "--help"],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith("usage: linkroles")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs_linkroles", "summary"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2 and "required: REPORT" in result.stderr


@pytest.fixture(scope="module")
def long_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A report whose URLs and summary are far more than a pipe holds (64 KiB)."""
    root = tmp_path_factory.mktemp("long")
    links = " ".join(f"[l{n}](https://host{n}.example.org/{'p' * 40}/{n})" for n in range(3000))
    site = build_project(write_project(root, {"index.md": f"# Home\n\n{links}\n"}))
    return site.site_dir / "linkroles.json"


@pytest.mark.parametrize("command", [["urls"], ["summary", "--top", "3000"]])
def test_a_closed_pipe_ends_quietly_with_exit_0(long_report: Path, command: list[str]) -> None:
    """`linkroles urls … | head`: the reader closes the pipe; nothing on stderr, exit 0."""
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs_linkroles", *command, str(long_report)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.readline()
    process.stdout.close()  # as `head -1` does
    error = process.stderr.read()
    assert process.wait(timeout=60) == 0, error
    assert first and error == b""
