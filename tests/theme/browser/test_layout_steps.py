"""Text below the first screen is laid out after the first paint, a few blocks a frame
(main.css's content-visibility rule, theme.js's steps), and the page never shows it:
jumps land on their heading, nothing shifts, readers without scripts get the whole page."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page
from theme_browser import PHONE, served_article

SECTIONS = 12
PARAGRAPH = ("矩陣把平面上的每一點搬到新的位置，$W x + b$ 先轉再移，" * 6).strip("，") + "。"
# A long article: headings, inline and display math, a link from the top to the end.
DISPLAY_MATH = "$$y = " + " + ".join(f"w_{i} x_{i}" for i in range(1, 10)) + " + b$$"
ARTICLE = "\n\n".join(
    ["- title: 很長的文章\n- date: 2026-12-02\n- slug: long", "[直接看結語](#結語)"]
    + [part for n in range(1, SECTIONS + 1)
       for part in (f"## 第 {n} 節", *[PARAGRAPH] * 5, DISPLAY_MATH)]
    + ["## 結語", *[PARAGRAPH] * 3]
) + "\n"
# Stands for a page whose steps have not begun yet (a slow phone, a reader quick to click).
NO_FRAMES_YET = "window.requestAnimationFrame = () => 0;"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with served_article(tmp_path_factory.mktemp("long"), "long", ARTICLE) as url:
        yield url


def open_long(browser: Browser, url: str, init_script: str = "", **options: object) -> Page:
    context = browser.new_context(viewport=PHONE, **options)
    if init_script:
        context.add_init_script(init_script)
    page = context.new_page()
    page.goto(url, wait_until="load")
    return page


def content_visibility(page: Page) -> list[str]:
    return page.eval_on_selector_all(
        ".article__content > p", "ps => ps.map(p => getComputedStyle(p).contentVisibility)")


def last_paragraph_rendered(page: Page) -> bool:
    return page.eval_on_selector(".article__content > p:last-of-type .katex",
                                 "el => el.checkVisibility({contentVisibilityAuto: true})")


def test_every_block_is_laid_out_soon_after_the_first_paint(browser: Browser, site: str) -> None:
    waiting = open_long(browser, site, NO_FRAMES_YET)
    try:
        assert not last_paragraph_rendered(waiting)  # skipped while far from view
    finally:
        waiting.context.close()
    page = open_long(browser, site)
    try:
        page.wait_for_function("document.documentElement.hasAttribute('data-laid-out')")
        assert set(content_visibility(page)) == {"visible"}
        assert last_paragraph_rendered(page)
        # Wide formulas, known only once laid out, are reachable by keyboard.
        assert page.locator(".katex-display[tabindex='0']").count() > 0
    finally:
        page.context.close()


# Shifts counted from the moment theme.js starts its steps (it marks :root
# data-layout-steps, once the whole page is parsed: it is deferred). Before that, a busy
# machine's Chromium may paint a page it has parsed only in part (seen with the CPU
# throttled: a paragraph justified once its next words arrived, the search button drawn
# before its label); those paints are the parser's, not the steps'. Nor are the math's
# own moves when KaTeX's fonts arrive after the steps began (seen on a busy machine: only
# .katex spans, resized to the real glyphs' metrics, 0.0002): a shift all of whose
# sources lie inside formulas is the fonts', whatever the steps do (bench/lighthouse.sh
# counts it in the page's layout shift).
COUNT_SHIFTS_FROM_THE_STEPS = """window.__shift = 0;
  new MutationObserver((records, observer) => {  // :root does not exist yet here
    window.__stepsFrom = performance.now(); observer.disconnect();
  }).observe(document, {subtree: true, attributeFilter: ['data-layout-steps']});
  const inFormula = source => source.node && source.node.parentElement
    && source.node.parentElement.closest('.katex');
  const fontsOnly = entry => entry.sources.length > 0 && entry.sources.every(inFormula);
  new PerformanceObserver(list => {
    for (const entry of list.getEntries())
      if (entry.startTime >= window.__stepsFrom && !fontsOnly(entry))
        window.__shift += entry.value;
  }).observe({type: 'layout-shift', buffered: true});"""


def test_nothing_moves_while_the_text_is_laid_out(browser: Browser, site: str) -> None:
    page = open_long(browser, site, COUNT_SHIFTS_FROM_THE_STEPS)
    try:
        page.wait_for_function("document.documentElement.hasAttribute('data-laid-out')")
        page.wait_for_timeout(100)
        assert page.evaluate("window.__stepsFrom") is not None
        assert page.evaluate("window.__shift") == 0
    finally:
        page.context.close()


def test_a_link_followed_before_the_steps_lands_on_its_heading(browser: Browser, site: str) -> None:
    page = open_long(browser, site, NO_FRAMES_YET)
    try:
        heading = page.get_by_role("heading", name="結語")
        padding = page.evaluate("parseFloat(getComputedStyle(document.documentElement)"
                                ".scrollPaddingTop)")
        page.get_by_role("link", name="直接看結語").click()
        for wait in (200, 500):  # it lands there and stays while the text around it shows
            page.wait_for_timeout(wait)
            assert heading.evaluate("h => h.getBoundingClientRect().top") == pytest.approx(
                padding, abs=1)
    finally:
        page.context.close()


def test_without_scripts_the_whole_page_is_laid_out(browser: Browser, site: str) -> None:
    page = open_long(browser, site, java_script_enabled=False)
    try:
        assert set(content_visibility(page)) == {"visible"}
        assert last_paragraph_rendered(page)
    finally:
        page.context.close()
