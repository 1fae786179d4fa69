"""Work on reports: summaries, diffs and merges, for the command line and for CI.

Pure: every function takes report data (as `load_report` or `build_report` give it) and
returns plain values or text. Nothing here touches MkDocs.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from mkdocs_linkroles import __version__
from mkdocs_linkroles.links.classify import unicode_host
from mkdocs_linkroles.links.rules import RULES
from mkdocs_linkroles.reports.report import SCHEMA
from mkdocs_linkroles.safe import json_for_logs, markdown_code, spreadsheet_cell, visible

Report = Mapping[str, Any]

TOP_DOMAINS = 10
"""How many domains a summary lists."""


def iter_report_links(report: Report) -> Iterator[tuple[Mapping[str, Any], Mapping[str, Any]]]:
    """(page, link) for every external link of the report, in report order."""
    for page in report.get("pages", []):
        for link in page.get("links", []):
            yield page, link


def link_keys(report: Report) -> Counter[tuple[str, str, str]]:
    """How often each (site, page, URL) occurs: a page may link to one URL twice."""
    site = report.get("site_url") or ""
    return Counter(
        (page.get("site", site) or "", page["src_uri"], link["url"])
        for page, link in iter_report_links(report)
    )


def domain_names(report: Report) -> set[str]:
    """The linked domains of a report."""
    return {domain["domain"] for domain in report.get("domains", [])}


@dataclass(frozen=True, slots=True)
class ReportDiff:
    """What changed between two reports."""

    added_domains: tuple[str, ...]
    removed_domains: tuple[str, ...]
    added_links: tuple[tuple[str, str, str], ...]
    """(site, page, URL), sorted; a link added twice appears twice."""
    removed_links: tuple[tuple[str, str, str], ...]
    broken_links: tuple[tuple[str, str, str], ...] = ()
    """(site, page, URL) of links whose URL the new report's `health` finds broken or gone
    and the old one did not: a link that broke since the old report is new to review."""

    @property
    def added(self) -> bool:
        """Whether the new report has anything to review that the old one did not."""
        return bool(self.added_domains or self.added_links or self.broken_links)

    def as_counts(self) -> dict[str, Any]:
        """The short form a build's report keeps: domains by name, links counted."""
        return {
            "added_domains": list(self.added_domains),
            "removed_domains": list(self.removed_domains),
            "added_links": len(self.added_links),
            "removed_links": len(self.removed_links),
        }

    def as_data(self) -> dict[str, Any]:
        """The diff as JSON-ready data (the `diff --format json` output)."""
        return {
            "added_domains": list(self.added_domains),
            "removed_domains": list(self.removed_domains),
            "added_links": [_link_data(key) for key in self.added_links],
            "removed_links": [_link_data(key) for key in self.removed_links],
            # Only where both reports carry `health` and a link broke in between.
            **(
                {"broken_links": [_link_data(key) for key in self.broken_links]}
                if self.broken_links
                else {}
            ),
        }


def _link_data(key: tuple[str, str, str]) -> dict[str, str]:
    site, page, url = key
    return {"site": site, "page": page, "url": url} if site else {"page": page, "url": url}


def diff_links(
    old_links: Counter[tuple[str, str, str]],
    new_links: Counter[tuple[str, str, str]],
    old_domains: set[str],
    new_domains: set[str],
) -> ReportDiff:
    """Compare two link multisets and their domains."""
    return ReportDiff(
        added_domains=tuple(sorted(new_domains - old_domains)),
        removed_domains=tuple(sorted(old_domains - new_domains)),
        added_links=tuple(sorted((new_links - old_links).elements())),
        removed_links=tuple(sorted((old_links - new_links).elements())),
    )


def diff_reports(old: Report, new: Report) -> ReportDiff:
    """What `new` links to that `old` did not, and the other way round.

    Links are compared by site, page and URL, so a link that moves to another page counts
    as removed from one and added to the other. Sites are compared without their `site_url`
    when both reports are of one site each, so that a changed `site_url` is not a change of
    every link.
    """
    old_keys, new_keys = link_keys(old), link_keys(new)
    if "sites" not in old and "sites" not in new:
        old_keys = Counter({("", page, url): n for (_, page, url), n in old_keys.items()})
        new_keys = Counter({("", page, url): n for (_, page, url), n in new_keys.items()})
    diff = diff_links(old_keys, new_keys, domain_names(old), domain_names(new))
    was_broken, now_broken = _broken(old), _broken(new)
    broken = tuple(sorted(key for key in new_keys if key[2] in now_broken - was_broken))
    return replace(diff, broken_links=broken) if broken else diff


