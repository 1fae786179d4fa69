from __future__ import annotations

import posixpath
from collections.abc import Callable

import pytest
from helpers import BuiltSite, text_of
from hypothesis import given
from hypothesis import strategies as st
from mkdocs.utils import get_relative_url

from mkdocs_linkroles.links.classify import PublicSuffixList, Site, classify_url
from mkdocs_linkroles.links.collect import collect_page_links
from mkdocs_linkroles.links.model import LinkGraph
from mkdocs_linkroles.links.records import PageRef
from mkdocs_linkroles.pages.linked import SectionLabels, path_group
from mkdocs_linkroles.pages.names import outside, relative_url, relative_urls, shared_base
from mkdocs_linkroles.pages.render import UNINDEXED_MARK, render_domain_page, render_overview
from mkdocs_linkroles.reading.page import Section, iter_links

PSL = PublicSuffixList()
SITE = Site.from_url("https://docs.example.com/")


def graph_of(pages: dict[str, str]) -> LinkGraph:
    graph = LinkGraph()
    for src, html in pages.items():
        ref = PageRef(
            src,
            src.removesuffix(".md") + "/",
            src.removesuffix(".md").title(),
            "Guide" if src.startswith("guide/") else "",
        )
        graph.add(
            collect_page_links(
                ref, iter_links(html), lambda h: classify_url(h, SITE, PSL.registrable_domain)
            )
        )
    return graph


@pytest.mark.parametrize(
    ("url", "from_url"),
    [
        ("guide/install/", "backlinks/python.org/"),
        ("backlinks/", "backlinks/python.org/"),
        ("guide/install.html", "backlinks/python.org.html"),
        ("backlinks/python.org/", "backlinks/"),
        ("a/b/c/", "a/b/c/"),
        ("x/y.html", "x/index.html"),
        ("backlinks/python.org.html", "about.html"),  # a page at the root of the site
    ],
)
def test_relative_url_agrees_with_mkdocs(url: str, from_url: str) -> None:
    assert relative_url(url, from_url) == get_relative_url(url, from_url)


def reference_relative_url(url: str, from_url: str) -> str:
    """The straightforward version (normpath and relpath), as an oracle."""
    head, last = posixpath.split(from_url)
    base = head if "." in last else from_url
    target = posixpath.normpath("/" + url).lstrip("/")
    relative = posixpath.relpath("/" + target, "/" + base.strip("/"))
    if relative == "." or relative.endswith(".."):
        return relative + "/"
    return relative + "/" if url.endswith("/") and not relative.endswith("/") else relative


SEGMENTS = st.lists(st.sampled_from(["a", "b", "x.html", "", ".", ".."]), max_size=5)


@given(SEGMENTS, SEGMENTS, st.booleans(), st.booleans())
def test_relative_url_on_any_path(
    url: list[str], from_url: list[str], folder: bool, from_folder: bool
) -> None:
    target = "/".join(url) + ("/" if folder else "")
    origin = "/".join(from_url) + ("/" if from_folder else "")
    assert relative_url(target, origin) == reference_relative_url(target, origin)
    # The quick way from one page (a domain page's links) gives the same URLs.
    assert relative_urls(origin)(target) == relative_url(target, origin)
    if not {"", ".", ".."} & {*url, *from_url}:  # URLs as MkDocs makes them
        assert relative_url(target, origin).rstrip("/") == (
            get_relative_url(target, origin).rstrip("/")
        )


