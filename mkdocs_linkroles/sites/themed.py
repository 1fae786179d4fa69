"""The generated pages written into a built site, in its own theme, without its generator.

One of the site's own pages is the shell: its header, navigation, footer, stylesheets and
scripts stay; its content region gets the rendered page, its title the page's title; its
relative URLs are rewritten for the new page's folder, and its table of contents and the
"active" marks of its navigation are cleared, since they were the shell page's.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, replace
from html import escape
from importlib import resources
from pathlib import Path
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

from mkdocs_linkroles.config import LinkRolesConfig
from mkdocs_linkroles.links.model import LinkGraph, ThemeLinks, domain_slug
from mkdocs_linkroles.pages.linked import SectionLabels, SourceHeads, URLHealth
from mkdocs_linkroles.pages.messages import Messages
from mkdocs_linkroles.pages.render import (
    PAGE_MARK,
    THEME_MARK,
    RenderedPage,
    render_domain_page,
    render_overview,
    render_theme_links,
    template_environment,
    with_noindex,
)
from mkdocs_linkroles.sites.files import (
    SiteFileError,
    read_site_file,
    site_file_kind,
    write_site_file,
)
from mkdocs_linkroles.sites.pages import CONTENT_SELECTORS, content_region, page_url

TABLES_OF_CONTENTS = ("nav.md-nav--secondary", ".bs-sidebar", "div.sphinxsidebar ul ul")
"""The shell's table of contents, in the themes that have one: the shell page's, not ours."""

_BASE_URL = re.compile(r"""(\bbase_url\s*=\s*["'])([^"']*)["']""")
_ACTIVE = re.compile(
    r"(?:^|\s)(?:md-nav__link--active|md-nav__item--active|active|current)(?=\s|$)"
)


@dataclass(frozen=True, slots=True)
class WrittenPages:
    """What `write_pages` wrote, for the report and the messages."""

    domain_urls: dict[str, str]
    """Each domain's page URL, relative to the site root."""
    files: list[str]
    """Every file written, relative to the site folder."""


class ShellError(ValueError):
    """The generated pages cannot be written.

    The site has no page to use as a shell, or a generated page would take another's place.
    """


def write_pages(
    site_dir: Path,
    graph: LinkGraph,
    *,
    options: LinkRolesConfig,
    messages: Messages,
    use_directory_urls: bool,
    site_url: str | None,
    site_name: str,
    content: str | None = None,
    shell: str | None = None,
    findings: Mapping[tuple[str, str], list[tuple[str, str]]] | None = None,
    repo_url: str | None = None,
    theme: ThemeLinks | None = None,
    health: tuple[dict[str, URLHealth], frozenset[str]] = ({}, frozenset()),
) -> WrittenPages:
    """Write the overview and a page per domain into `site_dir`, in the shell's theme.

    `shell`: the page to take as the shell (default: `index.html`); `content`: the CSS
    selector of its content region, as for scanning; `repo_url`: the site's repository,
    whose links are one group on its domain's page; `theme`: the theme's links of the
    site's pages (option `theme_links`), listed on the pages as the plugin lists them.
    """
    folder = options.backlinks_dir
    shell_path = shell or "index.html"
    if site_file_kind(site_dir, shell_path) != "file":
        raise ShellError(f"no page '{shell_path}' to take as the shell of the generated pages")
    shell_html = read_site_file(site_dir, shell_path).decode("utf-8", errors="replace")
    shell_tree = LexborHTMLParser(shell_html)
    if content_region(shell_tree, content) is None:
        raise ShellError(
            f"'{shell_path}' has no content region ({content or ', '.join(CONTENT_SELECTORS)})"
        )
    if options.compact_navigation:  # once: every generated page has the shell's nav
        compact_navigation(shell_tree)
        shell_html = shell_tree.html or shell_html

    def path_of(name: str) -> str:
        if name == "index" or not use_directory_urls:
            return f"{folder}/{name}.html"
        return f"{folder}/{name}/index.html"

    def url_of(path: str) -> str:
        return page_url(path, use_directory_urls)

    overview_path = path_of("index")
    domain_paths = {s.domain: path_of(domain_slug(s.domain)) for s in graph.summaries()}
    domain_urls = {domain: url_of(path) for domain, path in domain_paths.items()}
    templates = template_environment()
    # The audit only where the caller shows it (`show_findings`).
    per_domain = Counter(f.domain for f in graph.findings()) if findings else Counter()
    written: list[str] = []
    rendered: list[tuple[str, RenderedPage]] = []
    labels: SectionLabels = {}  # shared by the domain pages, as in the plugin (`publish`)
    heads: SourceHeads = {}
    for profile in graph.domains():
        path = domain_paths[profile.domain]
        rendered.append(
            (
                path,
                render_domain_page(
                    profile,
                    page_url=url_of(path),
                    overview_url=url_of(overview_path),
                    total_pages=len(graph.pages),
                    labels=labels,
                    heads=heads,
                    findings=findings or {},
                    own_repository=repo_url,
                    health=health[0],
                    gone=profile.domain in health[1],
                    templates=templates,
                    messages=messages,
                    theme_links=theme is not None,
                ),
            )
        )
    rendered.append(
        (
            overview_path,
            render_overview(
                graph,
                title=options.overview_title,
                page_url=url_of(overview_path),
                domain_urls=domain_urls,
                findings=per_domain,
                gone=sorted(health[1] & set(domain_urls)),
                script_url=f"{folder}/linkroles.js",
                templates=templates,
                messages=messages,
                theme_links=theme is not None,
            ),
        )
    )
    if theme is not None:  # as the plugin does once the site's pages are written
        summaries = theme.summaries()
        path_domains = {path: domain for domain, path in domain_paths.items()}
        rendered = [
            (
                path,
                replace(
                    page,
                    html=page.html.replace(
                        THEME_MARK,
                        render_theme_links(
                            [link for link in summaries if link.domain == path_domains[path]]
                            if path in path_domains
                            else summaries,
                            templates=templates,
                            messages=messages,
                        ),
                        1,
                    ),
                ),
            )
            for path, page in rendered
        ]
    assets = ["linkroles.js"] + (["linkroles.css"] if options.mark_links_stylesheet else [])
    # Every place checked before anything is written: a clash leaves the site as it was.
    for path, mark in [(path, PAGE_MARK.encode()) for path, _ in rendered] + [
        (f"{folder}/{asset}", ASSET_MARK) for asset in assets
    ]:
        _check_place(site_dir, path, mark)
    for path, page in rendered:
        html = _in_shell(
            shell_html,
            shell_path,
            path,
            page,
            content=content,
            site_url=site_url,
            site_name=site_name,
            noindex=options.noindex,
            url=url_of(path),
        )
        _write(site_dir, path, html.encode("utf-8"), PAGE_MARK.encode())
        written.append(path)
    for asset in assets:  # the overview's script; the stylesheet the shell may link to
        shipped = resources.files("mkdocs_linkroles").joinpath(f"assets/{asset}")
        _write(site_dir, f"{folder}/{asset}", shipped.read_bytes(), ASSET_MARK)
        written.append(f"{folder}/{asset}")
    pages = [(path, page) for path, page in rendered]
    if options.sitemap and site_url:
        _add_to_sitemap(site_dir, [url_of(p) for p, _ in pages], site_url)
    if options.search:
        _add_to_search(site_dir, [(url_of(path), page) for path, page in pages])
    return WrittenPages(domain_urls, written)


ASSET_MARK = b"mkdocs-linkroles:"
"""What the first line of the plugin's script and stylesheet holds."""


def _check_place(site_dir: Path, path: str, mark: bytes) -> None:
    """Refuse a place for a file of ours that holds a link, or a file of the site's."""
    kind = site_file_kind(site_dir, path)
    if kind is None:
        return
    if kind == "file" and mark in _read_bytes(site_dir, path):
        return
    if kind == "link":
        raise ShellError(
            f"{path}: a symbolic link (or a folder on its way) is where linkroles would write; "
            "remove it: linkroles never writes through a link"
        )
    what = {"folder": "a folder", "other": "a special file"}
    raise ShellError(
        f"the generated file '{path}' would take the place of {what.get(kind, 'a file')} of "
        "the site, which linkroles did not write; set the plugin's 'backlinks_dir' option "
        "to another folder"
    )


def _read_bytes(site_dir: Path, path: str) -> bytes:
    try:
        return read_site_file(site_dir, path)
    except SiteFileError as error:
        raise ShellError(str(error)) from None


def _write(site_dir: Path, path: str, data: bytes, mark: bytes) -> None:
    """Write one file of ours: never through a link, never over a file of the site's."""
    try:
        write_site_file(site_dir, path, data, may_replace=lambda existing: mark in existing)
    except SiteFileError as error:
        raise ShellError(
            f"{error}"
            if "did not write" not in str(error)
            else f"the generated file '{path}' would overwrite a file of the site; set the "
            "plugin's 'backlinks_dir' option to another folder"
        ) from None


def _in_shell(
    shell_html: str,
    shell_path: str,
    path: str,
    page: RenderedPage,
    *,
    content: str | None,
    site_url: str | None,
    site_name: str,
    noindex: bool,
    url: str,
) -> str:
    """The shell page with `page` in its content region, its URLs made right for `path`."""
    tree = LexborHTMLParser(shell_html)
    region = content_region(tree, content)
    assert region is not None  # checked once, for every page
    title = tree.css_first("title")
    if title is not None:
        title.inner_html = escape(f"{page.title} - {site_name}" if site_name else page.title)
    for selector in TABLES_OF_CONTENTS:
        for node in tree.css(selector):
            node.decompose()
    for node in tree.css("[class]"):
        classes = node.attributes.get("class") or ""
        if _ACTIVE.search(classes):
            node.attrs["class"] = " ".join(_ACTIVE.sub(" ", classes).split())
    for node in tree.css("[aria-current]"):
        del node.attrs["aria-current"]
    shell_folder = posixpath.dirname(shell_path)
    folder = posixpath.dirname(path)
    for node in tree.css("[href], [src]"):
        for attribute in ("href", "src"):
            value = node.attributes.get(attribute)
            if value and node.parent is not None and _relative(value):
                node.attrs[attribute] = _moved(value, shell_folder, folder)
    # Themes that find their files from a base URL written in a script: Material's and
    # Zensical's `__config` (JSON), MkDocs' themes' `base_url`.
    for node in tree.css("script#__config"):
        config = json.loads(node.text() or "{}")
        for key in ("base", "search"):
            if isinstance(config.get(key), str) and _relative(config[key]):
                config[key] = _moved(config[key], shell_folder, folder)
        node.inner_html = json.dumps(config).replace("</", "<\\/")  # raw text: no escaping
    for node in tree.css("script:not([src])"):
        text = node.text() or ""
        if "base_url" in text:
            node.inner_html = _BASE_URL.sub(
                lambda m: f"{m.group(1)}{_moved(m.group(2), shell_folder, folder)}{m.group(1)[-1]}",
                text,
            )
    # Last: the page's own URLs are right already.
    region.inner_html = page.full_html
    for node in tree.css('link[rel="canonical"]'):
        if site_url:
            node.attrs["href"] = site_url.rstrip("/") + "/" + url
        else:
            node.decompose()
    html = tree.html or ""
    return with_noindex(html) if noindex else html


def compact_navigation(tree: LexborHTMLParser) -> None:
    """The navigation's top level only, each section a link to its first page.

    What the plugin's `compact_navigation` gives the generated pages in a build, done on
    a written page: Material's and Zensical's primary navigation, and the `mkdocs` theme's
    menu. A theme this does not know keeps its whole navigation.
    """
    for section in tree.css("nav.md-nav--primary > ul.md-nav__list > li.md-nav__item--nested"):
        _as_link(section, "md-nav__link", "label.md-nav__link, div.md-nav__link, a.md-nav__link")
        section.attrs["class"] = "md-nav__item"
    for section in tree.css("ul.navbar-nav > li.dropdown"):
        _as_link(section, "nav-link", "a.dropdown-toggle", ellipsis=False)
        section.attrs["class"] = "navitem"


def _as_link(section: LexborNode, link_class: str, label: str, *, ellipsis: bool = True) -> None:
    """A section of a navigation made one link to its first page, with its label's text.

    `ellipsis`: the text in Material's `md-ellipsis` span, as its own links have it.
    """
    pages = (a for a in section.css("a[href]") if "dropdown-toggle" not in _classes(a))
    first = next(pages, None)
    name = section.css_first(label)
    text = " ".join((name.text(deep=True) if name is not None else "").split())
    if first is None or not text:
        return
    href = first.attributes.get("href") or "./"
    shown = f'<span class="md-ellipsis">{escape(text)}</span>' if ellipsis else escape(text)
    section.inner_html = f'<a class="{link_class}" href="{escape(href)}">{shown}</a>'


def _classes(node: LexborNode) -> str:
    return node.attributes.get("class") or ""


def _relative(url: str) -> bool:
    """A URL relative to its page's folder (not absolute, not rooted, not a fragment)."""
    return not (url.startswith(("#", "/", "?")) or re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*:", url))


def _moved(url: str, from_folder: str, to_folder: str) -> str:
    """`url`, relative to `from_folder`, made relative to `to_folder`."""
    split = re.search(r"[?#]", url)
    path, rest = (url[: split.start()], url[split.start() :]) if split else (url, "")
    if not path:
        return url
    target = posixpath.normpath(posixpath.join(from_folder, path))
    moved = posixpath.relpath(target, to_folder or ".")
    if path.endswith("/") and not moved.endswith("/"):
        moved += "/"
    return moved + rest


def _add_to_sitemap(site_dir: Path, urls: list[str], site_url: str) -> None:
    """List the pages in the site's `sitemap.xml`, if it has one; each once, however often."""
    if site_file_kind(site_dir, "sitemap.xml") is None:
        return
    text = _read_text(site_dir, "sitemap.xml")
    root = site_url.rstrip("/") + "/"
    entries = "".join(
        f"    <url>\n         <loc>{escape(root + url)}</loc>\n    </url>\n"
        for url in urls
        if f"<loc>{escape(root + url)}</loc>" not in text
    )
    text = text.replace("</urlset>", entries + "</urlset>", 1)
    _write_text(site_dir, "sitemap.xml", text)


def _read_text(site_dir: Path, path: str) -> str:
    return _read_bytes(site_dir, path).decode("utf-8", errors="replace")


def _write_text(site_dir: Path, path: str, text: str) -> None:
    """Write back a file of the site's own that the pages are added to (never via a link)."""
    try:
        write_site_file(site_dir, path, text.encode("utf-8", "surrogatepass"))
    except SiteFileError as error:
        raise ShellError(str(error)) from None


_TAGS = re.compile(r"<[^>]+>")


def _add_to_search(site_dir: Path, pages: list[tuple[str, RenderedPage]]) -> None:
    """Add the pages (each with its URL) to the search index of the site's generator.

    MkDocs' and ProperDocs' (`search/search_index.json`), Zensical's (`search.json`); a
    page already listed is listed once.
    """
    for index, key in (("search/search_index.json", "docs"), ("search.json", "items")):
        if site_file_kind(site_dir, index) is None:
            continue
        text = _read_text(site_dir, index)  # a link or a special file: ShellError
        try:
            data = json.loads(text)
        except ValueError:
            continue  # not an index this knows: left as it is
        entries = data.get(key) if isinstance(data, dict) else None
        if not isinstance(entries, list):
            continue
        listed = {entry.get("location") for entry in entries if isinstance(entry, dict)}
        for url, page in pages:
            if url in listed:
                continue
            text = " ".join(_TAGS.sub(" ", page.html).split())  # without the linked URLs
            entry: dict[str, Any] = {"location": url, "title": page.title, "text": text}
            if key == "items":
                entry["level"] = 1
            entries.append(entry)
        _write_text(site_dir, index, json.dumps(data, ensure_ascii=False, separators=(",", ":")))
