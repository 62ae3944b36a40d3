"""``!image``: a picture with its caption and its source.

``<figure class="image">[<picture><source …>]<img …>[<figcaption>…]``. A scene's
still (``manim/Scene.jpg``) comes in every theme and width it was rendered in;
``dark`` marks dark-on-light art that the theme inverts in dark mode.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from typing import TYPE_CHECKING

from ..spec import IMAGE_SUFFIXES, THEME_ITEM, Directive, DirectiveSpec, Item, ItemKind
from .figure_html import TEXT_ONLY, picture
from .unit import DirectiveUnit, Page

if TYPE_CHECKING:
    from ..media import Media

__all__ = ["Image"]


class Image(DirectiveUnit):
    """A picture of content/images/, or a scene's still."""

    spec = DirectiveSpec("image", "a picture with its caption and source", (
        Item("dark", ItemKind.FLAG, "dark-on-light art, inverted in dark mode"),
        THEME_ITEM,
        Item("path", ItemKind.PATH, "the picture, relative to content/images/", required=True,
             base="images", suffixes=IMAGE_SUFFIXES, example="manim/Scene.jpg"),
        Item("caption", ItemKind.TEXT, "the caption (also the picture's alt text)",
             example="圖說"),
        Item("source_url", ItemKind.URL, "where the picture comes from",
             example="https://example.org/source"),
        Item("source_name", ItemKind.TEXT, "the source's name", example="來源名稱"),
    ))

    def html(self, parent: etree.Element, directive: Directive, media: dict[str, Media],
             page: Page) -> None:
        figure = etree.SubElement(parent, "figure", {"class": "image"})
        picture(figure, media["path"],
                **({"class": "dark-art"} if directive.flag("dark") else {}))
        caption_text, source_url = directive.text("caption"), directive.text("source_url")
        if caption_text or source_url:
            caption = etree.SubElement(figure, "figcaption", {TEXT_ONLY: ""})
            caption.text = caption_text or ""
            if source_url:
                source = etree.SubElement(caption, "span", {"class": "source"})
                source.text = "來源："
                link = etree.SubElement(source, "a", {"href": source_url})
                link.text = directive.text("source_name") or source_url