@given(
    # Targets inside the pages' own folder too, where the ways differ.
    st.lists(st.sampled_from(["a", "backlinks", "python.org", "pypi.org", "x.html", "", ".."])),
    st.booleans(),
    SEGMENTS,
    st.sampled_from(["python.org/", "b/", "x.html", "", "."]),
    st.sampled_from(["pypi.org/", "a/", "y.html", "..", "backlinks/"]),
)
def test_sibling_pages_share_the_way_to_pages_outside_their_folder(
    url: list[str], folder: bool, parents: list[str], one: str, other: str
) -> None:
    # What lets the domain pages share each linked-from page's line (`compiled`).
    parent = "/".join(["backlinks", *parents])
    a, b = f"{parent}/{one}", f"{parent}/{other}"
    target = "/".join(url) + ("/" if folder else "")
    shared = shared_base(a)
    if shared is None or shared != shared_base(b):
        return
    up, top = shared
    if outside(target, top):
        assert relative_url(target, a) == relative_url(target, b) == up + target
        assert relative_urls(a)(target) == up + target


@pytest.mark.parametrize(
    "url",
    ["", "guide/", "guide/install/", "a.html", "guide/x.html", "backlinks", "backlinks/",
     "backlinks/python.org/", "backlinks/python.org/sub/", "backlinksx/", "/guide/",
     "guide//x/", "./guide/", "../guide/", "guide/../x/", ".well-known/", "python.org/"],
)  # fmt: skip
@pytest.mark.parametrize(
    "from_url",
    ["backlinks/python.org/", "backlinks/python.org.html", "fr/backlinks/python.org/", "",
     "index.html", "backlinks/"],
)  # fmt: skip
def test_relative_urls_from_generated_pages(url: str, from_url: str) -> None:
    assert relative_urls(from_url)(url) == relative_url(url, from_url)


def test_relative_url_to_the_home_page_ends_with_a_slash() -> None:
    assert relative_url("", "backlinks/python.org/") == "../../"


def test_overview_lists_domains_with_links_pages_hosts_and_share() -> None:
    graph = graph_of(
        {
            "index.md": '<a href="https://docs.python.org/">a</a><a href="https://www.python.org/">b</a>',
            "guide/x.md": '<a href="https://docs.python.org/">c</a><a href="https://pypi.org/">d</a>',
        }
    )
    page = render_overview(
        graph,
        title="Backlinks",
        page_url="backlinks/",
        domain_urls={"python.org": "backlinks/python.org/", "pypi.org": "backlinks/pypi.org/"},
    )
    html = page.html
    assert html.index("python.org</a>") < html.index("pypi.org</a>")
    assert (
        '<a href="python.org/">python.org</a></td><td data-sort="3">3</td><td data-sort="2">2</td><td data-sort="2">2</td>'
        in html
    )
    assert "<th>Findings</th>" not in html  # a column only where there are findings
    assert '<meter class="linkroles-share" min="0" max="4" value="3">75.0%</meter>' in html
    assert (
        '<td class="linkroles-wrap"><a href="../guide/x/">Guide/X</a></td><td>2</td><td>2</td>'
        in html
    )
    # Domains linked once: a dense list from A to Z, after the table.
    assert '<ul class="linkroles-tail"><li><strong>P</strong></li>' in html
    assert html.index("<table") < html.index('href="pypi.org/"')
    # A chart of the top domains, with a text alternative that says what the bars say.
    assert (
        'aria-label="The 2 most linked domains, by links from this site: python.org: 3; pypi.org: 1."'
        in html
    )
    assert [h.id for h in page.headings] == [
        "linkroles-overview",
        "linked-domains",
        "linked-once",
        "pages-by-outbound-links",
    ]


def test_overview_of_a_site_without_external_links() -> None:
    page = render_overview(
        graph_of({"index.md": '<a href="x/">x</a>'}),
        title="Backlinks",
        page_url="backlinks/",
        domain_urls={},
    )
    assert "No page of this site links to another site yet." in page.html


