"""The `linkroles` command: scans of built sites; summaries, diffs, merges, URL lists.

`scan` reads a site already built, by any generator, as the plugin reads pages during a
MkDocs build; the other commands work on reports alone. Exit codes: 0 success; 1 `diff
--fail-on-new` found added links or domains, or `scan` found links that break a rule set
to `error`; 2 a usage error, or a site, configuration or report that cannot be read (one
line on standard error, never a traceback).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from mkdocs_linkroles import __version__
from mkdocs_linkroles.org.outputs import ORG_FORMATS
from mkdocs_linkroles.reports.audit import (
    ReportDiff,
    diff_markdown,
    diff_reports,
    diff_text,
    dump_json,
    iter_report_links,
    merge_reports,
    summary_csv,
    summary_data,
    summary_markdown,
    summary_text,
)
from mkdocs_linkroles.reports.ci import added_link_annotations, sarif_text
from mkdocs_linkroles.reports.report import ReportError, load_report, write_report
from mkdocs_linkroles.safe import visible

EXIT_OK, EXIT_ADDED, EXIT_USAGE = 0, 1, 2
EXIT_ERRORS = 1
"""`scan` found links that break a rule set to `error`."""
EXPORT_LINES = 20
"""Up to this many sites, `export` names each; beyond, only the total."""
MERGE_HINT = 20
"""Beyond this many reports, `merge` says that `export` and `org` fit better."""
LEVEL_NAMES = {"info": "INFO    -  ", "warn": "WARNING -  ", "error": "ERROR   -  "}


SUMMARY_FORMATS: dict[str, Callable[[dict[str, Any], argparse.Namespace], str]] = {
    "text": lambda report, args: summary_text(report, top=args.top),
    "markdown": lambda report, args: summary_markdown(report, top=args.top),
    "csv": lambda report, _args: summary_csv(report),
    "json": lambda report, args: dump_json(summary_data(report, top=args.top)),
    "sarif": lambda report, args: sarif_text(report, args.docs_url),
}
"""`linkroles summary --format`: each format's writer, given the report and the command's
arguments. The command line's choices are this table's keys; adding a format is one line
here."""

DIFF_FORMATS: dict[str, Callable[[ReportDiff, dict[str, Any]], str]] = {
    "text": lambda diff, _new: diff_text(diff),
    "markdown": lambda diff, _new: diff_markdown(diff),
    "json": lambda diff, _new: dump_json(diff.as_data()),
    "github": lambda diff, new: "".join(
        annotation + "\n"
        for annotation in added_link_annotations(diff.added_links, new)
        + added_link_annotations(diff.broken_links, new, broken=True)
    ),
}
"""`linkroles diff --format`: each format's writer, given the diff and the new report."""


