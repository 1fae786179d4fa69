"""Findings where reviewers look: GitHub workflow annotations and SARIF for code scanning.

Both point at the Markdown source line of a link (`line` in the report), in the
repository: the report's `docs_dir` (the folder of the sources, relative to the
configuration file) joined with the page's `src_uri`.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any
from urllib.parse import quote

from mkdocs_linkroles import __version__
from mkdocs_linkroles.links.model import LinkGraph
from mkdocs_linkroles.links.records import Finding, Level
from mkdocs_linkroles.links.rules import RULE_SUMMARIES, RULES
from mkdocs_linkroles.safe import json_for_logs

_GITHUB_LEVEL = {"info": "notice", "warn": "warning", "error": "error"}
_SARIF_LEVEL = {"info": "note", "warn": "warning", "error": "error", "ignore": "none"}
SECURITY_SEVERITY: dict[str, str] = {
    "unsafe_link": "8.0",
    "gone_domain": "7.0",
    "credentials": "7.5",
    "secret_in_text": "7.5",
    "mixed_script_host": "6.5",
    "denied_domain": "6.0",
    "local_target": "4.0",
    "opener": "3.0",
    "insecure": "3.0",
}
"""The rules that are about security, with the `security-severity` code scanning ranks
them by (CVSS-like: 7.0 and over is high, 4.0 to 6.9 medium, under 4.0 low)."""

RULE_DETAILS: dict[str, str] = {
    "denied_domain": "The site lists domains it must not link to (`deny`); this link goes to "
    "one of them.",
    "unlisted_domain": "The site lists the only domains it may link to (`allow`); this link "
    "goes to another.",
    "insecure": "A link over plain http:// can be read and changed on the way; most sites "
    "offer https://.",
    "credentials": "The URL carries a user name and password, or a secret in a parameter or "
    "in its path (a token of a known shape): whoever reads the page can use it.",
    "local_target": "The link goes to a private address or an intranet name: readers outside "
    "the network cannot follow it, and it tells them about the network.",
    "loopback_target": "The link goes to the reader's own machine (localhost), as tutorials "
    "write: it works only where that server runs.",
    "ip_target": "The link goes to a bare public IP address, which breaks when the site moves.",
    "mixed_script_host": "The host name mixes scripts in one label (a Cyrillic letter in a "
    "Latin name): it can imitate another site (a homograph).",
    "opener": 'A link with target="_blank" and no rel="noopener" gives the opened page a '
    "handle on this one (tabnabbing), in older browsers.",
    "new_domain": "The build links to a domain that the baseline report (of the base branch) "
    "does not: a new site that readers are sent to, for a reviewer to look at.",
    "unsafe_link": "A javascript:, data: or vbscript: link runs code or shows content of the "
    "link's own making when it is followed.",
    "malformed_link": "The href is not a valid URL under the URL standard: browsers cannot "
    "follow it, or follow it somewhere else.",
    "secret_in_text": "A secret (a key, a token, a password) stands in a link's text or title: "
    "it is published with the page.",
    "unrendered_link": "Markdown link syntax stands as text in the built page (Markdown "
    "inside raw HTML is not read): readers see brackets, not a link.",
    "unused_exception": "A data-linkroles marker on a link excepts a rule the link does not "
    "break: the exception is stale.",
    "broken_link": "linkroles check found that the URL answers with a client error (404, "
    "410, ...): readers who follow it find nothing.",
    "redirected_link": "linkroles check found that the URL moved for good (301 or 308): the "
    "link works through a redirect that may not last; link to the final URL.",
    "gone_domain": "linkroles check found that the domain's name no longer resolves: a "
    "lapsed domain can be registered by anyone and serve anything to the readers the link "
    "sends there (broken-link hijacking).",
}
"""Each rule in a few sentences: SARIF's `fullDescription` and help."""


def repository_path(docs_dir: str | None, src_uri: str) -> str:
    """A page's source file as a path in the repository (`docs/guide/x.md`)."""
    if not docs_dir or docs_dir == ".":
        return src_uri
    return f"{docs_dir.rstrip('/')}/{src_uri}"


