"""An article's file as text: UTF-8 with or without a BOM, any line endings, or a clear error.

Editors on Windows save a UTF-8 byte-order mark and CRLF line endings; both
read exactly like plain UTF-8 with ``\\n``. Anything that is not UTF-8 (a file
saved as Big5 or Latin-1, say) stops the build at the first bad byte, with its
line and column, instead of a ``UnicodeDecodeError`` traceback; so does a file
with nothing in it.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from .errors import SourceError

__all__ = ["decode_source", "read_source_text"]


def read_source_text(path: Path) -> str:
    """The text of ``path`` with ``\\n`` line endings; ``SourceError`` (no path) if unfit."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise SourceError(0, f"cannot read the file: {error.strerror or error}") from None
    return decode_source(raw)


def decode_source(raw: bytes) -> str:
    """``raw`` decoded as UTF-8 (a leading BOM dropped), line endings made ``\\n``."""
    raw = raw.removeprefix(codecs.BOM_UTF8)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        line_start = raw.rfind(b"\n", 0, error.start) + 1
        # Columns as an editor counts them: characters, not bytes (Chinese is 3 bytes each).
        column = len(raw[line_start:error.start].decode("utf-8", errors="replace")) + 1
        raise SourceError(line, f"not UTF-8 (byte 0x{raw[error.start]:02x} at column "
                                f"{column}); save the file as UTF-8") from None
    if not text.strip():
        raise SourceError(1, "the file is empty: an article starts with its "
                             "'- title: ...' header, then its text")
    # Universal newlines, as Python's text mode reads them: CRLF and a lone CR alike.
    return text.replace("\r\n", "\n").replace("\r", "\n")
