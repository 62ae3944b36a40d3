"""A private copy of the project to break: its own scenes, content, cache and output.

The fault tests (``test_build_faults.py``) and ``bench/faults.py`` build a copy
of this checkout (its files as git lists them, ``node_modules`` linked) with
the toy scenes of ``tests/fixtures/faultscenes`` added to its ``scenes/`` and a
content folder whose one article shows the scenes asked for. Builds run as the
author runs them, ``python -m pipeline.build`` in that folder (its own modules,
its own ``.cache``), at the test profile, one theme.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.paths import FIXTURES, ROOT
from tests.signals import ctrl_c_as_in_a_terminal

__all__ = ["FaultProject", "alive", "descendants", "make_fault_project",
           "stop_started_builds", "tree_digest", "wait_for", "Published"]

FAULT_SCENES = FIXTURES / "faultscenes" / "fault_toys.py"
ARTICLE_HEADER = "- title: 故障測試\n- date: 2020-01-01\n- slug: faults\n\n故障測試的文章。\n\n"


@dataclass(frozen=True)
class FaultProject:
    """A copy of the project under ``root``."""

    root: Path

    @property
    def output(self) -> Path:
        return self.root / "output"

    @property
    def cache(self) -> Path:
        """The test profile's render cache."""
        return self.root / ".cache" / "scenes" / "test"

    def command(self, *options: str) -> list[str]:
        return [sys.executable, "-m", "pipeline.build", "--content", str(self.root / "content"),
                "--output", str(self.output), "--quality", "test", "--themes", "dark",
                "--jobs", "2", *options]

    @property
    def marks(self) -> Path:
        """Where a toy scene that naps or loops says it has started (``fault_toys.mark``)."""
        return self.root / "marks"

    def started(self, *scenes: str) -> bool:
        """Whether each of ``scenes`` has started rendering (in this build or an earlier)."""
        return all((self.marks / scene).exists() for scene in scenes)

    def environment(self, **variables: str) -> dict[str, str]:
        self.marks.mkdir(exist_ok=True)
        return {**os.environ, "COLUMNS": "250", "TOY_MARKS": str(self.marks), **variables}

    def build(self, *options: str, timeout: float = 300,
              **variables: str) -> subprocess.CompletedProcess[str]:
        """A whole build, waited for."""
        return subprocess.run(self.command(*options), cwd=self.root, capture_output=True,
                              text=True, timeout=timeout, env=self.environment(**variables))

    def start_build(self, log: Path, *options: str, **variables: str) -> subprocess.Popen:
        """A build in a session of its own (as a terminal runs it), its output into ``log``;
        ``stop_started_builds`` ends it if it still runs when the test ends; Ctrl-C
        reaches it as in a terminal, however the tests were started."""
        with open(log, "w") as stream:
            build = subprocess.Popen(self.command(*options), cwd=self.root, stdout=stream,
                                     stderr=subprocess.STDOUT, start_new_session=True,
                                     env=self.environment(**variables),
                                     preexec_fn=ctrl_c_as_in_a_terminal)
        _STARTED.append(build)
        return build

    def kept(self) -> set[str]:
        """The scenes whose render is in the cache (an entry with its record)."""
        return {entry.parts[-3] for entry in self.cache.glob("*/dark/*")
                if (entry / "render.json").is_file()}

    def leftovers(self) -> list[str]:
        """What is beside the output but the output itself (staging folders, locks)."""
        return sorted(path.name for path in self.root.glob(".output*")) + sorted(
            path.name for path in self.root.glob("output.*"))


_STARTED: list[subprocess.Popen] = []


def stop_started_builds() -> None:
    """Kill every build a test started that still runs, with its session (a test that
    failed half-way must not leave a scene looping for ever)."""
    while _STARTED:
        build = _STARTED.pop()
        if build.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(build.pid, signal.SIGKILL)
            build.wait()


def make_fault_project(folder: Path, scenes: list[str]) -> FaultProject:
    """A copy of this checkout in ``folder`` whose article shows ``scenes`` (videos)."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others",
                             "--exclude-standard"], cwd=ROOT, capture_output=True,
                            check=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file() and not name.startswith("tests/"):
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, folder / name)
    (folder / "node_modules").symlink_to(ROOT / "node_modules")
    shutil.copy(FAULT_SCENES, folder / "scenes" / FAULT_SCENES.name)
    (folder / "content" / "articles").mkdir(parents=True, exist_ok=True)
    for article in (folder / "content").rglob("*.md"):
        article.unlink()
    body = "".join(f"!mp4\n- images/manim/{scene}.mp4\n\n" for scene in scenes)
    (folder / "content" / "articles" / "faults.md").write_text(ARTICLE_HEADER + body,
                                                                encoding="utf-8")
    return FaultProject(folder)


def tree_digest(folder: Path) -> str:
    """One hash of a folder's tree: every path, file mode and byte, symbolic links by
    target ("" when the folder is absent). The tests and benches of faults compare
    ``output/`` with it, before and after."""
    if not folder.exists():
        return ""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        if path.is_symlink():
            digest.update(b"link:" + os.readlink(path).encode())
        elif path.is_file():
            digest.update(oct(path.stat().st_mode).encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
        digest.update(b"\0")
    return digest.hexdigest()


@dataclass
class Published:
    """A tmp folder holding content/, the published output/ and the bare remote site.git."""

    root: Path

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def output(self) -> Path:
        return self.root / "output"

    @property
    def remote(self) -> Path:
        return self.root / "site.git"


def wait_for(condition: Callable[[], object], timeout: float, what: str) -> None:
    """Poll ``condition`` until it holds; AssertionError naming ``what`` after ``timeout``."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout} s for {what}")
        time.sleep(0.02)


def descendants(pid: int) -> list[int]:
    """Every process started by ``pid``, and by those, as Linux lists them."""
    found, pending = [], [pid]
    while pending:
        parent = pending.pop()
        for task in Path(f"/proc/{parent}/task").glob("*"):
            try:
                children = (task / "children").read_text().split()
            except OSError:
                continue
            for child in map(int, children):
                if child not in found:
                    found.append(child)
                    pending.append(child)
    return found


def alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie waiting to be reaped has ended)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")
