from __future__ import annotations

import pytest

from mkdocs_linkroles.classify import PublicSuffixList, Site, classify_url
from mkdocs_linkroles.model import LinkGraph, PageRef, collect_page_links, domain_slug
from mkdocs_linkroles.scan import iter_links

PSL = PublicSuffixList()
SITE = Site.from_url("https://docs.example.com/")


def page_links(src: str, html: str, section: str = ""):
    ref = PageRef(src, src.removesuffix(".md") + "/", src.title(), section)
    return collect_page_links(
        ref, iter_links(html), lambda h: classify_url(h, SITE, PSL.registrable_domain)
    )


def test_page_counts_every_kind_of_link() -> None:
    p = page_links(
        "a.md",
        '<a href="https://x.org/">x</a><a href="b/">b</a><a href="mailto:m@x.org">m</a>'
        '<a href="tel:1">t</a><a href="mailto:n@x.org">n</a><a href="javascript:x">j</a>'
        '<a href="http://[::1">bad</a><a href="https://user:pw@[::1">bad2</a>',
    )
    assert [link.url for link in p.links] == ["https://x.org/"]
    assert p.internal == 1
    assert p.other == (("mailto", 2), ("tel", 1))
    assert p.unsafe == 1
    assert [m.href for m in p.malformed] == ["http://[::1", "https://***@[::1"]


def test_domains_group_subdomains_and_sort_by_links_then_name() -> None:
    graph = LinkGraph()
    graph.add(
        page_links(
            "b.md", '<a href="https://docs.python.org/3/">d</a><a href="https://zz.org/">z</a>'
        )
    )
    graph.add(
        page_links(
            "a.md",
            '<a href="https://www.python.org/">w</a><a href="https://aa.org/">a</a>'
            '<a href="https://docs.python.org/3/">d2</a>',
        )
    )
    domains = graph.domains()
    assert [d.domain for d in domains] == ["python.org", "aa.org", "zz.org"]
    python = domains[0]
    assert python.summary.hosts == (("docs.python.org", 2), ("www.python.org", 1))
    assert python.summary.referring_pages == 2
    # by URL, then page order
    assert [(b.link.url, b.page.src_uri) for b in python.backlinks] == [
        ("https://docs.python.org/3/", "a.md"),
        ("https://docs.python.org/3/", "b.md"),
        ("https://www.python.org/", "a.md"),
    ]
    assert graph.totals()["external_links"] == 5
    assert graph.totals()["hosts"] == 4


def test_replacing_a_page_updates_the_domains() -> None:
    graph = LinkGraph()
    graph.add(page_links("a.md", '<a href="https://x.org/">x</a>'))
    assert [d.domain for d in graph.domains()] == ["x.org"]
    graph.add(page_links("a.md", '<a href="https://y.org/">y</a>'))
    assert [d.domain for d in graph.domains()] == ["y.org"]


@pytest.mark.parametrize(
    ("domain", "slug"),
    [
        ("python.org", "python.org"),
        ("xn--bcher-kva.de", "xn--bcher-kva.de"),
        ("[2001:db8::1]", "ipv6~2001-db8--1"),
        ("con.example", "~con.example"),
        ("nul", "~nul"),
        ("lpt1.org", "~lpt1.org"),
        ("index", "~index"),
        ("readme", "~readme"),
    ],
)
def test_domain_slug(domain: str, slug: str) -> None:
    assert domain_slug(domain) == slug


@pytest.mark.parametrize(
    "weird", ["..", ".", "a/b", "a\\b", "a%2fb", "trailing.", "", "A" * 300, "x:y"]
)
def test_domain_slug_is_always_a_safe_single_name(weird: str) -> None:
    slug = domain_slug(weird)
    assert "/" not in slug and "\\" not in slug and ":" not in slug
    assert slug not in ("", ".", "..") and not slug.endswith(".")
    assert slug.startswith("~")
