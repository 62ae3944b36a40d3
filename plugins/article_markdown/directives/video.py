"""``!mp4``: a video that plays (muted) while in view, with a stand-in for readers without
JavaScript.

``<figure class="video"><video …><source …></video><noscript>…</noscript>[<figcaption>…]``.

- ``data-autoplay`` asks the theme's script to play the video while it is in view
  (never the ``autoplay`` attribute, which would play it off screen too).
- A scene rendered in several themes gets its ``<source>``s per theme, the other
  themes' first with their ``media`` query, so the browser alone picks the reader's
  scheme; each other theme's poster waits in ``data-<theme>-poster`` (a name
  Pelican resolves ``{static}`` links in) for the theme's script, which also
  follows the reader's toggle.
- A scene's video comes in several renditions (``media.VideoRendition``): in each
  theme, the small screens' ones first (``media`` adds ``SMALL_SCREENS``), then the
  render's own size; within each, the profile's order (AV1, then H.264). Each
  ``type`` names its codec string, so a browser that cannot decode AV1 takes the
  H.264 one after it; ``data-rendition`` and ``data-size`` tell the theme's script
  which one is playing, so that a swap of theme keeps its codec and size.
- Posters are lazy (``data-poster``): browsers fetch every ``poster`` at load even
  with ``preload="none"``, so a page of many animations would download them all; the
  theme's script sets each back shortly before its video scrolls into view.
- Inside ``<noscript>``, readers without JavaScript (the video is hidden for them by
  a ``<noscript>`` style in the page's head) get the poster as a picture, in their
  scheme, linking to the video file; nothing in it is fetched when scripts run.
- A scene's video has words (``words.py``): chapter and description tracks, a
  storyboard in the figure and a transcript after it, from the beats its render recorded.
"""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as etree
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from scenes.drawing.themes import DEFAULT_THEME

from ..spec import (
    IMAGE_SUFFIXES,
    THEME_ITEM,
    VIDEO_SUFFIXES,
    Directive,
    DirectiveSpec,
    Item,
    ItemKind,
    Option,
)
from . import words
from .figure_html import (
    CAPTION_LABEL,
    FIGURE_SIZES,
    SMALL_SCREENS,
    caption,
    size,
    theme_query,
)
from .unit import DirectiveUnit, Page, in_pinned_theme, resolve_paths

if TYPE_CHECKING:
    from ..media import Media

__all__ = ["Video"]

#: What the no-JavaScript stand-in says (before the caption): it starts the video.
PLAY_LABEL = "播放動畫"
#: Where a scene video's chapter and description tracks go in the site.
SCENE_TRACKS_DIR = PurePosixPath("tracks")


class Video(DirectiveUnit):
    """A video of content/, or a scene's rendered video with its still as poster."""

    spec = DirectiveSpec("mp4", "a video: autoplays (muted) while in view, loops", (
        Item("options", ItemKind.OPTIONS, "how the video plays", options=(
            Option("no-loop", "play once"),
            Option("no-autoplay", "wait for the reader to start it"),
            Option("controls", "show the browser's controls"),
        ), example="options: no-loop, controls"),
        THEME_ITEM,
        Item("path", ItemKind.PATH, "the video, relative to content/", required=True,
             suffixes=VIDEO_SUFFIXES, example="images/manim/Scene.mp4"),
        Item("poster", ItemKind.PATH, "the still shown before it plays (scenes get one)",
             suffixes=IMAGE_SUFFIXES, example="images/poster.jpg"),
        Item("caption", ItemKind.TEXT, "the caption", example="影片說明"),
    ))

    def media(self, directive: Directive, page: Page) -> dict[str, Media]:
        found = resolve_paths(directive, page)
        if "poster" not in found:  # a scene's video has its still
            poster = page.resolver.poster_for(found["path"])
            if poster is not None:
                found["poster"] = poster
        found = in_pinned_theme(directive, found)
        video = found["path"]
        if video.beats:
            # Its words, numbers filled in; its two tracks, written as files of the site.
            filled = page.filled_beats(video.beats)
            found["path"] = video = dataclasses.replace(video, beats=filled)
            stem = PurePosixPath(video.site_path).stem
            for kind in words.TRACK_LABELS:
                relative = SCENE_TRACKS_DIR / f"{stem}.{kind}.vtt"
                page.resolver.add_generated({relative: words.webvtt(filled, kind).encode()},
                                            page.data_folder)
                found[kind] = page.resolver.resolve(relative, relative.as_posix(),
                                                    directive.line)
        return found

    def html(self, parent: etree.Element, directive: Directive, media: dict[str, Media],
             page: Page) -> None:
        video_media, poster = media["path"], media.get("poster")
        options = directive.options
        figure = etree.SubElement(parent, "figure", {"class": "video"})
        attributes = dict(size(video_media))
        if poster is not None:
            attributes["data-poster" if page.lazy_posters else "poster"] = poster.link
            if poster.candidates:
                # For the theme's script, which loads posters as they near the view:
                # the copy that fits the video's width (posters take no srcset).
                attributes["data-poster-srcset"] = poster.srcset("image/webp")
            for theme, other in poster.themed:
                attributes[f"data-{theme}-poster"] = other.link
                if other.candidates:
                    attributes[f"data-{theme}-poster-srcset"] = other.srcset("image/webp")
        attributes["preload"] = "none"
        attributes["playsinline"] = "playsinline"
        attributes["muted"] = "muted"
        if "no-loop" not in options:
            attributes["loop"] = "loop"
        if "controls" in options:
            attributes["controls"] = "controls"
        if "no-autoplay" not in options:
            attributes["data-autoplay"] = ""
        video = etree.SubElement(figure, "video", attributes)
        for theme, other in video_media.themed:
            _sources(video, other, theme)
        _sources(video, video_media, DEFAULT_THEME if video_media.themed else None)
        for kind, label in words.TRACK_LABELS.items():
            if kind in media:
                etree.SubElement(video, "track", {"kind": kind, "src": media[kind].link,
                                                  "srclang": words.LANGUAGE, "label": label})
        _without_javascript(figure, video_media, poster)
        if video_media.beats:
            words.storyboard(figure, video_media.beats)
        caption(figure, directive.text("caption"))
        if video_media.beats:
            words.transcript(parent, video_media.link, video_media.beats)


