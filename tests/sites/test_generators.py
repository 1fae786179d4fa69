"""`linkroles scan` on sites built by each generator: MkDocs 1.6, ProperDocs, MkDocs 2.0.

Zensical has its own tests (`test_site_scan.py`, `test_way_in.py`, the browser tests).
MkDocs 2.0 cannot share an environment with MkDocs 1.6: its site is a committed fixture,
`tests/fixtures/mkdocs2/`, made by the script beside it (`make.sh`, version in `VERSION`).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import DOCS, content_regions, write_project

from mkdocs_linkroles.cli import main

FIXTURES = Path(__file__).parents[1] / "fixtures"


def test_a_site_built_by_mkdocs_2_is_read_with_its_sources(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """MkDocs 2.0 runs no plugins: `scan` is the way there (content region: `main`)."""
    assert (FIXTURES / "mkdocs2" / "VERSION").read_text().split()[-1] == "2.0.dev6"
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "mkdocs2", project, ignore=shutil.ignore_patterns("make.sh"))
    # The scan's settings: MkDocs 2.0 itself refuses a folder with a `mkdocs.yml`.
    config = project / "linkroles.yml"
    config.write_text(
        "site_name: Fixture\nsite_url: https://docs.example.com/\ndocs_dir: docs\n"
        "plugins:\n  - linkroles\n",
        encoding="utf-8",
    )
    assert main(["scan", str(project / "built"), "--config", str(config), "--pages"]) == 0
    report = json.loads((project / "built" / "linkroles.json").read_text(encoding="utf-8"))
    pages = {p["src_uri"]: p for p in report["pages"]}
    assert sorted(pages) == ["guide/install.md", "index.md"]
    assert pages["guide/install.md"]["title"] == "Install"
    assert [(link["url"], link["line"]) for link in pages["guide/install.md"]["links"]] == [
        ("https://pypi.org/project/mkdocs/", 3),
        ("http://www.mkdocs.org/about/release-notes/", 4),
        ("https://www.python.org/downloads/", 6),
    ]
    assert {d["domain"]: d["links"] for d in report["domains"]} == {
        "mkdocs.org": 2,
        "python.org": 2,
        "pypi.org": 1,
    }
    assert [(f["rule"], f["page"], f["line"]) for f in report["findings"]] == [
        ("insecure", "guide/install.md", 4)
    ]
    # Its pages in MkDocs 2.0's theme: the shell is its home page.
    page = (project / "built" / "backlinks" / "python.org" / "index.html").read_text("utf-8")
    assert "Backlinks to python.org" in page and "<main" in page
    assert "linkroles: 5 external links to 3 domains from 2 of 2 pages" in capsys.readouterr().err


@pytest.mark.parametrize("theme", ["mkdocs", "readthedocs", "material"])
def test_scanning_a_properdocs_build_gives_its_plugins_report(tmp_path: Path, theme: str) -> None:
    config = write_project(tmp_path / "p", DOCS, {"theme": {"name": theme}})
    subprocess.run(
        [sys.executable, "-m", "properdocs", "build", "--strict", "-f", str(config)],
        capture_output=True,
        check=True,
        cwd=config.parent,
    )
    built = config.parent / "site"
    site = tmp_path / "scanned"
    shutil.copytree(built, site, ignore=shutil.ignore_patterns("backlinks", "linkroles.json"))
    assert main(["scan", str(site), "--config", str(config), "--pages"]) == 0
    assert (site / "linkroles.json").read_bytes() == (built / "linkroles.json").read_bytes()
    assert content_regions(site) == content_regions(built)
