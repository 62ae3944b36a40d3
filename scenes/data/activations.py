"""The activation functions the article names, written once for every use.

ReLU is applied to whole arrays: to a number, to the points of the plane (each
coordinate on its own, which is what folds every quadrant onto the positive
one), and to a layer's outputs inside :func:`scenes.data.networks.forward`.
Sigmoid turns the last output into a probability while training and is drawn
beside ReLU and tanh in ``ShowNonLinearFunctions``.

Every function takes a number or an array and works element by element.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from scenes.data import reproducible

__all__ = ["relu", "relu_slope", "sigmoid", "tanh"]


def relu(values: ArrayLike) -> np.ndarray:
    """``max(v, 0)`` of every entry: negative numbers become 0, the others stay.

    On points of the plane, shape ``(n, 2)``, this is the fold of the plane into
    its positive quadrant.
    """
    return np.maximum(values, 0.0)


def relu_slope(values: ArrayLike) -> np.ndarray:
    """ReLU's derivative at every entry: 1 where the entry is positive, else 0.

    Used by back-propagation; at 0 itself the slope is taken as 0.
    """
    return np.asarray(values) > 0


def sigmoid(values: ArrayLike) -> np.ndarray:
    """``1 / (1 + e^(-v))`` of every entry: any number squashed into (0, 1).

    Its ``e^(-v)`` is :func:`scenes.data.reproducible.exp`, the same bits on every CPU:
    training calls this 3000 times a network, and numpy's own ``exp`` differs by CPU.
    """
    return 1.0 / (1.0 + reproducible.exp(-np.asarray(values, dtype=float)))


def tanh(values: ArrayLike) -> np.ndarray:
    """The hyperbolic tangent of every entry: any number squashed into (-1, 1)."""
    return np.tanh(values)
