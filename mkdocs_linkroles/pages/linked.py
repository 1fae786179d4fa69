"""A domain page's linked URLs: grouped by host and by folder or project, with their sources.

A domain page lists each of its URLs with every place on the site that links to it: on the
2,000-page benchmark site, 60,000 backlinks to 49,000 URLs in 999 pages. They are grouped
once (`url_groups`), each URL as the slice of the profile's backlinks that link to it; then
made values for the templates (`linked_hosts`, the variable `linked_hosts`), or written as
HTML straight from the backlinks (`compiled.linked_urls`) when no site replaced the
templates.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import NamedTuple
from urllib.parse import quote

from mkdocs_linkroles.links.classify import mixes_scripts, unicode_host
from mkdocs_linkroles.links.records import DomainProfile
from mkdocs_linkroles.pages.names import Name, name_of, relative_urls
from mkdocs_linkroles.reading.anchors import Section

SectionLabels = dict[Section | None, tuple[str, str]]
"""Each section of the site with the fragment of a link to it and its heading's text."""


GROUP_OPEN_LIMIT = 8
"""A group of linked URLs with more links than this starts collapsed."""
GROUPS_OPEN = 3
"""At most this many groups of a host start open (the most linked, if small enough)."""
GROUPS_SHOWN = 12
"""A host's groups listed one by one; the others follow in one collapsed line."""
CODE_HOSTS = {
    "github.com": 2,
    "gitlab.com": 2,
    "bitbucket.org": 2,
    "codeberg.org": 2,
    "gitea.com": 2,
    "git.sr.ht": 2,
    "sourceforge.net": 2,
    "launchpad.net": 1,
}
"""Hosts of code, where a URL's first path parts name a project: `/owner/repository/`
(`/projects/name/` on SourceForge). Their URLs are grouped by project, not only by the
first part of their path."""


class Source(NamedTuple):
    """Where a linked URL is linked from: a page, at a section, with its anchor text."""

    href: str
    """The page's section, relative to the domain page."""
    page: str
    """The page's title."""
    section: str
    """The heading the link stands under (not the page's own h1); empty if none."""
    text: str
    rel: str
    findings: tuple[tuple[str, str], ...]
    """The audit's (rule, level) on this link."""


class LinkedURL(NamedTuple):
    """A URL of the domain and the links to it."""

    url: str
    shown: str
    """The URL for reading: its host in Unicode, unless the name could deceive."""
    web: bool
    """An http(s) URL, made clickable; anything else is shown as code."""
    sources: list[Source]
    health: URLHealth | None = None
    """What `linkroles check` found, where the page shows the audit; None otherwise."""


class URLHealth(NamedTuple):
    """A URL's health as a domain page shows it (`linkroles check`)."""

    status: str
    """`ok`, `redirected`, `broken`, `unreachable` or `excluded`."""
    code: int | None
    final_url: str
    """Where a redirected URL went: the suggested replacement."""
    day: str
    """When it was checked (`2026-12-05`)."""


class PathGroup(NamedTuple):
    """URLs of one host that share the first part of their path (`/docs/`)."""

    path: str
    links: int
    urls: list[LinkedURL]
    collapsible: bool
    """More than one link: in a `<details>`."""
    open: bool
    """Starts open: among the first `GROUPS_OPEN` of its host, with few enough links
    (`GROUP_OPEN_LIMIT`), and not the project's own repository."""
    own: bool = False
    """The links into the site's own repository (`repo_url`, `edit_uri`)."""


class HostGroup(NamedTuple):
    """A host of the domain and its linked URLs, by path group."""

    name: Name
    links: int
    urls: int
    groups: list[PathGroup]
    """The first `GROUPS_SHOWN` groups, most linked first."""
    more_groups: list[PathGroup]
    """The others: one collapsed line on the page."""


URLSpan = tuple[str, int, int]
"""A linked URL, and where its backlinks start and end in its profile's `backlinks`."""


