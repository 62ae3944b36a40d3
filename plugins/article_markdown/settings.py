"""The plugin's settings and their defaults, all in one place (prefix ``ARTICLE_MARKDOWN_``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

__all__ = ["DEFAULTS", "setting"]

_ROOT = Path(__file__).resolve().parents[2]

DEFAULTS: dict[str, Any] = {
    # The scene renderer's manifest for the active quality profile; None: no scenes.
    "ARTICLE_MARKDOWN_RENDER_MANIFEST": None,
    # Where `npm ci` put KaTeX.
    "ARTICLE_MARKDOWN_KATEX_DIR": _ROOT / "node_modules" / "katex",
    # The stored results that `{{ path:format }}` placeholders read; None: none.
    "ARTICLE_MARKDOWN_FIGURES": None,
    # Where KaTeX's stylesheet and fonts go in the output.
    "ARTICLE_MARKDOWN_KATEX_OUTPUT": "vendor/katex",
    # Where a notebook article's output pictures are kept (named by their content).
    "ARTICLE_MARKDOWN_NOTEBOOK_OUTPUTS": _ROOT / ".cache" / "notebook-outputs",
    # Where the data files of !explore figures are kept (named by their content).
    "ARTICLE_MARKDOWN_EXPLORE_DATA": _ROOT / ".cache" / "explore-data",
    # Videos get their posters from the theme's script as they near the view
    # (data-poster): browsers fetch every poster at load, even with preload="none".
    "ARTICLE_MARKDOWN_LAZY_POSTERS": True,
    # The symbol of the link that each heading gets to itself.
    "ARTICLE_MARKDOWN_PERMALINK": "#",
}


def setting(settings: dict[str, Any], name: str) -> Any:
    """A plugin setting, falling back to its default."""
    return settings.get(name, DEFAULTS[name])
