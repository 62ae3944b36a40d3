"""Rework an article's rendered HTML for the theme, and read what templates need from it.

One parse with BeautifulSoup (a maintained HTML parser; Pelican's own helpers work on
regexes) gives: heading ids and "§" anchor links for h2/h3, the table of contents, lazy
video posters and a no-JavaScript stand-in for each video, the plain text to time and to summarise.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, Tag

from plugins.article_markdown.directives import FIGURE_SIZES
from plugins.article_markdown.format import heading_id

__all__ = ["PreparedContent", "TocEntry", "join_paragraphs", "plain_text", "prepare_content"]

# Elements whose text a reader does not read as prose.
_NOT_PROSE = ["pre", "script", "style", "noscript", "template", "svg"]
_ANCHOR_CLASS = "heading-anchor"
_THEMED_POSTER = re.compile(r"data-([a-z]+)-poster")
_CJK_END = re.compile("[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]$")


@dataclass
class TocEntry:
    """One heading in the table of contents; ``children`` are the next level down."""

    level: int
    id: str
    text: str
    children: list[TocEntry] = field(default_factory=list)


@dataclass
class PreparedContent:
    """Result of :func:`prepare_content`."""

    html: str
    toc: list[TocEntry]
    text: str
    lead_text: str
    has_math: bool


def _unique_heading_id(text: str, used: set[str]) -> str:
    # The article format's own ids (Chinese kept), made unique on the page.
    base = heading_id(text) or "section"
    candidate, n = base, 1
    while candidate in used:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def _math_as_tex(soup: BeautifulSoup | Tag) -> None:
    """Replace each KaTeX block by its TeX source, or drop it if it has none."""
    for node in soup.select(".katex"):
        if node.decomposed:
            continue
        annotation = node.find("annotation")
        if annotation is not None:
            node.replace_with(annotation.get_text())
        else:
            node.decompose()


def plain_text(html: str) -> str:
    """The prose of an HTML fragment: no code, math or scripts; whitespace collapsed."""
    soup = BeautifulSoup(html, "html.parser")
    for node in soup.find_all(_NOT_PROSE):
        node.decompose()
    for node in soup.select(".katex"):
        if not node.decomposed:
            node.decompose()
    return " ".join(soup.get_text(" ").split())


def _lead_text(soup: BeautifulSoup) -> str:
    """Text of the paragraphs of the body, in order; not captions or quotations."""
    work = copy.copy(soup)
    _math_as_tex(work)
    parts = []
    for p in work.find_all("p"):
        if p.find_parent(["figure", "blockquote", "aside", "details", "nav", "table"]):
            continue
        text = " ".join(p.get_text("").split())
        if text:
            parts.append(text)
    return join_paragraphs(parts)


def join_paragraphs(parts: list[str]) -> str:
    """Join paragraph texts: no space after Chinese text, one space after Latin text."""
    joined = ""
    for part in parts:
        if joined and not _CJK_END.search(joined):
            joined += " "
        joined += part
    return joined


def _add_heading_anchors(soup: BeautifulSoup, levels: Iterable[int]) -> list[TocEntry]:
    names = [f"h{level}" for level in levels]
    used = {str(tag["id"]) for tag in soup.find_all(id=True)}
    top = min(levels)
    toc: list[TocEntry] = []
    for heading in soup.find_all(names):
        # Ours from an earlier pass, or Python-Markdown toc's `permalink` links: one
        # "§" link per heading, whichever made the HTML.
        for existing in heading.find_all("a", class_=[_ANCHOR_CLASS, "headerlink"]):
            existing.extract()
        text = " ".join(heading.get_text(" ").split())
        if not heading.get("id"):
            heading["id"] = _unique_heading_id(text, used)
            used.add(heading["id"])
        anchor = soup.new_tag(
            "a",
            attrs={
                "class": _ANCHOR_CLASS,
                "href": f"#{heading['id']}",
                "aria-label": f"本節連結：{text}",
            },
        )
        anchor.string = "§"
        heading.append(anchor)
        entry = TocEntry(int(heading.name[1]), str(heading["id"]), text)
        if entry.level == top or not toc:
            toc.append(entry)
        else:
            toc[-1].children.append(entry)
    return toc


def _video_fallbacks(soup: BeautifulSoup, lazy_posters: bool) -> None:
    """Give each video a ``<noscript>`` stand-in; with ``lazy_posters``, defer posters.

    Browsers fetch every ``poster`` at load even with ``preload="none"``, so a page of
    many animations would download all of them: theme.js sets each poster back shortly
    before its video scrolls into view. Readers without JavaScript get, in place of the
    video (hidden by a <noscript> style in <head>), the poster as an image linking to
    the video file; nothing inside <noscript> is fetched when scripts run.
    """
    for video in soup.find_all("video"):
        if video.find_next_sibling("noscript") is not None:
            continue  # prepared before
        poster = video.get("poster") or video.get("data-poster")
        if poster and lazy_posters:
            video["data-poster"] = poster
            del video["poster"]
        source = video.find("source", src=True)
        if source is None:
            continue
        figure = video.find_parent("figure")
        caption = ""
        if figure is not None and figure.figcaption is not None:
            caption = " ".join(figure.figcaption.get_text(" ").split())
        label = f"播放動畫：{caption}" if caption else "播放動畫"
        link = soup.new_tag("a", attrs={"class": "video-fallback", "href": source["src"]})
        if poster:
            image = soup.new_tag(
                "img",
                attrs={"src": poster, "alt": label, "loading": "lazy", "decoding": "async"},
            )
            for dimension in ("width", "height"):
                if video.get(dimension):
                    image[dimension] = video[dimension]
            # A scene's other themes' posters: the reader's scheme picks, as the video's
            # own <source media> does; each in the widths listed for the theme's script.
            themed = [(match.group(1), value) for name, value in video.attrs.items()
                      if (match := _THEMED_POSTER.fullmatch(name))]
            if themed or video.get("data-poster-srcset"):
                picture = soup.new_tag("picture")
                for theme, url in themed:
                    query = f"(prefers-color-scheme: {theme})"
                    copies = video.get(f"data-{theme}-poster-srcset")
                    if copies:
                        picture.append(soup.new_tag("source", attrs={
                            "type": "image/webp", "srcset": copies, "media": query,
                            "sizes": FIGURE_SIZES}))
                    # Described by its width, as the WebP copies are: the HTML checker wants
                    # every source of a picture alike once one has widths and sizes.
                    jpeg = {"srcset": f"{url} {video['width']}w", "sizes": FIGURE_SIZES} \
                        if copies and video.get("width") else {"srcset": url}
                    picture.append(soup.new_tag("source", attrs={**jpeg, "media": query}))
                if video.get("data-poster-srcset"):
                    picture.append(soup.new_tag("source", attrs={
                        "type": "image/webp", "srcset": video["data-poster-srcset"],
                        "sizes": FIGURE_SIZES}))
                picture.append(image)
                image = picture
            link.append(image)
        else:
            link.string = label
        fallback = soup.new_tag("noscript")
        fallback.append(link)
        video.insert_after(fallback)


def prepare_content(
    html: str, toc_levels: Iterable[int] = (2, 3), lazy_posters: bool = True
) -> PreparedContent:
    """Add heading anchors (and ids where missing), collect the TOC, video fallbacks."""
    levels = tuple(sorted(toc_levels))
    soup = BeautifulSoup(html, "html.parser")
    has_math = soup.select_one(".katex") is not None
    text = plain_text(html)
    lead = _lead_text(soup)
    toc = _add_heading_anchors(soup, levels)
    _video_fallbacks(soup, lazy_posters)
    return PreparedContent(soup.decode(formatter="html5"), toc, text, lead, has_math)