def _sources(video: etree.Element, media: Media, theme: str | None) -> None:
    """The ``<source>``s of ``media`` in ``theme`` (None: the only theme): one per
    rendition, small screens' first, or the file itself for a video of content/."""
    theme_media = theme_query(theme) if theme not in (None, DEFAULT_THEME) else None
    marks = {"data-theme": theme} if theme else {}
    if not media.renditions:
        etree.SubElement(video, "source", {"src": media.link, "type": "video/mp4",
                                           **({"media": theme_media} if theme_media else {}),
                                           **marks})
        return
    for rendition in sorted(media.renditions, key=lambda each: each.full_size):
        queries = [query for query in (theme_media, None if rendition.full_size
                                       else SMALL_SCREENS) if query]
        size = {} if rendition.full_size else {"data-size": SMALL_SCREENS}
        etree.SubElement(video, "source", {
            "src": rendition.media.link, "type": rendition.mime_type,
            **({"media": " and ".join(queries)} if queries else {}),
            **marks, "data-rendition": rendition.name, **size})


def _without_javascript(figure: etree.Element, video: Media, poster: Media | None) -> None:
    """``<noscript>``: the poster (in the reader's scheme) linking to the video file."""
    link = etree.SubElement(etree.SubElement(figure, "noscript"), "a",
                            {"class": "video-fallback", "href": video.link})
    if poster is None:
        link.set(CAPTION_LABEL, PLAY_LABEL)
        return
    holder = link
    if poster.themed or poster.candidates:
        holder = etree.SubElement(link, "picture")
        # The other themes' posters, chosen by the reader's scheme as the video's own
        # <source media> is; each in the widths its WebP copies have.
        for theme, other in poster.themed:
            query = theme_query(theme)
            if other.candidates:
                etree.SubElement(holder, "source", {
                    "type": "image/webp", "srcset": other.srcset("image/webp"),
                    "media": query, "sizes": FIGURE_SIZES})
                # Described by its width, as the WebP copies are: the HTML checker wants
                # every source of a picture alike once one has widths and sizes.
                jpeg = {"srcset": f"{other.link} {video.width}w", "sizes": FIGURE_SIZES} \
                    if video.width else {"srcset": other.link}
            else:
                jpeg = {"srcset": other.link}
            etree.SubElement(holder, "source", {**jpeg, "media": query})
        if poster.candidates:
            etree.SubElement(holder, "source", {"type": "image/webp",
                                                "srcset": poster.srcset("image/webp"),
                                                "sizes": FIGURE_SIZES})
    etree.SubElement(holder, "img", {"src": poster.link, "alt": "", CAPTION_LABEL: PLAY_LABEL,
                                     "loading": "lazy", "decoding": "async", **size(video)})
