"""The demo site in a real browser: Debian's headless Chromium, driven by Playwright.

The site is built with Material (as the demo is) and with the built-in `mkdocs` theme, and
served on loopback by a static file server, as a host would serve it. Screenshots of the
pages go to a temporary folder; `make screenshots` (which sets `LINKROLES_SCREENSHOTS`)
writes them to `demo_site/docs/assets/screenshots/`, where the README and the documentation
show them. A test run never writes into the tracked tree.

No browser is ever downloaded: the tests use the system's Chromium (`LINKROLES_CHROMIUM`, or
`chromium` on the PATH) and are skipped when there is none, unless `LINKROLES_REQUIRE_BROWSER`
is set (as `.ci/run` does), when a missing browser is a failure.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import urllib.request
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import yaml
from helpers import build_project, copy_demo, write_project

from mkdocs_linkroles.cli import main

if TYPE_CHECKING:  # imported when there is a browser to drive (below)
    from playwright.sync_api import Browser, Page

DEMO = Path(__file__).parents[2] / "demo_site"
DOC_SCREENSHOTS = DEMO / "docs" / "assets" / "screenshots"
SCREENSHOTS = (
    DOC_SCREENSHOTS
    if os.environ.get("LINKROLES_SCREENSHOTS") == "docs"
    else Path(tempfile.mkdtemp(prefix="linkroles-screenshots-"))
)
CHROMIUM = os.environ.get("LINKROLES_CHROMIUM") or shutil.which("chromium")
# Flags for a machine without a display or an open network (no background connections).
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

if CHROMIUM is None:
    if os.environ.get("LINKROLES_REQUIRE_BROWSER"):
        raise RuntimeError("LINKROLES_REQUIRE_BROWSER is set, but no chromium was found")
    pytest.skip("no chromium on this machine (apt install chromium)", allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


def build_demo(root: Path, theme: str) -> Path:
    """The demo, built with `theme` (its own theme settings for Material)."""
    copy_demo(root)
    config = yaml.safe_load((DEMO / "mkdocs.yml").read_text(encoding="utf-8"))
    if theme != "material":
        # The mkdocs theme fetches highlight.js from a CDN by default: not on loopback.
        config["theme"] = {"name": theme, "highlightjs": False}
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return build_project(root / "mkdocs.yml", strict=True).site_dir


@pytest.fixture(scope="module", params=["material", "mkdocs"])
def served(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, str]]:
    """(theme, base URL) of the demo served on loopback."""
    site = build_demo(tmp_path_factory.mktemp(request.param), request.param)
    with serve(site) as base:
        yield request.param, base


@contextlib.contextmanager
def serve(site: Path) -> Iterator[str]:
    """A built site served on loopback while the block runs: its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def open_page(browser: Browser, url: str) -> tuple[Page, list[str]]:
    """A new page at `url`, with its console errors and failed requests collected."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("requestfailed", lambda r: problems.append(f"failed: {r.url}"))
    page.goto(url, wait_until="networkidle")
    return page, problems


def test_overview_and_domain_page_work_in_a_browser(
    browser: Browser, served: tuple[str, str]
) -> None:
    theme, base = served
    page, problems = open_page(browser, base + "backlinks/index.html")
    assert page.locator("h1").first.inner_text().strip() == "Backlinks"
    table = page.locator("table").first
    assert table.is_visible()
    rows = table.locator("tbody tr")
    with urllib.request.urlopen(base + "linkroles.json") as response:
        domains = json.load(response)["domains"]
    # The domains linked more than once, most linked first; those linked once are a list
    # after the table.
    assert rows.count() == sum(1 for d in domains if d["links"] > 1)
    assert page.locator("ul.linkroles-tail li a").count() == sum(
        1 for d in domains if d["links"] == 1
    )
    assert rows.first.locator("td").first.inner_text().strip() == domains[0]["domain"]
    if theme == "material":
        page.screenshot(path=str(SCREENSHOTS / "overview.png"), full_page=False)

    # Follow a domain of the table to its page.
    rows.locator("a", has_text="python.org").first.click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("backlinks/python.org.html")
    assert page.locator("h1").first.inner_text().strip() == "Backlinks to python.org"
    assert page.locator("table").first.is_visible()
    if theme == "material":
        page.screenshot(path=str(SCREENSHOTS / "domain-page.png"), full_page=False)

    # A backlink leads to the source page, at the section that holds the link.
    backlink = page.locator("a[href*='links.html#']").first
    href = backlink.get_attribute("href")
    assert href is not None
    fragment = href.split("#", 1)[1]
    backlink.click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(f"links.html#{fragment}")
    heading = page.locator(f"[id='{fragment}']")
    assert heading.count() == 1
    top = heading.evaluate("element => element.getBoundingClientRect().top")
    assert 0 <= top < 900 / 2, top  # scrolled to: near the top of the window
    # The section really holds a link to python.org.
    section_links = page.evaluate(
        """(id) => {
            const start = document.getElementById(id);
            const links = [];
            for (let node = start.nextElementSibling; node && !/^H[1-6]$/.test(node.tagName);
                 node = node.nextElementSibling) {
                node.querySelectorAll('a[href]').forEach(a => links.push(a.href));
            }
            return links;
        }""",
        fragment,
    )
    assert any("python.org" in link for link in section_links), section_links
    assert problems == []
    page.context.close()


def test_marked_links_and_page_summary_in_a_browser(
    browser: Browser, served: tuple[str, str]
) -> None:
    _theme, base = served
    page, problems = open_page(browser, base + "links.html")
    marked = page.locator("a.linkroles-external[data-linkroles-domain='python.org']").first
    assert marked.is_visible()
    # The shipped stylesheet puts an arrow after the link.
    arrow = marked.evaluate("a => getComputedStyle(a, '::after').content")
    assert arrow == '"↗"'
    summary = page.locator("#linkroles-external-links")
    assert summary.inner_text().strip() == "External links on this page"
    page.locator("ul.linkroles-summary a", has_text="python.org").first.click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("backlinks/python.org.html")
    assert problems == []
    page.context.close()


@pytest.fixture(scope="module")
def owasp_shaped(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A generated site shaped like the OWASP Cheat Sheet Series (130 pages, a few hundred
    linked domains, most linked once), in Material, served on loopback: its base URL."""
    import sys

    sys.path.insert(0, str(Path(__file__).parents[2] / "benchmarks"))
    from sitegen import generate_site

    root = tmp_path_factory.mktemp("owasp")
    generate_site(root, pages=130, links=12, domains=460, theme="material")
    config = yaml.safe_load((root / "pages.yml").read_text(encoding="utf-8"))
    config["theme"]["font"] = False  # Material asks Google for its fonts: not on loopback
    (root / "pages.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    site = build_project(root / "pages.yml").site_dir
    with serve(site) as base:
        yield base


WIDEST = """() => {
    // Each table and list of the generated content, against the content column.
    const column = document.querySelector('.md-content__inner').getBoundingClientRect();
    const parts = document.querySelectorAll(
        '.md-content__inner table, .linkroles-urls, .linkroles-tail, .linkroles-chart');
    let widest = 0;
    parts.forEach(part => {
        const box = part.getBoundingClientRect();
        if (box.width > 0) widest = Math.max(widest, box.right - column.right);
    });
    return {widest, overflow: document.documentElement.scrollWidth - window.innerWidth};
}"""


@pytest.mark.parametrize("width", [1280, 390])
def test_generated_pages_fit_desktop_and_phone_on_a_real_sized_site(
    browser: Browser, owasp_shaped: str, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    for url in ("backlinks/", "backlinks/project0-datum.dev/"):
        page.goto(owasp_shaped + url, wait_until="networkidle")
        fit = page.evaluate(WIDEST)
        # Nothing sticks out of the content column, and the page does not scroll sideways.
        assert fit["widest"] <= 1 and fit["overflow"] <= 0, (url, width, fit)
    assert problems == []
    context.close()


def test_the_overview_finds_a_domain_by_typing_and_sorts_its_table(
    browser: Browser, owasp_shaped: str
) -> None:
    page, problems = open_page(browser, owasp_shaped + "backlinks/")
    box = page.locator("input.linkroles-filter")
    assert box.is_visible()
    rows = page.locator(".linkroles-filterable tbody tr")
    tail = page.locator("ul.linkroles-tail > li")
    total = rows.count() + tail.count()
    shown = page.locator(".linkroles-filterable tbody tr:visible").count()
    assert 0 < shown <= 25  # the most linked domains; the rest one click away
    # The box finds domains in every part, the collapsed ones and the linked-once list.
    box.fill("moon")
    visible = [
        text
        for text in page.locator(
            ".linkroles-filterable tbody tr:visible td:first-child"
        ).all_inner_texts()
    ] + page.locator("ul.linkroles-tail > li:visible").all_inner_texts()
    assert visible and all("moon" in text for text in visible), visible
    assert len(visible) < total
    assert not page.locator(".linkroles-none").is_visible()
    box.fill("no-such-domain-anywhere")
    assert page.locator(".linkroles-none").is_visible()  # says so, no empty header
    assert page.locator(".linkroles-filterable .linkroles-table:visible").count() == 0
    box.fill("")
    assert page.locator(".linkroles-filterable tbody tr:visible").count() == shown
    # Sorting by links, most first, then fewest first; by domain, A to Z first.
    table = page.locator(".linkroles-filterable table").first
    first_rows = table.locator("tbody tr")
    links = table.get_by_role("button", name="Links", exact=True)
    links.click()
    counts = [int(t) for t in first_rows.locator("td:nth-child(2)").all_inner_texts()]
    assert counts == sorted(counts, reverse=True)
    links.click()
    counts = [int(t) for t in first_rows.locator("td:nth-child(2)").all_inner_texts()]
    assert counts == sorted(counts)
    table.get_by_role("button", name="Domain", exact=True).click()
    names = first_rows.locator("td:first-child").all_inner_texts()
    assert names == sorted(names, key=str.lower), names
    assert problems == []


@pytest.fixture(scope="module", params=["ar", "ja"])
def in_language(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, str]]:
    """(language, base URL) of the OWASP-shaped site built in Material in a right-to-left
    language (Arabic) and in a CJK one (Japanese), served on loopback."""
    import sys

    sys.path.insert(0, str(Path(__file__).parents[2] / "benchmarks"))
    from sitegen import generate_site

    root = tmp_path_factory.mktemp(f"language-{request.param}")
    generate_site(root, pages=40, links=12, domains=120, theme="material")
    config = yaml.safe_load((root / "pages.yml").read_text(encoding="utf-8"))
    config["theme"].update(font=False, language=request.param)
    (root / "pages.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    site = build_project(root / "pages.yml").site_dir
    with serve(site) as base:
        yield request.param, base


def test_pages_in_a_right_to_left_and_a_cjk_language(
    browser: Browser, in_language: tuple[str, str]
) -> None:
    language, base = in_language
    with urllib.request.urlopen(base + "linkroles.json") as response:
        top = json.load(response)["domains"][0]["page_url"]
    problems: list[str] = []
    for width in (1280, 390):
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        page.on("pageerror", lambda e: problems.append(str(e)))
        for url in ("backlinks/", top):
            page.goto(base + url, wait_until="networkidle")
            direction = page.evaluate(
                "() => getComputedStyle(document.querySelector('div.linkroles')).direction"
            )
            assert direction == ("rtl" if language == "ar" else "ltr")
            fit = page.evaluate(WIDEST)
            assert fit["widest"] <= 1 and fit["overflow"] <= 0, (language, url, width, fit)
            if width == 1280:
                kind = "overview" if url == "backlinks/" else "domain-page"
                page.screenshot(path=str(SCREENSHOTS / f"{language}-{kind}.png"), full_page=False)
        if language == "ar":
            # The chart's bars grow from the right: their right edges line up.
            page.goto(base + "backlinks/", wait_until="networkidle")
            rights = page.evaluate(
                "() => [...document.querySelectorAll('.linkroles-bar')]"
                ".map(bar => Math.round(bar.getBoundingClientRect().right))"
            )
            assert len(set(rights)) == 1, rights
        assert problems == []
        context.close()


ZENSICAL = shutil.which("zensical", path=str(Path(sys.executable).parent))


@pytest.fixture(scope="module", params=["default", "slate"])
def zensical_site(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, str]]:
    """(scheme, base URL) of the demo built by Zensical and scanned with `--pages`, in the
    light and the dark palette, served on loopback."""
    if ZENSICAL is None:
        pytest.skip("zensical is a test dependency: pip install -e '.[test]'")
    root = tmp_path_factory.mktemp(f"zensical-{request.param}")
    shutil.copytree(DEMO / "docs", root / "docs")
    config = yaml.safe_load((DEMO / "mkdocs.yml").read_text(encoding="utf-8"))
    config["theme"]["palette"] = {"scheme": request.param, "primary": "indigo"}
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    subprocess.run([ZENSICAL, "build"], cwd=root, check=True, capture_output=True)
    assert main(["scan", str(root / "site"), "--config", str(root / "mkdocs.yml"), "--pages"]) == 0
    with serve(root / "site") as base:
        yield request.param, base


def test_scanned_pages_work_inside_a_zensical_site(
    browser: Browser, zensical_site: tuple[str, str]
) -> None:
    scheme, base = zensical_site
    page, problems = open_page(browser, base + "backlinks/python.org.html")
    assert page.locator("h1").first.inner_text().strip() == "Backlinks to python.org"
    # Zensical's own header and navigation around the page, its stylesheets found.
    assert page.locator("header.md-header").is_visible()
    background = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    assert (background == "rgb(255, 255, 255)") == (scheme == "default"), background
    assert page.evaluate(WIDEST)["widest"] <= 1
    name = "zensical-domain-page.png" if scheme == "default" else "zensical-domain-page-dark.png"
    page.screenshot(path=str(SCREENSHOTS / name), full_page=False)
    # From the overview to a domain page and back to a page of the site.
    page.goto(base + "backlinks/index.html", wait_until="networkidle")
    page.locator("table a", has_text="github.com").first.click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("backlinks/github.com.html")
    page.locator(".linkroles-urls a[href*='links.html#']").first.click()
    page.wait_for_load_state("networkidle")
    assert "links.html#" in page.url
    assert [p for p in problems if "search" not in p] == []
    page.context.close()


@pytest.fixture(scope="module")
def real_shaped(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A site shaped like the real OWASP Cheat Sheet Series (459 domains, 193 linked more
    than once, github.com on half the pages) with a changelog of hundreds of links into its
    own repository, in Material with the defaults, served on loopback: its base URL."""
    sys.path.insert(0, str(Path(__file__).parents[2] / "benchmarks"))
    from sitegen import generate_real_shaped_site

    root = tmp_path_factory.mktemp("real-shaped")
    generate_real_shaped_site(root)
    site = build_project(root / "mkdocs.yml").site_dir
    with serve(site) as base:
        yield base


# The heights of issue 30, measured on the real OWASP and Material documentation.
HEIGHTS = {1280: 6000, 390: 9000}


@pytest.mark.parametrize("width", sorted(HEIGHTS))
@pytest.mark.parametrize("path", ["backlinks/", "backlinks/github.com/"])
def test_the_published_pages_read_in_a_few_screens(
    browser: Browser, real_shaped: str, width: int, path: str
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(real_shaped + path)
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height <= HEIGHTS[width], (path, width, height)
    # Nothing wider than the content column, on a phone too.
    fit = page.evaluate(WIDEST)
    assert fit["widest"] <= 1 and fit["overflow"] <= 0, (path, width, fit)
    if width == 390:  # the documentation's screenshots: the real-shaped pages on a phone
        name = "phone-overview.png" if path == "backlinks/" else "phone-domain-page.png"
        page.screenshot(path=str(SCREENSHOTS / name), full_page=False)
    html = page.content()
    # The audit is for maintainers: no findings column or mark on a published build.
    assert "⚑" not in html and "Findings" not in html
    if path == "backlinks/github.com/":
        # Links into the site's own repository are one collapsed group, named as such.
        own = page.locator("details:has(summary:text('own repository'))")
        assert own.count() == 1 and not own.get_attribute("open")
        # On a host of code, URLs group by project (`/owner/repository/`).
        summaries = page.locator("summary code").all_inner_texts()
        assert all(s.count("/") >= 3 for s in summaries[:5]), summaries[:5]
    context.close()


ZENSICAL = shutil.which("zensical", path=str(Path(sys.executable).parent))


@pytest.fixture(scope="module")
def real_shaped_zensical(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real-shaped site built by Zensical and given its pages by `linkroles scan`."""
    if ZENSICAL is None:
        pytest.skip("zensical is a test dependency: pip install -e '.[test]'")
    sys.path.insert(0, str(Path(__file__).parents[2] / "benchmarks"))
    from sitegen import generate_real_shaped_site

    root = tmp_path_factory.mktemp("real-shaped-zensical")
    generate_real_shaped_site(root)
    subprocess.run([ZENSICAL, "build"], cwd=root, check=True, capture_output=True)
    site = root / "site"
    assert main(["scan", str(site), "--config", str(root / "mkdocs.yml"), "--pages"]) == 0
    with serve(site) as base:
        yield base


@pytest.mark.parametrize("width", sorted(HEIGHTS))
@pytest.mark.parametrize("path", ["backlinks/", "backlinks/github.com/"])
def test_the_pages_of_a_zensical_site_read_in_a_few_screens(
    browser: Browser, real_shaped_zensical: str, width: int, path: str
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(real_shaped_zensical + path)
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height <= HEIGHTS[width], (path, width, height)
    assert "⚑" not in page.content()
    context.close()


def test_a_domain_page_with_health_in_a_browser(browser: Browser, tmp_path: Path) -> None:
    """A maintainer's view (`show_findings: always`) of a domain with broken and moved
    links, after `linkroles check`: the documentation's screenshot of link health."""
    from mkdocs_linkroles.health.file import DomainHealth, Health, UrlHealth, write_health

    when = "2026-12-01T06:00:00Z"
    docs = {
        "index.md": "# Home\n\n## Reading\n\n[The tutorial](https://docs.example.org/tutorial/) "
        "and [the reference](https://docs.example.org/reference/), "
        "[the old FAQ](https://docs.example.org/faq.html), "
        "[release notes](https://docs.example.org/news/2019/).\n",
        "guide.md": "# Guide\n\nSee [the tutorial](https://docs.example.org/tutorial/) and "
        "[the API](https://docs.example.org/api/v1/).\n",
    }
    config = write_project(
        tmp_path,
        docs,
        {
            "theme": {"name": "material", "font": False},  # no fonts from the network
            "plugins": [
                "search",
                {"linkroles": {"health": "health.json", "show_findings": "always"}},
            ],
        },
    )
    url = "https://docs.example.org/"
    write_health(
        tmp_path / "health.json",
        Health(
            urls={
                url + "tutorial/": UrlHealth("ok", 200, url + "tutorial/", (), when),
                url + "reference/": UrlHealth("ok", 200, url + "reference/", (), when),
                url + "faq.html": UrlHealth("broken", 404, url + "faq.html", (), when),
                url + "news/2019/": UrlHealth("broken", 410, url + "news/2019/", (), when),
                url + "api/v1/": UrlHealth(
                    "redirected", 200, url + "api/v2/", ((url + "api/v2/", 301),), when
                ),
            },
            domains={"example.org": DomainHealth(True, when)},
        ),
    )
    site = build_project(config, allow_warnings=True).site_dir
    with serve(site) as base:
        page, problems = open_page(browser, base + "backlinks/example.org/")
        assert "2 broken, 1 moved, 0 unreachable, of 5 checked URLs" in page.inner_text("body")
        assert page.locator(".linkroles-health-broken").count() == 2
        assert page.evaluate(WIDEST)["widest"] <= 1
        page.screenshot(path=str(SCREENSHOTS / "health-domain-page.png"), full_page=False)
        assert problems == []


PRODUCTS = ("api", "cli", "cloud", "sdk", "desktop", "mobile", "guides", "blog", "status")


@pytest.fixture(scope="module")
def org_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An organisation's backlinks pages (`linkroles org --pages`) served on loopback.

    Nine sites, each with a share of the demo's real pages (its report, relabelled): the
    demo's domains, linked from a few sites or from all of them.
    """
    pytest.importorskip("duckdb")
    root = tmp_path_factory.mktemp("org")
    demo = build_demo(root / "demo", "mkdocs")
    report = json.loads((demo / "linkroles.json").read_text(encoding="utf-8"))
    reports = []
    for number, product in enumerate(PRODUCTS):
        pages = [p for i, p in enumerate(report["pages"]) if i % (number % 4 + 1) == 0]
        path = root / f"{product}.json"
        path.write_text(
            json.dumps({**report, "site_url": f"https://{product}.example.org/", "pages": pages}),
            encoding="utf-8",
        )
        reports.append(str(path))
    assert main(["export", *reports, "--to", str(root / "export")]) == 0
    assert main(["org", str(root / "export"), "--pages", str(root / "site"), "--top", "0"]) == 0
    with serve(root / "site") as base:
        yield base


ORG_FIT = """() => ({
    overflow: document.documentElement.scrollWidth - window.innerWidth,
    height: document.documentElement.scrollHeight,
})"""


@pytest.mark.parametrize("width", [1280, 390])
def test_the_organisations_pages_read_on_desktop_and_phone(
    browser: Browser, org_site: str, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("requestfailed", lambda r: problems.append(f"failed: {r.url}"))
    page.goto(org_site, wait_until="networkidle")
    fit = page.evaluate(ORG_FIT)
    assert fit["overflow"] <= 0, fit
    rows = page.locator("#domains + table tbody tr")
    assert rows.count() > 10
    # The domains most sites link to come first: the first row's count is the largest.
    first = int(rows.nth(0).locator("td").nth(1).inner_text().replace(",", ""))
    assert first == len(PRODUCTS)
    if width == 1280:
        page.screenshot(path=str(SCREENSHOTS / "org-overview.png"), full_page=False)
    # Each domain's page lists the sites that link there, and their pages, linked.
    rows.nth(0).locator("a").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("details").count() == len(PRODUCTS)
    assert page.locator("details[open]").count() == 5  # the first few open
    assert page.evaluate(ORG_FIT)["overflow"] <= 0
    if width == 1280:
        page.screenshot(path=str(SCREENSHOTS / "org-domain.png"), full_page=False)
    page.locator("text=All linked domains").click()
    page.wait_for_load_state("networkidle")
    assert page.url == org_site
    assert problems == []
    context.close()
