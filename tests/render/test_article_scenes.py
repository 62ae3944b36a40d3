"""Every scene the article names exists and really renders at the test profile."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from plugins.article_markdown.references import media_references
from scenes.render import PROJECT_ROOT, render_scenes
from scenes.render.catalog import read_catalog

pytestmark = pytest.mark.xdist_group("render")

CONTENT = PROJECT_ROOT / "content"
# The article's animations and stills, by the file names it uses (issues 3 and 4).
ARTICLE_SCENES = [
    "ShowLinearSeparableDataPoints", "ApplyMatrixAsSingleLinearTransformation",
    "TwoLayersReLUInBetweenSolveHardTwoCurves", "SymbolicOneByTwoMatrixAndNN",
    "NumberOneByTwoMatrixAndNN", "ApplyMatrixAsSingleLinearTransformationAndShowAccuracy",
    "SingleW1SolveLinearSeparableScene", "MakeBinaryClassificationHarder",
    "OneLinearLayerSolveHardTwoCurves", "TwoLinearLayersSolveHardTwoCurves",
    "SymbolicTwoByTwoMatrixAndNN", "ShowNonLinearFunctions", "SymbolicTwoByThreeMatrixAndNN",
    "RandomMatrixNeuralNetworkMapping", "MnistSimpleNetwork", "ThreeKeyComponents",
    "FormalLinearTransformationFormula", "CoverSymbolicTwoByThreeMatrixAndNN",
]


def test_every_article_scene_has_a_class() -> None:
    catalog = read_catalog(PROJECT_ROOT / "scenes")
    missing = [name for name in ARTICLE_SCENES if name not in catalog.scenes]
    assert missing == []
    assert catalog.find("mnist-simple").name == "MnistSimpleNetwork"


def test_every_scene_the_content_uses_renders() -> None:
    names = sorted({ref.path.name for ref in media_references(CONTENT)
                    if ref.names_scene_output and not (CONTENT / ref.path).is_file()})
    result = render_scenes(names, "test", 2)
    assert result.failures == [] and result.unknown == []
    renders = json.loads(result.manifest.read_text())["renders"]
    for name, entry in renders.items():
        assert (entry["width"], entry["height"]) == (256, 144), name
        assert Path(entry["still"]).stat().st_size > 0, name
        if entry["kind"] == "video":
            # At 5 fps: a frame count that agrees with the duration, and a real length.
            assert entry["duration"] >= 2, name
            assert abs(entry["frames"] - entry["duration"] * 5) <= 2, name
