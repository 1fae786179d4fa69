"""The generated pages as HTML: the overview of linked domains and one page per domain.

Pure functions from the link model to HTML fragments that go into the theme's content
area. Every value that came from a page (titles, anchor texts, URLs, headings) is escaped
here; only http(s) URLs are ever made clickable.
"""

from __future__ import annotations

import posixpath
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from html import escape
from urllib.parse import quote

from mkdocs_linkroles.anchors import Section
from mkdocs_linkroles.classify import mixes_scripts, unicode_host
from mkdocs_linkroles.model import SEO_REL, DomainProfile, ExternalLink, LinkGraph, PageRef

TWO_ROLES = (
    "Every link that leaves this site has two roles. On the page that contains it, it is an "
    "<em>external link</em>: it points out, and the page counts it among its outbound links. "
    "For the site it points to, the very same link is a <em>backlink</em>: it comes in from "
    "one of our pages. Nothing about the link changes, only the point of view."
)


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading of a generated page, for the theme's table of contents."""

    level: int
    id: str
    text: str


UNINDEXED_MARK = '<div class="linkroles-unindexed"></div>'
"""Where a page's `unindexed_html` goes, once the site's search has read the page."""


@dataclass(frozen=True, slots=True)
class RenderedPage:
    """The HTML of a generated page's content, with its headings."""

    title: str
    html: str
    """The content, as the site's search should index it: with `UNINDEXED_MARK` where
    `unindexed_html` goes, if there is any."""
    headings: tuple[Heading, ...]
    unindexed_html: str = ""
    """What the search should not index: a domain page's table of linked URLs, which
    repeats every link text of the site's own pages (and would make the search index half
    as big again)."""

    @property
    def full_html(self) -> str:
        """The content as readers see it."""
        return self.html.replace(UNINDEXED_MARK, self.unindexed_html, 1)


def relative_url(url: str, from_url: str) -> str:
    """`url` relative to the page at `from_url`; both relative to the site root.

    Same rules as MkDocs' own `get_relative_url`: a last component with a dot is a file.
    """
    head, _, last = from_url.rpartition("/")
    base = head if "." in last else from_url
    target = url.strip("/").split("/") if url.strip("/") else []
    origin = base.strip("/").split("/") if base.strip("/") else []
    if _UNUSUAL.intersection(target) or _UNUSUAL.intersection(origin):
        # Not a URL as MkDocs makes them: let posixpath normalise it.
        target = posixpath.normpath("/" + url).strip("/").split("/")
        origin = posixpath.normpath("/" + base).strip("/").split("/")
        target, origin = ([p for p in parts if p] for parts in (target, origin))
    # Called for every backlink of every generated page: string work only, no normpath.
    common = 0
    for mine, theirs in zip(origin, target, strict=False):  # lengths differ
        if mine != theirs:
            break
        common += 1
    relative = "/".join([".."] * (len(origin) - common) + target[common:]) or "."
    if relative == "." or relative.endswith(".."):
        return relative + "/"  # a folder: `../..#id` would work, `../../#id` reads better
    return relative + "/" if url.endswith("/") and not relative.endswith("/") else relative


_UNUSUAL = frozenset({"", ".", ".."})


def relative_urls(from_url: str) -> Callable[[str], str]:
    """`relative_url(url, from_url)` for many URLs from one page: the same results, faster.

    A domain page (`backlinks/python.org/`) links to hundreds of the site's pages, and
    shares no folder with most of them: the way there is the way up to the site root, then
    their URL. Made that way, the domain pages of a 2,000-page site took 50 ms less.
    """
    head, _, last = from_url.rpartition("/")
    base = (head if "." in last else from_url).strip("/")
    if not base or _UNUSUAL.intersection(base.split("/")):
        return lambda url: relative_url(url, from_url)
    up = "../" * (base.count("/") + 1)
    top = base.split("/", 1)[0]
    inside = top + "/"

    def relative(url: str) -> str:
        if (
            url.startswith(inside)  # shares a folder with `from_url`: a shorter way
            or url == top
            # Not a URL as MkDocs makes them (an empty, `.` or `..` part, a leading `/`):
            # `relative_url` normalises it. Also catches harmless names like `.well-known`.
            or "//" in url
            or "/." in url
            or url.startswith((".", "/"))
        ):
            return relative_url(url, from_url)
        return up + url

    return relative


def domain_label(domain: str) -> str:
    """The domain as readers know it (Unicode), escaped for HTML.

    A name that could deceive (it mixes scripts) gets its ASCII form beside it.
    """
    shown = escape(unicode_host(domain))
    if mixes_scripts(domain):
        return f'{shown} <code title="real name (ASCII)">{escape(domain)}</code>'
    return shown


