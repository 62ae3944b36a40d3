"""A weight matrix is a network layer: entry ``W[m, n]`` is the edge ``n -> m`` (issue 4).

Story beats: a 1x2 matrix with symbols and then with numbers, a 2x2 and a 2x3
matrix with symbols, random matrices of several shapes, and the 2x3 picture
again as the article's cover.
"""

from __future__ import annotations

import numpy as np
from manim import DOWN, LEFT, UP, FadeIn, FadeOut, Indicate, LaggedStart, MathTex, TransformFromCopy

from scenes.bases.beats import BeatText, beat
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
    beat_texts = {
        "title": BeatText("1×2 矩陣與網路", (
            "畫面上方出現標題：一個 1×2 矩陣，就是兩個輸入、一個輸出的網路。")),
        "product": BeatText("寫出 Wx", (
            "左邊寫出乘法：綠色的 w₁ 和紅色的 w₂ 排成一列，乘上直排的 x₁、x₂。")),
        "neurons": BeatText("網路的神經元", (
            "右邊長出神經元：左側兩個輸入標著 x₁、x₂，右側一個輸出，彼此還沒有連線。")),
        "row1": BeatText("一列變成兩條連線", (
            "矩陣這一列閃了一下，w₁ 飛過去變成 x₁ 通往輸出的綠色連線，w₂ 變成 x₂ 的紅色連線；"
            "左邊接著寫出 = w₁x₁ + w₂x₂，輸出神經元標上 y 並亮起。")),
    }


class NumberOneByTwoMatrixAndNN(MatrixNetworkScene):
    """``W = [1 5]``, ``x = [3 3]``: 1·3 + 5·3 = 18; the weight-5 edge is the thick one."""

    # Illustrative numbers chosen for the article's arithmetic, not a trained network.
    entries = ((1, 5),)
    inputs = (3, 3)
    outputs = (r"1 \cdot 3 + 5 \cdot 3",)
    edge_weights = np.array([[1.0, 5.0]])
    title = "權重越大，邊越粗"
    values_inside = True
    beat_texts = {
        "title": BeatText("權重與連線粗細", "畫面上方的標題寫著：權重越大，連線越粗。"),
        "product": BeatText("寫出 W 與 x", "左邊寫出 W = [1 5] 乘上 x，x 是直排的兩個 3。"),
        "neurons": BeatText("兩個輸入都是 3", (
            "右邊長出神經元：兩個輸入神經元裡各寫著 3，右側的輸出神經元還空著。")),
        "row1": BeatText("權重變成連線", (
            "[1 5] 這一列閃了一下，兩個數字飛成兩條連線：權重 5 的那條明顯比權重 1 的粗。"
            "左邊寫出 = 1·3 + 5·3，輸出神經元標上 y 並亮起。")),
        "sum": BeatText("算出 18", (
            "算式往下展開成 = 3 + 15 = 18：同樣是 3 的輸入，走粗線的那一個貢獻了 15。")),
        "result": BeatText("18 進入輸出", (
            "18 移進輸出神經元、取代原本的 y，接著那條粗連線閃了一下，"
            "提醒輸出的大部分來自它。")),
    }

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
    beat_texts = {
        "title": BeatText("2×2 矩陣與網路", (
            "畫面上方的標題寫著：2×2 矩陣的每一列，是通往一個輸出神經元的所有連線。")),
        "product": BeatText("寫出 Wx", (
            "左邊寫出 2×2 的 W 乘上 x：第一行的 w₁₁、w₂₁ 是綠色，第二行的 w₁₂、w₂₂ 是紅色。")),
        "neurons": BeatText("網路的神經元", (
            "右邊長出四個神經元：左側兩個輸入標著 x₁、x₂，右側兩個輸出，還沒有連線。")),
        "row1": BeatText("第一列：通往 y₁", (
            "第一列閃了一下，w₁₁、w₁₂ 分別變成從 x₁、x₂ 通往上方輸出的綠線和紅線；"
            "結果寫出第一格 w₁₁x₁ + w₁₂x₂，那個輸出標上 y₁ 並亮起。")),
        "row2": BeatText("第二列：通往 y₂", (
            "第二列同樣變成通往下方輸出的綠線和紅線，寫出 w₂₁x₁ + w₂₂x₂ 並標上 y₂："
            "四個數字對應四條連線，綠線都從 x₁ 出發、紅線都從 x₂ 出發。")),
    }


class SymbolicTwoByThreeMatrixAndNN(MatrixNetworkScene):
    """A 2x3 matrix: three inputs, two outputs, six edges."""

    entries = symbolic_matrix(2, 3)
    inputs = ("x_1", "x_2", "x_3")
    title = "2×3 矩陣：三個輸入、兩個輸出"
    beat_texts = {
        "title": BeatText("2×3 矩陣與網路", (
            "畫面上方的標題寫著：2×3 矩陣是三個輸入、兩個輸出的網路。")),
        "product": BeatText("寫出 Wx", (
            "左邊寫出兩列三行的 W 乘上 x₁、x₂、x₃：第一、二、三行分別是綠、紅、紫色。")),
        "neurons": BeatText("網路的神經元", (
            "右邊長出神經元：左側三個輸入標著 x₁、x₂、x₃，右側兩個輸出，還沒有連線。")),
        "row1": BeatText("第一列：通往 y₁", (
            "第一列的三個數字飛成三條連線，從三個輸入通往上方的輸出，顏色跟著各自的行；"
            "結果寫出 w₁₁x₁ + w₁₂x₂ + w₁₃x₃，並標上 y₁。")),
        "row2": BeatText("第二列：通往 y₂", (
            "第二列再變成通往下方輸出的三條連線，寫出第二格並標上 y₂："
            "六個數字、六條連線，一一對應。")),
    }


class CoverSymbolicTwoByThreeMatrixAndNN(SymbolicTwoByThreeMatrixAndNN):
    """The article's cover: the 2x3 scene's final picture, without the title."""

    title = ""


class RandomMatrixNeuralNetworkMapping(MatrixNetworkScene):
    """Random matrices of several shapes (fixed seed), entry by entry into edge by edge."""

    shapes = ((2, 3), (3, 2), (3, 4))
    seed = 2024
    # One text per entry of shapes, in order: a change of shapes changes them too.
    beat_texts = {
        "layer1": BeatText("2×3：三進兩出", (
            "上方的標題寫著任何矩陣都是一層網路。第一個隨機矩陣有 2 列 3 行，旁邊是 3 個輸入、"
            "2 個輸出的神經元；每個數字依序飛成一條連線，正數畫成藍線、負數畫成橘線，"
            "絕對值越大線越粗，最後整組淡出。")),
        "layer2": BeatText("3×2：兩進三出", (
            "換成 3 列 2 行的矩陣，旁邊是 2 個輸入、3 個輸出的神經元，"
            "六個數字同樣一一變成連線，然後淡出。")),
        "layer3": BeatText("3×4：四進三出", (
            "最後是 3 列 4 行的矩陣，對應 4 個輸入、3 個輸出；十二個數字變成十二條連線，"
            "這張網路留在畫面上。")),
    }

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
