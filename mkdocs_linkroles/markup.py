"""Mark external links in a page's HTML, so that a theme can style them (`mark_links`).

Pure: takes the rendered content and a function that names the domain of an external
href. Only the opening tags of external links change; everything else is kept byte for byte.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape

from mkdocs_linkroles.scan import parse_attributes

MARK_CLASS = "linkroles-external"
"""The class added to every external link."""

DOMAIN_ATTRIBUTE = "data-linkroles-domain"
"""The attribute that names the link's registrable domain (ASCII)."""

# Link tags, and the places where a tag is not a tag (comments, scripts, styles, ...).
_TAGS = re.compile(
    r"<!--.*?(?:-->|\Z)"
    r"|<(script|style|template|textarea|title)(?=[\s/>]).*?(?:</\1\s*>|\Z)"
    r"""|<(a|area)(?=[\s/>])((?:[^>"']|"[^"]*"|'[^']*')*)>""",
    re.DOTALL | re.IGNORECASE,
)


def mark_external_links(html: str, domain_of: Callable[[str], str | None]) -> str:
    """Add `class="linkroles-external"` and `data-linkroles-domain` to external links.

    `domain_of(href)` gives the registrable domain of an external href (entities decoded),
    or None for any other link. Links that already carry the attribute are left alone, so
    marking twice changes nothing.
    """

    def mark(match: re.Match[str]) -> str:
        tag = match.group(2)
        if tag is None:
            return match.group()
        attributes = parse_attributes(match.group(3))
        href = attributes.get("href")
        if href is None or DOMAIN_ATTRIBUTE in attributes:
            return match.group()
        domain = domain_of(href)
        if domain is None:
            return match.group()
        classes = attributes.get("class", "").split()
        attributes["class"] = " ".join([*classes, MARK_CLASS])
        attributes[DOMAIN_ATTRIBUTE] = domain
        rebuilt = "".join(f' {name}="{escape(value)}"' for name, value in attributes.items())
        return f"<{tag}{rebuilt}>"

    return _TAGS.sub(mark, html)
