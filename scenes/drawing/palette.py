"""Colours shared by every scene, one palette per theme.

A render is made in one theme (``themes.active_theme()``, chosen by the render
worker for each job); the module-level colours below are that theme's, so
scene code names colours (``TEXT``, ``CLASS_0``) and never the theme. Both
palettes pass the contrast test (tests/scenes: text 4.5:1, graphics 3:1).

The two class colours (yellow and blue) and the two basis-vector colours
(green and a pinkish red) were chosen to stay apart for readers with
red-green colour blindness: each pair also differs strongly in lightness, and
wrong predictions are marked by a cross shape, never by colour alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from manim import ManimColor

from scenes.drawing.themes import THEMES, active_theme

__all__ = [
    "BACKGROUND",
    "BACKDROP",
    "ACTIVE",
    "PALETTES",
    "Palette",
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

@dataclass(frozen=True)
class Palette:
    """Every colour a scene uses, for one background."""

    # Frame and text
    background: str
    backdrop: str  # behind overlays, same as the frame so it reads as "cut out"
    text: str
    muted: str
    # Coordinate plane
    grid: str
    grid_faint: str  # the faint plane behind the moving one: texture, not information
    axis: str
    # Data classes: class 0 yellow, class 1 blue (CONTRACTS.md)
    class_0: str
    class_1: str
    # Basis vectors: i-hat green, j-hat red as in 3Blue1Brown, k-hat violet for 3-D inputs
    i_hat: str
    j_hat: str
    k_hat: str
    # Network weights: a blue/orange diverging pair survives every common colour blindness
    positive_weight: str
    negative_weight: str
    neutral_weight: str
    # Steps of a layer
    bias: str
    activation: str
    threshold: str
    highlight: str
    # Prediction marks
    correct: str
    wrong: str


#: What each colour is drawn as, for the contrast each needs against the background
#: (WCAG 2: text 4.5:1; lines, dots and other graphics 3:1; texture none).
TEXT_ROLES = ("text", "muted", "threshold")
GRAPHIC_ROLES = ("grid", "axis", "class_0", "class_1", "i_hat", "j_hat", "k_hat",
                 "positive_weight", "negative_weight", "neutral_weight", "bias", "activation",
                 "highlight", "correct", "wrong")
TEXTURE_ROLES = ("grid_faint",)

PALETTES: dict[str, Palette] = {
    "dark": Palette(
        background="#111318", backdrop="#111318", text="#ECEFF4", muted="#8A93A3",
        grid="#3F6E8C", grid_faint="#2A2F38", axis="#D8DEE9",
        class_0="#F5C518", class_1="#3B8EEA",
        i_hat="#4CD69B", j_hat="#FF5A7A", k_hat="#B58CFF",
        positive_weight="#62C6FF", negative_weight="#FF8C42", neutral_weight="#8A93A3",
        bias="#C792EA", activation="#FFD27F", threshold="#FFFFFF", highlight="#FFE066",
        correct="#4CD69B", wrong="#FF5A7A",
    ),
    # Chosen for the site's light page (its background, so videos sit seamlessly),
    # not inverted from the dark one: the yellow class becomes a deep amber and the
    # blue a navy, the green i-hat darker than the pink j-hat, so that each pair
    # still differs in lightness as well as hue.
    "light": Palette(
        background="#FBFAF8", backdrop="#FBFAF8", text="#1D1F21", muted="#5B6470",
        grid="#6F8FA8", grid_faint="#E4E1DB", axis="#3A3F45",
        class_0="#B27A00", class_1="#1D4F9E",
        i_hat="#0B6B3F", j_hat="#E0436A", k_hat="#7B4FD6",
        positive_weight="#1A73C7", negative_weight="#C2500A", neutral_weight="#6B7380",
        bias="#8E44AD", activation="#9C5B00", threshold="#1D1F21", highlight="#B45309",
        correct="#0B6B3F", wrong="#E0436A",
    ),
}
assert set(PALETTES) == set(THEMES), "a palette for every theme"

#: The palette of the theme this process renders in (see ``themes``).
ACTIVE = PALETTES[active_theme()]

BACKGROUND = ManimColor(ACTIVE.background)
BACKDROP = ManimColor(ACTIVE.backdrop)
TEXT = ManimColor(ACTIVE.text)
MUTED = ManimColor(ACTIVE.muted)

GRID = ManimColor(ACTIVE.grid)
GRID_FAINT = ManimColor(ACTIVE.grid_faint)
AXIS = ManimColor(ACTIVE.axis)

CLASS_0 = ManimColor(ACTIVE.class_0)
CLASS_1 = ManimColor(ACTIVE.class_1)
CLASS_COLORS = (CLASS_0, CLASS_1)

I_HAT = ManimColor(ACTIVE.i_hat)
J_HAT = ManimColor(ACTIVE.j_hat)
K_HAT = ManimColor(ACTIVE.k_hat)
BASIS_COLORS = (I_HAT, J_HAT, K_HAT)

POSITIVE_WEIGHT = ManimColor(ACTIVE.positive_weight)
NEGATIVE_WEIGHT = ManimColor(ACTIVE.negative_weight)
NEUTRAL_WEIGHT = ManimColor(ACTIVE.neutral_weight)

BIAS = ManimColor(ACTIVE.bias)
ACTIVATION = ManimColor(ACTIVE.activation)
THRESHOLD = ManimColor(ACTIVE.threshold)
HIGHLIGHT = ManimColor(ACTIVE.highlight)

CORRECT = ManimColor(ACTIVE.correct)
WRONG = ManimColor(ACTIVE.wrong)


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
