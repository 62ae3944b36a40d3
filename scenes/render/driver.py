"""``render_scenes``: render exactly the scenes the article needs, in parallel.

``render_scenes`` takes the media file names the content asks for
(``Scene.mp4``, ``Scene.jpg``, an alias like ``mnist-simple.jpg``), finds their
scenes by reading ``scenes/`` (no Manim import), keys each on everything it
runs (see ``cache.render_key``), and renders only the missing keys, one worker
process per core, with a rich progress display. It then writes the manifest
that the site build reads. When every key is cached, Manim is never imported.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import time
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path, PurePosixPath

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from .cache import RenderCache, render_key
from .catalog import Catalog, SceneInfo, read_catalog
from .manifest import (
    DEFAULT_CACHE_ROOT,
    PROJECT_ROOT,
    Manifest,
    RenderedScene,
    RenderJob,
    SceneSource,
)
from .profiles import DEFAULT_PROFILE, PROFILES, Profile

__all__ = ["render_scenes", "RenderResult", "RenderFailure", "PROFILES", "DEFAULT_PROFILE",
           "default_jobs", "PROJECT_ROOT"]


@dataclass(frozen=True)
class RenderFailure:
    """A scene that raised: its name, where in ``scenes/`` and Manim's message."""

    scene: str
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where or 'scenes/'}: scene {self.scene} failed: {self.message}"


@dataclass
class RenderResult:
    manifest: Path
    rendered: list[str] = field(default_factory=list)
    cached: list[str] = field(default_factory=list)
    failures: list[RenderFailure] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    seconds: float = 0.0


def default_jobs() -> int:
    """One worker per core this process may use."""
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
               else os.cpu_count() or 1)


def requested_kinds(catalog: Catalog, file_names: list[str]) -> tuple[dict[str, str], list[str]]:
    """Scene name -> "video" or "still" for the requested files; names matching no scene."""
    kinds: dict[str, str] = {}
    unknown: list[str] = []
    for name in file_names:
        path = PurePosixPath(name)
        scene = catalog.find(path.stem)
        if scene is None:
            unknown.append(name)
            continue
        if path.suffix.lower() == ".mp4" or kinds.get(scene.name) == "video":
            kinds[scene.name] = "video"
        else:
            kinds[scene.name] = "still"
    return kinds, unknown


def render_scenes(
    file_names: list[str],
    profile: Profile | str = DEFAULT_PROFILE,
    jobs: int | None = None,
    *,
    scenes_dir: Path | None = None,
    cache_root: Path | None = None,
    console: Console | None = None,
) -> RenderResult:
    """Make every requested scene output fresh at ``profile``; write the manifest."""
    started = time.monotonic()
    profile = PROFILES[profile] if isinstance(profile, str) else profile
    scenes_dir = (scenes_dir or PROJECT_ROOT / "scenes").resolve()
    cache = RenderCache((cache_root or DEFAULT_CACHE_ROOT).resolve(), profile)
    console = console or Console(stderr=True)
    catalog = read_catalog(scenes_dir)
    kinds, unknown = requested_kinds(catalog, file_names)

    keys = {name: render_key(catalog, catalog.scenes[name], profile, kind)
            for name, kind in sorted(kinds.items())}
    recorded = cache.read_manifest().renders
    if cache.manifest_path.is_file() and all(
            name in recorded and recorded[name].key == key and cache.lookup(name, key)
            for name, key in keys.items()):
        # Everything is rendered and recorded: no lock, no write, no wait.
        result = RenderResult(manifest=cache.manifest_path, cached=list(keys))
    else:
        with cache.locked(lambda: console.print(
                f"waiting for another build that is rendering at the '{profile.name}' "
                "profile")):
            result = _render_missing(catalog, cache, profile, kinds, keys, jobs, console)
    result.unknown = unknown
    result.seconds = time.monotonic() - started
    return result


def _render_missing(catalog: Catalog, cache: RenderCache, profile: Profile,
                    kinds: dict[str, str], keys: dict[str, str], jobs: int | None,
                    console: Console) -> RenderResult:
    """Render the keys the cache lacks and write the manifest (under the lock)."""
    records = {name: cache.lookup(name, key) for name, key in keys.items()}
    missing = [name for name, record in records.items() if record is None]
    result = RenderResult(manifest=cache.manifest_path,
                          cached=[name for name in keys if name not in missing])
    if missing:
        cache.clear_abandoned_work()
        # Longest first (by last render's time; never rendered: the longer class
        # first), so the workers end together instead of one rendering the
        # flagship alone at the end.
        timings = cache.timings()
        missing.sort(key=lambda name: (-timings.get(name, 0.0),
                                       -catalog.scenes[name].body_lines))
        jobs_list = [_job(catalog, catalog.scenes[name], kinds[name], profile, cache)
                     for name in missing]
        finished = _run_pool(jobs_list, jobs or default_jobs(), console)
        cache.record_timings({job.scene: outcome["seconds"]
                              for job, outcome in zip(jobs_list, finished, strict=True)
                              if outcome["ok"]})
        for job, outcome in zip(jobs_list, finished, strict=True):
            name = job.scene
            if outcome["ok"]:
                records[name] = cache.commit(name, keys[name], job.work_dir)
                result.rendered.append(name)
            else:
                shutil.rmtree(job.work_dir, ignore_errors=True)  # nothing half-done stays
                result.failures.append(RenderFailure(name, outcome.get("where", ""),
                                                     outcome.get("message", "")))
    result.manifest = _manifest(catalog, profile, cache, keys, records).write(cache.manifest_path)
    return result


