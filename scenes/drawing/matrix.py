"""Weight matrices whose columns wear the colours of the basis vectors they move.

Column ``j`` of ``W`` is where the ``j``-th basis vector lands, so it is drawn
in that basis vector's colour (î green, ĵ red, k̂ violet); the bias vector is
drawn in the bias colour. Entries stay addressable by row and column so that a
scene can point from an entry to the network edge it becomes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
from manim import Matrix, ParsableManimColor, VGroup, VMobject

from scenes.drawing.numbers import fmt_weight
from scenes.drawing.palette import ScenePalette

__all__ = ["WeightMatrix", "ColumnVector", "entry_strings", "symbolic_matrix"]


def entry_strings(values: Sequence[Sequence[float | str]] | np.ndarray) -> list[list[str]]:
    """Turn a matrix of numbers or TeX strings into TeX strings.

    Parameters
    ----------
    values
        Rows of numbers (formatted with :func:`~scenes.drawing.numbers.fmt_weight`)
        or of strings (kept, e.g. ``"w_{11}"``).

    Returns
    -------
    list[list[str]]
        One string per entry.

    Raises
    ------
    ValueError
        If the rows do not all have the same length.
    """
    rows = [[v if isinstance(v, str) else fmt_weight(float(v)) for v in row] for row in values]
    if len({len(row) for row in rows}) > 1:
        raise ValueError("every row of a matrix needs the same number of entries")
    return rows


def symbolic_matrix(rows: int, columns: int, letter: str = "w") -> list[list[str]]:
    """TeX entries ``w_{mn}`` (or ``w_n`` for a single row), 1-based as in textbooks."""
    if rows == 1:
        return [[f"{letter}_{{{n + 1}}}" for n in range(columns)]]
    return [[f"{letter}_{{{m + 1}{n + 1}}}" for n in range(columns)] for m in range(rows)]


class WeightMatrix(Matrix):
    """A matrix ``W`` with column ``j`` coloured like the ``j``-th basis vector.

    Parameters
    ----------
    values
        Shape ``(out, in)``: numbers or TeX strings.
    palette
        The render's colours: brackets in ``text``, columns in î, ĵ, k̂'s colours.
    column_colors
        Colour per column; defaults to î, ĵ, k̂ and then the text colour.
    **kwargs
        Passed to :class:`manim.Matrix` (``h_buff``, ``v_buff``, ...).

    Examples
    --------
    .. code-block:: python

        class Example(Scene):
            def construct(self):
                w = WeightMatrix([[1, 5]], self.palette)
                self.add(w)
                self.play(Indicate(w.entry(0, 1)))
    """

    def __init__(
        self,
        values: Sequence[Sequence[float | str]] | np.ndarray,
        palette: ScenePalette,
        column_colors: Sequence[ParsableManimColor] | None = None,
        **kwargs,
    ) -> None:
        strings = entry_strings(values)
        kwargs.setdefault("element_alignment_corner", np.array([0.0, 0.0, 0.0]))
        # Space columns by the visible length of the widest entry ("w_{11}" counts as 3).
        visible = max(len(re.sub(r"[_{}\\ ]|\\[a-z]+", "", s)) for row in strings for s in row)
        kwargs.setdefault("h_buff", 0.55 + 0.2 * visible)
        super().__init__(strings, **kwargs)
        self.shape = (len(strings), len(strings[0]))
        if column_colors is None:
            basis = palette.basis_colors
            column_colors = [basis[j] if j < len(basis) else palette.text
                             for j in range(self.shape[1])]
        self.set_column_colors(*column_colors)
        self.get_brackets().set_color(palette.text)

    def entry(self, row: int, column: int) -> VMobject:
        """Return the mobject of ``W[row, column]``.

        Raises
        ------
        IndexError
            If the entry does not exist.
        """
        if not (0 <= row < self.shape[0] and 0 <= column < self.shape[1]):
            raise IndexError(f"no entry ({row}, {column}) in a {self.shape} matrix")
        return self.get_mob_matrix()[row][column]

    def column(self, column: int) -> VGroup:
        """Return the entries of one column, top to bottom."""
        return VGroup(*(self.entry(row, column) for row in range(self.shape[0])))

    def row(self, row: int) -> VGroup:
        """Return the entries of one row, left to right."""
        return VGroup(*(self.entry(row, column) for column in range(self.shape[1])))


class ColumnVector(Matrix):
    """A column vector such as ``x`` or ``b``, all entries in one colour.

    Parameters
    ----------
    values
        The entries: numbers or TeX strings.
    palette
        The render's colours: brackets in ``text``.
    color
        Colour of the entries; the palette's bias colour by default.
    **kwargs
        Passed to :class:`manim.Matrix`.
    """

    def __init__(
        self,
        values: Sequence[float | str] | np.ndarray,
        palette: ScenePalette,
        color: ParsableManimColor | None = None,
        **kwargs,
    ) -> None:
        strings = entry_strings([[v] for v in values])
        kwargs.setdefault("element_alignment_corner", np.array([0.0, 0.0, 0.0]))
        super().__init__(strings, **kwargs)
        self.get_entries().set_color(palette.bias if color is None else color)
        self.get_brackets().set_color(palette.text)

    def entry(self, index: int) -> VMobject:
        """Return the mobject of entry ``index``."""
        return self.get_entries()[index]

