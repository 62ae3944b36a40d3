"""The one error type the plugin raises for bad article source.

Every problem an author can cause is reported as ``path:line: message`` so an
editor can jump to it; nothing else about the failure (no traceback) is shown.
"""

from __future__ import annotations

import os

__all__ = ["SourceError", "shown_path"]


def shown_path(path: str) -> str:
    """A path as an author would type it: relative to here when inside, else as given."""
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative


class SourceError(Exception):
    """A problem in an article's source, at a 1-based line of that file.

    ``where`` replaces the line for sources that are not plain text: a
    notebook's mistake is in ``cell 3, line 2``.
    """

    def __init__(self, line: int, message: str, path: str | None = None,
                 where: str | None = None) -> None:
        super().__init__(message)
        self.line = line
        self.message = message
        self.path = path
        self.where = where

    def located(self, path: str) -> SourceError:
        """Return the same error, now naming the file it is in (unless it names one
        already: a scene's beat whose words are wrong is that scene's mistake)."""
        return SourceError(self.line, self.message, self.path or path, self.where)

    def __str__(self) -> str:
        if self.where:
            return f"{self.path}: {self.where}: {self.message}" if self.path else \
                f"{self.where}: {self.message}"
        if self.line == 0 and self.path:  # about the whole file (or folder)
            return f"{self.path}: {self.message}"
        where = f"{self.path}:{self.line}" if self.path else f"line {self.line}"
        return f"{where}: {self.message}"
