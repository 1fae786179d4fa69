"""A domain page's list of linked URLs: the plugin's Python writes what the template writes.

`pages/linked.py` stands for `linkroles/linked_urls.html` (and its `label` macro) while a
site replaces neither. These tests hold the two to each other, byte for byte: on values
drawn at random, hostile ones included, in every shipped language; and on whole sites
built by MkDocs, once with the plugin's template and once with a copy of it in the
theme's `custom_dir` (which Jinja renders).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import build_project, plugin_config, write_project
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mkdocs_linkroles.pages import linked
from mkdocs_linkroles.pages.messages import Messages, languages
from mkdocs_linkroles.pages.render import (
    OWN_TEMPLATES,
    HostGroup,
    LinkedURL,
    Name,
    PathGroup,
    Source,
    URLHealth,
    template_environment,
)

# Text a stranger's page can hold: markup, quotes, entities, bidi controls, right-to-left
# letters, dots and slashes (where `breakable` breaks), NUL (its slow path) and long runs.
HOSTILE = st.text(
    alphabet=st.sampled_from(
        [*"ab./-_ &<>'\"#?=%", "\u202e", "\u2067", "\u05d0", "\u0627", "\x00", "é", "😀"]
    ),
    max_size=40,
)
NAMES = st.builds(Name, HOSTILE, HOSTILE, st.booleans())
SOURCES = st.builds(
    Source,
    HOSTILE,
    HOSTILE,
    HOSTILE,
    HOSTILE,
    st.sampled_from(["", "nofollow", "nofollow ugc", '"><x']),
    st.lists(st.tuples(HOSTILE, st.sampled_from(["warn", "error", "<b>"])), max_size=2).map(tuple),
)
HEALTH = st.one_of(
    st.none(),
    st.builds(
        URLHealth,
        st.sampled_from(["ok", "redirected", "broken", "unreachable", "excluded"]),
        st.one_of(st.none(), st.sampled_from([0, 301, 404])),
        HOSTILE,
        HOSTILE,
    ),
)
URLS = st.builds(LinkedURL, HOSTILE, HOSTILE, st.booleans(), st.lists(SOURCES, max_size=3), HEALTH)
GROUPS = st.builds(
    PathGroup,
    HOSTILE,
    st.integers(0, 2000),
    st.lists(URLS, max_size=3),
    st.booleans(),
    st.booleans(),
    st.booleans(),
)
HOSTS = st.lists(
    st.builds(
        HostGroup,
        NAMES,
        st.integers(0, 5000),
        st.integers(0, 5000),
        st.lists(GROUPS, max_size=3),
        st.lists(GROUPS, max_size=2),
    ),
    max_size=3,
)
LANGUAGES = [Messages(language) for language in ("en", "ar", "de", "ja")]


TEMPLATES = template_environment()  # once: each example would compile the template again


def jinja(hosts: list[HostGroup], t: Messages) -> str:
    return TEMPLATES.get_template(linked.TEMPLATE).render(t=t, linked_hosts=hosts)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(HOSTS, st.sampled_from(LANGUAGES))
def test_python_writes_what_the_template_writes(hosts: list[HostGroup], t: Messages) -> None:
    assert linked.render(hosts, t) == jinja(hosts, t)


@pytest.mark.parametrize("language", languages())
def test_every_language_is_written_alike(language: str) -> None:
    t = Messages(language)
    source = Source("../../#a", "Guide \u202e", "Part", "text", "nofollow", (("rule", "warn"),))
    url = LinkedURL("https://xn--bcher-kva.example/a/b", "https://bücher.example/a/b", True, [])
    hosts = [
        HostGroup(
            Name("xn--bcher-kva.example", "bücher.example", False),
            1234,
            2,
            [
                PathGroup("/a/", 3, [url._replace(sources=[source] * 3)], True, True, False),
                PathGroup("/own/", 1, [url._replace(sources=[source])], True, False, True),
            ],
            [PathGroup("/b/", 1, [url._replace(web=False, sources=[source])], False, False, False)],
        )
    ]
    assert linked.render(hosts, t) == jinja(hosts, t)


def test_the_plugins_own_templates_are_told_from_a_sites(tmp_path: Path) -> None:
    from jinja2 import ChoiceLoader, Environment, FileSystemLoader

    assert linked.own(template_environment())
    for name in linked.REPLACED_BY:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("mine", encoding="utf-8")
        loader = ChoiceLoader([FileSystemLoader(str(tmp_path)), FileSystemLoader(OWN_TEMPLATES)])
        assert not linked.own(Environment(loader=loader))
        (tmp_path / name).unlink()


DOCS = {
    "index.md": (
        "# Home\n\n## Links \u202e here\n\n"
        "[a](https://docs.python.org/3/) [b](https://docs.python.org/3/) "
        "[c](https://www.python.org/about/) [d](https://github.com/me/repo/issues/1) "
        "[e](https://github.com/other/thing) [f](https://xn--bcher-kva.example/)\n"
    ),
    "guide/x.md": (
        "# X\n\n## Part <b>\n\n[c](https://example.org/<b>) [“q” & 'r'](https://docs.python.org/3/)"
        ' <a href="https://github.com/me/repo" rel="nofollow">repo</a>\n'
    ),
}


@pytest.mark.parametrize(("theme", "language"), [("mkdocs", "en"), ("material", "ar")])
def test_a_copy_of_the_template_in_custom_dir_gives_the_same_site(
    tmp_path: Path, theme: str, language: str
) -> None:
    sites = []
    for variant in ("own", "copy"):
        root = tmp_path / variant
        config = write_project(
            root,
            DOCS,
            {
                "repo_url": "https://github.com/me/repo",
                "theme": {"name": theme, "custom_dir": "overrides", "language": language},
                "plugins": plugin_config(show_findings="always"),
            },
        )
        overrides = root / "overrides" / "linkroles"
        overrides.mkdir(parents=True)
        if variant == "copy":  # rendered by Jinja, as a site's own template is
            copied = Path(OWN_TEMPLATES, linked.TEMPLATE).read_text(encoding="utf-8")
            (overrides / "linked_urls.html").write_text(copied, encoding="utf-8")
        sites.append(build_project(config))
    own, copy = sites
    pages = sorted(
        p.relative_to(own.site_dir) for p in (own.site_dir / "backlinks").rglob("*.html")
    )
    assert len(pages) >= 5
    for page in pages:
        assert (own.site_dir / page).read_bytes() == (copy.site_dir / page).read_bytes(), page
    assert "github.com/me/repo" in own.page("backlinks/github.com/")


def test_a_sites_own_list_is_rendered_by_jinja(tmp_path: Path) -> None:
    root = tmp_path / "project"
    config = write_project(
        root,
        DOCS,
        {"theme": {"name": "mkdocs", "custom_dir": "overrides"}, "plugins": plugin_config()},
    )
    (root / "overrides" / "linkroles").mkdir(parents=True)
    (root / "overrides" / "linkroles" / "linked_urls.html").write_text(
        "<ol>{% for host in linked_hosts %}<li>{{ host.name.ascii|e }}: {{ host.links }}</li>"
        "{% endfor %}</ol>",
        encoding="utf-8",
    )
    page = build_project(config).page("backlinks/python.org/")
    assert "<ol><li>docs.python.org: 3</li><li>www.python.org: 1</li></ol>" in page
