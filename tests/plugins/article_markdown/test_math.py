"""Math rendered by KaTeX at build time: real Node, real KaTeX, errors at their line."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest

from plugins.article_markdown.errors import SourceError
from plugins.article_markdown.math import KatexExtension, KatexUnavailable, render_formulas
from plugins.article_markdown.settings import DEFAULTS

KATEX = Path(DEFAULTS["ARTICLE_MARKDOWN_KATEX_DIR"])


def convert(text: str) -> str:
    return markdown.markdown(text, extensions=[
        "pymdownx.arithmatex", KatexExtension(KATEX)],
        extension_configs={"pymdownx.arithmatex": {"generic": True, "smart_dollar": True}})


def test_inline_and_display_math_become_katex_html_and_mathml() -> None:
    html = convert("行內 $x^2$。\n\n$$\n\\frac{1}{2}\n$$")
    assert html.count('class="katex"') == 2 and "<math" in html and "katex-display" in html
    assert "$" not in html


def test_a_bad_formula_names_its_line() -> None:
    with pytest.raises(SourceError) as raised:
        convert("一\n\n二\n\n算式 $\\frac{1}{$ 壞了")
    assert raised.value.line == 5 and raised.value.message.startswith("math error in $\\frac{1}{$")


def test_render_formulas_reports_each_error_apart() -> None:
    results = render_formulas(KATEX, [("a+b", False), ("\\nope{", True)])
    assert "html" in results[0] and "error" in results[1]


def test_a_missing_katex_is_a_set_up_problem(tmp_path: Path) -> None:
    with pytest.raises(KatexUnavailable, match="make html"):
        render_formulas(tmp_path / "no-katex", [("x", False)])
