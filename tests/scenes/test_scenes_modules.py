"""The scene modules define every scene the article names, with literal driver attributes."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest
from manim import Scene

SCENES_DIR = Path(__file__).resolve().parents[2] / "scenes"

EXPECTED = {
    "linear_layer": [
        "ShowLinearSeparableDataPoints",
        "ApplyMatrixAsSingleLinearTransformation",
        "ApplyMatrixAsSingleLinearTransformationAndShowAccuracy",
        "SingleW1SolveLinearSeparableScene",
        "OneLinearLayerSolveHardTwoCurves",
        "MakeBinaryClassificationHarder",
    ],
    "relu_network": [
        "TwoLinearLayersSolveHardTwoCurves",
        "ShowNonLinearFunctions",
        "TwoLayersReLUInBetweenSolveHardTwoCurves",
    ],
    "matrices_as_networks": [
        "SymbolicOneByTwoMatrixAndNN",
        "NumberOneByTwoMatrixAndNN",
        "SymbolicTwoByTwoMatrixAndNN",
        "SymbolicTwoByThreeMatrixAndNN",
        "CoverSymbolicTwoByThreeMatrixAndNN",
        "RandomMatrixNeuralNetworkMapping",
    ],
    "overview_stills": [
        "MnistSimpleNetwork",
        "ThreeKeyComponents",
        "FormalLinearTransformationFormula",
    ],
}


@pytest.mark.parametrize(("module", "names"), EXPECTED.items())
def test_scene_classes_exist_and_are_scenes(module, names):
    loaded = importlib.import_module(f"scenes.{module}")
    for name in names:
        cls = getattr(loaded, name)
        assert issubclass(cls, Scene), name
        assert name in loaded.__all__


@pytest.mark.parametrize("module", EXPECTED)
def test_driver_attributes_are_literals(module):
    # The render driver reads poster_at and article_aliases by AST, without importing manim.
    tree = ast.parse((SCENES_DIR / f"{module}.py").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Name) and target.id in ("poster_at", "article_aliases"):
                ast.literal_eval(node.value)


def test_mnist_alias():
    from scenes.overview_stills import MnistSimpleNetwork

    assert MnistSimpleNetwork.article_aliases == ("mnist-simple",)


# ------------------------------------------------------------------ where things live

BASE_CLASSES = {
    "plane_scene": "NetworkPlaneScene",
    "network_story": "NetworkStoryScene",
    "matrix_network": "MatrixNetworkScene",
}


def _classes(path: Path) -> list[ast.ClassDef]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [node for node in tree.body if isinstance(node, ast.ClassDef)]


def test_the_catalog_holds_the_article_scenes_and_no_base():
    from scenes.render.catalog import read_catalog

    catalog = read_catalog(SCENES_DIR)
    assert sorted(catalog.scenes) == sorted(n for names in EXPECTED.values() for n in names)
    assert not set(BASE_CLASSES.values()) & set(catalog.scenes)


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


@pytest.mark.parametrize("module", EXPECTED)
def test_construct_is_a_list_of_beats(module):
    # A construct() that is one call into a base hides the story; each lists its beats.
    for node in _classes(SCENES_DIR / f"{module}.py"):
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
