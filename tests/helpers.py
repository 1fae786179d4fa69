"""Test helpers: build real MkDocs sites in a temporary folder and read what they wrote.

The one module of helpers; tests import it as `from helpers import ...`.
"""

from __future__ import annotations

import json
import logging
import re
import shutil
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config
from selectolax.lexbor import LexborHTMLParser, LexborNode

from mkdocs_linkroles.sites.pages import content_region


@dataclass
class BuiltSite:
    """A built site: its folder, its report, and what the build logged."""

    project: Path
    site_dir: Path
    messages: list[logging.LogRecord] = field(default_factory=list)

    @property
    def report(self) -> dict[str, Any]:
        report: dict[str, Any] = json.loads(
            (self.site_dir / "linkroles.json").read_text(encoding="utf-8")
        )
        return report

    def file(self, path: str) -> str:
        return (self.site_dir / path).read_text(encoding="utf-8")

    def page(self, url: str) -> str:
        """The HTML written for a page URL such as `backlinks/python.org/`."""
        path = self.site_dir / url
        if url == "" or url.endswith("/"):
            path = path / "index.html"
        return path.read_text(encoding="utf-8")

    def content(self, url: str) -> str:
        """Only what the theme's content area shows (between the first <h1 and the footer)."""
        html = self.page(url)
        start = html.index("<h1")
        return html[start:]

    def warnings(self) -> list[str]:
        return [r.getMessage() for r in self.messages if r.levelno >= logging.WARNING]

    def infos(self) -> list[str]:
        return [r.getMessage() for r in self.messages if r.levelno == logging.INFO]


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def write_project(root: Path, docs: dict[str, str], config: dict[str, Any] | None = None) -> Path:
    """Write `mkdocs.yml` and the docs; return the config file's path."""
    settings: dict[str, Any] = {
        "site_name": "Test site",
        "site_url": "https://docs.example.com/",
        "theme": {"name": "mkdocs"},
        "plugins": ["search", "linkroles"],
    }
    settings.update(config or {})
    root.mkdir(parents=True, exist_ok=True)
    for name, text in docs.items():
        path = root / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    config_file = root / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    return config_file


def build_project(
    config_file: Path, *, allow_warnings: bool = False, dirty: bool = False, **overrides: Any
) -> BuiltSite:
    """Build the project with MkDocs' own build function, as `mkdocs build` does."""
    collect = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collect)
    level = logger.level
    logger.setLevel(logging.DEBUG)
    try:
        config = load_config(str(config_file), **overrides)
        build(config, dirty=dirty)
    finally:
        logger.removeHandler(collect)
        logger.setLevel(level)
    site = BuiltSite(config_file.parent, Path(config.site_dir), collect.records)
    if not allow_warnings:
        assert site.warnings() == [], "unexpected warnings"
    return site


def plugin_config(**options: Any) -> list[Any]:
    """The `plugins` list with options for linkroles."""
    return ["search", {"linkroles": options}]


def text_of(html: str) -> str:
    """Visible text of an HTML fragment, whitespace collapsed (for readable assertions)."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


DEMO = Path(__file__).parent.parent / "demo_site"
"""The documentation site, which is the demo."""


def copy_demo(root: Path) -> Path:
    """Copy the documentation site's sources, configuration and hook into `root`.

    Returns the configuration file's path.
    """
    shutil.copytree(DEMO / "docs", root / "docs")
    shutil.copy(DEMO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copy(DEMO / "hooks.py", root / "hooks.py")
    return root / "mkdocs.yml"


ENGLISH_AND_FRENCH = [
    "search",
    {
        "i18n": {
            "docs_structure": "suffix",
            "languages": [
                {"locale": "en", "default": True, "name": "English", "build": True},
                {"locale": "fr", "name": "Français", "build": True},
            ],
        }
    },
    "linkroles",
]
"""`plugins` for a site in English and French with mkdocs-static-i18n (`index.fr.md`)."""


# The site most plugin tests build: two pages, five domains, links of every kind.
DOCS = {
    "index.md": """\
        # Home

        Read [the tutorial](https://docs.python.org/3/tutorial/) and
        [Python's home](https://www.python.org/), or [our guide](guide/install.md).

        ## Friends

        [Alice](https://alice.github.io/) and [Bob](https://bob.github.io/blog/) write about
        it, and so does [the BBC](https://www.bbc.co.uk/news).
        Mail [us](mailto:docs@example.com) or [call](tel:+441234567).
        """,
    "guide/install.md": """\
        # Install

        ## Get it

        From [PyPI](https://pypi.org/project/mkdocs/) or [the docs](https://docs.python.org/3/tutorial/).
        Our [own site](https://docs.example.com/other/) is internal.
        """,
}


def _inner_html(node: LexborNode | None) -> str:
    assert node is not None and node.inner_html is not None, "no content region"
    return str(node.inner_html).strip()


def content_regions(site: Path) -> dict[str, str]:
    """Each generated page's content region, as readers see it."""
    return {
        str(path.relative_to(site)): (
            _inner_html(content_region(LexborHTMLParser(path.read_text(encoding="utf-8"))))
        )
        for path in sorted((site / "backlinks").rglob("*.html"))
    }


# Three small sites of one organisation, for `linkroles export` and `org` (tests/org/).
ORG_SITES = {
    "https://docs.example.com/": {
        "index.md": "# Home\n\n[a](https://github.com/o/r) [b](https://cdn.polyfill.io/v3/x.js)\n",
        "guide/install.md": "# Install\n\n[c](https://pypi.org/project/x/)\n\n"
        "[d](https://github.com/o/r/issues) [e](https://polyfill.io/)\n",
        "guide/use.md": "# Use\n\nNo link here.\n",
    },
    "https://api.example.com/": {
        "index.md": "# API\n\n[a](https://github.com/x) [b](https://github.com/y)\n",
        "ref.md": "# Ref\n\n[c](https://polyfill.io/v2/) [d](https://python.org/)\n",
    },
    "https://blog.example.com/": {
        "index.md": "# Blog\n\n[a](https://python.org/downloads/)\n",
    },
}
