"""The five networks the article shows, stored in ``networks.json`` beside this file.

Run ``python -m scenes.data.networks`` to retrain and rewrite the JSON; the result is
byte-identical from run to run and from CPU to CPU (fixed seeds, full-batch training,
rounded numbers, and arithmetic from :mod:`scenes.data.reproducible`, whose results do
not depend on the SIMD kernels numpy or OpenBLAS pick). Everything
else (scenes, the article plugin) only *reads* the JSON through :func:`load_networks`,
:func:`figure`, :func:`forward`, :func:`layer_steps`, :func:`predict` and
:func:`hidden_boundary`.

Records (schema in notes/CONTRACTS.md):

* ``hand_set``: f(x) = [1 1] x - 2 on the easy curves, weights chosen by hand.
* ``easy_one_layer``: one linear layer 2->1 trained on the easy curves (100%).
* ``hard_one_layer``: the same kind of network trained on the hard curves (below 100%).
* ``hard_two_linear``: 2->2->1 with no activation on the hard curves; two linear maps are one
  linear map, so it does no better than ``hard_one_layer``.
* ``hard_relu``: 2->2->1 with ReLU between the layers on the hard curves (100%).

Every stored number is rounded first, and the threshold, ``correct`` and ``accuracy`` are then
computed from the rounded parameters, so the JSON agrees with itself exactly.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from scenes.data import reproducible
from scenes.data.activations import relu, relu_slope, sigmoid
from scenes.data.datasets import Dataset, dataset

__all__ = [
    "JSON_PATH",
    "NETWORK_NAMES",
    "LayerSteps",
    "best_threshold",
    "build_networks",
    "figure",
    "forward",
    "hidden_boundary",
    "layer_steps",
    "load_networks",
    "output",
    "predict",
    "to_json",
    "weights_and_biases",
]

JSON_PATH = Path(__file__).with_name("networks.json")
NETWORK_NAMES = ("hand_set", "easy_one_layer", "hard_one_layer", "hard_two_linear", "hard_relu")

# Decimals kept for weights, biases and thresholds: enough that rounding does not move any
# point across a boundary, few enough that a scene can print them.
DECIMALS = 4
# Seed of the ReLU network's starting weights: the first of 0, 1, 2, ... that trains to 100%.
# From seeds 0-5 one hidden unit ends up dead or both units see the same side of the arch,
# and the network stalls at the one-layer network's accuracy; the test suite checks 100%.
RELU_SEED = 6

Layers = list[tuple[np.ndarray, np.ndarray]]
Record = dict[str, Any]


# --------------------------------------------------------------------------- reading


@functools.cache
def _stored_networks() -> dict[str, Record]:
    return json.loads(JSON_PATH.read_text(encoding="utf-8"))


def load_networks() -> dict[str, Record]:
    """The stored networks, keyed by :data:`NETWORK_NAMES`. Reads the JSON; never trains.

    The file is read once per process; each call returns a fresh copy, so a caller that
    edits its dict cannot change what the next caller sees.
    """
    return json.loads(json.dumps(_stored_networks()))


def figure(path: str) -> Any:
    """The value at a dotted path into the stored networks, e.g. ``"hard_relu.layers.0.W.1.0"``.

    List indexes are written as numbers. Raises ``KeyError`` naming the first part of the path
    that does not exist.
    """
    value: Any = _stored_networks()
    walked: list[str] = []
    for part in path.split("."):
        if isinstance(value, dict) and part in value:
            value = value[part]
        elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        else:
            where = ".".join(walked) or "the top level"
            options = sorted(value) if isinstance(value, dict) else (
                f"indexes 0..{len(value) - 1}" if isinstance(value, list) else "nothing (a number)"
            )
            raise KeyError(
                f"unknown network figure {path!r}: {part!r} is not in {where} "
                f"(it has {options})"
            )
        walked.append(part)
    return value


# --------------------------------------------------------------------------- computing


def weights_and_biases(record: Record) -> Layers:
    """Each layer's ``(W, b)`` as float arrays, ``W`` of shape (out, in), ``b`` of shape (out,)."""
    return [(np.asarray(layer["W"], dtype=float), np.asarray(layer["b"], dtype=float))
            for layer in record["layers"]]


def forward(record: Record, points: np.ndarray) -> list[np.ndarray]:
    """Every intermediate array of the network in ``record`` applied to ``points`` (n, 2).

    For each layer, in order: the points after the weights ``x W.T`` (n, out), then after
    adding the bias (n, out), then -- between layers only, when ``record["activation"]`` is
    ``"relu"`` -- after the activation (n, out). So a one-layer record gives
    ``[after W, after +b]``; ``hard_two_linear`` gives ``[after W1, after +b1, after W2,
    after +b2]``; ``hard_relu`` gives ``[after W1, after +b1, after ReLU, after W2, after +b2]``.
    The last array, shape (n, 1), is the output the threshold is applied to.
    """
    activation = record["activation"]
    if activation not in (None, "relu"):
        raise ValueError(f"unknown activation {activation!r}; expected null or 'relu'")
    x = np.asarray(points, dtype=float)
    layers = weights_and_biases(record)
    steps: list[np.ndarray] = []
    for i, (w, b) in enumerate(layers):
        # Fixed-order sums (no BLAS): the same outputs, thresholds and counts on every CPU.
        x = reproducible.affine(x, w)
        steps.append(x)
        x = x + b
        steps.append(x)
        if activation == "relu" and i < len(layers) - 1:
            x = relu(x)
            steps.append(x)
    return steps


