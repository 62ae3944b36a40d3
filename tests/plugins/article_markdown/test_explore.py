"""The data an ``!explore`` figure gets: the stored numbers exactly, and the scenes' colours."""

from __future__ import annotations

import json

import numpy as np
import pytest

from plugins.article_markdown.directives.explore import (
    data_file,
    figure_data,
    figure_kind,
    scene_palettes,
)
from plugins.article_markdown.format import EXPLORE_FIGURES
from scenes.data.datasets import dataset
from scenes.data.networks import NETWORK_NAMES, load_networks

FIGURES = [choice.name for choice in EXPLORE_FIGURES]


def test_the_figures_are_the_matrix_and_every_stored_network() -> None:
    assert FIGURES == ["matrix", *NETWORK_NAMES]


@pytest.mark.parametrize("name", NETWORK_NAMES)
def test_declared_start_values_have_the_stored_shapes(name: str) -> None:
    # The format declares what an author may start a figure at; it must fit the network.
    record = load_networks()[name]
    choice = next(choice for choice in EXPLORE_FIGURES if choice.name == name)
    shapes = {value.name: value.shape for value in choice.values}
    if len(record["layers"]) == 1:
        layer = record["layers"][0]
        assert shapes == {"W": np.shape(layer["W"]), "b": np.shape(layer["b"]),
                          "threshold": ()}
    else:
        layer = record["layers"][0]
        assert shapes == {"W1": np.shape(layer["W"]), "b1": np.shape(layer["b"])}
    # The stored weights themselves are valid starts: within the declared limits.
    for value in choice.values:
        stored = record["threshold"] if value.name == "threshold" else \
            record["layers"][0][value.name[0]]
        assert np.max(np.abs(stored)) <= value.limit, (name, value.name)


@pytest.mark.parametrize("name", FIGURES)
def test_data_file_holds_the_data_set_and_the_record_exactly(name: str) -> None:
    relative, data = data_file(name)
    assert relative.as_posix() == f"explore/{name}.json"
    shipped = json.loads(data)  # as the browser reads it: doubles from shortest-exact text
    record = load_networks().get(name)
    points = dataset(record["dataset"] if record else "hard")
    assert np.array_equal(np.array(shipped["points"]), points.points)
    assert shipped["labels"] == points.labels.tolist()
    assert shipped["network"] == record
    assert shipped["kind"] == figure_kind(name, record)
    assert set(shipped["limits"]) == {v.name for c in EXPLORE_FIGURES if c.name == name
                                      for v in c.values}
    assert shipped["palettes"] == scene_palettes()
    # Small: the figure fetches it only when it nears the view, but a phone still pays.
    assert len(data) < 12_000


def test_kinds_follow_the_network_shape() -> None:
    networks = load_networks()
    assert figure_kind("matrix", None) == "matrix"
    assert figure_kind("easy_one_layer", networks["easy_one_layer"]) == "layer"
    assert figure_kind("hard_relu", networks["hard_relu"]) == "network"
    with pytest.raises(ValueError, match="no stored network 'gone'"):
        figure_kind("gone", None)
    with pytest.raises(ValueError, match="no figure draws that"):
        figure_kind("wide", {"layers": [{"W": [[1, 2, 3]], "b": [0]}]})


def test_the_figures_carry_the_colours_the_scenes_draw_with() -> None:
    # The scenes' own Manim colours are the reference: a figure beside a video matches it.
    from scenes.drawing.palette import scene_palette

    for theme, roles in scene_palettes().items():
        palette = scene_palette(theme)
        assert {role: getattr(palette, role).to_hex().upper() for role in roles} == {
            role: value.upper() for role, value in roles.items()}


def test_figure_data_of_the_matrix_has_no_network() -> None:
    data = figure_data("matrix")
    assert data["network"] is None and data["dataset"] == "hard"
    assert data["limits"] == {"W": 2.5}
