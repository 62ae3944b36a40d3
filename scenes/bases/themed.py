"""The base of every article scene: drawn in the theme its render asks for.

The render worker creates a scene with ``theme=...`` (one of
:data:`scenes.drawing.themes.THEMES`); the scene reads its colours from
``self.palette`` and gets the palette's background on the camera, so every
frame, still or video, has its theme's background without the scene setting it.
Created without a theme (Manim run by hand), the scene takes the one
``SCENE_THEME`` names, dark by default.
"""

from __future__ import annotations

from typing import Any

from manim import Scene

from scenes.drawing.palette import ScenePalette, scene_palette
from scenes.drawing.themes import theme_from_environment

__all__ = ["ThemedScene"]


class ThemedScene(Scene):
    """A Manim ``Scene`` with ``self.theme`` and ``self.palette`` set before it is drawn.

    Parameters
    ----------
    theme
        The theme to draw in; ``None``: the one ``SCENE_THEME`` names (dark by default).
    *args, **kwargs
        Passed to :class:`manim.Scene`.
    """

    def __init__(self, *args: Any, theme: str | None = None, **kwargs: Any) -> None:
        self.palette: ScenePalette = scene_palette(theme or theme_from_environment())
        self.theme = self.palette.theme
        super().__init__(*args, **kwargs)
        self.camera.background_color = self.palette.background