def build_parser() -> argparse.ArgumentParser:
    """The command line, with `--help` on every command."""
    parser = argparse.ArgumentParser(
        prog="linkroles",
        description="Scan built sites for their outbound links, and read mkdocs-linkroles "
        "reports (linkroles.json): summaries, diffs, merges, URL lists, exports for an "
        "organisation of many sites. Never touches the "
        "network.",
        epilog="Exit codes: 0 success, 1 `diff --fail-on-new` found additions or `scan` "
        "found links that break a rule set to error, 2 usage error or unreadable input.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    scan = commands.add_parser(
        "scan",
        help="the report (and backlinks pages) of a site already built",
        description="Read a site already built (by MkDocs, ProperDocs, Zensical, Sphinx, ...) "
        "as the plugin reads pages in a MkDocs build, and write the same report.",
    )
    scan.add_argument(
        "site_dir",
        type=Path,
        nargs="?",
        metavar="SITE_DIR",
        help="the built site (default: the configuration's site_dir)",
    )
    scan.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help="mkdocs.yml, properdocs.yml or zensical.toml: site_dir, site_url, docs_dir and "
        "the options of the linkroles plugin",
    )
    scan.add_argument(
        "--content",
        metavar="SELECTOR",
        help="CSS selector of each page's content region (default: the known themes')",
    )
    scan.add_argument("--site-url", metavar="URL", help="the site's URL (default: site_url)")
    scan.add_argument(
        "--baseline", type=Path, metavar="REPORT", help="a report of an earlier build to compare"
    )
    scan.add_argument(
        "--report",
        metavar="PATH",
        help="where the report goes, relative to SITE_DIR (default: the option 'report', "
        "linkroles.json; '' writes none)",
    )
    scan.add_argument(
        "--pages",
        action="store_true",
        help="also write the overview and a page per domain into the site, in its theme",
    )
    scan.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="each finding at level info, not one line per rule",
    )
    scan.add_argument(
        "--shell",
        metavar="PAGE",
        help="the page whose theme the generated pages take (default: index.html)",
    )

    summary = commands.add_parser(
        "summary",
        help="totals, top domains and findings of a report",
        description="Totals, top domains and findings of a report. CSV gives one row per link.",
    )
    summary.add_argument("report", type=Path, metavar="REPORT")
    summary.add_argument("--format", choices=tuple(SUMMARY_FORMATS), default="text")
    summary.add_argument("--top", type=int, default=10, help="domains to list (default 10)")
    summary.add_argument(
        "--docs-url",
        metavar="URL",
        help="where mkdocs-linkroles' documentation is published: SARIF's rules link to "
        "their sections there (helpUri)",
    )

    diff = commands.add_parser(
        "diff",
        help="domains and links added and removed between two reports",
        description="Domains and links (by page and URL) added and removed from OLD to NEW.",
    )
    diff.add_argument("old", type=Path, metavar="OLD")
    diff.add_argument("new", type=Path, metavar="NEW")
    diff.add_argument("--format", choices=tuple(DIFF_FORMATS), default="text")
    diff.add_argument(
        "--fail-on-new",
        action="store_true",
        help="exit with 1 when NEW adds a domain or a link",
    )

    merge = commands.add_parser(
        "merge",
        help="combine the reports of several sites into one",
        description="Combine the reports of several sites into one report; each domain also "
        "counts its referring sites.",
    )
    merge.add_argument("reports", type=Path, nargs="+", metavar="REPORT")
    merge.add_argument("-o", "--output", type=Path, required=True, metavar="OUT")

    export = commands.add_parser(
        "export",
        help="reports as Parquet tables, one partition per site (for linkroles org)",
        description="Write each report's links, pages, domains and site as Parquet tables "
        "under DIR, one partition per site ('org' extra: pyarrow). Exporting a site again "
        "replaces its partition. Reads a report a page at a time, whatever its size.",
    )
    export.add_argument(
        "reports", type=Path, nargs="+", metavar="REPORT", help="linkroles.json of a site"
    )
    export.add_argument(
        "--to",
        type=Path,
        required=True,
        metavar="DIR",
        help="the export: a new or empty folder, or an earlier export",
    )
    export.add_argument(
        "--site",
        metavar="URL",
        help="the site of a report without site_url (one report only)",
    )

    org = commands.add_parser(
        "org",
        help="questions over all exported sites (DuckDB), and the organisation's pages",
        description="Answer questions over every site exported into DIR, with DuckDB in "
        "this process ('org' extra): which pages of which sites link to a domain, which "
        "domains most sites link to; and write the organisation's backlinks pages.",
    )
    org.add_argument(
        "export_dir", type=Path, metavar="DIR", help="the folder `linkroles export` wrote"
    )
    question = org.add_mutually_exclusive_group()
    question.add_argument(
        "--links-to",
        metavar="DOMAIN",
        action="append",
        help="every site, page and line that links to DOMAIN (a domain or host, with its "
        "subdomains); repeat it for several (polyfill.io, bootcdn.net, ...)",
    )
    question.add_argument(
        "--domains",
        action="store_true",
        help="the domains most sites link to, with their referring sites, pages and links "
        "(the default question)",
    )
    org.add_argument("--format", choices=tuple(ORG_FORMATS), default="text")
    org.add_argument(
        "--top",
        type=int,
        default=100,
        metavar="N",
        help="domains to list, and to give a page (0: all; default 100)",
    )
    org.add_argument(
        "--language",
        metavar="TAG",
        help="the language of the --pages (de, ja, pt-BR, ...; default en)",
    )
    org.add_argument(
        "--templates",
        type=Path,
        metavar="DIR",
        help="a folder whose linkroles/org/*.html replace the templates of the --pages",
    )
    org.add_argument(
        "--pages",
        type=Path,
        metavar="OUT",
        help="also write the organisation's backlinks site into OUT: an overview of the "
        "domains and a page per domain with its referring sites and pages",
    )

    check = commands.add_parser(
        "check",
        help="check the report's external URLs with lychee, into a health file",
        description="Check the distinct external URLs of a report with lychee (the "
        "'health' extra) and write their health: status, HTTP code, redirects, when, and "
        "whether each domain resolves. Only what is older than --max-age is checked again. "
        "URLs with secrets, and private or loopback targets, are never sent anywhere.",
    )
    check.add_argument(
        "report", type=Path, metavar="REPORT", nargs="?", default=Path("site/linkroles.json")
    )
    check.add_argument("--health", type=Path, metavar="FILE", required=True)
    check.add_argument(
        "--max-age",
        type=_duration,
        default=_duration("7d"),
        metavar="DURATION",
        help="re-check URLs checked longer ago than this (30m, 12h, 7d; default 7d)",
    )
    check.add_argument(
        "--timeout",
        type=int,
        default=20,
        metavar="SECONDS",
        help="give a request up after this long; it is then unreachable (default 20)",
    )
    check.add_argument(
        "--retries",
        type=int,
        default=2,
        metavar="N",
        help="try an unreachable URL again up to N times, waiting between tries (default 2)",
    )
    check.add_argument(
        "--include-private",
        action="store_true",
        help="check private, loopback and link-local targets too (tests, intranets)",
    )

    urls = commands.add_parser(
        "urls",
        help="the distinct external URLs, one per line (for a link checker)",
        description="The distinct external URLs of a report, sorted, one per line: input for "
        "a link checker such as lychee.",
    )
    urls.add_argument("report", type=Path, metavar="REPORT")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = build_parser().parse_args(argv)
    try:
        code = _run(args)
        sys.stdout.flush()  # here, where a closed pipe can still be told apart
        return code
    except BrokenPipeError:
        # The reader stopped reading (`linkroles urls … | head`): what it read is what it
        # wanted. Quiet, like the Unix tools; standard output now goes nowhere, so that
        # Python's last flush at exit does not fail again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except (ReportError, _Usage) as error:
        print(visible(f"linkroles: {error}"), file=sys.stderr)
        return EXIT_USAGE
    except OSError as error:
        message = f"linkroles: {error.filename or ''}: {error.strerror or error}"
        print(visible(message), file=sys.stderr)
        return EXIT_USAGE
    except MemoryError:
        # `merge` of hundreds of reports: each is held in memory, about three times its size.
        hint = (
            "; for many reports, `linkroles export` and `linkroles org` read them a page at a time"
            if args.command == "merge"
            else ""
        )
        print(f"linkroles: out of memory{hint}", file=sys.stderr)
        return EXIT_USAGE
    except Exception as error:  # a bug: still one line, and never the exit code of a finding
        message = f"linkroles: internal error ({type(error).__name__}: {error}); please report it"
        print(visible(message), file=sys.stderr)
        return EXIT_USAGE


