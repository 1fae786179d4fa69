"""A site already built, by any generator: its pages, each page's content, its source.

`linkroles scan` reads a folder of HTML with this module: it finds each page's content
region (what the plugin reads as `page.content` during a MkDocs build), the Markdown file
the page was built from, and its title, so that the same scanner, classifier and audit
rules give the same report as the plugin. The pages are parsed with selectolax (the
Lexbor engine, an HTML5 parser) to find the region; the links in it are read by the
plugin's own scanner.
"""

from __future__ import annotations

import os
import posixpath
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from selectolax.lexbor import LexborHTMLParser, LexborNode

from mkdocs_linkroles.reading.nesting import max_depth
from mkdocs_linkroles.sites.files import read_site_file

CONTENT_SELECTORS = (
    "article.md-content__inner",  # Material for MkDocs and Zensical
    "div.md-content__inner",  # their blog's index, archive and category pages
    # readthedocs: two selectors, tried in turn (one list would match the outer first)
    'div[role="main"] div.section',
    'div.rst-content div[role="main"]',
    'div.col-md-9[role="main"]',  # MkDocs' and ProperDocs' mkdocs theme
    "div.body",  # Sphinx: alabaster, classic, nature, ...
    'div[itemprop="articleBody"]',  # Sphinx: sphinx_rtd_theme, furo
    "main",
    "body",
)
"""Where a page's content is, tried in order: the first selector that matches wins."""

NOT_CONTENT = (
    ".md-content__button",  # Material's and Zensical's edit and view buttons
    # A blog's index, archive and category pages: excerpts of posts, which the theme fills
    # in from the posts (their links count once, on the post), and their pagination.
    "article.md-post--excerpt",
    "nav.md-pagination",
    "h2#linkroles-external-links",  # this plugin's own page summary, added after its scan
    "ul.linkroles-summary",
)
"""Parts of a content region that the generator added around what the author wrote."""


@dataclass(frozen=True, slots=True)
class BuiltPage:
    """One page of a built site."""

    path: str
    """The file, relative to the site folder, with forward slashes (`guide/x/index.html`)."""
    url: str
    """Its URL relative to the site root, as MkDocs writes them (`guide/x/`, `a.html`)."""
    src_uri: str
    """The Markdown file it was built from, relative to `docs_dir` (or its own path when
    that file is not found)."""
    title: str
    content: str
    """The HTML of its content region; empty when the page has none."""
    section: str = ""
    """The title of the navigation's section the page is in (empty at the top level)."""
    theme: tuple[tuple[str, str, str], ...] | None = None
    """The page's links outside its content region, `(href, text, position)` each
    (`theme_links`), when asked for; None otherwise."""
    whole_page: bool = False
    """True when the page nests its elements deeper than `MAX_NESTING`: its content is
    then the whole page (the theme's links with it), never given to the HTML parser."""


THEME_PAGES = frozenset({"404.html", "search.html"})
"""Pages at the top of a built site that the theme makes, not the author: the error page,
and the search page of the readthedocs theme (and of Sphinx)."""

NOT_PAGES = {
    "assets": "the theme's and the site's assets",
    "search": "the search index",
    "_static": "Sphinx's assets",
    "_sources": "Sphinx's copies of the sources",
}
"""Folders at the top of a built site that hold no page of the author's, and why."""


@dataclass(frozen=True, slots=True)
class PageFiles:
    """The pages of a built site, and what was left out of them, with why."""

    paths: list[str]
    """The HTML pages, relative paths with forward slashes, in a stable order."""
    skipped_folders: list[tuple[str, str]]
    """Each folder not read, with why (`assets`, "the theme's and the site's assets")."""
    refused: list[tuple[str, str]]
    """Each `.html` entry that is not a regular file of the site (a symbolic link, a FIFO,
    a device), with what it is: never read."""


