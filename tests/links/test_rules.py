"""Audit rules: every rule at every level as a unit test of the policy; each level's
wiring into a real build (messages, strict mode, failing builds) once; baselines."""

from __future__ import annotations

import json
import logging
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import markdown
import pytest
from helpers import BuiltSite, build_project, plugin_config, write_project
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from mkdocs_linkroles.links.classify import PublicSuffixList, Site, classify_url
from mkdocs_linkroles.links.collect import collect_page_links
from mkdocs_linkroles.links.records import PageRef
from mkdocs_linkroles.links.rules import RULES, Patterns, Policy, marker_problems
from mkdocs_linkroles.reading.page import iter_links

PSL = PublicSuffixList()
SITE = Site.from_url("https://docs.example.com/")

# For each rule: a page that breaks it once (and only it, at its non-default settings),
# and the options that switch it on.
CASES: dict[str, tuple[str, dict[str, Any]]] = {
    "denied_domain": (
        "See [the tracker](https://ads.tracker.example/x).",
        {"deny": ["tracker.example"]},
    ),
    "unlisted_domain": (
        "See [docs](https://docs.python.org/3/) and [other](https://other.example/).",
        {"allow": ["python.org"]},
    ),
    "insecure": ("See [old site](http://old.example.org/page).", {}),
    "credentials": ("See [api](https://api.example.org/v1?token=s3cr3t).", {}),
    "local_target": ("Open [the wiki](https://wiki.corp.internal/).", {}),
    "loopback_target": ("Open [the server](https://localhost:8000/).", {}),
    "ip_target": ("See [the box](https://93.184.216.34/).", {}),
    "mixed_script_host": ("See [apple](https://\u0430pple.com/).", {}),
    "opener": ('<a href="https://new.example.org/" target="_blank">new window</a>', {}),
    "new_domain": ("See [new](https://brand-new.example.net/).", {"baseline": "base.json"}),
}
BASELINE = {
    "schema": 1,
    "site_url": "https://docs.example.com/",
    "totals": {},
    "domains": [{"domain": "python.org", "links": 1, "referring_pages": 1, "hosts": []}],
    "pages": [],
}


def _project(tmp_path: Path, rule: str, level: str) -> Path:
    body, options = CASES[rule]
    root = tmp_path / f"{rule}-{level}"
    config = write_project(
        root,
        {"index.md": "# Home\n\n## Links\n\n" + body + "\n"},
        {"plugins": plugin_config(rules={rule: level}, **options)},
    )
    if "baseline" in options:
        (root / "base.json").write_text(json.dumps(BASELINE), encoding="utf-8")
    return config


@pytest.mark.parametrize("level", ["ignore", "info", "warn", "error"])
@pytest.mark.parametrize("rule", list(CASES))
def test_each_rule_at_each_level_in_the_policy(rule: str, level: str) -> None:
    """Each rule finds its one link, at the level it is set to, and nothing else does."""
    body, options = CASES[rule]
    html = markdown.markdown(body)
    baseline = frozenset({"python.org"}) if "baseline" in options else None
    policy = _policy(
        levels={rule: level},
        deny=options.get("deny", []),
        allow=options.get("allow", []),
        baseline_domains=baseline,
    )
    page = collect_page_links(
        PageRef("index.md", "", "Home", ""),
        iter_links(html),
        lambda h: classify_url(h, SITE, PSL.registrable_domain),
        policy=policy,
    )
    found = [(f.rule, f.level) for f in page.findings]
    assert found == ([] if level == "ignore" else [(rule, level)])
    for finding in page.findings:  # the link, its secret never shown
        assert finding.message and "s3cr3t" not in finding.href + finding.message


