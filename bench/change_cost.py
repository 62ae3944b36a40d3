"""What a change costs an author: the files touched, and what the suite says afterwards.

Each scenario is a change a new user makes, applied to a fresh copy of the
committed tree (a git worktree in a temporary folder, sharing this checkout's
.venv and node_modules), then the whole test suite runs there. A failing test
after the change names a file the author would also have had to edit (a list
kept by hand, a second parser, a version to bump); none failing means the
files the scenario touched were all it took.

    .venv/bin/python bench/change_cost.py                    # every scenario
    .venv/bin/python bench/change_cost.py add-scene          # one of them

Scenarios:

- ``add-scene``: a new scene module (its beats, with their words) and an ``!mp4``
  of it in the article;
  then, as the suite asks, ``make frames`` writes its reference frames (as
  ``make expected`` writes the whole site's expected output when a walk changes it);
- ``add-mp4-option``: a new ``!mp4`` option (``preload``: fetch the video with
  the page), declared in the format, built into the HTML, with its test;
- ``change-cache-key``: the key also covers FFmpeg's version;
- ``add-palette-colour``: a new colour role (``emphasis``) in both themes, as a
  scene reads it (``self.palette.emphasis``).

Takes a few minutes per scenario (a full suite run each, renders included).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = ROOT / ".venv" / "bin" / "python"
ARTICLE = "content/articles/neural-networks-through-linear-algebra.md"

NEW_SCENE = '''"""A scene added by bench/change_cost.py: a circle drawn in the palette's colours."""

from __future__ import annotations

from manim import Circle, Create

from scenes.bases.beats import BeatText, beat
from scenes.bases.themed import ThemedScene

__all__ = ["BenchAddedCircle"]


class BenchAddedCircle(ThemedScene):
    """One circle, drawn, then held."""

    # A published video's words, for readers who cannot watch it (scenes/bases/beats.py).
    beat_texts = {
        "draw": BeatText("畫一個圓", "一個圓從頂端開始，一筆畫完。"),
        "hold": BeatText("停在圓上", "畫好的圓停在畫面中央。"),
    }

    def construct(self) -> None:
        self.draw()
        self.hold()

    @beat("draw")
    def draw(self) -> None:
        self.play(Create(Circle(color=self.palette.class_0)), run_time=1)

    @beat("hold")
    def hold(self) -> None:
        self.wait(1)
'''
NEW_FIGURE = ("!mp4\n- images/manim/BenchAddedCircle.mp4\n"
              "- 一個畫出來的圓。留意它是怎麼一筆畫完的。\n\n")


def _edit(tree: Path, path: str, old: str, new: str) -> None:
    file = tree / path
    text = file.read_text(encoding="utf-8")
    if old not in text:
        raise SystemExit(f"{path} no longer holds the text this scenario edits: update it")
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def add_scene(tree: Path) -> list[str]:
    (tree / "scenes" / "bench_added.py").write_text(NEW_SCENE, encoding="utf-8")
    article = (tree / ARTICLE).read_text(encoding="utf-8")
    # Before the closing quotation, which ends the article.
    last_quote = article.rindex("\n!quote\n")
    (tree / ARTICLE).write_text(article[:last_quote + 1] + NEW_FIGURE + article[last_quote + 1:],
                                encoding="utf-8")
    return ["scenes/bench_added.py", ARTICLE]


def add_mp4_option(tree: Path) -> list[str]:
    # The !mp4 directive declares its options and builds its HTML in one module.
    video = "plugins/article_markdown/directives/video.py"
    _edit(tree, video, '''            Option("controls", "show the browser's controls"),''',
          '''            Option("controls", "show the browser's controls"),
            Option("preload", "fetch the video with the page"),''')
    _edit(tree, video, '''        attributes["preload"] = "none"''',
          '''        attributes["preload"] = "auto" if "preload" in options else "none"''')
    test = "tests/plugins/article_markdown/test_directives.py"
    text = (tree / test).read_text(encoding="utf-8")
    (tree / test).write_text(text + '''

def test_the_preload_option(tmp_path) -> None:
    import markdown

    content = make_content(tmp_path)
    resolver = MediaResolver(content, tmp_path / "manifest.json")
    html = markdown.markdown("!mp4\\n- options: preload\\n- images/clip.mp4",
                             extensions=[DirectiveExtension(resolver)])
    assert 'preload="auto"' in html
''', encoding="utf-8")
    return [video, test]


def change_cache_key(tree: Path) -> list[str]:
    cache = "scenes/render/cache.py"
    key_parts = "                 json.dumps(entry_files(scene.name), sort_keys=True)"
    _edit(tree, cache, key_parts + "):", key_parts + ", _ffmpeg_version()):")
    text = (tree / cache).read_text(encoding="utf-8")
    (tree / cache).write_text(text + '''

def _ffmpeg_version() -> str:
    """The first line of ``ffmpeg -version``: another FFmpeg may encode other bytes."""
    import subprocess

    run = subprocess.run(["ffmpeg", "-version"], capture_output=True, text=True, check=True)
    return run.stdout.splitlines()[0]
