"""Scenes rendered on a Dask cluster (``RENDER_CLUSTER``): the driver's side and the worker's.

With a cluster, the driver hands each missing (scene, theme) to Dask instead
of its process pool. A Dask worker renders the whole scene with the code a
local worker runs (``worker.render_scene``) and, with a shared cache
(``shared_cache``), uploads the finished entry there; the driver then fetches
it into the local cache like any other shared hit. Dask places the tasks,
retries one whose worker died and reports each outcome: nothing here schedules.

``local`` starts a ``distributed.LocalCluster`` here (one single-threaded
worker process per core, ``JOBS``); its workers write straight into this
machine's cache, so it needs no shared cache. Any other value is the address
of a scheduler that workers on other machines joined, and those cannot reach
this machine's folders: the driver refuses it without a shared cache.

A render from a worker is shared with every machine under its key, so before
rendering a worker checks that it would render what a local build would:
one thread (Manim's settings are global to a process); ``MALLOC_PERTURB_`` as
in ``worker.WORKER_ENVIRONMENT`` (the same bytes as a local render); its clone
gives the scene the same key (same sources, same Manim); and its render code
is still what it imported (a worker outlives builds and ``git pull``). It
imports the scene's modules afresh for each render, for the same reason.

The core lending of local builds (``play_sharing``) is not used here: a Dask
worker process renders one scene at a time on its own core.

Imported only when a cluster is asked for: a build without one never imports Dask.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import os
import queue
import shutil
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import dask
from distributed import Client, LocalCluster, as_completed, get_worker
from rich.console import Console

from .cache import render_code_digest, render_key
from .catalog import read_catalog
from .manifest import PROJECT_ROOT, RenderJob
from .profiles import Profile
from .progress import RenderProgress
from .record import RenderOutcome
from .worker import WORKER_ENVIRONMENT, render_scene

__all__ = ["LOCAL", "render_on_worker", "run_on_cluster"]

#: The ``RENDER_CLUSTER`` value that starts a LocalCluster on this machine.
LOCAL = "local"
# How long a build waits to reach a scheduler, then for its first worker.
_CONNECT_SECONDS = 20
_FIRST_WORKER_SECONDS = 60
# The render code this process imported (see _unfit_for): computed when it was imported.
_IMPORTED_RENDER_CODE = render_code_digest()


def run_on_cluster(jobs: list[RenderJob], keys: list[str], labels: list[str],
                   estimates: list[float], *, address: str, profile: Profile,
                   shared_url: str | None, workers: int, console: Console,
                   on_finished: Callable[[int, RenderOutcome], RenderOutcome] | None = None,
                   limits: list[float | None] | None = None) -> list[RenderOutcome]:
    """Render ``jobs`` on the cluster at ``address`` (``local``: ``workers`` processes here).

    Returns each job's outcome, in order, as ``worker.render_scene`` gives it;
    ``shared`` when the render is in the shared cache rather than in the job's
    work folder. ``on_finished(index, outcome)`` is called as each job ends (and
    may replace its outcome). ``limits``: each job's time limit in seconds from
    the moment its worker starts it (None: none); past it, the task is cancelled,
    its worker restarted (a thread cannot be stopped, a process can: the nanny
    starts a new one) and the job comes back ``timed_out``. Raises
    ConnectionError when no cluster can be used. Interrupted (Ctrl-C), it
    cancels every task before it lets go.
    """
    outcomes: dict[int, RenderOutcome] = {}
    limits = limits or [None] * len(jobs)
    running: dict[int, tuple[float, str]] = {}  # index -> (started, worker address)
    with _connected(address, workers) as client:
        topic = f"scene-renders-{uuid.uuid4().hex}"
        started: queue.SimpleQueue[tuple[int, str]] = queue.SimpleQueue()
        # A worker says when it starts a render: the display then tells a scene that
        # renders from one that is queued behind others (this build's or another's), and
        # its time limit runs from then.
        client.subscribe_topic(topic, lambda event: started.put(
            (event[1]["index"], event[1]["worker"])))
        threads = sum(client.nthreads().values())
        with RenderProgress(console, labels, estimates, threads) as progress:
            # One task group ("render-scene", the key's prefix), so that Dask learns a
            # render's duration from the first ones and queues the rest on the scheduler;
            # handed out in the driver's order, longest first.
            futures = {client.submit(render_on_worker, job, key, profile, shared_url,
                                     str(PROJECT_ROOT), topic, index,
                                     key=f"render-scene-{topic[-12:]}-{job.scene}-{job.theme}",
                                     priority=len(jobs) - index, pure=False): index
                       for index, (job, key) in enumerate(zip(jobs, keys, strict=True))}
            completed = as_completed(list(futures))
            try:
                while not completed.is_empty():
                    while not started.empty():
                        index, worker = started.get()
                        if index not in outcomes:
                            running[index] = (time.monotonic(), worker)
                            progress.started(index)
                    ended = [(futures[future], _outcome(future, jobs[futures[future]]))
                             for future in completed.next_batch(block=False)
                             if futures[future] not in outcomes]  # not stopped at its limit
                    ended += _past_their_limits(client, futures, running, limits, jobs)
                    for index, outcome in ended:
                        running.pop(index, None)
                        if on_finished is not None:
                            outcome = on_finished(index, outcome)
                        outcomes[index] = outcome
                        progress.finished(index, outcome)
                    progress.tick()
                    time.sleep(0.25)
            except BaseException:
                client.cancel(list(futures))  # Ctrl-C: no task of this build runs on
                raise
    return [outcomes[index] for index in range(len(jobs))]


def _past_their_limits(client: Client, futures: dict, running: dict[int, tuple[float, str]],
                       limits: list[float | None], jobs: list[RenderJob],
                       ) -> list[tuple[int, RenderOutcome]]:
    """Stop each running task past its time limit: cancelled, its worker restarted."""
    stopped = []
    for future, index in futures.items():
        limit = limits[index]
        if index not in running or limit is None:
            continue
        since, worker = running[index]
        if time.monotonic() - since <= limit:
            continue
        del running[index]
        future.cancel()
        with contextlib.suppress(Exception):  # a worker without a nanny cannot restart
            client.restart_workers([worker], raise_for_error=False)
        stopped.append((index, RenderOutcome(jobs[index].scene, False,
                                             time.monotonic() - since,
                                             message=f"did not finish in {limit:g} s",
                                             timed_out=True)))
    return stopped


def _outcome(future: object, job: RenderJob) -> RenderOutcome:
    try:
        return future.result()  # type: ignore[attr-defined]
    except Exception as error:  # noqa: BLE001 - a worker that died, or could not run the task
        return RenderOutcome.failed(job.scene,
                                    f"on the Dask cluster: {type(error).__name__}: {error}")


@contextlib.contextmanager
def _connected(address: str, workers: int) -> Iterator[Client]:
    if address == LOCAL:
        # A worker takes a render only when its thread is free: one queued behind a long
        # render on a busy worker would wait while another worker idles.
        with _worker_environment(), \
                dask.config.set({"distributed.scheduler.worker-saturation": 1.0}), \
                LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                             dashboard_address=":0", silence_logs=logging.ERROR) as cluster, \
                Client(cluster) as client:
            yield client
        return
    try:
        client = Client(address, timeout=_CONNECT_SECONDS)
    except (OSError, TimeoutError) as error:
        raise ConnectionError(f"cannot reach the Dask scheduler at {address}: {error}") from None
    with client:
        try:
            client.wait_for_workers(1, timeout=_FIRST_WORKER_SECONDS)
        except TimeoutError:
            raise ConnectionError(
                f"no Dask worker joined the scheduler at {address} in {_FIRST_WORKER_SECONDS} s "
                f"(start some: see the README's 'Rendering on a Dask cluster')") from None
        yield client


@contextlib.contextmanager
def _worker_environment() -> Iterator[None]:
    """Start LocalCluster's workers in ``WORKER_ENVIRONMENT``; leave this process's as it was.

    A worker process inherits the environment when it is spawned, and glibc
    reads ``MALLOC_PERTURB_`` then. Dask's nannies also write their own
    pre-spawn variables into this process's environment: all are undone here.
    """
    before = dict(os.environ)
    os.environ.update(WORKER_ENVIRONMENT)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(before)


def render_on_worker(job: RenderJob, key: str, profile: Profile, shared_url: str | None,
                     driver_root: str, topic: str, index: int) -> RenderOutcome:
    """The Dask task: render ``job`` here; with ``shared_url``, upload the entry there.

    Without a shared cache (``local``), the worker is on the driver's machine
    and writes into the job's work folder, as a pool worker does. With one, it
    renders into a folder of its own and uploads the finished entry.
    """
    worker = get_worker()
    job = _on_this_clone(job, Path(driver_root))
    problem = _unfit_for(job, key, profile, worker.state.nthreads)
    if problem:
        return RenderOutcome.failed(job.scene, f"Dask worker {worker.address} {problem}")
    worker.log_event(topic, {"index": index, "worker": worker.address})
    _import_afresh(job)
    if shared_url is None:
        return render_scene(job)
    from .shared_cache import SharedCache

    work = Path(worker.local_directory, "scene-renders",
                f"{job.scene}-{job.theme}-{uuid.uuid4().hex[:8]}")
    work.mkdir(parents=True)
    try:
        outcome = render_scene(replace(job, work_dir=work))
        if outcome.ok:
            try:
                SharedCache(shared_url, profile.name).publish(job.scene, job.theme, key, work)
            except Exception as error:  # noqa: BLE001 - any store failure fails this render
                return replace(outcome, ok=False, where="",
                               message=f"rendered on {worker.address} but not written to the "
                                       f"shared cache {shared_url}: {type(error).__name__}: "
                                       f"{error}")
            outcome = replace(outcome, shared=True)
        return outcome
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _on_this_clone(job: RenderJob, driver_root: Path) -> RenderJob:
    """The job with the driver's project paths moved to this worker's clone.

    A worker on another machine runs from its own clone, wherever it is; a
    path outside the driver's project (a test's scenes) must exist here as it is.
    """
    def here(path: Path) -> Path:
        path = Path(path)
        return PROJECT_ROOT / path.relative_to(driver_root) if path.is_relative_to(
            driver_root) else path

    return replace(job, root=here(job.root), scenes_dir=here(job.scenes_dir),
                   glyph_cache=here(job.glyph_cache), work_dir=here(job.work_dir))


def _unfit_for(job: RenderJob, key: str, profile: Profile, threads: int) -> str:
    """Why this worker must not render ``job`` under ``key`` (empty when it may)."""
    if threads != 1:
        return (f"has {threads} threads: Manim's settings are global to a process, "
                "so start workers with --nthreads 1")
    unset = [f"{name}={value}" for name, value in WORKER_ENVIRONMENT.items()
             if os.environ.get(name) != value]
    if unset:
        return (f"was started without {' '.join(unset)} in its environment, so its videos "
                "would not be byte for byte a local build's: start it as the README says")
    if render_code_digest() != _IMPORTED_RENDER_CODE:
        return "has render code that changed on disk since it started: restart the workers"
    catalog = read_catalog(Path(job.scenes_dir))
    scene = catalog.scenes.get(job.scene)
    if scene is None or render_key(catalog, scene, profile, job.kind, job.theme) != key:
        return (f"gives scene {job.scene} another key than the build's: its clone's sources "
                "or Manim differ; run every worker from a clone of the build's commit, set "
                "up alike, and restart them")
    return ""


def _import_afresh(job: RenderJob) -> None:
    """Forget the scene's package and the project's scene modules (the render package aside).

    A Dask worker outlives builds: a scene edited since its last render here
    must be drawn from the file as it is now (its key says so), not from the
    module imported then. The scene's folder goes first on the import path.
    """
    packages = {job.module.split(".")[0], "scenes"}
    for name in list(sys.modules):
        if name.split(".")[0] in packages and name != "scenes" and not (
                name == "scenes.render" or name.startswith("scenes.render.")):
            del sys.modules[name]
    root = str(job.root)
    if root in sys.path:
        sys.path.remove(root)
    sys.path.insert(0, root)
    importlib.invalidate_caches()
