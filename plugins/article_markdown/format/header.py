"""The ``- key: value`` metadata header, read and rewritten line for line."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .blocks import Written

__all__ = ["Header", "bullet_header_to_meta", "header_line_of", "read_header"]

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
