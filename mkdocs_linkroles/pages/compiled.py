"""The generated pages' templates, compiled by hand into Python: the same bytes, less cost.

A domain page lists each of its URLs and every place that links to it; on the 2,000-page
benchmark site that is 60,000 backlinks in 999 pages. Jinja spends about 20 µs on each
backlink (ten values looked up, filtered and written) and 0.2 to 0.4 ms on each page's frame
(its counts and tables: forty calls and a dozen macros), which on the real OWASP Cheat
Sheet Series, 460 domain pages mostly linked once, was a tenth of what the plugin added
to the build. This module writes the very same bytes from the very same values, two to four
times faster, as long as the site has not replaced the templates it stands for (`own`):
`linked_urls` the list (`linked_urls.html` and the `label` macro), `domain_page` the whole
page (`domain.html` too), `overview_page` the overview (`overview.html`, which Jinja
compiled in every build for one page). A site's own templates are rendered by Jinja as any
template.
`tests/pages/test_compiled.py` holds the two to each other on values drawn at random,
hostile ones included, in several languages, and on whole sites built by MkDocs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from jinja2 import Environment
from markupsafe import Markup

from mkdocs_linkroles.links.records import PageRef
from mkdocs_linkroles.pages.filters import broken, escape_text, escaped, isolated
from mkdocs_linkroles.pages.linked import (
    GROUPS_SHOWN,
    HostGroup,
    LinkedInput,
    SectionLabels,
    URLHealth,
    linked_hosts,
    section_label,
    shown_url,
)
from mkdocs_linkroles.pages.messages import Messages
from mkdocs_linkroles.pages.names import Name, outside, relative_urls, shared_base
from mkdocs_linkroles.reading.anchors import Section

if TYPE_CHECKING:
    from mkdocs_linkroles.pages.render import (
        Chart,
        DomainRow,
        FolderRow,
        HostRow,
        OtherFolders,
        PageRow,
    )

DOMAIN = "linkroles/domain.html"
LINKED_URLS = "linkroles/linked_urls.html"
MACROS = "linkroles/macros.html"
OVERVIEW = "linkroles/overview.html"
LIST_OF = (LINKED_URLS, MACROS)
"""The templates `linked_urls` stands for."""
PAGE_OF = (DOMAIN, LINKED_URLS, MACROS)
"""The templates `domain_page` stands for (the style is rendered by Jinja, once a build)."""
OVERVIEW_OF = (OVERVIEW, MACROS)
"""The templates `overview_page` stands for."""


class LinkedURLs:
    """A domain page's linked URLs as `domain.html` writes them (`{{ linked_urls }}`).

    Rendered when written, not before: a site's own `domain.html` that leaves them out
    costs nothing.
    """

    __slots__ = ("hosts", "linked", "t", "templates")

    def __init__(
        self,
        linked: LinkedInput,
        t: Messages,
        templates: Environment,
        hosts: Sequence[HostGroup] | None = None,
    ) -> None:
        """`linked`: what the list is made of; `t`: its language; `templates`: its theme's.

        `hosts`: the page's `linked_hosts`, if made already.
        """
        self.linked = linked
        self.t = t
        self.templates = templates
        self.hosts = hosts

    def __str__(self) -> str:
        if own(self.templates, LIST_OF):
            return linked_urls(self.linked, self.t)
        hosts = self.hosts if self.hosts is not None else linked_hosts(self.linked)
        return self.templates.get_template(LINKED_URLS).render(t=self.t, linked_hosts=hosts)

    def __html__(self) -> str:
        """Already HTML: an environment that escapes on its own leaves it as it is."""
        return str(self)


_OWN: WeakKeyDictionary[Environment, dict[str, bool]] = WeakKeyDictionary()


def own(templates: Environment, names: Sequence[str]) -> bool:
    """Whether `templates` finds the plugin's own file for each of `names` (none replaced)."""
    known = _OWN.setdefault(templates, {})
    for name in names:
        if name not in known:
            from mkdocs_linkroles.pages.render import OWN_TEMPLATES

            loader = templates.loader
            # The file it would be loaded from, without compiling it.
            where = loader.get_source(templates, name)[1] if loader is not None else None
            known[name] = (where or "").startswith(OWN_TEMPLATES)
        if not known[name]:
            return False
    return True


