"""Shared fixtures: the fixture site, published once per test module to a bare repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.serve import make_server
from tests.paths import ROOT as PROJECT_ROOT
from tests.pipeline.fault_project import Published, tree_digest  # noqa: F401 (shared)

ROOT = PROJECT_ROOT
FIXTURE = ROOT / "tests" / "fixtures" / "site"
SITEURL = "https://example.org/nn-article"


def run_publish(project: Path, *arguments: str, env: dict[str, str] | None = None
                ) -> subprocess.CompletedProcess[str]:
    """``python -m pipeline.publish`` on ``project/content`` at the test profile."""
    return subprocess.run(
        [sys.executable, "-m", "pipeline.publish", "--content", str(project / "content"),
         "--output", str(project / "output"), "--quality", "test", *arguments],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={**os.environ, "COLUMNS": "250", **(env or {})},
    )


def run_build(content: Path, output: Path) -> subprocess.CompletedProcess[str]:
    """``python -m pipeline.build`` of ``content`` into ``output`` at the test profile, run
    from beside them (as an author runs it), its messages one line each."""
    return subprocess.run(
        [sys.executable, "-m", "pipeline.build", "--content", str(content),
         "--output", str(output), "--quality", "test"],
        cwd=content.parent, capture_output=True, text=True, timeout=180,
        env={**os.environ, "COLUMNS": "250"},
    )


def git(repository: Path, *arguments: str) -> str:
    return subprocess.run(["git", *arguments], cwd=repository, capture_output=True, text=True,
                          check=True).stdout.strip()


def branch_head(remote: Path, branch: str = "gh-pages") -> str:
    return git(remote, "rev-parse", f"refs/heads/{branch}")


@pytest.fixture(scope="session")
def published(tmp_path_factory: pytest.TempPathFactory) -> Published:
    """The fixture site published (test profile) to a fresh bare repository."""
    site = Published(tmp_path_factory.mktemp("published"))
    shutil.copytree(FIXTURE, site.content)
    subprocess.run(["git", "init", "--quiet", "--bare", str(site.remote)], check=True)
    result = run_publish(site.root, "--siteurl", SITEURL, "--deploy", "github",
                         "--remote", str(site.remote), "--cname", "nn.example.org")
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture
def copy_of(published: Published, tmp_path: Path) -> Published:
    """A private copy of the published project, remote included, to change and break."""
    copy = Published(tmp_path / "project")
    shutil.copytree(published.root, copy.root, symlinks=True)
    return copy


@pytest.fixture
def served(published: Published, tmp_path: Path) -> Iterator[tuple[Path, int]]:
    """A copy of the published site, served by the project's server: (folder, port)."""
    site = tmp_path / "output"
    shutil.copytree(published.output, site)
    server = make_server(site, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield site, server.server_address[1]
    server.shutdown()
    server.server_close()
