"""`mkdocs serve` on loopback: a changed link reaches the served domain pages."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

from helpers import write_project


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, ""


def wait_for(condition: Callable[[], object], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except OSError:
            pass  # not listening yet
        time.sleep(0.3)
    raise AssertionError("timed out")


def test_serve_rebuilds_domain_pages_when_a_link_changes(tmp_path: Path) -> None:
    # The site's own published URL (`site_url`, which serve replaces) stays internal.
    config = write_project(
        tmp_path,
        {
            "index.md": "# Home\n\nSee [Python](https://www.python.org/) and "
            "[ours](https://docs.example.com/other/).\n"
        },
    )
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "-a", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    try:
        wait_for(lambda: fetch(base + "backlinks/python.org/")[0] == 200)
        assert "www.python.org" in fetch(base + "backlinks/python.org/")[1]
        assert fetch(base + "backlinks/rust-lang.org/")[0] == 404
        assert fetch(base + "backlinks/example.com/")[0] == 404, "as in the build"

        (tmp_path / "docs" / "index.md").write_text(
            "# Home\n\nSee [Rust](https://www.rust-lang.org/).\n", encoding="utf-8"
        )
        wait_for(lambda: fetch(base + "backlinks/rust-lang.org/")[0] == 200)
        assert "www.rust-lang.org" in fetch(base + "backlinks/rust-lang.org/")[1]
        # The old domain is gone from the rebuilt site and from the overview.
        assert fetch(base + "backlinks/python.org/")[0] == 404
        overview = fetch(base + "backlinks/")[1]
        assert "rust-lang.org" in overview and "python.org" not in overview
    finally:
        server.terminate()
        _, errors = server.communicate(timeout=30)
    assert "Traceback" not in errors.decode("utf-8", "replace")
