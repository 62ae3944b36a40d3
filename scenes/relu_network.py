"""Two layers with ReLU between them solve the hard curves (issues 3 and 4).

Story beats: two linear layers in a row are still one linear map, so they fail
like a single layer; ReLU, shown first as a graph beside sigmoid and tanh, then
as a fold of the plane; and the flagship, ``W2 ReLU(W1 x + b1) + b2`` taking
the hard curves apart step by step.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from manim import (
    DOWN,
    RIGHT,
    UP,
    Axes,
    Create,
    DashedLine,
    FadeIn,
    FadeOut,
    ParsableManimColor,
    VGroup,
    Write,
)

from scenes.bases.beats import BeatText, beat
from scenes.bases.network_story import NetworkStoryScene
from scenes.bases.plane_scene import NetworkPlaneScene
from scenes.data.activations import relu, sigmoid, tanh
from scenes.data.examples import quadrant_points
from scenes.data.networks import hidden_boundary
from scenes.drawing.dots import DotCloud
from scenes.drawing.motion import move_centers, warp
from scenes.drawing.palette import ScenePalette
from scenes.drawing.plane import PlaneView, make_plane
from scenes.drawing.text import zh

__all__ = [
    "TwoLinearLayersSolveHardTwoCurves",
    "ShowNonLinearFunctions",
    "TwoLayersReLUInBetweenSolveHardTwoCurves",
]


class TwoLinearLayersSolveHardTwoCurves(NetworkStoryScene):
    """``W2 (W1 x + b1) + b2``: the grid stays straight and parallel, the classes still overlap."""

    record_name = "hard_two_linear"
    captions = {
        "start": "兩層線性：2 → 2 → 1，中間沒有 ReLU",
        # W1's first column is about 0: the plane collapses onto a line, not a tilted grid.
        "W1": "W₁：î 幾乎被送到原點，整個平面壓成一條斜線",
        "b1": "加上 b₁：整個平面平移",
        "W2": "W₂：再壓到一條線上",
        "b2": "加上 b₂：平移",
        "threshold": "兩個線性層合起來仍是線性：還是分不開",
    }
    # Numbers come from networks.json, filled at page build like the article's.
    beat_texts = {
        "start": BeatText("兩層線性網路", (
            "交錯的兩道拱形攤在平面上，左上角淡入 2 → 2 → 1 的網路："
            "兩層之間沒有 ReLU，只有兩次線性運算。")),
        "W1": BeatText("W₁：平面壓成斜線", (
            "W₁ 的第一行幾乎是零，綠色的 î 縮進原點；紅色的 ĵ 被送到左上方的 "
            "({{ hard_two_linear.layers.0.W.0.1:.2f }}, {{ hard_two_linear.layers.0.W.1.1:.2f }})。"
            "整個平面因此壓扁成一條斜線：藍點在左上段、黃點在右下段，中間一段兩色交錯。")),
        "b1": BeatText("b₁：斜線平移", (
            "兩支箭頭淡出，兩個隱藏神經元染成紫色；b₁ 把這條斜線整條挪動一小段，"
            "線上各點的先後順序完全不變。")),
        "W2": BeatText("W₂：壓到水平線", (
            "W₂ = [{{ hard_two_linear.layers.1.W.0.0:.2f }} "
            "{{ hard_two_linear.layers.1.W.0.1:.2f }}] 把斜線轉成水平：藍點偏右、黃點偏左，"
            "中間混雜的那一段依然混在一起。")),
        "b2": BeatText("b₂：沿數線平移", (
            "數線出現，輸出神經元染成紫色；b₂ = {{ hard_two_linear.layers.1.b.0:.2f }} "
            "讓所有點往左滑一點，順序不變。")),
        "threshold": BeatText("還是分不開", (
            "兩類各升到一排，t = {{ hard_two_linear.threshold:.2f }} 的虛線左邊仍有一串藍點"
            "被打上叉號，正確率 {{ hard_two_linear.accuracy:.1% }}"
            "（{{ hard_two_linear.correct }} / {{ hard_two_linear.total }}），跟一層網路的 "
            "{{ hard_one_layer.accuracy:.1% }} 相比毫無進步：兩次線性運算合起來仍只是一次。")),
    }
    poster_at = 30.0

    def construct(self) -> None:
        # The hard curves beside a 2-2-1 network with nothing between its layers
        self.show_data()
        # W1 stretches and tilts the grid; straight lines stay straight and parallel
        self.apply_weights(layer=0)
        # b1 slides the whole plane
        self.add_bias(layer=0)
        # W2 squashes the plane onto a line
        self.squash_onto_line(layer=1)
        # b2 slides the points along it
        self.slide_along_line(layer=1)
        # Two linear maps are one: the best threshold still leaves the classes mixed
        self.threshold_and_accuracy()


class TwoLayersReLUInBetweenSolveHardTwoCurves(NetworkStoryScene):
    """The flagship: ``W2 ReLU(W1 x + b1) + b2`` separates the hard curves completely."""

    record_name = "hard_relu"
    captions = {
        "start": "困難的兩條曲線：任何一條直線都分不開",
        "W1": "W₁：網格被拉伸、傾斜（î、ĵ 移到 W₁ 的兩行）",
        "b1": "加上 b₁：整個平面平移",
        "relu": "ReLU：負的座標變成 0，平面被摺進右上象限",
        "W2": "W₂：把摺過的平面壓到一條線上",
        "b2": "加上 b₂：平移",
        "threshold": "一個分界點：兩類完全分開",
    }
    beat_texts = {
        "start": BeatText("交錯的兩道拱形", (
            "兩道交錯的拱形攤在平面上，綠色的 î 向右、紅色的 ĵ 向上；左上角淡入 2 → 2 → 1 "
            "的網路，這次兩層之間會夾一個 ReLU。")),
        "W1": BeatText("W₁：拉伸與傾斜", (
            "右上角寫出 W₁，網格轉成斜向的長方格：綠色的 î 轉到右下方的 "
            "({{ hard_relu.layers.0.W.0.0:.2f }}, {{ hard_relu.layers.0.W.1.0:.2f }})，"
            "紅色的 ĵ 轉到右上方的 "
            "({{ hard_relu.layers.0.W.0.1:.2f }}, {{ hard_relu.layers.0.W.1.1:.2f }})。"
            "兩道拱形跟著轉動，左端翹向左上、右端垂向下方，藍色拱形包在黃色外側。")),
        "b1": BeatText("b₁：整片平移", (
            "兩支箭頭淡出，兩個隱藏神經元染成紫色；b₁ = ({{ hard_relu.layers.0.b.0:.2f }}, "
            "{{ hard_relu.layers.0.b.1:.2f }}) 只把整個平面往右上挪了一小步。")),
        "relu": BeatText("ReLU：折起平面", (
            "隱藏神經元換了顏色，負的座標全變成 0：每道拱形原本的左段被壓到縱軸上、右段被壓到"
            "橫軸上，只有中段留在原地。畫面拉近後，黃點縮在靠近原點的角落，藍點圍在外圈。")),
        "separating_line": BeatText("折過後一條直線", (
            "在折過的平面上畫出一條斜的虛線：黃點全在靠原點的一側、藍點全在另一側，"
            "原本分不開的兩類，現在一條直線就能切開。")),
        "W2": BeatText("W₂：壓到數線上", (
            "W₂ = [{{ hard_relu.layers.1.W.0.0:.2f }} {{ hard_relu.layers.1.W.0.1:.2f }}] "
            "的兩個權重幾乎相等，把折過的平面壓到水平線上：兩個座標加起來越大的點落得越右，"
            "黃點聚在左邊、藍點在右邊，中間留著空隙。")),
        "b2": BeatText("b₂：沿數線平移", (
            "數線出現，輸出神經元染成紫色；b₂ = {{ hard_relu.layers.1.b.0:.2f }} "
            "把所有點往左推，黃點落到 0 的左邊、藍點落到右邊。")),
        "threshold": BeatText("兩類完全分開", (
            "兩類各升到一排，t = {{ hard_relu.threshold:.2f }} 的虛線落在兩群之間，"
            "左邊全黃、右邊全藍，一個叉號都沒有：正確率 {{ hard_relu.accuracy:.0% }}"
            "（{{ hard_relu.correct }} / {{ hard_relu.total }}）。")),
    }
    step_pause = 1.2
    # The folded plane with the line that now separates the classes
    poster_at = 27.0

    def construct(self) -> None:
        # The hard curves: no straight line separates them
        self.show_data()
        # W1 stretches and tilts the grid
        self.apply_weights(layer=0)
        # b1 slides the whole plane
        self.add_bias(layer=0)
        # ReLU folds the plane into the positive quadrant
        self.fold_with_relu(layer=0)
        # In the folded plane, one straight line separates the classes
        self.draw_separating_line()
        # W2 squashes the folded plane onto a line
        self.squash_onto_line(layer=1)
        # b2 slides the points along it
        self.slide_along_line(layer=1)
        # One threshold now separates the classes completely
        self.threshold_and_accuracy()

    @beat("separating_line")
    def draw_separating_line(self) -> None:
        """Draw, in the folded plane, the line that the last layer will cut along."""
        # Across the folded (non-negative) quarter and a bit beyond, so it reads as a line.
        far = float(np.abs(self.coords).max()) * 1.1
        ends = hidden_boundary(self.record, (-0.3, far))
        line = DashedLine(*(self.view.c2p(e) for e in ends), color=self.palette.threshold,
                          stroke_width=4)
        self.caption("摺過之後，一條直線就能把兩類分開")
        self.play(Create(line), run_time=1.5)
        self.wait(2)
        self.play(FadeOut(line))


class ShowNonLinearFunctions(NetworkPlaneScene):
    """ReLU beside sigmoid and tanh, then ReLU folding each quadrant onto the positive one."""

    beat_texts = {
        "compare_activations": BeatText("三種激勵函數", (
            "三張小圖依序畫出 ReLU、sigmoid 和 tanh：ReLU 在 0 左邊是平的、右邊是斜直線，"
            "另外兩條是平滑的 S 形。接著 ReLU 略為放大，下方寫出它的規則：負數變成 0，正數不變。")),
        "fold_the_plane": BeatText("ReLU 折疊平面", (
            "方格平面的四個象限各有一群不同顏色的點。套用 ReLU 後，右上的黃點不動，左上的藍點"
            "被壓到縱軸、右下的紅點被壓到橫軸，左下的綠點全縮到原點：整個平面被折進右上象限。")),
    }

    def construct(self) -> None:
        # Three activation functions side by side, ReLU first
        self.compare_activations()
        # ReLU on the plane: every point's negative coordinates become 0
        self.fold_the_plane()

    @beat()
    def compare_activations(self) -> None:
        """Draw ReLU, sigmoid and tanh one after another, then single out ReLU."""
        palette = self.palette
        graphs = VGroup(
            _activation_graph("ReLU", relu, palette.activation, palette),
            _activation_graph("sigmoid", sigmoid, palette.muted, palette),
            _activation_graph("tanh", tanh, palette.muted, palette),
        ).arrange(RIGHT, buff=0.7)
        graphs.scale_to_fit_width(12.5).shift(0.5 * UP)
        for graph in graphs:
            self.play(Create(graph[0]), Create(graph[1]), Write(graph[2]), run_time=1.3)
        note = zh("ReLU(v) = max(v, 0)：負數變成 0，正數不變", 30, palette.text)
        note.next_to(graphs, DOWN, buff=0.6)
        self.play(FadeIn(note), graphs[0].animate.scale(1.08))
        self.wait(2)
        self.play(FadeOut(graphs), FadeOut(note))

    @beat()
    def fold_the_plane(self) -> None:
        """A grid and four patches of dots, then ReLU folding all four quadrants into one."""
        view = PlaneView(origin=np.array([0.0, -0.2, 0.0]), unit=1.0)
        self.view = view
        background = make_plane(view, self.palette, (-10, 10), (-6, 6), faint=True)
        plane = make_plane(view, self.palette, (-8, 8), (-5, 5))
        plane.prepare_for_nonlinear_transform(30)
        quadrants = _quadrant_dots(view, self.palette)
        self.add(background)
        self.play(Create(plane, lag_ratio=0.05), FadeIn(quadrants), run_time=2)
        self.caption("對平面上每一點套用 ReLU：兩個座標各自取 max(·, 0)")
        self.wait(1)
        # The dots move (keeping their shape) while the grid itself is folded
        fold = view.frame_map(relu)
        self.play(
            warp(plane, fold),
            move_centers(quadrants, fold(quadrants.centers)),
            run_time=4,
        )
        self.caption("四個象限都被摺進右上象限")
        self.wait(2.5)


def _activation_graph(
    name: str,
    function: Callable[[float], float | np.ndarray],
    color: ParsableManimColor,
    palette: ScenePalette,
) -> VGroup:
    """Small axes (in the palette's text colour) with ``function`` drawn on ``[-3, 3]`` in
    ``color`` and its name above."""
    axes = Axes(
        x_range=(-3, 3, 1),
        y_range=(-1.5, 3, 1),
        x_length=3.4,
        y_length=2.6,
        axis_config={"color": palette.text, "stroke_width": 2, "include_ticks": False},
        tips=False,
    )
    graph = axes.plot(function, x_range=(-3, 3), color=color, stroke_width=5)
    label = zh(name, 30, color=color).next_to(axes, UP, buff=0.2)
    return VGroup(axes, graph, label)


def _quadrant_dots(view: PlaneView, palette: ScenePalette) -> DotCloud:
    """One patch of dots per quadrant, coloured differently so the fold is traceable."""
    colors = [palette.class_0, palette.class_1, palette.i_hat, palette.j_hat]
    points, quadrant = quadrant_points()
    return DotCloud(view.c2p(points), quadrant, colors, radius=0.06)
