"""One linear layer ``f(x) = W x + b`` as a map of the plane (issues 3 and 4).

Story beats, in article order: the easy data set on the plane; the hand-set
layer ``W = [1 1], b = -2`` squashing the plane onto a line and sliding it;
the best threshold on that line and its accuracy; a trained layer on the easy
curves; the same kind of layer failing on the hard curves.
"""

from __future__ import annotations

import numpy as np
from manim import DOWN, UR, Create, FadeIn, FadeOut, Line, Rotate, ValueTracker

from scenes.bases.beats import BeatText, beat
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

    beat_texts = {
        "plane": BeatText("平面與兩道拱形", (
            "方格平面畫好後，兩道拱形的點淡入：藍點排在 x 軸上方、黃點排在下方，"
            "中間隔著一條寬寬的空隙。接著從原點長出綠色的 î（向右）和紅色的 ĵ（向上），"
            "各長一格。")),
        "legend": BeatText("圖例：兩個類別", "左下角出現圖例：黃點是類別 0，藍點是類別 1。"),
        "title": BeatText("座標加上類別", (
            "右上角寫出標題：每個點除了兩個座標，還帶著一個類別，也就是分類器要猜的答案。")),
    }

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
    # Numbers come from networks.json, filled at page build like the article's.
    beat_texts = {
        "start": BeatText("手動設定的一層", (
            "簡單的兩道拱形攤在平面上，綠色的 î 指向右、紅色的 ĵ 指向上；左上角是兩個輸入、"
            "一個輸出的小網路，兩條連線一樣粗，因為兩個權重都是 "
            "{{ hand_set.layers.0.W.0.0:g }}。")),
        "W1": BeatText("W：平面壓成數線", (
            "右上角寫出 W = [{{ hand_set.layers.0.W.0.0:g }} {{ hand_set.layers.0.W.0.1:g }}]，"
            "網路的連線閃過一道光；ĵ 向右倒下，和不動的 î 疊在同一點，整個平面隨之壓扁成"
            "一條水平線。每個點落在 x₁ + x₂ 的位置，黃點和藍點在中段重疊了一大截。")),
        "b1": BeatText("b：沿數線平移", (
            "網格換成一條有刻度的數線，輸出神經元染成紫色；"
            "b = {{ hand_set.layers.0.b.0:g }} 讓每個點一起往左滑，彼此的距離和重疊都不變。")),
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

    beat_texts = {
        **ApplyMatrixAsSingleLinearTransformation.beat_texts,
        "threshold": BeatText("最好的門檻值", (
            "黃點和藍點各自升到數線上方的一排，t = {{ hand_set.threshold:.2f }} 的虛線把數線"
            "分成兩邊：左側猜黃、右側猜藍。虛線左邊一長串藍點（來自藍色拱形偏左的那一半）"
            "全被打上叉號，正確率停在 {{ hand_set.accuracy:.0% }}"
            "（{{ hand_set.correct }} / {{ hand_set.total }}）。")),
    }

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
    # The hand-set layer's beats, another record: what the picture shows differs.
    beat_texts = {
        "start": BeatText("訓練好的一層", (
            "同樣的兩道拱形，左上角換成訓練好的網路：從 x₁ 出發的連線細得幾乎看不見，"
            "從 x₂ 出發的又粗又藍，輸出主要取決於點的高度。")),
        "W1": BeatText("W：只留下高度", (
            "W 的第一個數只有 {{ easy_one_layer.layers.0.W.0.0:.4f }}，綠色的 î 幾乎縮回原點；"
            "第二個數是 {{ easy_one_layer.layers.0.W.0.1:.2f }}，紅色的 ĵ 便倒向右方、"
            "落在這個位置。平面壓成一條線後，黃點全在左段、藍點全在右段，中間空出一截。")),
        "b1": BeatText("b：沿數線平移", (
            "數線出現，輸出神經元染成紫色；b = {{ easy_one_layer.layers.0.b.0:.2f }} "
            "把所有點一起往左推一小段，兩群之間的空隙原封不動。")),
        "threshold": BeatText("一刀分開兩類", (
            "兩類各升到一排，t = {{ easy_one_layer.threshold:.2f }} 的虛線正好落在空隙裡："
            "左邊全是黃點、右邊全是藍點，沒有任何叉號，正確率 "
            "{{ easy_one_layer.accuracy:.0% }}"
            "（{{ easy_one_layer.correct }} / {{ easy_one_layer.total }}）。")),
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
    # The hand-set layer's beats, another record: what the picture shows differs.
    beat_texts = {
        "start": BeatText("困難資料，一層網路", (
            "兩道拱形靠得很近，黃色拱形的頂端高過藍色拱形的兩端；左上角仍是只有一層的網路，"
            "x₂ 的連線粗、x₁ 的幾乎看不見。")),
        "W1": BeatText("W：壓成一條線", (
            "和簡單資料時一樣，綠色的 î 縮到原點附近，紅色的 ĵ 倒向右方、長約 "
            "{{ hard_one_layer.layers.0.W.0.1:.2f }}；平面壓扁後每個點只剩下高度，"
            "黃點和藍點在中段疊成一團。")),
        "b1": BeatText("b：沿數線平移", (
            "數線出現，輸出神經元染成紫色；b = {{ hard_one_layer.layers.0.b.0:.2f }} "
            "讓所有點往左移一點，重疊的那一段依舊重疊。")),
        "threshold": BeatText("門檻值切不乾淨", (
            "兩類各升到一排，t = {{ hard_one_layer.threshold:.2f }} 已是最好的位置，虛線左邊"
            "仍有一串藍點被打上叉號：它們是藍色拱形左右兩端、高度和黃色拱頂差不多的點。"
            "正確率 {{ hard_one_layer.accuracy:.1% }}"
            "（{{ hard_one_layer.correct }} / {{ hard_one_layer.total }}）。")),
    }


class MakeBinaryClassificationHarder(NetworkPlaneScene):
    """The easy curves slide together into the hard ones; the line ``y = 0`` stops working."""

    beat_texts = {
        "separate_easy_curves": BeatText("一條直線就夠", (
            "簡單的兩道拱形和圖例出現，兩道拱形之間畫上一條紫色的水平直線："
            "黃點全在線下、藍點全在線上。")),
        "push_curves_together": BeatText("兩道拱形靠攏", (
            "藍色拱形往下、黃色拱形往上滑動，直到黃色拱頂冒到直線上方、"
            "藍色拱形的兩端垂到直線下方。")),
        "no_line_separates": BeatText("直線分不開了", (
            "直線變淡，先往一邊斜、再往另一邊斜，不論哪個角度都有黃點和藍點落在同一側；"
            "最後直線消失：這份資料已經無法用一條直線分開。")),
    }

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