@dataclass(frozen=True)
class LayerSteps:
    """What one layer does to the points, step by step (arrays of :func:`forward`)."""

    weighted: np.ndarray  # after the weights, x W.T, shape (n, out)
    biased: np.ndarray  # after adding the bias, shape (n, out)
    activated: np.ndarray | None  # after ReLU, for a layer followed by one; else None

    @property
    def arrays(self) -> list[np.ndarray]:
        """Every array of the layer, in order (``activated`` only when there is one)."""
        shown = [self.weighted, self.biased]
        return shown if self.activated is None else [*shown, self.activated]


def layer_steps(record: Record, points: np.ndarray) -> list[LayerSteps]:
    """:func:`forward`'s arrays grouped by layer: one :class:`LayerSteps` per layer."""
    steps = iter(forward(record, points))
    count = len(record["layers"])
    folded = record["activation"] == "relu"
    return [LayerSteps(next(steps), next(steps),
                       next(steps) if folded and index < count - 1 else None)
            for index in range(count)]


def output(record: Record, points: np.ndarray) -> np.ndarray:
    """The network's 1-D output for each point, shape (n,)."""
    return forward(record, points)[-1][:, 0]


def predict(record: Record, points: np.ndarray) -> np.ndarray:
    """Predicted labels (n,): ``above_is`` where output > threshold, the other class elsewhere."""
    above = output(record, points) > record["threshold"]
    above_is = int(record["above_is"])
    return np.where(above, above_is, 1 - above_is).astype(int)


def best_threshold(outputs: np.ndarray, labels: np.ndarray) -> tuple[float, int, int]:
    """The cut on the output line that classifies the most points: ``(threshold, above_is,
    correct)``.

    Candidates are the midpoints between consecutive distinct sorted outputs, in both
    orientations. Ties go to the threshold nearest 0 (the natural cut of a logistic output),
    then to ``above_is = 1``.
    """
    values = np.unique(outputs)
    candidates = (values[:-1] + values[1:]) / 2
    best: tuple[int, float, int] | None = None  # (correct, -|threshold|, above_is)
    chosen = (0.0, 1, 0)
    for threshold in candidates:
        above = outputs > threshold
        for above_is in (1, 0):
            correct = int(np.sum(np.where(above, above_is, 1 - above_is) == labels))
            key = (correct, -abs(float(threshold)), above_is)
            if best is None or key > best:
                best, chosen = key, (float(threshold), above_is, correct)
    return chosen


def hidden_boundary(record: Record, h1_values: Iterable[float]) -> list[tuple[float, float]]:
    """Points ``(h1, h2)`` of the hidden-plane line that the last layer maps onto the threshold.

    The last layer of a 2-2-1 network outputs ``w1 h1 + w2 h2 + b``; it meets the
    threshold ``t`` where ``w1 h1 + w2 h2 = t - b``, a straight line in the plane of
    hidden values. Points on one side are one class, on the other side the other. One
    point is returned for each ``h1`` of ``h1_values``.
    """
    last = record["layers"][-1]
    if len(record["layers"]) != 2 or len(last["W"]) != 1 or len(last["W"][0]) != 2:
        raise ValueError("hidden_boundary needs a 2-2-1 network (two layers, one output)")
    (w1, w2), b = last["W"][0], last["b"][0]
    if w2 == 0:
        raise ValueError("the last layer ignores h2 (w2 = 0): the line is vertical")
    level = float(record["threshold"]) - float(b)
    return [(h1, (level - w1 * h1) / w2) for h1 in h1_values]


# --------------------------------------------------------------------------- training


