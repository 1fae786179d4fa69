"""Collecting a page's links: its anchors, classified and checked, as one `PageLinks`."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import replace
from itertools import repeat

from mkdocs_linkroles.links.classify import Target, redact_href, redact_text
from mkdocs_linkroles.links.records import (
    ExternalLink,
    Finding,
    Level,
    LinkRecord,
    MalformedLink,
    PageLinks,
    PageRef,
)
from mkdocs_linkroles.links.rules import IGNORE_MARKER, RULES, Patterns, Policy, marker_problems
from mkdocs_linkroles.links.secrets import might_hold_secret
from mkdocs_linkroles.reading.anchors import Anchor, Section
from mkdocs_linkroles.safe import shorten

_new = tuple.__new__


def collect_page_links(
    page: PageRef,
    anchors: Iterable[Anchor],
    classify: Callable[[str], Target],
    *,
    policy: Policy | None = None,
    exclude: Patterns | None = None,
    lines: Iterable[int | None] | None = None,
) -> PageLinks:
    """Sort the anchors of one page into its link record.

    External links that match `exclude` are left out (and counted); the others are checked
    against the audit `policy`. `lines`: the source line of each anchor (`source_lines`).
    """
    if might_hold_secret(page.title) or might_hold_secret(page.section):
        # Titles come from the page too (front matter, its `<h1>`): the same rules as texts.
        page = replace(page, title=redact_text(page.title), section=redact_text(page.section))
    records: list[LinkRecord] = []
    positions: dict[Section, int] = {}  # the page's sections, numbered in order
    last_section: Section | None = None
    position: int | None = None
    malformed: list[MalformedLink] = []
    findings: list[Finding] = []
    accepted: list[Finding] = []
    bad_markers: list[str] = []
    other: Counter[str] = Counter()
    internal = unsafe = excluded = 0
    quiet = policy.quiet_hosts if policy is not None else set()
    watched = policy.watched if policy is not None else frozenset()
    gone = policy.gone if policy is not None else frozenset()
    append = records.append
    shown_section: Section | None = None  # `last_section`, its text's secrets hidden
    # `repeat` is endless, `lines` as long as `anchors`: zip stops with the anchors.
    for anchor, line in zip(anchors, repeat(None) if lines is None else lines, strict=False):
        href, text, title, rel, html_target, section, marker = anchor
        target = classify(href)
        kind = target.kind
        if section is not last_section:  # links under one heading share its Section
            last_section = shown_section = section
            position = None
            if section is not None:
                shown_text = redact_text(section.text)
                if shown_text != section.text:
                    shown_section = section._replace(text=shown_text)
        if kind == "external":
            _, url, _, host, domain, domain_kind, _, redacted = target
            if exclude is not None and exclude.match(url, host, domain):  # as `kept_domain`
                excluded += 1
                continue
            if shown_section is not None and position is None:
                position = positions.setdefault(shown_section, len(positions))
            # What the page shows can hold a secret too (a URL with credentials as its own
            # text): hidden by the same rules as hrefs. Most texts hold none of the characters
            # of a secret's shape (`redact_text` says which): no call for them.
            secret_in = ""
            if might_hold_secret(text):
                shown_text = redact_text(text)
                secret_in = "text" if shown_text != text else ""
                text = shown_text
            if title:
                shown_title = redact_text(title)
                if shown_title != title:
                    secret_in = f"{secret_in} and title" if secret_in else "title"
                title = shown_title
            section = shown_section
            fields = (url, host, domain, domain_kind, text, title, rel, html_target)
            append((*fields, position, redacted, line))  # type: ignore[arg-type]  # kind not ""
            if policy is not None and (
                marker
                or redacted
                or html_target
                or url[4] != "s"
                or host not in quiet
                or url in watched
                or domain in gone
            ):  # most links are to a host the policy found clean: no need to ask it again
                # Positional, through tuple.__new__ (what ExternalLink() calls): this line
                # runs once per link of the site, and keywords would double its cost.
                link = _new(ExternalLink, (*fields, section, redacted, line))
                if marker and marker_problems(marker):
                    bad_markers.append(marker)
                shown = redact_href(href) if redacted else href
                findings += policy.check(page.src_uri, shown, marker, link, accepted)
            if secret_in and policy is not None:
                findings += policy.finding(
                    "secret_in_text",
                    page.src_uri,
                    redact_href(href) if redacted else href,
                    f"shows a secret in its {secret_in}: it is left out of the backlinks pages "
                    "and the report, but the page itself still publishes it. Remove it from "
                    "the page, and revoke it.",
                    marker=marker,
                    section=section,
                    line=line,
                    url=url,
                    domain=domain,
                    accepted=accepted,
                )
        elif kind == "internal":
            internal += 1
        elif kind == "other":
            other[target.scheme] += 1
        elif kind == "unsafe":
            unsafe += 1
            if policy is not None:
                findings += policy.finding(
                    "unsafe_link",
                    page.src_uri,
                    shorten(redact_href(href), 200),
                    f"uses the {target.scheme}: scheme, which runs code or shows content of "
                    "the link's own making when a reader follows it. Remove the link, or "
                    "write it as code.",
                    marker=marker,
                    section=shown_section,
                    line=line,
                    accepted=accepted,
                )
        else:
            shown_href = redact_href(href)
            malformed.append(MalformedLink(shown_href, target.reason, shown_section, line))
            if policy is not None:
                findings += policy.finding(
                    "malformed_link",
                    page.src_uri,
                    shown_href,
                    f"is not a valid URL: {target.reason}. Fix or remove it.",
                    marker=marker,
                    section=shown_section,
                    line=line,
                    accepted=accepted,
                )
    return PageLinks(
        page=page,
        records=tuple(records),
        sections=tuple((s.id, s.text, s.level) for s in positions),
        internal=internal,
        other=tuple(sorted(other.items())),
        unsafe=unsafe,
        malformed=tuple(malformed),
        findings=tuple(findings),
        accepted=tuple(accepted),
        audited=policy is not None,
        excluded=excluded,
        bad_markers=tuple(dict.fromkeys(bad_markers)),
    )


def kept_domain(target: Target, exclude: Patterns | None) -> str | None:
    """The domain of a link the analysis keeps; None for any other link.

    A link is kept when it is external and `exclude` does not leave it out.
    The rule `collect_page_links` applies (inline there, on fields it has unpacked), and
    that `mark_links` follows, so that the links marked on a page are the links recorded.
    """
    if target.kind != "external":
        return None
    if exclude is not None and exclude.match(target.url, target.host, target.domain):
        return None
    return target.domain


def page_messages(page_links: PageLinks) -> list[tuple[Level, str]]:
    """What to tell about one page, each message with its level.

    The audit's findings at their levels (malformed links among them, or as warnings where
    no audit ran), data-linkroles markers it cannot read (`warn`). The same message is
    given once per page; each starts with the page's source path.
    """
    if not (page_links.malformed or page_links.findings or page_links.bad_markers):
        return []  # most pages: nothing to say
    src = page_links.page.src_uri
    messages: list[tuple[Level, str]] = []
    # Audited, malformed links are `malformed_link` findings (with their level): below.
    unaudited = () if page_links.audited else page_links.malformed
    for href, reason, line in dict.fromkeys((m.href, m.reason, m.line) for m in unaudited):
        shown = repr(shorten(href, 200))
        where = src if line is None else f"{src}:{line}"
        problem = f"{where}: link {shown} is not a valid URL: {reason}. Fix or remove it."
        messages.append(("warn", problem))
    for finding in dict.fromkeys(page_links.findings):
        if finding.level != "ignore":
            messages.append((finding.level, finding.describe()))
    for marker in page_links.bad_markers:
        unknown = marker_problems(marker)
        what = (
            f"names no rule: {', '.join(map(repr, unknown))}"
            if marker.split()[0] == IGNORE_MARKER
            else "is not understood"
        )
        messages.append(
            (
                "warn",
                f'{src}: data-linkroles="{marker}" {what}. Use {IGNORE_MARKER!r} alone, or '
                f"followed by rule names: {', '.join(RULES)}.",
            )
        )
    return messages
