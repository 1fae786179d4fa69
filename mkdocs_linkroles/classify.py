"""Classify an href as seen from one site: internal, external, other, unsafe or malformed.

Everything here works on plain strings, so it can be tested without building a site.
External (web) URLs come back normalised: lowercase scheme and host, host in ASCII
(IDNA) form, no default port, no user-info, secret-looking query values redacted.
"""

from __future__ import annotations

import importlib.util
import ipaddress
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal, NamedTuple
from urllib.parse import unquote, unquote_plus, urljoin

import idna

from mkdocs_linkroles.anchors import Anchor

Kind = Literal["internal", "external", "other", "unsafe", "malformed"]
DomainKind = Literal["name", "ip", "single-label"]

WEB_SCHEMES = frozenset({"http", "https"})
UNSAFE_SCHEMES = frozenset({"javascript", "data", "vbscript"})
DEFAULT_PORTS = {"http": 80, "https": 443}

SECRET_PARAMETERS = frozenset(
    {
        "access_token",
        "api-key",
        "api_key",
        "apikey",
        "auth",
        "auth_token",
        "client_secret",
        "id_token",
        "jsessionid",
        "key",
        "passwd",
        "password",
        "private_token",
        "pwd",
        "refresh_token",
        "secret",
        "session",
        "sessionid",
        "sig",
        "signature",
        "token",
        "x-amz-credential",
        "x-amz-security-token",
        "x-amz-signature",
        "x-goog-credential",
        "x-goog-signature",
    }
)
"""Query (and fragment) parameter names whose values are replaced by `REDACTED`, compared
without regard to case. Documented in the README; change only on purpose."""

REDACTED = "REDACTED"

SECRET_SHAPES: dict[str, str] = {
    "GitHub token": r"gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255}",
    "Slack webhook": r"T[A-Z0-9]{6,}/B[A-Z0-9]{6,}/[A-Za-z0-9]{16,}",
    "Slack token": r"xox[abposr]-[A-Za-z0-9-]{10,}",
    "Google API key": r"AIza[0-9A-Za-z_\-]{35}",
    "AWS access key id": r"A[KS]IA[0-9A-Z]{16}",
    "JSON Web Token": r"eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*",
}
"""Well-known shapes of secrets, replaced by `REDACTED` wherever they stand in a URL (path,
query, fragment, `;` parameters). Documented in the README; the one list of them."""

_SECRET_SHAPE = re.compile("|".join(f"(?P<s{i}>{p})" for i, p in enumerate(SECRET_SHAPES.values())))
_SHAPE_NAMES = {f"s{i}": name for i, name in enumerate(SECRET_SHAPES)}


def might_hold_secret(text: str) -> bool:
    """Whether `text` holds what every shape of `SECRET_SHAPES` starts with or contains.

    Substring tests: ten times cheaper than searching for the shapes, and most URLs hold
    none of these.
    """
    return (
        "gh" in text
        or "pat_" in text
        or "/B" in text
        or "xox" in text
        or "AIza" in text
        or "IA" in text
        or "eyJ" in text
    )


def _redact_shapes(text: str, redacted: list[str] | None = None) -> str:
    """`text` with every well-known secret shape replaced; what was found goes to `redacted`."""
    if not might_hold_secret(text):
        return text

    def hide(match: re.Match[str]) -> str:
        if redacted is not None:
            redacted.append(_SHAPE_NAMES[match.lastgroup or ""])
        return REDACTED

    return _SECRET_SHAPE.sub(hide, text)


