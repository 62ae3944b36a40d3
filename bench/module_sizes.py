"""Lines per module of the project's own code, now and at another commit.

    .venv/bin/python bench/module_sizes.py                   # the working tree
    .venv/bin/python bench/module_sizes.py --against c92ae38 # and a commit, side by side

Counts every line of the Python modules under scenes/, plugins/, pipeline/ and
tests/ and of the theme's JavaScript, lists the largest, and every module over
the limit (400 lines). Exits 1 when one is over.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = ("scenes", "plugins", "pipeline", "tests", "theme/static/js")
SUFFIXES = (".py", ".js")
LIMIT = 400


def sizes_at(revision: str | None) -> dict[str, int]:
    """Path -> line count, of the working tree (``None``) or a commit."""
    listing = subprocess.run(
        ["git", "ls-tree", "-r", "--name-only", revision] if revision else
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    sizes = {}
    for path in listing:
        if not path.startswith(FOLDERS) or not path.endswith(SUFFIXES) \
                or "/fixtures/" in path or "/expected/" in path:
            continue
        if revision:
            text = subprocess.run(["git", "show", f"{revision}:{path}"], cwd=ROOT,
                                  capture_output=True, text=True, check=True).stdout
        elif (ROOT / path).is_file():
            text = (ROOT / path).read_text(encoding="utf-8")
        else:
            continue
        sizes[path] = text.count("\n")
    return sizes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--against", help="a commit to compare with")
    parser.add_argument("--top", type=int, default=12, help="how many of the largest to list")
    arguments = parser.parse_args(argv)
    now = sizes_at(None)
    before = sizes_at(arguments.against) if arguments.against else {}
    columns = f"{'module':58}{'lines':>7}" + (f"{arguments.against[:9]:>11}" if before else "")
    print(columns)
    for path, lines in sorted(now.items(), key=lambda item: -item[1])[:arguments.top]:
        print(f"{path:58}{lines:>7}" + (f"{before.get(path, '-'):>11}" if before else ""))
    over = {path: lines for path, lines in now.items() if lines > LIMIT}
    print(f"{len(now)} modules, {sum(now.values())} lines; over {LIMIT}: "
          f"{', '.join(f'{p} ({n})' for p, n in sorted(over.items())) or 'none'}")
    if before:
        old_over = {path: lines for path, lines in before.items() if lines > LIMIT}
        print(f"at {arguments.against}: {len(before)} modules, {sum(before.values())} lines; "
              f"over {LIMIT}: {', '.join(f'{p} ({n})' for p, n in sorted(old_over.items()))}")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
