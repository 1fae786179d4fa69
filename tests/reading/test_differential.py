"""Differential tests: the scanner reads every fragment as html5lib, a spec-compliant parser.

The oracle below is written independently of `mkdocs_linkroles.reading.tree`: a plain recursive
walk of html5lib's tree (html5lib implements the HTML standard's tokenizer and tree
construction, and is the home of the html5lib-tests suite that browsers' parsers are
checked against). The fragments mix everything where a quick reading goes wrong.
"""

from __future__ import annotations

import re
from typing import Any

import html5lib
import markdown
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from mkdocs_linkroles.reading import page as scan
from mkdocs_linkroles.reading import tree
from mkdocs_linkroles.reading.anchors import TEXT_LIMIT, Anchor, Section
from mkdocs_linkroles.reading.marking import mark_external_links

H = "{http://www.w3.org/1999/xhtml}"
S = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}href"
HIDDEN = {"script", "style", "template", "title", "noscript", "iframe", "noembed", "noframes"}
# A table of the DOM standard, not logic: shared with the code under test.
HOSTS = tree.SHADOW_HOST_NAMES


def squash(text: str) -> str:
    text = re.sub(r"[\t\n\f\r ]+", " ", text).strip(" ")
    return text if len(text) <= TEXT_LIMIT else text[: TEXT_LIMIT - 1] + "…"


def children(node: Any, is_root: bool = False) -> list[Any]:
    local = node.tag[len(H) :] if isinstance(node.tag, str) and node.tag.startswith(H) else None
    host = is_root or local in HOSTS or bool(local and re.fullmatch(r"[a-z][^A-Z]*-[^A-Z]*", local))
    kids = list(node)
    if host:
        for kid in kids:
            mode = (kid.get("shadowrootmode") or "").lower() if kid.tag == H + "template" else ""
            if mode in ("open", "closed"):
                return list(kid) + [k for k in kids if k is not kid]
    return kids


def text_of(node: Any, permalinks: bool = True) -> str:
    def walk(n: Any) -> str:
        out = n.text or ""
        for kid in n:
            if isinstance(kid.tag, str):
                hidden = kid.tag.startswith(H) and kid.tag[len(H) :] in HIDDEN
                permalink = (
                    not permalinks
                    and kid.tag == H + "a"
                    and "headerlink" in re.split(r"[\t\n\f\r ]+", kid.get("class") or "")
                )
                if not (hidden or permalink):
                    out += walk(kid)
            out += kid.tail or ""
        return out

    return squash(walk(node))


def oracle(html: str) -> tuple[list[Anchor], str | None]:
    """What html5lib's tree holds: each link in order, and the first `<base href>`."""
    found: list[Anchor] = []
    state: dict[str, Any] = {"section": None, "base": None}

    def visit(node: Any) -> None:
        tag = node.tag
        if not isinstance(tag, str):
            return
        if tag in {f"{H}h{n}" for n in range(1, 7)}:
            state["section"] = Section(node.get("id") or None, text_of(node, False), int(tag[-1]))
        if tag == H + "base" and state["base"] is None and node.get("href") is not None:
            state["base"] = node.get("href")
        href = None
        if tag in (H + "a", H + "area"):
            href = node.get("href")
        elif tag == S + "a":
            href = node.get("href", node.get(XLINK))
        if href is not None:
            title = squash(node.get("title") or "")
            alts = [squash(i.get("alt") or "") for i in node.iter(H + "img")]
            rel = node.get("rel")
            found.append(
                Anchor(
                    href,
                    text_of(node)
                    or squash(node.get("aria-label") or "")
                    or title
                    or squash(node.get("alt") or "")
                    or next((a for a in alts if a), ""),
                    title,
                    tuple(sorted({t.lower() for t in re.split(r"[\t\n\f\r ]+", rel) if t}))
                    if rel
                    else (),
                    (node.get("target") or "").strip("\t\n\f\r "),
                    state["section"],
                    squash(node.get("data-linkroles") or ""),
                )
            )
        if tag != H + "template":
            for kid in children(node):
                visit(kid)

    root = html5lib.parseFragment(html, container="div", scripting=True)
    for kid in children(root, is_root=True):
        visit(kid)
    return found, state["base"]


# Pieces of fragments: links, headings, text, and every construct that a quick reading of
# HTML gets wrong.
NAMES = st.sampled_from(
    [
        "a",
        "A",
        "area",
        "h2",
        "H3",
        "p",
        "div",
        "em",
        "b",
        "code",
        "span",
        "img",
        "table",
        "tr",
        "td",
        "li",
        "svg",
        "math",
        "template",
        "select",
    ]
)
VALUES = st.sampled_from(
    ["x", "https://a.org/?q=1&copy=2&not=3", "&amp;", "&copy", "&copy;x", "a b", " ", "",
     "<a href=z>", ">", "'", '"', "&#1;", "&#x80;", "&#0;", "&#99999999;", "\u00a0", "\x0b",
     "headerlink", "nofollow UGC", "_blank ", "ignore", "open", "closed", "#s"]
)  # fmt: skip


