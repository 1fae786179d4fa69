"""`mkdocs build`, also timing MkDocs' writing of the plugin's generated pages.

Run as `python benchmarks/timed_build.py build -f pages.yml` (MkDocs' own arguments).
Besides the build's output and the plugin's debug lines (its own timings), it writes one
line to standard error:

    linkroles-bench: MkDocs wrote 999 generated pages in 0.251 s of CPU time

MkDocs renders and writes each generated page in its page loop (the theme's template, the
page events of every plugin, the file), after the plugin's `on_env` has made them: the
plugin cannot time it from inside without a line of its own in every build. With the
plugin's own timings (its debug log: the scan, the pages, the report), it accounts for what
the generated pages cost in CPU time measured in the build's process, steadier on a noisy
machine than the difference of two whole builds. A measuring tool, not a test: it wraps
MkDocs' `_build_page`, a private function of MkDocs 1.6.
"""

from __future__ import annotations

import logging
import sys
import time
from typing import Any

from mkdocs.__main__ import cli
from mkdocs.commands import build

PLUGIN = "linkroles"


def main() -> None:
    """Run MkDocs' command line with `sys.argv`, then say what the generated pages took."""
    build_page = build._build_page
    spent = {"seconds": 0.0, "pages": 0}

    def timed(page: Any, *args: Any, **kwargs: Any) -> Any:
        if getattr(page.file, "generated_by", None) != PLUGIN:
            return build_page(page, *args, **kwargs)
        started = time.process_time()
        try:
            return build_page(page, *args, **kwargs)
        finally:
            spent["seconds"] += time.process_time() - started
            spent["pages"] += 1

    build._build_page = timed
    # The plugin's debug lines (its timings), and none of MkDocs': under `-v`, MkDocs
    # makes a debug record for each page it builds and each event it runs, filtered out or
    # not, and the generated pages took a fifth longer (0.30 s against 0.25 s here).
    logging.getLogger(f"mkdocs.plugins.{PLUGIN}").setLevel(logging.DEBUG)
    try:
        cli(sys.argv[1:], prog_name="mkdocs", standalone_mode=False)
    finally:
        print(
            f"linkroles-bench: MkDocs wrote {spent['pages']} generated pages in "
            f"{spent['seconds']:.3f} s of CPU time",
            file=sys.stderr,
            flush=True,
        )


if __name__ == "__main__":
    main()
