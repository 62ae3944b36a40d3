"""Rework an article's rendered HTML for the theme, and read what templates need from it.

One parse with BeautifulSoup (a maintained HTML parser; Pelican's own helpers work on
regexes) gives: heading ids and "§" anchor links for h2/h3, the table of contents, the
plain text to time and to summarise. The directives' own HTML (posters, stand-ins for
readers without JavaScript) is the article plugin's, whole; nothing here rewrites it.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, Tag

from plugins.article_markdown.format import heading_id

__all__ = ["PreparedContent", "TocEntry", "join_paragraphs", "plain_text", "prepare_content"]

# Elements whose text a reader does not read as prose.
_NOT_PROSE = ["pre", "script", "style", "noscript", "template", "svg"]
_ANCHOR_CLASS = "heading-anchor"
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


def prepare_content(html: str, toc_levels: Iterable[int] = (2, 3)) -> PreparedContent:
    """Add heading anchors (and ids where missing), collect the TOC and the text."""
    levels = tuple(sorted(toc_levels))
    soup = BeautifulSoup(html, "html.parser")
    has_math = soup.select_one(".katex") is not None
    text = plain_text(html)
    lead = _lead_text(soup)
    toc = _add_heading_anchors(soup, levels)
    return PreparedContent(soup.decode(formatter="html5"), toc, text, lead, has_math)
