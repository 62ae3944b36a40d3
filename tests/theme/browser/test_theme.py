"""The theme in a real browser: colour modes, media, videos, layout, accessibility."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Page
from theme_browser import ARTICLE, OLDER_ARTICLE, PAGES, PHONE, OpenPage

DARK_BG = "rgb(0, 0, 0)"
LIGHT_BG = "rgb(251, 250, 248)"
INVERT = "invert(1) hue-rotate(180deg)"


def theme_of(page: Page) -> str | None:
    return page.evaluate("document.documentElement.getAttribute('data-theme')")


def background(page: Page) -> str:
    return page.evaluate("getComputedStyle(document.documentElement).backgroundColor")


# ---- Colour mode -------------------------------------------------------------------


@pytest.mark.parametrize(("scheme", "bg"), [("dark", DARK_BG), ("light", LIGHT_BG)])
def test_first_visit_follows_system_preference(open_page: OpenPage, scheme: str, bg: str) -> None:
    page = open_page(ARTICLE, color_scheme=scheme)
    assert theme_of(page) == scheme
    assert background(page) == bg
    toggle = page.get_by_role("button", name="深色模式")
    assert toggle.is_visible()
    assert toggle.get_attribute("aria-pressed") == ("true" if scheme == "dark" else "false")


def test_toggle_is_keyboard_operable_and_persists(open_page: OpenPage) -> None:
    page = open_page(ARTICLE, color_scheme="dark")
    toggle = page.get_by_role("button", name="深色模式")
    box = toggle.bounding_box()
    assert box is not None and box["x"] < 40 and box["y"] > 800 - 80, "toggle not bottom-left"

    toggle.focus()
    page.keyboard.press("Enter")
    assert theme_of(page) == "light"
    assert toggle.get_attribute("aria-pressed") == "false"
    assert background(page) == LIGHT_BG
    assert page.evaluate("localStorage.getItem('theme')") == "light"

    page.reload()
    assert theme_of(page) == "light"
    page.goto(page.url.replace(ARTICLE, "tags.html"))
    assert theme_of(page) == "light"
    assert background(page) == LIGHT_BG

    toggle = page.get_by_role("button", name="深色模式")
    toggle.focus()
    page.keyboard.press("Space")
    assert theme_of(page) == "dark"
    assert page.evaluate("localStorage.getItem('theme')") == "dark"


# Records the mode at the moment <body> is inserted (the parser is past <head>, the
# deferred theme.js has not run) and at DOMContentLoaded.
RECORD_EARLY_THEME = """
localStorage.setItem('theme', 'light');
window.__theme = {};
new MutationObserver((records, observer) => {
  if (document.body) {
    window.__theme.atBody = document.documentElement.getAttribute('data-theme');
    window.__theme.scriptRan = !!document.querySelector('.theme-toggle:not([hidden])');
    observer.disconnect();
  }
}).observe(document, {childList: true, subtree: true});
document.addEventListener('DOMContentLoaded', () => {
  window.__theme.atDomContentLoaded = document.documentElement.getAttribute('data-theme');
});
"""


def test_saved_mode_applied_before_first_paint(open_page: OpenPage) -> None:
    page = open_page(ARTICLE, color_scheme="dark", init_script=RECORD_EARLY_THEME)
    seen = page.evaluate("window.__theme")
    assert seen == {"atBody": "light", "scriptRan": False, "atDomContentLoaded": "light"}


def test_color_scheme_meta(open_page: OpenPage) -> None:
    page = open_page(ARTICLE)
    assert page.get_attribute('meta[name="color-scheme"]', "content") == "dark light"
    assert page.get_attribute("html", "lang") == "zh-Hant-TW"


# ---- Media -------------------------------------------------------------------------

MEDIA_STYLES = """
() => [...document.querySelectorAll('.article__content img, .article__content video')].map(el => {
  const chain = [];
  for (let node = el.parentElement; node; node = node.parentElement) {
    const style = getComputedStyle(node);
    chain.push(style.filter, style.mixBlendMode);
  }
  const style = getComputedStyle(el);
  return {tag: el.tagName, dark: el.classList.contains('dark-art'), filter: style.filter,
          blend: style.mixBlendMode,
          ancestors: chain.every(v => v === 'none' || v === 'normal')};
})
"""


@pytest.mark.parametrize("scheme", ["dark", "light"])
def test_media_never_inverted_or_blended_except_dark_art(open_page: OpenPage, scheme: str) -> None:
    page = open_page(ARTICLE, color_scheme=scheme)
    media = page.evaluate(MEDIA_STYLES)
    assert {m["tag"] for m in media} == {"IMG", "VIDEO"}
    assert any(m["dark"] for m in media)
    for item in media:
        assert item["blend"] == "normal" and item["ancestors"], item
        expected = INVERT if (item["dark"] and scheme == "dark") else "none"
        assert item["filter"] == expected, item


def test_media_have_dimensions_and_scale(open_page: OpenPage) -> None:
    page = open_page(ARTICLE, viewport=PHONE)
    sizes = page.evaluate(
        """[...document.querySelectorAll('img, video')].filter(el => el.offsetParent).map(el => ({
             w: el.getAttribute('width'), h: el.getAttribute('height'),
             css: getComputedStyle(el).height, max: getComputedStyle(el).maxWidth,
             fits: el.getBoundingClientRect().right <= innerWidth}))"""
    )
    assert sizes
    for size in sizes:
        assert size["w"] and size["h"] and size["max"] == "100%" and size["fits"], size


VIDEO_STATE = """sel => { const v = document.querySelector(sel);
  return {paused: v.paused, time: v.currentTime, controls: v.controls,
          poster: v.getAttribute('poster')}; }"""
AUTOPLAY = "video[data-autoplay]"
MANUAL = "video:not([data-autoplay])"


def test_autoplay_video_starts_only_in_view_and_pauses_when_it_leaves(open_page: OpenPage) -> None:
    page = open_page(ARTICLE)
    page.wait_for_timeout(400)
    state = page.evaluate(VIDEO_STATE, AUTOPLAY)
    assert state["paused"] and state["time"] == 0 and state["poster"] is None
    assert not state["controls"]

    page.locator(AUTOPLAY).scroll_into_view_if_needed()
    page.wait_for_function(
        "document.querySelector('video[data-autoplay]').currentTime > 0.2", timeout=5000
    )
    state = page.evaluate(VIDEO_STATE, AUTOPLAY)
    assert not state["paused"] and state["poster"]
    assert page.evaluate(VIDEO_STATE, MANUAL)["controls"]

    # Leaves the viewport: paused.
    page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_function("document.querySelector('video[data-autoplay]').paused", timeout=3000)

    # The pause button stops it for good, even in view.
    page.locator(AUTOPLAY).scroll_into_view_if_needed()
    page.wait_for_function("!document.querySelector('video[data-autoplay]').paused")
    page.get_by_role("button", name="暫停動畫").click()
    page.wait_for_timeout(300)
    assert page.evaluate(VIDEO_STATE, AUTOPLAY)["paused"]
    assert page.get_by_role("button", name="播放動畫").is_visible()


def test_reduced_motion_autoplays_nothing_and_shows_controls(open_page: OpenPage) -> None:
    page = open_page(ARTICLE, reduced_motion="reduce")
    page.locator(AUTOPLAY).scroll_into_view_if_needed()
    page.wait_for_timeout(800)
    for selector in (AUTOPLAY, MANUAL):
        state = page.evaluate(VIDEO_STATE, selector)
        assert state["paused"] and state["time"] == 0 and state["controls"], state


def test_readable_without_javascript(open_page: OpenPage) -> None:
    page = open_page(ARTICLE, java_script_enabled=False, color_scheme="light")
    assert theme_of(page) is None
    assert background(page) == LIGHT_BG  # the media query stands in for the script
    assert not page.locator(".theme-toggle").is_visible()
    assert not page.locator(".reading-progress").is_visible()
    assert page.locator("h1").inner_text() == "用線性代數看神經網路"
    fallback = page.locator("a.video-fallback img").first
    fallback.scroll_into_view_if_needed()
    assert fallback.is_visible()
    assert page.locator("video").first.is_hidden()  # the stand-in replaces it
    assert page.evaluate("document.querySelector('a.video-fallback img').naturalWidth") > 0


# ---- Article furniture ---------------------------------------------------------------


def test_toc_is_collapsed_details_on_phone_and_open_column_on_desktop(
    open_page: OpenPage,
) -> None:
    phone = open_page(ARTICLE, viewport=PHONE)
    details = phone.locator("details.toc--narrow")
    assert details.is_visible() and details.get_attribute("open") is None
    assert not phone.locator(".toc--wide").is_visible()
    details.locator("summary").click()
    assert details.get_by_role("link", name="資料的形狀").is_visible()

    desktop = open_page(ARTICLE)
    assert not desktop.locator("details.toc--narrow").is_visible()
    assert desktop.locator(".toc--wide").get_by_role("link", name="第一節：資料").is_visible()


def test_heading_anchor_visible_on_hover(open_page: OpenPage) -> None:
    page = open_page(ARTICLE)
    heading = page.locator("h2#第一節：資料")
    anchor = heading.locator("a.heading-anchor")
    assert anchor.get_attribute("href") == "#第一節：資料"
    assert anchor.evaluate("el => getComputedStyle(el).opacity") == "0"
    heading.hover()
    page.wait_for_timeout(250)
    assert anchor.evaluate("el => getComputedStyle(el).opacity") == "1"


def test_reading_progress_follows_scroll(open_page: OpenPage) -> None:
    page = open_page(ARTICLE)
    bar = page.locator(".reading-progress")
    assert bar.get_attribute("aria-hidden") == "true"
    scale = "el => new DOMMatrix(getComputedStyle(el.firstElementChild).transform).a"
    assert bar.evaluate(scale) == 0
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_function(
        "new DOMMatrix(getComputedStyle(document.querySelector('.reading-progress span'))"
        ".transform).a === 1"
    )


TOGGLE_TOP = "document.querySelector('.theme-toggle').getBoundingClientRect().top"


def test_toggle_steps_aside_on_a_phone_while_the_reader_reads_down(open_page: OpenPage) -> None:
    """On a phone the toggle lies over the text: it slides below the screen while the
    reader scrolls down, and is back where it was as they scroll up, reach the end, or
    reach it by keyboard. On a desktop, beside the text, it never moves."""
    page = open_page(ARTICLE, viewport=PHONE)
    home = page.evaluate(TOGGLE_TOP)
    assert home < PHONE["height"]

    page.mouse.move(180, 300)
    page.mouse.wheel(0, 600)
    page.wait_for_function(f"{TOGGLE_TOP} >= innerHeight")
    page.mouse.wheel(0, -100)
    page.wait_for_function(f"Math.abs({TOGGLE_TOP} - {home}) < 1")

    page.mouse.wheel(0, 300)
    page.wait_for_function(f"{TOGGLE_TOP} >= innerHeight")
    page.keyboard.press("End")
    page.wait_for_function(f"Math.abs({TOGGLE_TOP} - {home}) < 1")

    page.evaluate("window.scrollTo(0, 0)")
    page.mouse.wheel(0, 600)
    page.wait_for_function(f"{TOGGLE_TOP} >= innerHeight")
    page.keyboard.press("Shift")  # the reader is on the keyboard now: a focus is visible
    page.evaluate("document.querySelector('.theme-toggle').focus({preventScroll: true})")
    assert page.evaluate("document.querySelector('.theme-toggle').matches(':focus-visible')")
    page.wait_for_function(f"Math.abs({TOGGLE_TOP} - {home}) < 1")

    desktop = open_page(ARTICLE)
    home = desktop.evaluate(TOGGLE_TOP)
    desktop.mouse.move(640, 400)
    desktop.mouse.wheel(0, 600)
    desktop.wait_for_function("window.scrollY > 0")
    desktop.wait_for_timeout(400)  # longer than the slide would take
    assert desktop.evaluate(TOGGLE_TOP) == home


def test_previous_and_next_links(open_page: OpenPage) -> None:
    newer = open_page(ARTICLE)
    assert newer.locator("a[rel=prev]").get_attribute("href").endswith(OLDER_ARTICLE)
    assert newer.locator("a[rel=next]").count() == 0
    older = open_page(OLDER_ARTICLE)
    assert older.locator("a[rel=next]").get_attribute("href").endswith(ARTICLE)


def test_no_layout_shift_from_media(open_page: OpenPage) -> None:
    """Media and figures never move the page; the total stays at Lighthouse's "0".

    (KaTeX's web fonts can still nudge inline math by a few millionths when they arrive
    after first layout: the theme preloads them, the test allows that much.)
    """
    page = open_page(
        ARTICLE,
        init_script="""window.__cls = 0; window.__shifted = [];
        new PerformanceObserver(list => { for (const e of list.getEntries()) {
          if (e.hadRecentInput) continue;
          window.__cls += e.value;
          for (const s of e.sources) if (s.node && s.node.nodeType === 1)
            window.__shifted.push(s.node.closest('figure, img, video') ? s.node.tagName : '');
        }}).observe({type: 'layout-shift', buffered: true});""",
    )
    page.locator(AUTOPLAY).scroll_into_view_if_needed()
    page.wait_for_function("document.querySelector('video[data-autoplay]').currentTime > 0")
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_timeout(300)
    assert [tag for tag in page.evaluate("window.__shifted") if tag] == []
    assert page.evaluate("window.__cls") < 0.001


# ---- Whole site ------------------------------------------------------------------------


@pytest.mark.parametrize("scheme", ["dark", "light"])
def test_every_page_loads_cleanly_and_fits_360px(open_page: OpenPage, scheme: str) -> None:
    """No console error, no foreign request (checked by open_page), no sideways scroll."""
    page = open_page(PAGES[0], color_scheme=scheme, viewport=PHONE)
    base = page.url
    for path in PAGES:
        page.goto(base + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{path or 'index'} scrolls sideways: {width}px"


def test_wide_math_and_code_scroll_in_their_own_box(open_page: OpenPage) -> None:
    page = open_page(ARTICLE, viewport=PHONE)
    for selector in (".katex-display", ".highlight pre"):
        box = page.locator(selector).first
        overflow = box.evaluate(
            "el => ({scrolls: el.scrollWidth > el.clientWidth,"
            " overflowX: getComputedStyle(el).overflowX, tabindex: el.getAttribute('tabindex')})"
        )
        assert overflow == {"scrolls": True, "overflowX": "auto", "tabindex": "0"}, selector


def run_axe(page: Page, axe_source: str) -> list[dict]:
    page.add_script_tag(content=axe_source)
    return page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".map(v => ({id: v.id, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}))"
    )


@pytest.mark.parametrize("scheme", ["dark", "light"])
@pytest.mark.parametrize("path", [ARTICLE, "", "archives.html"])
def test_axe_finds_no_violations(
    open_page: OpenPage, axe_source: str, scheme: str, path: str
) -> None:
    page = open_page(path, color_scheme=scheme)
    if path == ARTICLE:  # include the focused pause button and the open TOC
        page.locator(AUTOPLAY).scroll_into_view_if_needed()
        page.wait_for_function("!document.querySelector('video[data-autoplay]').paused")
    violations = run_axe(page, axe_source)
    assert violations == [], json.dumps(violations, ensure_ascii=False, indent=1)


def test_axe_on_phone_with_toc_open(open_page: OpenPage, axe_source: str) -> None:
    page = open_page(ARTICLE, viewport=PHONE, color_scheme="light")
    page.locator("details.toc--narrow summary").click()
    violations = run_axe(page, axe_source)
    assert violations == [], json.dumps(violations, ensure_ascii=False, indent=1)