def label(name: Name, t: Messages) -> str:
    """The `label` macro of `macros.html`: a domain or host as readers know it."""
    if name.unicode == name.ascii:
        text = _breakable(name.ascii)
    else:
        title = t("label.deceptive") if name.deceptive else t("label.ascii")
        text = f'{_breakable(name.unicode)} <code title="{title}">{_breakable(name.ascii)}</code>'
    return f"<bdi>{text}</bdi>" if t.direction == "rtl" else text


def _breakable(text: str) -> str:
    return isolated(broken(escape_text(text)))


def linked_urls(linked: LinkedInput, t: Messages) -> str:
    """`linked_urls.html` rendered with `linked_hosts=linked_hosts(linked)`, byte for byte.

    Written straight from the backlinks, without making `linked_hosts` (a value per URL and
    per backlink: on the 2,000-page benchmark site that took as long as writing them).
    """
    backlinks = linked.profile.backlinks
    labels, findings, health = linked.labels, linked.findings, linked.health
    to_page = relative_urls(linked.page_url)
    # Each linked-from page and section's line starts alike on every domain page: made
    # once a build (8,000 sections for 60,000 backlinks on the benchmark site), for the
    # pages of the site outside the domain pages' folder (`names.shared_base`).
    shared = shared_base(linked.page_url)
    heads = {} if shared is None else linked.heads.setdefault(shared, {})
    top = None if shared is None else shared[1]
    out: list[str] = []
    write = out.append
    no_text = f"<em>{t('domain.no_text')}</em>"
    finding = t("domain.finding")
    own_repository = t("domain.own_repository")
    plural, number = t.plural, t.number
    group_counts: dict[tuple[int, int], str] = {}  # a few small counts, again and again
    for host in linked.hosts:
        host_counts = t(
            "domain.host_counts",
            links=plural("count.links", host.links),
            urls=plural("count.urls", host.urls),
        )
        write(
            f'\n<p><strong class="linkroles-wrap">{label(host.name, t)}</strong> '
            f'<span class="linkroles-count">{host_counts}</span></p>\n<ul class="linkroles-urls">'
        )
        for index, group in enumerate(host.groups):
            if index == GROUPS_SHOWN:
                write(
                    "\n<li><details><summary>"
                    f"{plural('domain.more_groups', len(host.groups) - GROUPS_SHOWN)}"
                    '</summary><ul class="linkroles-urls">'
                )
            if group.collapsible:
                numbers = (group.links, len(group.spans))
                counts = group_counts.get(numbers)
                if counts is None:
                    counts = group_counts[numbers] = t(
                        "domain.group_counts",
                        links=plural("count.links", group.links),
                        urls=plural("count.urls", len(group.spans)),
                    )
                write(
                    f"\n<li><details{' open' if group.open else ''}><summary>"
                    f"{own_repository + ' ' if group.own else ''}"
                    f'<code class="linkroles-wrap" dir="ltr">{_breakable(group.path)}</code> '
                    f'<span class="linkroles-count">{counts}</span></summary>'
                    '<ul class="linkroles-urls">'
                )
            for url, start, end in group.spans:
                shown, web = shown_url(url)
                if not web:
                    write(f'<li><code dir="ltr">{_breakable(url)}</code>')
                else:
                    escaped = escape_text(url)
                    if shown == url:  # most URLs: escaped once
                        write(
                            f'<li><a class="linkroles-url" dir="ltr" href="{escaped}">'
                            f"{isolated(broken(escaped))}</a>"
                        )
                    else:
                        write(
                            f'<li><a class="linkroles-url" dir="ltr" href="{escaped}" '
                            f'title="{escaped}">{_breakable(shown)}</a>'
                        )
                if end - start > 1:
                    write(f' <span class="linkroles-count">×{number(end - start)}</span>')
                checked = health.get(url) if health else None
                if checked and checked.status != "ok":
                    write(_health(checked, t))
                write("<ul>")
                for page, link in backlinks[start:end]:
                    section = link.section
                    head = heads.get((page.src_uri, section))
                    if head is None:
                        head = _source_head(page, section, to_page, labels)
                        if top is None or outside(page.url, top):  # the same on each page
                            heads[(page.src_uri, section)] = head
                    text, rel = link.text, ""
                    if link.rel:
                        rel = f' <code>rel="{escape_text(" ".join(link.rel))}"</code>'
                    found = findings.get((page.src_uri, url)) if findings else None
                    marks = (
                        "".join(
                            f' <strong title="{finding}">⚑ {isolated(escape_text(rule))} '
                            f"({isolated(escape_text(level))})</strong>"
                            for rule, level in found
                        )
                        if found
                        else ""
                    )
                    write(f"{head}{_quoted(text) if text else no_text}{rel}{marks}</li>")
                write("</ul></li>")
            if group.collapsible:
                write("</ul></details></li>")
        if len(host.groups) > GROUPS_SHOWN:
            write("\n</ul></details></li>")
        write("\n</ul>")
    return "".join(out)