@st.composite
def attributes(draw: Any) -> str:
    out = ""
    for _ in range(draw(st.integers(0, 3))):
        name = draw(
            st.sampled_from(
                [
                    "href",
                    "HREF",
                    "title",
                    "rel",
                    "target",
                    "aria-label",
                    "data-linkroles",
                    "id",
                    "class",
                    "alt",
                    "xlink:href",
                    "shadowrootmode",
                    "/",
                    "x",
                ]
            )
        )
        value = draw(VALUES)
        quote = draw(st.sampled_from(['"', "'", "", "noval"]))
        if quote == "noval":
            out += f" {name}"
        elif quote == "":
            out += f" {name}={value.replace(' ', '').replace('>', '') or 'v'}"
        else:
            out += f" {name}={quote}{value.replace(quote, '')}{quote}"
    return out


TEXTS = st.sampled_from(
    ["text", " two  words ", "&amp; &copy=1 &notit; &#x1; &#128;", "\u00a0nbsp\u00a0", "\x0bvt",
     "\r\n", "\x00", "a<b", "x > y", "]]>", "--", "&", "\t"]
)  # fmt: skip
SPECIAL = st.sampled_from(
    ["<!-- c -->", "<!-->", "<!--->", "<!-- a --!>", "<!--", "<!x>", "<?x>", "</ x>", "</>",
     "<![CDATA[ <a href=c> ]]>", "<!DOCTYPE html>", "<script><!--<script></script>--></script>",
     "<script>if(a<b)</script>", "<script><a href=s></script>", "<style><a href=s></style>",
     "<textarea><a href=t></textarea>", "<title><a href=t></title>", "<xmp><a href=x></xmp>",
     "<iframe><a href=i></iframe>", "<noembed><a href=n></noembed>",
     "<noframes><a href=n></noframes>", "<noscript><a href=n>n</a></noscript>",
     "<plaintext><a href=p>", "<template><a href=t>t</a></template>",
     '<div><template shadowrootmode="open"><a href=d>shadow</a></template><a href=l>light</a></div>',
     "<svg><a href=s1>s</a><a xlink:href=s2><title>t</title>x</a></svg>",
     "<svg><![CDATA[<a href=c>]]></svg>", "<math><mi><a href=m>m</a></mi></math>",
     "<svg><p>breakout<a href=b>b</a></svg>", "<img alt='<a href=q>'>",
     '<span title="x><a href=y>">', "<span title=<a href=z>>", "<base href='https://b.example/'>",
     "<table><a href=f>foster</a><tr><td>c</td></tr></table>", "<a name=n>", "</a>", "</p>",
     "<p><a href=r>one</p><p>two</a>", "<b>x<a href=y>z</b>w</a>",
     '<h2 id="h">H<a class="headerlink" href="#h" title="Permanent link">¶</a></h2>',
     '<a href="https://m.org/"><code>md</code> <em>x</em></a>',
     # Where quoting starts is the standard's business: an `=` that begins a name, a quote
     # inside a name or an unquoted value, attributes of end tags, raw text's start tags.
     '<p ="a b="c><a href=e>x</a>">', '<p a=x`="y b="c><a href=e>x</a>">',
     '<p a"b c="x><a href=e>x</a>">', '</p x=">" <a href=e>x</a>">', "<p a/='x><a href=e>'>",
     '<p a= ><a href=e>x</a>', "<p\tclass='c'\nid=i/>", '<script data-x="</script>"><a href=s>',
     '<img alt="a > b">', "<span title='<b>'>", "<!x <a href=e>>", "</>", "<?x>y</ x>",
     "<table><tr><td>x</td>y</tr></table>", "<table> <tbody>\n</tbody></table>",
     # SVG icons (foreign content that the fast reading reads), and what leaves them.
     '<svg viewBox="0 0 24 24"><path d="M0 0h24"/></svg>', "<svg><title>T</title><g></g></svg>",
     "<svg/>", "<svg><p>out</svg>", "<svg><b>", "</svg>", "<svg><desc>d<path></svg>",
     "<svg><foreignObject><a href=f>f</a></foreignObject></svg>", "<SVG><PATH/></SVG>",
     "<svg><!--! Font Awesome --><path/></svg>", "<svg><!-- </svg> --></svg>", "<svg><!--"]
)  # fmt: skip


