"""Shared fixtures: a real content folder with real media files and a render manifest."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

FIXTURE_SITE = Path(__file__).resolve().parents[1] / "fixtures" / "site"


def make_content(root: Path) -> Path:
    """A content folder holding the fixture media, plus a manifest naming one scene."""
    content = root / "content"
    shutil.copytree(FIXTURE_SITE / "images", content / "images")
    renders = root / "renders"
    renders.mkdir()
    shutil.copy(FIXTURE_SITE / "images" / "clip.mp4", renders / "DemoScene.mp4")
    shutil.copy(FIXTURE_SITE / "images" / "pixel.png", renders / "DemoScene.png")
    manifest = {
        "profile": "test",
        "scenes": {"DemoScene": {"module": "scenes/demo.py", "line": 1},
                   "StillScene": {"module": "scenes/demo.py", "line": 9}},
        "aliases": {"demo-still": "DemoScene"},
        "renders": {"DemoScene": {"kind": "video", "width": 64, "height": 36,
                                  "video": str(renders / "DemoScene.mp4"),
                                  "still": str(renders / "DemoScene.png")}},
    }
    (root / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return content


@pytest.fixture
def content(tmp_path: Path) -> Path:
    return make_content(tmp_path)