''', encoding="utf-8")
    return [cache]


def add_palette_colour(tree: Path) -> list[str]:
    themes, palette = "scenes/drawing/themes.py", "scenes/drawing/palette.py"
    _edit(tree, themes, "    highlight: str\n", "    highlight: str\n    emphasis: str\n")
    _edit(tree, themes, '"highlight", "correct", "wrong")',
          '"highlight", "emphasis", "correct", "wrong")')
    for highlight, emphasis in (("#FFE066", "#FF9F43"), ("#B45309", "#B8430A")):  # dark, light
        _edit(tree, themes, f'highlight="{highlight}",\n',
              f'highlight="{highlight}",\n        emphasis="{emphasis}",\n')
    # The Manim side of the palette names every role once more, typed for scenes.
    _edit(tree, palette, "    highlight: ManimColor\n",
          "    highlight: ManimColor\n    emphasis: ManimColor\n")
    return [themes, palette]


SCENARIOS: dict[str, Callable[[Path], list[str]]] = {
    "add-scene": add_scene, "add-mp4-option": add_mp4_option,
    "change-cache-key": change_cache_key, "add-palette-colour": add_palette_colour,
}


def run(command: list[str], tree: Path) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONPATH": str(tree)}
    return subprocess.run(command, cwd=tree, capture_output=True, text=True, env=environment)


def failing_tests(tree: Path) -> list[str]:
    suite = run([str(PYTHON), "-m", "pytest", "-q", "-n", "2", "--dist", "loadgroup",
                 "-p", "no:cacheprovider"], tree)
    # pytest's short summary: "FAILED path::test - reason" (and ERROR lines likewise).
    return sorted({line[:300] for line in suite.stdout.splitlines()
                   if line.startswith(("FAILED ", "ERROR tests/"))})


# A failing test that compares with stored output, and the command its message names
# (`make frames`, `make expected`): files it writes are generated, not touched by hand.
REGENERATE = {
    "tests/scenes/test_frames.py": "tests.scenes.regenerate_frames",
    "test_fixture_site_matches_expected_output": "tests.pipeline.regenerate_expected",
}


def _changed(tree: Path) -> list[str]:
    """Paths git sees changed or new in the worktree (files, not folders)."""
    status = run(["git", "status", "--porcelain", "--untracked-files=all"], tree).stdout
    return [line[3:] for line in status.splitlines()]


def share_set_up(tree: Path) -> None:
    """The worktree uses this checkout's .venv and node_modules, and make must believe them
    set up: its stamps are copied in (the venv's under the name the worktree's path gives
    it) and made newer than the worktree's fresh pyproject.toml and package files.
    Otherwise a test that runs `make html` there would `pip install -e` the worktree into
    the shared venv and `npm ci` the shared node_modules away."""
    for shared in (".venv", "node_modules"):
        (tree / shared).symlink_to(ROOT / shared)
    if (ROOT.parent / "shared").is_dir():  # the seed draft the tests compare with
        (tree.parent / "shared").symlink_to(ROOT.parent / "shared")
    stamps, copied = ROOT / ".cache" / "setup", tree / ".cache" / "setup"
    venv_stamps = "venv" + str(ROOT / ".venv").replace("/", "_")
    if not (stamps / venv_stamps).is_dir():
        raise SystemExit(f"{ROOT} is not set up: run `make test` there first")
    shutil.copytree(stamps, copied, ignore=shutil.ignore_patterns("venv_*"))
    shutil.copytree(stamps / venv_stamps, copied / ("venv" + str(tree / ".venv").replace("/", "_")))
    for stamp in copied.rglob("*"):
        stamp.touch()


def measure(name: str) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix=f"change-{name}-") as folder:
        tree = Path(folder) / "tree"
        # Readable by all, as a checkout is: a set-up test runs setup.sh as another user.
        Path(folder).chmod(0o755)
        subprocess.run(["git", "worktree", "add", "--detach", "-q", str(tree), "HEAD"],
                       cwd=ROOT, check=True)
        try:
            share_set_up(tree)
            started = time.monotonic()
            touched = SCENARIOS[name](tree)
            lint = run([str(PYTHON), "-m", "ruff", "check", "."], tree)
            failing = failing_tests(tree)
            generated: list[str] = []
            asked = [command for test, command in REGENERATE.items()
                     if any(test in failed for failed in failing)]
            if asked:
                edited = set(_changed(tree))
                for command in asked:  # what the failing test tells the author to run
                    run([str(PYTHON), "-m", command], tree)
                generated = sorted({f"{Path(path).parent}/"
                                    for path in set(_changed(tree)) - edited})
                failing = failing_tests(tree)
            return {"scenario": name, "touched": touched, "generated": generated,
                    "ruff": "clean" if lint.returncode == 0 else lint.stdout.strip(),
                    "failing": failing, "seconds": round(time.monotonic() - started)}
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT,
                           check=False)
            shutil.rmtree(tree, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("scenarios", nargs="*", help=f"some of: {', '.join(SCENARIOS)}")
    names = parser.parse_args(argv).scenarios or list(SCENARIOS)
    unknown = [name for name in names if name not in SCENARIOS]
    if unknown:
        parser.error(f"unknown scenario {unknown[0]!r} (known: {', '.join(SCENARIOS)})")
    worst = 0
    for name in names:
        result = measure(name)
        print(f"{name}: {len(result['touched'])} file(s) touched by hand "
              f"({', '.join(result['touched'])})")
        if result["generated"]:
            print("  then, as the failing tests asked (`make frames`, `make expected`), "
                  f"regenerated: {', '.join(result['generated'])}")
        print(f"  ruff: {result['ruff']}")
        print(f"  tests failing afterwards: {len(result['failing'])} ({result['seconds']} s)")
        for line in result["failing"]:
            print(f"    {line}")
        worst = max(worst, len(result["failing"]))
    return 1 if worst else 0


if __name__ == "__main__":
    sys.exit(main())