# The build's wiring of the levels, once each, on one rule (the policy above covers each).
@pytest.mark.parametrize("level", ["ignore", "info", "warn", "error"])
@pytest.mark.parametrize("rule", ["insecure"])
def test_each_level_in_a_build(
    tmp_path: Path, rule: str, level: str, caplog: pytest.LogCaptureFixture
) -> None:
    config = _project(tmp_path, rule, level)
    if level == "error":  # fails any build, after writing the report
        with pytest.raises(Abort, match="Aborted with a BuildError"):
            build_project(config, allow_warnings=True)
        errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
        assert errors[0].startswith("linkroles: index.md:5 (section 'Links', #links): link '")
        assert f'To accept it: data-linkroles="ignore {rule}"' in errors[0]
        assert errors[-1] == (
            f"linkroles: 1 link breaks a rule set to error: {rule}; see the messages above."
        )
        report = json.loads((config.parent / "site" / "linkroles.json").read_text())
        assert [f["rule"] for f in report["findings"]] == [rule]
        return
    site = build_project(config, allow_warnings=level == "warn")
    ours = [r for r in site.messages if rule in r.getMessage() or "index.md" in r.getMessage()]
    report_rules = [f["rule"] for f in site.report["findings"]]
    if level == "ignore":
        assert report_rules == []
        assert not [r for r in ours if r.getMessage().startswith("linkroles: index.md")]
    else:
        assert report_rules == [rule]
        finding = site.report["findings"][0]
        assert finding["level"] == level
        assert finding["page"] == "index.md"
        assert finding["section"] == {"id": "links", "text": "Links", "level": 2}
        assert finding["line"] == 5
        [message] = [r for r in ours if r.getMessage().startswith("linkroles: index.md")]
        # Info findings one by one only with -v (debug); one line per rule sums them up.
        assert message.levelno == (logging.WARNING if level == "warn" else logging.DEBUG)
        text = message.getMessage()
        assert text.startswith("linkroles: index.md:5 (section 'Links', #links): link '")
        assert finding["message"] in text
        summary = [m for m in site.infos() if m.startswith("linkroles: 1 finding")]
        assert summary == [f"linkroles: 1 finding: 1 {rule} ({level})"]
        if level == "info":
            [line] = [m for m in site.infos() if m.startswith(f"linkroles: 1 {rule} (info): ")]
            assert line.endswith(text.removeprefix("linkroles: "))
    # --strict fails exactly when the level is warn.
    if level == "warn":
        with pytest.raises(Abort, match="in strict mode"):
            build_project(config, allow_warnings=True, strict=True)
    else:
        build_project(config, strict=True)


def test_findings_never_show_the_secret(build_site: Callable[..., BuiltSite]) -> None:
    site = build_site(
        {"index.md": "[api](https://user:pw@api.example.org/v1?token=s3cr3t)\n"},
        allow_warnings=True,
    )
    text = " ".join(site.warnings()) + json.dumps(site.report)
    assert "s3cr3t" not in text and "user:pw" not in text
    [finding] = site.report["findings"]
    assert finding["href"] == "https://***@api.example.org/v1?token=REDACTED"


def test_marker_silences_all_rules_or_the_named_ones(build_site: Callable[..., BuiltSite]) -> None:
    docs = {
        "index.md": (
            "[a](http://localhost:8000/){: data-linkroles=ignore }\n\n"
            '[b](http://localhost:9000/){: data-linkroles="ignore insecure" }\n\n'
            '[c](http://localhost:7000/){: data-linkroles="ignore nosuchrule" }\n'
        )
    }
    site = build_site(
        docs,
        {
            "plugins": plugin_config(rules={"insecure": "warn"}),
            "markdown_extensions": ["attr_list"],
        },
        allow_warnings=True,
    )
    found = [(f["href"], f["rule"]) for f in site.report["findings"]]
    assert found == [
        ("http://localhost:9000/", "loopback_target"),
        # localhost is not `insecure` (a local target): the marker excepts nothing.
        ("http://localhost:9000/", "unused_exception"),
        ("http://localhost:7000/", "loopback_target"),
    ]
    # What a marker accepts is reported as accepted, with the marker.
    assert [(f["href"], f["rule"], f["accepted_by"]) for f in site.report["accepted"]] == [
        ("http://localhost:8000/", "loopback_target", 'data-linkroles="ignore"')
    ]
    # Accepted links are still outbound links: recorded, and on their domain's page.
    assert [link["url"] for link in site.report["pages"][0]["links"]] == [
        "http://localhost:8000/",
        "http://localhost:9000/",
        "http://localhost:7000/",
    ]
    assert "http://localhost:8000/" in site.page(site.report["domains"][0]["page_url"])
    typo = [w for w in site.warnings() if "data-linkroles" in w]
    assert typo == [
        "linkroles: index.md: data-linkroles=\"ignore nosuchrule\" names no rule: 'nosuchrule'. "
        f"Use 'ignore' alone, or followed by rule names: {', '.join(RULES)}."
    ]


def test_exclude_drops_links_from_the_whole_analysis(build_site: Callable[..., BuiltSite]) -> None:
    site = build_site(
        {
            "index.md": "[a](https://ci.example.org/job/1) [b](http://ci.example.org/job/2) "
            "[c](https://python.org/)\n"
        },
        {"plugins": plugin_config(exclude=["ci.example.org"], rules={"insecure": "warn"})},
    )
    report = site.report
    assert [link["url"] for link in report["pages"][0]["links"]] == ["https://python.org/"]
    assert report["pages"][0]["counts"]["excluded"] == 2
    assert report["totals"]["excluded_links"] == 2
    assert report["findings"] == []
    assert [d["domain"] for d in report["domains"]] == ["python.org"]
    assert not (site.site_dir / "backlinks" / "example.org").exists()


