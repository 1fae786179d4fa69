"""One run of the analysis, whatever hosts it: the plugin's build or `linkroles scan`.

A `Run` owns every step between a page's HTML and what is said and written about it:
set-up from the validated options, reading one page (links, source lines, `<base>`,
findings), the theme's links, the link graph, the comparison with a baseline, the report,
the closing messages and the CI annotations. The two front ends only adapt their host to
it: the plugin's events hand it MkDocs' pages (`plugin.py`); `linkroles scan` hands it the
pages of a built folder (`site_scan.py`). What one counts, the other counts.

What a page links to is what its author wrote: the page's own content. Parts that the
theme or another plugin fills in from other pages (a blog index's post excerpts) are left
out, so that each post's links count once, on the post (see `built.NOT_CONTENT`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from mkdocs_linkroles.config import LinkRolesConfig
from mkdocs_linkroles.health.file import Health, url_data
from mkdocs_linkroles.links.classify import (
    STAND_IN_ROOT,
    Classifier,
    PublicSuffixList,
    Site,
    base_url,
    rebase,
    redact_href,
)
from mkdocs_linkroles.links.collect import collect_page_links, kept_domain, page_messages
from mkdocs_linkroles.links.model import LinkGraph, ThemeLinks
from mkdocs_linkroles.links.records import Finding, Level, PageLinks, PageRef
from mkdocs_linkroles.links.rules import DEFAULT_ACCEPT, LinkHealth, Patterns, Policy
from mkdocs_linkroles.pages.linked import URLHealth
from mkdocs_linkroles.reading.page import APPROXIMATE_READING, read_page
from mkdocs_linkroles.reading.sources import source_columns, source_lines
from mkdocs_linkroles.reading.unrendered import Unrendered, unrendered_links
from mkdocs_linkroles.reports.audit import baseline_line, diff_against, tally_line
from mkdocs_linkroles.reports.ci import build_annotations, info_lines
from mkdocs_linkroles.reports.report import iter_report
from mkdocs_linkroles.safe import shorten

PREFIX = "linkroles: "
"""What every message of a run starts with, in the plugin's log and `linkroles scan`'s."""

Message = tuple[Level, str]
"""A message for the user, with its level: `("warn", "index.md:3: ...")`."""

FindingsShown = dict[tuple[str, str], list[tuple[str, str]]]
"""The audit's (rule, level) pairs per (page source path, URL), for the generated pages."""