def _train(
    data: Dataset,
    widths: tuple[int, ...],
    activation: str | None,
    seed: int,
    steps: int = 3000,
    learning_rate: float = 0.05,
    weight_decay: float = 0.04,
) -> Layers:
    """Full-batch Adam on the logistic loss of the last output (sigmoid = P(class 1)).

    ``widths`` are the layer sizes from input to output, e.g. (2, 2, 1). Weight decay keeps the
    weights of separable data from growing without bound, so they stay printable.

    Every step is computed with :mod:`scenes.data.reproducible` (no BLAS, no CPU-chosen
    ``exp``, exactly rounded sums), so every CPU trains the same bits: gradient descent would
    otherwise grow last-bit differences between CPUs into different stored weights.
    """
    rng = np.random.default_rng(seed)
    params: list[np.ndarray] = []
    for n_in, n_out in zip(widths[:-1], widths[1:], strict=True):
        params.append(rng.normal(0.0, 1.0 / math.sqrt(n_in), size=(n_out, n_in)))
        params.append(np.zeros(n_out))
    x, y = np.asarray(data.points, dtype=float), data.labels.astype(float)
    first_moment = [np.zeros_like(p) for p in params]
    second_moment = [np.zeros_like(p) for p in params]
    beta1, beta2 = 0.9, 0.999
    # beta**step by repeated products: Python's ** calls the C library's pow, which may
    # round differently from one CPU to another.
    beta1_power, beta2_power = 1.0, 1.0
    for _ in range(steps):
        beta1_power, beta2_power = beta1_power * beta1, beta2_power * beta2
        # Forward pass, keeping each layer's input and pre-activation for the backward pass.
        inputs, pre = [], []
        h = x
        for i in range(0, len(params), 2):
            inputs.append(h)
            z = reproducible.affine(h, params[i], params[i + 1])
            pre.append(z)
            last = i == len(params) - 2
            h = relu(z) if activation == "relu" and not last else z
        probability = sigmoid(h[:, 0])
        grad_z = ((probability - y) / len(y))[:, None]
        grads: list[np.ndarray] = [np.empty(0)] * len(params)
        for layer in reversed(range(len(pre))):
            w = params[2 * layer]
            grads[2 * layer] = np.array(
                [[reproducible.dot(grad_z[:, j], inputs[layer][:, i]) for i in range(w.shape[1])]
                 for j in range(w.shape[0])]
            ) + weight_decay * w
            grads[2 * layer + 1] = np.array(
                [reproducible.total(grad_z[:, j]) for j in range(w.shape[0])]
            )
            if layer > 0:
                grad_z = reproducible.affine(grad_z, w.T)
                if activation == "relu":
                    grad_z = grad_z * relu_slope(pre[layer - 1])
        for i, grad in enumerate(grads):
            first_moment[i] = beta1 * first_moment[i] + (1 - beta1) * grad
            second_moment[i] = beta2 * second_moment[i] + (1 - beta2) * (grad * grad)
            m_hat = first_moment[i] / (1 - beta1_power)
            v_hat = second_moment[i] / (1 - beta2_power)
            params[i] = params[i] - learning_rate * m_hat / (np.sqrt(v_hat) + 1e-8)
    return [(params[i], params[i + 1]) for i in range(0, len(params), 2)]


def _rounded(value: float) -> float:
    # "+ 0.0" turns -0.0 into 0.0 so the JSON never shows "-0.0".
    return round(float(value), DECIMALS) + 0.0


def _record(dataset_name: str, activation: str | None, layers: Layers) -> Record:
    """A JSON-ready record: parameters rounded, then threshold and counts from the rounded ones."""
    record: Record = {
        "dataset": dataset_name,
        "activation": activation,
        "layers": [
            {"W": [[_rounded(v) for v in row] for row in np.atleast_2d(w)],
             "b": [_rounded(v) for v in np.atleast_1d(b)]}
            for w, b in layers
        ],
    }
    data = dataset(dataset_name)
    threshold, above_is, _ = best_threshold(output(record, data.points), data.labels)
    record["threshold"] = _rounded(threshold)
    record["above_is"] = above_is
    correct = int(np.sum(predict(record, data.points) == data.labels))
    total = len(data.labels)
    record["correct"] = correct
    record["total"] = total
    record["accuracy"] = round(correct / total, 6)
    record["parameters"] = sum(np.size(w) + np.size(b) for w, b in layers)
    return record


def build_networks() -> dict[str, Record]:
    """Train (or set) the five networks and return the dict that ``networks.json`` stores."""
    easy, hard = dataset("easy"), dataset("hard")
    hand_set = _record("easy", None, [(np.array([[1.0, 1.0]]), np.array([-2.0]))])
    easy_one_layer = _record("easy", None, _train(easy, (2, 1), None, seed=0))
    hard_one_layer = _record("hard", None, _train(hard, (2, 1), None, seed=0))
    hard_two_linear = _record("hard", None, _train(hard, (2, 2, 1), None, seed=0))
    hard_relu = _record("hard", "relu", _train(hard, (2, 2, 1), "relu", seed=RELU_SEED))
    return {
        "hand_set": hand_set,
        "easy_one_layer": easy_one_layer,
        "hard_one_layer": hard_one_layer,
        "hard_two_linear": hard_two_linear,
        "hard_relu": hard_relu,
    }


def to_json(networks: dict[str, Record]) -> str:
    """The exact text of ``networks.json`` for ``networks``."""
    return json.dumps(networks, indent=2, ensure_ascii=False) + "\n"


def main() -> None:
    """Retrain and rewrite ``networks.json``."""
    JSON_PATH.write_text(to_json(build_networks()), encoding="utf-8")
    print(f"wrote {JSON_PATH}")


if __name__ == "__main__":
    main()
