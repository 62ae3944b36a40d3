"""``python -m scenes.render``: render scenes by name, and print where each file is.

    python -m scenes.render --quality test ShowLinearSeparableDataPoints.mp4
    python -m scenes.render --themes dark --open ShowNonLinearFunctions
    python -m scenes.render --all                           # every scene, as video
    python -m scenes.render --render-cluster local --render-cache /mnt/renders Scene

Each rendered file's path is printed (one line per scene and theme), so it can
be opened, copied or compared; ``--open`` opens them in the desktop's viewer.
The scenes an article uses are rendered by ``make scenes`` (``python -m
pipeline.scenes``), which reads the articles and hands their names to
``render_named`` here: the render package never reads articles itself.
"""

from __future__ import annotations

import argparse
import os
import webbrowser
from pathlib import Path, PurePosixPath

from rich.console import Console
from rich.table import Table

from scenes.drawing.themes import parse_themes

from .catalog import read_catalog
from .driver import render_scenes
from .manifest import PROJECT_ROOT, Manifest, RenderedScene
from .profiles import DEFAULT_PROFILE, PROFILES
from .settings import RenderSettingError, add_render_options, default_jobs

__all__ = ["main", "make_parser", "output_files", "render_named"]


def _themes(text: str) -> tuple[str, ...]:
    try:
        return parse_themes(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def make_parser(prog: str = "python -m scenes.render",
                description: str | None = __doc__) -> argparse.ArgumentParser:
    """The render options every render command shares (quality, jobs, themes, ...)."""
    parser = argparse.ArgumentParser(prog=prog, description=description,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quality", choices=sorted(PROFILES),
                        default=os.environ.get("QUALITY") or DEFAULT_PROFILE)
    parser.add_argument("--jobs", type=int, default=int(os.environ.get("JOBS") or 0) or None)
    parser.add_argument("--themes", type=_themes, default=os.environ.get("THEMES") or "",
                        help="themes to render in, comma separated (default: every theme)")
    parser.add_argument("--open", action="store_true",
                        help="open each rendered file in the desktop's viewer")
    add_render_options(parser)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = make_parser()
    parser.add_argument("files", nargs="*", help="Scene.mp4 / Scene.jpg / SceneName")
    parser.add_argument("--all", action="store_true", help="render every scene as a video")
    arguments = parser.parse_args(argv)
    if arguments.all:
        names = [f"{name}.mp4" for name in read_catalog(PROJECT_ROOT / "scenes").scenes]
    elif arguments.files:
        names = [name if "." in name else f"{name}.mp4" for name in arguments.files]
    else:
        parser.error("name the scenes to render (or --all); `make scenes` renders "
                     "the ones content/ uses")
    console = Console(stderr=True)
    try:
        return render_named(names, arguments, console)
    except KeyboardInterrupt:  # the workers are stopped by now: one line, no traceback
        console.print("stopped (Ctrl-C): the renders that finished are kept", highlight=False)
        return 130


def render_named(names: list[str], arguments: argparse.Namespace, console: Console) -> int:
    """Render the scene files ``names`` with the options of ``make_parser``; print the
    path of each rendered file (stdout) and a summary (``console``); the exit status."""
    themes = arguments.themes or parse_themes("")
    try:
        result = render_scenes(names, arguments.quality, arguments.jobs or default_jobs(),
                               themes=themes, console=console,
                               cluster=arguments.render_cluster,
                               shared_cache=arguments.render_cache,
                               time_limit=arguments.scene_time_limit)
    except RenderSettingError as error:
        console.print(f"[red]error:[/] {error}", highlight=False, soft_wrap=True)
        return 1
    for name in result.unknown:
        console.print(f"[yellow]not a scene:[/] {name}")
    for failure in result.failures:
        console.print(f"[red]error:[/] {failure}", highlight=False, soft_wrap=True)
    manifest = Manifest.read(result.manifest)
    outputs = output_files(manifest, names, themes)
    for path in outputs:
        print(path)  # stdout: the paths alone, for a pipe
    for table in beat_tables(manifest, names):
        console.print(table)
    fetched = f"{len(result.fetched)} fetched, " if result.fetched else ""
    encoded = f"{len(result.encoded)} rendition(s) encoded, " if result.encoded else ""
    console.print(f"{len(result.rendered)} rendered, {fetched}{len(result.cached)} cached, "
                  f"{encoded}{len(result.failures)} failed ({arguments.quality}, "
                  f"{result.seconds:.1f} s)")
    if arguments.open:
        for path in outputs:
            if not webbrowser.open(path.as_uri()):
                console.print(f"[yellow]no viewer to open[/] {path}")
    return 1 if result.failures else 0


def beat_tables(manifest: Manifest, names: list[str]) -> list[Table]:
    """A table of each requested video's story beats: times, where each is called, words.

    Beats without words are marked: a publish render refuses them.
    """
    tables = []
    for scene in dict.fromkeys(manifest.scene_for(PurePosixPath(name).stem) for name in names):
        render = manifest.render(scene) if scene else None
        if render is None or not render.beats:
            continue
        table = Table(title=f"{scene}: {len(render.beats)} beats", title_justify="left")
        for column in ("#", "start", "end", "beat", "where", "title", "description"):
            table.add_column(column, overflow="fold")
        for number, beat in enumerate(render.beats, start=1):
            table.add_row(str(number), f"{beat.start:.2f}", f"{beat.end:.2f}", beat.key,
                          beat.where, beat.title or "[red]none[/]",
                          beat.description or "[red]none[/]")
        tables.append(table)
    return tables


def output_files(manifest: Manifest, names: list[str], themes: tuple[str, ...]) -> list[Path]:
    """The rendered file behind each requested name, in each theme (videos, else stills)."""
    paths: list[Path] = []
    for name in dict.fromkeys(names):
        scene = manifest.scene_for(PurePosixPath(name).stem)
        for theme in themes:
            render: RenderedScene | None = manifest.render(scene, theme) if scene else None
            if render is not None:
                wanted = PurePosixPath(name).suffix.lower()
                # A video: the file its page names (H.264), each rendition beside it.
                path = render.media(".mp4") if wanted == ".mp4" and render.master else \
                    render.media(".png" if wanted in (".mp4", "") else wanted)
                if path not in paths:
                    paths.append(path)
    return paths