def list_page_files(site_dir: Path, *, skip: tuple[str, ...] = ()) -> PageFiles:
    """The HTML pages of a built site, without following any link.

    Leaves out what is not a page of the author's: `404.html`, the folders of `NOT_PAGES`,
    and the folders in `skip` (the generated backlinks pages); symbolic links (to files or
    folders) and special files are refused, never followed or opened.
    """
    skipped = {folder.strip("/") for folder in skip if folder.strip("/")}
    result = PageFiles([], [], [])
    stack = [""]
    while stack:
        relative = stack.pop()
        try:
            entries = sorted(os.scandir(site_dir / relative), key=lambda entry: entry.name)
        except OSError as error:
            result.refused.append((relative, f"cannot be listed ({error.strerror})"))
            continue
        folders = []
        for entry in entries:
            path = posixpath.join(relative, entry.name)
            if entry.is_symlink():
                if entry.name.endswith((".html", ".htm")) or entry.is_dir():
                    result.refused.append((path, "a symbolic link"))
                continue
            if entry.is_dir(follow_symlinks=False):
                if path in skipped:
                    result.skipped_folders.append((path, "the generated backlinks pages"))
                elif relative == "" and entry.name in NOT_PAGES:
                    result.skipped_folders.append((path, NOT_PAGES[entry.name]))
                else:
                    folders.append(path)
            elif entry.name.endswith((".html", ".htm")) and path not in THEME_PAGES:
                if entry.is_file(follow_symlinks=False):
                    result.paths.append(path)
                else:
                    result.refused.append((path, "not a regular file"))
        stack.extend(reversed(folders))
    return result


def iter_page_files(site_dir: Path, *, skip: tuple[str, ...] = ()) -> Iterator[str]:
    """The HTML pages of a built site, relative paths in a stable order (`list_page_files`)."""
    return iter(list_page_files(site_dir, skip=skip).paths)


def page_url(path: str, directory_urls: bool = True) -> str:
    """The URL of the page written to `path`, as MkDocs gives it.

    With directory URLs (`use_directory_urls`), `guide/x/index.html` is `guide/x/`;
    without, every page's URL is its file's path.
    """
    if not directory_urls:
        return path
    if path == "index.html":
        return ""
    if path.endswith("/index.html"):
        return path[: -len("index.html")]
    return path


def source_of(path: str, docs_dir: Path | None) -> str:
    """The Markdown file a page was built from, found in `docs_dir`; else the page's path.

    `guide/x/index.html` (directory URLs) and `guide/x.html` come from `guide/x.md`, or
    from `guide/x/index.md` or `README.md`; the root `index.html` from `index.md` or
    `README.md`.
    """
    stem = path.rsplit(".", 1)[0]
    candidates = []
    if stem == "index":
        candidates = ["index.md", "README.md"]
    elif stem.endswith("/index"):
        folder = stem[: -len("/index")]
        candidates = [f"{folder}.md", f"{folder}/index.md", f"{folder}/README.md"]
    else:
        candidates = [f"{stem}.md", f"{stem}/index.md"]
    if docs_dir is not None:
        for candidate in candidates:
            if (docs_dir / candidate).is_file():
                return candidate
    return path


def content_region(tree: LexborHTMLParser, selector: str | None = None) -> LexborNode | None:
    """The node that holds a page's content.

    `selector`'s, else the first of `CONTENT_SELECTORS` that matches.
    """
    for candidate in (selector,) if selector else CONTENT_SELECTORS:
        node = tree.css_first(candidate)
        if node is not None:
            return node
    return None


