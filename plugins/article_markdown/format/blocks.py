"""Directive blocks found in an article's raw lines and read against their declarations.

Works on raw lines so that every mistake is reported at its true line; fenced
code is skipped here, since Python-Markdown's own parser has not run yet.

A directive may stand at the top of the article, inside a blockquote (every line
starting with ``> ``), or inside a list item (indented by 4 spaces under it, as
Python-Markdown nests a list item's blocks); each block records that prefix so
the Markdown extension can keep it in its container. ``!mp4`` on a list item's
own line (``- !mp4``) is an error: nothing could tell its items from the list's.
"""

from __future__ import annotations

import ast
import math
import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from scenes.render.manifest import SCENE_MEDIA_DIR

from ..directives import DIRECTIVE_NAMES, DIRECTIVES
from ..errors import SourceError
from ..spec import Choice, Directive, DirectiveSpec, Item, ItemKind, Value, Written, suffix_of
from .header import is_bullet_header_line

__all__ = ["Block", "Directive", "Written", "content_relative", "cover_candidates",
           "find_blocks", "is_directive_line", "not_here", "parse_directive"]

_DIRECTIVE_TEXT = re.compile(r"^!([A-Za-z][\w-]*)\s*$")
_ITEM = re.compile(r"^[-*+] (.*)$")
_CONTINUATION = re.compile(r"^ {2,}\S")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_QUOTE_MARKERS = re.compile(r"^(?:[ ]{0,3}>[ ]?)*")
_LIST_ITEM = re.compile(r"^ {0,3}(?:[-*+]|\d{1,9}[.)])(?: |$)")
_DIRECTIVE_AS_ITEM = re.compile(r"^ {0,3}(?:[-*+]|\d{1,9}[.)]) +!([A-Za-z][\w-]*)\s*$")
#: Python-Markdown's tab length: a list item's blocks are indented by this much.
_ITEM_INDENT = 4


def not_here(name: str) -> str:
    """Why a ``!name`` line where no directive can stand is not read as one."""
    return (f"!{name} cannot stand here: a directive starts a line of its own, at the top, "
            "in a '> ' blockquote, or indented by 4 spaces in a list item")


@dataclass
class Block:
    """A directive as written: its name, the line of ``!name`` and its items."""

    name: str
    line: int
    items: list[tuple[int, str]] = field(default_factory=list)
    end: int = 0  # index (0-based) of the first line after the block
    #: What each of its lines starts with: "" at the top, "> " in a blockquote, four
    #: spaces in a list item.
    prefix: str = ""


def is_directive_line(line: str) -> bool:
    """Whether ``line`` is a ``!name`` line (what a block's first line looks like)."""
    return bool(_DIRECTIVE_TEXT.match(line))


def _container(line: str) -> tuple[str, int, str]:
    """``line`` as (its blockquote markers, its indentation after them, its text)."""
    quote = _QUOTE_MARKERS.match(line).group(0)  # type: ignore[union-attr]
    rest = line[len(quote):].expandtabs(_ITEM_INDENT)
    return quote, len(rest) - len(rest.lstrip(" ")), rest.strip()


