"""Arithmetic that gives the same bits on every CPU, for the numbers the article stores.

numpy picks its ``exp``, ``cos`` and reduction kernels by CPU when it starts (SSE, AVX2 or
AVX-512 on x86-64, NEON on Arm), and a matrix product goes to OpenBLAS, whose kernels also
differ by CPU. Their results differ in the last bits, and 3000 steps of gradient descent turn
those bits into weights that differ at the third decimal: on one AMD EPYC machine, the
threshold of ``hard_two_linear`` came out 0.3574 with numpy's AVX-512 kernels and 0.3581
with them switched off (``NPY_DISABLE_CPU_FEATURES``).

IEEE 754 fixes the exact result of one ``+``, ``-``, ``*``, ``/`` or ``sqrt`` on every CPU,
and numpy never fuses two of its calls into one multiply-add. Everything here is built from
those operations alone, in a fixed order:

* :func:`exp` and :func:`cos`: range reduction and a Taylor polynomial evaluated by Horner's
  rule, one numpy multiply and one numpy add per term;
* :func:`total` and :func:`dot`: :func:`math.fsum`, which returns the exactly rounded sum
  whatever the order of the terms;
* :func:`affine`: ``x W^T + b`` as products summed left to right per output, no BLAS.

Written by hand because no maintained library offers a CPU-independent vectorised ``exp``:
numpy's and the C library's differ by CPU (glibc has FMA variants chosen at run time), and
mpmath, exact on every machine, is about a thousand times slower than training can afford.
The results are as accurate as numpy's (within a few units in the last place); what they add
is that they are the same everywhere.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike

__all__ = ["affine", "cos", "dot", "exp", "total"]

# ln 2 split in two (fdlibm's constants): k * LN2_HI is exact for |k| < 2**20, so the reduced
# argument x - k ln 2 keeps its low bits.
LN2_HI = 6.93147180369123816490e-01
LN2_LO = 1.90821492927058770002e-10
INV_LN2 = 1.44269504088896338700e00
# exp(r) for |r| <= ln(2)/2 from its Taylor series: the first term left out, r**14 / 14!,
# is below 5e-18, far under half a unit in the last place of the result.
_EXP_COEFFICIENTS = tuple(1 / math.factorial(n) for n in range(14))
# Beyond these every double's exp is 0 or infinity; clipping keeps k in int32.
_EXP_LOWEST, _EXP_HIGHEST = -746.0, 710.0

# pi/2 split in two the same way (fdlibm's pio2_1 and pio2_1t): exact k * PIO2_HI for the
# |k| < 2**20 that the domain below allows.
PIO2_HI = 1.57079632673412561417e00
PIO2_LO = 6.07710050650619224932e-11
INV_PIO2 = 6.36619772367581382433e-01
# sin(r) and cos(r) for |r| <= pi/4 from their Taylor series: the first terms left out,
# (pi/4)**19 / 19! and (pi/4)**20 / 20!, are below 1e-18.
_SIN_COEFFICIENTS = tuple((-1) ** n / math.factorial(2 * n + 1) for n in range(9))
_COS_COEFFICIENTS = tuple((-1) ** n / math.factorial(2 * n) for n in range(10))
# Beyond this the two-part reduction loses bits; the datasets need |x| <= pi/2.
_COS_DOMAIN = 1e5


def _horner(values: np.ndarray, coefficients: tuple[float, ...]) -> np.ndarray:
    """``sum(c_n * v**n)`` by Horner's rule, each step one multiply then one add."""
    result = np.full_like(values, coefficients[-1])
    for coefficient in reversed(coefficients[:-1]):
        result = result * values
        result = result + coefficient
    return result


def exp(values: ArrayLike) -> np.ndarray:
    """``e**v`` of every entry, the same bits on every CPU.

    ``v = k ln 2 + r`` with ``|r| <= ln(2)/2``; ``e**r`` from its Taylor polynomial, then
    scaled by ``2**k`` exactly (:func:`numpy.ldexp`). Overflows to ``inf`` and underflows to
    0 where the exact value does; NaN stays NaN.
    """
    x = np.asarray(values, dtype=float)
    clipped = np.clip(x, _EXP_LOWEST, _EXP_HIGHEST)
    k = np.rint(clipped * INV_LN2)
    k = np.where(np.isnan(k), 0.0, k)
    reduced = (clipped - k * LN2_HI) - k * LN2_LO
    with np.errstate(over="ignore"):  # inf is the answer there, as for numpy's exp
        return np.ldexp(_horner(reduced, _EXP_COEFFICIENTS), k.astype(np.int32))


def cos(values: ArrayLike) -> np.ndarray:
    """The cosine of every entry with ``|v| <= 1e5``, the same bits on every CPU.

    ``v = k pi/2 + r`` with ``|r| <= pi/4``; then ``cos v`` is ``cos r``, ``-sin r``,
    ``-cos r`` or ``sin r`` as ``k`` is 0, 1, 2 or 3 modulo 4. Raises ``ValueError`` for
    larger entries: the datasets need ``|v| <= pi/2``, and reducing huge arguments exactly
    would be more code to trust.
    """
    x = np.asarray(values, dtype=float)
    if np.any(~(np.abs(x) <= _COS_DOMAIN)):
        raise ValueError(f"cos() here takes values with |v| <= {_COS_DOMAIN:g} (not NaN); "
                         f"got {x[~(np.abs(x) <= _COS_DOMAIN)].flat[0]}")
    k = np.rint(x * INV_PIO2)
    reduced = (x - k * PIO2_HI) - k * PIO2_LO
    square = reduced * reduced
    cosine = _horner(square, _COS_COEFFICIENTS)
    sine = _horner(square, _SIN_COEFFICIENTS) * reduced
    quarter = k.astype(np.int64) % 4
    return np.select([quarter == 0, quarter == 1, quarter == 2], [cosine, -sine, -cosine], sine)


def total(values: ArrayLike) -> float:
    """The exactly rounded sum of ``values``: the same whatever the order or the CPU."""
    return math.fsum(np.asarray(values, dtype=float).ravel().tolist())


def dot(left: ArrayLike, right: ArrayLike) -> float:
    """``sum(left * right)``: products rounded one by one, then summed exactly."""
    return total(np.asarray(left, dtype=float) * np.asarray(right, dtype=float))


def affine(points: ArrayLike, weights: ArrayLike, bias: ArrayLike | None = None) -> np.ndarray:
    """``points W^T + b`` for ``points`` (n, k), ``W`` (m, k), ``b`` (m,): shape (n, m).

    Each output is ``x_1 w_1 + x_2 w_2 + ... + b`` added left to right, without BLAS, whose
    kernels (and their fused multiply-adds) differ by CPU. For the 1 to 2 inputs of the
    article's networks this is also what a reader's hand, and the figures' JavaScript, do.
    """
    x = np.asarray(points, dtype=float)
    w = np.atleast_2d(np.asarray(weights, dtype=float))
    if x.ndim != 2 or x.shape[1] != w.shape[1]:
        raise ValueError(f"affine(): points of shape {x.shape} do not fit weights {w.shape}")
    columns = []
    for row_index, row in enumerate(w):
        column = x[:, 0] * row[0]
        for index in range(1, len(row)):
            column = column + x[:, index] * row[index]
        if bias is not None:
            column = column + float(np.asarray(bias, dtype=float)[row_index])
        columns.append(column)
    return np.column_stack(columns) if columns else np.empty((len(x), 0))
