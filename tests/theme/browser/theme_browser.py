"""Names shared by the browser tests and their conftest (a plain module: test files
should not import conftest, whose name is not unique across the test tree)."""

from __future__ import annotations

import io
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Page
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
