"""The records of the link model: plain values, made once and never changed.

A leaf module: the model, the audit rules, the rendering and the report all use these
records, and import nothing of each other's to do so.
"""

from __future__ import annotations

from dataclasses import dataclass
from operator import itemgetter
from typing import Literal, NamedTuple

from mkdocs_linkroles.links.classify import DomainKind
from mkdocs_linkroles.reading.anchors import Section
from mkdocs_linkroles.safe import shorten

_new = tuple.__new__
record_domain = itemgetter(2)
"""The registrable domain of a `LinkRecord` (a function)."""

Level = Literal["ignore", "info", "warn", "error"]
LEVELS: tuple[Level, ...] = ("ignore", "info", "warn", "error")


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
    line: int | None = None
    """The line of the page's source file where the link is written; None when it is not
    in the file (a plugin or the theme added it) or the source is unknown."""
    """What was removed from the URL before it was recorded."""

    @property
    def flags(self) -> tuple[str, ...]:
        """The rel tokens that qualify a link for search engines: nofollow, sponsored, ugc."""
        return tuple(token for token in self.rel if token in SEO_REL)


SEO_REL = ("nofollow", "sponsored", "ugc")

LinkRecord = tuple[
    str,
    str,
    str,
    DomainKind,
    str,
    str,
    tuple[str, ...],
    str,
    "int | None",
    tuple[str, ...],
    "int | None",
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
    line: int | None = None
    """The line of the page's source file where it is written, if known."""


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
    NamedTuple (a subclass) for as long as it lives: every later collection of the build
    would walk all of a big site's links again.
    """
    internal: int
    other: tuple[tuple[str, int], ...]
    """Links with other schemes (mailto, tel, ftp, ...) counted by scheme, sorted."""
    unsafe: int
    """javascript:, data: and vbscript: links: counted, never recorded or rendered."""
    malformed: tuple[MalformedLink, ...]
    findings: tuple[Finding, ...] = ()
    """What the audit rules found, in document order (rules at level `ignore` left out)."""
    accepted: tuple[Finding, ...] = ()
    """Findings a `data-linkroles` marker or an `accept` pattern accepts, each with what
    accepts it (`Finding.accepted_by`): reported as accepted, never as problems."""
    audited: bool = False
    """Whether the audit rules ran (its malformed links are then `malformed_link` findings)."""
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
                _new(ExternalLink, (*r[:8], None if r[8] is None else sections[r[8]], *r[9:]))
                for r in self.records
            ]
        )

    @property
    def domains(self) -> frozenset[str]:
        """The registrable domains the page links to."""
        return frozenset(map(record_domain, self.records))

    @property
    def other_count(self) -> int:
        """How many links with other schemes the page has."""
        return sum(count for _, count in self.other)


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


@dataclass(frozen=True, slots=True)
class Finding:
    """One rule that one link breaks."""

    rule: str
    level: Level
    page: str
    """Source path of the page that holds the link."""
    section: Section | None
    href: str
    """The href as written in the page (credentials hidden)."""
    domain: str
    message: str
    """What is wrong and how to fix it, after the page, section and href."""
    url: str = ""
    """The link's URL as recorded (normalised, secrets hidden): where the generated pages
    show the finding."""
    line: int | None = None
    """The line of the page's source file where the link is written, if known."""
    column: int | None = None
    """The column of that line where the href starts, if found there (code scanning)."""
    accepted_by: str = ""
    """For a finding accepted rather than reported: what accepts it (`data-linkroles=...`,
    `accept: pattern`); empty for a reported finding."""

    def describe(self) -> str:
        """The whole message: page, section, href, problem and fix."""
        where = self.page if self.line is None else f"{self.page}:{self.line}"
        if self.section is not None:
            where += f" (section '{self.section.text}'"
            where += f", #{self.section.id})" if self.section.id else ")"
        shown = shorten(self.href, 200)
        text = f"{where}: link {shown!r} {self.message}"
        if self.level in ("warn", "error"):
            text += (
                f' To accept it: data-linkroles="ignore {self.rule}" on the link, or '
                f"accept: {{{self.rule}: [pattern]}} or rules: {{{self.rule}: info}} in "
                "the plugin's options."
            )
        return text
