"""Moves of the plane that keep point arrays instead of copies of mobjects.

Manim's ``Transform`` and ``ApplyPointwiseFunction`` deep-copy the moving
mobject before the first frame (its start and its target), and deep copies of
Manim objects are slow: for the 200 data dots and a grid whose lines are cut
into thirty pieces each. Without them (and with the dots as one
:class:`~scenes.drawing.dots.DotCloud`), the flagship's ``construct()`` with
every play skipped went from 5.6 s to 4.1 s (``bench/construct_time.py``),
and each drawn frame interpolates arrays, not mobjects. The moves of the plane
change nothing but points, so :class:`MovePoints` keeps each moving part's
start and end points as arrays and interpolates those. Manim has no such
animation, so it is written here by hand.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from manim import Animation, Mobject

from scenes.drawing.dots import DotCloud

__all__ = ["MovePoints", "move_centers", "warp"]

FramePointsMap = Callable[[np.ndarray], np.ndarray]


class MovePoints(Animation):
    """Move every point of ``mobject`` in a straight line to where ``ends`` puts it.

    Parameters
    ----------
    mobject
        What moves; its colours, widths and structure stay as they are.
    ends
        Called once the play starts, with the parts of ``mobject`` that have
        points; returns each part's end points, shaped like its points.
    """

    def __init__(
        self,
        mobject: Mobject,
        ends: Callable[[list[Mobject]], list[np.ndarray]],
        **kwargs,
    ) -> None:
        super().__init__(mobject, **kwargs)
        self._ends = ends
        self._parts: list[Mobject] = []
        self._start: list[np.ndarray] = []
        self._change: list[np.ndarray] = []

    def begin(self) -> None:
        self._parts = self.mobject.family_members_with_points()
        self._start = [part.points.copy() for part in self._parts]
        ends = self._ends(self._parts)
        self._change = [end - start for start, end in zip(self._start, ends, strict=True)]
        super().begin()

    def create_starting_mobject(self) -> Mobject:
        # The start lives in the point arrays; no copy of the mobject is needed.
        return self.mobject

    def get_all_mobjects(self) -> Sequence[Mobject]:
        return (self.mobject,)

    def interpolate_mobject(self, alpha: float) -> None:
        # Manim applies the rate function (ease in and out by default) per
        # sub-mobject, not before this call; do the same for the whole move.
        eased = self.get_sub_alpha(alpha, 0, 1)
        for part, start, change in zip(self._parts, self._start, self._change, strict=True):
            part.points = start + eased * change


def warp(mobject: Mobject, frame_map: FramePointsMap, **kwargs) -> MovePoints:
    """Send every point of ``mobject`` through ``frame_map``, an ``(n, 3) -> (n, 3)`` map.

    The grid bends where the map bends it (cut its lines into pieces first with
    ``prepare_for_nonlinear_transform`` when the map is not linear).
    """
    return MovePoints(mobject, lambda parts: [frame_map(part.points) for part in parts], **kwargs)


def move_centers(group: Mobject, centers: np.ndarray, **kwargs) -> MovePoints:
    """Slide member ``i`` of ``group`` so its centre lands on ``centers[i]``, keeping its shape.

    Data dots move this way while the grid under them is squashed: a dot stays
    a round dot wherever it goes.
    """
    centers = np.asarray(centers, dtype=float)
    if isinstance(group, DotCloud):
        ends = group.layer_points_at(centers)  # checks the count now, not at play time
        return MovePoints(group, lambda parts: ends, **kwargs)
    members = list(group.submobjects)
    if len(members) != len(centers):
        raise ValueError(f"{len(members)} members but {len(centers)} target centres")

    def ends(parts: list[Mobject]) -> list[np.ndarray]:
        # Each member's shift is measured when the play starts, as Manim's move_to would.
        shift = {}
        for member, center in zip(members, centers, strict=True):
            delta = center - member.get_center()
            for part in member.family_members_with_points():
                shift[id(part)] = delta
        return [part.points + shift[id(part)] for part in parts]

    return MovePoints(group, ends, **kwargs)
