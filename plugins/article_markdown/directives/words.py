"""A scene video's words, from the beats its render recorded: WebVTT tracks, a transcript,
a storyboard.

Each beat of a scene (``scenes/bases/beats.py``) comes with its times in the video, a
title, a description (numbers written ``{{ path:spec }}``, filled here from the stored
networks as the article's are) and its last frame as a still. From those the ``!mp4``
directive gives the video:

- two WebVTT files, ``kind="chapters"`` (the titles) and ``kind="descriptions"`` (the
  descriptions), ``srclang="zh-Hant"``, their cues at the beat boundaries;
- a transcript under it: a ``<details>`` ("文字說明", closed) listing the beats with their
  times, each time a link into the video file at that moment (``#t=``), which the theme's
  ``transcript.js`` turns into a seek of the video on the page;
- a storyboard in it: the beats' stills (both themes, in every width, like other stills)
  with their words, hidden on screen; print, feed readers and readers who prefer stills
  get it instead of the video.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .figure_html import TEXT_ONLY, picture

if TYPE_CHECKING:
    from ..media import Media

__all__ = ["TimedBeat", "clock", "storyboard", "timestamp", "transcript", "webvtt"]

#: The language of every track and transcript (the scenes' words are Traditional Chinese).
LANGUAGE = "zh-Hant"
#: How wide a storyboard still is shown: two to the column's width (print too), or the
#: screen's on a phone (main.css).
STORYBOARD_SIZES = "(min-width: 42em) 19em, calc(100vw - 2rem)"
TRACK_LABELS = {"chapters": "章節", "descriptions": "畫面描述"}


@dataclass(frozen=True)
class TimedBeat:
    """One beat of a video, as the page shows it: its span, its words (numbers filled in)
    and its still."""

    start: float
    end: float
    title: str
    description: str
    still: Media | None = None
    #: Where the scene wrote the beat (``scenes/x.py`` and the line of its call), for
    #: messages about its words.
    source: str = ""
    line: int = 0


def timestamp(seconds: float) -> str:
    """A WebVTT timestamp, ``hh:mm:ss.ttt``, rounded to the millisecond."""
    millis = round(seconds * 1000)
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    return f"{hours:02d}:{minutes:02d}:{millis // 1000:02d}.{millis % 1000:03d}"


def clock(seconds: float) -> str:
    """A time as a reader reads it: ``0:07``, ``1:02``."""
    whole = int(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


def webvtt(beats: Sequence[TimedBeat], kind: str) -> str:
    """The WebVTT file of ``kind`` ("chapters": titles; "descriptions": descriptions)."""
    cues = ["WEBVTT", ""]
    for number, beat in enumerate(beats, start=1):
        text = beat.title if kind == "chapters" else beat.description
        cues += [str(number), f"{timestamp(beat.start)} --> {timestamp(beat.end)}",
                 # A cue ends at its first blank line and may not hold "-->": one line.
                 " ".join(text.replace("-->", "→").split()), ""]
    return "\n".join(cues)


def transcript(parent: etree.Element, video_link: str, beats: Sequence[TimedBeat]) -> None:
    """``<details class="transcript">``: each beat's time (a link into the video), title and
    description, and the choice of stills over videos (shown only to readers with scripts)."""
    details = etree.SubElement(parent, "details", {"class": "transcript"})
    etree.SubElement(details, "summary").text = "文字說明"
    listing = etree.SubElement(details, "ol", {"class": "transcript__beats"})
    for beat in beats:
        item = etree.SubElement(listing, "li", {"data-start": _seconds(beat.start),
                                                "data-end": _seconds(beat.end)})
        link = etree.SubElement(item, "a", {
            "class": "transcript__time", "href": f"{video_link}#t={_seconds(beat.start)}",
            "data-start": _seconds(beat.start),
            "aria-label": f"從 {clock(beat.start)} 看起：{beat.title}"})
        link.text = clock(beat.start)
        words = etree.SubElement(item, "p", {TEXT_ONLY: ""})
        words.text = ""
        etree.SubElement(words, "span", {"class": "transcript__title"}).text = beat.title
        etree.SubElement(words, "br")
        words[-1].tail = beat.description
    choice = etree.SubElement(details, "label", {"class": "transcript__stills"})
    etree.SubElement(choice, "input", {"type": "checkbox",
                                       "class": "transcript__stills-choice"})
    choice[-1].tail = " 以每一段的靜態圖代替動畫（整頁適用）"


def storyboard(parent: etree.Element, beats: Sequence[TimedBeat]) -> None:
    """``<div class="storyboard">``: each beat's still (in the reader's theme, a fitting
    width) captioned with its time and words; the site's CSS shows it in print and for
    readers who prefer stills."""
    board = etree.SubElement(parent, "div", {"class": "storyboard",
                                             "data-pagefind-ignore": "all"})
    for beat in beats:
        frame = etree.SubElement(board, "figure")
        if beat.still is not None:
            picture(frame, beat.still, STORYBOARD_SIZES, alt=f"{clock(beat.start)}　{beat.title}")
        caption = etree.SubElement(frame, "figcaption", {TEXT_ONLY: ""})
        caption.text = f"{clock(beat.start)}　{beat.title}：{beat.description}"


def _seconds(value: float) -> str:
    """Seconds as attributes and media fragments carry them: ``12.4``, never ``1e-05``."""
    return f"{value:.3f}".rstrip("0").rstrip(".") or "0"
