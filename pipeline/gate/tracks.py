"""Tracks: every video's words ship whole, and every scene's video has them.

A scene's video carries two WebVTT tracks made from the beats its render recorded
(``kind="chapters"`` and ``kind="descriptions"``, see the ``!mp4`` directive).
Readers who cannot watch it get their words from them (and from the transcript
beside them); a video without them, or a track a player cannot read, must not go
out. This check refuses:

- a ``.vtt`` file of the site that a WebVTT parser (``webvtt-py``) cannot read, or
  whose cues are empty, out of order or overlapping;
- a scene's video (one of ``images/manim/``) without both tracks;
- a track whose cues run past the video's end by more than one frame, or do not
  reach it (the beats tile the video), as the render manifest records its length.

Each problem is ``path:line: reason`` (the page and the ``<video>``'s line), or
``path: reason`` for a track file itself.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath

import webvtt

from pipeline.gate.checked_site import CheckedSite
from scenes.drawing.themes import THEMES
from scenes.render.manifest import SCENE_MEDIA_DIR, Manifest, split_size, theme_of

__all__ = ["REQUIRED_KINDS", "check_tracks", "track_problem"]

#: What every scene's video must carry.
REQUIRED_KINDS = ("chapters", "descriptions")


def check_tracks(site: CheckedSite, manifest: Path | None) -> None:
    """Report every track file that does not read, and every scene video without its words."""
    cues_of: dict[str, list[tuple[float, float]]] = {}
    for path in site.files(".vtt"):
        relative = site.relative(path)
        problem, cues = track_problem(path)
        if problem is not None:
            site.report(relative, 0, problem)
        cues_of[relative] = cues
    renders = Manifest.read(manifest) if manifest is not None and manifest.is_file() else None
    for page in site.files(".html"):
        text = page.read_text(encoding="utf-8", errors="replace")
        if "<video" not in text:
            continue
        relative = site.relative(page)
        for video in _videos(text):
            _check_video(site, relative, video, cues_of, renders)


def track_problem(path: Path) -> tuple[str | None, list[tuple[float, float]]]:
    """Why the WebVTT file at ``path`` must not ship (None if it reads), and its cues' spans."""
    try:
        captions = webvtt.from_buffer(io.StringIO(path.read_text(encoding="utf-8")))
    except (UnicodeDecodeError, OSError) as error:
        return f"is no readable WebVTT file ({error})", []
    except webvtt.errors.MalformedFileError as error:
        return f"is no valid WebVTT: {error}", []
    # Milliseconds kept: webvtt-py's *_in_seconds drop them.
    spans = [(cue.start_time.in_milliseconds() / 1000, cue.end_time.in_milliseconds() / 1000)
             for cue in captions]
    if not spans:
        return "has no cue", spans
    for number, (cue, (start, end)) in enumerate(zip(captions, spans, strict=True), start=1):
        if not cue.text.strip():
            return f"cue {number} has no text", spans
        if end <= start:
            return f"cue {number} ends before it starts", spans
        if number > 1 and start < spans[number - 2][1] - 1e-6:
            return f"cue {number} starts before cue {number - 1} ends", spans
    return None, spans


@dataclass
class _Video:
    line: int
    sources: list[str] = field(default_factory=list)
    tracks: dict[str, str] = field(default_factory=dict)  # kind -> src


class _Videos(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.videos: list[_Video] = []
        self._open: _Video | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "video":
            self._open = _Video(self.getpos()[0])
            self.videos.append(self._open)
            if values.get("src"):
                self._open.sources.append(str(values["src"]))
        elif tag == "source" and self._open is not None and values.get("src"):
            self._open.sources.append(str(values["src"]))
        elif tag == "track" and self._open is not None and values.get("src"):
            self._open.tracks[str(values.get("kind") or "subtitles")] = str(values["src"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "video":
            self._open = None


def _videos(html: str) -> list[_Video]:
    parser = _Videos()
    parser.feed(html)
    parser.close()
    return parser.videos


def _check_video(site: CheckedSite, page: str, video: _Video,
                 cues_of: dict[str, list[tuple[float, float]]], renders: Manifest | None) -> None:
    scene_sources = [resolved.path for source in video.sources
                     if (resolved := site.resolve(source, site.url_of(page))) is not None
                     and resolved.path and PurePosixPath(resolved.path).parent in
                     (SCENE_MEDIA_DIR, *(SCENE_MEDIA_DIR / theme for theme in THEMES))]
    if not scene_sources:
        return  # a video of content/ has no beats to tell
    for kind in REQUIRED_KINDS:
        if kind not in video.tracks:
            site.report(page, video.line, f"the video of {scene_sources[0]} has no {kind} "
                                          "track: its scene records no beats")
    if renders is None:
        return
    path = PurePosixPath(scene_sources[-1])  # the default theme's (listed last)
    scene = renders.scene_for(split_size(path.stem)[0])
    render = renders.render(scene, theme_of(path)) if scene else None
    if render is None or not render.duration or not render.frames:
        return
    frame = render.duration / render.frames
    for kind, src in sorted(video.tracks.items()):
        resolved = site.resolve(src, site.url_of(page))
        spans = cues_of.get(resolved.path or "", []) if resolved is not None else []
        if spans and abs(spans[-1][1] - render.duration) > frame + 1e-6:
            site.report(page, video.line, f"its {kind} track ends at {spans[-1][1]:.3f} s, "
                                          f"the video at {render.duration:.3f} s")
