"""Chosen frames of every scene equal the stored frames, within a tolerance.

When a change to a scene's picture is meant, run `make frames` and review the
new PNGs under tests/scenes/frames in the commit. A failing frame leaves the
actual frame and a diff (differing pixels in red) in test-artifacts/frames/.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import numpy as np
import pytest

from scenes.render.manifest import PROJECT_ROOT, RenderedScene
from tests.scenes.frames import (
    CHANNEL_TOLERANCE,
    MISMATCH_RATIO_TOLERANCE,
    STORED_FRAMES,
    check_scene,
    chosen_frames,
    compare_frames,
    frame_indices,
    read_png,
    render_names,
    scene_names,
    stored_frame_paths,
    write_png,
)

# The same worker as tests/scenes/render/test_article_scenes.py: one render serves both.
RENDER = pytest.mark.xdist_group("render")
SCENES = scene_names()
# A real stored frame to alter: the first scene's middle frame (any would do).
SAMPLE_SCENE = SCENES[0]


@RENDER
@pytest.mark.parametrize("scene", render_names())
def test_frames_match_the_stored_frames(scene: str,
                                        scene_renders: dict[str, RenderedScene]) -> None:
    entry = scene_renders[scene]
    frames = chosen_frames(entry)
    if entry.master is not None:
        # Frames are chosen from the decoded count; it must be the count the driver saw.
        assert max(frames) == entry.frames - 1, scene
    problems = check_scene(scene, frames)
    assert not problems, "\n".join(problems)


def test_no_frames_are_stored_for_a_scene_that_is_gone() -> None:
    stale = sorted(p.name for p in STORED_FRAMES.glob("*") if p.is_dir()
                   and p.name not in SCENES)
    assert stale == [], f"frames stored for no scene: {stale}; run `make frames`"


def test_frame_indices_are_early_middle_and_last() -> None:
    assert frame_indices(41) == [10, 20, 40]
    assert frame_indices(2) == [0, 1]
    assert frame_indices(1) == [0]
    with pytest.raises(ValueError, match="at least one frame"):
        frame_indices(0)


def _sample_frame() -> tuple[np.ndarray, Path]:
    paths = stored_frame_paths(SAMPLE_SCENE)
    assert paths, f"{SAMPLE_SCENE}: no stored frames; run `make frames`"
    index = sorted(paths)[len(paths) // 2]
    return read_png(paths[index]), paths[index]


def test_a_rectangle_drawn_on_a_stored_frame_is_reported() -> None:
    stored, _ = _sample_frame()
    altered = stored.copy()
    # 20x12 pixels of a colour no scene uses: 240 pixels, about 0.65% of the frame.
    altered[40:52, 100:120] = (255, 0, 255)
    comparison = compare_frames(altered, stored)
    changed = int((np.abs(stored[40:52, 100:120].astype(int) - (255, 0, 255)).max(axis=2)
                   > CHANNEL_TOLERANCE).sum())
    assert changed > MISMATCH_RATIO_TOLERANCE * stored.shape[0] * stored.shape[1]
    assert not comparison.matches
    assert comparison.differing_pixels == changed
    assert comparison.mask[40:52, 100:120].sum() == changed and comparison.mask.sum() == changed


def test_noise_below_the_tolerance_passes() -> None:
    stored, _ = _sample_frame()
    rng = np.random.default_rng(0)
    noise = rng.integers(-CHANNEL_TOLERANCE, CHANNEL_TOLERANCE + 1, stored.shape)
    noisy = np.clip(stored.astype(int) + noise, 0, 255).astype(np.uint8)
    # And a few stray pixels far off, fewer than the ratio allows.
    allowed = int(MISMATCH_RATIO_TOLERANCE * stored.shape[0] * stored.shape[1])
    noisy[0, :allowed] = 255 - noisy[0, :allowed]
    comparison = compare_frames(noisy, stored)
    assert comparison.matches, comparison.describe()
    assert 0 < comparison.differing_pixels <= allowed


def test_one_stray_pixel_more_than_allowed_fails() -> None:
    stored, _ = _sample_frame()
    allowed = int(MISMATCH_RATIO_TOLERANCE * stored.shape[0] * stored.shape[1])
    altered = stored.copy()
    altered[0, : allowed + 1] = 255 - altered[0, : allowed + 1]
    assert not compare_frames(altered, stored).matches


def test_a_differing_frame_names_scene_frame_and_pixels_and_leaves_images(
        tmp_path: Path) -> None:
    stored, path = _sample_frame()
    index = int(path.stem)
    store = tmp_path / "stored"
    write_png(store / "Scene" / f"{index}.png", stored)
    altered = stored.copy()
    altered[40:52, 100:120] = (255, 0, 255)
    artifacts = tmp_path / "artifacts"
    problems = check_scene("Scene", {index: altered}, stored=store, artifacts=artifacts)
    differing = compare_frames(altered, stored).differing_pixels
    assert problems[0].startswith(f"Scene frame {index}: {differing} of {144 * 256} pixels differ")
    assert "make frames" in problems[-1]
    assert (read_png(artifacts / "Scene" / f"{index}-actual.png") == altered).all()
    diff = read_png(artifacts / "Scene" / f"{index}-diff.png")
    assert (diff[45, 110] == (255, 0, 0)).all() and (diff[100, 10] != (255, 0, 0)).any()


def test_a_frame_of_another_size_is_reported(tmp_path: Path) -> None:
    stored, path = _sample_frame()
    write_png(tmp_path / "stored" / "Scene" / path.name, stored[:, :200])
    [problem, _hint] = check_scene("Scene", {int(path.stem): stored}, stored=tmp_path / "stored",
                                   artifacts=tmp_path / "artifacts")
    assert "frame size differs (actual 256x144, stored 200x144)" in problem


def test_a_scene_without_stored_frames_fails_and_says_make_frames(tmp_path: Path) -> None:
    stored, _ = _sample_frame()
    [problem] = check_scene("NewScene", {0: stored}, stored=tmp_path / "stored",
                            artifacts=tmp_path / "artifacts")
    assert problem.startswith("NewScene: no stored frames in ")
    assert "run `make frames`" in problem


def test_a_scene_whose_length_changed_fails_and_says_make_frames(tmp_path: Path) -> None:
    stored, _ = _sample_frame()
    for index in (10, 20, 40):
        write_png(tmp_path / "stored" / "Scene" / f"{index}.png", stored)
    [problem] = check_scene("Scene", {index: stored for index in (12, 25, 50)},
                            stored=tmp_path / "stored", artifacts=tmp_path / "artifacts")
    assert "gives frames [12, 25, 50] but frames [10, 20, 40] are stored" in problem
    assert "run `make frames`" in problem


def test_make_frames_runs_the_regenerator_with_the_given_jobs() -> None:
    clean = {k: v for k, v in os.environ.items() if k not in ("JOBS", "MAKEFLAGS")}
    result = subprocess.run(["make", "-n", "frames", "JOBS=3"], cwd=PROJECT_ROOT, env=clean,
                            capture_output=True, text=True, check=True)
    assert "-m tests.scenes.regenerate_frames --jobs 3" in result.stdout


@RENDER
@pytest.mark.parametrize("name", render_names())
def test_a_light_render_is_light_and_a_dark_one_dark(
        name: str, scene_renders: dict[str, RenderedScene]) -> None:
    render = scene_renders[name]
    pixels = read_png(render.still).astype(float) / 255
    # Mean relative luminance of the frame (Rec. 709 weights on linear light).
    linear = np.where(pixels <= 0.04045, pixels / 12.92, ((pixels + 0.055) / 1.055) ** 2.4)
    luminance = float((linear @ np.array([0.2126, 0.7152, 0.0722])).mean())
    if render.theme == "light":
        assert luminance > 0.8, f"{name}: mean luminance {luminance:.2f}"
    else:
        assert luminance < 0.2, f"{name}: mean luminance {luminance:.2f}"
