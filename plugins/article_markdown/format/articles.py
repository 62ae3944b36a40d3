"""Whole articles: read, validated, and the media they name.

A notebook (``.ipynb``) is read as the Markdown it is written out as
(``notebook.py``), so everything below works on either kind.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from scenes.render.manifest import scene_requests

from ..errors import SourceError, shown_path
from ..notebook import NotebookSource, notebook_source
from ..source_text import read_source_text
from .blocks import Directive, content_relative, cover_candidates, find_blocks, parse_directive
from .declarations import ARTICLE_SUFFIXES
from .header import Header, read_header

__all__ = ["ArticleSource", "MediaReference", "article_files", "article_text", "read_article",
           "read_articles", "requested_scene_files", "check_has_body"]

@dataclass(frozen=True)
class MediaReference:
    """A media path written in an article, relative to the content folder."""

    source: Path
    line: int
    path: PurePosixPath


@dataclass(frozen=True)
class ArticleSource:
    """One article file, read: its header and its directives."""

    path: Path
    text: str
    header: Header
    directives: tuple[Directive, ...]

    def media(self) -> list[MediaReference]:
        """Every media path it names: the directives' paths, then the cover's candidates."""
        found = [MediaReference(self.path, written.line, relative)
                 for directive in self.directives for written, relative in directive.media()]
        cover = self.header.fields.get("image")
        if cover is not None and cover.text:
            try:
                found.extend(
                    MediaReference(self.path, cover.line,
                                   content_relative(candidate.as_posix(), "", cover.line))
                    for candidate in cover_candidates(cover.text))
            except SourceError as error:
                raise SourceError(cover.line,
                                  f"cover image '{cover.text}': {error.message}") from None
        return found


def article_files(content: Path) -> list[Path]:
    """The article sources under ``content``, in a stable order."""
    return sorted(path for suffix in ARTICLE_SUFFIXES for path in content.rglob(f"*{suffix}"))


def read_articles(content: Path) -> tuple[list[ArticleSource], list[SourceError]]:
    """Every article under ``content``, read; and each unreadable one's first mistake."""
    articles, errors = [], []
    for path in article_files(content):
        try:
            articles.append(read_article(path))
        except SourceError as error:
            errors.append(error)
    return articles, errors


def requested_scene_files(content: Path) -> tuple[list[str], list[SourceError]]:
    """The scene media the articles under ``content`` show (``Scene.mp4``, ``alias.jpg``).

    What the build asks the render driver for; with the mistakes that stop the
    build before any render.
    """
    articles, errors = read_articles(content)
    paths = []
    for article in articles:
        try:
            paths.extend(reference.path for reference in article.media())
        except SourceError as error:  # a cover path that leaves content/, say
            errors.append(error.located(shown_path(str(article.path))))
    return scene_requests(paths, content), errors


def article_text(path: Path) -> tuple[str, NotebookSource | None]:
    """The article's text in the format: the file, or a notebook written out as Markdown.

    Either is refused (``SourceError`` naming the file) when it is not UTF-8, is
    empty, or holds a header and nothing after it.
    """
    shown = shown_path(str(path))
    if path.suffix == ".ipynb":
        try:
            notebook = notebook_source(path)
        except SourceError as error:
            raise error.located(shown) from None
        try:
            check_has_body(notebook.text)
        except SourceError as error:
            raise notebook.locate(error, shown) from None
        return notebook.text, notebook
    try:
        text = read_source_text(path)
        check_has_body(text)
    except SourceError as error:
        raise error.located(shown) from None
    return text, None


def check_has_body(text: str) -> None:
    """Refuse an article that is a header alone: Pelican would publish an empty page."""
    header = read_header(text)
    if not header.fields:
        return  # no header at all: the reader says the title is missing
    lines = text.split("\n")
    end = next((number for number, line in enumerate(lines) if not line.strip()), len(lines))
    if not "\n".join(lines[end:]).strip():
        raise SourceError(min(end + 1, len(lines)), "the article has a header and nothing "
                          "else: write its text after a blank line")


def read_article(path: Path) -> ArticleSource:
    """Read and validate one article; SourceError (with this file) at its first mistake."""
    text, notebook = article_text(path)
    try:
        header = read_header(text)
        # Before any scene is queued for rendering: Pelican would stop on it later.
        header.check_required()
        directives = tuple(parse_directive(block) for block in find_blocks(text.split("\n")))
    except SourceError as error:
        shown = shown_path(str(path))
        raise (notebook.locate(error, shown) if notebook else error.located(shown)) from None
    return ArticleSource(path, text, header, directives)
