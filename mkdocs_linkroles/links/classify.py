"""Classify an href as seen from one site: internal, external, other, unsafe or malformed.

Everything here works on plain strings, so it can be tested without building a site.
External (web) URLs come back normalised: lowercase scheme and host, host in ASCII
(IDNA) form, no default port, no user-info, secret-looking query values redacted.
"""

from __future__ import annotations

import importlib.util
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, NamedTuple

from mkdocs_linkroles.links.secrets import _SECRET_SHAPE as _SECRET_SHAPE  # the fast path's
from mkdocs_linkroles.links.secrets import (  # noqa: F401  # REDACTED and the lists: re-exported
    REDACTED,
    SECRET_PARAMETERS,
    SECRET_SHAPES,
    might_hold_secret,
    might_hold_shape,
    redact,
)
from mkdocs_linkroles.reading.anchors import Anchor
from mkdocs_linkroles.safe import shorten

Kind = Literal["internal", "external", "other", "unsafe", "malformed"]
DomainKind = Literal["name", "ip", "single-label"]

WEB_SCHEMES = frozenset({"http", "https"})
UNSAFE_SCHEMES = frozenset({"javascript", "data", "vbscript"})
DEFAULT_PORTS = {"http": 80, "https": 443}

# Browsers strip leading and trailing C0 controls and spaces, and drop tabs and newlines
# anywhere in a URL (WHATWG URL standard); so must we, or `java\nscript:` would slip through.
_C0_AND_SPACE = "".join(chr(c) for c in range(0x21))
_DROP_TAB_NEWLINE = str.maketrans("", "", "\t\n\r")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
# RFC 3986, appendix B: splits any string, never fails.
_PARTS = re.compile(r"([^:/?#]+):(//([^/?#]*))?([^?#]*)(\?[^#]*)?(#.*)?", re.DOTALL)


def _printable_except(excluded: str) -> str:
    """A character class of the printable ASCII characters, less `excluded`."""
    kept = (chr(c) for c in range(0x21, 0x7F) if chr(c) not in excluded)
    return "[" + "".join(map(re.escape, kept)) + "]"


