"""Unit tests for the shared drawing pieces in scenes/drawing (no rendering)."""

from __future__ import annotations

import numpy as np
import pytest
from manim import DOWN, ORIGIN, RIGHT, UP, Dot, VGroup, smooth, tempconfig

from scenes.drawing.dots import DotCloud
from scenes.drawing.matrix import WeightMatrix, entry_strings
from scenes.drawing.motion import move_centers, warp
from scenes.drawing.network_diagram import NetworkDiagram
from scenes.drawing.numbers import fmt_count, fmt_percent, fmt_signed, fmt_weight
from scenes.drawing.palette import scene_palette
from scenes.drawing.plane import PlaneView, dataset_dots, make_plane, wrong_marks

PALETTE = scene_palette("dark")
CLASS_0, CLASS_1 = PALETTE.class_colors
POSITIVE_WEIGHT, NEGATIVE_WEIGHT = PALETTE.positive_weight, PALETTE.negative_weight


@pytest.fixture(autouse=True)
def _media_in_tmp(tmp_path):
    # MathTex writes .tex/.svg files; keep them out of the working tree.
    with tempconfig({"media_dir": str(tmp_path)}):
        yield


# ------------------------------------------------------------------ numbers


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0.123, "0.12"),
        (1.0, "1"),
        (-2.0, "-2"),
        (0.5, "0.5"),
        (-0.004, "0"),
        (1.999, "2"),
        (-1.2345, "-1.23"),
    ],
)
def test_fmt_weight(value, expected):
    assert fmt_weight(value) == expected


def test_fmt_weight_digits():
    assert fmt_weight(3.14159, digits=3) == "3.142"
    assert fmt_weight(3.7, digits=0) == "4"


@pytest.mark.parametrize("bad", [float("nan"), float("inf")])
def test_fmt_weight_rejects_non_finite(bad):
    with pytest.raises(ValueError, match="non-finite"):
        fmt_weight(bad)


def test_fmt_signed():
    assert fmt_signed(-2.0) == "- 2"
    assert fmt_signed(0.25) == "+ 0.25"
    assert fmt_signed(-0.001) == "+ 0"


@pytest.mark.parametrize(
    ("fraction", "expected"), [(1.0, "100%"), (0.925, "92.5%"), (0.5, "50%"), (0.0, "0%")]
)
def test_fmt_percent(fraction, expected):
    assert fmt_percent(fraction) == expected


def test_fmt_percent_rejects_out_of_range():
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        fmt_percent(1.5)


def test_fmt_count():
    assert fmt_count(185, 200) == "185 / 200"
    with pytest.raises(ValueError, match="correct <= total"):
        fmt_count(201, 200)


# ------------------------------------------------------------------ palette


def test_class_and_weight_colours():
    assert PALETTE.class_color(0) == CLASS_0
    assert PALETTE.class_color(1) == CLASS_1
    with pytest.raises(ValueError, match="0 or 1"):
        PALETTE.class_color(2)
    assert PALETTE.weight_color(0.3) == POSITIVE_WEIGHT
    assert PALETTE.weight_color(-0.3) == NEGATIVE_WEIGHT


# ------------------------------------------------------------------ network diagram


@pytest.mark.parametrize("sizes", [(2, 1), (2, 2, 1), (2, 3), (3, 4, 2)])
def test_edge_count_is_sum_of_in_times_out(sizes):
    net = NetworkDiagram(sizes, PALETTE)
    assert [len(layer) for layer in net.layers] == list(sizes)
    assert len(net.edges) == len(sizes) - 1
    total = sum(len(gap) for gap in net.edges)
    assert total == sum(a * b for a, b in zip(sizes[:-1], sizes[1:], strict=True))


def test_edge_lookup_joins_the_right_neurons():
    net = NetworkDiagram((2, 3), PALETTE)
    for source in range(2):
        for target in range(3):
            line = net.edge(0, source, target)
            start, end = line.get_start(), line.get_end()
            # The edge leaves the source circle and enters the target circle.
            assert np.linalg.norm(start - net.neuron(0, source).get_center()) == pytest.approx(
                net.neuron_radius, abs=1e-6
            )
            assert np.linalg.norm(end - net.neuron(1, target).get_center()) == pytest.approx(
                net.neuron_radius, abs=1e-6
            )


def test_edge_width_and_colour_follow_weights():
    net = NetworkDiagram((2, 1), PALETTE, [np.array([[1.0, -5.0]])],
                         edge_width_range=(1.0, 7.0))
    small, large = net.edge(0, 0, 0), net.edge(0, 1, 0)
    assert small.get_stroke_color() == POSITIVE_WEIGHT
    assert large.get_stroke_color() == NEGATIVE_WEIGHT
    assert large.get_stroke_width() == pytest.approx(7.0)
    assert small.get_stroke_width() < large.get_stroke_width()


