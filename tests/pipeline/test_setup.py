"""The set-up script: installs nothing when all is there; as non-root it says what to run."""

from __future__ import annotations

import os
import subprocess

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
