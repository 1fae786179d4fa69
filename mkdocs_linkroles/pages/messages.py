"""The words of the generated pages, in the language of the site being built.

Each language is one catalogue, `locales/<language>.json`: a message per key, plain text or
HTML, with `{name}` where a value goes, and for a message that depends on a number, one
text per plural category of the language (CLDR's `zero`, `one`, `two`, `few`, `many`,
`other`). English (`en.json`) names every key. Babel, which MkDocs' own themes use for
their translations, says which category a number falls in and writes numbers as the
language does; English needs neither, and is written without importing Babel.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import cache
from importlib import resources
from typing import Any

from markupsafe import Markup, escape

SOURCE_LANGUAGE = "en"
RIGHT_TO_LEFT = frozenset({"ar", "he", "fa", "ur", "yi", "ps", "sd", "ug", "dv", "ckb"})
"""Languages written from right to left (the language part of a tag)."""

_ALIASES = {"pt": "pt_BR", "zh": "zh_Hans", "zh_CN": "zh_Hans", "zh_SG": "zh_Hans", "iw": "he"}
"""Tags that name a catalogue under another name: Material's `zh` is Simplified Chinese,
and its `pt` the Portuguese of Brazil, which is the one shipped."""


def languages() -> list[str]:
    """The languages with a catalogue, as their file names give them (`pt_BR`)."""
    folder = resources.files("mkdocs_linkroles").joinpath("locales")
    return sorted(item.name[:-5] for item in folder.iterdir() if item.name.endswith(".json"))


def catalogue_for(tag: str | None) -> str | None:
    """The catalogue for a language tag (`de`, `pt-BR`, `zh_CN`, `en_US`), or None.

    The tag as given, then its language part, then an alias of either.
    """
    if not tag:
        return SOURCE_LANGUAGE
    normal = tag.replace("-", "_")
    language = normal.split("_", 1)[0].lower()
    shipped = {name.lower(): name for name in languages()}
    for candidate in (normal, _ALIASES.get(normal), language, _ALIASES.get(language)):
        if candidate and candidate.lower() in shipped:
            return shipped[candidate.lower()]
    return None


@cache
def _load(name: str) -> dict[str, Any]:
    text = resources.files("mkdocs_linkroles").joinpath(f"locales/{name}.json").read_text("utf-8")
    messages: dict[str, Any] = json.loads(text)
    return messages


class Messages:
    """The messages of one language, for the templates (`t` in them).

    `t("key", name=value)` gives the message as HTML, its values escaped;
    `t.plural("key", count, name=value)` the form for `count`, which fills `{count}`;
    `t.number(n)` and `t.percent(count, total)` write numbers as the language does.
    """

    def __init__(self, language: str = SOURCE_LANGUAGE) -> None:
        """`language`: the name of a shipped catalogue (see `catalogue_for`)."""
        self.language = language
        self.tag = language.replace("_", "-")
        """The language as an HTML `lang` value (`pt-BR`)."""
        self.direction = "rtl" if language.split("_")[0] in RIGHT_TO_LEFT else "ltr"
        """`rtl` or `ltr`, for the `dir` of the pages."""
        english = _load(SOURCE_LANGUAGE)
        # Keys a catalogue lacks read in English, rather than not at all.
        self._messages = {**english, **_load(language)} if language != "en" else english
        self._category, self._number, self._percent = _formats(language)
        self._plain: dict[str, Markup] = {}
        self._counted: dict[tuple[str, int], Markup] = {}

    def __call__(self, key: str, **values: Any) -> Markup:
        """The message `key`, its `{name}`s filled with `values`, each escaped."""
        if not values:  # headings and labels: asked for again on every generated page
            plain = self._plain.get(key)
            if plain is None:
                plain = self._plain[key] = Markup(self._messages[key])
            return plain
        return _fill(self._messages[key], values)

    def plural(self, key: str, count: int, **values: Any) -> Markup:
        """The form of message `key` for `count`, with `{count}` written as a number."""
        if values:
            return self._plural(key, count, values)
        # "12 links", "3 URLs": the same few counts, page after page.
        counted = self._counted.get((key, count))
        if counted is None:
            counted = self._counted[(key, count)] = self._plural(key, count, {})
        return counted

    def _plural(self, key: str, count: int, values: dict[str, Any]) -> Markup:
        forms = self._messages[key]
        form = forms.get(self._category(count)) or forms["other"]
        return _fill(form, {**values, "count": self.number(count)})

    def number(self, value: int) -> str:
        """A count as the language writes it (`1,234`, `1.234`, `1 234`)."""
        return self._number(value)

    def percent(self, count: int, total: int) -> str:
        """`count` of `total` as a percentage with one decimal (`12.5%`, `12,5 %`)."""
        return self._percent(count / total if total else 0.0)


_FIELD = re.compile(r"\{(\w+)\}")


@cache
def _parts(message: str) -> tuple[str, ...]:
    """A message split once at its fields: text, field name, text, ... (odd places)."""
    return tuple(_FIELD.split(message))


def _fill(message: str, values: dict[str, Any]) -> Markup:
    # Thousands of calls a build: each message is split at its fields once (`_parts`).
    if not values or "{" not in message:
        return Markup(message)
    parts = _parts(message)
    return Markup(
        "".join(
            str(escape(values[part])) if index % 2 else part for index, part in enumerate(parts)
        )
    )


@cache
def _formats(
    language: str,
) -> tuple[Callable[[int], str], Callable[[int], str], Callable[[float], str]]:
    """The plural category, number and percent writers of a language, made once."""
    if language == SOURCE_LANGUAGE:
        # CLDR's English rule for whole numbers, and its number formats: no Babel needed.
        return (
            lambda n: "one" if n == 1 else "other",
            cache(lambda n: f"{n:,}"),
            cache(lambda x: f"{x * 100:.1f}%"),
        )
    from babel import Locale
    from babel.numbers import format_decimal, format_percent

    locale = Locale.parse(language)
    percent = locale.percent_formats[None].pattern.replace("0", "0.0", 1)
    return (
        cache(locale.plural_form),
        cache(lambda n: format_decimal(n, locale=locale)),
        cache(lambda x: format_percent(x, format=percent, locale=locale)),
    )
