"""Renditions: every scene video ships whole, in every rendition of its profile and theme,
each as good as the profile promises.

A page offers each scene video in several renditions (``scenes.render.profiles``:
AV1 and H.264, at the render's size and a smaller one), in each theme; the
browser picks one by codec, screen and scheme. For every scene video of the site
(a file under ``images/manim/`` the render manifest knows as a rendition):

- each rendition the profile declares is a file of the site, in every theme: a
  reader whose browser, screen or scheme picks a missing one would get nothing;
- each rendition's SSIM against its master, measured when it was encoded (and kept
  in its sealed record, as the manifest lists it), is at least the profile's floor
  (``Profile.ssim_floor``);
- with ``current_keys``, each was encoded with the profile's settings and the
  encoders installed now (its key still matches), as ``media`` checks renders.

Each problem is ``path: reason``, the path in the site.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from pipeline.gate.checked_site import CheckedSite
from scenes.drawing.themes import THEMES
from scenes.render.file_names import rendition_site_name, split_codec, split_size
from scenes.render.manifest import SCENE_MEDIA_DIR, Manifest, theme_of, themed_site_path
from scenes.render.profiles import PROFILES
from scenes.render.renditions import rendition_key, versions_for

__all__ = ["check_renditions"]


def check_renditions(site: CheckedSite, manifest_path: Path | None, *,
                     current_keys: bool = False) -> None:
    """Report every rendition missing, below the SSIM floor, or (``current_keys``) stale."""
    if manifest_path is None or not manifest_path.is_file():
        return
    manifest = Manifest.read(manifest_path)
    profile = PROFILES.get(manifest.profile)
    if profile is None:
        return
    versions = versions_for(profile) if current_keys else {}
    videos: dict[str, str] = {}  # the stem pages name (scene or alias) -> its scene
    for path in site.files(".mp4"):
        site_path = PurePosixPath(site.relative(path))
        rendition = manifest.rendition_for(site_path)
        if rendition is None:
            continue  # no scene's rendition: the media check says what it is
        stem = _page_stem(manifest, site_path)
        videos[stem] = manifest.scene_for(stem) or stem
        if rendition.ssim < profile.ssim_floor:
            site.report(site_path.as_posix(), 0,
                        f"has an SSIM of {rendition.ssim:.4f} against its master, below the "
                        f"floor of {profile.ssim_floor} (the {rendition.name} rendition of the "
                        f"'{profile.name}' profile: encode it at a lower CRF)")
        render = manifest.render(videos[stem], theme_of(site_path))
        spec = next((each for each in profile.renditions if each.name == rendition.name), None)
        if current_keys and render is not None and spec is not None and rendition_key(
                spec, render.master_sha256, versions[spec.encoder]) != rendition.key:
            site.report(site_path.as_posix(), 0,
                        f"was encoded with other {rendition.name} settings or another "
                        "encoder than the profile's now (build again to encode it)")
    for stem in sorted(videos):
        for theme in THEMES:
            for spec in profile.renditions:
                expected = themed_site_path(
                    SCENE_MEDIA_DIR / rendition_site_name(stem, spec.codec, spec.width), theme)
                if not (site.root / expected).is_file():
                    site.report(expected.as_posix(), 0,
                                f"missing: the '{profile.name}' profile ships every video "
                                f"in each rendition ({spec.name}) and theme ({theme})")


def _page_stem(manifest: Manifest, site_path: PurePosixPath) -> str:
    """The stem a page names a rendition's video by: ``S`` of ``light/S-1280w.av1.mp4``."""
    stem, _ = split_codec(site_path.stem)
    return stem if manifest.scene_for(stem) else split_size(stem)[0]
