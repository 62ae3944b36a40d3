"""Where a directive's path points: a file under ``content/`` or a rendered scene.

A path is looked up in this order:

1. a file that exists under the content folder is used as it is;
2. a path under ``images/manim/`` whose file stem names a Manim scene (or one of
   its ``article_aliases``) means that scene's rendered output: its video for
   ``.mp4``, its still (last frame, or the scene's ``poster_at`` frame) for
   ``.jpg``, ``.png`` or ``.webp``;
3. anything else is an error the author sees with file and line.

The scene renderer runs before Pelican and records what it rendered in a
manifest (see ``scenes.render``); this module only reads that manifest, so a
build that changes nothing never imports Manim.
"""

from __future__ import annotations

import functools
import json
import subprocess
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from PIL import Image

from .errors import SourceError

__all__ = ["Media", "MediaResolver", "IMAGE_SUFFIXES", "SCENE_MEDIA_DIR"]

IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp", ".gif", ".svg"})
STILL_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp"})
SCENE_MEDIA_DIR = PurePosixPath("images/manim")


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

    @property
    def link(self) -> str:
        """The href Pelican rewrites into a URL relative to the page."""
        return "{static}/" + self.site_path


class MediaResolver:
    """Resolve directive paths against a content folder and a render manifest."""

    def __init__(self, content_dir: Path, manifest_path: Path | None) -> None:
        self.content_dir = content_dir.resolve()
        self.manifest = _load_manifest(manifest_path)
        self.manifest_path = manifest_path
        # Every scene file the articles asked for: the plugin copies these.
        self.scene_media: dict[str, Media] = {}

    def resolve(self, written: str, base: str, line: int) -> Media:
        """Resolve ``written`` (relative to ``content/<base>``) or raise SourceError."""
        relative = _safe_relative(written, base, line)
        on_disk = self.content_dir / relative
        if on_disk.is_file():
            width, height = _dimensions(on_disk)
            return Media(relative.as_posix(), on_disk, width, height)
        if relative.parent == SCENE_MEDIA_DIR:
            return self._scene_output(relative, written, line)
        raise SourceError(line, f"no such file: {written} (looked for content/{relative})")

    def _scene_output(self, relative: PurePosixPath, written: str, line: int) -> Media:
        scenes = self.manifest.get("scenes", {})
        stem = relative.stem
        scene = stem if stem in scenes else self.manifest.get("aliases", {}).get(stem)
        if scene is None:
            hint = _closest(stem, list(scenes) + list(self.manifest.get("aliases", {})))
            raise SourceError(
                line,
                f"{written}: no file of that name, and '{stem}' names no Manim scene in "
                f"scenes/{hint}",
            )
        render = self.manifest.get("renders", {}).get(scene)
        if render is None:
            raise SourceError(
                line,
                f"{written}: scene {scene} has not been rendered at the "
                f"'{self.manifest.get('profile')}' profile (run `make scenes`)",
            )
        suffix = relative.suffix.lower()
        if suffix == ".mp4":
            if not render.get("video"):
                raise SourceError(line, f"{written}: scene {scene} is a still; use .jpg/.png/.webp")
            media = Media(relative.as_posix(), Path(render["video"]), render["width"],
                          render["height"], scene)
        elif suffix in STILL_SUFFIXES:
            still = _converted_still(Path(render["still"]), suffix)
            media = Media(relative.as_posix(), still, render["width"], render["height"], scene)
        else:
            raise SourceError(line, f"{written}: a scene renders to .mp4, .jpg, .png or .webp")
        self.scene_media[media.site_path] = media
        return media

    def poster_for(self, video: Media) -> Media | None:
        """The still beside a scene video (``X.mp4`` -> ``X.jpg``), if it is a scene."""
        if video.scene is None:
            return None
        still = PurePosixPath(video.site_path).with_suffix(".jpg")
        return self._scene_output(still, still.as_posix(), 0)


    def social_card(self, still: Media) -> Media:
        """A 1200x630 copy of a still for link previews (Open Graph, Twitter cards)."""
        site_path = PurePosixPath(still.site_path)
        card_path = site_path.with_name(f"{site_path.stem}-{SOCIAL_CARD[0]}x{SOCIAL_CARD[1]}.jpg")
        card = Media(card_path.as_posix(), _cropped_card(still.source), *SOCIAL_CARD,
                     still.scene)
        if still.scene is not None:
            self.scene_media[card.site_path] = card
        return card


SOCIAL_CARD = (1200, 630)


def _cropped_card(source: Path) -> Path:
    """Centre-crop to the card's shape and scale down, cached beside the source."""
    target = source.with_name(f"{source.stem}-{SOCIAL_CARD[0]}x{SOCIAL_CARD[1]}.jpg")
    if target.exists() and target.stat().st_mtime >= source.stat().st_mtime:
        return target
    with Image.open(source) as image:
        width, height = image.size
        ratio = SOCIAL_CARD[0] / SOCIAL_CARD[1]
        crop_w, crop_h = min(width, round(height * ratio)), min(height, round(width / ratio))
        left, top = (width - crop_w) // 2, (height - crop_h) // 2
        card = image.convert("RGB").crop((left, top, left + crop_w, top + crop_h))
        card = card.resize(SOCIAL_CARD, Image.Resampling.LANCZOS)
        partial = target.with_name(target.name + ".partial")
        card.save(partial, format="JPEG", quality=88)
    partial.replace(target)
    return target


def _safe_relative(written: str, base: str, line: int) -> PurePosixPath:
    """``written`` made relative to the content folder, refusing anything outside it."""
    path = PurePosixPath(written)
    if path.is_absolute() or written.startswith(("\\", "~")) or ":" in path.parts[0]:
        raise SourceError(line, f"path must be relative to content/: {written}")
    parts: list[str] = list(PurePosixPath(base).parts) if base else []
    for part in path.parts:
        if part == "..":
            raise SourceError(line, f"path escapes the content folder: {written}")
        if part != ".":
            parts.append(part)
    return PurePosixPath(*parts)


def _load_manifest(path: Path | None) -> dict:
    if path is None or not path.is_file():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def _closest(name: str, candidates: list[str]) -> str:
    import difflib

    match = difflib.get_close_matches(name, candidates, n=1)
    return f" (did you mean {match[0]}?)" if match else ""


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


def _converted_still(png: Path, suffix: str) -> Path:
    """The scene's lossless still in the format the article asked for, cached beside it."""
    if suffix == ".png":
        return png
    target = png.with_suffix(".jpg" if suffix == ".jpeg" else suffix)
    if not target.exists() or target.stat().st_mtime < png.stat().st_mtime:
        partial = target.with_name(target.name + ".partial")
        with Image.open(png) as image:
            image.convert("RGB").save(partial, format="JPEG" if target.suffix == ".jpg" else "WEBP",
                                      quality=88)
        partial.replace(target)
    return target
