"""The render driver: real Manim renders of toy scenes at the test profile."""

from __future__ import annotations

import argparse
import io
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image
from rich.console import Console

from scenes.render.cache import RenderCache
from scenes.render.driver import render_scenes
from scenes.render.manifest import Manifest
from scenes.render.profiles import PROFILES
from scenes.render.settings import add_render_options, scene_time_limit
from tests.paths import FIXTURES
from tests.scenes.render.toy_failure import assert_only_the_broken_scene_failed

FIXTURE = FIXTURES / "toyscenes"
pytestmark = pytest.mark.xdist_group("render")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURE, tmp_path / "toyscenes")
    sys.path.insert(0, str(tmp_path))
    yield tmp_path
    sys.path.remove(str(tmp_path))


def render(project: Path, names: list[str], profile: str = "test"):
    return render_scenes(names, profile, 2, themes=("dark",), scenes_dir=project / "toyscenes",
                         cache_root=project / "cache")


def test_renders_video_poster_and_manifest(project: Path) -> None:
    result = render(project, ["ToyCircle.mp4", "toy-circle.jpg", "Nope.mp4"])
    assert result.rendered == ["ToyCircle"] and result.unknown == ["Nope.mp4"]
    entry = Manifest.read(result.manifest).render("ToyCircle")
    assert (entry.width, entry.height) == (256, 144)
    assert 6 <= entry.frames <= 9  # 1.4 s at 5 fps
    assert entry.master.is_file() and entry.still.is_file()
    # The still in every form a page asks for, and the link-preview card.
    with Image.open(entry.media(".jpg")) as poster, Image.open(entry.media(".webp")) as webp:
        assert poster.size == webp.size == (256, 144)
    with Image.open(entry.media(".jpg", card=True)) as card:
        assert card.size == (1200, 630)
    # The master: lossless H.264 (x264 at CRF 0 writes the High 4:4:4 Predictive
    # profile), 4:2:0 as every rendition, its index at the front.
    assert probe(entry.master) == {"codec_name": "h264", "pix_fmt": "yuv420p",
                                   "profile": "High 4:4:4 Predictive", "width": "256",
                                   "height": "144"}
    assert faststart(entry.master)
    # Every rendition of the profile, each its codec, size, faststart, as the record says.
    assert [(r.name, r.codec, r.width, r.height, r.fps, r.frames) for r in entry.renditions] == [
        ("av1", "av1", 256, 144, 5, entry.frames), ("h264", "h264", 256, 144, 5, entry.frames),
        ("av1-128w", "av1", 128, 72, 5, entry.frames),
        ("h264-128w", "h264", 128, 72, 5, entry.frames)]
    for rendition in entry.renditions:
        facts = probe(rendition.file)
        assert (facts["codec_name"], facts["width"], facts["height"]) == (
            rendition.codec, str(rendition.width), str(rendition.height))
        assert faststart(rendition.file) and rendition.ssim >= PROFILES["test"].ssim_floor
        assert rendition.codecs.startswith("av01.0." if rendition.codec == "av1" else "avc1.")
    # The page's own path is the H.264 at the render's size; the others beside it.
    assert entry.media(".mp4") == entry.rendition("h264").file
    assert entry.media(".mp4", width=128, codec="av1") == entry.rendition("av1", 128).file


def probe(video: Path) -> dict[str, str]:
    """ffprobe's codec, pixel format, profile and size of a video's stream."""
    lines = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries",
         "stream=codec_name,pix_fmt,profile,width,height", "-of", "default=nw=1", str(video)],
        capture_output=True, text=True, check=True).stdout.splitlines()
    return dict(line.split("=", 1) for line in lines)


def faststart(video: Path) -> bool:
    """The index (moov) before the frames (mdat): playback starts before the download ends."""
    head = video.read_bytes()[:65536]
    return b"moov" in head and (b"mdat" not in head or head.find(b"moov") < head.find(b"mdat"))


def test_cache_hits_and_misses(project: Path) -> None:
    names = ["ToyCircle.mp4", "ToySquare.mp4"]
    assert sorted(render(project, names).rendered) == ["ToyCircle", "ToySquare"]
    assert render(project, names).rendered == []

    # An edit to the scene module re-renders the scenes in it.
    shapes = project / "toyscenes" / "shapes.py"
    shapes.write_text(shapes.read_text() + "\n# an edit\n")
    assert sorted(render(project, names).rendered) == ["ToyCircle", "ToySquare"]

    # An edit to a module it imports, and to the data that module reads.
    palette = project / "toyscenes" / "palette.py"
    palette.write_text(palette.read_text() + "\n# an edit\n")
    assert sorted(render(project, names).rendered) == ["ToyCircle", "ToySquare"]
    (project / "toyscenes" / "numbers.json").write_text('{"color": "#00FFCC"}')
    assert sorted(render(project, names).rendered) == ["ToyCircle", "ToySquare"]

    # Another profile renders apart and evicts nothing.
    assert sorted(render(project, names, "draft").rendered) == ["ToyCircle", "ToySquare"]
    assert render(project, names).rendered == []
    assert render(project, names, "draft").rendered == []


