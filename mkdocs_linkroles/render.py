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
from mkdocs_linkroles.model import (
    SEO_REL,
    DomainProfile,
    DomainSummary,
    ExternalLink,
    LinkGraph,
    PageRef,
)

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
    """The domain (or host) as readers know it (Unicode), escaped for HTML.

    Where its ASCII form differs, that form follows in a `<code>`: the name the link really
    goes to, and the one the URLs on the page show. A name that could deceive (it mixes
    scripts) is flagged as such.
    """
    unicode = unicode_host(domain)
    if unicode == domain:
        return escape(domain)
    title = "real name (ASCII): this name mixes scripts" if mixes_scripts(domain) else "ASCII"
    return f'{escape(unicode)} <code title="{title}">{escape(domain)}</code>'


TOP_DOMAINS_CHART = 12
"""How many domains the overview's chart shows."""
PAGES_SHOWN = 20
"""How many pages the overview ranks in full; the others follow, collapsed."""


def render_overview(
    graph: LinkGraph,
    *,
    title: str,
    page_url: str,
    domain_urls: Mapping[str, str],
    findings: Mapping[str, int] | None = None,
    script_url: str | None = None,
) -> RenderedPage:
    """The overview page: totals, a chart, the domains, pages ranked by outbound links.

    The domains linked more than once are a table; the long tail of domains linked once,
    a dense list from A to Z, so that the page stays short at thousands of domains.
    `findings`: the number of audit findings per domain, shown where there are any;
    `script_url`: where the plugin's script is (`assets/linkroles.js`), relative to the
    site root.
    """
    totals = graph.totals()
    domains = graph.summaries()
    findings = findings or {}
    parts = [STYLE, f'<h1 id="linkroles-overview">{escape(title)}</h1>', f"<p>{TWO_ROLES}</p>"]
    headings = [Heading(1, "linkroles-overview", title)]
    if not domains:
        parts.append("<p>No page of this site links to another site yet.</p>")
        return RenderedPage(title, "\n".join(parts) + "\n", tuple(headings))
    parts.append(
        f"<p><strong>{totals['external_links']}</strong> external links on "
        f"<strong>{totals['pages_with_external_links']}</strong> of "
        f"<strong>{totals['pages']}</strong> pages point to "
        f"<strong>{totals['domains']}</strong> domains "
        f"(<strong>{totals['hosts']}</strong> hosts). Each domain has a page listing "
        "its backlinks from this site.</p>"
    )
    parts.append(_top_domains_chart(domains, totals["external_links"]))
    several = [d for d in domains if d.links > 1]
    single = sorted((d for d in domains if d.links == 1), key=lambda d: unicode_host(d.domain))
    with_findings = any(findings.get(d.domain) for d in domains)

    def link(domain: str) -> str:
        href = escape(relative_url(domain_urls[domain], page_url))
        return f'<a href="{href}">{domain_label(domain)}</a>'

    parts.append('<h2 id="linked-domains">Linked domains</h2>')
    headings.append(Heading(2, "linked-domains", "Linked domains"))
    # The script (`script_url`) adds a box to find a domain by typing, and sorting by a
    # column; without it, everything is there.
    parts.append('<div class="linkroles-filterable" data-linkroles-placeholder="Find a domain">')
    if several:
        rows = [
            f'<tr><td class="linkroles-wrap">{link(s.domain)}</td><td>{s.links}</td>'
            f"<td>{s.referring_pages}</td><td>{len(s.hosts)}</td>"
            + (f"<td>{findings.get(s.domain) or ''}</td>" if with_findings else "")
            + f"<td>{_share(s.links, totals['external_links'])}</td></tr>"
            for s in several
        ]
        header = ["Domain", "Links", "Pages", "Hosts"]
        header += ["Findings"] if with_findings else []
        parts.append(_table([*header, "Share of links"], rows))
    if single:
        parts.append(
            f'<h3 id="linked-once">Linked once: {len(single)} domains</h3>'
            "<p>From A to Z; each leads to its page.</p>"
        )
        headings.append(Heading(3, "linked-once", f"Linked once: {len(single)} domains"))
        items = []
        letter = ""
        for s in single:
            first = unicode_host(s.domain)[:1].upper()
            first = first if first.isalpha() else "#"
            if first != letter:
                letter = first
                items.append(f"<li><strong>{escape(letter)}</strong></li>")
            mark = f" ⚑{findings[s.domain]}" if findings.get(s.domain) else ""
            items.append(f'<li class="linkroles-wrap">{link(s.domain)}{mark}</li>')
        parts.append('<ul class="linkroles-tail">' + "".join(items) + "</ul>")
    parts.append("</div>")
    parts.append('<h2 id="pages-by-outbound-links">Pages by outbound links</h2>')
    headings.append(Heading(2, "pages-by-outbound-links", "Pages by outbound links"))
    ranked = sorted(
        (p for p in graph.pages.values() if p.records),
        key=lambda p: (-len(p.records), p.page.src_uri),
    )
    rows = [
        f'<tr><td class="linkroles-wrap">{_page_link(p.page, page_url)}</td>'
        f"<td>{len(p.records)}</td><td>{len(p.domains)}</td></tr>"
        for p in ranked
    ]
    header = ["Page", "External links", "Domains"]
    parts.append(_table(header, rows[:PAGES_SHOWN]))
    if len(rows) > PAGES_SHOWN:
        parts.append(
            f"<details><summary>{len(rows) - PAGES_SHOWN} more pages</summary>"
            + _table(header, rows[PAGES_SHOWN:])
            + "</details>"
        )
    if script_url is not None:
        parts.append(f'<script src="{escape(relative_url(script_url, page_url))}" defer></script>')
    return RenderedPage(title, "\n".join(parts) + "\n", tuple(headings))


