"""Hostile and broken input: never crash, never leak, never inject.

Property-based tests feed the pure modules arbitrary input; the integration tests build
real sites from pages written to attack the generated pages.
"""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
from helpers import BuiltSite, build_project, write_project
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from mkdocs_linkroles.links.classify import Classifier, PublicSuffixList, Site, Target, classify_url
from mkdocs_linkroles.links.collect import collect_page_links
from mkdocs_linkroles.links.model import LinkGraph, domain_slug
from mkdocs_linkroles.links.records import PageRef
from mkdocs_linkroles.pages.render import render_domain_page, render_overview
from mkdocs_linkroles.reading.anchors import collapse
from mkdocs_linkroles.reading.page import iter_links
from mkdocs_linkroles.reports.report import build_report, dump_report

PSL = PublicSuffixList()
SITE = Site.from_url("https://docs.example.com/")

# Text as MkDocs can hand it over: any character but lone surrogates, which cannot come
# out of a UTF-8 file (and entities for them decode to U+FFFD).
TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=60)
SCHEMES = st.sampled_from(
    [
        "http",
        "HTTPS",
        "hTTp",
        "javascript",
        "JaVaScRiPt",
        "data",
        "vbscript",
        "file",
        "mailto",
        "tel",
        "ftp",
        "",
    ]
)
JUNK = st.sampled_from(["", " ", "\t", "\n", "\x00", "\x01", "\x1f", "\u00a0", "\u200b"])
HOSTS = st.one_of(
    st.sampled_from(
        [
            "example.org",
            "Docs.Python.org",
            "bücher.de",
            "аpple.com",
            "[::1]",
            "[::1",
            "::1]",
            "[zz::1]",
            "127.0.0.1",
            "0x7f.1",
            "999.1.1.1",
            "a..b",
            ".",
            "",
            "localhost",
            "exa mple.org",
            "ex%41mple.org",
            "ex%zz.org",
            "ex%2F..%2Fevil",
            "alice.github.io",
            "www.bbc.co.uk",
            "xn--zz",
            "a" * 70 + ".org",
            "user:pass@example.org",
            "@",
            "con.example",
            "index",
        ]
    ),
    TEXT,
)
PORTS = st.one_of(
    st.just(""),
    st.sampled_from([":80", ":443", ":8080", ":", ":99999", ":-1", ":８０", ":1e3"]),
    TEXT.map(lambda t: ":" + t),
)
PATHS = st.one_of(
    st.sampled_from(["", "/", "/a b", "/%zz", "/%2e%2e/", "/\\evil", "/?token=x#sig=y"]), TEXT
)
URLISH = st.builds(
    lambda junk, scheme, slashes, host, port, path, tail: (
        f"{junk}{scheme}{':' if scheme else ''}{slashes}{host}{port}{path}{tail}"
    ),
    JUNK,
    SCHEMES,
    st.sampled_from(["//", "/", "\\\\", "", "///"]),
    HOSTS,
    PORTS,
    PATHS,
    JUNK,
)
HREFS = st.one_of(URLISH, TEXT)

TAGS = st.sampled_from(
    [
        "a",
        "area",
        "h1",
        "h2",
        "h6",
        "img",
        "p",
        "script",
        "style",
        "svg",
        "b",
        "template",
        "![CDATA[",
        "!--",
        "?xml",
    ]
)
ATTRS = st.lists(
    st.tuples(
        st.sampled_from(
            ["href", "HREF", "rel", "title", "aria-label", "alt", "id", "target", "class"]
        ),
        st.one_of(HREFS, st.just("headerlink")),
    ),
    max_size=4,
)


def _tag(name: str, attrs: list[tuple[str, str]], closing: bool) -> str:
    rendered = "".join(f' {k}="{v.replace(chr(34), "&quot;")}"' for k, v in attrs)
    return f"</{name}>" if closing else f"<{name}{rendered}>"


HTML = st.one_of(
    TEXT,
    st.lists(
        st.one_of(
            st.builds(_tag, TAGS, ATTRS, st.booleans()),
            TEXT,
            st.sampled_from(
                [
                    "&amp;",
                    "&#0;",
                    "&#xD800;",
                    "&bogus;",
                    "<",
                    ">",
                    "<!",
                    "</",
                    "<a href=",
                    "<![if x]>",
                    "<!DOCTYPE",
                    "&#x110000;",
                ]
            ),
        ),
        max_size=30,
    ).map("".join),
)

FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "300")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def classify(href: str) -> Target:
    target = classify_url(href, SITE, PSL.registrable_domain)
    # The cached classifier the plugin uses, with its fast path, must agree.
    assert Classifier(SITE, PSL.registrable_domain)(href) == target
    return target


