"""Build the fixture site and read it back as {relative path: comparable content}.

Used by the whole-site test and by `make expected`, which rewrites the expected
tree on purpose (as Pelican's own functional tests do).
"""

from __future__ import annotations

import io
import shutil
import tempfile
from pathlib import Path

from rich.console import Console

from pipeline.build import build
from scenes.render.manifest import PROJECT_ROOT

FIXTURE_CONTENT = PROJECT_ROOT / "tests" / "fixtures" / "site"
EXPECTED = PROJECT_ROOT / "tests" / "pipeline" / "expected"
TEXT_SUFFIXES = {".html", ".xml", ".css", ".js", ".txt"}
# Names compared, not bytes: files copied verbatim (KaTeX, the theme's static files) and
# Pagefind's search bundle, whose bytes are its own (pinned in package.json) and whose
# index and fragment names are hashes of what it indexed: a change of content or of
# the templates' indexed parts shows up as renamed files.
VERBATIM = ("vendor/", "theme/", "pagefind/")


def build_fixture_site(output: Path) -> None:
    console = Console(file=io.StringIO())
    status = build(FIXTURE_CONTENT, output, PROJECT_ROOT / "pelicanconf.py", "test", 1, console)
    if status != 0:
        raise RuntimeError(console.file.getvalue())


def snapshot(tree: Path) -> dict[str, str]:
    """Text files by content; other files by size; verbatim third-party files by name."""
    files: dict[str, str] = {}
    for path in sorted(p for p in tree.rglob("*") if p.is_file()):
        name = path.relative_to(tree).as_posix()
        if name.startswith(VERBATIM):
            files[name] = ""
        elif path.suffix in TEXT_SUFFIXES:
            files[name] = path.read_text(encoding="utf-8")
        else:
            files[name] = f"<{path.stat().st_size} bytes>"
    return files


def read_expected() -> dict[str, str]:
    """The committed tree, in the same form as ``snapshot``."""
    return {path.relative_to(EXPECTED).as_posix(): path.read_text(encoding="utf-8")
            for path in sorted(p for p in EXPECTED.rglob("*") if p.is_file())}


def regenerate() -> None:
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "output"
        build_fixture_site(output)
        shutil.rmtree(EXPECTED, ignore_errors=True)
        EXPECTED.mkdir(parents=True)
        for name, content in snapshot(output).items():
            target = EXPECTED / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content, encoding="utf-8")
    print(f"rewrote {EXPECTED.relative_to(PROJECT_ROOT)}")
