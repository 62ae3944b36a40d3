"""The three block directives of the article format: ``!quote``, ``!image``, ``!mp4``.

A directive is a block whose first line is exactly ``!name``, followed by a
bullet list whose items are its values::

    !mp4
    - options: no-loop, controls
    - images/manim/TwoLayersReLUInBetweenSolveHardTwoCurves.mp4
    - 看 ReLU 如何把平面折起來

Python-Markdown's block parser does not know line numbers, yet authors must be
told ``file:line`` for every mistake. So the work is split like this:

* ``DirectivePreprocessor`` runs on the raw lines (before the ``meta`` and
  ``fenced_code`` preprocessors, so it sees true line numbers and skips fenced
  code itself). It parses and validates every directive, resolving paths, and
  queues the result; it also makes sure each directive stands as its own block.
* ``DirectiveBlockProcessor`` (shaped like ``admonition``) takes the queued
  directives in order and builds the HTML, leaving captions and quotations as
  text for the inline processors, so inline Markdown and ``$math$`` work there.
* ``TextOnlyTreeprocessor`` escapes any raw HTML that made it into a caption or
  a quotation: they are text, never markup.

Each directive is one small declared class (name, how its items are read,
what it builds), in the spirit of ``pymdownx.blocks``.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import ClassVar

from markdown import Extension, Markdown
from markdown.blockprocessors import BlockProcessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER

from .errors import SourceError
from .media import IMAGE_SUFFIXES, Media, MediaResolver

__all__ = ["DirectiveExtension", "find_directives", "DIRECTIVE_NAMES", "ParsedBlock"]

_DIRECTIVE_LINE = re.compile(r"^!([A-Za-z][\w-]*)\s*$")
_ITEM = re.compile(r"^[-*+] (.*)$")
_CONTINUATION = re.compile(r"^ {2,}\S")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
# Marks elements whose text must stay text; removed before output.
_TEXT_ONLY = "data-text-only"
_STASH_PLACEHOLDER = re.compile(re.escape(HTML_PLACEHOLDER).replace("%s", r"(\d+)"))


@dataclass
class ParsedBlock:
    """A directive as written: its name, the line of ``!name`` and its items."""

    name: str
    line: int
    items: list[tuple[int, str]] = field(default_factory=list)
    end: int = 0  # index (0-based) of the first line after the block


def find_directives(lines: list[str]) -> list[ParsedBlock]:
    """Every directive block in ``lines``, outside fenced code, in order.

    A ``!name`` line counts as a directive when ``name`` is a known directive,
    or when a bullet item follows it directly (an unknown ``!gif`` block); a
    ``!`` anywhere else is left alone.
    """
    blocks: list[ParsedBlock] = []
    fence: str | None = None
    index = 0
    while index < len(lines):
        line = lines[index]
        fence_match = _FENCE.match(line)
        if fence_match:
            marker = fence_match.group(1)
            if fence is None:
                fence = marker
            elif marker.startswith(fence[0]) and len(marker) >= len(fence):
                fence = None
            index += 1
            continue
        match = _DIRECTIVE_LINE.match(line) if fence is None else None
        next_is_item = index + 1 < len(lines) and _ITEM.match(lines[index + 1])
        if match and (match.group(1) in DIRECTIVE_NAMES or next_is_item):
            block = ParsedBlock(match.group(1), index + 1)
            index += 1
            while index < len(lines):
                item = _ITEM.match(lines[index])
                if item:
                    block.items.append((index + 1, item.group(1).strip()))
                elif _CONTINUATION.match(lines[index]) and block.items:
                    number, text = block.items[-1]
                    block.items[-1] = (number, f"{text} {lines[index].strip()}")
                else:
                    break
                index += 1
            block.end = index
            blocks.append(block)
            continue
        index += 1
    return blocks


# --- The directives -------------------------------------------------------------


class Directive(ABC):
    """One directive: how its items are read and what HTML it builds."""

    name: ClassVar[str]

    @classmethod
    @abstractmethod
    def parse(cls, block: ParsedBlock, resolver: MediaResolver) -> Directive:
        """Read the block's items, validating each with its line number."""

    @abstractmethod
    def build(self, parent: etree.Element) -> None:
        """Append this directive's HTML to ``parent``."""


