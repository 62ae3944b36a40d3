"""The datasets and stored networks behind the scenes (scenes/data): shapes, the story each
network tells, and that networks.json is exactly what `python -m scenes.data.networks` writes."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from sklearn.svm import LinearSVC

from scenes.data.datasets import Dataset, dataset, easy_curves, hard_curves, morph
from scenes.data.networks import (
    JSON_PATH,
    NETWORK_NAMES,
    best_threshold,
    build_networks,
    figure,
    forward,
    load_networks,
    output,
    predict,
    to_json,
)
from tests.paths import ROOT as PROJECT_ROOT

RECORD_KEYS = [
    "dataset", "activation", "layers", "threshold", "above_is",
    "correct", "total", "accuracy", "parameters",
]


def best_linear_correct(data: Dataset, n_directions: int = 3600) -> int:
    """Most points any straight line classifies correctly, sweeping line directions finely."""
    best = 0
    for angle in np.linspace(0.0, np.pi, n_directions, endpoint=False):
        projected = data.points @ np.array([np.cos(angle), np.sin(angle)])
        labels = data.labels[np.argsort(projected, kind="stable")]
        # Cut after k sorted points, class 0 below and class 1 above (or the reverse).
        zeros_below = np.concatenate([[0], np.cumsum(labels == 0)])
        ones_above = np.concatenate([[0], np.cumsum(labels[::-1] == 1)])[::-1]
        correct = zeros_below + ones_above
        best = max(best, int(correct.max()), int((len(labels) - correct).max()))
    return best


@pytest.fixture(scope="module")
def networks() -> dict:
    return load_networks()


# --------------------------------------------------------------------------- datasets


@pytest.mark.parametrize("make", [easy_curves, hard_curves])
def test_dataset_shapes_and_classes(make) -> None:
    data = make()
    assert data.points.shape == (200, 2)
    assert data.points.dtype.kind == "f"
    assert data.labels.shape == (200,)
    assert data.labels.dtype.kind == "i"
    assert set(np.unique(data.labels)) == {0, 1}
    assert np.sum(data.labels == 0) == 100
    assert np.sum(data.labels == 1) == 100
    assert data.of_class(0).shape == data.of_class(1).shape == (100, 2)


@pytest.mark.parametrize("make", [easy_curves, hard_curves])
def test_dataset_is_deterministic(make) -> None:
    first, second = make(), make()
    np.testing.assert_array_equal(first.points, second.points)
    np.testing.assert_array_equal(first.labels, second.labels)


@pytest.mark.parametrize("make", [easy_curves, hard_curves])
def test_dataset_fits_on_the_number_plane(make) -> None:
    points = make().points
    assert np.all(np.abs(points[:, 0]) <= 3.5)
    assert np.all(np.abs(points[:, 1]) <= 2.5)


def test_dataset_arrays_are_read_only() -> None:
    data = easy_curves()
    with pytest.raises(ValueError):
        data.points[0, 0] = 99.0
    with pytest.raises(ValueError):
        data.labels[0] = 1


def test_easy_curves_are_separated_by_a_nearly_horizontal_line() -> None:
    data = easy_curves()
    assert data.of_class(0)[:, 1].max() < 0 < data.of_class(1)[:, 1].min()
    svm = LinearSVC(C=100.0, max_iter=100_000).fit(data.points, data.labels)
    assert svm.score(data.points, data.labels) == 1.0
    w_x, w_y = svm.coef_[0]
    assert abs(w_x) < 0.05 * abs(w_y)


def test_hard_curves_are_not_linearly_separable() -> None:
    data = hard_curves()
    svm = LinearSVC(C=100.0, max_iter=100_000).fit(data.points, data.labels)
    assert svm.score(data.points, data.labels) < 1.0
    assert best_linear_correct(data) < 200


def test_hard_curves_interleave() -> None:
    # The lower (yellow) arch's top rises above the upper (blue) arch's ends.
    data = hard_curves()
    assert data.of_class(0)[:, 1].max() > data.of_class(1)[:, 1].min()


def test_morph_goes_from_easy_to_hard() -> None:
    np.testing.assert_array_equal(morph(0.0), easy_curves().points)
    np.testing.assert_allclose(morph(1.0), hard_curves().points)
    halfway = morph(0.5)
    np.testing.assert_allclose(halfway, (easy_curves().points + hard_curves().points) / 2)
    np.testing.assert_array_equal(halfway[:, 0], easy_curves().points[:, 0])


@pytest.mark.parametrize("t", [-0.1, 1.5])
def test_morph_rejects_t_outside_0_1(t: float) -> None:
    with pytest.raises(ValueError, match="0 <= t <= 1"):
        morph(t)


def test_unknown_dataset_name_is_named_in_the_error() -> None:
    with pytest.raises(KeyError, match="medium"):
        dataset("medium")


# --------------------------------------------------------------------------- networks.json


def test_json_is_what_the_generator_writes() -> None:
    assert JSON_PATH.read_text(encoding="utf-8") == to_json(build_networks())


def test_generator_is_deterministic() -> None:
    assert to_json(build_networks()) == to_json(build_networks())


def test_records_follow_the_contract(networks: dict) -> None:
    assert list(networks) == list(NETWORK_NAMES)
    for name, record in networks.items():
        assert list(record) == RECORD_KEYS, name
        assert record["dataset"] in ("easy", "hard")
        assert record["activation"] in (None, "relu")
        assert record["above_is"] in (0, 1)
        assert record["total"] == 200
        assert record["accuracy"] == record["correct"] / record["total"]
        sizes = 0
        for layer in record["layers"]:
            w, b = np.asarray(layer["W"]), np.asarray(layer["b"])
            assert w.ndim == 2 and b.shape == (w.shape[0],), name
            sizes += w.size + b.size
        assert record["parameters"] == sizes, name
        assert len(record["layers"][-1]["b"]) == 1, name


@pytest.mark.parametrize("name", NETWORK_NAMES)
def test_stored_counts_match_predictions_from_stored_parameters(networks: dict, name: str) -> None:
    record = networks[name]
    data = dataset(record["dataset"])
    assert int(np.sum(predict(record, data.points) == data.labels)) == record["correct"]


@pytest.mark.parametrize("name", NETWORK_NAMES)
def test_stored_threshold_is_the_best_cut_on_the_output(networks: dict, name: str) -> None:
    record = networks[name]
    data = dataset(record["dataset"])
    _, _, best = best_threshold(output(record, data.points), data.labels)
    assert record["correct"] == best


def test_hand_set_is_one_one_minus_two(networks: dict) -> None:
    record = networks["hand_set"]
    assert record["dataset"] == "easy"
    assert record["activation"] is None
    assert record["layers"] == [{"W": [[1.0, 1.0]], "b": [-2.0]}]
    assert record["parameters"] == 3
    assert record["correct"] < 200


def test_easy_one_layer_separates_with_a_horizontal_line(networks: dict) -> None:
    record = networks["easy_one_layer"]
    assert record["dataset"] == "easy"
    assert len(record["layers"]) == 1
    assert record["accuracy"] == 1.0
    (w11, w12), = record["layers"][0]["W"]
    assert abs(w11) < 0.05
    assert w12 > 1.0
    assert max(abs(w11), abs(w12), abs(record["layers"][0]["b"][0])) <= 3.0


def test_hard_one_layer_cannot_reach_100_percent(networks: dict) -> None:
    record = networks["hard_one_layer"]
    assert record["dataset"] == "hard"
    assert len(record["layers"]) == 1
    assert record["correct"] < 200


def test_two_linear_layers_are_no_better_than_one(networks: dict) -> None:
    record = networks["hard_two_linear"]
    assert record["dataset"] == "hard"
    assert record["activation"] is None
    assert len(record["layers"]) == 2
    assert record["parameters"] == 9
    assert record["correct"] <= networks["hard_one_layer"]["correct"]
    # The two maps collapse into one: W = W2 W1, b = W2 b1 + b2 gives the same outputs.
    (w1, b1), (w2, b2) = [(np.asarray(x["W"]), np.asarray(x["b"])) for x in record["layers"]]
    collapsed = dict(record, layers=[{"W": (w2 @ w1).tolist(), "b": (w2 @ b1 + b2).tolist()}])
    points = hard_curves().points
    np.testing.assert_allclose(output(collapsed, points), output(record, points))


def test_relu_network_separates_the_hard_curves(networks: dict) -> None:
    record = networks["hard_relu"]
    assert record["dataset"] == "hard"
    assert record["activation"] == "relu"
    assert [np.shape(layer["W"]) for layer in record["layers"]] == [(2, 2), (1, 2)]
    assert record["parameters"] == 9
    assert record["accuracy"] == 1.0
    hidden = record["layers"][0]
    weights = [v for layer in record["layers"] for row in layer["W"] for v in row]
    # Moderate sizes keep the plane transformed by the hidden layer on screen.
    assert max(abs(v) for v in weights + hidden["b"]) <= 3.0


# --------------------------------------------------------------------------- helpers


def test_forward_lists_every_step(networks: dict) -> None:
    points = hard_curves().points
    assert len(forward(networks["hard_one_layer"], points)) == 2
    assert len(forward(networks["hard_two_linear"], points)) == 4
    steps = forward(networks["hard_relu"], points)
    assert [s.shape for s in steps] == [(200, 2)] * 3 + [(200, 1)] * 2
    (w1, b1), (w2, b2) = [(np.asarray(x["W"]), np.asarray(x["b"]))
                          for x in networks["hard_relu"]["layers"]]
    np.testing.assert_allclose(steps[0], points @ w1.T)
    np.testing.assert_allclose(steps[1], points @ w1.T + b1)
    np.testing.assert_allclose(steps[2], np.maximum(points @ w1.T + b1, 0))
    np.testing.assert_allclose(steps[3], steps[2] @ w2.T)
    np.testing.assert_allclose(steps[4], steps[2] @ w2.T + b2)


def test_forward_rejects_an_unknown_activation(networks: dict) -> None:
    record = dict(networks["hard_relu"], activation="tanh")
    with pytest.raises(ValueError, match="tanh"):
        forward(record, hard_curves().points)


def test_predict_uses_threshold_and_orientation() -> None:
    record = {"activation": None, "layers": [{"W": [[1.0, 0.0]], "b": [0.0]}],
              "threshold": 0.5, "above_is": 0}
    points = np.array([[0.0, 0.0], [1.0, 0.0]])
    np.testing.assert_array_equal(predict(record, points), [1, 0])
    np.testing.assert_array_equal(predict(dict(record, above_is=1), points), [0, 1])


def test_best_threshold_picks_the_gap_nearest_zero() -> None:
    outputs = np.array([-3.0, -1.0, 1.0, 3.0])
    assert best_threshold(outputs, np.array([0, 0, 1, 1])) == (0.0, 1, 4)
    assert best_threshold(outputs, np.array([1, 1, 0, 0])) == (0.0, 0, 4)
    # One point on the wrong side: the best cut still gets 3 of 4.
    assert best_threshold(outputs, np.array([0, 1, 0, 1]))[2] == 3


def test_load_networks_returns_a_fresh_copy() -> None:
    first = load_networks()
    first["hard_relu"]["layers"][0]["W"][0][0] = 99.0
    assert load_networks()["hard_relu"]["layers"][0]["W"][0][0] != 99.0


def test_figure_reads_dotted_paths(networks: dict) -> None:
    assert figure("hard_relu.layers.0.W.1.0") == networks["hard_relu"]["layers"][0]["W"][1][0]
    assert figure("hard_relu.accuracy") == 1.0
    assert figure("hand_set.parameters") == 3
    assert figure("easy_one_layer.layers.0.W.0.1") > 0


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("hard_sigmoid.accuracy", "'hard_sigmoid' is not in the top level"),
        ("hard_relu.acuracy", "'acuracy' is not in hard_relu"),
        ("hard_relu.layers.2.W", "'2' is not in hard_relu.layers"),
        ("hard_relu.layers.W", "'W' is not in hard_relu.layers"),
        ("hard_relu.accuracy.x", "'x' is not in hard_relu.accuracy"),
    ],
)
def test_figure_names_the_unknown_part(path: str, message: str) -> None:
    with pytest.raises(KeyError, match=message):
        figure(path)


def test_data_package_never_imports_manim() -> None:
    # Every module of the package, so that a new one cannot slip Manim in.
    repo_root = PROJECT_ROOT
    modules = sorted(f"scenes.data.{path.stem}"
                     for path in (repo_root / "scenes" / "data").glob("*.py")
                     if path.stem != "__init__")
    assert {"scenes.data.activations", "scenes.data.geometry"} <= set(modules)
    code = f"import sys, {', '.join(modules)}; assert 'manim' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=repo_root)
