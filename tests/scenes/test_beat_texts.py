"""Every beat of the article's videos has words for readers who cannot watch it (WCAG 1.2.1).

Read from the renders themselves (the test-profile render of every scene, made once per
test process): each recorded beat has a title and a description from its scene's
``beat_texts``, the record's words are the scene's, no text sits under a key that no
beat uses (a typo would silently drop it), every ``{{ path:spec }}`` number fills from
``networks.json`` as the article's numbers do, and the words hold no Markdown or TeX
(they are shown as written: in the transcript, the storyboard and the WebVTT tracks).
"""

from __future__ import annotations

import importlib
import re
from pathlib import PurePosixPath

import pytest

from plugins.article_markdown.figures import fill_figures
from scenes.data.networks import load_networks
from scenes.render.manifest import RenderedScene
from tests.content.article import catalog, media

pytestmark = pytest.mark.xdist_group("render")

# A chapter's name in a video player's menu: a few words, not a sentence.
MAX_TITLE_LENGTH = 16
# What the page would not show as written: Markdown emphasis, code, links, TeX, HTML.
MARKUP = re.compile(r"[*`$<>\\]|\[.*\]\(|(?<![\w{])_(?!\d)")


def video_stems() -> set[str]:
    """The names (without ``.mp4``) of the videos the article shows."""
    return {PurePosixPath(item.path).stem for item in media() if item.path.endswith(".mp4")}


def article_videos() -> list[str]:
    """The scenes whose videos the article shows (each once)."""
    found = {catalog().find(stem) for stem in video_stems()}
    return sorted(scene.name for scene in found if scene is not None)


def texts_of(scene: str) -> dict:
    info = catalog().scenes[scene]
    return dict(getattr(getattr(importlib.import_module(info.module), scene), "beat_texts", {}))


@pytest.fixture(scope="module")
def renders(scene_renders: dict[str, RenderedScene]) -> dict[str, RenderedScene]:
    return scene_renders


def test_every_video_the_article_shows_is_a_scene_of_the_catalogue() -> None:
    """So that the tests below cover every video: none is left out as unknown (and there
    are videos to cover), however many the article shows."""
    named = video_stems()
    unknown = sorted(stem for stem in named if catalog().find(stem) is None)
    assert named and not unknown, f"not scenes of the catalogue: {unknown}"


@pytest.mark.parametrize("scene", article_videos())
def test_every_beat_has_a_title_and_a_description(renders: dict, scene: str) -> None:
    render = renders[scene]
    texts = texts_of(scene)
    assert render.beats, f"{scene} recorded no beat"
    for beat in render.beats:
        where = f"{scene} beat {beat.key!r} ({beat.where})"
        assert beat.key in texts, f"{where} has no BeatText in beat_texts"
        title, description = texts[beat.key].title, texts[beat.key].description
        assert title.strip() and description.strip(), f"{where}: empty words"
        assert len(title) <= MAX_TITLE_LENGTH, (
            f"{where}: title {title!r} is {len(title)} characters, at most {MAX_TITLE_LENGTH}")
        # The record carries the scene's words: the page reads them from it.
        assert (beat.title, beat.description) == (title, description), where


@pytest.mark.parametrize("scene", article_videos())
def test_no_text_sits_under_a_key_no_beat_uses(renders: dict, scene: str) -> None:
    unused = set(texts_of(scene)) - {beat.key for beat in renders[scene].beats}
    assert not unused, f"{scene}.beat_texts has keys no beat of the scene uses: {sorted(unused)}"


@pytest.mark.parametrize("scene", article_videos())
def test_every_number_fills_and_no_markup_is_left(scene: str) -> None:
    networks = load_networks()
    for key, text in texts_of(scene).items():
        for field, value in (("title", text.title), ("description", text.description)):
            # fill_figures raises on a path that is not stored or a spec that does not fit.
            filled = fill_figures(value, networks)
            assert "{{" not in filled and "}}" not in filled, (
                f"{scene} beat {key!r} {field}: a placeholder was left unfilled: {filled!r}")
            assert not MARKUP.search(filled), f"{scene} beat {key!r} {field}: {filled!r}"


@pytest.mark.parametrize("scene", article_videos())
def test_beats_tile_the_video_and_each_has_its_stills(renders: dict, scene: str) -> None:
    render = renders[scene]
    starts = [beat.start for beat in render.beats]
    assert starts == sorted(starts) and len(set(starts)) == len(starts), scene
    for beat, following in zip(render.beats, render.beats[1:], strict=False):
        assert beat.end == following.start, scene
    assert render.beats[-1].end == pytest.approx(render.frames / 5)  # the test profile: 5 fps
    for index, _ in enumerate(render.beats, start=1):
        for suffix in (".jpg", ".webp"):
            assert render.media(suffix, beat=index).is_file(), (scene, index, suffix)
