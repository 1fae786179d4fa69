"""The link model: pages and their outbound links, domains and their backlinks.

One hyperlink, two roles: `PageLinks.links` holds it as an external link of its page;
`DomainProfile.backlinks` holds the same record as a backlink of the site it points to.
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from mkdocs_linkroles.classify import DomainKind, Target, redact_href
from mkdocs_linkroles.scan import Anchor, Section


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
    links: tuple[ExternalLink, ...]
    """External links in document order."""
    internal: int
    other: tuple[tuple[str, int], ...]
    """Links with other schemes (mailto, tel, ftp, ...) counted by scheme, sorted."""
    unsafe: int
    """javascript:, data: and vbscript: links: counted, never recorded or rendered."""
    malformed: tuple[MalformedLink, ...]

    @property
    def other_count(self) -> int:
        """How many links with other schemes the page has."""
        return sum(count for _, count in self.other)


def collect_page_links(
    page: PageRef, anchors: Iterable[Anchor], classify: Callable[[str], Target]
) -> PageLinks:
    """Sort the anchors of one page into its link record."""
    links: list[ExternalLink] = []
    malformed: list[MalformedLink] = []
    other: Counter[str] = Counter()
    internal = unsafe = 0
    for anchor in anchors:
        target = classify(anchor.href)
        if target.kind == "external":
            assert target.domain_kind  # always set for external targets
            links.append(
                ExternalLink(
                    url=target.url,
                    host=target.host,
                    domain=target.domain,
                    domain_kind=target.domain_kind,
                    text=anchor.text,
                    title=anchor.title,
                    rel=anchor.rel,
                    target=anchor.target,
                    section=anchor.section,
                    redacted=target.redacted,
                )
            )
        elif target.kind == "internal":
            internal += 1
        elif target.kind == "other":
            other[target.scheme] += 1
        elif target.kind == "unsafe":
            unsafe += 1
        else:
            malformed.append(MalformedLink(redact_href(anchor.href), target.reason, anchor.section))
    return PageLinks(
        page=page,
        links=tuple(links),
        internal=internal,
        other=tuple(sorted(other.items())),
        unsafe=unsafe,
        malformed=tuple(malformed),
    )


class Backlink(NamedTuple):
    """An external link seen from the site it points to: where it comes from."""

    page: PageRef
    link: ExternalLink


@dataclass(frozen=True, slots=True)
class DomainProfile:
    """The backlink profile of one linked domain, as seen from this site."""

    domain: str
    kind: DomainKind
    backlinks: tuple[Backlink, ...]
    """Sorted by target URL, then source page, then position on the page."""
    hosts: tuple[tuple[str, int], ...]
    """Hosts of the domain with their link counts, most linked first."""
    referring_pages: int

    @property
    def links(self) -> int:
        """How many links point into this domain."""
        return len(self.backlinks)


@dataclass
class LinkGraph:
    """All pages of one build and what they link to. Fill with `add`, then read."""

    pages: dict[str, PageLinks] = field(default_factory=dict)
    _domains: list[DomainProfile] | None = field(default=None, repr=False)

    def add(self, page_links: PageLinks) -> None:
        """Record (or replace) the links of one page."""
        self.pages[page_links.page.src_uri] = page_links
        self._domains = None

    def sorted_pages(self) -> list[PageLinks]:
        """Pages in source-path order."""
        return [self.pages[key] for key in sorted(self.pages)]

    def domains(self) -> list[DomainProfile]:
        """Every linked domain, most links first, then by name; computed once per change."""
        if self._domains is None:
            grouped: dict[str, list[Backlink]] = {}
            for page_links in self.sorted_pages():
                for link in page_links.links:
                    grouped.setdefault(link.domain, []).append(Backlink(page_links.page, link))
            profiles = [_profile(domain, backlinks) for domain, backlinks in grouped.items()]
            profiles.sort(key=lambda p: (-p.links, p.domain))
            self._domains = profiles
        return self._domains

    def totals(self) -> dict[str, int]:
        """Counts over the whole site, for the overview and the report."""
        pages = self.pages.values()
        domains = self.domains()
        return {
            "pages": len(self.pages),
            "pages_with_external_links": sum(1 for p in pages if p.links),
            "external_links": sum(len(p.links) for p in pages),
            "domains": len(domains),
            "hosts": sum(len(d.hosts) for d in domains),
            "internal_links": sum(p.internal for p in pages),
            "other_links": sum(p.other_count for p in pages),
            "unsafe_links": sum(p.unsafe for p in pages),
            "malformed_links": sum(len(p.malformed) for p in pages),
        }


def _profile(domain: str, backlinks: list[Backlink]) -> DomainProfile:
    # The grouping loop visits pages in order, so a stable sort by URL keeps page order within.
    backlinks.sort(key=lambda b: b.link.url)
    hosts = Counter(b.link.host for b in backlinks)
    return DomainProfile(
        domain=domain,
        kind=backlinks[0].link.domain_kind,
        backlinks=tuple(backlinks),
        hosts=tuple(sorted(hosts.items(), key=lambda item: (-item[1], item[0]))),
        referring_pages=len({b.page.src_uri for b in backlinks}),
    )


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
