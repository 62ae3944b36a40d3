"""Scenes follow the reader's theme, in Debian's Chromium, on a real build with real renders.

A small article shows one real scene as a video and one as a still; it is built by
``pipeline.build`` at the test profile (both themes rendered) and served locally.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser
from theme_browser import open_served, play_video, served_article

pytestmark = pytest.mark.xdist_group("render")  # its renders are the article tests'

VIDEO_SCENE = "ShowLinearSeparableDataPoints"
STILL_SCENE = "ThreeKeyComponents"
ARTICLE = f"""- title: 跟著主題換色的動畫
- date: 2026-12-01
- slug: themed

開頭的一段文字。

!mp4
- images/manim/{VIDEO_SCENE}.mp4
- 一段跟著主題換色的動畫

!image
- manim/{STILL_SCENE}.jpg
- 一張跟著主題換色的圖

結尾。
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with served_article(tmp_path_factory.mktemp("themed"), "themed", ARTICLE) as url:
        yield url


def theme_of_url(url: str) -> str:
    return "light" if "/images/manim/light/" in url else "dark"


@pytest.mark.parametrize("scheme", ["dark", "light"])
def test_each_scheme_plays_and_shows_its_own_render(browser: Browser, site: str,
                                                    scheme: str) -> None:
    context, page, requests = open_served(browser, site, scheme)
    try:
        play_video(page)
        video = page.evaluate("() => { const v = document.querySelector('video');"
                              " return {src: v.currentSrc, poster: v.poster}; }")
        assert theme_of_url(video["src"]) == scheme and video["src"].endswith(".mp4")
        assert theme_of_url(video["poster"]) == scheme
        still = page.evaluate("document.querySelector('figure.image img').currentSrc")
        page.locator("figure.image").scroll_into_view_if_needed()
        assert theme_of_url(still) == scheme and f"/{STILL_SCENE}." in still
        # Nothing of the other theme was fetched.
        other = [url for url in requests if "/images/manim/" in url
                 and theme_of_url(url) != scheme]
        assert other == []
    finally:
        context.close()


def test_the_toggle_swaps_a_playing_video_in_place(browser: Browser, site: str) -> None:
    context, page, requests = open_served(browser, site, "dark")
    try:
        play_video(page)
        page.wait_for_function("document.querySelector('video').currentTime > 1.2")
        assert not [url for url in requests if url.endswith(".mp4") and "/light/" in url], \
            "the light video was requested before any swap"
        box_before = page.locator("video").bounding_box()
        caption_before = page.locator("figure.video > figcaption").bounding_box()
        before = page.evaluate("document.querySelector('video').currentTime")

        page.get_by_role("button", name="深色模式").click()

        page.wait_for_function("() => { const v = document.querySelector('video');"
                               " return v.currentSrc.includes('/light/') && !v.paused"
                               " && !v.hasAttribute('data-switching'); }", timeout=15_000)
        after = page.evaluate("document.querySelector('video').currentTime")
        # The same place in the animation (it went on playing for the swap's moment).
        assert before - 0.05 <= after <= before + 1.5, (before, after)
        assert page.evaluate("document.querySelector('video').poster").count("/light/") == 1
        # No layout shift: the video and its caption stay where they were.
        assert page.locator("video").bounding_box() == box_before
        assert page.locator("figure.video > figcaption").bounding_box() == caption_before
        assert page.locator(".video-cover").count() == 0
        still = page.evaluate("document.querySelector('figure.image img').currentSrc")
        assert "/light/" in still
    finally:
        context.close()


def test_a_paused_video_keeps_its_frame_and_stays_paused(browser: Browser, site: str) -> None:
    context, page, _ = open_served(browser, site, "light")
    try:
        play_video(page)
        page.evaluate("document.querySelector('video').pause()")
        paused_at = page.evaluate("document.querySelector('video').currentTime")
        page.get_by_role("button", name="深色模式").click()
        page.wait_for_function("() => { const v = document.querySelector('video');"
                               " return !v.currentSrc.includes('/light/')"
                               " && !v.hasAttribute('data-switching'); }", timeout=15_000)
        state = page.evaluate("() => { const v = document.querySelector('video');"
                              " return {paused: v.paused, time: v.currentTime}; }")
        assert state["paused"] and abs(state["time"] - paused_at) < 0.05
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["dark", "light"])
def test_without_javascript_the_scheme_picks_the_render(browser: Browser, site: str,
                                                       scheme: str) -> None:
    context, page, requests = open_served(browser, site, scheme, java_script_enabled=False)
    try:
        page.locator("figure.image").scroll_into_view_if_needed()
        still = page.evaluate("document.querySelector('figure.image img').currentSrc")
        assert theme_of_url(still) == scheme
        # The video gives way to its poster (a <picture> too) linking to the file.
        fallback = page.locator(".video-fallback img")
        fallback.scroll_into_view_if_needed()
        page.wait_for_function("document.querySelector('.video-fallback img').complete")
        assert theme_of_url(fallback.evaluate("img => img.currentSrc")) == scheme
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["dark", "light"])
@pytest.mark.parametrize("saved", [None, "dark", "light"])
def test_a_video_not_played_is_not_downloaded(browser: Browser, site: str, scheme: str,
                                              saved: str | None) -> None:
    # Under reduced motion nothing starts by itself; whatever the system scheme and the
    # reader's saved choice, choosing the render must fetch no video.
    init = f"localStorage.setItem('theme', '{saved}')" if saved else None
    context, page, requests = open_served(browser, site, scheme, reduced_motion="reduce")
    try:
        if init:
            page.evaluate(init)
            page.reload(wait_until="load")
        page.locator("figure.image").scroll_into_view_if_needed()
        page.wait_for_timeout(500)
        assert [url for url in requests if url.endswith(".mp4")] == []
        chosen = page.evaluate("document.querySelector('video').src || "
                               "document.querySelector('video').currentSrc")
        assert theme_of_url(chosen) == (saved or scheme)
    finally:
        context.close()
