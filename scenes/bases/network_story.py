"""Tell a stored network's story on the plane, one named beat per step of ``y = W x + b``.

:class:`NetworkStoryScene` gives each step of a network its own beat: the data
on the plane (:meth:`~NetworkStoryScene.show_data`), a square ``W`` deforming
the grid (:meth:`~NetworkStoryScene.apply_weights`), ``+ b`` sliding it
(:meth:`~NetworkStoryScene.add_bias`), ReLU folding it
(:meth:`~NetworkStoryScene.fold_with_relu`), a one-row ``W`` squashing it onto
the output line (:meth:`~NetworkStoryScene.squash_onto_line`) and the last bias
sliding along that line (:meth:`~NetworkStoryScene.slide_along_line`), then the
threshold and the stored accuracy (:meth:`~NetworkStoryScene.threshold_and_accuracy`).
A scene lists the beats of its network in ``construct()``; variants that tell
the same story about another record override ``record_name`` and ``captions``.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from manim import MathTex, Mobject, VGroup

from scenes.bases.beats import beat
from scenes.bases.plane_scene import NetworkPlaneScene
from scenes.data.datasets import dataset
from scenes.data.geometry import as_plane_points
from scenes.data.networks import layer_steps, load_networks, predict, weights_and_biases
from scenes.drawing.matrix import ColumnVector, WeightMatrix
from scenes.drawing.numbers import fmt_linear, fmt_signed, fmt_weight
from scenes.drawing.plane import fit_view
from scenes.drawing.text import side_by_side

__all__ = ["NetworkStoryScene"]

# Shrink the picture before a step only when it would not fit by this factor.
ZOOM_TOLERANCE = 1.15


class NetworkStoryScene(NetworkPlaneScene):
    """The beats that play the record ``record_name`` on the plane, step by step.

    Class attributes (override in subclasses):

    ``record_name``
        Key in :func:`~scenes.data.networks.load_networks`.
    ``captions``
        Chinese caption per beat: ``"start"``, ``"W1"``, ``"b1"``, ``"relu"``,
        ``"W2"``, ``"b2"``, ``"threshold"`` (one-layer networks use ``"W1"``,
        ``"b1"``); a beat without a caption keeps the previous one.
    ``step_pause``
        Seconds to hold the picture after each step.

    Beats that take ``layer`` count layers from 0: ``layer=0`` is ``W1``, ``b1``.
    """

    record_name: str = "hand_set"
    captions: Mapping[str, str] = {}
    step_pause: float = 1.0

    # ------------------------------------------------------------------ beats

    @beat("start")
    def show_data(self) -> None:
        """The record's data set on the plane, as large as fits, with the legend and the network.

        Reads the record and computes every step of its forward pass, for the
        beats that follow.
        """
        self.record = load_networks()[self.record_name]
        data = dataset(self.record["dataset"])
        self.points = np.asarray(data.points, dtype=float)
        self.layers = weights_and_biases(self.record)
        self.steps = layer_steps(self.record, self.points)
        self.setup_plane(data, fit_view([self.points], max_unit=1.3))
        self.add(self.background_plane, self.plane, self.dots, self.basis)
        self.show_legend()
        self.add_diagram((2, *[w.shape[0] for w, _ in self.layers]), [w for w, _ in self.layers])
        self._say("start")

    @beat(lambda layer: f"W{layer + 1}")
    def apply_weights(self, layer: int) -> None:
        """``W x`` for a square ``W``: the grid stretches and tilts; î, ĵ go to ``W``'s columns."""
        w, _ = self.layers[layer]
        w_name, _, x_name = self._symbols(layer)
        # Zoom out first if the step would leave the frame
        self._fit([self.coords, *self.steps[layer].arrays])
        self.set_formula(f"{w_name}{x_name}",
                         below=self._equals(w_name, WeightMatrix(w, self.palette)))
        self._say(f"W{layer + 1}")
        self.play_matrix(w, self.steps[layer].weighted, gap=layer, run_time=3.5)
        self.wait(self.step_pause)

    @beat(lambda layer: f"b{layer + 1}")
    def add_bias(self, layer: int) -> None:
        """``+ b``: the whole plane slides by the bias vector."""
        _, b = self.layers[layer]
        w_name, b_name, x_name = self._symbols(layer)
        self.set_formula(f"{w_name}{x_name} + {b_name}",
                         below=self._equals(b_name, ColumnVector(b, self.palette)))
        self._say(f"b{layer + 1}")
        self.play_shift(b, self.steps[layer].biased, layer=layer + 1, run_time=2.5)
        self.wait(self.step_pause)

    @beat("relu")
    def fold_with_relu(self, layer: int) -> None:
        """ReLU after ``layer``: every quadrant folds onto the positive one."""
        w_name, b_name, x_name = self._symbols(layer)
        self.set_formula(
            rf"\mathbf{{h}} = \mathrm{{ReLU}}({w_name}{x_name} + {b_name})",
            below=MathTex(r"\mathrm{ReLU}(v) = \max(v, 0)", font_size=34,
                          color=self.palette.text),
        )
        self._say("relu")
        self.play_relu(self.steps[layer].activated, layer=layer + 1, run_time=3.5)
        self.wait(self.step_pause)
        # Everything left lies in one quadrant: zoom in on it and on the next layer's steps
        following = self.steps[layer + 1]
        self._fit([self.coords, following.weighted, following.biased])

    @beat(lambda layer: f"W{layer + 1}")
    def squash_onto_line(self, layer: int) -> None:
        """``W x`` for a one-row ``W``: the plane collapses onto the output line."""
        w, _ = self.layers[layer]
        w_name, _, x_name = self._symbols(layer)
        steps = self.steps[layer]
        # Zoom out first if the step would leave the frame
        self._fit([self.coords, *steps.arrays])
        value = MathTex(fmt_linear(w[0], _input_names(layer)), font_size=36,
                        color=self.palette.text)
        self.set_formula(f"{w_name}{x_name} =", value,
                         below=self._equals(w_name, WeightMatrix(w, self.palette)))
        self._say(f"W{layer + 1}")
        self.play_matrix(w, steps.weighted, gap=layer, run_time=3.5)
        self.wait(self.step_pause)
        # Only a line is left: use the whole width for it
        self._fit([steps.weighted, steps.biased])

    @beat(lambda layer: f"b{layer + 1}")
    def slide_along_line(self, layer: int) -> None:
        """The last ``+ b``: the grid gives way to a number line; every point slides along it."""
        w, b = self.layers[layer]
        w_name, b_name, x_name = self._symbols(layer)
        steps = self.steps[layer]
        self.show_output_line(steps.weighted, steps.biased)
        value = MathTex(
            fmt_linear(w[0], _input_names(layer)) + " " + fmt_signed(b[0]),
            font_size=36,
            color=self.palette.text,
        )
        self.set_formula(
            f"{w_name}{x_name} + {b_name} =",
            value,
            below=self._equals(b_name, MathTex(fmt_weight(b[0]), color=self.palette.bias)),
        )
        self._say(f"b{layer + 1}")
        self.play_shift(b, steps.biased, layer=layer + 1, run_time=2.5)
        self.wait(self.step_pause)

    @beat("threshold")
    def threshold_and_accuracy(self) -> None:
        """Each class on its own row, the stored threshold, the crosses and the accuracy."""
        self.spread_classes()
        self._say("threshold")
        self.show_threshold(self.record)
        self.wait(0.5)
        self.show_accuracy(self.record, predict(self.record, self.points))
        self.wait(3)

    # ------------------------------------------------------------------ helpers

    def _symbols(self, layer: int) -> tuple[str, str, str]:
        """TeX names of the layer's weights, bias and input: ``W``, ``b``, ``x`` in a
        one-layer network, ``W_1``, ``b_1``, ``x`` then ``W_2``, ``b_2``, ``h`` in two."""
        single = len(self.layers) == 1
        w_name, b_name = ("W", "b") if single else (f"W_{layer + 1}", f"b_{layer + 1}")
        x_name = r"\mathbf{x}" if layer == 0 else r"\mathbf{h}"
        return w_name, b_name, x_name

    def _equals(self, name: str, value: Mobject) -> VGroup:
        """``name = value`` on one line, e.g. ``W_1 = [..]``."""
        return side_by_side(MathTex(f"{name} =", font_size=40, color=self.palette.text), value)

    def _say(self, beat: str) -> None:
        if beat in self.captions:
            self.caption(self.captions[beat])

    def _fit(self, arrays: list[np.ndarray]) -> None:
        """Zoom and pan so that ``arrays`` fill the free area, unless it already nearly does."""
        needed = fit_view([as_plane_points(a) for a in arrays], max_unit=1.6)
        ratio = needed.unit / self.view.unit
        moved = np.linalg.norm(needed.origin - self.view.origin)
        if not 1 / ZOOM_TOLERANCE <= ratio <= ZOOM_TOLERANCE or moved > 0.8:
            self.zoom_to(needed.unit, needed.origin)


def _input_names(layer: int) -> tuple[str, str]:
    """TeX names of a layer's inputs: ``x_1, x_2`` first, then ``h_1, h_2``."""
    return ("x_1", "x_2") if layer == 0 else ("h_1", "h_2")

