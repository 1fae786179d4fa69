"""The build reads the health file (option `health`), offline: findings at the links' lines,
and the health of the report's URLs and domains. The file is written here by hand, as
`linkroles check` writes it (tests/health/test_check.py checks that against servers)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import build_project, plugin_config, write_project
from mkdocs.exceptions import Abort

from mkdocs_linkroles.health.file import DomainHealth, Health, UrlHealth, write_health

WHEN = "2026-12-01T06:00:00Z"
DOCS = {
    "index.md": "# Home\n\n[ok](https://ok.example.org/a)\n\n"
    "[gone page](https://ok.example.org/gone)\n\n"
    "[moved](https://ok.example.org/old)\n\n"
    "[lapsed](https://lapsed-domain.example.net/x)\n",
}


def health_file(path: Path) -> Path:
    write_health(
        path,
        Health(
            urls={
                "https://ok.example.org/a": UrlHealth(
                    "ok", 200, "https://ok.example.org/a", (), WHEN
                ),
                "https://ok.example.org/gone": UrlHealth(
                    "broken", 410, "https://ok.example.org/gone", (), WHEN
                ),
                "https://ok.example.org/old": UrlHealth(
                    "redirected",
                    200,
                    "https://ok.example.org/new",
                    (("https://ok.example.org/new", 301),),
                    WHEN,
                ),
                "https://lapsed-domain.example.net/x": UrlHealth(
                    "unreachable", None, "https://lapsed-domain.example.net/x", (), WHEN, "dns"
                ),
            },
            domains={
                "example.org": DomainHealth(True, WHEN),
                "example.net": DomainHealth(False, WHEN),
            },
        ),
    )
    return path


def test_the_health_file_gives_findings_at_their_lines(tmp_path: Path) -> None:
    config = write_project(
        tmp_path,
        DOCS,
        {"plugins": plugin_config(health="health.json", rules={"gone_domain": "warn"})},
    )
    health_file(tmp_path / "health.json")
    site = build_project(config, allow_warnings=True)
    found = [(f["rule"], f["href"], f["line"]) for f in site.report["findings"]]
    assert found == [
        ("broken_link", "https://ok.example.org/gone", 5),
        ("redirected_link", "https://ok.example.org/old", 7),
        ("gone_domain", "https://lapsed-domain.example.net/x", 9),
    ]
    by_rule = {f["rule"]: f for f in site.report["findings"]}
    assert "https://ok.example.org/new" in by_rule["redirected_link"]["message"]
    assert "410" in by_rule["broken_link"]["message"]
    health = site.report["health"]
    assert health["urls"]["https://ok.example.org/gone"]["status"] == "broken"
    assert health["domains"] == {
        "example.org": {"resolves": True, "checked_at": WHEN},
        "example.net": {"resolves": False, "checked_at": WHEN},
    }


def test_gone_domains_fail_the_build_by_default(tmp_path: Path) -> None:
    config = write_project(tmp_path, DOCS, {"plugins": plugin_config(health="health.json")})
    health_file(tmp_path / "health.json")
    with pytest.raises(Abort):
        build_project(config, allow_warnings=True)


def test_no_health_file_yet_is_said_once_and_a_bad_one_stops(tmp_path: Path) -> None:
    config = write_project(tmp_path, DOCS, {"plugins": plugin_config(health="health.json")})
    site = build_project(config)
    assert "health" not in site.report
    assert [m for m in site.infos() if "no health file" in m]
    (tmp_path / "health.json").write_text(json.dumps({"schema": 9}), encoding="utf-8")
    with pytest.raises(Abort):
        build_project(config, allow_warnings=True)


def test_pages_show_the_health_where_they_show_the_audit(tmp_path: Path) -> None:
    """With `show_findings: always`: each URL's status, the moved URL's new address, the
    domain that is gone, on its page and on the overview; the published default shows none."""
    options = plugin_config(
        health="health.json", rules={"gone_domain": "warn"}, show_findings="always"
    )
    config = write_project(tmp_path / "a", DOCS, {"plugins": options})
    health_file(tmp_path / "a" / "health.json")
    site = build_project(config, allow_warnings=True)
    page = site.page("backlinks/example.org/")
    assert "1 broken, 1 moved, 0 unreachable, of 3 checked URLs" in page
    assert (
        'linkroles-health-broken" title="checked by linkroles check on 2026-12-01">broken (410)'
        in page
    )
    assert (
        'moved (301)</span> to <a class="linkroles-url" dir="ltr" href="https://ok.example.org/new">'
        in page
    )
    assert "no longer resolves" in site.page("backlinks/example.net/")
    overview = site.page("backlinks/")
    assert 'id="gone-domains"' in overview and "example.net" in overview
    quiet = write_project(
        tmp_path / "b",
        DOCS,
        {"plugins": plugin_config(health="health.json", rules={"gone_domain": "warn"})},
    )
    health_file(tmp_path / "b" / "health.json")
    published = build_project(quiet, allow_warnings=True)
    assert 'class="linkroles-health' not in published.page("backlinks/example.org/")
    assert "gone-domains" not in published.page("backlinks/")


def test_diff_tells_the_links_that_broke_since_the_old_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With a health file in both builds: a link that broke since the old report is new
    to review (text, GitHub annotations at its line, --fail-on-new)."""
    from mkdocs_linkroles.cli import main

    reports = []
    for name, broken in (("old", False), ("new", True)):
        root = tmp_path / name
        config = write_project(root, DOCS, {"plugins": plugin_config(health="health.json")})
        write_health(
            root / "health.json",
            Health(
                urls={
                    "https://ok.example.org/gone": UrlHealth(
                        "broken" if broken else "ok",
                        410 if broken else 200,
                        "https://ok.example.org/gone",
                        (),
                        WHEN,
                    )
                }
            ),
        )
        reports.append(build_project(config, allow_warnings=True).site_dir / "linkroles.json")
    assert main(["diff", str(reports[0]), str(reports[1]), "--fail-on-new"]) == 1
    assert "! broken since: index.md: https://ok.example.org/gone" in capsys.readouterr().out
    assert main(["diff", str(reports[0]), str(reports[1]), "--format", "github"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("::warning file=docs/index.md,line=5,")
    assert "broke since the old report" in out
