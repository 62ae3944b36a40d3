"""The local engine: a scene per worker process, one process per core, cores lent at the end.

``driver`` hands its missing renders here unless a Dask cluster is set
(``cluster``). Each worker process runs ``worker.render_scene``, started in
``worker.WORKER_ENVIRONMENT``; once no scene is left to start, the cores of
idle workers are lent to the scenes still rendering (``play_sharing``).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from multiprocessing import get_context
from pathlib import Path

from rich.console import Console

from .manifest import RenderJob
from .progress import RenderProgress

__all__ = ["run_pool"]


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


def run_pool(jobs_list: list[RenderJob], labels: list[str], estimates: list[float],
             workers: int, console: Console) -> list[dict]:
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