def render_overview(
    graph: LinkGraph, *, title: str, page_url: str, domain_urls: Mapping[str, str]
) -> RenderedPage:
    """The overview page: totals, every linked domain, pages ranked by outbound links."""
    totals = graph.totals()
    domains = graph.summaries()
    parts = [f'<h1 id="linkroles-overview">{escape(title)}</h1>', f"<p>{TWO_ROLES}</p>"]
    if not domains:
        parts.append("<p>No page of this site links to another site yet.</p>")
    else:
        parts.append(
            f"<p><strong>{totals['external_links']}</strong> external links on "
            f"<strong>{totals['pages_with_external_links']}</strong> of "
            f"<strong>{totals['pages']}</strong> pages point to "
            f"<strong>{totals['domains']}</strong> domains "
            f"(<strong>{totals['hosts']}</strong> hosts). Each domain has a page listing "
            "its backlinks from this site.</p>"
        )
        parts.append('<h2 id="linked-domains">Linked domains</h2>')
        rows = []
        for summary in domains:
            href = escape(relative_url(domain_urls[summary.domain], page_url))
            rows.append(
                f'<tr><td><a href="{href}">{domain_label(summary.domain)}</a></td>'
                f"<td>{summary.links}</td><td>{summary.referring_pages}</td>"
                f"<td>{len(summary.hosts)}</td>"
                f"<td>{_share(summary.links, totals['external_links'])}</td></tr>"
            )
        parts.append(
            _table(["Domain", "Links", "Referring pages", "Hosts", "Share of links"], rows)
        )
        parts.append('<h2 id="pages-by-outbound-links">Pages by outbound links</h2>')
        ranked = sorted(
            (p for p in graph.pages.values() if p.records),
            key=lambda p: (-len(p.records), p.page.src_uri),
        )
        rows = [
            f"<tr><td>{_page_link(p.page, page_url)}</td><td>{len(p.records)}</td>"
            f"<td>{len(p.domains)}</td></tr>"
            for p in ranked
        ]
        parts.append(_table(["Page", "External links", "Domains"], rows))
    headings = [Heading(1, "linkroles-overview", title)]
    if domains:
        headings += [
            Heading(2, "linked-domains", "Linked domains"),
            Heading(2, "pages-by-outbound-links", "Pages by outbound links"),
        ]
    return RenderedPage(title, "\n".join(parts) + "\n", tuple(headings))


SectionLabels = dict[tuple[str, Section | None], tuple[str, str]]
"""Each (page title, section) of the site with its link's escaped `#fragment` and label."""


def render_domain_page(
    profile: DomainProfile,
    *,
    page_url: str,
    overview_url: str | None,
    total_pages: int,
    labels: SectionLabels | None = None,
) -> RenderedPage:
    """One domain's backlink profile as seen from this site.

    `labels`: pass the same dict to every domain page of a build; each section of the
    site then gets its label made once (a 2,000-page site's pages have 8,000 sections
    and 60,000 backlinks: 40 ms less).
    """
    domain, summary = profile.domain, profile.summary
    title = f"Backlinks to {unicode_host(domain)}"
    kind_note = {"ip": " (an IP address)", "single-label": " (a single-label host)"}.get(
        summary.kind, ""
    )
    parts = [f'<h1 id="linkroles-domain">Backlinks to {domain_label(domain)}</h1>']
    if overview_url is not None:
        back = escape(relative_url(overview_url, page_url))
        parts.append(f'<p><a href="{back}">All linked domains</a></p>')
    parts.append(
        f"<p>{_plural(summary.links, 'link')} on {_plural(summary.referring_pages, 'page')} "
        f"of this site ({summary.referring_pages} of {total_pages}) point to "
        f"<strong>{domain_label(domain)}</strong>{kind_note}. On those pages they are external "
        f"links; seen from {escape(unicode_host(domain))} they are backlinks, listed here.</p>"
    )
    # Each link's flags once; most links have no rel at all, and so no flags.
    flag_sets = [b.link.flags if b.link.rel else () for b in profile.backlinks]
    flags = Counter(flag for link_flags in flag_sets for flag in link_flags)
    plain = flag_sets.count(())
    numbers = [
        ("Links", str(summary.links)),
        ("Referring pages", str(summary.referring_pages)),
        ("Hosts", str(len(summary.hosts))),
        *((f'<code>rel="{flag}"</code>', str(flags[flag])) for flag in SEO_REL),
        ("Without nofollow, sponsored or ugc", str(plain)),
    ]
    parts.append(
        _table(["", ""], [f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in numbers], head=False)
    )

    parts.append('<h2 id="hosts">Hosts</h2>')
    parts.append(
        _table(
            ["Host", "Links", "Share of links"],
            [
                f"<tr><td>{domain_label(host)}</td><td>{count}</td>"
                f"<td>{_share(count, summary.links)}</td></tr>"
                for host, count in summary.hosts
            ],
        )
    )

    parts.append('<h2 id="linked-urls">Linked URLs</h2>')
    rows = []
    groups: dict[str, list[int]] = {}
    for index, backlink in enumerate(profile.backlinks):
        groups.setdefault(backlink.link.url, []).append(index)
    hrefs: dict[str, str] = {}  # page URL -> its relative href here: pages link repeatedly
    to_page = relative_urls(page_url)
    if labels is None:
        labels = {}
    for url, indexes in groups.items():
        for position, index in enumerate(indexes):
            page, link = profile.backlinks[index]
            first = f'<td rowspan="{len(indexes)}">{_external(url)}</td>' if position == 0 else ""
            text = escape(link.text) if link.text else "<em>(no text)</em>"
            rel = escape(" ".join(link.rel)) if link.rel else "—"
            href = hrefs.get(page.url)
            if href is None:
                href = hrefs[page.url] = escape(to_page(page.url))
            key = (page.title or page.src_uri, link.section)
            fragment_label = labels.get(key)
            if fragment_label is None:
                fragment_label = labels[key] = _section_label(*key)
            fragment, label = fragment_label
            rows.append(
                f'<tr>{first}<td><a href="{href}{fragment}">{label}</a></td>'
                f"<td>{text}</td><td>{rel}</td></tr>"
            )
    linked_urls = _table(["Target", "Linked from", "Anchor text", "rel"], rows)
    parts.append(UNINDEXED_MARK)

    parts.append('<h2 id="site-sections">Where on this site the links are</h2>')
    by_section: dict[str, list[str]] = {}
    for backlink in profile.backlinks:
        by_section.setdefault(backlink.page.section, []).append(backlink.page.src_uri)
    ordered = sorted(by_section.items(), key=lambda item: (-len(item[1]), item[0]))
    parts.append(
        _table(
            ["Site section", "Links", "Pages", "Share of links"],
            [
                f"<tr><td>{escape(section) if section else '<em>(top level)</em>'}</td>"
                f"<td>{len(sources)}</td><td>{len(set(sources))}</td>"
                f"<td>{_share(len(sources), summary.links)}</td></tr>"
                for section, sources in ordered
            ],
        )
    )
    headings = (
        Heading(1, "linkroles-domain", title),
        Heading(2, "hosts", "Hosts"),
        Heading(2, "linked-urls", "Linked URLs"),
        Heading(2, "site-sections", "Where on this site the links are"),
    )
    return RenderedPage(title, "\n".join(parts) + "\n", headings, linked_urls)


