"""The site search, in Debian's Chromium, on a real build (``pipeline.build``, Pagefind included).

A small content folder: one article about matrices, one that never says 矩陣. The build
indexes it with Pagefind; the page is served locally and every request to another host
is aborted and fails the test, so the search works with nothing but the site.
"""

from __future__ import annotations

import io
import json
import os
import threading
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Route, expect
from rich.console import Console

from pipeline.build import build
from pipeline.serve import make_server
from scenes.render.manifest import PROJECT_ROOT

MATRIX_ARTICLE = """- title: 矩陣是什麼
- date: 2026-12-01
- slug: matrix

矩陣乘法把平面上的每個向量變成另一個向量，整個平面跟著一起變形。
"""
ARTIFACTS = PROJECT_ROOT / "test-artifacts" / "theme"
OTHER_ARTICLE = """- title: 激活函數
- date: 2026-11-01
- slug: activation

激活函數把一條直線彎成折線，神經網路因此能分開彎曲的資料。
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The two articles built by ``pipeline.build`` (which runs Pagefind); the output folder."""
    root = tmp_path_factory.mktemp("search")
    articles = root / "content" / "articles"
    articles.mkdir(parents=True)
    (articles / "matrix.md").write_text(MATRIX_ARTICLE, encoding="utf-8")
    (articles / "activation.md").write_text(OTHER_ARTICLE, encoding="utf-8")
    console = Console(file=io.StringIO(), width=200)
    status = build(root / "content", root / "output", PROJECT_ROOT / "pelicanconf.py", "test", 1,
                   console)
    assert status == 0, console.file.getvalue()
    return root / "output"


