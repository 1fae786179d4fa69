from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from mkdocs_linkroles.reports.report import ReportError, dump_report, load_report, write_report


def test_write_is_atomic_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "out" / "linkroles.json"
    write_report(target, {"schema": 1, "x": "ü"})
    assert json.loads(target.read_text(encoding="utf-8")) == {"schema": 1, "x": "ü"}
    assert os.listdir(target.parent) == ["linkroles.json"]
    assert oct(target.stat().st_mode & 0o777) == "0o644"


def test_a_failed_write_keeps_the_old_report(tmp_path: Path) -> None:
    target = tmp_path / "linkroles.json"
    write_report(target, {"schema": 1, "old": True})

    class Unserialisable:
        pass

    with pytest.raises(TypeError):
        write_report(target, {"schema": 1, "bad": Unserialisable()})
    assert json.loads(target.read_text())["old"] is True
    assert os.listdir(tmp_path) == ["linkroles.json"]


def test_dump_is_stable_text_with_one_record_per_line() -> None:
    report = {"schema": 1, "pages": [{"links": [{"url": "https://x.org/", "rel": ["a"]}], "x": {}}]}
    assert dump_report(report) == (
        '{\n  "schema": 1,\n  "pages": [\n    {\n      "links": [\n'
        '        {"url": "https://x.org/", "rel": ["a"]}\n      ],\n      "x": {}\n    }\n  ]\n}\n'
    )
    assert json.loads(dump_report(report)) == report


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (None, "no such file"),
        ("{", "not valid JSON"),
        ("[]", "not a linkroles report"),
        ('{"schema": 99}', "schema 99"),
    ],
)
def test_load_report_errors_are_one_clear_line(
    tmp_path: Path, content: str | None, words: str
) -> None:
    path = tmp_path / "r.json"
    if content is not None:
        path.write_text(content)
    with pytest.raises(ReportError) as error:
        load_report(path)
    assert words in str(error.value) and "\n" not in str(error.value)


def test_a_reader_never_sees_half_a_report(tmp_path: Path) -> None:
    import threading

    target = tmp_path / "linkroles.json"
    big: dict[str, Any] = {
        "schema": 1,
        "pages": [{"links": [{"url": f"https://x.org/{i}"} for i in range(20_000)]}],
    }
    write_report(target, big)
    done = threading.Event()
    failures: list[str] = []

    def read() -> None:
        while not done.is_set():
            try:
                json.loads(target.read_text(encoding="utf-8"))
            except json.JSONDecodeError as error:
                failures.append(str(error))

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for n in range(15):
            big["pages"][0]["links"][0]["url"] = f"https://x.org/round-{n}"
            write_report(target, big)
    finally:
        done.set()
        reader.join()
    assert failures == []


def test_streamed_report_has_the_documented_layout() -> None:
    from mkdocs_linkroles.links.classify import PublicSuffixList, Site, classify_url
    from mkdocs_linkroles.links.collect import collect_page_links
    from mkdocs_linkroles.links.model import LinkGraph
    from mkdocs_linkroles.links.records import PageRef
    from mkdocs_linkroles.reading.page import iter_links
    from mkdocs_linkroles.reports.report import build_report, iter_report

    psl, site = PublicSuffixList(), Site.from_url("https://docs.example.com/")
    graph = LinkGraph()
    pages = {
        "b.md": '<h2 id="s">S</h2><a href="https://x.org/">x</a><a href="https://y.org/" rel="ugc">y</a>',
        "a.md": '<h2 id="s">S</h2><a href="https://x.org/">x</a><a href="https://y.org/" rel="ugc">y</a>',
        # Every part of a page's entry: other schemes, malformed links, no section,
        # title and target, escapes; and a page without links.
        "c.md": '<a href="https://x.org/?token=s" title="T &quot;q&quot;" target="_blank">\\x</a>'
        '<a href="mailto:a@b">m</a><a href="tel:1">t</a><a href="mailto:c@d">m</a>'
        '<a href="http://[::1">bad</a><h3>No id</h3><a href="ftp://f">f</a>',
        "d.md": "<p>Nothing.</p>",
    }
    for name, html in pages.items():
        graph.add(
            collect_page_links(
                PageRef(name, name, name, ""),
                iter_links(html),
                lambda h: classify_url(h, site, psl.registrable_domain),
            )
        )
    urls = {"x.org": "backlinks/x.org/", "y.org": None}
    text = "".join(iter_report(graph, site_url=None, domain_urls=urls))
    assert text == dump_report(build_report(graph, site_url=None, domain_urls=urls))
    assert (
        '\n        {"url": "https://y.org/", "host": "y.org", "domain": "y.org", "text": "y", "title": "", "rel": ["ugc"], "target": "", "section": {"id": "s", "text": "S", "level": 2}, "redacted": []}\n'
        in text
    )
    empty = "".join(iter_report(LinkGraph(), site_url=None, domain_urls={}))
    assert json.loads(empty)["pages"] == [] and empty == dump_report(json.loads(empty))
