"""The article format, declared once: header keys, block directives, placeholders, heading ids.

Everything that reads an article goes through this module: the Pelican plugin
(which builds HTML from what is parsed here), the build's pre-pass that finds
the scenes a page needs, ``python -m scenes.render``, the publish gate and the
tests. It imports neither Python-Markdown nor Pillow: it is pure text in,
typed values out, and every mistake a ``SourceError`` with its line.

A directive is a block whose first line is exactly ``!name``, followed by a
bullet list whose items are its values, in a declared order::

    !mp4
    - options: no-loop, controls
    - images/manim/TwoLayersReLUInBetweenSolveHardTwoCurves.mp4
    - 看 ReLU 如何把平面折起來

Each directive is declared as data (``DIRECTIVES``), in the spirit of
``pymdownx.blocks``' ``OPTIONS``: its items, in order, each with a kind (text,
a path, a URL, a flag word, a list of options) and whether it may be left out.
Parsing, validation and every error message come from those declarations, so a
new option is one line here plus the code that builds its HTML.

Run ``python -m plugins.article_markdown.format`` for the reference an author reads.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path, PurePosixPath

from scenes.render.manifest import SCENE_MEDIA_DIR, scene_requests

from .errors import SourceError, shown_path
from .notebook import NotebookSource, notebook_source

__all__ = [
    "DIRECTIVES", "DIRECTIVE_NAMES", "HEADER_KEYS", "IMAGE_SUFFIXES", "PLACEHOLDER",
    "Block", "Directive", "DirectiveSpec", "Header", "HeaderKey", "Item", "ItemKind",
    "MediaReference", "Option", "ArticleSource", "article_files", "article_text",
    "bullet_header_to_meta",
    "content_relative", "cover_candidates", "find_blocks", "header_line_of", "heading_id",
    "parse_directive", "read_article", "read_articles", "read_header", "reference_text",
    "requested_scene_files",
]

# --- What may be written ------------------------------------------------------------

#: Suffixes an ``!image`` (or a video's poster) may show.
IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp", ".gif", ".svg"})
VIDEO_SUFFIXES = frozenset({".mp4"})
#: Article sources under the content folder: Markdown, and Jupyter notebooks written out
#: as Markdown (``notebook.py``).
ARTICLE_SUFFIXES = (".md", ".ipynb")

#: ``{{ hard_relu.accuracy:.0% }}``: a dotted path into the stored results and a format spec.
PLACEHOLDER = re.compile(r"\{\{\s*(?P<path>[A-Za-z_][\w.]*)\s*(?::\s*(?P<spec>[^}]*?))?\s*\}\}")


@dataclass(frozen=True)
class HeaderKey:
    """One key of the ``- key: value`` header that the site gives a meaning to."""

    name: str
    description: str
    required: bool = False


HEADER_KEYS: tuple[HeaderKey, ...] = (
    HeaderKey("title", "the article's title", required=True),
    HeaderKey("date", "YYYY-MM-DD[ HH:MM], in the site's time zone"),
    HeaderKey("slug", "the page's file name, e.g. neural-networks"),
    HeaderKey("tags", "comma separated"),
    HeaderKey("summary", "one or two sentences for cards and link previews"),
    HeaderKey("description", "the page's meta description"),
    HeaderKey("image", "the cover: a scene still (Scene.jpg) or a file under images/"),
)


class ItemKind(Enum):
    """How a directive item is read."""

    TEXT = "text"  # any text; inline Markdown and $math$ allowed
    PATH = "path"  # a file relative to the content folder (or to ``base`` in it)
    URL = "url"  # an http(s) URL
    FLAG = "flag"  # the item is exactly the item's name, or absent
    OPTIONS = "options"  # ``options: a, b``: words from the item's options


@dataclass(frozen=True)
class Option:
    """One word an ``options:`` item may hold."""

    name: str
    description: str


@dataclass(frozen=True)
class Item:
    """One bullet of a directive, in its declared place.

    An optional item is taken when the next bullet looks like it (a flag is its
    word, options start with ``options:``, an optional path has one of its
    suffixes and no space); otherwise it is left out and the bullet goes on to
    the next declared item.
    """

    name: str
    kind: ItemKind
    description: str
    required: bool = False
    #: PATH: the folder under the content folder that the written path is relative to.
    base: str = ""
    #: PATH: the suffixes it may have.
    suffixes: frozenset[str] = frozenset()
    #: OPTIONS: the words it may hold.
    options: tuple[Option, ...] = ()
    #: What an author would write, for messages and the reference.
    example: str = ""

    def looks_like(self, text: str) -> bool:
        """Whether an optional item would take ``text``."""
        if self.kind is ItemKind.FLAG:
            return text == self.name
        if self.kind is ItemKind.OPTIONS:
            return text.startswith("options:")
        if self.kind is ItemKind.PATH:
            return " " not in text and _suffix(text) in self.suffixes
        return True


@dataclass(frozen=True)
class DirectiveSpec:
    """A directive: its name, what it shows and its items in order."""

    name: str
    description: str
    items: tuple[Item, ...]

    def item(self, name: str) -> Item:
        return next(item for item in self.items if item.name == name)

    @property
    def option_names(self) -> tuple[str, ...]:
        return tuple(option.name for item in self.items for option in item.options)


DIRECTIVES: dict[str, DirectiveSpec] = {spec.name: spec for spec in (
    DirectiveSpec("quote", "a quotation, optionally attributed", (
        Item("quotation", ItemKind.TEXT, "the quotation (inline Markdown kept)",
             required=True, example="引文，可以有 **粗體** 與 $x^2$。"),
        Item("attribution", ItemKind.TEXT, "who said it", example="出處"),
    )),
    DirectiveSpec("image", "a picture with its caption and source", (
        Item("dark", ItemKind.FLAG, "dark-on-light art, inverted in dark mode"),
        Item("path", ItemKind.PATH, "the picture, relative to content/images/", required=True,
             base="images", suffixes=IMAGE_SUFFIXES, example="manim/Scene.jpg"),
        Item("caption", ItemKind.TEXT, "the caption (also the picture's alt text)",
             example="圖說"),
        Item("source_url", ItemKind.URL, "where the picture comes from",
             example="https://example.org/source"),
        Item("source_name", ItemKind.TEXT, "the source's name", example="來源名稱"),
    )),
    DirectiveSpec("mp4", "a video: autoplays (muted) while in view, loops", (
        Item("options", ItemKind.OPTIONS, "how the video plays", options=(
            Option("no-loop", "play once"),
            Option("no-autoplay", "wait for the reader to start it"),
            Option("controls", "show the browser's controls"),
        ), example="options: no-loop, controls"),
        Item("path", ItemKind.PATH, "the video, relative to content/", required=True,
             suffixes=VIDEO_SUFFIXES, example="images/manim/Scene.mp4"),
        Item("poster", ItemKind.PATH, "the still shown before it plays (scenes get one)",
             suffixes=IMAGE_SUFFIXES, example="images/poster.jpg"),
        Item("caption", ItemKind.TEXT, "the caption", example="影片說明"),
    )),
)}
DIRECTIVE_NAMES = frozenset(DIRECTIVES)


# --- Finding directive blocks in the raw lines ---------------------------------------

_DIRECTIVE_LINE = re.compile(r"^!([A-Za-z][\w-]*)\s*$")
_ITEM = re.compile(r"^[-*+] (.*)$")
_CONTINUATION = re.compile(r"^ {2,}\S")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


@dataclass
class Block:
    """A directive as written: its name, the line of ``!name`` and its items."""

    name: str
    line: int
    items: list[tuple[int, str]] = field(default_factory=list)
    end: int = 0  # index (0-based) of the first line after the block


def is_directive_line(line: str) -> bool:
    """Whether ``line`` is a ``!name`` line (what a block's first line looks like)."""
    return bool(_DIRECTIVE_LINE.match(line))


def find_blocks(lines: list[str]) -> list[Block]:
    """Every directive block in ``lines``, outside fenced code, in order.

    A ``!name`` line counts as a directive when ``name`` is a known directive,
    or when a bullet item follows it directly (an unknown ``!gif`` block); a
    ``!`` anywhere else is left alone. An item may run on over lines indented
    by two spaces or more.
    """
    blocks: list[Block] = []
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
            block = Block(match.group(1), index + 1)
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


# --- Reading one directive against its declaration ------------------------------------


@dataclass(frozen=True)
class Written:
    """One item's value and the line it is on."""

    line: int
    text: str


@dataclass(frozen=True)
class Directive:
    """A directive read and validated: its spec and the items the author gave."""

    spec: DirectiveSpec
    line: int
    values: dict[str, Written]
    options: frozenset[str] = frozenset()
    #: Each path item's file, relative to the content folder.
    paths: dict[str, PurePosixPath] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.spec.name

    def text(self, name: str) -> str | None:
        written = self.values.get(name)
        return written.text if written else None

    def flag(self, name: str) -> bool:
        return name in self.values

    def media(self) -> Iterator[tuple[Written, PurePosixPath]]:
        """Each path the author gave: as written (with its line), and relative to content/."""
        for name, relative in self.paths.items():
            yield self.values[name], relative


def parse_directive(block: Block) -> Directive:
    """Read ``block`` against its declaration; SourceError at the line of the first mistake."""
    spec = DIRECTIVES.get(block.name)
    if spec is None:
        known = ", ".join("!" + name for name in sorted(DIRECTIVES))
        raise SourceError(block.line, f"unknown directive '!{block.name}' (known: {known})")
    values: dict[str, Written] = {}
    paths: dict[str, PurePosixPath] = {}
    options: set[str] = set()
    pending = list(block.items)
    for item in spec.items:
        if not pending or (not item.required and not item.looks_like(pending[0][1])):
            if item.required:
                raise SourceError(block.line, f"!{spec.name} needs {_a(item.name)}, "
                                              f"e.g. '- {item.example}'")
            continue
        line, text = pending.pop(0)
        if item.required and not text:
            raise SourceError(line, f"!{spec.name} needs {_a(item.name)}, "
                                    f"e.g. '- {item.example}'")
        if item.kind is ItemKind.OPTIONS:
            options |= _read_options(spec, item, line, text)
        elif item.kind is ItemKind.PATH:
            if _suffix(text) not in item.suffixes:
                expected = ", ".join(sorted(item.suffixes))
                raise SourceError(line, f"!{spec.name} cannot show '{text}' "
                                        f"(expected {expected})")
            paths[item.name] = content_relative(text, item.base, line)
        elif item.kind is ItemKind.URL and not re.match(r"^https?://\S+$", text):
            raise SourceError(line, f"the {_label(item.name)} is not an http(s) URL: {text}")
        values[item.name] = Written(line, text)
    if pending:
        order = ", ".join(_label(item.name) for item in spec.items)
        raise SourceError(pending[0][0], f"!{spec.name} takes at most: {order}")
    return Directive(spec, block.line, values, frozenset(options), paths)


def _read_options(spec: DirectiveSpec, item: Item, line: int, text: str) -> set[str]:
    known = [option.name for option in item.options]
    words = set()
    for word in (w.strip() for w in text.removeprefix("options:").split(",")):
        if word not in known:
            raise SourceError(line, f"unknown !{spec.name} option '{word}' "
                                    f"(known: {', '.join(known)})")
        words.add(word)
    return words


def _suffix(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    return "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _label(name: str) -> str:
    return name.replace("_url", " URL").replace("_", " ")


def _a(name: str) -> str:
    label = _label(name)
    return ("an " if label[0] in "aeiou" else "a ") + label


# --- Paths -------------------------------------------------------------------------------


def content_relative(written: str, base: str, line: int) -> PurePosixPath:
    """``written`` (relative to ``content/<base>``) made relative to the content folder.

    Refuses absolute paths and anything that leaves the content folder.
    """
    path = PurePosixPath(written)
    if path.is_absolute() or written.startswith(("\\", "~")) or ":" in path.parts[0]:
        raise SourceError(line, f"path must be relative to content/: {written}")
    parts: list[str] = list(PurePosixPath(base).parts) if base else []
    for part in path.parts:
        if part == "..":
            raise SourceError(line, f"path escapes the content folder: {written}")
        if part != ".":
            parts.append(part)
    return PurePosixPath(*parts)


def cover_candidates(value: str) -> list[PurePosixPath]:
    """Where the ``image`` header key may point: a bare name means a scene still first."""
    written = PurePosixPath(value.strip())
    if len(written.parts) == 1:
        return [SCENE_MEDIA_DIR / written, PurePosixPath("images") / written]
    return [PurePosixPath("images") / written, written]


# --- The metadata header ------------------------------------------------------------------

_BULLET_FIELD = re.compile(r"^- ([A-Za-z][\w-]*):(.*)$")
_PLAIN_FIELD = re.compile(r"^([A-Za-z][\w-]*):(.*)$")


@dataclass(frozen=True)
class Header:
    """The header's keys (lower case) with their values and lines."""

    fields: dict[str, Written]

    def get(self, key: str) -> str | None:
        written = self.fields.get(key.lower())
        return written.text if written else None

    def line_of(self, key: str) -> int:
        written = self.fields.get(key.lower())
        return written.line if written else 1


def bullet_header_to_meta(text: str) -> str:
    """Rewrite a leading ``- key: value`` list as ``key: value`` lines, line for line.

    Python-Markdown's ``meta`` extension (which Pelican's reader relies on)
    expects ``key: value`` lines; only the first block of the file (up to the
    first blank line) is touched, and only when every line of it is such a
    bullet. Pelican's usual ``Key: value`` header passes through untouched.
    """
    lines = text.split("\n")
    end = 0
    while end < len(lines) and lines[end].strip():
        end += 1
    head = lines[:end]
    if not head or not all(_BULLET_FIELD.match(line) for line in head):
        return text
    rewritten = [_BULLET_FIELD.sub(r"\1:\2", line) for line in head]
    return "\n".join(rewritten + lines[end:])


def read_header(text: str) -> Header:
    """The header of an article (bullet or Pelican style) as keys and values."""
    fields: dict[str, Written] = {}
    for number, line in enumerate(bullet_header_to_meta(text).split("\n"), start=1):
        if not line.strip():
            break
        match = _PLAIN_FIELD.match(line)
        if match:
            fields.setdefault(match.group(1).lower(), Written(number, match.group(2).strip()))
    return Header(fields)


def header_line_of(text: str, key: str) -> int:
    """The 1-based line of a header key, or 1 when the header lacks it."""
    return read_header(text).line_of(key)


# --- Heading ids --------------------------------------------------------------------------


def heading_id(text: str, separator: str = "-") -> str:
    """A heading's id: its own text, runs of white space made ``separator``.

    ``[看這裡](#第一節：開始)`` must reach ``## 第一節：開始``; Python-Markdown's
    slugifiers drop the full-width colon or the whole Chinese title, while
    HTML5 ids may hold any character but white space. Python-Markdown's ``toc``
    takes this as its ``slugify`` and the theme uses it for headings without one.
    """
    return re.sub(r"\s+", separator, text.strip())


# --- A whole article -----------------------------------------------------------------------


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
            found.extend(
                MediaReference(self.path, cover.line,
                               content_relative(candidate.as_posix(), "", cover.line))
                for candidate in cover_candidates(cover.text))
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
    paths = (reference.path for article in articles for reference in article.media())
    return scene_requests(paths, content), errors


def article_text(path: Path) -> tuple[str, NotebookSource | None]:
    """The article's text in the format: the file, or a notebook written out as Markdown."""
    if path.suffix == ".ipynb":
        try:
            notebook = notebook_source(path)
        except SourceError as error:
            raise error.located(shown_path(str(path))) from None
        return notebook.text, notebook
    return path.read_text(encoding="utf-8-sig").replace("\r\n", "\n"), None


def read_article(path: Path) -> ArticleSource:
    """Read and validate one article; SourceError (with this file) at its first mistake."""
    text, notebook = article_text(path)
    try:
        directives = tuple(parse_directive(block) for block in find_blocks(text.split("\n")))
    except SourceError as error:
        shown = shown_path(str(path))
        raise (notebook.locate(error, shown) if notebook else error.located(shown)) from None
    return ArticleSource(path, text, read_header(text), directives)


# --- The reference an author reads --------------------------------------------------------


def reference_text() -> str:
    """The format, written out from the declarations above."""
    lines = ["Header (a '- key: value' list, then a blank line; any other key is kept):"]
    for key in HEADER_KEYS:
        lines.append(f"  - {key.name}: {key.description}" + (" (required)" if key.required
                                                            else ""))
    for spec in DIRECTIVES.values():
        lines += ["", f"!{spec.name}: {spec.description}"]
        for item in spec.items:
            example = item.example or item.name
            need = "" if item.required else " (optional)"
            lines.append(f"  - {example:<40} {item.description}{need}")
            for option in item.options:
                lines.append(f"      {option.name:<14} {option.description}")
    lines += ["", "Numbers: {{ dotted.path:format }} from scenes/data/networks.json, "
              "e.g. {{ hard_relu.accuracy:.0% }}"]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.stdout.write(reference_text() + "\n")