def test_a_failing_scene_names_file_line_and_message(project: Path) -> None:
    result = render(project, ["ToyBroken.mp4", "ToySquare.mp4"])
    assert_only_the_broken_scene_failed(result, project)


def test_an_interrupted_render_leaves_nothing_and_is_redone(project: Path) -> None:
    code = ("import sys; from pathlib import Path; from scenes.render.driver import render_scenes; "
            f"render_scenes(['ToySlow.mp4'], 'test', 1, themes=('dark',), "
            f"scenes_dir=Path('{project}/toyscenes'), cache_root=Path('{project}/cache'))")
    process = subprocess.Popen([sys.executable, "-c", code], start_new_session=True,
                               env={**os.environ, "PYTHONPATH": str(project)},
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    work = project / "cache" / "test" / ".work"
    deadline = time.monotonic() + 60
    while not any(work.glob("ToySlow-*/manim")) and time.monotonic() < deadline:
        time.sleep(0.2)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    assert not (project / "cache" / "test" / "ToySlow").exists()

    slow = project / "toyscenes" / "shapes.py"
    slow.write_text(slow.read_text().replace("run_time=30", "run_time=0.4"))
    result = render(project, ["ToySlow.mp4"])
    assert result.rendered == ["ToySlow"]
    assert not any(work.iterdir())  # the abandoned half-render was cleared


def test_nothing_changed_imports_no_manim(project: Path) -> None:
    render(project, ["ToySquare.mp4"])
    code = ("import sys; from pathlib import Path; from scenes.render.driver import render_scenes; "
            f"r = render_scenes(['ToySquare.mp4'], 'test', 1, themes=('dark',), "
            f"scenes_dir=Path('{project}/toyscenes'), cache_root=Path('{project}/cache')); "
            "print(r.rendered, r.cached, 'manim' in sys.modules)")
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, env={**os.environ, "PYTHONPATH": str(project)}).stdout
    assert output.strip() == "[] ['ToySquare'] False"


def test_profiles() -> None:
    assert (PROFILES["draft"].width, PROFILES["draft"].height, PROFILES["draft"].fps) == (
        854, 480, 15)
    assert (PROFILES["publish"].width, PROFILES["publish"].fps) == (1920, 60)


def test_two_builds_at_once_render_a_scene_once(project: Path) -> None:
    code = ("from pathlib import Path; from scenes.render.driver import render_scenes; "
            "r = render_scenes(['ToySquare.mp4'], 'test', 1, themes=('dark',), "
            f"scenes_dir=Path('{project}/toyscenes'), cache_root=Path('{project}/cache')); "
            "print(r.rendered, r.cached)")
    environment = {**os.environ, "PYTHONPATH": str(project)}
    runs = [subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, env=environment)
            for _ in range(2)]
    outputs = sorted(run.communicate(timeout=120)[0].strip() for run in runs)
    assert outputs == ["['ToySquare'] []", "[] ['ToySquare']"]


def test_a_build_that_needs_no_scene_still_gets_a_manifest(project: Path) -> None:
    result = render(project, [])
    assert Manifest.read(result.manifest).renders == {}


def test_plays_forked_to_spare_cores_give_the_same_bytes(project: Path) -> None:
    """One worker on two cores forks plays to the spare core; the video is unchanged."""
    outputs = []
    for cores in (1, 2):
        log = io.StringIO()
        result = render_scenes(["ToyMoves.mp4"], "test", cores, themes=("dark",),
                               scenes_dir=project / "toyscenes",
                               cache_root=project / f"cache-{cores}",
                               console=Console(file=log, width=200))
        assert result.rendered == ["ToyMoves"] and not result.failures
        assert ("plays on spare cores" in log.getvalue()) == (cores == 2)
        entry = Manifest.read(result.manifest).render("ToyMoves")
        assert entry.frames == 18  # 3.6 s at 5 fps, every play in its place
        outputs.append([entry.master.read_bytes(), entry.still.read_bytes()])
        assert not any(RenderCache(project / f"cache-{cores}", PROFILES["test"]).work.iterdir())
    assert outputs[0] == outputs[1]