@st.composite
def fragments(draw: Any) -> str:
    pieces = []
    for _ in range(draw(st.integers(0, 12))):
        kind = draw(st.integers(0, 4))
        if kind == 0:
            pieces.append(draw(TEXTS))
        elif kind == 1:
            pieces.append(draw(SPECIAL))
        else:
            name = draw(NAMES)
            closing = "/" if draw(st.integers(0, 3)) == 0 else ""
            pieces.append(f"<{closing}{name}{'' if closing else draw(attributes())}>")
    return "".join(pieces)


@st.composite
def markdown_pages(draw: Any) -> str:
    """HTML as Python-Markdown writes it: mostly the fast reading's ground."""
    lines = []
    for _ in range(draw(st.integers(1, 8))):
        kind = draw(st.integers(0, 5))
        word = draw(
            st.sampled_from(
                ["alpha", "b & c", "`code`", "*em*", "**strong**", "x  y", "&copy=1", "<b>raw</b>"]
            )
        )
        url = draw(
            st.sampled_from(["https://a.org/", "https://b.org/?a=1&copy=2", "#local", "other.md"])
        )
        if kind == 0:
            lines.append(f"## {word} [{word}]({url})")
        elif kind == 1:
            lines.append(f'[{word}]({url} "{word}"){{: rel="nofollow" target="_blank" }}')
        elif kind == 2:
            lines.append(f"| h | [{word}]({url}) |\n|---|---|\n| c | d |")
        elif kind == 3:
            lines.append(f"* [{word}]({url})\n* [![{word}](i.png)]({url})")
        elif kind == 4:
            lines.append(f"<{url}> and {word}" if url.startswith("http") else f"[{word}]({url})")
        else:
            lines.append(f"> [{word}]({url}) {word}")
    return markdown.markdown(
        "\n\n".join(lines),
        extensions=["attr_list", "tables", "toc"],
        extension_configs={"toc": {"permalink": True}},
    )


def fast_reading(html: str) -> list[Anchor] | None:
    """The fast reading's result, or None where it hands the page to the exact one."""
    if scan._exact_only(html):
        return None
    try:
        return list(scan._iter_links_fast(html))
    except scan._Inexact:
        return None


DIFFERENTIAL = settings(
    max_examples=int(__import__("os").environ.get("DIFFERENTIAL_EXAMPLES", "400")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@DIFFERENTIAL
@given(fragments())
@example('<a href="https://search.example.org/find?a=1&copy=2&not=3">x</a>')
@example('<img alt="<a href=&quot;https://evil.example/&quot;>">')
@example("<p><a href=x>one</p><p>two</a>")
def test_the_scanner_reads_any_fragment_as_html5lib(html: str) -> None:
    expected, base = oracle(html)
    assert list(scan.iter_links(html)) == expected
    assert tree.read_page(html) == (expected, base)
    assert scan.page_base(html) == base
    fast = fast_reading(html)
    assert fast is None or fast == expected


@DIFFERENTIAL
@given(markdown_pages())
def test_the_fast_reading_reads_markdown_as_html5lib(html: str) -> None:
    expected, _ = oracle(html)
    assert list(scan.iter_links(html)) == expected
    fast = fast_reading(html)
    # Markdown's own output never needs the exact reading (raw HTML aside).
    assert fast == expected or "<b>" in html


def domain_of(href: str) -> str | None:
    return "ex.org" if href.startswith("http") else None


def tree_shape(html: str) -> list[tuple[str, dict[str, str], str, str]]:
    root = html5lib.parseFragment(html, container="div", scripting=True)
    shape = []
    for node in root.iter():
        if isinstance(node.tag, str):
            attrs = dict(node.attrib)
            attrs.pop("data-linkroles-domain", None)
            classes = [
                c for c in (attrs.pop("class", "") or "").split() if c != "linkroles-external"
            ]
            shape.append(
                (node.tag, attrs | {"class": " ".join(classes)}, node.text or "", node.tail or "")
            )
        else:
            shape.append(("#comment", {}, node.text or "", node.tail or ""))
    return shape


@DIFFERENTIAL
@given(st.one_of(fragments(), markdown_pages()))
@example("<img alt='<a href=https://x.org/>'><a href=https://y.org/ title='<a href=z>'>y</a>")
def test_marking_changes_nothing_but_the_external_links_start_tags(html: str) -> None:
    marked = mark_external_links(html, domain_of)
    if marked is None:
        return  # a page that only the exact reading reads is left as it is
    assert tree_shape(marked) == tree_shape(html)
    root = html5lib.parseFragment(marked, container="div", scripting=True)
    for node in root.iter(H + "a"):
        href = node.get("href")
        if href is not None and domain_of(href):
            assert "linkroles-external" in node.get("class", "").split()
            assert node.get("data-linkroles-domain") == "ex.org"
    assert mark_external_links(marked, domain_of) == marked
