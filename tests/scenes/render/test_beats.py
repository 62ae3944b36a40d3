"""A video's story beats, as the render records them: real renders of a toy scene.

The toy scene has three beats: two with words, one without. Its render places each
beat in the video from the segments' frame counts (with plays shared between two
cores too), keeps a still per beat in every form a page uses, warns of the beat
without words below the publish profile and fails there, naming the beat's line.
"""

from __future__ import annotations

import dataclasses
import io
import shutil
import sys
from pathlib import Path

import pytest
from PIL import Image
from rich.console import Console

from scenes.render.command import beat_tables
from scenes.render.driver import render_scenes
from scenes.render.manifest import Manifest
from scenes.render.profiles import PROFILES, Profile
from tests.paths import FIXTURES

pytestmark = pytest.mark.xdist_group("render")

BEATS_SCENE = '''
from manim import Circle, Create, FadeIn, Square

from scenes.bases.beats import BeatText, beat
from scenes.bases.themed import ThemedScene


class ToyBeats(ThemedScene):
    beat_texts = {
        "draw": BeatText("畫出方形", "一個方形被畫出來。"),
        "circle": BeatText("加上圓形", "圓形淡入，方形不動。"),
    }

    def construct(self) -> None:
        self.draw()
        self.circle()
        self.unsaid()

    @beat()
    def draw(self) -> None:
        self.play(Create(Square(color=self.palette.text)), run_time=1)

    @beat()
    def circle(self) -> None:
        self.play(FadeIn(Circle(color=self.palette.class_0)), run_time=0.6)
        self.wait(0.4)

    @beat()
    def unsaid(self) -> None:
        self.wait(0.6)
'''
UNSAID_LINE = 17  # where construct() calls the beat without words


@pytest.fixture
def project(tmp_path: Path):
    shutil.copytree(FIXTURES / "toyscenes", tmp_path / "toyscenes")
    (tmp_path / "toyscenes" / "beats.py").write_text(BEATS_SCENE, encoding="utf-8")
    sys.path.insert(0, str(tmp_path))
    yield tmp_path
    sys.path.remove(str(tmp_path))


def render(project: Path, profile: str | Profile, jobs: int, console: Console):
    return render_scenes(["ToyBeats.mp4"], profile, jobs, themes=("dark",),
                         scenes_dir=project / "toyscenes", cache_root=project / "cache",
                         console=console)


@pytest.mark.parametrize("jobs", [1, 2], ids=["one core", "plays shared"])
def test_beats_are_placed_by_frames_and_keep_their_stills(project: Path, jobs: int) -> None:
    console = Console(file=io.StringIO(), width=300)
    result = render(project, "test", jobs, console)
    assert result.rendered == ["ToyBeats"]
    entry = Manifest.read(result.manifest).render("ToyBeats")
    # At 5 fps: 1 s, then 0.6 + 0.4 s (5 and 5 frames), then a wait: to the video's end.
    assert [(beat.key, beat.start, beat.end) for beat in entry.beats] == [
        ("draw", 0.0, 1.0), ("circle", 1.0, 2.0), ("unsaid", 2.0, entry.frames / 5)]
    assert entry.frames > 10
    assert [(beat.title, beat.description) for beat in entry.beats] == [
        ("畫出方形", "一個方形被畫出來。"), ("加上圓形", "圓形淡入，方形不動。"), (None, None)]
    assert entry.beats[2].where == f"toyscenes/beats.py:{UNSAID_LINE}"
    for index in (1, 2, 3):
        for suffix in (".jpg", ".webp"):
            with Image.open(entry.media(suffix, beat=index)) as still:
                assert still.size == (256, 144)
    # The second beat's still shows the circle (class 0's colour) that the first lacks.
    with Image.open(entry.media(".jpg", beat=1)) as first, \
            Image.open(entry.media(".jpg", beat=2)) as second:
        assert first.convert("RGB").tobytes() != second.convert("RGB").tobytes()
    warnings = console.file.getvalue()
    assert f"toyscenes/beats.py:{UNSAID_LINE}: beat 'unsaid' has no title or description" in \
        warnings


def test_a_beat_without_words_fails_where_words_are_required(project: Path) -> None:
    strict = dataclasses.replace(PROFILES["test"], name="strict", words_required=True)
    assert PROFILES["publish"].words_required and not PROFILES["draft"].words_required
    result = render(project, strict, 1, Console(file=io.StringIO(), width=300))
    [failure] = result.failures
    assert str(failure).endswith(
        f"toyscenes/beats.py:{UNSAID_LINE}: beat 'unsaid' has no title or description")
    assert result.rendered == []


def test_python_m_scenes_render_prints_the_beat_table(project: Path) -> None:
    result = render(project, "test", 1, Console(file=io.StringIO(), width=300))
    console = Console(file=io.StringIO(), width=200)
    for table in beat_tables(Manifest.read(result.manifest), ["ToyBeats.mp4"]):
        console.print(table)
    text = console.file.getvalue()
    assert "ToyBeats: 3 beats" in text
    assert "畫出方形" in text and "none" in text