def _health(health: URLHealth, t: Messages) -> str:
    """A checked URL's status, and where a redirected one went."""
    code = f" ({health.code})" if health.code else ""
    written = (
        f' <span class="linkroles-health linkroles-health-{health.status}" '
        f'title="{t("health.checked", day=health.day)}">'
        f"{t('health.' + health.status)}{code}</span>"
    )
    if health.status == "redirected" and health.final_url:
        written += (
            f' {t("health.moved_to")} <a class="linkroles-url" dir="ltr" '
            f'href="{escape_text(health.final_url)}">'
            f"{_breakable(health.final_url)}</a>"
        )
    return written


def domain_page(
    *,
    t: Messages,
    style: str,
    theme_mark: str,
    name: Name,
    kind: str,
    overview_href: str | None,
    links: int,
    referring_pages: int,
    total_pages: int,
    hosts: Sequence[HostRow],
    rel_flags: Sequence[tuple[str, int]],
    without_rel_flags: int,
    flagged: int,
    gone: bool,
    health: dict[str, int] | None,
    linked_urls: object,
    folders: Sequence[FolderRow],
    other_folders: OtherFolders | None,
    top_pages: Sequence[PageRow],
    more_pages: bool,
    **unused: Any,
) -> str:
    """`domain.html` rendered with these values, byte for byte.

    `unused`: `title` and `linked_hosts`, which the template does not write either.
    """
    number = t.number
    domain_label = Markup(label(name, t))
    out = [
        f'{style}\n<div class="linkroles" lang="{t.tag}" dir="{t.direction}">\n'
        f'<h1 id="linkroles-domain">{t("domain.title", domain=domain_label)}</h1>\n'
    ]
    write = out.append
    if overview_href is not None:
        write(f'<p><a href="{escape_text(overview_href)}">{t("domain.all_domains")}</a></p>\n')
    intro = t(
        "domain.intro",
        links=t.plural("count.links", links),
        pages=t.plural("count.pages", referring_pages),
        part=number(referring_pages),
        total=number(total_pages),
        domain=Markup(f"<strong>{domain_label}</strong>"),
        kind=t(f"domain.kind.{kind}") if kind in ("ip", "single-label") else "",
        name=name.unicode,
    )
    host_list = ", ".join(label(host.name, t) for host in hosts[:20])
    if len(hosts) > 20:
        host_list += ", …"
    write(
        f"<p>{intro}</p><ul><li>{t.plural('domain.hosts', len(hosts), list=Markup(host_list))}</li>"
    )
    for flag, count in rel_flags:
        write(f'<li><code>rel="{escape_text(flag)}"</code>: {number(count)}</li>')
    if rel_flags:
        write(f"<li>{t('domain.without_rel', count=number(without_rel_flags))}</li>")
    if flagged:
        write(f"<li><strong>{t.plural('domain.flagged', flagged)}</strong></li>")
    if gone:
        write(f'<li><strong class="linkroles-health-gone">{t("domain.gone")}</strong></li>')
    if health:
        counts = {key: number(value) for key, value in health.items()}
        write(f"<li>{t('domain.health', **counts)}</li>")
    write("</ul>\n")
    if len(hosts) > 1:
        rows = "".join(
            f'<tr><td class="linkroles-wrap">{label(host.name, t)}</td><td>{number(host.links)}'
            f'</td><td class="linkroles-nowrap">{_share(host.links, links, host.percent)}'
            "</td></tr>\n"
            for host in hosts
        )
        table = _table(t, ("column.host", "column.links", "column.share"), rows)
        write(f'<h2 id="hosts">{t("domain.hosts_heading")}</h2>\n{table}\n')
    rows = "".join(
        f'<tr><td class="linkroles-wrap"><code dir="ltr">{_isolate(f.folder)}</code></td>'
        f"<td>{number(f.links)}</td><td>{number(f.pages)}</td>"
        f'<td class="linkroles-nowrap">{_share(f.links, links, f.percent)}</td></tr>\n'
        for f in folders
    )
    if other_folders:
        other = other_folders
        rows += (
            f"<tr><td><em>{t.plural('domain.other_folders', other.folders)}</em></td>"
            f"<td>{number(other.links)}</td><td>{number(other.pages)}</td>"
            f'<td class="linkroles-nowrap">{_share(other.links, links, other.percent)}</td></tr>\n'
        )
    table = _table(t, ("column.folder", "column.links", "column.pages", "column.share"), rows)
    write(
        f'<h2 id="linked-urls">{t("domain.linked_urls")}</h2>'
        f'<div class="linkroles-unindexed">{linked_urls}\n</div><!--/linkroles-unindexed-->\n'
        f'<h2 id="site-sections">{t("domain.where")}</h2>\n{table}\n'
    )
    rows = "".join(
        f'<tr><td class="linkroles-wrap"><a href="{escape_text(p.href)}">{_isolate(p.title)}</a>'
        + (f' <span class="linkroles-path">{_breakable(p.path)}</span>' if p.path else "")
        + f"</td><td>{number(p.links)}</td></tr>\n"
        for p in top_pages
    )
    heading = t("domain.top_pages") if more_pages else t("domain.by_page")
    table = _table(t, ("column.page", "column.links"), rows)
    write(f"<p><strong>{heading}</strong></p>\n{table}\n{theme_mark}\n</div>")
    return "".join(out)


