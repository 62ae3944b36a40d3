"""Math and code: languages named, inline and display math, balanced dollars."""

from __future__ import annotations

import re

from tests.content.article import (
    body,
    without_code,
)


def test_code_blocks_name_their_language() -> None:
    fences = re.findall(r"^```(.*)$", body(), flags=re.MULTILINE)
    assert fences, "the article shows code"
    openings = fences[0::2]
    assert all(re.fullmatch(r"[a-z]+", lang) for lang in openings), openings


def test_article_uses_inline_and_display_math() -> None:
    text = without_code(body())
    assert re.search(r"\$\$.+?\$\$", text, re.S)
    assert "\\begin{align}" in text and "\\end{align}" in text
    assert re.search(r"(?<!\$)\$[^$\n]+\$(?!\$)", text)


def test_inline_dollars_are_balanced_in_every_paragraph() -> None:
    text = re.sub(r"\$\$.*?\$\$", "", without_code(body()), flags=re.S)
    for paragraph in text.split("\n\n"):
        assert paragraph.count("$") % 2 == 0, paragraph


def test_mnist_parameter_count_is_right() -> None:
    assert 784 * 128 + 128 + 128 * 10 + 10 == 101_770
    assert "101{,}770" in body() and "101,770" in body()
