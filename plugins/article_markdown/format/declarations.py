"""What may be written: the header keys, each directive's items and options, as data.

Parsing, validation, error messages and the author's reference are all derived
from these declarations (in the spirit of ``pymdownx.blocks``' ``OPTIONS``):
a new option is one line here plus the code that builds its HTML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from scenes.drawing.themes import THEMES

__all__ = [
    "ARTICLE_SUFFIXES", "DIRECTIVES", "DIRECTIVE_NAMES", "EXPLORE_FIGURES", "HEADER_KEYS",
    "IMAGE_SUFFIXES", "PLACEHOLDER", "VIDEO_SUFFIXES", "Choice", "DirectiveSpec", "HeaderKey",
    "Item", "ItemKind", "Option", "Value", "heading_id",
]

#: Suffixes an ``!image`` (or a video's poster) may show.
IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp", ".gif", ".svg"})
VIDEO_SUFFIXES = frozenset({".mp4"})
#: Article sources under the content folder: Markdown, and Jupyter notebooks written out
#: as Markdown (``notebook.py``).
ARTICLE_SUFFIXES = (".md", ".ipynb")

#: ``{{ hard_relu.accuracy:.0% }}``: a dotted path into the stored results and a format spec.
PLACEHOLDER = re.compile(r"\{\{\s*(?P<path>[A-Za-z_][\w.]*)\s*(?::\s*(?P<spec>[^}]*?))?\s*\}\}")


@dataclass(frozen=True)
class HeaderKey:
    """One key of the ``- key: value`` header that the site gives a meaning to."""

    name: str
    description: str
    required: bool = False


HEADER_KEYS: tuple[HeaderKey, ...] = (
    HeaderKey("title", "the article's title", required=True),
    HeaderKey("date", "YYYY-MM-DD[ HH:MM], in the site's time zone"),
    HeaderKey("slug", "the page's file name, e.g. neural-networks"),
    HeaderKey("tags", "comma separated"),
    HeaderKey("summary", "one or two sentences for cards and link previews"),
    HeaderKey("description", "the page's meta description"),
    HeaderKey("image", "the cover: a scene still (Scene.jpg) or a file under images/"),
)


class ItemKind(Enum):
    """How a directive item is read."""

    TEXT = "text"  # any text; inline Markdown and $math$ allowed
    PATH = "path"  # a file relative to the content folder (or to ``base`` in it)
    URL = "url"  # an http(s) URL
    FLAG = "flag"  # the item is exactly the item's name, or absent
    OPTIONS = "options"  # ``options: a, b``: words from the item's options
    CHOICE = "choice"  # one name from the item's choices
    KEYWORD = "keyword"  # ``name: value``, the value one of the item's choices
    VALUES = "values"  # ``start: W=[[1, 0], [0, 1]], b=[0, 0]``: the numbers a choice takes


@dataclass(frozen=True)
class Option:
    """One word an ``options:`` item may hold."""

    name: str
    description: str


@dataclass(frozen=True)
class Value:
    """A number, vector or matrix that a choice takes in a ``VALUES`` item (``W=[[1, 0], ...]``).

    ``limit`` bounds every entry (``-limit..limit``): a figure shows only so much of
    the plane, and a handle the reader cannot reach is no start.
    """

    name: str
    #: ``()`` a number, ``(2,)`` a vector of two, ``(1, 2)`` or ``(2, 2)`` a matrix.
    shape: tuple[int, ...]
    limit: float
    description: str

    @property
    def example(self) -> str:
        """A value of the right shape, as an author writes it: ``[[1, 0], [0, 1]]``."""
        if not self.shape:
            return "0.5"
        if len(self.shape) == 1:
            return "[" + ", ".join("0" for _ in range(self.shape[0])) + "]"
        rows, columns = self.shape
        return "[" + ", ".join(
            "[" + ", ".join("1" if row == column else "0" for column in range(columns)) + "]"
            for row in range(rows)) + "]"

    @property
    def shape_name(self) -> str:
        """``a number``, ``a vector of 2``, ``a 2x2 matrix``: for messages."""
        if not self.shape:
            return "a number"
        if len(self.shape) == 1:
            return f"a vector of {self.shape[0]}"
        return f"a {self.shape[0]}x{self.shape[1]} matrix"


@dataclass(frozen=True)
class Choice:
    """One name a ``CHOICE`` item may hold, and the values a ``VALUES`` item may give it."""

    name: str
    description: str
    values: tuple[Value, ...] = ()

    def value(self, name: str) -> Value | None:
        return next((value for value in self.values if value.name == name), None)


@dataclass(frozen=True)
class Item:
    """One bullet of a directive, in its declared place.

    An optional item is taken when the next bullet looks like it (a flag is its
    word, options start with ``options:``, an optional path has one of its
    suffixes and no space); otherwise it is left out and the bullet goes on to
    the next declared item.
    """

    name: str
    kind: ItemKind
    description: str
    required: bool = False
    #: PATH: the folder under the content folder that the written path is relative to.
    base: str = ""
    #: PATH: the suffixes it may have.
    suffixes: frozenset[str] = frozenset()
    #: OPTIONS: the words it may hold.
    options: tuple[Option, ...] = ()
    #: CHOICE, KEYWORD: the names it may hold.
    choices: tuple[Choice, ...] = ()
    #: VALUES: the CHOICE item (an earlier one) whose choice says which values may be given.
    values_of: str = ""
    #: What an author would write, for messages and the reference.
    example: str = ""

    @property
    def choice_names(self) -> tuple[str, ...]:
        return tuple(choice.name for choice in self.choices)

    def choice(self, name: str) -> Choice | None:
        return next((choice for choice in self.choices if choice.name == name), None)

    def looks_like(self, text: str) -> bool:
        """Whether an optional item would take ``text``."""
        if self.kind is ItemKind.FLAG:
            return text == self.name
        if self.kind is ItemKind.OPTIONS:
            return text.startswith("options:")
        if self.kind in (ItemKind.VALUES, ItemKind.KEYWORD):
            return text.startswith(f"{self.name}:")
        if self.kind is ItemKind.CHOICE:
            return text in self.choice_names
        if self.kind is ItemKind.PATH:
            return " " not in text and suffix_of(text) in self.suffixes
        return True


@dataclass(frozen=True)
class DirectiveSpec:
    """A directive: its name, what it shows and its items in order."""

    name: str
    description: str
    items: tuple[Item, ...]

    def item(self, name: str) -> Item:
        return next(item for item in self.items if item.name == name)

    @property
    def option_names(self) -> tuple[str, ...]:
        return tuple(option.name for item in self.items for option in item.options)


# What the reader may move in an !explore figure of a stored network (scenes/data/networks.json;
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
EXPLORE_FIGURES = (
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

# A scene is rendered in every theme and shown in the reader's; this pins one.
_THEME = Item("theme", ItemKind.KEYWORD, "show a scene in this theme only, whatever the "
              "reader's", choices=tuple(Choice(theme, f"the {theme} render") for theme in THEMES),
              example=f"theme: {THEMES[0]}")

DIRECTIVES: dict[str, DirectiveSpec] = {spec.name: spec for spec in (
    DirectiveSpec("quote", "a quotation, optionally attributed", (
        Item("quotation", ItemKind.TEXT, "the quotation (inline Markdown kept)",
             required=True, example="引文，可以有 **粗體** 與 $x^2$。"),
        Item("attribution", ItemKind.TEXT, "who said it", example="出處"),
    )),
    DirectiveSpec("image", "a picture with its caption and source", (
        Item("dark", ItemKind.FLAG, "dark-on-light art, inverted in dark mode"),
        _THEME,
        Item("path", ItemKind.PATH, "the picture, relative to content/images/", required=True,
             base="images", suffixes=IMAGE_SUFFIXES, example="manim/Scene.jpg"),
        Item("caption", ItemKind.TEXT, "the caption (also the picture's alt text)",
             example="圖說"),
        Item("source_url", ItemKind.URL, "where the picture comes from",
             example="https://example.org/source"),
        Item("source_name", ItemKind.TEXT, "the source's name", example="來源名稱"),
    )),
    DirectiveSpec("mp4", "a video: autoplays (muted) while in view, loops", (
        Item("options", ItemKind.OPTIONS, "how the video plays", options=(
            Option("no-loop", "play once"),
            Option("no-autoplay", "wait for the reader to start it"),
            Option("controls", "show the browser's controls"),
        ), example="options: no-loop, controls"),
        _THEME,
        Item("path", ItemKind.PATH, "the video, relative to content/", required=True,
             suffixes=VIDEO_SUFFIXES, example="images/manim/Scene.mp4"),
        Item("poster", ItemKind.PATH, "the still shown before it plays (scenes get one)",
             suffixes=IMAGE_SUFFIXES, example="images/poster.jpg"),
        Item("caption", ItemKind.TEXT, "the caption", example="影片說明"),
    )),
    DirectiveSpec("explore", "a figure the reader moves, built from the stored networks", (
        Item("figure", ItemKind.CHOICE, "what the reader moves", required=True,
             choices=EXPLORE_FIGURES, example="hard_relu"),
        Item("start", ItemKind.VALUES, "where it starts (default: the stored weights; "
             "the identity for matrix)", values_of="figure",
             example="start: W1=[[1, 0], [0, 1]], b1=[0, 0]"),
        Item("still", ItemKind.PATH, "what readers without JavaScript see: the still of "
             "the video it extends, relative to content/images/", required=True,
             base="images", suffixes=IMAGE_SUFFIXES, example="manim/Scene.jpg"),
        Item("caption", ItemKind.TEXT, "the caption: what to try, what to watch",
             example="拖曳 î 的尖端，看格線跟著動"),
    )),
)}
DIRECTIVE_NAMES = frozenset(DIRECTIVES)


def heading_id(text: str, separator: str = "-") -> str:
    """A heading's id: its own text, runs of white space made ``separator``.

    ``[看這裡](#第一節：開始)`` must reach ``## 第一節：開始``; Python-Markdown's
    slugifiers drop the full-width colon or the whole Chinese title, while
    HTML5 ids may hold any character but white space. Python-Markdown's ``toc``
    takes this as its ``slugify`` and the theme uses it for headings without one.
    """
    return re.sub(r"\s+", separator, text.strip())


def suffix_of(path: str) -> str:
    """The lower-case suffix of the file a path names (``""`` when it has none)."""
    name = path.rsplit("/", 1)[-1]
    return "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
