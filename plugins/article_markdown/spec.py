"""How a directive is declared, and what reading one gives: the types every directive uses.

Each directive (``directives/``) declares what it may hold as a
:class:`DirectiveSpec`: its items in order, each with a kind (text, a path, a URL,
a flag word, a list of options, a name from a list, numbers given as
``key=value``) and whether it may be left out, in the spirit of
``pymdownx.blocks``' ``OPTIONS``. The format's reader (``format.blocks``)
validates a written directive against its spec and returns a :class:`Directive`.

This module imports no Markdown, Pelican or Pillow: the build, the publish gate
and the render driver read articles without loading the plugin.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum
from pathlib import PurePosixPath
from typing import Any

from scenes.drawing.themes import THEMES

__all__ = [
    "IMAGE_SUFFIXES", "THEME_ITEM", "VIDEO_SUFFIXES", "Choice", "Directive", "DirectiveSpec",
    "Item", "ItemKind", "Option", "Value", "Written", "suffix_of",
]

#: Suffixes an ``!image`` (or a video's poster) may show.
IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp", ".gif", ".svg"})
VIDEO_SUFFIXES = frozenset({".mp4"})


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


#: ``- theme: light``: a scene is rendered in every theme and shown in the reader's;
#: this pins one (``!image`` and ``!mp4`` take it).
THEME_ITEM = Item("theme", ItemKind.KEYWORD, "show a scene in this theme only, whatever the "
                  "reader's", choices=tuple(Choice(theme, f"the {theme} render")
                                            for theme in THEMES),
                  example=f"theme: {THEMES[0]}")


@dataclass(frozen=True)
class Written:
    """One item's value and the line it is on."""

    line: int
    text: str


@dataclass(frozen=True)
class Directive:
    """A directive read and validated: its spec and the items the author gave."""

    spec: DirectiveSpec
    line: int
    values: dict[str, Written]
    options: frozenset[str] = frozenset()
    #: Each path item's file, relative to the content folder.
    paths: dict[str, PurePosixPath] = field(default_factory=dict)
    #: A values item's numbers by name (``{"W": [[1.0, 0.0], [0.0, 1.0]]}``), checked.
    numbers: dict[str, Any] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.spec.name

    def text(self, name: str) -> str | None:
        written = self.values.get(name)
        return written.text if written else None

    def flag(self, name: str) -> bool:
        return name in self.values

    def media(self) -> Iterator[tuple[Written, PurePosixPath]]:
        """Each path the author gave: as written (with its line), and relative to content/."""
        for name, relative in self.paths.items():
            yield self.values[name], relative


def suffix_of(path: str) -> str:
    """The lower-case suffix of the file a path names (``""`` when it has none)."""
    name = path.rsplit("/", 1)[-1]
    return "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
