"""The plugin's work on a site already built: `linkroles scan`.

The same steps as the plugin's, on the pages of a folder of HTML (`built`): each page's
links read by the same scanner, classified against the site's URL, checked by the same
audit rules, and gathered in the same link graph, from which the same report is written.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from mkdocs_linkroles.config import LinkRolesConfig
from mkdocs_linkroles.health.file import Health
from mkdocs_linkroles.links.records import PageRef
from mkdocs_linkroles.pipeline import Message, Run
from mkdocs_linkroles.safe import visible
from mkdocs_linkroles.sites.files import SiteFileError, read_site_file
from mkdocs_linkroles.sites.pages import (
    MAX_NESTING,
    BuiltPage,
    list_page_files,
    read_built_page,
)


@dataclass
class SiteScan:
    """What scanning a built site found: the run (link graph, findings) and the messages."""

    run: Run
    messages: list[Message] = field(default_factory=list)
    pages: list[BuiltPage] = field(default_factory=list)
    skipped_folders: list[tuple[str, str]] = field(default_factory=list)
    """The folders not read, each with why (`assets`, "the theme's and the site's assets")."""


def scan_site(
    site_dir: Path,
    *,
    site_url: str | None,
    options: LinkRolesConfig,
    docs_dir: Path | None = None,
    content: str | None = None,
    baseline: dict[str, Any] | None = None,
    health: Health | None = None,
    directory_urls: bool = True,
    site_name: str = "",
    progress: Callable[[int, int], None] | None = None,
) -> SiteScan:
    """Read every page of the built site in `site_dir` as the plugin reads them in a build.

    `options`: the plugin's validated options; `directory_urls`: the site's
    `use_directory_urls` (what its pages' URLs look like); `site_name`: its name, which
    the pages' titles end with; `content`: a CSS selector for the content
    region, else the known themes' (`built.CONTENT_SELECTORS`); `progress(done, total)`:
    called as pages are read. Raises `OSError` or `ValueError` when the Public Suffix List
    (option `suffix_list`) cannot be read.
    """
    run = Run(options, site_url, baseline, health=health)
    run.start_reading()
    files = list_page_files(site_dir, skip=(options.backlinks_dir,))
    paths = files.paths
    result = SiteScan(run, skipped_folders=files.skipped_folders)
    for path, why in files.refused:
        result.messages.append(
            (
                "warn",
                f"{visible(path)}: {why}; not read (linkroles scan reads only the regular "
                "files inside the site)",
            )
        )
    for done, path in enumerate(paths, 1):
        try:
            page = read_built_page(
                site_dir,
                path,
                docs_dir=docs_dir,
                selector=content,
                theme_links=run.theme is not None,
                directory_urls=directory_urls,
                site_name=site_name,
            )
        except (SiteFileError, OSError) as error:
            result.messages.append(("warn", f"{error}; the page is not read"))
            continue
        result.pages.append(page)
        if page.whole_page:
            result.messages.append(
                (
                    "warn",
                    f"{visible(page.path)}: the page nests its elements more than "
                    f"{MAX_NESTING} deep; read whole, without looking for its content region "
                    "(the theme's links count too). Simplify the page's HTML.",
                )
            )
        ref = PageRef(src_uri=page.src_uri, url=page.url, title=page.title, section=page.section)
        source = None
        if docs_dir is not None and page.src_uri.endswith(".md"):
            source = _source_reader(docs_dir, page.src_uri)
        _links, messages = run.read(ref, page.content, source)
        result.messages.extend(messages)
        if page.theme is not None:
            run.theme_page(page.src_uri, page.theme)
        if progress is not None:
            progress(done, len(paths))
    run.stop_reading()
    return result


def _source_reader(docs_dir: Path, src_uri: str) -> Callable[[], str | None]:
    """The page's Markdown when asked for (option `source_lines`); None if unreadable."""

    def read() -> str | None:
        try:  # the sources are as untrusted as the pages: no link, no FIFO
            return read_site_file(docs_dir, src_uri).decode("utf-8", "replace")
        except (SiteFileError, OSError):
            return None

    return read


def progress_bar(stream: TextIO | None = None, *, after: float = 1.0) -> Callable[[int, int], None]:
    """A progress bar on a terminal, shown once reading takes longer than `after` seconds.

    Nothing when `stream` (standard error by default) is not a terminal (CI logs, pipes).
    """
    out = stream if stream is not None else sys.stderr
    started = time.monotonic()
    shown = False

    def update(done: int, total: int) -> None:
        nonlocal shown
        if not out.isatty():
            return
        if not shown and time.monotonic() - started < after and done < total:
            return
        shown = True
        width = 30
        filled = width * done // max(total, 1)
        out.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} pages")
        if done == total:
            out.write("\n")
        out.flush()

    return update
