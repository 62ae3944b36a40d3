"""A matrix and the network layer it is, side by side, entry by entry.

Entry ``W[m, n]`` of a weight matrix is the edge from input neuron ``n`` to
output neuron ``m``: :class:`MatrixNetworkScene` writes ``W x`` on the left,
draws the layer on the right, and turns every entry into its edge, one output
row at a time, so the reader sees row ``m`` become the edges into neuron ``m``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    AnimationGroup,
    FadeIn,
    GrowFromCenter,
    Indicate,
    MathTex,
    TransformFromCopy,
    VGroup,
    Write,
)

from scenes.bases.beats import beat
from scenes.bases.themed import ThemedScene
from scenes.drawing.matrix import ColumnVector, WeightMatrix
from scenes.drawing.network_diagram import NetworkDiagram, neuron_labels
from scenes.drawing.text import zh

__all__ = ["MatrixNetworkScene"]


class MatrixNetworkScene(ThemedScene):
    """Write ``W x = y``, draw the layer, and turn each entry of ``W`` into its edge.

    Parameters are class attributes so that variants are one-line subclasses;
    a variant with a different ending lists the beats in its own ``construct()``.
    """

    #: Entries of ``W`` (TeX strings or numbers), shape (out, in).
    entries: Sequence[Sequence[str | float]] = ()
    #: Entries of ``x`` (TeX strings or numbers).
    inputs: Sequence[str | float] = ()
    #: TeX of each output row, e.g. ``"w_{11}x_1 + w_{12}x_2"``; empty: written from the entries.
    outputs: Sequence[str] = ()
    #: Weights that size and colour the edges; ``None``: edges wear their column's colour.
    edge_weights: np.ndarray | None = None
    #: Chinese title at the top; empty for none.
    title: str = ""
    #: Write the input values inside the neurons instead of beside them.
    values_inside: bool = False

    def construct(self) -> None:
        # Lay out the equation and the layer (nothing is shown yet)
        self.build()
        # The title
        self.show_title()
        # The product W x
        self.write_product()
        # The layer's neurons, inputs labelled with x
        self.show_neurons()
        for row in range(len(self.entries)):
            # Row m of W becomes the edges into neuron m, whose weighted sum is output m
            self.row_into_neuron(row)
        # Hold the final picture
        self.wait(2.5)

    def build(self) -> None:
        """Create the equation and the diagram (nothing is shown yet)."""
        rows, columns = len(self.entries), len(self.entries[0])
        palette = self.palette
        self.matrix = WeightMatrix(self.entries, palette)
        self.vector = ColumnVector(self.inputs, palette, color=palette.text)
        self.equals = MathTex("=", font_size=48, color=palette.text)
        outputs = self.outputs or [
            " + ".join(f"{w}{x}" for w, x in zip(row, self.inputs, strict=True))
            for row in self.matrix_strings()
        ]
        self.result = ColumnVector(outputs, palette, color=palette.text, h_buff=1.0)
        # W x on the first line, "= result" under it, so the long sums get the width
        product = VGroup(self.matrix, self.vector).arrange(RIGHT, buff=0.2)
        answer = VGroup(self.equals, self.result).arrange(RIGHT, buff=0.25)
        self.equation = VGroup(product, answer).arrange(DOWN, buff=0.5, aligned_edge=LEFT)
        answer.shift((product.get_center()[0] - answer.get_center()[0]) * RIGHT)
        self.diagram = NetworkDiagram(
            (columns, rows),
            palette,
            None if self.edge_weights is None else [np.asarray(self.edge_weights, float)],
            neuron_radius=0.32,
            layer_buff=2.6,
            neuron_buff=0.6,
        )
        if self.edge_weights is None:
            for n in range(columns):
                basis = palette.basis_colors
                color = basis[n] if n < len(basis) else palette.text
                for m in range(rows):
                    self.diagram.edge(0, n, m).set_stroke(color, width=4)
        # Small layers are drawn large: each half of the frame is filled, not left empty
        #: How much the equation was scaled: text added later matches it.
        self.equation_scale = min(6.6 / self.equation.width, 3.4 / self.equation.height, 1.5)
        self.equation.scale(self.equation_scale)
        self.diagram.scale(min(4.6 / self.diagram.width, 4.2 / self.diagram.height, 1.5))
        self.equation.to_edge(LEFT, buff=0.6).shift(0.3 * DOWN)
        self.diagram.to_edge(RIGHT, buff=1.2).shift(0.3 * DOWN)
        side = None if self.values_inside else LEFT
        self.input_labels = neuron_labels(
            self.diagram, 0, [str(v) for v in self.vector_strings()], side
        )
        self.output_labels = neuron_labels(
            self.diagram, 1, [f"y_{{{m + 1}}}" for m in range(rows)] if rows > 1 else ["y"], RIGHT
        )
        self.edge_mobjects = self.diagram.edges[0]

    def matrix_strings(self) -> list[list[str]]:
        """The matrix entries as TeX, row by row."""
        return [[e.get_tex_string() for e in self.matrix.row(m)] for m in range(len(self.entries))]

    def vector_strings(self) -> list[str]:
        """The input entries as TeX."""
        return [e.get_tex_string() for e in self.vector.get_entries()]

    # ------------------------------------------------------------------ beats

    @beat("title")
    def show_title(self) -> None:
        """The Chinese title at the top, if the scene has one."""
        if self.title:
            heading = zh(self.title, 34, self.palette.text).to_edge(UP, buff=0.4)
            self.play(FadeIn(heading, shift=0.2 * DOWN))
            self.current_caption = self.title

    @beat("product")
    def write_product(self) -> None:
        """Write ``W x``."""
        self.play(Write(self.matrix), Write(self.vector), run_time=1.5)

    @beat("neurons")
    def show_neurons(self) -> None:
        """Grow the layer's neurons (no edges yet) and label the inputs."""
        self.play(
            *(GrowFromCenter(neuron) for layer in self.diagram.layers for neuron in layer),
            FadeIn(self.input_labels),
        )
        self.wait(0.5)

    @beat(lambda row: f"row{row + 1}")
    def row_into_neuron(self, row: int) -> None:
        """Row ``row`` of ``W`` becomes the edges into neuron ``row``, whose weighted sum is
        output ``row``."""
        self.turn_row_into_edges(row)
        self.write_output(row)

    def turn_row_into_edges(self, row: int) -> None:
        """Point at row ``row`` of ``W``, then turn each of its entries into its edge."""
        columns = self.matrix.shape[1]
        self.play(Indicate(self.matrix.row(row), color=self.palette.highlight, scale_factor=1.15),
                  run_time=0.8)
        self.play(
            AnimationGroup(
                *(
                    TransformFromCopy(self.matrix.entry(row, n), self.diagram.edge(0, n, row))
                    for n in range(columns)
                ),
                lag_ratio=0.3,
            ),
            run_time=1.2 + 0.2 * columns,
        )

    def write_output(self, row: int) -> None:
        """Write entry ``row`` of the result (with ``=`` and the brackets the first time),
        label output neuron ``row`` and fill it."""
        first = [Write(self.equals), Write(self.result.get_brackets())] if row == 0 else []
        self.play(
            *first,
            Write(self.result.entry(row)),
            FadeIn(self.output_labels[row]),
            self.diagram.layers[1][row].animate.set_fill(self.palette.highlight, opacity=0.35),
            run_time=1.0,
        )