def _top_domains_chart(domains: Sequence[DomainSummary], total: int) -> str:
    """A static SVG bar chart of the most linked domains, in the theme's colours.

    No script; the bars take Material's primary colour (`currentColor` elsewhere), the
    text the page's colour, so it follows a dark mode; `role="img"` with a text alternative
    that says the same as the bars.
    """
    top = list(domains[:TOP_DOMAINS_CHART])
    if len(top) < 2:
        return ""
    most = top[0].links
    row, label_width, width = 22, 190, 640
    bars = []
    for index, summary in enumerate(top):
        y = index * row
        length = max(1.0, (width - label_width - 70) * summary.links / most)
        name = unicode_host(summary.domain)
        name = name if len(name) <= 28 else name[:27] + "…"
        bars.append(
            f'<text x="{label_width - 6}" y="{y + 15}" text-anchor="end">{escape(name)}</text>'
            f'<rect x="{label_width}" y="{y + 4}" width="{length:.1f}" height="{row - 8}" '
            'class="linkroles-bar"/>'
            f'<text x="{label_width + length + 6:.1f}" y="{y + 15}">{summary.links}</text>'
        )
    described = "; ".join(f"{unicode_host(s.domain)}: {s.links}" for s in top)
    alternative = f"The {len(top)} most linked domains, by links from this site: {described}."
    height = len(top) * row
    return (
        f'<figure class="linkroles-chart"><svg role="img" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" style="max-width:100%;height:auto" '
        f'aria-label="{escape(alternative)}">'
        f"<title>{escape(alternative)}</title>"
        '<g fill="currentColor" font-size="12" font-family="inherit">'
        + "".join(bars)
        + f"</g></svg><figcaption>Links to the {len(top)} most linked domains, of "
        f"{total} external links</figcaption></figure>"
    )


SectionLabels = dict[tuple[str, Section | None], tuple[str, str]]
"""Each (page title, section) of the site with its link's escaped `#fragment` and label."""


