"""``render_scenes``: render exactly the scenes the article needs, in parallel.

``render_scenes`` takes the media file names the content asks for
(``Scene.mp4``, ``Scene.jpg``, an alias like ``mnist-simple.jpg``), finds their
scenes by reading ``scenes/`` (no Manim import), keys each on everything it
runs (see ``cache.render_key``), and renders only the missing keys, one worker
process per core, with a rich progress display. It then writes the manifest
that the site build reads. When every key is cached, Manim is never imported.

Past one machine, two settings, both off by default (and then neither Dask
nor fsspec is imported). ``shared_cache`` is an fsspec URL that every machine
reads and fills (module ``shared_cache``): a key missing here is fetched from
there before anything renders, and a render made here is uploaded there.
``cluster`` is a Dask scheduler, or ``local``, that renders the missing scenes
instead of the local pool (module ``cluster``; the pool is ``pool``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

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
from .pool import run_pool
from .profiles import DEFAULT_PROFILE, PROFILES, Profile
from .progress import estimate_seconds

if TYPE_CHECKING:
    from .shared_cache import SharedCache

__all__ = ["render_scenes", "RenderResult", "RenderFailure", "RenderSettingError", "PROFILES",
           "DEFAULT_PROFILE", "LOCAL_CLUSTER", "add_render_options", "default_jobs",
           "PROJECT_ROOT"]

#: ``cluster`` value for a Dask LocalCluster on this machine (``cluster.LOCAL``; repeated
#: here so that reading it imports no Dask).
LOCAL_CLUSTER = "local"


class RenderSettingError(ValueError):
    """The render settings cannot work: a cluster without the shared cache it needs, or
    a scheduler that cannot be reached. The message says what to set."""


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
    #: Not in the local cache, taken from the shared one (rendered by another machine).
    fetched: list[str] = field(default_factory=list)


def default_jobs() -> int:
    """One worker per core this process may use."""
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
               else os.cpu_count() or 1)


def add_render_options(parser: argparse.ArgumentParser) -> None:
    """``--render-cluster`` and ``--render-cache``, by default from ``RENDER_CLUSTER`` and
    ``RENDER_CACHE`` (unset or empty: render here, cache here only)."""
    parser.add_argument("--render-cluster", metavar="ADDRESS",
                        default=os.environ.get("RENDER_CLUSTER") or None,
                        help="render the scenes on a Dask cluster: a scheduler's address "
                             "(tcp://host:8786; needs --render-cache) or 'local' "
                             "(a LocalCluster here, one worker per job) [RENDER_CLUSTER]")
    parser.add_argument("--render-cache", metavar="URL",
                        default=os.environ.get("RENDER_CACHE") or None,
                        help="a render cache shared by every machine: a folder or an fsspec "
                             "URL (s3://bucket/renders, gs://...); renders found there are "
                             "fetched, renders made here are kept there [RENDER_CACHE]")


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
    cluster: str | None = None,
    shared_cache: str | None = None,
) -> RenderResult:
    """Make every requested scene output fresh at ``profile``, in each of ``themes``;
    write the manifest.

    ``shared_cache``: an fsspec URL or folder shared by every machine (a second
    tier behind the local cache). ``cluster``: a Dask scheduler's address, or
    ``local``, to render on instead of the local pool; any but ``local`` needs
    ``shared_cache`` (RenderSettingError otherwise).
    """
    started = time.monotonic()
    profile = PROFILES[profile] if isinstance(profile, str) else profile
    unknown_themes = [theme for theme in themes if theme not in THEMES]
    if unknown_themes:
        raise ValueError(f"unknown theme {unknown_themes[0]!r} (known: {', '.join(THEMES)})")
    if cluster and cluster != LOCAL_CLUSTER and not shared_cache:
        raise RenderSettingError(
            f"RENDER_CLUSTER={cluster} needs RENDER_CACHE: workers on other machines cannot "
            "write into this machine's cache folder; set it to a store they all reach "
            "(a shared folder, s3://..., gs://...)")
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
            result = _render_missing(catalog, cache, profile, kinds, keys,
                                     _Engine(jobs, cluster, shared_cache), console)
    result.unknown = unknown
    result.seconds = time.monotonic() - started
    return result


Render = tuple[str, str]  # (scene, theme)


@dataclass(frozen=True)
class _Engine:
    """Where missing renders come from: the local pool of ``jobs`` workers or a Dask
    ``cluster``; and the ``shared_cache`` URL they are fetched from and kept in."""

    jobs: int | None
    cluster: str | None
    shared_cache: str | None


def _render_missing(catalog: Catalog, cache: RenderCache, profile: Profile,
                    kinds: dict[str, str], keys: dict[Render, str], engine: _Engine,
                    console: Console) -> RenderResult:
    """Render the keys the cache lacks and write the manifest (under the lock)."""
    records = {render: cache.lookup(*render, key) for render, key in keys.items()}
    missing = [render for render, record in records.items() if record is None]
    result = RenderResult(manifest=cache.manifest_path,
                          cached=[render_label(*render) for render in keys
                                  if render not in missing])
    store = None
    if missing:
        cache.clear_abandoned_work()
    if missing and engine.shared_cache:
        store = _shared_store(engine.shared_cache, profile)
        missing = _fetch(store, cache, missing, keys, records, result, console)
    if missing:
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
        if engine.cluster:
            finished = _run_cluster(jobs_list, [keys[render] for render in missing], estimates,
                                    profile, engine, console)
        else:
            finished = run_pool(jobs_list, [render_label(job.scene, job.theme)
                                            for job in jobs_list], estimates,
                                engine.jobs or default_jobs(), console)
        cache.record_timings({_timing_name(job.scene, job.theme): outcome["seconds"]
                              for job, outcome in zip(jobs_list, finished, strict=True)
                              if outcome["ok"]})
        for job, outcome in zip(jobs_list, finished, strict=True):
            render = (job.scene, job.theme)
            if outcome["ok"] and outcome.get("shared") and store is not None:
                # Rendered on a Dask worker and uploaded: taken in like any shared hit.
                outcome = _fetched_back(store, render, keys[render], job.work_dir, outcome)
            if outcome["ok"]:
                records[render] = cache.commit(*render, keys[render], job.work_dir)
                result.rendered.append(render_label(*render))
                if store is not None and not outcome.get("shared"):
                    _upload(store, render, keys[render], cache.entry(*render, keys[render]),
                            console)
            else:
                shutil.rmtree(job.work_dir, ignore_errors=True)  # nothing half-done stays
                result.failures.append(RenderFailure(render_label(*render),
                                                     outcome.get("where", ""),
                                                     outcome.get("message", "")))
    result.manifest = _manifest(catalog, profile, cache, keys, records).write(cache.manifest_path)
    return result


def _shared_store(url: str, profile: Profile) -> SharedCache:
    """The shared cache at ``url``; RenderSettingError when fsspec cannot open such a URL."""
    try:
        from .shared_cache import SharedCache  # fsspec: only with a shared cache

        return SharedCache(url, profile.name)
    except (ImportError, ValueError) as error:  # no fsspec; s3:// without s3fs; a bad URL
        raise RenderSettingError(f"RENDER_CACHE={url} cannot be opened: {error} (the "
                                 "README's 'Rendering past one machine' says what to "
                                 "install)") from None


def _fetch(store: SharedCache, cache: RenderCache, missing: list[Render],
           keys: dict[Render, str], records: dict[Render, dict | None], result: RenderResult,
           console: Console) -> list[Render]:
    """Take what the shared cache holds of ``missing`` into the local cache (each entry
    checked, then committed as a local render is); return what is left to render."""
    left: list[Render] = []
    for index, render in enumerate(missing):
        work = cache.work_dir(*render)
        try:
            record = store.fetch(*render, keys[render], work)
        except Exception as error:  # noqa: BLE001 - a store down or refused: render here
            console.print(f"[yellow]shared cache {store.url} not read[/] "
                          f"({type(error).__name__}: {error}); rendering here", highlight=False)
            shutil.rmtree(work, ignore_errors=True)
            return left + missing[index:]
        if record is None:
            shutil.rmtree(work, ignore_errors=True)
            left.append(render)
            continue
        records[render] = cache.commit(*render, keys[render], work)
        result.fetched.append(render_label(*render))
    if result.fetched:
        console.print(f"fetched {len(result.fetched)} render(s) from the shared cache "
                      f"{store.url}", highlight=False)
    return left


def _fetched_back(store: SharedCache, render: Render, key: str, work: Path,
                  outcome: dict) -> dict:
    """The outcome of a render a Dask worker uploaded, once it is fetched into ``work``."""
    try:
        whole = store.fetch(*render, key, work) is not None
        problem = "" if whole else "its entry there is not whole"
    except Exception as error:  # noqa: BLE001 - the store went away since the worker wrote
        whole, problem = False, f"{type(error).__name__}: {error}"
    if whole:
        return outcome
    return {**outcome, "ok": False, "where": "",
            "message": f"rendered on the cluster, but not read back from the shared cache "
                       f"{store.url}: {problem}"}


def _upload(store: SharedCache, render: Render, key: str, entry: Path,
            console: Console) -> None:
    """Keep a render made here in the shared cache; a failure there fails no build."""
    try:
        store.publish(*render, key, entry)
    except Exception as error:  # noqa: BLE001 - the render is good here; say it is not shared
        console.print(f"[yellow]{render_label(*render)} not kept in the shared cache "
                      f"{store.url}[/] ({type(error).__name__}: {error})", highlight=False)


def _run_cluster(jobs_list: list[RenderJob], keys: list[str], estimates: list[float],
                 profile: Profile, engine: _Engine, console: Console) -> list[dict]:
    """Render the jobs on the Dask cluster (see ``cluster``); nothing half-done stays here."""
    try:
        from .cluster import run_on_cluster  # Dask: only with a cluster

        return run_on_cluster(jobs_list, keys, [render_label(job.scene, job.theme)
                                                for job in jobs_list], estimates,
                              address=engine.cluster or LOCAL_CLUSTER, profile=profile,
                              shared_url=engine.shared_cache,
                              workers=engine.jobs or default_jobs(), console=console)
    except BaseException as error:
        # Interrupted or unreachable: a local cluster's workers are gone by now, and
        # no work folder of this build stays.
        for job in jobs_list:
            shutil.rmtree(job.work_dir, ignore_errors=True)
        if isinstance(error, ImportError):
            raise RenderSettingError(f"RENDER_CLUSTER={engine.cluster} needs Dask ({error}): "
                                     ".venv/bin/pip install -e '.[cluster]'") from None
        if isinstance(error, ConnectionError):
            raise RenderSettingError(str(error)) from None
        raise


def _timing_name(scene: str, theme: str) -> str:
    return scene if theme == DEFAULT_THEME else f"{scene}/{theme}"


def _job(catalog: Catalog, scene: SceneInfo, kind: str, theme: str, profile: Profile,
         cache: RenderCache) -> RenderJob:
    return RenderJob(scene=scene.name, module=scene.module, kind=kind, root=catalog.root,
                     scenes_dir=scene.path.parent, width=profile.width, height=profile.height,
                     fps=profile.fps, encoder_preset=profile.encoder_preset,
                     poster_at=scene.poster_at, work_dir=cache.work_dir(scene.name, theme),
                     glyph_cache=cache.directory.parent / "glyphs", theme=theme)


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
