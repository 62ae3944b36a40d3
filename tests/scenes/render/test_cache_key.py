"""The render key follows the render code: edit how a render is made and it changes.

Each case edits a copy of ``scenes/render`` and computes a toy scene's key in a
fresh interpreter that imports that copy, so the files the key really reads are
the ones tested (no Manim, no render).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from scenes.render.cache import NOT_RENDER_CODE, RENDER_CODE, worker_modules
from scenes.render.manifest import PROJECT_ROOT
from tests.paths import FIXTURES

TOYS = FIXTURES / "toyscenes"
KEY = ("from pathlib import Path; from scenes.render.cache import render_key; "
       "from scenes.render.catalog import read_catalog; "
       "from scenes.render.profiles import PROFILES; "
       f"catalog = read_catalog(Path({str(TOYS)!r})); "
       "print(render_key(catalog, catalog.scenes['ToyCircle'], PROFILES['test'], 'video'))")


@pytest.fixture
def package(tmp_path: Path) -> Path:
    """A copy of the render package, importable as ``scenes.render`` from the returned folder."""
    (tmp_path / "scenes").mkdir()
    (tmp_path / "scenes" / "__init__.py").write_text("")
    shutil.copytree(PROJECT_ROOT / "scenes" / "render", tmp_path / "scenes" / "render",
                    ignore=shutil.ignore_patterns("__pycache__"))
    return tmp_path


def key(package: Path) -> str:
    run = subprocess.run([sys.executable, "-c", KEY], capture_output=True, text=True, check=True,
                         cwd=package, env={**os.environ, "PYTHONPATH": str(package)})
    return run.stdout.strip()


def edit(package: Path, module: str, old: str, new: str) -> None:
    path = package / "scenes" / "render" / module
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{module} no longer holds {old!r}: update this test"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# An edit to how a render is made: the key changes, the scene renders again.
@pytest.mark.parametrize(("module", "old", "new"), [
    ("worker.py", '"MALLOC_PERTURB_": "85"', '"MALLOC_PERTURB_": "86"'),
    ("worker.py", '"-movflags", "+faststart"', '"-movflags", "+faststart+empty_moov"'),
    ("play_sharing.py", "time.sleep(0.005)", "time.sleep(0.01)"),
    ("glyphs.py", "hexdigest()[:24]", "hexdigest()[:32]"),
    ("manim_adapter.py", 'WRITTEN_FOR = "0.22.0"', 'WRITTEN_FOR = "0.22.1"'),
    ("stills.py", "QUALITY = 88", "QUALITY = 90"),
    ("manifest.py", '"still": f"{scene}.png"', '"still": f"{scene}.lossless.png"'),
])
def test_an_edit_to_the_render_code_changes_the_key(package: Path, module: str, old: str,
                                                    new: str) -> None:
    before = key(package)
    edit(package, module, old, new)
    assert key(package) != before


# An edit that changes nothing a render writes: every render stays cached.
@pytest.mark.parametrize(("module", "old", "new"), [
    # Comments and docstrings of the render code.
    ("worker.py", "# The frame count from the MP4 index", "# The frame count, from the MP4 index"),
    ("play_sharing.py", '"""One video on more than one core', '"""One video on several cores'),
    # The rest of the package: what it decides is in the key by value, or is no byte of a render.
    ("catalog.py", "# Lines of the class body", "# The lines of the class body"),
    ("driver.py", "waiting for another build", "waiting for an earlier build"),
    ("cache.py", "never evict each other", "never evict one another"),
    ("profiles.py", "# What `make html` renders while writing.", "# For `make html`."),
    ("manifest.py", "_LAYOUT = 6", "_LAYOUT = 7"),
    # Imported by the worker, but named in NOT_RENDER_CODE with the reason.
    ("record.py", "_LAYOUT = 3", "_LAYOUT = 4"),
    ("lifetime.py", "_PR_SET_PDEATHSIG = 1", "_PR_SET_PDEATHSIG = 0x1"),
])
def test_an_edit_that_changes_no_render_keeps_the_key(package: Path, module: str, old: str,
                                                      new: str) -> None:
    before = key(package)
    edit(package, module, old, new)
    assert key(package) == before


def test_a_module_the_worker_comes_to_import_is_render_code(package: Path) -> None:
    """Nobody lists it: the worker's imports say it makes renders."""
    (package / "scenes" / "render" / "encoding.py").write_text("CRF = 23\n")
    before = key(package)
    edit(package, "worker.py", "from .stills import derive_stills",
         "from .encoding import CRF\nfrom .stills import derive_stills")
    assert key(package) != before
    imported = key(package)
    edit(package, "encoding.py", "CRF = 23", "CRF = 18")
    assert key(package) != imported


def test_render_code_is_what_the_worker_imports() -> None:
    """Every module of the render package a worker has loaded once it has rendered (its
    imports inside functions included) is render code or named, with a reason, as not."""
    code = ("import sys; from pathlib import Path; "
            "from scenes.render import worker, stills, play_sharing; "
            "import scenes.render.glyphs, scenes.render.manim_adapter; "
            "print(' '.join(sorted(n for n in sys.modules if n.startswith('scenes.render.'))))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, cwd=PROJECT_ROOT).stdout.split()
    render_code = {path.stem for path in RENDER_CODE}
    assert {name.removeprefix("scenes.render.") for name in loaded} <= (
        render_code | set(NOT_RENDER_CODE))
    assert set(NOT_RENDER_CODE) <= set(worker_modules())  # each exception still imported
    assert not render_code & set(NOT_RENDER_CODE)
    assert {"worker", "play_sharing", "glyphs", "manim_adapter", "stills"} <= render_code