STYLE = (
    "<style>"
    "ul.linkroles-urls,.linkroles-urls ul{list-style:none;padding-left:0;margin-left:0}"
    "ul.linkroles-urls>li{margin:.4em 0 .8em}.linkroles-urls ul{margin:.2em 0 0 1.2em}"
    ".linkroles-urls ul>li{margin:.1em 0}"
    ".linkroles-url,.linkroles-wrap{overflow-wrap:anywhere}"
    ".linkroles-count{opacity:.7;white-space:nowrap}"
    "meter.linkroles-share::-webkit-meter-optimum-value{background:var(--md-primary-fg-color,"
    "#4051b5)}meter.linkroles-share::-moz-meter-bar{background:var(--md-primary-fg-color,"
    "#4051b5)}"
    "ul.linkroles-tail{columns:14em;list-style:none;padding-left:0;margin-left:0}"
    "ul.linkroles-tail>li{margin:0}"
    ".linkroles-bar{fill:var(--md-primary-fg-color,currentColor);opacity:.85}"
    ".linkroles-filter{width:100%;max-width:24em;padding:.4em .6em;margin:0 0 1em;"
    "font:inherit;color:inherit;background:transparent;border:1px solid currentColor;"
    "border-radius:.2em}button.linkroles-sort{font:inherit;color:inherit;background:none;"
    "border:0;padding:0;cursor:pointer;text-decoration:underline dotted}"
    "@media (max-width:40em){.linkroles-table td:nth-child(n+4),"
    ".linkroles-table th:nth-child(n+4){display:none}}"
    "</style>"
)
"""The few rules the generated pages need in any theme: long URLs wrap, lists stay narrow
enough for a phone, bars take the theme's colour (Material's `--md-primary-fg-color`).
Inline, so that a page needs no file of its own; scoped to the plugin's classes."""

GROUP_OPEN_LIMIT = 8
"""A group of linked URLs with more links than this starts collapsed."""


def render_domain_page(
    profile: DomainProfile,
    *,
    page_url: str,
    overview_url: str | None,
    total_pages: int,
    labels: SectionLabels | None = None,
    findings: Mapping[tuple[str, str], Sequence[tuple[str, str]]] | None = None,
) -> RenderedPage:
    """One domain's backlink profile as seen from this site.

    `labels`: pass the same dict to every domain page of a build; each section of the
    site then gets its label made once (a 2,000-page site's pages have 8,000 sections
    and 60,000 backlinks: 40 ms less). `findings`: the audit's (rule, level) pairs per
    (page source path, URL), shown beside the links they concern.
    """
    domain, summary = profile.domain, profile.summary
    title = f"Backlinks to {unicode_host(domain)}"
    kind_note = {"ip": " (an IP address)", "single-label": " (a single-label host)"}.get(
        summary.kind, ""
    )
    parts = [STYLE, f'<h1 id="linkroles-domain">Backlinks to {domain_label(domain)}</h1>']
    if overview_url is not None:
        back = escape(relative_url(overview_url, page_url))
        parts.append(f'<p><a href="{back}">All linked domains</a></p>')
    parts.append(
        f"<p>{_plural(summary.links, 'link')} on {_plural(summary.referring_pages, 'page')} "
        f"of this site ({summary.referring_pages} of {total_pages}) point to "
        f"<strong>{domain_label(domain)}</strong>{kind_note}. On those pages they are external "
        f"links; seen from {escape(unicode_host(domain))} they are backlinks, listed here.</p>"
    )
    # Each link's flags once; most links have no rel at all, and so no flags. Only the
    # numbers that are not zero are worth a line.
    flag_sets = [b.link.flags if b.link.rel else () for b in profile.backlinks]
    flags = Counter(flag for link_flags in flag_sets for flag in link_flags)
    facts = [
        f"{_plural(len(summary.hosts), 'host')}: "
        + ", ".join(domain_label(host) for host, _ in summary.hosts[:20])
        + (", …" if len(summary.hosts) > 20 else "")
    ]
    facts += [f'<code>rel="{flag}"</code>: {flags[flag]}' for flag in SEO_REL if flags[flag]]
    if flags:
        facts.append(f"without nofollow, sponsored or ugc: {flag_sets.count(())}")
    flagged = 0
    if findings:
        flagged = sum(1 for b in profile.backlinks if findings.get((b.page.src_uri, b.link.url)))
        if flagged:
            facts.append(f"<strong>{_plural(flagged, 'link')} with audit findings</strong>")
    parts.append("<ul>" + "".join(f"<li>{fact}</li>" for fact in facts) + "</ul>")

    headings = [Heading(1, "linkroles-domain", title)]
    if len(summary.hosts) > 1:
        parts.append('<h2 id="hosts">Hosts</h2>')
        parts.append(
            _table(
                ["Host", "Links", "Share of links"],
                [
                    f'<tr><td class="linkroles-wrap">{domain_label(host)}</td><td>{count}</td>'
                    f"<td>{_share(count, summary.links)}</td></tr>"
                    for host, count in summary.hosts
                ],
            )
        )
        headings.append(Heading(2, "hosts", "Hosts"))

    parts.append('<h2 id="linked-urls">Linked URLs</h2>')
    headings.append(Heading(2, "linked-urls", "Linked URLs"))
    linked_urls = _linked_urls(profile, page_url, labels, findings or {})
    parts.append(UNINDEXED_MARK)

    parts.append('<h2 id="site-sections">Where on this site the links are</h2>')
    headings.append(Heading(2, "site-sections", "Where on this site the links are"))
    parts.append(_where_on_the_site(profile, page_url))
    return RenderedPage(title, "\n".join(parts) + "\n", tuple(headings), linked_urls)


