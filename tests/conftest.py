"""Fixtures shared by the tests; the helpers they use are in `helpers.py`."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers import BuiltSite, build_project, write_project


@pytest.fixture
def build_site(tmp_path: Path) -> Iterator[Callable[..., BuiltSite]]:
    """`build_site({"index.md": "..."}, config={...})` builds a fresh site in tmp_path."""
    counter = iter(range(1000))

    def _build(
        docs: dict[str, str],
        config: dict[str, Any] | None = None,
        *,
        allow_warnings: bool = False,
    ) -> BuiltSite:
        root = tmp_path / f"project{next(counter)}"
        return build_project(write_project(root, docs, config), allow_warnings=allow_warnings)

    yield _build


def pytest_addoption(parser: pytest.Parser) -> None:
    """`--update-golden`: rewrite tests/golden/ from this build (`make golden`)."""
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite the golden files of tests/pages/test_golden.py instead of comparing",
    )
