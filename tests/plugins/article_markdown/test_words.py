"""A video's words (directives/words.py): WebVTT tracks a WebVTT parser reads back, the
transcript's times and links, the storyboard's stills and captions."""

from __future__ import annotations

import io
import xml.etree.ElementTree as etree

import pytest
import webvtt

from plugins.article_markdown.directives.words import (
    TimedBeat,
    clock,
    storyboard,
    timestamp,
    transcript,
)
from plugins.article_markdown.directives.words import (
    webvtt as write_webvtt,
)

BEATS = (
    TimedBeat(0.0, 3.4, "資料", "兩條拱形的點，黃色在下、藍色在上。"),
    TimedBeat(3.4, 61.25, "W₁：拉伸", "格線被拉長並傾斜 --> 直線仍是直線。"),
    TimedBeat(61.25, 3725.5, "一小時後", "很長的一段\n跨行的描述。"),
)


@pytest.mark.parametrize(("seconds", "written"), [(0, "00:00:00.000"), (3.4, "00:00:03.400"),
                                                  (61.2499, "00:01:01.250"),
                                                  (3725.5, "01:02:05.500")])
def test_timestamps(seconds: float, written: str) -> None:
    assert timestamp(seconds) == written


def test_clock_reads_as_minutes_and_seconds() -> None:
    assert [clock(s) for s in (0, 7.9, 62, 3725)] == ["0:00", "0:07", "1:02", "62:05"]


@pytest.mark.parametrize(("kind", "texts"), [
    ("chapters", ["資料", "W₁：拉伸", "一小時後"]),
    ("descriptions", ["兩條拱形的點，黃色在下、藍色在上。", "格線被拉長並傾斜 → 直線仍是直線。",
                      "很長的一段 跨行的描述。"]),
])
def test_tracks_parse_back_with_the_beats_times_and_words(kind: str, texts: list[str]) -> None:
    cues = webvtt.from_buffer(io.StringIO(write_webvtt(BEATS, kind)))
    assert [cue.text for cue in cues] == texts
    assert [(cue.start, cue.end) for cue in cues] == [
        (timestamp(beat.start), timestamp(beat.end)) for beat in BEATS]


def test_the_transcript_lists_each_beat_with_a_link_into_the_video() -> None:
    parent = etree.Element("div")
    transcript(parent, "{static}/images/manim/S.mp4", BEATS)
    details = parent.find("details")
    assert details.get("class") == "transcript" and details.get("open") is None
    assert details.find("summary").text == "文字說明"
    items = details.findall("ol/li")
    assert [(li.get("data-start"), li.get("data-end")) for li in items] == [
        ("0", "3.4"), ("3.4", "61.25"), ("61.25", "3725.5")]
    links = [li.find("a") for li in items]
    assert [link.get("href") for link in links] == [
        "{static}/images/manim/S.mp4#t=0", "{static}/images/manim/S.mp4#t=3.4",
        "{static}/images/manim/S.mp4#t=61.25"]
    assert [link.text for link in links] == ["0:00", "0:03", "1:01"]
    assert links[1].get("aria-label") == "從 0:03 看起：W₁：拉伸"
    assert items[0].find("p/span").text == "資料"
    assert items[0].find("p/br").tail == "兩條拱形的點，黃色在下、藍色在上。"
    assert details.find("label/input").get("type") == "checkbox"


def test_the_storyboard_captions_each_still_with_its_time_and_words() -> None:
    parent = etree.Element("figure")
    storyboard(parent, BEATS[:2])
    board = parent.find("div")
    assert board.get("class") == "storyboard"
    assert board.get("data-pagefind-ignore") == "all"  # the transcript is what search reads
    assert [figure.find("figcaption").text for figure in board.findall("figure")] == [
        "0:00　資料：兩條拱形的點，黃色在下、藍色在上。",
        "0:03　W₁：拉伸：格線被拉長並傾斜 --> 直線仍是直線。"]
