"""Shared fixtures: a real content folder with real media files and a render manifest."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from scenes.render.manifest import Manifest, RenderedScene, SceneSource, entry_files
from scenes.render.stills import derive_stills
from tests.paths import FIXTURES

FIXTURE_SITE = FIXTURES / "site"


def _render(root: Path, scene: str, theme: str) -> RenderedScene:
    """A cache entry of ``scene`` made of the fixture's clip and picture."""
    entry = root / "renders" / scene / theme / "key"
    entry.mkdir(parents=True)
    files = entry_files(scene)
    shutil.copy(FIXTURE_SITE / "images" / "clip.mp4", entry / files["video"])
    shutil.copy(FIXTURE_SITE / "images" / "pixel.png", entry / files["still"])
    derive_stills(entry, scene)
    return RenderedScene(scene, "key", "video", 64, 36, entry, theme=theme)


def make_content(root: Path) -> Path:
    """A content folder holding the fixture media, plus a manifest naming scenes:
    DemoScene rendered in the dark theme only, ThemedScene in both."""
    content = root / "content"
    shutil.copytree(FIXTURE_SITE / "images", content / "images")
    Manifest(
        "test",
        scenes={"DemoScene": SceneSource("scenes/demo.py", 1),
                "StillScene": SceneSource("scenes/demo.py", 9),
                "ThemedScene": SceneSource("scenes/demo.py", 12)},
        aliases={"demo-still": "DemoScene"},
        renders={"DemoScene": {"dark": _render(root, "DemoScene", "dark")},
                 "ThemedScene": {theme: _render(root, "ThemedScene", theme)
                                 for theme in ("dark", "light")}},
    ).write(root / "manifest.json")
    return content


@pytest.fixture
def content(tmp_path: Path) -> Path:
    return make_content(tmp_path)
