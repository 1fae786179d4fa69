"""What one build of the plugin holds between MkDocs' events."""

from __future__ import annotations

from dataclasses import dataclass, field

from jinja2 import Environment
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from mkdocs_linkroles.glue.generated import GeneratedFiles
from mkdocs_linkroles.glue.search import Unsearched
from mkdocs_linkroles.glue.shells import ShellPages
from mkdocs_linkroles.pages.messages import Messages
from mkdocs_linkroles.pipeline import Run


@dataclass
class BuildState:
    """One build's (or one `mkdocs serve` rebuild's) state, made new by `on_config`.

    Each field is set when the build starts or, for those that wait for an event, says
    which: nothing here is valid in one event and absent in another.
    """

    run: Run
    """The analysis (`pipeline`): the link graph, the findings, the report."""
    generated: GeneratedFiles
    """The generated files (pages, script, stylesheet) by source path."""
    messages: Messages = field(default_factory=Messages)
    """The words of the generated pages, in the language of the build (`on_files`)."""
    domain_urls: dict[str, str] = field(default_factory=dict)
    """Each linked domain's page URL, relative to the site root (`on_env`)."""
    domain_of_url: dict[str, str] = field(default_factory=dict)
    """The other way round, made once when the theme's links are listed."""
    written: dict[str, str] = field(default_factory=dict)
    """Each page's Markdown as written (`on_page_markdown`, first), for source lines."""
    summary_pages: dict[str, Page] = field(default_factory=dict)
    """The scanned pages with external links by source path, for `page_summary`."""
    unindexed: dict[str, str] = field(default_factory=dict)
    """Each generated page's HTML that the search is not to index (`on_post_page`)."""
    urls: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    """The generated pages' absolute URLs, set aside while the sitemap is written."""
    compact_nav: Navigation | None = None
    """The compact navigation of the generated pages, made once per build."""
    templates: Environment | None = None
    """The templates of the generated pages, through the theme's environment (`on_env`)."""
    reading_theme: bool = False
    """Whether the written pages' theme links are read (`theme_links`, after the scan)."""
    shells: ShellPages = field(default_factory=ShellPages)
    """The shells of the theme and the domain pages they fill in."""
    unsearched: Unsearched = field(default_factory=Unsearched)
    """The content of the generated page being written, while the site's search reads it."""
