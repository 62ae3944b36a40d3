"""The 2x2 matrix figure: the tips of î and ĵ by pointer, keyboard and touch.
"""

from __future__ import annotations

import pytest
from explore_reader import PHONE, Reader, number, readouts, spoken
from playwright.sync_api import Browser

pytestmark = pytest.mark.xdist_group("render")  # its renders are the article tests'


def test_matrix_starts_where_the_article_says(reader: Reader) -> None:
    figure = reader.figure("matrix")
    assert readouts(reader, figure)["W"] == ["1.00", "1.00", "0.00", "1.00"]
    handle = figure.get_by_role("slider", name="ĵ 的終點")
    assert handle.get_attribute("aria-valuetext") == "(1.00, 1.00)"
    assert "第二行（ĵ 的落點）是 (1.00, 1.00)" in spoken(figure)


def test_matrix_by_pointer(reader: Reader) -> None:
    figure = reader.figure("matrix")
    scale = reader.call(figure, "f.handles.i.element.parentElement.getBoundingClientRect().width")
    i_hat = figure.get_by_role("slider", name="î 的終點")
    picture = figure.locator(".explore__panel").screenshot()
    reader.drag(i_hat, 0.1 * scale, -0.1 * scale)
    a, b, c, d = readouts(reader, figure)["W"]
    assert (b, d) == ("1.00", "1.00"), "ĵ did not move"
    assert number(a) > 1.2 and number(c) > 0.2, (a, c)
    # What a screen reader hears is what the readout shows.
    assert i_hat.get_attribute("aria-valuetext") == f"({a}, {c})"
    assert f"第一行（î 的落點）是 ({a}, {c})" in spoken(figure)
    assert reader.call(figure, "f.state().W") == [[number(a), number(b)], [number(c), number(d)]]
    assert figure.locator(".explore__panel").screenshot() != picture  # the drawn numbers


def test_matrix_by_keyboard_with_a_visible_focus(reader: Reader) -> None:
    figure = reader.figure("matrix")
    reader.page.get_by_role("link", name="回到開頭").focus()
    reader.page.keyboard.press("Tab")
    focused = figure.get_by_role("slider", name="î 的終點")
    assert focused.evaluate("e => e === document.activeElement")
    assert focused.evaluate("e => getComputedStyle(e).outlineStyle") == "solid"
    reader.page.keyboard.press("Tab")
    reader.page.keyboard.press("ArrowRight")
    reader.page.keyboard.press("Shift+ArrowUp")
    reader.settle()
    assert readouts(reader, figure)["W"] == ["1.00", "1.10", "0.00", "2.00"]
    assert figure.get_by_role("slider", name="ĵ 的終點").get_attribute("aria-valuetext") \
        == "(1.10, 2.00)"
    figure.get_by_role("button", name="回到起點").click()
    reader.settle()
    assert readouts(reader, figure)["W"] == ["1.00", "1.00", "0.00", "1.00"]


def test_dragging_by_touch_moves_the_handle_and_not_the_page(browser: Browser,
                                                             explore_site: str) -> None:
    reader = Reader(browser, explore_site, viewport=PHONE, has_touch=True, is_mobile=True,
                    device_scale_factor=2)
    try:
        figure = reader.figure("matrix")
        handle = figure.get_by_role("slider", name="ĵ 的終點")
        box = handle.bounding_box()
        assert box is not None
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        scrolled = reader.page.evaluate("scrollY")
        cdp = reader.context.new_cdp_session(reader.page)
        cdp.send("Input.dispatchTouchEvent",
                 {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
        for step in range(1, 11):
            cdp.send("Input.dispatchTouchEvent", {
                "type": "touchMove", "touchPoints": [{"x": x - 4 * step, "y": y + 6 * step}]})
        cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
        reader.settle()
        _, b, _, d = readouts(reader, figure)["W"]
        assert number(b) < 1.0 and number(d) < 1.0, (b, d)
        assert reader.page.evaluate("scrollY") == scrolled
    finally:
        reader.close()
