"""Many same-sized dots drawn as one shape per colour.

A scene with 200 data dots as 200 ``Dot`` mobjects spends most of each frame
in Manim's per-mobject work (building each path, setting fill and stroke):
about 15 of the flagship's 19 ms per draft frame. Dots of one colour never
differ in anything but position, so :class:`DotCloud` draws them as one
``VMobject`` per colour whose sub-paths are the dots, and keeps the data set's
order so that dot ``i`` is still data point ``i``. Cairo fills the sub-paths
with the non-zero rule, so overlapping dots look exactly as stacked ``Dot``s
of one colour do. Manim's Cairo renderer has no such batched mobject (its
``PMobject`` draws square pixels, not round dots), so this is written here.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import Circle, ManimColor, VGroup, VMobject

__all__ = ["DotCloud"]


class DotCloud(VGroup):
    """Dots of radius ``radius`` at ``centers``, dot ``i`` coloured ``colors[groups[i]]``.

    Parameters
    ----------
    centers
        Frame points, shape ``(n, 3)``.
    groups
        Shape ``(n,)``: which colour each dot takes (e.g. its class label).
    colors
        One colour per group.
    radius
        Dot radius in frame units.
    """

    def __init__(
        self,
        centers: np.ndarray,
        groups: Sequence[int] | np.ndarray,
        colors: Sequence[ManimColor],
        radius: float = 0.055,
    ) -> None:
        centers = np.asarray(centers, dtype=float).reshape(-1, 3)
        groups = np.asarray(groups, dtype=int)
        if len(centers) != len(groups):
            raise ValueError(f"{len(centers)} dots but {len(groups)} groups")
        super().__init__()
        # One round outline at the origin, copied to every centre.
        self.outline = Circle(radius=radius).points.copy()
        self.groups = groups
        # Which layer holds dot i, and where in that layer
        self._layers: list[np.ndarray] = []
        for group, color in enumerate(colors):
            members = np.flatnonzero(groups == group)
            if len(members) == 0:
                continue
            layer = VMobject(fill_color=color, fill_opacity=1.0, stroke_width=0)
            layer.points = self._outlines_at(centers[members])
            self.add(layer)
            self._layers.append(members)

    @property
    def centers(self) -> np.ndarray:
        """Where each dot is now, in data-set order, shape ``(n, 3)``."""
        centers = np.zeros((len(self.groups), 3))
        per_dot = len(self.outline)
        for layer, members in zip(self.submobjects, self._layers, strict=True):
            centers[members] = layer.points.reshape(len(members), per_dot, 3).mean(axis=1)
        return centers

    def layer_points_at(self, centers: np.ndarray) -> list[np.ndarray]:
        """The points of each colour's shape with the dots at ``centers`` (data-set order)."""
        centers = np.asarray(centers, dtype=float).reshape(-1, 3)
        if len(centers) != len(self.groups):
            raise ValueError(f"{len(self.groups)} dots but {len(centers)} target centres")
        return [self._outlines_at(centers[members]) for members in self._layers]

    def move_to_centers(self, centers: np.ndarray) -> DotCloud:
        """Put dot ``i`` at ``centers[i]`` (no animation)."""
        for layer, points in zip(self.submobjects, self.layer_points_at(centers), strict=True):
            layer.points = points
        return self

    def _outlines_at(self, centers: np.ndarray) -> np.ndarray:
        return (self.outline[None, :, :] + centers[:, None, :]).reshape(-1, 3)
