"""Bytes a reader downloads to see the article before playing any video.

Serves a built output directory on 127.0.0.1, opens the article in Debian's Chromium
(phone viewport, reduced motion so nothing autoplays), waits until the network is idle
without scrolling, and adds up every response: HTML, CSS, JS, fonts, images and the
posters the theme fetched (those within a screen of the first viewport). Prints a table
by kind, the raw total and the total if text were gzip-compressed (as static hosts
serve it), and exits 1 when what is downloaded (compressed) is over the budget.

    .venv/bin/python bench/page_weight.py output [--page article.html] [--budget-kb 300]
"""

from __future__ import annotations

import argparse
import functools
import gzip
import re
import sys
import threading
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from playwright.sync_api import Response, sync_playwright

CHROMIUM = "/usr/bin/chromium"
PHONE = {"width": 360, "height": 740}
TEXT_KINDS = {"html", "css", "js", "other"}
NOT_ARTICLES = {
    "index.html",
    "archives.html",
    "tags.html",
    "categories.html",
    "authors.html",
    "404.html",
}


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib name
        pass


@contextmanager
def served(output: Path) -> Iterator[str]:
    """``output`` served quietly on a free port of 127.0.0.1; the base URL, ending in /.

    The other benches serve the site with it too."""
    handler = functools.partial(_QuietHandler, directory=str(output))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def default_page(output: Path) -> str:
    """The top-level HTML page with the most videos: the article, on this site."""
    best, best_count = "index.html", -1
    for path in sorted(output.glob("*.html")) + sorted(output.glob("*/index.html")):
        name = path.relative_to(output).as_posix()
        if name in NOT_ARTICLES:
            continue
        count = len(re.findall(r"<video\b", path.read_text(encoding="utf-8", errors="replace")))
        if count > best_count:
            best, best_count = name, count
    return best


def kind_of(url: str, content_type: str) -> str:
    content_type = content_type.split(";")[0].strip()
    if "html" in content_type:
        return "html"
    if content_type == "text/css":
        return "css"
    if "javascript" in content_type:
        return "js"
    if content_type.startswith("font/") or re.search(r"\.(woff2?|ttf|otf)$", url):
        return "font"
    if content_type.startswith("image/"):
        return "image"
    if content_type.startswith("video/"):
        return "video"
    return "other"


def measure(output: Path, page_path: str, scheme: str = "dark",
            viewport: dict[str, int] | None = None, scroll: bool = False) -> list[dict[str, Any]]:
    """Load the page and return one record per response.

    ``scroll``: then read it to the end, a screen at a time, playing nothing: what a
    reader downloads to see every picture and poster.
    """
    records: list[dict[str, Any]] = []

    def record(response: Response) -> None:
        content_type = response.headers.get("content-type", "")
        kind = kind_of(response.url, content_type)
        if kind == "video":  # never read a video body; count what the server announced
            body = b""
            size = int(response.headers.get("content-length", "0"))
        else:
            body = response.body()
            size = len(body)
        compressed = len(gzip.compress(body, 6)) if kind in TEXT_KINDS and body else size
        records.append(
            {
                "url": response.url.removeprefix(base),
                "kind": kind,
                "bytes": size,
                "gzip": compressed,
                "status": response.status,
            }
        )

    with served(output) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        context = browser.new_context(
            viewport=viewport or PHONE, reduced_motion="reduce", color_scheme=scheme
        )
        # Nothing may leave the machine: requests elsewhere are aborted (and listed).
        context.route(
            "**/*",
            lambda route: (
                route.continue_()
                if route.request.url.startswith(base) or route.request.url.startswith("data:")
                else route.abort()
            ),
        )
        page = context.new_page()
        page.on("response", record)
        page.goto(base + page_path, wait_until="networkidle")
        page.wait_for_timeout(500)  # let the theme script fetch the nearby posters
        page.wait_for_load_state("networkidle")
        if scroll:
            height = page.evaluate("document.documentElement.scrollHeight")
            for top in range(0, height, (viewport or PHONE)["height"]):
                page.evaluate(f"window.scrollTo(0, {top})")
                page.wait_for_timeout(150)
            page.wait_for_load_state("networkidle")
        browser.close()
    return records


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path, help="built site, e.g. output/")
    parser.add_argument("--page", help="path of the page in the site (default: the article)")
    parser.add_argument("--budget-kb", type=float, default=300.0, help="download budget, KB")
    parser.add_argument("--which", action="store_true", help="print the default page and exit")
    parser.add_argument("--list", action="store_true", help="list every response")
    parser.add_argument("--scheme", choices=("dark", "light"), default="dark",
                        help="the reader's colour scheme (scenes are rendered in both)")
    parser.add_argument("--scroll", action="store_true",
                        help="read to the end, playing nothing: every picture and poster")
    parser.add_argument("--width", type=int, default=PHONE["width"],
                        help="viewport width in CSS pixels (a phone: 360 or 390)")
    args = parser.parse_args(argv)

    output = args.output.resolve()
    if not (output / "index.html").exists():
        parser.error(f"{output} has no index.html: build the site first (make html)")
    page_path = args.page or default_page(output)
    if args.which:
        print(page_path)
        return 0

    viewport = {"width": args.width, "height": PHONE["height"]}
    records = measure(output, page_path, args.scheme, viewport, args.scroll)
    by_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for item in records:
        totals = by_kind[item["kind"]]
        totals[0] += 1
        totals[1] += item["bytes"]
        totals[2] += item["gzip"]
        if args.list:
            print(f"{item['status']} {item['kind']:6} {item['bytes']:>9,} {item['url']}")

    raw = sum(item["bytes"] for item in records)
    compressed = sum(item["gzip"] for item in records)
    print(f"page: /{page_path}  (viewport {viewport['width']}x{viewport['height']}, "
          f"{args.scheme} scheme, reduced motion{', read to the end' if args.scroll else ''})")
    print(f"{'kind':8}{'files':>6}{'bytes':>12}{'gzip':>12}")
    for kind in sorted(by_kind):
        count, size, gz = by_kind[kind]
        print(f"{kind:8}{count:>6}{size:>12,}{gz:>12,}")
    print(f"{'total':8}{len(records):>6}{raw:>12,}{compressed:>12,}")
    # What a reader downloads: text as static hosts send it (gzip; GitHub Pages does,
    # and `make publish PRECOMPRESS=1` ships .gz/.br copies for hosts that do not).
    budget = args.budget_kb * 1000
    verdict = "within" if compressed <= budget else "OVER"
    print(
        f"{compressed / 1000:.1f} KB downloaded (text gzip-compressed), {raw / 1000:.1f} KB "
        f"uncompressed: {verdict} the {args.budget_kb:g} KB budget"
    )
    return 0 if compressed <= budget else 1


if __name__ == "__main__":
    sys.exit(main())
