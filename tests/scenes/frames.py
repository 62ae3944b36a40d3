"""A few chosen frames of every scene, rendered at the test profile, and the stored ones.

In the spirit of Manim's own graphical tests (``manim.utils.testing.frames_comparison``):
frames of a real render are compared with control frames kept in the repository,
within a tolerance, and a command rewrites the control frames on purpose
(`make frames`, as `make expected` does for the whole site).

Every scene of ``scenes/`` (read from the code, never from a list kept by hand) is
rendered through the real driver, at the kind the content asks for, so the render
is the one ``tests/scenes/render/test_article_scenes.py`` makes and the cache serves both.
From a video three frames are kept (early, middle, last, by index from the decoded
frame count); from a still, its picture. Each scene is drawn in every theme; its
frames live in ``tests/scenes/frames/<Scene>/<index>.png`` (the default theme)
and ``tests/scenes/frames/<Scene>/<theme>/<index>.png`` (the others), each render
named ``Scene`` or ``Scene/<theme>`` below.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

from plugins.article_markdown.format import requested_scene_files
from scenes.drawing.themes import DEFAULT_THEME, THEMES
from scenes.render.catalog import read_catalog
from scenes.render.driver import render_scenes
from scenes.render.manifest import PROJECT_ROOT, Manifest, RenderedScene

__all__ = [
    "STORED_FRAMES", "ARTIFACTS", "CHANNEL_TOLERANCE", "MISMATCH_RATIO_TOLERANCE",
    "FrameComparison", "scene_names", "render_name", "render_names", "requested_files",
    "render_every_scene",
    "frame_indices", "decode_video", "chosen_frames", "stored_frame_paths", "read_png",
    "write_png", "compare_frames", "diff_image", "check_scene", "regenerate",
]

SCENES_DIR = PROJECT_ROOT / "scenes"
CONTENT = PROJECT_ROOT / "content"
STORED_FRAMES = PROJECT_ROOT / "tests" / "scenes" / "frames"
ARTIFACTS = PROJECT_ROOT / "test-artifacts" / "frames"
PROFILE = "test"

# Manim compares its own raw frames with atol 1.01 and tolerates a mismatch in
# 1e-5 of the values. Ours are the render's master (lossless H.264, but 4:2:0
# chroma), so one channel may move a few levels where the chroma is rounded or
# up-sampled differently; more than 8 of 255 is a changed picture. The same
# build decodes bit for bit the same frames; the ratio leaves room for a few
# stray edge pixels (37 of 256x144), while a label, a dot or a line that moved
# changes far more than that.
CHANNEL_TOLERANCE = 8
MISMATCH_RATIO_TOLERANCE = 1e-3
# Spelt out rather than left to FFmpeg's defaults: the chroma up-sampling alone
# (bilinear or bicubic, interpolated or not) changes 1-3% of the pixels of
# these small, colourful frames by more than the tolerance.
SWS_FLAGS = "bicubic+accurate_rnd+full_chroma_int"
REGENERATE_HINT = "run `make frames` and review the new frames before committing them"


@dataclass(frozen=True)
class FrameComparison:
    """How far a rendered frame is from its stored frame."""

    differing_pixels: int  # pixels with a channel off by more than CHANNEL_TOLERANCE
    total_pixels: int
    largest_difference: int  # the largest channel difference, 0-255
    mask: np.ndarray  # True where a pixel differs (height x width)
    shape_mismatch: str = ""  # "actual 256x144, stored 320x180" when sizes differ

    @property
    def matches(self) -> bool:
        if self.shape_mismatch:
            return False
        return self.differing_pixels <= MISMATCH_RATIO_TOLERANCE * self.total_pixels

    def describe(self) -> str:
        if self.shape_mismatch:
            return f"frame size differs ({self.shape_mismatch})"
        share = self.differing_pixels / self.total_pixels
        return (f"{self.differing_pixels} of {self.total_pixels} pixels differ ({share:.2%}; "
                f"allowed {MISMATCH_RATIO_TOLERANCE:.2%}) by more than {CHANNEL_TOLERANCE}/255 "
                f"in a channel, at most by {self.largest_difference}")


def scene_names() -> list[str]:
    """Every scene class of ``scenes/``, as the render driver finds them."""
    return sorted(read_catalog(SCENES_DIR).scenes)


def requested_files() -> list[str]:
    """The file names to render: the content's own, then ``Scene.mp4`` for any scene it
    does not use (the driver makes a scene without animation a still, whatever is asked).

    Asking with the content's names gives the same cache keys as the article's render
    test (a scene's kind is part of its key), so the suite renders each scene once.
    """
    catalog = read_catalog(SCENES_DIR)
    files, errors = requested_scene_files(CONTENT)
    if errors:
        raise RuntimeError("the article does not read:\n" + "\n".join(map(str, errors)))
    used = {scene.name for name in files if (scene := catalog.find(Path(name).stem))}
    return files + [f"{name}.mp4" for name in sorted(set(catalog.scenes) - used)]


def render_name(scene: str, theme: str) -> str:
    """A render's name here, and its folder of stored frames under ``STORED_FRAMES``."""
    return scene if theme == DEFAULT_THEME else f"{scene}/{theme}"


def render_names() -> list[str]:
    """Every scene in every theme."""
    return [render_name(scene, theme) for scene in scene_names() for theme in THEMES]


def render_every_scene(jobs: int | None = None) -> dict[str, RenderedScene]:
    """Render every scene at the test profile; the manifest entry of each scene, by name.

    ``jobs``: render workers (default: one per core).
    """
    result = render_scenes(requested_files(), PROFILE, jobs)
    if result.failures or result.unknown:
        problems = [str(failure) for failure in result.failures]
        problems += [f"{name}: names no scene" for name in result.unknown]
        raise RuntimeError("scenes did not render:\n" + "\n".join(problems))
    manifest = Manifest.read(result.manifest)
    return {render_name(scene, theme): manifest.render(scene, theme)
            for scene in scene_names() for theme in THEMES}


def frame_indices(count: int) -> list[int]:
    """Early, middle and last frame of ``count``: fixed by the count alone.

    Early is a quarter in rather than frame 0, which is mostly the empty
    background before the first animation has drawn anything.
    """
    if count < 1:
        raise ValueError(f"a video needs at least one frame, got {count}")
    return sorted({count // 4, count // 2, count - 1})


def decode_video(video: Path, width: int, height: int) -> np.ndarray:
    """Every frame of ``video`` as RGB, shape (frames, height, width, 3)."""
    decoded = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(video), "-sws_flags", SWS_FLAGS,
         "-f", "rawvideo", "-pix_fmt", "rgb24", "-"],
        capture_output=True, check=True,
    ).stdout
    return np.frombuffer(decoded, dtype=np.uint8).reshape(-1, height, width, 3)


def chosen_frames(entry: RenderedScene) -> dict[int, np.ndarray]:
    """Frame index -> RGB frame, from a manifest entry (a still is frame 0).

    A video's frames come from its master: the frames the scene drew, losslessly
    (the renditions pages show are each checked against it by their SSIM).
    """
    if entry.master is None:
        return {0: read_png(entry.still)}
    frames = decode_video(entry.master, entry.width, entry.height)
    return {index: frames[index] for index in frame_indices(len(frames))}


def stored_frame_paths(scene: str, stored: Path = STORED_FRAMES) -> dict[int, Path]:
    """Frame index -> stored PNG of ``scene`` (empty when none are stored)."""
    folder = stored / scene
    if not folder.is_dir():
        return {}
    return {int(path.stem): path for path in folder.glob("*.png") if path.stem.isdigit()}


def read_png(path: Path) -> np.ndarray:
    """A PNG's pixels as RGB (height x width x 3, uint8)."""
    with Image.open(path) as image:
        return np.asarray(image.convert("RGB"))


def write_png(path: Path, frame: np.ndarray) -> None:
    """Save RGB pixels as a PNG, folders made; optimised, since the frames are committed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(frame).save(path, optimize=True)


def compare_frames(actual: np.ndarray, stored: np.ndarray) -> FrameComparison:
    """Count the pixels of ``actual`` that are off from ``stored`` beyond the tolerance."""
    if actual.shape != stored.shape:
        def size(frame: np.ndarray) -> str:
            return f"{frame.shape[1]}x{frame.shape[0]}"
        total = actual.shape[0] * actual.shape[1]
        return FrameComparison(total, total, 255, np.ones(actual.shape[:2], dtype=bool),
                               f"actual {size(actual)}, stored {size(stored)}")
    difference = np.abs(actual.astype(np.int16) - stored.astype(np.int16)).max(axis=2)
    mask = difference > CHANNEL_TOLERANCE
    return FrameComparison(int(mask.sum()), int(mask.size), int(difference.max()), mask)


def diff_image(actual: np.ndarray, comparison: FrameComparison) -> np.ndarray:
    """The actual frame dimmed to a third, with the differing pixels in full red."""
    picture = (actual // 3).astype(np.uint8)
    picture[comparison.mask] = (255, 0, 0)
    return picture


def check_scene(scene: str, actual: dict[int, np.ndarray], *, stored: Path = STORED_FRAMES,
                artifacts: Path = ARTIFACTS) -> list[str]:
    """What is wrong with ``scene``'s frames, one line each (empty: all match).

    A differing frame leaves ``<artifacts>/<scene>/<index>-actual.png`` and
    ``<index>-diff.png`` behind for the author to look at.
    """
    # Images of an earlier failing run would pass for this run's.
    shutil.rmtree(artifacts / scene, ignore_errors=True)
    paths = stored_frame_paths(scene, stored)
    if not paths:
        return [f"{scene}: no stored frames in {_shown(stored / scene)}/; {REGENERATE_HINT}"]
    if sorted(paths) != sorted(actual):
        return [f"{scene}: the render gives frames {sorted(actual)} but frames {sorted(paths)} "
                f"are stored (the scene's length changed?); {REGENERATE_HINT}"]
    problems = []
    for index, frame in sorted(actual.items()):
        comparison = compare_frames(frame, read_png(paths[index]))
        if comparison.matches:
            continue
        actual_path = artifacts / scene / f"{index}-actual.png"
        diff_path = artifacts / scene / f"{index}-diff.png"
        write_png(actual_path, frame)
        if not comparison.shape_mismatch:
            write_png(diff_path, diff_image(frame, comparison))
        problems.append(f"{scene} frame {index}: {comparison.describe()}; "
                        f"stored {_shown(paths[index])}, actual {_shown(actual_path)}"
                        + ("" if comparison.shape_mismatch else f", diff {_shown(diff_path)}"))
    if problems:
        problems.append(f"if the change is meant, {REGENERATE_HINT}")
    return problems


def _shown(path: Path) -> str:
    """A path relative to the project when it is inside it (shorter messages)."""
    return str(path.relative_to(PROJECT_ROOT)) if path.is_relative_to(PROJECT_ROOT) else str(path)


def regenerate(jobs: int | None = None) -> None:
    """Render every scene and rewrite ``tests/scenes/frames`` from it, on purpose."""
    renders = render_every_scene(jobs)
    for folder in sorted(p for p in STORED_FRAMES.glob("*") if p.is_dir()):
        if folder.name not in renders:
            shutil.rmtree(folder)
            print(f"removed {_shown(folder)} (no such scene any more)")
    for scene, entry in sorted(renders.items()):
        shutil.rmtree(STORED_FRAMES / scene, ignore_errors=True)
        for index, frame in chosen_frames(entry).items():
            write_png(STORED_FRAMES / scene / f"{index}.png", frame)
    print(f"rewrote {_shown(STORED_FRAMES)} ({len(renders)} scenes)")