def test_domain_page_points_back_to_pages_and_sections() -> None:
    graph = graph_of(
        {
            "guide/install.md": '<h2 id="get-it">Get it</h2><a href="https://pypi.org/project/x/" rel="nofollow">PyPI page</a>',
            "index.md": '<a href="https://pypi.org/project/x/">x on PyPI</a><a href="https://pypi.org/">PyPI</a>',
        }
    )
    [profile] = graph.domains()
    page = render_domain_page(
        profile, page_url="backlinks/pypi.org/", overview_url="backlinks/", total_pages=2
    )
    # URLs break at their dots and slashes (`<wbr>`), never inside a label.
    assert "https://<wbr>pypi.<wbr>org/<wbr>project/<wbr>x/" in page.full_html
    html = page.full_html.replace("<wbr>", "")
    assert page.title == "Backlinks to pypi.org"
    assert '<a href="../">All linked domains</a>' in html
    # URLs grouped by host and by the first part of their path, each with its count, and
    # then where it is linked from: lists, so that long URLs wrap on a phone.
    assert (
        '<a class="linkroles-url" dir="ltr" href="https://pypi.org/project/x/">https://pypi.org/project/x/'
        '</a> <span class="linkroles-count">×2</span>' in html
    )
    assert '<code class="linkroles-wrap" dir="ltr">/project/</code>' in html
    assert (
        '<li><a href="../../guide/install/#get-it">Guide/Install › Get it</a>: “PyPI page” '
        '<code>rel="nofollow"</code></li>' in html
    )
    # The list of linked URLs is not for the site's search: it comes in after it, in the
    # place of the mark, under its heading; the summary is searchable.
    assert page.html.count(UNINDEXED_MARK) == 1 and "PyPI page" not in page.html
    assert "PyPI page" in page.unindexed_html
    assert (
        html.index('id="linked-urls"') < html.index("PyPI page") < html.index('id="site-sections"')
    )
    assert "3 links on 2 pages" in page.html
    # Only the numbers that are not zero.
    assert '<li><code>rel="nofollow"</code>: 1</li>' in html and 'rel="sponsored"' not in html
    assert "1 host: pypi.org" in text_of(html)
    # Where the links are: by folder of the source files, and by page.
    assert '<code dir="ltr">guide/</code></td><td>1</td><td>1</td>' in html
    assert '<code dir="ltr">/</code></td><td>2</td><td>1</td>' in html


def test_domain_page_marks_links_with_findings() -> None:
    graph = graph_of(
        {"index.md": '<a href="http://pypi.org/x">x</a><a href="https://pypi.org/">y</a>'}
    )
    [profile] = graph.domains()
    findings = {("index.md", "http://pypi.org/x"): [("insecure", "info")]}
    page = render_domain_page(
        profile,
        page_url="backlinks/pypi.org/",
        overview_url=None,
        total_pages=1,
        findings=findings,
    )
    assert "1 link with audit findings" in text_of(page.html)
    assert page.full_html.count("⚑ insecure (info)") == 1


def test_domain_pages_sharing_section_labels_are_the_same_pages() -> None:
    # The plugin passes one `labels` dict to every domain page of a build; a section's
    # label made for one page must be right on the others, titles and headings escaped.
    graph = graph_of(
        {
            "guide/a.md": '<h2 id="one">One &amp; <em>only</em></h2>'
            '<a href="https://x.org/1">x</a><a href="https://y.org/1">y</a>'
            '<h3 id="t&lt;w">Two</h3><a href="https://x.org/2">x2</a>',
            "guide/b.md": '<h1 id="b">B</h1><a href="https://y.org/2">y2</a>'
            '<h2 id="one">One</h2><a href="https://x.org/3">x3</a>',
            "c.md": '<a href="https://y.org/3">y3</a>',
        }
    )
    labels: SectionLabels = {}
    for profile in graph.domains():
        url = f"backlinks/{profile.domain}/"
        alone = render_domain_page(profile, page_url=url, overview_url=None, total_pages=3)
        shared = render_domain_page(
            profile, page_url=url, overview_url=None, total_pages=3, labels=labels
        )
        assert shared == alone
    assert len(labels) == 5  # the sections, each made once
    assert labels[None] == ("", "")
    assert labels[Section("t<w", "Two", 3)] == ("#t%3Cw", "Two")
    html = render_domain_page(
        next(p for p in graph.domains() if p.domain == "x.org"),
        page_url="backlinks/x.org/",
        overview_url=None,
        total_pages=3,
    ).full_html
    assert '<a href="../../guide/a/#t%3Cw">Guide/A › Two</a>' in html
    assert "One &amp; only" in html


