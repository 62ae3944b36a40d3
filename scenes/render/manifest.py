"""The render record, typed: what the driver asks a worker for and what it rendered.

The driver writes one manifest per quality profile (``manifest_path``); the
site build (the Markdown plugin), the publish gate, ``pipeline.publish`` and
the tests read it through :class:`Manifest`. Nothing else knows its JSON
layout, the folder scene media are published under, or the names of the files
in a cache entry: they are defined here once.

A finished render (one cache entry) holds, for scene ``S``:

- ``S.master.mp4``: the video, lossless (absent for a still); pages get renditions
  of it, encoded apart (``rendition_files``);
- ``S.png``: the still, lossless (the last frame, or the ``poster_at`` frame);
- ``S.jpg`` and ``S.webp``: the still for pages (a video's poster is ``S.jpg``);
- ``S-480w.jpg``, ``S-480w.webp`` (and ``-960w``): narrower copies for small
  screens, each width of ``STILL_WIDTHS`` below the render's own;
- ``S-1200x630.jpg``: the still cut to a link-preview card (Open Graph, Twitter).

Every scene renders once per theme (``scenes.drawing.themes``): a page names
the default theme's file, ``images/manim/S.mp4``, and finds each other theme's
beside it, ``images/manim/light/S.mp4`` (``themed_site_path``). A video's
renditions are named beside it (``S.av1.mp4``, ``S-1280w.mp4``: ``rendition_files``).

Pure Python (no Manim, no Pillow): reading a manifest costs nothing.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath

from scenes.drawing.themes import DEFAULT_THEME, THEMES

from .file_names import (
    VIDEO_SUFFIX,
    beat_still_name,
    sized_name,
    split_beat,
    split_codec,
    split_size,
)
from .record import BeatRecord, RenderRecord
from .rendition_files import RenditionFile

__all__ = [
    "CARD_SUFFIX", "DEFAULT_CACHE_ROOT", "Manifest", "MissingRender", "RenderJob",
    "RenderedScene", "SCENE_MEDIA_DIR", "SOCIAL_CARD", "SceneSource",
    "STILL_WIDTHS", "VIDEO_SUFFIX", "beat_still_name", "entry_files", "manifest_path",
    "scene_requests", "sized_name", "split_beat", "split_size", "theme_of",
    "themed_site_path",
]

PROJECT_ROOT = Path(__file__).resolve().parents[2]
#: Where renders are kept unless a build says otherwise.
DEFAULT_CACHE_ROOT = PROJECT_ROOT / ".cache" / "scenes"
#: Where a page finds a scene's media: ``images/manim/<Scene or alias>.<suffix>``.
SCENE_MEDIA_DIR = PurePosixPath("images/manim")
#: Narrower copies of a still (and poster) for small screens: a phone downloads a
#: phone-sized picture (``srcset``). Widths at or above a render's own are not made.
STILL_WIDTHS = (480, 960)
#: The link-preview card's size, and the suffix its file stem gets.
SOCIAL_CARD = (1200, 630)
CARD_SUFFIX = f"-{SOCIAL_CARD[0]}x{SOCIAL_CARD[1]}"
_MANIFEST_NAME = "manifest.json"
# The JSON layout's version: a manifest of another layout is read as empty (the
# driver writes a new one; its renders are found again by key in the cache).
# Layout 4: a render's folder is relative to the manifest's own folder; 5: beats;
# 6: a video's renditions.
_LAYOUT = 6  # 6: a video's renditions


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


def themed_site_path(site_path: PurePosixPath, theme: str) -> PurePosixPath:
    """Where a scene media path's render in ``theme`` is published.

    The default theme keeps the path the author wrote (``images/manim/S.mp4``);
    another theme's render sits in a folder of its name (``images/manim/light/S.mp4``).
    """
    if theme == DEFAULT_THEME:
        return site_path
    return site_path.parent / theme / site_path.name


def theme_of(site_path: PurePosixPath) -> str:
    """The theme a published scene media path is in (see ``themed_site_path``)."""
    if site_path.parent.parent == SCENE_MEDIA_DIR and site_path.parent.name in THEMES:
        return site_path.parent.name
    return DEFAULT_THEME


def entry_files(scene: str) -> dict[str, str]:
    """The file names of a cache entry of ``scene``, by role.

    A narrower copy of the poster or the WebP still adds ``-<width>w`` to the
    stem (``sized_name``): ``S-480w.jpg``.
    """
    return {"master": f"{scene}.master{VIDEO_SUFFIX}", "still": f"{scene}.png",
            "poster": f"{scene}.jpg",
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
    poster_at: float | None
    work_dir: Path  # where the worker writes; the driver moves it into the cache
    glyph_cache: Path  # LaTeX and text glyphs shared by every worker
    theme: str = DEFAULT_THEME  # the palette it renders in (scenes.drawing.themes)
    key: str = ""  # the render key the entry is kept under (written into its record)
    #: Every story beat must have a title and a description (``Profile.words_required``).
    words_required: bool = False


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
    theme: str = DEFAULT_THEME
    #: A video's story beats, as its record holds them.
    beats: tuple[BeatRecord, ...] = ()
    #: A video's renditions for pages, in the profile's order (``rendition_files``).
    renditions: tuple[RenditionFile, ...] = ()
    #: The SHA-256 of the master its renditions were encoded from (their keys hold it).
    master_sha256: str = ""

    def file(self, role: str) -> Path:
        """The entry's file for ``role`` (see :func:`entry_files`)."""
        return self.folder / entry_files(self.scene)[role]

    @property
    def master(self) -> Path | None:
        """The lossless video the render made (None for a still); never shown to readers."""
        return self.file("master") if self.kind == "video" else None

    def rendition(self, codec: str, width: int | None = None) -> RenditionFile | None:
        """The rendition in ``codec`` at ``width`` pixels (None: the render's own size)."""
        for rendition in self.renditions:
            if rendition.codec == codec and (
                    rendition.full_size if width is None else
                    not rendition.full_size and rendition.width == width):
                return rendition
        return None

    @property
    def still(self) -> Path:
        return self.file("still")

    @property
    def still_widths(self) -> tuple[int, ...]:
        """The narrower copies of the still this render has (``STILL_WIDTHS`` below its own)."""
        return tuple(width for width in STILL_WIDTHS if width < self.width)

    def media(self, suffix: str, card: bool = False, width: int | None = None,
              beat: int | None = None, codec: str = "h264") -> Path:
        """The file a page's ``<stem><suffix>`` means; MissingRender says why there is none.

        ``width``: the copy that many pixels wide (``S-480w.jpg``, ``S-1280w.mp4``);
        ``beat``: the storyboard still of that beat (1-based), JPEG or WebP; ``codec``:
        a video rendition's (``S.av1.mp4``).
        """
        suffix = suffix.lower()
        if suffix == VIDEO_SUFFIX:
            return self._video(width, codec)
        if beat is not None:
            if not 1 <= beat <= len(self.beats) or suffix not in (".jpg", ".jpeg", ".webp"):
                raise MissingRender(f"is no storyboard still the render made (beats 1 to "
                                    f"{len(self.beats)}; .jpg or .webp)")
            name = self.beats[beat - 1].still.removesuffix(".png")
            name += ".webp" if suffix == ".webp" else ".jpg"
            if width is not None:
                if width not in self.still_widths:
                    raise MissingRender("is no copy the render made")
                name = sized_name(name, width)
            return self.folder / name
        if width is not None:
            if width not in self.still_widths or suffix not in (".jpg", ".jpeg", ".webp"):
                made = ", ".join(f"{w}w" for w in self.still_widths) or "none"
                raise MissingRender(f"is no copy the render made (widths: {made}; "
                                    ".jpg or .webp)")
            role = "webp" if suffix == ".webp" else "poster"
            return self.folder / sized_name(entry_files(self.scene)[role], width)
        if card:
            if suffix not in (".jpg", ".jpeg"):
                raise MissingRender("is not a link-preview card: cards are .jpg")
            return self.file("social_card")
        roles = {".png": "still", ".jpg": "poster", ".jpeg": "poster", ".webp": "webp"}
        if suffix not in roles:
            raise MissingRender("is not a form a scene renders to (.mp4, .jpg, .png or .webp)")
        return self.file(roles[suffix])

    def _video(self, width: int | None, codec: str) -> Path:
        if self.kind != "video":
            raise MissingRender(f"is a video, but scene {self.scene} rendered as a still "
                                "(use .jpg, .png or .webp)")
        rendition = self.rendition(codec, width)
        if rendition is None:
            made = ", ".join(rendition.site_name(self.scene) for rendition in self.renditions)
            raise MissingRender(f"is no rendition the render has (it has: {made or 'none'})")
        return rendition.file

    @classmethod
    def of_record(cls, record: RenderRecord, folder: Path,
                  renditions: tuple[RenditionFile, ...] = ()) -> RenderedScene:
        """The render that the verified entry at ``folder`` holds, and its renditions."""
        video = record.video
        master = record.files.get(entry_files(record.scene)["master"])
        return cls(scene=record.scene, key=record.key, kind=record.kind, width=record.width,
                   height=record.height, folder=folder,
                   duration=video.duration if video else None,
                   frames=video.frames if video else None, theme=record.theme,
                   beats=record.beats, renditions=renditions,
                   master_sha256=master.sha256 if master and video else "")

    def to_json(self, base: Path) -> dict[str, object]:
        """As the manifest holds it: folders relative to ``base`` (the manifest's), so
        a checkout moved or copied with its cache finds its renders."""
        record = asdict(self)
        record["folder"] = Path(os.path.relpath(self.folder, base)).as_posix()
        record["renditions"] = [rendition.to_json(base) for rendition in self.renditions]
        return record


