"""The basis vectors î and ĵ, drawn as arrows from the plane's origin.

A linear map is known once we know where î and ĵ land: the scenes move these
arrows to the columns of ``W`` while the grid deforms.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import Arrow, MathTex, ParsableManimColor, VGroup

from scenes.data.geometry import plane_matrix
from scenes.drawing.palette import ScenePalette
from scenes.drawing.plane import PlaneView

__all__ = ["BasisVector", "basis_vectors", "I_HAT_TEX", "J_HAT_TEX"]

I_HAT_TEX = r"\hat{\imath}"
J_HAT_TEX = r"\hat{\jmath}"


class BasisVector(VGroup):
    """An arrow from the view's origin to ``coords``, with its TeX label near the tip.

    Parameters
    ----------
    view
        Where data coordinates land.
    coords
        Data coordinates of the tip.
    color
        Colour of arrow and label.
    tex
        The label, e.g. :data:`I_HAT_TEX`; empty for no label.

    Attributes
    ----------
    arrow : Arrow
    label : MathTex | None
    """

    def __init__(
        self,
        view: PlaneView,
        coords: Sequence[float],
        color: ParsableManimColor,
        tex: str = "",
    ) -> None:
        super().__init__()
        self.view = view
        self.coords = np.asarray(coords, dtype=float)
        self.color_ = color
        self.tex = tex
        start = view.c2p((0.0, 0.0))
        end = view.c2p(self.coords)
        if np.linalg.norm(end - start) < 1e-3:
            # A vector squashed to nothing keeps a point-sized arrow so it can grow back.
            end = start + np.array([1e-3, 0.0, 0.0])
        self.arrow = Arrow(
            start,
            end,
            buff=0,
            color=color,
            stroke_width=6,
            max_tip_length_to_length_ratio=0.3,
            max_stroke_width_to_length_ratio=8,
        )
        self.add(self.arrow)
        self.label = None
        if tex:
            self.label = MathTex(tex, color=color, font_size=40)
            direction = self.coords / (np.linalg.norm(self.coords) or 1.0)
            # Beside the tip, turned a quarter away from the other basis vector.
            side = (
                np.array([direction[1], -direction[0]])
                if direction[0] < 0.5
                else np.array([-direction[1], direction[0]])
            )
            offset = 0.3 * np.array([*(direction + side), 0.0])
            self.label.move_to(end + offset)
            self.add(self.label)

    def moved_to(self, coords: Sequence[float]) -> BasisVector:
        """Return the same vector pointing at ``coords``, as a ``Transform`` target."""
        return BasisVector(self.view, coords, self.color_, self.tex)


def basis_vectors(
    view: PlaneView,
    palette: ScenePalette,
    matrix: np.ndarray | None = None,
    labels: bool = True,
) -> VGroup:
    """Return î and ĵ, or where a 2-column ``matrix`` sends them.

    Parameters
    ----------
    view
        Where data coordinates land.
    palette
        The render's colours: î and ĵ wear ``i_hat`` and ``j_hat``.
    matrix
        ``None`` for the standard basis; otherwise its two columns are the tips.
        A one-row matrix sends both onto the horizontal axis.
    labels
        Add the î / ĵ labels.

    Returns
    -------
    VGroup
        ``VGroup(i_hat, j_hat)`` of :class:`BasisVector`.
    """
    tips = np.eye(2) if matrix is None else plane_matrix(matrix)
    i_hat = BasisVector(view, tips[:, 0], palette.i_hat, I_HAT_TEX if labels else "")
    j_hat = BasisVector(view, tips[:, 1], palette.j_hat, J_HAT_TEX if labels else "")
    return VGroup(i_hat, j_hat)
