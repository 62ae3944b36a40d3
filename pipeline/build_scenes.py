"""``make scenes``: render the scenes the articles of a content folder use, and nothing else.

    python -m pipeline.build_scenes --content content --quality draft [--themes dark]

The articles are read through the article format (a mistake in one is
reported as ``path:line: message`` and nothing renders); the scene files they
name go to the render driver as ``python -m scenes.render`` would render them
by name, with the same options (``--quality``, ``--jobs``, ``--themes``,
``--render-cluster``, ``--render-cache``, ``--scene-time-limit``, ``--open``).
It lives here, not in ``scenes/``, because the render package must not read
articles: data flows from the scenes to the plugin, never back.
"""

from __future__ import annotations

import sys
from pathlib import Path

from rich.console import Console

from plugins.article_markdown.format import requested_scene_files
from scenes.render.command import make_parser, render_named
from scenes.render.manifest import PROJECT_ROOT

__all__ = ["main"]


def main(argv: list[str] | None = None) -> int:
    parser = make_parser("python -m pipeline.build_scenes", __doc__)
    parser.add_argument("--content", type=Path, default=PROJECT_ROOT / "content",
                        help="render what this content folder's articles use (default: content/)")
    arguments = parser.parse_args(argv)
    console = Console(stderr=True)
    names, errors = requested_scene_files(arguments.content)
    for error in errors:
        console.print(f"[red]error:[/] {error}", highlight=False, soft_wrap=True)
    if errors:
        return 1
    try:
        return render_named(names, arguments, console)
    except KeyboardInterrupt:
        console.print("stopped (Ctrl-C): the renders that finished are kept", highlight=False)
        return 130


if __name__ == "__main__":
    sys.exit(main())
