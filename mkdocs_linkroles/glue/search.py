"""What the plugin tells the rest of the build: the CI step summary."""

from __future__ import annotations

from typing import Any

from mkdocs.config.defaults import MkDocsConfig

from mkdocs_linkroles.glue.log import log
from mkdocs_linkroles.reports.audit import summary_markdown


def append_step_summary(path: str, report: dict[str, Any], config: MkDocsConfig) -> None:
    """Add the build's Markdown summary to the GitHub Actions job summary."""
    text = summary_markdown(report, site=config.site_name)
    try:
        with open(path, "a", encoding="utf-8") as stream:
            stream.write(text)
    except OSError as error:
        log.warning(f"linkroles: cannot append to GITHUB_STEP_SUMMARY ({path}): {error}")
