"""A video's story beats as its render records them: times in the video, and a still each.

A scene notes its beats as they run (``scenes/bases/beats.py``): which plays each
made, its words, where ``construct()`` called it. Here, in the worker:

- when a beat ends, the scene is drawn as it stands (the plays a child rendered
  have been jumped to their end here) and kept as the beat's still, beside the
  entry's other stills, in every form a page uses; nothing else is drawn;
- once the segments are joined, each beat's start is the time of its first play
  in the video, counted from the segments' own frame counts (the video is the
  segments end to end); a beat lasts until the next one starts, the last until
  the video ends;
- a beat without words is an error at the publish profile (a reader who cannot
  watch would get nothing for it), the render failing at the beat's
  ``scenes/x.py:LINE``; at other profiles the build warns (``missing_words``).
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import manim_adapter
from .manifest import beat_still_name
from .record import BeatRecord
from .stills import derive_still_forms

if TYPE_CHECKING:
    from manim import Scene

__all__ = ["BeatStills", "BeatWithoutWords", "beat_records", "check_words", "missing_words"]


class BeatWithoutWords(Exception):
    """A beat the scene gave no title or description, at a profile that needs them."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(message)
        self.where = where
        self.message = message


class BeatStills:
    """Keeps the still at the end of each beat of ``scene`` in ``folder``."""

    def __init__(self, folder: Path, scene_name: str, in_child: Callable[[], bool]) -> None:
        self.folder = folder
        self.scene_name = scene_name
        self.in_child = in_child
        self.kept: list[str] = []

    def attach(self, scene: Scene) -> None:
        """Listen to the scene's beats (``on_beat_end``)."""
        scene.on_beat_end = lambda mark: self._keep(scene, mark)  # type: ignore[attr-defined]

    def _keep(self, scene: Scene, mark: Any) -> None:
        # A child renders one play and ends; a beat of no play has no place in the video.
        if self.in_child() or mark.end_play == mark.first_play:
            return
        name = beat_still_name(self.scene_name, len(self.kept) + 1)
        manim_adapter.final_frame(scene).save(self.folder / name)
        derive_still_forms(self.folder / name)
        self.kept.append(name)


def beat_records(marks: Sequence[Any], segments: Sequence[Path], fps: int, duration: float,
                 stills: Sequence[str], root: Path) -> tuple[BeatRecord, ...]:
    """The beats of a video joined from ``segments`` (one per play, in order), placed in it."""
    starts = [0]
    for segment in segments:
        starts.append(starts[-1] + _frame_count(segment))
    placed = [mark for mark in marks if mark.end_play > mark.first_play]
    if len(placed) != len(stills):
        raise RuntimeError(f"{len(placed)} beats with plays, {len(stills)} stills kept")
    records = []
    for index, (mark, still) in enumerate(zip(placed, stills, strict=True)):
        start = starts[mark.first_play] / fps
        end = starts[placed[index + 1].first_play] / fps if index + 1 < len(placed) \
            else duration
        source = Path(mark.path).resolve()
        shown = source.relative_to(root.resolve()).as_posix() \
            if source.is_relative_to(root.resolve()) else source.as_posix()
        records.append(BeatRecord(mark.key, round(start, 6), round(end, 6), mark.title,
                                  mark.description, mark.caption, still, shown, mark.line))
    return tuple(records)


def missing_words(beats: Sequence[BeatRecord]) -> list[tuple[str, str]]:
    """``(scenes/x.py:LINE, "beat 'W1' has no description")`` for each beat lacking words."""
    found = []
    for beat in beats:
        lacking = [part for part, text in (("title", beat.title),
                                           ("description", beat.description)) if not text]
        if lacking:
            found.append((beat.where, f"beat '{beat.key}' has no {' or '.join(lacking)}"))
    return found


def check_words(beats: Sequence[BeatRecord], required: bool) -> None:
    """Raise BeatWithoutWords for the first beat without words when ``required``."""
    problems = missing_words(beats)
    if required and problems:
        where, message = problems[0]
        raise BeatWithoutWords(where, message)


def _frame_count(segment: Path) -> int:
    """Frames of one play's segment, from its index (nothing decoded)."""
    probe = subprocess.run(
        ["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
         "stream=nb_frames", "-of", "json", str(segment)],
        capture_output=True, text=True, check=True)
    return int(json.loads(probe.stdout)["streams"][0]["nb_frames"])
