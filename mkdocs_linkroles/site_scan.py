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

from mkdocs_linkroles.built import BuiltPage, iter_page_files, read_built_page
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
from mkdocs_linkroles.scan import read_page
from mkdocs_linkroles.sources import source_lines


@dataclass
class SiteScan:
    """What scanning a built site found: the link graph and the messages, in page order."""

    graph: LinkGraph = field(default_factory=LinkGraph)
    messages: list[tuple[Level, str]] = field(default_factory=list)
    pages: list[BuiltPage] = field(default_factory=list)


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
    paths = list(iter_page_files(site_dir, skip=(options["backlinks_dir"],)))
    result = SiteScan()
    for done, path in enumerate(paths, 1):
        page = read_built_page(site_dir, path, docs_dir=docs_dir, selector=content)
        result.pages.append(page)
        ref = PageRef(src_uri=page.src_uri, url=page.url, title=page.title, section="")
        anchors, base = read_page(page.content)
        lines = None
        if options["source_lines"] and docs_dir is not None:
            source = docs_dir / page.src_uri
            if source.suffix == ".md" and source.is_file():
                text = source.read_text(encoding="utf-8", errors="replace")
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


def progress_bar(stream: TextIO = sys.stderr, *, after: float = 1.0) -> Callable[[int, int], None]:
    """A progress bar on a terminal, shown once reading takes longer than `after` seconds.

    Nothing when `stream` is not a terminal (CI logs, pipes).
    """
    started = time.monotonic()
    shown = False

    def update(done: int, total: int) -> None:
        nonlocal shown
        if not stream.isatty():
            return
        if not shown and time.monotonic() - started < after and done < total:
            return
        shown = True
        width = 30
        filled = width * done // max(total, 1)
        stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} pages")
        if done == total:
            stream.write("\n")
        stream.flush()

    return update
