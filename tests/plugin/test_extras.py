"""Reader-facing extras: marked external links, the per-page summary, the stylesheet."""

from __future__ import annotations

from collections.abc import Callable

from helpers import BuiltSite, plugin_config, text_of

from mkdocs_linkroles.links.records import ExternalLink
from mkdocs_linkroles.pages.render import render_page_summary
from mkdocs_linkroles.reading.marking import mark_external_links
from mkdocs_linkroles.reading.page import iter_links


def domains(href: str) -> str | None:
    return {"https://a.org/": "a.org", "https://b.org/x?y=1&z=2": "b.org"}.get(href)


def test_only_external_links_are_marked_and_the_rest_is_kept() -> None:
    html = (
        '<p>See <a href="https://a.org/" class="x" title="A &amp; B">A</a>, '
        '<a href="../local/">local</a> and <a href="https://b.org/x?y=1&amp;z=2">B</a>.</p>'
        '<!-- <a href="https://a.org/">in a comment</a> -->'
        "<script>document.write('<a href=\"https://a.org/\">');</script>"
    )
    marked = mark_external_links(html, domains)
    assert marked == (
        '<p>See <a class="x linkroles-external" data-linkroles-domain="a.org" '
        'href="https://a.org/" class="x" title="A &amp; B">A</a>, <a href="../local/">local</a>'
        ' and <a class="linkroles-external" data-linkroles-domain="b.org" '
        'href="https://b.org/x?y=1&amp;z=2">B</a>.</p>'
        '<!-- <a href="https://a.org/">in a comment</a> -->'
        "<script>document.write('<a href=\"https://a.org/\">');</script>"
    )
    # Marking is idempotent, and the scanner reads the marked page the same way.
    assert mark_external_links(marked, domains) == marked
    assert [a.href for a in iter_links(marked)] == [a.href for a in iter_links(html)]
    # A script's text is text, whatever it looks like.
    script = "<script>var s = '<a href=\"https://c.org/\">';</script>"
    assert mark_external_links(html + script, domains) == marked + script
    # A quoted value that holds `>` sends a page to the exact reading, which does not know
    # where tags are in the source: left unmarked.
    assert mark_external_links(html + '<img alt="a > b">', domains) is None


def test_page_summary_groups_by_domain_and_escapes() -> None:
    def link(url: str, domain: str) -> ExternalLink:
        return ExternalLink(url, domain, domain, "name", "t", "", (), "", None, ())

    html = render_page_summary(
        [
            link("https://x/1", "b.org"),
            link("https://x/2", "a.org"),
            link("https://x/3", "b.org"),
            link("https://x/4", "<evil>.org"),
        ],
        page_url="guide/install/",
        domain_urls={"b.org": "backlinks/b.org/", "a.org": "backlinks/a.org/"},
    )
    assert html.startswith('<h2 id="linkroles-external-links">External links on this page</h2>')
    assert '<li><a href="../../backlinks/b.org/">b.org</a>: 2 links</li>' in html
    assert html.index("b.org") < html.index("a.org")
    assert "<li>&lt;evil&gt;.org: 1 link</li>" in html  # no page: not a link
    assert render_page_summary([], page_url="x/", domain_urls={}) == ""


def test_marked_links_summary_and_stylesheet_on_a_real_build(
    build_site: Callable[..., BuiltSite],
) -> None:
    docs = {
        "index.md": "# Home\n\n[py](https://docs.python.org/3/) [in](other.md) "
        "[gh](https://alice.github.io/){: .button }\n",
        "other.md": "# Other\n\nNo external links.\n",
    }
    site = build_site(
        docs,
        {
            "plugins": plugin_config(
                mark_links=True, mark_links_stylesheet=True, page_summary=True
            ),
            "markdown_extensions": ["attr_list"],
        },
    )
    home = site.page("")
    assert (
        '<a class="linkroles-external" data-linkroles-domain="python.org" '
        'href="https://docs.python.org/3/">py</a>' in home
    )
    assert (
        '<a class="button linkroles-external" data-linkroles-domain="alice.github.io" '
        'class="button" href="https://alice.github.io/">gh</a>' in home
    )
    assert '<a href="other/">in</a>' in home
    assert 'href="backlinks/linkroles.css"' in home
    assert (site.site_dir / "backlinks" / "linkroles.css").read_text().startswith("/* mkdocs")
    summary = home[home.index('id="linkroles-external-links"') :]
    assert 'href="#linkroles-external-links"' in home  # in the table of contents
    assert '<a href="backlinks/python.org/">python.org</a>: 1 link' in summary
    assert "External links on this page" not in site.page("other/")
    # The generated pages are not marked or summarised; the report is unchanged by both.
    assert "linkroles-external" not in site.page("backlinks/python.org/").split("<article")[-1]
    assert [link["url"] for link in site.report["pages"][0]["links"]] == [
        "https://docs.python.org/3/",
        "https://alice.github.io/",
    ]
    assert "linkroles: 2 external links to 2 domains from 1 of 2 pages; wrote 3 pages" in " ".join(
        site.infos()
    )
    assert text_of(summary.split("</ul>")[0]).endswith(
        "External links on this page alice.github.io : 1 link python.org : 1 link"
    )


def test_page_summary_links_from_pages_at_the_root_without_directory_urls(
    build_site: Callable[..., BuiltSite],
) -> None:
    site = build_site(
        {"index.md": "# Home\n\n[py](https://docs.python.org/3/)\n"},
        {"plugins": plugin_config(page_summary=True), "use_directory_urls": False},
    )
    home = (site.site_dir / "index.html").read_text()
    summary = home[home.index('id="linkroles-external-links"') :]
    assert '<a href="backlinks/python.org.html">python.org</a>: 1 link' in summary
    assert (site.site_dir / "backlinks" / "python.org.html").is_file()


def test_page_summary_title_is_the_heading_on_the_page_and_in_its_contents(
    build_site: Callable[..., BuiltSite],
) -> None:
    site = build_site(
        {"index.md": "# Accueil\n\n[py](https://docs.python.org/3/)\n"},
        {"plugins": plugin_config(page_summary=True, page_summary_title=" Liens <externes> ")},
    )
    home = site.page("")
    heading = '<h2 id="linkroles-external-links">Liens &lt;externes&gt;</h2>'
    assert heading in home
    # The theme's table of contents lists it under the page's title, escaped there too.
    contents = home[: home.index(heading)]
    assert '<a href="#linkroles-external-links" class="nav-link">Liens &lt;externes&gt;</a>' in (
        contents
    )
    assert "External links on this page" not in home and "<externes>" not in home


def test_extras_are_off_by_default(build_site: Callable[..., BuiltSite]) -> None:
    site = build_site({"index.md": "[py](https://docs.python.org/3/)\n"})
    home = site.page("")
    assert "linkroles-external" not in home and "linkroles.css" not in home
    assert "External links on this page" not in home
