"""Time each scene's ``construct()`` alone: every play skipped, no frame drawn.

    .venv/bin/python bench/construct_time.py [Scene ...]

What is left once frames and encoding are taken away is the work a scene's
worker must do in order, play after play, while forked children draw the
frames: it bounds how fast one scene can render however many cores there are.
The scene is made with ``skip_animations`` (each play jumps to its end, as in
the worker once a child has taken the play) in Manim's ``dry_run`` mode, which
writes nothing. Each scene runs twice in one process and the second run is
reported, so the LaTeX glyphs (cached in a temporary folder by the first) are
warm; the first run's time, which includes compiling them, is shown too.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CORE = ("ShowLinearSeparableDataPoints", "ApplyMatrixAsSingleLinearTransformation",
        "TwoLayersReLUInBetweenSolveHardTwoCurves")


def construct_seconds(scene_class: type, media: Path) -> float:
    """Seconds one dry run of ``scene_class`` takes."""
    from manim import tempconfig

    with tempconfig({"dry_run": True, "media_dir": str(media), "verbosity": "ERROR",
                     "progress_bar": "none", "pixel_width": 854, "pixel_height": 480,
                     "frame_rate": 15}):
        started = time.perf_counter()
        scene_class(skip_animations=True).render()
        return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("scenes", nargs="*", default=list(CORE))
    names = parser.parse_args().scenes
    from scenes.render.catalog import read_catalog

    catalog = read_catalog(ROOT / "scenes")
    with tempfile.TemporaryDirectory(prefix="construct-time-") as media:
        print(f"{'scene':48} {'cold':>7} {'warm':>7}")
        total = 0.0
        for name in names:
            module = importlib.import_module(catalog.scenes[name].module)
            scene_class = getattr(module, name)
            cold = construct_seconds(scene_class, Path(media))
            warm = construct_seconds(scene_class, Path(media))
            total += warm
            print(f"{name:48} {cold:6.2f}s {warm:6.2f}s")
        print(f"{'total, warm':48} {'':7} {total:6.2f}s")


if __name__ == "__main__":
    main()
