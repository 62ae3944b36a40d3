"""A layer's steps as maps of the plane, and the box a picture of the data needs.

The scenes show ``W x`` and ``+ b`` as motions of the whole plane, not only of
the data points, so every step is also written here as a function of points
``(n, 2) -> (n, 2)``. A one-row ``W`` (a layer with one output) becomes the 2x2
matrix whose second row is 0: it lays the plane onto the horizontal axis, which
the scenes use as the output line; a one-entry bias slides along that axis.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from numpy.typing import ArrayLike

__all__ = [
    "PointMap",
    "as_plane_points",
    "fit_box",
    "linear_map",
    "plane_matrix",
    "plane_shift",
    "translation",
]

PointMap = Callable[[np.ndarray], np.ndarray]


def as_plane_points(values: ArrayLike) -> np.ndarray:
    """Put 1-D outputs ``(n, 1)`` on the horizontal axis; leave ``(n, 2)`` as is."""
    values = np.asarray(values, dtype=float)
    if values.shape[1] == 2:
        return values
    return np.column_stack([values[:, 0], np.zeros(len(values))])


def plane_matrix(matrix: ArrayLike) -> np.ndarray:
    """The 2x2 matrix of the plane map that ``matrix`` (2x2, or one row of 2) shows.

    A single row ``[w1 w2]`` gets a zero second row: the image of every point
    lies on the horizontal axis, at ``w1 x + w2 y``.
    """
    m = np.asarray(matrix, dtype=float)
    if m.ndim != 2 or m.shape[1] != 2 or m.shape[0] not in (1, 2):
        raise ValueError(f"a map of the plane needs a 1x2 or 2x2 matrix, got shape {m.shape}")
    return np.vstack([m, np.zeros((2 - m.shape[0], 2))]) if m.shape[0] < 2 else m


def plane_shift(bias: ArrayLike) -> np.ndarray:
    """The shift of the plane that ``bias`` (2 entries, or 1 along the horizontal axis) shows."""
    b = np.asarray(bias, dtype=float)
    if b.shape not in ((1,), (2,)):
        raise ValueError(f"a shift of the plane needs 1 or 2 entries, got shape {b.shape}")
    return b if b.shape[0] == 2 else np.array([b[0], 0.0])


def linear_map(matrix: ArrayLike) -> PointMap:
    """Points ``(n, 2)`` -> their images ``x W.T`` under :func:`plane_matrix` of ``matrix``."""
    square = plane_matrix(matrix)
    return lambda points: points @ square.T


def translation(bias: ArrayLike) -> PointMap:
    """Points ``(n, 2)`` -> the same points moved by :func:`plane_shift` of ``bias``."""
    shift = plane_shift(bias)
    return lambda points: points + shift


def fit_box(
    arrays: Sequence[ArrayLike],
    half_width: float,
    half_height: float,
    center_y: float,
    max_unit: float,
) -> tuple[float, np.ndarray]:
    """The largest scale at which every point of ``arrays`` fits a box, and where 0 then lands.

    The box is ``2 half_width`` by ``2 half_height`` frame units; the middle of
    the points lands at ``(0, center_y)``. Returns ``(unit, origin)``: frame
    units per data unit (at most ``max_unit``) and the frame position ``(x, y,
    0)`` of the data point ``(0, 0)``. Arrays of 1-D outputs count as points on
    the horizontal axis.
    """
    stacked = np.vstack([as_plane_points(a) for a in arrays])
    low, high = stacked.min(axis=0), stacked.max(axis=0)
    middle = (low + high) / 2
    # A flat cloud (all points on one line) still gets a finite scale.
    extent = np.maximum((high - low) / 2, 1e-6)
    unit = float(min(half_width / extent[0], half_height / extent[1], max_unit))
    origin = np.array([-middle[0] * unit, center_y - middle[1] * unit, 0.0])
    return unit, origin
