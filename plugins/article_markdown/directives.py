"""The block directives' HTML, and their wiring into Python-Markdown.

What a directive may hold is declared in ``format`` (the article format's one
owner); this module turns a parsed directive into HTML. Python-Markdown's block
parser does not know line numbers, yet authors must be told ``file:line`` for
every mistake. So the work is split like this:

* ``DirectivePreprocessor`` runs on the raw lines (before the ``meta`` and
  ``fenced_code`` preprocessors, so it sees true line numbers; ``format``
  skips fenced code itself). It parses every directive through ``format``,
  resolves its paths to media, and queues the result; it also makes sure each
  directive stands as its own block.
* ``DirectiveBlockProcessor`` (shaped like ``admonition``) takes the queued
  directives in order and builds the HTML with the directive's builder below,
  leaving captions and quotations as text for the inline processors, so inline
  Markdown and ``$math$`` work there.
* ``TextOnlyTreeprocessor`` escapes any raw HTML that made it into a caption or
  a quotation: they are text, never markup.

Each builder is one small function, registered for its directive's name in
``BUILDERS``.
"""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from markdown import Extension, Markdown
from markdown.blockprocessors import BlockProcessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER

from scenes.data.networks import load_networks
from scenes.drawing.themes import DEFAULT_THEME

from . import explore
from .format import Directive, find_blocks, is_directive_line, parse_directive
from .media import Media, MediaResolver
from .settings import DEFAULTS

__all__ = ["BUILDERS", "DirectiveExtension", "ResolvedDirective"]

# Marks elements whose text must stay text; removed before output.
_TEXT_ONLY = "data-text-only"
_STASH_PLACEHOLDER = re.compile(re.escape(HTML_PLACEHOLDER).replace("%s", r"(\d+)"))


@dataclass(frozen=True)
class ResolvedDirective:
    """A parsed directive and the media its paths name."""

    directive: Directive
    media: dict[str, Media]


def resolve(directive: Directive, resolver: MediaResolver,
            data_folder: Path | None = None) -> ResolvedDirective:
    """Find each path of ``directive`` (a file of content/ or a scene's render).

    An ``!explore`` figure's data file is written (into ``data_folder``) and found too.
    """
    media = {name: resolver.resolve(relative, directive.values[name].text,
                                    directive.values[name].line)
             for name, relative in directive.paths.items()}
    if directive.name == "mp4" and "poster" not in media:
        poster = resolver.poster_for(media["path"])
        if poster is not None:
            media["poster"] = poster
    pinned = directive.text("theme")
    if pinned is not None:
        media = {name: each.in_theme(pinned) for name, each in media.items()}
    if directive.name == "explore":
        folder = data_folder or Path(DEFAULTS["ARTICLE_MARKDOWN_EXPLORE_DATA"])
        media["data"] = explore.data_media(str(directive.text("figure")), resolver, folder)
    return ResolvedDirective(directive, media)


# --- The builders -----------------------------------------------------------------


def _caption(parent: etree.Element, text: str | None) -> None:
    if text:
        caption = etree.SubElement(parent, "figcaption", {_TEXT_ONLY: ""})
        caption.text = text


def _size(media: Media) -> dict[str, str]:
    if media.width and media.height:
        return {"width": str(media.width), "height": str(media.height)}
    return {}


def build_quote(parent: etree.Element, resolved: ResolvedDirective) -> None:
    """``<figure class="quote"><blockquote><p>…</p></blockquote>[<figcaption>— …]``."""
    directive = resolved.directive
    figure = etree.SubElement(parent, "figure", {"class": "quote"})
    quote = etree.SubElement(figure, "blockquote")
    paragraph = etree.SubElement(quote, "p", {_TEXT_ONLY: ""})
    paragraph.text = directive.text("quotation")
    attribution = directive.text("attribution")
    if attribution:
        _caption(figure, "— " + attribution)


def _theme_query(theme: str) -> str:
    """The media query under which a page prefers ``theme`` (before the reader's toggle)."""
    return f"(prefers-color-scheme: {theme})"


#: How wide a figure is shown: the article's column (38em), or the screen less its margins.
FIGURE_SIZES = "(min-width: 42em) 38em, calc(100vw - 2rem)"


def _sources(holder: etree.Element, media: Media, query: str | None, theme: str | None) -> None:
    """``<source>``s of a still: its WebP copies, then (for another theme) its JPEG ones."""
    attributes = {"media": query} if query else {}
    if theme is not None:
        attributes["data-theme"] = theme
    if media.candidates:
        etree.SubElement(holder, "source", {"type": "image/webp",
                                            "srcset": media.srcset("image/webp"),
                                            "sizes": FIGURE_SIZES, **attributes})
    if query:  # the default theme's JPEG copies go on the <img> itself
        srcset = media.srcset("image/jpeg") or media.link
        extra = {"sizes": FIGURE_SIZES} if media.candidates else {}
        etree.SubElement(holder, "source", {"srcset": srcset, **extra, **attributes})