@FUZZ
@given(HREFS)
@example('http://"')  # found by the fuzzer: a host of one double quote is valid
@example('http://a"b.com/x"y')  # its path's quote is percent-encoded
def test_classifier_never_fails_and_external_urls_are_clean(href: str) -> None:
    target = classify(href)
    assert target.kind in {"internal", "external", "other", "unsafe", "malformed"}
    if target.kind == "external":
        # A host holds no forbidden domain code point (the WHATWG URL standard) and no
        # uppercase letter; nothing in the URL is a space or a control, and its path holds
        # no quote. (A backtick and a double quote are no forbidden domain code points:
        # `http://a"b.com/` is a valid URL whose host is `a"b.com`, as ada and browsers
        # read it, and every output escapes it where it lands.)
        assert re.fullmatch(
            r"https?://(\[[0-9a-f:.]+\]|[^\s/?#@\[\]\\<>^|%:A-Z]+)(:\d+)?"
            r"/[^\s\"<>`\x00-\x1f\x7f]*",
            target.url,
            re.S,
        ), target.url
        authority = target.url.split("/", 3)[2]
        assert "@" not in authority
        assert target.host.isascii() and target.domain.isascii()
        assert domain_slug(target.domain) and "/" not in domain_slug(target.domain)
    if target.kind == "malformed":
        assert target.reason
    stripped = (
        href.strip("".join(map(chr, range(33))))
        .replace("\t", "")
        .replace("\n", "")
        .replace("\r", "")
    )
    if re.match(r"(?i)(javascript|data|vbscript):", stripped):
        assert target.kind == "unsafe"


@FUZZ
@given(HTML)
def test_scanner_never_fails(html: str) -> None:
    for anchor in iter_links(html):
        assert isinstance(anchor.href, str) and isinstance(anchor.text, str)
        assert anchor.text == collapse(anchor.text)  # ASCII whitespace: U+000B is text


