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

from scenes.bases.beats import beat
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
        "W1": "W₁：網格被拉伸、傾斜，但直線還是直線、平行還是平行",
        "b1": "加上 b₁：整個平面平移",
        "W2": "W₂：再壓到一條線上",
        "b2": "加上 b₂：平移",
        "threshold": "兩個線性層合起來仍是線性：還是分不開",
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
