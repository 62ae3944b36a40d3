"""Media: every video, poster and image of the site is the current version of its source.

A media file the site publishes comes from one of two places:

- a scene's render (under ``images/manim/``, unless ``content/`` holds a file of
  that name itself): the file must have the bytes of the file the render
  manifest lists for the scene (a copy: the build never links into the cache),
  and, when the scenes' sources are given, that render must have been made from
  the scene's current source and imports (its render key still matches);
- a file of ``content/``: the site's copy must be identical to it.

Files of neither kind (the theme's, the plugin's own) have no source to
compare with. Every scene media file in the site is checked, shown by a page
or not: a left-over render would still be deployed. And a published scene is
there in every theme: a page that shows ``images/manim/S.mp4`` ships
``images/manim/light/S.mp4`` too, or readers of the light page get the dark one.
"""

from __future__ import annotations

import filecmp
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from pipeline.gate.checked_site import CheckedSite
from scenes.drawing.themes import DEFAULT_THEME, THEMES
from scenes.render.manifest import (
    CARD_SUFFIX,
    SCENE_MEDIA_DIR,
    Manifest,
    MissingRender,
    theme_of,
    themed_site_path,
)

__all__ = ["MediaUse", "check_media_sources", "media_shown"]


@dataclass(frozen=True)
class MediaUse:
    """Where a media file is first shown, and as what ("video", "poster", "image")."""

    page: str
    line: int
    what: str


def check_media_sources(site: CheckedSite, *, content: Path | None, manifest: Path | None,
                        scenes_dir: Path | None) -> None:
    """Each media file is the current version of its source (a content file or a render).

    ``content`` is the folder the site was built from; ``manifest`` the render
    manifest of the profile it was built at; ``scenes_dir`` (optional) the
    scenes, read to confirm each render is of the scene's current source.
    """
    shown = media_shown(site)
    render_record = _load_manifest(site, manifest)
    stale_keys = (_stale_render_keys(render_record, scenes_dir)
                  if render_record and scenes_dir else {})
    folders = [SCENE_MEDIA_DIR, *(SCENE_MEDIA_DIR / theme for theme in THEMES
                                  if theme != DEFAULT_THEME)]
    scene_files = {site.relative(path) for folder in folders
                   for path in (site.root / folder).glob("*") if path.is_file()}
    for site_path in sorted(set(shown) | scene_files):
        use = shown.get(site_path, MediaUse(site_path, 0, "scene file"))
        output_file = site.root / site_path
        source = content / site_path if content is not None else None
        if source is not None and source.is_file():
            # As in scene_requests: a file content/ holds is no render, even in the scene folder.
            problem = None if _same_file(output_file, source) else \
                f"differs from its source content/{site_path} (stale copy)"
        elif PurePosixPath(site_path).parent in folders:
            problem = _scene_problem(render_record, stale_keys, PurePosixPath(site_path),
                                     output_file) or _missing_themes(site, site_path, use)
        else:
            continue  # the theme's or the plugin's own files: no source to compare with
        if problem is not None:
            site.report(use.page, use.line, f"{use.what} {site_path} {problem}")


def media_shown(site: CheckedSite) -> dict[str, MediaUse]:
    """Each file of the site a page shows (image, video, poster), by site path.

    The first use, in page order, is the one a problem with the file is reported at.
    """
    shown: dict[str, MediaUse] = {}
    for relative, page in site.pages.items():
        base = site.url_of(relative)
        for reference in page.references:
            if reference.kind not in ("media", "poster"):
                continue
            resolved = site.resolve(reference.url, base)
            if resolved is None or resolved.where != "internal" or resolved.path is None:
                continue
            found = site.file_for(resolved.path)
            if found is not None:  # a missing file is the link check's finding
                shown.setdefault(site.relative(found),
                                 MediaUse(relative, reference.line,
                                          reference.describe(resolved.path)))
    return shown


def _missing_themes(site: CheckedSite, site_path: str, use: MediaUse) -> str | None:
    """A scene file a page shows in the default theme, without its other themes' files."""
    path = PurePosixPath(site_path)
    if use.what == "scene file" or theme_of(path) != DEFAULT_THEME \
            or path.stem.endswith(CARD_SUFFIX):
        return None  # not shown by a page, another theme's, or a card (no theme)
    missing = [theme for theme in THEMES if theme != DEFAULT_THEME
               and not (site.root / themed_site_path(path, theme)).is_file()]
    if missing:
        return (f"has no {' or '.join(missing)} render in the site "
                f"({themed_site_path(path, missing[0])}); publish renders every theme")
    return None


def _scene_problem(manifest: Manifest | None, stale_keys: dict[tuple[str, str], str],
                   site_path: PurePosixPath, output_file: Path) -> str | None:
    """Why a scene media file of the site is not the current render, or None."""
    if manifest is None:
        return "is a scene output but the build has no render manifest"
    try:
        source = manifest.source_for(site_path)
        scene = manifest.render_for(site_path).scene  # also of S-480w.jpg, S.av1.mp4, ...
    except MissingRender as missing:
        return str(missing)
    if (scene, theme_of(site_path)) in stale_keys:
        return stale_keys[scene, theme_of(site_path)]
    if not _same_file(output_file, source):
        return f"is not the render the manifest lists ({source}); stale or changed by hand"
    return None


def _load_manifest(site: CheckedSite, path: Path | None) -> Manifest | None:
    if path is None:
        return None
    try:
        return Manifest.read(path)
    except (OSError, ValueError, TypeError, KeyError) as error:
        site.report(str(path), 0, f"render manifest unreadable: {error}")
        return None


def _stale_render_keys(manifest: Manifest, scenes_dir: Path) -> dict[tuple[str, str], str]:
    """Scenes whose manifest entry was rendered from other sources than today's."""
    # Imported on use: only a check given the scenes computes render keys.
    from scenes.render.cache import render_key
    from scenes.render.catalog import read_catalog
    from scenes.render.profiles import PROFILES

    profile = PROFILES.get(manifest.profile)
    if profile is None:
        return {}
    catalog = read_catalog(scenes_dir)
    stale: dict[tuple[str, str], str] = {}
    for render in manifest.all_renders():
        name, info = render.scene, catalog.scenes.get(render.scene)
        if info is None:
            stale[name, render.theme] = f"comes from scene {name}, which scenes/ no longer defines"
        elif render_key(catalog, info, profile, render.kind, render.theme) != render.key:
            stale[name, render.theme] = (
                f"was rendered from an older {info.path.relative_to(catalog.root)} "
                "or its imports (render again)")
    return stale


def _same_file(built: Path, source: Path) -> bool:
    """The same bytes (compared in full, whatever the two files' times and sizes say)."""
    try:
        return filecmp.cmp(built, source, shallow=False)
    except OSError:
        return False