def test_a_forked_play_that_fails_names_its_line(project: Path) -> None:
    shapes = project / "toyscenes" / "shapes.py"
    shapes.write_text(shapes.read_text() + """

class ToyFailsMidPlay(Scene):
    def construct(self) -> None:
        self.play(Create(Square()), run_time=0.4)
        self.play(Create(Circle()), run_time=0.4)
        self.play(UpdateFromAlphaFunc(Square(), fail_late), run_time=0.4)


def fail_late(square, alpha: float) -> None:
    if alpha > 0.5:
        raise ValueError("the square broke halfway")
""".replace("from manim import", "from manim import UpdateFromAlphaFunc,"))
    shapes.write_text("from manim import UpdateFromAlphaFunc\n" + shapes.read_text())
    result = render_scenes(["ToyFailsMidPlay.mp4"], "test", 2, themes=("dark",),
                           scenes_dir=project / "toyscenes",
                           cache_root=project / "cache")
    [failure] = result.failures
    line = shapes.read_text().splitlines().index(
        '        raise ValueError("the square broke halfway")') + 1
    assert str(failure) == (f"toyscenes/shapes.py:{line}: scene ToyFailsMidPlay failed: "
                            "ValueError: the square broke halfway")
    assert not (project / "cache" / "test" / "ToyFailsMidPlay").exists()
    assert not any(RenderCache(project / "cache", PROFILES["test"]).work.iterdir())


def test_a_build_with_forked_plays_ends_without_warnings(project: Path) -> None:
    """Plays rendered in forked children leave nothing for Python to complain about at exit."""
    code = ("from pathlib import Path; from scenes.render.driver import render_scenes; "
            "r = render_scenes(['ToyMoves.mp4'], 'test', 2, themes=('dark',), "
            f"scenes_dir=Path('{project}/toyscenes'), cache_root=Path('{project}/cache')); "
            "print(r.rendered)")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120, env={**os.environ, "PYTHONPATH": str(project)})
    assert run.stdout.strip() == "['ToyMoves']"
    assert "plays on spare cores" in run.stderr + run.stdout
    assert "leaked" not in run.stderr and "Traceback" not in run.stderr


def test_each_theme_renders_apart_and_a_worker_switches_palettes(project: Path) -> None:
    """Both themes of a scene in one build: two entries, the palette chosen per render."""
    shapes = project / "toyscenes" / "themed.py"
    shapes.write_text(THEMED_SCENE, encoding="utf-8")
    result = render_scenes(["ToyThemed.png", "ToySquare.mp4"], "test", 1,
                           scenes_dir=project / "toyscenes", cache_root=project / "cache")
    assert sorted(result.rendered) == ["ToySquare", "ToySquare (light)", "ToyThemed",
                                       "ToyThemed (light)"]
    manifest = Manifest.read(result.manifest)
    assert manifest.themes_of("ToyThemed") == ("dark", "light")
    dark, light = manifest.render("ToyThemed", "dark"), manifest.render("ToyThemed", "light")
    assert dark.key != light.key and dark.folder != light.folder
    for render, background in ((dark, (17, 19, 24)), (light, (251, 250, 248))):
        with Image.open(render.still) as still:
            assert still.convert("RGB").getpixel((2, 2)) == background
    # Nothing changed: both themes found in the cache.
    again = render_scenes(["ToyThemed.png", "ToySquare.mp4"], "test", 1,
                          scenes_dir=project / "toyscenes", cache_root=project / "cache")
    assert again.rendered == [] and len(again.cached) == 4


def test_an_unknown_theme_is_refused(project: Path) -> None:
    with pytest.raises(ValueError, match="unknown theme 'sepia' \\(known: dark, light\\)"):
        render_scenes(["ToySquare.mp4"], "test", 1, themes=("sepia",),
                      scenes_dir=project / "toyscenes", cache_root=project / "cache")


# A scene on the project's themed base: the worker gives it the theme of each job.
THEMED_SCENE = """
from manim import Square

from scenes.bases.themed import ThemedScene


class ToyThemed(ThemedScene):
    def construct(self) -> None:
        self.add(Square(color=self.palette.text))
"""


def test_a_scene_time_limit_scales_with_its_last_render() -> None:
    test, draft, publish = PROFILES["test"], PROFILES["draft"], PROFILES["publish"]
    assert scene_time_limit(None, test) == 600  # never rendered at the profile
    assert scene_time_limit(2.0, test) == 60  # the profile's floor
    assert scene_time_limit(30.0, test) == 150  # five times its last render
    assert scene_time_limit(None, draft) == 1800 and scene_time_limit(100.0, draft) == 500
    assert scene_time_limit(None, publish) == 10800 and scene_time_limit(60.0, publish) == 600


@pytest.mark.parametrize("given", ["-3", "soon", "nan"])
def test_a_time_limit_that_is_no_number_of_seconds_is_refused(
        given: str, capsys: pytest.CaptureFixture[str]) -> None:
    parser = argparse.ArgumentParser(prog="build")
    add_render_options(parser)
    with pytest.raises(SystemExit):
        parser.parse_args(["--scene-time-limit", given])
    assert f"{given!r} is not a number of seconds (0: no limit)" in capsys.readouterr().err
