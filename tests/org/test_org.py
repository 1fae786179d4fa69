"""`linkroles export` and `linkroles org`: real sites built by MkDocs, their reports exported
to Parquet, read back with pyarrow, asked with DuckDB, and checked against counts made by
brute force over the JSON reports."""

from __future__ import annotations

import csv
import io
import itertools
import json
import os
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from helpers import ORG_SITES as SITES
from helpers import BuiltSite, text_of

from mkdocs_linkroles.cli import main
from mkdocs_linkroles.org import stream
from mkdocs_linkroles.org.stream import iter_report_parts
from mkdocs_linkroles.reports.report import ReportError, load_report

try:
    import duckdb  # noqa: F401
    import pyarrow.parquet as pq
except ImportError:
    if os.environ.get("LINKROLES_REQUIRE_ORG"):
        raise
    pytest.skip(
        "pyarrow and DuckDB are not installed (pip install -e '.[org]')", allow_module_level=True
    )

from mkdocs_linkroles.org.query import Org, OrgError
from mkdocs_linkroles.org.tables import export_reports, site_key


@pytest.fixture
def reports(build_site: Any) -> list[Path]:
    """The reports of three sites built by MkDocs (`SITES`)."""
    paths = []
    for url, docs in SITES.items():
        site: BuiltSite = build_site(docs, {"site_url": url})
        paths.append(site.site_dir / "linkroles.json")
    return paths


def brute_force(paths: list[Path]) -> dict[str, tuple[int, int, int]]:
    """Per domain (sites, pages, links), counted over the JSON reports."""
    sites: dict[str, set[str]] = defaultdict(set)
    pages: dict[str, set[tuple[str, str]]] = defaultdict(set)
    links: dict[str, int] = defaultdict(int)
    for path in paths:
        report = json.loads(path.read_text())
        for page in report["pages"]:
            for link in page["links"]:
                domain = link["domain"]
                sites[domain].add(report["site_url"])
                pages[domain].add((report["site_url"], page["src_uri"]))
                links[domain] += 1
    return {d: (len(sites[d]), len(pages[d]), links[d]) for d in links}


def test_exported_links_are_the_reports_links(reports: list[Path], tmp_path: Path) -> None:
    out = tmp_path / "export"
    exported = export_reports(reports, out)
    assert [s.site for s in exported] == list(SITES)
    for path, site in zip(reports, exported, strict=True):
        report = load_report(path)
        folder = out / "links" / f"site_key={site.key}"
        table = pq.read_table(folder / "part-0.parquet")
        rows = {(r["page"], r["url"], r["line"], r["text"]) for r in table.to_pylist()}
        expected = {
            (page["src_uri"], link["url"], link.get("line"), link["text"])
            for page in report["pages"]
            for link in page["links"]
        }
        assert rows == expected and table.num_rows == report["totals"]["external_links"]
        pages = pq.read_table(out / "pages" / f"site_key={site.key}").to_pylist()
        assert {p["page"] for p in pages} == {p["src_uri"] for p in report["pages"]}
        [row] = pq.read_table(out / "sites" / f"site_key={site.key}").to_pylist()
        assert row["site"] == report["site_url"] and row["export_schema"] == 1
        assert row["links"] == table.num_rows and row["pages"] == len(report["pages"])
    # Each file says what it is: org refuses any other Parquet file.
    metadata = pq.read_schema(next((out / "links").rglob("*.parquet"))).metadata
    assert metadata[b"linkroles.table"] == b"links" and metadata[b"linkroles.schema"] == b"1"


def test_exporting_a_site_again_replaces_its_partition(
    reports: list[Path], tmp_path: Path, build_site: Any
) -> None:
    out = tmp_path / "export"
    export_reports(reports, out)
    first = {p: p.read_bytes() for p in sorted(out.rglob("*.parquet"))}
    again = export_reports(reports[:1], out)
    assert again[0].replaced
    # The same report gives the same bytes: idempotent.
    assert {p: p.read_bytes() for p in sorted(out.rglob("*.parquet"))} == first
    # The site changed: its partition is replaced whole, the others stay.
    changed = build_site(
        {"index.md": "# Home\n\n[a](https://python.org/)\n"},
        {"site_url": "https://docs.example.com/"},
    )
    export_reports([changed.site_dir / "linkroles.json"], out)
    with Org(out) as org:
        rows = list(org.links_to("polyfill.io"))
        assert {r[0] for r in rows} == {"https://api.example.com/"}
        assert org.totals().sites == 3
    assert not [p for p in out.iterdir() if p.name.startswith(".export-")]


