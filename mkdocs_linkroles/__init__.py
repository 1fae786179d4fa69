"""mkdocs-linkroles: every external link of a site, also seen as a backlink of the site it points to."""

from __future__ import annotations

__version__ = "0.1.0"
