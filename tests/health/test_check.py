"""`linkroles check` against real HTTP servers on loopback: statuses, redirects, the
cache, the per-host limit, the secrets and private targets never sent, no network."""

from __future__ import annotations

import json
import os
import threading
import time
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from helpers import BuiltSite, build_project, plugin_config, write_project

from mkdocs_linkroles.cli import main
from mkdocs_linkroles.health.check import CheckError, candidates, lychee_command
from mkdocs_linkroles.health.file import HealthError, load_health

try:
    lychee_command()
except CheckError:
    if os.environ.get("LINKROLES_REQUIRE_LYCHEE"):
        raise
    pytest.skip("lychee is not installed (pip install -e '.[health]')", allow_module_level=True)


class Server:
    """A loopback server with a route per case, counting hits and concurrent requests."""

    def __init__(self) -> None:
        self.hits: Counter[str] = Counter()
        self.busy = 0
        self.most_busy = 0
        self.lock = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                with outer.lock:
                    outer.hits[self.path] += 1
                    outer.busy += 1
                    outer.most_busy = max(outer.most_busy, outer.busy)
                try:
                    time.sleep(0.05)  # long enough for requests to overlap
                    self.route()
                finally:
                    with outer.lock:
                        outer.busy -= 1

            do_HEAD = do_GET

            def route(self) -> None:
                path = self.path
                redirects = {
                    "/moved": (301, "/ok"),
                    "/moved2": (308, "/moved"),
                    "/found": (302, "/ok"),
                }
                if path.startswith("/ok"):
                    self.reply(200)
                elif path in redirects:
                    code, target = redirects[path]
                    self.reply(code, {"Location": target})
                elif path == "/gone":
                    self.reply(410)
                elif path == "/missing":
                    self.reply(404)
                elif path == "/busy":
                    self.reply(429, {"Retry-After": "1"})
                elif path == "/down":
                    self.reply(503)
                elif path == "/slow":
                    time.sleep(3)  # longer than the test's --timeout
                    self.reply(200)
                elif path == "/hangup":  # closes the connection without an answer
                    self.close_connection = True
                    self.connection.shutdown(2)
                else:
                    self.reply(404)

            def reply(self, code: int, headers: dict[str, str] | None = None) -> None:
                self.send_response(code)
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    served = Server()
    yield served
    served.httpd.shutdown()


@pytest.fixture()
def site(tmp_path: Path, server: Server) -> BuiltSite:
    base = server.base
    links = " ".join(
        f"[{name}]({base}/{name})"
        for name in (
            "ok",
            "moved",
            "moved2",
            "found",
            "gone",
            "missing",
            "busy",
            "down",
            "slow",
            "hangup",
        )
    )
    many = " ".join(f"[p{n}]({base}/ok/{n})" for n in range(12))
    secret = f"[api]({base}/ok?token=s3cr3t)"
    docs = {"index.md": f"# Home\n\n{links}\n\n{many}\n\n{secret}\n"}
    return build_project(write_project(tmp_path, docs), allow_warnings=True)


def check(site: BuiltSite, health: Path, *args: str) -> int:
    """`linkroles check` without retries: the statuses are the same, the waits shorter."""
    report = site.site_dir / "linkroles.json"
    return main(["check", str(report), "--health", str(health), "--retries", "0", *args])


def test_each_status_is_read_from_lychee(site: BuiltSite, server: Server, tmp_path: Path) -> None:
    health_file = tmp_path / "health.json"
    assert check(site, health_file, "--include-private", "--timeout", "1") == 0
    health = load_health(health_file)
    base = server.base
    status = {url.removeprefix(base): (h.status, h.code) for url, h in health.urls.items()}
    assert status["/ok"] == ("ok", 200)
    assert status["/gone"] == ("broken", 410)
    assert status["/missing"] == ("broken", 404)
    # A 429 or a 5xx says nothing of the link: unreachable for now, never broken.
    assert status["/busy"][0] == "unreachable"
    assert status["/down"][0] == "unreachable"
    assert status["/slow"][0] == "unreachable"  # timed out
    assert status["/hangup"][0] == "unreachable"  # closed without an answer
    moved = health.urls[base + "/moved2"]
    assert moved.status == "redirected" and moved.final_url == base + "/ok"
    assert [code for _, code in moved.redirects] == [308, 301]
    # A temporary redirect is no move.
    assert health.urls[base + "/found"].status == "ok"
    assert health.domains["127.0.0.1"].resolves
    # The URL with a secret was never sent: excluded, and the server never saw it.
    [secret] = [url for url in health.urls if "token" in url]
    assert health.urls[secret].status == "excluded"
    assert not any("token" in path for path in server.hits)
    # At most two requests at a time to one host.
    assert 1 <= server.most_busy <= 2


