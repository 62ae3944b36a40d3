"""The article's block directives, one small unit each (in the style of ``pymdownx.blocks``).

Each module holds one directive whole: what may be written (its ``spec``: items,
options, choices and values, declared as data and validated in one place by
``format``), the media its paths name, and its HTML with the fallbacks readers
without JavaScript get:

- ``quote``: ``!quote``, a quotation;
- ``image``: ``!image``, a picture or a scene's still;
- ``video``: ``!mp4``, a video or a scene's render;
- ``explore``: ``!explore``, a figure the reader moves.

A new directive is a module here and its entry in ``UNITS``. ``extension`` wires
them into Python-Markdown; this package itself imports no Markdown, Pelican or
Pillow, so the format's readers (the build, the gate) load it freely.
"""

from __future__ import annotations

from ..spec import DirectiveSpec
from .explore import Explore
from .image import Image
from .quote import Quote
from .unit import DirectiveUnit
from .video import Video

__all__ = ["DIRECTIVES", "DIRECTIVE_NAMES", "UNITS", "unit_for"]

#: Every directive, in the order the format's reference lists them.
UNITS: tuple[DirectiveUnit, ...] = (Quote(), Image(), Video(), Explore())
#: What may be written, by directive name (``!name``).
DIRECTIVES: dict[str, DirectiveSpec] = {unit.spec.name: unit.spec for unit in UNITS}
DIRECTIVE_NAMES = frozenset(DIRECTIVES)
_UNITS_BY_NAME = {unit.spec.name: unit for unit in UNITS}


def unit_for(name: str) -> DirectiveUnit:
    """The unit of directive ``!name`` (KeyError for a name no unit declares)."""
    return _UNITS_BY_NAME[name]
