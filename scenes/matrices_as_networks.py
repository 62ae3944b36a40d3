"""A weight matrix is a network layer: entry ``W[m, n]`` is the edge ``n -> m`` (issue 4).

Story beats: a 1x2 matrix with symbols and then with numbers, a 2x2 and a 2x3
matrix with symbols, random matrices of several shapes, and the 2x3 picture
again as the article's cover.
"""

from __future__ import annotations

import numpy as np
from manim import DOWN, LEFT, UP, FadeIn, FadeOut, Indicate, LaggedStart, MathTex, TransformFromCopy

from scenes.drawing.matrix_network import MatrixNetworkScene, neuron_labels, symbolic_matrix
from scenes.drawing.numbers import fmt_weight
from scenes.drawing.palette import BACKGROUND, HIGHLIGHT, TEXT
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

    def finish(self) -> None:
        # Work the sum out to one number
        total = MathTex("= 3 + 15 = 18", font_size=48 * self.equation_scale, color=TEXT)
        total.next_to(self.equation, DOWN, buff=0.6).align_to(self.equals, LEFT)
        self.play(FadeIn(total, shift=0.2 * DOWN))
        # The output neuron holds the result
        value = neuron_labels(self.diagram, 1, ["18"], None)
        self.play(TransformFromCopy(total[0][-2:], value[0]), FadeOut(self.output_labels))
        self.play(Indicate(self.diagram.edge(0, 1, 0), color=HIGHLIGHT))
        # The Indicate has just pointed at the answer; a short hold is enough.
        self.wait(1.5)


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
        self.camera.background_color = BACKGROUND
        rng = np.random.default_rng(self.seed)
        heading = zh("任何矩陣都是一層網路：每個數字是一條邊", 34).to_edge(UP, buff=0.4)
        self.add(heading)
        for shape_index, (rows, columns) in enumerate(self.shapes):
            weights = np.round(rng.uniform(-2, 2, size=(rows, columns)), 1)
            self.entries = [[fmt_weight(v, 1) for v in row] for row in weights]
            self.inputs = [f"x_{{{n + 1}}}" for n in range(columns)]
            self.outputs = [r"\cdots"] * rows
            self.edge_weights = weights
            self.build()
            self.matrix.match_y(self.diagram)
            edges = self.diagram.edges[0]
            neurons = self.diagram.layers
            self.play(FadeIn(self.matrix), FadeIn(neurons), FadeIn(self.input_labels))
            # Entry by entry, each number becomes its edge
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
            self.wait(1.5)
            if shape_index == len(self.shapes) - 1:
                break  # the last network stays: it is the closing picture and poster
            self.play(
                FadeOut(self.matrix), FadeOut(neurons), FadeOut(edges), FadeOut(self.input_labels)
            )
