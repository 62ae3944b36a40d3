"""Names shared by the browser tests and their conftest (a plain module: test files
should not import conftest, whose name is not unique across the test tree)."""

from __future__ import annotations

import io
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple

from playwright.sync_api import Browser, BrowserContext, Page, Route
from rich.console import Console

from pipeline.build import build
from pipeline.serve import make_server
from scenes.render.manifest import PROJECT_ROOT

ARTICLE = "explainer/"
OLDER_ARTICLE = "first/"
PAGES = [
    "",
    ARTICLE,
    OLDER_ARTICLE,
    "archives.html",
    "tags.html",
    "tag/xian-xing-dai-shu.html",
    "about/",
    "404.html",
]
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}

# open_page(path, *, color_scheme="dark", viewport=DESKTOP, init_script=None, **context_options)
OpenPage = Callable[..., Page]


@contextmanager
def served_article(root: Path, slug: str, text: str) -> Iterator[str]:
    """An article (``text``, whose slug is ``slug``) built into ``root`` by
    ``pipeline.build`` at the test profile, renders included, and served by the project's
    own server (it answers byte ranges, as hosts do, so a video seeks); yields its URL."""
    os.environ["SERVE_QUIET"] = "1"
    content = root / "content"
    (content / "articles").mkdir(parents=True)
    (content / "articles" / f"{slug}.md").write_text(text, encoding="utf-8")
    console = Console(file=io.StringIO(), width=200)
    status = build(content, root / "output", PROJECT_ROOT / "pelicanconf.py", "test", 2, console)
    assert status == 0, console.file.getvalue()
    server = make_server(root / "output", "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/{slug}.html"
    finally:
        server.shutdown()
        server.server_close()


class Reading(NamedTuple):
    """A page opened in a context of its own, and every URL it has requested so far."""

    context: BrowserContext
    page: Page
    requests: list[str]


def open_served(browser: Browser, url: str, scheme: str = "dark", *,
                route: Callable[[Route], None] | None = None,
                errors: list[str] | None = None, **options: Any) -> Reading:
    """``url`` read in ``scheme``, in a context of its own (the desktop's viewport unless
    ``options`` name one); ``route`` answers the page's own URL (to show it as another
    browser reads it); ``errors`` gets the page's script errors and console errors, each
    after its scheme. The caller closes the context."""
    options.setdefault("viewport", DESKTOP)
    context = browser.new_context(color_scheme=scheme, **options)
    page = context.new_page()
    if route is not None:
        page.route(url, route)
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    if errors is not None:
        page.on("pageerror", lambda error: errors.append(f"{scheme}: {error}"))
        page.on("console", lambda message: message.type == "error"
                and errors.append(f"{scheme}: {message.text}"))
    page.goto(url, wait_until="load")
    return Reading(context, page, requests)


def play_video(page: Page) -> str:
    """Scroll the page's video into view (the theme starts it), wait until it plays, and
    return the URL of the file it plays."""
    page.locator("video").scroll_into_view_if_needed()
    page.wait_for_function("() => { const v = document.querySelector('video');"
                           " return !v.paused && v.currentTime > 0.3; }", timeout=15_000)
    return page.evaluate("document.querySelector('video').currentSrc")