def read_built_page(
    site_dir: Path,
    path: str,
    *,
    docs_dir: Path | None,
    selector: str | None = None,
    theme_links: bool = False,
    directory_urls: bool = True,
    site_name: str = "",
) -> BuiltPage:
    """Read one page: its content region, title and source (and its theme's links).

    The region without what the generator added to it (`NOT_CONTENT`).
    """
    html = read_site_file(site_dir, path).decode("utf-8", errors="replace")
    # Depth is at most the number of tags: only a page with many is measured.
    if html.count("<") > MAX_NESTING and max_depth(html) > MAX_NESTING:
        title = _TITLE.search(html)
        return BuiltPage(
            path=path,
            url=page_url(path, directory_urls),
            src_uri=source_of(path, docs_dir),
            title=" ".join(title.group(1).split()) if title else "",
            content=html,
            theme=() if theme_links else None,  # the whole page is read as content
            whole_page=True,
        )
    tree = LexborHTMLParser(html)
    region = content_region(tree, selector)
    src_uri = source_of(path, docs_dir)
    if src_uri == path and docs_dir is not None:  # a page built elsewhere (a blog's post)
        src_uri = _edited_source(tree, docs_dir) or path
    content = ""
    if region is not None:
        for selector_of_extra in NOT_CONTENT:
            for node in region.css(selector_of_extra):
                node.decompose()
        content = region.inner_html or ""
    url = page_url(path, directory_urls)
    page_title = _title(tree, region, url, site_name)
    return BuiltPage(
        path=path,
        url=url,
        src_uri=src_uri,
        title=page_title,
        section=_section(tree),
        content=content,
        theme=tuple(_theme_links(tree, region)) if theme_links else None,
    )


MAX_NESTING = 4096
"""The deepest nesting of elements (`nesting.max_depth`) of a page that `linkroles scan`
parses to find its content region: the parser takes time in the square of the depth (a
page this deep: 50 ms here; 50,000 deep: 5 s). A deeper page is read whole, with a warning."""

_TITLE = re.compile(r"<title[^>]*>([^<]{0,1000})", re.IGNORECASE)


def _title(tree: LexborHTMLParser, region: LexborNode | None, url: str, site_name: str) -> str:
    """The page's own title, as MkDocs gives it to a page in a build.

    The text of its own entry in the site's navigation (that is the title MkDocs gave
    it); else the document's title when it is a title and the site's name (`Title - Site`,
    as MkDocs' themes, Material and Zensical write it: a page not in the navigation, such
    as a blog's post); else its first `h1`; else "Home" for the home page, as MkDocs names
    it; else the document's title.
    """
    current = _current_entry(tree)
    # A section's index page is shown as its section (Material's `navigation.indexes`):
    # that names the section, not the page.
    if current is not None and not _is_section(_item_of(current)):
        text = " ".join(current.text(deep=True).split())
        if text:
            return text
    document = tree.css_first("title")
    document_title = " ".join(document.text().split()) if document is not None else ""
    suffix = f" - {' '.join(site_name.split())}"
    if site_name and document_title.endswith(suffix) and len(document_title) > len(suffix):
        return document_title[: -len(suffix)]
    heading = region.css_first("h1") if region is not None else None
    if heading is not None:
        for permalink in heading.css("a.headerlink"):
            permalink.decompose()
        text = " ".join(heading.text(deep=True).split())
        if text:
            return text
    if url in ("", "./", "index.html"):
        return "Home"
    return document_title


def _edited_source(tree: LexborHTMLParser, docs_dir: Path) -> str | None:
    """The source of a page from its "Edit this page" link, when it is in `docs_dir`.

    For pages whose built path says nothing of their source (Material's blog builds
    `blog/posts/x.md` to `blog/2024/01/31/x/`): the link ends with the source's path
    inside the repository, and its last parts are the path inside `docs_dir`.
    """
    for link in tree.css(_EDIT_LINKS):
        href = (link.attributes.get("href") or "").split("?")[0].split("#")[0]
        if not href.endswith(".md"):
            continue
        parts = href.split("/")
        for start in range(max(len(parts) - 8, 1), len(parts)):  # the shortest that exists last
            candidate = "/".join(parts[start:])
            if ".." not in parts[start:] and (docs_dir / candidate).is_file():
                return candidate
    return None


