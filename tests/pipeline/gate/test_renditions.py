"""The gate on a scene video's renditions: each there in every theme, good enough, current,
and each played to its end.

The renders are made without Manim (``tests.render_fixtures``: a real lossless master of
FFmpeg's test pattern); their renditions are really encoded at the test profile (AV1 and
H.264, 256 and 128 px wide) and published as a build publishes them.
"""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from pipeline.gate import check_site, report
from pipeline.gate.checked_site import CheckedSite
from pipeline.gate.renditions import check_renditions
from pipeline.gate.videos import check_videos
from scenes.drawing.themes import THEMES
from scenes.render.manifest import Manifest, RenderedScene, SceneSource, manifest_path
from scenes.render.profiles import PROFILES, Rendition
from tests.render_fixtures import render_with_renditions

SCENE = "Toy"


def publish(site: Path, cache: Path, renders: dict[str, RenderedScene]) -> Path:
    """Copy each rendition into the site as a build does; write the manifest."""
    for theme, render in renders.items():
        folder = site / "images" / "manim" / ("" if theme == "dark" else theme)
        folder.mkdir(parents=True, exist_ok=True)
        for rendition in render.renditions:
            shutil.copyfile(rendition.file, folder / rendition.site_name(SCENE))
    return Manifest("test", scenes={SCENE: SceneSource("scenes/toy.py", 3)},
                    renders={SCENE: renders}).write(manifest_path("test", cache))


@pytest.fixture
def published(tmp_path: Path) -> tuple[Path, Path]:
    """(site, manifest): Toy in both themes, every rendition of the test profile."""
    cache, site = tmp_path / "cache", tmp_path / "site"
    return site, publish(site, cache, {theme: render_with_renditions(cache, SCENE, theme)
                                       for theme in THEMES})


def problems(site: Path, manifest: Path, current_keys: bool = False) -> list[str]:
    checked = CheckedSite(site.resolve(), "")
    check_renditions(checked, manifest, current_keys=current_keys)
    return [str(problem) for problem in sorted(checked.problems)]


def with_av1(monkeypatch: pytest.MonkeyPatch, **options: str) -> None:
    """The test profile with its full-size AV1 rendition encoded with ``options``."""
    profile = PROFILES["test"]
    renditions = tuple(dataclasses.replace(rendition, options=tuple(options.items()))
                       if rendition.name == "av1" else rendition
                       for rendition in profile.renditions)
    monkeypatch.setitem(PROFILES, "test", dataclasses.replace(profile, renditions=renditions))


def test_every_rendition_in_every_theme_passes(published: tuple[Path, Path]) -> None:
    site, manifest = published
    assert problems(site, manifest, current_keys=True) == []
    render = Manifest.read(manifest).render(SCENE, "light")
    assert [rendition.name for rendition in render.renditions] == [
        rendition.name for rendition in PROFILES["test"].renditions]
    assert all(rendition.ssim >= PROFILES["test"].ssim_floor for rendition in render.renditions)


@pytest.mark.parametrize("missing", ["light/Toy-128w.av1.mp4", "Toy.mp4", "light/Toy.av1.mp4"])
def test_a_rendition_missing_for_a_theme_is_refused(published: tuple[Path, Path],
                                                   missing: str) -> None:
    site, manifest = published
    (site / "images" / "manim" / missing).unlink()
    name = {"light/Toy-128w.av1.mp4": "av1-128w", "Toy.mp4": "h264",
            "light/Toy.av1.mp4": "av1"}[missing]
    theme = "light" if missing.startswith("light/") else "dark"
    assert problems(site, manifest) == [
        f"images/manim/{missing}: missing: the 'test' profile ships every video in each "
        f"rendition ({name}) and theme ({theme})"]


def test_a_rendition_below_the_ssim_floor_is_refused(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """A real encode at the worst AV1 quality: its SSIM, measured as it was encoded, is low,
    and the gate refuses it, as ``output/path: reason``."""
    with_av1(monkeypatch, preset="12", crf="63")
    cache, site = tmp_path / "cache", tmp_path / "site"
    manifest = publish(site, cache, {theme: render_with_renditions(cache, SCENE, theme)
                                     for theme in THEMES})
    ssim = Manifest.read(manifest).render(SCENE).rendition("av1").ssim
    assert ssim < PROFILES["test"].ssim_floor
    found = report(check_site(site, manifest=manifest, validate_html=False), "output")
    assert f"output/images/manim/Toy.av1.mp4: has an SSIM of {ssim:.4f} against its master, " \
           "below the floor of 0.95 (the av1 rendition of the 'test' profile: encode it at " \
           "a lower CRF)" in found
    assert len([line for line in found if "below the floor" in line]) == 2  # both themes


def test_a_rendition_encoded_with_other_settings_is_refused(
        published: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    site, manifest = published
    with_av1(monkeypatch, preset="12", crf="31")
    assert problems(site, manifest, current_keys=True) == [
        f"images/manim/{folder}Toy.av1.mp4: was encoded with other av1 settings or another "
        "encoder than the profile's now (build again to encode it)"
        for folder in ("", "light/")]
    assert problems(site, manifest) == []  # without the scenes, keys are not checked


def test_a_rendition_cut_short_does_not_decode_to_its_end(published: tuple[Path, Path]
                                                          ) -> None:
    site, manifest = published
    video = site / "images" / "manim" / "light" / "Toy-128w.av1.mp4"
    video.write_bytes(video.read_bytes()[: video.stat().st_size * 2 // 3])
    checked = CheckedSite(site.resolve(), "")
    check_videos(checked, manifest)
    [problem] = [str(problem) for problem in checked.problems]
    assert problem.startswith("images/manim/light/Toy-128w.av1.mp4: ")
    assert "does not decode to its end" in problem or "decodes only" in problem


def test_a_profile_declares_the_renditions_it_ships() -> None:
    """Drafts ship H.264 alone, as before renditions; publish both codecs in both sizes,
    the small one at 30 frames a second."""
    def shape(rendition: Rendition) -> tuple[str, int | None, int | None]:
        return rendition.codec, rendition.width, rendition.fps

    assert [shape(r) for r in PROFILES["draft"].renditions] == [("h264", None, None)]
    assert [shape(r) for r in PROFILES["publish"].renditions] == [
        ("av1", None, None), ("h264", None, None), ("av1", 1280, 30), ("h264", 1280, 30)]
    assert PROFILES["publish"].ssim_floor == 0.995
