"""One video on more than one core: a worker's plays rendered by forked children.

Manim renders a scene in one process and has no notion of this; it is
hand-written. The worker runs the scene's ``construct()`` once. At each
``play``, if a core is spare (the driver lends the cores of idle workers
through a FIFO), the worker forks: the child inherits the whole scene state at
that instant, renders that one play into its own segment file and exits, while
the parent marks the play as skipped (Manim jumps it to its end state) and goes
on to the next. While a child runs on a lent core, the worker's own core goes
to a child too, and the parent waits for a free core rather than render a play
itself: a parent busy with a long play would leave the lent core idle once the
short play it gave away is done. Nothing lent: the worker renders the play
itself. Manim writes one segment per play, so the segments put in play order
are the video, byte for byte the same however the plays were shared.

The rules a fork must keep:

- a fork copies only the calling thread, so no thread may be running: Manim's
  encoder threads are joined first (and no fork when any thread is left), and
  tqdm's monitor thread is never started (``manim_adapter``);
- a child never returns into the process pool: it writes a report (its
  segment, or where and why it failed), gives its lent core back and leaves
  with ``os._exit``, skipping every clean-up that belongs to the parent;
- the parent reaps every child, even when the scene failed, so no child
  outlives the render nor writes into a work folder the driver removes; and a
  child dies with its worker (``lifetime``), should the worker be killed.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from . import manim_adapter
from .lifetime import die_with_parent

if TYPE_CHECKING:
    from manim import Scene

__all__ = ["PlayFailed", "PlaySharing", "use_spare_cores"]

_spare_cores: int | None = None  # read-write descriptor of the driver's token FIFO


def use_spare_cores(fifo: str) -> None:
    """Open the FIFO through which the driver lends idle cores (once per worker).

    Each byte in it is one spare core: a worker borrows one by reading a byte
    (without waiting) and returns it by writing one. Forked children inherit
    the descriptor.
    """
    global _spare_cores
    _spare_cores = os.open(fifo, os.O_RDWR | os.O_NONBLOCK)


def _borrow_core() -> bool:
    if _spare_cores is None:
        return False
    try:
        return len(os.read(_spare_cores, 1)) == 1
    except BlockingIOError:
        return False


def _return_core() -> None:
    if _spare_cores is not None:
        os.write(_spare_cores, b".")


class PlayFailed(Exception):
    """A play rendered in a forked child raised; carries the child's report."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(message)
        self.where, self.message = where, message


class PlaySharing:
    """A worker's plays handed to forked children, for one scene.

    ``describe(error)`` gives a failure's ``(where, message)``, as the worker
    reports it; a child reports its own failure that way.
    """

    def __init__(self, work: Path,
                 describe: Callable[[BaseException], tuple[str, str]]) -> None:
        self.work, self.describe = work, describe
        self.worker = os.getpid()
        self.scene: Scene | None = None
        self.children = _Children()
        self.child_play, self.child_core = -1, ""  # in a child: its one play, on which core

    def attach(self, scene: Scene) -> None:
        """Fork a child for each play a core is free for; a child ends after its play."""
        self.scene = scene
        manim_adapter.intercept_plays(scene, self._give_away)
        manim_adapter.end_scene_after_play_if(scene, self.in_child)

    def in_child(self) -> bool:
        """Whether this process is a child rendering one play."""
        return os.getpid() != self.worker

    def _give_away(self, play: int) -> bool:
        """Fork for ``play`` if a core is free: True in the parent (which jumps it)."""
        core = self.children.free_core(lambda: manim_adapter.wait_for_encoders(self.scene))
        if not core:
            return False
        child = os.fork()
        if child == 0:
            die_with_parent(self.worker)  # a fork does not keep the worker's own setting
            self.child_play, self.child_core = play, core
            return False  # the child renders this play
        self.children.started(child, play, core)
        return True

    @property
    def forked_plays(self) -> int:
        return len(self.children.plays)

    def segments(self) -> dict[int, str]:
        """Every play's segment, by play: the parent's own and the children's.

        Raises PlayFailed when a child failed.
        """
        own = dict(enumerate(manim_adapter.play_segments(self.scene)))
        own.update(self.children.wait_all(self.work))
        return own

    def reap_after_failure(self) -> None:
        """Reap every child of a render that failed (the worker's own error says more)."""
        with contextlib.suppress(PlayFailed):
            self.children.wait_all(self.work)

    def end_child(self, error: BaseException | None) -> NoReturn:
        """End a forked child: report its segment or its failure, return the core, exit."""
        code = 0
        try:
            if error is None:
                files = manim_adapter.play_segments(self.scene)
                report = {"play": self.child_play, "segment": files[self.child_play]}
            else:
                code = 1
                where, message = self.describe(error)
                report = {"where": where, "message": message}
            partial = self.work / f".child-{os.getpid()}.part"
            partial.write_text(json.dumps(report), encoding="utf-8")
            os.replace(partial, self.work / f"child-{os.getpid()}.json")
        except BaseException:  # noqa: BLE001 - a child must never return into the pool
            code = 1
        finally:
            if self.child_core == "lent":
                _return_core()
            os._exit(code)


class _Children:
    """The children a worker has forked: which play each renders, on which core."""

    def __init__(self) -> None:
        self.plays: dict[int, int] = {}  # pid -> play
        self.cores: dict[int, str] = {}  # pid -> "lent" or "own", while it runs
        self.ended: dict[int, int] = {}  # pid -> wait status

    def started(self, pid: int, play: int, core: str) -> None:
        self.plays[pid], self.cores[pid] = play, core

    def free_core(self, join_encoders: Callable[[], None]) -> str:
        """A core for the next play's child ("lent" or "own"); "" to render it here."""
        while True:
            self._reap()
            if _borrow_core():
                core = "lent"
            elif "lent" not in self.cores.values():
                return ""  # nothing lent to this worker: its own core renders the play
            elif "own" not in self.cores.values():
                core = "own"
            else:
                time.sleep(0.005)  # every core has a child; the first to end frees one
                continue
            # A fork copies only the calling thread: no encoder thread may be mid-write.
            join_encoders()
            if threading.active_count() == 1:
                return core
            if core == "lent":
                _return_core()
            return ""

    def _reap(self) -> None:
        for pid in list(self.cores):
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                self.ended[pid] = status
                del self.cores[pid]

    def wait_all(self, work: Path) -> dict[int, str]:
        """Reap every child; their segments by play, or the first child's failure."""
        segments: dict[int, str] = {}
        failure: PlayFailed | None = None
        for pid, play in self.plays.items():
            status = self.ended.pop(pid) if pid in self.ended else os.waitpid(pid, 0)[1]
            self.cores.pop(pid, None)
            report_file = work / f"child-{pid}.json"
            report = json.loads(report_file.read_text()) if report_file.is_file() else {}
            report_file.unlink(missing_ok=True)
            if os.waitstatus_to_exitcode(status) == 0 and report.get("play") == play:
                segments[play] = report["segment"]
            elif failure is None:
                failure = PlayFailed(report.get("where", ""), report.get(
                    "message", f"the process rendering play {play} died ({status})"))
        self.plays.clear()
        if failure is not None:
            raise failure
        return segments
