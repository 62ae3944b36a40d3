"""Names shared by the browser tests and their conftest (a plain module: test files
should not import conftest, whose name is not unique across the test tree)."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page

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
