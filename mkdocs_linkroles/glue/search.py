"""The build's search index and sitemap, and the CI step summary."""

from __future__ import annotations

from typing import Any

from mkdocs.config.defaults import MkDocsConfig

from mkdocs_linkroles.glue.log import log
from mkdocs_linkroles.glue.state import BuildState
from mkdocs_linkroles.reports.audit import summary_markdown


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