def _duration(text: str) -> float:
    """`30m`, `12h`, `7d` or seconds, as seconds."""
    units = {"s": 1, "m": 60, "h": 3600, "d": 86400}
    try:
        if text and text[-1] in units:
            return float(text[:-1]) * units[text[-1]]
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a duration: {text!r} (30m, 12h, 7d)") from None


def _check(args: argparse.Namespace) -> int:
    """`linkroles check`: the report's URLs checked by lychee, into the health file."""
    from mkdocs_linkroles.health.check import CheckError, check
    from mkdocs_linkroles.health.file import HealthError, load_health, write_health

    report = load_report(args.report)
    try:
        health = load_health(args.health)
        updated, counts = check(
            report,
            health,
            max_age=args.max_age,
            include_private=args.include_private,
            timeout=args.timeout,
            retries=args.retries,
        )
    except (CheckError, HealthError) as error:
        raise _Usage(str(error)) from None
    write_health(args.health, updated)
    statuses = Counter(h.status for h in updated.urls.values())
    gone = sorted(d for d, h in updated.domains.items() if not h.resolves)
    print(
        visible(
            f"linkroles: checked {counts['checked']} URLs ({counts['fresh']} checked within "
            f"--max-age, {counts['excluded']} never sent); "
            + ", ".join(f"{statuses[s]} {s}" for s in ("ok", "redirected", "broken", "unreachable"))
            + (f"; domains that do not resolve: {', '.join(gone)}" if gone else "")
            + f"; wrote {args.health}"
        ),
        file=sys.stderr,
    )
    return EXIT_OK


