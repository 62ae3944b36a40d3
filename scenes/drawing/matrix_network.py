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
    Scene,
    TransformFromCopy,
    VGroup,
    Write,
)

from scenes.drawing.matrix import ColumnVector, WeightMatrix
from scenes.drawing.network_diagram import NetworkDiagram
from scenes.drawing.palette import BACKGROUND, BASIS_COLORS, HIGHLIGHT, TEXT
from scenes.drawing.text import zh

__all__ = ["MatrixNetworkScene", "symbolic_matrix", "neuron_labels"]


def symbolic_matrix(rows: int, columns: int, letter: str = "w") -> list[list[str]]:
    """TeX entries ``w_{mn}`` (or ``w_n`` for a single row), 1-based as in textbooks."""
    if rows == 1:
        return [[f"{letter}_{{{n + 1}}}" for n in range(columns)]]
    return [[f"{letter}_{{{m + 1}{n + 1}}}" for n in range(columns)] for m in range(rows)]


def neuron_labels(
    diagram: NetworkDiagram, layer: int, texts: Sequence[str], side: np.ndarray, size: float = 36
) -> VGroup:
    """TeX labels beside (or, with ``side=None``, inside) the neurons of ``layer``."""
    labels = VGroup()
    for index, text in zip(diagram.shown_indices[layer], texts, strict=True):
        label = MathTex(text, font_size=size, color=TEXT)
        neuron = diagram.neuron(layer, index)
        if side is None:
            label.move_to(neuron).scale_to_fit_height(min(label.height, neuron.height * 0.5))
        else:
            label.next_to(neuron, side, buff=0.15)
        labels.add(label)
    return labels


class MatrixNetworkScene(Scene):
    """Write ``W x = y``, draw the layer, and turn each entry of ``W`` into its edge.

    Parameters are class attributes so that variants are one-line subclasses.
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
        self.camera.background_color = BACKGROUND
        self.build()
        self.play_story()

    def build(self) -> None:
        """Create the equation and the diagram (nothing is shown yet)."""
        rows, columns = len(self.entries), len(self.entries[0])
        self.matrix = WeightMatrix(self.entries)
        self.vector = ColumnVector(self.inputs, color=TEXT)
        self.equals = MathTex("=", font_size=48, color=TEXT)
        outputs = self.outputs or [
            " + ".join(f"{w}{x}" for w, x in zip(row, self.inputs, strict=True))
            for row in self.matrix_strings()
        ]
        self.result = ColumnVector(outputs, color=TEXT, h_buff=1.0)
        # W x on the first line, "= result" under it, so the long sums get the width
        product = VGroup(self.matrix, self.vector).arrange(RIGHT, buff=0.2)
        answer = VGroup(self.equals, self.result).arrange(RIGHT, buff=0.25)
        self.equation = VGroup(product, answer).arrange(DOWN, buff=0.5, aligned_edge=LEFT)
        answer.shift((product.get_center()[0] - answer.get_center()[0]) * RIGHT)
        self.diagram = NetworkDiagram(
            (columns, rows),
            None if self.edge_weights is None else [np.asarray(self.edge_weights, float)],
            neuron_radius=0.32,
            layer_buff=2.6,
            neuron_buff=0.6,
        )
        if self.edge_weights is None:
            for n in range(columns):
                color = BASIS_COLORS[n] if n < len(BASIS_COLORS) else TEXT
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

    def play_story(self) -> None:
        """The beats: equation, neurons, entries into edges row by row, outputs."""
        rows, columns = self.matrix.shape
        # Title
        if self.title:
            heading = zh(self.title, 34).to_edge(UP, buff=0.4)
            self.play(FadeIn(heading, shift=0.2 * DOWN))
        # The product W x
        self.play(Write(self.matrix), Write(self.vector), run_time=1.5)
        # The layer's neurons, inputs labelled with x
        self.play(
            *(GrowFromCenter(neuron) for layer in self.diagram.layers for neuron in layer),
            FadeIn(self.input_labels),
        )
        self.wait(0.5)
        # Row m of W becomes the edges into neuron m
        for m in range(rows):
            row = self.matrix.row(m)
            self.play(Indicate(row, color=HIGHLIGHT, scale_factor=1.15), run_time=0.8)
            self.play(
                AnimationGroup(
                    *(
                        TransformFromCopy(self.matrix.entry(m, n), self.diagram.edge(0, n, m))
                        for n in range(columns)
                    ),
                    lag_ratio=0.3,
                ),
                run_time=1.2 + 0.2 * columns,
            )
            first = [Write(self.equals), Write(self.result.get_brackets())] if m == 0 else []
            self.play(
                *first,
                Write(self.result.entry(m)),
                FadeIn(self.output_labels[m]),
                self.diagram.layers[1][m].animate.set_fill(HIGHLIGHT, opacity=0.35),
                run_time=1.0,
            )
        self.finish()

    def finish(self) -> None:
        """Hold the final picture (variants add their closing beat here)."""
        self.wait(2.5)
