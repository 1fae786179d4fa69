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

from mkdocs_linkroles.built import MAX_NESTING, BuiltPage, list_page_files, read_built_page
from mkdocs_linkroles.classify import (
    STAND_IN_ROOT,
    Classifier,
    PublicSuffixList,
    Site,
    base_url,
    rebase,
    redact_href,
)
from mkdocs_linkroles.collect import collect_page_links, page_messages
from mkdocs_linkroles.model import LinkGraph
from mkdocs_linkroles.records import Level, PageRef
from mkdocs_linkroles.rules import Patterns, Policy
from mkdocs_linkroles.safe import visible
from mkdocs_linkroles.scan import APPROXIMATE_READING, read_page
from mkdocs_linkroles.sitefiles import SiteFileError, read_site_file
from mkdocs_linkroles.sources import source_lines


@dataclass
class SiteScan:
    """What scanning a built site found: the link graph and the messages, in page order."""

    graph: LinkGraph = field(default_factory=LinkGraph)
    messages: list[tuple[Level, str]] = field(default_factory=list)
    pages: list[BuiltPage] = field(default_factory=list)
    skipped_folders: list[tuple[str, str]] = field(default_factory=list)
    """The folders not read, each with why (`assets`, "the theme's and the site's assets")."""


def scan_site(
    site_dir: Path,
    *,
    site_url: str | None,
    options: Any,
    docs_dir: Path | None = None,
    content: str | None = None,
    baseline_domains: frozenset[str] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> SiteScan:
    """Read every page of the built site in `site_dir` as the plugin reads them in a build.

    `options`: the plugin's validated options (`LinkRolesConfig`); `content`: a CSS
    selector for the content region, else the known themes' (`built.CONTENT_SELECTORS`);
    `progress(done, total)`: called as pages are read.
    """
    site = Site.from_url(site_url, options["internal_domains"])
    root = (site_url or STAND_IN_ROOT).rstrip("/") + "/"
    policy = Policy(
        levels=options["rules"],
        deny=Patterns(options["deny"]),
        allow=Patterns(options["allow"]),
        baseline_domains=baseline_domains,
        accept={rule: Patterns(p) for rule, p in options["accept"].items() if p},
    )
    exclude = Patterns(options["exclude"]) or None
    classify = Classifier(site, PublicSuffixList(options["suffix_list"]).registrable_domain)
    files = list_page_files(site_dir, skip=(options["backlinks_dir"],))
    paths = files.paths
    result = SiteScan(skipped_folders=files.skipped_folders)
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
            page = read_built_page(site_dir, path, docs_dir=docs_dir, selector=content)
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
        ref = PageRef(src_uri=page.src_uri, url=page.url, title=page.title, section="")
        anchors, base, approximate = read_page(page.content)
        if approximate:
            result.messages.append(("warn", APPROXIMATE_READING % page.src_uri))
        lines = None
        if options["source_lines"] and docs_dir is not None and page.src_uri.endswith(".md"):
            try:  # the sources are as untrusted as the pages: no link, no FIFO
                text = read_site_file(docs_dir, page.src_uri).decode("utf-8", "replace")
            except (SiteFileError, OSError):
                text = None
            if text is not None:
                lines = source_lines(text, [anchor[0] for anchor in anchors])
        if base is not None:
            resolved = base_url(base, root, page.url)
            result.messages.append(
                (
                    "warn",
                    f'{ref.src_uri}: <base href="{redact_href(base)}"> makes the relative '
                    f"links of the whole page lead to {redact_href(resolved)}; remove it, or "
                    "write those links in full.",
                )
            )
            anchors = list(rebase(anchors, resolved))
        page_links = collect_page_links(
            ref, anchors, classify, policy=policy, exclude=exclude, lines=lines
        )
        result.graph.add(page_links)
        result.messages.extend(page_messages(page_links))
        if progress is not None:
            progress(done, len(paths))
    return result


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
