"""The generated pages as HTML: the overview of linked domains and one page per domain.

Pure functions from the link model to HTML fragments that go into the theme's content
area, through Jinja templates (`templates/linkroles/`) that a site can replace from its
theme's `custom_dir`. The functions prepare plain values; the templates escape every
value that came from a page (titles, anchor texts, URLs, headings), and make only http(s)
URLs clickable.
"""

from __future__ import annotations

import re
import traceback
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache
from html import unescape
from importlib import resources
from typing import Any, NamedTuple
from weakref import WeakKeyDictionary

from jinja2 import ChoiceLoader, Environment, FileSystemLoader
from markupsafe import Markup

from mkdocs_linkroles.links.classify import unicode_host
from mkdocs_linkroles.links.model import LinkGraph
from mkdocs_linkroles.links.records import SEO_REL, DomainProfile, DomainSummary, ExternalLink
from mkdocs_linkroles.pages import compiled
from mkdocs_linkroles.pages.filters import breakable, isolate
from mkdocs_linkroles.pages.linked import (
    LinkedInput,
    SectionLabels,
    SourceHeads,
    URLHealth,
    linked_hosts,
    repository_prefix,
    shown_url,
    url_groups,
)
from mkdocs_linkroles.pages.messages import Messages
from mkdocs_linkroles.pages.names import Name, name_of, relative_url, relative_urls
from mkdocs_linkroles.safe import shorten


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading of a generated page, for the theme's table of contents."""

    level: int
    id: str
    text: str


THEME_MARK = Markup('<div class="linkroles-theme"></div>')
"""Where the theme's links go (option `theme_links`): known only once the site's pages are
written, after the generated pages are made."""

PAGE_MARK = 'class="linkroles"'
"""What every generated page's content holds (its outer `div`), and what a placeholder of
the overview in `docs_dir` holds (`<div class="linkroles"></div>`): the plugin puts its
overview in the placeholder's place, and `linkroles scan` overwrites only files with it."""

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


TEMPLATES = ("linkroles/overview.html", "linkroles/domain.html", "linkroles/page_summary.html")
"""The templates of the generated pages; each can be replaced from the theme's `custom_dir`.

They include `linkroles/macros.html` and `linkroles/style.html`, which can be replaced too.
"""
OWN_TEMPLATES = str(resources.files("mkdocs_linkroles").joinpath("templates"))
"""The folder of the plugin's templates (`linkroles/...`)."""
FILLED_TEMPLATE = "linkroles/filled.html"
"""The template MkDocs renders a domain page with when the theme's shell fills it (see
`shell`): nothing, at no cost; the plugin writes the page from the shell."""


def template_environment(theme: Environment | None = None) -> Environment:
    """Where the generated pages' templates are looked up.

    With the theme's environment (`theme`), the theme's folders first, so that a template
    of the same name in its `custom_dir` replaces the plugin's, as with Material's blog
    and tags plugins; the theme's environment itself is not changed. Without one, only the
    plugin's templates. Neither escapes by itself: the templates escape every value.
    """
    own = FileSystemLoader(OWN_TEMPLATES)
    if theme is None:
        environment = Environment(loader=own, autoescape=False, auto_reload=False)
    else:
        loader = own if theme.loader is None else ChoiceLoader([theme.loader, own])
        # Not reloaded: a build renders hundreds of pages from the same few templates, and
        # `mkdocs serve` makes a new environment for every rebuild.
        environment = theme.overlay(loader=loader, auto_reload=False)
    # The overlay shares the theme's filters: a copy gets ours.
    environment.filters = {**environment.filters, "isolate": isolate, "breakable": breakable}
    return environment


_STYLES: WeakKeyDictionary[Environment, Markup] = WeakKeyDictionary()


def _style(templates: Environment) -> Markup:
    """`linkroles/style.html`, rendered once per environment: the same on every page."""
    style = _STYLES.get(templates)
    if style is None:
        style = _STYLES[templates] = Markup(templates.get_template(_STYLE).render())
    return style


