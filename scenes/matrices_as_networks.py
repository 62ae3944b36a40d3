"""A weight matrix is a network layer: entry ``W[m, n]`` is the edge ``n -> m`` (issue 4).

Story beats: a 1x2 matrix with symbols and then with numbers, a 2x2 and a 2x3
matrix with symbols, random matrices of several shapes, and the 2x3 picture
again as the article's cover.
"""

from __future__ import annotations

import numpy as np
from manim import DOWN, LEFT, UP, FadeIn, FadeOut, Indicate, LaggedStart, MathTex, TransformFromCopy

from scenes.bases.beats import beat
from scenes.bases.matrix_network import MatrixNetworkScene
from scenes.data.examples import random_weight_matrices
from scenes.drawing.matrix import symbolic_matrix
from scenes.drawing.network_diagram import neuron_labels
from scenes.drawing.numbers import fmt_weight
from scenes.drawing.text import zh

__all__ = [
    "SymbolicOneByTwoMatrixAndNN",
    "NumberOneByTwoMatrixAndNN",
    "SymbolicTwoByTwoMatrixAndNN",
    "SymbolicTwoByThreeMatrixAndNN",
    "CoverSymbolicTwoByThreeMatrixAndNN",
    "RandomMatrixNeuralNetworkMapping",
]


class SymbolicOneByTwoMatrixAndNN(MatrixNetworkScene):
    """``[w1 w2] [x1 x2]^T = w1 x1 + w2 x2``: two inputs, one output, two edges."""

    entries = symbolic_matrix(1, 2)
    inputs = ("x_1", "x_2")
    title = "1×2 矩陣＝兩個輸入、一個輸出的網路"


class NumberOneByTwoMatrixAndNN(MatrixNetworkScene):
    """``W = [1 5]``, ``x = [3 3]``: 1·3 + 5·3 = 18; the weight-5 edge is the thick one."""

    # Illustrative numbers chosen for the article's arithmetic, not a trained network.
    entries = ((1, 5),)
    inputs = (3, 3)
    outputs = (r"1 \cdot 3 + 5 \cdot 3",)
    edge_weights = np.array([[1.0, 5.0]])
    title = "權重越大，邊越粗"
    values_inside = True

    def construct(self) -> None:
        # Lay out the equation and the layer (nothing is shown yet)
        self.build()
        # The title
        self.show_title()
        # The product W x, and the two inputs inside their neurons
        self.write_product()
        self.show_neurons()
        # The row [1 5] becomes the two edges, the weight-5 one thick
        self.row_into_neuron(0)
        # Work the sum out to one number
        self.work_out_sum()
        # The output neuron holds the result; the thick edge gave most of it
        self.fill_output_neuron()
        # The Indicate has just pointed at the answer; a short hold is enough.
        self.wait(1.5)

    @beat("sum")
    def work_out_sum(self) -> None:
        """``= 3 + 15 = 18`` under the equation."""
        self.total = MathTex("= 3 + 15 = 18", font_size=48 * self.equation_scale,
                             color=self.palette.text)
        self.total.next_to(self.equation, DOWN, buff=0.6).align_to(self.equals, LEFT)
        self.play(FadeIn(self.total, shift=0.2 * DOWN))

    @beat("result")
    def fill_output_neuron(self) -> None:
        """The 18 moves into the output neuron, then the weight-5 edge is pointed at."""
        value = neuron_labels(self.diagram, 1, ["18"], None)
        self.play(TransformFromCopy(self.total[0][-2:], value[0]), FadeOut(self.output_labels))
        self.play(Indicate(self.diagram.edge(0, 1, 0), color=self.palette.highlight))


class SymbolicTwoByTwoMatrixAndNN(MatrixNetworkScene):
    """A 2x2 matrix: each row is the set of edges into one output neuron."""

    entries = symbolic_matrix(2, 2)
    inputs = ("x_1", "x_2")
    title = "2×2 矩陣：每一列是一個輸出神經元的所有邊"


class SymbolicTwoByThreeMatrixAndNN(MatrixNetworkScene):
    """A 2x3 matrix: three inputs, two outputs, six edges."""

    entries = symbolic_matrix(2, 3)
    inputs = ("x_1", "x_2", "x_3")
    title = "2×3 矩陣：三個輸入、兩個輸出"


class CoverSymbolicTwoByThreeMatrixAndNN(SymbolicTwoByThreeMatrixAndNN):
    """The article's cover: the 2x3 scene's final picture, without the title."""

    title = ""


class RandomMatrixNeuralNetworkMapping(MatrixNetworkScene):
    """Random matrices of several shapes (fixed seed), entry by entry into edge by edge."""

    shapes = ((2, 3), (3, 2), (3, 4))
    seed = 2024

    def construct(self) -> None:
        # What every picture below says
        heading = zh("任何矩陣都是一層網路：每個數字是一條邊", 34, self.palette.text)
        heading.to_edge(UP, buff=0.4)
        self.add(heading)
        matrices = random_weight_matrices(self.shapes, self.seed)
        for index, weights in enumerate(matrices):
            # A random matrix becomes a layer, entry by entry
            self.random_layer(index, weights, last=index == len(matrices) - 1)

    @beat(lambda index, weights, last: f"layer{index + 1}")
    def random_layer(self, index: int, weights: np.ndarray, last: bool) -> None:
        """One random matrix beside its layer's neurons; each entry becomes its edge."""
        # A random matrix beside the neurons of its layer
        self.show_matrix_and_neurons(weights)
        # Entry by entry, each number becomes its edge
        self.entries_become_edges()
        self.wait(1.5)
        if not last:  # the last network stays: it is the closing picture and poster
            # Clear the stage for the next shape
            self.clear_layer()

    def show_matrix_and_neurons(self, weights: np.ndarray) -> None:
        """Lay out ``weights`` as this scene's matrix and layer, and fade both in."""
        rows, columns = weights.shape
        self.entries = [[fmt_weight(v, 1) for v in row] for row in weights]
        self.inputs = [f"x_{{{n + 1}}}" for n in range(columns)]
        self.outputs = [r"\cdots"] * rows
        self.edge_weights = weights
        self.build()
        self.matrix.match_y(self.diagram)
        self.play(FadeIn(self.matrix), FadeIn(self.diagram.layers), FadeIn(self.input_labels))

    def entries_become_edges(self) -> None:
        """Every entry, row by row, turns into the edge it weighs."""
        rows, columns = self.matrix.shape
        self.play(
            LaggedStart(
                *(
                    TransformFromCopy(self.matrix.entry(m, n), self.diagram.edge(0, n, m))
                    for m in range(rows)
                    for n in range(columns)
                ),
                lag_ratio=0.25,
            ),
            run_time=0.6 * rows * columns,
        )

    def clear_layer(self) -> None:
        """Fade out the matrix, the neurons, the edges and the input labels."""
        self.play(
            FadeOut(self.matrix),
            FadeOut(self.diagram.layers),
            FadeOut(self.diagram.edges[0]),
            FadeOut(self.input_labels),
        )
