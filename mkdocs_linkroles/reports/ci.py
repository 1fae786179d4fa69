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
INFORMATION_URI = "https://github.com/mkdocs-linkroles/mkdocs-linkroles"


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
    added: Iterable[tuple[str, str, str]], new: Mapping[str, Any]
) -> list[str]:
    """A notice per link that NEW adds (`linkroles diff --format github`), at its line."""
    lines = {
        (page["src_uri"], link["url"]): link.get("line")
        for page in new.get("pages", [])
        for link in page.get("links", [])
    }
    return [
        github_annotation(
            "info",
            f"new outbound link to {url}",
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


def sarif(report: Mapping[str, Any]) -> dict[str, Any]:
    """The report's findings as SARIF 2.1.0, for GitHub code scanning and other tools.

    One rule per audit rule, at the level this build gave it; one result per finding,
    located in the page's source file, at its line when known.
    """
    levels = report.get("rules") or RULES
    rules = [
        {
            "id": rule,
            "name": rule,
            "shortDescription": {"text": RULE_SUMMARIES[rule]},
            "helpUri": f"{INFORMATION_URI}/blob/main/demo_site/docs/rules.md",
            "defaultConfiguration": {"level": _SARIF_LEVEL[levels.get(rule, default)]},
        }
        for rule, default in RULES.items()
    ]
    index = {rule: position for position, rule in enumerate(RULES)}
    results = []
    for finding in report.get("findings", []):
        location: dict[str, Any] = {
            "artifactLocation": {
                "uri": artifact_uri(report.get("docs_dir"), finding["page"]),
                "uriBaseId": "%SRCROOT%",
            }
        }
        if finding.get("line"):
            location["region"] = {"startLine": finding["line"]}
        results.append(
            {
                "ruleId": finding["rule"],
                "ruleIndex": index[finding["rule"]],
                "level": _SARIF_LEVEL[finding["level"]],
                "message": {
                    "text": sarif_text_message(f"Link {finding['href']!r} {finding['message']}")
                },
                "locations": [{"physicalLocation": location}],
                "partialFingerprints": {
                    "linkrolesFinding/v1": f"{finding['rule']}:{finding['page']}:{finding['href']}"
                },
            }
        )
    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "mkdocs-linkroles",
                        "version": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": rules,
                    }
                },
                "results": results,
            }
        ],
    }


def sarif_text(report: Mapping[str, Any]) -> str:
    """`sarif(report)` as JSON text, keys in a fixed order, final newline."""
    return json_for_logs(json.dumps(sarif(report), indent=2, ensure_ascii=False) + "\n")


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
    """GitHub workflow commands for a build's findings (warn, error) and malformed links."""
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
    for page in graph.sorted_pages():
        for link in page.malformed:
            out.append(
                github_annotation(
                    "warn",
                    f"link {link.href!r} is not a valid URL: {link.reason}",
                    file=repository_path(docs_dir, page.page.src_uri),
                    line=link.line,
                )
            )
    return out
