"""The local engine: a scene per worker process, one process per core, cores lent at the end.

``driver`` hands its missing renders here unless a Dask cluster is set
(``cluster``). Each worker process runs ``worker.render_scene``, started in
``worker.WORKER_ENVIRONMENT``; once no scene is left to start, the cores of
idle workers are lent to the scenes still rendering (``play_sharing``).

The renditions of the renders (``renditions``) are encoded here too, after
them, on the same terms (one per core, time limits, Ctrl-C, dying with the
build): the ``encode`` task runs ``encoder.encode_batch`` (a render's missing
renditions) in workers that never import Manim, and lends no cores (an encode is
one FFmpeg on one core).

The workers are this module's own processes rather than a
``concurrent.futures`` pool, because a render may have to be stopped alone: a
scene past its time limit is killed with its worker, and a new worker takes
the next scene, while the other scenes render on (a process pool can only be
broken whole). Each finished render is handed to the driver at once
(``on_finished``), so an interrupted build keeps the renders it finished. On
Ctrl-C or SIGTERM every worker is killed before the exception goes on; a
worker also dies with this process, however it ends (``lifetime``).
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing import get_context
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console

from .manifest import RenderJob
from .progress import RenderProgress
from .record import RenderOutcome

if TYPE_CHECKING:
    from .encoder import EncodeBatch

__all__ = ["ENCODE", "RENDER", "run_pool"]

#: What a pool's workers do with their jobs: render scenes, or encode renditions.
RENDER, ENCODE = "render", "encode"

# How often the pool looks at the clock while every worker renders.
_TICK_SECONDS = 0.25


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


def _serve(connection: Connection, spare_cores_fifo: str, driver: int, task: str) -> None:
    """A worker process: run ``task`` on each job the driver sends, until it sends None."""
    if task == ENCODE:
        from . import encoder  # FFmpeg's work: no Manim in this worker

        run, start = encoder.encode_batch, encoder.start_encoder
    else:
        from . import worker  # Manim loads here, in the worker

        run, start = worker.render_scene, worker.start_worker

    start(spare_cores_fifo, driver)
    while (job := connection.recv()) is not None:
        try:
            outcome = run(job)
        except Exception as error:  # noqa: BLE001 - reported as the scene's failure
            outcome = RenderOutcome.failed(job.scene, f"worker crashed: {error}")
        connection.send(outcome)


@dataclass
class _Worker:
    """One worker process, its end of the pipe, and the job it renders (if any)."""

    process: BaseProcess
    connection: Connection
    index: int | None = None
    started: float = 0.0

    def stop(self) -> None:
        """Kill the process now (its forked children die with it) and reap it."""
        self.process.kill()
        self.process.join()
        self.connection.close()


class _Crew:
    """The worker processes, started as jobs need them."""

    def __init__(self, fifo: Path, task: str) -> None:
        self.context = get_context("spawn")
        self.fifo, self.task = fifo, task
        self.workers: list[_Worker] = []

    def idle(self, most: int) -> _Worker | None:
        """A worker with no job, started if fewer than ``most`` run; None if all are busy."""
        for worker in self.workers:
            if worker.index is None:
                return worker
        return self.hire() if len(self.workers) < most else None

    def hire(self) -> _Worker:
        ours, theirs = self.context.Pipe()
        process = self.context.Process(target=_serve, args=(theirs, str(self.fifo), os.getpid(),
                                                            self.task),
                                       name=f"scene-{self.task}", daemon=True)
        process.start()
        theirs.close()
        worker = _Worker(process, ours)
        self.workers.append(worker)
        return worker

    def dismiss(self, worker: _Worker) -> None:
        worker.stop()
        self.workers.remove(worker)

    def close(self, interrupted: bool) -> None:
        """Let every worker go: asked to leave after a whole run, killed otherwise."""
        for worker in self.workers:
            if interrupted or worker.index is not None:
                worker.stop()
                continue
            with contextlib.suppress(OSError):
                worker.connection.send(None)
            worker.process.join()
            worker.connection.close()
        self.workers.clear()


def run_pool(jobs_list: Sequence[RenderJob | EncodeBatch], labels: list[str],
             estimates: list[float], workers: int, console: Console, *,
             limits: list[float | None] | None = None,
             on_finished: Callable[[int, RenderOutcome], RenderOutcome] | None = None,
             task: str = RENDER) -> list[RenderOutcome]:
    """Render the jobs on ``workers`` processes, showing a bar per scene (``progress``).

    Jobs are handed out one per free worker, in order, so the display can tell
    a scene that is rendering from one that is still queued. Once no scene is
    left to start, each idle worker's core is lent to the scenes still
    rendering, which then render plays in forked children (see ``play_sharing``):
    the last scene does not finish on one core while the others idle.

    ``limits``: each job's time limit in seconds (None: none); a job past it is
    killed with its worker and comes back ``timed_out``. ``on_finished(index,
    outcome)`` is called as each job ends (and may replace its outcome, e.g. a
    render that could not be kept). ``task``: ``RENDER`` (``RenderJob``s) or
    ``ENCODE`` (``encoder.EncodeBatch``es, no cores lent).
    """
    outcomes: dict[int, RenderOutcome] = {}
    limits = limits or [None] * len(jobs_list)
    cores, workers = workers, min(workers, len(jobs_list))
    lent = 0
    # Encode workers start without MALLOC_PERTURB_: FFmpeg's bytes do not depend on it
    # (one thread each, the same bytes every run: tested), and glibc filling every
    # frame buffer FFmpeg allocates and frees made a 1080p60 AV1 encode 2.5 times as
    # slow, two thirds of it in the kernel (bench/encode_seconds.py).
    same_bytes = _same_bytes_every_run() if task == RENDER else contextlib.nullcontext()
    with same_bytes, _token_fifo(jobs_list[0].work_dir.parent) as tokens, \
            RenderProgress(console, labels, estimates, cores, task) as progress:
        crew = _Crew(tokens[0], task)
        queue = list(range(len(jobs_list)))
        interrupted = True
        try:
            while queue or any(worker.index is not None for worker in crew.workers):
                while queue and (idle := crew.idle(workers)) is not None:
                    idle.index, idle.started = queue.pop(0), time.monotonic()
                    progress.started(idle.index)
                    with contextlib.suppress(OSError):  # a worker that died: its sentinel says
                        idle.connection.send(jobs_list[idle.index])
                busy = [worker for worker in crew.workers if worker.index is not None]
                if not queue and task == RENDER:
                    for _ in range(cores - len(busy) - lent):
                        os.write(tokens[1], b".")  # one spare core, for any worker to borrow
                        lent += 1
                ready = wait([w.connection for w in busy] + [w.process.sentinel for w in busy],
                             timeout=_TICK_SECONDS)
                progress.tick()
                for worker in busy:
                    index = worker.index
                    outcome = _outcome(worker, jobs_list[index], ready, limits[index])
                    if outcome is None:
                        continue
                    worker.index = None
                    if not worker.process.is_alive() or outcome.timed_out:
                        crew.dismiss(worker)  # dead, or killed: the next job gets a new one
                    if on_finished is not None:
                        outcome = on_finished(index, outcome)
                    outcomes[index] = outcome
                    progress.finished(index, outcome)
            interrupted = False
        finally:
            crew.close(interrupted)
    return [outcomes[index] for index in range(len(jobs_list))]


def _outcome(worker: _Worker, job: RenderJob | EncodeBatch, ready: list[object],
             limit: float | None) -> RenderOutcome | None:
    """The job's outcome if it has one now: a result, a dead worker, or time run out."""
    seconds = time.monotonic() - worker.started
    if worker.connection in ready:
        try:
            return worker.connection.recv()
        except (EOFError, OSError):
            pass  # the worker died while it answered: as below
    if worker.connection in ready or worker.process.sentinel in ready:
        worker.process.join()
        return RenderOutcome.failed(job.scene, "worker crashed: its process ended with "
                                    f"exit code {worker.process.exitcode}", seconds=seconds)
    if limit is not None and seconds > limit:
        worker.stop()
        return RenderOutcome(job.scene, False, seconds, message=f"did not finish in {limit:g} s",
                             timed_out=True)
    return None
