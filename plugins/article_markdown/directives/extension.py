"""The directives wired into Python-Markdown: one block processor, which knows each
directive's source line.

Python-Markdown's block parser does not know line numbers, yet authors must be
told ``file:line`` for every mistake, and a directive may stand inside a
blockquote or a list item, where the parser sees it only after stripping ``> ``
or the item's indentation. So:

* ``DirectivePreprocessor`` runs on the raw lines (before the ``meta`` and
  ``fenced_code`` preprocessors, so it sees true line numbers; the format skips
  fenced code itself). It reads and validates every directive through the format,
  keeps it by its line, and marks the directive's first line with that line number
  (``!mp4`` becomes ``!mp4`` + a marker the parser leaves alone); it also makes
  each directive a block of its own within its container.
* ``DirectiveBlockProcessor`` (shaped like ``admonition``) takes a block whose first
  line is a marked directive line, wherever the parser meets it (at the top, in a
  blockquote, in a list item), looks the directive up by the line its marker names
  (no queue, no order to keep) and lets the directive's unit find its media and
  build its HTML. Captions and quotations stay text for the inline processors, so
  inline Markdown and ``$math$`` work there.
* ``TextOnlyTreeprocessor`` escapes any raw HTML that made it into a caption or a
  quotation (they are text, never markup) and fills alt texts from captions.
* ``LeftoverMarkerPostprocessor``: a marked line the parser did not treat as a
  directive (e.g. inside a paragraph it continues) is a ``path:line`` error, never
  silent text.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from markdown import Extension, Markdown
from markdown.blockprocessors import BlockProcessor
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER

from ..errors import SourceError
from ..figures import fill_figures
from ..format.blocks import find_blocks, not_here, parse_directive
from ..media import MediaResolver
from ..settings import DEFAULTS
from ..spec import Directive
from . import unit_for
from .figure_html import CAPTION_LABEL, TEXT_ONLY
from .unit import Page

__all__ = ["DirectiveExtension"]

# STX/ETX frame Python-Markdown's own placeholders; its whitespace normaliser (which
# strips them from the source) runs before this extension's preprocessor.
_MARKER = "\x02directive-line:{}\x03"
# Indented by up to 3 spaces, as any block may be; 4 or more is a list item's block, which
# the list's processor strips and hands back to the parser.
_MARKED_LINE = re.compile(r"^ {0,3}!([A-Za-z][\w-]*)\x02directive-line:(\d+)\x03\s*$")
_ANY_MARKER = re.compile(r"\x02directive-line:(\d+)\x03")
_STASH_PLACEHOLDER = re.compile(re.escape(HTML_PLACEHOLDER).replace("%s", r"(\d+)"))


class DirectivePreprocessor(Preprocessor):
    """Read and validate every directive at its true line; mark its first line."""

    def __init__(self, md: Markdown, extension: DirectiveExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        output: list[str] = []
        position = 0
        for block in find_blocks(lines):
            start = block.line - 1
            self.extension.directives[block.line] = (parse_directive(block), block.end - start)
            # A line of the directive's container alone ("" at the top, ">" in a quote)
            # before and after it: the parser then meets it as a block of its own.
            separator = block.prefix.rstrip()
            output.extend(lines[position:start])
            output.append(separator)
            output.append(lines[start].rstrip() + _MARKER.format(block.line))
            output.extend(lines[start + 1 : block.end])
            output.append(separator)
            position = block.end
        output.extend(lines[position:])
        return output


class DirectiveBlockProcessor(BlockProcessor):
    """Build a marked directive's HTML where its block stands, whatever holds it."""

    def __init__(self, parser: Any, extension: DirectiveExtension) -> None:
        super().__init__(parser)
        self.extension = extension

    def test(self, parent: etree.Element, block: str) -> bool:
        return bool(_MARKED_LINE.match(block.split("\n", 1)[0]))

    def run(self, parent: etree.Element, blocks: list[str]) -> bool | None:
        lines = blocks.pop(0).split("\n")
        marked = _MARKED_LINE.match(lines[0])
        assert marked is not None  # test() said so
        directive, length = self.extension.directives[int(marked.group(2))]
        # The directive's own lines; anything after them (lazy continuation lines its
        # container kept) goes back to the parser.
        if lines[length:]:
            blocks.insert(0, "\n".join(lines[length:]))
        unit, page = unit_for(directive.name), self.extension.page
        unit.html(parent, directive, unit.media(directive, page), page)
        return None


