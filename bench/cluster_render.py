"""Dask and the shared render cache: what the engine costs here, and what it buys at scale.

    .venv/bin/python bench/cluster_render.py [--quality draft] [--themes dark] [--scenes 18]
    .venv/bin/python bench/cluster_render.py --estimate-only path/to/timings.json

On this machine, each run a fresh process with an empty render cache (no
LaTeX glyphs either), on the scenes ``content/`` uses:

1. the built-in driver (the local pool, one worker process per core);
2. the same render through a two-worker ``distributed.LocalCluster``
   (``RENDER_CLUSTER=local``): the engine's overhead;
3. the same again with a shared cache folder (``RENDER_CACHE``): the uploads;
4. a second clone (``git clone`` of this commit, empty local cache) against
   that shared cache: it must render nothing; the time to fetch everything.

On paper: the wall time of a 200-scene site, each scene in ``--themes``, on
1, 4 and 16 two-core Dask workers, from the per-scene render times run 1
measured (its ``timings.json``), scaled to the publish profile by
``--publish-sample`` scenes rendered at both profiles here. Each worker
process renders one scene at a time on one core (no core lending on Dask),
the scheduler hands the longest first, so the estimate is that list schedule
(longest processing time first) of the scene times on 2 x workers slots, plus
the per-scene cost of the engine and of the shared cache measured above.

The project's own ``.cache/`` is left alone; everything happens in a temporary folder.
"""

from __future__ import annotations

import argparse
import heapq
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = str(ROOT / ".venv/bin/python")
# One build in a fresh process: render_scenes with the given settings; its figures as JSON.
RUN = """
import json, sys, time
from pathlib import Path
from scenes.render.driver import render_scenes
names, quality, jobs, themes, cache, cluster, shared = json.loads(sys.argv[1])
started = time.monotonic()
result = render_scenes(names, quality, jobs, themes=tuple(themes), cache_root=Path(cache),
                       cluster=cluster, shared_cache=shared)
print(json.dumps({"seconds": time.monotonic() - started, "rendered": len(result.rendered),
                  "fetched": len(result.fetched), "cached": len(result.cached),
                  "failures": [str(failure) for failure in result.failures]}))
"""


def build(project: Path, names: list[str], quality: str, themes: list[str], cache: Path,
          cluster: str | None = None, shared: str | None = None, jobs: int = 2) -> dict:
    """One cold build in ``project`` (a clone); stops the bench loudly if a scene failed."""
    arguments = json.dumps([names, quality, jobs, themes, str(cache), cluster, shared])
    run = subprocess.run([PYTHON, "-c", RUN, arguments], cwd=project, capture_output=True,
                         text=True, env={**os.environ, "PYTHONPATH": str(project)})
    if run.returncode != 0:
        raise SystemExit(f"build failed:\n{run.stdout}\n{run.stderr}")
    figures = json.loads(run.stdout.strip().splitlines()[-1])
    if figures["failures"]:
        raise SystemExit("\n".join(figures["failures"]))
    return figures


# A LocalCluster of two workers started and closed, nothing run: the engine's fixed cost.
START = """
import logging, time
from distributed import Client, LocalCluster
started = time.monotonic()
with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                  silence_logs=logging.ERROR) as cluster, Client(cluster):
    pass
print(time.monotonic() - started)
"""


def local_cluster_start() -> float:
    run = subprocess.run([PYTHON, "-c", START], capture_output=True, text=True, check=True)
    return float(run.stdout.strip().splitlines()[-1])


def scene_files(content: Path, count: int) -> list[str]:
    sys.path.insert(0, str(ROOT))
    from plugins.article_markdown.format import requested_scene_files

    files, errors = requested_scene_files(content)
    if errors:
        raise SystemExit("\n".join(map(str, errors)))
    return files[:count]


