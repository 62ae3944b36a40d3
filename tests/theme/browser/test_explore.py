"""Figures the reader moves (``!explore``), in Debian's Chromium, on a real build.

A small article holds the three kinds of figure (the 2x2 matrix, the trained layer on the
easy curves, the 2-2-1 ReLU network on the hard curves), far enough down the page that
none of them is in the first view. It is built by ``pipeline.build`` at the test profile
(the stills are real scene renders) and served by the project's server. Each figure is
driven as a reader would: by pointer, by touch and by keyboard; what the reader sees
(matrix entries, accuracy text, the boundary's place) is asserted, and the figure's
predictions are compared with Python's ``predict`` for the same weights.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import threading
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
from PIL import Image
from playwright.sync_api import Browser, BrowserContext, Locator, Page
from rich.console import Console

from pipeline.build import build
from pipeline.serve import make_server
from scenes.data.datasets import dataset
from scenes.data.networks import load_networks, predict
from scenes.drawing.palette import PALETTES
from scenes.render import PROJECT_ROOT

pytestmark = pytest.mark.xdist_group("render")  # its renders are the article tests'

FILLER = "\n\n".join(f"第 {n} 段鋪陳的文字，讓圖都在第一個畫面之外。" * 6 for n in range(1, 25))
ARTICLE = f"""- title: 可以動手的圖
- date: 2026-12-01
- slug: explore

## 開頭

{FILLER}

