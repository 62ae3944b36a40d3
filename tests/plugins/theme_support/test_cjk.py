"""Chinese dates, reading time and summaries (plugins/theme_support/cjk.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from plugins.theme_support.cjk import (
    count_reading_units,
    cut_summary,
    lang_tag,
    reading_minutes,
    zh_date,
)


def test_zh_date_has_spaces_and_no_leading_zeros() -> None:
    assert zh_date(dt.date(2019, 9, 21)) == "2019 年 9 月 21 日"
    assert zh_date(dt.datetime(2020, 1, 5, 23, 59)) == "2020 年 1 月 5 日"


@pytest.mark.parametrize(
    ("given", "expected"),
    [("zh-hant-tw", "zh-Hant-TW"), ("zh_TW", "zh-TW"), ("en", "en"), ("es-419", "es-419")],
)
def test_lang_tag_uses_conventional_case(given: str, expected: str) -> None:
    assert lang_tag(given) == expected


def test_counts_chinese_characters_and_latin_words_apart() -> None:
    count = count_reading_units("神經網路用 ReLU 與 softmax，共 3 層。")
    assert count.cjk_chars == 8  # 神經網路用 與 共 層
    assert count.latin_words == 3  # ReLU, softmax, 3


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("", 0),
        ("字", 1),
        ("字" * 400, 1),
        ("字" * 401, 2),
        ("word " * 200, 1),
        ("字" * 400 + " word" * 200, 2),
    ],
)
def test_reading_minutes(text: str, minutes: int) -> None:
    assert reading_minutes(text) == minutes


def test_reading_speed_is_configurable() -> None:
    assert reading_minutes("字" * 600, cjk_per_minute=300) == 2


def test_short_text_is_kept_whole() -> None:
    assert cut_summary("  一句話。\n 第二句。 ", 20) == "一句話。 第二句。"


def test_cut_at_last_sentence_end_within_limit() -> None:
    text = "第一句話寫完了。第二句話也寫完了！第三句話很長很長很長很長很長很長。"
    assert cut_summary(text, 20) == "第一句話寫完了。第二句話也寫完了！"


def test_closing_quote_stays_with_its_sentence() -> None:
    text = "他說：「這樣就好。」後面還有很多很多很多很多很多字。"
    assert cut_summary(text, 14) == "他說：「這樣就好。」"


def test_without_a_late_enough_sentence_end_cut_by_characters() -> None:
    text = "短。" + "這是一個沒有句號而且非常非常長的句子，會在字數上限被切斷" * 3
    summary = cut_summary(text, 30)
    assert len(summary) == 30 and summary.endswith("…")
    assert summary.startswith("短。這是")


def test_cut_does_not_leave_a_comma_before_the_ellipsis() -> None:
    assert cut_summary("一二三四五六七八，九十" * 3, 10) == "一二三四五六七八…"
