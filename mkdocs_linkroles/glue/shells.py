"""The domain pages written from shells of the theme (see `pages.shell`).

The theme renders a shell once per table of contents; each domain page is rendered by
MkDocs with a template of nothing (`FILLED_TEMPLATE`) and written from its shell in
`on_post_page`.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from mkdocs_linkroles.glue.files import Destinations
from mkdocs_linkroles.glue.generated import GeneratedFiles
from mkdocs_linkroles.glue.log import log
from mkdocs_linkroles.glue.navigation import fill
from mkdocs_linkroles.pages.render import FILLED_TEMPLATE, Heading, RenderedPage
from mkdocs_linkroles.pages.shell import SHELL_CONTENT, SHELL_NAME, TITLE_MARK, Shell, heading_mark

Signature = tuple[tuple[str, int], ...]
"""A table of contents by its headings' ids and levels: the pages one shell can hold."""


@dataclass
class _Filled:
    """A domain page that a shell fills in."""

    name: str
    title: str
    headings: tuple[str, ...]
    """The texts of its table of contents, as HTML."""
    shell: str = ""
    """Its shell's source path, once the shell is made."""


@dataclass
class ShellPages:
    """The shells of one build and the domain pages they fill in."""

    shells: dict[str, tuple[int, Shell | None]] = field(default_factory=dict)
    """Each shell page by source path: how many headings it has, and the shell once its
    page is written (None before, or if the theme cannot make one)."""
    filled: dict[str, _Filled] = field(default_factory=dict)
    """Each domain page a shell fills in, by source path; emptied as they are written."""

    def note(self, src_uri: str, name: str, title: str, headings: tuple[str, ...]) -> None:
        """A domain page to be filled in: its name, title and table of contents' texts."""
        self.filled[src_uri] = _Filled(name, title, headings)

    def make(
        self,
        files: Files,
        by_headings: dict[Signature, list[File]],
        taken: Destinations,
        config: MkDocsConfig,
        generated: GeneratedFiles,
    ) -> None:
        """A shell page per table of contents, written before the domain pages it fills."""
        for number, (signature, pages) in enumerate(by_headings.items()):
            shell = File.generated(config, generated.src_uri(f"{SHELL_NAME}-{number}"), content="")
            generated.add(files, shell, taken)
            page = Page(TITLE_MARK, shell, config)
            headings = tuple(
                Heading(level, heading_id, heading_mark(index))
                for index, (heading_id, level) in enumerate(signature)
            )
            fill(page, RenderedPage(TITLE_MARK, SHELL_CONTENT, headings), config, search=False)
            self.shells[shell.src_uri] = (len(signature), None)
            for file in pages:
                files.remove(file)  # after their shell: MkDocs writes pages in this order
                files.append(file)
                self.filled[file.src_uri].shell = shell.src_uri
                if file.page is not None:
                    file.page.meta["template"] = FILLED_TEMPLATE

    def output(self, page: Page, output: str, generated: GeneratedFiles) -> str:
        """A domain page's output: its shell filled in; a shell's: kept as the shell."""
        src = page.file.src_uri
        known = self.shells.get(src)
        if known is not None:
            shell = Shell.capture(output, page.file.name, known[0])
            self.shells[src] = (known[0], shell)
            if shell is None:  # a theme the shell cannot be made of: render each page
                log.debug(f"linkroles: the theme's page cannot be a shell ({src})")
                for source, filled in self.filled.items():
                    filled_page = generated[source].page
                    if filled.shell == src and filled_page is not None:
                        filled_page.meta.pop("template", None)
            return output
        if src not in self.filled:
            return output
        filled = self.filled.pop(src)
        shell = self.shells[filled.shell][1]
        if shell is None:
            return output
        return shell.fill(
            name=filled.name,
            title=filled.title,
            content=page.content or "",
            headings=filled.headings,
        )

    def remove(self, config: MkDocsConfig, generated: GeneratedFiles) -> None:
        """Take the shells out of the written site and of the search index: done."""
        for src in self.shells:
            path = Path(generated.pop(src).abs_dest_path)
            path.unlink(missing_ok=True)
            if path.parent.name.startswith(SHELL_NAME):  # directory URLs: its own folder
                with contextlib.suppress(OSError):
                    path.parent.rmdir()
        index = getattr(config.plugins.get("search"), "search_index", None)
        entries = getattr(index, "_entries", None)
        if isinstance(entries, list):
            entries[:] = [e for e in entries if SHELL_NAME not in str(e.get("location", ""))]