def find_blocks(lines: list[str]) -> list[Block]:
    """Every directive block in ``lines``, outside fenced code, in order.

    A ``!name`` line counts as a directive when ``name`` is a known directive,
    or when a bullet item follows it directly (an unknown ``!gif`` block); a
    ``!`` anywhere else is left alone. An item may run on over lines indented
    by two spaces or more. Indented by 4 spaces or more outside a list item, a
    ``!name`` line is code, as Markdown shows it.
    """
    blocks: list[Block] = []
    fence: str | None = None
    in_list: dict[int, bool] = {}  # by blockquote depth: inside a list item's blocks?
    after_blank: dict[int, bool] = {}
    header = _header_length(lines)
    index = header
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
        if fence is not None:
            index += 1
            continue
        quote, indent, text = _container(line)
        depth = quote.count(">")
        if not text:
            after_blank[depth] = True
            index += 1
            continue
        block = _directive_at(lines, index, quote, indent, text, in_list.get(depth, False))
        if block is not None:
            blocks.append(block)
            index = block.end
            continue
        as_item = _DIRECTIVE_AS_ITEM.match(text if indent < _ITEM_INDENT else "")
        if as_item and as_item.group(1) in DIRECTIVE_NAMES:
            raise SourceError(index + 1, f"!{as_item.group(1)} cannot share a line with a list "
                                         "item's bullet: put it on a line of its own, indented "
                                         "by 4 spaces under the item")
        # Deeper than the format goes (a blockquote inside a list item), or an indented line
        # running on a paragraph: an error, never silent text. Indented after a blank line
        # outside a list, it is code, as Markdown shows it.
        buried = _DIRECTIVE_TEXT.match(re.sub(r"^[\s>]*", "", text))
        is_code = indent >= _ITEM_INDENT and not in_list.get(depth, False) \
            and after_blank.get(depth, True)
        if buried and buried.group(1) in DIRECTIVE_NAMES and not is_code:
            raise SourceError(index + 1, not_here(buried.group(1)))
        if indent < _ITEM_INDENT and _LIST_ITEM.match(text):
            in_list[depth] = True
        elif indent == 0 and after_blank.get(depth, True):
            in_list[depth] = False  # a paragraph at the margin after a blank line ends the list
        after_blank[depth] = False
        index += 1
    return blocks


def _directive_at(lines: list[str], index: int, quote: str, indent: int, text: str,
                  in_list: bool) -> Block | None:
    """The directive starting at ``lines[index]``, with its items; None when it is none."""
    match = _DIRECTIVE_TEXT.match(text)
    if match is None:
        return None
    if indent >= _ITEM_INDENT and not in_list:
        return None  # indented code
    # In a list item, a block is indented by whole steps of 4 (what the parser strips).
    depth = indent if indent < _ITEM_INDENT else indent - indent % _ITEM_INDENT
    block = Block(match.group(1), index + 1, prefix=quote + " " * depth)
    index += 1
    while index < len(lines):
        item_quote, item_indent, _ = _container(lines[index])
        body = lines[index][len(item_quote):].expandtabs(_ITEM_INDENT)
        if item_quote.count(">") != quote.count(">") or body[:depth].strip():
            break
        item = _ITEM.match(body[depth:])
        if item:
            block.items.append((index + 1, item.group(1).strip()))
        elif _CONTINUATION.match(body[depth:]) and block.items:
            number, written = block.items[-1]
            block.items[-1] = (number, f"{written} {body.strip()}")
        else:
            break
        index += 1
    if block.name not in DIRECTIVE_NAMES and not block.items:
        return None  # "!important" in prose: not a directive
    block.end = index
    return block


def _header_length(lines: list[str]) -> int:
    """How many lines the ``- key: value`` header at the top takes (0 without one): its
    bullets are no list that a directive could stand in."""
    end = 0
    while end < len(lines) and lines[end].strip():
        end += 1
    head = lines[:end]
    return end if head and all(is_bullet_header_line(line) for line in head) else 0


# --- Reading one directive against its declaration ------------------------------------


def parse_directive(block: Block) -> Directive:
    """Read ``block`` against its declaration; SourceError at the line of the first mistake."""
    spec = DIRECTIVES.get(block.name)
    if spec is None:
        known = ", ".join("!" + name for name in sorted(DIRECTIVES))
        raise SourceError(block.line, f"unknown directive '!{block.name}' (known: {known})")
    values: dict[str, Written] = {}
    paths: dict[str, PurePosixPath] = {}
    options: set[str] = set()
    numbers: dict[str, Any] = {}
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
            _read_choice(spec, item, line, text)
        elif item.kind is ItemKind.KEYWORD:
            text = text.removeprefix(f"{item.name}:").strip()
            if item.choice(text) is None:
                raise SourceError(line, f"unknown {item.name} '{text}' "
                                        f"(known: {', '.join(item.choice_names)})")
        elif item.kind is ItemKind.VALUES:
            chooser = spec.item(item.values_of)
            chosen = chooser.choice(values[chooser.name].text)
            assert chosen is not None  # read (and checked) before: it comes first
            numbers.update(_read_values(spec, item, chosen, line, text))
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
    return Directive(spec, block.line, values, frozenset(options), paths, numbers)


