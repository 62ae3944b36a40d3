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
from collections.abc import Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path, PurePosixPath

from rich.console import Console

from scenes.drawing.themes import DEFAULT_THEME, THEMES

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
from .progress import RenderProgress, estimate_seconds

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


def render_label(scene: str, theme: str) -> str:
    """How a render is named to the author: the scene, and its theme unless the default."""
    return scene if theme == DEFAULT_THEME else f"{scene} ({theme})"


def render_scenes(
    file_names: list[str],
    profile: Profile | str = DEFAULT_PROFILE,
    jobs: int | None = None,
    *,
    themes: Sequence[str] = THEMES,
    scenes_dir: Path | None = None,
    cache_root: Path | None = None,
    console: Console | None = None,
) -> RenderResult:
    """Make every requested scene output fresh at ``profile``, in each of ``themes``;
    write the manifest."""
    started = time.monotonic()
    profile = PROFILES[profile] if isinstance(profile, str) else profile
    unknown_themes = [theme for theme in themes if theme not in THEMES]
    if unknown_themes:
        raise ValueError(f"unknown theme {unknown_themes[0]!r} (known: {', '.join(THEMES)})")
    scenes_dir = (scenes_dir or PROJECT_ROOT / "scenes").resolve()
    cache = RenderCache((cache_root or DEFAULT_CACHE_ROOT).resolve(), profile)
    console = console or Console(stderr=True)
    catalog = read_catalog(scenes_dir)
    kinds, unknown = requested_kinds(catalog, file_names)

    keys = {(name, theme): render_key(catalog, catalog.scenes[name], profile, kind, theme)
            for name, kind in sorted(kinds.items()) for theme in themes}
    recorded = cache.read_manifest()
    if cache.manifest_path.is_file() and all(
            (render := recorded.render(name, theme)) is not None and render.key == key
            and cache.lookup(name, theme, key) for (name, theme), key in keys.items()):
        # Everything is rendered and recorded: no lock, no write, no wait.
        result = RenderResult(manifest=cache.manifest_path,
                              cached=[render_label(*render) for render in keys])
    else:
        with cache.locked(lambda: console.print(
                f"waiting for another build that is rendering at the '{profile.name}' "
                "profile")):
            result = _render_missing(catalog, cache, profile, kinds, keys, jobs, console)
    result.unknown = unknown
    result.seconds = time.monotonic() - started
    return result


Render = tuple[str, str]  # (scene, theme)


def _render_missing(catalog: Catalog, cache: RenderCache, profile: Profile,
                    kinds: dict[str, str], keys: dict[Render, str], jobs: int | None,
                    console: Console) -> RenderResult:
    """Render the keys the cache lacks and write the manifest (under the lock)."""
    records = {render: cache.lookup(*render, key) for render, key in keys.items()}
    missing = [render for render, record in records.items() if record is None]
    result = RenderResult(manifest=cache.manifest_path,
                          cached=[render_label(*render) for render in keys
                                  if render not in missing])
    if missing:
        cache.clear_abandoned_work()
        # Longest first (by last render's time; never rendered: the longer class
        # first), so the workers end together instead of one rendering the
        # flagship alone at the end.
        timings = cache.timings()
        missing.sort(key=lambda render: (-timings.get(_timing_name(*render), 0.0),
                                         -catalog.scenes[render[0]].body_lines))
        jobs_list = [_job(catalog, catalog.scenes[name], kinds[name], theme, profile, cache)
                     for name, theme in missing]
        known = list(timings.values())
        estimates = [estimate_seconds(timings.get(_timing_name(*render)), known,
                                      catalog.scenes[render[0]].body_lines)
                     for render in missing]
        finished = _run_pool(jobs_list, estimates, jobs or default_jobs(), console)
        cache.record_timings({_timing_name(job.scene, job.theme): outcome["seconds"]
                              for job, outcome in zip(jobs_list, finished, strict=True)
                              if outcome["ok"]})
        for job, outcome in zip(jobs_list, finished, strict=True):
            render = (job.scene, job.theme)
            if outcome["ok"]:
                records[render] = cache.commit(*render, keys[render], job.work_dir)
                result.rendered.append(render_label(*render))
            else:
                shutil.rmtree(job.work_dir, ignore_errors=True)  # nothing half-done stays
                result.failures.append(RenderFailure(render_label(*render),
                                                     outcome.get("where", ""),
                                                     outcome.get("message", "")))
    result.manifest = _manifest(catalog, profile, cache, keys, records).write(cache.manifest_path)
    return result