def test_org_numbers_match_a_count_over_the_json_reports(
    reports: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "export"
    assert main(["export", *map(str, reports), "--to", str(out)]) == 0
    expected = brute_force(reports)
    assert main(["org", str(out), "--domains", "--top", "0", "--format", "json"]) == 0
    answered = {
        row["domain"]: (row["sites"], row["pages"], row["links"])
        for row in json.loads(capsys.readouterr().out)
    }
    assert answered == expected
    # Most referring sites first: github.com and polyfill.io (2 sites) before pypi.org (1).
    assert main(["org", str(out), "--format", "csv", "--top", "2"]) == 0
    lines = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert lines[0] == ["domain", "sites", "pages", "links"]
    assert [line[0] for line in lines[1:]] == ["github.com", "polyfill.io"]
    # Every link to polyfill.io, with its site, page and line.
    assert main(["org", str(out), "--links-to", "polyfill.io", "--format", "json"]) == 0
    links = json.loads(capsys.readouterr().out)
    assert [(r["site"], r["page"], r["line"], r["url"]) for r in links] == [
        ("https://api.example.com/", "ref.md", 3, "https://polyfill.io/v2/"),
        ("https://docs.example.com/", "guide/install.md", 5, "https://polyfill.io/"),
        ("https://docs.example.com/", "index.md", 3, "https://cdn.polyfill.io/v3/x.js"),
    ]
    # A host, a URL or Unicode are read as the name they hold.
    assert main(["org", str(out), "--links-to", "https://CDN.Polyfill.io/x"]) == 0
    assert capsys.readouterr().out.count("polyfill.io") == 1
    # Several names: each one's links in turn.
    args = ["org", str(out), "--links-to", "pypi.org", "--links-to", "python.org"]
    assert main([*args, "--format", "csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))[1:]
    assert [r[3] for r in rows] == [
        "https://pypi.org/project/x/",
        "https://python.org/",
        "https://python.org/downloads/",
    ]
    assert main(["org", str(out), "--links-to", "nowhere.example"]) == 0
    captured = capsys.readouterr()
    assert "no exported page links to nowhere.example" in captured.err


def test_the_organisations_pages_count_what_the_reports_hold(
    reports: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out, pages = tmp_path / "export", tmp_path / "org-site"
    export_reports(reports, out)
    assert main(["org", str(out), "--pages", str(pages), "--top", "0"]) == 0
    expected = brute_force(reports)
    overview = text_of((pages / "index.html").read_text())
    assert "Sites: 3 · pages: 6 · external links: 10 · linked domains: 4" in overview
    for domain, (sites, referring, links) in expected.items():
        page = text_of((pages / domain / "index.html").read_text())
        said = f"Referring sites: {sites} · referring pages: {referring} · links: {links}"
        assert said in page
    github = (pages / "github.com" / "index.html").read_text()
    # Sites with most links first (here two each: then by name); each page links to where
    # it is published.
    assert github.index("https://api.example.com/") < github.index("https://docs.example.com/")
    assert 'href="https://docs.example.com/guide/install/"' in github
    # Written again over its own output; never over a folder it did not write.
    assert main(["org", str(out), "--pages", str(pages)]) == 0
    other = tmp_path / "mine"
    other.mkdir()
    (other / "keep.txt").write_text("x")
    capsys.readouterr()
    assert main(["org", str(out), "--pages", str(other)]) == 2
    assert "not written by linkroles org --pages" in capsys.readouterr().err
    assert (other / "keep.txt").exists()


def test_broken_or_foreign_parquet_is_one_line(
    reports: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import pyarrow as pa

    out = tmp_path / "export"
    export_reports(reports, out)
    victim = next((out / "links").rglob("*.parquet"))
    victim.write_bytes(victim.read_bytes()[:100])  # cut short
    assert main(["org", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(victim) in err and "not a readable Parquet file" in err
    pq.write_table(pa.table({"site": ["x"], "url": ["y"]}), victim)  # someone else's table
    assert main(["org", str(out)]) == 2
    err = capsys.readouterr().err
    assert err == f"linkroles: {victim}: not a links table of linkroles export\n"
    assert main(["org", str(tmp_path / "nothing")]) == 2
    assert "no such folder" in capsys.readouterr().err
    # Never exports into a folder that holds anything else.
    (tmp_path / "home").mkdir()
    (tmp_path / "home" / "notes.txt").write_text("mine")
    assert main(["export", str(reports[0]), "--to", str(tmp_path / "home")]) == 2
    assert "which no export writes" in capsys.readouterr().err


def test_hostile_values_are_safe_in_every_format(
    build_site: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = build_site(
        {
            "index.md": "# Home\n\n"
            '<a href="https://evil.example/x">=HYPERLINK("http://x")</a>\n\n'
            '<a href="https://evil.example/y">| `tick` \u202etxt.exe ::error::no</a>\n',
        }
    )
    out = tmp_path / "export"
    export_reports([site.site_dir / "linkroles.json"], out)
    assert main(["org", str(out), "--links-to", "evil.example", "--format", "csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[1][4].startswith("'=HYPERLINK")
    assert main(["org", str(out), "--links-to", "evil.example"]) == 0
    text = capsys.readouterr().out
    assert "\u202e" not in text and "\\u202e" in text
    assert main(["org", str(out), "--links-to", "evil.example", "--format", "markdown"]) == 0
    markdown = capsys.readouterr().out
    assert "\\|" in markdown and "\u202e" not in markdown
    assert main(["org", str(out), "--links-to", "evil.example", "--format", "json"]) == 0
    data = capsys.readouterr().out
    assert "\u202e" not in data and json.loads(data)[1]["text"].endswith("::error::no")


def test_a_secret_in_a_crafted_report_is_hidden_in_the_tables(
    reports: list[Path], tmp_path: Path
) -> None:
    report = json.loads(reports[0].read_text())
    report["pages"][0]["links"][0]["url"] = "https://github.com/o/r?token=hunter2hunter2"
    crafted = tmp_path / "crafted.json"
    crafted.write_text(json.dumps(report))
    out = tmp_path / "export"
    export_reports([crafted], out)
    urls = pq.read_table(out / "links").column("url").to_pylist()
    assert not any("hunter2" in url for url in urls)


def test_the_stream_gives_what_loading_gives_at_any_chunk_size(
    reports: list[Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # Texts in several scripts, so that chunks end inside UTF-8 characters.
    report = load_report(reports[0])
    report["pages"][0]["links"][0]["text"] = "日本語 ñ 🙂 " * 40
    path = tmp_path / "r.json"
    written = [json.dumps(report, ensure_ascii=False, indent=1), json.dumps(report)]
    for text, chunk in itertools.product(written, (7, 64, 1 << 20)):
        # ensure_ascii: 🙂 as an escaped pair (\ud83d\ude42), cut by some chunk's end.
        path.write_text(text, encoding="utf-8")
        monkeypatch.setattr(stream, "CHUNK", chunk)
        fields: dict[str, Any] = {}
        pages = []
        for kind, key, value in iter_report_parts(path):
            if kind == "page":
                pages.append(value)
            else:
                fields[key] = value
        assert {**fields, "pages": pages} == report


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('{"schema": 1, "domains": [], "pages": [{"src_uri": "a.md"', "not valid JSON"),
        ('{"schema": 2, "domains": [], "pages": []}', "report schema 2"),
        ('{"schema": 1, "pages": []}', "no 'domains'"),
        (
            '{"schema": 1, "domains": [], "pages": [{"src_uri": "/etc/passwd"}]}',
            "not a valid report",
        ),
        ('{"schema": 1, "domains": [], "pages": []} trailing', "more after the report's end"),
        ('{"schema": 1, "schema": 1, "domains": [], "pages": []}', "the field 'schema' twice"),
        ("[1, 2]", "not a JSON object"),
        ('{"schema": 1, "domains": [], "pages": [], "x": "\\ud83d!"}', "a lone surrogate"),
        ('{"schema": 1, "domains": [], "pages": [' + "[" * 100_000, "not a report"),
    ],
)
def test_a_damaged_report_stops_the_stream_with_one_line(
    tmp_path: Path, text: str, problem: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(text)
    with pytest.raises(ReportError, match=r"bad\.json: ") as raised:
        list(iter_report_parts(path))
    assert problem in str(raised.value) and "\n" not in str(raised.value)


def test_site_keys_are_safe_and_distinct() -> None:
    assert site_key("https://docs.example.org/guide/").startswith("docs.example.org-guide-")
    keys = {site_key(s) for s in ("https://a/", "http://a/", "https://A/", "../../x", "")}
    assert len(keys) == 5
    assert all("/" not in k and ".." not in k and "=" not in k for k in keys)


def test_merge_of_many_reports_points_to_export(
    reports: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    many = [reports[0]] * 21
    assert main(["merge", *map(str, many), "-o", str(tmp_path / "m.json")]) == 0
    assert "`linkroles export` and `linkroles org`" in capsys.readouterr().err


def test_org_on_an_export_without_tables_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(OrgError, match="no links table"):
        Org(tmp_path / "empty")


def test_a_wildcard_in_the_name_asked_is_not_a_wildcard(
    reports: list[Path], tmp_path: Path
) -> None:
    out = tmp_path / "export"
    export_reports(reports, out)
    with Org(out) as org:
        assert len(list(org.links_to("polyfill.io"))) == 3
        # `_` and `%` are LIKE's wildcards: here they match only themselves.
        assert list(org.links_to("polyfill_io")) == []
        assert list(org.links_to("%")) == []
        assert len(list(org.links_to("github.com"))) == 4


def test_a_domain_page_lists_the_pages_that_link_most_for_each_site(
    build_site: Any, tmp_path: Path
) -> None:
    # Page i links i + 1 times: the five with most links are listed, the three others counted.
    docs = {
        f"p{i}.md": f"# P{i}\n\n" + " ".join(f"[x](https://x.org/{i}/{j})" for j in range(i + 1))
        for i in range(8)
    }
    site = build_site(docs)
    out, pages = tmp_path / "export", tmp_path / "org-site"
    export_reports([site.site_dir / "linkroles.json"], out)
    assert main(["org", str(out), "--pages", str(pages)]) == 0
    html = (pages / "x.org" / "index.html").read_text()
    listed = [
        f"p{i}.md" for i in range(8) if f'<code class="muted" dir="ltr">p{i}.md</code>' in html
    ]
    assert listed == ["p3.md", "p4.md", "p5.md", "p6.md", "p7.md"]
    assert html.index("p7.md") < html.index("p3.md")  # most links first
    assert "links: 36 · pages: 8" in text_of(html)
    assert "3 more pages, with fewer links" in text_of(html)


def test_the_organisations_pages_in_another_language(
    reports: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "export"
    export_reports(reports, out)
    assert main(["org", str(out), "--pages", str(tmp_path / "de"), "--language", "de-AT"]) == 0
    overview = (tmp_path / "de" / "index.html").read_text()
    assert '<html lang="de" dir="ltr">' in overview
    assert "Websites: 3 · Seiten: 6 · externe Links: 10" in text_of(overview)
    assert main(["org", str(out), "--pages", str(tmp_path / "ar"), "--language", "ar"]) == 0
    page = (tmp_path / "ar" / "github.com" / "index.html").read_text().replace("<wbr>", "")
    assert '<html lang="ar" dir="rtl">' in page and "الروابط الخلفية إلى github.com" in page
    # Site addresses and paths stay left to right inside the right-to-left page.
    assert '<strong dir="ltr">https://api.example.com/</strong>' in page
    assert main(["org", str(out), "--pages", str(tmp_path / "x"), "--language", "tlh"]) == 2
    assert "no catalogue for the language 'tlh'" in capsys.readouterr().err


def test_the_organisations_pages_take_templates_of_ones_own(
    reports: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "export"
    export_reports(reports, out)
    mine = tmp_path / "mine" / "linkroles" / "org"
    mine.mkdir(parents=True)
    (mine / "overview.html").write_text(
        '{% extends "linkroles/org/base.html" %}{% block content %}'
        "<h1>Our {{ totals.sites }} sites</h1>{% endblock %}"
    )
    args = ["org", str(out), "--pages", str(tmp_path / "site"), "--templates", str(mine.parents[1])]
    assert main(args) == 0
    assert "<h1>Our 3 sites</h1>" in (tmp_path / "site" / "index.html").read_text()
    # The domain pages keep the shipped template.
    assert "Referring sites: 2" in text_of(
        (tmp_path / "site" / "github.com" / "index.html").read_text()
    )
    (mine / "overview.html").write_text("\n{{ nothing.here }}")
    capsys.readouterr()
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "overview.html:2: 'nothing' is undefined" in err


def test_a_domain_linked_from_many_sites_lists_the_first_and_counts_the_others(
    reports: list[Path], tmp_path: Path
) -> None:
    # One real report relabelled as 30 sites; site n keeps its first n % 3 + 1 pages.
    report = json.loads(reports[0].read_text())
    paths = []
    for number in range(30):
        path = tmp_path / f"r{number}.json"
        pages = report["pages"][: number % 3 + 1]
        site = f"https://s{number:02}.example.org/"
        path.write_text(json.dumps({**report, "site_url": site, "pages": pages}))
        paths.append(path)
    out, site_dir = tmp_path / "export", tmp_path / "org-site"
    export_reports(paths, out)
    assert main(["org", str(out), "--pages", str(site_dir)]) == 0
    html = (site_dir / "github.com" / "index.html").read_text().replace("<wbr>", "")
    assert html.count("<details") == 25 + 1 and html.count("<details open>") == 5
    assert "5 more sites, with fewer links" in text_of(html)
    # Each site is named once: listed with its pages, or counted in the table.
    assert all(html.count(f"https://s{n:02}.example.org/") >= 1 for n in range(30))


def test_a_broken_report_among_many_is_named_and_the_others_exported(
    reports: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"schema": 1, "domains": [], "pages": [{"src_uri": ')
    out = tmp_path / "export"
    assert main(["export", str(reports[0]), str(broken), str(reports[1]), "--to", str(out)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(f"linkroles: {broken}: not valid JSON") and err[0].endswith(
        "; not exported"
    )
    assert err[-1] == "linkroles: 1 of 3 reports not exported (each named above); the others are"
    with Org(out) as org:
        assert org.totals().sites == 2