def _table(header: list[str], rows: list[str], *, head: bool = True) -> str:
    thead = "<thead><tr>" + "".join(f"<th>{h}</th>" for h in header) + "</tr></thead>"
    return f"<table>{thead if head else ''}<tbody>\n" + "\n".join(rows) + "\n</tbody></table>"


def _share(count: int, total: int) -> str:
    """A small bar: a native <meter> needs no script or stylesheet in any theme."""
    percent = 100.0 * count / total if total else 0.0
    return f'<meter min="0" max="{total}" value="{count}">{percent:.1f}%</meter> {percent:.1f}%'


def _external(url: str) -> str:
    shown = escape(url)
    if url.startswith(("https://", "http://")):
        return f'<a href="{shown}">{shown}</a>'
    return f"<code>{shown}</code>"  # never clickable: only web URLs become links


def _page_link(page: PageRef, from_url: str) -> str:
    href = escape(relative_url(page.url, from_url))
    return f'<a href="{href}">{escape(page.title or page.src_uri)}</a>'


def _section_label(title: str, section: Section | None) -> tuple[str, str]:
    """The escaped `#fragment` and HTML label of a link to a section of the page `title`."""
    fragment = ""
    label = escape(title)
    if section is not None and section.id:
        fragment = escape("#" + quote(section.id, safe="-._~!$&'()*+,;=:@/?"))
    # The h1 is the page's own title (the navigation may name the page differently).
    if section is not None and section.text and section.level > 1:
        label += f" › {escape(section.text)}"
    return fragment, label


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


SUMMARY_ID = "linkroles-external-links"
"""The `id` of the heading of a page's summary of external links (`page_summary`)."""
SUMMARY_TITLE = "External links on this page"


def render_page_summary(
    links: Sequence[ExternalLink],
    *,
    page_url: str,
    domain_urls: Mapping[str, str | None],
    title: str = SUMMARY_TITLE,
) -> str:
    """The outbound view for readers: a page's external links, grouped by domain.

    Each domain links to its backlinks page when there is one (`domain_urls`); domains come
    most linked first, then by name. Empty when the page has no external link.
    """
    if not links:
        return ""
    counts = Counter(link.domain for link in links)
    items = []
    for domain, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        label = domain_label(domain)
        url = domain_urls.get(domain)
        if url is not None:
            label = f'<a href="{escape(relative_url(url, page_url))}">{label}</a>'
        items.append(f"<li>{label}: {_plural(count, 'link')}</li>")
    return (
        f'<h2 id="{SUMMARY_ID}">{escape(title)}</h2>\n'
        f'<ul class="linkroles-summary">\n' + "\n".join(items) + "\n</ul>\n"
    )
