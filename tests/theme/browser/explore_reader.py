"""Reading the figures the reader moves (``!explore``) in Debian's Chromium.

A small article holds the three kinds of figure (the 2x2 matrix, the trained layer on the
easy curves, the 2-2-1 ReLU network on the hard curves), far enough down the page that
none of them is in the first view. It is built by ``pipeline.build`` at the test profile
(the stills are real scene renders) and served by the project's server. A ``Reader``
drives a figure as a reader would: by pointer, by touch and by keyboard; the helpers read
what the reader sees (matrix entries, accuracy text) and what Python's ``predict`` says
for the same weights. Shared by the ``test_explore_*`` modules (one per kind of figure).
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import numpy as np
from playwright.sync_api import Browser, BrowserContext, Locator, Page
from theme_browser import served_article

from scenes.data.datasets import dataset
from scenes.data.networks import load_networks, predict

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


def served_explore_site(root: Path) -> AbstractContextManager[str]:
    """The article built into ``root`` and served; yields its address."""
    return served_article(root, "explore", ARTICLE)


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
