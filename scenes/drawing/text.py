"""Chinese text, formulas and the small overlays that carry them.

Chinese is set with Pango in "Noto Sans CJK TC" (CONTRACTS.md); formulas are
set with LaTeX. Overlays sit on a backdrop so the moving grid never runs
through the letters.
"""

from __future__ import annotations

from collections.abc import Sequence

from manim import (
    DOWN,
    LEFT,
    RIGHT,
    BackgroundRectangle,
    Mobject,
    ParsableManimColor,
    Text,
    VGroup,
)

from scenes.drawing.palette import BACKDROP, TEXT

__all__ = ["CJK_FONT", "zh", "with_backdrop", "caption_lines", "side_by_side"]

CJK_FONT = "Noto Sans CJK TC"


def zh(
    text: str,
    font_size: float = 32,
    color: ParsableManimColor = TEXT,
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
        Fill colour.
    weight
        Pango weight, ``"NORMAL"`` or ``"BOLD"``.

    Returns
    -------
    Text
        The text mobject, centred at the origin.
    """
    return Text(text, font=CJK_FONT, font_size=font_size, color=color, weight=weight)


def with_backdrop(mobject: Mobject, buff: float = 0.15, opacity: float = 0.85) -> VGroup:
    """Put ``mobject`` on a rectangle of the frame colour.

    Parameters
    ----------
    mobject
        The overlay (label, formula, diagram).
    buff
        Margin between ``mobject`` and the rectangle's edge.
    opacity
        Opacity of the rectangle; below 1 the grid stays faintly visible.

    Returns
    -------
    VGroup
        ``VGroup(backdrop, mobject)``; index 1 is ``mobject`` itself.
    """
    backdrop = BackgroundRectangle(
        mobject, color=BACKDROP, fill_opacity=opacity, buff=buff, corner_radius=0.08
    )
    return VGroup(backdrop, mobject)


def caption_lines(
    lines: Sequence[str | Mobject],
    font_size: float = 30,
    line_buff: float = 0.18,
    aligned_edge: Sequence[float] = LEFT,
) -> VGroup:
    """Stack several lines, each a Chinese string or a ready mobject.

    Parameters
    ----------
    lines
        Strings (set with :func:`zh`) or mobjects (e.g. a ``MathTex``).
    font_size
        Font size of the string lines.
    line_buff
        Vertical space between lines.
    aligned_edge
        Edge the lines line up on.

    Returns
    -------
    VGroup
        One submobject per line, top to bottom.
    """
    mobs = [zh(line, font_size) if isinstance(line, str) else line for line in lines]
    return VGroup(*mobs).arrange(DOWN, buff=line_buff, aligned_edge=aligned_edge)


def side_by_side(*parts: Mobject, buff: float = 0.15) -> VGroup:
    """Set Chinese text and formulas on one line, centred vertically."""
    return VGroup(*parts).arrange(RIGHT, buff=buff)