def longest_first_makespan(seconds: list[float], slots: int) -> float:
    """When the last of ``seconds`` ends, each handed, longest first, to the first free slot."""
    free = [0.0] * slots
    for duration in sorted(seconds, reverse=True):
        heapq.heapreplace(free, free[0] + duration)
    return max(free)


def estimate(per_render: list[float], scenes: int, themes: int, per_task: float,
             start: float) -> list[tuple[int, float]]:
    """Wall seconds for ``scenes`` scenes in ``themes`` themes on 1, 4 and 16 two-core workers.

    The measured render times are cycled to the site's size: the article's mix of
    short stills and long videos stands for any site's.
    """
    renders = scenes * themes
    times = [per_render[index % len(per_render)] + per_task for index in range(renders)]
    return [(workers, start + longest_first_makespan(times, 2 * workers))
            for workers in (1, 4, 16)]


def spread(kind: dict) -> str:
    """The runs behind a median, e.g. ``(3 runs: 38.2-45.1 s)``."""
    runs = kind["all"]
    return f"({len(runs)} runs: {min(runs):.1f}-{max(runs):.1f} s)" if len(runs) > 1 else ""


def clock(seconds: float) -> str:
    return f"{seconds / 60:.1f} min" if seconds >= 120 else f"{seconds:.1f} s"