def _job(catalog: Catalog, scene: SceneInfo, kind: str, profile: Profile,
         cache: RenderCache) -> RenderJob:
    return RenderJob(scene=scene.name, module=scene.module, kind=kind, root=catalog.root,
                     scenes_dir=scene.path.parent, width=profile.width, height=profile.height,
                     fps=profile.fps, encoder_preset=profile.encoder_preset,
                     poster_at=scene.poster_at, work_dir=cache.work_dir(scene.name),
                     glyph_cache=cache.directory.parent / "glyphs")


@contextlib.contextmanager
def _same_bytes_every_run() -> Iterator[None]:
    """Start the workers in the environment that makes a scene's bytes the same every run.

    Glibc then fills fresh memory with one fixed byte (``MALLOC_PERTURB_``;
    why is explained in ``worker``, which holds the value so that it is part of
    every render's key). Workers inherit it when spawned.
    """
    from .worker import WORKER_ENVIRONMENT

    previous = {name: os.environ.get(name) for name in WORKER_ENVIRONMENT}
    os.environ.update(WORKER_ENVIRONMENT)
    try:
        yield
    finally:
        for name, value in previous.items():
            if value is None:
                del os.environ[name]
            else:
                os.environ[name] = value


@contextlib.contextmanager
def _token_fifo(folder: Path) -> Iterator[tuple[Path, int]]:
    """A named pipe holding one byte per core lent to the workers (see ``play_sharing``)."""
    path = folder / f"spare-cores-{os.getpid()}"
    path.unlink(missing_ok=True)
    os.mkfifo(path)
    descriptor = os.open(path, os.O_RDWR | os.O_NONBLOCK)
    try:
        yield path, descriptor
    finally:
        os.close(descriptor)
        path.unlink(missing_ok=True)


def _run_pool(jobs_list: list[RenderJob], workers: int, console: Console) -> list[dict]:
    """Render the jobs on ``workers`` processes with a line of progress per scene.

    Jobs are handed out one per free worker, in order, so the display can tell
    a scene that is rendering from one that is still queued. Once no scene is
    left to start, each idle worker's core is lent to the scenes still
    rendering, which then render plays in forked children (see ``play_sharing``): the
    last scene does not finish on one core while the others idle.
    """
    from .worker import render_scene, start_worker  # no Manim import here; workers do

    outcomes: dict[int, dict] = {}
    columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
    cores, workers = workers, min(workers, len(jobs_list))
    lent = 0
    with _same_bytes_every_run(), _token_fifo(jobs_list[0].work_dir.parent) as tokens, \
            Progress(*columns, console=console, transient=False) as progress, \
            ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn"),
                                initializer=start_worker, initargs=(str(tokens[0]),)) as pool:
        tasks = [progress.add_task(f"[cyan]{job.scene}[/] [dim]queued[/]", total=1,
                                   start=False) for job in jobs_list]
        queue = list(range(len(jobs_list)))
        futures: dict = {}
        pending: set = set()

        def submit_next() -> None:
            index = queue.pop(0)
            progress.start_task(tasks[index])
            progress.update(tasks[index], description=f"[cyan]{jobs_list[index].scene}[/] "
                            "rendering")
            future = pool.submit(render_scene, jobs_list[index])
            futures[future] = index
            pending.add(future)

        while queue and len(pending) < workers:
            submit_next()
        while pending:
            if not queue:
                for _ in range(cores - len(pending) - lent):
                    os.write(tokens[1], b".")  # one spare core, for any worker to borrow
                    lent += 1
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                pending.discard(future)
                index = futures[future]
                try:
                    outcome = future.result()
                except Exception as error:  # noqa: BLE001 - a crashed worker is a failure
                    outcome = {"ok": False, "message": f"worker crashed: {error}"}
                outcomes[index] = outcome
                scene = jobs_list[index].scene
                state = ("[green]rendered[/]" if outcome["ok"] else "[red]failed[/]")
                progress.update(tasks[index], completed=1,
                                description=f"[cyan]{scene}[/] {state}")
                progress.stop_task(tasks[index])
                if not console.is_terminal:
                    # No live display in a log: one line per scene as it finishes.
                    seconds = outcome.get("seconds", 0.0)
                    shared = outcome.get("forked_plays", 0)
                    note = f", {shared} plays on spare cores" if shared else ""
                    console.print(f"{scene} {state} ({seconds:.1f} s{note})", highlight=False)
                if queue:
                    submit_next()
    return [outcomes[index] for index in range(len(jobs_list))]


def _manifest(catalog: Catalog, profile: Profile, cache: RenderCache, keys: dict[str, str],
              records: dict[str, dict | None]) -> Manifest:
    """This build's renders, merged into what other builds recorded.

    Builds of different content share a profile's manifest; keeping the other
    entries (while their files exist) lets them run side by side.
    """
    renders = {name: render for name, render in cache.read_manifest().renders.items()
               if name in catalog.scenes and render.still.is_file()}
    for name, record in records.items():
        if record is None:
            continue
        renders[name] = RenderedScene(
            scene=name, key=keys[name], kind=record["kind"], width=record["width"],
            height=record["height"], folder=cache.entry(name, keys[name]),
            duration=record.get("duration"), frames=record.get("frames"))
    scenes = {name: SceneSource(info.path.relative_to(catalog.root).as_posix(), info.line)
              for name, info in catalog.scenes.items()}
    return Manifest(profile.name, scenes, dict(catalog.aliases), renders)
