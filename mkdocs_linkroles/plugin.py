"""The plugin's events: each adapts MkDocs to the pipeline (`pipeline.Run`) and hands off.

Pages are scanned once everything has rendered (`on_env`, late), which is also when
mkdocs-autorefs has resolved its cross-references; the generated pages are then added as
ordinary pages, so the theme, the search index and the sitemap all include them. What
the events need of MkDocs' files, navigation, search and logging is in `glue/`.
"""

from __future__ import annotations

import os
import time
from typing import Any

from jinja2 import ChoiceLoader, FileSystemLoader
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from mkdocs_linkroles.config import LinkRolesConfig
from mkdocs_linkroles.glue.files import (
    Destinations,
    docs_dir,
    language_folder,
    published_site_url,
    read_health,
    site_language,
    source_text,
)
from mkdocs_linkroles.glue.generated import GeneratedFiles
from mkdocs_linkroles.glue.log import LEVELS, log, no_cyclic_gc, suffix_list_errors, template_errors
from mkdocs_linkroles.glue.navigation import finish_context
from mkdocs_linkroles.glue.publish import (
    add_summaries,
    publish,
    reserve,
    with_theme_links,
)
from mkdocs_linkroles.glue.search import append_step_summary, hide_from_sitemap, leave_out_of_search
from mkdocs_linkroles.glue.state import BuildState
from mkdocs_linkroles.links.classify import (
    Site,
)
from mkdocs_linkroles.links.records import PageRef
from mkdocs_linkroles.pages.messages import SOURCE_LANGUAGE, Messages, catalogue_for
from mkdocs_linkroles.pages.render import (
    OWN_TEMPLATES,
    UNINDEXED_MARK,
    template_environment,
    with_noindex,
)
from mkdocs_linkroles.pipeline import Run, error_line
from mkdocs_linkroles.reading.marking import mark_external_links
from mkdocs_linkroles.reports.report import (
    ReportError,
    build_report,
    load_report,
    write_report,
)
from mkdocs_linkroles.safe import visible


