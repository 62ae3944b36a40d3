"""Figures the reader moves: nothing loads before it is needed, nothing shifts, the
painting happens in a worker where the browser has one.
"""

from __future__ import annotations

import pytest
from explore_reader import MODULES, PHONE, Reader, readouts
from playwright.sync_api import Browser

pytestmark = pytest.mark.xdist_group("render")  # its renders are the article tests'


def test_nothing_of_a_figure_loads_before_it_nears_the_view(reader: Reader) -> None:
    reader.page.wait_for_load_state("networkidle")
    assert not [url for url in reader.requests if MODULES in url or "/explore/" in url]
    # The box is there already, sized: nothing moves when the figure arrives.
    box = reader.page.locator("figure.explore[data-figure=matrix] .explore__stage").bounding_box()
    assert box and box["height"] > 200
    reader.figure("matrix")
    fetched = [url.rsplit("/", 1)[-1] for url in reader.requests if MODULES in url]
    assert {"figure.js", "matrix.js"} <= set(fetched) and "network.js" not in fetched
    assert any(url.endswith("/explore/matrix.json") for url in reader.requests)


def test_no_layout_shift_while_the_figures_load(browser: Browser, explore_site: str) -> None:
    reader = Reader(browser, explore_site, viewport=PHONE)
    try:
        reader.page.evaluate("""() => { window.__shift = 0; new PerformanceObserver(list => {
            for (const entry of list.getEntries()) window.__shift += entry.value;
          }).observe({type: 'layout-shift', buffered: true}); }""")
        for name in ("matrix", "easy_one_layer", "hard_relu"):
            reader.figure(name)
        reader.settle()
        assert reader.page.evaluate("window.__shift") == 0
    finally:
        reader.close()


def test_figures_draw_in_a_worker_and_on_the_page_where_there_is_none(
        browser: Browser, explore_site: str) -> None:
    # Chromium hands the canvases to a worker; a browser that cannot draws them itself.
    reader = Reader(browser, explore_site)
    try:
        assert reader.call(reader.figure("matrix"), "Boolean(f.stage.worker)")
    finally:
        reader.close()
    reader = Reader(browser, explore_site, init_script=(
        "delete HTMLCanvasElement.prototype.transferControlToOffscreen;"))
    try:
        figure = reader.figure("matrix")
        assert not reader.call(figure, "Boolean(f.stage.worker)")
        figure.get_by_role("slider", name="î 的終點").focus()
        reader.page.keyboard.press("ArrowUp")
        reader.settle()
        assert readouts(reader, figure)["W"] == ["1.00", "1.00", "0.10", "1.00"]
        pixel = reader.call(figure, "Array.from(f.stage.context.getImageData(1, 1, 1, 1).data)")
        assert pixel[3] == 255  # drawn, opaque
    finally:
        reader.close()