class SpanGroup(NamedTuple):
    """A group of a host's URLs (a `PathGroup`), each as the slice of backlinks to it."""

    path: str
    """As shown: the first part of the URLs' path, their project, or the repository's."""
    links: int
    spans: list[URLSpan]
    collapsible: bool
    open: bool
    own: bool


class SpanHost(NamedTuple):
    """A host of the domain (a `HostGroup`), with all its groups, most linked first."""

    name: Name
    links: int
    urls: int
    groups: list[SpanGroup]


class LinkedInput(NamedTuple):
    """What a domain page's list of linked URLs is made from."""

    profile: DomainProfile
    hosts: list[SpanHost]
    """The profile's URLs, grouped (`url_groups`)."""
    page_url: str
    """The domain page's URL: the sources' links are relative to it."""
    labels: SectionLabels
    """The sections' labels, made once a build (see `render_domain_page`)."""
    findings: Mapping[tuple[str, str], Sequence[tuple[str, str]]]
    """The audit's (rule, level) pairs per (page source path, URL); empty if not shown."""
    health: Mapping[str, URLHealth] | None
    """Each URL's health, where the page shows the audit."""
    heads: SourceHeads
    """The start of each source's line, made once a build (see `compiled.linked_urls`)."""


SourceHeads = dict[tuple[str, str], dict[tuple[str, Section | None], str]]
"""By the base the domain pages share (`names.shared_base`), then by page source path (one
page of the site, with its URL and title) and section: the start of a source's line, as
HTML."""


def url_groups(profile: DomainProfile, own: str | None = None) -> list[SpanHost]:
    """The profile's URLs by host and group, most linked first, each group's URLs in order.

    A group is the first part of the URLs' path, or their project on a host of code
    (`path_group`); links into the project's own repository (`own`, see
    `repository_prefix`) are one group, named as such. The profile's backlinks come sorted
    by URL: each URL's are one slice of them.
    """
    # host -> group -> the spans of its URLs
    tree: dict[str, dict[str, list[URLSpan]]] = {}
    spans: list[URLSpan] = []
    last_url: str | None = None
    start = 0
    for index, (_, link) in enumerate(profile.backlinks):
        url = link.url
        if url == last_url:  # most links of a page: one per URL
            continue
        if last_url is not None:
            spans.append((last_url, start, index))
        last_url, start = url, index
        path = path_group(url, link.host)
        if own is not None and (url == own or (url.startswith(own) and url[len(own)] in "/?#")):
            path = OWN
        spans = tree.setdefault(link.host, {}).setdefault(path, [])
    if last_url is not None:
        spans.append((last_url, start, len(profile.backlinks)))
    own_path = own[own.index("/", own.index("://") + 3) :] + "/" if own else ""
    hosts = []
    for host, groups in tree.items():
        counted = sorted(
            (
                (sum(end - begin for _, begin, end in urls), path, urls)
                for path, urls in groups.items()
            ),
            key=lambda item: (-item[0], item[1]),
        )
        host_groups = [
            SpanGroup(
                own_path if path is OWN else path,
                count,
                urls,
                len(urls) > 1 or count > 1 or path is OWN,
                index < GROUPS_OPEN and count <= GROUP_OPEN_LIMIT and path is not OWN,
                path is OWN,
            )
            for index, (count, path, urls) in enumerate(counted)
        ]
        hosts.append(
            SpanHost(
                name_of(host),
                sum(group.links for group in host_groups),
                sum(len(group.spans) for group in host_groups),
                host_groups,
            )
        )
    hosts.sort(key=lambda h: (-h.links, h.name.ascii))
    return hosts


