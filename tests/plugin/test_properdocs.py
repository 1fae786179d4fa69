"""The same plugin under ProperDocs, the maintained MkDocs 1.x fork, run as users run it.

ProperDocs redirects `mkdocs.*` imports to itself for the whole process, so each build
runs in its own process through the `properdocs` command line.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import mkdocs
import pytest
from helpers import DOCS, write_project


def test_the_suite_runs_on_mkdocs_1_6() -> None:
    assert mkdocs.__version__.startswith("1.6.")


@pytest.mark.parametrize("theme", ["mkdocs", "readthedocs", "material"])
def test_build_under_properdocs(tmp_path: Path, theme: str) -> None:
    config = write_project(tmp_path, DOCS, {"theme": {"name": theme}})
    result = subprocess.run(
        [sys.executable, "-m", "properdocs", "build", "--strict", "-f", str(config)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "linkroles: 7 external links to 5 domains from 2 of 2 pages" in result.stderr
    report = json.loads((tmp_path / "site" / "linkroles.json").read_text())
    assert [d["domain"] for d in report["domains"]][:1] == ["python.org"]
    page = (tmp_path / "site" / "backlinks" / "python.org" / "index.html").read_text()
    assert "Backlinks to python.org" in page
    assert "ProperDocs" in (tmp_path / "site" / "index.html").read_text()  # really ProperDocs
    # Its search's index and its sitemap leave the generated pages out, as MkDocs' do.
    index = json.loads((tmp_path / "site" / "search" / "search_index.json").read_text())
    assert index["docs"] and not any(d["location"].startswith("backlinks/") for d in index["docs"])
    assert "backlinks" not in (tmp_path / "site" / "sitemap.xml").read_text()
    assert '<meta name="robots" content="noindex">' in page


def test_properdocs_strict_mode_counts_our_warnings(tmp_path: Path) -> None:
    config = write_project(tmp_path, {"index.md": '<a href="http://[::1">x</a>'})
    result = subprocess.run(
        [sys.executable, "-m", "properdocs", "build", "--strict", "-f", str(config)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode != 0
    assert "index.md:1: link 'http://[::1' is not a valid URL" in result.stderr
    assert "Aborted with 1 warnings in strict mode!" in result.stdout + result.stderr
