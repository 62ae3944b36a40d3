"""``python -m scenes.render``: render scenes by name, or every scene the content uses.

    python -m scenes.render --quality draft                  # what content/ refers to
    python -m scenes.render --quality test ShowLinearSeparableDataPoints.mp4
    python -m scenes.render --themes dark --open ShowNonLinearFunctions
    python -m scenes.render --all                           # every scene, as video
    python -m scenes.render --render-cluster local --render-cache /mnt/renders

Each rendered file's path is printed (one line per scene and theme), so it can
be opened, copied or compared; ``--open`` opens them in the desktop's viewer.
"""

from __future__ import annotations

import argparse
import os
import sys
import webbrowser
from pathlib import Path, PurePosixPath

from rich.console import Console

from scenes.drawing.themes import parse_themes

from . import (
    DEFAULT_PROFILE,
    PROFILES,
    PROJECT_ROOT,
    RenderSettingError,
    add_render_options,
    default_jobs,
    render_scenes,
)
from .catalog import read_catalog
from .manifest import Manifest, RenderedScene


def _themes(text: str) -> tuple[str, ...]:
    try:
        return parse_themes(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scenes.render", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="*", help="Scene.mp4 / Scene.jpg / SceneName")
    parser.add_argument("--quality", choices=sorted(PROFILES),
                        default=os.environ.get("QUALITY") or DEFAULT_PROFILE)
    parser.add_argument("--jobs", type=int, default=int(os.environ.get("JOBS") or 0) or None)
    parser.add_argument("--themes", type=_themes, default=os.environ.get("THEMES") or "",
                        help="themes to render in, comma separated (default: every theme)")
    parser.add_argument("--content", type=Path, default=PROJECT_ROOT / "content",
                        help="render what this content folder refers to (default)")
    parser.add_argument("--all", action="store_true", help="render every scene as a video")
    parser.add_argument("--open", action="store_true",
                        help="open each rendered file in the desktop's viewer")
    add_render_options(parser)
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
    themes = arguments.themes or parse_themes("")
    try:
        result = render_scenes(names, arguments.quality, arguments.jobs or default_jobs(),
                               themes=themes, console=console,
                               cluster=arguments.render_cluster,
                               shared_cache=arguments.render_cache)
    except RenderSettingError as error:
        console.print(f"[red]error:[/] {error}", highlight=False, soft_wrap=True)
        return 1
    for name in result.unknown:
        console.print(f"[yellow]not a scene:[/] {name}")
    for failure in result.failures:
        console.print(f"[red]error:[/] {failure}")
    outputs = output_files(Manifest.read(result.manifest), names, themes)
    for path in outputs:
        print(path)  # stdout: the paths alone, for a pipe
    fetched = f"{len(result.fetched)} fetched, " if result.fetched else ""
    console.print(f"{len(result.rendered)} rendered, {fetched}{len(result.cached)} cached, "
                  f"{len(result.failures)} failed ({arguments.quality}, "
                  f"{result.seconds:.1f} s)")
    if arguments.open:
        for path in outputs:
            if not webbrowser.open(path.as_uri()):
                console.print(f"[yellow]no viewer to open[/] {path}")
    return 1 if result.failures else 0


def output_files(manifest: Manifest, names: list[str], themes: tuple[str, ...]) -> list[Path]:
    """The rendered file behind each requested name, in each theme (videos, else stills)."""
    paths: list[Path] = []
    for name in dict.fromkeys(names):
        scene = manifest.scene_for(PurePosixPath(name).stem)
        for theme in themes:
            render: RenderedScene | None = manifest.render(scene, theme) if scene else None
            if render is not None:
                wanted = PurePosixPath(name).suffix.lower()
                path = render.video if wanted == ".mp4" and render.video else render.media(
                    ".png" if wanted in (".mp4", "") else wanted)
                if path not in paths:
                    paths.append(path)
    return paths


if __name__ == "__main__":
    sys.exit(main())
