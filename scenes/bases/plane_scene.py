"""A scene base that shows a data set on the plane and moves the plane by a network's steps.

Each step of ``y = W2 ReLU(W1 x + b1) + b2`` is a map of the plane: a matrix
deforms the grid, a bias shifts it, ReLU folds it, a one-row matrix squashes it
onto a line. :class:`NetworkPlaneScene` plays those maps on the grid, the data
dots, the basis vectors and the network diagram together, so every scene that
shows a network (hand-set, one layer, two linear layers, ReLU) tells the story
with the same pictures.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UL,
    UP,
    UR,
    Create,
    DashedLine,
    FadeIn,
    FadeOut,
    GrowFromCenter,
    MathTex,
    Mobject,
    NumberLine,
    Rectangle,
    Transform,
    VGroup,
    Write,
    config,
)

from scenes.bases.beats import beat
from scenes.bases.themed import ThemedScene
from scenes.data.activations import relu
from scenes.data.datasets import Dataset
from scenes.data.geometry import PointMap, as_plane_points, linear_map, plane_matrix, translation
from scenes.drawing.basis import basis_vectors
from scenes.drawing.motion import move_centers, warp
from scenes.drawing.network_diagram import NetworkDiagram
from scenes.drawing.numbers import fmt_count, fmt_percent, fmt_weight
from scenes.drawing.plane import (
    PlaneView,
    class_legend,
    dataset_dots,
    make_plane,
    wrong_marks,
)
from scenes.drawing.text import side_by_side, with_backdrop, zh

__all__ = ["NetworkPlaneScene"]


class NetworkPlaneScene(ThemedScene):
    """Base for scenes that push a data set through a stored network.

    Subclasses call :meth:`setup_plane` and then the ``play_*`` steps in
    order; the scene keeps the current data coordinates of every dot in
    :attr:`coords`.
    """

    #: Data units between grid lines of the moving plane.
    grid_step: float = 1.0

    def setup_plane(
        self,
        dataset: Dataset,
        view: PlaneView | None = None,
        with_basis: bool = True,
    ) -> None:
        """Create (without showing) the grid, its faint copy, the dots and î, ĵ."""
        self.dataset = dataset
        self.view = view or PlaneView(origin=np.array([0.0, -0.6, 0.0]), unit=1.1)
        self.coords = np.asarray(dataset.points, dtype=float).copy()
        self.background_plane = make_plane(self.view, self.palette, (-24, 24), (-14, 14),
                                           faint=True)
        self.plane = make_plane(self.view, self.palette, (-12, 12), (-8, 8), step=self.grid_step)
        self.plane.prepare_for_nonlinear_transform(30)
        self.dots = dataset_dots(self.view, self.coords, dataset.labels, self.palette)
        self.basis = basis_vectors(self.view, self.palette) if with_basis else VGroup()
        self.formula: Mobject | None = None

    @beat("plane")
    def show_plane(self, run_time: float = 2.0) -> None:
        """Draw the grid, then the dots, then î and ĵ."""
        self.add(self.background_plane)
        self.play(Create(self.plane, lag_ratio=0.05), run_time=run_time)
        self.play(FadeIn(self.dots, lag_ratio=0.01), run_time=1.2)
        if len(self.basis):
            self.play(GrowFromCenter(self.basis[0]), GrowFromCenter(self.basis[1]))

    # ------------------------------------------------------------------ overlays

    def backdrop(self, mobject: Mobject, buff: float = 0.15) -> VGroup:
        """``mobject`` on a rectangle of the frame's colour, so the moving grid never runs
        through it (:func:`~scenes.drawing.text.with_backdrop` in this scene's palette)."""
        return with_backdrop(mobject, self.palette.backdrop, buff=buff)

    def add_diagram(self, sizes: Sequence[int], weights: Sequence[np.ndarray]) -> NetworkDiagram:
        """Draw the network top-left on a backdrop; return the diagram."""
        self.diagram = NetworkDiagram(
            sizes, self.palette, weights, neuron_radius=0.22, layer_buff=1.5, neuron_buff=0.45
        )
        inputs = VGroup(
            *(
                MathTex(f"x_{i + 1}", font_size=30, color=self.palette.text).next_to(
                    self.diagram.neuron(0, i), LEFT, buff=0.12
                )
                for i in range(sizes[0])
            )
        )
        panel = self.backdrop(VGroup(self.diagram, inputs), buff=0.2)
        panel.to_corner(UL, buff=0.25)
        self.play(FadeIn(panel))
        return self.diagram

    def set_formula(
        self, *parts: Mobject | str, below: Mobject | None = None, run_time: float = 1.0
    ) -> Mobject:
        """Show the current step's formula top-right, replacing the previous one.

        ``parts`` (TeX strings or mobjects) form one line; ``below``, if given,
        is set under it, right-aligned (e.g. the matrix with its numbers).
        """
        mobs = [MathTex(p, font_size=40, color=self.palette.text) if isinstance(p, str) else p
                for p in parts]
        content = side_by_side(*mobs)
        if below is not None:
            content = VGroup(content, below).arrange(DOWN, buff=0.2, aligned_edge=RIGHT)
        new = self.backdrop(content, buff=0.18).to_corner(UR, buff=0.25)
        if self.formula is None:
            self.play(FadeIn(new, shift=0.2 * DOWN), run_time=run_time)
        else:
            self.play(
                FadeOut(self.formula, shift=0.2 * UP),
                FadeIn(new, shift=0.2 * UP),
                run_time=run_time,
            )
        self.formula = new
        return new

    def caption(self, text: str, run_time: float = 0.8) -> Mobject:
        """A Chinese line at the bottom edge, replacing the previous caption."""
        new = self.backdrop(zh(text, 30, self.palette.text)).to_edge(DOWN, buff=0.25)
        legend = getattr(self, "legend", None)
        if legend is not None and legend in self.mobjects:
            # Never over the legend: a long line moves into the space to its right.
            left, right = legend.get_right()[0] + 0.2, config.frame_x_radius - 0.25
            if new.get_left()[0] < left:
                if new.width > right - left:
                    new.scale_to_fit_width(right - left).to_edge(DOWN, buff=0.25)
                new.set_x((left + right) / 2)
        old = getattr(self, "_caption", None)
        if old is None:
            self.play(FadeIn(new), run_time=run_time)
        else:
            self.play(FadeOut(old), FadeIn(new), run_time=run_time)
        self._caption = new
        self.current_caption = text  # what a beat's record names as its on-screen caption
        return new

    @beat("legend")
    def show_legend(self) -> Mobject:
        """The two class labels, bottom-left."""
        legend = self.backdrop(class_legend(self.palette), buff=0.2)
        legend.to_corner(DOWN + LEFT, buff=0.3)
        self.play(FadeIn(legend))
        self.legend = legend
        return legend

    # ------------------------------------------------------------------ steps

    def _move(
        self,
        step: PointMap,
        new_coords: np.ndarray,
        basis_matrix: np.ndarray | None,
        extra: Sequence = (),
        run_time: float = 2.5,
    ) -> None:
        """Move dots, grid and î, ĵ together: the dots to ``new_coords``, the grid by ``step``."""
        animations = [move_centers(self.dots, self.view.c2p(new_coords)), *extra]
        if self.plane in self.mobjects:
            animations.append(warp(self.plane, self.view.frame_map(step)))
        if len(self.basis) and basis_matrix is not None:
            animations.append(Transform(self.basis,
                                        basis_vectors(self.view, self.palette, basis_matrix)))
        self.play(*animations, run_time=run_time)
        self.coords = new_coords

    def play_matrix(
        self,
        matrix: np.ndarray,
        new_coords: np.ndarray,
        gap: int | None = None,
        run_time: float = 3.0,
    ) -> None:
        """Deform the plane by ``matrix`` (2x2, or 1x2 onto the horizontal axis)."""
        square = plane_matrix(matrix)
        extra = [self.diagram.flash_edges(gap, run_time=run_time)] if gap is not None else []
        self._move(linear_map(square), as_plane_points(new_coords), square, extra, run_time)
        if len(self.basis) and np.shape(matrix)[0] == 1:
            # Both arrows now lie on one line; they have told their part.
            self.play(FadeOut(self.basis))
            self.basis = VGroup()

    def play_shift(
        self,
        bias: np.ndarray,
        new_coords: np.ndarray,
        layer: int | None = None,
        run_time: float = 2.0,
    ) -> None:
        """Slide the plane by ``bias`` (2 entries, or 1 along the horizontal axis)."""
        extra = []
        if layer is not None:
            extra.append(self.diagram.highlight_layer(layer, self.palette.bias, opacity=0.5))
        if len(self.basis):
            self.play(FadeOut(self.basis), run_time=0.5)
            self.basis = VGroup()
        self._move(translation(bias), as_plane_points(new_coords), None, extra, run_time)

    def play_relu(self, new_coords: np.ndarray, layer: int, run_time: float = 3.0) -> None:
        """Fold every quadrant onto the positive one."""
        extra = [self.diagram.highlight_layer(layer, self.palette.activation, opacity=0.7)]
        self._move(relu, new_coords, None, extra, run_time)

    def zoom_to(
        self, unit: float, origin: Sequence[float] | None = None, run_time: float = 1.5
    ) -> None:
        """Change the scale (and origin) of the picture, like a camera zooming out."""
        new_view = PlaneView(
            origin=self.view.origin if origin is None else np.array(origin, dtype=float),
            unit=unit,
        )
        old_view = self.view

        def rescale(points: np.ndarray) -> np.ndarray:
            return new_view.c2p(old_view.p2c(points))

        self.view = new_view
        mobs = [m for m in (self.plane, self.background_plane) if m in self.mobjects]
        anims = [warp(m, rescale) for m in mobs]
        anims.append(move_centers(self.dots, new_view.c2p(self.coords)))
        if len(self.basis):
            anims.append(warp(self.basis, rescale))
        self.play(*anims, run_time=run_time)

    # ------------------------------------------------------------------ the 1-D output

    def show_output_line(self, *outputs: np.ndarray) -> NumberLine:
        """Swap the squashed grid for a number line covering every value in ``outputs``."""
        values = np.concatenate([np.ravel(np.asarray(o)[:, 0]) for o in outputs])
        low, high = np.floor(values.min()) - 1, np.ceil(values.max()) + 1
        # Keep the ticks inside the frame.
        low = max(low, np.ceil(self.view.p2c(np.array([-6.7, 0, 0]))[0]))
        high = min(high, np.floor(self.view.p2c(np.array([6.7, 0, 0]))[0]))
        line = NumberLine(
            x_range=(low, high, 1),
            length=(high - low) * self.view.unit,
            color=self.palette.text,
            include_numbers=True,
            font_size=22,
            numbers_to_exclude=[],
            # Manim draws the numbers white unless told: invisible on a light frame.
            decimal_number_config={"num_decimal_places": 0, "color": self.palette.text},
        )
        line.shift(self.view.c2p((0.0, 0.0)) - line.n2p(0))
        self.play(FadeOut(self.plane), FadeOut(self.background_plane), Create(line))
        self.output_line = line
        return line

    def spread_classes(self, gap: float = 0.3, run_time: float = 1.5) -> None:
        """Lift each class to its own row above the line, to see where they overlap.

        Class 0 sits ``gap`` above the line and class 1 twice as high; the
        numbers under the line stay readable.
        """
        lifted = self.coords.copy()
        lifted[:, 1] = np.where(self.dataset.labels == 1, 2 * gap, gap) / self.view.unit
        self.play(move_centers(self.dots, self.view.c2p(lifted)), run_time=run_time)
        self.coords = lifted

    def show_threshold(self, record: dict, run_time: float = 1.5) -> VGroup:
        """Draw the stored threshold with each side shaded as the class it predicts."""
        t = float(record["threshold"])
        above_is = int(record["above_is"])
        top = self.view.c2p((t, 0.0)) + 1.3 * UP
        bottom = self.view.c2p((t, 0.0)) + 1.3 * DOWN
        cut = DashedLine(bottom, top, color=self.palette.threshold, stroke_width=4)
        half = 16.0  # wide enough to reach the frame edge from any threshold
        sides = VGroup()
        for direction, label in ((RIGHT, above_is), (LEFT, 1 - above_is)):
            side = Rectangle(
                width=half,
                height=2.6,
                stroke_width=0,
                fill_color=self.palette.class_color(label),
                fill_opacity=0.12,
            )
            side.next_to(cut, direction, buff=0)
            sides.add(side)
        label = self.backdrop(MathTex(r"t = " + fmt_weight(t), font_size=34,
                                      color=self.palette.threshold))
        label.next_to(top, UP, buff=0.05)
        self.play(FadeIn(sides), Create(cut), FadeIn(label), run_time=run_time)
        self.threshold = VGroup(sides, cut, label)
        return self.threshold

    def show_accuracy(self, record: dict, predicted: np.ndarray) -> Mobject:
        """Cross out wrong points and show the stored accuracy."""
        wrong = predicted != self.dataset.labels
        crosses = wrong_marks(self.dots, wrong, self.palette.wrong)
        if len(crosses):
            self.play(Create(crosses, lag_ratio=0.05), run_time=1.5)
        text = side_by_side(
            zh("正確率", 34, self.palette.text),
            MathTex(fmt_percent(float(record["accuracy"])).replace("%", r"\%"), font_size=44,
                    color=self.palette.text),
            zh(f"（{fmt_count(int(record['correct']), int(record['total']))}）", 28,
               self.palette.muted),
        )
        box = self.backdrop(text, buff=0.2).to_edge(DOWN, buff=0.3)
        old = getattr(self, "_caption", None)
        if old is not None:
            self.play(FadeOut(old), run_time=0.4)
            self._caption = None
        self.add(box[0])
        self.play(FadeIn(box[0]), Write(text))
        self.accuracy = VGroup(crosses, box)
        return self.accuracy