class _WellFormed(HTMLParser):
    """Checks generated HTML: known tags only, balanced, no event handlers, safe links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        assert tag in {
            "h1",
            "h2",
            "p",
            "a",
            "table",
            "thead",
            "tbody",
            "tr",
            "th",
            "td",
            "em",
            "strong",
            "code",
            "meter",
            "ul",
            "li",
            "span",
            "details",
            "summary",
            "style",
            "h3",
            "div",
            "script",
            "figure",
            "figcaption",
            "svg",
            "title",
            "g",
            "text",
            "rect",
            "bdi",
            "wbr",
        }, tag
        for name, value in attrs:
            assert name in {
                *("href", "id", "min", "max", "value", "title", "class", "open", "role"),
                *("viewbox", "width", "height", "style", "aria-label", "fill", "font-size"),
                *("font-family", "x", "y", "text-anchor", "src", "defer", "dir", "lang"),
                *(
                    "data-linkroles-placeholder",
                    "data-linkroles-sort",
                    "data-linkroles-none",
                    "data-sort",
                ),
            }, name
            if name == "class":
                assert value == "linkroles" or (value or "").startswith("linkroles-"), value
            if name == "href":
                self.hrefs.append(value or "")
        if tag != "wbr":  # a void element: it has no end tag
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, (self.stack, tag)
        self.stack.pop()


def assert_well_formed(html: str) -> list[str]:
    checker = _WellFormed()
    checker.feed(html)
    checker.close()
    assert checker.stack == []
    for href in checker.hrefs:
        scheme = re.match(r"([a-zA-Z][a-zA-Z0-9+.-]*):", href)
        assert scheme is None or scheme.group(1) in ("http", "https"), href
    return checker.hrefs


@FUZZ
@given(st.lists(st.tuples(TEXT, HTML), min_size=1, max_size=4))
def test_rendered_pages_are_well_formed_and_the_report_is_valid(
    pages: list[tuple[str, str]],
) -> None:
    graph = LinkGraph()
    for i, (title, html) in enumerate(pages):
        ref = PageRef(f"p{i}/{title}.md", f"p{i}/{title}/", title, title)
        graph.add(collect_page_links(ref, iter_links(html), classify))
    urls = {d.domain: f"backlinks/{domain_slug(d.domain)}/" for d in graph.domains()}
    assert len(set(urls.values())) == len(urls)  # two domains never share a page
    overview = render_overview(graph, title="Backlinks", page_url="backlinks/", domain_urls=urls)
    assert_well_formed(overview.html)
    for profile in graph.domains():
        page = render_domain_page(
            profile,
            page_url=urls[profile.domain],
            overview_url="backlinks/",
            total_pages=len(pages),
        )
        assert_well_formed(page.full_html)
    report = build_report(graph, site_url="https://docs.example.com/", domain_urls=urls)
    assert json.loads(dump_report(report)) == report
    assert report["totals"]["external_links"] == sum(d["links"] for d in report["domains"])


@FUZZ
@given(st.lists(st.one_of(HOSTS, TEXT), min_size=2, max_size=8, unique=True))
def test_slugs_are_safe_and_unique(domains: list[str]) -> None:
    slugs = [domain_slug(d) for d in domains]
    assert len(set(slugs)) == len(slugs)
    for slug in slugs:
        assert re.fullmatch(r"[a-z0-9_~.\-]+", slug) and ".." not in slug
        assert not slug.endswith(".") and len(slug) <= 255
        assert slug.split(".")[0] not in {
            "con",
            "nul",
            "aux",
            "prn",
            "com1",
            "lpt1",
            "index",
            "readme",
        }


# --- Real builds of hostile pages -------------------------------------------------------

HOSTILE = {
    "index.md": """\
        # Home <script>alert("title")</script>

        ## Section "quoted" <img src=x onerror=alert(1)>

        <a href="https://evil.example.org/&quot;onmouseover=&quot;alert(1)" title='"><script>alert(2)</script>'>x</a>
        <a href="https://evil.example.org/{{ config.site_name }}">{{ page.title }} {% raw %}</a>
        <a href="https://evil.example.org/x"><script>alert(3)</script>&lt;b&gt;bold&lt;/b&gt;</a>
        <a href="https://evil.example.org/y" aria-label="</td></tr></table><script>alert(4)</script>"></a>
        <a href="javascript:alert(5)">js</a> <a href=" JaVaScRiPt:alert(6)">js2</a>
        <a href="&#x01;javascript:alert(7)">js3</a> <a href="data:text/html,<script>alert(8)</script>">data</a>
        <a href="vbscript:msgbox(9)">vb</a> <a href="file:///etc/passwd">file</a>
        <a href="https://user:hunter2@private.example.net/">creds</a>
        <a href="https://api.example.net/v1?page=2&amp;api_key=AKIA1234&amp;X-Amz-Signature=deadbeef#access_token=tok123">signed</a>
        <a href="https://аpple.com/login">apple</a>
        """,
}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    root = tmp_path_factory.mktemp("hostile")
    # Its javascript: links would fail the build (`unsafe_link` is an error): the pages are
    # what these tests read, so the rule only warns here.
    config = {"plugins": ["search", {"linkroles": {"rules": {"unsafe_link": "warn"}}}]}
    return build_project(write_project(root, HOSTILE, config), allow_warnings=True)


def generated_html(site: BuiltSite) -> list[str]:
    return [
        p.read_text(encoding="utf-8") for p in sorted((site.site_dir / "backlinks").rglob("*.html"))
    ]


VOID = {"br", "img", "hr", "meta", "link", "input", "rect", "path", "wbr"}


def content_area(page: str) -> str:
    """The generated fragment: from our <h1> to the first end tag of an element the theme
    opened before it (everything generated is balanced, `assert_well_formed` checks)."""
    start = page.index('<h1 id="linkroles-')
    depth = 0
    for tag in re.finditer(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*?(/?)>", page[start:]):
        closing, name, self_closing = tag.groups()
        if name.lower() in VOID or self_closing:
            continue
        depth += -1 if closing else 1
        if depth < 0:
            return page[start : start + tag.start()]
    return page[start:]


def test_nothing_from_a_page_becomes_markup(hostile: BuiltSite) -> None:
    for page in generated_html(hostile):
        content = content_area(page)
        # The one script is the plugin's own file, on the overview.
        ours = re.sub(r'<script src="linkroles\.js" defer></script>', "", content)
        assert "<script" not in ours and "onmouseover=" not in content.replace(
            "onmouseover=%22", ""
        )
        assert "<img" not in content
        hrefs = assert_well_formed(content)
        assert all(
            not h.lower().startswith(("javascript", "data", "vbscript", "file")) for h in hrefs
        )
    evil = hostile.content("backlinks/example.org/")
    assert (
        "&lt;script&gt;alert(3)&lt;/script&gt;" not in evil
    )  # the script element's text is not anchor text
    assert "&lt;b&gt;bold&lt;/b&gt;" in evil
    assert "{{ page.title }} {% raw %}" in evil  # Jinja-looking text stays text
    # The URL as a browser follows it (braces are percent-encoded in a path), not rendered.
    assert "https://evil.example.org/%7B%7B%20config.site_name%20%7D%7D" in evil
    # Markdown 3.10.3 (what Python 3.10 installs here) writes a backslash before each `<` of
    # that attribute in the page; 3.11.3 does not. Either way it is the link's text, escaped.
    label = "&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;&lt;script&gt;alert(4)&lt;/script&gt;"
    assert label in evil.replace("\\&lt;", "&lt;")
    assert 'href="https://evil.example.org/%22onmouseover=%22alert(1)"' in evil


def test_unsafe_links_are_counted_never_rendered(hostile: BuiltSite) -> None:
    [page] = hostile.report["pages"]
    assert page["counts"]["unsafe"] == 5
    assert page["other_schemes"] == {"file": 1}
    # Each is an `unsafe_link` finding, its href as text for the maintainer, and nowhere else.
    unsafe = [f for f in hostile.report["findings"] if f["rule"] == "unsafe_link"]
    assert len(unsafe) == 5 and unsafe[0]["href"] == "javascript:alert(5)"
    rest = dict(hostile.report, findings=[f for f in hostile.report["findings"] if f not in unsafe])
    dumped = json.dumps(rest)
    assert "alert(5)" not in dumped and "etc/passwd" not in dumped
    for html in generated_html(hostile):
        assert "alert(5)" not in html and "etc/passwd" not in html and "msgbox" not in html


def test_credentials_never_reach_pages_or_report(hostile: BuiltSite) -> None:
    everything = hostile.file("linkroles.json") + "".join(generated_html(hostile))
    for secret in ("hunter2", "AKIA1234", "deadbeef", "tok123"):
        assert secret not in everything
    assert "https://private.example.net/" in everything
    assert "api_key=REDACTED" in everything
    warnings = [w for w in hostile.warnings() if "embeds credentials" in w]
    assert warnings[0].startswith(
        "linkroles: index.md:12 (section 'Section \"quoted\"', #section-quoted): "
    )
    assert "link 'https://***@private.example.net/' embeds credentials (user-info)." in warnings[0]
    assert "embeds credentials (query parameter 'api_key', " in warnings[1]
    assert not any(
        secret in w for w in warnings for secret in ("hunter2", "AKIA1234", "deadbeef", "tok123")
    )


def test_mixed_script_domains_show_their_ascii_form(hostile: BuiltSite) -> None:
    domains = {d["domain"]: d for d in hostile.report["domains"]}
    assert domains["xn--pple-43d.com"]["domain_unicode"] == "аpple.com"
    overview = hostile.content("backlinks/")
    assert (
        'аpple.com <code title="real name (ASCII): this name mixes scripts">xn--pple-43d.com</code>'
        in overview
    )


def test_page_titles_and_headings_are_escaped(hostile: BuiltSite) -> None:
    evil = content_area(hostile.page("backlinks/example.org/"))
    assert '<script>alert("title")' not in evil
    assert "onerror=alert(1)>" not in evil
    assert "Section &#34;quoted&#34;" in evil  # markupsafe writes a quote this way


def test_malformed_hrefs_are_reported_once_with_page_and_secrets_hidden(
    build_site: Callable[..., BuiltSite],
) -> None:
    site = build_site(
        {
            "guide/x.md": '<a href="http://[::1?token=abc">a</a><a href="http://[::1?token=abc">b</a><a href="https://u:p@exa mple.org/">c</a>'
        },
        allow_warnings=True,
    )
    assert site.warnings() == [
        "linkroles: guide/x.md:1: link 'http://[::1?token=REDACTED' is not a valid URL: its IPv6 address has no closing ']'. Fix or remove it. To accept it: data-linkroles=\"ignore malformed_link\" on the link, or accept: {malformed_link: [pattern]} or rules: {malformed_link: info} in the plugin's options.",
        "linkroles: guide/x.md:1: link 'https://***@exa mple.org/' is not a valid URL: its host 'exa mple.org' is not a valid host name. Fix or remove it. To accept it: data-linkroles=\"ignore malformed_link\" on the link, or accept: {malformed_link: [pattern]} or rules: {malformed_link: info} in the plugin's options.",
    ]
    assert "abc" not in site.file("linkroles.json")


# --- No network, no stray writes ---------------------------------------------------------


BLOCK_NETWORK = """
import socket, sys
LOG = sys.argv.pop(1)
def refuse(*args, **kwargs):
    with open(LOG, "a") as log:
        log.write(f"network access attempted: {args!r}\\n")
    raise OSError("network is blocked in this test")
