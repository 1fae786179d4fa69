"""The documentation site (the demo), built as `make demo` builds it, checked against itself.

The expected links are read from the built pages with a plain regular expression, not with
the plugin's scanner, so that a scanner bug cannot hide itself.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from helpers import BuiltSite, build_project, copy_demo

DEMO = Path(__file__).parents[2] / "demo_site"
SITE_HOST = "mkdocs-linkroles.example.org"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    root = tmp_path_factory.mktemp("demo")
    return build_project(copy_demo(root), strict=True)


EXCLUDED_HOST = "ci.mkdocs-linkroles.example.net"


def content_hrefs(page_html: str) -> list[str]:
    article = re.search(
        r'<article class="md-content__inner md-typeset">(.*?)</article>', page_html, re.S
    )
    assert article is not None
    return [html.unescape(h) for h in re.findall(r'<a\b[^>]*?\bhref="([^"]*)"', article.group(1))]


def normalise(href: str) -> str:
    parts = urlsplit(href)
    assert parts.hostname is not None, href
    host = parts.hostname.encode("idna").decode("ascii")
    if parts.port and parts.port != {"http": 80, "https": 443}[parts.scheme]:
        host += f":{parts.port}"
    return (
        f"{parts.scheme}://{host}{parts.path or '/'}"
        + (f"?{parts.query}" if parts.query else "")
        + (f"#{parts.fragment}" if parts.fragment else "")
    )


def source_pages(site: BuiltSite) -> dict[str, str]:
    pages = {}
    for path in site.site_dir.rglob("*.html"):
        relative = path.relative_to(site.site_dir).as_posix()
        if not relative.startswith(("backlinks/", "search/")) and relative != "404.html":
            pages[relative] = path.read_text(encoding="utf-8")
    return pages


def domain_page_targets(site: BuiltSite) -> dict[str, list[str]]:
    targets = {}
    for path in (site.site_dir / "backlinks").glob("*.html"):
        if path.name == "index.html":
            continue
        page = path.read_text(encoding="utf-8")
        targets[path.stem] = [
            html.unescape(u)
            for u in re.findall(r'<a class="linkroles-url" dir="ltr" href="([^"]*)"', page)
        ]
    return targets


def test_demo_shows_what_the_documentation_promises(demo: BuiltSite) -> None:
    domains = {d["domain"]: d for d in demo.report["domains"]}
    assert len(source_pages(demo)) == 18
    assert len(domains) >= 25
    assert {"docs.python.org", "www.python.org", "peps.python.org", "packaging.python.org"} <= {
        h["host"] for h in domains["python.org"]["hosts"]
    }
    assert {"squidfunk.github.io", "facelessuser.github.io"} <= set(domains)
    assert "nationalarchives.gov.uk" in domains and "bbc.co.uk" in domains
    assert domains["xn--mller-kva.de"]["domain_unicode"] == "müller.de"
    rels = {tuple(link["rel"]) for page in demo.report["pages"] for link in page["links"]}
    assert {("nofollow",), ("sponsored",), ("ugc",), ("nofollow", "ugc")} <= rels
    others = {k for page in demo.report["pages"] for k in page["other_schemes"]}
    assert others == {"mailto", "tel"}
    assert demo.report["totals"]["internal_links"] > 0
    # The audit features: findings at info level, an excluded link, a marker in place.
    assert [(f["rule"], f["level"]) for f in demo.report["findings"]] == [
        ("insecure", "info"),
        ("opener", "info"),
        ("loopback_target", "info"),
    ]
    assert demo.report["totals"]["excluded_links"] == 1
    assert "localhost" in domains  # a tutorial's: loopback_target, info
    assert "corp.internal" in domains  # linked, but its local_target finding is silenced


def test_every_external_link_is_on_exactly_one_domain_page_and_in_the_report(
    demo: BuiltSite,
) -> None:
    expected: list[str] = []
    internal: set[str] = set()
    for page in source_pages(demo).values():
        for href in content_hrefs(page):
            host = urlsplit(href).hostname if href.startswith(("http://", "https://")) else None
            if host and not host.endswith(SITE_HOST):
                if host == EXCLUDED_HOST:  # the demo's `exclude` option
                    continue
                expected.append(normalise(href))
            elif not href.startswith(("mailto:", "tel:")):
                internal.add(href)
    assert len(expected) == demo.report["totals"]["external_links"]
    reported = [link["url"] for page in demo.report["pages"] for link in page["links"]]
    assert sorted(reported) == sorted(expected)

    targets = domain_page_targets(demo)
    for url in set(expected):
        holders = [slug for slug, urls in targets.items() if url in urls]
        assert len(holders) == 1, (url, holders)
    listed = {url for urls in targets.values() for url in urls}
    assert listed == set(expected)
    assert not listed & internal


def test_generated_pages_are_material_pages_in_the_navigation(demo: BuiltSite) -> None:
    overview = demo.file("backlinks/index.html")
    assert 'class="md-content"' in overview and "Links out" in overview
    assert "md-nav__link--active" in overview