def overview_page(
    *,
    t: Messages,
    style: str,
    theme_mark: str,
    title: str,
    totals: dict[str, int],
    chart: Chart | None,
    domains: Sequence[DomainRow],
    domains_shown: int,
    with_findings: bool,
    tail: Sequence[tuple[str, Sequence[DomainRow]]],
    tail_count: int,
    gone: Sequence[tuple[Name, str]],
    pages: Sequence[PageRow],
    pages_shown: int,
    script_href: str | None,
) -> str:
    """`overview.html` rendered with these values, byte for byte.

    Jinja compiled the template in each build (40 ms) and took 50 ms more to render it
    for a site of a thousand domains: most of what the overview cost.
    """
    number = t.number
    out = [
        f'{style}\n<div class="linkroles" lang="{t.tag}" dir="{t.direction}">\n'
        f'<h1 id="linkroles-overview">{_isolate(str(title))}</h1>\n'
        f"<p>{t('overview.two_roles')}</p>\n"
    ]
    write = out.append
    if not domains and not tail:
        write(f"<p>{t('overview.empty')}</p>\n{theme_mark}\n</div>")
        return "".join(out)
    counts = t(
        "overview.totals",
        links=t.plural("overview.totals.links", totals["external_links"]),
        pages=t.plural(
            "overview.totals.pages",
            totals["pages"],
            part=number(totals["pages_with_external_links"]),
        ),
        domains=t.plural("overview.totals.domains", totals["domains"]),
        hosts=t.plural("overview.totals.hosts", totals["hosts"]),
    )
    write(f"<p>{counts}</p>\n")
    if chart:
        alternative = escaped(chart.alternative)
        write(
            f'<figure class="linkroles-chart"><svg role="img" viewBox="0 0 {chart.width} '
            f'{chart.height}" width="{chart.width}" height="{chart.height}" '
            'style="max-width:100%;height:auto;direction:ltr" '
            f'aria-label="{alternative}"><title>{alternative}</title>'
            '<g fill="currentColor" font-size="12" font-family="inherit">'
        )
        for bar in chart.bars:
            write(
                f'<text x="{bar.label_x}" y="{bar.y + 15}" text-anchor="{chart.label_anchor}">'
                f'{escaped(bar.name)}</text><rect x="{bar.x}" y="{bar.y + 4}" '
                f'width="{bar.length}" height="{chart.bar_height}" class="linkroles-bar"/>'
                f'<text x="{bar.count_x}" y="{bar.y + 15}" text-anchor="{chart.count_anchor}">'
                f"{escaped(bar.links)}</text>"
            )
        caption = t.plural("overview.chart.caption", len(chart.bars))
        write(f"</g></svg><figcaption>{caption}</figcaption></figure>\n")
    write(
        f'<h2 id="linked-domains">{t("overview.linked_domains")}</h2>'
        f'<div class="linkroles-filterable" data-linkroles-placeholder="{t("overview.find")}" '
        f'data-linkroles-sort="{t("overview.sort_by", column="{column}")}" '
        f'data-linkroles-none="{t("overview.no_match")}">\n'
    )
    finding = t("domain.finding")
    total = totals["external_links"]
    if domains:
        columns: tuple[str, ...] = ("column.domain", "column.links", "column.pages", "column.hosts")
        columns += ("column.findings",) if with_findings else ()
        columns += ("column.share",)

        def rows(part: Sequence[DomainRow]) -> str:
            written = []
            for d in part:
                found = ""
                if with_findings:
                    flag = f'<span title="{finding}">⚑ {number(d.findings)}</span>'
                    found = f'<td data-sort="{d.findings}">{flag if d.findings else ""}</td>'
                written.append(
                    f'<tr><td class="linkroles-name"><a href="{escape_text(d.href)}">'
                    f"{label(d.name, t)}</a></td>"
                    f'<td data-sort="{d.links}">{number(d.links)}</td>'
                    f'<td data-sort="{d.pages}">{number(d.pages)}</td>'
                    f'<td data-sort="{d.hosts}">{number(d.hosts)}</td>{found}'
                    f'<td data-sort="{d.links}" class="linkroles-nowrap">'
                    f"{_share(d.links, total, d.percent)}</td></tr>\n"
                )
            return "".join(written)

        more = "overview.more_domains"
        write("\n" + _first_then_more(t, columns, rows, domains, domains_shown, more, "\n"))
    if tail:
        write(
            '<details class="linkroles-more linkroles-once"><summary><h3 id="linked-once">'
            f"{t.plural('overview.linked_once', tail_count)}</h3></summary>"
            f'<p>{t("overview.a_to_z")}</p>\n<ul class="linkroles-tail">'
        )
        for letter, part in tail:
            write(f"<li><strong>{_isolate(letter)}</strong></li>")
            for d in part:
                flag = (
                    f' <span title="{finding}">⚑ {number(d.findings)}</span>' if d.findings else ""
                )
                write(
                    f'<li class="linkroles-name"><a href="{escape_text(d.href)}">'
                    f"{label(d.name, t)}</a>{flag}</li>"
                )
        write("</ul>\n</details>\n")
    write("</div>\n")
    if gone:
        items = "".join(
            '<li class="linkroles-health-gone">'
            + (f'<a href="{escape_text(href)}">{label(name, t)}</a>' if href else label(name, t))
            + "</li>"
            for name, href in gone
        )
        write(f'<h2 id="gone-domains">{t("overview.gone")}</h2>\n<ul>{items}</ul>\n')
    page_columns = ("column.page", "column.external_links", "column.domains")

    def page_rows(part: Sequence[PageRow]) -> str:
        return "".join(
            f'<tr><td class="linkroles-wrap"><a href="{escape_text(p.href)}">'
            f"{_isolate(p.title)}</a>"
            + (f' <span class="linkroles-path">{_breakable(p.path)}</span>' if p.path else "")
            + f"</td><td>{number(p.links)}</td><td>{number(p.domains)}</td></tr>\n"
            for p in part
        )

    write(
        f'<h2 id="pages-by-outbound-links">{t("overview.pages_by_links")}</h2>\n'
        + _first_then_more(t, page_columns, page_rows, pages, pages_shown, "overview.more_pages")
    )
    if script_href:
        write(f'<script src="{escape_text(script_href)}" defer></script>\n')
    write(f"{theme_mark}\n</div>")
    return "".join(out)