def _read_options(spec: DirectiveSpec, item: Item, line: int, text: str) -> set[str]:
    known = [option.name for option in item.options]
    words = set()
    for word in (w.strip() for w in text.removeprefix("options:").split(",")):
        if word not in known:
            raise SourceError(line, f"unknown !{spec.name} option '{word}' "
                                    f"(known: {', '.join(known)})")
        words.add(word)
    return words


def _read_choice(spec: DirectiveSpec, item: Item, line: int, text: str) -> None:
    if item.choice(text) is None:
        raise SourceError(line, f"unknown !{spec.name} {_label(item.name)} '{text}' "
                                f"(known: {', '.join(item.choice_names)})")


def _read_values(spec: DirectiveSpec, item: Item, chosen: Choice, line: int,
                 text: str) -> dict[str, Any]:
    """``start: W=[[1, 0], [0, 1]], b=[0]`` read against what ``chosen`` takes."""
    example = ", ".join(f"{value.name}={value.example}" for value in chosen.values)
    body = text.removeprefix(f"{item.name}:").strip()
    if not body:
        raise SourceError(line, f"!{spec.name} {item.name}: needs name=value pairs, "
                                f"e.g. '{item.name}: {example}'")
    numbers: dict[str, Any] = {}
    for part in _top_level_parts(body, f"!{spec.name} {item.name}:", line):
        match = re.fullmatch(r"\s*([A-Za-z_]\w*)\s*=\s*(\S.*?)\s*", part)
        if match is None:
            raise SourceError(line, f"!{spec.name} {item.name}: '{part.strip()}' is not "
                                    f"name=value, e.g. '{item.name}: {example}'")
        name, written = match.groups()
        value = chosen.value(name)
        if value is None:
            known = ", ".join(value.name for value in chosen.values)
            raise SourceError(line, f"!{spec.name} {chosen.name} takes no {item.name} value "
                                    f"'{name}' (it takes: {known})")
        if name in numbers:
            raise SourceError(line, f"{item.name} value '{name}' is given twice")
        numbers[name] = _read_number_array(value, written, item.name, line)
    return numbers


def _top_level_parts(text: str, where: str, line: int) -> list[str]:
    """``text`` split at the commas outside brackets: ``W=[[1, 0], [0, 1]], b=[0]``."""
    parts, depth, start = [], 0, 0
    for index, char in enumerate(text):
        depth += {"[": 1, "]": -1}.get(char, 0)
        if depth < 0:
            raise SourceError(line, f"{where} unbalanced ']' in {text}")
        if char == "," and depth == 0:
            parts.append(text[start:index])
            start = index + 1
    if depth:
        raise SourceError(line, f"{where} unbalanced '[' in {text}")
    parts.append(text[start:])
    return parts


def _read_number_array(value: Value, written: str, item_name: str, line: int) -> Any:
    """``written`` as nested lists of floats of ``value``'s shape, each within its limit."""
    wanted = f"{value.shape_name}, e.g. {value.name}={value.example}"
    try:
        parsed = ast.literal_eval(written)
    except (ValueError, SyntaxError):
        parsed = None
    if parsed is None or _shape_of(parsed) != value.shape:
        raise SourceError(line, f"{item_name} value {value.name} must be {wanted} "
                                f"(got {written})")
    limit = value.limit

    def checked(entry: Any, where: str) -> Any:
        if isinstance(entry, list):
            return [checked(each, f"{where}[{index}]") for index, each in enumerate(entry)]
        number = float(entry)
        if not -limit <= number <= limit:
            raise SourceError(line, f"{item_name} value {where} = {entry} is outside "
                                    f"-{limit:g}..{limit:g}, what the figure shows")
        return number + 0.0  # -0.0 written is 0.0 meant

    return checked(parsed, value.name)


def _shape_of(parsed: Any) -> tuple[int, ...] | None:
    """The shape of nested lists of finite numbers, or None (ragged, or not numbers)."""
    if isinstance(parsed, bool) or parsed is None:
        return None
    if isinstance(parsed, int | float):
        return () if math.isfinite(parsed) else None
    if not isinstance(parsed, list) or not parsed:
        return None
    shapes = {_shape_of(entry) for entry in parsed}
    if len(shapes) != 1 or None in shapes:
        return None
    return (len(parsed), *shapes.pop())


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