def test_a_second_run_within_max_age_sends_nothing(
    site: BuiltSite, server: Server, tmp_path: Path
) -> None:
    health_file = tmp_path / "health.json"
    assert check(site, health_file, "--include-private") == 0
    first = health_file.read_text(encoding="utf-8")
    before = sum(server.hits.values())
    assert check(site, health_file, "--include-private") == 0
    assert sum(server.hits.values()) == before  # no request at all
    assert health_file.read_text(encoding="utf-8") == first
    assert check(site, health_file, "--include-private", "--max-age", "0") == 0
    assert sum(server.hits.values()) > before  # older than 0 s: checked again


def test_private_targets_are_never_sent_unless_asked(
    site: BuiltSite, server: Server, tmp_path: Path
) -> None:
    before = sum(server.hits.values())
    assert check(site, tmp_path / "health.json") == 0
    assert sum(server.hits.values()) == before
    health = load_health(tmp_path / "health.json")
    assert {h.status for h in health.urls.values()} == {"excluded"}


def test_no_network_is_an_error_not_a_dead_site(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docs = {"index.md": "# Home\n\n[a](http://127.0.0.1:9/a) [b](http://127.0.0.1:9/b)\n"}
    built = build_project(write_project(tmp_path / "p", docs))
    health_file = tmp_path / "health.json"
    code = main(
        ["check", str(built.site_dir / "linkroles.json"), "--health", str(health_file),
         "--include-private", "--retries", "0"]
    )  # fmt: skip
    assert code == 2
    err = capsys.readouterr().err
    assert err.startswith("linkroles: none of the 2 URLs could be reached") and "offline" in err
    assert not health_file.exists()


def test_a_health_file_that_is_not_one_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "health.json"
    bad.write_text(json.dumps({"schema": 1, "urls": {"x": {"status": "fine"}}, "domains": {}}))
    with pytest.raises(HealthError, match="has no status"):
        load_health(bad)
    report = {"pages": [{"links": [
        {"url": "https://user:***@example.org/", "host": "example.org", "domain": "example.org"},
        {"url": "https://example.org/a?key=REDACTED", "host": "example.org", "domain": "example.org"},
        {"url": "http://10.0.0.1/", "host": "10.0.0.1", "domain": "10.0.0.1"},
        {"url": "http://printer.local/", "host": "printer.local", "domain": "printer.local"},
        {"url": "https://example.org/b", "host": "example.org", "domain": "example.org"},
    ]}]}  # fmt: skip
    chosen, excluded = candidates(report, include_private=False)
    assert [c.url for c in chosen] == ["https://example.org/b"]
    assert len(excluded) == 4


def test_check_then_build_shows_the_findings(
    site: BuiltSite, server: Server, tmp_path: Path
) -> None:
    """The whole loop: build, check, build again with `health`: findings at the lines."""
    health_file = tmp_path / "p2" / "health.json"
    health_file.parent.mkdir()
    assert check(site, health_file, "--include-private") == 0
    docs = {"index.md": (site.project / "docs" / "index.md").read_text(encoding="utf-8")}
    again = build_project(
        write_project(tmp_path / "p2", docs, {"plugins": plugin_config(health="health.json")}),
        allow_warnings=True,
    )
    rules = Counter(f["rule"] for f in again.report["findings"])
    assert rules["broken_link"] == 2 and rules["redirected_link"] == 2
    assert all(f["line"] == 3 for f in again.report["findings"] if f["rule"] == "broken_link")


def test_a_domain_whose_name_does_not_resolve_is_gone() -> None:
    """Resolution is asked of the machine's resolver: injected here, so that no test asks
    a name server outside the machine."""
    from mkdocs_linkroles.health.check import check as run_check
    from mkdocs_linkroles.health.file import Health

    report = {"pages": [{"links": [
        {"url": "https://lapsed.example/x", "host": "www.lapsed.example", "domain": "lapsed.example"},
        {"url": "https://alive.example/y", "host": "alive.example", "domain": "alive.example"},
    ]}]}  # fmt: skip
    answers = {"lapsed.example": False, "www.lapsed.example": False, "alive.example": True}

    def lychee(urls: list[str]) -> dict[str, Any]:
        assert urls == ["https://alive.example/y", "https://lapsed.example/x"]
        return {"success_map": {"-": [{"url": urls[0], "status": {"code": 200}}]},
                "error_map": {"-": [{"url": urls[1], "status": {"text": "dns", "details": "dns error"}}]}}  # fmt: skip

    health, counts = run_check(
        report,
        Health(),
        max_age=0,
        include_private=True,
        lychee=lychee,
        resolve=answers.__getitem__,
    )
    assert counts == {"checked": 2, "fresh": 0, "excluded": 0}
    assert not health.domains["lapsed.example"].resolves
    assert health.domains["alive.example"].resolves
    assert health.urls["https://lapsed.example/x"].status == "unreachable"
