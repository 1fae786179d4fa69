from __future__ import annotations

import markdown
from hypothesis import given, settings
from hypothesis import strategies as st

from mkdocs_linkroles.reading.page import (
    _TOKEN,
    Anchor,
    Section,
    _exact_only,
    _iter_links_fast,
    iter_links,
)


def links(html: str) -> list[Anchor]:
    return list(iter_links(html))


def test_anchor_text_is_collapsed_text_only() -> None:
    [a] = links('<p><a href="https://x.org/">Read\n  the <b>fine</b>\tmanual</a></p>')
    assert a == Anchor("https://x.org/", "Read the fine manual", "", (), "", None, "")


def test_icon_only_links_fall_back_to_aria_label_title_then_alt() -> None:
    found = links(
        '<a href="1" aria-label="GitHub" title="Repo"><svg><path/></svg></a>'
        '<a href="2" title="Repository"><span class="twemoji"></span></a>'
        '<a href="3"><img src="logo.png" alt="Logo of X"></a>'
        '<a href="4"></a>'
    )
    assert [a.text for a in found] == ["GitHub", "Repository", "Logo of X", ""]
    assert found[1].title == "Repository"


def test_area_links_are_found() -> None:
    [a] = links('<map><area shape="rect" href="https://m.org/" alt="Map of M"></map>')
    assert (a.href, a.text) == ("https://m.org/", "Map of M")


def test_nearest_heading_above_the_link() -> None:
    html = (
        '<a href="0">before</a><h1 id="title">Title</h1><a href="1">one</a>'
        '<h2 id="install">Install <a class="headerlink" href="#install">¶</a></h2>'
        '<p><a href="2">two</a></p><h3>No id</h3><a href="3">three</a>'
    )
    found = links(html)
    assert [a.section for a in found] == [
        None,
        Section("title", "Title", 1),
        Section("install", "Install", 2),
        Section("install", "Install", 2),
        Section(None, "No id", 3),
    ]


def test_link_inside_heading_belongs_to_that_heading() -> None:
    [a] = links('<h2 id="s"><a href="https://x.org/">X</a> section</h2>')
    assert a.section == Section("s", "X section", 2)


def test_rel_target_and_title() -> None:
    [a] = links('<a href="x" rel="NoFollow  ugc nofollow" target="_blank" title=" T  t ">y</a>')
    assert a.rel == ("nofollow", "ugc")
    assert a.target == "_blank"
    assert a.title == "T t"


def test_entities_in_href_are_decoded() -> None:
    [a] = links('<a href="https://x.org/?a=1&amp;b=2">x &amp; y</a>')
    assert a.href == "https://x.org/?a=1&b=2"
    assert a.text == "x & y"


def test_scripts_styles_and_anchors_without_href_are_ignored() -> None:
    html = (
        "<script>document.write('<a href=\"https://no.org\">x</a>')</script>"
        '<style>a[href="https://no.org"]{}</style><a name="anchor">named</a>'
        '<pre><code>&lt;a href="https://code.org"&gt;</code></pre>'
    )
    assert links(html) == []


def test_tag_names_are_read_in_any_case() -> None:
    lower = (
        '<h2 id="s">S</h2><a href="https://a.org/" rel="nofollow">a</a>'
        '<script>"<a href=\'https://no.org\'>"</script><title><a href="https://no.org">'
        '</title><map><area href="https://b.org/" alt="B"></map>'
    )
    mixed = (
        '<H2 ID="s">S</H2><A HREF="https://a.org/" REL="nofollow">a</A>'
        '<SCRIPT>"<a href=\'https://no.org\'>"</Script><Title><a href="https://no.org">'
        '</TITLE><MAP><AREA HREF="https://b.org/" ALT="B"></MAP>'
    )
    found = links(mixed)
    assert [(a.href, a.text, a.rel) for a in found] == [
        ("https://a.org/", "a", ("nofollow",)),
        ("https://b.org/", "B", ()),
    ]
    assert found == links(lower)


def test_unclosed_and_nested_anchors_close_like_in_browsers() -> None:
    found = links('<a href="1">one<a href="2">two')
    assert [(a.href, a.text) for a in found] == [("1", "one"), ("2", "two")]


def test_repeated_attribute_keeps_the_first_value() -> None:
    [a] = links('<a href="first" href="second">x</a>')
    assert a.href == "first"


