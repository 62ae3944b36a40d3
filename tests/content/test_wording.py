"""Length, Taiwan usage and Chinese typography of the prose."""

from __future__ import annotations

import re

import pytest

from tests.content.article import (
    CJK,
    CJK_CHAR,
    MAINLAND_TERMS,
    MAX_CJK_CHARACTERS,
    MIN_CJK_CHARACTERS,
    SIMPLIFIED_ONLY,
    TYPED_NUMBER_PATTERNS,
    body,
    checked_text,
    offending_lines,
    source,
    without_code,
)


def test_article_has_at_least_6000_cjk_characters_and_is_not_padded() -> None:
    count = len(CJK_CHAR.findall(source()))
    assert count >= MIN_CJK_CHARACTERS, f"only {count} CJK characters"
    assert count <= MAX_CJK_CHARACTERS, f"{count} CJK characters: longer than needed"


@pytest.mark.parametrize(("term", "taiwan"), sorted(MAINLAND_TERMS.items()))
def test_no_mainland_term(term: str, taiwan: str) -> None:
    assert term not in source(), f"use {taiwan!r} instead of {term!r}"


def test_algorithm_is_written_the_taiwan_way() -> None:
    assert not re.search(r"(?<!演)算法", source()), "use 演算法, not 算法"


def test_no_simplified_only_characters() -> None:
    found = sorted({char for char in source() if char in SIMPLIFIED_ONLY})
    assert not found, f"simplified characters: {found}"


def test_key_terms_use_taiwan_wording() -> None:
    for term in ("神經網路", "資料", "程式碼", "矩陣", "向量"):
        assert term in source(), term


def test_no_ascii_punctuation_next_to_cjk() -> None:
    between = re.compile(f"[{CJK}][,.][{CJK}]")
    after = re.compile(f"[{CJK}][,.;:!?()]")
    before = re.compile(f"[(][{CJK}]")
    problems = [
        *offending_lines(between, checked_text()),
        *offending_lines(after, checked_text()),
        *offending_lines(before, checked_text()),
    ]
    assert not problems, "use full-width punctuation:\n" + "\n".join(problems)


def test_space_between_cjk_and_latin_or_digits() -> None:
    touching = re.compile(f"[{CJK}][A-Za-z0-9]|[A-Za-z0-9][{CJK}]")
    problems = offending_lines(touching, checked_text())
    assert not problems, "put a space between CJK and Latin:\n" + "\n".join(problems)


def test_space_around_placeholders_and_inline_math_in_the_source() -> None:
    # prose() already turns placeholders and math into Latin tokens; this checks the raw form
    # too, in case a token swallowed the space.
    raw = without_code(body())
    glued = re.compile(f"[{CJK}](?:\\{{\\{{|\\$)|(?:\\}}\\}}|(?<!\\$)\\$)[{CJK}]")
    problems = offending_lines(glued, raw)
    assert not problems, "\n".join(problems)


def test_typography_checks_catch_bad_text() -> None:
    # The checks above must be able to fail: run their patterns on known-bad samples.
    assert re.search(f"[{CJK}][,.][{CJK}]", "神經網路,線性代數")
    assert re.search(f"[{CJK}][A-Za-z0-9]|[A-Za-z0-9][{CJK}]", "用ReLU折")
    assert TYPED_NUMBER_PATTERNS[0].search("正確率 81%")