def _picture(parent: etree.Element, media: Media, **extra: str) -> etree.Element:
    """``<img>`` of ``media`` in ``parent``, in a ``<picture>`` when a scene's still.

    A scene's still becomes a ``<picture>``: WebP and JPEG copies in several
    widths (``srcset``), so a phone downloads a phone-sized picture, and, when
    it is drawn in several themes, one set per theme: the browser picks the
    reader's scheme without JavaScript; the theme's script follows the toggle
    by switching each ``<source>``'s ``media``. The alt text is filled from
    the figure's caption once inline Markdown has run.
    """
    holder = parent
    if media.themed or media.candidates:
        holder = etree.SubElement(parent, "picture")
        for theme, other in media.themed:
            _sources(holder, other, _theme_query(theme), theme)
        _sources(holder, media, None, DEFAULT_THEME if media.themed else None)
    attributes = {"src": media.link, "alt": ""}
    if media.candidates:
        attributes.update(srcset=media.srcset("image/jpeg"), sizes=FIGURE_SIZES)
    attributes.update(_size(media))
    attributes.update({"loading": "lazy", "decoding": "async"})
    attributes.update(extra)
    return etree.SubElement(holder, "img", attributes)


def build_image(parent: etree.Element, resolved: ResolvedDirective) -> None:
    """``<figure class="image">[<picture><source …>]<img …>[<figcaption>…]``."""
    directive, media = resolved.directive, resolved.media["path"]
    figure = etree.SubElement(parent, "figure", {"class": "image"})
    _picture(figure, media, **({"class": "dark-art"} if directive.flag("dark") else {}))
    caption_text, source_url = directive.text("caption"), directive.text("source_url")
    if caption_text or source_url:
        caption = etree.SubElement(figure, "figcaption", {_TEXT_ONLY: ""})
        caption.text = caption_text or ""
        if source_url:
            source = etree.SubElement(caption, "span", {"class": "source"})
            source.text = "來源："
            link = etree.SubElement(source, "a", {"href": source_url})
            link.text = directive.text("source_name") or source_url


def build_video(parent: etree.Element, resolved: ResolvedDirective) -> None:
    """``<figure class="video"><video …><source …></video>[<figcaption>…]``.

    ``data-autoplay`` asks the theme's script to play the video while it is in
    view (never the ``autoplay`` attribute, which would play it off screen too).
    A scene rendered in several themes gets a ``<source>`` per theme, the other
    themes' first with their ``media`` query, so the browser alone picks the
    reader's scheme; each other theme's poster waits in ``data-<theme>-poster``
    (a name Pelican resolves ``{static}`` links in) for the theme's script,
    which also follows the reader's toggle.
    """
    directive, media = resolved.directive, resolved.media["path"]
    options = directive.options
    figure = etree.SubElement(parent, "figure", {"class": "video"})
    attributes = dict(_size(media))
    if "poster" in resolved.media:
        poster = resolved.media["poster"]
        attributes["poster"] = poster.link
        if poster.candidates:
            # For the theme's script, which loads posters as they near the view:
            # the copy that fits the video's width (posters take no srcset).
            attributes["data-poster-srcset"] = poster.srcset("image/webp")
        for theme, other in poster.themed:
            attributes[f"data-{theme}-poster"] = other.link
            if other.candidates:
                attributes[f"data-{theme}-poster-srcset"] = other.srcset("image/webp")
    attributes["preload"] = "none"
    attributes["playsinline"] = "playsinline"
    attributes["muted"] = "muted"
    if "no-loop" not in options:
        attributes["loop"] = "loop"
    if "controls" in options:
        attributes["controls"] = "controls"
    if "no-autoplay" not in options:
        attributes["data-autoplay"] = ""
    video = etree.SubElement(figure, "video", attributes)
    for theme, other in media.themed:
        etree.SubElement(video, "source", {"src": other.link, "type": "video/mp4",
                                           "media": _theme_query(theme), "data-theme": theme})
    default = {"src": media.link, "type": "video/mp4"}
    if media.themed:
        default["data-theme"] = DEFAULT_THEME
    etree.SubElement(video, "source", default)
    _caption(figure, directive.text("caption"))


def build_explore(parent: etree.Element, resolved: ResolvedDirective) -> None:
    """``<figure class="explore explore--KIND" data-figure data-src [data-start]>``.

    Inside: ``div.explore__live`` (an empty stage and panel whose size the theme's
    CSS reserves per kind, so nothing moves when the script fills them), the
    still of the video the figure extends inside ``<noscript>`` (what a reader
    without JavaScript sees; nothing in it is fetched when scripts run), and the
    caption. The theme's script loads the figure's module and its data file
    (``data-src``) only when the figure nears the view.
    """
    directive = resolved.directive
    data = resolved.media["data"]
    name = str(directive.text("figure"))
    kind = explore.figure_kind(name, load_networks().get(name))
    attributes = {"class": f"explore explore--{kind}", "data-figure": name,
                  "data-src": data.link}
    if directive.numbers:
        attributes["data-start"] = json.dumps(directive.numbers, separators=(",", ":"))
    figure = etree.SubElement(parent, "figure", attributes)
    live = etree.SubElement(figure, "div", {"class": "explore__live"})
    etree.SubElement(live, "div", {"class": "explore__stage"})
    etree.SubElement(live, "div", {"class": "explore__panel"})
    fallback = etree.SubElement(figure, "noscript")
    _picture(fallback, resolved.media["still"], **{"class": "explore__still"})
    _caption(figure, directive.text("caption"))


