"""Shared fixtures: a real content folder with real media files and a render manifest."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from scenes.render.file_names import rendition_site_name
from scenes.render.manifest import Manifest, RenderedScene, SceneSource, entry_files
from scenes.render.rendition_files import RenditionFile
from scenes.render.stills import derive_stills
from tests.paths import FIXTURES

FIXTURE_SITE = FIXTURES / "site"


#: The renditions a themed scene has here: (name, codec, codecs, width or None), as a
#: publish render has them (AV1 and H.264, the render's size and a smaller one).
RENDITIONS = (("av1", "av1", "av01.0.00M.08", None), ("h264", "h264", "avc1.42c00b", None),
              ("av1-32w", "av1", "av01.0.00M.08", 32), ("h264-32w", "h264", "avc1.42c00a", 32))


def _render(root: Path, scene: str, theme: str, renditions: tuple = RENDITIONS[1:2]
            ) -> RenderedScene:
    """A cache entry of ``scene`` made of the fixture's clip and picture; each rendition
    a copy of the clip (only its name, size and codec string reach a page)."""
    entry = root / "renders" / scene / theme / "key"
    entry.mkdir(parents=True)
    files = entry_files(scene)
    shutil.copy(FIXTURE_SITE / "images" / "clip.mp4", entry / files["master"])
    shutil.copy(FIXTURE_SITE / "images" / "pixel.png", entry / files["still"])
    derive_stills(entry, scene)
    made = []
    for name, codec, codecs, width in renditions:
        file = entry / rendition_site_name(scene, codec, width)
        shutil.copy(FIXTURE_SITE / "images" / "clip.mp4", file)
        made.append(RenditionFile(name, codec, codecs, width is None, width or 64,
                                  18 if width else 36, 5, 5, 1.0, 0.999, "key", file))
    return RenderedScene(scene, "key", "video", 64, 36, entry, theme=theme,
                         renditions=tuple(made))


def make_content(root: Path) -> Path:
    """A content folder holding the fixture media, plus a manifest naming scenes:
    DemoScene rendered in the dark theme only, in H.264 alone (as a draft is), and
    ThemedScene in both themes, in every rendition (as a publish render is)."""
    content = root / "content"
    shutil.copytree(FIXTURE_SITE / "images", content / "images")
    Manifest(
        "test",
        scenes={"DemoScene": SceneSource("scenes/demo.py", 1),
                "StillScene": SceneSource("scenes/demo.py", 9),
                "ThemedScene": SceneSource("scenes/demo.py", 12)},
        aliases={"demo-still": "DemoScene"},
        renders={"DemoScene": {"dark": _render(root, "DemoScene", "dark")},
                 "ThemedScene": {theme: _render(root, "ThemedScene", theme, RENDITIONS)
                                 for theme in ("dark", "light")}},
    ).write(root / "manifest.json")
    return content


@pytest.fixture
def content(tmp_path: Path) -> Path:
    return make_content(tmp_path)
