"""mkdocs-linkroles: every external link of a site, seen as a backlink of its target."""

from __future__ import annotations

__version__ = "0.1.0"
