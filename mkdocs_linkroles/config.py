"""The plugin's options. Each is public, and documented once: in its docstring here."""

from __future__ import annotations

import posixpath
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.base import ValidationError

from mkdocs_linkroles.links.records import LEVELS, Level
from mkdocs_linkroles.links.rules import DEFAULT_ACCEPT, RULES


class SitePath(c.Type[str]):
    """A relative path inside the built site, with forward slashes; never outside it."""

    def __init__(self, *, default: str, allow_empty: bool) -> None:
        """`allow_empty`: whether an empty value (meaning "off") is accepted."""
        super().__init__(str, default=default)
        self.allow_empty = allow_empty

    def run_validation(self, value: object) -> str:
        """Normalise the path; reject one that is absolute or leaves the site directory."""
        text = super().run_validation(value).strip()
        if not text:
            if self.allow_empty:
                return ""
            raise ValidationError("must not be empty")
        path = text.replace("\\", "/")
        if path.startswith("/") or (len(path) > 1 and path[1] == ":"):
            raise ValidationError(f"'{text}' must be relative to the site directory, not absolute")
        normal = posixpath.normpath(path)
        if normal == "." or normal == ".." or normal.startswith("../"):
            raise ValidationError(f"'{text}' must name a place inside the site directory")
        if any(ch in normal for ch in '<>:"|?*') or any(ord(ch) < 32 for ch in normal):
            raise ValidationError(f"'{text}' contains characters that are not valid in file names")
        return normal


class Title(c.Type[str]):
    """A title the plugin shows on pages: text, not empty.

    Without one (`None`), the title comes from the language's catalogue.
    """

    def __init__(self) -> None:
        """No default: the catalogue gives it."""
        super().__init__(str)

    def run_validation(self, value: object) -> str:
        """Strip the text; reject an empty one (a heading or a link with nothing to read)."""
        text = super().run_validation(value).strip()
        if not text:
            raise ValidationError("must not be empty")
        return text


class RuleLevels(base.BaseConfigOption[dict[str, Level]]):
    """A level (`ignore`, `info`, `warn`, `error`) per rule; rules not named keep theirs."""

    def __init__(self) -> None:
        """Default: every rule at its default level."""
        super().__init__()
        self.default: dict[str, Level] = dict(RULES)

    def run_validation(self, value: object) -> dict[str, Level]:
        """Check the rule names and levels; fill in the defaults for the rest."""
        if value is None:
            return dict(RULES)
        if not isinstance(value, dict):
            raise ValidationError(
                f"expected a mapping of rule names to levels, got {type(value).__name__}"
            )
        levels: dict[str, Any] = dict(RULES)
        for rule, level in value.items():
            if rule not in RULES:
                raise ValidationError(f"unknown rule {rule!r}; the rules are: {', '.join(RULES)}")
            if level is False:  # YAML reads a bare `off`/`no` as false
                level = "ignore"
            if level not in LEVELS:
                raise ValidationError(
                    f"rule {rule!r}: level {level!r} is not one of: {', '.join(LEVELS)}"
                )
            levels[rule] = level
        return levels


class RuleAccept(base.BaseConfigOption[dict[str, list[str]]]):
    """Per rule, patterns of links accepted for it; the built-in ones are kept."""

    def __init__(self) -> None:
        """Default: the built-in accepted links (`DEFAULT_ACCEPT`)."""
        super().__init__()
        self.default: dict[str, list[str]] = {r: list(p) for r, p in DEFAULT_ACCEPT.items()}

    def run_validation(self, value: object) -> dict[str, list[str]]:
        """Check the rule names and patterns; add them to the built-in ones."""
        accepted = {rule: list(patterns) for rule, patterns in DEFAULT_ACCEPT.items()}
        if value is None:
            return accepted
        if not isinstance(value, dict):
            raise ValidationError(
                f"expected a mapping of rule names to lists of patterns, got {type(value).__name__}"
            )
        for rule, patterns in value.items():
            if rule not in RULES:
                raise ValidationError(f"unknown rule {rule!r}; the rules are: {', '.join(RULES)}")
            if isinstance(patterns, str):
                patterns = [patterns]
            if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
                raise ValidationError(f"rule {rule!r}: expected a list of patterns")
            accepted.setdefault(rule, []).extend(patterns)
        return accepted