def _caption(parent: etree.Element, text: str | None) -> None:
    if text:
        caption = etree.SubElement(parent, "figcaption", {_TEXT_ONLY: ""})
        caption.text = text


@dataclass
class Quote(Directive):
    """``!quote``: the quotation (inline Markdown kept), then an optional attribution."""

    name: ClassVar[str] = "quote"
    text: str
    attribution: str | None

    @classmethod
    def parse(cls, block: ParsedBlock, resolver: MediaResolver) -> Quote:
        values = [text for _, text in block.items]
        if not values or not values[0]:
            raise SourceError(block.line, "!quote needs the quotation as its first item")
        if len(values) > 2:
            raise SourceError(block.items[2][0], "!quote takes a quotation and an attribution")
        return cls(values[0], values[1] if len(values) > 1 else None)

    def build(self, parent: etree.Element) -> None:
        figure = etree.SubElement(parent, "figure", {"class": "quote"})
        quote = etree.SubElement(figure, "blockquote")
        paragraph = etree.SubElement(quote, "p", {_TEXT_ONLY: ""})
        paragraph.text = self.text
        if self.attribution:
            _caption(figure, "— " + self.attribution)


@dataclass
class Image(Directive):
    """``!image``: optional ``dark`` flag, path, caption, source URL, source name."""

    name: ClassVar[str] = "image"
    media: Media
    dark: bool
    caption: str | None
    source_url: str | None
    source_name: str | None

    @classmethod
    def parse(cls, block: ParsedBlock, resolver: MediaResolver) -> Image:
        items = list(block.items)
        dark = bool(items) and items[0][1] == "dark"
        if dark:
            items.pop(0)
        if not items:
            raise SourceError(block.line, "!image needs a path, e.g. '- manim/Scene.jpg'")
        line, path = items[0]
        _check_suffix(path, IMAGE_SUFFIXES, "!image", line)
        media = resolver.resolve(path, "images", line)
        values = [text for _, text in items[1:]]
        if len(values) > 3:
            raise SourceError(items[4][0], "!image takes flag, path, caption, source URL, name")
        caption = values[0] if values else None
        source_url = values[1] if len(values) > 1 else None
        if source_url and not re.match(r"^https?://\S+$", source_url):
            raise SourceError(items[2][0], f"the source must be an http(s) URL: {source_url}")
        source_name = values[2] if len(values) > 2 else None
        return cls(media, dark, caption, source_url, source_name)

    def build(self, parent: etree.Element) -> None:
        figure = etree.SubElement(parent, "figure", {"class": "image"})
        # The alt text is filled from the caption once inline Markdown has run.
        attributes = {"src": self.media.link, "alt": ""}
        attributes.update(_size(self.media))
        attributes.update({"loading": "lazy", "decoding": "async"})
        if self.dark:
            attributes["class"] = "dark-art"
        etree.SubElement(figure, "img", attributes)
        if self.caption or self.source_url:
            caption = etree.SubElement(figure, "figcaption", {_TEXT_ONLY: ""})
            caption.text = self.caption or ""
            if self.source_url:
                source = etree.SubElement(caption, "span", {"class": "source"})
                source.text = "來源："
                link = etree.SubElement(source, "a", {"href": self.source_url})
                link.text = self.source_name or self.source_url


VIDEO_OPTIONS = ("no-loop", "no-autoplay", "controls")