def _export(args: argparse.Namespace) -> int:
    """`linkroles export`: reports into Parquet tables, a partition per site."""
    from mkdocs_linkroles.org.tables import ExportError, export_reports

    if args.site and len(args.reports) > 1:
        raise _Usage("--site names the site of one report; give one report with it")
    failed: list[str] = []

    def skip(error: ReportError) -> None:
        failed.append(str(error))
        print(visible(f"linkroles: {error}; not exported"), file=sys.stderr)

    try:
        exported = export_reports(args.reports, args.to, site=args.site, on_error=skip)
    except ExportError as error:
        raise _Usage(str(error)) from None
    for site in exported if len(exported) <= EXPORT_LINES else ():
        print(
            visible(
                f"linkroles: {'replaced' if site.replaced else 'exported'} {site.site}: "
                f"{site.pages:,} pages, {site.links:,} links, {site.domains:,} domains "
                f"(site_key={site.key})"
            ),
            file=sys.stderr,
        )
    links = sum(site.links for site in exported)
    print(
        visible(
            f"linkroles: {len(exported):,} site{'s' * (len(exported) != 1)} "
            f"({links:,} links) exported into {args.to}"
        ),
        file=sys.stderr,
    )
    if failed:
        raise _Usage(
            f"{len(failed)} of {len(args.reports)} reports not exported (each named above); "
            "the others are"
        )
    return EXIT_OK


LINKS_TO_COLUMNS = ("site", "page", "line", "url", "text", "findings", "health")
DOMAINS_COLUMNS = ("domain", "sites", "pages", "links")