def test_edges_into_a_neuron():
    net = NetworkDiagram((3, 2), PALETTE)
    into = net.edges_into(0, 1)
    assert list(into) == [net.edge(0, n, 1) for n in range(3)]


def test_wrong_weight_shape_is_explained():
    with pytest.raises(ValueError, match=r"W1 must have shape \(1, 2\)"):
        NetworkDiagram((2, 1), PALETTE, [np.zeros((2, 1))])
    with pytest.raises(ValueError, match="need 2 weight matrices"):
        NetworkDiagram((2, 2, 1), PALETTE, [np.zeros((2, 2))])


def test_missing_neuron_and_gap_raise_index_error():
    net = NetworkDiagram((2, 1), PALETTE)
    with pytest.raises(IndexError, match="neuron 5 of layer 0"):
        net.edge(0, 5, 0)
    with pytest.raises(IndexError, match="no gap 1"):
        net.edge(1, 0, 0)


def test_large_layers_are_elided():
    net = NetworkDiagram((784, 128, 10), PALETTE, max_shown=(8, 6, None))
    assert [len(layer) for layer in net.layers] == [8, 6, 10]
    assert len(net.ellipses) == 2
    assert net.shown_indices[0] == [0, 1, 2, 3, 780, 781, 782, 783]
    assert len(net.edges[0]) == 8 * 6
    assert net.edge(0, 783, 127) is net.edges[0][-1]
    with pytest.raises(IndexError, match="not drawn"):
        net.edge(0, 400, 0)


# ------------------------------------------------------------------ matrix and plane


def test_entry_strings_formats_numbers_and_keeps_tex():
    assert entry_strings([[1.0, 0.123], ["w_{11}", -2]]) == [["1", "0.12"], ["w_{11}", "-2"]]
    with pytest.raises(ValueError, match="same number of entries"):
        entry_strings([[1, 2], [3]])


def test_weight_matrix_entries_are_addressable():
    w = WeightMatrix([[1, 5], [2, 3]], PALETTE)
    assert w.shape == (2, 2)
    assert w.entry(0, 1) is w.get_mob_matrix()[0][1]
    assert len(w.column(1)) == 2
    with pytest.raises(IndexError, match=r"no entry \(2, 0\)"):
        w.entry(2, 0)


def test_plane_view_round_trip_and_dots():
    view = PlaneView(origin=np.array([1.0, -0.5, 0.0]), unit=1.5)
    points = np.array([[0.0, 0.0], [2.0, -1.0]])
    frame = view.c2p(points)
    assert frame[1] == pytest.approx([4.0, -2.0, 0.0])
    assert view.p2c(frame[1]) == pytest.approx([2.0, -1.0])
    dots = dataset_dots(view, points, np.array([0, 1]), PALETTE)
    assert dots[0].get_fill_color() == CLASS_0
    assert dots.centers == pytest.approx(frame)
    assert view.p2c(frame) == pytest.approx(points)


def test_dot_cloud_keeps_data_order_across_colours():
    centers = np.array([[0.0, 0.0, 0.0], [1.0, 0.0, 0.0], [2.0, 1.0, 0.0], [3.0, -1.0, 0.0]])
    dots = DotCloud(centers, [1, 0, 1, 0], [CLASS_0, CLASS_1], radius=0.1)
    # One shape per colour, each a union of round dots of the given radius
    assert [layer.get_fill_color() for layer in dots] == [CLASS_0, CLASS_1]
    assert dots[0].get_center() == pytest.approx([2.0, -0.5, 0.0])
    assert dots.centers == pytest.approx(centers)
    dots.move_to_centers(centers[::-1])
    assert dots.centers == pytest.approx(centers[::-1])
    assert np.ptp(dots[1].points[:32, 0]) == pytest.approx(0.2)
    with pytest.raises(ValueError, match="4 dots but 3 groups"):
        DotCloud(centers, [0, 1, 0], [CLASS_0, CLASS_1])


def test_move_centers_slides_dots_without_reshaping_them():
    view = PlaneView(origin=np.array([1.0, -0.5, 0.0]), unit=1.5)
    points = np.array([[0.0, 0.0], [2.0, -1.0]])
    dots = dataset_dots(view, points, np.array([0, 1]), PALETTE)
    before = [layer.points.copy() for layer in dots]
    move = move_centers(dots, view.c2p(points[::-1]))
    move.begin()
    move.interpolate(0.5)
    assert dots.centers[0] == pytest.approx(view.c2p([1.0, -0.5]))
    # Eased in and out like any Manim animation: a quarter of the time is less
    # than a quarter of the way.
    move.interpolate(0.25)
    assert dots.centers[0] == pytest.approx(view.c2p(smooth(0.25) * points[1]))
    assert smooth(0.25) < 0.2
    move.finish()
    assert dots.centers == pytest.approx(view.c2p(points[::-1]))
    # A translation: the dot's outline is the old one, shifted
    assert dots[0].points - before[0] == pytest.approx(
        np.broadcast_to(view.c2p(points[1]) - view.c2p(points[0]), before[0].shape)
    )
    assert move.get_all_mobjects() == (dots,)
    with pytest.raises(ValueError, match="2 dots but 1 target centres"):
        move_centers(dots, view.c2p(points[:1]))
    # Any group of mobjects moves member by member
    group = VGroup(Dot(ORIGIN), Dot(RIGHT))
    move = move_centers(group, np.array([UP, DOWN]))
    move.begin()
    move.finish()
    assert [dot.get_center() for dot in group] == [pytest.approx(UP), pytest.approx(DOWN)]
    with pytest.raises(ValueError, match="2 members but 1 target centres"):
        move_centers(group, np.array([UP]))


