"""The link model: pages and their outbound links, domains and their backlinks.

One hyperlink, two roles: `PageLinks.links` gives it as an external link of its page;
`DomainProfile.backlinks` gives the same record as a backlink of the site it points to.
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from operator import itemgetter
from typing import NamedTuple

from mkdocs_linkroles.anchors import Anchor, Section
from mkdocs_linkroles.classify import (
    DomainKind,
    Target,
    might_hold_secret,
    redact_href,
    redact_text,
)
from mkdocs_linkroles.rules import Finding, Patterns, Policy, marker_problems


@dataclass(frozen=True, slots=True)
class PageRef:
    """A page of the site, as the link records refer to it."""

    src_uri: str
    """Path of the source file in `docs_dir`, with forward slashes."""
    url: str
    """URL of the page relative to the site root, as MkDocs gives it (`guide/install/`)."""
    title: str
    section: str
    """Title of the top-level navigation section the page belongs to; empty at the top."""


class ExternalLink(NamedTuple):
    """One `<a>` on one page that leaves the site.

    A NamedTuple rather than a frozen dataclass (like the other records): one is made per
    link, and it is three times cheaper to create. Strings are shared, not copied: the URL
    with the classification cache, host and domain interned, the section with its heading.
    Pages store their links as `LinkRecord`s and make these on demand (see `PageLinks`).
    """

    url: str
    """Normalised: lowercase scheme and host, ASCII host, no default port, no user-info."""
    host: str
    domain: str
    """Registrable domain, e.g. "python.org", "alice.github.io"."""
    domain_kind: DomainKind
    text: str
    title: str
    rel: tuple[str, ...]
    target: str
    section: Section | None
    redacted: tuple[str, ...]
    """What was removed from the URL before it was recorded."""

    @property
    def flags(self) -> tuple[str, ...]:
        """The rel tokens that qualify a link for search engines: nofollow, sponsored, ugc."""
        return tuple(token for token in self.rel if token in SEO_REL)


SEO_REL = ("nofollow", "sponsored", "ugc")

LinkRecord = tuple[
    str, str, str, DomainKind, str, str, tuple[str, ...], str, "int | None", tuple[str, ...]
]
"""An external link as a page stores it: the fields of `ExternalLink` in their order, but
the section as its position in `PageLinks.sections` (None for none)."""


@dataclass(frozen=True, slots=True)
class MalformedLink:
    """A web link whose URL cannot be read; reported, not recorded."""

    href: str
    """The href as written, user-info hidden."""
    reason: str
    section: Section | None


@dataclass(frozen=True, slots=True)
class PageLinks:
    """Everything one page links to."""

    page: PageRef
    records: tuple[LinkRecord, ...]
    """External links in document order; `links` gives them as `ExternalLink`s."""
    sections: tuple[tuple[str | None, str, int], ...]
    """The headings the links stand under, each once, as `Section`'s fields.

    Records and sections are plain tuples on purpose: the garbage collector stops watching
    a tuple of strings, numbers and such tuples once a pass has seen it, but it watches a
    NamedTuple (a subclass) for as long as it lives. Kept as NamedTuples, a 2,000-page
    site's links made the rest of the build spend 0.15 s more in the collector.
    """
    internal: int
    other: tuple[tuple[str, int], ...]
    """Links with other schemes (mailto, tel, ftp, ...) counted by scheme, sorted."""
    unsafe: int
    """javascript:, data: and vbscript: links: counted, never recorded or rendered."""
    malformed: tuple[MalformedLink, ...]
    findings: tuple[Finding, ...] = ()
    """What the audit rules found, in document order (rules at level `ignore` left out)."""
    excluded: int = 0
    """External links left out of the analysis by the `exclude` option."""
    bad_markers: tuple[str, ...] = ()
    """`data-linkroles` values that are not understood (a typo silences nothing)."""

    @property
    def links(self) -> tuple[ExternalLink, ...]:
        """External links in document order, made from `records` on each call."""
        sections = [_new(Section, fields) for fields in self.sections]
        return tuple(
            [
                _new(ExternalLink, (*r[:8], None if r[8] is None else sections[r[8]], r[9]))
                for r in self.records
            ]
        )

    @property
    def domains(self) -> frozenset[str]:
        """The registrable domains the page links to."""
        return frozenset(map(_DOMAIN, self.records))

    @property
    def other_count(self) -> int:
        """How many links with other schemes the page has."""
        return sum(count for _, count in self.other)


_new = tuple.__new__


def collect_page_links(
    page: PageRef,
    anchors: Iterable[Anchor],
    classify: Callable[[str], Target],
    *,
    policy: Policy | None = None,
    exclude: Patterns | None = None,
) -> PageLinks:
    """Sort the anchors of one page into its link record.

    External links that match `exclude` are left out (and counted); the others are checked
    against the audit `policy`.
    """
    records: list[LinkRecord] = []
    positions: dict[Section, int] = {}  # the page's sections, numbered in order
    last_section: Section | None = None
    position: int | None = None
    malformed: list[MalformedLink] = []
    findings: list[Finding] = []
    bad_markers: list[str] = []
    other: Counter[str] = Counter()
    internal = unsafe = excluded = 0
    quiet = policy.quiet_hosts if policy is not None else set()
    append = records.append
    shown_section: Section | None = None  # `last_section`, its text's secrets hidden
    for anchor in anchors:
        href, text, title, rel, html_target, section, marker = anchor
        target = classify(href)
        kind = target.kind
        if section is not last_section:  # links under one heading share its Section
            last_section = shown_section = section
            position = None
            if section is not None:
                shown_text = redact_text(section.text)
                if shown_text != section.text:
                    shown_section = section._replace(text=shown_text)
        if kind == "external":
            _, url, _, host, domain, domain_kind, _, redacted = target
            if exclude is not None and exclude.match(url, host, domain):
                excluded += 1
                continue
            if shown_section is not None and position is None:
                position = positions.setdefault(shown_section, len(positions))
            # What the page shows can hold a secret too (a URL with credentials as its own
            # text): hidden by the same rules as hrefs. Most texts hold none of the characters
            # of a secret's shape (`redact_text` says which): no call for them.
            if "@" in text or "=" in text or might_hold_secret(text):
                text = redact_text(text)
            if title:
                title = redact_text(title)
            section = shown_section
            append(
                (url, host, domain, domain_kind, text, title, rel, html_target, position, redacted)
            )
            if policy is not None and (
                marker or redacted or html_target or url[4] != "s" or host not in quiet
            ):  # most links are to a host the policy found clean: no need to ask it again
                # Positional, through tuple.__new__ (what ExternalLink() calls): this line
                # runs once per link of the site, and keywords would double its cost.
                fields = (url, host, domain, domain_kind, text, title, rel, html_target)
                link = _new(ExternalLink, (*fields, section, redacted))
                if marker and marker_problems(marker):
                    bad_markers.append(marker)
                shown = redact_href(href) if redacted else href
                findings += policy.check(page.src_uri, shown, marker, link)
        elif kind == "internal":
            internal += 1
        elif kind == "other":
            other[target.scheme] += 1
        elif kind == "unsafe":
            unsafe += 1
        else:
            malformed.append(MalformedLink(redact_href(href), target.reason, shown_section))
    return PageLinks(
        page=page,
        records=tuple(records),
        sections=tuple(map(tuple, positions)),
        internal=internal,
        other=tuple(sorted(other.items())),
        unsafe=unsafe,
        malformed=tuple(malformed),
        findings=tuple(findings),
        excluded=excluded,
        bad_markers=tuple(dict.fromkeys(bad_markers)),
    )


class Backlink(NamedTuple):
    """An external link seen from the site it points to: where it comes from."""

    page: PageRef
    link: ExternalLink


@dataclass(frozen=True, slots=True)
class DomainSummary:
    """One linked domain in numbers: what the overview and the report need."""

    domain: str
    kind: DomainKind
    links: int
    referring_pages: int
    hosts: tuple[tuple[str, int], ...]
    """Hosts of the domain with their link counts, most linked first, then by name."""


@dataclass(frozen=True, slots=True)
class DomainProfile:
    """The backlink profile of one linked domain, as seen from this site."""

    summary: DomainSummary
    """The domain's numbers: links, referring pages, hosts, kind."""
    backlinks: tuple[Backlink, ...]
    """Sorted by target URL, then source page, then position on the page."""

    @property
    def domain(self) -> str:
        """The registrable domain."""
        return self.summary.domain