@dataclass
class Run:
    """One build's (or one scan's) analysis, from its options to its report.

    `start_reading` before the first page, `read` for each page, `stop_reading` after the
    last; then `theme_page` for each written page (option `theme_links`), and the report
    and messages.
    """

    options: LinkRolesConfig
    site_url: str | None
    """The URL the site is published at (`site_url`), which internal links are read by."""
    baseline: dict[str, Any] | None = None
    """A loaded report to compare with (option `baseline`), or None."""
    also_internal: tuple[str, ...] = ()
    """Hosts that are the site's own besides `site_url`'s (`mkdocs serve`'s address)."""
    health: Health | None = None
    """The health file `linkroles check` wrote (option `health`), or None."""
    graph: LinkGraph = field(default_factory=LinkGraph)
    theme: ThemeLinks | None = None
    """The theme's external links, page by page (option `theme_links`); None when off."""
    site: Site = field(init=False)
    policy: Policy = field(init=False)
    exclude: Patterns | None = field(init=False)
    _root: str = field(init=False)
    _classify: Classifier | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        options = self.options
        self.site = Site.from_url(self.site_url, [*options.internal_domains, *self.also_internal])
        self._root = (self.site_url or STAND_IN_ROOT).rstrip("/") + "/"
        self.policy = Policy(
            levels=options.rules,
            deny=Patterns(options.deny),
            allow=Patterns(options.allow),
            baseline_domains=(
                frozenset(d["domain"] for d in self.baseline.get("domains", []))
                if self.baseline is not None
                else None
            ),
            accept={rule: Patterns(p) for rule, p in options.accept.items() if p},
            health=_link_health(self.health) if self.health is not None else None,
        )
        self.exclude = Patterns(options.exclude) or None
        if options.theme_links:
            self.theme = ThemeLinks()

    def start_reading(self) -> None:
        """Load the Public Suffix List (raises `OSError` or `ValueError` if unreadable).

        Needed only while reading, and dropped after it (`stop_reading`): its 10,000 rules
        (1.1 MB) would otherwise stay in memory, visited by every full pass of the garbage
        collector.
        """
        suffixes = PublicSuffixList(self.options.suffix_list)
        self._classify = Classifier(self.site, suffixes.registrable_domain)

    def stop_reading(self) -> None:
        """Drop the classifier and its caches, unless the theme's links are still to come."""
        if self.theme is None:
            self._classify = None

    def read(
        self, ref: PageRef, html: str, source: Callable[[], str | None] | None = None
    ) -> tuple[PageLinks, list[Message]]:
        """Read one page's content: its links join the graph; what to tell about it.

        `source()`: the page's Markdown, for the line of each link (option `source_lines`);
        None, or returning None, when there is none.
        """
        assert self._classify is not None, "start_reading first"
        messages: list[Message] = []
        anchors, base, approximate = read_page(html)
        if approximate:
            messages.append(("warn", APPROXIMATE_READING % ref.src_uri))
        text = source() if self.options.source_lines and source is not None else None
        lines = None
        if text is not None:  # where each link is written (before a <base> moves them)
            lines = source_lines(text, [anchor[0] for anchor in anchors])
        if base is not None:
            resolved = base_url(base, self._root, ref.url)
            messages.append(
                (
                    "warn",
                    f'{ref.src_uri}: <base href="{redact_href(base)}"> makes the relative '
                    f"links of the whole page lead to {redact_href(resolved)}; remove it, or "
                    "write those links in full.",
                )
            )
            anchors = list(rebase(anchors, resolved))
        page_links = collect_page_links(
            ref, anchors, self._classify, policy=self.policy, exclude=self.exclude, lines=lines
        )
        unrendered = unrendered_links(html)
        if unrendered:
            page_links = self._with_unrendered(page_links, unrendered, text)
        if text is not None and (page_links.findings or page_links.accepted):
            page_links = _with_columns(page_links, text)
        self.graph.add(page_links)
        messages.extend(page_messages(page_links))
        return page_links, messages

    def _with_unrendered(
        self, page_links: PageLinks, unrendered: list[Unrendered], source: str | None
    ) -> PageLinks:
        """The page's links with an `unrendered_link` finding for each link left as text."""
        findings, accepted = list(page_links.findings), list(page_links.accepted)
        for link in unrendered:
            line = None
            if source is not None:
                at = source.find(link.written)
                line = source.count("\n", 0, at) + 1 if at >= 0 else None
            findings += self.policy.finding(
                "unrendered_link",
                page_links.page.src_uri,
                shorten(redact_href(link.url), 200),
                "is written as Markdown where Markdown is not read (inside raw HTML, such as "
                "a <details> block): readers see the brackets, not a link. Write the link in "
                'HTML, or let Markdown read the block (markdown="1" with the md_in_html '
                "extension).",
                line=line,
                url=redact_href(link.url),
                accepted=accepted,
            )
        return replace(page_links, findings=tuple(findings), accepted=tuple(accepted))

    def domain_of(self, href: str) -> str | None:
        """The domain of an external link the analysis keeps; None for any other link."""
        assert self._classify is not None, "while reading"
        return kept_domain(self._classify(href), self.exclude)

    def theme_page(self, src_uri: str, links: Iterable[tuple[str, str, str]]) -> None:
        """A written page's links outside its content: `(href, text, position)` each."""
        if self.theme is None or self._classify is None:
            return
        kept = []
        for href, text, position in links:
            target = self._classify(href)
            if kept_domain(target, self.exclude) is not None:
                kept.append((target.url, target.host, target.domain, position, text))
        self.theme.add(src_uri, kept)

    def findings_shown(self, shown: bool) -> FindingsShown:
        """The findings for the generated pages, if they show them (`show_findings`)."""
        index: FindingsShown = {}
        for finding in self.graph.findings() if shown else []:
            index.setdefault((finding.page, finding.url), []).append((finding.rule, finding.level))
        return index

    def health_shown(self, shown: bool) -> tuple[dict[str, URLHealth], frozenset[str]]:
        """Each URL's health and the domains that are gone, for the generated pages.

        Empty unless they show the audit (`show_findings`) and there is a health file.
        """
        if not shown or self.health is None:
            return {}, frozenset()
        urls = {
            # A move shows its redirect's code (301), not the final page's (200).
            url: URLHealth(
                h.status,
                h.redirects[0][1] if h.status == "redirected" and h.redirects else h.code,
                h.final_url,
                h.checked_at[:10],
            )
            for url, h in self.health.urls.items()
        }
        for url in self.health.ok_urls:  # fine: counted as checked, marked as nothing
            urls[url] = URLHealth("ok", 200, url, "")
        gone = frozenset(d for d, h in self.health.domains.items() if not h.resolves)
        return urls, gone

    def comparison(self) -> dict[str, Any] | None:
        """The comparison with the baseline (`ReportDiff.as_counts()`), None without one."""
        if self.baseline is None:
            return None
        domains = {summary.domain for summary in self.graph.summaries()}
        return diff_against(self.baseline, self.graph.link_keys(), domains).as_counts()

    def report_options(
        self, domain_urls: dict[str, str], docs_dir: str | None, comparison: dict[str, Any] | None
    ) -> dict[str, Any]:
        """What `report.iter_report` and `report.build_report` take besides the graph."""
        return {
            "site_url": self.site_url,
            "domain_urls": domain_urls,
            "rules": self.options.rules,
            "baseline": comparison,
            "docs_dir": docs_dir,
            "theme_links": self.theme.summaries() if self.theme is not None else None,
            "health": self._health_data(),
        }

    def _health_data(self) -> dict[str, Any] | None:
        """The health of the report's URLs and domains, for its `health` (None without).

        The URLs that are not `ok` (broken, moved, unreachable, not checked); the others were
        found fine or are not in the health file: tens of thousands of lines said nothing.
        """
        if self.health is None:
            return None
        urls = {r[0] for page in self.graph.pages.values() for r in page.records}
        domains = {summary.domain for summary in self.graph.summaries()}
        health = self.health
        listed = {url: h for url, h in health.urls.items() if url in urls and h.status != "ok"}
        return {
            "urls": {url: url_data(url, h) for url, h in sorted(listed.items())},
            "domains": {
                d: {"resolves": h.resolves, "checked_at": h.checked_at}
                for d, h in sorted(health.domains.items())
                if d in domains
            },
        }

    def report(self, **report_options: Any) -> Iterator[str]:
        """The report, in pieces (`report.iter_report`)."""
        return iter_report(self.graph, **report_options)

    def closing(
        self, written: list[str], comparison: dict[str, Any] | None, *, detail: bool = True
    ) -> list[Message]:
        """What the run found and wrote, in a few lines; `detail`: each rule's findings."""
        totals = self.graph.totals()
        messages: list[Message] = [
            (
                "info",
                f"linkroles: {_count(totals['external_links'], 'external link')} to "
                f"{_count(totals['domains'], 'domain')} from "
                f"{totals['pages_with_external_links']} of {_count(totals['pages'], 'page')}; "
                "wrote " + (" and ".join(written) or "nothing"),
            )
        ]
        findings = self.graph.findings()
        if findings:
            tally = tally_line((f.rule, f.level) for f in findings)
            messages.append(("info", PREFIX + tally))
            if detail:
                messages.extend(("info", line) for line in info_lines(findings))
        messages.extend(self.unused_patterns())
        if comparison is not None:
            against = baseline_line(comparison)
            messages.append(("info", "linkroles: against the baseline: " + against))
        return messages

    def unused_patterns(self) -> list[Message]:
        """The `accept` and `exclude` patterns that matched no link: stale exceptions.

        At the level of the rule `unused_exception` (`info` unless the site asks for more);
        the patterns the plugin ships (`DEFAULT_ACCEPT`) are not the site's to remove.
        """
        level = self.policy.levels.get("unused_exception", "info")
        if level == "ignore":
            return []
        stale = [
            f"accept pattern {pattern!r} for {rule}"
            for rule, patterns in self.policy.accept.items()
            for pattern in patterns.unused()
            if pattern not in DEFAULT_ACCEPT.get(rule, ())
        ]
        if self.exclude is not None:
            stale += [f"exclude pattern {pattern!r}" for pattern in self.exclude.unused()]
        return [
            (
                level,
                f"{PREFIX}the {what} matched no link in this build: it excepts nothing. "
                "Remove it from the plugin's options (rule unused_exception).",
            )
            for what in stale
        ]

    def annotations(self, docs_dir: str | None) -> list[str]:
        """GitHub Actions workflow commands, one per finding, on the source lines."""
        return build_annotations(self.graph.findings(), self.graph, docs_dir)

    def errors(self) -> list[Finding]:
        """The findings at level `error`: the run fails."""
        return [f for f in self.graph.findings() if f.level == "error"]


