"""The ``- key: value`` metadata header of the article format.

The seed draft starts with a bullet list of metadata; Python-Markdown's ``meta``
extension (which Pelican's reader relies on) expects ``key: value`` lines. We
rewrite the one into the other line for line, so that line numbers stay true.
Pelican's usual ``Key: value`` header passes through untouched.
"""

from __future__ import annotations

import re

__all__ = ["bullet_header_to_meta", "header_line_of"]

_BULLET_FIELD = re.compile(r"^- ([A-Za-z][\w-]*):(.*)$")


def bullet_header_to_meta(text: str) -> str:
    """Rewrite a leading ``- key: value`` list as ``key: value`` lines.

    Only the first block of the file (up to the first blank line) is touched,
    and only when every line of it is such a bullet.
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


def header_line_of(text: str, key: str) -> int:
    """The 1-based line of a header field, or 1 when the header lacks it."""
    pattern = re.compile(rf"^(?:- )?{re.escape(key)}\s*:", re.IGNORECASE)
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            break
        if pattern.match(line):
            return number
    return 1