def test_wrong_marks_cross_the_wrong_dots_only():
    view = PlaneView()
    points = np.array([[0.0, 0.0], [2.0, -1.0], [-1.0, 1.0]])
    dots = dataset_dots(view, points, np.array([0, 1, 1]), PALETTE)
    crosses = wrong_marks(dots, np.array([False, True, True]), PALETTE.wrong)
    assert [cross.get_center() for cross in crosses] == [
        pytest.approx(view.c2p(points[1])), pytest.approx(view.c2p(points[2]))
    ]
    assert len(wrong_marks(dots, np.zeros(3, dtype=bool), PALETTE.wrong)) == 0


def test_warp_ends_with_every_grid_point_mapped():
    view = PlaneView(origin=np.array([0.5, 0.0, 0.0]), unit=2.0)
    plane = make_plane(view, PALETTE, (-2, 2), (-2, 2))
    plane.prepare_for_nonlinear_transform(5)
    start = [part.points.copy() for part in plane.family_members_with_points()]
    fold = view.frame_map(lambda xy: np.maximum(xy, 0.0))
    move = warp(plane, fold)
    move.begin()
    move.finish()
    for part, points in zip(plane.family_members_with_points(), start, strict=True):
        assert part.points == pytest.approx(fold(points))
        # Nothing lands outside the positive quadrant of the data
        assert (view.p2c(part.points) >= -1e-9).all()


def test_fmt_linear_writes_a_row_as_by_hand():
    from scenes.drawing.numbers import fmt_linear

    assert fmt_linear([1.0, 1.0]) == "x_1 + x_2"
    assert fmt_linear([-1.0, 0.5]) == "-x_1 + 0.5x_2"
    assert fmt_linear([1.753, -3.4623], ("h_1", "h_2")) == "1.75h_1 - 3.46h_2"
    with pytest.raises(ValueError, match="2 coefficients but 1 names"):
        fmt_linear([1.0, 2.0], ("x",))


# ------------------------------------------------------------------ helpers moved out of the bases


def test_symbolic_matrix_writes_textbook_entries():
    from scenes.drawing.matrix import symbolic_matrix

    assert symbolic_matrix(1, 2) == [["w_{1}", "w_{2}"]]
    assert symbolic_matrix(2, 3)[1] == ["w_{21}", "w_{22}", "w_{23}"]
    assert symbolic_matrix(2, 2, "a")[0][1] == "a_{12}"


def test_neuron_labels_sit_beside_or_inside_their_neurons():
    from manim import LEFT

    from scenes.drawing.network_diagram import neuron_labels

    net = NetworkDiagram((2, 1), PALETTE, neuron_radius=0.3)
    beside = neuron_labels(net, 0, ["x_1", "x_2"], LEFT)
    for label, index in zip(beside, (0, 1), strict=True):
        assert label.get_right()[0] < net.neuron(0, index).get_left()[0]
    inside = neuron_labels(net, 1, ["18"], None)
    assert inside[0].get_center() == pytest.approx(net.neuron(1, 0).get_center())
    assert inside[0].height <= net.neuron(1, 0).height * 0.5 + 1e-9
    with pytest.raises(ValueError):
        neuron_labels(net, 0, ["x_1"], LEFT)


def test_fit_view_puts_the_data_in_the_free_area():
    from scenes.drawing.plane import fit_view

    points = np.array([[-3.0, -1.0], [3.0, 1.0]])
    view = fit_view([points], half_width=6.0, half_height=2.0, center_y=-0.5, max_unit=5.0)
    frame = view.c2p(points)
    assert frame[:, 0] == pytest.approx([-6.0, 6.0])
    assert frame[:, 1].mean() == pytest.approx(-0.5)


def test_basis_vectors_of_a_one_row_matrix_lie_on_the_axis():
    from scenes.drawing.basis import basis_vectors

    view = PlaneView()
    i_hat, j_hat = basis_vectors(view, PALETTE, np.array([[1.0, -2.0]]), labels=False)
    assert i_hat.arrow.get_end()[:2] == pytest.approx([1.0, 0.0], abs=1e-6)
    assert j_hat.arrow.get_end()[:2] == pytest.approx([-2.0, 0.0], abs=1e-6)
