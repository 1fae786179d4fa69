"""Findings where reviewers look: source lines, GitHub annotations, SARIF, `accept`."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from helpers import build_project, plugin_config, write_project

from mkdocs_linkroles.cli import main
from mkdocs_linkroles.reports.ci import github_annotation, sarif

SCHEMA = json.loads(
    (Path(__file__).parents[1] / "sarif" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8")
)

TUTORIAL = {
    "index.md": "---\ntitle: Home\n---\n\n# Home\n\nRun `mkdocs serve`, then open\n"
    "[the preview](http://localhost:8000/) or <http://127.0.0.1:8000/>.\n\n"
    "Decode [a sample token](https://jwt.io/#debugger-io?token=eyJhbGciOiJIUzI1NiIsInR5cCI6"
    "IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c).\n\n"
    "An [old site](http://old.example.org/) and [another](http://older.example.org/).\n",
}


def test_a_tutorials_links_pass_strict_with_the_defaults(tmp_path: Path) -> None:
    site = build_project(write_project(tmp_path, TUTORIAL), strict=True)
    rules = [(f["rule"], f["level"], f["line"]) for f in site.report["findings"]]
    assert rules == [
        ("loopback_target", "info", 8),
        ("loopback_target", "info", 8),
        ("insecure", "info", 12),
        ("insecure", "info", 12),
    ]  # the jwt.io sample token is accepted by default
    # Info findings are summed up, one line per rule.
    lines = [m for m in site.infos() if m.startswith("linkroles: 2 ")]
    assert [m.split(":")[1] for m in lines] == [" 2 loopback_target (info)", " 2 insecure (info)"]
    assert all(m.endswith("Each, with -v.") for m in lines)


def test_accept_takes_links_off_a_rule_without_touching_the_page(tmp_path: Path) -> None:
    docs = {"index.md": "[wiki](https://wiki.corp.internal/a) [box](https://10.0.0.1/)\n"}
    site = build_project(
        write_project(
            tmp_path,
            docs,
            {"plugins": plugin_config(accept={"local_target": ["https://wiki.corp.internal/*"]})},
        ),
        allow_warnings=True,
    )
    assert [f["href"] for f in site.report["findings"]] == ["https://10.0.0.1/"]
    [warning] = site.warnings()
    assert warning.startswith("linkroles: index.md:1: link 'https://10.0.0.1/' goes to 10.0.0.1")
    assert warning.endswith(
        'To accept it: data-linkroles="ignore local_target" on the link, or accept: '
        "{local_target: [pattern]} or rules: {local_target: info} in the plugin's options."
    )
    # Still an outbound link: recorded and on its domain's page.
    assert "https://wiki.corp.internal/a" in site.file("linkroles.json")


def test_accept_names_only_rules(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    from mkdocs.exceptions import Abort

    config = write_project(
        tmp_path, {"index.md": "x"}, {"plugins": plugin_config(accept={"nope": ["a"]})}
    )
    with pytest.raises(Abort):
        build_project(config)
    assert "option 'accept': unknown rule 'nope'" in caplog.text


def test_github_annotations_point_at_the_markdown_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    docs = {
        "guide/x.md": '# X\n\nSee\n[the box](https://10.0.0.1/) and <a href="http://[::1">x</a>.\n'
    }
    build_project(write_project(tmp_path, docs), allow_warnings=True)
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 2
    assert out[0].startswith("::warning file=docs/guide/x.md,line=4,title=linkroles::local_target:")
    assert out[1].startswith(
        "::warning file=docs/guide/x.md,line=4,title=linkroles::malformed_link: link 'http://[::1'"
    )


def test_annotations_cannot_be_forged_by_a_page() -> None:
    line = github_annotation("warn", "a\n::error::forged%0A", file="docs/a,b:c.md", line=3)
    assert (
        line == "::warning file=docs/a%2Cb%3Ac.md,line=3,title=linkroles::a%0A::error::forged%250A"
    )
    assert "\n" not in line


def test_sarif_is_valid_and_locates_each_finding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docs = {"guide/x.md": "# X\n\n[box](https://10.0.0.1/)\n\n[old](http://old.example.org/)\n"}
    site = build_project(write_project(tmp_path / "p", docs), allow_warnings=True)
    assert main(["summary", "--format", "sarif", str(site.site_dir / "linkroles.json")]) == 0
    log = json.loads(capsys.readouterr().out)
    jsonschema.validate(log, SCHEMA)
    [run] = log["runs"]
    assert [r["id"] for r in run["tool"]["driver"]["rules"]][:3] == [
        "denied_domain",
        "unlisted_domain",
        "insecure",
    ]
    located = [
        (
            r["ruleId"],
            r["level"],
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
        )
        for r in run["results"]
    ]
    assert located == [
        ("local_target", "warning", "docs/guide/x.md", 3),
        ("insecure", "note", "docs/guide/x.md", 5),
    ]
    assert sarif({"findings": [], "rules": {}})["runs"][0]["results"] == []


def test_diff_annotates_the_lines_that_add_links(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = build_project(write_project(tmp_path / "old", {"index.md": "[a](https://a.org/)\n"}))
    new = build_project(
        write_project(
            tmp_path / "new", {"index.md": "[a](https://a.org/)\n\n[b](https://b.org/x)\n"}
        )
    )
    code = main(
        [
            "diff",
            "--format",
            "github",
            str(old.site_dir / "linkroles.json"),
            str(new.site_dir / "linkroles.json"),
        ]
    )
    assert code == 0
    assert capsys.readouterr().out == (
        "::notice file=docs/index.md,line=3,title=linkroles::new outbound link to https://b.org/x\n"
    )


def test_theme_links_have_their_position_and_count_once_site_wide(tmp_path: Path) -> None:
    docs = {"index.md": "# Home\n\n[py](https://docs.python.org/3/)\n", "guide.md": "# Guide\n"}
    config = {
        "repo_url": "https://github.com/example/t",
        "theme": {"name": "material", "font": False},
        "extra": {
            "social": [
                {"icon": "fontawesome/brands/mastodon", "link": "https://fosstodon.org/@example"}
            ]
        },
        "plugins": plugin_config(theme_links=True),
    }
    site = build_project(write_project(tmp_path / "on", docs, config))
    found = {
        (link["domain"], link["position"], link["pages"], link["site_wide"])
        for link in site.report["theme_links"]
    }
    assert ("github.com", "header", 2, True) in found
    assert ("fosstodon.org", "footer", 2, True) in found
    assert ("squidfunk.github.io", "footer", 2, True) in found  # "Made with Material"
    # The content's links and the audit are the content's alone.
    assert [d["domain"] for d in site.report["domains"]] == ["python.org"]
    overview = site.page("backlinks/")
    assert '<h2 id="theme-links">Links in the site&#39;s theme</h2>' in overview or (
        "Links in the site's theme" in overview
    )
    assert "fosstodon.org/@example" in overview and "footer, site-wide" in overview
    assert "theme-links" not in site.page("backlinks/python.org/")  # no theme link of its own
    load = json.loads(site.file("linkroles.json"))
    from mkdocs_linkroles.reports.report import report_problem

    assert report_problem(load) is None
    off = build_project(
        write_project(tmp_path / "off", docs, {**config, "plugins": plugin_config()})
    )
    assert "theme_links" not in off.report


def test_sarif_uris_are_encoded_relative_and_messages_hold_no_links(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A file `a b#c%.md` once gave an invalid URI; `[x](https://evil.example/)` in a link
    # text became one of SARIF's embedded links; a crafted page could be absolute or `..`.
    docs = {
        "a b#c%.md": "# X\n\n[x](http://old.example.org/[x](https://evil.example/))\n",
        "javascript:alert(1).md": "# Y\n\n[y](http://older.example.org/)\n",
    }
    site = build_project(write_project(tmp_path / "p", docs), allow_warnings=True)
    assert main(["summary", "--format", "sarif", str(site.site_dir / "linkroles.json")]) == 0
    log = json.loads(capsys.readouterr().out)
    jsonschema.validate(log, SCHEMA)
    results = log["runs"][0]["results"]
    uris = sorted(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results)
    assert uris == ["docs/a%20b%23c%25.md", "docs/javascript%3Aalert%281%29.md"]
    for result in results:
        text = result["message"]["text"]
        assert "[" not in text.replace("\\[", "") and "]" not in text.replace("\\]", "")
        assert result["locations"][0]["physicalLocation"]["region"]["startLine"] >= 1
