"""A domain page's linked URLs, written in Python: `linkroles/linked_urls.html` at less cost.

A domain page lists each of its URLs and every place that links to it; on the 2,000-page
benchmark site that is 60,000 backlinks in 999 pages, and Jinja spends about 20 µs on
each (ten values looked up, filtered and written). This module writes the very same bytes
from the very same values, several times faster, as long as the site has not replaced
the template or the macros it uses (`own`): a site's own `linked_urls.html` is rendered
by Jinja as any template. `tests/pages/test_linked.py` holds the two to each other on
generated and hostile values, in both directions of writing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from jinja2 import Environment

from mkdocs_linkroles.pages.filters import broken, escape_text, isolated
from mkdocs_linkroles.pages.messages import Messages

if TYPE_CHECKING:
    from mkdocs_linkroles.pages.render import HostGroup, Name

TEMPLATE = "linkroles/linked_urls.html"
REPLACED_BY = (TEMPLATE, "linkroles/macros.html")
"""The templates whose Jinja rendering this module stands for: a site that replaces one
of them gets Jinja's."""


class LinkedURLs:
    """A domain page's linked URLs as `domain.html` writes them (`{{ linked_urls }}`).

    Rendered when written, not before: a site's own `domain.html` that leaves them out
    costs nothing.
    """

    __slots__ = ("hosts", "t", "templates")

    def __init__(self, hosts: Sequence[HostGroup], t: Messages, templates: Environment) -> None:
        """`hosts`: the page's `linked_hosts`; `t`: its language; `templates`: its theme's."""
        self.hosts = hosts
        self.t = t
        self.templates = templates

    def __str__(self) -> str:
        if own(self.templates):
            return render(self.hosts, self.t)
        return self.templates.get_template(TEMPLATE).render(t=self.t, linked_hosts=self.hosts)

    def __html__(self) -> str:
        """Already HTML: an environment that escapes on its own leaves it as it is."""
        return str(self)


_OWN: WeakKeyDictionary[Environment, bool] = WeakKeyDictionary()


def own(templates: Environment) -> bool:
    """Whether `templates` finds the plugin's own `REPLACED_BY` (no site replaced them)."""
    known = _OWN.get(templates)
    if known is None:
        from mkdocs_linkroles.pages.render import OWN_TEMPLATES

        loader = templates.loader
        # The file each would be loaded from, without compiling it.
        known = _OWN[templates] = loader is not None and all(
            (loader.get_source(templates, name)[1] or "").startswith(OWN_TEMPLATES)
            for name in REPLACED_BY
        )
    return known


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


def render(hosts: Sequence[HostGroup], t: Messages) -> str:
    """`linked_urls.html` rendered with `linked_hosts=hosts`, byte for byte."""
    out: list[str] = []
    write = out.append
    no_text = f"<em>{t('domain.no_text')}</em>"
    finding = t("domain.finding")
    own_repository = t("domain.own_repository")
    plural, number = t.plural, t.number
    # Pages link many times, from the same sections: their titles, headings and addresses
    # are escaped once each.
    hrefs: dict[str, str] = {}
    texts: dict[str, str] = {}
    group_counts: dict[tuple[int, int], str] = {}  # a few small counts, again and again
    for host in hosts:
        host_counts = t(
            "domain.host_counts",
            links=plural("count.links", host.links),
            urls=plural("count.urls", host.urls),
        )
        write(
            f'\n<p><strong class="linkroles-wrap">{label(host.name, t)}</strong> '
            f'<span class="linkroles-count">{host_counts}</span></p>\n<ul class="linkroles-urls">'
        )
        shown = len(host.groups)
        for index, group in enumerate((*host.groups, *host.more_groups)):
            if index == shown:
                write(
                    f"\n<li><details><summary>{plural('domain.more_groups', len(host.more_groups))}"
                    '</summary><ul class="linkroles-urls">'
                )
            if group.collapsible:
                numbers = (group.links, len(group.urls))
                counts = group_counts.get(numbers)
                if counts is None:
                    counts = group_counts[numbers] = t(
                        "domain.group_counts",
                        links=plural("count.links", group.links),
                        urls=plural("count.urls", len(group.urls)),
                    )
                write(
                    f"\n<li><details{' open' if group.open else ''}><summary>"
                    f"{own_repository + ' ' if group.own else ''}"
                    f'<code class="linkroles-wrap" dir="ltr">{_breakable(group.path)}</code> '
                    f'<span class="linkroles-count">{counts}</span></summary>'
                    '<ul class="linkroles-urls">'
                )
            for u in group.urls:
                if u.web:
                    url = escape_text(u.url)
                    title = f' title="{url}"' if u.shown != u.url else ""
                    write(
                        f'<li><a class="linkroles-url" dir="ltr" href="{url}"{title}>'
                        f"{_breakable(u.shown)}</a>"
                    )
                else:
                    write(f'<li><code dir="ltr">{_breakable(u.url)}</code>')
                if len(u.sources) > 1:
                    write(f' <span class="linkroles-count">×{number(len(u.sources))}</span>')
                health = u.health
                if health and health.status != "ok":
                    code = f" ({health.code})" if health.code else ""
                    write(
                        f' <span class="linkroles-health linkroles-health-{health.status}" '
                        f'title="{t("health.checked", day=health.day)}">'
                        f"{t('health.' + health.status)}{code}</span>"
                    )
                    if health.status == "redirected" and health.final_url:
                        write(
                            f' {t("health.moved_to")} <a class="linkroles-url" dir="ltr" '
                            f'href="{escape_text(health.final_url)}">'
                            f"{_breakable(health.final_url)}</a>"
                        )
                write("<ul>")
                for s in u.sources:
                    where = hrefs.get(s.href)
                    if where is None:
                        where = hrefs[s.href] = escape_text(s.href)
                    page = texts.get(s.page)
                    if page is None:
                        page = texts[s.page] = isolated(escape_text(s.page))
                    if s.section:
                        section = texts.get(s.section)
                        if section is None:
                            section = texts[s.section] = isolated(escape_text(s.section))
                        page = f"{page} › {section}"
                    text = f"“{isolated(escape_text(s.text))}”" if s.text else no_text
                    rel = f' <code>rel="{escape_text(s.rel)}"</code>' if s.rel else ""
                    marks = "".join(
                        f' <strong title="{finding}">⚑ {isolated(escape_text(rule))} '
                        f"({isolated(escape_text(level))})</strong>"
                        for rule, level in s.findings
                    )
                    write(f'<li><a href="{where}">{page}</a>: {text}{rel}{marks}</li>')
                write("</ul></li>")
            if group.collapsible:
                write("</ul></details></li>")
        if host.more_groups:
            write("\n</ul></details></li>")
        write("\n</ul>")
    return "".join(out)
