"""What each fault an author causes does to a built site, and what recovering costs.

    .venv/bin/python bench/faults.py                       # every fault
    .venv/bin/python bench/faults.py sigkill-mid-render    # some of them, by name
    .venv/bin/python bench/faults.py --list

Each fault runs against a built tree in a temporary copy of this checkout
(``tests/pipeline/fault_project.py``: the project's files, the toy scenes of
``tests/fixtures/faultscenes`` in its ``scenes/``, its own cache). A base copy
is built once (two toy scenes and a video of ``content/``: the last good
build); each fault gets a copy of it, is caused as an author causes it (real
signals, real processes), and then the next build runs, as the author would
run it. The table says, per fault, what happened, whether ``output/`` stayed
byte-identical to the last good build (a hash of the whole tree, taken before
the fault and after it, before the next build), and the seconds the next build
took (the cost of recovering).

Adding a fault (the notebook, dev server, deploy and encoding faults of issue
22 are meant to plug in here): write a function taking the ``FaultProject``
and returning what happened in a few words (or that and the project, when the
fault moves it), and register it with ``@fault("name", "what the author does")``.
Leave ``output/`` as the fault leaves it; the harness hashes it and runs the
next build. Timings come from here, never from the tests.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from tests.pipeline.fault_project import (  # noqa: E402
    ARTICLE_HEADER,
    FaultProject,
    alive,
    descendants,
    make_fault_project,
    stop_started_builds,
    tree_digest,
    wait_for,
)

BASE_SCENES = ["ToyKeptA", "ToyKeptB"]
CLIP = ROOT / "tests" / "fixtures" / "site" / "images" / "clip.mp4"
LONG_NAP = "60"

Outcome = str | tuple[str, FaultProject]


@dataclass(frozen=True)
class Fault:
    name: str
    description: str
    cause: Callable[[FaultProject], Outcome]


FAULTS: dict[str, Fault] = {}


def fault(name: str, description: str) -> Callable[[Callable[[FaultProject], Outcome]],
                                                   Callable[[FaultProject], Outcome]]:
    """Register a fault: ``cause(project)`` breaks the built copy and says what happened."""
    def register(cause: Callable[[FaultProject], Outcome]) -> Callable[[FaultProject], Outcome]:
        FAULTS[name] = Fault(name, description, cause)
        return cause
    return register


def show(project: FaultProject, scenes: list[str], text: str = "") -> None:
    """The article shows the content clip and ``scenes``."""
    body = "".join(f"!mp4\n- images/manim/{scene}.mp4\n\n" for scene in scenes)
    (project.root / "content" / "articles" / "faults.md").write_text(
        ARTICLE_HEADER + text + "!mp4\n- images/clip.mp4\n\n" + body, encoding="utf-8")


def last_line(log: Path) -> str:
    lines = [line for line in log.read_text().splitlines() if line.strip()]
    return lines[-1] if lines else "(nothing)"


def interrupt(project: FaultProject, how: signal.Signals, group: bool) -> str:
    show(project, [*BASE_SCENES, "ToyNapA"])
    log = project.root / "fault.log"
    build = project.start_build(log, TOY_NAP=LONG_NAP)
    wait_for(lambda: project.started("ToyNapA"), 180, "ToyNapA to start")
    workers = descendants(build.pid)
    (os.killpg if group else os.kill)(build.pid, how)
    status = build.wait(timeout=60)
    time.sleep(1)
    left = sum(alive(pid) for pid in workers)
    traceback = "traceback!" if "Traceback" in log.read_text() else "no traceback"
    return (f"exit {status}, {traceback}, {left} worker(s) left; one line: "
            f"'{last_line(log).split(':')[0]}: output unchanged ...'")


@fault("ctrl-c-mid-render", "Ctrl-C while a scene renders")
def ctrl_c(project: FaultProject) -> str:
    return interrupt(project, signal.SIGINT, group=True)


@fault("sigterm-mid-render", "kill (SIGTERM) of the build while a scene renders")
def sigterm(project: FaultProject) -> str:
    return interrupt(project, signal.SIGTERM, group=False)


@fault("sigkill-mid-render", "kill -9 of the build alone, two of six scenes done")
def sigkill_mid_render(project: FaultProject) -> str:
    shutil.rmtree(project.cache)
    show(project, [*BASE_SCENES, "ToyNapA", "ToyNapB", "ToyNapC", "ToyNapD"])
    build = project.start_build(project.root / "fault.log", TOY_NAP=LONG_NAP)
    wait_for(lambda: project.kept() == set(BASE_SCENES) and project.started(
        "ToyNapA", "ToyNapB"), 240, "two scenes kept")
    workers = descendants(build.pid)
    os.kill(build.pid, signal.SIGKILL)
    build.wait()
    time.sleep(1)
    left = sum(alive(pid) for pid in workers)
    return f"{len(project.kept())} of 6 renders kept, {left} worker(s) left after 1 s"


@fault("sigkill-writing-site", "kill -9 of the build while Pelican writes the staging folder")
def sigkill_writing_site(project: FaultProject) -> str:
    show(project, BASE_SCENES, "新的一段。\n\n")
    build = project.start_build(project.root / "fault.log")
    wait_for(lambda: list(project.root.glob("output.staging-*")), 120, "staging")
    os.kill(build.pid, signal.SIGKILL)
    build.wait()
    return f"left beside output/: {', '.join(project.leftovers())}"


@fault("second-build", "make html again while a build renders")
def second_build(project: FaultProject) -> str:
    show(project, [*BASE_SCENES, "ToyNapA"])
    first = project.start_build(project.root / "first.log", TOY_NAP=LONG_NAP)
    wait_for(lambda: project.started("ToyNapA"), 180, "the first build")
    second = project.build(TOY_NAP="0", timeout=60)
    first.send_signal(signal.SIGTERM)
    first.wait()
    said = second.stderr.strip().splitlines()[-1].split(": pid")[0]
    return f"second build: exit {second.returncode}, '{said}: pid {first.pid} (...)'"


@fault("stale-lock", "the lock file of a build that was killed")
def stale_lock(project: FaultProject) -> str:
    (project.root / ".output.lock").write_text(json.dumps(
        {"pid": 2 ** 22 + 1, "command": "python -m pipeline.build", "started": "yesterday"}))
    return "lock file of a dead pid left beside output/"


@fault("scene-never-ends", "a scene doing `while True: pass` (SCENE_TIME_LIMIT=20)")
def scene_never_ends(project: FaultProject) -> str:
    show(project, [*BASE_SCENES, "ToyForever", "ToyNapA"])
    result = project.build(SCENE_TIME_LIMIT="20")
    said = next((line for line in result.stderr.splitlines() if "did not finish" in line), "")
    show(project, [*BASE_SCENES, "ToyNapA"])  # the author removes the scene
    kept = "ToyNapA kept" if "ToyNapA" in project.kept() else "ToyNapA lost"
    return f"exit {result.returncode}, {kept}, said: {said.removeprefix('error: ')}"


def damage_entry(project: FaultProject, damage: Callable[[Path], None], what: str) -> str:
    [entry] = (project.cache / "ToyKeptA" / "dark").iterdir()
    damage(entry)
    return what


@fault("cache-video-cut", "a cached video cut short")
def cache_video_cut(project: FaultProject) -> str:
    def cut(entry: Path) -> None:
        video = entry / "ToyKeptA.mp4"
        video.write_bytes(video.read_bytes()[: video.stat().st_size // 2])
    return damage_entry(project, cut, "ToyKeptA.mp4 in the cache cut to half")


@fault("cache-poster-deleted", "a cached poster deleted")
def cache_poster_deleted(project: FaultProject) -> str:
    return damage_entry(project, lambda entry: (entry / "ToyKeptA.jpg").unlink(),
                        "ToyKeptA.jpg deleted from the cache")


@fault("cache-record-edited", "a cache entry's render.json edited by hand")
def cache_record_edited(project: FaultProject) -> str:
    def edit(entry: Path) -> None:
        record = entry / "render.json"
        record.write_text(json.dumps({**json.loads(record.read_text()), "width": 512}))
    return damage_entry(project, edit, "render.json's width changed")


@fault("moved-checkout", "the checkout moved to another folder")
def moved_checkout(project: FaultProject) -> Outcome:
    moved = FaultProject(project.root.parent / "moved" / "checkout")
    moved.root.parent.mkdir()
    shutil.move(project.root, moved.root)
    return "moved with its cache and output", moved


@fault("broken-content-video", "make publish with a content video cut short")
def broken_content_video(project: FaultProject) -> str:
    clip = project.root / "content" / "images" / "clip.mp4"
    good = clip.read_bytes()
    clip.write_bytes(good[:1200])
    run = subprocess.run([sys.executable, "-m", "pipeline.publish", "--content",
                          str(project.root / "content"), "--output", str(project.output),
                          "--quality", "test"], cwd=project.root, capture_output=True,
                         text=True, env=project.environment(THEMES="dark"))
    clip.write_bytes(good)  # the author puts the whole video back
    said = next((line for line in run.stderr.splitlines() if "clip.mp4" in line), "")
    return f"publish exit {run.returncode}: {said.removeprefix('error: ').split(' (')[0]}"


def base_project(folder: Path) -> FaultProject:
    project = make_fault_project(folder, BASE_SCENES)
    (project.root / "content" / "images").mkdir(parents=True, exist_ok=True)
    shutil.copy(CLIP, project.root / "content" / "images" / "clip.mp4")
    show(project, BASE_SCENES)
    result = project.build()
    if result.returncode != 0:
        raise SystemExit(f"the base build failed:\n{result.stderr}")
    return project


COLUMNS = ("fault", "what happened", "output/ byte-identical", "next build", "recovery (s)")


def run(chosen: list[Fault], console: Console) -> list[tuple[str, ...]]:
    rows = []
    with tempfile.TemporaryDirectory(prefix="faults-") as folder:
        base = base_project(Path(folder) / "base")
        for index, each in enumerate(chosen):
            copy = FaultProject(Path(folder) / f"fault-{index}" / "project")
            shutil.copytree(base.root, copy.root, symlinks=True)
            before = tree_digest(copy.output)
            console.print(f"{each.name}: {each.description}", highlight=False)
            try:
                outcome = each.cause(copy)
            finally:
                stop_started_builds()
            what, copy = outcome if isinstance(outcome, tuple) else (outcome, copy)
            identical = "yes" if tree_digest(copy.output) == before else "NO"
            started = time.monotonic()  # the author runs make html again, content as it is
            after = copy.build(TOY_NAP="0")
            seconds = time.monotonic() - started
            summary = next((line for line in after.stderr.splitlines()
                            if line.startswith("built ")), "FAILED")
            rendered = summary.split("(", 1)[-1].split(", quality")[0]
            rows.append((f"{each.name}: {each.description}", what, identical,
                         rendered if after.returncode == 0 else "FAILED", f"{seconds:.1f}"))
            shutil.rmtree(copy.root.parent, ignore_errors=True)
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("faults", nargs="*", help="fault names (default: all)")
    parser.add_argument("--list", action="store_true", help="list the faults and stop")
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    parser.add_argument("--render-only", action="store_true",
                        help="only the faults of builds and renders, not those of content, "
                             "the dev servers and deploys (bench/author_faults.py)")
    arguments = parser.parse_args()
    console = Console(width=200)
    if arguments.list:
        for each in FAULTS.values():
            console.print(f"{each.name}: {each.description}", highlight=False)
        return 0
    unknown = [name for name in arguments.faults if name not in FAULTS]
    if unknown:
        parser.error(f"unknown fault {unknown[0]!r} (known: {', '.join(FAULTS)})")
    chosen = [FAULTS[name] for name in arguments.faults or FAULTS]
    rows = run(chosen, console)
    if arguments.markdown:
        print(f"| {' | '.join(COLUMNS)} |\n|{' --- |' * len(COLUMNS)}")
        for row in rows:
            print("| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |")
    else:
        table = Table(title="Faults against a built tree (toy scenes, test profile, one theme)")
        for column in COLUMNS:
            table.add_column(column)
        for row in rows:
            table.add_row(*row)
        console.print(table)
    if arguments.render_only or arguments.faults:
        return 0
    # The faults of content, the dev servers and deploys: a harness of their own (a built
    # copy of the real project, not the toy one), the same columns.
    from bench import author_faults

    print()
    return author_faults.main([])


if __name__ == "__main__":
    sys.exit(main())
