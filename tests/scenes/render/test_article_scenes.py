"""Every scene the article names exists and really renders at the test profile."""

from __future__ import annotations

from pathlib import PurePosixPath

import pytest

from plugins.article_markdown.format import requested_scene_files
from scenes.render.catalog import read_catalog
from scenes.render.driver import render_scenes
from scenes.render.manifest import PROJECT_ROOT, Manifest

pytestmark = pytest.mark.xdist_group("render")

CONTENT = PROJECT_ROOT / "content"


def test_every_scene_media_the_article_names_is_a_scene() -> None:
    catalog = read_catalog(PROJECT_ROOT / "scenes")
    names, errors = requested_scene_files(CONTENT)
    assert errors == [] and names
    unknown = [name for name in names if catalog.find(PurePosixPath(name).stem) is None]
    assert unknown == []


def test_every_scene_the_content_uses_renders() -> None:
    names, errors = requested_scene_files(CONTENT)
    assert errors == []
    result = render_scenes(names, "test", 2)
    assert result.failures == [] and result.unknown == []
    for entry in Manifest.read(result.manifest).all_renders():
        name = f"{entry.scene} ({entry.theme})"
        assert (entry.width, entry.height) == (256, 144), name
        assert entry.still.stat().st_size > 0, name
        if entry.kind == "video":
            # At 5 fps: a frame count that agrees with the duration, and a real length.
            assert entry.duration >= 2, name
            assert abs(entry.frames - entry.duration * 5) <= 2, name
