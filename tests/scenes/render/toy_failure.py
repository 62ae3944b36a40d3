"""What a build must say and leave when the toy scene ToyBroken raises: the same on the
local pool (test_render_driver.py) and on a Dask cluster (test_render_cluster.py)."""

from __future__ import annotations

from pathlib import Path

from scenes.render.driver import RenderResult

BROKEN_SCENE_MESSAGE = ("toyscenes/shapes.py:26: scene ToyBroken failed: "
                        "ValueError: the square is not round")


def assert_only_the_broken_scene_failed(result: RenderResult, project: Path) -> None:
    """ToySquare rendered; ToyBroken reported by file, line and message, nothing of it kept
    in the cache and no work folder left behind."""
    assert result.rendered == ["ToySquare"]
    [failure] = result.failures
    assert str(failure) == BROKEN_SCENE_MESSAGE
    assert not (project / "cache" / "test" / "ToyBroken").exists()
    assert not any((project / "cache" / "test" / ".work").iterdir())
