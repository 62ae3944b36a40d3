"""Faults an author causes while ``make html`` renders: each leaves ``output/`` as the last
good build, keeps what was finished, and says so in one line.

Real builds (``python -m pipeline.build``) of a private copy of the project
(``fault_project``) with toy scenes, real signals, real processes. ``base`` is
built once (ToyKeptA and ToyKeptB rendered); each test starts from a copy of
it, cache included, so only what a test changes renders.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.pipeline.fault_project import (
    ARTICLE_HEADER,
    FaultProject,
    alive,
    descendants,
    make_fault_project,
    stop_started_builds,
    tree_digest,
    wait_for,
)

pytestmark = pytest.mark.xdist_group("render")
BASE_SCENES = ["ToyKeptA", "ToyKeptB"]
# Long enough that a render waits in its nap while the test acts, short enough that a
# worker left behind by a broken build still ends within the suite.
LONG_NAP = "60"


@pytest.fixture(autouse=True)
def no_build_left() -> Iterator[None]:
    yield
    stop_started_builds()


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> FaultProject:
    project = make_fault_project(tmp_path_factory.mktemp("faults") / "project", BASE_SCENES)
    result = project.build()
    assert result.returncode == 0, result.stderr
    return project


@pytest.fixture
def project(base: FaultProject, tmp_path: Path) -> FaultProject:
    """A copy of the built base project (its cache and output too), moved elsewhere."""
    shutil.copytree(base.root, tmp_path / "project", symlinks=True)
    return FaultProject(tmp_path / "project")


def show(project: FaultProject, scenes: list[str], text: str = "") -> None:
    """Make the article show ``scenes`` (videos), after ``text``."""
    body = "".join(f"!mp4\n- images/manim/{scene}.mp4\n\n" for scene in scenes)
    (project.root / "content" / "articles" / "faults.md").write_text(
        ARTICLE_HEADER + text + body, encoding="utf-8")


def lines_after(log: Path, start: str) -> list[str]:
    lines = [line for line in log.read_text().splitlines() if line.strip()]
    first = next(index for index, line in enumerate(lines) if line.startswith(start))
    return lines[first + 1:]


# --- Interrupted: Ctrl-C, SIGTERM, SIGKILL. ---

@pytest.mark.parametrize(("how", "status", "said"), [
    ("ctrl-c", 130, "stopped (Ctrl-C)"),
    ("sigterm", 143, "stopped (SIGTERM)"),
])
def test_an_interrupted_build_leaves_the_last_good_build(project: FaultProject, tmp_path: Path,
                                                         how: str, status: int,
                                                         said: str) -> None:
    before = tree_digest(project.output)
    show(project, [*BASE_SCENES, "ToyNapA"])
    log = tmp_path / "build.log"
    build = project.start_build(log, TOY_NAP=LONG_NAP)
    wait_for(lambda: project.started("ToyNapA"), 120, "ToyNapA to start rendering")
    workers = descendants(build.pid)
    assert workers
    if how == "ctrl-c":
        os.killpg(build.pid, signal.SIGINT)  # what a terminal sends: the whole group
    else:
        os.kill(build.pid, signal.SIGTERM)  # what `kill` or the dev server sends
    assert build.wait(timeout=60) == status
    # One line, no traceback; the workers stopped; nothing of the build left behind.
    assert lines_after(log, "rendering 1 scene(s)") == [
        f"{said}: {project.output} unchanged; the renders that finished are kept for the "
        "next build"]
    wait_for(lambda: not any(alive(pid) for pid in workers), 10, "the workers to end")
    assert tree_digest(project.output) == before
    assert project.leftovers() == []
    assert list((project.cache / ".work").iterdir()) == []
    # The next build renders what was left unfinished, and nothing else.
    result = project.build(TOY_NAP="0")
    assert result.returncode == 0, result.stderr
    assert "(1 scene(s) rendered, 2 cached" in result.stderr


def test_a_killed_build_keeps_its_finished_renders_and_its_workers_end(
        project: FaultProject, tmp_path: Path) -> None:
    """SIGKILL of the build process alone, two of six scenes done: its workers notice and
    end, output/ is untouched, and the next build renders the four others only."""
    show(project, [])
    assert project.build().returncode == 0
    before = tree_digest(project.output)
    shutil.rmtree(project.cache)  # nothing rendered yet
    show(project, [*BASE_SCENES, "ToyNapA", "ToyNapB", "ToyNapC", "ToyNapD"])
    build = project.start_build(tmp_path / "build.log", TOY_NAP=LONG_NAP)
    wait_for(lambda: project.kept() == set(BASE_SCENES) and project.started(
        "ToyNapA", "ToyNapB"), 180, "two scenes kept and two napping")
    workers = descendants(build.pid)
    os.kill(build.pid, signal.SIGKILL)
    build.wait(timeout=10)
    wait_for(lambda: not any(alive(pid) for pid in workers), 10,
             "the workers of the killed build to end")
    assert tree_digest(project.output) == before
    assert project.kept() == set(BASE_SCENES)

    result = project.build(TOY_NAP="0")
    assert result.returncode == 0, result.stderr
    assert "(4 scene(s) rendered, 2 cached" in result.stderr
    assert project.leftovers() == []  # the killed build's lock taken over, then removed
    assert list((project.cache / ".work").iterdir()) == []


def test_a_build_killed_while_it_writes_the_site_leaves_it_and_is_cleared(
        project: FaultProject) -> None:
    before = tree_digest(project.output)
    show(project, BASE_SCENES, "新的一段。\n\n")
    build = project.start_build(project.root / "build.log")
    wait_for(lambda: list(project.root.glob("output.staging-*")), 120,
             "the build to write its staging folder")
    os.kill(build.pid, signal.SIGKILL)
    build.wait(timeout=10)
    assert tree_digest(project.output) == before
    assert f"output.staging-{build.pid}" in project.leftovers()

    result = project.build()
    assert result.returncode == 0, result.stderr
    assert project.leftovers() == []
    assert "新的一段" in (project.output / "faults.html").read_text(encoding="utf-8")


def test_ctrl_c_reaches_a_worker_only_through_the_build(project: FaultProject,
                                                        tmp_path: Path) -> None:
    """A worker leaves SIGINT to the build (which stops its workers itself): one sent to a
    worker alone changes nothing, and prints nothing."""
    show(project, [*BASE_SCENES, "ToyNapA"])
    log = tmp_path / "build.log"
    build = project.start_build(log, TOY_NAP="4")
    wait_for(lambda: project.started("ToyNapA"), 120, "ToyNapA to start rendering")
    workers = [pid for pid in descendants(build.pid)
               if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes()]
    assert workers
    for pid in workers:
        os.kill(pid, signal.SIGINT)
    assert build.wait(timeout=120) == 0
    assert "Traceback" not in log.read_text() and "KeyboardInterrupt" not in log.read_text()
    assert "ToyNapA" in project.kept()


# --- Two builds at once. ---

def test_a_second_build_refuses_naming_the_first(project: FaultProject, tmp_path: Path) -> None:
    before = tree_digest(project.output)
    show(project, [*BASE_SCENES, "ToyNapA"])
    first = project.start_build(tmp_path / "first.log", TOY_NAP=LONG_NAP)
    try:
        wait_for(lambda: project.started("ToyNapA"), 120, "the first build to render")
        second = project.build(TOY_NAP="0", timeout=60)
        assert second.returncode == 1
        [line] = second.stderr.strip().splitlines()
        assert line.startswith(f"error: another build is writing {project.output}: "
                               f"pid {first.pid} ({Path(sys.executable).name} -m "
                               "pipeline.build --content ")
        assert line.endswith(f"; wait for it to end, or stop it (kill {first.pid})")
        assert tree_digest(project.output) == before
    finally:
        first.send_signal(signal.SIGTERM)
        first.wait(timeout=60)
    # The lock file of a build that is gone (its lock ended with it) is taken over.
    lock = project.root / ".output.lock"
    lock.write_text(json.dumps({"pid": first.pid, "command": "python -m pipeline.build",
                                "started": "yesterday"}))
    result = project.build(TOY_NAP="0")
    assert result.returncode == 0, result.stderr
    assert not lock.exists()


# --- A scene that never ends. ---

def test_a_scene_that_never_ends_is_stopped_and_the_others_kept(project: FaultProject,
                                                                 tmp_path: Path) -> None:
    before = tree_digest(project.output)
    show(project, [*BASE_SCENES, "ToyForever", "ToyNapA"])
    log = tmp_path / "build.log"
    build = project.start_build(log, SCENE_TIME_LIMIT="20")
    wait_for(lambda: project.started("ToyForever"), 120, "ToyForever to start")
    workers = descendants(build.pid)
    assert build.wait(timeout=120) == 1
    source = (project.root / "scenes" / "fault_toys.py").read_text().splitlines()
    line = source.index("class ToyForever(Scene):") + 1
    printed = log.read_text()
    assert f"error: scenes/fault_toys.py:{line}: ToyForever did not finish in 20 s" in printed
    assert "Traceback" not in printed
    assert project.kept() == {*BASE_SCENES, "ToyNapA"}  # rendered beside it, and kept
    assert tree_digest(project.output) == before
    # The looping worker was killed; the others left with the build (within moments).
    wait_for(lambda: not any(alive(pid) for pid in workers), 10, "the workers to end")
    assert project.leftovers() == [] and list((project.cache / ".work").iterdir()) == []


# --- The render cache: damaged entries, copies, a moved checkout. ---

def entry_of(project: FaultProject, scene: str) -> Path:
    [entry] = (project.cache / scene / "dark").iterdir()
    return entry


@pytest.mark.parametrize("damage", ["video cut short", "poster deleted", "record edited",
                                    "video changed"])
def test_a_damaged_cache_entry_is_rendered_again_and_never_shipped(project: FaultProject,
                                                                   damage: str) -> None:
    before = tree_digest(project.output)
    shutil.rmtree(project.output)  # so that a build that ships the damage shows it
    entry = entry_of(project, "ToyKeptA")
    video, record = entry / "ToyKeptA.master.mp4", entry / "render.json"
    if damage == "video cut short":
        video.write_bytes(video.read_bytes()[: video.stat().st_size // 2])
    elif damage == "poster deleted":
        (entry / "ToyKeptA.jpg").unlink()
    elif damage == "record edited":
        data = json.loads(record.read_text())
        record.write_text(json.dumps({**data, "width": 512}))
    else:
        with open(video, "r+b") as file:
            file.seek(-64, os.SEEK_END)
            file.write(bytes(64))
    result = project.build()
    assert result.returncode == 0, result.stderr
    assert "ToyKeptA: its cache entry has" in result.stderr
    assert "rendering it again" in result.stderr
    assert "(1 scene(s) rendered, 1 cached" in result.stderr
    assert tree_digest(project.output) == before  # the same bytes as the good render


def rendition_entry(project: FaultProject, scene: str, name: str) -> Path:
    [entry] = (project.cache / "_renditions" / scene / "dark" / name).iterdir()
    return entry


@pytest.mark.parametrize("damage", ["cut short", "changed", "record edited", "record lost"])
def test_a_damaged_rendition_is_encoded_again_not_rendered_and_never_shipped(
        project: FaultProject, damage: str) -> None:
    before = tree_digest(project.output)
    shutil.rmtree(project.output)
    entry = rendition_entry(project, "ToyKeptA", "av1-128w")
    video, record = entry / "ToyKeptA-128w.av1.mp4", entry / "rendition.json"
    if damage == "cut short":
        video.write_bytes(video.read_bytes()[: video.stat().st_size // 2])
    elif damage == "changed":
        with open(video, "r+b") as file:
            file.seek(-64, os.SEEK_END)
            file.write(bytes(64))
    elif damage == "record edited":
        record.write_text(json.dumps({**json.loads(record.read_text()), "ssim": 1.0}))
    else:
        record.unlink()
    result = project.build()
    assert result.returncode == 0, result.stderr
    assert "ToyKeptA av1-128w: its cache entry has" in result.stderr
    assert "encoding it again" in result.stderr
    assert "(0 scene(s) rendered, 2 cached" in result.stderr  # the render was not touched
    assert tree_digest(project.output) == before  # the same bytes as the good encode


def test_the_site_holds_copies_that_cache_edits_never_reach(project: FaultProject) -> None:
    shutil.rmtree(project.output)  # built here (copying the project made copies anyway)
    assert project.build().returncode == 0
    shipped = project.output / "images" / "manim" / "ToyKeptA.mp4"
    before = shipped.read_bytes()
    for path in project.output.rglob("*"):
        if path.is_file():
            assert path.stat().st_nlink == 1, path
    with open(rendition_entry(project, "ToyKeptA", "h264") / "ToyKeptA.mp4", "r+b") as cached:
        cached.write(b"edited in the cache")
    assert shipped.read_bytes() == before


def test_a_moved_checkout_keeps_its_cache_and_a_lost_file_renders_again(
        project: FaultProject, tmp_path: Path) -> None:
    moved = FaultProject(tmp_path / "elsewhere" / "checkout")
    moved.root.parent.mkdir()
    shutil.move(project.root, moved.root)
    result = moved.build()
    assert result.returncode == 0, result.stderr
    assert "(0 scene(s) rendered, 2 cached" in result.stderr
    assert str(project.root) not in (moved.cache / "manifest.json").read_text()
    (entry_of(moved, "ToyKeptB") / "ToyKeptB.png").unlink()
    result = moved.build()
    assert result.returncode == 0, result.stderr
    assert "ToyKeptB: its cache entry has lost ToyKeptB.png; rendering it again" in result.stderr
    assert "(1 scene(s) rendered, 1 cached" in result.stderr
    assert "Traceback" not in result.stderr


def test_work_left_by_a_dead_build_is_cleared(project: FaultProject) -> None:
    """Leftovers as a killed build leaves them (staging, the old output, a publish
    candidate, a work folder), with a dead process's pid: the next build removes them."""
    dead = 2 ** 22 + 1  # above any pid Linux hands out by default
    for name in (f"output.staging-{dead}", f"output.old-{dead}", f"output.publish-{dead}"):
        (project.root / name / "images").mkdir(parents=True)
    (project.cache / ".work" / f"ToyNapA-dark-{dead}").mkdir(parents=True)
    show(project, [*BASE_SCENES, "ToyNapA"])
    started = time.monotonic()
    result = project.build()
    assert result.returncode == 0, result.stderr
    assert project.leftovers() == []
    assert list((project.cache / ".work").iterdir()) == []
    assert time.monotonic() - started < 120
