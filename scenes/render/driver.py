"""``render_scenes``: render exactly the scenes the article needs, in parallel.

``render_scenes`` takes the media file names the content asks for
(``Scene.mp4``, ``Scene.jpg``, an alias like ``mnist-simple.jpg``), finds their
scenes by reading ``scenes/`` (no Manim import), keys each on everything it
runs (see ``cache.render_key``), and renders only the missing keys, one worker
process per core, with a rich progress display. It then writes the manifest
that the site build reads. When every key is cached, Manim is never imported.

Each video render keeps a lossless master; the renditions pages offer (AV1 and
H.264, at each size of the profile) are encoded from it after the renders, each
cached under a key of its own (``renditions``): a changed rendition setting
encodes again without rendering again.

A cached render is used only when its entry checks out against its record
(``record.verify_entry``); a damaged one is said, discarded and rendered again.
Each render is kept in the cache the moment it ends, so a build stopped
half-way (Ctrl-C, SIGTERM, SIGKILL) leaves its finished renders to the next
one and nothing half-done. A scene past its time limit (``time_limit``, else
``settings.scene_time_limit``) is stopped and reported at its class's line.

Past one machine, two settings, both off by default (and then neither Dask
nor fsspec is imported). ``shared_cache`` is an fsspec URL that every machine
reads and fills (module ``shared_cache``): a key missing here is fetched from
there before anything renders, and a render made here is uploaded there.
``cluster`` is a Dask scheduler, or ``local``, that renders the missing scenes
instead of the local pool (module ``cluster``; the pool is ``pool``).
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from rich.console import Console

from scenes.drawing.themes import DEFAULT_THEME, THEMES

from .cache import RenderCache, render_key
from .catalog import Catalog, SceneInfo, read_catalog
from .encoder import EncoderUnavailable
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
from .progress import estimate_seconds, render_label
from .record import DamagedEntry, RenderOutcome, RenderRecord
from .rendition_files import RenditionFile
from .renditions import RenditionCache, encode_renditions, renditions_current, versions_for
from .settings import LOCAL_CLUSTER, RenderSettingError, default_jobs, scene_time_limit
from .shared_tier import Render, fetch_missing, keep_shared, open_store, read_back
from .storyboard import missing_words

if TYPE_CHECKING:
    from .shared_cache import SharedCache

__all__ = ["RenderFailure", "RenderResult", "render_scenes", "requested_kinds"]

@dataclass(frozen=True)
class RenderFailure:
    """A scene that raised (its name, where in ``scenes/`` and Manim's message), or one
    stopped at its time limit (``timed_out``: where its class is)."""

    scene: str
    where: str
    message: str
    timed_out: bool = False
    #: A story beat without words: its own line says it all.
    unsaid: bool = False

    def __str__(self) -> str:
        if self.timed_out:
            return f"{self.where}: {self.scene} {self.message}"
        if self.unsaid:
            return f"{self.where}: {self.message}"
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
    #: ``scenes/x.py:LINE: beat 'W1' has no description``, for each beat of a video this
    #: build uses that lacks words (an error, not a warning, at the publish profile).
    warnings: list[str] = field(default_factory=list)
    #: Renditions encoded by this build (``Scene (light) av1-1280w``), and the seconds spent.
    encoded: list[str] = field(default_factory=list)
    encode_seconds: float = 0.0


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
    themes: Sequence[str] = THEMES,
    scenes_dir: Path | None = None,
    cache_root: Path | None = None,
    console: Console | None = None,
    cluster: str | None = None,
    shared_cache: str | None = None,
    time_limit: float | None = None,
) -> RenderResult:
    """Make every requested scene output fresh at ``profile``, in each of ``themes``;
    write the manifest.

    ``shared_cache``: an fsspec URL or folder shared by every machine (a second
    tier behind the local cache). ``cluster``: a Dask scheduler's address, or
    ``local``, to render on instead of the local pool; any but ``local`` needs
    ``shared_cache`` (RenderSettingError otherwise). ``time_limit``: the seconds
    a scene may render before it is stopped (None: scaled from its last render,
    ``settings.scene_time_limit``; 0: no limit).
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
    try:  # before any render: a missing encoder would only fail the build at the end
        versions = versions_for(profile) if "video" in kinds.values() else {}
    except EncoderUnavailable as unavailable:
        raise RenderSettingError(str(unavailable)) from None
    engine = _Engine(jobs, cluster, shared_cache, time_limit, versions)

    keys = {(name, theme): render_key(catalog, catalog.scenes[name], profile, kind, theme)
            for name, kind in sorted(kinds.items()) for theme in themes}
    records = {render: cache.lookup(render, key) for render, key in keys.items()}
    if cache.manifest_path.is_file() and _manifest_serves(cache, keys, records, engine):
        # Everything is rendered, whole, and recorded: no lock, no write, no wait.
        result = RenderResult(manifest=cache.manifest_path,
                              cached=[render_label(*render) for render in keys])
    else:
        with cache.locked(lambda: console.print(
                f"waiting for another build that is rendering at the '{profile.name}' "
                "profile")):
            result = _render_missing(catalog, cache, profile, kinds, keys, records, engine,
                                     console)
    result.unknown = unknown
    result.warnings = sorted({f"{where}: {message}" for record in records.values()
                              if record is not None for where, message in
                              missing_words(record.beats)})
    for warning in result.warnings:
        console.print(f"[yellow]warning:[/] {warning}", highlight=False, soft_wrap=True)
    result.seconds = time.monotonic() - started
    return result


@dataclass(frozen=True)
class _Engine:
    """Where missing renders come from: the local pool of ``jobs`` workers or a Dask
    ``cluster``; the ``shared_cache`` URL they are fetched from and kept in; the
    ``time_limit`` a scene gets (see ``render_scenes``); the ``versions`` of the
    encoders its renditions are made with."""

    jobs: int | None
    cluster: str | None
    shared_cache: str | None
    time_limit: float | None = None
    versions: dict[str, str] = field(default_factory=dict)


def _manifest_serves(cache: RenderCache, keys: dict[Render, str],
                     records: dict[Render, RenderRecord | None], engine: _Engine) -> bool:
    """Whether the manifest already lists every requested render, each whole, and each
    video's renditions under their current keys, whole.

    Every other theme it lists of a requested scene is checked too: the site
    shows a scene in each theme the manifest has.
    """
    manifest = cache.read_manifest()
    if any(record is None or (render := manifest.render(*key_of)) is None
           or render.key != record.key for key_of, record in records.items()):
        return False
    shown = {(scene, theme): render for scene in {scene for scene, _ in keys}
             for theme in manifest.themes_of(scene)
             if (render := manifest.render(scene, theme)) is not None}
    whole = {render: records.get(render) or cache.lookup(render, listed.key)
             for render, listed in shown.items()}
    renditions = RenditionCache(cache.directory.parent, cache.profile)
    return all(record is not None and renditions_current(
        shown[render], record, cache.profile, engine.versions, renditions)
        for render, record in whole.items())


def _render_missing(catalog: Catalog, cache: RenderCache, profile: Profile,
                    kinds: dict[str, str], keys: dict[Render, str],
                    records: dict[Render, RenderRecord | None], engine: _Engine,
                    console: Console) -> RenderResult:
    """Render the keys the cache lacks and write the manifest (under the lock).

    Each render is kept in the cache as soon as it is done: a build stopped
    half-way leaves its finished renders for the next one.
    """
    # Another build may have rendered some while this one waited for the lock.
    records.update({render: cache.lookup(render, keys[render])
                    for render, record in records.items() if record is None})
    for (scene, theme), damage in cache.discard_damaged():
        console.print(f"[yellow]{render_label(scene, theme)}: its cache entry {damage}[/]; "
                      "rendering it again", highlight=False)
    missing = [render for render, record in records.items() if record is None]
    result = RenderResult(manifest=cache.manifest_path,
                          cached=[render_label(*render) for render in keys
                                  if render not in missing])
    store = None
    if missing:
        cache.clear_abandoned_work()
    if missing and engine.shared_cache:
        store = open_store(engine.shared_cache, profile)
        result.fetched, missing = fetch_missing(store, cache, missing, keys, records, console)
    if missing:
        _render(catalog, cache, profile, kinds, keys, records, missing, engine, store,
                result, console)
    renditions = _encode(catalog, cache, profile, keys, records, engine, result, console)
    result.manifest = _manifest(catalog, profile, cache, keys, records, renditions).write(
        cache.manifest_path)
    return result


def _encode(catalog: Catalog, cache: RenderCache, profile: Profile, keys: dict[Render, str],
            records: dict[Render, RenderRecord | None], engine: _Engine, result: RenderResult,
            console: Console) -> dict[Render, tuple[RenditionFile, ...]]:
    """The renditions of every video rendered, encoded where the cache lacks them."""
    started = time.monotonic()
    encoded = encode_renditions(profile, cache.directory.parent,
                                {render: (record, cache.entry(render, keys[render]))
                                 for render, record in records.items() if record is not None},
                                engine.versions, engine.jobs or default_jobs(), console,
                                engine.time_limit)
    for (scene, theme), message in encoded.failures:  # reported at the scene's class
        info = catalog.scenes[scene]
        where = f"{info.path.relative_to(catalog.root)}:{info.line}"
        result.failures.append(RenderFailure(render_label(scene, theme), where, message))
    result.encoded, result.encode_seconds = encoded.labels, time.monotonic() - started
    return encoded.files


def _render(catalog: Catalog, cache: RenderCache, profile: Profile, kinds: dict[str, str],
            keys: dict[Render, str], records: dict[Render, RenderRecord | None],
            missing: list[Render], engine: _Engine, store: SharedCache | None,
            result: RenderResult, console: Console) -> None:
    """Render ``missing`` on the pool or the cluster, keeping each render as it ends."""
    # Longest first (by last render's time; never rendered: the longer class
    # first), so the workers end together instead of one rendering the
    # flagship alone at the end.
    timings = cache.timings()
    missing.sort(key=lambda render: (-timings.get(_timing_name(*render), 0.0),
                                     -catalog.scenes[render[0]].body_lines))
    jobs_list = [_job(catalog, catalog.scenes[name], kinds[name], theme, profile, cache,
                      keys[name, theme]) for name, theme in missing]
    known = list(timings.values())
    estimates = [estimate_seconds(timings.get(_timing_name(*render)), known,
                                  catalog.scenes[render[0]].body_lines)
                 for render in missing]
    limits = [None if engine.time_limit == 0 else engine.time_limit or scene_time_limit(
        timings.get(_timing_name(*render)), profile) for render in missing]

    def keep(index: int, outcome: RenderOutcome) -> RenderOutcome:
        job = jobs_list[index]
        render = (job.scene, job.theme)
        if outcome.ok and outcome.shared and store is not None:
            # Rendered on a Dask worker and uploaded: taken in like any shared hit.
            outcome = read_back(store, render, keys[render], job.work_dir, outcome)
        if outcome.ok:
            try:
                records[render] = cache.commit(render, keys[render], job.work_dir)
            except DamagedEntry as damage:
                outcome = replace(outcome, ok=False, message=f"its render {damage}")
        if not outcome.ok:
            shutil.rmtree(job.work_dir, ignore_errors=True)  # nothing half-done stays
            scene = catalog.scenes[job.scene]
            where = outcome.where or (f"{scene.path.relative_to(catalog.root)}:{scene.line}"
                                      if outcome.timed_out else "")
            result.failures.append(RenderFailure(render_label(*render), where,
                                                 outcome.message, outcome.timed_out,
                                                 outcome.unsaid))
            return outcome
        cache.record_timings({_timing_name(*render): outcome.seconds})
        result.rendered.append(render_label(*render))
        if store is not None and not outcome.shared:
            keep_shared(store, render, keys[render], cache.entry(render, keys[render]), console)
        return outcome

    labels = [render_label(job.scene, job.theme) for job in jobs_list]
    try:
        if engine.cluster:
            _run_cluster(jobs_list, [keys[render] for render in missing], estimates, profile,
                         engine, console, keep, limits)
        else:
            run_pool(jobs_list, labels, estimates, engine.jobs or default_jobs(), console,
                     limits=limits, on_finished=keep)
    finally:
        for job in jobs_list:  # interrupted: the renders not finished leave nothing
            shutil.rmtree(job.work_dir, ignore_errors=True)


def _run_cluster(jobs_list: list[RenderJob], keys: list[str], estimates: list[float],
                 profile: Profile, engine: _Engine, console: Console,
                 on_finished: Callable[[int, RenderOutcome], RenderOutcome],
                 limits: list[float | None]) -> None:
    """Render the jobs on the Dask cluster (see ``cluster``); nothing half-done stays here."""
    try:
        from .cluster import run_on_cluster  # Dask: only with a cluster

        run_on_cluster(jobs_list, keys, [render_label(job.scene, job.theme)
                                         for job in jobs_list], estimates,
                       address=engine.cluster or LOCAL_CLUSTER, profile=profile,
                       shared_url=engine.shared_cache,
                       workers=engine.jobs or default_jobs(), console=console,
                       on_finished=on_finished, limits=limits)
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
         cache: RenderCache, key: str) -> RenderJob:
    return RenderJob(scene=scene.name, module=scene.module, kind=kind, root=catalog.root,
                     scenes_dir=scene.path.parent, width=profile.width, height=profile.height,
                     fps=profile.fps, poster_at=scene.poster_at,
                     work_dir=cache.work_dir((scene.name, theme)),
                     glyph_cache=cache.directory.parent / "glyphs", theme=theme, key=key,
                     words_required=profile.words_required)


def _manifest(catalog: Catalog, profile: Profile, cache: RenderCache, keys: dict[Render, str],
              records: dict[Render, RenderRecord | None],
              renditions: dict[Render, tuple[RenditionFile, ...]]) -> Manifest:
    """This build's renders, merged into what other builds recorded.

    Builds of different content (or themes) share a profile's manifest; keeping
    the other entries (while they are whole) lets them run side by side.
    """
    renders: dict[str, dict[str, RenderedScene]] = {}
    for render in cache.read_manifest().all_renders():
        if (render.scene, render.theme) not in keys and render.scene in catalog.scenes \
                and cache.lookup((render.scene, render.theme), render.key) is not None:
            renders.setdefault(render.scene, {})[render.theme] = render
    for (name, theme), record in records.items():
        if record is not None:
            renders.setdefault(name, {})[theme] = RenderedScene.of_record(
                record, cache.entry((name, theme), keys[name, theme]),
                renditions.get((name, theme), ()))
    scenes = {name: SceneSource(info.path.relative_to(catalog.root).as_posix(), info.line)
              for name, info in catalog.scenes.items()}
    return Manifest(profile.name, scenes, dict(catalog.aliases), renders)