_EDIT_LINKS = "a.md-content__button, a[rel=edit], a.edit-link"
"""The edit and view links of Material and Zensical, and of themes that mark theirs."""


def _current_entry(tree: LexborHTMLParser) -> LexborNode | None:
    """The page's own entry in the navigation, as the theme marks it; None without one."""
    for selector in _CURRENT_PAGE:
        node = tree.css_first(selector)
        if node is not None:
            return node
    return None


def _item_of(node: LexborNode) -> LexborNode | None:
    """The list item holding `node` (itself included)."""
    item: LexborNode | None = node
    while item is not None and item.tag != "li":
        item = item.parent
    return item


def _is_section(item: LexborNode | None) -> bool:
    """Whether a navigation's list item is a section (it holds a list of its own).

    Material and Zensical mark their sections (the current page's entry also holds its
    table of contents, which is no section); other themes' sections hold a list.
    """
    if item is None:
        return False
    classes = item.attributes.get("class") or ""
    if "md-nav__item" in classes:
        return "md-nav__item--nested" in classes
    return item.css_first("ul") is not None


def _section(tree: LexborHTMLParser) -> str:
    """The title of the top-level section holding the page in the navigation.

    As MkDocs gives a page's `ancestors[-1]`: the outermost list item around the page's
    entry that is a section (the entry's own, for a section's index page); its label.
    """
    current = _current_entry(tree)
    if current is None:  # a page not in the navigation, under an active section (a post)
        current = tree.css_first("li.md-nav__item--active.md-nav__item--nested")
    outermost = None
    node = _item_of(current) if current is not None else None
    if node is not None and "md-nav__item" not in (node.attributes.get("class") or ""):
        node = node.parent  # other themes list the page's own headings in its entry
    while node is not None and node.tag not in ("body", "html"):
        if node.tag == "li" and _is_section(node):
            outermost = node
        node = node.parent
    if outermost is None:
        return _caption(current)
    label = outermost.css_first(_SECTION_LABEL)
    return " ".join(label.text(deep=True).split()) if label is not None else ""


def _caption(entry: LexborNode | None) -> str:
    """The caption before the list holding `entry`: the readthedocs theme's sections."""
    node = entry
    while node is not None and node.tag not in ("body", "html"):
        if node.tag == "ul":
            previous = node.prev
            while previous is not None and previous.tag == "-text":
                previous = previous.prev
            if previous is not None and "caption" in (previous.attributes.get("class") or ""):
                return " ".join(previous.text(deep=True).split())
        node = node.parent
    return ""


_SECTION_LABEL = "label.md-nav__link, div.md-nav__link, a.dropdown-toggle, span.caption-text"
"""A section's label in the navigation: Material's and Zensical's, the `mkdocs` theme's."""


_CURRENT_PAGE = (
    "a.md-nav__link--active",  # Material, Zensical
    'nav a[aria-current="page"]',
    "a.dropdown-item.active",  # MkDocs' mkdocs theme, in a section
    "li.toctree-l1.current > a.current",  # MkDocs' readthedocs theme
    "li.active > a",  # MkDocs' mkdocs and readthedocs themes
)
"""Where themes mark the current page's entry in their navigation."""


@dataclass(frozen=True, slots=True)
class Settings:
    """What `linkroles scan` needs from a site's configuration file."""

    site_dir: Path
    docs_dir: Path | None
    site_url: str | None
    site_name: str
    use_directory_urls: bool
    language: str | None
    """The theme's `language` (Material, Zensical) or `locale` (MkDocs' own themes)."""
    repo_url: str | None
    options: dict[str, Any]
    """The options of the `linkroles` entry under `plugins`, as written."""


