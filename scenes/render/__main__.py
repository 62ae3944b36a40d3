"""``python -m scenes.render``: render scenes by name, or every scene the content uses.

    python -m scenes.render --quality draft                  # what content/ refers to
    python -m scenes.render --quality test ShowLinearSeparableDataPoints.mp4
    python -m scenes.render --all                           # every scene, as video
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from rich.console import Console

from . import DEFAULT_PROFILE, PROFILES, PROJECT_ROOT, default_jobs, render_scenes
from .catalog import read_catalog


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scenes.render", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="*", help="Scene.mp4 / Scene.jpg / SceneName")
    parser.add_argument("--quality", choices=sorted(PROFILES),
                        default=os.environ.get("QUALITY") or DEFAULT_PROFILE)
    parser.add_argument("--jobs", type=int, default=int(os.environ.get("JOBS") or 0) or None)
    parser.add_argument("--content", type=Path, default=PROJECT_ROOT / "content",
                        help="render what this content folder refers to (default)")
    parser.add_argument("--all", action="store_true", help="render every scene as a video")
    arguments = parser.parse_args(argv)
    console = Console(stderr=True)

    if arguments.all:
        names = [f"{name}.mp4" for name in read_catalog(PROJECT_ROOT / "scenes").scenes]
    elif arguments.files:
        names = [name if "." in name else f"{name}.mp4" for name in arguments.files]
    else:
        from plugins.article_markdown.format import requested_scene_files

        names, errors = requested_scene_files(arguments.content)
        for error in errors:
            console.print(f"[red]error:[/] {error}", highlight=False, soft_wrap=True)
        if errors:
            return 1
    result = render_scenes(names, arguments.quality, arguments.jobs or default_jobs(),
                           console=console)
    for name in result.unknown:
        console.print(f"[yellow]not a scene:[/] {name}")
    for failure in result.failures:
        console.print(f"[red]error:[/] {failure}")
    console.print(f"{len(result.rendered)} rendered, {len(result.cached)} cached, "
                  f"{len(result.failures)} failed ({arguments.quality}, "
                  f"{result.seconds:.1f} s)")
    return 1 if result.failures else 0


if __name__ == "__main__":
    sys.exit(main())
