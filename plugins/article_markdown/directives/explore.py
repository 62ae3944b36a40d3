"""``!explore``: a figure the reader moves, built from the stored networks.

``<figure class="explore explore--KIND" data-figure data-src [data-start]>``, inside:
``div.explore__live`` (an empty stage and panel whose size the theme's CSS reserves
per kind, so nothing moves when the script fills them), the still of the video the
figure extends inside ``<noscript>`` (what a reader without JavaScript sees; nothing
in it is fetched when scripts run), and the caption. The theme's script loads the
figure's module and its data file (``data-src``) only when the figure nears the view.

The figures (``theme/static/js/explore/``) must show the numbers the videos and the
prose show, so they get nothing of their own: each figure's data file, written here
at build time, holds the data set's points and labels exactly as
``scenes.data.datasets`` makes them (floats written in full, so the browser reads
the very same doubles), the network record exactly as ``networks.json`` stores it,
the limits declared below for its start values, and the scenes' palettes for both
themes (plain data in ``scenes.drawing.themes``: a build that renders nothing never
loads Manim). The browser runs the same forward pass as
``scenes.data.networks.forward``; with the stored weights it gets the stored
accuracy (a browser test compares every prediction with ``predict``).
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as etree
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from scenes.data.datasets import dataset
from scenes.data.networks import load_networks
from scenes.drawing.themes import PALETTES

from ..spec import IMAGE_SUFFIXES, Choice, Directive, DirectiveSpec, Item, ItemKind, Value
from .figure_html import caption, picture
from .unit import DirectiveUnit, Page, resolve_paths

if TYPE_CHECKING:
    from ..media import Media

__all__ = ["DATA_FOLDER", "FIGURES", "MATRIX_DATASET", "Explore", "data_file", "figure_data",
           "figure_kind", "scene_palettes"]

#: Where the figures' data files go in the site.
DATA_FOLDER = PurePosixPath("explore")
#: The points the ``matrix`` figure moves: the hard curves, the data of the section
#: where a 2x2 matrix first transforms the plane.
MATRIX_DATASET = "hard"

# What the reader may move in a figure of a stored network (scenes/data/networks.json;
# a test holds the names and shapes in step with it). The limits keep every handle on the
# figure: a one-layer figure's number line shows -7..7; the matrix figure shows the plane
# a little beyond -2.5..2.5 in height; the 2-2-1 figures frame each step around its points.
_ONE_LAYER = (
    Value("W", (1, 2), 3.0, "the weights: where î and ĵ land on the number line"),
    Value("b", (1,), 3.0, "the bias: where the origin lands"),
    Value("threshold", (), 6.0, "where the number line is cut"),
)
_TWO_LAYERS = (
    Value("W1", (2, 2), 3.0, "the first layer's matrix: its columns are where î and ĵ land"),
    Value("b1", (2,), 3.0, "the first layer's bias: where the origin lands"),
)
FIGURES = (
    Choice("matrix", "a 2x2 matrix moving the plane and the hard curves: drag î and ĵ",
           (Value("W", (2, 2), 2.5, "the matrix: its columns are where î and ĵ land"),)),
    Choice("hand_set", "the hand-set layer on the easy curves: W, b, threshold", _ONE_LAYER),
    Choice("easy_one_layer", "the trained layer on the easy curves: W, b, threshold",
           _ONE_LAYER),
    Choice("hard_one_layer", "the trained layer on the hard curves: W, b, threshold",
           _ONE_LAYER),
    Choice("hard_two_linear", "the 2-2-1 linear network on the hard curves, step by step; "
           "W1 and b1 move", _TWO_LAYERS),
    Choice("hard_relu", "the 2-2-1 ReLU network on the hard curves, step by step; "
           "W1 and b1 move", _TWO_LAYERS),
)


class Explore(DirectiveUnit):
    """A figure of ``FIGURES``, its start values, and the still shown without JavaScript."""

    spec = DirectiveSpec("explore", "a figure the reader moves, built from the stored networks", (
        Item("figure", ItemKind.CHOICE, "what the reader moves", required=True,
             choices=FIGURES, example="hard_relu"),
        Item("start", ItemKind.VALUES, "where it starts (default: the stored weights; "
             "the identity for matrix)", values_of="figure",
             example="start: W1=[[1, 0], [0, 1]], b1=[0, 0]"),
        Item("still", ItemKind.PATH, "what readers without JavaScript see: the still of "
             "the video it extends, relative to content/images/", required=True,
             base="images", suffixes=IMAGE_SUFFIXES, example="manim/Scene.jpg"),
        Item("caption", ItemKind.TEXT, "the caption: what to try, what to watch",
             example="拖曳 î 的尖端，看格線跟著動"),
    ))

    def media(self, directive: Directive, page: Page) -> dict[str, Media]:
        found = resolve_paths(directive, page)
        relative, data = data_file(str(directive.text("figure")))
        page.resolver.add_generated({relative: data}, page.data_folder)
        found["data"] = page.resolver.resolve(relative, relative.as_posix(), directive.line)
        return found

    def html(self, parent: etree.Element, directive: Directive, media: dict[str, Media],
             page: Page) -> None:
        name = str(directive.text("figure"))
        kind = figure_kind(name, load_networks().get(name))
        attributes = {"class": f"explore explore--{kind}", "data-figure": name,
                      "data-src": media["data"].link}
        if directive.numbers:
            attributes["data-start"] = json.dumps(directive.numbers, separators=(",", ":"))
        figure = etree.SubElement(parent, "figure", attributes)
        live = etree.SubElement(figure, "div", {"class": "explore__live"})
        etree.SubElement(live, "div", {"class": "explore__stage"})
        etree.SubElement(live, "div", {"class": "explore__panel"})
        fallback = etree.SubElement(figure, "noscript")
        picture(fallback, media["still"], **{"class": "explore__still"})
        caption(figure, directive.text("caption"))


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
    """Everything the figure ``name`` (one of ``FIGURES``) shows."""
    choice = next(choice for choice in FIGURES if choice.name == name)
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
