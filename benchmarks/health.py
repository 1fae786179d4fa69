"""`linkroles check` against lychee alone, on the same URLs served on loopback.

Loopback servers on 127.0.0.1 to 127.0.0.N (every 127.x address is the machine itself on
Linux) answer `200` to every path, after a short pause. A report holds `--urls` distinct
URLs spread over the hosts; `linkroles check --include-private` checks them, then lychee
alone is run on the same list with the same flags (`health.check.run_lychee`'s), and the
wall and CPU times of both are printed with their ratio (target: check at most 1.2x).

    .venv/bin/python benchmarks/health.py --urls 30000 --hosts 100
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mkdocs_linkroles.cli import main  # noqa: E402
from mkdocs_linkroles.health import check as health_check  # noqa: E402


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        time.sleep(0.002)
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_HEAD = do_GET

    def log_message(self, *args: object) -> None:
        pass


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main_benchmark() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--urls", type=int, default=30000)
    parser.add_argument("--hosts", type=int, default=100)
    parser.add_argument("--alone-first", action="store_true", help="run lychee alone first")
    args = parser.parse_args()
    servers = []
    port = 0
    for n in range(1, args.hosts + 1):
        server = ThreadingHTTPServer((f"127.0.0.{n}", port), _Handler)
        server.daemon_threads = True
        port = server.server_address[1]  # the same port on every address
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
    urls = [f"http://127.0.0.{1 + i % args.hosts}:{port}/p/{i}" for i in range(args.urls)]
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "linkroles.json"
        links: list[dict[str, object]] = [
            {
                "url": url,
                "host": url.split("/")[2].split(":")[0],
                "domain": "127.0.0.1",
                "text": "",
                "title": "",
                "rel": [],
                "target": "",
                "section": None,
            }
            for url in urls
        ]
        page = {"src_uri": "x.md", "url": "x/", "links": links}
        data = {"schema": 1, "domains": [], "pages": [page]}
        report.write_text(json.dumps(data), encoding="utf-8")
        health = Path(folder) / "health.json"
        # CPU: lychee's (a child) and this thread's, not the servers' threads.
        started, cpu = time.monotonic(), time.thread_time() + _children_cpu()
        code = main(["check", str(report), "--health", str(health), "--include-private"])
        check_wall = time.monotonic() - started
        check_cpu = time.thread_time() + _children_cpu() - cpu
        assert code == 0, code
        listing = Path(folder) / "urls.txt"
        listing.write_text("\n".join(urls) + "\n", encoding="utf-8")
        command = [
            health_check.lychee_command(),
            "--format", "json", "--output", str(Path(folder) / "alone.json"), "--verbose",
            "--no-progress", "--host-concurrency", str(health_check.HOST_CONCURRENCY),
            "--host-request-interval", health_check.HOST_INTERVAL,
            "--timeout", str(health_check.TIMEOUT), "--max-retries", "2",
            "--retry-wait-time", "2", "--user-agent", health_check.USER_AGENT,
            "--accept", "200..=299", "--no-ignore", str(listing),
        ]  # fmt: skip
        started, cpu = time.monotonic(), _children_cpu()
        subprocess.run(command, capture_output=True, check=False)
        alone_wall = time.monotonic() - started
        alone_cpu = _children_cpu() - cpu
        statuses = json.loads(health.read_text(encoding="utf-8"))["urls"]
        ok = sum(1 for value in statuses.values() if value["status"] == "ok")
    for server in servers:
        server.shutdown()
    print(f"{args.urls} URLs on {args.hosts} loopback hosts; {ok} ok")
    print(f"  linkroles check: {check_wall:7.1f} s wall, {check_cpu:6.2f} s CPU")
    print(f"  lychee alone:    {alone_wall:7.1f} s wall, {alone_cpu:6.2f} s CPU")
    ratio = check_wall / alone_wall
    verdict = "met" if ratio <= 1.2 else "NOT MET"
    print(f"  check over lychee alone: {ratio:.2f}x wall (target at most 1.2x: {verdict})")


if __name__ == "__main__":
    main_benchmark()
