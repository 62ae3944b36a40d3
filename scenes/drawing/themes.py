"""The themes a scene renders in and each theme's palette, as plain data (no Manim import).

Every scene renders once per theme from the same code. The theme is a parameter
of the render: the render worker creates the scene with ``theme=...`` and the
scene's base class (:class:`scenes.bases.themed.ThemedScene`) gives it
``self.palette``, the colours of that theme. Nothing is chosen when a module is
imported, so one process renders both themes one after another. An author
running Manim by hand picks the theme with ``SCENE_THEME=light manim -ql
scenes/x.py S``; the base class reads that variable only when a scene is
created without a theme.

The palettes are data here so that everything that must match the videos reads
them by import without loading Manim: the explorable figures (their data file
carries both palettes), the contrast test, the render driver.

The two class colours (yellow and blue) and the two basis-vector colours (green
and a pinkish red) were chosen to stay apart for readers with red-green colour
blindness: each pair also differs strongly in lightness, and wrong predictions
are marked by a cross shape, never by colour alone.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass

__all__ = [
    "DEFAULT_THEME", "GRAPHIC_ROLES", "PALETTES", "Palette", "TEXTURE_ROLES", "TEXT_ROLES",
    "THEMES", "THEME_VARIABLE", "check_theme", "parse_themes", "theme_from_environment",
]

#: In the order pages list them; the first is what a page without a choice shows.
THEMES = ("dark", "light")
DEFAULT_THEME = THEMES[0]
#: Read only by a scene created without a theme (Manim run by hand).
THEME_VARIABLE = "SCENE_THEME"


@dataclass(frozen=True)
class Palette:
    """Every colour a scene uses, for one background, as ``#rrggbb``."""

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

    def roles(self) -> dict[str, str]:
        """Role name -> colour, in declaration order."""
        return dataclasses.asdict(self)


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
assert tuple(PALETTES) == THEMES, "a palette for every theme, in the themes' order"


def check_theme(theme: str) -> str:
    """``theme`` itself when it names a theme; ValueError naming the known ones."""
    if theme not in THEMES:
        raise ValueError(f"unknown theme {theme!r} (known: {', '.join(THEMES)})")
    return theme


def theme_from_environment() -> str:
    """The theme ``SCENE_THEME`` names (default: the first), for Manim run by hand."""
    theme = os.environ.get(THEME_VARIABLE) or DEFAULT_THEME
    if theme not in THEMES:
        raise ValueError(f"{THEME_VARIABLE}={theme!r} names no theme (known: "
                         f"{', '.join(THEMES)})")
    return theme


def parse_themes(text: str) -> tuple[str, ...]:
    """``"dark,light"`` as ``("dark", "light")``; empty means every theme.

    ValueError names an unknown theme, or a list without the default theme
    (the one a page falls back to).
    """
    themes = tuple(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))
    unknown = [theme for theme in themes if theme not in THEMES]
    if unknown:
        raise ValueError(f"unknown theme '{unknown[0]}' (known: {', '.join(THEMES)})")
    if themes and DEFAULT_THEME not in themes:
        raise ValueError(f"the themes must include {DEFAULT_THEME}, the one pages fall back to")
    return themes or THEMES
