"""scenes/data/reproducible.py: arithmetic with the same bits on every CPU, as accurate as
numpy's own, and the stored networks trained with it giving the same bytes whichever SIMD
kernels numpy and OpenBLAS pick."""

from __future__ import annotations

import math
import os
import subprocess
import sys

import numpy as np
import pytest
from numpy._core import _multiarray_umath

from scenes.data import reproducible
from scenes.data.networks import JSON_PATH
from tests.paths import ROOT

# --------------------------------------------------------------------------- the functions


def ulps_apart(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """How many representable doubles lie between each pair (0: the same double)."""
    as_ints = [np.asarray(v, dtype=float).view(np.int64) for v in (first, second)]
    return np.abs(as_ints[0] - as_ints[1])


def test_exp_is_within_two_units_in_the_last_place_of_the_c_library() -> None:
    values = np.linspace(-700.0, 700.0, 200_001)
    expected = np.array([math.exp(v) for v in values])
    assert ulps_apart(reproducible.exp(values), expected).max() <= 2


def test_exp_at_its_edges() -> None:
    result = reproducible.exp(np.array([0.0, 1.0, -1e6, 1e6, np.inf, -np.inf, np.nan]))
    assert result[0] == 1.0
    assert result[1] == pytest.approx(math.e, rel=1e-15)
    assert result[2] == 0.0 and result[3] == np.inf
    assert result[4] == np.inf and result[5] == 0.0
    assert np.isnan(result[6])


def test_cos_is_within_two_units_in_the_last_place_of_the_c_library() -> None:
    values = np.concatenate([np.linspace(-math.pi, math.pi, 100_001),
                             np.linspace(-1e4, 1e4, 100_001)])
    expected = np.array([math.cos(v) for v in values])
    result = reproducible.cos(values)
    # Near a zero of cos (v close to a multiple of pi/2) the fair measure is the absolute
    # error: there one unit in the last place is far below 1e-16.
    not_near_zero = np.abs(expected) > 1e-6
    assert ulps_apart(result, expected)[not_near_zero].max() <= 2
    assert np.abs(result - expected).max() <= 2.3e-16


def test_cos_refuses_values_outside_its_domain() -> None:
    with pytest.raises(ValueError, match=r"\|v\| <= 100000 \(not NaN\); got 200000"):
        reproducible.cos(np.array([0.0, 2e5]))
    with pytest.raises(ValueError, match="got nan"):
        reproducible.cos(np.array([np.nan]))


def test_total_is_exactly_rounded_in_any_order() -> None:
    terms = np.array([1e100, 1.0, -1e100, 1e-3])
    assert reproducible.total(terms) == 1.001
    assert reproducible.total(terms[::-1]) == 1.001
    assert float(np.sum(terms)) != 1.001  # what a plain left-to-right or pairwise sum gives


def test_dot_and_affine_agree_with_numpy() -> None:
    rng = np.random.default_rng(1)
    points, weights, bias = rng.normal(size=(50, 3)), rng.normal(size=(2, 3)), rng.normal(size=2)
    np.testing.assert_allclose(reproducible.affine(points, weights, bias),
                               points @ weights.T + bias, rtol=1e-14)
    np.testing.assert_allclose(reproducible.affine(points, weights), points @ weights.T,
                               rtol=1e-14)
    assert reproducible.dot(points[:, 0], points[:, 1]) == pytest.approx(
        float(points[:, 0] @ points[:, 1]), rel=1e-14)


def test_affine_adds_left_to_right_as_a_reader_would() -> None:
    points = np.array([[0.1, 0.2], [1e16, 1.0]])
    result = reproducible.affine(points, np.array([[3.0, 7.0]]), np.array([-1.0]))
    assert result[0, 0] == (0.1 * 3.0 + 0.2 * 7.0) + -1.0
    assert result[1, 0] == (1e16 * 3.0 + 1.0 * 7.0) + -1.0


def test_affine_names_shapes_that_do_not_fit() -> None:
    with pytest.raises(ValueError, match=r"\(4, 3\).*\(1, 2\)"):
        reproducible.affine(np.zeros((4, 3)), np.zeros((1, 2)))


# --------------------------------------------------------------------------- across CPUs


def dispatched_features() -> list[str]:
    """numpy's run-time SIMD targets that this CPU has, narrowest first (e.g. X86_V3,
    X86_V4, AVX512_ICL on a recent x86-64; ASIMDHP, ASIMDDP... on Arm)."""
    available = _multiarray_umath.__cpu_features__
    return [name for name in _multiarray_umath.__cpu_dispatch__ if available.get(name)]


def generated_json(**environment: str) -> str:
    """What `python -m scenes.data.networks` would write, computed in a fresh process."""
    code = ("import sys; from scenes.data.networks import build_networks, to_json; "
            "sys.stdout.write(to_json(build_networks()))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, check=True, env={**os.environ, **environment})
    return result.stdout


WITHOUT_SIMD = {
    # numpy's widest kernels off (AVX-512 here becomes AVX2), then all of them (its
    # baseline only); OpenBLAS told to use its oldest x86-64 kernels (ignored elsewhere).
    "widest off": lambda features: {"NPY_DISABLE_CPU_FEATURES": " ".join(features[-1:])},
    "baseline only": lambda features: {"NPY_DISABLE_CPU_FEATURES": " ".join(features),
                                       "OPENBLAS_CORETYPE": "Prescott"},
}


@pytest.mark.parametrize("case", list(WITHOUT_SIMD))
def test_networks_are_the_same_bytes_with_other_simd_kernels(case: str) -> None:
    # The check that this CPU and a CPU without its widest vector units train the same
    # networks (gradient descent makes any last-bit difference visible in networks.json).
    features = dispatched_features()
    if not features:
        pytest.skip("numpy dispatches no SIMD kernels on this CPU: nothing to switch off")
    environment = WITHOUT_SIMD[case](features)
    assert generated_json(**environment) == JSON_PATH.read_text(encoding="utf-8"), environment
