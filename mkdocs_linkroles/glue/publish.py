"""The generated pages of a build: rendered, added to the site's files, and their summaries."""

from __future__ import annotations

import json
from collections import Counter
from html import escape
from importlib import resources

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink

from mkdocs_linkroles.config import LinkRolesConfig
from mkdocs_linkroles.glue.files import Destinations, text_of
from mkdocs_linkroles.glue.navigation import add_to_toc, fill
from mkdocs_linkroles.glue.state import BuildState
from mkdocs_linkroles.links.model import domain_slug
from mkdocs_linkroles.pages.linked import SectionLabels, SourceHeads
from mkdocs_linkroles.pages.render import (
    PAGE_MARK,
    THEME_MARK,
    headings_of,
    render_domain_page,
    render_overview,
    render_page_summary,
    render_theme_links,
)


def publish(
    build: BuildState,
    files: Files,
    config: MkDocsConfig,
    options: LinkRolesConfig,
    *,
    shows_findings: bool,
) -> None:
    """Render the overview and a page per linked domain, and add them to the site's files."""
    overview = build.generated[build.generated.src_uri("index")]
    taken = Destinations(files, build.generated.report_dest)  # once: thousands of domains
    summaries = build.run.graph.summaries()
    for summary in summaries:
        file = File.generated(
            config, build.generated.src_uri(domain_slug(summary.domain)), content=""
        )
        build.generated.add(files, file, taken)
        build.domain_urls[summary.domain] = file.url
    total_pages = len(build.run.graph.pages)
    # The domain pages by their table of contents: a shell for each (see `shell`).
    by_headings: dict[tuple[tuple[str, int], ...], list[File]] = {}
    labels: SectionLabels = {}  # shared: the site's sections appear on many domain pages
    heads: SourceHeads = {}  # and each source's line starts alike on each of them
    shown = build.run.graph.findings() if shows_findings else []
    findings = build.run.findings_shown(shows_findings)
    url_health, gone = build.run.health_shown(shows_findings)
    for profile in build.run.graph.domains():
        file = build.generated[build.generated.src_uri(domain_slug(profile.domain))]
        rendered = render_domain_page(
            profile,
            page_url=file.url,
            overview_url=overview.url,
            total_pages=total_pages,
            labels=labels,
            heads=heads,
            findings=findings,
            templates=build.templates,
            messages=build.messages,
            theme_links=options.theme_links,
            own_repository=config.repo_url,
            health=url_health,
            gone=profile.domain in gone,
        )
        page = Page(rendered.title, file, config)
        fill(page, rendered, config, search=options.search)
        if rendered.unindexed_html:
            build.unindexed[file.src_uri] = rendered.unindexed_html
        signature = tuple((h.id, h.level) for h in rendered.headings)
        by_headings.setdefault(signature, []).append(file)
        texts = tuple(escape(h.text) for h in rendered.headings)  # as `toc_tokens`
        build.shells.note(file.src_uri, domain_slug(profile.domain), rendered.title, texts)
    build.shells.make(files, by_headings, taken, config, build.generated)
    assert overview.page is not None  # MkDocs made it a page while building the nav
    per_domain = Counter(finding.domain for finding in shown)
    rendered = render_overview(
        build.run.graph,
        title=overview_title(build, options),
        messages=build.messages,
        page_url=overview.url,
        domain_urls=build.domain_urls,
        findings=per_domain,
        gone=sorted(gone & set(build.domain_urls)),
        script_url=build.generated[build.generated.src_uri("linkroles", ".js")].url,
        templates=build.templates,
        theme_links=options.theme_links,
    )
    fill(overview.page, rendered, config, search=options.search)


def add_summaries(build: BuildState, options: LinkRolesConfig) -> None:
    """Append each scanned page's summary of external links (`page_summary`)."""
    for src_uri, page in build.summary_pages.items():
        summary = render_page_summary(
            build.run.graph.pages[src_uri].links,
            page_url=page.url,
            domain_urls=build.domain_urls,
            title=options.page_summary_title,
            messages=build.messages,
            templates=build.templates,
        )
        page.content = (page.content or "") + summary
        for heading in headings_of(summary):  # the template's: one unless replaced
            add_to_toc(page, AnchorLink(escape(heading.text), heading.id, heading.level))


def overview_title(build: BuildState, options: LinkRolesConfig) -> str:
    """The overview's title: the option's, or the language's."""
    return options.overview_title or build.messages("overview.title").unescape()


def reserve(
    build: BuildState, files: Files, config: MkDocsConfig, options: LinkRolesConfig
) -> None:
    """Add the overview, the script and the stylesheet to the site's files (`on_files`).

    The overview early, so that it can take its place in the navigation; the stylesheet
    with `mark_links_stylesheet`.
    """
    if options.pages:
        # A placeholder of the overview in the sources (for a nav entry that works under
        # generators without plugins too, see "Getting started"): ours replaces it.
        placeholder = files.get_file_from_path(build.generated.src_uri("index"))
        if placeholder is not None and PAGE_MARK in text_of(placeholder):
            files.remove(placeholder)
        title = json.dumps(overview_title(build, options))  # a JSON string is valid YAML
        overview = File.generated(
            config, build.generated.src_uri("index"), content=f"---\ntitle: {title}\n---\n"
        )
        # In the navigation MkDocs makes only if asked; with a `nav`, the user's `nav`
        # decides, and MkDocs is not to say that a generated page is missing from it.
        wanted = options.navigation and not config.nav
        overview.inclusion = InclusionLevel.INCLUDED if wanted else InclusionLevel.NOT_IN_NAV
        build.generated.add(files, overview)
        script = resources.files("mkdocs_linkroles").joinpath("assets/linkroles.js")
        build.generated.add(
            files,
            File.generated(
                config,
                build.generated.src_uri("linkroles", ".js"),
                content=script.read_text("utf-8"),
            ),
        )
    if options.mark_links and options.mark_links_stylesheet:
        css = resources.files("mkdocs_linkroles").joinpath("assets/linkroles.css")
        stylesheet = File.generated(
            config,
            build.generated.src_uri("linkroles", ".css"),
            content=css.read_text("utf-8"),
        )
        build.generated.add(files, stylesheet)


def with_theme_links(build: BuildState, page: Page, output: str) -> str:
    """Read a written page's theme links; on a generated page, put the list in.

    MkDocs writes the site's pages before the generated ones (they come last in the
    files), so every source page's theme links are known when the generated pages come.
    """
    assert build.run.theme is not None
    src = page.file.src_uri
    if src in build.run.graph.pages:
        # Imported here: selectolax and the built pages' reading take 11 ms to import, and
        # only the option `theme_links` reads the theme's links.
        from mkdocs_linkroles.sites.pages import theme_links

        build.run.theme_page(src, theme_links(output))
        return output
    if src not in build.generated or THEME_MARK not in output:
        return output
    summaries = build.run.theme.summaries()
    if src != build.generated.src_uri("index"):
        if len(build.domain_of_url) != len(build.domain_urls):  # once: a lookup per page
            build.domain_of_url.update({url: d for d, url in build.domain_urls.items()})
        domain = build.domain_of_url.get(page.url)
        summaries = [link for link in summaries if link.domain == domain]
    section = render_theme_links(summaries, templates=build.templates, messages=build.messages)
    return output.replace(THEME_MARK, section, 1)