def _linked_urls(
    profile: DomainProfile,
    page_url: str,
    labels: SectionLabels | None,
    findings: Mapping[tuple[str, str], Sequence[tuple[str, str]]],
) -> str:
    """The linked URLs, grouped by host and by the first part of their path, with counts.

    Each URL (its count of links), then where it is linked from, with the anchor text.
    Lists rather than a table: a long URL wraps, and nothing is cut off on a phone.
    """
    hrefs: dict[str, str] = {}  # page URL -> its relative href here: pages link repeatedly
    to_page = relative_urls(page_url)
    if labels is None:
        labels = {}
    # host -> path group -> URL -> indexes of its backlinks (in the profile's order)
    tree: dict[str, dict[str, dict[str, list[int]]]] = {}
    indexes: list[int] = []
    last_url = None
    for index, backlink in enumerate(profile.backlinks):
        url = backlink.link.url
        if url != last_url:  # backlinks come sorted by URL: one lookup per URL
            last_url = url
            group = tree.setdefault(backlink.link.host, {}).setdefault(_path_group(url), {})
            indexes = group.setdefault(url, [])
        indexes.append(index)
    out = []
    for host, groups in sorted(
        tree.items(),
        key=lambda item: (-sum(len(v) for g in item[1].values() for v in g.values()), item[0]),
    ):
        host_links = sum(len(indexes) for group in groups.values() for indexes in group.values())
        host_urls = sum(len(group) for group in groups.values())
        out.append(
            f'<p><strong class="linkroles-wrap">{domain_label(host)}</strong> '
            f'<span class="linkroles-count">{_plural(host_links, "link")} to '
            f"{_plural(host_urls, 'URL')}</span></p>"
        )
        out.append('<ul class="linkroles-urls">')
        for group, urls in sorted(
            groups.items(), key=lambda item: (-sum(map(len, item[1].values())), item[0])
        ):
            count = sum(map(len, urls.values()))
            items = []
            for url, indexes in urls.items():
                sources = []
                for index in indexes:
                    page, link = profile.backlinks[index]
                    href = hrefs.get(page.url)
                    if href is None:
                        href = hrefs[page.url] = escape(to_page(page.url))
                    key = (page.title or page.src_uri, link.section)
                    fragment_label = labels.get(key)
                    if fragment_label is None:
                        fragment_label = labels[key] = _section_label(*key)
                    fragment, label = fragment_label
                    text = (
                        f"“{escape(link.text, quote=False)}”" if link.text else "<em>(no text)</em>"
                    )
                    rel = f' <code>rel="{escape(" ".join(link.rel))}"</code>' if link.rel else ""
                    found = findings.get((page.src_uri, url)) if findings else None
                    marks = _finding_marks(found) if found else ""
                    sources.append(
                        f'<li><a href="{href}{fragment}">{label}</a>: {text}{rel}{marks}</li>'
                    )
                times = (
                    f' <span class="linkroles-count">×{len(indexes)}</span>'
                    if len(indexes) > 1
                    else ""
                )
                items.append(f"<li>{_external(url)}{times}<ul>{''.join(sources)}</ul></li>")
            body = "".join(items)
            if len(urls) > 1 or count > 1:
                state = "" if count > GROUP_OPEN_LIMIT else " open"
                summary_text = (
                    f'<code class="linkroles-wrap">{escape(group)}</code> '
                    f'<span class="linkroles-count">{_plural(count, "link")}, '
                    f"{_plural(len(urls), 'URL')}</span>"
                )
                out.append(
                    f"<li><details{state}><summary>{summary_text}</summary>"
                    f'<ul class="linkroles-urls">{body}</ul></details></li>'
                )
            else:
                out.append(body)
        out.append("</ul>")
    return "\n".join(out)