# Browsers strip leading and trailing C0 controls and spaces, and drop tabs and newlines
# anywhere in a URL (WHATWG URL standard); so must we, or `java\nscript:` would slip through.
_C0_AND_SPACE = "".join(chr(c) for c in range(0x21))
_DROP_TAB_NEWLINE = str.maketrans("", "", "\t\n\r")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
# RFC 3986, appendix B: splits any string, never fails.
_PARTS = re.compile(r"([^:/?#]+):(//([^/?#]*))?([^?#]*)(\?[^#]*)?(#.*)?", re.DOTALL)
# An http(s) URL already in normal form, with no `=` that could carry a secret: the fast path.
_PLAIN_WEB_URL = re.compile(r"(https?)://([a-z0-9.\-]+)([/?#][!#-;?-\[\]-_a-~]*)?")
_HOST_LABEL = re.compile(r"[a-z0-9_](?:[a-z0-9_\-]{0,61}[a-z0-9_])?")
_NUMBER = re.compile(r"(0x[0-9a-f]*|[0-9]+)")


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
            parts = _PARTS.fullmatch(site_url.strip())
            if parts and parts.group(3) is not None:
                scheme = parts.group(1).lower()
                host = _split_authority(parts.group(3))[1].lower().strip("[]")
                host = ascii_host(host) or host
        domains = tuple(sorted({ascii_host(d.strip().lstrip("*.")) or d for d in internal_domains}))
        return cls(
            host=host, scheme=scheme if scheme in WEB_SCHEMES else "https", internal_domains=domains
        )

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
    build its trie of the list, 0.06 s of every build for a few dictionary lookups per host.
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
        for start in range(len(labels)):
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
    if not label.startswith("xn--"):
        return label
    try:
        return idna.decode(label)
    except (idna.IDNAError, UnicodeError):
        return label


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
        if plain is not None and (
            not might_hold_secret(href) or _SECRET_SHAPE.search(href) is None
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
                else:  # an uppercase host, or no path: `https://x.org?q` is `https://x.org/?q`
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
        host, domain_kind, problem = _parse_host(raw)
        if problem:
            return "", domain_kind, "", False  # the general path words the problem
        domain = self._registrable_domain(host) if domain_kind == "name" else host
        return sys.intern(host), domain_kind, sys.intern(domain), self.site.is_internal_host(host)


def strip_url(href: str) -> str:
    """`href` as a browser reads it: no outer spaces or controls, no tabs or newlines."""
    return href.strip(_C0_AND_SPACE).translate(_DROP_TAB_NEWLINE)


STAND_IN_ROOT = "https://site.invalid/"
"""The root of a site without `site_url`, for resolving a `<base href>` (see `rebase`)."""


def base_url(base: str, site_root: str, page_url: str) -> str:
    """The absolute URL that a page's `<base href>` sets, for the page at `page_url`.

    `site_root` is the site's `site_url` (or `STAND_IN_ROOT`), `page_url` the page's URL
    relative to it.
    """
    return urljoin(urljoin(site_root, page_url), strip_url(base).replace("\\", "/"))


def rebase(anchors: Iterable[Anchor], base: str) -> Iterator[Anchor]:
    """The anchors of a page whose `<base href>` resolves to the absolute URL `base`.

    A relative href (a path, a fragment, `//host`) leads where the base says, not where the
    page is; absolute ones stay as they are. What lands under `STAND_IN_ROOT` is a path of
    the site again.
    """
    for anchor in anchors:
        href = strip_url(anchor.href)
        if _SCHEME.match(href) is None:
            href = urljoin(base, href.replace("\\", "/"))
            if href.startswith(STAND_IN_ROOT):
                href = "/" + href[len(STAND_IN_ROOT) :]
            yield anchor._replace(href=href)
        else:
            yield anchor


def classify_url(href: str, site: Site, registrable_domain: Callable[[str], str]) -> Target:
    """Classify one href found on a page of `site` (see the README for the rules)."""
    href = href.strip(_C0_AND_SPACE).translate(_DROP_TAB_NEWLINE)
    if not href:
        return INTERNAL
    scheme_match = _SCHEME.match(href)
    if scheme_match is None:
        if href[:2] in ("//", "\\\\", "/\\", "\\/"):  # browsers read all four as `//`
            return _classify_web(f"{site.scheme}:{href}", site, registrable_domain)
        return INTERNAL
    scheme = scheme_match.group()[:-1].lower()
    if scheme in UNSAFE_SCHEMES:
        return Target("unsafe", scheme=scheme)
    if scheme not in WEB_SCHEMES:
        return Target("other", url=href, scheme=scheme)
    rest = href[scheme_match.end() :]
    if rest[:1] not in ("/", "\\"):
        # `https:path` is relative to a page of the same scheme (WHATWG URL: "special
        # relative or authority state"); under another scheme, its slashes were only left
        # out, and `http:user:pass@host` names a host with credentials.
        if scheme == site.scheme:
            return INTERNAL
        href = f"{scheme}://{rest}"
    return _classify_web(href, site, registrable_domain)


def _classify_web(href: str, site: Site, registrable_domain: Callable[[str], str]) -> Target:
    # Browsers treat backslashes as slashes before the query in http(s) URLs.
    cut = min((i for i in (href.find("?"), href.find("#")) if i >= 0), default=len(href))
    href = href[:cut].replace("\\", "/") + href[cut:]
    parts = _PARTS.fullmatch(href)
    assert parts is not None  # the pattern matches any string that has a scheme
    scheme = parts.group(1).lower()
    authority = parts.group(3)
    if authority is None:
        return Target(
            "malformed", scheme=scheme, reason="it has no host (expected 'scheme://host/')"
        )
    userinfo, raw_host, port_text = _split_authority(authority)
    if raw_host is None:
        return Target("malformed", scheme=scheme, reason="its IPv6 address has no closing ']'")
    redacted: list[str] = ["user-info"] if userinfo is not None else []

    host, domain_kind, problem = _parse_host(raw_host)
    if problem:
        return Target("malformed", scheme=scheme, reason=problem)
    if port_text and not _valid_port(port_text):
        return Target(
            "malformed",
            scheme=scheme,
            reason=f"its port {port_text[:20]!r} is not a number from 0 to 65535",
        )
    port = f":{int(port_text)}" if port_text and int(port_text) != DEFAULT_PORTS[scheme] else ""

    if site.is_internal_host(host):
        return INTERNAL
    rest = "".join(
        (
            parts.group(4) or "/",
            _redact(parts.group(5) or "", redacted, "query"),
            _redact(parts.group(6) or "", redacted, "fragment"),
        )
    )
    rest = _redact_semicolon_parameters(rest, redacted)
    rest = _redact_shapes(rest, redacted)
    if _UNSAFE_IN_URL.search(rest) is not None:
        rest = _UNSAFE_IN_URL.sub(_percent_encode, rest)
    domain = registrable_domain(host) if domain_kind == "name" else host  # IPs: their own
    return Target(
        "external",
        url=f"{scheme}://{host}{port}{rest}",
        scheme=scheme,
        host=sys.intern(host),
        domain=sys.intern(domain),
        domain_kind=domain_kind,
        redacted=tuple(redacted),
    )


def _split_authority(authority: str) -> tuple[str | None, str | None, str]:
    """`user:pw@host:port` -> (user-info or None, host or None if unparseable, port text)."""
    userinfo, at, hostport = authority.rpartition("@")
    user = userinfo if at else None
    if hostport.startswith("["):
        end = hostport.find("]")
        if end < 0:
            return user, None, ""
        host, rest = hostport[: end + 1], hostport[end + 1 :]
        # Anything but `:port` after the bracket is left to fail the port check.
        return user, host, rest[1:] if rest.startswith(":") else rest
    host, _, port = hostport.partition(":")
    return user, host, port


@lru_cache(maxsize=1 << 16)  # pure, and pages link to the same hosts again and again
def _parse_host(raw: str) -> tuple[str, DomainKind, str]:
    """Return (ASCII host, kind, problem); a problem is a sentence fragment for the user."""
    if raw.startswith("["):
        try:
            address = ipaddress.IPv6Address(raw[1:-1])
        except ValueError:
            return "", "ip", f"{_shorten(raw)} is not a valid IPv6 address"
        return f"[{address.compressed}]", "ip", ""
    if not raw:
        return "", "name", "its host is empty"
    if "%" in raw:
        try:
            if not _valid_escapes(raw):
                raise ValueError(raw)
            raw = unquote(raw, errors="strict")
        except ValueError:  # UnicodeDecodeError too
            return "", "name", f"its host {_shorten(raw)!r} has a bad percent-escape"
    host = ascii_host(raw)
    if host is None:
        return "", "name", f"its host {_shorten(raw)!r} is not a valid host name"
    if host.endswith("."):
        host = host[:-1]  # a fully qualified name: same host
    labels = host.split(".")
    if _NUMBER.fullmatch(labels[-1]):
        ipv4 = _parse_ipv4(labels)
        if ipv4 is None:
            return "", "ip", f"its host {_shorten(raw)!r} is not a valid IPv4 address"
        return ipv4, "ip", ""
    if len(host) > 253 or not all(_HOST_LABEL.fullmatch(label) for label in labels):
        return "", "name", f"its host {_shorten(raw)!r} is not a valid host name"
    return host, ("single-label" if len(labels) == 1 else "name"), ""


# Characters a browser percent-encodes in a path, query or fragment (it encodes all
# non-ASCII; we keep readable letters as written): controls, spaces of any kind, quotes,
# angle brackets, and invisible formatting characters (zero-width, bidi overrides), which
# could make a URL look like another. Encoding them keeps a recorded URL one visible token.
_UNSAFE_IN_URL = re.compile(
    r'[\x00-\x20"<>`\x7f\s\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]'
)


def _percent_encode(match: re.Match[str]) -> str:
    return "".join(f"%{byte:02X}" for byte in match.group().encode("utf-8"))


def _valid_port(text: str) -> bool:
    return text.isascii() and text.isdigit() and len(text) <= 5 and int(text) <= 65535


def _valid_escapes(text: str) -> bool:
    return all(
        len(p) >= 2 and all(c in "0123456789abcdefABCDEF" for c in p[:2])
        for p in text.split("%")[1:]
    )


def _parse_ipv4(labels: list[str]) -> str | None:
    """Parse a host the way browsers do when its last label is a number (`0x7f.1` too)."""
    if labels and labels[-1] == "" and len(labels) > 1:
        labels = labels[:-1]
    if len(labels) > 4:
        return None
    numbers = []
    for label in labels:
        if not _NUMBER.fullmatch(label):
            return None
        if label.startswith("0x"):
            numbers.append(int(label[2:] or "0", 16))
        elif len(label) > 1 and label.startswith("0"):
            if any(c in "89" for c in label):
                return None
            numbers.append(int(label, 8))
        else:
            numbers.append(int(label))
    if any(n > 255 for n in numbers[:-1]) or numbers[-1] >= 256 ** (5 - len(numbers)):
        return None
    value = numbers[-1] + sum(n << (8 * (3 - i)) for i, n in enumerate(numbers[:-1]))
    return str(ipaddress.IPv4Address(value))


def ascii_host(host: str) -> str | None:
    """Lowercase ASCII (IDNA, UTS #46) form of a host name, or None if it cannot have one."""
    if host.isascii():
        return host.lower()
    try:
        return idna.encode(host, uts46=True, transitional=False).decode("ascii")
    except (idna.IDNAError, UnicodeError, ValueError):
        return None


def unicode_host(host: str) -> str:
    """The Unicode form of an ASCII host for display (`xn--bcher-kva.de` -> `bücher.de`)."""
    if "xn--" not in host:
        return host
    try:
        return idna.decode(host)
    except (idna.IDNAError, UnicodeError, ValueError):
        return host


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


def _redact(part: str, redacted: list[str], where: str) -> str:
    """Replace the values of secret-looking parameters in a `?query` or `#fragment`."""
    if "=" not in part:
        return part
    pieces = part[1:].split("&")
    for i, piece in enumerate(pieces):
        name, eq, value = piece.partition("=")
        if eq and value and unquote_plus(name).strip().lower() in SECRET_PARAMETERS:
            pieces[i] = f"{name}={REDACTED}"
            redacted.append(f"{where} parameter {_shorten(unquote_plus(name), 40)!r}")
    return part[0] + "&".join(pieces)


_SEMICOLON_PARAMETER = re.compile(r";([^=;/?#]*)=([^;/?#]*)")


def _redact_semicolon_parameters(rest: str, redacted: list[str]) -> str:
    """Hide secret `;name=value` parameters of a path (`/x;jsessionid=...`)."""
    if ";" not in rest:
        return rest

    def hide(match: re.Match[str]) -> str:
        name = unquote_plus(match.group(1)).strip().lower()
        if name in SECRET_PARAMETERS:
            redacted.append(f"path parameter {_shorten(name, 40)!r}")
            return f";{match.group(1)}={REDACTED}"
        return match.group()

    cut = min((i for i in (rest.find("?"), rest.find("#")) if i >= 0), default=len(rest))
    return _SEMICOLON_PARAMETER.sub(hide, rest[:cut]) + rest[cut:]


def _shorten(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# User-info in every spelling a browser reads: `//`, `\\\\`, `/\\` or no slashes at all.
_USER_INFO = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*:)?([/\\]*)[^/\\?#@]*@")
_PARAMETER = re.compile(r"([?#&;])([^=&#;]*)=([^&#;]*)")


def redact_href(href: str) -> str:
    """The href as written, minus user-info and secret parameter values.

    For hrefs that cannot be parsed (malformed links), which are still shown in warnings
    and stored in the report: a best effort by pattern, on the same rules as valid URLs.
    """
    href = _USER_INFO.sub(r"\1\2***@", href.strip(_C0_AND_SPACE))
    href = _redact_shapes(href)

    def hide(match: re.Match[str]) -> str:
        name = unquote_plus(match.group(2)).strip().lower()
        return (
            f"{match.group(1)}{match.group(2)}={REDACTED}"
            if name in SECRET_PARAMETERS
            else match.group()
        )

    return _PARAMETER.sub(hide, href)