_STYLE = "linkroles/style.html"


@cache
def _english() -> Messages:
    return Messages()


@cache
def _default_templates() -> Environment:
    """The plugin's own templates, for callers without a theme (tests, the command line)."""
    return template_environment()


_HEADING = re.compile(r'<h([1-6])\b[^>]*?\sid="([^"]*)"[^>]*>(.*?)</h\1\s*>', re.S)
_TAG = re.compile(r"<[^>]*>")


def failed_at(error: BaseException) -> tuple[str, int] | None:
    """Where a template failed while rendering: its file and line, or None if unknown.

    Jinja rewrites the traceback of an error in a template so that its frames are the
    template's own file and line: the last such frame is where it failed. For the
    plugin's messages and `linkroles org --pages` alike.
    """
    where = None
    for frame in traceback.extract_tb(error.__traceback__):
        if not frame.filename.endswith(".py") and frame.lineno is not None:
            where = (frame.filename, frame.lineno)
    return where


def headings_of(html: str) -> tuple[Heading, ...]:
    """The headings with an `id` in a rendered template, for the page's table of contents.

    Read from the output, so that a template of the site's own lists its own headings.
    """
    return tuple(
        Heading(int(level), unescape(id_), " ".join(unescape(_TAG.sub("", text)).split()))
        for level, id_, text in _HEADING.findall(html)
    )


def _render_page(
    templates: Environment | None,
    template: str,
    title: str,
    t: Messages,
    theme_links: bool,
    **values: Any,
) -> RenderedPage:
    """A whole generated page from its template, with what every such page gets.

    `title`, `t` (the language's words), `style` (rendered once per environment) and
    `theme_mark` (where the theme's links go, with `theme_links`), then `values`.
    """
    templates = templates or _default_templates()
    html = templates.get_template(template).render(
        title=title,
        t=t,
        style=_style(templates),
        theme_mark=THEME_MARK if theme_links else "",
        **values,
    )
    return _page(title, html)


def _page(title: str, html: str) -> RenderedPage:
    """A rendered template as a page: headings read, the unindexed part set aside."""
    headings = headings_of(html)
    unindexed = ""
    start = html.find(_UNINDEXED_START)
    end = html.find(_UNINDEXED_END, start)
    if start >= 0 and end >= 0:
        unindexed = html[start + len(_UNINDEXED_START) : end]
        html = html[:start] + UNINDEXED_MARK + html[end + len(_UNINDEXED_END) :]
    if headings and headings[0].level == 1:  # the page's title, not its decorated heading
        headings = (Heading(1, headings[0].id, title), *headings[1:])
    return RenderedPage(title, html, headings, unindexed)


_UNINDEXED_START = '<div class="linkroles-unindexed">'
_UNINDEXED_END = "</div><!--/linkroles-unindexed-->"


TOP_DOMAINS_CHART = 12
"""How many domains the overview's chart shows."""
PAGES_SHOWN = 10
"""How many pages the overview ranks in full; the others follow, collapsed."""
FOLDERS_SHOWN = 10
"""Folders listed on a domain page, most links first; the rest are summed in one row (a
2,000-page site's page for a domain linked from everywhere listed 200)."""
DOMAINS_SHOWN = 25
"""How many of the domains linked more than once the overview's table shows; the others
follow, collapsed (one click, or the find box, which searches them all)."""


