"""The Makefile honours pelican-quickstart's variables."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.paths import ROOT as PROJECT_ROOT

ROOT = PROJECT_ROOT


def test_make_html_builds_another_content_folder(tmp_path: Path) -> None:
    output = tmp_path / "out"
    result = subprocess.run(
        ["make", "--no-print-directory", "html", f"INPUTDIR={ROOT}/tests/fixtures/site",
         f"OUTPUTDIR={output}", "QUALITY=test"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert (output / "fixture-article.html").is_file()
    assert "quality test" in result.stderr
