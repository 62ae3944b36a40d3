"""Build the theme's fixture site; shared by tests/theme and tests/browser.

The fixture content writes the directive HTML of notes/CONTRACTS.md out by hand, so
these tests exercise the theme alone. KaTeX's stylesheet and fonts (which the article
plugin copies into real builds) are copied from node_modules when present.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from tests.paths import ROOT as PROJECT_ROOT

ROOT = PROJECT_ROOT
HERE = Path(__file__).resolve().parent
CONTENT = HERE / "fixture_content"
SETTINGS = HERE / "fixture_settings.py"
KATEX_DIST = ROOT / "node_modules" / "katex" / "dist"


def build_fixture_site(output: Path, siteurl: str = "") -> Path:
    """Run Pelican on the fixture content into ``output``; return ``output``.

    ``siteurl`` set to an absolute URL builds it as publishconf.py would.
    """
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pelican",
            str(CONTENT),
            "-o",
            str(output),
            "-s",
            str(SETTINGS),
            "--fatal",
            "warnings",
            "--extra-settings",
            f"SITEURL={json.dumps(siteurl)}",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"pelican failed:\n{result.stdout}\n{result.stderr}")
    vendor = output / "vendor" / "katex"
    vendor.mkdir(parents=True, exist_ok=True)
    if KATEX_DIST.is_dir():
        shutil.copy2(KATEX_DIST / "katex.min.css", vendor / "katex.min.css")
        shutil.copytree(KATEX_DIST / "fonts", vendor / "fonts", dirs_exist_ok=True)
    else:  # keep the page free of 404s; math then renders with system fonts
        (vendor / "katex.min.css").write_text("/* katex not installed */\n", encoding="utf-8")
    return output
