"""Every video the site ships decodes to its end, at its render's size and length."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.gate.checked_site import CheckedSite
from pipeline.gate.videos import check_videos, video_problem
from scenes.render.manifest import Manifest, RenderedScene
from scenes.render.rendition_files import RenditionFile
from tests.paths import FIXTURES

CLIP = FIXTURES / "site" / "images" / "clip.mp4"  # 64x36, 5 frames, 1 s


def site_with(tmp_path: Path, video: bytes, name: str = "images/clip.mp4") -> CheckedSite:
    (tmp_path / "site" / name).parent.mkdir(parents=True)
    (tmp_path / "site" / name).write_bytes(video)
    return CheckedSite((tmp_path / "site").resolve(), "")


def problems(site: CheckedSite, manifest: Path | None = None) -> list[str]:
    check_videos(site, manifest)
    return [str(problem) for problem in site.problems]


def test_a_whole_video_passes(tmp_path: Path) -> None:
    assert problems(site_with(tmp_path, CLIP.read_bytes())) == []


@pytest.mark.parametrize(("damage", "reason"), [
    (lambda data: data[:1200], "does not decode to its end ("),
    (lambda data: data[:len(data) // 2] + bytes(len(data) - len(data) // 2),
     "does not decode to its end ("),
    (lambda data: b"", "is not a video ffprobe can read ("),
    (lambda data: b"<html>not a video</html>", "is not a video ffprobe can read ("),
], ids=["cut-short", "zeroed-end", "empty", "not-a-video"])
def test_a_broken_video_is_refused_with_its_path(tmp_path: Path, damage, reason: str) -> None:
    [problem] = problems(site_with(tmp_path, damage(CLIP.read_bytes())))
    assert problem.startswith(f"images/clip.mp4: {reason}")
    assert " @ 0x" not in problem  # FFmpeg's decoder addresses change from run to run


def rendition(width: int, height: int, frames: int, duration: float) -> RenditionFile:
    """What the manifest says of the H.264 rendition of ToyCircle (not checked here)."""
    return RenditionFile("h264", "h264", "avc1.42c00b", True, width, height, 5, frames,
                         duration, 1.0, "key", Path("ToyCircle.mp4"))


def test_a_scene_video_must_be_its_render(tmp_path: Path) -> None:
    """A whole video that is not what the manifest says was rendered (another size)."""
    site = site_with(tmp_path, CLIP.read_bytes(), "images/manim/ToyCircle.mp4")
    render = RenderedScene("ToyCircle", "key", "video", 256, 144, tmp_path, duration=1.0,
                           frames=5, renditions=(rendition(256, 144, 5, 1.0),))
    manifest = Manifest("test", renders={"ToyCircle": {"dark": render}}).write(
        tmp_path / "manifest.json")
    assert problems(site, manifest) == [
        "images/manim/ToyCircle.mp4: is 64x36, its render is 256x144"]
    assert video_problem(CLIP, rendition(64, 36, 7, 1.0)) == "has 5 frames, its render 7"
    assert video_problem(CLIP, rendition(64, 36, 5, 2.5)) == "lasts 1.00 s, its render 2.50 s"


def test_publish_refuses_a_broken_video_and_deploys_nothing(tmp_path: Path) -> None:
    """A video of content/ cut short (a copy killed half-way): the gate stops the publish."""
    from tests.pipeline.conftest import FIXTURE, run_publish

    shutil.copytree(FIXTURE, tmp_path / "content")
    clip = tmp_path / "content" / "images" / "clip.mp4"
    clip.write_bytes(clip.read_bytes()[:1200])
    result = run_publish(tmp_path)
    assert result.returncode == 1
    assert "error: output/images/clip.mp4: does not decode to its end (" in result.stderr
    assert "publish stopped" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "output").exists()
    assert sorted(path.name for path in tmp_path.iterdir()) == ["content"]