def _broken(report: Report) -> set[str]:
    """The URLs a report's `health` finds broken, or on a domain that is gone."""
    health = report.get("health") or {}
    urls = health.get("urls") or {}
    gone = {d for d, h in (health.get("domains") or {}).items() if not h.get("resolves", True)}
    broken = {url for url, h in urls.items() if h.get("status") == "broken"}
    if gone:
        broken |= {
            link["url"] for _, link in iter_report_links(report) if link.get("domain") in gone
        }
    return broken


def diff_against(
    baseline: Report, links: Counter[tuple[str, str, str]], domains: set[str]
) -> ReportDiff:
    """Compare a build's links with its baseline report.

    `links` as `LinkGraph.link_keys` gives them: the site left empty, as in one-site diffs.
    """
    old = Counter({("", page, url): n for (_, page, url), n in link_keys(baseline).items()})
    return diff_links(old, links, domain_names(baseline), domains)


def findings_by_rule(report: Report) -> dict[str, list[Mapping[str, Any]]]:
    """The report's findings grouped by rule, rules in their documented order."""
    grouped: dict[str, list[Mapping[str, Any]]] = {}
    for finding in report.get("findings", []):
        grouped.setdefault(finding["rule"], []).append(finding)
    order = {rule: index for index, rule in enumerate(RULES)}
    return dict(sorted(grouped.items(), key=lambda item: order.get(item[0], len(order))))


def findings_line(report: Report) -> str:
    """One line: how many findings of each rule, with their levels."""
    return tally_line((f["rule"], f["level"]) for f in report.get("findings", []))


def tally_line(findings: Iterable[tuple[str, str]]) -> str:
    """One line from (rule, level) pairs: `3 findings: 2 insecure (info), 1 opener (info)`."""
    counts: Counter[tuple[str, str]] = Counter(findings)
    if not counts:
        return "no findings"
    order = {rule: index for index, rule in enumerate(RULES)}
    parts = [
        f"{n} {rule} ({level})"
        for (rule, level), n in sorted(counts.items(), key=lambda i: (order.get(i[0][0], 99), i))
    ]
    total = sum(counts.values())
    return f"{total} finding{'s' if total != 1 else ''}: " + ", ".join(parts)


def summary_data(report: Report, *, top: int = TOP_DOMAINS) -> dict[str, Any]:
    """What a summary shows, as data (the `summary --format json` output)."""
    return {
        "site_url": report.get("site_url"),
        "generator": report.get("generator"),
        "totals": dict(report.get("totals", {})),
        "top_domains": [
            {
                "domain": d["domain"],
                "domain_unicode": d.get("domain_unicode", d["domain"]),
                "links": d["links"],
                "referring_pages": d["referring_pages"],
                **({"referring_sites": d["referring_sites"]} if "referring_sites" in d else {}),
            }
            for d in report.get("domains", [])[:top]
        ],
        "findings": {
            rule: {"level": items[0]["level"], "count": len(items), "items": list(items)}
            for rule, items in findings_by_rule(report).items()
        },
        "baseline": report.get("baseline"),
    }


def summary_text(report: Report, *, top: int = TOP_DOMAINS) -> str:
    """A summary for a terminal."""
    data = summary_data(report, top=top)
    totals = data["totals"]
    lines = [
        f"Site: {data['site_url'] or '(no site_url)'} ({data['generator']})",
        f"Pages: {totals.get('pages', 0)}, {totals.get('pages_with_external_links', 0)} with "
        f"external links; external links: {totals.get('external_links', 0)} to "
        f"{totals.get('domains', 0)} domains",
        "",
        "Top domains:" if data["top_domains"] else "No external links.",
    ]
    for d in data["top_domains"]:
        lines.append(
            f"  {d['links']:>6}  {d['domain_unicode']}  ({_count(d['referring_pages'], 'page')}"
            + (f", {_count(d['referring_sites'], 'site')})" if "referring_sites" in d else ")")
        )
    lines += ["", f"Findings: {sum(g['count'] for g in data['findings'].values())}"]
    for rule, group in data["findings"].items():
        lines.append(f"  {rule} ({group['level']}): {group['count']}")
        for item in group["items"]:
            lines.append(f"    {_where(item)}  {item['href']}")
    if data["baseline"]:
        lines += ["", "Against the baseline: " + baseline_line(data["baseline"])]
    return "\n".join(map(visible, lines)) + "\n"


