"""Audit rules: which outbound links deserve a message, and at what level.

Pure: works on classified links and plain settings. The plugin decides what a level does
(`warn` is a warning, which fails `mkdocs build --strict`; `error` fails any build).
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fnmatch import translate

from mkdocs_linkroles.links.classify import ascii_host, mixes_scripts, unicode_host
from mkdocs_linkroles.links.records import ExternalLink, Finding, Level

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
        return self._url is not None and self._url.match(url.lower()) is not None


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

    def __post_init__(self) -> None:
        """Prepare the per-host cache."""
        self._hosts: dict[str, tuple[tuple[str, str], ...]] = {}
        self._lists = bool(self.deny or self.allow) or self.baseline_domains is not None
        self.quiet_hosts: set[str] = set()
        """Hosts found clean: an https link to one, with no marker, no `target` and no
        credentials, has no findings, and `check` need not be called for it. Filled by
        `check`; stays empty while a list (`deny`, `allow`, a baseline) applies."""

    def check(self, page: str, href: str, marker: str, link: ExternalLink) -> list[Finding]:
        """The findings of one external link (`href` as written), in the order of `RULES`."""
        if not (marker or self._lists or link.redacted or link.target) and link.url[4] == "s":
            # Most links: https, no lists to match, nothing in the attributes; only the
            # host can be at fault, and each host is judged once.
            known = self._hosts.get(link.host)
            if known is None:
                known = self._host_findings(link)
            if not known:
                self.quiet_hosts.add(link.host)
                return []
        silenced = _silenced(marker)
        if silenced is None:
            return []
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
        accept = self.accept
        return [
            Finding(
                rule,
                levels[rule],
                page,
                link.section,
                href,
                link.domain,
                message,
                link.url,
                link.line,
            )
            for rule, message in found
            if levels[rule] != "ignore"
            and rule not in silenced
            and not (rule in accept and accept[rule].match(link.url, link.host, link.domain))
        ]

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