def linked_hosts(linked: LinkedInput) -> list[HostGroup]:
    """The template variable `linked_hosts`: each URL with where it is linked from."""
    backlinks = linked.profile.backlinks
    labels, findings, health = linked.labels, linked.findings, linked.health
    to_page = relative_urls(linked.page_url)
    hrefs: dict[str, str] = {}  # page URL -> its relative href here: pages link repeatedly

    def sources(start: int, end: int, url: str) -> list[Source]:
        made = []
        for page, link in backlinks[start:end]:
            href = hrefs.get(page.url)
            if href is None:
                href = hrefs[page.url] = to_page(page.url)
            fragment_label = labels.get(link.section)
            if fragment_label is None:
                fragment_label = labels[link.section] = section_label(link.section)
            found = findings.get((page.src_uri, url)) if findings else None
            made.append(
                Source(
                    href + fragment_label[0],
                    page.title or page.src_uri,
                    fragment_label[1],
                    link.text,
                    " ".join(link.rel) if link.rel else "",
                    tuple(found) if found else (),
                )
            )
        return made

    hosts = []
    for host in linked.hosts:
        groups = [
            PathGroup(
                group.path,
                group.links,
                [
                    LinkedURL(
                        url,
                        *shown_url(url),
                        sources(start, end, url),
                        health.get(url) if health else None,
                    )
                    for url, start, end in group.spans
                ],
                group.collapsible,
                group.open,
                group.own,
            )
            for group in host.groups
        ]
        hosts.append(
            HostGroup(
                host.name, host.links, host.urls, groups[:GROUPS_SHOWN], groups[GROUPS_SHOWN:]
            )
        )
    return hosts


OWN = "\x00own"  # the group of the project's own repository (no path is this)


def repository_prefix(repo_url: str | None) -> str | None:
    """`repo_url` as the links into it start: `https://github.com/owner/repo`, or None.

    Lowercase scheme and host, no `.git`, no trailing slash; None for anything but a web
    URL with a path.
    """
    if not repo_url:
        return None
    scheme, sep, rest = repo_url.strip().partition("://")
    host, _, path = rest.partition("/")
    path = path.split("?", 1)[0].split("#", 1)[0].rstrip("/").removesuffix(".git")
    if not sep or scheme.lower() not in ("http", "https") or not host or not path:
        return None
    return f"{scheme.lower()}://{host.lower()}/{path}"


def path_group(url: str, host: str = "") -> str:
    """A web URL's group on a domain page.

    The first part of its path (`/docs/`, `/`), or on a host of code (`CODE_HOSTS`) its
    project (`/owner/repository/`).
    """
    start = url.find("/", url.find("://") + 3)
    if start < 0:
        return "/"
    parts = CODE_HOSTS.get(host, 1)
    if parts == 1:  # most hosts: quick, for every URL of every domain page
        first = _FIRST_PART.match(url, start + 1).group()  # type: ignore[union-attr]  # matches ""
        return f"/{first}/" if first else "/"
    path = url[start:].split("?", 1)[0].split("#", 1)[0]
    segments = path[1:].split("/", parts)
    if len(segments) >= parts and all(segments[:parts]):  # `/owner/repository`, and more
        return "/" + "/".join(segments[:parts]) + "/"
    first, slash, _ = path[1:].partition("/")
    return f"/{first}{slash}" if first else "/"


_FIRST_PART = re.compile(r"[^/?#]*")


def shown_url(url: str) -> tuple[str, bool]:
    """A URL for reading, and whether it is a web URL (only those are made links).

    The host is shown in Unicode, unless the name could deceive (see `names.name_of`); the
    ASCII URL stays the link's target and its `title`.
    """
    if not url.startswith(("https://", "http://")):
        return url, False
    if "xn--" in url:
        scheme, _, rest = url.partition("://")
        host, slash, path = rest.partition("/")
        if not mixes_scripts(host.split(":", 1)[0]):
            return f"{scheme}://{unicode_host(host)}{slash}{path}", True
    return url, True


def section_label(section: Section | None) -> tuple[str, str]:
    """The `#fragment` of a link to a section of a page, and the section's heading.

    The h1 is the page's own title (the navigation may name the page differently): no
    heading then.
    """
    fragment = ""
    if section is not None and section.id:
        fragment = "#" + quote(section.id, safe="-._~!$&'()*+,;=:@/?")
    text = section.text if section is not None and section.text and section.level > 1 else ""
    return fragment, text