def render_overview(
    graph: LinkGraph,
    *,
    title: str | None = None,
    page_url: str,
    domain_urls: Mapping[str, str],
    findings: Mapping[str, int] | None = None,
    gone: Sequence[str] = (),
    script_url: str | None = None,
    templates: Environment | None = None,
    messages: Messages | None = None,
    theme_links: bool = False,
) -> RenderedPage:
    """The overview page (`linkroles/overview.html`): totals, a chart, domains, pages.

    The domains linked more than once are a table; the long tail of domains linked once,
    a dense list from A to Z, so that the page stays short at thousands of domains.
    `findings`: the number of audit findings per domain, shown where there are any;
    `gone`: the domains whose names no longer resolve (`linkroles check`), listed where
    the page shows the audit;
    `script_url`: where the plugin's script is (`assets/linkroles.js`), relative to the
    site root; `templates`: see `template_environment`; `messages`: the language's words
    (English by default).
    """
    t = messages or _english()
    if title is None:
        title = t("overview.title").unescape()
    totals = graph.totals()
    summaries = graph.summaries()
    findings = findings or {}
    total = totals["external_links"]

    def row(summary: DomainSummary) -> DomainRow:
        return DomainRow(
            name_of(summary.domain),
            relative_url(domain_urls[summary.domain], page_url),
            summary.links,
            summary.referring_pages,
            len(summary.hosts),
            findings.get(summary.domain, 0),
            t.percent(summary.links, total),
        )

    domains = [row(s) for s in summaries if s.links > 1]
    single = sorted((row(s) for s in summaries if s.links == 1), key=lambda r: r.name.unicode)
    tail: list[tuple[str, list[DomainRow]]] = []
    for domain_row in single:
        first = domain_row.name.unicode[:1].upper()
        first = first if first.isalpha() else "#"
        if not tail or tail[-1][0] != first:
            tail.append((first, []))
        tail[-1][1].append(domain_row)
    ranked = sorted(
        (p for p in graph.pages.values() if p.records),
        key=lambda p: (-len(p.records), p.page.src_uri),
    )
    to_page = relative_urls(page_url)
    titles = Counter(p.page.title or p.page.src_uri for p in ranked)
    values: dict[str, Any] = dict(
        totals=totals,
        chart=_chart(summaries, t),
        domains=domains,
        domains_shown=DOMAINS_SHOWN,
        with_findings=any(r.findings for r in (*domains, *single)),
        tail=tail,
        tail_count=len(single),
        gone=[
            (name_of(domain), _href_of(domain, domain_urls, page_url)) for domain in sorted(gone)
        ],
        pages=[
            PageRow(
                to_page(p.page.url),
                p.page.title or p.page.src_uri,
                len(p.records),
                len(p.domains),
                # Two pages of one title (two changelogs) are told apart by their source.
                p.page.src_uri if titles[p.page.title or p.page.src_uri] > 1 else "",
            )
            for p in ranked
        ],
        pages_shown=PAGES_SHOWN,
        script_href=None if script_url is None else relative_url(script_url, page_url),
    )
    templates = templates or _default_templates()
    if compiled.own(templates, compiled.OVERVIEW_OF):  # the same bytes, without Jinja
        html = compiled.overview_page(
            t=t,
            style=_style(templates),
            theme_mark=THEME_MARK if theme_links else "",
            title=title,
            **values,
        )
        return _page(title, html)
    return _render_page(templates, TEMPLATES[0], title, t, theme_links, **values)


class DomainRow(NamedTuple):
    """A linked domain in the overview."""

    name: Name
    href: str
    """Its page, relative to the overview."""
    links: int
    pages: int
    """Pages of the site that link to it."""
    hosts: int
    findings: int
    """Audit findings on its links."""
    percent: str
    """Its share of the site's external links, one decimal: `12.5`."""


class PageRow(NamedTuple):
    """A page of the site in a generated page's table."""

    href: str
    title: str
    links: int
    domains: int = 0
    path: str = ""
    """Its source file, where another page has the same title; empty otherwise."""


@dataclass(frozen=True, slots=True)
class Chart:
    """The overview's bar chart of the most linked domains, laid out."""

    bars: tuple[Bar, ...]
    alternative: str
    """What the bars say, as text (the chart's `aria-label` and `<title>`)."""
    width: int
    height: int
    bar_height: int
    label_anchor: str
    """`text-anchor` of the names: they end at the bars (start, from the right to left)."""
    count_anchor: str
    """`text-anchor` of the counts after the bars."""


