"""Math rendered at build time with KaTeX: readers download no math JavaScript.

``pymdownx.arithmatex`` finds ``$...$``, ``$$...$$`` and ``\\begin{align}``
blocks and wraps them in its generic form; ``KatexPostprocessor`` then hands
every formula of the page to KaTeX in one Node process and puts KaTeX's
HTML+MathML in their place. The stylesheet and fonts are copied into the site by
the plugin (``copy_katex_assets``): nothing comes from a CDN.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor

from .errors import SourceError

__all__ = ["KatexExtension", "render_formulas", "copy_katex_assets", "KatexUnavailable"]

_RENDERER = Path(__file__).with_name("katex_render.cjs")
_INLINE = re.compile(r'<span class="arithmatex">\\\((.*?)\\\)</span>', re.S)
_DISPLAY = re.compile(r'<div class="arithmatex">\\\[\n?(.*?)\n?\\\]</div>', re.S)


class KatexUnavailable(RuntimeError):
    """KaTeX (npm package) or Node.js is missing: a set-up problem, not an author's."""


def render_formulas(katex_dir: Path, formulas: list[tuple[str, bool]]) -> list[dict[str, str]]:
    """Render ``(tex, display)`` pairs; each result is ``{"html": ...}`` or ``{"error": ...}``."""
    if not formulas:
        return []
    node = shutil.which("node")
    if node is None or not (katex_dir / "package.json").is_file():
        raise KatexUnavailable(f"KaTeX needs Node.js and {katex_dir} (run `make html` to set up)")
    completed = subprocess.run(
        [node, str(_RENDERER), str(katex_dir.resolve())],
        input=json.dumps(formulas), capture_output=True, text=True, check=False,
    )
    if completed.returncode != 0:
        raise KatexUnavailable(f"KaTeX failed to run: {completed.stderr.strip()[:500]}")
    return json.loads(completed.stdout)


class KatexPostprocessor(Postprocessor):
    """Swap arithmatex's generic placeholders for KaTeX output, one batch per page."""

    def __init__(self, md: Markdown, extension: KatexExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, text: str) -> str:
        found: list[tuple[re.Match[str], bool]] = []
        for pattern, display in ((_INLINE, False), (_DISPLAY, True)):
            found.extend((match, display) for match in pattern.finditer(text))
        if not found:
            return text
        found.sort(key=lambda pair: pair[0].start())
        formulas = [(html.unescape(match.group(1)).strip(), display) for match, display in found]
        results = render_formulas(self.extension.katex_dir, formulas)
        pieces: list[str] = []
        position = 0
        for (match, _display), (tex, _), result in zip(found, formulas, results, strict=True):
            if "error" in result:
                raise SourceError(self.extension.line_of(tex), f"math error in ${tex}$: "
                                  f"{result['error']}")
            pieces.append(text[position : match.start()])
            pieces.append(result["html"])
            position = match.end()
        pieces.append(text[position:])
        return "".join(pieces)


class _SourceKeeper(Preprocessor):
    """Keep the page's lines as the author wrote them, to find a formula's line later."""

    def __init__(self, md: Markdown, extension: KatexExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        self.extension.source = "\n".join(lines)
        return lines


class KatexExtension(Extension):
    """Register the KaTeX post-processor; ``source`` finds a formula's line for errors."""

    def __init__(self, katex_dir: Path, **kwargs) -> None:  # noqa: ANN003
        super().__init__(**kwargs)
        self.katex_dir = katex_dir
        self.source = ""  # the page being converted, kept by _SourceKeeper

    def reset(self) -> None:
        self.source = ""

    def line_of(self, tex: str) -> int:
        head = tex.split("\n", 1)[0].strip()
        index = self.source.find(head) if head else -1
        return self.source.count("\n", 0, index) + 1 if index >= 0 else 1

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's API)
        md.registerExtension(self)
        # After the figures are filled in (35), before anything changes the lines.
        md.preprocessors.register(_SourceKeeper(md, self), "katex_source", 34)
        # After raw HTML is restored (30), so the placeholders are plain text.
        md.postprocessors.register(KatexPostprocessor(md, self), "katex", 25)


def copy_katex_assets(katex_dir: Path, destination: Path) -> None:
    """Copy KaTeX's stylesheet and fonts into the site (``vendor/katex/``)."""
    dist = katex_dir / "dist"
    destination.mkdir(parents=True, exist_ok=True)
    shutil.copy2(dist / "katex.min.css", destination / "katex.min.css")
    shutil.copytree(dist / "fonts", destination / "fonts", dirs_exist_ok=True)