def summary_markdown(report: Report, *, top: int = TOP_DOMAINS, site: str = "") -> str:
    """A summary that reads well as a pull-request comment or a GitHub job summary.

    Every value from the report goes in a code span (`safe.markdown_code`): no mention, no
    link, no HTML; the numbers and rule names were checked when the report was loaded.
    """
    data = summary_data(report, top=top)
    totals = data["totals"]
    heading = "### Outbound links" + (f" of {markdown_code(site, in_table=False)}" if site else "")
    lines = [
        heading,
        "",
        f"**{totals.get('external_links', 0)}** external links to "
        f"**{totals.get('domains', 0)}** domains from "
        f"**{totals.get('pages_with_external_links', 0)}** of {totals.get('pages', 0)} pages. "
        + findings_line(report).capitalize()
        + ".",
    ]
    if data["baseline"]:
        lines += ["", "Against the baseline: " + baseline_line(data["baseline"], _code) + "."]
    if data["top_domains"]:
        sites = any("referring_sites" in d for d in data["top_domains"])
        lines += [
            "",
            "| Domain | Links | Pages |" + (" Sites |" if sites else ""),
            "| --- | ---: | ---: |" + (" ---: |" if sites else ""),
        ]
        for d in data["top_domains"]:
            lines.append(
                f"| {markdown_code(d['domain_unicode'])} | {d['links']} | {d['referring_pages']} |"
                + (f" {d.get('referring_sites', '')} |" if sites else "")
            )
    for rule, group in data["findings"].items():
        lines += [
            "",
            f"<details><summary><code>{rule}</code> ({group['level']}): {group['count']}</summary>",
            "",
            "| Page | Link | Message |",
            "| --- | --- | --- |",
        ]
        for item in group["items"]:
            lines.append(
                f"| {markdown_code(_where(item))} | {markdown_code(item['href'])} "
                f"| {markdown_code(item['message'])} |"
            )
        lines += ["", "</details>"]
    return "\n".join(lines) + "\n"


CSV_FIELDS = (
    "site", "page", "page_url", "section_id", "section", "url", "host", "domain",
    "text", "title", "rel", "target",
)  # fmt: skip


