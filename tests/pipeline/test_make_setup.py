"""Each make target sets up what it needs and nothing more (dry runs on an empty stamp folder)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.paths import ROOT

# What each step of the set-up runs, as `make -n` prints it.
SYSTEM_HTML = "pipeline/setup.sh html"
SYSTEM_PUBLISH = "pipeline/setup.sh publish"
SYSTEM_TEST = "pipeline/setup.sh test"
VENV = "-m pip install --quiet -e ."
TEST_TOOLS = "-m pip install --quiet -e '.[test]'"
NODE_BUILD = "npm ci --ignore-scripts --no-audit --no-fund --loglevel=error --omit=dev"
NODE_CHECKS = "npm ci --ignore-scripts --no-audit --no-fund --loglevel=error\n"


def fresh_dry_run(target: str, tmp_path: Path) -> str:
    """``make -n target`` as on a fresh clone: no stamps, no venv."""
    return dry_run(target, tmp_path / "stamps", tmp_path / "venv") + "\n"


def dry_run(target: str, stamps: Path, venv: Path, *settings: str) -> str:
    env = {k: v for k, v in os.environ.items()
           if k not in ("MAKEFLAGS", "RENDER_CLUSTER", "RENDER_CACHE")}
    result = subprocess.run(
        ["make", "-n", "--no-print-directory", target, f"STAMPS={stamps}", f"VENV={venv}",
         *settings],
        cwd=ROOT, capture_output=True, text=True, check=True, env=env)
    return result.stdout


@pytest.mark.parametrize("target", ["html", "scenes", "regenerate", "devserver", "expected",
                                    "frames"])
def test_build_targets_set_up_the_build_only(target: str, tmp_path: Path) -> None:
    commands = fresh_dry_run(target, tmp_path)
    assert SYSTEM_HTML in commands and VENV in commands and NODE_BUILD in commands
    for other in (SYSTEM_PUBLISH, SYSTEM_TEST, TEST_TOOLS, NODE_CHECKS):
        assert other not in commands


CLUSTER_TOOLS = "-m pip install --quiet -e '.[cluster]'"


@pytest.mark.parametrize("target", ["html", "scenes", "regenerate", "devserver", "publish"])
@pytest.mark.parametrize("setting", ["RENDER_CLUSTER=local", "RENDER_CACHE=/mnt/renders"])
def test_rendering_past_one_machine_sets_up_dask_and_fsspec(
        target: str, setting: str, tmp_path: Path) -> None:
    without = fresh_dry_run(target, tmp_path)
    assert CLUSTER_TOOLS not in without
    with_setting = dry_run(target, tmp_path / "stamps", tmp_path / "venv", setting)
    assert CLUSTER_TOOLS in with_setting
    assert with_setting.index(VENV) < with_setting.index(CLUSTER_TOOLS)


def test_serve_sets_up_the_venv_only(tmp_path: Path) -> None:
    commands = fresh_dry_run("serve", tmp_path)
    assert VENV in commands and "-m pipeline.serve --output" in commands
    for other in ("npm ci", SYSTEM_PUBLISH, SYSTEM_TEST, TEST_TOOLS):
        assert other not in commands


@pytest.mark.parametrize("target", ["publish", "github", "rsync_upload"])
def test_publish_sets_up_java_and_the_checker_but_no_browser_or_test_tools(
        target: str, tmp_path: Path) -> None:
    commands = fresh_dry_run(target, tmp_path)
    assert SYSTEM_HTML in commands and SYSTEM_PUBLISH in commands and VENV in commands
    assert NODE_CHECKS in commands  # vnu-jar is a devDependency: the full npm ci
    assert SYSTEM_TEST not in commands and TEST_TOOLS not in commands
    assert commands.index(SYSTEM_PUBLISH) < commands.index(NODE_CHECKS)  # Java first


def test_test_sets_up_everything(tmp_path: Path) -> None:
    commands = fresh_dry_run("test", tmp_path)
    for step in (SYSTEM_TEST, VENV, TEST_TOOLS, NODE_CHECKS):
        assert step in commands
    assert "-m pytest" in commands


def test_lint_needs_the_test_tools_but_no_system_test_set_up(tmp_path: Path) -> None:
    commands = fresh_dry_run("lint", tmp_path)
    assert TEST_TOOLS in commands and "-m ruff check ." in commands
    assert SYSTEM_TEST not in commands and "npm ci" not in commands


def test_each_venv_has_its_own_stamps(tmp_path: Path) -> None:
    """A second venv (the suite under another Python) is built even when the first is set up."""
    stamps, first, second = tmp_path / "stamps", tmp_path / "a", tmp_path / "b"
    assert VENV in dry_run("serve", stamps, first)
    (stamps / ("venv" + str(first).replace("/", "_"))).mkdir(parents=True)
    (stamps / ("venv" + str(first).replace("/", "_")) / "html").touch()
    (stamps / "system-html").touch()
    assert VENV not in dry_run("serve", stamps, first)
    assert VENV in dry_run("serve", stamps, second)



def test_make_serve_with_no_output_yet_says_to_run_make_html(tmp_path: Path) -> None:
    result = subprocess.run(["make", "--no-print-directory", "serve",
                             f"OUTPUTDIR={tmp_path / 'output'}"],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert f"{tmp_path / 'output'} does not exist yet: run `make html` first" in result.stderr
