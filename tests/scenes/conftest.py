"""The test-profile render of every scene, made once per test process."""

from __future__ import annotations

import pytest

from scenes.render.manifest import RenderedScene
from tests.scenes.frames import render_every_scene


@pytest.fixture(scope="session")
def scene_renders() -> dict[str, RenderedScene]:
    """Scene name -> its manifest entry. Two workers, as the article's render test uses:
    the whole suite runs on two cores, and the cache makes a second call free."""
    return render_every_scene(2)