class TextOnlyTreeprocessor(Treeprocessor):
    """Escape raw HTML that inline parsing stashed inside captions and quotations; give
    each picture the text of its caption as ``alt`` (and each labelled stand-in its label)."""

    def run(self, root: etree.Element) -> None:
        stash = self.md.htmlStash.rawHtmlBlocks
        for element in root.iter():
            if TEXT_ONLY not in element.attrib:
                continue
            del element.attrib[TEXT_ONLY]
            for node in element.iter():
                for text in (node.text, node.tail):
                    for match in _STASH_PLACEHOLDER.finditer(text or ""):
                        index = int(match.group(1))
                        raw = stash[index]
                        if isinstance(raw, str) and raw.startswith("<"):
                            stash[index] = html.escape(raw)
        for figure in root.iter("figure"):
            caption = figure.find("figcaption")
            text = self._plain_text(caption) if caption is not None else ""
            for element in figure.iter():
                label = element.attrib.pop(CAPTION_LABEL, None)
                if label is not None:
                    labelled = f"{label}：{text}" if text else label
                    if element.tag == "img":
                        element.set("alt", labelled)
                    else:
                        element.text = labelled
                elif element.tag == "img" and caption is not None and not element.get("alt"):
                    element.set("alt", text)  # one that has its own (a storyboard still) keeps it

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


class LeftoverMarkerPostprocessor(Postprocessor):
    """A marked directive line that no block processor took: a ``path:line`` error."""

    def __init__(self, md: Markdown, extension: DirectiveExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, text: str) -> str:
        leftover = _ANY_MARKER.search(text)
        if leftover is not None:
            line = int(leftover.group(1))
            name = self.extension.directives[line][0].name
            raise SourceError(line, not_here(name))
        return text


class DirectiveExtension(Extension):
    """Register the directives; ``resolver`` maps paths to media, ``data_folder`` keeps the
    files made for the site (``!explore`` data, video tracks), ``lazy_posters`` defers
    video posters to the theme's script, ``figures`` fills the numbers of videos' words."""

    def __init__(self, resolver: MediaResolver, data_folder: Path | None = None,
                 lazy_posters: bool = True, figures: Mapping[str, Any] | None = None,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        folder = data_folder or Path(DEFAULTS["ARTICLE_MARKDOWN_EXPLORE_DATA"])
        numbers = dict(figures or {})
        self.page = Page(resolver, folder, lazy_posters,
                         lambda text: fill_figures(text, numbers))
        #: The directives of the document being converted, by the line they start on,
        #: with the number of lines each takes.
        self.directives: dict[int, tuple[Directive, int]] = {}

    @property
    def resolver(self) -> MediaResolver:
        return self.page.resolver

    def reset(self) -> None:
        self.directives = {}

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's API)
        md.registerExtension(self)
        # Above 'meta' (27) and 'fenced_code_block' (25): raw lines, true numbers; below
        # 'normalize_whitespace' (30), which would strip the markers' STX and ETX.
        md.preprocessors.register(DirectivePreprocessor(md, self), "media_directives", 28)
        # Above 'ulist' (30) and 'paragraph' (10), as admonition registers itself.
        md.parser.blockprocessors.register(DirectiveBlockProcessor(md.parser, self),
                                           "media_directives", 105)
        # After 'inline' (20), when raw HTML has been stashed.
        md.treeprocessors.register(TextOnlyTreeprocessor(md), "media_text_only", 19)
        md.postprocessors.register(LeftoverMarkerPostprocessor(md, self),
                                   "media_directive_leftovers", 0)