def test_inline_markup_in_link_and_heading_texts_is_text() -> None:
    # `[`argparse`](...)` and headings that name an option: common in docs.
    link = '<a href="https://x.org/"><code>arg  parse</code> &amp; <em>more</em></a>'
    heading = (
        '<h2 id="opt">The <code>strict</code> option<a class="headerlink" href="#opt">¶</a></h2>'
    )
    found = links(heading + link)
    assert [(a.text, a.section) for a in found] == [
        ("¶", Section("opt", "The strict option", 2)),
        ("arg parse & more", Section("opt", "The strict option", 2)),
    ]


def test_markdowns_links_are_read_in_one_step() -> None:
    # What Python-Markdown writes for the usual links: each is one token of the fast branch
    # (a link with other markup inside is read tag by tag, to the same result).
    source = (
        "[plain](https://a.org/) [`argparse`](https://b.org/) "
        "[*some* **more** `code`](https://c.org/) [wrapped\nover  lines](https://d.org/) "
        '[sponsor](https://e.org/){: rel="sponsored" } [a &amp; b](https://f.org/?x=1&y=2)'
    )
    html = markdown.markdown(source, extensions=["attr_list"])
    tokens = list(_TOKEN.finditer(html))
    assert len(tokens) == 6
    assert all(token.group(3) is not None for token in tokens)  # the href of the fast branch
    assert [(a.href, a.text, a.rel) for a in links(html)] == [
        ("https://a.org/", "plain", ()),
        ("https://b.org/", "argparse", ()),
        ("https://c.org/", "some more code", ()),
        ("https://d.org/", "wrapped over lines", ()),
        ("https://e.org/", "sponsor", ("sponsored",)),
        ("https://f.org/?x=1&y=2", "a & b", ()),
    ]


def test_links_come_in_document_order() -> None:
    found = links("".join(f'<a href="{i}">{i}</a>' for i in range(50)))
    assert [a.href for a in found] == [str(i) for i in range(50)]


def test_pathological_markup_is_linear() -> None:
    # Each of these once made a regular expression backtrack exponentially, or would if
    # a pattern could cut a run of characters in more than one way.
    for html in (
        "<a " + "b" * 40,
        "<a " + "b=c" * 40,
        "<a" + " x" * 5000 + "<",
        '<a href="' + "x" * 100000,
        "<p " + "b" * 40 + '"',
        "<p " + "b=c " * 40 + "`",
        "<p" + " x/" * 5000 + "<",
    ):
        assert list(iter_links(html * 3)) is not None


def test_bogus_comments_in_link_and_heading_texts_are_not_text() -> None:
    # `<!x>`, `<?x>`, `</ x>` and CDATA outside foreign content are comments; `</>` is
    # nothing at all.
    for bogus in ("<!x>", "<?x>", "</ x>", "</>", "<![CDATA[q]]>", "<!DOCTYPE html>"):
        html = f'<h2 id="h">a{bogus}b</h2><p><a href="https://x.org/">c{bogus}d</a></p>'
        (found,) = links(html)
        assert (found.text, found.section) == ("cd", Section("h", "ab", 2))


def test_markup_inside_another_tag_is_not_read() -> None:
    # Where a quoted value starts is the standard's business: after `=` that follows a
    # name, not one that starts a name or follows a quoted value.
    for html in (
        '<p ="a b="c><a href="https://evil.example/">x</a>">',
        '<p a=x`="y b="c><a href="https://evil.example/">x</a>">',
        '</p x=">" <a href="https://evil.example/">x</a>">',
        '<!x <a href="https://evil.example/">>',
        '<script data-x="</script>"><a href="https://evil.example/">x</a></script>',
    ):
        assert [a.href for a in links(html)] == [], html


def test_a_heading_inside_a_link_starts_after_the_link() -> None:
    # The nearest heading is the one whose start tag comes before the link's: a heading
    # inside the link gives its section to the links after it. Both the heading fast path
    # (Python-Markdown's markup) and the generic path.
    for heading in ('<h2 id="card">Card</h2>', '<h2 class="x" id="card">Card</h2>'):
        found = links(f'<a href="https://c.org/">{heading}</a><a href="https://d.org/">d</a>')
        assert [(a.href, a.text, a.section) for a in found] == [
            ("https://c.org/", "Card", None),
            ("https://d.org/", "d", Section("card", "Card", 2)),
        ]


def test_a_link_that_the_browser_splits_is_two_links() -> None:
    # The permalink's <a> inside the open link: the adoption agency closes the outer link
    # before the heading and reopens it inside, as html5lib and browsers build it.
    html = (
        '<a href="https://c.org/"><h2 id="card">Card<a class="headerlink" href="#card" '
        'title="Permanent link">¶</a></h2></a><p><a href="https://d.org/">d</a></p>'
    )
    card = Section("card", "Card", 2)
    assert [(a.href, a.text, a.section) for a in links(html)] == [
        ("https://c.org/", "", None),
        ("https://c.org/", "Card", card),
        ("#card", "¶", card),
        ("https://d.org/", "d", card),
    ]
    # A block closing around an open link: the link is reopened after it.
    assert [(a.href, a.text) for a in links('<p><a href="x">one</p><p>two</a></p>')] == [
        ("x", "one"),
        ("x", "two"),
    ]


