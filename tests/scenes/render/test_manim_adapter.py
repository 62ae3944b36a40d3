"""The Manim adapter refuses another Manim version, and the build says what to do."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from scenes.render import manim_adapter
from scenes.render.driver import RenderFailure
from scenes.render.manifest import PROJECT_ROOT, RenderJob
from scenes.render.worker import render_scene
from tests.paths import FIXTURES

TOYS = FIXTURES / "toyscenes"
ADAPTER = PROJECT_ROOT / "scenes" / "render" / "manim_adapter.py"


def what_to_do(version: str) -> str:
    """The failure line a build prints when the installed Manim is ``version``."""
    line = ADAPTER.read_text(encoding="utf-8").splitlines().index(
        f'WRITTEN_FOR = "{manim_adapter.WRITTEN_FOR}"') + 1
    return (f"scenes/render/manim_adapter.py:{line}: scene ToyCircle failed: this file was "
            f"written for Manim {manim_adapter.WRITTEN_FOR} and patches its private API; this "
            f"is Manim {version}: check the patches below against {version}'s source and "
            "update WRITTEN_FOR")


def test_another_manim_version_fails_the_render_with_what_to_do(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(manim_adapter, "installed_manim", lambda: "0.23.0")
    monkeypatch.setattr(sys, "path", list(sys.path))  # the worker puts the job's root on it
    job = RenderJob(scene="ToyCircle", module="toyscenes.shapes", kind="video",
                    root=TOYS.parent, scenes_dir=TOYS, width=256, height=144, fps=5,
                    poster_at=None, work_dir=tmp_path / "work",
                    glyph_cache=tmp_path / "glyphs")
    outcome = render_scene(job)
    assert outcome.ok is False
    failure = RenderFailure(outcome.scene, outcome.where, outcome.message)
    assert str(failure) == what_to_do("0.23.0")
    assert not (tmp_path / "work").exists() and not (tmp_path / "glyphs").exists()
    # No patch is applied on that version, whoever asks.
    with pytest.raises(manim_adapter.UnsupportedManim):
        manim_adapter.make_progress_bars_fork_safe()


def test_the_installed_manim_is_the_one_written_for() -> None:
    manim_adapter.check_version()


def test_the_build_prints_the_version_failure_without_a_traceback(tmp_path: Path) -> None:
    """A whole build where Manim reports another version (its metadata says so)."""
    # A project whose scenes are the toy ones, and a Manim that says it is 0.99.0
    # (found first on the path; the real one is never imported before the check).
    (tmp_path / "scenes").mkdir()
    shutil.copytree(PROJECT_ROOT / "scenes" / "render", tmp_path / "scenes" / "render",
                    ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "scenes" / "__init__.py").write_text("")
    shutil.copy(TOYS / "shapes.py", tmp_path / "scenes" / "shapes.py")
    other_manim = tmp_path / "other" / "manim-0.99.0.dist-info"
    other_manim.mkdir(parents=True)
    (other_manim / "METADATA").write_text("Metadata-Version: 2.1\nName: manim\nVersion: 0.99.0\n")

    run = subprocess.run(
        [sys.executable, "-m", "scenes.render", "--quality", "test", "--jobs", "1", "ToyCircle"],
        capture_output=True, text=True, timeout=120, cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": f"{tmp_path}{os.pathsep}{tmp_path / 'other'}",
             "COLUMNS": "300"})
    printed = " ".join((run.stdout + run.stderr).split())
    assert run.returncode == 1
    assert f"error: {what_to_do('0.99.0')}" in printed
    assert "0 rendered, 0 cached, 2 failed" in printed  # the dark and the light render
    assert "Traceback" not in printed
    assert not any((tmp_path / ".cache" / "scenes" / "test" / "ToyCircle").glob("*"))