def _org(args: argparse.Namespace) -> int:
    """`linkroles org`: the organisation's questions, answered by DuckDB."""
    from mkdocs_linkroles.org.query import Org, OrgError
    from mkdocs_linkroles.org.site import SiteError, write_org_pages
    from mkdocs_linkroles.org.tables import ExportError
    from mkdocs_linkroles.pages.messages import Messages, catalogue_for, languages

    write = ORG_FORMATS[args.format]
    top = args.top if args.top > 0 else None
    catalogue = catalogue_for(args.language)
    if catalogue is None:
        raise _Usage(
            f"no catalogue for the language {args.language!r}; shipped: {', '.join(languages())}"
        )
    messages = Messages(catalogue)
    try:
        with Org(args.export_dir) as org:
            if args.pages is not None:
                written = write_org_pages(
                    org, args.pages, top=top, messages=messages, templates=args.templates
                )
                print(
                    visible(f"linkroles: wrote {written:,} pages into {args.pages}"),
                    file=sys.stderr,
                )
                if not args.links_to and not args.domains:
                    return EXIT_OK
            if args.links_to:
                names = list(dict.fromkeys(args.links_to))  # each once, in the order given
                rows = (row for name in names for row in org.links_to(name))
                count = write(sys.stdout, LINKS_TO_COLUMNS, rows)
                if not count:
                    print(
                        visible(f"linkroles: no exported page links to {', '.join(names)}"),
                        file=sys.stderr,
                    )
            else:
                write(sys.stdout, DOMAINS_COLUMNS, org.domains(top))
    except (OrgError, ExportError, SiteError) as error:
        raise _Usage(str(error)) from None
    return EXIT_OK


def _run(args: argparse.Namespace) -> int:
    out = sys.stdout
    if args.command == "scan":
        return _scan(args)
    if args.command == "check":
        return _check(args)
    if args.command == "export":
        return _export(args)
    if args.command == "org":
        return _org(args)
    if args.command == "summary":
        out.write(SUMMARY_FORMATS[args.format](load_report(args.report), args))
        return EXIT_OK
    if args.command == "diff":
        new = load_report(args.new)
        diff = diff_reports(load_report(args.old), new)
        out.write(DIFF_FORMATS[args.format](diff, new))
        return EXIT_ADDED if args.fail_on_new and diff.added else EXIT_OK
    if args.command == "merge":
        if len(args.reports) > MERGE_HINT:
            print(
                f"linkroles: merging {len(args.reports)} reports in memory; for many sites, "
                "`linkroles export` and `linkroles org` read them a page at a time",
                file=sys.stderr,
            )
        merged = merge_reports([load_report(path) for path in args.reports])
        write_report(args.output, merged)
        print(
            visible(
                f"linkroles: merged {len(args.reports)} reports ({merged['totals']['sites']} "
                f"sites, {merged['totals']['domains']} domains) into {args.output}"
            ),
            file=sys.stderr,
        )
        return EXIT_OK
    report = load_report(args.report)
    for url in sorted({link["url"] for _, link in iter_report_links(report)}):
        out.write(visible(url) + "\n")
    return EXIT_OK


