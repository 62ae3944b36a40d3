"""Jupyter notebooks as articles: the notebook written out as the article format's Markdown.

The original article was a notebook; authors who think in notebooks write in
one. ``notebook_source`` reads an ``.ipynb`` with ``nbformat`` (never running
a cell) and writes it as the Markdown a Markdown author would have typed:

- a Markdown cell: its text as it is (the first one starts with the
  ``- key: value`` header; directives, math and ``{{ }}`` numbers work as in
  any article);
- a code cell: its source as a fenced block in the notebook's language, then
  each stored output: text (streams, ``text/plain`` results, tracebacks
  without their colour codes) as a ```` ```{.text .output} ```` block, and a
  PNG, JPEG or SVG as an ``!image`` of ``images/notebooks/<notebook>/…``.

Nothing a notebook stored reaches the page as live markup: a ``text/html``
output with no ``text/plain`` beside it is sanitized (``sanitize``: a table
stays, a ``<script>`` goes); an SVG that could run script (``<script>``,
``onload=``, ``<foreignObject>``, links out) is refused, since it is published
as a file a reader could open on the site's own origin; an output that is only
JavaScript is refused (a page never runs it; beside ``text/plain`` the text is
shown and the script dropped, as for any output a page cannot show).

So a notebook and a Markdown article with the same content build to the same
article body. Output pictures live in the notebook, not under ``content/``:
they are written to a cache folder and the media resolver is told where
(``NotebookSource.pictures``). Every line of the Markdown remembers its cell
and line, so an author's mistake is reported as ``nb.ipynb: cell 3, line 2``.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .errors import SourceError
from .source_text import read_source_text

__all__ = ["NotebookSource", "notebook_source", "PICTURE_DIR"]

#: Where a notebook's output pictures appear in the site (under ``images/``).
PICTURE_DIR = PurePosixPath("images/notebooks")
_PICTURE_TYPES = {"image/png": ".png", "image/jpeg": ".jpg", "image/svg+xml": ".svg"}
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_SCRIPT_TYPES = ("application/javascript", "text/javascript", "application/x-javascript",
                 "application/ecmascript")


@dataclass
class NotebookSource:
    """A notebook as Markdown, where each line came from, and its output pictures."""

    path: Path
    text: str = ""
    #: For each line of ``text`` (0-based), its (cell, line) in the notebook, both 1-based;
    #: (cell, 0) for lines the conversion wrote (fences, output blocks).
    origins: list[tuple[int, int]] = field(default_factory=list)
    #: Site path (relative to content/) -> picture bytes, for the media resolver.
    pictures: dict[PurePosixPath, bytes] = field(default_factory=dict)

    def locate(self, error: SourceError, shown: str) -> SourceError:
        """``error`` (a line of ``text``) as a mistake in a cell of the notebook."""
        index = min(max(error.line - 1, 0), len(self.origins) - 1) if self.origins else 0
        cell, line = self.origins[index] if self.origins else (1, 0)
        where = f"cell {cell}, line {line}" if line else f"cell {cell}"
        return SourceError(error.line, error.message, shown, where=where)


def notebook_source(path: Path) -> NotebookSource:
    """Read ``path`` (nbformat 4, any minor version) and write it as Markdown."""
    import nbformat  # only when a notebook is read: the format module stays light

    source = NotebookSource(path)
    # Decoded here, not by nbformat: a BOM reads like plain UTF-8, and bytes that are
    # not UTF-8 are reported at their line and column, as in a Markdown article.
    text = read_source_text(path)
    try:
        notebook = nbformat.reads(text, as_version=4)
    except Exception as error:  # noqa: BLE001 - any unreadable notebook is the author's to fix
        raise SourceError(1, f"not a readable Jupyter notebook: {error}",
                          where="cell 1") from None
    language = (notebook.metadata.get("language_info", {}).get("name")
                or notebook.metadata.get("kernelspec", {}).get("language") or "python")
    lines: list[str] = []

    def add(text: str, cell: int, first_line: int | None) -> None:
        # A cell saved on Windows keeps CRLF inside its JSON strings.
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        for offset, line in enumerate(text.split("\n")):
            lines.append(line)
            source.origins.append((cell, first_line + offset if first_line else 0))

    cells = [cell for cell in notebook.cells if cell.cell_type in ("markdown", "code")]
    if not cells or cells[0].cell_type != "markdown":
        raise SourceError(1, "a notebook article starts with a Markdown cell holding the "
                             "'- title: ...' header", where="cell 1")
    for number, cell in enumerate(notebook.cells, start=1):
        if lines:
            add("", number, None)  # cells are blocks of their own
        if cell.cell_type == "markdown":
            add(cell.source.rstrip("\n"), number, 1)
        elif cell.cell_type == "code":
            add(f"```{language}", number, None)
            add(cell.source.rstrip("\n"), number, 1)
            add("```", number, None)
            for index, output in enumerate(cell.get("outputs", []), start=1):
                block = _output_block(source, path, number, index, output)
                if block:
                    add("", number, None)
                    add(block, number, None)
    source.text = "\n".join(lines) + "\n"
    return source


def _output_block(source: NotebookSource, path: Path, cell: int, index: int,
                  output: dict) -> str:
    """A stored output as Markdown: a text block or an ``!image``; "" for what pages omit."""
    kind = output.get("output_type")
    if kind == "stream":
        return _text_block(output.get("text", ""))
    if kind == "error":
        return _text_block(_ANSI.sub("", "\n".join(output.get("traceback", []))))
    if kind in ("execute_result", "display_data"):
        data = output.get("data", {})
        for mime, suffix in _PICTURE_TYPES.items():
            if mime in data:
                payload = data[mime]
                if mime == "image/svg+xml":
                    raw = payload.encode()
                    _refuse_active_svg(raw, cell, index)
                else:
                    raw = _readable_picture(payload, mime, cell, index)
                name = f"cell{cell}-{index}-{hashlib.sha256(raw).hexdigest()[:8]}{suffix}"
                site_path = PICTURE_DIR / path.stem / name
                source.pictures[site_path] = raw
                return f"!image\n- {site_path.relative_to('images')}"
        if "text/plain" in data:
            return _text_block(data["text/plain"])
        if "text/html" in data:
            return _html_block(data["text/html"])
        script = next((mime for mime in data if mime in _SCRIPT_TYPES), None)
        if script:
            raise SourceError(0, f"output {index} is JavaScript ({script}), which a page never "
                                 "runs: clear the output, or show a picture or text instead",
                              where=f"cell {cell}")
    return ""


def _readable_picture(payload: str, mime: str, cell: int, index: int) -> bytes:
    """A PNG or JPEG output's bytes, or a mistake naming its cell: Pillow would otherwise
    fail deep inside the build with no place to point at."""
    import binascii
    import io

    from PIL import Image

    try:
        # Jupyter wraps and ends base64 with newlines; anything else that is not base64 is wrong.
        raw = base64.b64decode("".join(payload.split()), validate=True)
        with Image.open(io.BytesIO(raw)) as image:
            image.verify()
    except (binascii.Error, ValueError, OSError, SyntaxError) as error:
        raise SourceError(0, f"output {index} is not a readable {mime} picture ({error}): "
                             "run the cell again, or clear the output",
                          where=f"cell {cell}") from None
    return raw


def _refuse_active_svg(raw: bytes, cell: int, index: int) -> None:
    """An SVG output is published as a file of the site: refused if it could run script."""
    from .sanitize import svg_script_reason

    reason = svg_script_reason(raw)
    if reason:
        raise SourceError(0, f"output {index} is an SVG picture that could run script "
                             f"({reason}): save the figure as PNG, or clear the output",
                          where=f"cell {cell}")


def _html_block(html: str) -> str:
    """An HTML output (a table, say) sanitized, as a raw HTML block of the page."""
    from .sanitize import sanitize_html

    cleaned = sanitize_html(html).strip()
    if not cleaned:
        return ""
    # "{" as an entity: `{{ ... }}` in a table cell is not a number placeholder.
    cleaned = cleaned.replace("{", "&#123;")
    return f'<div class="output output--html">\n{cleaned}\n</div>'


def _text_block(text: str) -> str:
    """Output text in a fence longer than any run of backticks inside it."""
    text = text.rstrip("\n")
    if not text:
        return ""
    fence = "`" * max(3, max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    return f"{fence}{{.text .output}}\n{text}\n{fence}"