def test_domain_page_of_a_mixed_script_domain_shows_its_ascii_name() -> None:
    graph = graph_of({"index.md": '<a href="https://\u0430pple.com/">apple?</a>'})
    [profile] = graph.domains()
    html = render_domain_page(
        profile, page_url="backlinks/x/", overview_url=None, total_pages=1
    ).full_html
    assert "\u0430pple.com" in html and "<code" in html and "xn--pple-43d.com" in html


def test_one_spelling_of_each_host_and_url_unicode_with_its_ascii_form() -> None:
    graph = graph_of({"index.md": '<a href="https://www.müller.de/a">m</a>'})
    [profile] = graph.domains()
    page = render_domain_page(profile, page_url="backlinks/x/", overview_url=None, total_pages=1)
    html = page.full_html.replace("<wbr>", "")
    assert 'müller.de <code title="ASCII">xn--mller-kva.de</code>' in html
    assert (
        '<a class="linkroles-url" dir="ltr" href="https://www.xn--mller-kva.de/a" '
        'title="https://www.xn--mller-kva.de/a">https://www.müller.de/a</a>' in html
    )


def test_texts_that_could_reorder_the_page_are_isolated(
    build_site: Callable[..., BuiltSite],
) -> None:
    # A link text ending in U+202E once reversed the marks and counts after it.
    site = build_site(
        {"index.md": "[evil\u202e](https://example.org/) [ok](https://example.org/a)"}
    )
    page = site.page("backlinks/example.org/")
    assert "<bdi>evil\u202e</bdi>" in page
    assert "“ok”" in page  # ordinary texts stay as they were


def test_domain_page_lists_the_first_folders_and_sums_the_rest() -> None:
    # 13 folders, folder i with 13 - i links: the first ten listed, three summed in a row.
    pages = {
        f"f{i:02}/p{j}.md": f'<a href="https://x.org/{i}/{j}">x</a>'
        for i in range(13)
        for j in range(13 - i)
    }
    [profile] = graph_of(pages).domains()
    html = render_domain_page(
        profile, page_url="backlinks/x.org/", overview_url=None, total_pages=len(pages)
    ).html
    listed = [f"f{i:02}/" for i in range(13) if f'<code dir="ltr">f{i:02}/</code>' in html]
    assert listed == [f"f{i:02}/" for i in range(10)]
    # The rest: folders f10 to f12 with 3 + 2 + 1 links on as many pages, of 91.
    assert "<em>3 more folders</em></td><td>6</td><td>6</td>" in html
    assert "6.6%" in text_of(html)


@pytest.mark.parametrize(
    ("url", "host", "group"),
    [
        ("https://example.org", "example.org", "/"),
        ("https://example.org/", "example.org", "/"),
        ("https://example.org/docs", "example.org", "/docs/"),
        ("https://example.org/docs/a/b?x=1", "example.org", "/docs/"),
        ("https://example.org/docs?x=/y", "example.org", "/docs/"),
        ("https://example.org/docs#a/b", "example.org", "/docs/"),
        ("https://example.org//twice", "example.org", "/"),
        ("https://github.com/owner/repo/issues/1", "github.com", "/owner/repo/"),
        ("https://github.com/owner", "github.com", "/owner"),
        ("https://github.com/owner/", "github.com", "/owner/"),
        ("https://github.com/owner/repo?tab=x", "github.com", "/owner/repo/"),
        ("https://launchpad.net/project/+bugs", "launchpad.net", "/project/"),
    ],
)
def test_urls_group_by_their_first_folder_or_their_project(url: str, host: str, group: str) -> None:
    assert path_group(url, host) == group
