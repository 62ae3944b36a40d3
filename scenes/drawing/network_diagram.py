"""A feed-forward network drawn as neurons and weighted edges.

The drawing follows 3Blue1Brown's neural-network videos: one column of
circles per layer, one line per weight. An edge's colour shows the sign of its
weight and its width shows the size, so that a matrix entry and the edge it
becomes can be compared at a glance.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import (
    DOWN,
    RIGHT,
    Animation,
    AnimationGroup,
    Circle,
    Line,
    MathTex,
    ParsableManimColor,
    ShowPassingFlash,
    VGroup,
)

from scenes.drawing.palette import ScenePalette

__all__ = ["NetworkDiagram", "neuron_labels"]


class NetworkDiagram(VGroup):
    """Neurons in columns joined by edges that show their weights.

    Parameters
    ----------
    layer_sizes
        Number of neurons per layer, input first, e.g. ``(2, 2, 1)``.
    palette
        The render's colours: neurons outlined in ``text`` and filled with the
        ``background``, edges in the weight colours, pulses in ``highlight``.
    weights
        One matrix per gap between layers, shape ``(out, in)`` as in
        ``y = W x + b``; ``None`` draws every edge in neutral grey.
    neuron_radius
        Radius of a neuron.
    layer_buff
        Horizontal distance between neighbouring layers' centres.
    neuron_buff
        Vertical gap between neighbouring neurons.
    max_shown
        Largest number of neurons drawn for one layer (or one limit per layer,
        ``None`` for no limit); bigger layers show their first and last
        ``max_shown // 2`` neurons with a vertical ellipsis between them.
    edge_width_range
        Stroke widths of the weakest and of the strongest weight.

    Attributes
    ----------
    layers : VGroup
        One ``VGroup`` of ``Circle`` per layer.
    edges : VGroup
        One ``VGroup`` of ``Line`` per gap, ordered target-major: the edges into
        neuron ``m`` are contiguous, like row ``m`` of ``W``.
    ellipses : VGroup
        The vertical dots of elided layers.
    shown_indices : list[list[int]]
        For each layer, the real index of every drawn neuron.

    Examples
    --------
    .. code-block:: python

        class Example(Scene):
            def construct(self):
                net = NetworkDiagram((2, 1), self.palette, [np.array([[1.0, 5.0]])])
                self.add(net)
                self.play(net.flash_edges(0))
    """

    def __init__(
        self,
        layer_sizes: Sequence[int],
        palette: ScenePalette,
        weights: Sequence[np.ndarray] | None = None,
        *,
        neuron_radius: float = 0.18,
        layer_buff: float = 1.4,
        neuron_buff: float = 0.3,
        max_shown: int | Sequence[int | None] | None = None,
        edge_width_range: tuple[float, float] = (1.0, 7.0),
        **kwargs,
    ) -> None:
        super().__init__(**kwargs)
        if len(layer_sizes) < 2 or any(size < 1 for size in layer_sizes):
            raise ValueError(f"need at least two non-empty layers, got {tuple(layer_sizes)}")
        self.layer_sizes = tuple(int(size) for size in layer_sizes)
        self.palette = palette
        self.neuron_radius = neuron_radius
        self.edge_width_range = edge_width_range
        if max_shown is None or isinstance(max_shown, int):
            max_shown = [max_shown] * len(self.layer_sizes)
        self.shown_indices = [
            self._shown(size, limit)
            for size, limit in zip(self.layer_sizes, max_shown, strict=True)
        ]

        self.layers = VGroup()
        self.ellipses = VGroup()
        for column, (size, shown) in enumerate(
            zip(self.layer_sizes, self.shown_indices, strict=True)
        ):
            layer = VGroup(*(self._neuron() for _ in shown)).arrange(DOWN, buff=neuron_buff)
            if len(shown) < size:
                # Open a gap in the middle of the column and mark it with an ellipsis.
                half = len(shown) // 2
                layer[half:].shift(DOWN * 2.4 * neuron_radius)
            layer.move_to(RIGHT * column * layer_buff)
            if len(shown) < size:
                dots = MathTex(r"\vdots", color=palette.text).scale(0.8)
                dots.move_to((layer[half - 1].get_center() + layer[half].get_center()) / 2)
                self.ellipses.add(dots)
            self.layers.add(layer)

        self.edges = VGroup()
        for gap in range(len(self.layer_sizes) - 1):
            self.edges.add(
                VGroup(
                    *(
                        Line(
                            source.get_center(),
                            target.get_center(),
                            buff=neuron_radius,
                            stroke_color=palette.neutral_weight,
                            stroke_width=2,
                        )
                        for target in self.layers[gap + 1]
                        for source in self.layers[gap]
                    )
                )
            )
        # Edges first so that the neurons are drawn over their ends.
        self.add(self.edges, self.layers, self.ellipses)
        if weights is not None:
            self.set_weights(weights)
        self.center()

    @staticmethod
    def _shown(size: int, max_shown: int | None) -> list[int]:
        if max_shown is None or size <= max_shown:
            return list(range(size))
        half = max(1, max_shown // 2)
        return list(range(half)) + list(range(size - half, size))

    def _neuron(self) -> Circle:
        return Circle(
            radius=self.neuron_radius,
            stroke_color=self.palette.text,
            stroke_width=2,
            fill_color=self.palette.background,
            fill_opacity=1,
        )

    def set_weights(self, weights: Sequence[np.ndarray]) -> NetworkDiagram:
        """Colour and size every edge after its weight.

        Widths are scaled by the largest absolute weight over all layers, so a
        thick edge in one layer means the same as in another.

        Parameters
        ----------
        weights
            One ``(out, in)`` matrix per gap.

        Returns
        -------
        NetworkDiagram
            ``self``, for chaining (and ``.animate``).

        Raises
        ------
        ValueError
            If the number or shapes of the matrices do not fit the layers.
        """
        matrices = [np.asarray(w, dtype=float) for w in weights]
        if len(matrices) != len(self.edges):
            raise ValueError(f"need {len(self.edges)} weight matrices, got {len(matrices)}")
        for gap, matrix in enumerate(matrices):
            expected = (self.layer_sizes[gap + 1], self.layer_sizes[gap])
            if matrix.shape != expected:
                raise ValueError(f"W{gap + 1} must have shape {expected}, got {matrix.shape}")
        largest = max(float(np.abs(m).max()) for m in matrices) or 1.0
        thinnest, thickest = self.edge_width_range
        for gap, matrix in enumerate(matrices):
            for m in self.shown_indices[gap + 1]:
                for n in self.shown_indices[gap]:
                    weight = float(matrix[m, n])
                    width = thinnest + (thickest - thinnest) * abs(weight) / largest
                    self.edge(gap, n, m).set_stroke(self.palette.weight_color(weight),
                                                    width=width)
        return self

    def neuron(self, layer: int, index: int) -> Circle:
        """Return the circle of neuron ``index`` (its real index) in ``layer``."""
        return self.layers[layer][self._position(layer, index)]

    def edge(self, gap: int, source: int, target: int) -> Line:
        """Return the edge from neuron ``source`` of layer ``gap`` to ``target`` of ``gap + 1``.

        Parameters
        ----------
        gap
            Index of the weight matrix, 0 for ``W1``.
        source
            Real index of the neuron in layer ``gap`` (the column of ``W``).
        target
            Real index of the neuron in layer ``gap + 1`` (the row of ``W``).

        Returns
        -------
        Line
            The edge that carries ``W[target, source]``.

        Raises
        ------
        IndexError
            If either neuron does not exist or is elided.
        """
        if not 0 <= gap < len(self.edges):
            raise IndexError(f"no gap {gap}; the network has {len(self.edges)}")
        row = self._position(gap + 1, target)
        column = self._position(gap, source)
        return self.edges[gap][row * len(self.shown_indices[gap]) + column]

    def edges_into(self, gap: int, target: int) -> VGroup:
        """Return the edges that end in neuron ``target`` of layer ``gap + 1``."""
        return VGroup(*(self.edge(gap, n, target) for n in self.shown_indices[gap]))

    def _position(self, layer: int, index: int) -> int:
        if not 0 <= layer < len(self.layer_sizes):
            raise IndexError(f"no layer {layer}; the network has {len(self.layer_sizes)}")
        try:
            return self.shown_indices[layer].index(index)
        except ValueError:
            raise IndexError(f"neuron {index} of layer {layer} is not drawn") from None

    def flash_edges(self, gap: int, run_time: float = 1.2) -> Animation:
        """Send a pulse along the edges of ``W{gap+1}``, as the layer is applied."""
        pulse = self.edges[gap].copy()
        for line in pulse:
            line.set_stroke(self.palette.highlight, width=line.get_stroke_width() + 3)
        return ShowPassingFlash(pulse, time_width=0.6, run_time=run_time)

    def highlight_layer(
        self, layer: int, color: ParsableManimColor | None = None, opacity: float = 0.6
    ) -> Animation:
        """Fill the neurons of ``layer`` (``highlight`` by default), to show which values
        the plane now holds."""
        fill = self.palette.highlight if color is None else color
        return self.layers[layer].animate.set_fill(fill, opacity=opacity)

    def reset_highlight(self) -> Animation:
        """Empty every neuron again."""
        return AnimationGroup(
            *(layer.animate.set_fill(self.palette.background, opacity=1)
              for layer in self.layers)
        )


def neuron_labels(
    diagram: NetworkDiagram,
    layer: int,
    texts: Sequence[str],
    side: np.ndarray | None,
    size: float = 36,
) -> VGroup:
    """TeX labels beside (or, with ``side=None``, inside) the drawn neurons of ``layer``."""
    labels = VGroup()
    for index, text in zip(diagram.shown_indices[layer], texts, strict=True):
        label = MathTex(text, font_size=size, color=diagram.palette.text)
        neuron = diagram.neuron(layer, index)
        if side is None:
            label.move_to(neuron).scale_to_fit_height(min(label.height, neuron.height * 0.5))
        else:
            label.next_to(neuron, side, buff=0.15)
        labels.add(label)
    return labels
