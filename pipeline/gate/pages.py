"""The page scanner: what a page of the site names and uses, with the line of each.

``scan_page`` reads one HTML page (or an HTML fragment, such as a feed entry)
and returns its element ids and every URL it refers to, each with the line it
is written on and a ``kind`` saying what the page does with it. The other
parts of the gate decide from that kind what to check: a missing ``link`` is a
broken link, a ``script`` from another host is a third-party load, a ``poster``
must be fresh for its scene. Scanning knows nothing of the site; it only reads.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import PurePosixPath

__all__ = ["KINDS", "Page", "PageScanner", "Reference", "css_urls", "css_urls_with_offsets",
           "scan_page"]

#: What a page does with a URL: follows it (``link``), shows it (``media``, ``poster``),
#: runs it, styles with it, draws text with it, or only connects to its host (``hint``).
KINDS = ("link", "media", "poster", "script", "style", "font", "hint")

_VIDEO_SUFFIXES = frozenset({".mp4", ".webm", ".m4v", ".mov", ".ogv"})


@dataclass(frozen=True)
class Reference:
    """A URL written in a page, and what the page does with it."""

    kind: str  # one of KINDS
    url: str
    line: int

    def describe(self, target: str) -> str:
        """What the reference points to, in a word or two, for a message: "video", "stylesheet"…

        ``target`` is the site path the URL resolves to (its suffix tells a
        video from an image).
        """
        if self.kind == "poster":
            return "poster"
        if self.kind == "media":
            return "video" if PurePosixPath(target).suffix.lower() in _VIDEO_SUFFIXES else "image"
        return {"link": "link target", "script": "script", "style": "stylesheet",
                "font": "font"}.get(self.kind, "file")


@dataclass
class Page:
    """A scanned page: the ids an anchor may point to, and the URLs the page uses."""

    ids: set[str] = field(default_factory=set)
    references: list[Reference] = field(default_factory=list)


def scan_page(html: str) -> Page:
    """The ids and references of one HTML page or fragment."""
    scanner = PageScanner()
    scanner.feed(html)
    scanner.close()
    return scanner.page


class PageScanner(HTMLParser):
    """Collect a page's element ids and every URL it refers to, with line numbers."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._in_style = False

    def _add(self, kind: str, url: str | None) -> None:
        if url is not None and url.strip():
            self.page.references.append(Reference(kind, url.strip(), self.getpos()[0]))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.page.ids.add(values["id"])
        if tag == "a" and values.get("name"):
            self.page.ids.add(values["name"])
        if tag in ("a", "area", "iframe"):
            self._add("link", values.get("href") or values.get("src"))
        elif tag == "link":
            self._add(_link_kind(values), values.get("href"))
        elif tag == "script":
            self._add("script", values.get("src"))
        elif tag in ("img", "source", "video", "audio", "track", "input"):
            self._add("media", values.get("src"))
            for candidate in _srcset(values.get("srcset")):
                self._add("media", candidate)
            # The theme defers posters as data-poster (theme.js sets them near the viewport).
            self._add("poster", values.get("poster") or values.get("data-poster"))
        elif tag == "meta" and (values.get("property") in ("og:image", "og:video")
                                or values.get("name") == "twitter:image"):
            self._add("media", values.get("content"))
        elif tag == "style":
            self._in_style = True
        if values.get("style"):
            for url in css_urls(values["style"]):
                self._add("style", url)

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            # getpos() is where the block starts; each url() is that many lines further.
            line = self.getpos()[0]
            for offset, url in css_urls_with_offsets(data):
                self.page.references.append(
                    Reference("style", url, line + data.count("\n", 0, offset)))


def _link_kind(values: dict[str, str | None]) -> str:
    """What a ``<link>`` does with its href, from its ``rel`` (and ``as`` for preloads)."""
    rel = set((values.get("rel") or "").lower().split())
    if "stylesheet" in rel:
        return "style"
    if rel & {"preload", "modulepreload", "prefetch"}:
        return {"font": "font", "style": "style", "script": "script"}.get(
            (values.get("as") or "").lower(), "script" if "modulepreload" in rel else "media")
    if rel & {"preconnect", "dns-prefetch"}:
        return "hint"
    if rel & {"icon", "apple-touch-icon", "manifest", "mask-icon"}:
        return "media"
    return "link"


def _srcset(value: str | None) -> list[str]:
    """The URLs of a ``srcset`` (each candidate is ``url [width or density]``)."""
    if not value:
        return []
    return [part.strip().split()[0] for part in value.split(",") if part.strip()]


_CSS_URL = re.compile(r"""url\(\s*(['"]?)(?P<url>[^'")]+)\1\s*\)"""
                      r"""|@import\s+(['"])(?P<imp>[^'"]+)\3""")


def css_urls_with_offsets(css: str) -> Iterator[tuple[int, str]]:
    """Each ``url(…)`` and ``@import "…"`` of a stylesheet, with its offset in ``css``."""
    for match in _CSS_URL.finditer(css):
        yield match.start(), (match.group("url") or match.group("imp")).strip()


def css_urls(css: str) -> list[str]:
    """The URLs a piece of CSS loads (``url(…)`` and ``@import``)."""
    return [url for _, url in css_urls_with_offsets(css)]