Builder = Callable[[etree.Element, ResolvedDirective], None]
#: One builder per directive that ``format`` declares (a test holds them in step).
BUILDERS: dict[str, Builder] = {"quote": build_quote, "image": build_image, "mp4": build_video,
                                "explore": build_explore}


# --- Python-Markdown wiring -----------------------------------------------------


class DirectivePreprocessor(Preprocessor):
    """Parse and validate every directive with its true line number; queue it."""

    def __init__(self, md: Markdown, extension: DirectiveExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        output: list[str] = []
        position = 0
        for block in find_blocks(lines):
            directive = parse_directive(block)
            self.extension.queue.append(resolve(directive, self.extension.resolver,
                                                self.extension.data_folder))
            # Each directive must be a block of its own for the block parser.
            output.extend(lines[position : block.line - 1])
            output.append("")
            output.extend(lines[block.line - 1 : block.end])
            output.append("")
            position = block.end
        output.extend(lines[position:])
        return output


class DirectiveBlockProcessor(BlockProcessor):
    """Build the queued directives' HTML where their blocks stand."""

    def __init__(self, parser, extension: DirectiveExtension) -> None:  # noqa: ANN001
        super().__init__(parser)
        self.extension = extension

    def test(self, parent: etree.Element, block: str) -> bool:
        return is_directive_line(block.split("\n", 1)[0]) and bool(self.extension.queue)

    def run(self, parent: etree.Element, blocks: list[str]) -> bool | None:
        blocks.pop(0)
        resolved = self.extension.queue.pop(0)
        BUILDERS[resolved.directive.name](parent, resolved)
        return None


class TextOnlyTreeprocessor(Treeprocessor):
    """Escape raw HTML that inline parsing stashed inside captions and quotations,
    and give each image the text of its caption as ``alt``."""

    def run(self, root: etree.Element) -> None:
        stash = self.md.htmlStash.rawHtmlBlocks
        for element in root.iter():
            if _TEXT_ONLY not in element.attrib:
                continue
            del element.attrib[_TEXT_ONLY]
            for node in element.iter():
                for text in (node.text, node.tail):
                    for match in _STASH_PLACEHOLDER.finditer(text or ""):
                        index = int(match.group(1))
                        raw = stash[index]
                        if isinstance(raw, str) and raw.startswith("<"):
                            stash[index] = html.escape(raw)
        for figure in root.iter("figure"):
            image, caption = figure.find(".//img"), figure.find("figcaption")
            if image is not None and caption is not None:
                image.set("alt", self._plain_text(caption))


    def _plain_text(self, caption: etree.Element) -> str:
        """The caption as plain text: no source credit, no stashed markup."""
        parts: list[str] = []

        def walk(node: etree.Element) -> None:
            if node.get("class") == "source":
                return
            parts.append(node.text or "")
            for child in node:
                walk(child)
                parts.append(child.tail or "")

        walk(caption)
        text = _STASH_PLACEHOLDER.sub(
            lambda m: html.unescape(str(self.md.htmlStash.rawHtmlBlocks[int(m.group(1))])),
            "".join(parts))
        return " ".join(text.split())


class DirectiveExtension(Extension):
    """Register the directive parser; ``resolver`` maps paths to media, ``data_folder``
    keeps the data files of ``!explore`` figures (default: the plugin's setting's)."""

    def __init__(self, resolver: MediaResolver, data_folder: Path | None = None,
                 **kwargs) -> None:  # noqa: ANN003
        super().__init__(**kwargs)
        self.resolver = resolver
        self.data_folder = data_folder
        self.queue: list[ResolvedDirective] = []

    def reset(self) -> None:
        self.queue = []

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's API)
        md.registerExtension(self)
        # Above 'meta' (27) and 'fenced_code_block' (25): raw lines, true numbers.
        md.preprocessors.register(DirectivePreprocessor(md, self), "media_directives", 28)
        # Above 'ulist' (30) and 'paragraph' (10), as admonition registers itself.
        md.parser.blockprocessors.register(DirectiveBlockProcessor(md.parser, self),
                                           "media_directives", 105)
        # After 'inline' (20), when raw HTML has been stashed.
        md.treeprocessors.register(TextOnlyTreeprocessor(md), "media_text_only", 19)
