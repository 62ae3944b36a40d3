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
