"""The layout the Architecture page describes, held: MkDocs stays in the plugin's glue."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).parents[2] / "mkdocs_linkroles"
MKDOCS_GLUE = {"plugin.py", "config.py", "glue"}
"""Where the package may import MkDocs: the events, the options' schema, the glue."""


def test_only_the_plugin_and_its_glue_import_mkdocs() -> None:
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        if relative.parts[0] in MKDOCS_GLUE:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{relative}: {name}" for name in names if name.split(".")[0] == "mkdocs"]
    assert offenders == []


def test_the_plugin_module_holds_the_events_only() -> None:
    source = (PACKAGE / "plugin.py").read_text(encoding="utf-8")
    assert len(source.splitlines()) <= 340
    tree = ast.parse(source)
    [plugin] = [node for node in tree.body if isinstance(node, ast.ClassDef)]
    methods = [node.name for node in plugin.body if isinstance(node, ast.FunctionDef)]
    assert all(name.startswith(("on_", "_")) for name in methods), methods
