"""Audit rules: which outbound links deserve a message, and at what level.

Pure: works on classified links and plain settings. The plugin decides what a level does
(`warn` is a warning, which fails `mkdocs build --strict`; `error` fails any build).
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from fnmatch import translate

from mkdocs_linkroles.links.classify import ascii_host, mixes_scripts, unicode_host
from mkdocs_linkroles.links.records import ExternalLink, Finding, Level
from mkdocs_linkroles.reading.anchors import Section

RULES: dict[str, Level] = {
    "denied_domain": "error",
    "unlisted_domain": "warn",
    "insecure": "info",
    "credentials": "warn",
    "local_target": "warn",
    "loopback_target": "info",
    "ip_target": "info",
    "mixed_script_host": "warn",
    "opener": "info",
    "new_domain": "info",
    "unsafe_link": "error",
    "malformed_link": "warn",
    "secret_in_text": "warn",
    "unrendered_link": "warn",
    "unused_exception": "info",
    "broken_link": "warn",
    "redirected_link": "info",
    "gone_domain": "error",
}
"""Every rule with its default level. `denied_domain` and `unlisted_domain` only fire when
`deny` or `allow` is set, `new_domain` only with a `baseline`."""

RULE_SUMMARIES: dict[str, str] = {
    "denied_domain": "A link to a site on the deny list.",
    "unlisted_domain": "A link to a site that is not on the allow list.",
    "insecure": "A link over plain http:// to a public host.",
    "credentials": "A link that carries user-info or a secret.",
    "local_target": "A link to a private address or an intranet name that readers cannot reach.",
    "loopback_target": "A link to the reader's own machine (localhost), as tutorials write.",
    "ip_target": "A link to a bare public IP address.",
    "mixed_script_host": "A link to a host whose name mixes scripts (a possible homograph).",
    "opener": 'A link that opens a new window without rel="noopener".',
    "new_domain": "A link to a domain that the baseline report does not link to.",
    "unsafe_link": "A link that runs code or carries its own content (javascript:, data:).",
    "malformed_link": "A link whose URL is not valid: browsers cannot follow it.",
    "secret_in_text": "A link whose text or title shows a secret (a key, a token).",
    "unrendered_link": "Markdown link syntax left as text in the built page.",
    "unused_exception": "A data-linkroles marker, or an accept or exclude pattern, that "
    "matched no link.",
    "broken_link": "A link that answered 404, 410 or another 4xx when `linkroles check` ran.",
    "redirected_link": "A link that moved for good (301, 308): link to where it went.",
    "gone_domain": "A link to a domain whose name no longer resolves (anyone could take it).",
}
"""What each rule finds, in one sentence (SARIF's rule descriptions, the rules page)."""

DEFAULT_ACCEPT: dict[str, tuple[str, ...]] = {
    # jwt.io's debugger takes its token in the URL by design; documentation links it with
    # the public sample token (or one of its own examples).
    "credentials": ("https://jwt.io/*",),
}
"""Links accepted for a rule unless configured otherwise: added to the `accept` option."""

IGNORE_MARKER = "ignore"
"""`data-linkroles="ignore"` on a link silences every rule for that link;
`data-linkroles="ignore insecure opener"` silences only the rules named."""


class Patterns:
    """URL globs (`http://*`) and domain globs (`example.com`, `*.example.com`).

    A pattern with `://` is matched against the whole normalised URL; any other pattern
    against the host and against the registrable domain, so `example.com` covers every host
    of that domain and `*.example.com` only its subdomains. Case does not matter, and
    internationalised names match in either form.
    """

    def __init__(self, patterns: Iterable[str]) -> None:
        """Compile the patterns once."""
        self.patterns = tuple(p.strip() for p in patterns if p.strip())
        urls, hosts = [], []
        for pattern in self.patterns:
            if "://" in pattern:
                urls.append(translate(pattern.lower()))
            else:
                hosts.append(translate(_ascii_pattern(pattern)))
        self._url = re.compile("|".join(urls), re.S) if urls else None
        self._host = re.compile("|".join(hosts), re.S) if hosts else None
        self._cache: dict[tuple[str, str], str | None] = {}
        self._url_hits: set[str] = set()  # the URLs a URL pattern matched, for `unused`

    def __bool__(self) -> bool:
        """Whether any pattern is set."""
        return bool(self.patterns)

    def match(self, url: str, host: str, domain: str) -> bool:
        """Whether the link matches one of the patterns."""
        if self._host is not None:
            key = (host, domain)
            hit = self._cache.get(key)
            if hit is None:
                found = self._host.match(host) or self._host.match(domain)
                hit = self._cache[key] = "y" if found else ""
            if hit:
                return True
        if self._url is not None and self._url.match(url.lower()) is not None:
            self._url_hits.add(url.lower())
            return True
        return False

    def which(self, url: str, host: str, domain: str) -> str | None:
        """The first pattern that matches the link (as written in the options); None if none.

        For the rare links a pattern accepts: each pattern on its own.
        """
        for pattern in self.patterns:
            if "://" in pattern:
                if re.match(translate(pattern.lower()), url.lower(), re.S):
                    self._url_hits.add(url.lower())
                    return pattern
            elif host or domain:
                compiled = re.compile(translate(_ascii_pattern(pattern)), re.S)
                if compiled.match(host) or compiled.match(domain):
                    self._cache[host, domain] = "y"
                    return pattern
        return None

    def unused(self) -> list[str]:
        """The patterns that matched no link so far (each checked on what did match)."""
        hosts = [key for key, hit in self._cache.items() if hit]
        unused = []
        for pattern in self.patterns:
            if "://" in pattern:
                compiled = re.compile(translate(pattern.lower()), re.S)
                if not any(compiled.match(url) for url in self._url_hits):
                    unused.append(pattern)
            else:
                compiled = re.compile(translate(_ascii_pattern(pattern)), re.S)
                if not any(compiled.match(h) or compiled.match(d) for h, d in hosts):
                    unused.append(pattern)
        return unused


def _ascii_pattern(pattern: str) -> str:
    labels = pattern.lower().rstrip(".").split(".")
    return ".".join(
        label if "*" in label or "?" in label or "[" in label else (ascii_host(label) or label)
        for label in labels
    )


@dataclass
class Policy:
    """The rules of one build: levels, lists and baseline."""

    levels: Mapping[str, Level]
    deny: Patterns
    allow: Patterns
    baseline_domains: frozenset[str] | None = None
    """Domains of the baseline report; None without a baseline."""
    accept: Mapping[str, Patterns] = field(default_factory=dict)
    """Per rule, the links accepted for it (the `accept` option)."""
    health: LinkHealth | None = None
    """What `linkroles check` found (the `health` option); None without a health file."""

    def __post_init__(self) -> None:
        """Prepare the per-host cache."""
        self._hosts: dict[str, tuple[tuple[str, str], ...]] = {}
        self._lists = bool(self.deny or self.allow) or self.baseline_domains is not None
        self.watched: frozenset[str] = frozenset(self.health.urls) if self.health else frozenset()
        """URLs the health file found broken or moved: checked even on a clean host."""
        self.gone: frozenset[str] = (
            frozenset(self.health.gone_domains) if self.health else frozenset()
        )
        """Domains whose names no longer resolve (the health file)."""
        self.quiet_hosts: set[str] = set()
        """Hosts found clean: an https link to one, with no marker, no `target` and no
        credentials, has no findings, and `check` need not be called for it. Filled by
        `check`; stays empty while a list (`deny`, `allow`, a baseline) applies."""

    def finding(
        self,
        rule: str,
        page: str,
        href: str,
        message: str,
        *,
        marker: str = "",
        section: Section | None = None,
        line: int | None = None,
        url: str = "",
        domain: str = "",
        accepted: list[Finding] | None = None,
    ) -> list[Finding]:
        """The finding of `rule` that is not about an external link's target, as a list.

        An unsafe or malformed link, a secret in a text. Empty at level `ignore`, and for an
        accepted one (by the link's marker, or an `accept` URL pattern), which goes to
        `accepted` instead: callers add the list to theirs.
        """
        level = self.levels[rule]
        if level == "ignore":
            return []
        found = Finding(rule, level, page, section, href, domain, message, url, line)
        silenced = _silenced(marker)
        by = None
        if silenced is None or rule in silenced:
            by = f'data-linkroles="{marker}"'
        elif rule in self.accept:
            by = self.accept[rule].which(url or href, "", "")
            by = f"accept: {by}" if by is not None else None
        if by is None:
            return [found]
        if accepted is not None:
            accepted.append(replace(found, accepted_by=by))
        return []

    def check(
        self,
        page: str,
        href: str,
        marker: str,
        link: ExternalLink,
        accepted: list[Finding] | None = None,
    ) -> list[Finding]:
        """The findings of one external link (`href` as written), in the order of `RULES`.

        Findings a marker or an `accept` pattern silences go to `accepted` (for the
        report's `accepted` and SARIF's suppressions); a marker that silences nothing is an
        `unused_exception` finding.
        """
        if (
            not (marker or self._lists or link.redacted or link.target)
            and link.url[4] == "s"
            and link.url not in self.watched
            and link.domain not in self.gone
        ):
            # Most links: https, no lists to match, nothing in the attributes; only the
            # host can be at fault, and each host is judged once.
            known = self._hosts.get(link.host)
            if known is None:
                known = self._host_findings(link)
            if not known:
                self.quiet_hosts.add(link.host)
                return []
        silenced = _silenced(marker)
        found: list[tuple[str, str]] = []
        levels = self.levels
        if self.deny and self.deny.match(link.url, link.host, link.domain):
            found.append(
                (
                    "denied_domain",
                    "goes to a denied site (`deny`). Remove the link, "
                    "or take the site off `deny` if it is acceptable.",
                )
            )
        allowed = bool(self.allow) and self.allow.match(link.url, link.host, link.domain)
        if self.allow and not allowed:
            found.append(
                (
                    "unlisted_domain",
                    f"goes to {unicode_host(link.domain)}, which is "
                    "not on the `allow` list. Add it to `allow` if it is acceptable, "
                    "or remove the link.",
                )
            )
        if link.url.startswith("http:") and link.domain_kind == "name" and not _local(link):
            found.append(("insecure", "uses http://. Use https:// if the site offers it."))
        if link.redacted:
            found.append(
                (
                    "credentials",
                    f"embeds credentials ({', '.join(link.redacted)}). "
                    "Remove them from the page: the backlinks pages and the report leave "
                    "them out, but the page itself still publishes them.",
                )
            )
        found.extend(self._host_findings(link))
        if link.target.lower() == "_blank" and not {"noopener", "noreferrer"} & set(link.rel):
            found.append(
                (
                    "opener",
                    'opens a new window without rel="noopener". Add '
                    'rel="noopener" (or noreferrer), or drop target="_blank".',
                )
            )
        if (
            self.baseline_domains is not None
            and link.domain not in self.baseline_domains
            and not allowed  # listing a site in `allow` accepts it
        ):
            found.append(
                (
                    "new_domain",
                    f"goes to {unicode_host(link.domain)}, a domain the "
                    "baseline report does not link to. If it is intended, update the "
                    "baseline (or add the domain to `allow`).",
                )
            )
        if self.health is not None:
            found.extend(self.health.findings(link.url, link.domain))
        accept = self.accept
        results: list[Finding] = []
        used = False  # whether the marker silences a rule this link breaks
        for rule, message in found:
            level = levels[rule]
            if level == "ignore":
                used = used or silenced is None or rule in silenced
                continue
            finding = Finding(
                rule, level, page, link.section, href, link.domain, message, link.url, link.line
            )
            by = None
            if silenced is None or rule in silenced:
                used, by = True, f'data-linkroles="{marker}"'
            elif rule in accept:
                pattern = accept[rule].which(link.url, link.host, link.domain)
                by = f"accept: {pattern}" if pattern is not None else None
            if by is None:
                results.append(finding)
            elif accepted is not None:
                accepted.append(replace(finding, accepted_by=by))
        if (
            marker
            and not used
            and (silenced is None or silenced)
            and _is_ignore(marker)
            and not marker_problems(marker)  # a typo is a warning of its own
        ):
            results += self.finding(
                "unused_exception",
                page,
                href,
                f'has data-linkroles="{marker}", but breaks no rule it names: the marker '
                "excepts nothing. Remove it.",
                section=link.section,
                line=link.line,
                url=link.url,
                domain=link.domain,
            )
        return results

    def _host_findings(self, link: ExternalLink) -> tuple[tuple[str, str], ...]:
        known = self._hosts.get(link.host)
        if known is None:
            found = []
            if _loopback(link):
                found.append(
                    (
                        "loopback_target",
                        f"goes to {link.host}, the reader's own machine: it works only "
                        "where the reader runs that server, as a tutorial expects.",
                    )
                )
            elif _local(link):
                found.append(
                    (
                        "local_target",
                        f"goes to {link.host}, a local or private "
                        "address that readers cannot reach. Use a public address, or "
                        "write it as code instead of a link.",
                    )
                )
            elif link.domain_kind == "ip":
                found.append(
                    (
                        "ip_target",
                        f"goes to the bare IP address {link.host}. Link "
                        "to a host name, which survives a change of address.",
                    )
                )
            if mixes_scripts(link.host):
                found.append(
                    (
                        "mixed_script_host",
                        f"goes to {unicode_host(link.host)} "
                        f"({link.host}), a name that mixes scripts and can imitate "
                        "another site. Check that it is the site you mean.",
                    )
                )
            known = self._hosts[link.host] = tuple(found)
        return known


class LinkHealth:
    """The health file's answers, as the rules ask them: per URL, and per domain."""

    def __init__(
        self,
        urls: Mapping[str, tuple[str, int | None, str, str]],
        gone_domains: Mapping[str, str],
    ) -> None:
        """Keep the answers.

        `urls`: (status, code, final URL, when checked) by URL; `gone_domains`: when each
        domain that does not resolve was checked.
        """
        self.urls = urls
        self.gone_domains = gone_domains

    def findings(self, url: str, domain: str) -> list[tuple[str, str]]:
        """The health rules one link breaks, each with its message."""
        found: list[tuple[str, str]] = []
        answer = self.urls.get(url)
        if answer is not None:
            status, code, final_url, checked_at = answer
            day = checked_at[:10]
            if status == "broken":
                found.append(
                    (
                        "broken_link",
                        f"answered {code} when linkroles check asked ({day}): the page is "
                        "gone. Link to where it went, or remove the link.",
                    )
                )
            elif status == "redirected":
                found.append(
                    (
                        "redirected_link",
                        f"moved for good to {final_url} ({day}): link there instead.",
                    )
                )
        checked = self.gone_domains.get(domain)
        if checked is not None:
            found.append(
                (
                    "gone_domain",
                    f"goes to {unicode_host(domain)}, whose name no longer resolves "
                    f"({checked[:10]}): anyone could register it and serve anything to your "
                    "readers. Remove the link.",
                )
            )
        return found


def _is_ignore(marker: str) -> bool:
    return marker.split()[0] == IGNORE_MARKER if marker.strip() else False


def _silenced(marker: str) -> frozenset[str] | None:
    """Rules the link's marker silences: None for all of them."""
    if not marker:
        return frozenset()
    words = marker.split()
    if words[0] != IGNORE_MARKER:
        return frozenset()
    return frozenset(words[1:]) if len(words) > 1 else None


_LOCAL_SUFFIXES = (".localhost", ".local", ".internal", ".home.arpa", ".lan", ".test")


def _loopback(link: ExternalLink) -> bool:
    """Whether the link goes to the reader's own machine: `localhost`, a loopback address."""
    host = link.host.rstrip(".")  # `localhost.` is the same name
    if host == "localhost" or host.endswith(".localhost"):
        return True
    if link.domain_kind == "ip":
        try:
            return ipaddress.ip_address(host.strip("[]")).is_loopback
        except ValueError:
            return False
    return False


def _local(link: ExternalLink) -> bool:
    """Whether the link goes where only its own network can follow.

    Loopback, private, link-local or reserved addresses, and names that only resolve inside
    a network (`localhost`, single-label hosts, `.local`, `.internal`, ...).
    """
    if link.domain_kind == "single-label":
        return True
    if link.domain_kind == "ip":
        try:
            address = ipaddress.ip_address(link.host.strip("[]"))
        except ValueError:
            return False
        return not address.is_global
    host = link.host.rstrip(".")  # `printer.local.` is the same name
    return host == "localhost" or host.endswith(_LOCAL_SUFFIXES)


def marker_problems(marker: str) -> list[str]:
    """Rule names in an ignore marker that are not rules (a typo silences nothing)."""
    words = marker.split()
    if not words or words[0] != IGNORE_MARKER:
        return [marker] if words else []
    return [word for word in words[1:] if word not in RULES]
