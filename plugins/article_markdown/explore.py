"""What an ``!explore`` figure needs, written at build time from ``scenes/data``.

The figures the reader moves (theme/static/js/explore/) must show the numbers
the videos and the prose show. So they get nothing of their own: each figure's
data file holds the data set's points and labels exactly as
``scenes.data.datasets`` makes them (floats written in full, so the browser
reads the very same doubles), the network record exactly as ``networks.json``
stores it, the limits the article format declares for its start values, and
the scenes' colour palettes for both themes. The browser runs the same forward
pass as ``scenes.data.networks.forward`` on these; with the stored weights it
gets the stored accuracy (a browser test compares every prediction with
``predict``).

The palettes are imported from ``scenes.drawing.themes``, where they are
plain data: a build that renders nothing never loads Manim.
"""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath
from typing import Any

from scenes.data.datasets import dataset
from scenes.data.networks import load_networks
from scenes.drawing.themes import PALETTES

from .format import EXPLORE_FIGURES
from .media import Media, MediaResolver

__all__ = ["DATA_FOLDER", "MATRIX_DATASET", "data_file", "data_media",
           "figure_data", "figure_kind", "scene_palettes"]

#: Where the figures' data files go in the site.
DATA_FOLDER = PurePosixPath("explore")
#: The points the ``matrix`` figure moves: the hard curves, the data of the section
#: where a 2x2 matrix first transforms the plane.
MATRIX_DATASET = "hard"


def scene_palettes() -> dict[str, dict[str, str]]:
    """The scenes' palettes, theme -> role -> colour (``scenes.drawing.themes``, no Manim)."""
    return {theme: palette.roles() for theme, palette in PALETTES.items()}


def figure_kind(name: str, record: dict[str, Any] | None) -> str:
    """How a figure is drawn: ``matrix``, ``layer`` (one layer) or ``network`` (2-2-1)."""
    if name == "matrix":
        return "matrix"
    if record is None:
        raise ValueError(f"no stored network '{name}' in networks.json")
    shapes = [(len(layer["W"]), len(layer["W"][0])) for layer in record["layers"]]
    if shapes == [(1, 2)]:
        return "layer"
    if shapes == [(2, 2), (1, 2)]:
        return "network"
    raise ValueError(f"network '{name}' has layers {shapes}: no figure draws that")


def figure_data(name: str) -> dict[str, Any]:
    """Everything the figure ``name`` (a declared ``!explore`` figure) shows."""
    choice = next(choice for choice in EXPLORE_FIGURES if choice.name == name)
    record = load_networks().get(name)
    data = dataset(record["dataset"] if record else MATRIX_DATASET)
    return {
        "figure": name,
        "kind": figure_kind(name, record),
        "dataset": record["dataset"] if record else MATRIX_DATASET,
        # Python floats are written shortest-exact: JavaScript parses the same doubles.
        "points": data.points.tolist(),
        "labels": data.labels.tolist(),
        "network": record,
        "limits": {value.name: value.limit for value in choice.values},
        "palettes": scene_palettes(),
    }


def data_file(name: str) -> tuple[PurePosixPath, bytes]:
    """The figure's data file: its path in the site and its bytes (compact JSON)."""
    text = json.dumps(figure_data(name), ensure_ascii=False, separators=(",", ":"))
    return DATA_FOLDER / f"{name}.json", text.encode("utf-8")


def data_media(name: str, resolver: MediaResolver, folder: Path) -> Media:
    """The figure's data file, stored in ``folder`` and added to the site by ``resolver``."""
    relative, data = data_file(name)
    resolver.add_generated({relative: data}, folder)
    return resolver.resolve(relative, relative.as_posix(), 0)
