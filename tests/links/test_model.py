from __future__ import annotations

import gc

import pytest

from mkdocs_linkroles.links.classify import PublicSuffixList, Site, classify_url
from mkdocs_linkroles.links.collect import collect_page_links
from mkdocs_linkroles.links.model import LinkGraph, domain_slug
from mkdocs_linkroles.links.records import PageLinks, PageRef
from mkdocs_linkroles.links.rules import RULES, Patterns, Policy
from mkdocs_linkroles.reading.page import Section, iter_links

PSL = PublicSuffixList()
SITE = Site.from_url("https://docs.example.com/")


def page_links(src: str, html: str, section: str = "") -> PageLinks:
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
    domains = list(graph.domains())
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


def test_stored_links_leave_the_garbage_collectors_watch() -> None:
    # A site's worth of records watched by the collector made its full passes walk them
    # all for the rest of the build: pages keep plain tuples, which it stops watching.
    p = page_links(
        "a.md",
        '<h2 id="s">S</h2><a href="https://x.org/" rel="nofollow">x</a>'
        '<a href="https://user:pw@y.org/?token=1">y</a>',
    )
    for _ in range(3):  # a pass stops watching a tuple whose items it no longer watches
        gc.collect()
    assert p.records and p.sections
    assert not any(gc.is_tracked(item) for item in (*p.records, *p.sections, p.records))
    # ... and the links come back as records with their section, equal to those of the scan
    assert [(link.url, link.section, link.rel) for link in p.links] == [
        ("https://x.org/", Section("s", "S", 2), ("nofollow",)),
        ("https://y.org/?token=REDACTED", Section("s", "S", 2), ()),
    ]
    first, second = p.links
    assert first.section is second.section
    assert p.domains == frozenset({"x.org", "y.org"})


def test_a_host_found_clean_is_still_checked_when_a_link_to_it_needs_it() -> None:
    policy = Policy(levels=RULES, deny=Patterns([]), allow=Patterns([]))
    ref = PageRef("a.md", "a/", "A", "")
    html = (
        '<a href="https://x.org/a">a</a><a href="https://x.org/b" target="_blank">b</a>'
        '<a href="http://x.org/c">c</a><a href="https://x.org/d">d</a>'
        '<a href="https://10.0.0.1/">e</a><a href="https://10.0.0.1/">f</a>'
    )
    found = collect_page_links(
        ref,
        iter_links(html),
        lambda h: classify_url(h, SITE, PSL.registrable_domain),
        policy=policy,
    ).findings
    assert [(f.rule, f.href) for f in found] == [
        ("opener", "https://x.org/b"),
        ("insecure", "http://x.org/c"),
        ("local_target", "https://10.0.0.1/"),
        ("local_target", "https://10.0.0.1/"),
    ]
    assert policy.quiet_hosts == {"x.org"}