def _timing_name(scene: str, theme: str) -> str:
    return scene if theme == DEFAULT_THEME else f"{scene}/{theme}"


def _job(catalog: Catalog, scene: SceneInfo, kind: str, theme: str, profile: Profile,
         cache: RenderCache) -> RenderJob:
    return RenderJob(scene=scene.name, module=scene.module, kind=kind, root=catalog.root,
                     scenes_dir=scene.path.parent, width=profile.width, height=profile.height,
                     fps=profile.fps, encoder_preset=profile.encoder_preset,
                     poster_at=scene.poster_at, work_dir=cache.work_dir(scene.name, theme),
                     glyph_cache=cache.directory.parent / "glyphs", theme=theme)


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


def _run_pool(jobs_list: list[RenderJob], estimates: list[float], workers: int,
              console: Console) -> list[dict]:
    """Render the jobs on ``workers`` processes, showing a bar per scene (``progress``).

    Jobs are handed out one per free worker, in order, so the display can tell
    a scene that is rendering from one that is still queued. Once no scene is
    left to start, each idle worker's core is lent to the scenes still
    rendering, which then render plays in forked children (see ``play_sharing``):
    the last scene does not finish on one core while the others idle.
    """
    from .worker import render_scene, start_worker  # no Manim import here; workers do

    outcomes: dict[int, dict] = {}
    cores, workers = workers, min(workers, len(jobs_list))
    lent = 0
    labels = [render_label(job.scene, job.theme) for job in jobs_list]
    with _same_bytes_every_run(), _token_fifo(jobs_list[0].work_dir.parent) as tokens, \
            RenderProgress(console, labels, estimates, cores) as progress, \
            ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn"),
                                initializer=start_worker, initargs=(str(tokens[0]),)) as pool:
        queue = list(range(len(jobs_list)))
        futures: dict = {}
        pending: set = set()

        def submit_next() -> None:
            index = queue.pop(0)
            progress.started(index)
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
            done, _ = wait(pending, timeout=0.25, return_when=FIRST_COMPLETED)
            progress.tick()
            for future in done:
                pending.discard(future)
                index = futures[future]
                try:
                    outcome = future.result()
                except Exception as error:  # noqa: BLE001 - a crashed worker is a failure
                    outcome = {"ok": False, "message": f"worker crashed: {error}"}
                outcomes[index] = outcome
                progress.finished(index, outcome)
                if queue:
                    submit_next()
    return [outcomes[index] for index in range(len(jobs_list))]


def _manifest(catalog: Catalog, profile: Profile, cache: RenderCache, keys: dict[Render, str],
              records: dict[Render, dict | None]) -> Manifest:
    """This build's renders, merged into what other builds recorded.

    Builds of different content (or themes) share a profile's manifest; keeping
    the other entries (while their files exist) lets them run side by side.
    """
    renders: dict[str, dict[str, RenderedScene]] = {}
    for render in cache.read_manifest().all_renders():
        if render.scene in catalog.scenes and render.still.is_file():
            renders.setdefault(render.scene, {})[render.theme] = render
    for (name, theme), record in records.items():
        if record is None:
            continue
        renders.setdefault(name, {})[theme] = RenderedScene(
            scene=name, key=keys[name, theme], kind=record["kind"], width=record["width"],
            height=record["height"], folder=cache.entry(name, theme, keys[name, theme]),
            duration=record.get("duration"), frames=record.get("frames"), theme=theme)
    scenes = {name: SceneSource(info.path.relative_to(catalog.root).as_posix(), info.line)
              for name, info in catalog.scenes.items()}
    return Manifest(profile.name, scenes, dict(catalog.aliases), renders)
