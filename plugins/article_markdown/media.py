"""Where a directive's path points: a file under ``content/`` or a rendered scene.

A path (already made relative to the content folder by ``format``) is looked
up in this order:

1. a file that exists under the content folder is used as it is;
2. a path under the scene media folder (``images/manim/``) whose file stem
   names a Manim scene (or one of its ``article_aliases``) means that scene's
   rendered output, as the render manifest lists it: its video for ``.mp4`` (the
   H.264 rendition at the render's size, with every other rendition the profile
   made: ``renditions``), its still for ``.jpg``, ``.png`` or ``.webp``;
3. anything else is an error the author sees with file and line.

The scene renderer runs before Pelican and records what it rendered in a
manifest (``scenes.render.manifest``); this module only reads it, so a build
that changes nothing never imports Manim.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import hashlib
import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from PIL import Image

from scenes.render.manifest import (
    CARD_SUFFIX,
    SCENE_MEDIA_DIR,
    SOCIAL_CARD,
    Manifest,
    MissingRender,
    RenderedScene,
    sized_name,
    split_beat,
    theme_of,
    themed_site_path,
)
from scenes.render.stills import social_card

from .directives.words import TimedBeat
from .errors import SourceError
from .format import IMAGE_SUFFIXES

__all__ = ["Media", "MediaResolver", "VideoRendition"]


@dataclass(frozen=True)
class Media:
    """One file the page refers to.

    ``site_path`` is where it lives in the output (and the key Pelican's
    ``{static}`` links look up); ``source`` is the file to copy there.
    """

    site_path: str
    source: Path
    width: int | None
    height: int | None
    scene: str | None = None
    #: The same picture or video drawn in the other themes (a scene's renders), by theme.
    themed: tuple[tuple[str, Media], ...] = ()
    #: A scene still's files for ``srcset``, narrowest first: (MIME type, width, file).
    candidates: tuple[tuple[str, int, Media], ...] = ()
    #: A scene video's beats (their times, words and stills), as its render recorded them.
    beats: tuple[TimedBeat, ...] = ()
    #: A scene video's renditions (this one among them), in the profile's order.
    renditions: tuple[VideoRendition, ...] = ()

    def srcset(self, mime: str) -> str:
        """The ``srcset`` of this still's candidates of one type ("" when it has none)."""
        return ", ".join(f"{media.link} {width}w" for kind, width, media in self.candidates
                         if kind == mime)

    @property
    def link(self) -> str:
        """The href Pelican rewrites into a URL relative to the page."""
        return "{static}/" + self.site_path

    def in_theme(self, theme: str) -> Media:
        """This media in ``theme`` alone (no other theme offered to the reader).

        A draft rendered in fewer themes falls back to the default theme's.
        """
        chosen = dict(self.themed).get(theme, self)
        beats = tuple(dataclasses.replace(beat, still=beat.still.in_theme(theme))
                      if beat.still is not None else beat for beat in chosen.beats)
        return dataclasses.replace(chosen, themed=(), beats=beats)


@dataclass(frozen=True)
class VideoRendition:
    """One encoding of a scene video that a page offers: its file (``media``), its
    ``<source type>`` (codec string included), its name in the profile (``av1-1280w``)
    and whether it has the render's own size (else it is for small screens)."""

    media: Media
    mime_type: str
    name: str
    full_size: bool