@pytest.fixture(scope="module")
def site(built: Path) -> Iterator[str]:
    os.environ["SERVE_QUIET"] = "1"
    server = make_server(built, "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


class Visit:
    """A page of the site in its own context; what it asked of other hosts, and its errors."""

    def __init__(self, browser: Browser, site: str, path: str, scheme: str = "dark") -> None:
        self.foreign: list[str] = []
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.context: BrowserContext = browser.new_context(
            color_scheme=scheme, viewport={"width": 1280, "height": 800})
        self.context.route("**/*", self._guard(site))
        self.page: Page = self.context.new_page()
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.goto(site + path, wait_until="load")

    def _guard(self, site: str):  # noqa: ANN202 - a Playwright route handler
        def guard(route: Route) -> None:
            url = route.request.url
            if url.startswith((site, "data:", "blob:")):
                route.continue_()
            else:
                self.foreign.append(url)
                route.abort()
        return guard

    def search(self, words: str) -> None:
        self.page.get_by_role("button", name="搜尋").click()
        box = self.page.get_by_placeholder("搜尋文章")
        expect(box).to_be_focused()
        box.fill(words)

    def close(self) -> None:
        self.context.close()
        assert self.foreign == [], "requests left the site"
        assert self.errors == [], "console errors"


@pytest.fixture
def visit(browser: Browser, site: str) -> Iterator[Visit]:
    opened = Visit(browser, site, "matrix.html")
    yield opened
    opened.close()


def result_titles(page: Page) -> list[str]:
    return page.locator(".pagefind-ui__result-title").all_inner_texts()


def test_a_chinese_word_finds_the_article_that_has_it(visit: Visit) -> None:
    visit.search("矩陣")
    expect(visit.page.locator(".pagefind-ui__result-title")).to_have_text(["矩陣是什麼"])
    expect(visit.page.locator(".pagefind-ui__result-link")).to_have_attribute(
        "href", "/matrix.html")


def test_a_word_inside_a_sentence_is_found(visit: Visit) -> None:
    """Chinese has no spaces: Pagefind segments 矩陣乘法把平面上… into words when indexing."""
    visit.search("平面")
    expect(visit.page.locator(".pagefind-ui__result-title")).to_have_text(["矩陣是什麼"])
    visit.page.get_by_placeholder("搜尋文章").fill("神經網路")
    expect(visit.page.locator(".pagefind-ui__result-title")).to_have_text(["激活函數"])


def test_a_word_in_no_article_finds_nothing(visit: Visit) -> None:
    visit.search("量子力學")
    expect(visit.page.locator(".pagefind-ui__message")).to_have_text("找不到「量子力學」")
    assert result_titles(visit.page) == []


def test_search_loads_nothing_until_opened_and_escape_closes_it(browser: Browser,
                                                               site: str) -> None:
    opened = Visit(browser, site, "matrix.html")
    try:
        assert not [url for url in opened.requests if "/pagefind/" in url]
        toggle = opened.page.get_by_role("button", name="搜尋")
        expect(toggle).to_have_attribute("aria-expanded", "false")
        opened.search("矩陣")
        expect(toggle).to_have_attribute("aria-expanded", "true")
        assert any(url.endswith("/pagefind/pagefind-ui.js") for url in opened.requests)
        opened.page.keyboard.press("Escape")
        expect(opened.page.locator("#site-search")).to_be_hidden()
        expect(toggle).to_be_focused()
    finally:
        opened.close()


@pytest.mark.parametrize("scheme", ["dark", "light"])
def test_the_search_box_takes_the_theme_colours(browser: Browser, site: str, scheme: str) -> None:
    opened = Visit(browser, site, "matrix.html", scheme)
    try:
        opened.search("矩陣")
        # The result's link, not just its title: Pagefind shows a placeholder title first.
        expect(opened.page.locator(".pagefind-ui__result-link")).to_have_text(["矩陣是什麼"])
        colours = opened.page.evaluate("""() => {
            const style = (selector) => getComputedStyle(document.querySelector(selector));
            return {page: style('html').backgroundColor, text: style('body').color,
                    input: style('.pagefind-ui__search-input').backgroundColor,
                    inputText: style('.pagefind-ui__search-input').color,
                    title: style('.pagefind-ui__result-link').color}; }""")
        assert colours["input"] == colours["page"] and colours["inputText"] == colours["text"]
        assert colours["title"] == colours["text"]
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        opened.page.screenshot(path=str(ARTIFACTS / f"search-{scheme}.png"))
    finally:
        opened.close()


def test_the_index_holds_the_articles_only(site: str) -> None:
    """The lists of articles (index, archives, tags) are not search results of their own."""
    with urllib.request.urlopen(site + "pagefind/pagefind-entry.json") as response:
        entry = json.load(response)
    assert list(entry["languages"]) == ["zh-hant-tw"]
    assert entry["languages"]["zh-hant-tw"]["page_count"] == 2


def test_a_page_opened_as_a_file_says_search_needs_a_server(browser: Browser, built: Path
                                                           ) -> None:
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto((built / "matrix.html").as_uri())
        page.get_by_role("button", name="搜尋").click()
        expect(page.locator("#site-search")).to_have_text(
            "搜尋要經由網站伺服器開啟（例如 make serve），直接開啟檔案時無法使用。")
    finally:
        context.close()


def test_an_index_that_cannot_load_says_so(browser: Browser, site: str) -> None:
    context = browser.new_context()
    try:
        context.route("**/pagefind/**", lambda route: route.abort())
        page = context.new_page()
        page.goto(site + "matrix.html")
        page.get_by_role("button", name="搜尋").click()
        expect(page.locator("#site-search")).to_have_text(
            "搜尋索引載入失敗：請重新執行 make html。")
    finally:
        context.close()


def test_a_search_module_that_cannot_load_says_so_and_the_next_press_tries_again(
        browser: Browser, site: str) -> None:
    context = browser.new_context()
    try:
        context.route("**/theme/js/search.js", lambda route: route.abort())
        page = context.new_page()
        page.goto(site + "matrix.html")
        button = page.get_by_role("button", name="搜尋")
        button.click()
        expect(page.locator("#site-search")).to_have_text("搜尋載入失敗：請檢查網路連線後再按一次。")
        expect(button).to_have_attribute("aria-expanded", "true")

        context.unroute("**/theme/js/search.js")
        button.click()
        expect(page.get_by_placeholder("搜尋文章")).to_be_focused()
        expect(page.locator("#site-search")).not_to_contain_text("搜尋載入失敗")
        expect(button).to_have_attribute("aria-expanded", "true")
    finally:
        context.close()