@dataclass
class Video(Directive):
    """``!mp4``: optional ``options: ...``, path, optional poster, optional caption."""

    name: ClassVar[str] = "mp4"
    media: Media
    poster: Media | None
    caption: str | None
    # A fresh set per block: one block's options never leak into the next.
    options: frozenset[str] = frozenset()

    @classmethod
    def parse(cls, block: ParsedBlock, resolver: MediaResolver) -> Video:
        items = list(block.items)
        options: set[str] = set()
        if items and items[0][1].startswith("options:"):
            line, text = items.pop(0)
            for word in (w.strip() for w in text.removeprefix("options:").split(",")):
                if word not in VIDEO_OPTIONS:
                    known = ", ".join(VIDEO_OPTIONS)
                    raise SourceError(line, f"unknown !mp4 option '{word}' (known: {known})")
                options.add(word)
        if not items:
            raise SourceError(block.line, "!mp4 needs a path, e.g. '- images/manim/Scene.mp4'")
        line, path = items.pop(0)
        _check_suffix(path, {".mp4"}, "!mp4", line)
        media = resolver.resolve(path, "", line)
        poster = None
        if items and _looks_like_image_path(items[0][1]):
            poster_line, poster_path = items.pop(0)
            poster = resolver.resolve(poster_path, "", poster_line)
        else:
            poster = resolver.poster_for(media)
        if len(items) > 1:
            raise SourceError(items[1][0], "!mp4 takes options, path, poster and one caption")
        caption = items[0][1] if items else None
        return cls(media, poster, caption, frozenset(options))

    def build(self, parent: etree.Element) -> None:
        figure = etree.SubElement(parent, "figure", {"class": "video"})
        attributes = dict(_size(self.media))
        if self.poster is not None:
            attributes["poster"] = self.poster.link
        attributes["preload"] = "none"
        attributes["playsinline"] = "playsinline"
        attributes["muted"] = "muted"
        if "no-loop" not in self.options:
            attributes["loop"] = "loop"
        if "controls" in self.options:
            attributes["controls"] = "controls"
        if "no-autoplay" not in self.options:
            attributes["data-autoplay"] = ""
        video = etree.SubElement(figure, "video", attributes)
        etree.SubElement(video, "source", {"src": self.media.link, "type": "video/mp4"})
        _caption(figure, self.caption)


DIRECTIVES: dict[str, type[Directive]] = {cls.name: cls for cls in (Quote, Image, Video)}
DIRECTIVE_NAMES = frozenset(DIRECTIVES)


def _check_suffix(path: str, allowed: set[str] | frozenset[str], name: str, line: int) -> None:
    suffix = "." + path.rsplit(".", 1)[-1].lower() if "." in path else ""
    if suffix not in allowed:
        expected = ", ".join(sorted(allowed))
        raise SourceError(line, f"{name} cannot show '{path}' (expected {expected})")


def _looks_like_image_path(text: str) -> bool:
    return " " not in text and any(text.lower().endswith(s) for s in IMAGE_SUFFIXES)


def _size(media: Media) -> dict[str, str]:
    if media.width and media.height:
        return {"width": str(media.width), "height": str(media.height)}
    return {}


# --- Python-Markdown wiring -----------------------------------------------------


class DirectivePreprocessor(Preprocessor):
    """Parse and validate every directive with its true line number; queue it."""

    def __init__(self, md: Markdown, extension: DirectiveExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        output: list[str] = []
        position = 0
        for block in find_directives(lines):
            directive_class = DIRECTIVES.get(block.name)
            if directive_class is None:
                known = ", ".join("!" + name for name in sorted(DIRECTIVES))
                raise SourceError(block.line, f"unknown directive '!{block.name}' (known: {known})")
            self.extension.queue.append(directive_class.parse(block, self.extension.resolver))
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
        match = _DIRECTIVE_LINE.match(block.split("\n", 1)[0])
        return bool(match) and bool(self.extension.queue)

    def run(self, parent: etree.Element, blocks: list[str]) -> bool | None:
        blocks.pop(0)
        self.extension.queue.pop(0).build(parent)
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
            image, caption = figure.find("img"), figure.find("figcaption")
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
    """Register the directive parser; ``resolver`` maps paths to media."""

    def __init__(self, resolver: MediaResolver, **kwargs) -> None:  # noqa: ANN003
        super().__init__(**kwargs)
        self.resolver = resolver
        self.queue: list[Directive] = []

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
