"""Story beats: a scene's named steps, and the words for readers who cannot watch them.

A scene's ``construct()`` is a list of beats (``show_data``, ``apply_weights``,
``fold_with_relu`` ...), methods marked with :func:`beat`. While a beat runs, the
scene notes which of its plays belong to it (their indices in play order), the
caption it put on screen, and where ``construct()`` called it; its title and
description come from the scene's ``beat_texts``, written in Traditional
Chinese in the scene itself. Numbers in a description are written as the
article writes them, ``{{ hard_relu.accuracy:.0% }}``, and filled from
``networks.json`` when the page is built.

The render worker turns play indices into times in the finished video (from
the joined segments' real frame counts) and, told by ``on_beat_end``, saves
each beat's last frame: the chapters, descriptions, transcript and storyboard
of the video come from that record, at no other cost to the render.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, ParamSpec, TypeVar

__all__ = ["BeatMark", "BeatText", "beat"]

_P = ParamSpec("_P")
_R = TypeVar("_R")


@dataclass(frozen=True)
class BeatText:
    """What a beat says in words: a short title (a chapter's name) and one or two sentences
    on what changes in the picture."""

    title: str
    description: str


@dataclass(frozen=True)
class BeatMark:
    """One beat as it ran: its plays ``first_play <= i < end_play`` and its words.

    ``title`` and ``description`` are None when the scene's ``beat_texts`` has no
    entry for ``key``; ``caption`` is the last caption the beat put on screen.
    ``path`` and ``line`` are where ``construct()`` called it.
    """

    key: str
    first_play: int
    end_play: int
    title: str | None
    description: str | None
    caption: str | None
    path: str
    line: int


def beat(key: str | Callable[..., str] | None = None
         ) -> Callable[[Callable[_P, _R]], Callable[_P, _R]]:
    """Mark a scene method as a story beat, recorded each time it runs.

    Parameters
    ----------
    key
        The beat's name in the scene's ``beat_texts``: a string, or a function of the
        method's arguments (``lambda layer: f"W{layer + 1}"``); default: the method's
        name. A beat called from inside another beat is part of the outer one.
    """

    def decorate(method: Callable[_P, _R]) -> Callable[_P, _R]:
        @functools.wraps(method)
        def run(*args: _P.args, **kwargs: _P.kwargs) -> _R:
            scene: Any = args[0]
            log: list[BeatMark] = scene.__dict__.setdefault("beat_log", [])
            depth = scene.__dict__.get("_beat_depth", 0)
            if depth:
                return method(*args, **kwargs)
            name = (key(*args[1:], **kwargs) if callable(key) else key) or method.__name__
            caller = sys._getframe(1)  # where construct() called the beat: path:line
            first_play = _play_count(scene)
            caption_before = getattr(scene, "current_caption", None)
            scene._beat_depth = 1
            try:
                result = method(*args, **kwargs)
            finally:
                scene._beat_depth = 0
            caption = getattr(scene, "current_caption", None)
            text: BeatText | None = _texts(scene).get(name)
            mark = BeatMark(name, first_play, _play_count(scene),
                            text.title if text else None, text.description if text else None,
                            caption if caption != caption_before else None,
                            caller.f_code.co_filename, caller.f_lineno)
            log.append(mark)
            # The render worker listens here to keep the beat's last frame (its storyboard
            # still), drawn from the scene as it stands: no frame of the video is decoded.
            listener = getattr(scene, "on_beat_end", None)
            if listener is not None:
                listener(mark)
            return result

        return run

    return decorate


def _play_count(scene: Any) -> int:
    """Plays the scene has made so far, rendered or skipped (Manim counts both)."""
    return int(scene.renderer.num_plays)


def _texts(scene: Any) -> Mapping[str, BeatText]:
    return getattr(scene, "beat_texts", {})
