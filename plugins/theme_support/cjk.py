"""Traditional-Chinese text helpers: dates, reading time and summaries.

All three are written by hand because no maintained library fits:
- Babel's zh_Hant_TW long date is "2019年9月21日", without the spaces this site's
  typography wants ("2019 年 9 月 21 日"), and Babel would be a dependency for one
  format string;
- ``readtime`` and ``pelican-readtime`` count words split on whitespace, so a
  paragraph of Chinese counts as one word;
- Pelican's SUMMARY_MAX_LENGTH also counts whitespace-separated words, and
  sentence splitters (pysbd) are far more than "cut at the last 。！？".
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import NamedTuple

__all__ = [
    "ReadingCount",
    "count_reading_units",
    "cut_summary",
    "lang_tag",
    "reading_minutes",
    "zh_date",
]

# Han ideographs (incl. extension A and compatibility), kana and Hangul: each one
# character is read as a unit. Everything else is split into Latin words.
_CJK_CHAR = re.compile(
    "[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af\U00020000-\U0002ffff]"
)
_LATIN_WORD = re.compile(r"[A-Za-z0-9\u00c0-\u024f]+(?:['’.\-][A-Za-z0-9\u00c0-\u024f]+)*")
_SENTENCE_END = "。！？!?"
_CLOSERS = "」』）)”’》〉】"


def lang_tag(tag: str) -> str:
    """Conventional case for a BCP 47 tag: ``zh-hant-tw`` -> ``zh-Hant-TW``.

    Pelican lower-cases DEFAULT_LANG and article languages; tags are case-insensitive
    but the conventional spelling is what readers and validators expect to see.
    """
    parts = tag.replace("_", "-").split("-")
    out = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            out.append(part.title())
        elif len(part) == 2 and part.isalpha() or len(part) == 3 and part.isdigit():
            out.append(part.upper())
        else:
            out.append(part.lower())
    return "-".join(out)


def zh_date(value: dt.date | dt.datetime) -> str:
    """Format a date as Traditional Chinese: ``2019 年 9 月 21 日``."""
    return f"{value.year} 年 {value.month} 月 {value.day} 日"


class ReadingCount(NamedTuple):
    """CJK characters and Latin words found in a text."""

    cjk_chars: int
    latin_words: int


def count_reading_units(text: str) -> ReadingCount:
    """Count CJK characters and, in what is left, Latin words (numbers count as words)."""
    cjk = len(_CJK_CHAR.findall(text))
    rest = _CJK_CHAR.sub(" ", text)
    return ReadingCount(cjk, len(_LATIN_WORD.findall(rest)))


def reading_minutes(text: str, cjk_per_minute: int = 400, words_per_minute: int = 200) -> int:
    """Whole minutes to read ``text``: CJK at ``cjk_per_minute``, Latin words apart.

    Never less than one minute for a non-empty text, so a card never says "0 分鐘".
    """
    count = count_reading_units(text)
    minutes = count.cjk_chars / cjk_per_minute + count.latin_words / words_per_minute
    if minutes == 0:
        return 0
    return max(1, math.ceil(minutes))


def cut_summary(text: str, max_chars: int = 120, min_ratio: float = 0.5) -> str:
    """Cut ``text`` to at most ``max_chars`` characters, at a sentence end when possible.

    Looks for the last 。！？ (or !? ) within the limit, keeping a closing quote or bracket
    that follows it. If that end lies before ``min_ratio * max_chars`` the sentence would
    be too short a summary, so the text is cut at the limit and "…" is added instead.
    """
    text = " ".join(text.split())
    if len(text) <= max_chars:
        return text
    window = text[: max_chars + 1]
    best = -1
    for i, ch in enumerate(window[:max_chars]):
        if ch in _SENTENCE_END:
            end = i + 1
            while end < len(window) and window[end] in _CLOSERS:
                end += 1
            if end <= max_chars:
                best = end
    if best >= max_chars * min_ratio:
        return text[:best]
    return text[: max_chars - 1].rstrip("，、；：,;: ") + "…"