[回到開頭](#開頭)

!explore
- matrix
- start: W=[[1, 1], [0, 1]]
- manim/SymbolicTwoByTwoMatrixAndNN.jpg
- 拖曳 î 與 ĵ 的尖端，看格線跟著動。

{FILLER}

!explore
- easy_one_layer
- manim/SingleW1SolveLinearSeparableScene.jpg
- 拖曳數線上的把手，看正確率。

{FILLER}

!explore
- hard_relu
- manim/TwoLayersReLUInBetweenSolveHardTwoCurves.jpg
- 逐步看，並拖曳 W₁ 與 b₁。

結尾。
"""
MODULES = "/theme/js/explore/"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    os.environ["SERVE_QUIET"] = "1"
    root = tmp_path_factory.mktemp("explore")
    content = root / "content"
    (content / "articles").mkdir(parents=True)
    (content / "articles" / "explore.md").write_text(ARTICLE, encoding="utf-8")
    console = Console(file=io.StringIO(), width=200)
    status = build(content, root / "output", PROJECT_ROOT / "pelicanconf.py", "test", 2, console)
    assert status == 0, console.file.getvalue()
    server = make_server(root / "output", "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/explore.html"
    server.shutdown()
    server.server_close()
    shutil.rmtree(root, ignore_errors=True)


class Reader:
    """A page of the site in its own context, failing the test on any console error."""

    def __init__(self, browser: Browser, url: str, init_script: str | None = None,
                 **options: Any) -> None:
        options.setdefault("viewport", DESKTOP)
        options.setdefault("reduced_motion", "reduce")  # steps at once: quicker tests
        self.context: BrowserContext = browser.new_context(**options)
        if init_script:
            self.context.add_init_script(init_script)
        self.page: Page = self.context.new_page()
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.goto(url, wait_until="load")

    def figure(self, name: str) -> Locator:
        """The figure, scrolled into view and drawn."""
        figure = self.page.locator(f"figure.explore[data-figure={name}]")
        figure.scroll_into_view_if_needed()
        self.page.wait_for_function("f => f.dataset.state === 'ready' && f.exploreFigure"
                                    " && f.exploreFigure.stage.frames > 0",
                                    arg=figure.element_handle(), timeout=10_000)
        return figure

    def call(self, figure: Locator, code: str) -> Any:
        """``code`` (an expression of ``f``, the figure's API) evaluated in the page."""
        return figure.evaluate(f"figure => {{ const f = figure.exploreFigure; return {code}; }}")

    def settle(self) -> None:
        """What a change asked for is on screen: the page's next frames drawn, and every
        figure's painter (its worker) past them."""
        self.page.evaluate("() => new Promise(r => requestAnimationFrame(() =>"
                           " requestAnimationFrame(r)))")
        self.page.evaluate("() => Promise.all([...document.querySelectorAll('figure.explore')]"
                           ".filter(f => f.exploreFigure).map(f => f.exploreFigure.stage.flush()))")

    def drag(self, handle: Locator, dx: float, dy: float, steps: int = 8) -> None:
        box = handle.bounding_box()
        assert box is not None, "the handle is not on screen"
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        mouse = self.page.mouse
        mouse.move(x, y)
        mouse.down()
        mouse.move(x + dx, y + dy, steps=steps)
        mouse.up()
        self.settle()

    def close(self) -> None:
        self.context.close()
        assert self.errors == [], "console errors"


@pytest.fixture
def reader(browser: Browser, site: str) -> Iterator[Reader]:
    opened = Reader(browser, site)
    yield opened
    opened.close()


def readouts(reader: Reader, figure: Locator) -> dict[str, Any]:
    """What the figure's panel shows: each matrix's entries row by row, the accuracy line.

    The panel draws them (nothing but canvases changes while the reader drags); the
    figure reports what it drew last.
    """
    return reader.call(figure, "f.readouts()")


def spoken(figure: Locator) -> str:
    """What a screen reader reads in the panel: its hidden text, joined."""
    return " ".join(figure.locator(".explore__panel .visually-hidden").all_text_contents())


def number(text: str) -> float:
    """A number as the figure writes it (with a real minus sign)."""
    return float(text.replace("\u2212", "-"))


def python_predictions(name: str, values: dict[str, Any]) -> list[int]:
    """Python's own predictions for the stored network ``name`` with ``values`` put in."""
    record = load_networks()[name]
    layer = record["layers"][0]
    if "W1" in values:
        layer["W"], layer["b"] = values["W1"], values["b1"]
    else:
        layer["W"], layer["b"] = values["W"], values["b"]
        record["threshold"] = values["threshold"]
    return predict(record, dataset(record["dataset"]).points).tolist()


def accuracy_text(name: str, predictions: list[int]) -> str:
    labels = dataset(load_networks()[name]["dataset"]).labels
    correct = int(np.sum(np.array(predictions) == labels))
    percent = f"{correct / len(labels):.1%}".replace(".0%", "%")
    return f"正確率 {percent}（{correct} / {len(labels)}）"


# --- Loading ----------------------------------------------------------------------------


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


def test_no_layout_shift_while_the_figures_load(browser: Browser, site: str) -> None:
    reader = Reader(browser, site, viewport=PHONE)
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
        browser: Browser, site: str) -> None:
    # Chromium hands the canvases to a worker; a browser that cannot draws them itself.
    reader = Reader(browser, site)
    try:
        assert reader.call(reader.figure("matrix"), "Boolean(f.stage.worker)")
    finally:
        reader.close()
    reader = Reader(browser, site, init_script=(
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


# --- The matrix -------------------------------------------------------------------------


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


def test_dragging_by_touch_moves_the_handle_and_not_the_page(browser: Browser, site: str) -> None:
    reader = Reader(browser, site, viewport=PHONE, has_touch=True, is_mobile=True,
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


# --- One linear layer -------------------------------------------------------------------


def test_layer_shows_the_stored_accuracy_and_pythons_predictions(reader: Reader) -> None:
    figure = reader.figure("easy_one_layer")
    stored = load_networks()["easy_one_layer"]
    predictions = reader.call(figure, "f.predictions()")
    assert predictions == python_predictions("easy_one_layer", reader.call(figure, "f.state()"))
    shown = readouts(reader, figure)
    assert shown["accuracy"] == \
        f"正確率 {stored['accuracy']:.0%}（{stored['correct']} / {stored['total']}）"
    assert shown["W"] == ["0.00", f"{stored['layers'][0]['W'][0][1]:.2f}"]
    assert shown["t"] == [f"{stored['threshold']:.2f}".replace("-", "\u2212")]
    assert shown["accuracy"] in spoken(figure)


def test_layer_threshold_by_pointer_moves_the_line_and_the_accuracy(reader: Reader) -> None:
    figure = reader.figure("easy_one_layer")
    before = reader.call(figure, "f.boundary()")
    picture = figure.locator(".explore__stage").screenshot()
    reader.drag(figure.get_by_role("slider", name="門檻值 t"), 70, 0)
    state = reader.call(figure, "f.state()")
    assert state["threshold"] > 1
    after = reader.call(figure, "f.boundary()")
    # The boundary is nearly level: it moved up the plane, the same amount at both ends.
    assert after[0][1] < before[0][1] - 10 and after[1][1] < before[1][1] - 10
    assert figure.locator(".explore__stage").screenshot() != picture
    predictions = python_predictions("easy_one_layer", state)
    assert reader.call(figure, "f.predictions()") == predictions
    text = readouts(reader, figure)["accuracy"]
    assert text == accuracy_text("easy_one_layer", predictions) and "100%" not in text


def test_layer_by_keyboard_and_back_to_the_trained_weights(reader: Reader) -> None:
    figure = reader.figure("easy_one_layer")
    handle = figure.get_by_role("slider", name="ĵ 的落點 w₂")
    handle.focus()
    for _ in range(2):
        reader.page.keyboard.press("Shift+ArrowLeft")
    reader.page.keyboard.press("ArrowLeft")
    reader.settle()
    state = reader.call(figure, "f.state()")
    assert state["W"][0][1] == 0.02 and handle.get_attribute("aria-valuetext") == "0.02"
    predictions = python_predictions("easy_one_layer", state)
    assert reader.call(figure, "f.predictions()") == predictions
    text = accuracy_text("easy_one_layer", predictions)
    assert readouts(reader, figure)["accuracy"] == text
    # The live region speaks the new accuracy once the reader stops.
    reader.page.wait_for_function("([f, text]) => f.querySelector('[aria-live]').textContent"
                                  " === text", arg=[figure.element_handle(), text])
    figure.get_by_role("button", name="還原訓練結果").click()
    reader.settle()
    stored = load_networks()["easy_one_layer"]
    assert reader.call(figure, "f.state()") == {
        "W": stored["layers"][0]["W"], "b": stored["layers"][0]["b"],
        "threshold": stored["threshold"]}
    assert readouts(reader, figure)["accuracy"].startswith("正確率 100%")


# --- The 2-2-1 ReLU network -------------------------------------------------------------


def test_network_steps_by_pointer_and_keyboard(reader: Reader) -> None:
    figure = reader.figure("hard_relu")
    steps = figure.locator(".explore__steps button")
    assert steps.all_inner_texts() == ["輸入", "W₁", "b₁", "ReLU", "W₂", "b₂"]
    assert steps.nth(0).get_attribute("aria-current") == "step"
    # No handle on the input: only the steps that W1 and b1 make can be dragged.
    assert figure.get_by_role("slider").count() == 0
    steps.nth(3).click()
    reader.settle()
    assert reader.call(figure, "f.step()") == 3
    assert steps.nth(3).get_attribute("aria-current") == "step"
    assert figure.get_by_role("slider").count() == 3
    steps.nth(3).focus()
    reader.page.keyboard.press("Tab")
    reader.page.keyboard.press("Enter")
    reader.settle()
    assert reader.call(figure, "f.step()") == 4 and figure.get_by_role("slider").count() == 0


def test_network_shows_the_stored_accuracy_and_pythons_predictions(reader: Reader) -> None:
    figure = reader.figure("hard_relu")
    stored = load_networks()["hard_relu"]
    assert reader.call(figure, "f.state()") == {"W1": stored["layers"][0]["W"],
                                                "b1": stored["layers"][0]["b"]}
    assert reader.call(figure, "f.predictions()") == \
        predict(stored, dataset("hard").points).tolist()
    assert readouts(reader, figure)["accuracy"] == \
        f"正確率 {stored['accuracy']:.0%}（{stored['correct']} / {stored['total']}）"


def test_moving_b1_at_the_fold_changes_the_accuracy(reader: Reader) -> None:
    figure = reader.figure("hard_relu")
    figure.get_by_role("button", name="第 4 步：套用 ReLU").click()
    reader.settle()
    origin = figure.get_by_role("slider", name="原點的落點：b₁")
    reader.drag(origin, -60, 60)
    state = reader.call(figure, "f.state()")
    assert state["b1"][0] < 0 and state["b1"][1] < 0
    predictions = python_predictions("hard_relu", state)
    assert reader.call(figure, "f.predictions()") == predictions
    text = readouts(reader, figure)["accuracy"]
    assert text == accuracy_text("hard_relu", predictions) and "100%" not in text
    # W1 by keyboard: î's tip, one step right.
    i_hat = figure.get_by_role("slider", name="î 的落點：W₁ 的第一行")
    i_hat.focus()
    reader.page.keyboard.press("ArrowRight")
    reader.settle()
    w1 = reader.call(figure, "f.state().W1")
    assert w1[0][0] == round(load_networks()["hard_relu"]["layers"][0]["W"][0][0] + 0.1, 2)
    assert readouts(reader, figure)["W1"][0] == f"{w1[0][0]:.2f}"
    assert reader.call(figure, "f.predictions()") == \
        python_predictions("hard_relu", reader.call(figure, "f.state()"))
    figure.get_by_role("button", name="還原訓練結果").click()
    reader.settle()
    assert readouts(reader, figure)["accuracy"].startswith("正確率 100%")


def test_steps_walk_unless_the_reader_asks_for_less_motion(browser: Browser, site: str) -> None:
    reader = Reader(browser, site, reduced_motion="no-preference")
    try:
        figure = reader.figure("hard_relu")
        figure.get_by_role("button", name="第 2 步：乘上 W₁").click()
        reader.page.wait_for_timeout(200)
        assert 0 < reader.call(figure, "f.step()") < 1  # on its way
        reader.page.wait_for_function("f => f.exploreFigure.step() === 1",
                                      arg=figure.element_handle())
    finally:
        reader.close()


# --- For every reader -------------------------------------------------------------------


@pytest.mark.parametrize("scheme", ["dark", "light"])
def test_figures_draw_in_the_scenes_palette_and_follow_the_toggle(
        browser: Browser, site: str, scheme: str) -> None:
    reader = Reader(browser, site, color_scheme=scheme)
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
        browser: Browser, site: str, scheme: str) -> None:
    context = browser.new_context(color_scheme=scheme, java_script_enabled=False,
                                  viewport=DESKTOP)
    try:
        page = context.new_page()
        page.goto(site, wait_until="load")
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
def test_axe_finds_no_violations_in_the_figures(browser: Browser, site: str, axe_source: str,
                                                scheme: str, viewport: dict[str, int]) -> None:
    reader = Reader(browser, site, color_scheme=scheme, viewport=viewport)
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