def github_annotation(
    level: Level, message: str, *, file: str | None = None, line: int | None = None
) -> str:
    """One GitHub Actions workflow command (`::warning file=...,line=...::message`).

    Escaped as GitHub's runner unescapes: a page cannot end the command early or start
    another (`%`, CR and LF in the message; also `:` and `,` in the properties).
    """
    properties = []
    if file:
        properties.append(f"file={_property(file)}")
        if line is not None:
            properties.append(f"line={line}")
    properties.append("title=linkroles")
    return f"::{_GITHUB_LEVEL.get(level, 'notice')} {','.join(properties)}::{_data(message)}"


def _data(text: str) -> str:
    # After the runner's own escapes: no `##[` (its legacy form) inside ours either.
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace("##[", "##%5B")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def finding_annotations(findings: Iterable[Mapping[str, Any]], docs_dir: str | None) -> list[str]:
    """An annotation per finding of a report (`findings[]`), at its source line."""
    return [
        github_annotation(
            finding["level"],
            f"{finding['rule']}: link {finding['href']!r} {finding['message']}",
            file=repository_path(docs_dir, finding["page"]),
            line=finding.get("line"),
        )
        for finding in findings
        if finding["level"] in _GITHUB_LEVEL
    ]


def added_link_annotations(
    added: Iterable[tuple[str, str, str]], new: Mapping[str, Any], *, broken: bool = False
) -> list[str]:
    """A notice per link that NEW adds (`linkroles diff --format github`), at its line.

    With `broken`: a warning per link that broke since the old report.
    """
    lines = {
        (page["src_uri"], link["url"]): link.get("line")
        for page in new.get("pages", [])
        for link in page.get("links", [])
    }
    return [
        github_annotation(
            "warn" if broken else "info",
            f"link to {url} broke since the old report"
            if broken
            else f"new outbound link to {url}",
            file=repository_path(new.get("docs_dir"), page),
            line=lines.get((page, url)),
        )
        for _site, page, url in added
    ]


def artifact_uri(docs_dir: str | None, src_uri: str) -> str:
    """A page's source file as a SARIF artifact URI, relative to the repository.

    Relative to the `%SRCROOT%` base, percent-encoded, never absolute, above the root or of
    a scheme: `a b#c%.md` is `docs/a%20b%23c%25.md`; a `:` is encoded too, so that no name reads as
    a scheme (`javascript%3Aalert(1).md`).
    """
    path = posixpath.normpath(repository_path(docs_dir, src_uri).replace("\\", "/"))
    if path.startswith(("../", "/")) or path == "..":  # the sources lie outside: the page alone
        path = posixpath.normpath(src_uri.replace("\\", "/")).lstrip("/")
        path = "/".join(part for part in path.split("/") if part != "..")
    return quote(path, safe="/")


def sarif_text_message(text: str) -> str:
    r"""A SARIF plain-text message: brackets and backslashes escaped (`\[`).

    So that no text becomes one of SARIF's embedded links (`[text](https://...)`).
    """
    return _SARIF_SPECIAL.sub(r"\\\g<0>", text)


_SARIF_SPECIAL = re.compile(r"[\\\[\]]")


def sarif(report: Mapping[str, Any], docs_url: str | None = None) -> dict[str, Any]:
    """The report's findings as SARIF 2.1.0, for GitHub code scanning and other tools.

    One rule per audit rule, at the level this build gave it, with its descriptions, help
    and (for the security rules) `security-severity`; one result per finding, located in
    the page's source file, at its line and column when known; accepted links as results
    with `suppressions` (code scanning shows them as dismissed). `docs_url`: where this
    documentation is published, for each rule's `helpUri` (none without it).
    """
    levels = report.get("rules") or RULES
    rules = [
        _sarif_rule(rule, levels.get(rule, default), docs_url) for rule, default in RULES.items()
    ]
    index = {rule: position for position, rule in enumerate(RULES)}
    results = [_sarif_result(finding, report, index) for finding in report.get("findings", [])]
    for finding in report.get("accepted", []):
        result = _sarif_result(finding, report, index)
        result["suppressions"] = [
            {"kind": "external", "justification": sarif_text_message(finding["accepted_by"])}
        ]
        results.append(result)
    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "mkdocs-linkroles",
                        "version": __version__,
                        **({"informationUri": docs_url} if docs_url else {}),
                        "rules": rules,
                    }
                },
                "results": results,
            }
        ],
    }


