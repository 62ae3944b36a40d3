"""Both palettes are designed for their background: every colour's contrast, computed."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys

import pytest

from scenes.bases.themed import ThemedScene
from scenes.drawing.palette import scene_palette
from scenes.drawing.themes import (
    GRAPHIC_ROLES,
    PALETTES,
    TEXT_ROLES,
    TEXTURE_ROLES,
    THEMES,
)
from tests.paths import ROOT as PROJECT_ROOT

ROOT = PROJECT_ROOT


def relative_luminance(hex_color: str) -> float:
    """WCAG 2's relative luminance of an sRGB colour ``#RRGGBB``."""
    channels = [int(hex_color.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    """WCAG 2's contrast ratio, 1 to 21."""
    light, dark = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_contrast_formula_on_known_pairs() -> None:
    assert contrast("#FFFFFF", "#000000") == pytest.approx(21)
    assert contrast("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)


def test_every_colour_has_exactly_one_role() -> None:
    fields = {field.name for field in dataclasses.fields(next(iter(PALETTES.values())))}
    roles = [*TEXT_ROLES, *GRAPHIC_ROLES, *TEXTURE_ROLES]
    assert sorted(roles) == sorted(fields - {"background", "backdrop"})


@pytest.mark.parametrize("theme", THEMES)
def test_text_is_at_least_4_5_to_1_and_graphics_3_to_1(theme: str) -> None:
    palette = PALETTES[theme]
    failing = []
    for ground in (palette.background, palette.backdrop):
        for roles, needed in ((TEXT_ROLES, 4.5), (GRAPHIC_ROLES, 3.0)):
            for role in roles:
                ratio = contrast(getattr(palette, role), ground)
                if ratio < needed:
                    failing.append(f"{role} {getattr(palette, role)} on {ground}: "
                                   f"{ratio:.2f} < {needed}")
    assert failing == []


@pytest.mark.parametrize("theme", THEMES)
def test_paired_colours_differ_in_lightness_not_only_hue(theme: str) -> None:
    # Readers with red-green colour blindness tell the classes and î/ĵ apart by lightness.
    palette = PALETTES[theme]
    assert contrast(palette.class_0, palette.class_1) >= 1.5
    assert contrast(palette.i_hat, palette.j_hat) >= 1.5


def test_the_light_palette_is_light_and_the_dark_one_dark() -> None:
    assert relative_luminance(PALETTES["light"].background) > 0.9
    assert relative_luminance(PALETTES["dark"].background) < 0.02


def test_the_palettes_are_data_read_without_manim() -> None:
    # The explorable figures and the build read them; neither may load Manim.
    code = ("import sys; from scenes.drawing.themes import PALETTES; "
            "print(PALETTES['light'].background, 'manim' in sys.modules)")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, check=True)
    assert run.stdout.split() == ["#FBFAF8", "False"]


@pytest.mark.parametrize("theme", THEMES)
def test_a_scene_palette_is_its_theme_in_manim_colours(theme: str) -> None:
    palette = scene_palette(theme)
    assert palette.theme == theme
    for role, value in PALETTES[theme].roles().items():
        assert getattr(palette, role).to_hex().upper() == value.upper(), role


@pytest.mark.parametrize(("theme", "background"), [("dark", "#111318"), ("light", "#FBFAF8")])
def test_a_scene_gets_the_palette_and_background_of_the_theme_it_is_given(
        theme: str, background: str) -> None:
    scene = ThemedScene(theme=theme)
    assert scene.theme == theme and scene.palette is scene_palette(theme)
    assert scene.camera.background_color.to_hex().upper() == background


def test_the_same_process_draws_both_themes_one_after_the_other() -> None:
    # No module state: a light scene after a dark one is light (the old palette was chosen
    # once, when its module was imported).
    dark, light = ThemedScene(theme="dark"), ThemedScene(theme="light")
    assert dark.palette.text != light.palette.text
    assert ThemedScene(theme="dark").palette.background == dark.palette.background


@pytest.mark.parametrize(("theme", "background"), [("dark", "#111318"), ("light", "#FBFAF8"),
                                                   ("", "#111318")])
def test_scene_theme_chooses_the_palette_of_a_scene_made_by_hand(theme: str,
                                                                 background: str) -> None:
    code = ("from scenes.bases.themed import ThemedScene; "
            "print(ThemedScene().camera.background_color.to_hex())")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, env={**os.environ, "SCENE_THEME": theme}, check=True)
    assert run.stdout.strip().upper() == background


def test_an_unknown_theme_is_named() -> None:
    run = subprocess.run([sys.executable, "-c",
                          "from scenes.bases.themed import ThemedScene; ThemedScene()"],
                         capture_output=True, text=True, cwd=ROOT,
                         env={**os.environ, "SCENE_THEME": "sepia"})
    assert run.returncode != 0
    assert "SCENE_THEME='sepia' names no theme (known: dark, light)" in run.stderr
    with pytest.raises(ValueError, match="unknown theme 'sepia' \\(known: dark, light\\)"):
        ThemedScene(theme="sepia")
