"""One render's palette as Manim colours: what a scene reads as ``self.palette``.

The colours themselves are data in :mod:`scenes.drawing.themes` (no Manim
import); :func:`scene_palette` gives a theme's as :class:`ManimColor` values,
named by role (``palette.text``, ``palette.class_0``), so scene code names a
colour's role and never a theme. Drawing helpers take the palette (or the
colour) they draw with as a parameter: nothing here depends on which theme a
process rendered before.
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass

from manim import ManimColor

from scenes.drawing.themes import PALETTES, Palette, check_theme

__all__ = ["ScenePalette", "scene_palette"]


@dataclass(frozen=True)
class ScenePalette:
    """Every colour of one theme as a :class:`ManimColor`, named by role (see ``Palette``)."""

    theme: str
    background: ManimColor
    backdrop: ManimColor
    text: ManimColor
    muted: ManimColor
    grid: ManimColor
    grid_faint: ManimColor
    axis: ManimColor
    class_0: ManimColor
    class_1: ManimColor
    i_hat: ManimColor
    j_hat: ManimColor
    k_hat: ManimColor
    positive_weight: ManimColor
    negative_weight: ManimColor
    neutral_weight: ManimColor
    bias: ManimColor
    activation: ManimColor
    threshold: ManimColor
    highlight: ManimColor
    correct: ManimColor
    wrong: ManimColor

    @property
    def class_colors(self) -> tuple[ManimColor, ManimColor]:
        """Class 0's colour, then class 1's."""
        return (self.class_0, self.class_1)

    @property
    def basis_colors(self) -> tuple[ManimColor, ManimColor, ManimColor]:
        """î's, ĵ's and k̂'s colours: column ``j`` of a matrix wears the ``j``-th."""
        return (self.i_hat, self.j_hat, self.k_hat)

    def class_color(self, label: int) -> ManimColor:
        """Return the colour of a data label.

        Parameters
        ----------
        label
            0 or 1.

        Raises
        ------
        ValueError
            If ``label`` is not 0 or 1.
        """
        if label not in (0, 1):
            raise ValueError(f"class label must be 0 or 1, got {label!r}")
        return self.class_colors[int(label)]

    def weight_color(self, weight: float | None) -> ManimColor:
        """Return the colour of an edge carrying ``weight``.

        Parameters
        ----------
        weight
            The weight; ``None`` means "unknown", drawn in the neutral grey.

        Returns
        -------
        ManimColor
            ``positive_weight`` for ``weight >= 0``, ``negative_weight`` otherwise.
        """
        if weight is None:
            return self.neutral_weight
        return self.positive_weight if weight >= 0 else self.negative_weight


@functools.cache
def scene_palette(theme: str) -> ScenePalette:
    """The palette of ``theme`` as Manim colours; ValueError names the known themes."""
    colors: Palette = PALETTES[check_theme(theme)]
    return ScenePalette(theme=theme, **{role: ManimColor(value)
                                        for role, value in dataclasses.asdict(colors).items()})