def _finding_marks(found: Sequence[tuple[str, str]]) -> str:
    """The audit's findings of one link, each its rule and level after a flag."""
    return "".join(
        f' <strong title="audit finding">⚑ {escape(rule)} ({escape(level)})</strong>'
        for rule, level in found
    )


def _path_group(url: str) -> str:
    """The first part of a web URL's path, a group of a domain page: `/docs/` or `/`."""
    start = url.find("/", url.find("://") + 3)
    if start < 0:
        return "/"
    path = url[start:].split("?", 1)[0].split("#", 1)[0]
    first, slash, _ = path[1:].partition("/")
    return f"/{first}{slash}" if first else "/"


def _where_on_the_site(profile: DomainProfile, page_url: str) -> str:
    """How the links spread over the site: by folder of the source files, and by page.

    Folders as deep as they go: top-level navigation sections say too little on a site
    whose pages all live in one.
    """
    by_page: Counter[str] = Counter(backlink.page.src_uri for backlink in profile.backlinks)
    refs = {backlink.page.src_uri: backlink.page for backlink in profile.backlinks}
    by_folder: Counter[str] = Counter()
    pages_in: Counter[str] = Counter()
    for src, count in by_page.items():
        folder = src.rpartition("/")[0] + "/"
        by_folder[folder] += count
        pages_in[folder] += 1
    total = profile.summary.links
    folders = _table(
        ["Folder", "Links", "Pages", "Share of links"],
        [
            f'<tr><td class="linkroles-wrap"><code>{escape(folder)}</code></td><td>{count}</td>'
            f"<td>{pages_in[folder]}</td><td>{_share(count, total)}</td></tr>"
            for folder, count in sorted(by_folder.items(), key=lambda i: (-i[1], i[0]))
        ],
    )
    top = sorted(by_page.items(), key=lambda i: (-i[1], i[0]))[:10]
    to_page = relative_urls(page_url)
    pages = _table(
        ["Page", "Links"],
        [
            f'<tr><td class="linkroles-wrap"><a href="{escape(to_page(refs[src].url))}">'
            f"{escape(refs[src].title or src)}</a></td><td>{count}</td></tr>"
            for src, count in top
        ],
    )
    heading = "The pages that link most" if len(by_page) > len(top) else "By page"
    return f"{folders}\n<p><strong>{heading}</strong></p>\n{pages}"


def _table(header: list[str], rows: list[str], *, head: bool = True) -> str:
    """A table; on a phone, only its first three columns (see `STYLE`).

    The class is on a wrapper: Material styles only tables without a class of their own.
    """
    thead = "<thead><tr>" + "".join(f"<th>{h}</th>" for h in header) + "</tr></thead>"
    return (
        f'<div class="linkroles-table"><table>{thead if head else ""}<tbody>\n'
        + "\n".join(rows)
        + "\n</tbody></table></div>"
    )


def _share(count: int, total: int) -> str:
    """A small bar: a native <meter> needs no script or stylesheet in any theme."""
    percent = 100.0 * count / total if total else 0.0
    return (
        f'<meter class="linkroles-share" min="0" max="{total}" value="{count}">{percent:.1f}%'
        f"</meter> {percent:.1f}%"
    )


def _external(url: str) -> str:
    """A link to a web URL, its host shown in Unicode for reading.

    The ASCII form stays where a name could deceive (see `domain_label`); the whole ASCII
    URL is in the link's `title`.
    """
    if not url.startswith(("https://", "http://")):
        return f"<code>{escape(url)}</code>"  # never clickable: only web URLs become links
    escaped = escape(url)
    if "xn--" in url:
        scheme, _, rest = url.partition("://")
        host, slash, path = rest.partition("/")
        if not mixes_scripts(host.split(":", 1)[0]):
            shown = escape(f"{scheme}://{unicode_host(host)}{slash}{path}")
            if shown != escaped:
                return f'<a class="linkroles-url" href="{escaped}" title="{escaped}">{shown}</a>'
    return f'<a class="linkroles-url" href="{escaped}">{escaped}</a>'


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
