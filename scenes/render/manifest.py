"""The render record, typed: what the driver asks a worker for and what it rendered.

The driver writes one manifest per quality profile (``manifest_path``); the
site build (the Markdown plugin), the publish gate, ``pipeline.publish`` and
the tests read it through :class:`Manifest`. Nothing else knows its JSON
layout, the folder scene media are published under, or the names of the files
in a cache entry: they are defined here once.

A finished render (one cache entry) holds, for scene ``S``:

- ``S.mp4``: the video (absent for a still);
- ``S.png``: the still, lossless (the last frame, or the ``poster_at`` frame);
- ``S.jpg`` and ``S.webp``: the still for pages (a video's poster is ``S.jpg``);
- ``S-1200x630.jpg``: the still cut to a link-preview card (Open Graph, Twitter).

Pure Python (no Manim, no Pillow): reading a manifest costs nothing.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath

__all__ = [
    "CARD_SUFFIX", "DEFAULT_CACHE_ROOT", "Manifest", "MissingRender", "RenderJob",
    "RenderedScene", "SCENE_MEDIA_DIR", "SOCIAL_CARD", "STILL_SUFFIXES", "SceneSource",
    "VIDEO_SUFFIX", "entry_files", "manifest_path", "scene_requests",
]

PROJECT_ROOT = Path(__file__).resolve().parents[2]
#: Where renders are kept unless a build says otherwise.
DEFAULT_CACHE_ROOT = PROJECT_ROOT / ".cache" / "scenes"
#: Where a page finds a scene's media: ``images/manim/<Scene or alias>.<suffix>``.
SCENE_MEDIA_DIR = PurePosixPath("images/manim")
VIDEO_SUFFIX = ".mp4"
#: The forms a still is published in, by the suffix a page asks for.
STILL_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")
#: The link-preview card's size, and the suffix its file stem gets.
SOCIAL_CARD = (1200, 630)
CARD_SUFFIX = f"-{SOCIAL_CARD[0]}x{SOCIAL_CARD[1]}"
_MANIFEST_NAME = "manifest.json"
# The JSON layout's version: a manifest of another layout is read as empty (the
# driver writes a new one; its renders are found again by key in the cache).
_LAYOUT = 2


def manifest_path(profile: str, cache_root: Path | None = None) -> Path:
    """The manifest of ``profile``'s renders under ``cache_root`` (default: the project's)."""
    return (cache_root or DEFAULT_CACHE_ROOT) / profile / _MANIFEST_NAME


def scene_requests(paths: Iterable[PurePosixPath], content: Path) -> list[str]:
    """The scene media file names among ``paths`` (relative to ``content``) to render.

    A path under the scene media folder is a request for a scene's render
    unless the content folder holds a file of that name itself.
    """
    return sorted({path.name for path in paths
                   if path.parent == SCENE_MEDIA_DIR and not (content / path).is_file()})


def entry_files(scene: str) -> dict[str, str]:
    """The file names of a cache entry of ``scene``, by role."""
    return {"video": f"{scene}{VIDEO_SUFFIX}", "still": f"{scene}.png", "poster": f"{scene}.jpg",
            "webp": f"{scene}.webp", "social_card": f"{scene}{CARD_SUFFIX}.jpg"}


@dataclass(frozen=True)
class RenderJob:
    """One scene for a worker to render: what, how big, and where to put it."""

    scene: str
    module: str  # dotted, e.g. "scenes.linear_layer"
    kind: str  # "video" or "still"
    root: Path  # the folder holding the scenes package (put on sys.path)
    scenes_dir: Path  # the scenes package: failures are reported inside it
    width: int
    height: int
    fps: int
    encoder_preset: str
    poster_at: float | None
    work_dir: Path  # where the worker writes; the driver moves it into the cache
    glyph_cache: Path  # LaTeX and text glyphs shared by every worker


class MissingRender(LookupError):
    """A scene media path the manifest cannot serve; the message (a predicate of the path,
    "is …" or "has …") says why."""


@dataclass(frozen=True)
class RenderedScene:
    """One finished render in the cache: its key, size and files."""

    scene: str
    key: str
    kind: str  # "video", or "still" for a scene with no animation
    width: int
    height: int
    folder: Path  # the cache entry
    duration: float | None = None
    frames: int | None = None

    def file(self, role: str) -> Path:
        """The entry's file for ``role`` (see :func:`entry_files`)."""
        return self.folder / entry_files(self.scene)[role]

    @property
    def video(self) -> Path | None:
        return self.file("video") if self.kind == "video" else None

    @property
    def still(self) -> Path:
        return self.file("still")

    def media(self, suffix: str, card: bool = False) -> Path:
        """The file a page's ``<stem><suffix>`` means; MissingRender says why there is none."""
        suffix = suffix.lower()
        if card:
            if suffix not in (".jpg", ".jpeg"):
                raise MissingRender("is not a link-preview card: cards are .jpg")
            return self.file("social_card")
        if suffix == VIDEO_SUFFIX:
            if self.video is None:
                raise MissingRender(f"is a video, but scene {self.scene} rendered as a still "
                                    "(use .jpg, .png or .webp)")
            return self.video
        roles = {".png": "still", ".jpg": "poster", ".jpeg": "poster", ".webp": "webp"}
        if suffix not in roles:
            raise MissingRender("is not a form a scene renders to (.mp4, .jpg, .png or .webp)")
        return self.file(roles[suffix])

    def to_json(self) -> dict[str, object]:
        record = asdict(self)
        record["folder"] = str(self.folder)
        return record


