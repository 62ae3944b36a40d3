"""``python -m pipeline.gate``: the gate on its own, on a small hand-written site."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.pipeline.conftest import ROOT


def run_gate(site: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pipeline.gate", str(site), "--siteurl", "https://example.org/nn",
         "--content", str(site.parent / "content"), "--quality", "test",
         "--no-html-validation", *arguments],
        cwd=ROOT, capture_output=True, text=True, timeout=60, env={**os.environ})


def test_a_site_with_a_problem_fails_and_names_it(tmp_path: Path) -> None:
    site = tmp_path / "output"
    site.mkdir()
    (site / "index.html").write_text('<p>x</p>\n<a href="gone.html">gone</a>\n')
    result = run_gate(site, "--require", "sitemap.xml")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "output/index.html:2: link target not found: gone.html",
        "output/sitemap.xml: missing (the publish settings ask for it)",
        f"gate: 2 problem(s) in {site}",
    ]


def test_a_good_site_passes(tmp_path: Path) -> None:
    site = tmp_path / "output"
    site.mkdir()
    (site / "index.html").write_text('<a href="#">top</a>\n')
    result = run_gate(site)
    assert (result.returncode, result.stderr) == (0, f"gate: 0 problem(s) in {site}\n")