@dataclass(frozen=True)
class SceneSource:
    """Where a scene is defined: its module file (relative to the project) and line."""

    module: str
    line: int


@dataclass(frozen=True)
class Manifest:
    """Every scene of the project, and the renders of one profile, by scene and theme."""

    profile: str
    scenes: Mapping[str, SceneSource] = field(default_factory=dict)
    aliases: Mapping[str, str] = field(default_factory=dict)
    #: scene -> theme -> its render
    renders: Mapping[str, Mapping[str, RenderedScene]] = field(default_factory=dict)

    def scene_for(self, stem: str) -> str | None:
        """The scene a file stem names (its class name or an alias), if any."""
        if stem in self.scenes or stem in self.renders:
            return stem
        return self.aliases.get(stem)

    def render(self, scene: str, theme: str = DEFAULT_THEME) -> RenderedScene | None:
        """``scene``'s render in ``theme``, if this profile has one."""
        return self.renders.get(scene, {}).get(theme)

    def themes_of(self, scene: str) -> tuple[str, ...]:
        """The themes ``scene`` has renders in, in ``THEMES`` order."""
        return tuple(theme for theme in THEMES if theme in self.renders.get(scene, {}))

    def all_renders(self) -> list[RenderedScene]:
        """Every render, by scene then theme."""
        return [self.renders[scene][theme] for scene in sorted(self.renders)
                for theme in self.themes_of(scene)]

    def source_for(self, site_path: str | PurePosixPath) -> Path:
        """The cache file a scene media path of a page must be.

        ``images/manim/S.mp4`` is the video (H.264), ``S.av1.mp4`` and
        ``S-1280w.mp4`` its other renditions, ``S.jpg`` the poster,
        ``S-1200x630.jpg`` the card, ``alias.webp`` the aliased scene's still;
        ``images/manim/light/S.mp4`` the same in the light theme. Raises
        MissingRender (its message fit for an author) otherwise.
        """
        render, path, card, width, beat, codec = self._locate(PurePosixPath(site_path))
        return render.media(path.suffix, card, width, beat, codec)

    def render_for(self, site_path: str | PurePosixPath) -> RenderedScene:
        """The render a scene media path is a file of (MissingRender when there is none)."""
        return self._locate(PurePosixPath(site_path))[0]

    def rendition_for(self, site_path: str | PurePosixPath) -> RenditionFile | None:
        """The rendition a scene video path of a site is (None: it names none)."""
        path = PurePosixPath(site_path)
        if path.suffix.lower() != VIDEO_SUFFIX:
            return None
        try:
            render, _, _, width, _, codec = self._locate(path)
        except MissingRender:
            return None
        return render.rendition(codec, width)

    def _locate(self, path: PurePosixPath) -> tuple[RenderedScene, PurePosixPath, bool,
                                                    int | None, int | None, str]:
        """The render a scene media path names, and what of it: (render, path, card,
        width, beat, codec); MissingRender when the manifest has no such render."""
        theme = theme_of(path)
        stem, card = path.stem, path.stem.endswith(CARD_SUFFIX)
        codec = "h264"
        if path.suffix.lower() == VIDEO_SUFFIX:
            stem, codec = split_codec(stem)
        if card:
            stem = stem.removesuffix(CARD_SUFFIX)
        width = beat = None
        if self.scene_for(stem) is None:
            stem, width = split_size(stem)
        if self.scene_for(stem) is None:
            stem, beat = split_beat(stem)
        scene = self.scene_for(stem)
        render = self.render(scene, theme) if scene else None
        if render is None:
            in_theme = "" if theme == DEFAULT_THEME else f" in the {theme} theme"
            raise MissingRender(f"has no render in the manifest at the '{self.profile}' "
                                f"profile{in_theme}")
        return render, path, card, width, beat, codec

    def to_json(self, base: Path) -> dict[str, object]:
        """The manifest as JSON, render folders relative to ``base`` (where it is kept)."""
        return {
            "layout": _LAYOUT,
            "profile": self.profile,
            "scenes": {name: asdict(source) for name, source in sorted(self.scenes.items())},
            "aliases": dict(sorted(self.aliases.items())),
            "renders": {scene: {theme: self.renders[scene][theme].to_json(base)
                                for theme in self.themes_of(scene)}
                        for scene in sorted(self.renders)},
        }

    @classmethod
    def from_json(cls, data: Mapping[str, object], base: Path) -> Manifest:
        """The manifest ``data`` holds, its render folders relative to ``base``."""
        if data.get("layout") != _LAYOUT:
            return cls(str(data.get("profile", "")))
        scenes = {name: SceneSource(**value)
                  for name, value in dict(data.get("scenes", {})).items()}
        renders: dict[str, dict[str, RenderedScene]] = {}
        for scene, by_theme in dict(data.get("renders", {})).items():
            for theme, value in dict(by_theme).items():
                record = dict(value)
                record["folder"] = Path(os.path.normpath(base / record["folder"]))
                record["beats"] = tuple(BeatRecord(**beat) for beat in record.get("beats", ()))
                record["renditions"] = tuple(RenditionFile.from_json(rendition, base)
                                             for rendition in record.get("renditions", ()))
                renders.setdefault(scene, {})[theme] = RenderedScene(**record)
        return cls(str(data.get("profile", "")), scenes, dict(data.get("aliases", {})), renders)

    @classmethod
    def read(cls, path: Path) -> Manifest:
        """The manifest at ``path``; an empty one (profile unknown) when there is none."""
        if not path.is_file():
            return cls("")
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls.from_json(data, path.absolute().parent)

    def write(self, path: Path) -> Path:
        """Write atomically; an unchanged manifest leaves the file (and its time) alone."""
        text = json.dumps(self.to_json(path.absolute().parent), indent=1, sort_keys=True,
                          ensure_ascii=False)
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            return path
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".manifest-{os.getpid()}.json")
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, path)
        return path
