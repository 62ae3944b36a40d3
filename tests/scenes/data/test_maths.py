"""The maths the scenes draw, kept once in scenes/data: activations, plane maps, fitted views,
the line ReLU makes straight, and the illustrative random numbers."""

from __future__ import annotations

import numpy as np
import pytest

from scenes.data.activations import relu, relu_slope, sigmoid, tanh
from scenes.data.datasets import easy_curves, hard_curves, separating_height
from scenes.data.examples import QUADRANT_SIGNS, quadrant_points, random_weight_matrices
from scenes.data.geometry import (
    as_plane_points,
    fit_box,
    linear_map,
    plane_matrix,
    plane_shift,
    translation,
)
from scenes.data.networks import (
    forward,
    hidden_boundary,
    layer_steps,
    load_networks,
    output,
    weights_and_biases,
)

# --------------------------------------------------------------------------- activations


def test_relu_zeroes_negatives_and_keeps_the_rest() -> None:
    assert relu(-2.5) == 0.0
    assert relu(1.5) == 1.5
    np.testing.assert_array_equal(relu(np.array([-1.0, 0.0, 2.0])), [0.0, 0.0, 2.0])


def test_relu_folds_points_of_the_plane_into_the_positive_quadrant() -> None:
    points = np.array([[1.0, 2.0], [-1.0, 2.0], [-1.0, -2.0], [1.0, -2.0]])
    np.testing.assert_array_equal(relu(points), [[1, 2], [0, 2], [0, 0], [1, 0]])


def test_relu_slope_is_one_only_where_the_input_is_positive() -> None:
    np.testing.assert_array_equal(relu_slope(np.array([-1.0, 0.0, 3.0])), [0, 0, 1])


def test_sigmoid_maps_onto_zero_one_symmetrically() -> None:
    assert sigmoid(0.0) == 0.5
    values = np.linspace(-6, 6, 13)
    squashed = sigmoid(values)
    assert ((squashed > 0) & (squashed < 1)).all()
    np.testing.assert_allclose(squashed + sigmoid(-values), 1.0)
    assert (np.diff(squashed) > 0).all()


def test_tanh_is_a_rescaled_sigmoid() -> None:
    values = np.linspace(-3, 3, 7)
    np.testing.assert_allclose(tanh(values), 2 * sigmoid(2 * values) - 1)
    assert tanh(0.0) == 0.0


# --------------------------------------------------------------------------- plane maps


def test_as_plane_points_lays_outputs_on_the_horizontal_axis() -> None:
    np.testing.assert_array_equal(as_plane_points(np.array([[2.0], [-1.0]])),
                                  [[2.0, 0.0], [-1.0, 0.0]])
    points = np.array([[1.0, 2.0]])
    assert as_plane_points(points) is points


def test_plane_matrix_pads_one_row_with_zeros() -> None:
    np.testing.assert_array_equal(plane_matrix([[1.0, 1.0]]), [[1.0, 1.0], [0.0, 0.0]])
    square = np.array([[2.0, 0.5], [-1.0, 1.0]])
    np.testing.assert_array_equal(plane_matrix(square), square)
    with pytest.raises(ValueError, match=r"1x2 or 2x2 matrix, got shape \(2, 3\)"):
        plane_matrix(np.zeros((2, 3)))


def test_plane_shift_slides_along_the_axis_for_one_entry() -> None:
    np.testing.assert_array_equal(plane_shift([-2.0]), [-2.0, 0.0])
    np.testing.assert_array_equal(plane_shift([1.0, 3.0]), [1.0, 3.0])
    with pytest.raises(ValueError, match=r"1 or 2 entries, got shape \(3,\)"):
        plane_shift([1.0, 2.0, 3.0])


@pytest.mark.parametrize("name", ["hand_set", "hard_two_linear", "hard_relu"])
def test_plane_maps_move_points_where_the_forward_pass_does(name: str) -> None:
    # The grid is warped by linear_map/translation while the dots move to forward()'s
    # arrays: they must agree, or the dots would leave their grid squares.
    record = load_networks()[name]
    points = hard_curves().points
    steps = layer_steps(record, points)
    (w, b) = weights_and_biases(record)[0]
    np.testing.assert_allclose(linear_map(w)(points), as_plane_points(steps[0].weighted))
    np.testing.assert_allclose(translation(b)(as_plane_points(steps[0].weighted)),
                               as_plane_points(steps[0].biased))


