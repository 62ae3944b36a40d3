"""Still pictures of the article: the MNIST network, the three key ideas, the formal definition.

Each scene builds its final picture without animation; the render driver keeps
the last frame.
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    DashedLine,
    DoubleArrow,
    MathTex,
    RoundedRectangle,
    Square,
    VGroup,
)

from scenes.bases.themed import ThemedScene
from scenes.data.datasets import easy_curves
from scenes.drawing.matrix import ColumnVector, WeightMatrix
from scenes.drawing.network_diagram import NetworkDiagram
from scenes.drawing.palette import ScenePalette
from scenes.drawing.plane import PlaneView, dataset_dots
from scenes.drawing.text import zh

__all__ = ["MnistSimpleNetwork", "ThreeKeyComponents", "FormalLinearTransformationFormula"]


class MnistSimpleNetwork(ThemedScene):
    """784 -> 128 -> 10: input pixels, hidden neurons elided by dots, the ten digit classes."""

    article_aliases = ("mnist-simple",)

    def construct(self) -> None:
        palette = self.palette
        # The network, big layers elided
        net = NetworkDiagram(
            (784, 128, 10),
            palette,
            max_shown=(8, 8, None),
            neuron_radius=0.17,
            layer_buff=3.6,
            neuron_buff=0.22,
        )
        net.edges.set_stroke(palette.muted, width=1, opacity=0.55)
        net.scale_to_fit_height(5.4).shift(0.7 * DOWN + 0.6 * RIGHT)
        # Digit classes beside the output neurons
        digits = VGroup(
            *(
                MathTex(str(d), font_size=30, color=palette.text).next_to(net.neuron(2, d), RIGHT,
                                                                          0.15)
                for d in range(10)
            )
        )
        # A 28 x 28 image feeding the input layer
        image = _pixel_icon(palette).next_to(net.layers[0], LEFT, buff=0.8)
        pixels = zh("28×28 像素", 24, palette.muted).next_to(image, DOWN, buff=0.2)
        # Layer sizes under the columns, captions above
        sizes = VGroup()
        for layer, (count, name) in enumerate(
            ((784, "輸入像素"), (128, "隱藏層"), (10, "數字 0–9"))
        ):
            column = net.layers[layer]
            # Every heading sits above the tallest column, over its own column
            heading = zh(name, 28, palette.text).next_to(net, UP, buff=0.3).set_x(column.get_x())
            number = MathTex(str(count), font_size=34, color=palette.text)
            number.next_to(heading, UP, buff=0.12)
            sizes.add(VGroup(number, heading))
        self.add(net, digits, image, pixels, sizes)


class ThreeKeyComponents(ThemedScene):
    """Matrix operations, binary classification and neural networks: three linked pictures."""

    def construct(self) -> None:
        palette = self.palette
        # Matrix operation: W x
        matrix = VGroup(
            WeightMatrix([["w_{11}", "w_{12}"], ["w_{21}", "w_{22}"]], palette),
            ColumnVector(["x_1", "x_2"], palette, color=palette.text),
        ).arrange(RIGHT, buff=0.15)
        # Binary classification: the easy curves and a separating line
        view = PlaneView(unit=0.42)
        dots = dataset_dots(view, easy_curves().points, easy_curves().labels, palette,
                            radius=0.03)
        cut = DashedLine(view.c2p((-3.3, 0)), view.c2p((3.3, 0)), color=palette.threshold)
        classification = VGroup(dots, cut)
        # Neural network: 2 -> 2 -> 1
        network = NetworkDiagram((2, 2, 1), palette, neuron_radius=0.2, layer_buff=1.2,
                                 neuron_buff=0.6)
        network.edges.set_stroke(palette.text, width=2, opacity=0.8)
        pictures = [matrix, classification, network]
        names = ["矩陣運算", "二元分類", "神經網路"]
        panels = VGroup()
        for picture, name in zip(pictures, names, strict=True):
            frame = RoundedRectangle(width=3.6, height=3.0, corner_radius=0.2, color=palette.muted)
            picture.scale_to_fit_width(min(picture.width, 3.0)).move_to(frame)
            label = zh(name, 34, palette.text).next_to(frame, DOWN, buff=0.3)
            panels.add(VGroup(frame, picture, label))
        panels.arrange(RIGHT, buff=1.0).shift(0.2 * UP)
        # Links between the ideas
        links = VGroup(
            *(
                DoubleArrow(
                    panels[i][0].get_right(), panels[i + 1][0].get_left(), buff=0.1,
                    color=palette.i_hat,
                )
                for i in range(2)
            )
        )
        title = zh("三個關鍵元件", 40, palette.text).to_edge(UP, buff=0.5)
        self.add(title, panels, links)


class FormalLinearTransformationFormula(ThemedScene):
    """Additivity and homogeneity: the article's definition of a linear transformation."""

    def construct(self) -> None:
        palette = self.palette
        title = zh("線性變換 L 滿足兩個條件", 40, palette.text).to_edge(UP, buff=0.8)
        rows = VGroup()
        for name, tex in (
            ("可加性", r"L(\mathbf{u} + \mathbf{v}) = L(\mathbf{u}) + L(\mathbf{v})"),
            ("齊次性", r"L(c\,\mathbf{v}) = c\,L(\mathbf{v})"),
        ):
            label = zh(name, 36, palette.text)
            formula = MathTex(tex, font_size=54, color=palette.text)
            rows.add(VGroup(label, formula).arrange(RIGHT, buff=0.8))
        rows.arrange(DOWN, buff=0.9, aligned_edge=LEFT).next_to(title, DOWN, buff=1.0)
        note = zh("對任意向量 u、v 與任意實數 c", 30, palette.muted).next_to(rows, DOWN, buff=0.9)
        self.add(title, rows, note)


def _pixel_icon(palette: ScenePalette, cells: int = 7, size: float = 1.4) -> VGroup:
    """A small square grid standing for a 28x28 image, with a stroke of "ink"."""
    grid = VGroup()
    ink = {(1, 3), (2, 2), (2, 3), (3, 3), (4, 3), (5, 3), (5, 2), (5, 4)}  # a "1"
    step = size / cells
    for row in range(cells):
        for column in range(cells):
            cell = Square(side_length=step, stroke_color=palette.muted, stroke_width=1)
            cell.set_fill(palette.text, opacity=0.9 if (row, column) in ink else 0.05)
            cell.move_to(np.array([column * step, -row * step, 0.0]))
            grid.add(cell)
    return grid.center()