def summary_csv(report: Report) -> str:
    """One row per link, for spreadsheets.

    No cell is read as a formula (see `safe.spreadsheet_cell`), and each row is one line.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    site = report.get("site_url") or ""
    for page, link in iter_report_links(report):
        section = link.get("section") or {}
        row = [
            page.get("site", site) or "",
            page["src_uri"],
            page["url"],
            section.get("id") or "",
            section.get("text", ""),
            link["url"],
            link["host"],
            link["domain"],
            link["text"],
            link["title"],
            " ".join(link["rel"]),
            link["target"],
        ]
        writer.writerow([spreadsheet_cell(cell) for cell in row])
    return out.getvalue()


def diff_text(diff: ReportDiff) -> str:
    """A diff for a terminal: `+`/`-` lines, domains first."""
    if not (diff.added or diff.removed_domains or diff.removed_links):
        return "No change in outbound links.\n"
    lines = [
        f"Domains: +{len(diff.added_domains)} -{len(diff.removed_domains)}; "
        f"links: +{len(diff.added_links)} -{len(diff.removed_links)}"
    ]
    lines += [f"+ domain {unicode_host(d)}" for d in diff.added_domains]
    lines += [f"- domain {unicode_host(d)}" for d in diff.removed_domains]
    lines += [f"+ {_key_text(key)}" for key in diff.added_links]
    lines += [f"- {_key_text(key)}" for key in diff.removed_links]
    lines += [f"! broken since: {_key_text(key)}" for key in diff.broken_links]
    return "\n".join(map(visible, lines)) + "\n"


def diff_markdown(diff: ReportDiff) -> str:
    """A diff that reads well as a pull-request comment (values in code spans)."""
    lines = ["### Outbound links: changes", ""]
    if not (diff.added or diff.removed_domains or diff.removed_links):
        return "\n".join([*lines, "No change in outbound links."]) + "\n"
    lines.append(
        f"{_count_bold(len(diff.added_domains), 'domain')} added, "
        f"**{len(diff.removed_domains)}** removed; "
        f"{_count_bold(len(diff.added_links), 'link')} added, "
        f"**{len(diff.removed_links)}** removed."
    )
    for label, domains in (("New domains", diff.added_domains), ("Gone", diff.removed_domains)):
        if domains:
            lines += ["", f"{label}: " + ", ".join(_code(unicode_host(d)) for d in domains)]
    for label, keys in (
        ("Added", diff.added_links),
        ("Removed", diff.removed_links),
        ("Newly broken", diff.broken_links),
    ):
        if keys:
            lines += [
                "",
                f"<details><summary>{label} links: {len(keys)}</summary>",
                "",
                "| Page | URL |",
                "| --- | --- |",
            ]
            lines += [
                f"| {markdown_code(_key_page(key))} | {markdown_code(key[2])} |" for key in keys
            ]
            lines += ["", "</details>"]
    return "\n".join(lines) + "\n"


def merge_reports(reports: Sequence[Report]) -> dict[str, Any]:
    """One report for several sites: pages keep their site, domains count referring sites.

    Reports that are themselves merged can be merged again.
    """
    sites: list[dict[str, Any]] = []
    pages: list[dict[str, Any]] = []
    findings: list[dict[str, Any]] = []
    for report in reports:
        if "sites" in report:  # already merged; a crafted one may lack the pages' sites
            sites.extend(report["sites"])
            pages.extend({"site": "", **page} for page in report["pages"])
            findings.extend({"site": "", **f} for f in report.get("findings", []))
            continue
        site = report.get("site_url") or ""
        totals = report.get("totals") or {}  # optional in the schema
        sites.append({"site_url": site, "generator": report.get("generator"), "totals": totals})
        pages.extend({"site": site, **page} for page in report.get("pages", []))
        findings.extend({"site": site, **f} for f in report.get("findings", []))
    pages.sort(key=lambda p: (p["site"], p["src_uri"]))
    domains = _merged_domains(reports, pages)
    totals = Counter[str]()
    for site in sites:
        totals.update(site["totals"])
    totals["domains"] = len(domains)
    totals["hosts"] = sum(len(d["hosts"]) for d in domains)
    totals["sites"] = len(sites)
    return {
        "schema": SCHEMA,
        "generator": f"mkdocs-linkroles {__version__}",
        "site_url": None,
        "sites": sites,
        "totals": dict(sorted(totals.items())),
        "rules": {},
        "baseline": None,
        "domains": domains,
        "findings": findings,
        "pages": pages,
    }


def _merged_domains(reports: Iterable[Report], pages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    kinds = {d["domain"]: d.get("kind", "name") for r in reports for d in r.get("domains", [])}
    links: Counter[str] = Counter()
    hosts: dict[str, Counter[str]] = {}
    referring_pages: dict[str, set[tuple[str, str]]] = {}
    referring_sites: dict[str, set[str]] = {}
    for page in pages:
        for link in page.get("links", []):
            domain = link["domain"]
            links[domain] += 1
            hosts.setdefault(domain, Counter())[link["host"]] += 1
            referring_pages.setdefault(domain, set()).add((page["site"], page["src_uri"]))
            referring_sites.setdefault(domain, set()).add(page["site"])
    return [
        {
            "domain": domain,
            "domain_unicode": unicode_host(domain),
            "kind": kinds.get(domain, "name"),
            "links": count,
            "referring_pages": len(referring_pages[domain]),
            "referring_sites": len(referring_sites[domain]),
            "hosts": [
                {"host": host, "host_unicode": unicode_host(host), "links": n}
                for host, n in sorted(hosts[domain].items(), key=lambda h: (-h[1], h[0]))
            ],
            "page_url": None,
        }
        for domain, count in sorted(links.items(), key=lambda d: (-d[1], d[0]))
    ]


def baseline_line(
    baseline: Mapping[str, Any], name: Callable[[str], str] = lambda text: text
) -> str:
    """One line on a build's comparison with its baseline (`ReportDiff.as_counts()`).

    `name` shows each domain (in Markdown: a code span).
    """
    added, removed = baseline.get("added_domains", []), baseline.get("removed_domains", [])
    text = f"{_count(len(added), 'domain')} added"
    if added:
        text += " (" + ", ".join(name(unicode_host(d)) for d in added[:10])
        text += ", …)" if len(added) > 10 else ")"
    text += f", {len(removed)} removed"
    if removed:
        text += " (" + ", ".join(name(unicode_host(d)) for d in removed[:10])
        text += ", …)" if len(removed) > 10 else ")"
    return (
        text + f"; {_count(baseline.get('added_links', 0), 'link')} added, "
        f"{baseline.get('removed_links', 0)} removed"
    )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _count_bold(number: int, noun: str) -> str:
    """`_count` with the number in bold, for Markdown (`**1** domain`)."""
    return f"**{number}** {noun}{'' if number == 1 else 's'}"


def _where(finding: Mapping[str, Any]) -> str:
    where = str(finding["page"])
    if isinstance(finding.get("line"), int):
        where += f":{finding['line']}"  # the source line: editors and terminals follow it
    if finding.get("site"):
        where = f"{finding['site']} {where}"
    section = finding.get("section")
    if section and section.get("id"):
        where += f"#{section['id']}"
    return where


def _key_text(key: tuple[str, str, str]) -> str:
    return f"{_key_page(key)}: {key[2]}"


def _key_page(key: tuple[str, str, str]) -> str:
    site, page, _ = key
    return f"{site} {page}" if site else page


def _code(text: str) -> str:
    return markdown_code(text, in_table=False)


def dump_json(data: Any) -> str:
    r"""JSON for the command line: indented, keys in their given order, final newline.

    Readable text stays as it is; what a terminal would act on or hide (controls, bidi and
    invisible characters, see `safe.visible`) is written as a `\uXXXX` escape, which JSON
    readers decode back.
    """
    return json_for_logs(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
