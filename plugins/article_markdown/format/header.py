"""The metadata header: ``- key: value`` lines (or Pelican's ``Key: value``) at the top.

Read here once, for every reader: the build's pre-pass (which stops before any
render when a required key is missing), the gate, and the plugin's reader, which
hands these values to Pelican instead of letting Python-Markdown's ``meta``
extension read the header a second time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..errors import SourceError
from ..spec import Written
from .declarations import HEADER_KEYS

__all__ = ["Header", "bullet_header_to_meta", "header_line_of", "is_bullet_header_line",
           "read_header"]

_BULLET_FIELD = re.compile(r"^- ([A-Za-z][\w-]*):(.*)$")
_PLAIN_FIELD = re.compile(r"^ {0,3}([A-Za-z0-9_-]+):(.*)$")
# As Python-Markdown's meta extension reads a header: a value running on (indented by 4
# spaces) is one more value of its key; "---" may open the header and "---" or "..." end it.
_MORE = re.compile(r"^ {4,}(.*)$")
_BEGIN = re.compile(r"^-{3}(\s.*)?$")
_END = re.compile(r"^(-{3}|\.{3})(\s.*)?$")


def is_bullet_header_line(line: str) -> bool:
    """Whether ``line`` is a ``- key: value`` header line."""
    return bool(_BULLET_FIELD.match(line))


@dataclass(frozen=True)
class Header:
    """The header's keys (lower case) with their values and lines.

    ``lines`` is how many lines of the file it takes (0: no header); ``values``
    holds every value of a key given more than once, as Pelican takes them.
    """

    fields: dict[str, Written]
    lines: int = 0
    values: dict[str, list[str]] = field(default_factory=dict)

    def get(self, key: str) -> str | None:
        written = self.fields.get(key.lower())
        return written.text if written else None

    def line_of(self, key: str) -> int:
        written = self.fields.get(key.lower())
        return written.line if written else 1

    def check_required(self) -> None:
        """SourceError for the first required key (``title``) missing or empty."""
        for key in HEADER_KEYS:
            if key.required and not self.get(key.name):
                raise SourceError(self.line_of(key.name) if key.name in self.fields else 1,
                                  f"the metadata header has no {key.name} "
                                  f"(add '- {key.name}: ...')")


def bullet_header_to_meta(text: str) -> str:
    """Rewrite a leading ``- key: value`` list as ``key: value`` lines, line for line.

    Only the first block of the file (up to the first blank line) is touched,
    and only when every line of it is such a bullet. Pelican's usual
    ``Key: value`` header passes through untouched.
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
    """The header of an article (bullet or Pelican style) as keys and values.

    Read as Python-Markdown's ``meta`` extension reads it: ``key: value`` lines
    from the first line on (after an optional ``---``), each further line indented
    by 4 spaces one more value of the key, up to the first blank line, ``---`` or
    ``...``, or the first line that is none of these. ``lines`` counts the lines
    read, the closing one included.
    """
    fields: dict[str, Written] = {}
    values: dict[str, list[str]] = {}
    key: str | None = None
    lines = bullet_header_to_meta(text).split("\n")
    start = 1 if lines and _BEGIN.match(lines[0]) else 0
    taken = start
    for number, line in enumerate(lines[start:], start=start + 1):
        if not line.strip() or _END.match(line):
            taken = number
            break
        match, more = _PLAIN_FIELD.match(line), _MORE.match(line)
        if match:
            key = match.group(1).lower()
            value = match.group(2).strip()
            fields.setdefault(key, Written(number, value))
            values.setdefault(key, []).append(value)
        elif more and key is not None:
            values[key].append(more.group(1).strip())
        else:
            break
        taken = number
    return Header(fields, taken if fields else 0, values)


def header_line_of(text: str, key: str) -> int:
    """The 1-based line of a header key, or 1 when the header lacks it."""
    return read_header(text).line_of(key)
