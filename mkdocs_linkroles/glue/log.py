"""The plugin's messages, one line each with one prefix, safe for any terminal and log.

Also what a template's failure says, and the collector paused while records are made.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from jinja2 import TemplateError, TemplateSyntaxError
from mkdocs.exceptions import PluginError

from mkdocs_linkroles.pages.render import failed_at
from mkdocs_linkroles.pipeline import PREFIX
from mkdocs_linkroles.safe import visible

"""What every message of the plugin and of `linkroles scan` starts with."""


class Log:
    """The plugin's logger: one line a message, each starting with `PREFIX`.

    Messages carry values from pages (paths, hrefs, texts, ids, markers), which a
    contributor writes: `safe.visible` escapes their controls and invisible characters, so
    that a heading id with a newline cannot forge a log line, nor an ESC colour the
    terminal.
    """

    def __init__(self, logger: logging.Logger) -> None:
        self._logger = logger

    def _log(self, level: int, message: str, *args: Any) -> None:
        if self._logger.isEnabledFor(level):
            text = message % args if args else message
            # One prefix on every message, so that a log says whose each line is.
            if not text.startswith(PREFIX):
                text = PREFIX + text
            self._logger.log(level, "%s", visible(text))

    def debug(self, message: str, *args: Any) -> None:
        """Log at debug level (`mkdocs build -v`)."""
        self._log(logging.DEBUG, message, *args)

    def info(self, message: str, *args: Any) -> None:
        """Log at info level."""
        self._log(logging.INFO, message, *args)

    def warning(self, message: str, *args: Any) -> None:
        """Log a warning: something the user must fix (fails `--strict`)."""
        self._log(logging.WARNING, message, *args)

    def error(self, message: str, *args: Any) -> None:
        """Log an error (fails the build at its end)."""
        self._log(logging.ERROR, message, *args)


log = Log(logging.getLogger("mkdocs.plugins.linkroles"))


LEVELS = {"info": log.debug, "warn": log.warning, "error": log.error}
"""How each level of a run's messages is logged. Info findings one by one only with
`mkdocs build -v`: one line per rule sums them up at the end of the build."""


@contextmanager
def template_errors() -> Iterator[None]:
    """A template of the site's own that fails stops the build with what to fix."""
    try:
        yield
    except TemplateSyntaxError as error:
        where = error.filename or error.name or "a linkroles template"
        raise PluginError(
            visible(
                f"linkroles: the template '{where}', line {error.lineno}, cannot be read: "
                f"{error.message}. Fix it, or remove it from the theme's custom_dir to use "
                "the plugin's own."
            )
        ) from None
    except TemplateError as error:
        at = failed_at(error)
        failed = f"'{at[0]}' failed at line {at[1]}" if at else "of a generated page"
        raise PluginError(
            visible(
                f"linkroles: the template {failed}: {error}. If "
                "the theme's custom_dir has templates under 'linkroles/', check the variables "
                "they use (the documentation's 'Templates' page), or remove them to use the "
                "plugin's own."
            )
        ) from None


@contextmanager
def no_cyclic_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while the plugin makes its records and output.

    The records (a few per link) make no reference cycles, but each new one counts towards
    the collector's next pass, and every pass walks the whole build's objects again: a
    fifth of the scan's time on large sites (measured in benchmarks/). The collector runs
    again as soon as the block ends.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextmanager
def suffix_list_errors(path: str | None) -> Iterator[None]:
    """A Public Suffix List that cannot be read stops the build with which one, and why."""
    try:
        yield
    except (OSError, UnicodeDecodeError, ValueError) as error:
        where = f"'{path}'" if path else "bundled with tldextract"
        raise PluginError(
            f"linkroles: cannot read the Public Suffix List {where}: {error}"
        ) from error
