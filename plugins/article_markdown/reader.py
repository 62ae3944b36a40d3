"""Pelican's Markdown reader, taught the article format (``.md`` and ``.ipynb``).

A notebook is first written out as the format's Markdown (``notebook.py``);
from there both kinds of article are read the same way.

The ``- key: value`` header is read once, by the format (``format.read_header``,
which the build's pre-pass also uses), and its values go to Pelican as the
``meta`` extension's would; Python-Markdown gets the text with the header's lines
left blank (so line numbers stay true, and its ``meta`` extension finds nothing
to read). The extensions the plugin put into ``MARKDOWN`` do the rest (numbers,
directives, math). After it, the reader checks what only the whole page can
tell: that every in-page link lands. Every problem is re-raised as a
``SourceError`` naming the file, for the build to report as ``path:line``.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from markdown import Markdown
from pelican.readers import MarkdownReader

from .anchors import check_in_page_links
from .author_html import AuthorHtmlExtension
from .directives.extension import DirectiveExtension
from .errors import SourceError, shown_path
from .format import (
    article_text,
    content_relative,
    cover_candidates,
    header_line_of,
    read_header,
)
from .header_values import check_header_values
from .media import MediaResolver
from .settings import setting

__all__ = ["ArticleMarkdownReader"]

logger = logging.getLogger(__name__)


class ArticleMarkdownReader(MarkdownReader):
    """Read ``.md`` files in the article format (a superset of Pelican's)."""

    file_extensions = [*MarkdownReader.file_extensions, "ipynb"]

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        self._source_path = source_path
        notebook = None
        try:
            text, notebook = article_text(Path(source_path))
            if notebook is not None:
                self._offer_pictures(notebook.pictures)
            content, metadata = self._convert(text)
        except SourceError as error:
            shown = shown_path(source_path)
            located = notebook.locate(error, shown) if notebook and not error.where else \
                error.located(shown)
            # Pelican logs only "Could not process" for a reader's exception;
            # the message itself goes out here, marked so a build can tell.
            logger.error("%s", located, extra={"source_error": True})
            raise located from None
        return content, metadata

    def _offer_pictures(self, pictures: dict) -> None:
        """Let the page's ``!image``s find a notebook's output pictures."""
        folder = Path(setting(self.settings, "ARTICLE_MARKDOWN_NOTEBOOK_OUTPUTS"))
        self._resolver().add_generated(pictures, folder)

    def _resolver(self) -> MediaResolver:
        return next(e.resolver for e in self.settings["MARKDOWN"]["extensions"]
                    if isinstance(e, DirectiveExtension))

    def _convert(self, text: str) -> tuple[str, dict[str, Any]]:
        header = read_header(text)
        header.check_required()
        lines = text.split("\n")
        body = "\n".join([""] * header.lines + lines[header.lines:])
        self._md = Markdown(**self.settings["MARKDOWN"])
        # Added here, by the reader, after every configured extension: it wraps their
        # raw-HTML handling, whatever `extra` or md_in_html registered.
        self._md.registerExtensions([AuthorHtmlExtension()], {})
        content = self._md.convert(body)
        try:
            metadata = self._parse_metadata(header.values)
        except SourceError as error:  # in a header value Markdown formats (the summary)
            raise SourceError(header.line_of("summary"), error.message) from None
        check_header_values(metadata, text)
        check_in_page_links(content, text)
        if metadata.get("image"):
            metadata.update(self._cover(str(metadata["image"]), text))
        return content, metadata

    def _cover(self, value: str, text: str) -> dict[str, Any]:
        """The ``image`` header key resolved like a directive path (a scene still or a file)."""
        resolver = self._resolver()
        line = header_line_of(text, "image")
        reasons: list[str] = []
        for candidate in cover_candidates(value):
            try:
                relative = content_relative(candidate.as_posix(), "", line)
                media = resolver.resolve(relative, candidate.as_posix(), line)
            except SourceError as error:
                reasons.append(error.message)
                continue
            # The theme reads `image` as a path from the site root; link previews
            # use the 1200x630 card cut from it.
            card = resolver.social_card(media)
            return {"image": media.site_path, "image_width": media.width,
                    "image_height": media.height, "social_image": card.site_path}
        # Every place the value may mean, and why each failed: a scene still, then a file.
        raise SourceError(line, f"cover image '{value}': {'; '.join(dict.fromkeys(reasons))}")