@dataclass
class LinkGraph:
    """All pages of one build and what they link to. Fill with `add`, then read."""

    pages: dict[str, PageLinks] = field(default_factory=dict)
    _summaries: list[DomainSummary] | None = field(default=None, repr=False)

    def add(self, page_links: PageLinks) -> None:
        """Record (or replace) the links of one page."""
        self.pages[page_links.page.src_uri] = page_links
        self._summaries = None

    def sorted_pages(self) -> list[PageLinks]:
        """Pages in source-path order."""
        return [self.pages[key] for key in sorted(self.pages)]

    def findings(self) -> list[Finding]:
        """What the audit rules found, pages in source-path order, links in document order."""
        return [finding for page in self.sorted_pages() for finding in page.findings]

    def link_keys(self) -> Counter[tuple[str, str, str]]:
        """How often each (site, page, URL) occurs, the site left empty: what a diff compares."""
        return Counter(
            ("", page.page.src_uri, record[0])
            for page in self.pages.values()
            for record in page.records
        )

    def summaries(self) -> list[DomainSummary]:
        """Every linked domain in numbers, most links first, then by name.

        Computed once per change, without a record per link: a report-only build needs
        no more than this.
        """
        if self._summaries is None:
            # Counted at C speed (Counter and dict from iterables): a loop in Python over
            # every link of the site took longer than writing them all to the report.
            # (domain, host, domain kind) -> links; a domain has one kind (IPs are their own)
            triples: Counter[tuple[str, str, DomainKind]] = Counter()
            referring: Counter[str] = Counter()  # domain -> pages
            for page_links in self.pages.values():
                records = page_links.records
                triples.update(map(_DOMAIN_HOST_KIND, records))
                referring.update(set(map(_DOMAIN, records)))
            hosts: dict[str, list[tuple[str, int]]] = {}
            kinds: dict[str, DomainKind] = {}
            for (domain, host, kind), count in triples.items():
                hosts.setdefault(domain, []).append((host, count))
                kinds[domain] = kind
            summaries = [
                DomainSummary(
                    domain=domain,
                    kind=kinds[domain],
                    links=sum(count for _, count in counts),
                    referring_pages=referring[domain],
                    hosts=tuple(sorted(counts, key=lambda item: (-item[1], item[0]))),
                )
                for domain, counts in hosts.items()
            ]
            summaries.sort(key=lambda d: (-d.links, d.domain))
            self._summaries = summaries
        return self._summaries

    def domains(self) -> Iterator[DomainProfile]:
        """Every linked domain with its backlinks, in the order of `summaries`, one at a time.

        Each profile's objects are made when it is reached, and not kept. Made all at once
        (300,000 backlinks at 10,000 pages), they were created in page order and read back
        in domain order, scattered over memory: rendering the domain pages took 2.85 s
        instead of 2.56 s. Made per domain, they are read while still fresh.
        """
        # domain -> (URL, page, section, record) of each of its links
        grouped: dict[str, list[tuple[str, PageRef, Section | None, LinkRecord]]] = {}
        for page_links in self.sorted_pages():
            page = page_links.page
            # Each section once per page, shared by its backlinks; None for no section.
            sections = [_new(Section, fields) for fields in page_links.sections] + [None]
            for record in page_links.records:
                position = record[8]
                section = sections[-1 if position is None else position]
                grouped.setdefault(record[2], []).append((record[0], page, section, record))
        for summary in self.summaries():
            links = grouped.pop(summary.domain)
            # Pages were visited in order: a stable sort by URL keeps page order within.
            links.sort(key=_URL_FIRST)
            backlinks = [
                _new(Backlink, (page, _new(ExternalLink, (*record[:8], section, record[9]))))
                for _, page, section, record in links
            ]  # tuple.__new__: what Backlink() and ExternalLink() call, minus a frame each
            yield DomainProfile(summary, tuple(backlinks))

    def totals(self) -> dict[str, int]:
        """Counts over the whole site, for the overview and the report."""
        pages = self.pages.values()
        summaries = self.summaries()
        return {
            "pages": len(self.pages),
            "pages_with_external_links": sum(1 for p in pages if p.records),
            "external_links": sum(len(p.records) for p in pages),
            "domains": len(summaries),
            "hosts": sum(len(d.hosts) for d in summaries),
            "internal_links": sum(p.internal for p in pages),
            "other_links": sum(p.other_count for p in pages),
            "unsafe_links": sum(p.unsafe for p in pages),
            "malformed_links": sum(len(p.malformed) for p in pages),
            "excluded_links": sum(p.excluded for p in pages),
            "findings": sum(len(p.findings) for p in pages),
        }


