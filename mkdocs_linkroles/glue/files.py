"""The site's files as MkDocs holds them.

Where generated files go and what they would clash with, the site's language and
folders, a page's source.
"""

from __future__ import annotations

import os
import posixpath
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import ConfigurationError, PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils.yaml import yaml_load

from mkdocs_linkroles.glue.log import log
from mkdocs_linkroles.health.file import Health, HealthError, load_health


def text_of(file: File) -> str:
    """A file's text; empty when it cannot be read."""
    try:
        return file.content_string
    except (OSError, UnicodeDecodeError):
        return ""


class Destinations:
    """Where the site's files go, to find a new file that would take another's place.

    Two files clash when they have one destination, and also when one's destination is a
    folder on the way to the other's (`backlinks/python.org` as a file, and the generated
    `backlinks/python.org/index.html`): the build could write only one of them.
    """

    def __init__(self, files: Files, report: str | None) -> None:
        self._files: dict[str, str] = {}  # destination -> the source that goes there
        self._folders: dict[str, str] = {}  # folder -> a source in it
        for file in files:
            self.add(file.dest_uri, file.src_uri)
        if report is not None:
            self.add(report, f"the report {report}")

    def add(self, dest: str, src: str) -> None:
        """Note that `src` is written to `dest`."""
        self._files[dest] = src
        folder = posixpath.dirname(dest)
        while folder and folder not in self._folders:
            self._folders[folder] = src
            folder = posixpath.dirname(folder)

    def clash(self, dest: str) -> tuple[str, str | None]:
        """(where, the source it clashes with) for a new file at `dest`; (dest, None) if none."""
        if dest in self._files:
            return dest, self._files[dest]
        if dest in self._folders:
            return dest + "/", self._folders[dest]
        folder = posixpath.dirname(dest)
        while folder:
            if folder in self._files:
                return folder, self._files[folder]
            folder = posixpath.dirname(folder)
        return dest, None


def published_site_url(config: MkDocsConfig) -> str | None:
    """`site_url` as the configuration file gives it, which `mkdocs serve` replaces.

    None when the file cannot be read again or has none (the build then goes on with the
    address being served).
    """
    path = config.config_file_path
    if not path:
        return None
    try:
        with open(path, "rb") as stream:
            options = yaml_load(stream)
    except (OSError, ConfigurationError, ValueError):
        return None
    value = options.get("site_url") if isinstance(options, dict) else None
    return value if isinstance(value, str) and value.strip() else None


def site_language(config: MkDocsConfig) -> str | None:
    """The language of the pages being built.

    mkdocs-static-i18n's current one, else the theme's (Material's `language`, the built-in
    themes' `locale`).
    """
    i18n = config.plugins.get("i18n")
    language = getattr(i18n, "current_language", None)
    if language:
        return str(language)
    for option in ("language", "locale"):
        value = config.theme.get(option)
        if value:
            return str(value)
    return None


def language_folder(config: MkDocsConfig) -> str:
    """The folder of the language being built by mkdocs-static-i18n (`fr/`), if any.

    That plugin builds each language in turn, the default one at the root and the others in
    their folders; each gets its own generated pages and report, in its folder.
    """
    i18n = config.plugins.get("i18n")
    language = getattr(i18n, "current_language", None)
    default = getattr(i18n, "default_language", None)
    return f"{language}/" if language and default and language != default else ""


def source_text(page: Page, written: str | None) -> str:
    """The page's source file as written, for the line numbers of its links.

    `written`: the Markdown as the first `on_page_markdown` saw it, before any plugin or
    hook rewrote it (shortcodes, includes: they move every line after), so that a line
    points into the file a reviewer sees, as in `linkroles scan`, which reads the file. A
    link that a plugin wrote is in no line of the file: it gets none. MkDocs took the front
    matter off that text; for a page that has some, the file itself is read again.
    """
    if written is not None and not page.meta:
        return written
    try:
        return page.file.content_string
    except (OSError, UnicodeDecodeError):
        return written or page.markdown or ""


def docs_dir(config: MkDocsConfig) -> str:
    """`docs_dir`, relative to the configuration file's folder, with forward slashes."""
    root = os.path.dirname(config.config_file_path or "") or "."
    return os.path.relpath(config.docs_dir, root).replace(os.sep, "/")


def read_health(config: MkDocsConfig, option: str | None) -> Health | None:
    """The health file of the option `health`, relative to `mkdocs.yml`; None without one.

    A file not there yet is said once (run `linkroles check` to make one); a file that is
    not a health file stops the build with one line.
    """
    if not option:
        return None
    path = Path(os.path.dirname(config.config_file_path or "") or ".") / option
    if not path.is_file():
        log.info(
            f"linkroles: no health file at {path} yet: run linkroles check to make one "
            "(see Link health). Without it, no link's health is known."
        )
        return None
    try:
        return load_health(path, problems_only=True)
    except HealthError as error:
        raise PluginError(f"linkroles: health {error}") from None