def _link_health(health: Health) -> LinkHealth:
    """The health file's answers as the rules ask them."""
    return LinkHealth(
        {
            url: (h.status, h.code, h.final_url, h.checked_at)
            for url, h in health.urls.items()
            if h.status in ("broken", "redirected")
        },
        {domain: d.checked_at for domain, d in health.domains.items() if not d.resolves},
    )


def _with_columns(page_links: PageLinks, source: str) -> PageLinks:
    """The page's findings with the column of their href where their line holds it."""

    def placed(findings: tuple[Finding, ...]) -> tuple[Finding, ...]:
        wanted = [(f.line or 0, f.href) for f in findings]
        columns = source_columns(source, wanted)
        return tuple(
            replace(f, column=column) if column is not None else f
            for f, column in zip(findings, columns, strict=True)
        )

    return replace(
        page_links, findings=placed(page_links.findings), accepted=placed(page_links.accepted)
    )


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def error_line(errors: list[Finding]) -> str:
    """The one line that ends a run with `error` findings."""
    rules = ", ".join(dict.fromkeys(f.rule for f in errors))
    if len(errors) == 1:
        return f"linkroles: 1 link breaks a rule set to error: {rules}; see the messages above."
    return (
        f"linkroles: {len(errors)} links break rules set to error: {rules}; see the messages above."
    )
