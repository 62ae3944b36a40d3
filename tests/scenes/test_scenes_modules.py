"""Every scene the catalog finds is a real Manim scene, exported, with literal driver attributes.

The scene list comes from the render driver's catalog (the same reading of
``scenes/`` that decides what gets rendered), never from a list kept by hand.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest
from manim import Scene

from scenes.render.catalog import read_catalog
from tests.paths import ROOT as PROJECT_ROOT

SCENES_DIR = PROJECT_ROOT / "scenes"
CATALOG = read_catalog(SCENES_DIR)
MODULES = sorted({info.module for info in CATALOG.scenes.values()})


@pytest.mark.parametrize("name", sorted(CATALOG.scenes))
def test_each_catalogued_scene_is_an_exported_manim_scene(name: str) -> None:
    info = CATALOG.scenes[name]
    module = importlib.import_module(info.module)
    assert issubclass(getattr(module, name), Scene), name
    assert name in module.__all__, f"{name} missing from {info.module}.__all__"


@pytest.mark.parametrize("module", MODULES)
def test_module_exports_only_scenes_the_catalog_finds(module: str) -> None:
    loaded = importlib.import_module(module)
    exported_scenes = {name for name in loaded.__all__
                       if isinstance(getattr(loaded, name), type)
                       and issubclass(getattr(loaded, name), Scene)}
    assert exported_scenes == {name for name, info in CATALOG.scenes.items()
                               if info.module == module}


@pytest.mark.parametrize("module", MODULES)
def test_driver_attributes_are_literals(module: str) -> None:
    # The render driver reads poster_at and article_aliases by AST, without importing manim.
    path = SCENES_DIR.parent.joinpath(*module.split(".")).with_suffix(".py")
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Name) and target.id in ("poster_at", "article_aliases"):
                ast.literal_eval(node.value)


def test_aliases_name_their_scene() -> None:
    for alias, name in CATALOG.aliases.items():
        loaded = importlib.import_module(CATALOG.scenes[name].module)
        assert alias in getattr(loaded, name).article_aliases


# ------------------------------------------------------------------ where things live

BASE_CLASSES = {
    "plane_scene": "NetworkPlaneScene",
    "network_story": "NetworkStoryScene",
    "matrix_network": "MatrixNetworkScene",
}


def _classes(path: Path) -> list[ast.ClassDef]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [node for node in tree.body if isinstance(node, ast.ClassDef)]


def test_the_catalog_holds_no_base():
    assert not set(BASE_CLASSES.values()) & set(CATALOG.scenes)


@pytest.mark.parametrize(("module", "name"), BASE_CLASSES.items())
def test_scene_bases_live_in_their_own_package(module, name):
    loaded = importlib.import_module(f"scenes.bases.{module}")
    assert issubclass(getattr(loaded, name), Scene)


def test_drawing_holds_no_scene_classes():
    # scenes/drawing is mobjects and helpers; a Scene there belongs in scenes/bases.
    for path in sorted((SCENES_DIR / "drawing").glob("*.py")):
        for node in _classes(path):
            bases = {getattr(b, "id", getattr(b, "attr", "")) for b in node.bases}
            assert not any(base.endswith("Scene") for base in bases), f"{path.name}: {node.name}"


@pytest.mark.parametrize("module", MODULES)
def test_construct_is_a_list_of_beats(module):
    # A construct() that is one call into a base hides the story; each lists its beats.
    for node in _classes(SCENES_DIR.parent.joinpath(*module.split(".")).with_suffix(".py")):
        for item in node.body:
            if isinstance(item, ast.FunctionDef) and item.name == "construct":
                body = [s for s in item.body
                        if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))]
                assert len(body) > 1, f"{node.name}.construct is a single statement"


def test_maths_is_written_only_in_scenes_data():
    # ReLU, sigmoid and tanh are written once, in scenes/data/activations.py.
    patterns = ("np.maximum(", "np.exp(", "np.tanh(", "def relu", "def sigmoid")
    for path in sorted(SCENES_DIR.rglob("*.py")):
        relative = path.relative_to(SCENES_DIR)
        if relative.parts[0] in ("data", "render"):
            continue
        text = path.read_text(encoding="utf-8")
        for pattern in patterns:
            assert pattern not in text, f"{relative} computes {pattern!r}: use scenes.data"