def _scan(args: argparse.Namespace) -> int:
    """`linkroles scan`: the plugin's report (and pages) for a site already built."""
    from mkdocs_linkroles.config import validated_options
    from mkdocs_linkroles.pages.messages import SOURCE_LANGUAGE, Messages, catalogue_for
    from mkdocs_linkroles.pipeline import PREFIX, error_line
    from mkdocs_linkroles.sites.pages import Settings, load_settings
    from mkdocs_linkroles.sites.scan import progress_bar, scan_site
    from mkdocs_linkroles.sites.themed import ShellError, write_pages

    def say(level: str, message: str) -> None:
        if not message.startswith(PREFIX):  # the plugin's prefix, as in a build
            message = PREFIX + message
        print(visible(LEVEL_NAMES[level] + message), file=sys.stderr)

    if args.config is not None:
        try:
            settings = load_settings(args.config)
        except (ValueError, OSError) as error:
            raise _Usage(f"{args.config}: {error}") from None
    else:
        settings = Settings(Path("site"), None, None, "", True, None, None, {})
    site_dir = args.site_dir if args.site_dir is not None else settings.site_dir
    if not site_dir.is_dir():
        raise _Usage(f"{site_dir}: not a folder of a built site")
    try:
        options = validated_options(
            settings.options, str(args.config) if args.config is not None else None
        )
    except ValueError as error:
        raise _Usage(f"{args.config}: {error}") from None
    baseline_path = args.baseline or options.baseline
    baseline = load_report(baseline_path) if baseline_path else None
    health = None
    if options.health:
        from mkdocs_linkroles.health.file import HealthError, load_health

        root = args.config.parent if args.config is not None else Path()
        try:
            health = load_health(root / options.health, problems_only=True)
        except HealthError as error:
            raise _Usage(f"health {error}") from None
    site_url = args.site_url or settings.site_url
    try:
        result = scan_site(
            site_dir,
            site_url=site_url,
            options=options,
            docs_dir=settings.docs_dir,
            content=args.content,
            baseline=baseline,
            health=health,
            directory_urls=settings.use_directory_urls,
            site_name=settings.site_name,
            progress=progress_bar(),
        )
    except (OSError, UnicodeDecodeError, ValueError) as error:
        where = f"'{options.suffix_list}'" if options.suffix_list else "bundled with tldextract"
        raise _Usage(f"cannot read the Public Suffix List {where}: {error}") from None
    for level, message in result.messages:
        if level != "info" or args.verbose:
            say(level, message)
    if result.skipped_folders:
        say(
            "info",
            "linkroles: not read: "
            + "; ".join(f"{folder}/ ({why})" for folder, why in result.skipped_folders),
        )
    run = result.run
    written = []
    domain_urls: dict[str, str] = {}
    if args.pages:
        catalogue = catalogue_for(settings.language) or SOURCE_LANGUAGE
        try:
            pages = write_pages(
                site_dir,
                run.graph,
                options=options,
                messages=Messages(catalogue),
                use_directory_urls=settings.use_directory_urls,
                site_url=site_url,
                site_name=settings.site_name,
                content=args.content,
                shell=args.shell,
                # The audit on the pages only where the site asks: `scan` is never `serve`.
                findings=run.findings_shown(options.show_findings == "always"),
                health=run.health_shown(options.show_findings == "always"),
                repo_url=settings.repo_url,
                theme=run.theme,
            )
        except ShellError as error:
            raise _Usage(str(error)) from None
        domain_urls = pages.domain_urls
        written.append(f"{len(domain_urls) + 1} pages under {options.backlinks_dir}/")
    comparison = run.comparison()
    root = args.config.parent if args.config is not None else Path()
    docs_dir = (
        os.path.relpath(settings.docs_dir, root).replace(os.sep, "/")
        if settings.docs_dir is not None
        else None
    )
    report = options.report if args.report is None else args.report
    if report:
        pieces = run.report(**run.report_options(domain_urls, docs_dir, comparison))
        if args.report is not None and Path(args.report).is_absolute():
            write_report(args.report, pieces)  # a place the user named: theirs to choose
        else:  # inside the site, which may hold links put there to redirect the write
            _write_in_site(site_dir, str(report), pieces)
        written.append(str(report))
    for level, message in run.closing(written, comparison, detail=not args.verbose):
        say(level, message)
    if os.environ.get("GITHUB_ACTIONS") == "true":
        for annotation in run.annotations(docs_dir):
            print(annotation, flush=True)
    errors = run.errors()
    if errors:
        say("error", error_line(errors))
    return EXIT_ERRORS if errors else EXIT_OK


def _write_in_site(site_dir: Path, path: str, pieces: Iterable[str]) -> None:
    """Write the report inside the site: never through a link, nor over another file."""
    from mkdocs_linkroles.sites.files import SiteFileError, write_site_file

    data = "".join(pieces).encode("utf-8", "surrogatepass")
    try:
        write_site_file(site_dir, path, data, may_replace=_is_our_report)
    except SiteFileError as error:
        raise _Usage(str(error)) from None


def _is_our_report(existing: bytes) -> bool:
    return (
        existing.lstrip().startswith(b"{") and b'"generator": "mkdocs-linkroles' in existing[:400]
    )


class _Usage(Exception):
    """A usage problem of `scan`: one line, exit code 2."""


def run() -> None:
    """Entry point of the `linkroles` console script."""
    sys.exit(main())
