"""Screenshots of both colour modes at phone and desktop width (test-artifacts/theme/)."""

from __future__ import annotations

from pathlib import Path

import pytest
from theme_browser import ARTICLE, DESKTOP, PHONE, OpenPage

SIZES = {"phone": PHONE, "desktop": DESKTOP}


@pytest.mark.parametrize("mode", ["dark", "light"])
@pytest.mark.parametrize("size", sorted(SIZES))
def test_screenshot(open_page: OpenPage, artifacts: Path, mode: str, size: str) -> None:
    page = open_page("", color_scheme=mode, viewport=SIZES[size])
    base = page.url
    for name, path in (("index", ""), ("article", ARTICLE)):
        page.goto(base + path)
        assert page.evaluate("document.documentElement.dataset.theme") == mode
        target = artifacts / f"{name}-{mode}-{size}.png"
        page.screenshot(path=str(target), full_page=(name == "article"))
        assert target.stat().st_size > 0