class _YamlLoader(yaml.SafeLoader):
    """`mkdocs.yml` as MkDocs reads it, as far as this needs.

    `!ENV` tags are read; other tags (Python names of extensions) are left as nothing.
    """


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    # `!ENV NAME` or `!ENV [NAME, OTHER, default]`: the first variable set, else the default.
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    else:
        values = loader.construct_sequence(node)  # type: ignore[arg-type]
        names, default = values[:-1], values[-1] if len(values) > 1 else None
    for name in names:
        if isinstance(name, str) and name in os.environ:
            return yaml.safe_load(os.environ[name])
    return default


_YamlLoader.add_constructor("!ENV", _env)
_YamlLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_YamlLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


def load_settings(path: Path) -> Settings:
    """Read `mkdocs.yml` (or `properdocs.yml`) or `zensical.toml`.

    The site's folders and URL, and the `linkroles` plugin's options. Raises `ValueError`
    with what is wrong.
    """
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".toml":
        data = _toml(text).get("project", {})
    else:
        data = yaml.load(text, Loader=_YamlLoader) or {}  # a safe loader
    if not isinstance(data, dict):
        raise ValueError(f"{path}: not a site configuration")
    root = path.parent
    options: dict[str, Any] = {}
    plugins = data.get("plugins") or []
    entries = (
        plugins.items()
        if isinstance(plugins, dict)
        else (
            next(iter(entry.items())) if isinstance(entry, dict) else (entry, {})
            for entry in plugins
        )
    )
    for name, value in entries:
        if name == "linkroles":
            options = dict(value or {})
    docs = data.get("docs_dir", "docs")
    theme = data.get("theme")
    language = None
    if isinstance(theme, dict):
        language = theme.get("language") or theme.get("locale")
    return Settings(
        site_dir=root / str(data.get("site_dir", "site")),
        docs_dir=root / str(docs) if docs else None,
        site_url=data.get("site_url") or None,
        site_name=str(data.get("site_name", "")),
        use_directory_urls=bool(data.get("use_directory_urls", True)),
        language=str(language) if language else None,
        repo_url=str(data["repo_url"]) if data.get("repo_url") else None,
        options=options,
    )


def _toml(text: str) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    return tomllib.loads(text)


THEME_POSITIONS = (
    (".md-content__button, a.headerlink-edit", "edit"),  # Material's edit and view buttons
    ("nav.md-nav--secondary, .toc, .bs-sidebar, div.sphinxsidebar", "toc"),
    ("header", "header"),
    ("footer", "footer"),
    ("nav", "navigation"),
)
"""Where a theme writes links around the content, in the order they are told apart: a
position for each link that is not in the content region; `theme` for any other place."""


def theme_links(html: str, selector: str | None = None) -> list[tuple[str, str, str]]:
    """The links a whole page holds outside its content region: what the theme writes.

    Each `(href, text, position)`, the positions of `THEME_POSITIONS` first.
    """
    tree = LexborHTMLParser(html)
    return _theme_links(tree, content_region(tree, selector))


def _theme_links(tree: LexborHTMLParser, region: LexborNode | None) -> list[tuple[str, str, str]]:
    """`theme_links` of a parsed page whose content region is `region` (taken out here)."""
    found: list[tuple[str, str, str]] = []
    seen: set[int] = set()
    for css, position in THEME_POSITIONS:
        for area in tree.css(css):
            for link in [area] if area.tag == "a" else area.css("a[href]"):
                href = link.attributes.get("href")
                if href and link.mem_id not in seen:
                    seen.add(link.mem_id)
                    text = " ".join((link.text(deep=True) or "").split())
                    title = link.attributes.get("title") or link.attributes.get("aria-label")
                    found.append((href, text or title or "", position))
    if region is not None:
        region.decompose()
    body = tree.body
    for link in body.css("a[href]") if body is not None else []:
        href = link.attributes.get("href")
        if href and link.mem_id not in seen:
            seen.add(link.mem_id)
            found.append((href, " ".join((link.text(deep=True) or "").split()), "theme"))
    return found
