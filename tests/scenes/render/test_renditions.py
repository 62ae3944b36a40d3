"""Renditions: encoded from the master as steps of their own, the same bytes every time.

Real renders of toy scenes at the test profile, real encodes (AV1 and H.264, 256 and
128 px wide); a changed rendition setting is tried in a fresh interpreter, which must
encode without rendering (and so without importing Manim).
"""

from __future__ import annotations

import dataclasses
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console

from scenes.render.driver import render_scenes
from scenes.render.encoder import EncodeFailed, codec_string, encode_rendition
from scenes.render.manifest import Manifest
from scenes.render.profiles import PROFILES, Rendition
from scenes.render.record import RECORD_NAME, verify_entry
from scenes.render.rendition_record import RenditionRecord
from scenes.render.renditions import encode_job, versions_for
from scenes.render.settings import RenderSettingError
from tests.paths import FIXTURES, ROOT

pytestmark = pytest.mark.xdist_group("render")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURES / "toyscenes", tmp_path / "toyscenes")
    sys.path.insert(0, str(tmp_path))
    yield tmp_path
    sys.path.remove(str(tmp_path))


def render(project: Path, cache: str = "cache", console: Console | None = None):
    return render_scenes(["ToyCircle.mp4"], "test", 2, themes=("dark",),
                         scenes_dir=project / "toyscenes", cache_root=project / cache,
                         console=console)


def with_rendition(monkeypatch: pytest.MonkeyPatch, name: str, **changes: object) -> None:
    """The test profile with its rendition ``name`` changed."""
    profile = PROFILES["test"]
    renditions = tuple(dataclasses.replace(rendition, **changes) if rendition.name == name
                       else rendition for rendition in profile.renditions)
    monkeypatch.setitem(PROFILES, "test", dataclasses.replace(profile, renditions=renditions))


# In a fresh interpreter: the test profile's AV1 rendition at another CRF, then a build.
CHANGED_SETTING = """
import dataclasses, json, sys
from pathlib import Path
from scenes.render.driver import render_scenes
from scenes.render.profiles import PROFILES
profile = PROFILES["test"]
PROFILES["test"] = dataclasses.replace(profile, renditions=tuple(
    dataclasses.replace(r, options=(("preset", "12"), ("crf", "31"))) if r.name == "av1" else r
    for r in profile.renditions))
project = Path(sys.argv[1])
result = render_scenes(["ToyCircle.mp4"], "test", 2, themes=("dark",),
                       scenes_dir=project / "toyscenes", cache_root=project / "cache")
print(json.dumps({"rendered": result.rendered, "cached": result.cached,
                  "encoded": result.encoded, "failures": [str(f) for f in result.failures],
                  "manim": "manim" in sys.modules}))
"""


def test_a_changed_rendition_setting_encodes_again_without_rendering(project: Path) -> None:
    log = io.StringIO()
    first = render(project, console=Console(file=log, width=200))
    assert first.rendered == ["ToyCircle"] and sorted(first.encoded) == [
        f"ToyCircle {name}" for name in ("av1", "av1-128w", "h264", "h264-128w")]
    # One encode job: the render's four renditions, from one decode of its master.
    assert "encoding the renditions of 1 video(s) on 2 core(s)" in log.getvalue()
    assert "ToyCircle av1, h264, av1-128w, h264-128w encoded" in log.getvalue()
    before = Manifest.read(first.manifest).render("ToyCircle")
    record = (before.folder / RECORD_NAME).read_bytes()
    assert render(project).encoded == []  # nothing changed: nothing encoded

    run = subprocess.run([sys.executable, "-c", CHANGED_SETTING, str(project)],
                         capture_output=True, text=True, check=True, cwd=ROOT,
                         env={**os.environ, "PYTHONPATH": f"{ROOT}:{project}"})
    result = json.loads(run.stdout.splitlines()[-1])
    assert result == {"rendered": [], "cached": ["ToyCircle"], "encoded": ["ToyCircle av1"],
                      "failures": [], "manim": False}
    after = Manifest.read(first.manifest).render("ToyCircle")
    assert after.folder == before.folder and (after.folder / RECORD_NAME).read_bytes() == record
    changed = {rendition.name for rendition in after.renditions
               if rendition not in before.renditions}
    assert changed == {"av1"} and not before.rendition("av1").file.exists()  # replaced


ENCODE_ON_ONE_CORE = """
import os, sys
from pathlib import Path
os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
from tests.render_fixtures import render_with_renditions
render_with_renditions(Path(sys.argv[1]), "Toy", "dark")
"""