def test_unknown_rule_or_level_is_a_config_error(tmp_path: Path) -> None:
    for rules, expected in (
        ({"nosuch": "warn"}, "unknown rule 'nosuch'; the rules are: denied_domain, "),
        ({"insecure": "loud"}, "rule 'insecure': level 'loud' is not one of: ignore, info, "),
        ("warn", "expected a mapping of rule names to levels, got str"),
    ):
        config = write_project(
            tmp_path / str(len(str(rules))),
            {"index.md": "x"},
            {"plugins": plugin_config(rules=rules)},
        )
        with pytest.raises(Abort, match="Aborted with a configuration error"):
            load_config(str(config))
        result = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "-f", str(config)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 1
        assert f"Plugin 'linkroles' option 'rules': {expected}" in result.stderr


def test_baseline_flow_reports_added_and_removed_and_fails_strict_on_new(tmp_path: Path) -> None:
    main_branch = write_project(
        tmp_path / "main",
        {"index.md": "[py](https://docs.python.org/3/) [old](https://old.example.org/)\n"},
    )
    base = build_project(main_branch)
    baseline = tmp_path / "baseline.json"
    shutil.copy(base.site_dir / "linkroles.json", baseline)

    pull_request = write_project(
        tmp_path / "pr",
        {"index.md": "[py](https://docs.python.org/3/) [new](https://new.example.net/)\n"},
        {"plugins": plugin_config(baseline=str(baseline), rules={"new_domain": "warn"})},
    )
    site = build_project(pull_request, allow_warnings=True)
    assert site.report["baseline"] == {
        "added_domains": ["example.net"],
        "removed_domains": ["example.org"],
        "added_links": 1,
        "removed_links": 1,
    }
    assert [f["rule"] for f in site.report["findings"]] == ["new_domain"]
    assert (
        "linkroles: against the baseline: 1 domain added (example.net), 1 removed "
        "(example.org); 1 link added, 1 removed" in site.infos()
    )
    with pytest.raises(Abort, match="in strict mode"):
        build_project(pull_request, allow_warnings=True, strict=True)

    # Accepting the new site: update the baseline; the strict build passes.
    shutil.copy(site.site_dir / "linkroles.json", baseline)
    accepted = build_project(pull_request, strict=True)
    assert accepted.report["baseline"]["added_domains"] == []


