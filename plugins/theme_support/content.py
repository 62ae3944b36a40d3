"""Rework an article's rendered HTML for the theme, and read what templates need from it.

One parse with BeautifulSoup (a maintained HTML parser; Pelican's own helpers work on
regexes) gives: heading ids and "§" anchor links for h2/h3, the table of contents, the
plain text to time and to summarise. The directives' own HTML (posters, stand-ins for
readers without JavaScript) is the article plugin's, whole; nothing here rewrites it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, CData, NavigableString, Tag

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


# A video's words (its transcript and storyboard, closed or hidden) are no prose to time.
_NOT_PROSE_CLASSES = frozenset({"katex", "storyboard", "transcript"})


def _texts(node: Tag, math_as_tex: bool) -> Iterator[str]:
    """The strings of ``node`` in order, as ``get_text`` gives them, without re-parsing or
    copying the tree: code, scripts and a video's words left out; each KaTeX block
    as its TeX source (``math_as_tex``) or left out."""
    for child in node.children:
        if isinstance(child, Tag):
            classes = set(child.get("class") or ())
            if child.name in _NOT_PROSE or classes & (_NOT_PROSE_CLASSES - {"katex"}):
                continue
            if "katex" in classes:
                annotation = child.find("annotation") if math_as_tex else None
                if annotation is not None:
                    yield annotation.get_text()
                continue
            yield from _texts(child, math_as_tex)
        elif type(child) in (NavigableString, CData):  # what get_text() reads
            yield str(child)


def plain_text(html: str | Tag) -> str:
    """The prose of an HTML fragment: no code, math or scripts; whitespace collapsed."""
    soup = BeautifulSoup(html, "html.parser") if isinstance(html, str) else html
    return " ".join(" ".join(_texts(soup, math_as_tex=False)).split())


def _lead_text(soup: BeautifulSoup) -> str:
    """Text of the paragraphs of the body, in order; not captions or quotations."""
    parts = []
    for p in soup.find_all("p"):
        if p.find_parent(["figure", "blockquote", "aside", "details", "nav", "table"]):
            continue
        text = " ".join("".join(_texts(p, math_as_tex=True)).split())
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
    # Read before the anchors are added (their "§" is no prose), from the one parse.
    text = plain_text(soup)
    lead = _lead_text(soup)
    toc = _add_heading_anchors(soup, levels)
    return PreparedContent(soup.decode(formatter="html5"), toc, text, lead, has_math)