def test_fit_box_fills_the_box_and_centres_the_points() -> None:
    points = np.array([[-2.0, 0.0], [2.0, 1.0]])
    unit, origin = fit_box([points], half_width=4.0, half_height=1.0, center_y=-0.5,
                           max_unit=10.0)
    # Width asks for 4 / 2 = 2, height for 1 / 0.5 = 2: both fit exactly.
    assert unit == 2.0
    frame = points * unit + origin[:2]
    np.testing.assert_allclose(frame.mean(axis=0), [0.0, -0.5])
    assert origin[2] == 0.0


def test_fit_box_caps_the_scale_and_survives_flat_data() -> None:
    flat = np.array([[0.0, 1.0], [1.0, 1.0]])
    unit, _ = fit_box([flat], 6.4, 2.3, -0.5, max_unit=1.6)
    assert unit == 1.6
    # 1-D outputs count as points on the axis
    unit, origin = fit_box([np.array([[-1.0], [3.0]])], 4.0, 2.0, 0.0, max_unit=5.0)
    assert unit == 2.0
    np.testing.assert_allclose(origin, [-2.0, 0.0, 0.0])


# --------------------------------------------------------------------------- the network, by layer


@pytest.mark.parametrize(("name", "folded"), [("hand_set", [False]),
                                              ("hard_two_linear", [False, False]),
                                              ("hard_relu", [True, False])])
def test_layer_steps_group_the_forward_pass(name: str, folded: list[bool]) -> None:
    record = load_networks()[name]
    points = hard_curves().points
    steps = layer_steps(record, points)
    assert [s.activated is not None for s in steps] == folded
    flat = [array for s in steps for array in s.arrays]
    assert len(flat) == len(forward(record, points))
    for mine, theirs in zip(flat, forward(record, points), strict=True):
        np.testing.assert_array_equal(mine, theirs)


def test_hidden_boundary_is_where_the_output_meets_the_threshold() -> None:
    record = load_networks()["hard_relu"]
    (h1a, h2a), (h1b, h2b) = hidden_boundary(record, (-0.3, 4.0))
    assert (h1a, h1b) == (-0.3, 4.0)
    (w2, b2) = weights_and_biases(record)[1]
    for h in ((h1a, h2a), (h1b, h2b)):
        assert float(w2[0] @ np.array(h) + b2[0]) == pytest.approx(record["threshold"])


def test_hidden_boundary_separates_the_folded_hard_curves() -> None:
    # The article's claim: after ReLU, one straight line splits the classes.
    record = load_networks()["hard_relu"]
    data = hard_curves()
    hidden = layer_steps(record, data.points)[0].activated
    (a, b) = hidden_boundary(record, (0.0, 1.0))
    normal = np.array([-(b[1] - a[1]), b[0] - a[0]])
    side = (hidden - np.array(a)) @ normal > 0
    assert len(set(side[data.labels == 0])) == 1
    assert len(set(side[data.labels == 1])) == 1
    assert side[data.labels == 0][0] != side[data.labels == 1][0]
    # ... and it is the threshold's cut, seen before the last layer
    above = output(record, data.points) > record["threshold"]
    assert (above == side).all() or (above == ~side).all()


def test_hidden_boundary_needs_a_two_layer_network() -> None:
    with pytest.raises(ValueError, match="2-2-1 network"):
        hidden_boundary(load_networks()["hand_set"], (0.0,))


# --------------------------------------------------------------------------- datasets and examples


def test_separating_height_lies_between_the_easy_curves() -> None:
    data = easy_curves()
    height = separating_height(data)
    assert data.of_class(0)[:, 1].max() < height < data.of_class(1)[:, 1].min()
    # On the hard curves the same height no longer separates them.
    hard = hard_curves()
    assert hard.of_class(0)[:, 1].max() > separating_height(hard)


def test_random_weight_matrices_are_seeded_and_rounded() -> None:
    first = random_weight_matrices(((2, 3), (3, 2)), seed=2024)
    assert [m.shape for m in first] == [(2, 3), (3, 2)]
    np.testing.assert_array_equal(first[0], random_weight_matrices(((2, 3),), seed=2024)[0])
    for matrix in first:
        np.testing.assert_array_equal(matrix, np.round(matrix, 1))
        assert (np.abs(matrix) <= 2.0).all()


def test_quadrant_points_lie_in_their_quadrants() -> None:
    points, quadrant = quadrant_points(per_quadrant=5, seed=1)
    assert points.shape == (20, 2)
    np.testing.assert_array_equal(np.bincount(quadrant), [5, 5, 5, 5])
    signs = np.array(QUADRANT_SIGNS)[quadrant]
    assert (np.sign(points) == signs).all()
    assert (np.abs(points) >= 0.4).all()
