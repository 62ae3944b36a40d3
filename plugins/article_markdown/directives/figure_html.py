"""The parts several directives' HTML share: captions, sizes and pictures of scene stills.

Elements are built with :mod:`xml.etree.ElementTree`, which Python-Markdown's
tree is made of; nothing here imports Markdown.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from typing import TYPE_CHECKING

from scenes.drawing.themes import DEFAULT_THEME

if TYPE_CHECKING:
    from ..media import Media

__all__ = ["CAPTION_LABEL", "FIGURE_SIZES", "SMALL_SCREENS", "TEXT_ONLY", "caption", "picture",
           "size", "theme_query"]

#: Marks elements whose text must stay text (a caption, a quotation): raw HTML in them
#: is escaped once inline Markdown has run. Removed before output.
TEXT_ONLY = "data-text-only"
#: On an ``<img>`` (its ``alt``) or a link (its text): a label the caption's plain text
#: is added to once inline Markdown has run, "label：caption". Removed before output.
CAPTION_LABEL = "data-caption-label"
#: How wide a figure is shown: the article's column (38em), or the screen less its margins.
FIGURE_SIZES = "(min-width: 42em) 38em, calc(100vw - 2rem)"
#: The screens on which a figure spans the screen (FIGURE_SIZES' second case): phones.
#: A scene video's smaller renditions are offered to these alone.
SMALL_SCREENS = "(max-width: 41.99em)"


def caption(parent: etree.Element, text: str | None) -> etree.Element | None:
    """A ``<figcaption>`` holding ``text`` (inline Markdown still to run), if there is text."""
    if not text:
        return None
    element = etree.SubElement(parent, "figcaption", {TEXT_ONLY: ""})
    element.text = text
    return element


def size(media: Media) -> dict[str, str]:
    """``width`` and ``height`` attributes of ``media``, when known."""
    if media.width and media.height:
        return {"width": str(media.width), "height": str(media.height)}
    return {}


def theme_query(theme: str) -> str:
    """The media query under which a page prefers ``theme`` (before the reader's toggle)."""
    return f"(prefers-color-scheme: {theme})"


def _sources(holder: etree.Element, media: Media, query: str | None, theme: str | None,
             sizes: str) -> None:
    """``<source>``s of a still: its WebP copies, then (for another theme) its JPEG ones."""
    attributes = {"media": query} if query else {}
    if theme is not None:
        attributes["data-theme"] = theme
    if media.candidates:
        etree.SubElement(holder, "source", {"type": "image/webp",
                                            "srcset": media.srcset("image/webp"),
                                            "sizes": sizes, **attributes})
    if query:  # the default theme's JPEG copies go on the <img> itself
        srcset = media.srcset("image/jpeg") or media.link
        extra = {"sizes": sizes} if media.candidates else {}
        etree.SubElement(holder, "source", {"srcset": srcset, **extra, **attributes})


def picture(parent: etree.Element, media: Media, sizes: str = FIGURE_SIZES,
            **extra: str) -> etree.Element:
    """``<img>`` of ``media`` in ``parent``, in a ``<picture>`` when a scene's still.

    A scene's still becomes a ``<picture>``: WebP and JPEG copies in several
    widths (``srcset``), so a phone downloads a phone-sized picture, and, when
    it is drawn in several themes, one set per theme: the browser picks the
    reader's scheme without JavaScript; the theme's script follows the toggle
    by switching each ``<source>``'s ``media``. The alt text is filled from
    the figure's caption once inline Markdown has run. ``sizes``: how wide it is shown.
    """
    holder = parent
    if media.themed or media.candidates:
        holder = etree.SubElement(parent, "picture")
        for theme, other in media.themed:
            _sources(holder, other, theme_query(theme), theme, sizes)
        _sources(holder, media, None, DEFAULT_THEME if media.themed else None, sizes)
    attributes = {"src": media.link, "alt": ""}
    if media.candidates:
        attributes.update(srcset=media.srcset("image/jpeg"), sizes=sizes)
    attributes.update(size(media))
    attributes.update({"loading": "lazy", "decoding": "async"})
    attributes.update(extra)
    return etree.SubElement(holder, "img", attributes)
