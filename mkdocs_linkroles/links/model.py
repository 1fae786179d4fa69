"""The link model: pages and their outbound links, domains and their backlinks.

One hyperlink, two roles: `PageLinks.links` gives it as an external link of its page;
`DomainProfile.backlinks` gives the same record as a backlink of the site it points to.
The records are in `records`; `collect` makes a page's.
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from operator import itemgetter
from typing import NamedTuple

from mkdocs_linkroles.links.classify import DomainKind
from mkdocs_linkroles.links.records import (
    Backlink,
    DomainProfile,
    DomainSummary,
    ExternalLink,
    Finding,
    LinkRecord,
    PageLinks,
    PageRef,
    record_domain,
)
from mkdocs_linkroles.links.secrets import might_hold_secret, redact
from mkdocs_linkroles.reading.anchors import Section

_new = tuple.__new__


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

    def accepted(self) -> list[Finding]:
        """Findings accepted by a marker or an `accept` pattern, in the order of `findings`."""
        return [finding for page in self.sorted_pages() for finding in page.accepted]

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
                referring.update(set(map(record_domain, records)))
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

        Each profile's objects are made when it is reached, and not kept. Made all at once,
        they would be created in page order and read back in domain order, scattered over
        memory (cache misses on big sites); made per domain, they are read while fresh.
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
                _new(Backlink, (page, _new(ExternalLink, (*record[:8], section, *record[9:]))))
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


_URL_FIRST = itemgetter(0)
_DOMAIN_HOST_KIND = itemgetter(2, 1, 3)


# Names that Windows reserves (with any extension), and names MkDocs gives a meaning to.
_RESERVED_NAMES = frozenset(
    # Windows' device names; the overview's `index`; `linkroles`, the first label of the
    # plugin's own files beside the pages (`linkroles.js`, `linkroles.css`).
    {"con", "prn", "aux", "nul", "conin$", "conout$", "index", "readme", "linkroles"}
    | {f"{device}{n}" for device in ("com", "lpt") for n in "0123456789¹²³"}
)
_LONGEST_SLUG = 200
_SAFE_NAME = re.compile(r"[a-z0-9_\-]+(\.[a-z0-9_\-]+)*")


def domain_slug(domain: str) -> str:
    """A folder name for the domain's page that is safe and unique on every OS.

    Host names keep their ASCII form (`python.org`). Everything else gets a `~`, which
    no host name contains, so a derived name never equals a real domain's: IPv6 literals
    become `ipv6~2001-db8--1`, reserved names `~con.example` (`~linkroles.js`: the
    plugin's own files stand beside the pages), names over 200 characters their first 183
    and `~` and a hash, and anything unexpected `~` plus a hash. The result never contains
    a separator, `..`, or a trailing dot.
    """
    if (
        domain.startswith("[")
        and domain.endswith("]")
        and re.fullmatch(r"[0-9a-f:.]+", domain[1:-1])
    ):
        return "ipv6~" + domain[1:-1].replace(":", "-")
    if not _SAFE_NAME.fullmatch(domain) or len(domain) > 253:
        return "~" + hashlib.sha256(domain.encode("utf-8", "surrogatepass")).hexdigest()[:24]
    if len(domain) > _LONGEST_SLUG:  # `<slug>.html` must fit in a file name (255 bytes)
        digest = hashlib.sha256(domain.encode("ascii")).hexdigest()[:16]
        return f"{domain[: _LONGEST_SLUG - 17]}~{digest}"
    if domain.split(".", 1)[0] in _RESERVED_NAMES:
        return "~" + domain
    return sys.intern(domain)


SITE_WIDE_POSITIONS = frozenset({"header", "footer"})
"""Where a theme writes the same links on every page: each counts once, as site-wide."""


class ThemeLink(NamedTuple):
    """An external link the theme writes around the content, summed over the site."""

    url: str
    host: str
    domain: str
    position: str
    """`header`, `footer`, `navigation`, `toc`, `edit` or `theme`."""
    text: str
    pages: int
    """On how many pages it stands."""
    site_wide: bool
    """In the header or footer, or on every page: one link of the site, counted once."""


@dataclass
class ThemeLinks:
    """The theme's external links of one build, page by page (option `theme_links`)."""

    _pages: dict[tuple[str, str, str, str], set[str]] = field(default_factory=dict)
    _texts: dict[tuple[str, str, str, str], str] = field(default_factory=dict)
    _scanned: set[str] = field(default_factory=set)

    def add(self, page: str, links: Iterable[tuple[str, str, str, str, str]]) -> None:
        """The theme's links of one page: `(url, host, domain, position, text)` each."""
        self._scanned.add(page)
        for url, host, domain, position, text in links:
            key = (url, host, domain, position)
            self._pages.setdefault(key, set()).add(page)
            self._texts.setdefault(key, redact(text) if might_hold_secret(text) else text)

    def summaries(self) -> list[ThemeLink]:
        """Every theme link once, by domain, position and URL."""
        total = len(self._scanned)
        return sorted(
            ThemeLink(
                url,
                host,
                domain,
                position,
                self._texts[url, host, domain, position],
                len(pages),
                position in SITE_WIDE_POSITIONS or (total > 1 and len(pages) == total),
            )
            for (url, host, domain, position), pages in self._pages.items()
        )
