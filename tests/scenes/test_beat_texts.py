"""Every beat of the article's videos has words for readers who cannot watch it (WCAG 1.2.1).

Each scene is dry-run once (Manim plays every animation without drawing a
frame) and its beat log read: every beat that plays something needs a title
and a description in the scene's ``beat_texts``, no text may sit under a key
that no beat uses (a typo would silently drop it), and every ``{{ path:spec }}``
number must fill from ``networks.json`` as the article's numbers do.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from manim import tempconfig

from plugins.article_markdown.figures import fill_figures
from scenes.bases.beats import BeatMark
from scenes.data.networks import load_networks

pytestmark = pytest.mark.xdist_group("render")

# The article's videos, by module. Stills have no beats; the cover inherits the 2x3 scene.
VIDEO_SCENES = {
    "TwoLayersReLUInBetweenSolveHardTwoCurves": "scenes.relu_network",
    "ShowLinearSeparableDataPoints": "scenes.linear_layer",
    "SymbolicOneByTwoMatrixAndNN": "scenes.matrices_as_networks",
    "NumberOneByTwoMatrixAndNN": "scenes.matrices_as_networks",
    "ApplyMatrixAsSingleLinearTransformation": "scenes.linear_layer",
    "ApplyMatrixAsSingleLinearTransformationAndShowAccuracy": "scenes.linear_layer",
    "SingleW1SolveLinearSeparableScene": "scenes.linear_layer",
    "MakeBinaryClassificationHarder": "scenes.linear_layer",
    "OneLinearLayerSolveHardTwoCurves": "scenes.linear_layer",
    "SymbolicTwoByTwoMatrixAndNN": "scenes.matrices_as_networks",
    "TwoLinearLayersSolveHardTwoCurves": "scenes.relu_network",
    "ShowNonLinearFunctions": "scenes.relu_network",
    "SymbolicTwoByThreeMatrixAndNN": "scenes.matrices_as_networks",
    "RandomMatrixNeuralNetworkMapping": "scenes.matrices_as_networks",
}

# A chapter's name in a video player's menu: a few words, not a sentence.
MAX_TITLE_LENGTH = 16


@pytest.fixture(scope="module")
def beat_logs(tmp_path_factory: pytest.TempPathFactory,
              request: pytest.FixtureRequest) -> dict[str, tuple[type, list[BeatMark]]]:
    """Scene name -> (its class, its beat log), from one dry run of each scene."""
    media = tmp_path_factory.mktemp("beat-texts-media")
    # LaTeX glyphs kept between runs (pytest's cache folder) make a second run twice as
    # fast; without the cache plugin they go with the media.
    cache = getattr(request.config, "cache", None)
    glyphs = cache.mkdir("beat-texts-glyphs") if cache is not None else media
    options = {
        "dry_run": True, "pixel_width": 256, "pixel_height": 144, "frame_rate": 5,
        "verbosity": "ERROR", "progress_bar": "none",
        # Manim hashes every play to cache it: half the time of a dry run, for nothing here.
        "disable_caching": True,
        "media_dir": str(media), "tex_dir": str(Path(glyphs) / "Tex"),
        "text_dir": str(Path(glyphs) / "texts"),
    }
    logs = {}
    for name, module in VIDEO_SCENES.items():
        scene_class = getattr(importlib.import_module(module), name)
        with tempconfig(options):
            scene = scene_class(theme="dark")
            scene.render()
        logs[name] = (scene_class, list(scene.beat_log))
    return logs


def _texts(scene_class: type) -> dict:
    return dict(getattr(scene_class, "beat_texts", {}))


@pytest.mark.parametrize("name", VIDEO_SCENES)
def test_every_beat_that_plays_has_a_title_and_a_description(beat_logs, name):
    scene_class, log = beat_logs[name]
    texts = _texts(scene_class)
    played = [mark for mark in log if mark.end_play > mark.first_play]
    assert played, f"{name} recorded no beat that plays"
    for mark in played:
        where = f"{name} beat {mark.key!r} ({Path(mark.path).name}:{mark.line})"
        assert mark.key in texts, f"{where} has no BeatText in beat_texts"
        text = texts[mark.key]
        assert text.title.strip(), f"{where}: empty title"
        assert len(text.title) <= MAX_TITLE_LENGTH, (
            f"{where}: title {text.title!r} is {len(text.title)} characters, "
            f"at most {MAX_TITLE_LENGTH}")
        assert text.description.strip(), f"{where}: empty description"
        # The record carries the scene's words, so the page reads them from it.
        assert (mark.title, mark.description) == (text.title, text.description), where


@pytest.mark.parametrize("name", VIDEO_SCENES)
def test_no_text_sits_under_a_key_no_beat_uses(beat_logs, name):
    scene_class, log = beat_logs[name]
    unused = set(_texts(scene_class)) - {mark.key for mark in log}
    assert not unused, f"{name}.beat_texts has keys no beat of the scene uses: {sorted(unused)}"


@pytest.mark.parametrize("name", VIDEO_SCENES)
def test_every_number_fills_from_the_stored_networks(beat_logs, name):
    scene_class, _ = beat_logs[name]
    networks = load_networks()
    for key, text in _texts(scene_class).items():
        for field, value in (("title", text.title), ("description", text.description)):
            # fill_figures raises on a path that is not stored or a spec that does not fit.
            filled = fill_figures(value, networks)
            assert "{{" not in filled and "}}" not in filled, (
                f"{name} beat {key!r} {field}: a placeholder was left unfilled: {filled!r}")
