"""Every video's words ship whole (WebVTT a parser reads), and every scene video has them."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.gate.checked_site import CheckedSite
from pipeline.gate.tracks import check_tracks
from scenes.render.manifest import Manifest, RenderedScene

CHAPTERS = ("WEBVTT\n\n1\n00:00:00.000 --> 00:00:00.600\n資料\n\n"
            "2\n00:00:00.600 --> 00:00:01.000\nW₁：拉伸\n")
DESCRIPTIONS = CHAPTERS.replace("資料", "兩道拱形。").replace("W₁：拉伸", "網格被拉長。")
VIDEO = ('<figure class="video">\n<video width="64" height="36">'
         '<source src="images/manim/Toy.mp4" type="video/mp4">{tracks}</video>\n</figure>')
TRACKS = ('<track kind="chapters" src="tracks/Toy.chapters.vtt" srclang="zh-Hant" label="章節">'
          '<track kind="descriptions" src="tracks/Toy.descriptions.vtt" srclang="zh-Hant" '
          'label="畫面描述">')


def site_with(tmp_path: Path, chapters: str = CHAPTERS, tracks: str = TRACKS,
              source: str = "images/manim/Toy.mp4") -> CheckedSite:
    root = tmp_path / "site"
    (root / "tracks").mkdir(parents=True, exist_ok=True)
    (root / "tracks" / "Toy.chapters.vtt").write_text(chapters, encoding="utf-8")
    (root / "tracks" / "Toy.descriptions.vtt").write_text(DESCRIPTIONS, encoding="utf-8")
    page = "<!DOCTYPE html>\n<p>一段</p>\n" + VIDEO.format(tracks=tracks).replace(
        "images/manim/Toy.mp4", source)
    (root / "page.html").write_text(page, encoding="utf-8")
    return CheckedSite(root.resolve(), "")


def manifest_of(tmp_path: Path, duration: float = 1.0, frames: int = 5) -> Path:
    render = RenderedScene("Toy", "key", "video", 64, 36, tmp_path, duration=duration,
                           frames=frames)
    return Manifest("test", renders={"Toy": {"dark": render}}).write(tmp_path / "manifest.json")


def problems(site: CheckedSite, manifest: Path | None = None) -> list[str]:
    check_tracks(site, manifest)
    return sorted(str(problem) for problem in site.problems)


def test_whole_tracks_that_reach_the_video_end_pass(tmp_path: Path) -> None:
    assert problems(site_with(tmp_path), manifest_of(tmp_path)) == []


@pytest.mark.parametrize(("chapters", "reason"), [
    ("WEBVTT\n", "has no cue"),
    ("NOT A TRACK\n\n00:00:00.000 --> 00:00:01.000\nx\n", "is no valid WebVTT"),
    ("WEBVTT\n\n00:00:00.000 --> 00:00:01.000\n \n", "cue 1 has no text"),
    (CHAPTERS.replace("00:00:00.600 --> 00:00:01.000", "00:00:00.400 --> 00:00:01.000"),
     "cue 2 starts before cue 1 ends"),
    (CHAPTERS.replace("00:00:00.000 --> 00:00:00.600", "00:00:00.600 --> 00:00:00.500"),
     "cue 1 ends before it starts"),
], ids=["no-cue", "not-webvtt", "empty-cue", "overlap", "backwards"])
def test_a_track_a_player_cannot_read_is_refused(tmp_path: Path, chapters: str,
                                                 reason: str) -> None:
    assert any(problem.startswith(f"tracks/Toy.chapters.vtt: {reason}")
               for problem in problems(site_with(tmp_path, chapters)))


def test_a_scene_video_without_its_words_is_refused_at_its_line(tmp_path: Path) -> None:
    assert problems(site_with(tmp_path, tracks="")) == [
        "page.html:4: the video of images/manim/Toy.mp4 has no chapters track: its scene "
        "records no beats",
        "page.html:4: the video of images/manim/Toy.mp4 has no descriptions track: its scene "
        "records no beats"]


def test_a_video_of_content_needs_no_words(tmp_path: Path) -> None:
    assert problems(site_with(tmp_path, tracks="", source="images/clip.mp4")) == []


def test_tracks_must_reach_the_video_end_within_a_frame(tmp_path: Path) -> None:
    assert problems(site_with(tmp_path), manifest_of(tmp_path, duration=1.1, frames=5)) == []
    assert problems(site_with(tmp_path), manifest_of(tmp_path, duration=2.0, frames=10)) == [
        "page.html:4: its chapters track ends at 1.000 s, the video at 2.000 s",
        "page.html:4: its descriptions track ends at 1.000 s, the video at 2.000 s"]
