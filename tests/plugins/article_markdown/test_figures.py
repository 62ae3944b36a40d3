"""``{{ path:format }}`` placeholders: looked up in the stored results, formatted, located."""

from __future__ import annotations

import markdown
import pytest

from plugins.article_markdown.errors import SourceError
from plugins.article_markdown.figures import FiguresExtension, fill_figures, lookup

DATA = {"net": {"accuracy": 0.875, "layers": [{"W": [[1.5, -2.0]]}], "correct": 175}}


def test_lookup_walks_dicts_and_list_indexes() -> None:
    assert lookup(DATA, "net.layers.0.W.0.1") == -2.0
    with pytest.raises(KeyError) as missing:
        lookup(DATA, "net.layers.3")
    assert missing.value.args == ("3",)


def test_fill_formats_and_keeps_lines() -> None:
    text = "一\n正確率 {{ net.accuracy:.0% }}，{{net.correct}} 個\n三"
    assert fill_figures(text, DATA) == "一\n正確率 88%，175 個\n三"


@pytest.mark.parametrize(("text", "line", "message"), [
    ("\n\n{{ net.nope }}", 3, "no stored figure 'net.nope' ('nope' not found)"),
    ("{{ net.accuracy:d }}", 1, "cannot format 'net.accuracy' with 'd'"),
])
def test_mistakes_name_their_line(text: str, line: int, message: str) -> None:
    with pytest.raises(SourceError) as raised:
        fill_figures(text, DATA)
    assert raised.value.line == line and raised.value.message.startswith(message)


def test_the_extension_fills_before_markdown_reads_the_text() -> None:
    html = markdown.markdown("**{{ net.correct }}** 個", extensions=[FiguresExtension(DATA)])
    assert html == "<p><strong>175</strong> 個</p>"
