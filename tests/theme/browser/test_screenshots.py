"""Screenshots of both colour modes at phone and desktop width, checked and kept.

Each screenshot is written to test-artifacts/theme/ for people to look at, and read
back: apart from its pictures and videos, a dark page must be dark and a light page
light (mean luma), and nothing may stick out sideways at any width, the phone's included.
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from playwright.sync_api import Page
from theme_browser import ARTICLE, DESKTOP, PHONE, OpenPage

SIZES = {"phone": PHONE, "desktop": DESKTOP}
# Mean luma (0 black, 1 white) of the page around its media. The theme's
# backgrounds are black and near-white and its text covers about a tenth of a
# page: the right pages measure about 0.03-0.11 (dark) and 0.89-0.96 (light), a
# page in the other mode's colours lands far beyond these bounds.
DARK_AT_MOST = 0.2
LIGHT_AT_LEAST = 0.8
# Media keep their own colours in both modes (a dark scene still is dark on a light
# page): their boxes, in page coordinates, are left out of the measure.
MEDIA_BOXES = """() => [...document.querySelectorAll('img, video, canvas, picture')].map(m => {
  const r = m.getBoundingClientRect();
  return [r.left + scrollX, r.top + scrollY, r.right + scrollX, r.bottom + scrollY];
})"""


def luma(rgb: np.ndarray) -> np.ndarray:
    """Rec. 709 luma of sRGB pixels (uint8, ... x 3), each 0-1.

    Luma weighs the gamma-encoded values, so it follows lightness as seen:
    linear luminance would count the grey of anti-aliased text as nearly black
    and leave a light page with plenty of text barely above 0.8.
    """
    return (rgb.astype(np.float64) / 255) @ np.array([0.2126, 0.7152, 0.0722])


def page_luma(screenshot: np.ndarray, media_boxes: list[list[float]]) -> float:
    """Mean luma of the screenshot outside the media boxes (CSS px = image px)."""
    outside = np.ones(screenshot.shape[:2], dtype=bool)
    for left, top, right, bottom in media_boxes:
        outside[max(0, int(top)):max(0, int(np.ceil(bottom))),
                max(0, int(left)):max(0, int(np.ceil(right)))] = False
    return float(luma(screenshot[outside]).mean())


def shoot(page: Page, target: Path, *, full_page: bool) -> np.ndarray:
    """Save a screenshot at ``target`` and return its pixels as RGB."""
    png = page.screenshot(path=str(target), full_page=full_page)
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))


@pytest.mark.parametrize("mode", ["dark", "light"])
@pytest.mark.parametrize("size", sorted(SIZES))
def test_screenshot_is_in_the_mode_and_fits(
        open_page: OpenPage, artifacts: Path, mode: str, size: str) -> None:
    viewport = SIZES[size]
    page = open_page("", color_scheme=mode, viewport=viewport)
    base = page.url
    for name, path in (("index", ""), ("article", ARTICLE)):
        page.goto(base + path)
        assert page.evaluate("document.documentElement.dataset.theme") == mode
        target = artifacts / f"{name}-{mode}-{size}.png"
        pixels = shoot(page, target, full_page=(name == "article"))

        mean_luma = page_luma(pixels, page.evaluate(MEDIA_BOXES))
        if mode == "dark":
            assert mean_luma < DARK_AT_MOST, f"{target.name}: luma {mean_luma:.2f}, too light"
        else:
            assert mean_luma > LIGHT_AT_LEAST, f"{target.name}: luma {mean_luma:.2f}, too dark"

        # A full-page screenshot is as wide as the document: wider than the
        # viewport means something sticks out sideways.
        width = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
        assert width[0] <= width[1], f"{target.name}: {width[0]} px wide in a {width[1]} px window"
        assert pixels.shape[1] == viewport["width"], target.name


def test_luma_tells_dark_from_light_and_leaves_media_out() -> None:
    black, white = np.zeros((10, 10, 3), np.uint8), np.full((10, 10, 3), 255, np.uint8)
    assert page_luma(black, []) == 0 and page_luma(white, []) == 1
    assert page_luma(np.full((1, 1, 3), 51, np.uint8), []) == pytest.approx(0.2)
    # Green counts most, blue least, as the eye sees them.
    assert page_luma(np.array([[[0, 255, 0]]], np.uint8), []) == pytest.approx(0.7152)
    assert page_luma(np.array([[[0, 0, 255]]], np.uint8), []) == pytest.approx(0.0722)
    # A white page holding a black picture on its left half is still white around it.
    page = white.copy()
    page[:, :5] = 0
    assert page_luma(page, []) == 0.5
    assert page_luma(page, [[0, 0, 5, 10]]) == 1


def test_overflow_check_sees_something_sticking_out(open_page: OpenPage, tmp_path: Path) -> None:
    page = open_page(ARTICLE, viewport=PHONE)
    page.evaluate("""() => {
      const wide = document.createElement('div');
      wide.style.width = '600px';
      wide.style.height = '10px';
      document.querySelector('main, body').append(wide);
    }""")
    width = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
    assert width[0] > width[1] == PHONE["width"]
    assert shoot(page, tmp_path / "wide.png", full_page=True).shape[1] > PHONE["width"]
