"""Fixtures for the theme's browser tests: one fixture site, one server, one browser.

Chromium is Debian's (/usr/bin/chromium), never a downloaded build. Every page opened
through ``open_page`` fails its test on a console error or on a request to any host but
the local server (such requests are aborted, so nothing leaves the machine).
"""

from __future__ import annotations

import functools
import importlib.util
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from explore_reader import Reader, served_explore_site
from playwright.sync_api import Browser, BrowserContext, Page, Route, sync_playwright
from theme_browser import ARTICLE, DESKTOP, OpenPage

from tests.paths import ROOT as PROJECT_ROOT

ROOT = PROJECT_ROOT
ARTIFACTS = ROOT / "test-artifacts" / "theme"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = "/usr/bin/chromium"


def _load_fixture_site() -> Any:
    spec = importlib.util.spec_from_file_location(
        "theme_fixture_site", ROOT / "tests" / "theme" / "fixture_site.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib name
        pass


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _load_fixture_site().build_fixture_site(tmp_path_factory.mktemp("site"))


@pytest.fixture(scope="session")
def base_url(site_dir: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def explore_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The article of the figures the reader moves (explore_reader.py), built and served."""
    with served_explore_site(tmp_path_factory.mktemp("explore")) as url:
        yield url


@pytest.fixture
def reader(browser: Browser, explore_site: str) -> Iterator[Reader]:
    """That article open in a desktop page, failing the test on a console error."""
    opened = Reader(browser, explore_site)
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


@dataclass
class PageWatch:
    """What went wrong while a context was open."""

    console_errors: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)


@pytest.fixture
def open_page(browser: Browser, base_url: str) -> Iterator[OpenPage]:
    """``open_page(path, color_scheme=..., viewport=..., init_script=..., **context_options)``."""
    contexts: list[BrowserContext] = []
    watch = PageWatch()

    def guard(route: Route) -> None:
        url = route.request.url
        if url.startswith(base_url) or url.startswith("data:") or url.startswith("blob:"):
            route.continue_()
        else:
            watch.foreign_requests.append(url)
            route.abort()

    def opener(
        path: str = ARTICLE,
        *,
        color_scheme: str = "dark",
        viewport: dict[str, int] | None = None,
        init_script: str | None = None,
        context: BrowserContext | None = None,
        **options: Any,
    ) -> Page:
        if context is None:
            context = browser.new_context(
                color_scheme=color_scheme,
                viewport=viewport or DESKTOP,
                **options,
            )
            context.route("**/*", guard)
            contexts.append(context)
        if init_script:
            context.add_init_script(init_script)
        page = context.new_page()
        page.on(
            "console",
            lambda msg: (
                msg.type == "error" and watch.console_errors.append(f"{page.url}: {msg.text}")
            ),
        )
        page.on("pageerror", lambda error: watch.console_errors.append(f"{page.url}: {error}"))
        page.goto(base_url + path, wait_until="load")
        return page

    yield opener
    for context in contexts:
        context.close()
    assert watch.foreign_requests == [], "requests left the site"
    assert watch.console_errors == [], "console errors"


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.exists():
        pytest.fail(f"{AXE} missing: run `npm ci` (axe-core is a devDependency)")
    return AXE.read_text(encoding="utf-8")
