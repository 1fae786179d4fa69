"""Names and addresses on the generated pages: hosts as readers know them, relative URLs.

Shared by the pages' values (`render`), their lists of linked URLs (`linked`) and the
Python that writes them (`compiled`).
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from html import escape
from typing import NamedTuple

from mkdocs_linkroles.links.classify import mixes_scripts, unicode_host


def relative_url(url: str, from_url: str) -> str:
    """`url` relative to the page at `from_url`; both relative to the site root.

    Same rules as MkDocs' own `get_relative_url`: a last component with a dot is a file.
    """
    head, _, last = from_url.rpartition("/")
    base = head if "." in last else from_url
    target = url.strip("/").split("/") if url.strip("/") else []
    origin = base.strip("/").split("/") if base.strip("/") else []
    if _UNUSUAL.intersection(target) or _UNUSUAL.intersection(origin):
        # Not a URL as MkDocs makes them: let posixpath normalise it.
        target = posixpath.normpath("/" + url).strip("/").split("/")
        origin = posixpath.normpath("/" + base).strip("/").split("/")
        target, origin = ([p for p in parts if p] for parts in (target, origin))
    # Called for every backlink of every generated page: string work only, no normpath.
    common = 0
    for mine, theirs in zip(origin, target, strict=False):  # lengths differ
        if mine != theirs:
            break
        common += 1
    relative = "/".join([".."] * (len(origin) - common) + target[common:]) or "."
    if relative == "." or relative.endswith(".."):
        return relative + "/"  # a folder: `../..#id` would work, `../../#id` reads better
    return relative + "/" if url.endswith("/") and not relative.endswith("/") else relative


_UNUSUAL = frozenset({"", ".", ".."})


def relative_urls(from_url: str) -> Callable[[str], str]:
    """`relative_url(url, from_url)` for many URLs from one page: the same results, faster.

    A domain page (`backlinks/python.org/`) links to hundreds of the site's pages, and
    shares no folder with most of them: the way there is the way up to the site root, then
    their URL, string work only, for each of thousands of backlinks.
    """
    shared = shared_base(from_url)
    if shared is None:
        return lambda url: relative_url(url, from_url)
    up, top = shared

    def relative(url: str) -> str:
        return up + url if outside(url, top) else relative_url(url, from_url)

    return relative


def shared_base(from_url: str) -> tuple[str, str] | None:
    """What the pages at `from_url`'s depth under its top folder share: `(up, top)`.

    From each of them, a URL `outside(url, top)` is `up + url` (`../../guide/`): the
    domain pages, siblings in one folder, link to most pages of the site alike. None for a
    URL as MkDocs does not make them (an empty, `.` or `..` part), or the site's root.
    """
    head, _, last = from_url.rpartition("/")
    base = (head if "." in last else from_url).strip("/")
    if not base or _UNUSUAL.intersection(base.split("/")):
        return None
    return "../" * (base.count("/") + 1), base.split("/", 1)[0]


def outside(url: str, top: str) -> bool:
    """Whether the way to `url` is the way up to the root, then `url` (see `shared_base`).

    Not for a URL in the folder `top` (there is a shorter way), nor for one as MkDocs does
    not make them (an empty, `.` or `..` part, a leading `/`), which `relative_url`
    normalises; that also catches harmless names like `.well-known`.
    """
    return not (
        url == top
        or url.startswith(top + "/")
        or "//" in url
        or "/." in url
        or url.startswith((".", "/"))
    )


class Name(NamedTuple):
    """A domain or host as the templates show it (their macro `label`)."""

    ascii: str
    """The name the links really go to, as in their URLs."""
    unicode: str
    """The name as readers know it; the same as `ascii` for most names."""
    deceptive: bool
    """The name mixes scripts, and could pass for another: its ASCII form matters."""


def name_of(host: str) -> Name:
    """A domain or host as readers know it (Unicode), with its ASCII form."""
    unicode = unicode_host(host)
    return Name(host, unicode, unicode != host and mixes_scripts(host))


def domain_label(domain: str) -> str:
    """The domain (or host) as readers know it (Unicode), escaped for HTML.

    Where its ASCII form differs, that form follows in a `<code>`: the name the link really
    goes to, and the one the URLs on the page show. Templates have the macro `label`.
    """
    name = name_of(domain)
    if name.unicode == domain:
        return escape(domain)
    title = "real name (ASCII): this name mixes scripts" if name.deceptive else "ASCII"
    return f'{escape(name.unicode)} <code title="{title}">{escape(domain)}</code>'
