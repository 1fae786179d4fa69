"""Mark external links in a page's HTML, so that a theme can style them (`mark_links`).

Pure: takes the rendered content and a function that names the domain of an external
href. Only the start tags of external links change, and only by two attributes written
right after the tag's name: a browser reads the marked page to the same tree as the page,
apart from those attributes (a property test holds it to html5lib). The start tags come
from the scanner's reading, so text that merely looks like a tag (in an attribute value,
a comment, a script) is never touched.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from mkdocs_linkroles.reading.anchors import split_ascii
from mkdocs_linkroles.reading.page import link_tags

MARK_CLASS = "linkroles-external"
"""The class added to every external link."""

DOMAIN_ATTRIBUTE = "data-linkroles-domain"
"""The attribute that names the link's registrable domain (ASCII)."""


def mark_external_links(html: str, domain_of: Callable[[str], str | None]) -> str | None:
    """Add `class="linkroles-external"` and `data-linkroles-domain` to external links.

    `domain_of(href)` gives the registrable domain of an external href (references
    decoded), or None for any other link. Links that already carry the attribute are left
    alone, so marking twice changes nothing. None when the page holds markup that only the
    exact reading reads (see `scan.link_tags`): such a page is left unmarked.
    """
    tags = link_tags(html)
    if tags is None:
        return None
    pieces: list[str] = []
    position = 0
    for name_end, attributes in tags:
        href = attributes.get("href")
        if href is None or DOMAIN_ATTRIBUTE in attributes:
            continue
        domain = domain_of(href)
        if domain is None:
            continue
        # Written first, the merged class wins over the tag's own (the first of two equal
        # attributes counts); nothing after the tag's name moves.
        classes = " ".join([*split_ascii(attributes.get("class", "")), MARK_CLASS])
        pieces.append(html[position:name_end])
        pieces.append(f' class="{escape(classes)}" {DOMAIN_ATTRIBUTE}="{escape(domain)}"')
        position = name_end
    pieces.append(html[position:])
    return "".join(pieces)
