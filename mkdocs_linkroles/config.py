"""The plugin's options. Each is public: documented here and in the README's table."""

from __future__ import annotations

import posixpath

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.base import ValidationError


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


class LinkRolesConfig(base.Config):
    """Options of the `linkroles` plugin."""

    backlinks_dir = SitePath(default="backlinks", allow_empty=False)
    """Folder, inside the site, that receives the overview (`index.md`) and one page per
    linked domain (`<domain>.md`). Generated pages never overwrite pages you wrote: a clash
    stops the build with an error."""

    pages = c.Type(bool, default=True)
    """Write the overview and the domain pages. `false` keeps the scan and the report
    (report-only, for audits)."""

    report = SitePath(default="linkroles.json", allow_empty=True)
    """Where the JSON report goes, relative to the site directory. Empty: no report."""

    internal_domains = c.ListOfItems(c.Type(str), default=[])
    """Hosts or domains whose links count as internal, with all their subdomains (for
    example your own main site next to the docs). The host of `site_url` always is."""

    suffix_list = c.Optional(c.File(exists=True))
    """A Public Suffix List file on disk (`public_suffix_list.dat`) to use instead of the
    snapshot bundled with tldextract. Relative to `mkdocs.yml`. Never downloaded."""

    overview_title = c.Type(str, default="Backlinks")
    """Title of the overview page, in the navigation and on the page."""