# MkDocs declares `Config.__init_subclass__` without types.
class LinkRolesConfig(base.Config):  # type: ignore[no-untyped-call]
    """Options of the `linkroles` plugin.

    Each option's docstring is its documentation: the documentation site's configuration
    page is made from them (`demo_site/hooks.py`).
    """

    enabled = c.Type(bool, default=True)
    """Run the plugin. `false` turns it off without removing its configuration, for
    example for quick local builds:

    ```yaml
    plugins:
      - linkroles:
          enabled: !ENV [LINKROLES, true]
    ```"""

    backlinks_dir = SitePath(default="backlinks", allow_empty=False)
    """Folder, inside the site, for the overview (`index.md`) and one page per linked
    domain (`<domain>.md`). Must stay inside the site. A generated page never overwrites one
    you wrote: a clash stops the build with an error that names both files.

    ```yaml
    plugins:
      - linkroles:
          backlinks_dir: outbound
    ```"""

    pages = c.Type(bool, default=True)
    """Write the overview and the domain pages. `false` keeps the scan and the report but
    writes no pages (report-only, for audits)."""

    navigation = c.Type(bool, default=False)
    """Put the overview in the navigation MkDocs makes when `mkdocs.yml` has no `nav`. Off
    by default: a reader's navigation is for your pages. With a `nav`, your `nav` decides
    (list `backlinks/index.md` in it to show the page), and MkDocs does not say that the
    generated page is missing from it. Domain pages are never in the navigation."""

    compact_navigation = c.Type(bool, default=True)
    """On the generated pages, show only the navigation's top level, each section as a
    link to its first page. A site of 130 pages that links to 288 domains would otherwise
    repeat its whole navigation on 289 more pages, and more than double its build time and
    size (see [Performance](performance.md)). `false` gives them the full navigation."""

    show_findings = c.Choice(("never", "serve", "always"), default="serve")
    """Whether the generated pages show the audit: a Findings column on the overview, and
    each finding's rule beside its link on the domain's page, with a legend. `serve` (the
    default) shows it on the pages of `mkdocs serve` only, so that a maintainer sees it
    while writing and the published build never does: the audit is for maintainers (the
    build's messages, annotations, SARIF, the report), not for readers. `always` for a
    private audit site; `never` not even while serving."""

    search = c.Type(bool, default=False)
    """Let the site's search (MkDocs', ProperDocs' or Material's) index the generated
    pages. Off by default: on a site that links to hundreds of domains, their pages would
    outnumber yours in the results. When on, a domain page's list of linked URLs is still
    left out of the index: it repeats the link texts of your own pages."""

    sitemap = c.Type(bool, default=False)
    """List the generated pages in `sitemap.xml`. Off by default: they describe other
    sites, not your content."""

    noindex = c.Type(bool, default=True)
    """Ask search engines not to index the generated pages
    (`<meta name="robots" content="noindex">` first in their `<head>`)."""

    report = SitePath(default="linkroles.json", allow_empty=True)
    """Where the JSON report goes, relative to the site directory; it must stay inside it,
    and not take the place of a page, a file or a folder of the site. Empty (`''`) writes
    no report. See [The report](report.md).

    ```yaml
    plugins:
      - linkroles:
          report: audit/links.json
    ```"""

    internal_domains = c.ListOfItems(c.Type(str), default=[])
    """Hosts or domains whose links count as internal, with all their subdomains
    (`example.com` covers `www.example.com`): for example your own main site next to the
    docs. The host of `site_url` always is.

    ```yaml
    plugins:
      - linkroles:
          internal_domains: [example.com, status.example.net]
    ```"""

    suffix_list = c.Optional(c.File(exists=True))
    """A Public Suffix List file on disk to use instead of the snapshot bundled with
    tldextract. Read from disk, never downloaded.

    ```yaml
    plugins:
      - linkroles:
          suffix_list: vendor/public_suffix_list.dat
    ```"""

    overview_title = c.Optional(Title())
    """Title of the overview page, in the navigation and on the page. Not empty. Without
    it, the title in the site's language (`Backlinks` in English; see
    [Languages](languages.md)).

    ```yaml
    plugins:
      - linkroles:
          overview_title: Sites we link to
    ```"""

    theme_links = c.Type(bool, default=False)
    """Also read the links the theme writes around each page's content: in the header, the
    navigation, the table of contents, the footer, the edit and view buttons. Each gets its
    `position`; header and footer links stand on every page, and count once, as site-wide
    links, which is what the site they point to sees. They are listed on their domain's page
    and the overview, and in the report's `theme_links`; the audit rules stay with the
    content. Off by default: the content is what your authors wrote, and each written page
    is parsed once more (see [Performance](performance.md))."""

    source_lines = c.Type(bool, default=True)
    """Find the line of the Markdown source where each external link is written, for the
    messages (`guide/x.md:42: ...`), the report (each link's and finding's `line`), CI
    annotations and SARIF. Found by looking for each href in the page's Markdown in document
    order; a link that another plugin or the theme added has no line. `false` saves that
    search: about 0.5% of a build (see [Performance](performance.md))."""

    rules = RuleLevels()
    """A level per audit rule: `ignore`, `info` (a message), `warn` (a warning, which fails
    `mkdocs build --strict`) or `error` (fails any build). Rules you do not name keep their
    default; see [Audit rules](rules.md) for the rules.

    ```yaml
    plugins:
      - linkroles:
          rules:
            insecure: warn
            opener: ignore
    ```"""

    accept = RuleAccept()
    """Links accepted for given rules, without touching the page (where `attr_list` and
    `data-linkroles` are not at hand): per rule, a list of [patterns](rules.md#patterns).
    A matching link is still an outbound link, on its domain's page and in the report; it
    is only not a finding of that rule. Added to the built-in ones: `credentials` accepts
    `https://jwt.io/*`, whose debugger takes its (sample) token in the URL.

    ```yaml
    plugins:
      - linkroles:
          accept:
            local_target: ["http://wiki.corp.internal/*"]
            insecure: [example.org]
    ```"""

    deny = c.ListOfItems(c.Type(str), default=[])
    """Sites no page may link to: domain globs (`example.com`, `*.example.com`) or URL globs
    (`http://*`); see [patterns](rules.md#patterns). A match is a `denied_domain` finding.

    ```yaml
    plugins:
      - linkroles:
          deny: ["*.doubleclick.net", "http://*"]
    ```"""

    allow = c.ListOfItems(c.Type(str), default=[])
    """When set, the only sites pages may link to (same patterns as `deny`); a link to any
    other is an `unlisted_domain` finding.

    ```yaml
    plugins:
      - linkroles:
          allow: [python.org, "*.readthedocs.io"]
    ```"""

    exclude = c.ListOfItems(c.Type(str), default=[])
    """Links left out of the whole analysis (same patterns as `deny`): on no generated
    page, not in the report's links, never a finding; counted per page as `excluded`.

    ```yaml
    plugins:
      - linkroles:
          exclude: [ci.example.com]
    ```"""

    health = c.Optional(c.Type(str))
    """A health file written by `linkroles check` (relative to `mkdocs.yml`), read, never
    written, by the build: links it found broken, moved or on a domain that no longer
    resolves become `broken_link`, `redirected_link` and `gone_domain` findings, and the
    report gets each URL's and domain's health. A file that is not there yet is not an
    error (the build says so once). See [Link health](health.md).

    ```yaml
    plugins:
      - linkroles:
          health: linkroles-health.json
    ```"""

    baseline = c.Optional(c.File(exists=True))
    """A report from an earlier build (typically of the main branch), relative to
    `mkdocs.yml`. The build then says which domains and links were added and removed, and
    links to domains the baseline does not have are `new_domain` findings. See
    [CI recipes](ci.md).

    ```yaml
    plugins:
      - linkroles:
          baseline: !ENV [LINKROLES_BASELINE]
    ```"""

    mark_links = c.Type(bool, default=False)
    """Add `class="linkroles-external"` and `data-linkroles-domain="<domain>"` to every
    external link in your pages, so that a theme or your `extra_css` can style them:
    `a.linkroles-external::after { content: "↗" }`. The two attributes are written right
    after the tag's name (the class merged with the link's own); nothing else of the page
    changes. Pages with raw HTML that only the exact reading reads are left unmarked (see
    [How a page is read](links.md#how-a-page-is-read))."""

    mark_links_stylesheet = c.Type(bool, default=False)
    """With `mark_links`: also publish the small stylesheet shipped with the plugin (an
    arrow after each external link, none after images) as `<backlinks_dir>/linkroles.css`
    and add it to `extra_css`."""

    page_summary = c.Type(bool, default=False)
    """Append to each page with external links an "External links on this page" list
    (heading id `linkroles-external-links`, list class `linkroles-summary`), grouped by
    domain, each domain leading to its backlinks page: the outbound view, for readers. Its
    heading joins the page's table of contents. This page ends with one."""

    page_summary_title = c.Optional(Title())
    """The heading of the `page_summary` list, on the page and in its table of contents.
    Not empty. Without it, the heading in the site's language (`External links on this
    page` in English).

    ```yaml
    plugins:
      - linkroles:
          page_summary_title: Further reading
    ```"""


def validated_options(options: dict[str, Any], config_file: str | None) -> LinkRolesConfig:
    """The plugin's options from a configuration file, checked as MkDocs checks them.

    For `linkroles scan`, which reads `mkdocs.yml` or `zensical.toml` without MkDocs'
    build. Raises `ValueError` with every problem, one per line.
    """
    config = LinkRolesConfig(config_file_path=config_file)
    config.load_dict(options)
    errors, _warnings = config.validate()
    if errors:
        raise ValueError("\n".join(f"option '{name}': {error}" for name, error in errors))
    return config
