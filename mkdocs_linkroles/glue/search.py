"""The build's search index and sitemap, and the CI step summary."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from mkdocs_linkroles.glue.generated import GeneratedFiles
from mkdocs_linkroles.glue.log import log

if TYPE_CHECKING:
    from mkdocs_linkroles.glue.state import BuildState
from mkdocs_linkroles.reports.audit import summary_markdown


@dataclass
class Unsearched:
    """A generated page's content, kept from the site's search while it reads the page.

    With `search: false` the search leaves the generated pages out of its index
    (`leave_out_of_search`), but it still parses each one as its context is made: the
    overview lists every domain, and a domain page every backlink. `hide` (before the
    search plugins) takes the content away, `give_back` (after them) returns it for the
    theme to write.
    """

    content: str | None = None
    hidden: bool = False

    def hide(self, page: Page, generated: GeneratedFiles) -> None:
        """Take a generated page's content away."""
        if page.file.src_uri in generated:
            self.content, self.hidden, page.content = page.content, True, ""

    def give_back(self, page: Page) -> None:
        """Give the page its content back."""
        if self.hidden:
            page.content, self.content, self.hidden = self.content, None, False


def append_step_summary(path: str, report: dict[str, Any], config: MkDocsConfig) -> None:
    """Add the build's Markdown summary to the GitHub Actions job summary."""
    text = summary_markdown(report, site=config.site_name)
    try:
        with open(path, "a", encoding="utf-8") as stream:
            stream.write(text)
    except OSError as error:
        log.warning(f"linkroles: cannot append to GITHUB_STEP_SUMMARY ({path}): {error}")


def hide_from_sitemap(build: BuildState) -> None:
    """Leave the generated pages out of `sitemap.xml`, which MkDocs writes next.

    Its template lists the pages that have an absolute URL: theirs are set aside until
    each page is built (`on_page_context`), where themes use them (the canonical link).
    """
    for file in build.generated.values():
        page = file.page
        if page is not None and (page.canonical_url or page.abs_url):
            build.urls[file.src_uri] = (page.canonical_url, page.abs_url)
            page.canonical_url = page.abs_url = None


def leave_out_of_search(config: MkDocsConfig, folder: str) -> None:
    """Take the pages in `folder` (the generated ones) out of MkDocs' search index.

    That plugin indexes every page as it is built and has no way to leave one out; its
    entries are taken out here, before it writes them (Material's search reads each
    page's `search.exclude` instead: see `fill`).
    """
    index = getattr(config.plugins.get("search"), "search_index", None)
    entries = getattr(index, "_entries", None)
    if isinstance(entries, list):
        entries[:] = [
            entry for entry in entries if not str(entry.get("location", "")).startswith(folder)
        ]
