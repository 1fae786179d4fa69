"""The navigation and tables of contents of the generated pages."""

from __future__ import annotations

from collections.abc import Iterator
from html import escape
from typing import TYPE_CHECKING, Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.nav import Link, Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, get_toc

from mkdocs_linkroles.pages.render import (
    Heading,
    RenderedPage,
)

if TYPE_CHECKING:
    from mkdocs_linkroles.glue.state import BuildState


def compact(nav: Navigation) -> Navigation:
    """The navigation's top level, each section a link to its first page.

    Themes render the navigation on every page; the generated pages are many, and need
    only a way back into the site.
    """
    items: list[Any] = []
    for item in nav.items:
        if item.is_section:
            first = next(pages_in(item), None)
            if first is not None:
                items.append(Link(item.title, first.url or "./"))
        else:
            items.append(item)
    compact = Navigation(items, nav.pages)
    compact.homepage = nav.homepage
    return compact


def finish_context(
    build: BuildState, page: Page, context: dict[str, Any], compact_navigation: bool
) -> None:
    """A generated page's context: its absolute URL and its navigation.

    The URL set aside while the sitemap was written comes back (`hide_from_sitemap`);
    with `compact_navigation`, the navigation is the compact one, made once per build.
    """
    urls = build.urls.pop(page.file.src_uri, None)
    if urls is not None:
        page.canonical_url, page.abs_url = urls
    nav = context.get("nav")
    if compact_navigation and nav is not None:
        if build.compact_nav is None:
            build.compact_nav = compact(nav)
        context["nav"] = build.compact_nav


def pages_in(section: Any) -> Iterator[Page]:
    """The pages of a section of the navigation, in order, its subsections' included."""
    for child in section.children:
        if child.is_page:
            yield child
        elif child.is_section:
            yield from pages_in(child)


def fill(page: Page, rendered: RenderedPage, config: MkDocsConfig, *, search: bool) -> None:
    """Give a generated page its content and table of contents, as rendering would.

    `search`: whether the site's search may index it; Material's search reads the page's
    `search.exclude` (MkDocs' own is told in `on_post_build`).
    """
    if page.markdown is None:
        page.read_source(config)
    page.content = rendered.html
    page.toc = get_toc(toc_tokens(rendered.headings))
    if not search:
        page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}


def add_to_toc(page: Page, entry: AnchorLink) -> None:
    """List a heading appended to a page in its table of contents, where Markdown would.

    Under the page's only top-level heading (its title) if it has one, else at the top.
    """
    items = page.toc.items
    if len(items) == 1 and items[0].level < entry.level:
        items[0].children.append(entry)
    else:
        items.append(entry)


def toc_tokens(headings: tuple[Heading, ...]) -> list[Any]:
    """Nest headings the way the Markdown toc extension does (h2 under the h1, ...)."""
    root: list[dict[str, Any]] = []
    stack: list[dict[str, Any]] = []
    for heading in headings:
        name = escape(heading.text)  # toc titles are HTML
        token = {"level": heading.level, "id": heading.id, "name": name, "children": []}
        while stack and stack[-1]["level"] >= heading.level:
            stack.pop()
        (stack[-1]["children"] if stack else root).append(token)
        stack.append(token)
    return root
