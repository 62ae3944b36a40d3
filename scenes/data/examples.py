"""Illustrative numbers that no network learned: random matrices and points in every quadrant.

Each comes from a fixed seed, so a scene shows the same numbers on every render.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["QUADRANT_SIGNS", "quadrant_points", "random_weight_matrices"]

# Signs of (x, y) in the four quadrants, counter-clockwise from the positive one.
QUADRANT_SIGNS = ((1, 1), (-1, 1), (-1, -1), (1, -1))


def random_weight_matrices(
    shapes: Sequence[tuple[int, int]], seed: int, low: float = -2.0, high: float = 2.0
) -> list[np.ndarray]:
    """One matrix per ``(rows, columns)`` of ``shapes``, uniform in ``[low, high)``.

    Entries are rounded to one decimal so that they stay short on screen; the
    matrices are drawn one after another from a single generator, so the first
    matrix does not depend on the shapes after it.
    """
    rng = np.random.default_rng(seed)
    return [np.round(rng.uniform(low, high, size=(rows, columns)), 1) for rows, columns in shapes]


def quadrant_points(
    per_quadrant: int = 18, seed: int = 7, low: float = 0.4, high: float = 2.8
) -> tuple[np.ndarray, np.ndarray]:
    """Random points in each quadrant and the index of the quadrant each lies in.

    Returns ``(points, quadrant)``: shape ``(4 per_quadrant, 2)`` and ``(4 per_quadrant,)``,
    quadrants in the order of :data:`QUADRANT_SIGNS`. Both coordinates are at
    least ``low`` away from the axes, so no point sits on a fold line of ReLU.
    """
    rng = np.random.default_rng(seed)
    points = [rng.uniform(low, high, size=(per_quadrant, 2)) * np.array(signs)
              for signs in QUADRANT_SIGNS]
    quadrant = np.repeat(np.arange(len(QUADRANT_SIGNS)), per_quadrant)
    return np.vstack(points), quadrant
