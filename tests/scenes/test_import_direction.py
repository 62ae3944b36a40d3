"""Data flows one way: nothing in ``scenes/`` imports the plugins or the pipeline.

The scenes and their render driver come before the Markdown plugin and the
build; what the articles ask for is found by ``pipeline`` and handed to the
render driver as file names. Every import statement of every module under
``scenes/`` is read (those inside functions too), so a lazy import is caught.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.paths import ROOT

LATER_FLOORS = ("plugins", "pipeline")
MODULES = sorted((ROOT / "scenes").rglob("*.py"))


def imported_names(path: Path) -> list[tuple[int, str]]:
    """Each absolute module name ``path`` imports, with its line."""
    names = []
    for node in ast.walk(ast.parse(path.read_bytes(), filename=str(path))):
        if isinstance(node, ast.Import):
            names += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append((node.lineno, node.module))
    return names


@pytest.mark.parametrize("path", MODULES, ids=lambda path: path.relative_to(ROOT).as_posix())
def test_no_scene_module_imports_a_later_floor(path: Path) -> None:
    backwards = [f"{path.relative_to(ROOT)}:{line}: imports {name}"
                 for line, name in imported_names(path)
                 if name.split(".")[0] in LATER_FLOORS]
    assert backwards == []


def test_the_scan_sees_an_import_inside_a_function(tmp_path: Path) -> None:
    module = tmp_path / "lazy.py"
    module.write_text("def f():\n    from plugins.article_markdown.format import x\n")
    assert imported_names(module) == [(2, "plugins.article_markdown.format")]
