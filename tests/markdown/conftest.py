"""Shared fixtures: a real content folder with real media files and a render manifest."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from scenes.render.manifest import Manifest, RenderedScene, SceneSource, entry_files
from scenes.render.stills import derive_stills

FIXTURE_SITE = Path(__file__).resolve().parents[1] / "fixtures" / "site"


def make_content(root: Path) -> Path:
    """A content folder holding the fixture media, plus a manifest naming one scene."""
    content = root / "content"
    shutil.copytree(FIXTURE_SITE / "images", content / "images")
    entry = root / "renders" / "DemoScene" / "key"
    entry.mkdir(parents=True)
    files = entry_files("DemoScene")
    shutil.copy(FIXTURE_SITE / "images" / "clip.mp4", entry / files["video"])
    shutil.copy(FIXTURE_SITE / "images" / "pixel.png", entry / files["still"])
    derive_stills(entry, "DemoScene")
    Manifest(
        "test",
        scenes={"DemoScene": SceneSource("scenes/demo.py", 1),
                "StillScene": SceneSource("scenes/demo.py", 9)},
        aliases={"demo-still": "DemoScene"},
        renders={"DemoScene": {"dark": RenderedScene("DemoScene", "key", "video", 64, 36,
                                                     entry)}},
    ).write(root / "manifest.json")
    return content


@pytest.fixture
def content(tmp_path: Path) -> Path:
    return make_content(tmp_path)