class MediaResolver:
    """Resolve directive paths against a content folder and a render manifest."""

    def __init__(self, content_dir: Path, manifest_path: Path | None) -> None:
        self.content_dir = content_dir.resolve()
        self.manifest = Manifest.read(manifest_path) if manifest_path else Manifest("")
        # Media that live outside content/ (scene renders, notebook outputs) that the
        # articles asked for, by site path: the plugin adds these to the site.
        self.external_media: dict[str, Media] = {}
        # Files made for the site (a notebook's output pictures), by content path.
        self.generated: dict[PurePosixPath, Path] = {}

    def resolve(self, relative: PurePosixPath, written: str, line: int) -> Media:
        """The media at ``relative`` (as the author ``written`` it), or SourceError."""
        on_disk = self.content_dir / relative
        if on_disk.is_file():
            width, height = _dimensions(on_disk)
            return Media(relative.as_posix(), on_disk, width, height)
        if relative in self.generated:
            made = self.generated[relative]
            media = Media(relative.as_posix(), made, *_dimensions(made))
            self.external_media[media.site_path] = media
            return media
        if relative.parent == SCENE_MEDIA_DIR:
            return self._scene_output(relative, written, line)
        raise SourceError(line, f"no such file: {written} (looked for content/{relative})")

    def _scene_output(self, relative: PurePosixPath, written: str, line: int) -> Media:
        manifest = self.manifest
        stem = relative.stem.removesuffix(CARD_SUFFIX)
        if manifest.scene_for(stem) is None:  # a storyboard still: S-beat-03.jpg
            stem = split_beat(stem)[0]
        scene = manifest.scene_for(stem)
        if scene is None:
            match = difflib.get_close_matches(stem, [*manifest.scenes, *manifest.aliases], n=1)
            hint = f" (did you mean {match[0]}?)" if match else ""
            raise SourceError(line, f"{written}: no file of that name, and '{stem}' names no "
                                    f"Manim scene in scenes/{hint}")
        render = manifest.render(scene)
        if render is None:
            raise SourceError(line, f"{written}: scene {scene} has not been rendered at the "
                                    f"'{manifest.profile}' profile (run `make scenes`)")
        try:
            source = manifest.source_for(relative)
        except MissingRender as missing:
            raise SourceError(line, f"{written} {missing}") from None
        card = relative.stem.endswith(CARD_SUFFIX)
        size = SOCIAL_CARD if card else (render.width, render.height)
        themed = []
        # A link-preview card is read by other sites, which have no theme.
        for theme in () if card else manifest.themes_of(scene):
            site_path = themed_site_path(relative, theme)
            if site_path != relative:
                themed.append((theme, self._with_candidates(Media(
                    site_path.as_posix(), manifest.source_for(site_path), *size, scene))))
        media = Media(relative.as_posix(), source, *size, scene, tuple(themed))
        if not card:
            media = self._with_candidates(media)
        if relative.suffix.lower() == ".mp4":
            media = self._with_renditions(media, render)
            themed = [(theme, self._with_renditions(other, manifest.render(scene, theme)))
                      for theme, other in themed]
            media = dataclasses.replace(media, themed=tuple(themed))
        if relative.suffix.lower() == ".mp4" and render.beats:
            media = dataclasses.replace(media, beats=self._beats(relative, render))
        for each in (media, *(other for _, other in themed)):
            self.external_media[each.site_path] = each
        return media

    def _beats(self, video: PurePosixPath, render: RenderedScene) -> tuple[TimedBeat, ...]:
        """A scene video's beats as the page shows them, each with its storyboard still
        (every theme, every width). Words a draft lacks stand in as the beat's caption
        or name; a publish render has them all."""
        beats = []
        for index, beat in enumerate(render.beats, start=1):
            still = video.with_name(f"{video.stem}-beat-{index:02d}.jpg")
            beats.append(TimedBeat(
                beat.start, beat.end, beat.title or beat.caption or beat.key,
                beat.description or "",
                self._scene_output(still, still.as_posix(), 0), beat.source, beat.line))
        return tuple(beats)

    def _with_renditions(self, video: Media, render: RenderedScene | None) -> Media:
        """A scene video with every rendition its render has, each a file of the site
        named beside the video's own path (``S.av1.mp4``, ``S-1280w.mp4``)."""
        renditions = []
        path = PurePosixPath(video.site_path)
        for rendition in render.renditions if render else ():
            site_path = path.with_name(rendition.site_name(path.stem))
            media = Media(site_path.as_posix(), rendition.file, rendition.width,
                          rendition.height, video.scene)
            renditions.append(VideoRendition(media, rendition.mime_type, rendition.name,
                                             rendition.full_size))
            self.external_media[media.site_path] = media
        return dataclasses.replace(video, renditions=tuple(renditions))

    def _with_candidates(self, media: Media) -> Media:
        """A scene still asked for as JPEG or WebP, with its copies for ``srcset``.

        WebP first (smaller), then JPEG for the browsers that lack it; each in
        every width the render made, and its own.
        """
        path = PurePosixPath(media.site_path)
        if path.suffix.lower() not in (".jpg", ".jpeg", ".webp") or media.width is None:
            return media
        render = self.manifest.render(media.scene or "", theme_of(path))
        candidates = []
        for mime, suffix in (("image/webp", ".webp"), ("image/jpeg", ".jpg")):
            full = path.with_suffix(suffix)
            for width in (*(render.still_widths if render else ()), media.width):
                site_path = full if width == media.width else full.with_name(
                    sized_name(full.name, width))
                copy = Media(site_path.as_posix(), self.manifest.source_for(site_path),
                             width, round(media.height * width / media.width), media.scene)
                candidates.append((mime, width, copy))
                self.external_media[copy.site_path] = copy
        return dataclasses.replace(media, candidates=tuple(candidates))

    def add_generated(self, files: dict[PurePosixPath, bytes], folder: Path) -> None:
        """Offer ``files`` (content path -> bytes) as media, stored once each in ``folder``."""
        folder.mkdir(parents=True, exist_ok=True)
        for relative, data in files.items():
            target = folder / f"{hashlib.sha256(data).hexdigest()[:24]}{relative.suffix}"
            if not target.is_file():
                partial = target.with_name(f".{target.name}.{os.getpid()}")
                partial.write_bytes(data)
                os.replace(partial, target)
            self.generated[relative] = target

    def poster_for(self, video: Media) -> Media | None:
        """The still beside a scene video (``X.mp4`` -> ``X.jpg``), if it is a scene."""
        if video.scene is None:
            return None
        still = PurePosixPath(video.site_path).with_suffix(".jpg")
        return self._scene_output(still, still.as_posix(), 0)

    def social_card(self, still: Media) -> Media:
        """A 1200x630 copy of a still for link previews (Open Graph, Twitter cards)."""
        site_path = PurePosixPath(still.site_path)
        card_path = site_path.with_name(f"{site_path.stem}{CARD_SUFFIX}.jpg")
        if still.scene is not None:
            return self._scene_output(card_path, card_path.as_posix(), 0)
        # A picture of content/: the card is cut beside it, once per version.
        target = still.source.with_name(f"{still.source.stem}{CARD_SUFFIX}.jpg")
        if not target.exists() or target.stat().st_mtime < still.source.stat().st_mtime:
            social_card(still.source, target)
        return Media(card_path.as_posix(), target, *SOCIAL_CARD)


def _dimensions(path: Path) -> tuple[int | None, int | None]:
    """Width and height of an image (Pillow) or a video (ffprobe)."""
    stat = path.stat()
    return _probe_dimensions(path, stat.st_mtime_ns, stat.st_size)


@functools.cache
def _probe_dimensions(path: Path, mtime_ns: int, size: int) -> tuple[int | None, int | None]:
    """Cached per file version: a rebuild in one process re-probes only changed files."""
    del mtime_ns, size  # part of the cache key only
    suffix = path.suffix.lower()
    if suffix in IMAGE_SUFFIXES - {".svg"}:
        with Image.open(path) as image:
            return image.size
    if suffix in {".mp4", ".webm", ".m4v", ".mov"}:
        probe = subprocess.run(
            ["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
             "stream=width,height", "-of", "json", str(path)],
            capture_output=True, text=True, check=False,
        )
        streams = json.loads(probe.stdout or "{}").get("streams") or [{}]
        return streams[0].get("width"), streams[0].get("height")
    return None, None
