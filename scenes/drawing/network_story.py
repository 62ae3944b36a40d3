"""Tell a stored network's story on the plane: each ``W``, ``+ b`` and ReLU in turn.

:class:`NetworkStoryScene` reads a record of ``networks.json`` and plays its
layers as maps of the plane with the formula of each step written top-right,
then the threshold and the stored accuracy. Scenes choose the record and the
captions; the pictures are the same for a hand-set layer, a trained layer,
two linear layers or the ReLU network.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from manim import MathTex, Mobject, VGroup

from scenes.data.datasets import dataset
from scenes.data.networks import forward, predict
from scenes.drawing.matrix import ColumnVector, WeightMatrix
from scenes.drawing.numbers import fmt_linear, fmt_signed, fmt_weight
from scenes.drawing.palette import BIAS, TEXT
from scenes.drawing.plane_scene import NetworkPlaneScene, as_plane_points
from scenes.drawing.text import side_by_side

__all__ = ["NetworkStoryScene"]

# Shrink the picture before a step only when it would not fit by this factor.
ZOOM_TOLERANCE = 1.15


class NetworkStoryScene(NetworkPlaneScene):
    """Play every layer of ``record_name`` on the plane, then threshold and accuracy.

    Class attributes (override in subclasses):

    ``record_name``
        Key in :func:`~scenes.data.networks.load_networks`.
    ``captions``
        Chinese caption per step: ``"start"``, ``"W1"``, ``"b1"``, ``"relu"``,
        ``"W2"``, ``"b2"``, ``"threshold"`` (one-layer networks use ``"W1"``, ``"b1"``).
    ``show_threshold_and_accuracy``
        Finish with the threshold, the crosses and the accuracy.
    """

    record_name: str = "hand_set"
    captions: Mapping[str, str] = {}
    show_threshold_and_accuracy: bool = True
    step_pause: float = 1.0

    def play_network(self, record: dict) -> None:
        """Play the whole story of ``record``."""
        data = dataset(record["dataset"])
        points = np.asarray(data.points, dtype=float)
        steps = forward(record, points)
        layers = [
            (np.asarray(la["W"], float), np.asarray(la["b"], float)) for la in record["layers"]
        ]
        relu = record["activation"] == "relu"
        single = len(layers) == 1

        # The data on the plane, at the largest scale that shows it
        self.setup_plane(data, self.fit_view([points], max_unit=1.3))
        self.add(self.background_plane, self.plane, self.dots, self.basis)
        self.show_legend()
        self.add_diagram((2, *[w.shape[0] for w, _ in layers]), [w for w, _ in layers])
        self._say("start")

        index = 0
        for k, (w, b) in enumerate(layers):
            last = k == len(layers) - 1
            w_name, b_name = ("W", "b") if single else (f"W_{k + 1}", f"b_{k + 1}")
            x_name = r"\mathbf{x}" if k == 0 else r"\mathbf{h}"
            after_w, after_b = steps[index], steps[index + 1]
            index += 2
            upcoming = [after_w, after_b]
            if relu and not last:
                upcoming.append(steps[index])
            # Zoom out first if the step would leave the frame
            self._fit([self.coords, *upcoming])
            # Apply the weights
            if w.shape[0] == 1:
                value = MathTex(fmt_linear(w[0], _names(k)), font_size=36, color=TEXT)
                self.set_formula(
                    f"{w_name}{x_name} =", value, below=_equals(w_name, WeightMatrix(w))
                )
            else:
                self.set_formula(f"{w_name}{x_name}", below=_equals(w_name, WeightMatrix(w)))
            self._say(f"W{k + 1}")
            self.play_matrix(w, after_w, gap=k, run_time=3.5)
            self.wait(self.step_pause)
            if w.shape[0] == 1:
                # Only a line is left: use the whole width for it
                self._fit([after_w, after_b])
            # Add the bias
            if last and w.shape[0] == 1:
                self.show_output_line(after_w, after_b)
                value = MathTex(
                    fmt_linear(w[0], _names(k)) + " " + fmt_signed(b[0]), font_size=36, color=TEXT
                )
                self.set_formula(
                    f"{w_name}{x_name} + {b_name} =",
                    value,
                    below=_equals(b_name, MathTex(fmt_weight(b[0]), color=BIAS)),
                )
            else:
                self.set_formula(
                    f"{w_name}{x_name} + {b_name}", below=_equals(b_name, ColumnVector(b))
                )
            self._say(f"b{k + 1}")
            self.play_shift(b, after_b, layer=k + 1, run_time=2.5)
            self.wait(self.step_pause)
            # Fold with ReLU between layers
            if relu and not last:
                self.set_formula(
                    rf"\mathbf{{h}} = \mathrm{{ReLU}}({w_name}{x_name} + {b_name})",
                    below=MathTex(r"\mathrm{ReLU}(v) = \max(v, 0)", font_size=34, color=TEXT),
                )
                self._say("relu")
                self.play_relu(steps[index], layer=k + 1, run_time=3.5)
                index += 1
                self.wait(self.step_pause)
                # Everything left lies in one quadrant: zoom in on it
                self._fit([self.coords, steps[index], steps[index + 1]])
                self.after_relu(record)

        if self.show_threshold_and_accuracy:
            self.spread_classes()
            self._say("threshold")
            self.show_threshold(record)
            self.wait(0.5)
            self.show_accuracy(record, predict(record, points))
            self.wait(3)

    def after_relu(self, record: dict) -> None:
        """Hook called once the plane has been folded (nothing by default)."""

    def _say(self, step: str) -> None:
        if step in self.captions:
            self.caption(self.captions[step])

    def _fit(self, arrays: list[np.ndarray]) -> None:
        """Zoom and pan so that ``arrays`` fill the free area, unless it already nearly does."""
        needed = self.fit_view([as_plane_points(a) for a in arrays], max_unit=1.6)
        ratio = needed.unit / self.view.unit
        moved = np.linalg.norm(needed.origin - self.view.origin)
        if not 1 / ZOOM_TOLERANCE <= ratio <= ZOOM_TOLERANCE or moved > 0.8:
            self.zoom_to(needed.unit, needed.origin)


def _names(layer: int) -> tuple[str, str]:
    """TeX names of a layer's inputs: ``x_1, x_2`` first, then ``h_1, h_2``."""
    return ("x_1", "x_2") if layer == 0 else ("h_1", "h_2")


def _equals(name: str, value: Mobject) -> VGroup:
    """``name = value`` on one line, e.g. ``W_1 = [..]``."""
    return side_by_side(MathTex(f"{name} =", font_size=40, color=TEXT), value)
