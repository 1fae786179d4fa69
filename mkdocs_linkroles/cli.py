"""The `linkroles` command: summaries, diffs, merges and URL lists of report files.

Works on reports alone, without MkDocs. Exit codes: 0 success; 1 `diff --fail-on-new`
found added links or domains; 2 a usage error or a report that cannot be read (one line on
standard error, never a traceback).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from mkdocs_linkroles import __version__
from mkdocs_linkroles.audit import (
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
from mkdocs_linkroles.report import ReportError, load_report, write_report
from mkdocs_linkroles.safe import visible

EXIT_OK, EXIT_ADDED, EXIT_USAGE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    """The command line, with `--help` on every command."""
    parser = argparse.ArgumentParser(
        prog="linkroles",
        description="Read mkdocs-linkroles reports (linkroles.json): summaries, diffs, "
        "merges, URL lists. Never touches the network.",
        epilog="Exit codes: 0 success, 1 `diff --fail-on-new` found additions, "
        "2 usage error or unreadable report.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    summary = commands.add_parser(
        "summary",
        help="totals, top domains and findings of a report",
        description="Totals, top domains and findings of a report. CSV gives one row per link.",
    )
    summary.add_argument("report", type=Path, metavar="REPORT")
    summary.add_argument("--format", choices=("text", "markdown", "csv", "json"), default="text")
    summary.add_argument("--top", type=int, default=10, help="domains to list (default 10)")

    diff = commands.add_parser(
        "diff",
        help="domains and links added and removed between two reports",
        description="Domains and links (by page and URL) added and removed from OLD to NEW.",
    )
    diff.add_argument("old", type=Path, metavar="OLD")
    diff.add_argument("new", type=Path, metavar="NEW")
    diff.add_argument("--format", choices=("text", "markdown", "json"), default="text")
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
        return _run(args)
    except ReportError as error:
        print(visible(f"linkroles: {error}"), file=sys.stderr)
        return EXIT_USAGE
    except OSError as error:
        message = f"linkroles: {error.filename or ''}: {error.strerror or error}"
        print(visible(message), file=sys.stderr)
        return EXIT_USAGE
    except Exception as error:  # a bug: still one line, and never the exit code of a finding
        message = f"linkroles: internal error ({type(error).__name__}: {error}); please report it"
        print(visible(message), file=sys.stderr)
        return EXIT_USAGE


def _run(args: argparse.Namespace) -> int:
    out = sys.stdout
    if args.command == "summary":
        report = load_report(args.report)
        if args.format == "text":
            out.write(summary_text(report, top=args.top))
        elif args.format == "markdown":
            out.write(summary_markdown(report, top=args.top))
        elif args.format == "csv":
            out.write(summary_csv(report))
        else:
            out.write(dump_json(summary_data(report, top=args.top)))
        return EXIT_OK
    if args.command == "diff":
        diff = diff_reports(load_report(args.old), load_report(args.new))
        if args.format == "text":
            out.write(diff_text(diff))
        elif args.format == "markdown":
            out.write(diff_markdown(diff))
        else:
            out.write(dump_json(diff.as_data()))
        return EXIT_ADDED if args.fail_on_new and diff.added else EXIT_OK
    if args.command == "merge":
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


def run() -> None:
    """Entry point of the `linkroles` console script."""
    sys.exit(main())
