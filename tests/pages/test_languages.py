"""The generated pages in the site's language: the catalogues, their plurals, and builds in
every shipped language."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from babel import Locale
from helpers import ENGLISH_AND_FRENCH, BuiltSite, build_project, plugin_config, write_project

from mkdocs_linkroles.pages.messages import Messages, catalogue_for, languages

LOCALES = Path(__file__).parents[2] / "mkdocs_linkroles" / "locales"
ENGLISH = json.loads((LOCALES / "en.json").read_text(encoding="utf-8"))
SHIPPED = [name for name in languages() if name != "en"]
REQUIRED = {"de", "fr", "es", "pt_BR", "it", "nl", "pl", "ru", "ja", "zh_Hans", "ko", "ar", "he"}
FIELD = re.compile(r"\{(\w+)\}")
TAG = re.compile(r"</?\w+")

# Material's `theme.language` for each catalogue.
MATERIAL = {"pt_BR": "pt-BR", "zh_Hans": "zh"}


def catalogue(name: str) -> dict[str, Any]:
    messages: dict[str, Any] = json.loads((LOCALES / f"{name}.json").read_text(encoding="utf-8"))
    return messages


def test_the_required_languages_are_shipped() -> None:
    assert set(SHIPPED) >= REQUIRED


@pytest.mark.parametrize("name", SHIPPED)
def test_a_catalogue_has_every_message_with_its_placeholders(name: str) -> None:
    messages = catalogue(name)
    assert list(messages) == list(ENGLISH)
    categories = {Locale.parse(name).plural_form(n) for n in range(201)}
    for key, english in ENGLISH.items():
        mine = messages[key]
        if isinstance(english, str):
            assert isinstance(mine, str), key
            assert set(FIELD.findall(mine)) == set(FIELD.findall(english)), key
            assert sorted(TAG.findall(mine)) == sorted(TAG.findall(english)), key
            texts = [mine]
        else:
            assert isinstance(mine, dict) and "other" in mine, key
            assert categories <= set(mine), (key, categories - set(mine))
            needed = set(FIELD.findall(english["other"])) - {"count"}
            for form in mine.values():
                assert needed <= set(FIELD.findall(form)) <= needed | {"count"}, key
                tags = TAG.findall(form)  # a form may leave out its number, and the number's tags
                assert set(tags) <= set(TAG.findall(english["other"])), key
                assert all(tags.count(f"<{t}") == tags.count(f"</{t}") for t in ("strong", "em"))
            texts = list(mine.values())
        for text in texts:
            assert '"' not in text, key  # messages go into attributes too
            assert "TODO" not in text and "FIXME" not in text and text.strip(), key


PLURALS = {
    "en": ["0 links", "1 link", "2 links", "5 links", "21 links", "22 links"],
    "fr": ["0 lien", "1 lien", "2 liens", "5 liens", "21 liens", "22 liens"],
    "de": ["0 Links", "1 Link", "2 Links", "5 Links", "21 Links", "22 Links"],
    "pl": ["0 linków", "1 link", "2 linki", "5 linków", "21 linków", "22 linki"],
    "ru": ["0 ссылок", "1 ссылка", "2 ссылки", "5 ссылок", "21 ссылка", "22 ссылки"],
    "ar": ["لا روابط", "رابط واحد", "رابطان", "5 روابط", "21 رابطًا", "22 رابطًا"],
    "he": ["0 קישורים", "קישור אחד", "שני קישורים", "5 קישורים", "21 קישורים", "22 קישורים"],
    "ja": [
        "0 件のリンク",
        "1 件のリンク",
        "2 件のリンク",
        "5 件のリンク",
        "21 件のリンク",
        "22 件のリンク",
    ],
}


@pytest.mark.parametrize("name", sorted(PLURALS))
def test_plurals_follow_the_language(name: str) -> None:
    t = Messages(name)
    assert [str(t.plural("count.links", n)) for n in (0, 1, 2, 5, 21, 22)] == PLURALS[name]


def test_numbers_are_written_as_the_language_writes_them() -> None:
    assert Messages("en").number(1234) == "1,234"
    assert Messages("de").number(1234) == "1.234"
    assert Messages("fr").number(1234) == "1\u202f234"
    assert Messages("en").percent(1, 8) == "12.5%"
    assert Messages("de").percent(1, 8) == "12,5\xa0%"


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("de", "de"),
        ("pt-BR", "pt_BR"),
        ("pt", "pt_BR"),
        ("zh", "zh_Hans"),
        ("zh_CN", "zh_Hans"),
        ("en_US", "en"),
        ("fr-CA", "fr"),
        ("sv", None),
        (None, "en"),
    ],
)
def test_language_tags_find_their_catalogue(tag: str | None, expected: str | None) -> None:
    assert catalogue_for(tag) == expected


DOCS = {
    "index.md": "# Home\n\n## Part\n\n[a](https://docs.python.org/3/) [b](https://www.python.org/)"
    " [c](https://pypi.org/) [d](http://localhost:8000/){target=_blank}\n",
    "guide.md": "# Guide\n\n[e](https://docs.python.org/3/library/) [f](https://www.müller.de/)\n",
}


def english_texts(messages: dict[str, Any], english: dict[str, Any]) -> list[str]:
    """English texts the pages must not show: those of messages the language words
    differently, their values left out."""
    everything = json.dumps(messages, ensure_ascii=False)  # words the language uses too
    texts = []
    for key, value in english.items():
        forms = value.values() if isinstance(value, dict) else [value]
        mine = messages[key]
        theirs = mine.values() if isinstance(mine, dict) else [mine]
        for form in forms:
            if form in theirs:
                continue  # the same word in both ("Links", "Hosts", "ASCII")
            for piece in FIELD.split(re.sub(r"<[^>]+>", "", form))[::2]:
                piece = piece.strip(" .,:;()")
                if len(piece) > 3 and not re.search(
                    rf"(?<!\w){re.escape(piece)}(?!\w)", everything
                ):
                    texts.append(piece)
    return texts


def build_in(
    tmp_path: Path, language: str, theme: str = "material", **options: object
) -> BuiltSite:
    """DOCS built with `theme` in `language`, the plugin with `options`."""
    setting = {"name": theme, "language": language, "font": False}
    if theme != "material":  # MkDocs' own themes name it `locale`
        setting = {"name": theme, "locale": language}
    config = {"theme": setting, "markdown_extensions": ["attr_list"]}
    return build_project(
        write_project(tmp_path, DOCS, {**config, "plugins": plugin_config(**options)})
    )


@pytest.mark.parametrize("name", SHIPPED)
def test_a_build_in_the_language_has_no_english_left(tmp_path: Path, name: str) -> None:
    site = build_in(tmp_path, MATERIAL.get(name, name), page_summary=True)
    messages = catalogue(name)
    pages = {url: site.content(url) for url in ("backlinks/", "backlinks/python.org/", "")}
    pages["backlinks/localhost/"] = site.content("backlinks/localhost/")
    shown = "\n".join(re.sub(r"<[^>]+>", " ", html) for html in pages.values())
    for text in english_texts(messages, ENGLISH):
        assert not re.search(rf"(?<!\w){re.escape(text)}(?!\w)", shown), (name, text)
    assert messages["overview.linked_domains"] in pages["backlinks/"]
    assert messages["summary.title"] in pages[""]
    direction = "rtl" if name in ("ar", "he") else "ltr"
    assert (
        f'<div class="linkroles" lang="{name.replace("_", "-")}" dir="{direction}">'
        in site.page("backlinks/")
    )
    assert not any("no catalogue" in message for message in site.infos())


def test_a_language_without_a_catalogue_is_english_with_one_message(tmp_path: Path) -> None:
    site = build_in(tmp_path, "sv")
    assert "Linked domains" in site.content("backlinks/")
    notes = [m for m in site.infos() if "no catalogue" in m]
    assert notes == [
        "linkroles: no catalogue for the language 'sv': the generated pages are in English. "
        "Adding one is one file: see the documentation's 'Languages' page."
    ]


def test_the_title_options_win_over_the_catalogue(tmp_path: Path) -> None:
    site = build_in(
        tmp_path,
        "de",
        page_summary=True,
        overview_title="Verweise",
        page_summary_title="Weiterlesen",
    )
    assert '<h1 id="linkroles-overview">Verweise</h1>' in site.page("backlinks/")
    assert ">Weiterlesen</h2>" in site.page("")
    assert "Verlinkte Domains" in site.page("backlinks/")


def test_the_built_in_themes_locale_sets_the_language(tmp_path: Path) -> None:
    site = build_in(tmp_path, "ja", theme="mkdocs")
    assert "リンク先ドメイン" in site.page("backlinks/")
    assert "<title>python.org への被リンク" in site.page("backlinks/python.org/")


def test_static_i18n_gives_each_language_its_own_words(tmp_path: Path) -> None:
    docs = {
        "index.en.md": "# Home\n\nSee [Python](https://www.python.org/).\n",
        "index.fr.md": "# Accueil\n\nVoir [Python](https://www.python.org/) et "
        "[le site de l'État](https://www.service-public.fr/).\n",
    }
    config = {
        "theme": {"name": "material", "font": False},
        "plugins": ENGLISH_AND_FRENCH,
    }
    site = build_project(write_project(tmp_path, docs, config), strict=True)
    assert "Linked domains" in site.page("backlinks/")
    french = site.page("fr/backlinks/")
    assert "Domaines liés" in french and "Linked domains" not in french
    assert "<strong>2</strong> liens externes" in french
    assert "Rétroliens vers python.org" in site.page("fr/backlinks/python.org/")


def test_a_right_to_left_chart_grows_from_the_right() -> None:
    from mkdocs_linkroles.links.classify import PublicSuffixList, Site, classify_url
    from mkdocs_linkroles.links.collect import collect_page_links
    from mkdocs_linkroles.links.model import LinkGraph
    from mkdocs_linkroles.links.records import PageRef
    from mkdocs_linkroles.pages.render import render_overview
    from mkdocs_linkroles.reading.page import iter_links

    site, suffixes = Site.from_url("https://docs.example.com/"), PublicSuffixList()
    graph = LinkGraph()
    html = '<a href="https://a.org/">a</a><a href="https://a.org/x">a</a><a href="https://b.org/">b</a>'
    graph.add(
        collect_page_links(
            PageRef("index.md", "", "Home", ""),
            iter_links(html),
            lambda href: classify_url(href, site, suffixes.registrable_domain),
        )
    )
    urls = {"a.org": "backlinks/a.org/", "b.org": "backlinks/b.org/"}
    ltr = render_overview(graph, page_url="backlinks/", domain_urls=urls).html
    rtl = render_overview(
        graph, page_url="backlinks/", domain_urls=urls, messages=Messages("ar")
    ).html
    bars = re.compile(r'<rect x="([\d.]+)" y="\d+" width="([\d.]+)"')
    # Left to right, the bars start at the same x; right to left, they end at the same x.
    assert len({x for x, _ in bars.findall(ltr)}) == 1
    assert len({float(x) + float(w) for x, w in bars.findall(rtl)}) == 1
    assert 'text-anchor="start">a.org</text>' in rtl and 'dir="rtl"' in rtl
    assert "<bdi>a.org</bdi>" in rtl
