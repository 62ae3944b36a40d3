"""Colours shared by every scene.

The two class colours (yellow and blue) and the two basis-vector colours
(green and a pinkish red) were chosen to stay apart for readers with
red-green colour blindness: each pair also differs strongly in lightness, and
wrong predictions are marked by a cross shape, never by colour alone.
"""

from __future__ import annotations

from manim import ManimColor

__all__ = [
    "BACKGROUND",
    "BACKDROP",
    "LIGHT_BACKGROUND",
    "DARK_TEXT",
    "TEXT",
    "MUTED",
    "GRID",
    "GRID_FAINT",
    "AXIS",
    "CLASS_COLORS",
    "CLASS_0",
    "CLASS_1",
    "I_HAT",
    "J_HAT",
    "K_HAT",
    "BASIS_COLORS",
    "POSITIVE_WEIGHT",
    "NEGATIVE_WEIGHT",
    "NEUTRAL_WEIGHT",
    "BIAS",
    "ACTIVATION",
    "THRESHOLD",
    "HIGHLIGHT",
    "CORRECT",
    "WRONG",
    "class_color",
    "weight_color",
]

# Frame and text
BACKGROUND = ManimColor("#111318")
BACKDROP = ManimColor("#111318")  # behind overlays, same as the frame so it reads as "cut out"
LIGHT_BACKGROUND = ManimColor("#FFFFFF")
DARK_TEXT = ManimColor("#1B1E24")
TEXT = ManimColor("#ECEFF4")
MUTED = ManimColor("#8A93A3")

# Coordinate plane
GRID = ManimColor("#3F6E8C")
GRID_FAINT = ManimColor("#2A2F38")
AXIS = ManimColor("#D8DEE9")

# Data classes: class 0 yellow, class 1 blue (CONTRACTS.md)
CLASS_0 = ManimColor("#F5C518")
CLASS_1 = ManimColor("#3B8EEA")
CLASS_COLORS = (CLASS_0, CLASS_1)

# Basis vectors: i-hat green, j-hat red as in 3Blue1Brown, k-hat violet for 3-D inputs
I_HAT = ManimColor("#4CD69B")
J_HAT = ManimColor("#FF5A7A")
K_HAT = ManimColor("#B58CFF")
BASIS_COLORS = (I_HAT, J_HAT, K_HAT)

# Network weights: a blue/orange diverging pair survives every common colour blindness
POSITIVE_WEIGHT = ManimColor("#62C6FF")
NEGATIVE_WEIGHT = ManimColor("#FF8C42")
NEUTRAL_WEIGHT = ManimColor("#8A93A3")

# Steps of a layer
BIAS = ManimColor("#C792EA")
ACTIVATION = ManimColor("#FFD27F")
THRESHOLD = ManimColor("#FFFFFF")
HIGHLIGHT = ManimColor("#FFE066")

# Prediction marks
CORRECT = ManimColor("#4CD69B")
WRONG = ManimColor("#FF5A7A")


def class_color(label: int) -> ManimColor:
    """Return the colour of a data label.

    Parameters
    ----------
    label
        0 or 1.

    Returns
    -------
    ManimColor
        :data:`CLASS_0` or :data:`CLASS_1`.

    Raises
    ------
    ValueError
        If ``label`` is not 0 or 1.
    """
    if label not in (0, 1):
        raise ValueError(f"class label must be 0 or 1, got {label!r}")
    return CLASS_COLORS[int(label)]


def weight_color(weight: float | None) -> ManimColor:
    """Return the colour of an edge carrying ``weight``.

    Parameters
    ----------
    weight
        The weight; ``None`` means "unknown", drawn neutral grey.

    Returns
    -------
    ManimColor
        :data:`POSITIVE_WEIGHT` for ``weight >= 0``, :data:`NEGATIVE_WEIGHT` otherwise.
    """
    if weight is None:
        return NEUTRAL_WEIGHT
    return POSITIVE_WEIGHT if weight >= 0 else NEGATIVE_WEIGHT
