"""The organisation's backlinks site (`linkroles org --pages OUT`): plain HTML, no theme.

An overview of the domains by how many of the organisation's sites link to each, and a
page per domain listing the referring sites and their pages. Written as the rows come
from DuckDB, ordered by domain: one domain's rows in memory at a time.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    TemplateSyntaxError,
    select_autoescape,
)

from mkdocs_linkroles import __version__
from mkdocs_linkroles.links.model import domain_slug
from mkdocs_linkroles.org.query import Org
from mkdocs_linkroles.pages.filters import breakable
from mkdocs_linkroles.pages.messages import Messages
from mkdocs_linkroles.pages.render import OWN_TEMPLATES, failed_at

MARK = ".linkroles-org"
"""The file that tells a folder written by `org --pages`: only such a folder is replaced."""


class SiteError(Exception):
    """An output folder that is not ours to write: one line."""


def _templates(folder: str | os.PathLike[str] | None) -> Environment:
    """The pages' templates: those in `folder` first (`linkroles/org/*.html`), then ours."""
    loaders = [FileSystemLoader(folder)] if folder is not None else []
    environment = Environment(
        loader=ChoiceLoader([*loaders, FileSystemLoader(OWN_TEMPLATES)]),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    # Host names, addresses and paths wrap at their dots and slashes, as on a site's pages.
    environment.filters["breakable"] = breakable
    return environment


PAGES_PER_SITE = 5
"""Pages listed for each referring site on a domain's page; the others are counted."""
SITES_SHOWN = 25
"""Referring sites listed with their pages on a domain's page (the first 5 open); the
others follow in one collapsed table of counts."""


@dataclass
class _Referring:
    """A site that links to the domain: its counts, and its pages that link most."""

    site: str
    links: int
    page_count: int
    pages: list[dict[str, Any]] = field(default_factory=list)

    @property
    def more_pages(self) -> int:
        """Its referring pages beyond those listed."""
        return self.page_count - len(self.pages)


def _page_href(site: str, url: str) -> str:
    """The page's address on its site: only a web address becomes a link."""
    href = urljoin(site, url) if site else ""
    return href if href.startswith(("https://", "http://")) else ""


def write_org_pages(
    org: Org,
    out: str | os.PathLike[str],
    *,
    top: int | None,
    messages: Messages | None = None,
    templates: str | os.PathLike[str] | None = None,
) -> int:
    """Write the overview and a page per domain into `out`; how many pages were written.

    The domains are the `top` most linked (all without `top`); `messages`: the pages'
    language (English without); `templates`: a folder whose `linkroles/org/` templates
    replace ours. What an earlier run wrote into `out` is replaced. SiteError names a
    template that fails.
    """
    try:
        return _write(org, Path(out), top, messages or Messages(), _templates(templates))
    except TemplateError as error:
        # A syntax error names its file and line; a runtime one, its traceback.
        where = failed_at(error) or (
            (error.filename, error.lineno) if isinstance(error, TemplateSyntaxError) else None
        )
        prefix = f"{where[0]}:{where[1]}: " if where and where[0] else ""
        raise SiteError(f"{prefix}{error.message or type(error).__name__}") from None


def _write(org: Org, target: Path, top: int | None, t: Messages, env: Environment) -> int:
    """`write_org_pages`, its arguments read."""
    _prepare(target)
    generator = f"mkdocs-linkroles {__version__}"
    totals = org.totals()
    domains = org.domains(top)
    rows = [
        {"domain": d, "sites": s, "pages": p, "links": n, "href": domain_slug(d) + "/"}
        for d, s, p, n in domains
    ]
    sites = [
        {"site": s, "pages": p, "links": n, "domains": d, "href": _page_href(s, "")}
        for s, p, n, d in org.sites()
    ]
    (target / "index.html").write_text(
        env.get_template("linkroles/org/overview.html").render(
            t=t,
            title=t("org.title"),
            generator=generator,
            totals=totals,
            domains=rows,
            more_domains=max(totals.domains - len(rows), 0),
            sites=sites,
        ),
        encoding="utf-8",
    )
    counts = {d: (s, p, n) for d, s, p, n in domains}
    template = env.get_template("linkroles/org/domain.html")
    written = 1
    chosen = [d for d, *_ in domains]
    for domain, referring in _by_domain(org.domain_pages(chosen, per_site=PAGES_PER_SITE)):
        sites_count, pages, links = counts[domain]
        folder = target / domain_slug(domain)
        folder.mkdir()
        (folder / "index.html").write_text(
            template.render(
                t=t,
                title=t("domain.title", domain=domain),
                generator=generator,
                domain=domain,
                sites=sites_count,
                pages=pages,
                links=links,
                overview_href="../",
                referring=referring[:SITES_SHOWN],
                more_sites=referring[SITES_SHOWN:],
            ),
            encoding="utf-8",
        )
        written += 1
    return written


def _by_domain(
    rows: Iterator[tuple[str, str, int, int, str, str, str, int]],
) -> Iterator[tuple[str, list[_Referring]]]:
    """The rows of `Org.domain_pages`, grouped: each domain with its sites, in order.

    One domain's rows in memory at a time: at most `PAGES_PER_SITE` for each site.
    """
    current: str | None = None
    referring: list[_Referring] = []
    for domain, site, page_count, site_links, page, url, title, links in rows:
        if domain != current:
            if current is not None:
                yield current, referring
            current, referring = domain, []
        if not referring or referring[-1].site != site:
            referring.append(_Referring(site, site_links, page_count))
        referring[-1].pages.append(
            {"page": page, "title": title, "href": _page_href(site, url), "links": links}
        )
    if current is not None:
        yield current, referring


def _prepare(target: Path) -> None:
    """An empty `target`: new, or emptied because an earlier run of ours wrote it."""
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise SiteError(f"{target}: not a folder")
    if target.exists() and any(target.iterdir()):
        if not (target / MARK).is_file():
            raise SiteError(
                f"{target}: not empty, and not written by linkroles org --pages; "
                "give an empty or new folder"
            )
        shutil.rmtree(target)
    target.mkdir(parents=True, exist_ok=True)
    (target / MARK).write_text("written by linkroles org --pages; replaced by its next run\n")
