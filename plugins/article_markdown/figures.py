"""Numbers in the prose filled in from the stored results: ``{{ path:format }}``.

``{{ hard_relu.accuracy:.0% }}`` is the value at that dotted path of a JSON
file (list indexes written as numbers), formatted with a Python format spec.
The article and the scenes read the same file, so no number in the text can
disagree with one in a video. ``FiguresExtension`` fills them in before any
other part of Python-Markdown reads the lines, keeping lines as they are, so
line numbers in later error messages stay true.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

from .errors import SourceError
from .format import PLACEHOLDER

__all__ = ["FiguresExtension", "fill_figures", "load_figures", "lookup"]


def load_figures(path: Path | None) -> dict[str, Any]:
    """The stored results, or an empty mapping when no file is configured."""
    if path is None:
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def lookup(data: Any, dotted: str) -> Any:
    """The value at ``dotted`` (``a.b.0.c``); KeyError names the first missing part."""
    value = data
    for part in dotted.split("."):
        if isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        elif isinstance(value, dict) and part in value:
            value = value[part]
        else:
            raise KeyError(part)
    return value


def fill_figures(text: str, data: dict[str, Any]) -> str:
    """Replace every placeholder, raising SourceError with its line when one is wrong."""

    def replace(match: re.Match[str]) -> str:
        dotted, spec = match.group("path"), (match.group("spec") or "").strip()
        line = text.count("\n", 0, match.start()) + 1
        try:
            value = lookup(data, dotted)
        except KeyError as missing:
            raise SourceError(line, f"no stored figure '{dotted}' "
                              f"('{missing.args[0]}' not found)") from None
        try:
            return format(value, spec)
        except (ValueError, TypeError) as error:
            raise SourceError(line, f"cannot format '{dotted}' with '{spec}': {error}") from None

    return PLACEHOLDER.sub(replace, text)


class _FiguresPreprocessor(Preprocessor):
    def __init__(self, md: Markdown, figures: dict[str, Any]) -> None:
        super().__init__(md)
        self.figures = figures

    def run(self, lines: list[str]) -> list[str]:
        return fill_figures("\n".join(lines), self.figures).split("\n")


class FiguresExtension(Extension):
    """Fill ``{{ path:format }}`` from ``figures`` before the directives and the header."""

    def __init__(self, figures: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.figures = figures

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's API)
        md.registerExtension(self)
        # Above the directives (28) and 'meta' (27): captions and header values may
        # hold numbers too.
        md.preprocessors.register(_FiguresPreprocessor(md, self.figures), "figures", 35)
