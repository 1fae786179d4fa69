"""Build hooks of the documentation site (`hooks:` in mkdocs.yml).

The configuration page is made from `mkdocs_linkroles/config.py`: each option's name, type,
default and docstring, so that the options are written in one place only.
"""

from __future__ import annotations

import ast
import inspect
import json
import textwrap
from typing import Any

from mkdocs.config import config_options as c

from mkdocs_linkroles import config as linkroles_config

OPTIONS_MARKER = "<!-- linkroles:options -->"
LANGUAGES_MARKER = "<!-- linkroles:languages -->"
CATEGORIES = ("zero", "one", "two", "few", "many", "other")
"""CLDR's plural categories, in their usual order."""


def option_docs() -> list[tuple[str, str]]:
    """Each option of `LinkRolesConfig` with its docstring, in the order of the class."""
    tree = ast.parse(inspect.getsource(linkroles_config))
    [cls] = [n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "LinkRolesConfig"]
    docs = []
    for node, following in zip(cls.body, [*cls.body[1:], None], strict=True):
        if isinstance(node, ast.Assign) and isinstance(following, ast.Expr):
            value = following.value
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                [target] = node.targets
                assert isinstance(target, ast.Name)
                docs.append((target.id, inspect.cleandoc(value.value)))
    return docs


def type_of(option: Any) -> str:
    """The option's type, as a reader of `mkdocs.yml` thinks of it."""
    if isinstance(option, linkroles_config.SitePath):
        return "path inside the site"
    if isinstance(option, linkroles_config.RuleLevels):
        return "mapping of rule to level"
    if isinstance(option, linkroles_config.RuleAccept):
        return "mapping of rule to list of patterns"
    if isinstance(option, c.Optional) and isinstance(option.option, c.File):
        return "path of a file, relative to `mkdocs.yml`"
    if isinstance(option, c.Optional) and isinstance(option.option, c.Type):
        return type_of(option.option)
    if isinstance(option, c.ListOfItems):
        return "list of strings"
    if isinstance(option, c.Choice):
        return "one of " + ", ".join(f"`{choice}`" for choice in option.choices)
    if isinstance(option, c.Type):
        return {bool: "bool", str: "string"}[option._type]
    raise TypeError(f"document the type of {option!r} in demo_site/hooks.py")


def default_of(option: Any) -> str:
    """The option's default, as written in `mkdocs.yml`."""
    default = option.default
    if default is None:
        return "none"
    if isinstance(option, linkroles_config.RuleLevels):
        return "each rule's own (see [Audit rules](rules.md))"
    if isinstance(option, linkroles_config.RuleAccept):
        return f"`{json.dumps(default)}` (built in, kept when you add your own)"
    return f"`{json.dumps(default)}`"


def options_reference() -> str:
    """The configuration page's body: one heading per option."""
    schema = dict(linkroles_config.LinkRolesConfig._schema)
    out = []
    for name, doc in option_docs():
        option = schema[name]
        body = doc
        if "```yaml" not in doc:  # a bool or a title: the example writes the other value
            value = option.default
            example = json.dumps(not value) if isinstance(value, bool) else json.dumps(value)
            body += f"\n\n```yaml\nplugins:\n  - linkroles:\n      {name}: {example}\n```"
        out.append(
            f"## `{name}`\n\n**Type:** {type_of(option)} · **Default:** {default_of(option)}"
            f"\n\n{body}\n"
        )
    return "\n".join(out)


def languages_table() -> str:
    """The shipped catalogues: each language's tag, name, direction and plural forms."""
    from babel import Locale

    from mkdocs_linkroles.pages.messages import RIGHT_TO_LEFT, languages

    rows = ["| Tag | Language | Direction | Plural forms |", "| --- | --- | --- | --- |"]
    for tag in languages():
        locale = Locale.parse(tag)
        tags = locale.plural_form.tags | {"other"}
        forms = ", ".join(f"`{form}`" for form in CATEGORIES if form in tags)
        direction = "right to left" if tag.split("_")[0] in RIGHT_TO_LEFT else "left to right"
        rows.append(f"| `{tag}` | {locale.get_display_name(tag)} | {direction} | {forms} |")
    return "\n".join(rows)


def on_page_markdown(markdown: str, **kwargs: Any) -> str:
    """Fill the markers: the options on the configuration page, the languages on theirs."""
    if OPTIONS_MARKER in markdown:
        return markdown.replace(OPTIONS_MARKER, textwrap.dedent(options_reference()))
    if LANGUAGES_MARKER in markdown:
        return markdown.replace(LANGUAGES_MARKER, languages_table())
    return markdown
