"""``Range: bytes=...`` for the local server: one range served, anything else answered 416.

Browsers ask for one range at a time to seek in a video (Safari to play one
at all). A header that names no satisfiable single range (``bytes=abc``,
``bytes=-``, ``bytes=9-2``, a start past the end, several ranges, another
unit) is answered ``416 Range Not Satisfiable`` with the file's size, never
with a guess or an error page: the server's answer to a bad request is as
predictable as to a good one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import BinaryIO

__all__ = ["ByteRange", "FileSlice", "requested_range"]

_SINGLE_RANGE = re.compile(r"bytes=(\d*)-(\d*)")


@dataclass(frozen=True)
class ByteRange:
    """Bytes ``start`` to ``end`` (both included) of a file of ``size`` bytes."""

    start: int
    end: int
    size: int

    @property
    def length(self) -> int:
        return self.end - self.start + 1


def requested_range(header: str, size: int) -> ByteRange | None:
    """The one range ``header`` asks of a ``size``-byte file; None if it is malformed or
    cannot be satisfied (the caller answers 416)."""
    match = _SINGLE_RANGE.fullmatch(header.strip())
    if match is None or size == 0:
        return None
    first, last = match.groups()
    if first:
        start = int(first)
        end = min(int(last), size - 1) if last else size - 1
        if last and int(last) < start:
            return None
    elif last:  # the last N bytes
        if int(last) == 0:
            return None
        start, end = max(0, size - int(last)), size - 1
    else:
        return None  # "bytes=-" names no byte
    if start >= size:
        return None
    return ByteRange(start, end, size)


class FileSlice:
    """The part of an open file a range request asked for, read like a file."""

    def __init__(self, handle: BinaryIO, length: int) -> None:
        self._handle = handle
        self._left = length

    def read(self, size: int = -1) -> bytes:
        if self._left <= 0:
            return b""
        size = self._left if size < 0 else min(size, self._left)
        data = self._handle.read(size)
        self._left -= len(data)
        return data

    def close(self) -> None:
        self._handle.close()
