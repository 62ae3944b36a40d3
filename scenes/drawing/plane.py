"""The coordinate plane and the data drawn on it.

A :class:`PlaneView` fixes where data coordinates land in the frame. Scenes
move the grid through :meth:`PlaneView.frame_map` and the data dots to
:meth:`PlaneView.c2p` of their new coordinates, both through the same view, so
a dot stays on the grid square it started in however the plane is deformed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
from manim import (
    LEFT,
    ORIGIN,
    RIGHT,
    Cross,
    Dot,
    NumberPlane,
    ParsableManimColor,
    Square,
    VGroup,
)

from scenes.data.geometry import fit_box
from scenes.drawing.dots import DotCloud
from scenes.drawing.palette import ScenePalette
from scenes.drawing.text import zh

__all__ = [
    "PlaneView",
    "fit_view",
    "make_plane",
    "dataset_dots",
    "class_legend",
    "wrong_marks",
]

PointMap = Callable[[np.ndarray], np.ndarray]


@dataclass(frozen=True)
class PlaneView:
    """Where the data plane sits in the frame.

    Parameters
    ----------
    origin
        Frame position of the data point ``(0, 0)``.
    unit
        Frame length of one data unit.
    """

    origin: np.ndarray = field(default_factory=lambda: ORIGIN.copy())
    unit: float = 1.0

    def c2p(self, points: np.ndarray | Sequence[float]) -> np.ndarray:
        """Map data coordinates, shape ``(2,)`` or ``(n, 2)``, to frame points."""
        xy = np.asarray(points, dtype=float)
        flat = xy.reshape(-1, 2)
        frame = np.zeros((len(flat), 3))
        frame[:, :2] = flat * self.unit
        frame += self.origin
        return frame[0] if xy.ndim == 1 else frame

    def p2c(self, points: np.ndarray) -> np.ndarray:
        """Map frame points, shape ``(3,)`` or ``(n, 3)``, back to data coordinates."""
        return (np.asarray(points, dtype=float)[..., :2] - self.origin[:2]) / self.unit

    def frame_map(self, function: PointMap) -> Callable[[np.ndarray], np.ndarray]:
        """Wrap a map of data coordinates as a map of frame points.

        Parameters
        ----------
        function
            Takes and returns data coordinates, an ``(n, 2)`` array.

        Returns
        -------
        Callable
            The same map on frame points, an ``(n, 3)`` array (for
            :func:`scenes.drawing.motion.warp`).
        """

        def frame_function(points: np.ndarray) -> np.ndarray:
            return self.c2p(function(self.p2c(points)))

        return frame_function


def fit_view(
    arrays: Sequence[np.ndarray],
    half_width: float = 6.4,
    half_height: float = 2.3,
    center_y: float = -0.5,
    max_unit: float = 1.6,
) -> PlaneView:
    """The largest view in which every array of data coordinates fits the free area.

    The middle of the data lands at ``(0, center_y)``, below the overlays at the
    top of the frame; see :func:`scenes.data.geometry.fit_box`.
    """
    unit, origin = fit_box(arrays, half_width, half_height, center_y, max_unit)
    return PlaneView(origin=origin, unit=unit)


def make_plane(
    view: PlaneView,
    palette: ScenePalette,
    x_range: tuple[float, float] = (-8.0, 8.0),
    y_range: tuple[float, float] = (-5.0, 5.0),
    step: float = 1.0,
    faint: bool = False,
) -> NumberPlane:
    """Build the grid every scene uses, placed by ``view``.

    Parameters
    ----------
    view
        Where data coordinates land.
    palette
        The render's colours (``grid``, ``axis``; ``grid_faint`` for the faint copy).
    x_range, y_range
        Extent of the grid in data units; make it larger than the frame when the
        grid will be deformed, so no edge comes into sight.
    step
        Data units between grid lines.
    faint
        Draw the static background copy that shows where the grid started.

    Returns
    -------
    NumberPlane
        A plane whose data origin lies on ``view.origin``.
    """
    line_color = palette.grid_faint if faint else palette.grid
    plane = NumberPlane(
        x_range=(x_range[0], x_range[1], step),
        y_range=(y_range[0], y_range[1], step),
        x_length=(x_range[1] - x_range[0]) * view.unit,
        y_length=(y_range[1] - y_range[0]) * view.unit,
        background_line_style={
            "stroke_color": line_color,
            "stroke_width": 1.5 if faint else 2,
            "stroke_opacity": 1 if faint else 0.8,
        },
        axis_config={
            "stroke_color": palette.grid_faint if faint else palette.axis,
            "stroke_width": 2,
            "include_ticks": False,
        },
        faded_line_ratio=0 if faint else 1,
    )
    plane.shift(view.origin - plane.c2p(0, 0))
    return plane


def dataset_dots(
    view: PlaneView,
    points: np.ndarray,
    labels: np.ndarray,
    palette: ScenePalette,
    radius: float = 0.055,
) -> DotCloud:
    """Draw a data set as dots coloured by class.

    Parameters
    ----------
    view
        Where data coordinates land.
    points
        Shape ``(n, 2)``.
    labels
        Shape ``(n,)``, values 0 or 1.
    palette
        The render's colours: each dot wears its class's.
    radius
        Dot radius in frame units.

    Returns
    -------
    DotCloud
        Dot ``i`` is point ``i`` of the data set.

    Raises
    ------
    ValueError
        If ``points`` and ``labels`` differ in length.
    """
    if len(points) != len(labels):
        raise ValueError(f"{len(points)} points but {len(labels)} labels")
    frame = view.c2p(np.asarray(points, dtype=float))
    return DotCloud(frame, labels, list(palette.class_colors), radius=radius)


def class_legend(
    palette: ScenePalette, names: Sequence[str] = ("類別 0", "類別 1"), font_size: float = 28
) -> VGroup:
    """A legend: one coloured dot and one label per class, stacked.

    Parameters
    ----------
    palette
        The render's colours: the classes' and the text's.
    names
        Label of class 0, then of class 1.
    font_size
        Font size of the labels.

    Returns
    -------
    VGroup
        One ``VGroup(dot, label)`` per class.
    """
    rows = []
    for label, name in enumerate(names):
        dot = Dot(radius=0.1, color=palette.class_color(label))
        text = zh(name, font_size, palette.text)
        rows.append(VGroup(dot, text).arrange(RIGHT, buff=0.2))
    return VGroup(*rows).arrange(np.array([0.0, -1.0, 0.0]), buff=0.25, aligned_edge=LEFT)


def wrong_marks(
    dots: DotCloud, wrong: np.ndarray, color: ParsableManimColor, size: float = 0.12
) -> VGroup:
    """Crosses over the dots whose prediction is wrong.

    A cross, not a colour, marks the mistake, so it reads without colour vision.

    Parameters
    ----------
    dots
        The data dots, in data-set order.
    wrong
        Boolean mask, ``True`` where the prediction is wrong.
    color
        The crosses' colour: the palette's ``wrong``.
    size
        Half the width of a cross.

    Returns
    -------
    VGroup
        One ``Cross`` per wrong point (empty when every point is right).
    """
    wrong = np.asarray(wrong, dtype=bool)
    return VGroup(
        *(
            Cross(
                Square(side_length=2 * size).move_to(center),
                stroke_color=color,
                stroke_width=3,
                scale_factor=1.0,
            )
            for center in dots.centers[wrong]
        )
    )