socket.socket.connect = socket.socket.connect_ex = refuse
socket.create_connection = socket.getaddrinfo = refuse
sys.argv[0] = "mkdocs"
from mkdocs.__main__ import cli
cli()
"""


def test_a_build_with_sockets_blocked(tmp_path: Path) -> None:
    project = tmp_path / "project"
    write_project(
        project, {"index.md": "[a](https://docs.python.org/) [b](https://alice.github.io/)"}
    )
    attempts = tmp_path / "attempts.log"
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            BLOCK_NETWORK,
            str(attempts),
            "build",
            "--strict",
            "-f",
            str(project / "mkdocs.yml"),
        ],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "HOME": str(tmp_path), "XDG_CACHE_HOME": str(tmp_path / "cache")},
    )
    assert not attempts.exists(), attempts.read_text()
    assert result.returncode == 0, result.stderr
    report = json.loads((project / "site" / "linkroles.json").read_text())
    assert [d["domain"] for d in report["domains"]] == ["alice.github.io", "python.org"]


def run_build(project: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """A build in a fresh interpreter: the suffix list and hashing start from scratch."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "-q",
            "-f",
            str(project / "mkdocs.yml"),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        check=False,
    )


def test_read_only_home_gets_no_cache_and_nothing_is_written_outside_the_site(
    tmp_path: Path,
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    project = tmp_path / "project"
    write_project(project, {"index.md": "[a](https://docs.python.org/)"})
    before = sorted(p.relative_to(project) for p in project.rglob("*"))
    home.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        result = run_build(
            project,
            {
                "HOME": str(home),
                "XDG_CACHE_HOME": str(home / ".cache"),
                "TLDEXTRACT_CACHE": str(home / "tld"),
            },
        )
    finally:
        home.chmod(stat.S_IRWXU)
    assert result.returncode == 0, result.stderr
    assert list(home.iterdir()) == []  # as root the folder is writable: check it stayed empty
    after = sorted(
        p.relative_to(project)
        for p in project.rglob("*")
        if "site" not in p.relative_to(project).parts[:1]
    )
    assert after == before
    assert (project / "site" / "backlinks" / "python.org" / "index.html").exists()


DETERMINISM_DOCS = {
    f"section{i}/page{j}.md": f"# Page {i}.{j}\n\n"
    + " ".join(
        f"[l{k}](https://h{(i * j + k) % 7}.site{(i + k) % 5}.org/p{k}?q={j})" for k in range(12)
    )
    for i in range(4)
    for j in range(4)
}


def test_output_is_byte_identical_whatever_the_hash_seed_and_file_order(tmp_path: Path) -> None:
    outputs = []
    for name, seed, order in (("a", "1", 1), ("b", "4242", -1)):
        project = tmp_path / name
        docs = dict(sorted(DETERMINISM_DOCS.items())[::order])  # files created in another order
        write_project(project, docs)
        result = run_build(project, {"PYTHONHASHSEED": seed})
        assert result.returncode == 0, result.stderr
        site = project / "site"
        files = [*sorted((site / "backlinks").rglob("*.html")), site / "linkroles.json"]
        outputs.append([(f.relative_to(site), f.read_bytes()) for f in files])
    assert outputs[0] == outputs[1]
    assert len(outputs[0]) > 5


# --- Big input (timed in benchmarks/, not here) -------------------------------------------


@pytest.mark.slow
def test_a_page_with_100000_links(tmp_path: Path) -> None:
    links = "\n".join(
        f"- [link {i}](https://h{i % 500}.d{i % 997}.com/p/{i})" for i in range(100_000)
    )
    site = build_project(write_project(tmp_path, {"index.md": "# Many links\n\n" + links}))
    assert site.report["totals"]["external_links"] == 100_000
    assert site.report["totals"]["domains"] == 997
    # A page per domain, the overview's index.html and the overview's script.
    assert len(list((site.site_dir / "backlinks").iterdir())) == 999


@pytest.mark.slow
def test_a_20_megabyte_page(tmp_path: Path) -> None:
    paragraph = "The tide rises and falls twice a day, pulled by the Moon and the Sun. " * 30
    parts = ["# Twenty megabytes"]
    i = 0
    while sum(map(len, parts)) < 20_000_000:
        parts.append(f"{paragraph} See [source {i}](https://h{i % 40}.site{i % 13}.org/p/{i}).")
        i += 1
    site = build_project(write_project(tmp_path, {"index.md": "\n\n".join(parts)}))
    assert site.report["totals"]["external_links"] == i
    assert site.report["totals"]["domains"] == 13
