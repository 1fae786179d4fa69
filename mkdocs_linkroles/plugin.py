"""The MkDocs adapter: the only module that touches MkDocs objects.

Pages are scanned once everything has rendered (`on_env`, late), which is also when
mkdocs-autorefs has resolved its cross-references; the generated pages are then added as
ordinary pages, so the theme, the search index and the sitemap all include them.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections import Counter
from html import escape
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink

from mkdocs_linkroles.config import LinkRolesConfig
from mkdocs_linkroles.glue.files import (
    PLACEHOLDER_MARK,
    Destinations,
    docs_dir,
    language_folder,
    published_site_url,
    site_language,
    source_text,
    text_of,
)
from mkdocs_linkroles.glue.log import LEVELS, log, no_cyclic_gc, template_errors
from mkdocs_linkroles.glue.navigation import add_to_toc, compact, fill
from mkdocs_linkroles.glue.search import append_step_summary
from mkdocs_linkroles.links.classify import (
    Site,
)
from mkdocs_linkroles.links.model import domain_slug
from mkdocs_linkroles.links.records import PageRef
from mkdocs_linkroles.pages.messages import SOURCE_LANGUAGE, Messages, catalogue_for
from mkdocs_linkroles.pages.render import (
    FILLED_TEMPLATE,
    OWN_TEMPLATES,
    THEME_MARK,
    UNINDEXED_MARK,
    Heading,
    RenderedPage,
    SectionLabels,
    headings_of,
    render_domain_page,
    render_overview,
    render_page_summary,
    render_theme_links,
    template_environment,
    with_noindex,
)
from mkdocs_linkroles.pages.shell import (
    SHELL_CONTENT,
    SHELL_NAME,
    TITLE_MARK,
    Shell,
    heading_mark,
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
from mkdocs_linkroles.sites.pages import theme_links


# MkDocs declares `BasePlugin.__init_subclass__` without types.
class LinkRolesPlugin(BasePlugin[LinkRolesConfig]):  # type: ignore[no-untyped-call]
    """Collect external links while pages render; publish them once all pages are known.

    Every build (and every `mkdocs serve` rebuild) starts from a clean state: `on_config`
    sets each attribute below.
    """

    run: Run
    """The analysis of this build (`pipeline`): the link graph, the findings, the report."""
    generated: dict[str, File]
    """The generated files (pages, script, stylesheet) by source path."""
    domain_urls: dict[str, str]
    """Each linked domain's page URL, relative to the site root."""
    _pages: dict[str, Page]
    """The scanned pages by source path, for `page_summary`."""
    _unindexed: dict[str, str]
    """Each generated page's HTML that the search is not to index (`on_post_page`)."""
    _prefix: str
    """The language folder of this build under mkdocs-static-i18n; empty otherwise."""
    _report_dest: str | None
    """Where the report goes in the site; None without a report."""
    _urls: dict[str, tuple[str | None, str | None]]
    """The generated pages' absolute URLs, set aside while the sitemap is written."""
    _compact_nav: Navigation | None
    """The compact navigation of the generated pages, made once per build."""
    _templates: Environment | None
    """The templates of the generated pages, looked up through the theme's environment."""
    _messages: Messages
    """The words of the generated pages, in the language of the build."""
    _reading_theme: bool
    """Whether the written pages' theme links are read (`theme_links`, after the scan)."""
    _shells: dict[str, tuple[int, Shell | None]]
    """The shell pages (see `shell`) by source path: how many headings each has, and the
    shell once its page is written (None before, or if the theme cannot make one)."""
    _contents: dict[str, str]
    """The content of each domain page a shell fills in, kept out of its page while the
    site's search could read it (`search: false`); emptied as they are written."""
    _filled: dict[str, tuple[str, str, str, tuple[str, ...]]]
    """Each domain page a shell fills in, by source path: its shell's source path, its
    name, title, and the texts of its table of contents; emptied as they are written."""

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
        self.run = Run(self.config, site_url, baseline, also_internal)
        self.generated = {}
        self.domain_urls = {}
        self._pages = {}
        self._unindexed = {}
        self._prefix = ""
        self._report_dest = None
        self._urls = {}
        self._compact_nav = None
        self._templates = None
        self._messages = Messages()
        self._reading_theme = False
        self._shells = {}
        self._contents = {}
        self._filled = {}
        if self.config.mark_links and self.config.mark_links_stylesheet:
            stylesheet = self._src_uri("linkroles", ".css")
            if stylesheet not in config.extra_css:
                config.extra_css.append(stylesheet)

    # Late, after plugins that rework the file list (mkdocs-static-i18n expects every file
    # to come from `docs_dir`); still before the navigation is built, which refers to it.
    @event_priority(-100)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Reserve the overview page, so that it can take its place in the navigation."""
        if not self.config.enabled:
            return files
        self._prefix = language_folder(config)
        self._report_dest = self._prefix + self.config.report if self.config.report else None
        if self._report_dest is not None:
            where, clash = Destinations(files, None).clash(self._report_dest)
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
        self._messages = Messages(catalogue)
        if self.config.pages:
            # A placeholder of the overview in the sources (for a nav entry that works under
            # generators without plugins too, see "Getting started"): ours replaces it.
            placeholder = files.get_file_from_path(self._src_uri("index"))
            if placeholder is not None and PLACEHOLDER_MARK in text_of(placeholder):
                files.remove(placeholder)
            title = json.dumps(self._overview_title())  # a JSON string is valid YAML
            overview = File.generated(
                config, self._src_uri("index"), content=f"---\ntitle: {title}\n---\n"
            )
            # In the navigation MkDocs makes only if asked; with a `nav`, the user's `nav`
            # decides, and MkDocs is not to say that a generated page is missing from it.
            wanted = self.config.navigation and not config.nav
            overview.inclusion = InclusionLevel.INCLUDED if wanted else InclusionLevel.NOT_IN_NAV
            self._add_generated(files, overview)
            script = resources.files("mkdocs_linkroles").joinpath("assets/linkroles.js")
            self._add_generated(
                files,
                File.generated(
                    config, self._src_uri("linkroles", ".js"), content=script.read_text("utf-8")
                ),
            )
        if self.config.mark_links and self.config.mark_links_stylesheet:
            css = resources.files("mkdocs_linkroles").joinpath("assets/linkroles.css")
            stylesheet = File.generated(
                config, self._src_uri("linkroles", ".css"), content=css.read_text("utf-8")
            )
            self._add_generated(files, stylesheet)
        return files

    @event_priority(-100)  # after every other plugin, autorefs' cross-references included
    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        """Scan every rendered page, then fill the overview and add one page per domain."""
        if not self.config.enabled:
            return env
        unseen = 0
        started = time.process_time()
        with no_cyclic_gc():
            self._start_reading()
            for file in files.documentation_pages():
                if file.src_uri in self.generated:
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
            self.run.stop_reading()
            self._reading_theme = self.run.theme is not None
        scanned = time.process_time()
        log.debug(
            f"linkroles: scanned {len(self.run.graph.pages)} pages in {scanned - started:.3f} s "
            "of CPU time"
        )
        if unseen:
            log.info(
                f"linkroles: {unseen} pages were not rendered in this build (--dirty), so the "
                "backlinks pages and the report leave their links out; build without --dirty "
                "for complete ones."
            )
        # The theme's environment, so that its `custom_dir` can replace the templates; the
        # theme's own lookups reach the plugin's too (the domain pages' `FILLED_TEMPLATE`).
        self._templates = template_environment(env)
        if env.loader is not None:
            env.loader = ChoiceLoader([env.loader, FileSystemLoader(OWN_TEMPLATES)])
        if self.config.pages:
            with no_cyclic_gc(), template_errors():
                self._publish(files, config)
            if not self.config.sitemap:
                self._hide_from_sitemap()
            log.debug(
                f"linkroles: made {len(self.domain_urls) + 1} pages in "
                f"{time.process_time() - scanned:.3f} s of CPU time"
            )
        if self.config.page_summary:
            with template_errors():
                self._add_summaries()
        return env

    def _add_summaries(self) -> None:
        """Append each scanned page's summary of external links (`page_summary`)."""
        for src_uri, page in self._pages.items():
            summary = render_page_summary(
                self.run.graph.pages[src_uri].links,
                page_url=page.url,
                domain_urls=self.domain_urls,
                title=self.config.page_summary_title,
                messages=self._messages,
                templates=self._templates,
            )
            page.content = (page.content or "") + summary
            for heading in headings_of(summary):  # the template's: one unless replaced
                add_to_toc(page, AnchorLink(escape(heading.text), heading.id, heading.level))

    def _hide_from_sitemap(self) -> None:
        """Leave the generated pages out of `sitemap.xml`, which MkDocs writes next.

        Its template lists the pages that have an absolute URL: theirs are set aside until
        each page is built (`on_page_context`), where themes use them (the canonical link).
        """
        for file in self.generated.values():
            page = file.page
            if page is not None and (page.canonical_url or page.abs_url):
                self._urls[file.src_uri] = (page.canonical_url, page.abs_url)
                page.canonical_url = page.abs_url = None

    def _remove_shell(self, shell: File, config: MkDocsConfig) -> None:
        """Take the shell page out of the written site and of the search index."""
        path = Path(shell.abs_dest_path)
        path.unlink(missing_ok=True)
        if path.parent.name.startswith(SHELL_NAME):  # directory URLs: its own folder
            with contextlib.suppress(OSError):
                path.parent.rmdir()
        index = getattr(config.plugins.get("search"), "search_index", None)
        entries = getattr(index, "_entries", None)
        if isinstance(entries, list):
            entries[:] = [e for e in entries if SHELL_NAME not in str(e.get("location", ""))]

    def _leave_out_of_search(self, config: MkDocsConfig) -> None:
        """Take the generated pages out of the index of MkDocs' (or ProperDocs') search.

        That plugin indexes every page as it is built and has no way to leave one out; its
        entries are taken out here, before it writes them (Material's search reads each
        page's `search.exclude` instead: see `fill`).
        """
        index = getattr(config.plugins.get("search"), "search_index", None)
        entries = getattr(index, "_entries", None)
        if isinstance(entries, list):
            folder = self._prefix + self.config.backlinks_dir + "/"
            entries[:] = [
                entry for entry in entries if not str(entry.get("location", "")).startswith(folder)
            ]

    def on_page_context(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        """Finish a generated page's context: its absolute URL and its navigation.

        The URL set aside while the sitemap was written comes back (`_hide_from_sitemap`);
        the navigation is the compact one (`compact_navigation`).
        """
        if not self.config.enabled or page.file.src_uri not in self.generated:
            return context
        urls = self._urls.pop(page.file.src_uri, None)
        if urls is not None:
            page.canonical_url, page.abs_url = urls
        if self.config.compact_navigation and nav is not None:
            if self._compact_nav is None:
                self._compact_nav = compact(nav)
            context["nav"] = self._compact_nav
        return context

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
        if self._filled:
            output = self._fill_from_shell(page, output)
        if self._reading_theme:
            output = self._theme_links_of(page, output)
        if self.config.noindex and page.file.src_uri in self.generated:
            output = with_noindex(output)
        unindexed = self._unindexed.pop(page.file.src_uri, None)
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

    def _theme_links_of(self, page: Page, output: str) -> str:
        """Read a written page's theme links; on a generated page, put the list in.

        MkDocs writes the site's pages before the generated ones (they come last in the
        files), so every source page's theme links are known when the generated pages come.
        """
        assert self.run.theme is not None
        src = page.file.src_uri
        if src in self.run.graph.pages:
            self.run.theme_page(src, theme_links(output))
            return output
        if src not in self.generated or THEME_MARK not in output:
            return output
        summaries = self.run.theme.summaries()
        if src != self._src_uri("index"):
            domain = next((d for d, url in self.domain_urls.items() if url == page.url), None)
            summaries = [link for link in summaries if link.domain == domain]
        section = render_theme_links(summaries, templates=self._templates, messages=self._messages)
        return output.replace(THEME_MARK, section, 1)

    # Before the search plugin writes its index (its `on_post_build` has the default 0).
    @event_priority(50)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Write the report, say what was found and written; fail on `error` findings."""
        if not self.config.enabled:
            return
        for shell in self._shells:  # their work is done: they are no pages of the site
            self._remove_shell(self.generated.pop(shell), config)
        if self.config.pages and not self.config.search:
            self._leave_out_of_search(config)
        comparison = self.run.comparison()
        docs = docs_dir(config)
        options = self.run.report_options(self.domain_urls, docs, comparison)
        written = []
        if self.config.pages:
            pages = sum(1 for file in self.generated.values() if file.is_documentation_page())
            written.append(f"{pages} pages under {self.config.backlinks_dir}/")
        if self.config.report:
            started = time.process_time()
            path = os.path.join(config.site_dir, self._prefix, self.config.report)
            with no_cyclic_gc():
                write_report(path, self.run.report(**options))
            written.append(self.config.report)
            log.debug(
                f"linkroles: wrote {self._prefix}{self.config.report} in "
                f"{time.process_time() - started:.3f} s of CPU time"
            )
        for _level, message in self.run.closing(written, comparison):
            log.info(message)
        if os.environ.get("GITHUB_ACTIONS") == "true":
            # Workflow commands: GitHub shows them on the pull request's changed lines.
            for annotation in self.run.annotations(docs):
                print(annotation, flush=True)
        step_summary = os.environ.get("GITHUB_STEP_SUMMARY")
        if step_summary:
            append_step_summary(step_summary, build_report(self.run.graph, **options), config)
        errors = self.run.errors()
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
        page_links, messages = self.run.read(ref, page.content or "", lambda: source_text(page))
        for level, message in messages:
            LEVELS[level](message)
        if self.config.mark_links and page_links.records:
            marked = mark_external_links(page.content or "", self.run.domain_of)
            if marked is None:
                log.debug(
                    "%s: links left unmarked: the page holds raw HTML that only the exact "
                    "reading reads, and marking it could change how a browser reads it",
                    ref.src_uri,
                )
            else:
                page.content = marked
        if self.config.page_summary and page_links.records:
            self._pages[ref.src_uri] = page

    def _start_reading(self) -> None:
        """Load the Public Suffix List: when the scan starts, not with the configuration."""
        try:
            self.run.start_reading()
        except (OSError, UnicodeDecodeError, ValueError) as error:
            path = self.config.suffix_list
            where = f"'{path}'" if path else "bundled with tldextract"
            raise PluginError(
                f"linkroles: cannot read the Public Suffix List {where}: {error}"
            ) from error

    def _publish(self, files: Files, config: MkDocsConfig) -> None:
        overview = self.generated[self._src_uri("index")]
        taken = Destinations(files, self._report_dest)  # once: thousands of domains
        summaries = self.run.graph.summaries()
        for summary in summaries:
            file = File.generated(config, self._src_uri(domain_slug(summary.domain)), content="")
            self._add_generated(files, file, taken)
            self.domain_urls[summary.domain] = file.url
        total_pages = len(self.run.graph.pages)
        # The domain pages by their table of contents: a shell for each (see `shell`).
        by_headings: dict[tuple[tuple[str, int], ...], list[File]] = {}
        labels: SectionLabels = {}  # shared: the site's sections appear on many domain pages
        shown = self.run.graph.findings() if self._shows_findings() else []
        findings = self.run.findings_shown(self._shows_findings())
        for profile in self.run.graph.domains():
            file = self.generated[self._src_uri(domain_slug(profile.domain))]
            rendered = render_domain_page(
                profile,
                page_url=file.url,
                overview_url=overview.url,
                total_pages=total_pages,
                labels=labels,
                findings=findings,
                templates=self._templates,
                messages=self._messages,
                theme_links=self.config.theme_links,
                own_repository=config.repo_url,
            )
            page = Page(rendered.title, file, config)
            fill(page, rendered, config, search=self.config.search)
            if rendered.unindexed_html:
                self._unindexed[file.src_uri] = rendered.unindexed_html
            signature = tuple((h.id, h.level) for h in rendered.headings)
            by_headings.setdefault(signature, []).append(file)
            texts = tuple(escape(h.text) for h in rendered.headings)  # as `toc_tokens`
            self._filled[file.src_uri] = ("", domain_slug(profile.domain), rendered.title, texts)
        self._make_shells(files, by_headings, taken, config)
        assert overview.page is not None  # MkDocs made it a page while building the nav
        per_domain = Counter(finding.domain for finding in shown)
        rendered = render_overview(
            self.run.graph,
            title=self._overview_title(),
            messages=self._messages,
            page_url=overview.url,
            domain_urls=self.domain_urls,
            findings=per_domain,
            script_url=self.generated[self._src_uri("linkroles", ".js")].url,
            templates=self._templates,
            theme_links=self.config.theme_links,
        )
        fill(overview.page, rendered, config, search=self.config.search)

    def _make_shells(
        self,
        files: Files,
        by_headings: dict[tuple[tuple[str, int], ...], list[File]],
        taken: Destinations,
        config: MkDocsConfig,
    ) -> None:
        """A shell page per table of contents, written before the domain pages it fills.

        Each shell's title, content and headings are marks (see `shell`); each domain page
        is rendered by MkDocs with a template of nothing (`FILLED_TEMPLATE`), and written
        from its shell in `on_post_page`.
        """
        for number, (signature, pages) in enumerate(by_headings.items()):
            shell = File.generated(config, self._src_uri(f"{SHELL_NAME}-{number}"), content="")
            self._add_generated(files, shell, taken)
            page = Page(TITLE_MARK, shell, config)
            headings = tuple(
                Heading(level, heading_id, heading_mark(index))
                for index, (heading_id, level) in enumerate(signature)
            )
            fill(page, RenderedPage(TITLE_MARK, SHELL_CONTENT, headings), config, search=False)
            self._shells[shell.src_uri] = (len(signature), None)
            for file in pages:
                files.remove(file)  # after their shell: MkDocs writes pages in this order
                files.append(file)
                name, title, texts = self._filled[file.src_uri][1:]
                self._filled[file.src_uri] = (shell.src_uri, name, title, texts)
                if file.page is not None:
                    file.page.meta["template"] = FILLED_TEMPLATE
                    if not self.config.search:
                        # Written from `_contents`: the search plugins, which read every
                        # page's content as it is built, get nothing to parse.
                        self._contents[file.src_uri] = file.page.content or ""
                        file.page.content = ""

    def _fill_from_shell(self, page: Page, output: str) -> str:
        """A domain page's output: its shell filled in; a shell's: kept as the shell."""
        src = page.file.src_uri
        known = self._shells.get(src)
        if known is not None:
            shell = Shell.capture(output, page.file.name, known[0])
            self._shells[src] = (known[0], shell)
            if shell is None:  # a theme the shell cannot be made of: render each page
                log.debug(f"linkroles: the theme's page cannot be a shell ({src})")
                for source, (shell_of, *_) in self._filled.items():
                    filled_page = self.generated[source].page
                    if shell_of == src and filled_page is not None:
                        filled_page.meta.pop("template", None)
                        filled_page.content = self._contents.pop(source, filled_page.content)
            return output
        filled = self._filled.pop(src, None)
        if filled is None:
            return output
        shell_src, name, title, texts = filled
        shell = self._shells[shell_src][1]
        if shell is None:
            return output
        content = self._contents.pop(src, None)
        if content is None:
            content = page.content or ""
        return shell.fill(name=name, title=title, content=content, headings=texts)

    def _add_generated(self, files: Files, file: File, taken: Destinations | None = None) -> None:
        """Add a generated file, unless it would take the place of another.

        `taken` holds the destinations of `files`: pass it when adding many files, so that
        each check is a few lookups, not a search through every file of the site.
        """
        if self._prefix:  # a language's build of mkdocs-static-i18n: in the language's folder
            file.dest_uri = self._prefix + file.dest_uri
        if taken is None:
            taken = Destinations(files, self._report_dest)
        clash = files.get_file_from_path(file.src_uri)
        where = clash.dest_uri if clash is not None else file.dest_uri
        if clash is None:
            where, clash_name = taken.clash(file.dest_uri)
        else:
            clash_name = clash.src_uri
        if clash_name is not None:
            if where == file.dest_uri:
                what = f"would overwrite '{clash_name}' (both are written to '{where}')"
            else:  # one's file is the other's folder
                what = (
                    f"(written to '{file.dest_uri}') and '{clash_name}' (at '{where}') cannot "
                    "both be in the site: one's file is the other's folder"
                )
            raise PluginError(
                visible(
                    f"linkroles: the generated page '{file.src_uri}' {what}. Rename or move "
                    "your file, or set the plugin's 'backlinks_dir' option to another folder."
                )
            )
        files.append(file)
        taken.add(file.dest_uri, file.src_uri)
        self.generated[file.src_uri] = file

    def _overview_title(self) -> str:
        """The overview's title: the option's, or the language's."""
        return self.config.overview_title or self._messages("overview.title").unescape()

    def _src_uri(self, name: str, suffix: str = ".md") -> str:
        return f"{self.config.backlinks_dir}/{name}{suffix}"
