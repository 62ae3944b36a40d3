"""What every directive is: a declared spec, the media its paths name, and its HTML.

A directive is one small class (one module each: ``quote``, ``image``, ``video``,
``explore``), in the style of ``pymdownx.blocks``: its :class:`DirectiveSpec`
declares what may be written (items, options, choices, values) and is all the
validation there is; :meth:`DirectiveUnit.media` finds the files it shows;
:meth:`DirectiveUnit.html` builds its element tree, fallbacks for readers without
JavaScript included. The Markdown wiring (``extension.py``) hands each one its
parsed directive; nothing else touches a directive's HTML afterwards.
"""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as etree
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from ..errors import SourceError
from ..spec import Directive, DirectiveSpec

if TYPE_CHECKING:  # Pillow is loaded only by the plugin, never by the format's readers
    from ..media import Media, MediaResolver
    from .words import TimedBeat


def _as_written(text: str) -> str:
    return text

__all__ = ["DirectiveUnit", "Page", "in_pinned_theme", "resolve_paths"]


@dataclass(frozen=True)
class Page:
    """What a directive's media and HTML depend on besides the directive itself."""

    #: Finds a path's file: under content/, or a scene's render.
    resolver: MediaResolver
    #: Where the data files of ``!explore`` figures are kept (named by their content).
    data_folder: Path
    #: Videos get their posters through the theme's script (``data-poster``): browsers
    #: fetch every ``poster`` at load, even with ``preload="none"``.
    lazy_posters: bool = True
    #: Fills ``{{ path:spec }}`` numbers from the stored networks, as in the article.
    fill_numbers: Callable[[str], str] = _as_written

    def filled_beats(self, beats: Sequence[TimedBeat]) -> tuple[TimedBeat, ...]:
        """A video's beats with the numbers of their words filled in; a wrong number is
        an error at the scene's line that wrote it."""
        filled = []
        for beat in beats:
            try:
                filled.append(dataclasses.replace(beat, title=self.fill_numbers(beat.title),
                                                  description=self.fill_numbers(
                                                      beat.description)))
            except SourceError as error:
                raise SourceError(beat.line, f"beat '{beat.title}': {error.message}",
                                  beat.source) from None
        return tuple(filled)


class DirectiveUnit:
    """One directive: its declaration, its media and its HTML (subclasses fill these in)."""

    spec: ClassVar[DirectiveSpec]

    def media(self, directive: Directive, page: Page) -> dict[str, Media]:
        """The files ``directive`` shows, by item name (SourceError at the item's line)."""
        return in_pinned_theme(directive, resolve_paths(directive, page))

    def html(self, parent: etree.Element, directive: Directive, media: dict[str, Media],
             page: Page) -> None:
        """Append the directive's elements to ``parent``."""
        raise NotImplementedError


def resolve_paths(directive: Directive, page: Page) -> dict[str, Media]:
    """Each path item's media: a file of content/, or a scene's rendered video or still."""
    return {name: page.resolver.resolve(relative, directive.values[name].text,
                                        directive.values[name].line)
            for name, relative in directive.paths.items()}


def in_pinned_theme(directive: Directive, media: dict[str, Media]) -> dict[str, Media]:
    """``media`` in the theme a ``- theme:`` item pins, or as found (every theme)."""
    pinned = directive.text("theme")
    if pinned is None:
        return media
    return {name: each.in_theme(pinned) for name, each in media.items()}
