"""Format stored numbers for display in a scene.

Every number a scene shows comes from :func:`scenes.data.networks.load_networks`;
these functions only decide how it is written, so that the same weight reads
the same in every scene and in the article.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

__all__ = ["fmt_weight", "fmt_signed", "fmt_percent", "fmt_count", "fmt_linear"]


def fmt_weight(value: float, digits: int = 2) -> str:
    """Write a weight or bias with at most ``digits`` decimals.

    Trailing zeros are dropped so that hand-set integers read as integers, and
    a value that rounds to zero never shows as ``-0``.

    Parameters
    ----------
    value
        The number to write.
    digits
        Maximum number of decimals.

    Returns
    -------
    str
        For example ``fmt_weight(0.123) == "0.12"``, ``fmt_weight(1.0) == "1"``,
        ``fmt_weight(-2.5) == "-2.5"``.

    Raises
    ------
    ValueError
        If ``value`` is not finite or ``digits`` is negative.
    """
    if not math.isfinite(value):
        raise ValueError(f"cannot display a non-finite weight: {value!r}")
    if digits < 0:
        raise ValueError(f"digits must be >= 0, got {digits}")
    text = f"{value:.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    return text


def fmt_signed(value: float, digits: int = 2) -> str:
    """Write a term that follows another one in a sum, with its sign spaced out.

    Parameters
    ----------
    value
        The number to write.
    digits
        Maximum number of decimals, as in :func:`fmt_weight`.

    Returns
    -------
    str
        ``"+ 0.5"`` or ``"- 2"``: ready to append to ``"x + y "``.
    """
    text = fmt_weight(value, digits)
    if text.startswith("-"):
        return "- " + text[1:]
    return "+ " + text


def fmt_percent(fraction: float, digits: int = 1) -> str:
    """Write a fraction such as an accuracy as a percentage.

    Parameters
    ----------
    fraction
        A number in ``[0, 1]``.
    digits
        Maximum number of decimals of the percentage; trailing zeros are dropped.

    Returns
    -------
    str
        ``fmt_percent(1.0) == "100%"``, ``fmt_percent(0.925) == "92.5%"``.

    Raises
    ------
    ValueError
        If ``fraction`` lies outside ``[0, 1]``.
    """
    if not 0.0 <= fraction <= 1.0:
        raise ValueError(f"a fraction must lie in [0, 1], got {fraction!r}")
    return fmt_weight(100.0 * fraction, digits) + "%"


def fmt_count(correct: int, total: int) -> str:
    """Write how many points were classified correctly, e.g. ``"185 / 200"``.

    Parameters
    ----------
    correct
        Number of correct predictions.
    total
        Number of points.

    Returns
    -------
    str
        ``f"{correct} / {total}"``.

    Raises
    ------
    ValueError
        If ``correct`` is negative or larger than ``total``.
    """
    if not 0 <= correct <= total:
        raise ValueError(f"need 0 <= correct <= total, got {correct} / {total}")
    return f"{correct} / {total}"


def fmt_linear(
    coefficients: Sequence[float], names: Sequence[str] = ("x_1", "x_2"), digits: int = 2
) -> str:
    """Write one row of ``W`` times ``x`` as a TeX sum, e.g. ``"x_1 + x_2"``.

    Coefficients of 1 and -1 are written as a bare sign, as one would by hand.

    Parameters
    ----------
    coefficients
        One row of ``W``.
    names
        TeX names of the inputs, one per coefficient.
    digits
        Maximum number of decimals, as in :func:`fmt_weight`.

    Returns
    -------
    str
        ``fmt_linear([1, 1]) == "x_1 + x_2"``,
        ``fmt_linear([-1, 0.5]) == "-x_1 + 0.5x_2"``.

    Raises
    ------
    ValueError
        If there are not as many names as coefficients.
    """
    if len(coefficients) != len(names):
        raise ValueError(f"{len(coefficients)} coefficients but {len(names)} names")
    terms = []
    for i, (value, name) in enumerate(zip(coefficients, names, strict=True)):
        text = fmt_weight(float(value), digits) if i == 0 else fmt_signed(float(value), digits)
        sign, number = ("", text) if i == 0 else (text[:2], text[2:])
        if i == 0 and text.startswith("-"):
            sign, number = "-", text[1:]
        if number == "1":
            number = ""
        terms.append(f"{sign}{number}{name}")
    return " ".join(terms)
