"""The documentation site's generated pages and report, compared byte for byte with
tests/golden/: a change that claims "same output" is proven by the suite.

After a change to the output that is meant, `make golden` rewrites the files, and the diff
of tests/golden/ shows the change for review.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from helpers import BuiltSite, build_project, copy_demo

ROOT = Path(__file__).parents[2]
DEMO = ROOT / "demo_site"
GOLDEN = Path(__file__).parents[1] / "golden"
ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.S)


@pytest.fixture(scope="module")
def docs_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    root = tmp_path_factory.mktemp("golden")
    return build_project(copy_demo(root), strict=True)


def outputs(site: BuiltSite) -> dict[str, str]:
    """What the plugin writes: the report, and the content of every generated page and of
    a page with its summary of external links (the theme around them is not ours)."""
    found = {"linkroles.json": site.file("linkroles.json")}
    for path in sorted((site.site_dir / "backlinks").glob("*.html")):
        name = f"backlinks/{path.name}"
        match = ARTICLE.search(path.read_text(encoding="utf-8"))
        assert match is not None, name
        found[name] = match.group(1).strip() + "\n"
    links = ARTICLE.search(site.file("links.html"))
    assert links is not None
    summary = links.group(1)
    found["links.html"] = (
        summary[summary.index('<h2 id="linkroles-external-links"') :].strip() + "\n"
    )
    return found


def test_generated_pages_and_report_match_the_golden_files(
    docs_site: BuiltSite, request: pytest.FixtureRequest
) -> None:
    written = outputs(docs_site)
    if request.config.getoption("--update-golden"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for name, text in written.items():
            (GOLDEN / name).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / name).write_text(text, encoding="utf-8", newline="\n")
        return
    stored = {
        path.relative_to(GOLDEN).as_posix(): path.read_text(encoding="utf-8")
        for path in GOLDEN.rglob("*")
        if path.is_file()
    }
    assert sorted(written) == sorted(stored), "pages added or removed: run `make golden`"
    changed = [name for name in written if written[name] != stored[name]]
    assert changed == [], f"output changed (run `make golden` if that is meant): {changed}"