@dataclass(frozen=True)
class SceneSource:
    """Where a scene is defined: its module file (relative to the project) and line."""

    module: str
    line: int


@dataclass(frozen=True)
class Manifest:
    """Every scene of the project, and the renders of one profile."""

    profile: str
    scenes: Mapping[str, SceneSource] = field(default_factory=dict)
    aliases: Mapping[str, str] = field(default_factory=dict)
    renders: Mapping[str, RenderedScene] = field(default_factory=dict)

    def scene_for(self, stem: str) -> str | None:
        """The scene a file stem names (its class name or an alias), if any."""
        if stem in self.scenes or stem in self.renders:
            return stem
        return self.aliases.get(stem)

    def render_for(self, stem: str) -> RenderedScene | None:
        scene = self.scene_for(stem)
        return self.renders.get(scene) if scene else None

    def source_for(self, site_path: str | PurePosixPath) -> Path:
        """The cache file a scene media path of a page must be.

        ``images/manim/S.mp4`` is the video, ``S.jpg`` the poster,
        ``S-1200x630.jpg`` the card, ``alias.webp`` the aliased scene's still.
        Raises MissingRender (its message fit for an author) otherwise.
        """
        path = PurePosixPath(site_path)
        stem, card = path.stem, path.stem.endswith(CARD_SUFFIX)
        if card:
            stem = stem.removesuffix(CARD_SUFFIX)
        scene = self.scene_for(stem)
        render = self.renders.get(scene) if scene else None
        if render is None:
            raise MissingRender(f"has no render in the manifest at the '{self.profile}' profile")
        return render.media(path.suffix, card)

    def to_json(self) -> dict[str, object]:
        return {
            "layout": _LAYOUT,
            "profile": self.profile,
            "scenes": {name: asdict(source) for name, source in sorted(self.scenes.items())},
            "aliases": dict(sorted(self.aliases.items())),
            "renders": {name: render.to_json() for name, render in sorted(self.renders.items())},
        }

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> Manifest:
        if data.get("layout") != _LAYOUT:
            return cls(str(data.get("profile", "")))
        scenes = {name: SceneSource(**value)
                  for name, value in dict(data.get("scenes", {})).items()}
        renders = {}
        for name, value in dict(data.get("renders", {})).items():
            record = dict(value)
            record["folder"] = Path(record["folder"])
            renders[name] = RenderedScene(**record)
        return cls(str(data.get("profile", "")), scenes, dict(data.get("aliases", {})), renders)

    @classmethod
    def read(cls, path: Path) -> Manifest:
        """The manifest at ``path``; an empty one (profile unknown) when there is none."""
        if not path.is_file():
            return cls("")
        return cls.from_json(json.loads(path.read_text(encoding="utf-8")))

    def write(self, path: Path) -> Path:
        """Write atomically; an unchanged manifest leaves the file (and its time) alone."""
        text = json.dumps(self.to_json(), indent=1, sort_keys=True, ensure_ascii=False)
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            return path
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".manifest-{os.getpid()}.json")
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, path)
        return path
