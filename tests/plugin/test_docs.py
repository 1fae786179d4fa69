"""The documentation (demo_site/docs) held to the code: every option, rule, report field,
command-line flag and template variable has its one documented place."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import BuiltSite, build_project, copy_demo
from jinja2 import meta

from mkdocs_linkroles.cli import build_parser
from mkdocs_linkroles.config import LinkRolesConfig
from mkdocs_linkroles.links.rules import RULES
from mkdocs_linkroles.pages.compiled import LINKED_URLS as LINKED_TEMPLATE
from mkdocs_linkroles.pages.render import TEMPLATES, template_environment
from mkdocs_linkroles.reports import report as report_module

ROOT = Path(__file__).parents[2]
DEMO = ROOT / "demo_site"
DOCS = DEMO / "docs"
PACKAGE = ROOT / "mkdocs_linkroles"


def doc(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def docs_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    root = tmp_path_factory.mktemp("docs")
    return build_project(copy_demo(root), strict=True)


def test_every_option_has_one_heading_with_its_type_and_default(docs_site: BuiltSite) -> None:
    page = docs_site.file("configuration.html")
    headings = re.findall(r'<h2 id="([a-z_]+)">', page)
    assert headings == [name for name, _ in LinkRolesConfig._schema]
    for name, option in LinkRolesConfig._schema:
        section = page[page.index(f'<h2 id="{name}">') :]
        section = section[: section.find("<h2", 5)]
        assert "<strong>Type:</strong>" in section and "<strong>Default:</strong>" in section
        assert "<pre" in section, f"{name} has no example"
        if isinstance(option.default, bool):
            assert f"<code>{str(option.default).lower()}</code>" in section


def test_every_option_has_a_docstring_in_config_py() -> None:
    sys.path.insert(0, str(DEMO))
    try:
        import hooks  # the documentation site's hook
    finally:
        sys.path.remove(str(DEMO))
    documented = [name for name, _ in hooks.option_docs()]
    assert documented == [name for name, _ in LinkRolesConfig._schema]


def test_every_rule_is_documented_with_its_default_level() -> None:
    rules = doc("rules.md")
    for rule, level in RULES.items():
        assert f"| `{rule}` | `{level}` |" in rules


def _spec_fields(spec: object) -> set[str]:
    if isinstance(spec, dict):
        names = {key.rstrip("?") for key in spec if key != "?"}
        for value in spec.values():
            names |= _spec_fields(value)
        return names
    if isinstance(spec, (list, tuple)):
        return set().union(*map(_spec_fields, spec)) if spec else set()
    return set()


def _report_fields(value: object) -> set[str]:
    if isinstance(value, dict):
        return set(value) | set().union(*map(_report_fields, value.values()))
    if isinstance(value, list):
        return set().union(*map(_report_fields, value)) if value else set()
    return set()


def test_every_report_field_is_documented(docs_site: BuiltSite) -> None:
    named = {
        word
        for span in re.findall(r"`([^`]+)`", doc("report.md"))
        for word in re.findall(r"\w+", span)
    }
    fields = _spec_fields(report_module._REPORT)
    missing = sorted(fields - named)
    assert missing == []
    # and the report holds no field the schema does not know (totals and counts are open)
    written = _report_fields(docs_site.report) - set(docs_site.report["totals"])
    written -= {"external", "internal", "other", "unsafe", "malformed", "excluded"}
    written -= set(docs_site.report["rules"]) | {"mailto", "tel"}
    assert written <= fields


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def test_every_command_and_flag_is_documented() -> None:
    cli = doc("cli.md")
    parser = build_parser()
    for name, sub in _subparsers(parser).items():
        assert f"## `linkroles {name}`" in cli
        for action in sub._actions:
            for flag in action.option_strings:
                if flag not in ("-h", "--help"):
                    assert f"`{flag}" in cli, (name, flag)
            for choice in action.choices or ():
                assert f"`{choice}`" in cli, (name, choice)
            if not action.option_strings and action.dest != "help":
                assert action.metavar or action.dest.upper() in cli
    assert "linkroles --version" in cli


def test_every_template_variable_is_documented() -> None:
    templates = doc("templates.md")
    environment = template_environment()
    for name in (*TEMPLATES, LINKED_TEMPLATE):
        assert environment.loader is not None
        source = environment.loader.get_source(environment, name)[0]
        assigned = set(re.findall(r"\{%-? (?:set|macro) (\w+)", source))
        for variable in meta.find_undeclared_variables(environment.parse(source)) - assigned:
            assert f"`{variable}`" in templates, (name, variable)
        assert f"`{name}`" in templates


class _MkDocsLoader(yaml.SafeLoader):
    """YAML as MkDocs reads `mkdocs.yml`: with its `!ENV` tag."""


_MkDocsLoader.add_constructor("!ENV", lambda loader, node: None)


def test_ci_recipes_are_valid_and_use_real_commands() -> None:
    ci = doc("ci.md")
    blocks = re.findall(r"```yaml\n(.*?)```", ci, re.S)
    parsed = [yaml.load(block, Loader=_MkDocsLoader) for block in blocks]  # all valid YAML
    workflow = next(p for p in parsed if isinstance(p, dict) and p.get("name") == "docs")
    steps = workflow["jobs"]["outbound-links"]["steps"]
    commands = [line.strip() for step in steps for line in step.get("run", "").splitlines()]
    diff = next(c for c in commands if c.startswith("linkroles diff"))
    arguments = diff.split(">")[0].split()[1:]
    assert build_parser().parse_args(arguments).format == "markdown"
    assert "mkdocs build --strict" in commands
    gitlab = next(
        p for p in parsed if isinstance(p, dict) and "docs" in p and "script" in p["docs"]
    )
    script = gitlab["docs"]["script"]
    diff = next(c for c in script if c.startswith("linkroles diff"))
    assert build_parser().parse_args(diff.split("|")[0].split()[1:]).command == "diff"
    precommit = next(p for p in parsed if isinstance(p, dict) and "repos" in p)
    assert precommit["repos"][0]["hooks"][0]["entry"].startswith("mkdocs build --strict")


def test_readme_links_to_every_page_and_stays_short() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 150
    config = yaml.load((DEMO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)

    def pages(items: list[Any]) -> list[str]:
        found: list[str] = []
        for item in items:
            for value in item.values():
                found += pages(value) if isinstance(value, list) else [value]
        return found

    for page in pages(config["nav"]):
        if page not in ("index.md", "backlinks/index.md"):
            assert f"(demo_site/docs/{page})" in readme, page
    for link in re.findall(r"\]\(((?!https?:)[^)#]+)\)", readme):
        assert (ROOT / link).exists(), link