def test_data_linkroles_marker_is_read() -> None:
    found = links(
        '<a href="https://a.org/" data-linkroles=" ignore  insecure ">a</a><a href="https://b.org/">b</a>'
    )
    assert [a.marker for a in found] == ["ignore insecure", ""]


# The scanner reads Python-Markdown's usual markup in one step (a fast branch of its
# tokenizer) and anything else tag by tag. Both readings must agree: the same links,
# written so that only the generic path can read them (an extra attribute, names in
# capitals), give the same anchors.
_WORD = st.one_of(
    st.text(alphabet="ab<>&;\"' \n\t\u00a0#é", min_size=0, max_size=6).map(
        lambda text: text.replace("<", "&lt;").replace('"', "&quot;")
    ),
    st.sampled_from(["&amp;", "&para;", "&#x27;", "&lt;b&gt;", "x" * 600]),
)
_PHRASE = st.lists(_WORD, max_size=4).map(" ".join)
# Link and heading texts may also hold inline markup: Markdown's (which the fast branches
# read), other tags, and tags left open.
_MARKUP_WORD = st.sampled_from(
    ["<code>a  b</code>", "<em>é</em>", "<strong>&amp;</strong>", "<code>", "</em>", "<b>x</b>"]
)
_TEXT = st.lists(st.one_of(_WORD, _MARKUP_WORD), max_size=4).map(" ".join)
_ATTRIBUTE_NAMES = st.sampled_from(
    ["rel", "target", "title", "aria-label", "data-linkroles", "REL", "Title"]
)


@st.composite
def _documents(draw: st.DrawFn) -> tuple[str, str]:
    fast, generic = [], []
    for _ in range(draw(st.integers(0, 6))):
        if draw(st.booleans()):
            href = draw(_PHRASE)
            attributes = "".join(
                f' {name}="{draw(_PHRASE)}"' for name in draw(st.lists(_ATTRIBUTE_NAMES))
            )
            text = draw(_TEXT)
            fast.append(f'<p>x <a href="{href}"{attributes}>{text}</a> y</p>')
            a, href_name = ("A", "HREF") if draw(st.booleans()) else ("a", "href")
            generic.append(
                f'<p>x <{a} class="c" {href_name}="{href}"{attributes}>{text}</{a}> y</p>'
            )
        else:
            level, heading_id, text = draw(st.integers(1, 6)), draw(_PHRASE), draw(_TEXT)
            permalink = ""
            if draw(st.booleans()):
                title = f' title="{draw(_PHRASE)}"' if draw(st.booleans()) else ""
                permalink = f'<a class="headerlink" href="#{heading_id}"{title}>{draw(_PHRASE)}</a>'
            fast.append(f'<h{level} id="{heading_id}">{text}{permalink}</h{level}>')
            h = "H" if draw(st.booleans()) else "h"
            generic.append(
                f'<{h}{level} class="c" id="{heading_id}">{text}{permalink}</{h}{level}>'
            )
    return "\n".join(fast), "\n".join(generic)


@settings(max_examples=300, deadline=None)
@given(_documents())
def test_markdowns_markup_reads_the_same_in_one_step_as_tag_by_tag(
    documents: tuple[str, str],
) -> None:
    fast, generic = documents
    assert links(fast) == links(generic)


ICON = (
    '<span class="twemoji"><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">'
    '<path d="M12 2A10 10 0 0 0 2 12c0 4.42"/></svg></span>'
)


def test_svg_icons_are_read_by_the_fast_reading() -> None:
    # Material's icons (`:material-github:`) put an SVG in links and headings: foreign
    # content, which the fast reading reads when it is plain shapes.
    html = (
        f'<h2 id="links">{ICON} Links</h2>'
        f'<p><a class="md-button" href="https://github.com/x">{ICON} GitHub</a></p>'
    )
    assert _exact_only(html) is False
    found = list(_iter_links_fast(html))
    assert found == links(html)
    assert [(a.text, a.section) for a in found] == [("GitHub", Section("links", "Links", 2))]
    # Font Awesome's icons hold a comment.
    awesome = ICON.replace("<path", "<!--! Font Awesome Free 6 by @fontawesome --><path")
    assert list(_iter_links_fast(html.replace(ICON, awesome))) == found
