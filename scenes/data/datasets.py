"""Two labelled curves, in an easy and a hard arrangement.

Both classes are the same arch, ``y = 1.5 cos(pi x / 6) - 0.75`` over ``x`` in [-3, 3]
(half a period of a sine wave), sampled at the same 100 evenly spaced ``x`` values and
shifted up (class 1, drawn blue) or down (class 0, drawn yellow).

* ``easy_curves()``: the arches are 2.4 apart, so the horizontal line ``y = 0`` separates them.
* ``hard_curves()``: the arches are 0.8 apart, so the lower arch's top rises above the upper
  arch's ends and no straight line separates them; a 2-2-1 ReLU network does.

``morph(t)`` slides the arches from the easy to the hard arrangement. Points keep their order
everywhere: rows 0-99 are class 0, rows 100-199 are class 1, ``x`` increasing within each class.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from scenes.data import reproducible

__all__ = [
    "POINTS_PER_CLASS",
    "Dataset",
    "dataset",
    "easy_curves",
    "hard_curves",
    "morph",
    "separating_height",
]

POINTS_PER_CLASS = 100
X_RANGE = (-3.0, 3.0)
AMPLITUDE = 1.5
# Half the vertical distance between the arches in each arrangement.
EASY_OFFSET = 1.2
HARD_OFFSET = 0.4
# Small vertical jitter so the curves look sampled rather than drawn; fixed seed, and the
# same jitter in both arrangements so that morph() only moves the arches.
NOISE_STD = 0.04
NOISE_SEED = 20240601


@dataclass(frozen=True)
class Dataset:
    """Labelled points: ``points`` shape (200, 2) float, ``labels`` shape (200,) int in {0, 1}."""

    points: np.ndarray
    labels: np.ndarray

    def __post_init__(self) -> None:
        # Frozen dataclass fields can still be mutated in place; lock the arrays too so a
        # scene cannot corrupt the data another scene reads.
        self.points.setflags(write=False)
        self.labels.setflags(write=False)

    def of_class(self, label: int) -> np.ndarray:
        """Points whose label is ``label``, shape (100, 2)."""
        return self.points[self.labels == label]


def _arch(x: np.ndarray) -> np.ndarray:
    """The shared curve, centred vertically on 0.

    Its cosine is :func:`scenes.data.reproducible.cos`: numpy's differs in the last bits
    between CPUs, and the networks are trained on these points.
    """
    return AMPLITUDE * reproducible.cos(np.pi * x / 6) - AMPLITUDE / 2


def _points(offset: float) -> np.ndarray:
    x = np.linspace(*X_RANGE, POINTS_PER_CLASS)
    noise = np.random.default_rng(NOISE_SEED).normal(0.0, NOISE_STD, size=(2, POINTS_PER_CLASS))
    below = np.column_stack([x, _arch(x) - offset + noise[0]])
    above = np.column_stack([x, _arch(x) + offset + noise[1]])
    return np.vstack([below, above])


def _labels() -> np.ndarray:
    return np.repeat(np.array([0, 1]), POINTS_PER_CLASS)


def morph(t: float) -> np.ndarray:
    """Point positions at ``t`` between easy (``t = 0``) and hard (``t = 1``), shape (200, 2).

    Only the vertical offset changes, linearly in ``t``; rows match the datasets' rows.
    """
    if not 0.0 <= t <= 1.0:
        raise ValueError(f"morph(t) needs 0 <= t <= 1, got {t}")
    return _points(EASY_OFFSET + t * (HARD_OFFSET - EASY_OFFSET))


def easy_curves() -> Dataset:
    """The arches far apart: separable by the horizontal line y = 0."""
    return Dataset(points=morph(0.0), labels=_labels())


def hard_curves() -> Dataset:
    """The arches close and interleaved: not linearly separable."""
    return Dataset(points=morph(1.0), labels=_labels())


def dataset(name: str) -> Dataset:
    """The dataset a network record names in its ``"dataset"`` field ("easy" or "hard")."""
    builders = {"easy": easy_curves, "hard": hard_curves}
    if name not in builders:
        raise KeyError(f"unknown dataset {name!r}; expected one of {sorted(builders)}")
    return builders[name]()


def separating_height(data: Dataset) -> float:
    """The height ``y`` midway between class 0's highest point and class 1's lowest.

    When class 0 lies wholly below class 1 (the easy curves), the horizontal line
    at this height separates the classes with the widest margin a horizontal line has.
    """
    heights = data.points[:, 1]
    return float(heights[data.labels == 0].max() + heights[data.labels == 1].min()) / 2