def _first_then_more(
    t: Messages,
    columns: Sequence[str],
    rows: Callable[[Sequence[Any]], str],
    items: Sequence[Any],
    shown: int,
    more: str,
    around: str = "",
) -> str:
    """A table of the first `shown` items, the others in a collapsed one after it.

    `more`: the message of the collapsed table's summary (it gets their number); `around`:
    what the template writes on each side of that table (a line break for the domains,
    nothing for the pages).
    """
    written = _table(t, columns, rows(items[:shown])) + "\n"
    if len(items) > shown:
        summary = t.plural(more, len(items) - shown)
        written += (
            f'<details class="linkroles-more"><summary>{summary}</summary>{around}'
            f"{_table(t, columns, rows(items[shown:]))}{around}</details>\n"
        )
    return written


def _source_head(
    page: PageRef, section: Section | None, to_page: Callable[[str], str], labels: SectionLabels
) -> str:
    """The start of a source's line: a link to the page's section, named as they are."""
    fragment, heading = labels.get(section) or labels.setdefault(section, section_label(section))
    title = _isolate(page.title or page.src_uri)
    if heading:
        title = f"{title} › {_isolate(heading)}"
    return f'<li><a href="{escape_text(to_page(page.url) + fragment)}">{title}</a>: '


# Anchor texts repeat too ("documentation", "GitHub", a project's name): 1,444 distinct
# texts of 60,000 links on the benchmark site.
@lru_cache(maxsize=1 << 15)
def _quoted(text: str) -> str:
    return f"“{isolated(escape_text(text))}”"


def _isolate(text: str) -> str:
    return isolated(escape_text(text))


def _share(count: int, total: int, percent: str) -> str:
    """The `share` macro of `macros.html`: a bar and its percentage."""
    shown = _isolate(percent)
    return (
        f'<meter class="linkroles-share" min="0" max="{total}" value="{count}">{shown}</meter> '
        f"{shown}"
    )


def _table(t: Messages, columns: Sequence[str], rows: str) -> str:
    """The `table` macro of `macros.html`: the header's messages, then `rows`."""
    header = "".join(f"<th>{isolated(t(column))}</th>" for column in columns)
    return (
        f'<div class="linkroles-table"><table><thead><tr>{header}</tr></thead><tbody>\n'
        f"{rows}\n</tbody></table></div>"
    )
