"""Benchmark the render driver against plain Manim (issue 3's figures).

    .venv/bin/python bench/render_speed.py [--quality draft]

1. Cold render of the three core scenes: the `manim` command line, one scene
   after another, against the driver with one worker per core. Both start with
   no cache at all (no LaTeX glyphs either). Each side runs ``--repeat`` times,
   alternating, and the medians are compared: on this machine one run of the
   same command varies by up to 15 %.
2. No change: a second `make html`, against re-running `manim` with its own
   cache on the same scenes.
3. One scene module edited: which scenes `make html` re-renders, and how long.
4. A shared drawing module edited: all three again, with the driver now
   knowing how long each took (it hands out the longest first).

Uses a copy of the project in a temporary folder, so the working tree and its
cache are left alone.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORE = {  # scene -> module file
    "ShowLinearSeparableDataPoints": "scenes/linear_layer.py",
    "ApplyMatrixAsSingleLinearTransformation": "scenes/linear_layer.py",
    "TwoLayersReLUInBetweenSolveHardTwoCurves": "scenes/relu_network.py",
}
SIZES = {"draft": ("854,480", 15), "publish": ("1920,1080", 60), "test": ("256,144", 5)}


def timed(command: list[str], cwd: Path) -> float:
    # Write back what the previous run left in the page cache, so that its disk
    # writes are not billed to this one.
    os.sync()
    started = time.monotonic()
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return time.monotonic() - started


def make_log(command: list[str], cwd: Path) -> str:
    """Run a build and return what it printed; a failed build stops the bench, loudly."""
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"build failed:\n{result.stdout}\n{result.stderr}")
    return result.stderr


def manim_sequential(project: Path, quality: str, media: Path, cached: bool) -> float:
    resolution, fps = SIZES[quality]
    total = 0.0
    for scene, module in CORE.items():
        command = [str(project / ".venv/bin/manim"), "render", "-r", resolution, "--fps",
                   str(fps), "--media_dir", str(media), "--progress_bar", "none",
                   "-v", "WARNING", module, scene]
        if not cached:
            command.insert(2, "--disable_caching")
        total += timed(command, project)
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quality", default="draft", choices=sorted(SIZES))
    parser.add_argument("--repeat", type=int, default=3,
                        help="cold runs of each side (default 3); medians are compared")
    arguments = parser.parse_args()
    quality, repeat = arguments.quality, max(1, arguments.repeat)
    python = str(ROOT / ".venv/bin/python")
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder) / "project"
        subprocess.run(["git", "clone", "-q", str(ROOT), str(project)], check=True)
        (project / ".venv").symlink_to(ROOT / ".venv")
        (project / "node_modules").symlink_to(ROOT / "node_modules")
        content = Path(folder) / "content"
        (content / "articles").mkdir(parents=True)
        body = "\n".join(f"!mp4\n- images/manim/{scene}.mp4\n" for scene in CORE)
        (content / "articles" / "bench.md").write_text(
            f"- title: bench\n- date: 2020-01-01\n\n{body}", encoding="utf-8")
        make_html = ["make", "--no-print-directory", "html", f"INPUTDIR={content}",
                     f"OUTPUTDIR={folder}/output", f"QUALITY={quality}", f"PYTHON={python}"]
        # The set-up stamps of a clone are missing; the venv is shared, so mark them done.
        (project / ".cache/setup").mkdir(parents=True)
        for stamp in ("system-html", "python-html", "node-html"):
            (project / ".cache/setup" / stamp).touch()

        cores = len(os.sched_getaffinity(0))
        print(f"quality {quality}, {len(CORE)} scenes, {cores} cores")
        manim_runs, driver_runs = [], []
        for run in range(repeat):
            manim_runs.append(manim_sequential(project, quality, Path(folder) / f"m1-{run}",
                                               cached=False))
            shutil.rmtree(project / ".cache" / "scenes", ignore_errors=True)
            driver_runs.append(timed(make_html, project))
        manim_cold, driver_cold = statistics.median(manim_runs), statistics.median(driver_runs)
        print(f"cold, manim CLI one after another: {manim_cold:6.1f} s  {_spread(manim_runs)}")
        print(f"cold, make html (driver, parallel): {driver_cold:6.1f} s  {_spread(driver_runs)}"
              f"   speed-up {manim_cold / driver_cold:.2f}x (medians)")

        manim_sequential(project, quality, Path(folder) / "m2", cached=True)
        manim_warm = manim_sequential(project, quality, Path(folder) / "m2", cached=True)
        no_change = min(timed(make_html, project) for _ in range(3))
        print(f"no change, manim CLI with its cache: {manim_warm:6.1f} s")
        print(f"no change, make html:               {no_change:6.1f} s")

        module = project / CORE["TwoLayersReLUInBetweenSolveHardTwoCurves"]
        module.write_text(module.read_text() + "\n# edited by bench/render_speed.py\n")
        started = time.monotonic()
        log = make_log(make_html, project)
        edited = time.monotonic() - started
        rerendered = [scene for scene in CORE if f"{scene} rendered" in log]
        print(f"one module edited ({module.name}): {edited:6.1f} s, re-rendered: "
              f"{', '.join(rerendered) or 'nothing'}")

        # A shared module: every scene again, now ordered longest first by past timings.
        shared = project / "scenes/drawing/palette.py"
        shared.write_text(shared.read_text() + "\n# edited by bench/render_speed.py\n")
        started = time.monotonic()
        log = make_log(make_html, project)
        edited = time.monotonic() - started
        rerendered = [scene for scene in CORE if f"{scene} rendered" in log]
        print(f"shared module edited ({shared.name}): {edited:6.1f} s, re-rendered "
              f"{len(rerendered)} of {len(CORE)}; cold sequential manim took {manim_cold:.1f} s "
              f"({manim_cold / edited:.2f}x)")


def _spread(runs: list[float]) -> str:
    """The runs behind a median, e.g. ``(3 runs: 38.2-45.1 s)``."""
    if len(runs) == 1:
        return ""
    return f"({len(runs)} runs: {min(runs):.1f}-{max(runs):.1f} s)"


if __name__ == "__main__":
    sys.exit(main())