# MkDocs declares `BasePlugin.__init_subclass__` without types.
class LinkRolesPlugin(BasePlugin[LinkRolesConfig]):  # type: ignore[no-untyped-call]
    """Collect external links while pages render; publish them once all pages are known.

    Every build (and every `mkdocs serve` rebuild) starts from a clean state: `on_config`
    sets each attribute below.
    """

    build: BuildState
    """This build's state (`glue.state`), made new by `on_config`."""

    _command: str = "build"
    """The command MkDocs runs (`build`, `serve`, `gh-deploy`): `show_findings` needs it."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Remember the command: the audit shows on the pages of `mkdocs serve` only."""
        self._command = command

    def _shows_findings(self) -> bool:
        """Whether the generated pages show the audit (`show_findings`)."""
        show = self.config.show_findings
        return show == "always" or (show == "serve" and self._command == "serve")

    def on_config(self, config: MkDocsConfig) -> None:
        """Start every build (and every `mkdocs serve` rebuild) from a clean state."""
        if not self.config.enabled:
            return
        site_url = config.site_url
        also_internal: tuple[str, ...] = ()
        if self._command == "serve":
            # `mkdocs serve` replaces `site_url` with its own address: links to the
            # published site would count as external in the preview and not in the build.
            site_url = published_site_url(config) or site_url
            served = Site.from_url(config.site_url).host
            also_internal = (served,) if served else ()
        baseline = None
        if self.config.baseline:
            try:
                baseline = load_report(self.config.baseline)
            except ReportError as error:
                raise PluginError(f"linkroles: baseline {error}") from None
        self.build = BuildState(
            Run(
                self.config,
                site_url,
                baseline,
                also_internal,
                read_health(config, self.config.health),
            ),
            GeneratedFiles(self.config.backlinks_dir),
        )
        if self.config.mark_links and self.config.mark_links_stylesheet:
            stylesheet = self.build.generated.src_uri("linkroles", ".css")
            if stylesheet not in config.extra_css:
                config.extra_css.append(stylesheet)

    # Late, after plugins that rework the file list (mkdocs-static-i18n expects every file
    # to come from `docs_dir`); still before the navigation is built, which refers to it.
    @event_priority(-100)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Reserve the overview page, so that it can take its place in the navigation."""
        if not self.config.enabled:
            return files
        self.build.generated.prefix = language_folder(config)
        self.build.generated.report_dest = (
            self.build.generated.prefix + self.config.report if self.config.report else None
        )
        if self.build.generated.report_dest is not None:
            where, clash = Destinations(files, None).clash(self.build.generated.report_dest)
            if clash is not None:
                raise PluginError(
                    visible(
                        f"linkroles: the report '{self.config.report}' would take the place "
                        f"of '{clash}' (at '{where}'); set the plugin's 'report' option to "
                        "a file name of its own, such as 'linkroles.json'."
                    )
                )
        language = site_language(config)
        catalogue = catalogue_for(language)
        if catalogue is None:
            log.info(
                f"linkroles: no catalogue for the language '{language}': the generated pages "
                "are in English. Adding one is one file: see the documentation's "
                "'Languages' page."
            )
            catalogue = SOURCE_LANGUAGE
        self.build.messages = Messages(catalogue)
        reserve(self.build, files, config, self.config)
        return files

    # First, before plugins and hooks rewrite the Markdown (and move its lines).
    @event_priority(100)
    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """Keep the page's Markdown as written, for the source lines of its links."""
        if self.config.enabled and self.config.source_lines:
            self.build.written[page.file.src_uri] = markdown
        return markdown

    @event_priority(-100)  # after every other plugin, autorefs' cross-references included
    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        """Scan every rendered page, then fill the overview and add one page per domain."""
        if not self.config.enabled:
            return env
        unseen = 0
        started = time.process_time()
        with no_cyclic_gc():
            with suffix_list_errors(self.config.suffix_list):
                self.build.run.start_reading()
            for file in files.documentation_pages():
                if file.src_uri in self.build.generated:
                    continue
                page = file.page
                if page is None or page.content is None:
                    unseen += 1  # `--dirty`: MkDocs did not render this page
                    continue
                self._scan(page)
            # The suffix list and the classifier's caches are only needed while scanning:
            # the records keep what they use. Dropped before the collector runs again, their
            # objects are not walked by its next pass, nor any after (unless the theme's
            # links are read too: they come as each page is written).
            self.build.run.stop_reading()
            self.build.reading_theme = self.build.run.theme is not None
        scanned = time.process_time()
        log.debug(
            f"linkroles: scanned {len(self.build.run.graph.pages)} pages in "
            f"{scanned - started:.3f} s of CPU time"
        )
        if unseen:
            log.info(
                f"linkroles: {unseen} pages were not rendered in this build (--dirty), so the "
                "backlinks pages and the report leave their links out; build without --dirty "
                "for complete ones."
            )
        # The theme's environment, so that its `custom_dir` can replace the templates; the
        # theme's own lookups reach the plugin's too (the domain pages' `FILLED_TEMPLATE`).
        self.build.templates = template_environment(env)
        if env.loader is not None:
            env.loader = ChoiceLoader([env.loader, FileSystemLoader(OWN_TEMPLATES)])
        if self.config.pages:
            with no_cyclic_gc(), template_errors():
                publish(
                    self.build, files, config, self.config, shows_findings=self._shows_findings()
                )
            if not self.config.sitemap:
                hide_from_sitemap(self.build)
            log.debug(
                f"linkroles: made {len(self.build.domain_urls) + 1} pages in "
                f"{time.process_time() - scanned:.3f} s of CPU time"
            )
        if self.config.page_summary:
            with template_errors():
                add_summaries(self.build, self.config)
        return env

    # Around the search plugins, which read each page's content as its context is made
    # (MkDocs' and Material's, at the default priority): see `glue.search.unsearched`.
    @event_priority(100)
    def _hide(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        if self.config.enabled and not self.config.search:
            self.build.unsearched.hide(page, self.build.generated)
        return context

    @event_priority(-100)
    def _give_back(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        if self.config.enabled:
            self.build.unsearched.give_back(page)
        return context

    def _page_context(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        """Finish a generated page's context: its absolute URL and its navigation."""
        if self.config.enabled and page.file.src_uri in self.build.generated:
            finish_context(self.build, page, context, self.config.compact_navigation)
        return context

    on_page_context = CombinedEvent(_hide, _page_context, _give_back)

    # Last: a shell is taken once other plugins have reworked it (a minifier minifies it
    # once, not every domain page again), and each domain page is written from its shell
    # here (see `shell`): they get an empty page before, and nothing to do.
    @event_priority(-1000)
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """Finish a generated page: `noindex` in its head, and its table of linked URLs.

        The table is what the site's search is not to index. Search plugins (MkDocs' and
        Material's) read `page.content` before the page is written, and so do not see it.
        """
        if not self.config.enabled:
            return output
        if self.build.shells.filled or self.build.shells.shells:
            output = self.build.shells.output(page, output, self.build.generated)
        if self.build.reading_theme:
            output = with_theme_links(self.build, page, output)
        if self.config.noindex and page.file.src_uri in self.build.generated:
            output = with_noindex(output)
        unindexed = self.build.unindexed.pop(page.file.src_uri, None)
        if unindexed is None:
            return output
        if UNINDEXED_MARK not in output:
            log.warning(
                f"{page.file.src_uri}: could not add the table of linked URLs: its "
                f"placeholder {UNINDEXED_MARK} is missing from the page. A plugin or theme "
                "that rewrites page content before the page is written removed it; run it "
                "after linkroles, or leave the placeholder in."
            )
            return output
        return output.replace(UNINDEXED_MARK, unindexed, 1)

    # Before the search plugin writes its index (its `on_post_build` has the default 0).
    @event_priority(50)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Write the report, say what was found and written; fail on `error` findings."""
        if not self.config.enabled:
            return
        self.build.shells.remove(config, self.build.generated)  # no pages of the site
        if self.config.pages and not self.config.search:
            leave_out_of_search(
                config, self.build.generated.prefix + self.config.backlinks_dir + "/"
            )
        comparison = self.build.run.comparison()
        docs = docs_dir(config)
        options = self.build.run.report_options(self.build.domain_urls, docs, comparison)
        written = []
        if self.config.pages:
            pages = sum(1 for file in self.build.generated.values() if file.is_documentation_page())
            written.append(f"{pages} pages under {self.config.backlinks_dir}/")
        if self.config.report:
            started = time.process_time()
            path = os.path.join(config.site_dir, self.build.generated.prefix, self.config.report)
            with no_cyclic_gc():
                write_report(path, self.build.run.report(**options))
            written.append(self.config.report)
            log.debug(
                f"linkroles: wrote {self.build.generated.prefix}{self.config.report} in "
                f"{time.process_time() - started:.3f} s of CPU time"
            )
        for level, message in self.build.run.closing(written, comparison):
            {"info": log.info, "warn": log.warning, "error": log.error}[level](message)
        if os.environ.get("GITHUB_ACTIONS") == "true":
            # Workflow commands: GitHub shows them on the pull request's changed lines.
            for annotation in self.build.run.annotations(docs):
                print(annotation, flush=True)
        step_summary = os.environ.get("GITHUB_STEP_SUMMARY")
        if step_summary:
            append_step_summary(step_summary, build_report(self.build.run.graph, **options), config)
        errors = self.build.run.errors()
        if errors:
            raise PluginError(error_line(errors))

    def _scan(self, page: Page) -> None:
        ancestors = page.ancestors
        ref = PageRef(
            src_uri=page.file.src_uri,
            url=page.url,
            title=page.title or "",
            section=(ancestors[-1].title or "") if ancestors else "",  # type: ignore[index]  # a list
        )
        written = self.build.written.pop(ref.src_uri, None)
        page_links, messages = self.build.run.read(
            ref, page.content or "", lambda: source_text(page, written)
        )
        for level, message in messages:
            LEVELS[level](message)
        if self.config.mark_links and page_links.records:
            marked = mark_external_links(page.content or "", self.build.run.domain_of)
            if marked is None:
                log.debug(
                    "%s: links left unmarked: the page holds raw HTML that only the exact "
                    "reading reads, and marking it could change how a browser reads it",
                    ref.src_uri,
                )
            else:
                page.content = marked
        if self.config.page_summary and page_links.records:
            self.build.summary_pages[ref.src_uri] = page
