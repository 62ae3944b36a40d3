"""Each reader plays the rendition made for them, in Debian's Chromium, on a real build.

A small article shows one real scene as a video, built by ``pipeline.build`` at the
test profile: in both themes, each in AV1 and H.264, at the render's size (256 px) and
at the small screens' size (128 px). Chromium decodes AV1; a browser that does not is
played by rewriting the page so that the AV1 sources name a codec no browser knows
(what a browser without an AV1 decoder sees in them).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, Route
from theme_browser import open_served, play_video, served_article

pytestmark = pytest.mark.xdist_group("render")  # its renders are the article tests'

SCENE = "ShowLinearSeparableDataPoints"
ARTICLE = f"""- title: 每種螢幕各有其檔
- date: 2026-12-02
- slug: renditions

開頭的一段文字。

!mp4
- images/manim/{SCENE}.mp4
- 一段動畫

結尾。
"""
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
# A phone: 390 CSS pixels wide, three device pixels to each.
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3,
         "is_mobile": True, "has_touch": True}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with served_article(tmp_path_factory.mktemp("renditions"), "renditions", ARTICLE) as url:
        yield url


def without_av1(route: Route) -> None:
    """The page as a browser without an AV1 decoder reads it: its AV1 types unplayable."""
    response = route.fetch()
    route.fulfill(response=response, body=response.text().replace("av01.", "av99."))


def site_file(url: str) -> str:
    """A scene file's path in the site (``light/S.av1.mp4``)."""
    return url.split("/images/manim/")[-1]


def videos(requests: list[str]) -> set[str]:
    """The video files among ``requests``."""
    return {site_file(url) for url in requests if url.endswith(".mp4")}


def playing(page: Page) -> str:
    """The file the page's video plays, once it plays."""
    return site_file(play_video(page))


@pytest.mark.parametrize("scheme", ["dark", "light"])
def test_chromium_plays_the_av1_rendition_at_the_render_size(browser: Browser, site: str,
                                                            scheme: str) -> None:
    context, page, requests = open_served(browser, site, scheme)
    try:
        folder = "light/" if scheme == "light" else ""
        assert playing(page) == f"{folder}{SCENE}.av1.mp4"
        assert videos(requests) == {f"{folder}{SCENE}.av1.mp4"}  # nothing else downloaded
    finally:
        context.close()


def test_a_phone_plays_the_small_av1_rendition_and_never_fetches_the_large(
        browser: Browser, site: str) -> None:
    context, page, requests = open_served(browser, site, **PHONE)
    try:
        assert playing(page) == f"{SCENE}-128w.av1.mp4"
        assert videos(requests) == {f"{SCENE}-128w.av1.mp4"}
        assert page.evaluate("document.querySelector('video').videoWidth") == 128
    finally:
        context.close()


@pytest.mark.parametrize(("reader", "expected"), [
    (DESKTOP, f"{SCENE}.mp4"), (PHONE, f"{SCENE}-128w.mp4")], ids=["desktop", "phone"])
def test_without_an_av1_decoder_the_h264_rendition_plays(browser: Browser, site: str,
                                                        reader: dict, expected: str) -> None:
    context, page, requests = open_served(browser, site, route=without_av1, **reader)
    try:
        assert page.evaluate("document.querySelector('source').type").startswith(
            'video/mp4; codecs="av99.')  # the page as such a browser reads it
        assert playing(page) == expected
        assert videos(requests) == {expected}
    finally:
        context.close()


@pytest.mark.parametrize(("reader", "av1", "before", "after"), [
    (PHONE, True, f"{SCENE}-128w.av1.mp4", f"light/{SCENE}-128w.av1.mp4"),
    (DESKTOP, False, f"{SCENE}.mp4", f"light/{SCENE}.mp4"),
], ids=["phone-av1", "desktop-h264"])
def test_a_swap_of_theme_mid_play_keeps_the_codec_and_the_size(
        browser: Browser, site: str, reader: dict, av1: bool, before: str, after: str) -> None:
    context, page, requests = open_served(
        browser, site, route=None if av1 else without_av1, **reader)
    try:
        assert playing(page) == before
        page.wait_for_function("document.querySelector('video').currentTime > 1.0")
        at = page.evaluate("document.querySelector('video').currentTime")
        # The phone turned on its side (wider than the small screens' query): the video
        # playing is still the small one, and the swap must not fetch the large one.
        page.set_viewport_size({"width": 844, "height": 390} if reader is PHONE
                               else DESKTOP["viewport"])
        page.evaluate("document.querySelector('video').scrollIntoView({block: 'center'})")
        page.wait_for_function("!document.querySelector('video').paused")
        page.get_by_role("button", name="深色模式").click()
        page.wait_for_function("() => { const v = document.querySelector('video');"
                               " return v.currentSrc.includes('/light/') && !v.paused"
                               " && !v.hasAttribute('data-switching'); }", timeout=15_000)
        assert page.evaluate("document.querySelector('video').currentSrc").endswith(after)
        assert page.evaluate("document.querySelector('video').currentTime") >= at - 0.05
        assert videos(requests) == {before, after}
    finally:
        context.close()
