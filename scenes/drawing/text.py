"""Chinese text, formulas and the small overlays that carry them.

Chinese is set with Pango in "Noto Sans CJK TC" (CONTRACTS.md); formulas are
set with LaTeX. Overlays sit on a backdrop so the moving grid never runs
through the letters.
"""

from __future__ import annotations

from manim import (
    RIGHT,
    BackgroundRectangle,
    Mobject,
    ParsableManimColor,
    Text,
    VGroup,
)

__all__ = ["CJK_FONT", "zh", "with_backdrop", "side_by_side"]

CJK_FONT = "Noto Sans CJK TC"


def zh(
    text: str,
    font_size: float,
    color: ParsableManimColor,
    weight: str = "NORMAL",
) -> Text:
    """Set a Traditional-Chinese (or mixed) string.

    Parameters
    ----------
    text
        The string; Latin letters and digits are allowed.
    font_size
        Manim font size (48 is Manim's default, 32 suits captions).
    color
        Fill colour (a palette's ``text`` or ``muted``: Manim's default white
        would vanish on a light frame).
    weight
        Pango weight, ``"NORMAL"`` or ``"BOLD"``.

    Returns
    -------
    Text
        The text mobject, centred at the origin.
    """
    return Text(text, font=CJK_FONT, font_size=font_size, color=color, weight=weight)


def with_backdrop(
    mobject: Mobject, backdrop: ParsableManimColor, buff: float = 0.15, opacity: float = 0.85
) -> VGroup:
    """Put ``mobject`` on a rectangle of the frame colour.

    Parameters
    ----------
    mobject
        The overlay (label, formula, diagram).
    backdrop
        The rectangle's colour: the palette's ``backdrop``.
    buff
        Margin between ``mobject`` and the rectangle's edge.
    opacity
        Opacity of the rectangle; below 1 the grid stays faintly visible.

    Returns
    -------
    VGroup
        ``VGroup(backdrop, mobject)``; index 1 is ``mobject`` itself.
    """
    rectangle = BackgroundRectangle(
        mobject, color=backdrop, fill_opacity=opacity, buff=buff, corner_radius=0.08
    )
    return VGroup(rectangle, mobject)


def side_by_side(*parts: Mobject, buff: float = 0.15) -> VGroup:
    """Set Chinese text and formulas on one line, centred vertically."""
    return VGroup(*parts).arrange(RIGHT, buff=buff)