class Bar(NamedTuple):
    """One domain in the chart: its (shortened) name, links, and where its parts go."""

    name: str
    links: str
    """Its links, written as the language writes numbers."""
    y: int
    label_x: int
    x: str
    length: str
    count_x: str


def _chart(domains: Sequence[DomainSummary], t: Messages) -> Chart | None:
    """The most linked domains laid out as bars; none for fewer than two domains.

    In a right-to-left language the chart is mirrored: names on the right, bars growing to
    the left.
    """
    top = list(domains[:TOP_DOMAINS_CHART])
    if len(top) < 2:
        return None
    most = top[0].links
    row, label_width, width = 22, 190, 640
    rtl = t.direction == "rtl"
    bars = []
    for index, summary in enumerate(top):
        length = max(1.0, (width - label_width - 70) * summary.links / most)
        name = shorten(unicode_host(summary.domain), 28)
        if rtl:
            start = width - label_width - length
            label_x, x, count_x = width - label_width + 6, start, start - 6
        else:
            label_x, x, count_x = label_width - 6, label_width, label_width + length + 6
        bars.append(
            Bar(
                name,
                t.number(summary.links),
                index * row,
                label_x,
                f"{x:.1f}",
                f"{length:.1f}",
                f"{count_x:.1f}",
            )
        )
    separator = str(t("overview.chart.separator"))
    described = separator.join(
        str(t("overview.chart.item", domain=unicode_host(s.domain), links=t.number(s.links)))
        for s in top
    )
    alternative = t.plural("overview.chart.alternative", len(top), list=described)
    return Chart(
        tuple(bars),
        alternative.unescape(),  # plain text: the template escapes it
        width=width,
        height=len(top) * row,
        bar_height=row - 8,
        label_anchor="start" if rtl else "end",
        count_anchor="end" if rtl else "start",
    )


class HostRow(NamedTuple):
    """A host of the domain, in the table of hosts."""

    name: Name
    links: int
    percent: str


class FolderRow(NamedTuple):
    """A folder of the site's source files, with the links in it."""

    folder: str
    links: int
    pages: int
    percent: str


class OtherFolders(NamedTuple):
    """The folders of a domain page beyond the first few, in one row."""

    folders: int
    links: int
    pages: int
    percent: str


