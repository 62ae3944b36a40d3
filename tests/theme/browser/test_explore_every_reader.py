"""The figures for every reader: the scenes' palette in both schemes and the toggle, the
still and its caption without JavaScript, and no axe violations.
"""

from __future__ import annotations

import io
import json

import pytest
from explore_reader import DESKTOP, PHONE, Reader
from PIL import Image
from playwright.sync_api import Browser

from scenes.drawing.themes import PALETTES

pytestmark = pytest.mark.xdist_group("render")  # its renders are the article tests'


@pytest.mark.parametrize("scheme", ["dark", "light"])
def test_figures_draw_in_the_scenes_palette_and_follow_the_toggle(
        browser: Browser, explore_site: str, scheme: str) -> None:
    reader = Reader(browser, explore_site, color_scheme=scheme)
    try:
        figure = reader.figure("matrix")
        reader.settle()

        def background() -> tuple[int, ...]:
            # The colour most of the picture shows: its background, under grid and data.
            shot = Image.open(io.BytesIO(figure.locator(".explore__stage").screenshot()))
            return max(shot.convert("RGB").getcolors(1 << 20))[1]

        def rgb(color: str) -> tuple[int, ...]:
            return tuple(int(color[k:k + 2], 16) for k in (1, 3, 5))

        assert background() == rgb(PALETTES[scheme].background)
        reader.page.locator(".theme-toggle").click()
        reader.settle()
        other = "light" if scheme == "dark" else "dark"
        assert background() == rgb(PALETTES[other].background)
    finally:
        reader.close()


@pytest.mark.parametrize("scheme", ["dark", "light"])
def test_without_javascript_the_still_and_its_caption_stand_in(
        browser: Browser, explore_site: str, scheme: str) -> None:
    context = browser.new_context(color_scheme=scheme, java_script_enabled=False,
                                  viewport=DESKTOP)
    try:
        page = context.new_page()
        page.goto(explore_site, wait_until="load")
        for name, scene in (("matrix", "SymbolicTwoByTwoMatrixAndNN"),
                            ("hard_relu", "TwoLayersReLUInBetweenSolveHardTwoCurves")):
            figure = page.locator(f"figure.explore[data-figure={name}]")
            still = figure.locator("img.explore__still")
            still.scroll_into_view_if_needed()
            page.wait_for_function("img => img.complete && img.naturalWidth > 0",
                                   arg=still.element_handle())
            assert still.is_visible() and not figure.locator(".explore__live").is_visible()
            source = still.evaluate("img => img.currentSrc")
            assert f"/{scene}." in source  # the WebP or JPEG copy that fits
            assert ("/light/" in source) == (scheme == "light")
            assert figure.locator("figcaption").is_visible()
            assert still.get_attribute("alt") == figure.locator("figcaption").inner_text()
    finally:
        context.close()


@pytest.mark.parametrize(("scheme", "viewport"), [("dark", DESKTOP), ("light", PHONE)])
def test_axe_finds_no_violations_in_the_figures(browser: Browser, explore_site: str,
                                                axe_source: str, scheme: str,
                                                viewport: dict[str, int]) -> None:
    reader = Reader(browser, explore_site, color_scheme=scheme, viewport=viewport)
    try:
        for name in ("matrix", "easy_one_layer", "hard_relu"):
            reader.figure(name)
        reader.call(reader.figure("hard_relu"), "f.goTo(3)")  # every handle on screen
        reader.settle()
        reader.page.add_script_tag(content=axe_source)
        violations = reader.page.evaluate(
            "async () => (await axe.run('figure.explore', {resultTypes: ['violations']}))"
            ".violations.map(v => ({id: v.id, nodes: v.nodes.map(n => n.target.join(' '))"
            ".slice(0, 5)}))")
        assert violations == [], json.dumps(violations, ensure_ascii=False, indent=1)
    finally:
        reader.close()
