"""Directive blocks found in an article's raw lines and read against their declarations.

Works on raw lines so that every mistake is reported at its true line; fenced
code is skipped here, since Python-Markdown's own parser has not run yet.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from scenes.render.manifest import SCENE_MEDIA_DIR

from ..errors import SourceError
from .declarations import DIRECTIVE_NAMES, DIRECTIVES, DirectiveSpec, Item, ItemKind, suffix_of

__all__ = ["Block", "Directive", "Written", "content_relative", "cover_candidates",
           "find_blocks", "is_directive_line", "parse_directive"]

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

    def choice(self, name: str) -> str | None:
        """A ``name: value`` item's value, when the author gave it."""
        return self.text(name)

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
        elif item.kind is ItemKind.CHOICE:
            text = text.removeprefix(f"{item.name}:").strip()
            if text not in item.choices:
                raise SourceError(line, f"unknown {item.name} '{text}' "
                                        f"(known: {', '.join(item.choices)})")
        elif item.kind is ItemKind.PATH:
            if suffix_of(text) not in item.suffixes:
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


def _label(name: str) -> str:
    return name.replace("_url", " URL").replace("_", " ")


def _a(name: str) -> str:
    label = _label(name)
    return ("an " if label[0] in "aeiou" else "a ") + label


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
