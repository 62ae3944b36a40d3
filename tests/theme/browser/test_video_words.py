"""A video's words, in Debian's Chromium, on a real build with real renders (test profile).

A small article shows the flagship scene's video. Its transcript (a closed
``<details>``) lists the beats the render recorded; pressing a beat's time seeks the
video there and marks the beat; a reader may choose stills instead of videos; a
printed copy shows the storyboard; site search finds a word only a beat's
description holds; and the Atom feed's entry carries the storyboard with its words.
"""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from rich.console import Console
from theme_browser import open_served, served_article

from pipeline.build import build
from scenes.render.manifest import PROJECT_ROOT

pytestmark = pytest.mark.xdist_group("render")  # its renders are the article tests'

SCENE = "TwoLayersReLUInBetweenSolveHardTwoCurves"
# A word the article below never writes, that a beat's description of the scene does.
ONLY_IN_A_DESCRIPTION = "紫色"
ARTICLE = f"""- title: 會說話的動畫
- date: 2026-12-01
- slug: words

兩層網路怎麼把交錯的資料分開，看下面這段動畫。

!mp4
- images/manim/{SCENE}.mp4
- 兩層網路與 ReLU

結尾的一段文字。
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    assert ONLY_IN_A_DESCRIPTION not in ARTICLE
    with served_article(tmp_path_factory.mktemp("words"), "words", ARTICLE) as url:
        yield url


def beat_starts(page: Page) -> list[float]:
    return [float(value) for value in page.locator(".transcript li").evaluate_all(
        "items => items.map(item => item.dataset.start)")]


def test_the_transcript_is_closed_and_lists_every_beat(browser: Browser, site: str) -> None:
    page = open_served(browser, site).page
    try:
        details = page.locator("details.transcript")
        expect(details.locator("summary")).to_have_text("文字說明")
        assert details.get_attribute("open") is None
        expect(details.locator("li").first).to_be_hidden()
        details.locator("summary").click()
        items = details.locator("li")
        assert items.count() == 8  # the flagship's beats: data, W1, b1, ReLU, line, W2, b2, t
        assert beat_starts(page)[0] == 0 and beat_starts(page) == sorted(beat_starts(page))
        expect(items.first.locator(".transcript__time")).to_have_text("0:00")
        assert ONLY_IN_A_DESCRIPTION in details.inner_text()
        # Two tracks, in the scenes' language, that the browser reads as such.
        tracks = page.evaluate("""() => [...document.querySelector('video').textTracks]
            .map(t => [t.kind, t.language])""")
        assert tracks == [["chapters", "zh-Hant"], ["descriptions", "zh-Hant"]]
    finally:
        page.context.close()


def test_pressing_a_beat_seeks_the_video_and_marks_it(browser: Browser, site: str) -> None:
    page = open_served(browser, site).page
    try:
        page.locator("details.transcript summary").click()
        third = page.locator(".transcript li").nth(2)
        start = float(third.get_attribute("data-start"))
        # By keyboard: the time is a link, reached by Tab and pressed with Enter.
        third.locator("a").focus()
        page.keyboard.press("Enter")
        page.wait_for_function(f"() => Math.abs(document.querySelector('video').currentTime"
                               f" - {start}) < 0.5", timeout=15_000)
        expect(third).to_have_attribute("aria-current", "step")
        assert page.locator(".transcript li[aria-current]").count() == 1
        assert page.url == site  # seeking is no navigation to the video file
        # As it plays on, the mark moves to the next beat.
        page.evaluate(f"""() => {{ const v = document.querySelector('video');
            v.currentTime = {float(page.locator('.transcript li').nth(3).get_attribute(
                'data-start'))} + 0.1; }}""")
        expect(page.locator(".transcript li").nth(3)).to_have_attribute("aria-current", "step")
        expect(third).not_to_have_attribute("aria-current", "step")
    finally:
        page.context.close()


@pytest.mark.parametrize("scheme", ["dark", "light"])
def test_axe_finds_no_violations_in_the_video_and_its_words(browser: Browser, site: str,
                                                           axe_source: str, scheme: str) -> None:
    page = open_served(browser, site, scheme).page
    try:
        page.locator("details.transcript summary").click()
        page.add_script_tag(content=axe_source)
        violations = page.evaluate(
            "async () => (await axe.run(['figure.video', 'details.transcript'],"
            " {resultTypes: ['violations']})).violations.map(v => ({id: v.id,"
            " nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}))")
        assert violations == [], json.dumps(violations, ensure_ascii=False, indent=1)
    finally:
        page.context.close()


def test_without_javascript_the_transcript_is_text(browser: Browser, site: str) -> None:
    page = open_served(browser, site, java_script_enabled=False).page
    try:
        page.locator("details.transcript summary").click()
        expect(page.locator(".transcript li").nth(1)).to_be_visible()
        expect(page.locator(".transcript__stills")).to_be_hidden()  # a choice needs scripts
        href = page.locator(".transcript li a").nth(1).get_attribute("href")
        assert re.search(rf"/images/manim/{SCENE}\.mp4#t=[\d.]+$", href)
    finally:
        page.context.close()


def test_a_reader_who_prefers_stills_gets_the_storyboard_everywhere(browser: Browser,
                                                                  site: str) -> None:
    page = open_served(browser, site, "light").page
    try:
        page.locator("details.transcript summary").click()
        page.locator("input.transcript__stills-choice").check()
        expect(page.locator("figure.video video")).to_be_hidden()
        board = page.locator(".storyboard")
        expect(board).to_be_visible()
        first = board.locator("img").first
        first.scroll_into_view_if_needed()
        page.wait_for_function("() => document.querySelector('.storyboard img').complete")
        # The still of the reader's theme, in a width that fits.
        assert "/images/manim/light/" in first.evaluate("image => image.currentSrc")
        # Remembered: the next page shows stills from its first paint, and plays nothing.
        page.reload(wait_until="load")
        assert page.evaluate("document.documentElement.hasAttribute('data-prefer-stills')")
        expect(page.locator("figure.video video")).to_be_hidden()
        page.locator("figure.video").scroll_into_view_if_needed()
        page.wait_for_timeout(800)
        assert page.evaluate("document.querySelector('video').paused")
        page.locator("details.transcript summary").click()
        expect(page.locator("input.transcript__stills-choice")).to_be_checked()
    finally:
        page.context.close()


def test_printing_shows_the_storyboard(browser: Browser, site: str, tmp_path: Path) -> None:
    page = open_served(browser, site).page
    try:
        beats = page.locator(".storyboard figure").count()
        pdf = page.pdf(path=str(tmp_path / "article.pdf"))
        # Chromium writes each picture once as an image object: one per storyboard still.
        images = len(re.findall(rb"/Subtype\s*/Image", pdf))
        assert beats == 8 and images >= beats
        page.emulate_media(media="print")
        expect(page.locator(".storyboard")).to_be_visible()
        expect(page.locator("figure.video video")).to_be_hidden()
    finally:
        page.context.close()


def test_search_finds_a_word_only_a_description_holds(browser: Browser, site: str) -> None:
    page = open_served(browser, site).page
    try:
        page.get_by_role("button", name="搜尋").click()
        page.get_by_placeholder("搜尋文章").fill(ONLY_IN_A_DESCRIPTION)
        expect(page.locator(".pagefind-ui__result-title")).to_have_text(["會說話的動畫"])
    finally:
        page.context.close()


def test_the_feed_entry_carries_the_storyboard_and_its_words(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    root = tmp_path_factory.mktemp("words-feed")
    (root / "content" / "articles").mkdir(parents=True)
    (root / "content" / "articles" / "words.md").write_text(ARTICLE, encoding="utf-8")
    console = Console(file=io.StringIO(), width=200)
    status = build(root / "content", root / "output", PROJECT_ROOT / "publishconf.py", "test",
                   2, console)
    assert status == 0, console.file.getvalue()
    atom = ElementTree.parse(root / "output" / "feeds" / "all.atom.xml")
    namespace = {"atom": "http://www.w3.org/2005/Atom"}
    [entry] = atom.getroot().findall("atom:entry", namespace)
    content = entry.find("atom:content", namespace).text or ""
    stills = re.findall(rf'src="(https?://[^"]+/images/manim/{SCENE}-beat-\d\d\.jpg)"', content)
    assert len(stills) == 8
    assert ONLY_IN_A_DESCRIPTION in content
