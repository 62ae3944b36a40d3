"""One linear layer ``f(x) = W x + b`` as a map of the plane (issues 3 and 4).

Story beats, in article order: the easy data set on the plane; the hand-set
layer ``W = [1 1], b = -2`` squashing the plane onto a line and sliding it;
the best threshold on that line and its accuracy; a trained layer on the easy
curves; the same kind of layer failing on the hard curves.
"""

from __future__ import annotations

import numpy as np
from manim import DOWN, UR, Create, FadeIn, FadeOut, Line, Rotate, ValueTracker

from scenes.bases.beats import beat
from scenes.bases.network_story import NetworkStoryScene
from scenes.bases.plane_scene import NetworkPlaneScene
from scenes.data.datasets import easy_curves, morph, separating_height
from scenes.drawing.dots import DotCloud
from scenes.drawing.plane import PlaneView
from scenes.drawing.text import zh

__all__ = [
    "ShowLinearSeparableDataPoints",
    "ApplyMatrixAsSingleLinearTransformation",
    "ApplyMatrixAsSingleLinearTransformationAndShowAccuracy",
    "SingleW1SolveLinearSeparableScene",
    "OneLinearLayerSolveHardTwoCurves",
    "MakeBinaryClassificationHarder",
]


class ShowLinearSeparableDataPoints(NetworkPlaneScene):
    """The easy curves on the plane, with î, ĵ and a legend of the two classes."""

    def construct(self) -> None:
        # Plane, data and basis vectors
        self.setup_plane(easy_curves(), PlaneView(origin=np.array([0.0, -0.3, 0.0]), unit=1.25))
        self.show_plane()
        # Legend of the two labels
        self.show_legend()
        # Name what we are looking at
        self.name_the_data()

    @beat("title")
    def name_the_data(self) -> None:
        """Top right: each point has coordinates and a class."""
        self.current_caption = "兩條曲線：每個點有座標，也有類別"
        title = self.backdrop(zh(self.current_caption, 32, self.palette.text))
        title.to_corner(UR, buff=0.3)
        self.play(FadeIn(title, shift=0.2 * DOWN))
        self.wait(2)


class ApplyMatrixAsSingleLinearTransformation(NetworkStoryScene):
    """``W = [1 1]`` sends ĵ onto î's spot: the plane collapses onto a line, then ``+ b``."""

    record_name = "hand_set"
    captions = {
        "start": "W 的兩行：î 和 ĵ 各自落在哪裡",
        "W1": "套用 W：整個平面被壓到一條數線上",
        "b1": "再加上 b：每個點沿著數線平移",
        "threshold": "在線上找一個最好的分界點",
    }

    def construct(self) -> None:
        # The easy curves, î, ĵ and the layer's W and b
        self.show_data()
        # W sends î and ĵ onto one line: the whole plane collapses onto it
        self.squash_onto_line(layer=0)
        # b slides every point along that line
        self.slide_along_line(layer=0)


class ApplyMatrixAsSingleLinearTransformationAndShowAccuracy(
    ApplyMatrixAsSingleLinearTransformation
):
    """The hand-set layer again, then its best threshold and the stored accuracy."""

    poster_at = 24.0

    def construct(self) -> None:
        # The layer's story, as before
        super().construct()
        # The best threshold on the line, the points it gets wrong, the accuracy
        self.threshold_and_accuracy()


class SingleW1SolveLinearSeparableScene(ApplyMatrixAsSingleLinearTransformationAndShowAccuracy):
    """A trained one-layer network on the easy curves: a single ``W`` separates them."""

    record_name = "easy_one_layer"
    captions = {
        "start": "訓練出來的 W 和 b",
        "W1": "套用 W：平面壓成一條線，兩類各在一邊",
        "b1": "加上 b：平移",
        "threshold": "一個分界點就把兩類完全分開",
    }


class OneLinearLayerSolveHardTwoCurves(ApplyMatrixAsSingleLinearTransformationAndShowAccuracy):
    """The same kind of layer trained on the hard curves: the classes still overlap."""

    record_name = "hard_one_layer"
    captions = {
        "start": "困難的兩條曲線，同樣只用一層",
        "W1": "套用 W：壓成一條線，兩類擠在一起",
        "b1": "加上 b：平移",
        "threshold": "最好的分界點也分不乾淨",
    }


class MakeBinaryClassificationHarder(NetworkPlaneScene):
    """The easy curves slide together into the hard ones; the line ``y = 0`` stops working."""

    def construct(self) -> None:
        # The easy curves and the straight line between them
        self.separate_easy_curves()
        # Slide the arches together
        self.push_curves_together()
        # No straight line separates them any more
        self.no_line_separates()

    @beat()
    def separate_easy_curves(self) -> None:
        """The easy curves on the plane and the horizontal line midway between them."""
        easy = easy_curves()
        self.setup_plane(easy, PlaneView(origin=np.array([0.0, -0.3, 0.0]), unit=1.25))
        self.add(self.background_plane, self.plane, self.dots)
        self.show_legend()
        self.gap = separating_height(easy)
        # Solid and coloured: it runs along the x-axis, and a dashed line there reads as the axis.
        self.cut = Line(
            self.view.c2p((-5.5, self.gap)),
            self.view.c2p((5.5, self.gap)),
            color=self.palette.bias,
            stroke_width=6,
        )
        self.caption("簡單的資料：一條直線就能分開")
        self.play(Create(self.cut))
        self.wait(1)

    @beat()
    def push_curves_together(self) -> None:
        """The easy arrangement morphs into the hard one (the data module moves the points)."""
        progress = ValueTracker(0.0)

        def follow(dots: DotCloud) -> None:
            dots.move_to_centers(self.view.c2p(morph(progress.get_value())))

        self.dots.add_updater(follow)
        self.caption("把兩條曲線推近一點")
        self.play(progress.animate.set_value(1.0), run_time=4)
        self.dots.remove_updater(follow)

    @beat()
    def no_line_separates(self) -> None:
        """The line fades and swings either way: no position of it separates the hard curves."""
        self.caption("困難的資料：任何一條直線都分不開")
        pivot = self.view.c2p((0, self.gap))
        self.play(self.cut.animate.set_stroke(opacity=0.35))
        self.play(Rotate(self.cut, angle=0.25, about_point=pivot), run_time=1.2)
        self.play(Rotate(self.cut, angle=-0.5, about_point=pivot), run_time=1.6)
        self.play(FadeOut(self.cut))
        self.wait(2)
