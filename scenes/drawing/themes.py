"""The themes a scene renders in, and how a render chooses one (no Manim import).

Every scene renders once per theme from the same code: ``palette.py`` picks
its colours, when it is imported, from the theme named by the environment
variable ``SCENE_THEME`` (default ``dark``). The render worker sets it for
each job and imports the project's scene modules afresh when it changes; an
author can do the same by hand: ``SCENE_THEME=light manim -ql scenes/x.py S``.

The render driver reads the names from here without importing Manim.
"""

from __future__ import annotations

import os

__all__ = ["DEFAULT_THEME", "THEMES", "THEME_VARIABLE", "active_theme", "parse_themes"]

#: In the order pages list them; the first is what a page without a choice shows.
THEMES = ("dark", "light")
DEFAULT_THEME = THEMES[0]
THEME_VARIABLE = "SCENE_THEME"


def active_theme() -> str:
    """The theme this process renders in; ValueError names the known ones."""
    theme = os.environ.get(THEME_VARIABLE) or DEFAULT_THEME
    if theme not in THEMES:
        raise ValueError(f"{THEME_VARIABLE}={theme!r} names no theme (known: "
                         f"{', '.join(THEMES)})")
    return theme


def parse_themes(text: str) -> tuple[str, ...]:
    """``"dark,light"`` as ``("dark", "light")``; empty means every theme.

    ValueError names an unknown theme, or a list without the default theme
    (the one a page falls back to).
    """
    themes = tuple(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))
    unknown = [theme for theme in themes if theme not in THEMES]
    if unknown:
        raise ValueError(f"unknown theme '{unknown[0]}' (known: {', '.join(THEMES)})")
    if themes and DEFAULT_THEME not in themes:
        raise ValueError(f"the themes must include {DEFAULT_THEME}, the one pages fall back to")
    return themes or THEMES