def _sarif_rule(rule: str, level: str, docs_url: str | None) -> dict[str, Any]:
    """One rule of the SARIF driver: its descriptions, help, level and security metadata."""
    properties: dict[str, Any] = {"tags": ["links"]}
    if rule in SECURITY_SEVERITY:
        properties = {"tags": ["links", "security"], "security-severity": SECURITY_SEVERITY[rule]}
    help_text = (
        f'{RULE_DETAILS[rule]} Accept one link with data-linkroles="ignore {rule}", a '
        f"pattern with accept: {{{rule}: [pattern]}}, or the rule with rules: {{{rule}: "
        "info}} in the plugin's options."
    )
    return {
        "id": rule,
        "name": rule,
        "shortDescription": {"text": RULE_SUMMARIES[rule]},
        "fullDescription": {"text": RULE_DETAILS[rule]},
        "help": {"text": help_text},
        **({"helpUri": f"{docs_url.rstrip('/')}/rules/#{rule}"} if docs_url else {}),
        "defaultConfiguration": {"level": _SARIF_LEVEL[level]},
        "properties": properties,
    }


def _sarif_result(
    finding: Mapping[str, Any], report: Mapping[str, Any], index: Mapping[str, int]
) -> dict[str, Any]:
    """One finding as a SARIF result, at its line and column when known."""
    location: dict[str, Any] = {
        "artifactLocation": {
            "uri": artifact_uri(report.get("docs_dir"), finding["page"]),
            "uriBaseId": "%SRCROOT%",
        }
    }
    if finding.get("line"):
        region: dict[str, int] = {"startLine": finding["line"]}
        if finding.get("column"):
            region["startColumn"] = finding["column"]
        location["region"] = region
    return {
        "ruleId": finding["rule"],
        "ruleIndex": index[finding["rule"]],
        "level": _SARIF_LEVEL[finding["level"]],
        "message": {"text": sarif_text_message(f"Link {finding['href']!r} {finding['message']}")},
        "locations": [{"physicalLocation": location}],
        "partialFingerprints": {
            "linkrolesFinding/v1": f"{finding['rule']}:{finding['page']}:{finding['href']}"
        },
    }


def sarif_text(report: Mapping[str, Any], docs_url: str | None = None) -> str:
    """`sarif(report)` as JSON text, keys in a fixed order, final newline."""
    return json_for_logs(json.dumps(sarif(report, docs_url), indent=2, ensure_ascii=False) + "\n")


def info_lines(findings: Sequence[Finding]) -> list[str]:
    """One line per rule for the findings at level `info`: their number and the first.

    Info findings are many on real sites (every old `http://` link); each is given only
    with `mkdocs build -v` (or `linkroles scan -v`).
    """
    by_rule: dict[str, list[Finding]] = {}
    for finding in findings:
        if finding.level == "info":
            by_rule.setdefault(finding.rule, []).append(finding)
    return [
        f"linkroles: {len(found)} {rule} (info): {RULE_SUMMARIES[rule]} The first: "
        f"{found[0].describe()}" + (" Each, with -v." if len(found) > 1 else "")
        for rule, found in by_rule.items()
    ]


def build_annotations(
    findings: Sequence[Finding], graph: LinkGraph, docs_dir: str | None
) -> list[str]:
    """GitHub workflow commands for a build's findings at `warn` and `error`.

    Malformed and unsafe links among them: they are findings like the others.
    """
    out = [
        github_annotation(
            finding.level,
            f"{finding.rule}: link {finding.href!r} {finding.message}",
            file=repository_path(docs_dir, finding.page),
            line=finding.line,
        )
        for finding in findings
        if finding.level in ("warn", "error")
    ]
    return out
