"""`make devserver` in Chromium: the open page reloads by itself after each good build; a
failed build's path:line errors show over it (escaped, readable in both colour modes,
dismissable) until the next good build. A real server and real builds of the fixture site."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from theme_browser import open_served

from tests.pipeline.devserver import DevServer, devserver

ARTICLE = "fixture-article.html"
NEW_HEADING = "自動重新載入"
BUILD = 30_000  # ms: one build of the fixture site, with room for a loaded machine


@pytest.fixture
def server(tmp_path: Path) -> Iterator[DevServer]:
    with devserver(tmp_path) as running:
        running.wait_for_site()
        yield running


def luminance(css_colour: str) -> float:
    red, green, blue = (int(part) / 255 for part in re.findall(r"\d+", css_colour)[:3])

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.03928 else ((channel + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def contrast(first: str, second: str) -> float:
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def panel_colours(page: Page) -> dict[str, str]:
    return page.evaluate("""() => {
        const root = document.querySelector("[data-livereload]").shadowRoot;
        const panel = getComputedStyle(root.querySelector(".panel"));
        return {scheme: root.querySelector(".panel").dataset.scheme,
                text: panel.color, background: panel.backgroundColor,
                heading: getComputedStyle(root.querySelector("h2")).color};
    }""")


def assert_readable(page: Page, scheme: str) -> None:
    colours = panel_colours(page)
    assert colours["scheme"] == scheme
    assert contrast(colours["text"], colours["background"]) >= 7, colours
    assert contrast(colours["heading"], colours["background"]) >= 4.5, colours


def test_the_open_page_follows_the_builds(browser: Browser, server: DevServer) -> None:
    errors: list[str] = []
    contexts: list[BrowserContext] = []
    try:
        dark_context, page, _ = open_served(browser, server.url + ARTICLE, "dark",
                                             errors=errors)
        contexts.append(dark_context)
        heading = page.get_by_role("heading", name=NEW_HEADING)
        alert = page.get_by_role("alert")
        original = server.article.read_text(encoding="utf-8")
        edited = original + f"\n## {NEW_HEADING}\n"

        # A good edit: the page reloads by itself.
        server.article.write_text(edited, encoding="utf-8")
        expect(heading).to_be_visible(timeout=BUILD)

        # A broken edit: the errors over the page; under them, the last good build.
        server.article.write_text(edited + "\n!mp4\n", encoding="utf-8")
        line = edited.count("\n") + 2
        expect(alert).to_contain_text(
            f"content/articles/fixture.md:{line}: !mp4 needs a path", timeout=BUILD)
        expect(heading).to_be_visible()
        assert_readable(page, "dark")

        # Source text in a message is shown as text, never run as markup.
        server.article.write_text(
            edited + "\n!mp4\n- options: <img src=x onerror=alert(1)>\n- images/clip.mp4\n",
            encoding="utf-8")
        expect(alert).to_contain_text("unknown !mp4 option '<img src=x onerror=alert(1)>'",
                                      timeout=BUILD)
        assert page.locator("[data-livereload] img").count() == 0

        # A page opened while the build is broken shows the errors at once.
        light_context, light, _ = open_served(browser, server.url + ARTICLE, "light",
                                               errors=errors)
        contexts.append(light_context)
        expect(light.get_by_role("alert")).to_contain_text("unknown !mp4 option",
                                                           timeout=5_000)
        assert_readable(light, "light")

        # Dismissable: the button, or Esc.
        page.get_by_role("button", name="Dismiss").click()
        expect(alert).to_have_count(0)
        light.keyboard.press("Escape")
        expect(light.get_by_role("alert")).to_have_count(0)

        # The fix: both pages reload to the new build, errors gone.
        server.article.write_text(original, encoding="utf-8")
        for shown in (page, light):
            expect(shown.get_by_role("heading", name=NEW_HEADING)).to_have_count(
                0, timeout=BUILD)
            expect(shown.get_by_role("alert")).to_have_count(0)

        # Videos still seek: byte ranges are answered in watch mode.
        response = dark_context.request.get(server.url + "images/clip.mp4",
                                            headers={"Range": "bytes=0-99"})
        assert response.status == 206 and len(response.body()) == 100
    finally:
        for context in contexts:
            context.close()
    assert errors == []