@pytest.mark.skipif(len(os.sched_getaffinity(0)) < 2, reason="needs two cores to compare")
def test_renditions_are_the_same_bytes_on_one_core_and_on_every_core(tmp_path: Path) -> None:
    """Two encodes of one master, in a process held to one core and in one free to use them
    all: every rendition the same bytes (x264's output follows its thread count, so each
    encoder gets one thread, whatever the machine)."""
    from tests.render_fixtures import render_with_renditions

    subprocess.run([sys.executable, "-c", ENCODE_ON_ONE_CORE, str(tmp_path / "one")],
                   check=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    free = render_with_renditions(tmp_path / "all", "Toy", "dark")
    assert len(free.renditions) == len(PROFILES["test"].renditions)
    for rendition in free.renditions:
        held = tmp_path / "one" / rendition.file.relative_to(tmp_path / "all")
        assert held.read_bytes() == rendition.file.read_bytes(), rendition.name


def test_renditions_encoded_together_are_the_bytes_of_each_encoded_alone(
        tmp_path: Path) -> None:
    """A render's renditions come from one decode of its master (``encode_batch``); each is
    the file one FFmpeg making it alone writes, with the same SSIM."""
    from tests.render_fixtures import render_with_renditions

    together = render_with_renditions(tmp_path / "cache", "Toy", "dark")
    entry = tmp_path / "cache" / "test" / "Toy" / "dark" / "key"
    record = verify_entry(entry, "Toy", "key")
    versions = versions_for(PROFILES["test"])
    assert [rendition.name for rendition in together.renditions] == [
        rendition.name for rendition in PROFILES["test"].renditions]
    for made, rendition in zip(together.renditions, PROFILES["test"].renditions, strict=True):
        work = tmp_path / "alone" / rendition.name
        work.mkdir(parents=True)
        job = encode_job("Toy", "dark", rendition, made.key, record, entry,
                         versions[rendition.encoder], work)
        assert encode_rendition(job).ok
        alone = RenditionRecord.read(work)
        assert (work / job.file_name).read_bytes() == made.file.read_bytes(), rendition.name
        assert alone.ssim == made.ssim, rendition.name


# Stands in front of FFmpeg on PATH: notes the glibc variable it was started with and
# each file it was asked to make (an argument ending in .mp4 that is not an input),
# then runs the real FFmpeg.
FFMPEG_THAT_NOTES_ITS_MALLOC_PERTURB = """#!/bin/sh
previous=
for argument; do
  case "$previous $argument" in
    "-i "*) ;;
    *.mp4) echo "${MALLOC_PERTURB_-unset} $argument" >> "$FFMPEG_NOTES" ;;
  esac
  previous=$argument
done
PATH="${PATH#*:}" exec ffmpeg "$@"
"""


def test_only_render_workers_start_with_malloc_perturb(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Manim's bytes need glibc's MALLOC_PERTURB_ (worker.WORKER_ENVIRONMENT); FFmpeg's do
    not, and with it every 1080p60 AV1 encode took 2.5 times as long
    (bench/encode_seconds.py): encode workers start without it."""
    stand_in = project / "bin" / "ffmpeg"
    stand_in.parent.mkdir()
    stand_in.write_text(FFMPEG_THAT_NOTES_ITS_MALLOC_PERTURB)
    stand_in.chmod(0o755)
    notes = project / "ffmpeg-notes"
    monkeypatch.setenv("PATH", f"{stand_in.parent}:{os.environ['PATH']}")
    monkeypatch.setenv("FFMPEG_NOTES", str(notes))
    monkeypatch.delenv("MALLOC_PERTURB_", raising=False)
    assert not render(project).failures
    made = {Path(target).name: perturb for perturb, target in
            (line.split(" ", 1) for line in notes.read_text().splitlines())}
    assert made["ToyCircle.master.mp4"] == "85"  # the render worker joining the master
    encodes = {name: perturb for name, perturb in made.items()
               if name.endswith(".mp4") and name != "ToyCircle.master.mp4"}
    assert len(encodes) == len(PROFILES["test"].renditions)
    assert set(encodes.values()) == {"unset"}, encodes


def test_an_encoder_ffmpeg_lacks_stops_the_build_before_any_render(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with_rendition(monkeypatch, "av1", encoder="libnothing")
    with pytest.raises(RenderSettingError, match=r"^FFmpeg cannot encode with libnothing \("
                                                 r"Unknown encoder 'libnothing'\): install"):
        render(project)
    assert not (project / "cache").exists()  # nothing rendered for nothing


def test_an_encode_that_fails_fails_the_build_at_the_scene_and_keeps_nothing_of_it(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with_rendition(monkeypatch, "av1-128w", options=(("preset", "99"),))
    result = render(project)
    [failure] = result.failures
    assert str(failure).startswith("toyscenes/shapes.py:8: scene ToyCircle failed: its "
                                   "av1-128w rendition could not be made: ")
    assert "\n" not in str(failure) and "Traceback" not in str(failure)
    renditions = project / "cache" / "test" / "_renditions" / "ToyCircle" / "dark"
    assert sorted(path.name for path in renditions.iterdir()) == ["av1", "h264", "h264-128w"]
    assert list((project / "cache" / "test" / "_renditions" / ".work").iterdir()) == []


@pytest.mark.parametrize(("codec", "configuration", "expected"), [
    ("h264", "01 64 00 2a ff e1", "avc1.64002a"),  # High, level 4.2 (1080p60)
    ("h264", "01 42 c0 1e ff e1", "avc1.42c01e"),  # Constrained Baseline, level 3.0
    ("av1", "81 09 0c 00", "av01.0.09M.08"),  # Main, level 4.1, 8 bits
    ("av1", "81 2d c0 00", "av01.1.13H.10"),  # High, level 5.1, high tier, 10 bits
])
def test_the_codec_string_is_read_from_the_decoder_configuration(
        codec: str, configuration: str, expected: str) -> None:
    assert codec_string(codec, bytes.fromhex(configuration)) == expected


def test_a_file_without_its_decoder_configuration_has_no_codec_string() -> None:
    with pytest.raises(EncodeFailed, match="no av1 decoder configuration"):
        codec_string("av1", b"\x01\x64\x00\x2a")


def test_a_rendition_named_by_codec_and_width() -> None:
    assert Rendition("av1", "libsvtav1", (), width=1280, fps=30).name == "av1-1280w"
    with pytest.raises(ValueError, match="one full-size H.264"):
        dataclasses.replace(PROFILES["test"], renditions=PROFILES["test"].renditions[:1])