_DOMAIN = itemgetter(2)  # of a LinkRecord
_URL_FIRST = itemgetter(0)
_DOMAIN_HOST_KIND = itemgetter(2, 1, 3)


# Names that Windows reserves (with any extension), and names MkDocs gives a meaning to.
_RESERVED_NAMES = frozenset(
    {"con", "prn", "aux", "nul", "conin$", "conout$", "index", "readme"}
    | {f"{device}{n}" for device in ("com", "lpt") for n in "0123456789¹²³"}
)
_SAFE_NAME = re.compile(r"[a-z0-9_\-]+(\.[a-z0-9_\-]+)*")


def domain_slug(domain: str) -> str:
    """A folder name for the domain's page that is safe and unique on every OS.

    Host names keep their ASCII form (`python.org`). Everything else gets a `~`, which
    no host name contains, so a derived name never equals a real domain's: IPv6 literals
    become `ipv6~2001-db8--1`, reserved names `~con.example`, and anything unexpected
    `~` plus a hash. The result never contains a separator, `..`, or a trailing dot.
    """
    if (
        domain.startswith("[")
        and domain.endswith("]")
        and re.fullmatch(r"[0-9a-f:.]+", domain[1:-1])
    ):
        return "ipv6~" + domain[1:-1].replace(":", "-")
    if not _SAFE_NAME.fullmatch(domain) or len(domain) > 253:
        return "~" + hashlib.sha256(domain.encode("utf-8", "surrogatepass")).hexdigest()[:24]
    if domain.split(".", 1)[0] in _RESERVED_NAMES:
        return "~" + domain
    return sys.intern(domain)
