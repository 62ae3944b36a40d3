"""The set-up script: the packages each purpose wants, the Python it picks, and its messages."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.paths import ROOT as PROJECT_ROOT

SETUP = PROJECT_ROOT / "pipeline" / "setup.sh"


def test_nothing_missing_means_nothing_to_do() -> None:
    result = subprocess.run(["bash", str(SETUP), "test"], capture_output=True, text=True)
    assert result.returncode == 0 and result.stderr == ""


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to drop to another user")
def test_not_root_and_missing_prints_the_exact_command() -> None:
    result = subprocess.run(
        ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "bash", str(SETUP),
         "html"],
        capture_output=True, text=True,
        env={**os.environ, "SETUP_EXTRA_PACKAGES": "no-such-package-for-the-test"},
    )
    assert result.returncode == 1
    assert "Missing system packages: no-such-package-for-the-test" in result.stderr
    assert ("sudo sh -c 'apt-get update && apt-get install -y --no-install-recommends "
            "no-such-package-for-the-test'") in result.stderr


# --- The Python the venv is built with (pipeline/setup.sh python [PY]) ---

def fake_python(folder: Path, name: str, version: str) -> Path:
    """A command that answers the version question as a Python ``version`` would."""
    path = folder / name
    path.write_text(f"#!/bin/sh\necho {version}\n", encoding="utf-8")
    path.chmod(0o755)
    return path


def bare_path(folder: Path) -> str:
    """A PATH with what setup.sh itself runs (bash, sed, dirname) and no Python at all."""
    tools = folder / "tools"
    tools.mkdir()
    for tool in ("bash", "sed", "dirname"):
        (tools / tool).symlink_to(shutil.which(tool) or tool)
    return str(tools)


def pick(*arguments: str, path: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **({"PATH": path} if path is not None else {})}
    return subprocess.run(["bash", str(SETUP), "python", *arguments], capture_output=True,
                          text=True, env=env)


def test_the_range_is_pyproject_requires_python() -> None:
    text = (PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'requires-python = ">=3.11,<3.14"' in text


def test_a_python_in_range_is_picked_as_its_real_interpreter() -> None:
    result = pick(sys.executable)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == os.path.realpath(sys.executable)


def test_with_no_py_the_newest_in_range_on_path_is_picked(tmp_path: Path) -> None:
    path = bare_path(tmp_path)
    interpreter = tmp_path / "bin"
    interpreter.mkdir()
    # A python3.13 that does not run (pyenv's shim for a version it has not selected)
    # and an old python3 are passed over; python3.12 is taken.
    (interpreter / "python3.13").write_text("#!/bin/sh\nexit 127\n", encoding="utf-8")
    (interpreter / "python3.13").chmod(0o755)
    (interpreter / "python3.12").symlink_to(os.path.realpath(sys.executable))
    fake_python(interpreter, "python3", "3.10")
    result = pick(path=f"{interpreter}:{path}")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == os.path.realpath(sys.executable)


def test_no_python_in_range_says_what_was_looked_for(tmp_path: Path) -> None:
    path = bare_path(tmp_path)
    fake_python(Path(path), "python3", "3.10")
    result = pick(path=path)
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr == (
        "no Python 3.11 to 3.13 found (looked for python3.13, python3.12, python3.11, python3 "
        "on PATH).\n"
        "Debian: apt-get install python3 python3-venv python3-dev (3.11 on Debian 12, 3.13 on "
        "13); or give one: make html PY=/path/to/python3.N\n")


def test_a_given_python_out_of_range_is_refused(tmp_path: Path) -> None:
    old = fake_python(tmp_path, "python3.10", "3.10")
    result = pick(str(old))
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr == (f"PY={old} is Python 3.10; this project needs Python 3.11 to 3.13 "
                             "(pyproject.toml's requires-python)\n")
    result = pick("no-such-python")
    assert result.returncode == 1
    assert result.stderr == ("PY=no-such-python: no such command; give a Python 3.11 to 3.13 "
                             "(make ... PY=/path/to/python3.N)\n")


def test_make_stops_on_a_python_out_of_range_before_making_a_venv(tmp_path: Path) -> None:
    old = fake_python(tmp_path, "python3.10", "3.10")
    venv = tmp_path / "venv"
    result = subprocess.run(
        ["make", "--no-print-directory", "setup-python", f"PY={old}", f"VENV={venv}",
         f"STAMPS={tmp_path / 'stamps'}"],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert f"PY={old} is Python 3.10; this project needs Python 3.11 to 3.13" in result.stderr
    assert not venv.exists()


def wanted(purpose: str, python: str | None = None, path: str | None = None) -> list[str]:
    """The Debian packages ``setup.sh PURPOSE`` wants, installed or not."""
    env = {**os.environ, "PY": python or ""}
    if path is not None:
        env["PATH"] = path
    result = subprocess.run(["bash", str(SETUP), purpose, "--list"], capture_output=True,
                            text=True, env=env, check=True)
    return result.stdout.split()


def test_debian_python_brings_its_own_venv_and_header_packages() -> None:
    """Debian 12's python3.11 or Debian 13's python3.13: whichever this machine has."""
    debian = [Path(f"/usr/bin/python3.{minor}") for minor in (13, 12, 11)
              if Path(f"/usr/bin/python3.{minor}").exists()]
    if not debian:
        pytest.skip("no Debian Python in range here")
    name = debian[0].name
    assert {name, f"{name}-venv", f"{name}-dev"} <= set(wanted("html", str(debian[0])))


def test_a_python_of_its_own_needs_no_debian_python_packages(tmp_path: Path) -> None:
    own = tmp_path / "python3.13"
    own.symlink_to(os.path.realpath(sys.executable))  # realpath: outside dpkg's knowledge
    if os.path.realpath(sys.executable).startswith("/usr/"):
        pytest.skip("this venv is on Debian's own Python")
    assert not [name for name in wanted("html", str(own)) if name.startswith("python3")]


def test_no_python_at_all_means_debian_default_python(tmp_path: Path) -> None:
    path = bare_path(tmp_path)
    (Path(path) / "dpkg-query").symlink_to(shutil.which("dpkg-query") or "dpkg-query")
    assert {"python3", "python3-venv", "python3-dev"} <= set(wanted("html", path=path))


def test_publish_wants_java_rsync_and_git_and_no_browser() -> None:
    publish = wanted("publish")
    assert publish[:3] == ["default-jre-headless", "rsync", "git"]
    assert set(publish[3:]) <= {"nodejs", "npm"}  # only where npm is missing
    test = wanted("test")
    assert {"chromium", "default-jre-headless", "rsync", "git", "texlive-latex-base"} <= set(test)
    assert "chromium" not in wanted("html")
    assert len(test) == len(set(test))  # git, wanted twice over, is listed once
