"""The generated pages come from templates that a site can replace from its `custom_dir`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import BuiltSite, build_project, plugin_config, write_project
from mkdocs.exceptions import Abort

from mkdocs_linkroles.pages.render import TEMPLATES, headings_of

DOCS = {
    "index.md": "# Home\n\n[a](https://docs.python.org/3/) [b](https://www.python.org/)\n",
    "guide/x.md": "# X\n\n## Part\n\n[c](https://example.org/<b>)\n",
}


def build_with_overrides(
    tmp_path: Path, overrides: dict[str, str], theme: str = "mkdocs", **options: object
) -> BuiltSite:
    root = tmp_path / "project"
    config = write_project(
        root,
        DOCS,
        {
            "theme": {"name": theme, "custom_dir": "overrides"},
            "plugins": plugin_config(page_summary=True, **options),
        },
    )
    (root / "overrides").mkdir()
    for name, text in overrides.items():
        path = root / "overrides" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return build_project(config)


@pytest.mark.parametrize("theme", ["mkdocs", "material"])
def test_a_domain_template_in_custom_dir_replaces_the_plugins(tmp_path: Path, theme: str) -> None:
    site = build_with_overrides(
        tmp_path,
        {
            "linkroles/domain.html": (
                '<h1 id="mine">Who links to {{ name.unicode|e }}</h1>\n'
                '<h2 id="counted">{{ links }} links</h2>\n'
                "<ol>{% for host in linked_hosts %}{% for group in host.groups %}"
                "{% for u in group.urls %}<li>{{ u.url|e }} from "
                "{% for s in u.sources %}{{ s.page|e }} ({{ s.href|e }}){% endfor %}</li>"
                "{% endfor %}{% endfor %}{% endfor %}</ol>\n"
            )
        },
        theme=theme,
    )
    page = site.page("backlinks/python.org/")
    assert "Who links to python.org" in page
    assert "<li>https://docs.python.org/3/ from Home (../../#home)</li>" in page
    # The template's own headings make the table of contents.
    assert 'href="#counted"' in page
    # The other templates are still the plugin's.
    assert "Pages by outbound links" in site.page("backlinks/")
    # The escaping is the template's: a value from a page stays text.
    assert "https://example.org/%3Cb%3E from X" in site.page("backlinks/example.org/")


def test_the_shared_macros_can_be_replaced_too(tmp_path: Path) -> None:
    site = build_with_overrides(
        tmp_path,
        {
            "linkroles/macros.html": (
                "{% macro label(name, t) %}[{{ name.ascii|e }}]{% endmacro %}"
                "{% macro share(count, total, percent) %}{{ percent }} percent{% endmacro %}"
                "{% macro table(header) %}<table>{{ caller() }}</table>{% endmacro %}"
            )
        },
    )
    overview = site.page("backlinks/")
    assert "[python.org]" in overview and "66.7% percent" in overview
    assert "[python.org]</a>: 2 links" in site.page("")  # the page summary uses them as well


def test_the_style_is_on_every_generated_page_and_can_be_replaced(tmp_path: Path) -> None:
    plain = build_with_overrides(tmp_path / "plain", {})
    for url in ("backlinks/", "backlinks/python.org/"):
        assert "<style>ul.linkroles-urls" in plain.page(url)
    mine = build_with_overrides(
        tmp_path / "mine", {"linkroles/style.html": "<style>.mine{color:red}</style>"}
    )
    for url in ("backlinks/", "backlinks/python.org/"):
        assert "<style>.mine{color:red}</style>" in mine.page(url)
        assert "linkroles-urls{" not in mine.page(url)


def test_the_page_summary_template_can_be_replaced(tmp_path: Path) -> None:
    site = build_with_overrides(
        tmp_path,
        {
            "linkroles/page_summary.html": (
                '<h2 id="{{ id|e }}">Elsewhere</h2><p>{% for d in domains %}'
                "{{ d.name.unicode|e }}={{ d.links }};{% endfor %}</p>"
            )
        },
    )
    assert "<p>python.org=2;</p>" in site.page("")


def test_a_template_without_the_unindexed_part_is_indexed_whole(tmp_path: Path) -> None:
    site = build_with_overrides(
        tmp_path,
        {"linkroles/domain.html": '<h1 id="d">D</h1><p class="mine">{{ links }} links</p>'},
        search=True,
    )
    assert '<p class="mine">2 links</p>' in site.page("backlinks/python.org/")
    assert "linkroles-unindexed" not in site.page("backlinks/python.org/")


@pytest.mark.parametrize(
    ("template", "text", "said"),
    [
        # Cannot be read: the line of the syntax error.
        (
            "overview",
            "<h1>\n{% if %}\n",
            r"the template '\S*overrides/linkroles/overview.html', line 2, cannot be read: "
            r".*remove it from the theme's custom_dir",
        ),
        # Fails while rendering: the line where it failed, from Jinja's traceback.
        (
            "domain",
            "<h1>\n\n{{ nothing.here }}",
            r"the template '\S*overrides/linkroles/domain.html' failed at line 3: "
            r"'nothing' is undefined\. .*remove them to use the plugin's own",
        ),
    ],
)
def test_a_template_of_ones_own_that_fails_stops_the_build_with_what_to_fix(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, template: str, text: str, said: str
) -> None:
    with pytest.raises(Abort):
        build_with_overrides(tmp_path, {f"linkroles/{template}.html": text})
    assert re.search("linkroles: " + said, caplog.text)


def test_every_template_is_shipped() -> None:
    from mkdocs_linkroles.pages.render import template_environment

    environment = template_environment()
    for name in (*TEMPLATES, "linkroles/macros.html", "linkroles/style.html"):
        environment.get_template(name)


def test_headings_are_read_from_the_output() -> None:
    html = '<h1 id="a">T <code>x</code></h1><p>x</p><h2 class="c" id="b&amp;c">B &lt;</h2><h3>no id</h3>'
    assert [(h.level, h.id, h.text) for h in headings_of(html)] == [
        (1, "a", "T x"),
        (2, "b&c", "B <"),
    ]