def test_baseline_from_the_environment_and_allow_accepts_new_domains(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The setup the documented CI workflow uses (demo_site/docs/ci.md): `baseline: !ENV [LINKROLES_BASELINE]`.
    baseline = tmp_path / "baseline.json"
    baseline.write_text(json.dumps(BASELINE), encoding="utf-8")
    root = tmp_path / "p"
    write_project(root, {"index.md": "[a](https://a.example.net/) [py](https://python.org/)"})
    config_text = (
        "site_name: Test\nsite_url: https://docs.example.com/\nplugins:\n  - linkroles:\n"
        "      baseline: !ENV [LINKROLES_BASELINE]\n      rules:\n        new_domain: warn\n"
    )
    (root / "mkdocs.yml").write_text(config_text, encoding="utf-8")
    monkeypatch.delenv("LINKROLES_BASELINE", raising=False)
    local = build_project(root / "mkdocs.yml")  # no variable: no baseline
    assert local.report["baseline"] is None and local.report["findings"] == []

    monkeypatch.setenv("LINKROLES_BASELINE", str(baseline))
    ci = build_project(root / "mkdocs.yml", allow_warnings=True)
    assert [(f["rule"], f["domain"]) for f in ci.report["findings"]] == [
        ("new_domain", "example.net")
    ]
    (root / "mkdocs.yml").write_text(
        config_text + "      allow: [python.org, example.net]\n", encoding="utf-8"
    )
    accepted = build_project(root / "mkdocs.yml", strict=True)
    assert accepted.report["findings"] == []
    assert accepted.report["baseline"]["added_domains"] == ["example.net"]


def test_baseline_that_is_not_a_report_is_a_clear_error(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    config = write_project(
        tmp_path / "p", {"index.md": "x"}, {"plugins": plugin_config(baseline=str(bad))}
    )
    with pytest.raises(Abort):
        build_project(config)
    [error] = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert error.startswith(f"linkroles: baseline {bad}: not valid JSON (")


def test_github_step_summary_gets_the_markdown_summary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    summary = tmp_path / "step-summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    config = write_project(
        tmp_path / "p", {"index.md": "[py](https://docs.python.org/3/) [x](http://x.example.org/)"}
    )
    build_project(config)
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n### Outbound links of `Test site`\n")
    assert "**2** external links to **2** domains" in text
    assert "| `python.org` | 1 | 1 |" in text
    assert "<code>insecure</code> (info): 1" in text


# Pure checks of the rule logic, on literal HTML.


def _findings(html: str, policy: Policy) -> list[tuple[str, str]]:
    page = collect_page_links(
        PageRef("p.md", "p/", "P", ""),
        iter_links(html),
        lambda h: classify_url(h, SITE, PSL.registrable_domain),
        policy=policy,
    )
    return [(f.rule, f.href) for f in page.findings]


def _policy(**kwargs: Any) -> Policy:
    return Policy(
        levels=dict(RULES, **kwargs.pop("levels", {})),
        deny=Patterns(kwargs.pop("deny", [])),
        allow=Patterns(kwargs.pop("allow", [])),
        **kwargs,
    )


def test_domain_and_url_patterns() -> None:
    deny = Patterns(
        ["example.com", "*.tracker.net", "http://*", "https://*/private/*", "müller.de"]
    )
    assert deny.match("https://example.com/", "example.com", "example.com")
    assert deny.match("https://www.example.com/", "www.example.com", "example.com")
    assert deny.match("https://a.tracker.net/", "a.tracker.net", "tracker.net")
    assert not deny.match("https://tracker.net/", "tracker.net", "tracker.net")
    assert deny.match("http://safe.org/", "safe.org", "safe.org")
    assert deny.match("https://safe.org/private/x", "safe.org", "safe.org")
    assert not deny.match("https://safe.org/public/x", "safe.org", "safe.org")
    assert deny.match("https://xn--mller-kva.de/", "xn--mller-kva.de", "xn--mller-kva.de")
    assert not Patterns([])


def test_local_and_ip_targets() -> None:
    html = "".join(
        f'<a href="{url}">x</a>'
        for url in (
            "https://localhost/",
            "https://intranet/",
            "https://printer.local/",
            "https://10.0.0.1/",
            "https://[::1]/",
            "https://169.254.1.1/",
            "https://8.8.8.8/",
            "https://[2606:4700::1111]/",
            "https://example.org/",
        )
    )
    assert _findings(html, _policy(levels={"local_target": "warn", "ip_target": "warn"})) == [
        ("loopback_target", "https://localhost/"),  # the reader's own machine: a tutorial's
        ("local_target", "https://intranet/"),
        ("local_target", "https://printer.local/"),
        ("local_target", "https://10.0.0.1/"),
        ("loopback_target", "https://[::1]/"),
        ("local_target", "https://169.254.1.1/"),
        ("ip_target", "https://8.8.8.8/"),
        ("ip_target", "https://[2606:4700::1111]/"),
    ]


def test_insecure_and_opener_details() -> None:
    html = (
        '<a href="http://a.org/">a</a>'  # insecure
        '<a href="http://localhost/">b</a>'  # local, not insecure: http is all it has
        '<a href="https://c.org/" target="_blank" rel="noopener">c</a>'
        '<a href="https://d.org/" target="_BLANK" rel="nofollow">d</a>'  # opener
        '<a href="https://e.org/" target="_self">e</a>'
    )
    found = _findings(html, _policy(levels={"local_target": "ignore", "loopback_target": "ignore"}))
    assert found == [("insecure", "http://a.org/"), ("opener", "https://d.org/")]


def test_marker_problems() -> None:
    assert marker_problems("") == []
    assert marker_problems("ignore") == []
    assert marker_problems("ignore insecure opener") == []
    assert marker_problems("ignore insecur") == ["insecur"]
    assert marker_problems("skip") == ["skip"]


def test_trailing_dot_names_are_the_same_names() -> None:
    # `printer.local.` once escaped `local_target`: a trailing dot is the DNS root, the
    # same name.
    urls = (
        "http://metadata.google.internal./computeMetadata/",
        "https://printer.local./",
        "https://foo.localhost./",
        "https://app.test./",
        "https://localhost./",
    )
    html = "".join(f'<a href="{url}">x</a>' for url in urls)
    assert _findings(html, _policy(levels={"local_target": "warn"})) == [
        ("local_target", urls[0]),
        ("local_target", urls[1]),
        ("loopback_target", urls[2]),
        ("local_target", urls[3]),
        ("loopback_target", urls[4]),
    ]
