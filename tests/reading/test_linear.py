"""Every step is linear in its input: hostile pages cost what their length costs.

Each case is an input the security review (issue 29) found quadratic or worse. The test
reads it at two sizes in one run and checks that twice the input takes at most about
twice the time (a ratio of the same code on two sizes, never an absolute time).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import BuiltSite

from mkdocs_linkroles.links.classify import Classifier, PublicSuffixList, Site
from mkdocs_linkroles.reading.nesting import max_depth
from mkdocs_linkroles.reading.page import read_page
from mkdocs_linkroles.sites.pages import MAX_NESTING, read_built_page

PSL = PublicSuffixList()
CLASSIFY = Classifier(Site.from_url("https://docs.example.org/"), PSL.registrable_domain)

pytestmark = pytest.mark.timing  # ratios of times: run alone (see pyproject.toml)


def best_time(work: Callable[[], object]) -> float:
    """The least time of a few runs, after one to warm up (imports, caches, allocation)."""
    work()
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - started)
    return best


def assert_linear(make: Callable[[int], str], work: Callable[[str], object], n: int) -> None:
    small, large = make(n), make(2 * n)
    times = [best_time(lambda: work(small)), best_time(lambda: work(large))]
    assert times[1] < 2.8 * times[0] + 0.005, times


def read_links(html: str) -> list[object]:
    return [CLASSIFY(anchor.href) for anchor in read_page(html).anchors]


CASES: dict[str, tuple[Callable[[int], str], Callable[[str], object], int]] = {
    # The suffix lookup once rejoined the labels for every start: 11.9 s for 80 KB.
    "a host of many dots": (lambda n: "a." * n + "com", PSL.registrable_domain, 40_000),
    "a link to it": (
        lambda n: f'<p><a href="https://{"a." * n}com/">x</a></p>',
        read_links,
        40_000,
    ),
    # html5lib's tree construction walks the open elements at every tag: 16.5 s for 220 KB.
    "nested blocks": (
        lambda n: "<svg><foreignObject>" + "<div>" * n + "<a href='https://x.org/'>x</a>",
        read_page,
        10_000,
    ),
    # ... and the adoption agency at every link: 73 s for 620 KB.
    "a link around a block, repeated": (
        lambda n: "<a href='https://x.org/'><div>" * n,
        read_page,
        2_000,
    ),
    # ... and `+=` on one text node for every piece of text.
    "text split by references": (
        lambda n: "<div><template></template>" + "a&amp;" * n + "</div>",
        read_page,
        20_000,
    ),
    "the nesting estimate": (lambda n: "<div title='>'</div>" * n, max_depth, 50_000),
}


@pytest.mark.parametrize("name", CASES)
def test_twice_the_input_takes_about_twice_the_time(name: str) -> None:
    make, work, n = CASES[name]
    assert_linear(make, work, n)


def test_a_page_too_deep_for_the_tree_is_read_tag_by_tag() -> None:
    html = "<a href='https://x.org/'><div>" * 5_000
    reading = read_page(html)
    assert reading.approximate
    assert len(reading.anchors) == 5_000 and reading.anchors[0].href == "https://x.org/"
    normal = read_page("<svg><a href='https://x.org/'>x</a></svg>")
    assert not normal.approximate and normal.anchors[0].text == "x"


def test_the_built_page_of_a_million_divs_is_read_whole(tmp_path: Path) -> None:
    # Lexbor once took over 300 s on it; now it is never given a page this deep.
    def write(n: int) -> str:
        (tmp_path / f"{n}.html").write_text(
            "<html><head><title>Deep</title></head><body><main>"
            + "<div>" * n
            + "<a href='https://x.org/'>x</a></main></body></html>"
        )
        return f"{n}.html"

    small, large = write(30_000), write(60_000)
    times = [
        best_time(lambda: read_built_page(tmp_path, small, docs_dir=None)),
        best_time(lambda: read_built_page(tmp_path, large, docs_dir=None)),
    ]
    assert times[1] < 2.8 * times[0] + 0.005, times
    page = read_built_page(tmp_path, large, docs_dir=None)
    assert page.whole_page and page.title == "Deep" and "https://x.org/" in page.content
    shallow = read_built_page(tmp_path, write(MAX_NESTING // 2), docs_dir=None)
    assert not shallow.whole_page


def test_the_nesting_estimate_is_never_below_the_real_depth() -> None:
    # Spellings that hide end tags or fake them, and ordinary markup.
    cases = {
        "<div><!--</div>--></div>": 1,
        "<div title='>'</div>": 1,
        "<span><div></span>": 2,
        "<script></div></script><div>": 1,
        "<div/><div/>": 2,
        "<svg><path/><path/></svg><p>x": 2,
        "<ul><li>a<li>b</ul><ul><li>c</ul>": 2,
        "<div><p>a<p>b</div>": 2,
    }
    for html, real in cases.items():
        assert max_depth(html) >= real, html
    assert max_depth("<ul><li>a</li></ul>" * 10_000) == 2  # ordinary pages stay shallow


def test_the_build_warns_about_a_page_read_tag_by_tag(build_site: Callable[..., BuiltSite]) -> None:
    hostile = "<div>\n" + "<a href='https://x.org/'><div>" * 3_000 + "\n</div>\n"
    site = build_site({"index.md": "# Home\n\n" + hostile}, allow_warnings=True)
    warnings = [r.getMessage() for r in site.messages if r.levelname == "WARNING"]
    assert any("index.md: the page's HTML nests its elements so deep" in w for w in warnings)
    assert site.report["domains"][0]["domain"] == "x.org"
