"""The output folder's protections, one by one: the lock, the swap, the leftovers.

Whole builds under signals are in ``test_build_faults.py``; here each part is
driven directly, and the moments a build can hardly be caught at (between the
two renames of a swap, right after the exchange) are reached by a real
SIGKILL sent from inside a process at that very point.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.build_output import BuildLocked, clear_leftovers, output_lock, replace_dir
from tests.paths import ROOT
from tests.pipeline.conftest import run_publish
from tests.pipeline.fault_project import tree_digest


def site(folder: Path, text: str) -> Path:
    (folder / "images").mkdir(parents=True)
    (folder / "index.html").write_text(text)
    (folder / "images" / "a.png").write_bytes(text.encode() * 10)
    return folder


def test_one_writer_per_output_and_the_second_is_told_who(tmp_path: Path) -> None:
    output = tmp_path / "output"
    with output_lock(output):
        with pytest.raises(BuildLocked) as locked, output_lock(output):
            pass
        assert str(locked.value).startswith(f"another build is writing {output}: pid "
                                            f"{os.getpid()} (")
        assert str(locked.value).endswith(f"; wait for it to end, or stop it (kill "
                                          f"{os.getpid()})")
        with output_lock(tmp_path / "another-output"):  # another folder: its own lock
            pass
    with output_lock(output):  # released
        pass
    assert list(tmp_path.iterdir()) == []  # no lock file left


def test_publish_refuses_while_a_build_writes_the_output(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    with output_lock(tmp_path / "output"):
        result = run_publish(tmp_path)
    assert result.returncode == 1
    assert f"publish stopped: another build is writing {tmp_path / 'output'}: pid " \
        f"{os.getpid()}" in " ".join(result.stderr.split())
    assert "Traceback" not in result.stderr


def test_the_swap_exchanges_whole_folders(tmp_path: Path) -> None:
    output = site(tmp_path / "output", "old")
    new = site(tmp_path / "output.staging-1", "new")
    digest = tree_digest(new)
    replace_dir(new, output)
    assert tree_digest(output) == digest
    assert sorted(path.name for path in tmp_path.iterdir()) == ["output"]
    replace_dir(site(tmp_path / "staging", "first"), tmp_path / "fresh")  # none there yet
    assert (tmp_path / "fresh" / "index.html").read_text() == "first"


# A process that swaps folders and is killed (SIGKILL, by itself) at one moment of it.
KILLED_AT = """
import os, signal, sys
from pathlib import Path
import pipeline.build_output as output

def die(*arguments, **options):
    os.kill(os.getpid(), signal.SIGKILL)

rename = output.os.replace
def first_then_die(source, target):
    rename(source, target)
    die()

if sys.argv[1] == "after the exchange":
    output.shutil.rmtree = die
elif sys.argv[1] == "at the first rename":
    output.os.replace = first_then_die
else:  # between the two renames of a system without renameat2
    output._exchange = lambda first, second: False
    output.os.replace = first_then_die
output.replace_dir(Path(sys.argv[2]), Path(sys.argv[3]))
"""


@pytest.mark.parametrize("moment", ["after the exchange", "at the first rename",
                                    "between two renames without renameat2"])
def test_a_swap_killed_halfway_is_mended_by_the_next_build(tmp_path: Path, moment: str) -> None:
    """Killed anywhere in the swap, the output is a whole build; a kill between two
    renames (where no atomic exchange exists) is mended before the next build."""
    output = site(tmp_path / "output", "old")
    old = tree_digest(output)
    staging = site(tmp_path / "output.staging-99", "new")
    new = tree_digest(staging)
    run = subprocess.run([sys.executable, "-c", KILLED_AT, moment, str(staging), str(output)],
                         cwd=ROOT, check=False)
    # One exchange: no rename to be killed at, the swap ends.
    assert run.returncode == (0 if moment == "at the first rename" else -9)
    if moment == "between two renames without renameat2":
        assert not output.exists()  # the window the exchange closes
    else:  # one exchange, no rename: the new build, whole; the old one beside it
        assert tree_digest(output) == new
    clear_leftovers(output)  # what the next build does first, holding the lock
    assert tree_digest(output) == (old if "without" in moment else new)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["output"]


def test_only_what_builds_leave_is_cleared(tmp_path: Path) -> None:
    output = site(tmp_path / "output", "site")
    for name in ("output.staging-12", "output.old-13", "output.publish-14", "output.notes",
                 "output.staging-x", "outputs.staging-15"):
        (tmp_path / name).mkdir()
    (tmp_path / ".output.publish-14.lock").write_text("")
    removed = clear_leftovers(output)
    assert sorted(path.name for path in removed) == [
        "output.old-13", "output.publish-14", "output.staging-12"]
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "output", "output.notes", "output.staging-x", "outputs.staging-15"]


def test_make_scenes_reads_the_articles_in_pipeline(tmp_path: Path) -> None:
    """`make scenes` (pipeline.build_scenes): the articles' scenes, or their mistakes."""
    content = tmp_path / "content"
    content.mkdir()
    (content / "a.md").write_text("- title: t\n\n!mp4\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "pipeline.build_scenes", "--content",
                          str(content), "--quality", "test"], cwd=ROOT, capture_output=True,
                         text=True, timeout=60, env={**os.environ, "COLUMNS": "200"})
    assert run.returncode == 1
    assert run.stderr.strip().startswith(f"error: {content / 'a.md'}:3: !mp4 needs a path")
    (content / "a.md").write_text("- title: t\n\n正文\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "pipeline.build_scenes", "--content",
                          str(content), "--quality", "test"], cwd=ROOT, capture_output=True,
                         text=True, timeout=60, env={**os.environ, "COLUMNS": "200"})
    assert run.returncode == 0, run.stderr
    assert "0 rendered, 0 cached, 0 failed (test" in run.stderr


def test_python_m_scenes_render_wants_scene_names() -> None:
    run = subprocess.run([sys.executable, "-m", "scenes.render", "--quality", "test"],
                         cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert run.returncode == 2
    assert "name the scenes to render (or --all); `make scenes` renders the ones content/ " \
        "uses" in run.stderr
