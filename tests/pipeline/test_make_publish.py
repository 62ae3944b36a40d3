"""The Makefile's publishing targets pass the variables through (dry runs: nothing built)."""

from __future__ import annotations

import os
import subprocess

import pytest

from tests.paths import ROOT as PROJECT_ROOT

ROOT = PROJECT_ROOT
pytestmark = pytest.mark.xdist_group("publish")

_VARIABLES = ("QUALITY", "SITEURL", "DEPLOY", "PUBLISH_REMOTE", "PUBLISH_BRANCH", "PUBLISH_CNAME",
              "RSYNC_TARGET", "PRECOMPRESS", "JOBS")


def dry_run(target: str, *variables: str, env: dict[str, str] | None = None) -> str:
    """The command ``make -n target`` would run for the target itself."""
    clean = {k: v for k, v in os.environ.items() if k not in _VARIABLES and k != "MAKEFLAGS"}
    result = subprocess.run(["make", "-n", target, *variables], cwd=ROOT, capture_output=True,
                            text=True, check=True, env={**clean, **(env or {})})
    lines = result.stdout.replace("\\\n", " ").splitlines()  # join continued recipe lines
    [line] = [line for line in lines if "-m pipeline." in line]
    return " ".join(line.split())


def test_publish_renders_at_publish_quality_and_deploys_nothing_by_default() -> None:
    command = dry_run("publish")
    assert "-m pipeline.publish" in command
    assert "--quality publish" in command
    assert f'--settings "{ROOT}/publishconf.py"' in command
    assert "--deploy" not in command and "--precompress" not in command
    assert '--remote "origin" --branch "gh-pages"' in command


def test_quality_given_on_the_command_line_or_environment_wins() -> None:
    assert "--quality test" in dry_run("publish", "QUALITY=test")
    assert "--quality draft" in dry_run("publish", env={"QUALITY": "draft"})


def test_github_target_and_its_variables() -> None:
    command = dry_run("github", "SITEURL=https://nn.example.org", "PUBLISH_REMOTE=upstream",
                      "PUBLISH_BRANCH=site", "PUBLISH_CNAME=nn.example.org", "PRECOMPRESS=1")
    assert "--deploy github" in command
    assert '--siteurl "https://nn.example.org"' in command
    assert '--remote "upstream" --branch "site"' in command
    assert '--cname "nn.example.org"' in command
    assert "--precompress" in command


def test_rsync_upload_and_deploy_variable() -> None:
    command = dry_run("rsync_upload", "RSYNC_TARGET=web:/srv/site")
    assert '--deploy rsync' in command and '--rsync-target "web:/srv/site"' in command
    assert "--deploy github" in dry_run("publish", "DEPLOY=github")
    assert "--precompress" not in dry_run("publish", "PRECOMPRESS=0")


def test_serve_and_devserver() -> None:
    assert "-m pipeline.serve --output" in dry_run("serve", "PORT=8123")
    assert "--port 8123" in dry_run("serve", "PORT=8123")
    devserver = dry_run("devserver")
    assert "-m pipeline.serve --watch" in devserver
    assert f'--settings "{ROOT}/pelicanconf.py"' in devserver and "--quality draft" in devserver