def print_estimate(per_render: list[float], label: str, themes: int, per_task: float,
                   start: float, scenes: int = 200) -> None:
    total = sum(per_render)
    print(f"\n{scenes} renders (200 scenes x {themes if scenes == 200 else scenes // 200} "
          f"theme(s)) at {label}: {len(per_render)} measured renders, "
          f"{total:.1f} s of rendering, mean {total / len(per_render):.1f} s, longest "
          f"{max(per_render):.1f} s; + {per_task:.2f} s per scene for the engine and the "
          f"shared cache, + {start:.1f} s to start")
    for workers, seconds in estimate(per_render, scenes, themes, per_task, start):
        print(f"  {workers:2d} two-core worker(s) ({2 * workers:2d} Dask worker processes): "
              f"{clock(seconds)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quality", default="draft", choices=("test", "draft"))
    parser.add_argument("--themes", default="dark", help="comma separated (default dark)")
    parser.add_argument("--scenes", type=int, default=1000,
                        help="the first N scenes the content uses (default: all)")
    parser.add_argument("--publish-sample", default="ShowLinearSeparableDataPoints",
                        help="scenes rendered at both --quality and publish for the "
                             "estimate's scale (comma separated; empty: no publish estimate)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="cold builds of each kind, alternating; medians compared")
    parser.add_argument("--estimate-only", type=Path, metavar="TIMINGS",
                        help="only the estimate, from this timings.json (every theme in it)")
    parser.add_argument("--scale", type=float, default=1.0,
                        help="with --estimate-only: times the timings (e.g. draft to publish)")
    parser.add_argument("--per-scene", type=float, default=0.0,
                        help="with --estimate-only: seconds the engine adds per scene")
    arguments = parser.parse_args()
    themes = arguments.themes.split(",")
    if arguments.estimate_only:
        # Every render in the file counts once (a scene in each theme it lists).
        timings = json.loads(arguments.estimate_only.read_text(encoding="utf-8"))
        themes_listed = 1 + any("/" in name for name in timings)
        per_render = [seconds * arguments.scale for seconds in timings.values()]
        label = arguments.estimate_only.parent.name + (
            f" (scaled {arguments.scale:.1f}x)" if arguments.scale != 1 else "")
        print_estimate(per_render, label, 1, arguments.per_scene, 0.0,
                       scenes=200 * themes_listed)
        return 0

    names = scene_files(ROOT / "content", arguments.scenes)
    with tempfile.TemporaryDirectory(prefix="cluster-bench-") as folder:
        temporary = Path(folder)
        first, second = temporary / "first", temporary / "second"
        for clone in (first, second):
            subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
        store = str(temporary / "shared-cache")
        quality = arguments.quality
        print(f"{len(names)} scene(s) x {len(themes)} theme(s) at {quality}, cold, 2 cores "
              f"(os.sched_getaffinity: {len(os.sched_getaffinity(0))})")

        # The three cold builds alternate, --repeat times each; medians are compared (a
        # shared machine's load moves one run by tens of percent).
        runs: dict[str, list[dict]] = {"pool": [], "dask": [], "shared": []}
        for run in range(arguments.repeat):
            runs["pool"].append(build(first, names, quality, themes,
                                      temporary / f"cache-pool-{run}"))
            runs["dask"].append(build(first, names, quality, themes,
                                      temporary / f"cache-dask-{run}", cluster="local"))
            shutil.rmtree(store, ignore_errors=True)
            runs["shared"].append(build(first, names, quality, themes,
                                        temporary / f"cache-shared-{run}", cluster="local",
                                        shared=store))
        pool, dask, shared = ({"seconds": statistics.median(run["seconds"] for run in kind),
                               "rendered": kind[0]["rendered"],
                               "all": [run["seconds"] for run in kind]}
                              for kind in runs.values())
        print(f"1. built-in driver (local pool):            {pool['seconds']:6.1f} s  "
              f"{spread(pool)}")
        print(f"2. LocalCluster, 2 workers:                  {dask['seconds']:6.1f} s  "
              f"({dask['seconds'] - pool['seconds']:+.1f} s: the engine) {spread(dask)}")
        print(f"3. LocalCluster + shared cache folder:       {shared['seconds']:6.1f} s  "
              f"({shared['seconds'] - dask['seconds']:+.1f} s: uploads and fetching back) "
              f"{spread(shared)}")
        fetch = build(second, names, quality, themes, second / ".cache" / "scenes",
                      shared=store)
        print(f"4. second clone, empty cache, shared cache:  {fetch['seconds']:6.1f} s  "
              f"(rendered {fetch['rendered']}, fetched {fetch['fetched']})")
        if fetch["rendered"]:
            raise SystemExit("the second clone rendered scenes the shared cache holds")

        start = statistics.median(local_cluster_start() for _ in range(3))
        entries = [path for path in Path(store).rglob("*") if path.is_file()]
        print(f"   a LocalCluster's start and stop alone: {start:.1f} s; the shared cache "
              f"holds {sum(path.stat().st_size for path in entries) / 1e6:.1f} MB "
              f"in {len(entries)} files")

        renders = pool["rendered"]
        timings = json.loads((temporary / "cache-pool-0" / quality / "timings.json").read_text())
        per_render = list(timings.values())
        # What the engine and the shared cache add per scene, over the pool: run 3 less run 1
        # less the cluster's start (on a standing cluster there is none). It also holds the
        # pool's core lending at the end, which Dask does not do: an upper bound.
        per_task = max(0.0, (shared["seconds"] - pool["seconds"] - start) / renders)
        print_estimate(per_render, quality, len(themes), per_task, 0.0)

        sample = [name for name in arguments.publish_sample.split(",") if name]
        if sample:
            files = [f"{name}.mp4" for name in sample]
            publish = build(first, files, "publish", themes, temporary / "cache-publish")
            # The same scenes just before at --quality, so both times see the same load.
            build(first, files, quality, themes, temporary / "cache-sample")
            timings = json.loads((temporary / "cache-sample" / quality / "timings.json"
                                  ).read_text())
            at_publish = json.loads((temporary / "cache-publish" / "publish" /
                                     "timings.json").read_text())
            ratio = statistics.median(at_publish[name] / timings[name]
                                      for name in at_publish if name in timings)
            print(f"\npublish sample {', '.join(sample)}: {publish['seconds']:.1f} s wall, "
                  f"{ratio:.1f}x its {quality} render time")
            print_estimate([seconds * ratio for seconds in per_render],
                           f"publish (scaled {ratio:.1f}x from {quality})", len(themes),
                           per_task, 0.0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
