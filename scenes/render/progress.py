"""What a render shows the author while it runs: a bar per scene and the time left.

Manim renders a scene in a worker process that reports nothing until it is
done, so each bar is an estimate: it fills over the seconds the scene took the
last time it rendered at this profile (``timings.json``), never quite reaching
the end before the scene really finishes. The total line adds the work left
over all scenes and divides it by the cores, which is what a reader of the
display wants to know: when can I look at my page.

On a terminal this is one live rich display. In a log (CI, a pipe) there is
no live display: one plain line per scene as it finishes, and one up front
with the estimate.
"""

from __future__ import annotations

import time
from types import TracebackType
from typing import TYPE_CHECKING, NamedTuple

from rich.console import Console
from rich.progress import BarColumn, Progress, ProgressColumn, Task, TaskID, TextColumn
from rich.text import Text

from scenes.drawing.themes import DEFAULT_THEME

if TYPE_CHECKING:
    from .record import RenderOutcome

__all__ = ["RenderProgress", "estimate_seconds", "render_label"]

# A bar that has used up its estimate stops here until its scene really ends.
_NEARLY_DONE = 0.97


class _Words(NamedTuple):
    """How the display names a pool's jobs: in its total bar, its opening line, and
    the doing and the done of one job."""

    total: str
    opening: str
    doing: str
    done: str


_WORDS = {"render": _Words("render(s)", "rendering {} scene(s)", "rendering", "rendered"),
          # An encode job is one render's missing renditions (encoder.encode_batch).
          "encode": _Words("video(s)' renditions", "encoding the renditions of {} video(s)",
                           "encoding", "encoded")}

# Without any timing yet, a scene is guessed at this many seconds per line of its class.
_SECONDS_PER_LINE = 0.25
_LEAST_GUESS = 2.0


def render_label(scene: str, theme: str) -> str:
    """How a render is named to the author: the scene, and its theme unless the default."""
    return scene if theme == DEFAULT_THEME else f"{scene} ({theme})"


def estimate_seconds(last: float | None, known: list[float], body_lines: int) -> float:
    """How long a render will take: its last time, else a guess from the others or its size."""
    if last:
        return last
    if known:
        return sum(known) / len(known)
    return max(_LEAST_GUESS, body_lines * _SECONDS_PER_LINE)


def _clock(seconds: float) -> str:
    seconds = max(0, round(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}"


class _TimeLeft(ProgressColumn):
    """The ``left`` field, as m:ss ("done" once the task has finished)."""

    def render(self, task: Task) -> Text:
        if task.finished:
            return Text("done" if task.fields.get("ok", True) else "failed",
                        style="green" if task.fields.get("ok", True) else "red")
        left = task.fields.get("left")
        return Text("" if left is None else f"~{_clock(left)} left", style="cyan")


class RenderProgress:
    """The display of one pool's jobs, in the order the driver hands them out."""

    def __init__(self, console: Console, labels: list[str], estimates: list[float],
                 workers: int, task: str = "render") -> None:
        self.console, self.labels, self.estimates = console, labels, estimates
        # What the jobs are, doing and done: scenes rendered, or renditions encoded.
        self.words = _WORDS[task]
        self.workers = max(1, workers)
        self.started_at: dict[int, float] = {}
        self.done: set[int] = set()
        self.live = console.is_terminal
        self._progress = Progress(
            TextColumn("{task.description}"), BarColumn(bar_width=24), _TimeLeft(),
            console=console, transient=False, auto_refresh=True, refresh_per_second=4)
        self._tasks: list[TaskID] = []
        self._total: TaskID | None = None

    def __enter__(self) -> RenderProgress:
        work = sum(self.estimates)
        if self.live:
            self._progress.__enter__()
            self._tasks = [self._progress.add_task(f"[cyan]{label}[/] [dim]queued[/]",
                                                   total=estimate, left=None)
                           for label, estimate in zip(self.labels, self.estimates, strict=True)]
            self._total = self._progress.add_task(
                f"[bold]{len(self.labels)} {self.words.total} on {self.workers} core(s)[/]",
                total=work, left=work / self.workers)
        else:
            self.console.print(f"{self.words.opening.format(len(self.labels))} on "
                               f"{self.workers} core(s), about {_clock(work / self.workers)}",
                               highlight=False)
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if self.live:
            self.tick()
            self._progress.__exit__(kind, error, trace)

    def started(self, index: int) -> None:
        self.started_at[index] = time.monotonic()
        if self.live:
            self._progress.update(self._tasks[index],
                                  description=f"[cyan]{self.labels[index]}[/] {self.words.doing}")

    def finished(self, index: int, outcome: RenderOutcome) -> None:
        self.done.add(index)
        state = (f"[green]{self.words.done}[/]" if outcome.ok else
                 "[red]stopped: too slow[/]" if outcome.timed_out else "[red]failed[/]")
        if self.live:
            self._progress.update(self._tasks[index], completed=self.estimates[index],
                                  description=f"[cyan]{self.labels[index]}[/] {state}",
                                  ok=outcome.ok)
            self.tick()
        else:
            seconds = outcome.seconds
            shared = outcome.forked_plays
            note = f", {shared} plays on spare cores" if shared else ""
            self.console.print(f"{self.labels[index]} {state} ({seconds:.1f} s{note})",
                               highlight=False)

    def tick(self) -> None:
        """Move the running bars on by the time that has passed; update the time left."""
        if not self.live:
            return
        now, left = time.monotonic(), 0.0
        for index, estimate in enumerate(self.estimates):
            if index in self.done:
                continue
            elapsed = now - self.started_at[index] if index in self.started_at else 0.0
            shown = min(elapsed, estimate * _NEARLY_DONE)
            left += max(estimate - elapsed, estimate * (1 - _NEARLY_DONE))
            if index in self.started_at:
                self._progress.update(self._tasks[index], completed=shown,
                                      left=max(estimate - elapsed, 0.0))
        total = sum(self.estimates)
        if self._total is not None:
            self._progress.update(self._total, completed=total - left,
                                  left=left / self.workers)
