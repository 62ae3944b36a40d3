"""``!quote``: a quotation, optionally attributed.

``<figure class="quote"><blockquote><p>…</p></blockquote>[<figcaption>— …]``;
the quotation keeps its inline Markdown and math, and any raw HTML in it is
shown as text.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from typing import TYPE_CHECKING

from ..spec import Directive, DirectiveSpec, Item, ItemKind
from .figure_html import TEXT_ONLY, caption
from .unit import DirectiveUnit, Page

if TYPE_CHECKING:
    from ..media import Media

__all__ = ["Quote"]


class Quote(DirectiveUnit):
    """A quotation and who said it."""

    spec = DirectiveSpec("quote", "a quotation, optionally attributed", (
        Item("quotation", ItemKind.TEXT, "the quotation (inline Markdown kept)",
             required=True, example="引文，可以有 **粗體** 與 $x^2$。"),
        Item("attribution", ItemKind.TEXT, "who said it", example="出處"),
    ))

    def html(self, parent: etree.Element, directive: Directive, media: dict[str, Media],
             page: Page) -> None:
        figure = etree.SubElement(parent, "figure", {"class": "quote"})
        quote = etree.SubElement(figure, "blockquote")
        paragraph = etree.SubElement(quote, "p", {TEXT_ONLY: ""})
        paragraph.text = directive.text("quotation")
        attribution = directive.text("attribution")
        if attribution:
            caption(figure, "— " + attribution)
