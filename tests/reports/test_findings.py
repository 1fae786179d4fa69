"""Every link problem a reviewer should see is a finding (issue 32): unsafe, malformed and
unrendered links, secrets in texts, stale exceptions; in the report, the messages, the
annotations and SARIF, with the metadata code scanning uses."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from helpers import BuiltSite, build_project, plugin_config, write_project

from mkdocs_linkroles.cli import main
from mkdocs_linkroles.reading.unrendered import unrendered_links

SCHEMA = json.loads(
    (Path(__file__).parents[1] / "sarif" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8")
)

PAGE = """\
# Buttons

## Demo

A [demo button][Demo] and [a key AKIAIOSFODNN7EXAMPLE here](https://aws.example.org/).
A [token in the path](https://gitlab.example.com/glpat-abcdefghij0123456789/x).
Broken: <a href="http://[::1">the host</a>.

<details><summary>More</summary>
See [GitHub](https://github.com/squidfunk/mkdocs-material) for more.
</details>

`[not a link](https://example.com/)` and

    [indented code](https://example.com/code)

<pre>[pre text](https://example.com/pre)</pre> <kbd>[k](https://example.com/k)</kbd>
A citation [1](2) and [note](./x.md) are not web links.

[staging](https://staging.example.net/){: data-linkroles="ignore insecure" }
[jwt](https://jwt.io/#t=abc) [old](http://old.example.org/){: data-linkroles="ignore insecure" }

  [Demo]: javascript:alert('hello')
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    root = tmp_path_factory.mktemp("findings")
    options = plugin_config(
        rules={"unsafe_link": "warn", "unused_exception": "warn"},
        accept={"insecure": ["http://nothing.example/*"]},
        exclude=["never.example.com"],
    )
    config = write_project(
        root,
        {"buttons.md": PAGE},
        {"plugins": options, "markdown_extensions": ["attr_list"]},
    )
    return build_project(config, allow_warnings=True)


def found(site: BuiltSite) -> list[tuple[str, str, int | None]]:
    return [(f["rule"], f["href"], f.get("line")) for f in site.report["findings"]]


def test_each_new_case_is_a_finding_at_its_line(built: BuiltSite) -> None:
    assert found(built) == [
        ("unsafe_link", "javascript:alert('hello')", 23),
        ("secret_in_text", "https://aws.example.org/", 5),
        ("credentials", "https://gitlab.example.com/REDACTED/x", 6),
        ("malformed_link", "http://[::1", 7),
        ("unused_exception", "https://staging.example.net/", 20),
        ("unrendered_link", "https://github.com/squidfunk/mkdocs-material", 10),
    ]
    by_rule = {f["rule"]: f for f in built.report["findings"]}
    assert by_rule["unsafe_link"]["column"] == 11  # where the href starts on its line
    assert by_rule["unrendered_link"]["domain"] == ""
    # What was removed is never shown: the key in the text, the token in the path.
    everything = json.dumps(built.report)
    assert "AKIAIOSFODNN7EXAMPLE" not in everything and "glpat-abcdef" not in everything


def test_code_and_text_that_only_looks_like_a_link_are_not_flagged(built: BuiltSite) -> None:
    hrefs = {f["href"] for f in built.report["findings"]}
    for quiet in ("example.com/", "example.com/code", "example.com/pre", "example.com/k"):
        assert not any(h.endswith(quiet) for h in hrefs)
    assert unrendered_links("<p>[1](2) [a](./x.md) [](https://e.org/) x](https://e.org/)</p>") == []


def test_unrendered_links_are_found_in_any_case_and_only_outside_code() -> None:
    html = (
        "<pre><code>a[i](x) [b](https://code.example/)</code></pre>"
        "<details><p>[Docs](HTTPS://Docs.Example/a) and [mail](MailTo:x@example.org)</p>"
        "<p>[</p><p>nope](https://e.org/)</p></details>"
    )
    assert [(u.text, u.url) for u in unrendered_links(html)] == [
        ("Docs", "HTTPS://Docs.Example/a"),
        ("mail", "MailTo:x@example.org"),
    ]
    assert unrendered_links("<script>f[0](x); g[1](y)</script><p>a](b)</p>") == []
    # The quick look for a candidate is as blind to case as the reading.
    assert [u.url for u in unrendered_links("<div>[a](Http://x.org/)</div>")] == ["Http://x.org/"]


def test_accepted_findings_are_reported_as_accepted(built: BuiltSite) -> None:
    accepted = [(f["rule"], f["href"], f["accepted_by"]) for f in built.report["accepted"]]
    assert accepted == [("insecure", "http://old.example.org/", 'data-linkroles="ignore insecure"')]


def test_stale_patterns_are_named_with_their_option(built: BuiltSite) -> None:
    stale = [w for w in built.warnings() if "matched no link" in w]
    assert stale == [
        "linkroles: the accept pattern 'http://nothing.example/*' for insecure matched no link "
        "in this build: it excepts nothing. Remove it from the plugin's options (rule "
        "unused_exception).",
        "linkroles: the exclude pattern 'never.example.com' matched no link in this build: it "
        "excepts nothing. Remove it from the plugin's options (rule unused_exception).",
    ]
    # The plugin's own default (jwt.io for credentials) is not the site's to remove.
    assert not any("jwt.io" in w for w in stale)


def test_warnings_start_with_the_page_and_line_and_name_the_fix(built: BuiltSite) -> None:
    warnings = [w for w in built.warnings() if "buttons.md:" in w]
    assert len(warnings) == 6
    assert all(w.startswith("linkroles: buttons.md:") and "To accept it" in w for w in warnings)


def test_annotations_and_sarif_carry_every_finding(
    built: BuiltSite,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    report = built.site_dir / "linkroles.json"
    code = main(
        ["summary", "--format", "sarif", "--docs-url", "https://docs.example.org/x/", str(report)]
    )
    assert code == 0
    log = json.loads(capsys.readouterr().out)
    jsonschema.validate(log, SCHEMA)
    [run] = log["runs"]
    rules = {rule["id"]: rule for rule in run["tool"]["driver"]["rules"]}
    assert rules["unsafe_link"]["helpUri"] == "https://docs.example.org/x/rules/#unsafe_link"
    assert rules["unsafe_link"]["fullDescription"]["text"]
    assert rules["credentials"]["properties"] == {
        "tags": ["links", "security"],
        "security-severity": "7.5",
    }
    assert (
        "security" not in rules["insecure"]["properties"]["tags"]
        or rules["insecure"]["properties"]["security-severity"]
    )
    results = [(r["ruleId"], "suppressions" in r) for r in run["results"]]
    assert ("malformed_link", False) in results and ("unrendered_link", False) in results
    assert ("insecure", True) in results  # accepted: dismissed in code scanning
    [suppressed] = [r for r in run["results"] if "suppressions" in r]
    assert suppressed["suppressions"] == [
        {"kind": "external", "justification": 'data-linkroles="ignore insecure"'}
    ]
    [unsafe] = [r for r in run["results"] if r["ruleId"] == "unsafe_link"]
    assert unsafe["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 23,
        "startColumn": 11,
    }
    # Without --docs-url, no link to a page that may not exist: the help as text.
    assert main(["summary", "--format", "sarif", str(report)]) == 0
    bare = json.loads(capsys.readouterr().out)["runs"][0]["tool"]["driver"]
    assert "informationUri" not in bare and all("helpUri" not in r for r in bare["rules"])
    assert all(r["help"]["text"] for r in bare["rules"])


def test_unsafe_links_fail_the_build_by_default(tmp_path: Path) -> None:
    from mkdocs.exceptions import Abort

    config = write_project(tmp_path, {"index.md": "[Demo]\n\n[Demo]: javascript:alert(1)\n"})
    with pytest.raises(Abort):
        build_project(config, allow_warnings=True)
    report = json.loads((tmp_path / "site" / "linkroles.json").read_text(encoding="utf-8"))
    assert [(f["rule"], f["level"], f["line"]) for f in report["findings"]] == [
        ("unsafe_link", "error", 3)
    ]