def render_domain_page(
    profile: DomainProfile,
    *,
    page_url: str,
    overview_url: str | None,
    total_pages: int,
    labels: SectionLabels | None = None,
    heads: SourceHeads | None = None,
    findings: Mapping[tuple[str, str], Sequence[tuple[str, str]]] | None = None,
    templates: Environment | None = None,
    messages: Messages | None = None,
    theme_links: bool = False,
    own_repository: str | None = None,
    health: Mapping[str, URLHealth] | None = None,
    gone: bool = False,
) -> RenderedPage:
    """One domain's backlink profile as seen from this site (`linkroles/domain.html`).

    `labels` and `heads`: pass the same dicts to every domain page of a build; each section
    of the site then gets its label made once, and each source's line its start (a
    2,000-page site has 8,000 sections and 60,000 backlinks). `findings`: the audit's
    (rule, level) pairs per (page source path, URL), shown beside the links they concern.
    `templates`: see `template_environment`.
    `own_repository`: the site's `repo_url`; links into it are one group, named as such.
    `health`: each URL's health (`linkroles check`), and `gone`: the domain's name no
    longer resolves; both only where the page shows the audit (`show_findings`).
    """
    t = messages or _english()
    domain, summary = profile.domain, profile.summary
    title = t("domain.title", domain=unicode_host(domain)).unescape()
    # Each link's flags once; most links have no rel at all, and so no flags.
    flag_sets = [b.link.flags if b.link.rel else () for b in profile.backlinks]
    flags = Counter(flag for link_flags in flag_sets for flag in link_flags)
    flagged = 0
    if findings:
        flagged = sum(1 for b in profile.backlinks if findings.get((b.page.src_uri, b.link.url)))
    by_page: Counter[str] = Counter(backlink.page.src_uri for backlink in profile.backlinks)
    refs = {backlink.page.src_uri: backlink.page for backlink in profile.backlinks}
    by_folder: dict[str, int] = {}  # dicts: a Counter's += calls Python for each new key
    pages_in: dict[str, int] = {}
    for src, count in by_page.items():
        folder = src.rpartition("/")[0] + "/"
        by_folder[folder] = by_folder.get(folder, 0) + count
        pages_in[folder] = pages_in.get(folder, 0) + 1
    top = sorted(by_page.items(), key=lambda i: (-i[1], i[0]))[:PAGES_SHOWN]
    folders = sorted(by_folder.items(), key=lambda i: (-i[1], i[0]))
    to_page = relative_urls(page_url)
    linked = LinkedInput(
        profile,
        url_groups(profile, repository_prefix(own_repository)),
        page_url,
        labels if labels is not None else {},
        findings or {},
        health,
        heads if heads is not None else {},
    )
    templates = templates or _default_templates()
    # Written from `linked` when the list is the plugin's (`compiled`); made as values
    # only for a site's own templates, which may read them.
    compiled_page = compiled.own(templates, compiled.PAGE_OF)
    hosts = None if compiled_page else linked_hosts(linked)
    values: dict[str, Any] = dict(
        name=name_of(domain),
        kind=summary.kind,
        overview_href=None if overview_url is None else relative_url(overview_url, page_url),
        links=summary.links,
        referring_pages=summary.referring_pages,
        total_pages=total_pages,
        hosts=[
            HostRow(name_of(host), count, t.percent(count, summary.links))
            for host, count in summary.hosts
        ],
        rel_flags=[(flag, flags[flag]) for flag in SEO_REL if flags[flag]],
        without_rel_flags=flag_sets.count(()),
        flagged=flagged,
        linked_hosts=hosts,
        linked_urls=compiled.LinkedURLs(linked, t, templates, hosts),
        health=_health_counts(profile, health) if health else None,
        gone=gone,
        folders=[
            FolderRow(folder, count, pages_in[folder], t.percent(count, summary.links))
            for folder, count in folders[:FOLDERS_SHOWN]
        ],
        other_folders=_other_folders(folders[FOLDERS_SHOWN:], pages_in, summary.links, t),
        top_pages=_page_rows(top, refs, to_page),
        more_pages=len(by_page) > len(top),
    )
    if compiled_page:  # no site replaced the templates: the same bytes, sooner
        # The page around an empty list: its headings are read from a few kB, not from
        # the whole list, which has none. The list is the page's unindexed part, before
        # the line break the page writes after it.
        frame = compiled.domain_page(
            t=t,
            style=_style(templates),
            theme_mark=THEME_MARK if theme_links else "",
            title=title,
            **{**values, "linked_urls": ""},
        )
        page = _page(title, frame)
        listed = compiled.linked_urls(linked, t)
        return replace(page, unindexed_html=listed + page.unindexed_html)
    return _render_page(templates, TEMPLATES[1], title, t, theme_links, **values)


def _other_folders(
    rest: Sequence[tuple[str, int]], pages_in: Mapping[str, int], total: int, t: Messages
) -> OtherFolders | None:
    """The folders beyond the first `FOLDERS_SHOWN`, summed in one row (`folder`: how many)."""
    if not rest:
        return None
    links = sum(count for _, count in rest)
    pages = sum(pages_in[folder] for folder, _ in rest)
    return OtherFolders(len(rest), links, pages, t.percent(links, total))


