"""The health file: each checked URL's status, and whether each domain's name resolves.

Meant to be committed or cached in CI: `linkroles check` re-checks only what is older than
`--max-age`. Its schema is versioned like the report's (`HEALTH_SCHEMA`). It is read as
hostile input: a file that is not one gives a one-line error.

```json
{
  "schema": 1,
  "generator": "mkdocs-linkroles 0.1.0",
  "urls": {
    "https://example.org/a": {
      "status": "redirected", "code": 200, "final_url": "https://example.org/b",
      "redirects": [{"url": "https://example.org/b", "code": 301}],
      "checked_at": "2026-12-05T02:40:00Z", "details": ""
    }
  },
  "domains": {"example.org": {"resolves": true, "checked_at": "2026-12-05T02:40:00Z"}}
}
```
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Literal

from mkdocs_linkroles import __version__

HEALTH_SCHEMA = 1
Status = Literal["ok", "redirected", "broken", "unreachable", "excluded"]
STATUSES: tuple[Status, ...] = ("ok", "redirected", "broken", "unreachable", "excluded")
MAX_HEALTH_BYTES = 256 * 1024 * 1024
"""A health file bigger than this is refused: a few hundred bytes per URL is the norm."""


class HealthError(ValueError):
    """A health file that cannot be used: one line, for a message and exit code 2."""


@dataclass(frozen=True, slots=True)
class UrlHealth:
    """What checking one URL found."""

    status: Status
    code: int | None
    final_url: str
    """Where the URL ends after its redirects: the suggested replacement when it moved."""
    redirects: tuple[tuple[str, int], ...]
    """Each redirect's target URL and HTTP code, in order."""
    checked_at: str
    """When, in UTC, ISO 8601 (`2026-12-05T02:40:00Z`)."""
    details: str = ""


@dataclass(frozen=True, slots=True)
class DomainHealth:
    """Whether a domain's name resolves at all.

    A name that does not can be registered by anyone, and serve anything to the readers
    the links send (broken-link hijacking).
    """

    resolves: bool
    checked_at: str


@dataclass
class Health:
    """A health file's content."""

    urls: dict[str, UrlHealth] = field(default_factory=dict)
    domains: dict[str, DomainHealth] = field(default_factory=dict)
    ok_urls: set[str] = field(default_factory=set)
    """URLs found fine and left out of `urls` (`load_health(problems_only=True)`)."""

    def as_data(self) -> dict[str, Any]:
        """The file's JSON value, URLs and domains sorted (the same checks, the same file)."""
        return {
            "schema": HEALTH_SCHEMA,
            "generator": f"mkdocs-linkroles {__version__}",
            "urls": {url: url_data(url, h) for url, h in sorted(self.urls.items())},
            "domains": {
                domain: {"resolves": d.resolves, "checked_at": d.checked_at}
                for domain, d in sorted(self.domains.items())
            },
        }


def url_data(url: str, health: UrlHealth) -> dict[str, Any]:
    """One URL's entry in the file: `status`, `code` and `checked_at`, then the rest.

    `final_url` where it differs from the URL, `redirects` and `details` where there are
    any: a file holds tens of thousands of URLs, most of them fine.
    """
    data: dict[str, Any] = {
        "status": health.status,
        "code": health.code,
        "checked_at": health.checked_at,
    }
    if health.final_url and health.final_url != url:
        data["final_url"] = health.final_url
    if health.redirects:
        data["redirects"] = [{"url": u, "code": c} for u, c in health.redirects]
    if health.details:
        data["details"] = health.details
    return data


def now() -> str:
    """The current time in UTC, as the health file writes times."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def age_seconds(checked_at: str, at: datetime | None = None) -> float:
    """How long ago `checked_at` was; infinite for a time that cannot be read."""
    try:
        then = datetime.strptime(checked_at, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    except ValueError:
        return float("inf")
    return ((at or datetime.now(timezone.utc)) - then).total_seconds()


def load_health(path: Path, *, problems_only: bool = False) -> Health:
    """Read a health file; a missing one is empty. Raises `HealthError` with one line.

    `problems_only`: keep only the URLs that are not `ok` (what a build uses), each still
    checked; the others only by their URL, in `Health.ok_urls`.
    """
    try:
        if path.stat().st_size > MAX_HEALTH_BYTES:
            raise HealthError(f"{path}: over {MAX_HEALTH_BYTES // 2**20} MiB, not a health file")
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Health()
    except (OSError, UnicodeDecodeError) as error:
        raise HealthError(f"{path}: cannot be read ({error})") from None
    try:
        data = json.loads(text)
    except ValueError as error:
        raise HealthError(f"{path}: not JSON ({error})") from None
    if not isinstance(data, dict) or data.get("schema") != HEALTH_SCHEMA:
        raise HealthError(f"{path}: not a health file of schema {HEALTH_SCHEMA}")
    health = Health()
    urls, domains = data.get("urls"), data.get("domains")
    if not isinstance(urls, dict) or not isinstance(domains, dict):
        raise HealthError(f"{path}: 'urls' and 'domains' must be objects")
    for url, value in urls.items():
        if problems_only and isinstance(value, dict) and value.get("status") == "ok":
            health.ok_urls.add(url)
            continue
        health.urls[url] = _url_health(path, url, value)
    for domain, value in domains.items():
        if not (
            isinstance(value, dict)
            and isinstance(value.get("resolves"), bool)
            and isinstance(value.get("checked_at"), str)
        ):
            raise HealthError(f"{path}: domains.{domain[:80]!r} is not a domain's health")
        health.domains[domain] = DomainHealth(value["resolves"], value["checked_at"])
    return health


def _url_health(path: Path, url: str, value: Any) -> UrlHealth:
    where = f"{path}: urls.{url[:80]!r}"
    if not isinstance(value, dict) or value.get("status") not in STATUSES:
        raise HealthError(f"{where} has no status of {', '.join(STATUSES)}")
    code = value.get("code")
    redirects = value.get("redirects", [])
    if not (code is None or (isinstance(code, int) and not isinstance(code, bool))):
        raise HealthError(f"{where}: 'code' is not a number")
    if not isinstance(redirects, list) or not all(
        isinstance(r, dict) and isinstance(r.get("url"), str) and isinstance(r.get("code"), int)
        for r in redirects
    ):
        raise HealthError(f"{where}: 'redirects' is not a list of {{url, code}}")
    for key in ("final_url", "checked_at", "details"):
        if not isinstance(value.get(key, ""), str):
            raise HealthError(f"{where}: '{key}' is not a string")
    return UrlHealth(
        value["status"],
        code,
        value.get("final_url") or url,
        tuple((r["url"], r["code"]) for r in redirects),
        value.get("checked_at", ""),
        value.get("details", ""),
    )


def write_health(path: Path, health: Health) -> None:
    """Write the file atomically (a new file renamed into place)."""
    text = json.dumps(health.as_data(), indent=2, ensure_ascii=False) + "\n"
    folder = path.parent if str(path.parent) else Path()
    handle, temporary = tempfile.mkstemp(prefix=".linkroles-health-", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