# An http(s) URL that the WHATWG URL parser leaves as it is, with no `=` that could carry a
# secret: the fast path. Each part holds none of what the standard percent-encodes there
# (its path, special-query and fragment percent-encode sets) nor what it reads another way
# (`\\`, `?` and `#` in the path); the host is lowercase letters, digits and hyphens in
# labels that are not empty. Dot segments (`/./`, `%2e`) are ruled out in `Classifier`.
_PATH_CHAR = _printable_except('"<>\\^`{}?#=')
_QUERY_CHAR = _printable_except("\"<>#'=")
_FRAGMENT_CHAR = _printable_except('"<>`=')
_PLAIN_WEB_URL = re.compile(
    rf"(https?)://([a-z0-9\-]+(?:\.[a-z0-9\-]+)*)"
    rf"((?:/{_PATH_CHAR}*)?(?:\?{_QUERY_CHAR}*)?(?:#{_FRAGMENT_CHAR}*)?)"
)
_NUMBER = re.compile(r"(0x[0-9a-f]*|[0-9]+)")  # a label that makes a host an IPv4 address
_AUTHORITY = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[/\\]*([^/\\?#]*)")
_STAND_IN_HOST = "site.invalid"
_LDH = re.compile(r"[A-Za-z0-9\-_.]+")  # a host that is its own ASCII form, in lowercase


def _url_type() -> Callable[..., Any]:
    """ada-url's `URL`, a WHATWG URL parser, imported on first use.

    Most sites' URLs never need it (the performance page says what the import costs).
    """
    global _URL
    if _URL is None:
        from ada_url import URL

        _URL = URL
    return _URL


_URL: Callable[..., Any] | None = None


def parse_url(href: str, base: str | None = None) -> Any | None:
    """`href` parsed by the WHATWG URL standard against `base`: an `ada_url.URL`, or None.

    The one URL parser of the package: what it gives is what a browser follows.
    """
    try:
        return _url_type()(href, base)
    except ValueError:
        return None


class Target(NamedTuple):
    """What an href points to, as seen from the site that contains it.

    A NamedTuple rather than a frozen dataclass: one is made per distinct href, and it is
    three times cheaper to create.
    """

    kind: Kind
    url: str = ""
    """external: the normalised URL; other: the href as written (stripped); else empty."""
    scheme: str = ""
    host: str = ""
    """external: the ASCII host (IPv6 in brackets)."""
    domain: str = ""
    """external: the registrable domain, or the host itself for IPs and single-label hosts."""
    domain_kind: DomainKind | Literal[""] = ""
    reason: str = ""
    """malformed: what is wrong with the URL, in words a user understands."""
    redacted: tuple[str, ...] = ()
    """external: what was removed from the URL ("user-info", "query parameter 'token'")."""


INTERNAL = Target("internal")
# After a first `/`, these may make a network path `//host` (see classify_url).
_NETWORK_PATH_SECOND = "/\\\t\n\r"
_new = tuple.__new__


@dataclass(frozen=True, slots=True)
class Site:
    """The point of view: which hosts count as this site."""

    host: str = ""
    """ASCII host of `site_url`; empty when the site has no `site_url`."""
    scheme: str = "https"
    """Scheme that protocol-relative links (`//host/path`) take."""
    internal_domains: tuple[str, ...] = ()
    """Hosts or domains whose links count as internal, with all their subdomains."""

    @classmethod
    def from_url(cls, site_url: str | None, internal_domains: Iterable[str] = ()) -> Site:
        """Describe the site published at `site_url` (may be None or empty)."""
        host, scheme = "", "https"
        if site_url:
            url = parse_url(site_url.strip())
            if url is not None and url.hostname:
                scheme = url.protocol[:-1]
                host = url.hostname.strip("[]")
        domains = tuple(sorted({ascii_host(d.strip().lstrip("*.")) or d for d in internal_domains}))
        return cls(
            host=host, scheme=scheme if scheme in WEB_SCHEMES else "https", internal_domains=domains
        )

    @property
    def base(self) -> str:
        """The URL that relative hrefs resolve against, a stand-in host without `site_url`."""
        host = f"[{self.host}]" if ":" in self.host else self.host or _STAND_IN_HOST
        return f"{self.scheme}://{host}/"

    def is_internal_host(self, host: str) -> bool:
        """Whether links to `host` (ASCII, lowercase) stay within this site."""
        bare = host.strip("[]")
        if self.host and bare == self.host:
            return True
        return any(bare == d or bare.endswith("." + d) for d in self.internal_domains)


class PublicSuffixList:
    """Registrable domains from the Public Suffix List, private section included.

    Reads tldextract's bundled snapshot of the list, or a list file on disk; never the
    network, never a cache directory. The lookup is the list's own algorithm
    (publicsuffix.org/list/), checked against tldextract's on every rule of the snapshot
    in the tests: importing tldextract would import `requests` and `urllib3` with it, and
    build its trie of the list: most of the plugin's fixed cost, for a few dictionary
    lookups per host.
    """

    def __init__(self, path: str | None = None) -> None:
        """Load the bundled snapshot, or the list in the file at `path`.

        OSError if the file cannot be read, ValueError if it holds no rule.
        """
        text = Path(path or bundled_suffix_list()).read_text(encoding="utf-8")
        rules, wildcards, exceptions = set(), set(), set()
        for line in text.splitlines():
            rule = line.split(None, 1)[0].lower() if line and not line.isspace() else ""
            if not rule or rule.startswith("//"):
                continue
            if rule.startswith("!"):
                exceptions.add(rule[1:])
            elif rule.startswith("*."):
                wildcards.add(rule[2:])
            else:
                rules.add(rule)
        if not (rules or wildcards):
            raise ValueError("it holds no rules (one suffix per line, like 'co.uk')")
        self._rules = frozenset(rules)
        self._wildcards = frozenset(wildcards)
        self._exceptions = frozenset(exceptions)
        # No rule is longer than this many labels (a wildcard counts its `*`): a lookup
        # tries only the starts that could match, so a host of 40,000 dots costs what its
        # length costs, not its square.
        self._longest = max(
            [rule.count(".") + 1 for rule in rules | exceptions]
            + [rule.count(".") + 2 for rule in wildcards]
        )

    def registrable_domain(self, host: str) -> str:
        """`docs.python.org` -> `python.org`; `alice.github.io` stays itself.

        `host` is in ASCII (IDNA) form, lowercase. A host that is itself a public suffix is
        its own domain; a host under a suffix the list does not know follows the list's
        default rule (`*`): its last two labels.
        """
        labels = host.split(".")
        # The list writes internationalised suffixes in Unicode (`公司.cn`).
        keys = [_unicode_label(label) for label in labels] if "xn--" in host else labels
        suffix = self._suffix_start(keys)
        return host if suffix == 0 else ".".join(labels[suffix - 1 :])

    def _suffix_start(self, labels: list[str]) -> int:
        """Where the public suffix of `labels` starts.

        The longest matching rule wins; an exception rule (`!www.ck`) wins over the
        wildcard rule (`*.ck`) it is an exception to.
        """
        for start in range(max(0, len(labels) - self._longest), len(labels)):
            candidate = ".".join(labels[start:])
            if candidate in self._exceptions:
                return start + 1
            if candidate in self._rules:
                return start
            if start + 1 < len(labels) and ".".join(labels[start + 1 :]) in self._wildcards:
                return start
        return len(labels) - 1  # the default rule, `*`: the last label


def bundled_suffix_list() -> Path:
    """The snapshot of the Public Suffix List that tldextract ships (found, not imported)."""
    spec = importlib.util.find_spec("tldextract")
    folders = list(spec.submodule_search_locations or ()) if spec is not None else []
    for folder in folders:
        snapshot = Path(folder) / ".tld_set_snapshot"
        if snapshot.is_file():
            return snapshot
    raise OSError(
        "tldextract's bundled snapshot of it is not installed; reinstall tldextract, or "
        "set the plugin's 'suffix_list' option to a list file"
    )


def _unicode_label(label: str) -> str:
    return unicode_host(label) if label.startswith("xn--") else label


class Classifier:
    """Classify the hrefs of one site's pages, each distinct href and host only once.

    Gives the same results as `classify_url`, faster: pages repeat hrefs (a section's
    links, shared snippets), and most links are plain web URLs whose host was seen before.
    """

    CACHE_LIMIT = 8192
    """At most this many hrefs are remembered: a site of distinct links must not keep a
    second copy of them all."""

    def __init__(self, site: Site, registrable_domain: Callable[[str], str]) -> None:
        """Classify from the point of view of `site`."""
        self.site = site
        self._registrable_domain = registrable_domain
        self._targets: dict[str, Target] = {}
        # Raw host -> (ASCII host, kind, registrable domain, internal); host "" if invalid.
        self._hosts: dict[str, tuple[str, DomainKind, str, bool]] = {}

    def __call__(self, href: str) -> Target:
        """The target of `href`, as `classify_url` gives it."""
        target = self._targets.get(href)
        if target is not None:
            return target
        first = href[:1]
        if first == "#" or (first == "/" and href[1:2] not in _NETWORK_PATH_SECOND) or first == ".":
            # A fragment (every permalink) or a path: internal, and nothing to remember:
            # each heading's permalink is distinct, and would push web URLs out.
            return INTERNAL
        if len(self._targets) >= self.CACHE_LIMIT:
            self._targets.clear()
        # The fast path, in this one frame: it runs once per distinct href of the site.
        plain = _PLAIN_WEB_URL.fullmatch(href)
        if (
            plain is not None
            and "/." not in href  # a dot segment, which the parser removes
            and "%2" not in href  # ... or spelled `%2e`; `%20` and the like are rarer
            # A plain URL has no `=` (no parameter); `@` and `%` go the general way.
            and "@" not in href
            and "%" not in href
            and (not might_hold_shape(href) or _SECRET_SHAPE.search(href) is None)
        ):  # most links: nothing to strip, encode, redact or doubt
            scheme, raw_host, rest = plain.groups()
            known = self._hosts.get(raw_host)
            if known is None:
                known = self._hosts[raw_host] = self._host(raw_host)
            host, domain_kind, domain, internal = known
            if internal:
                target = INTERNAL
            elif host:
                if rest and rest[0] == "/" and host == raw_host:
                    url = href  # already normal: share the string instead of making a copy
                else:  # no path (`https://x.org?q` is `https://x.org/?q`), or an IPv4 host
                    path = rest if rest and rest[0] == "/" else "/" + (rest or "")
                    url = f"{scheme}://{host}{path}"
                # Positional, through tuple.__new__ (what Target() calls), minus a frame.
                fields = ("external", url, scheme, host, domain, domain_kind, "", ())
                target = _new(Target, fields)
        if target is None:
            target = classify_url(href, self.site, self._registrable_domain)
        self._targets[href] = target
        return target

    def clear(self) -> None:
        """Forget the hrefs seen so far (hosts are few, and stay)."""
        self._targets.clear()

    def _host(self, raw: str) -> tuple[str, DomainKind, str, bool]:
        # Lowercase letters, digits and hyphens are their own ASCII form; a host whose last
        # label is a number is an IPv4 address, and `xn--` labels must decode: the parser's.
        domain_kind: DomainKind = "single-label" if "." not in raw else "name"
        host = raw
        if "xn--" in raw or _NUMBER.fullmatch(raw.rpartition(".")[2]):
            url = parse_url(f"http://{raw}/")
            if url is None:
                return "", "name", "", False  # the general path words the problem
            host, domain_kind = _host_and_kind(url)
        domain = self._registrable_domain(host) if domain_kind == "name" else host
        return sys.intern(host), domain_kind, sys.intern(domain), self.site.is_internal_host(host)


def _host_and_kind(url: Any) -> tuple[str, DomainKind]:
    """The host of a parsed web URL, and its kind (IPv4 and IPv6 addresses are "ip")."""
    host = url.hostname
    if url.host_type:  # HostType.IPV4 or IPV6
        return host, "ip"
    return host, "single-label" if "." not in host.rstrip(".") else "name"


def strip_url(href: str) -> str:
    """`href` as a browser reads it: no outer spaces or controls, no tabs or newlines."""
    return href.strip(_C0_AND_SPACE).translate(_DROP_TAB_NEWLINE)


STAND_IN_ROOT = f"https://{_STAND_IN_HOST}/"
"""The root of a site without `site_url`, for resolving a `<base href>` (see `rebase`)."""


def base_url(base: str, site_root: str, page_url: str) -> str:
    """The absolute URL that a page's `<base href>` sets, for the page at `page_url`.

    `site_root` is the site's `site_url` (or `STAND_IN_ROOT`), `page_url` the page's URL
    relative to it. A base that does not parse leaves the page's own URL, as in browsers.
    """
    page = parse_url(page_url, site_root)
    page_href = page.href if page is not None else site_root
    resolved = parse_url(base, page_href)
    return resolved.href if resolved is not None else page_href


def rebase(anchors: Iterable[Anchor], base: str) -> Iterator[Anchor]:
    """The anchors of a page whose `<base href>` resolves to the absolute URL `base`.

    A relative href (a path, a fragment, `//host`) leads where the base says, not where the
    page is; absolute ones stay as they are. What lands under `STAND_IN_ROOT` is a path of
    the site again.
    """
    for anchor in anchors:
        href = strip_url(anchor.href)
        if _SCHEME.match(href) is None:
            resolved = parse_url(href, base)
            if resolved is None:  # left for the classifier to report
                yield anchor
                continue
            href = resolved.href
            if href.startswith(STAND_IN_ROOT):
                href = "/" + href[len(STAND_IN_ROOT) :]
            yield anchor._replace(href=href)
        else:
            yield anchor


def classify_url(href: str, site: Site, registrable_domain: Callable[[str], str]) -> Target:
    """Classify one href found on a page of `site` (see demo_site/docs/links.md).

    Web URLs are read by the WHATWG URL standard (`parse_url`), against the site's URL, as
    a browser reads them on one of its pages.
    """
    href = strip_url(href)
    if not href:
        return INTERNAL
    scheme_match = _SCHEME.match(href)
    if scheme_match is None:
        if href[:2] in ("//", "\\\\", "/\\", "\\/"):  # browsers read all four as `//`
            return _classify_web(href, site, registrable_domain)
        return INTERNAL
    scheme = scheme_match.group()[:-1].lower()
    if scheme in UNSAFE_SCHEMES:
        return Target("unsafe", scheme=scheme)
    if scheme not in WEB_SCHEMES:
        return Target("other", url=href, scheme=scheme)
    # `https:path` is relative to a page of the same scheme (the standard's "special
    # relative or authority state"); under another scheme, its slashes were only left
    # out, and `http:user:pass@host` names a host with credentials.
    return _classify_web(href, site, registrable_domain)


def _classify_web(href: str, site: Site, registrable_domain: Callable[[str], str]) -> Target:
    url = parse_url(href, site.base)
    if url is None:
        scheme = href.partition(":")[0].lower() if _SCHEME.match(href) else site.scheme
        return Target("malformed", scheme=scheme, reason=_malformed_reason(href))
    host, domain_kind = _host_and_kind(url)
    bare = host.rstrip(".")  # `example.org.` is the same site as `example.org`
    if (not site.host and bare == _STAND_IN_HOST) or site.is_internal_host(bare):
        return INTERNAL
    redacted: list[str] = []
    if url.username or url.password:
        redacted.append("user-info")
        url.username = ""
        url.password = ""
    scheme = url.protocol[:-1]
    serialized = url.href
    origin_length = len(scheme) + 3 + len(url.host)  # `https://` and the host with its port
    rest = serialized[origin_length:]
    rest = redact(rest, redacted)
    domain = registrable_domain(bare) if domain_kind == "name" and bare else host
    return Target(
        "external",
        url=serialized[:origin_length] + rest,
        scheme=scheme,
        host=sys.intern(host),
        domain=sys.intern(domain),
        domain_kind=domain_kind,
        redacted=tuple(redacted),
    )


def _split_rest(rest: str) -> tuple[str, str, str]:
    """A serialized URL's path, `?query` and `#fragment` (each maybe empty)."""
    fragment_at = rest.find("#")
    fragment = rest[fragment_at:] if fragment_at >= 0 else ""
    rest = rest[:fragment_at] if fragment_at >= 0 else rest
    query_at = rest.find("?")
    if query_at < 0:
        return rest, "", fragment
    return rest[:query_at], rest[query_at:], fragment


def _malformed_reason(href: str) -> str:
    """Why the URL parser refused a web URL, in words a user understands."""
    match = _AUTHORITY.match(href)
    authority = match.group(1) if match else href.lstrip("/\\")
    _, _, hostport = authority.rpartition("@")
    if hostport.startswith("["):
        end = hostport.find("]")
        host, port = (hostport, "") if end < 0 else (hostport[: end + 1], hostport[end + 2 :])
        if end < 0:
            return "its IPv6 address has no closing ']'"
    else:
        host, _, port = hostport.partition(":")
    if not host:
        return "it has no host (expected 'scheme://host/')"
    if port and not (port.isascii() and port.isdigit() and int(port) <= 65535):
        return f"its port {shorten(port, 20)!r} is not a number from 0 to 65535"
    if host.startswith("["):
        return f"{shorten(host, 80)} is not a valid IPv6 address"
    if _NUMBER.fullmatch(host.lower().rstrip(".").rpartition(".")[2]):
        return f"its host {shorten(host, 80)!r} is not a valid IPv4 address"
    return f"its host {shorten(host, 80)!r} is not a valid host name"


def ascii_host(host: str) -> str | None:
    """The host's ASCII form as the WHATWG URL standard makes it (IDNA by UTS #46), or None."""
    if _LDH.fullmatch(host) and "xn--" not in host and not _NUMBER.fullmatch(host[-1:]):
        return host.lower()
    url = parse_url(f"http://{host}/")
    return url.hostname if url is not None else None


def unicode_host(host: str) -> str:
    """The Unicode form of an ASCII host for display (`xn--bcher-kva.de` -> `bücher.de`)."""
    if "xn--" not in host:
        return host
    from ada_url import idna_to_unicode  # the standard's ToUnicode, as the host was parsed

    return str(idna_to_unicode(host)) or host


# Scripts that legitimately mix in one name (Japanese, Korean) count as one.
_SCRIPT_GROUPS = {"HIRAGANA": "CJK", "KATAKANA": "CJK", "HANGUL": "CJK", "HALFWIDTH": "CJK"}
# Scripts with many letters that look like Latin ones.
_LATIN_LOOKALIKES = frozenset({"CYRILLIC", "GREEK"})


def mixes_scripts(host: str) -> bool:
    """Whether the Unicode form of `host` could imitate another name.

    True when one label mixes letters of several scripts (Cyrillic `а` in `аpple.com`), or
    when a label is written in Cyrillic or Greek under an ASCII top-level domain (`аррӏе.com`),
    the cases browsers also show in ASCII. Pages then show the ASCII form too.
    """
    display = unicode_host(host)
    if display.isascii():
        return False
    labels = display.split(".")
    latin_tld = labels[-1].isascii()
    for label in labels:
        scripts = {
            _SCRIPT_GROUPS.get(name, name)
            for name in (
                unicodedata.name(ch, "UNKNOWN").split(" ", 1)[0] for ch in label if ch.isalpha()
            )
        }
        if len(scripts) > 1 or (latin_tld and scripts & _LATIN_LOOKALIKES):
            return True
    return False


def redact_text(text: str) -> str:
    """A link's text, title or label, a heading or a page title, its secrets hidden.

    `secrets.redact`: the same rules as for hrefs.
    """
    return redact(text)


def redact_href(href: str) -> str:
    """The href as written, minus user-info and secrets (`secrets.redact`).

    For hrefs that cannot be parsed (malformed links), which are still shown in warnings
    and stored in the report, and for those whose URL had a secret.
    """
    return redact(href.strip(_C0_AND_SPACE))