def _href_of(domain: str, domain_urls: Mapping[str, str], page_url: str) -> str:
    """A domain's page, relative to the page at `page_url`; empty without one."""
    url = domain_urls.get(domain)
    return relative_url(url, page_url) if url else ""


def _health_counts(
    profile: DomainProfile, health: Mapping[str, URLHealth]
) -> dict[str, int] | None:
    """How many of the domain's URLs were checked, and how many are broken or moved."""
    statuses = Counter(
        health[url].status for url in {b.link.url for b in profile.backlinks} if url in health
    )
    checked = sum(statuses.values()) - statuses["excluded"]
    if not checked:
        return None
    return {
        "checked": checked,
        "broken": statuses["broken"],
        "moved": statuses["redirected"],
        "unreachable": statuses["unreachable"],
    }


def _page_rows(
    counts: Sequence[tuple[str, int]], refs: Mapping[str, Any], to_page: Callable[[str], str]
) -> list[PageRow]:
    """Pages with their counts; two of one title told apart by their source path."""
    titles = Counter(refs[src].title or src for src, _ in counts)
    return [
        PageRow(
            to_page(refs[src].url),
            refs[src].title or src,
            count,
            path=src if titles[refs[src].title or src] > 1 else "",
        )
        for src, count in counts
    ]


SUMMARY_ID = "linkroles-external-links"
"""The `id` of the heading of a page's summary of external links (`page_summary`)."""


class SummaryRow(NamedTuple):
    """A linked domain in a page's summary of external links."""

    name: Name
    href: str | None
    """Its backlinks page, relative to the page; None without one."""
    links: int


def render_page_summary(
    links: Sequence[ExternalLink],
    *,
    page_url: str,
    domain_urls: Mapping[str, str | None],
    title: str | None = None,
    templates: Environment | None = None,
    messages: Messages | None = None,
) -> str:
    """The outbound view for readers (`linkroles/page_summary.html`).

    A page's external links, grouped by domain; each domain links to its backlinks page
    when there is one (`domain_urls`). Domains come most linked first, then by name. Empty
    when the page has no external link.
    """
    if not links:
        return ""
    counts = Counter(link.domain for link in links)
    rows = []
    for domain, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        url = domain_urls.get(domain)
        href = None if url is None else relative_url(url, page_url)
        rows.append(SummaryRow(name_of(domain), href, count))
    template = (templates or _default_templates()).get_template(TEMPLATES[2])
    t = messages or _english()
    return template.render(
        title=title if title is not None else t("summary.title").unescape(),
        t=t,
        id=SUMMARY_ID,
        domains=rows,
    )


_HEAD = re.compile(r"<head(?:\s[^>]*)?>", re.IGNORECASE)


def with_noindex(output: str) -> str:
    """A whole page with `<meta name="robots" content="noindex">` first in its `<head>`."""
    head = _HEAD.search(output)
    if head is None:
        return output
    meta = '<meta name="robots" content="noindex">'
    return output[: head.end()] + meta + output[head.end() :]


class ThemeLinkRow(NamedTuple):
    """A link the theme writes, as `linkroles/theme_links.html` lists it."""

    name: Name
    url: str
    shown: str
    web: bool
    position: str
    text: str
    pages: int
    site_wide: bool


def render_theme_links(
    links: Sequence[Any],
    *,
    templates: Environment | None = None,
    messages: Messages | None = None,
) -> str:
    """The theme's links of a domain, or of the site (`linkroles/theme_links.html`).

    `links`: `model.ThemeLink`s. Empty without any.
    """
    if not links:
        return ""
    t = messages or _english()
    rows = [
        ThemeLinkRow(
            name_of(link.domain), link.url, *shown_url(link.url), link.position, link.text,
            link.pages, link.site_wide,
        )
        for link in links
    ]  # fmt: skip
    template = (templates or _default_templates()).get_template("linkroles/theme_links.html")
    return template.render(t=t, links=rows)
