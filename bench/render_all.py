"""Time a cold render of every scene at each profile, and weigh the videos it makes.

    .venv/bin/python bench/render_all.py --profiles draft,publish
    .venv/bin/python bench/render_all.py --profiles test --scenes ShowLinearSeparableDataPoints

For each profile, the scenes ``content/`` uses are rendered as it asks for them
(videos, and stills for ``.jpg`` references), exactly what ``make publish``
renders; ``--all-scenes`` renders every scene of ``scenes/`` as a video instead.
Each profile renders into an empty render cache in a temporary folder, so
nothing is cached, not even Manim's LaTeX; the project's own ``.cache/`` is
left alone. Reported per profile: wall time (the renders, then the encoding of
their renditions: the seconds of the latter apart), the total bytes of the
videos pages name (``S.mp4``: the H.264 rendition at the render's size; every
rendition's bytes are ``bench/video_bytes.py``'s), their total length, and bytes
per second of video (what a reader downloads for each second watched). ``--per-scene`` adds a line
for each scene; ``--json FILE`` writes the figures for later comparison.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from scenes.drawing.themes import DEFAULT_THEME, THEMES, parse_themes  # noqa: E402
from scenes.render.catalog import read_catalog  # noqa: E402
from scenes.render.driver import render_scenes  # noqa: E402
from scenes.render.manifest import Manifest  # noqa: E402
from scenes.render.profiles import PROFILES  # noqa: E402
from scenes.render.settings import default_jobs  # noqa: E402


def content_requests(content: Path) -> list[str]:
    """The scene files the content asks for, as the build reads them (``Scene.mp4``, ``X.jpg``)."""
    from plugins.article_markdown.format import requested_scene_files

    files, errors = requested_scene_files(content)
    if errors:
        raise SystemExit("\n".join(map(str, errors)))
    return files


def render_profile(profile: str, files: list[str], jobs: int, console: Console,
                   keep_in: Path | None = None, themes: tuple[str, ...] = THEMES) -> dict:
    """Render ``files`` cold at ``profile`` in ``themes``; the timing and each video's size
    and length (by theme)."""
    if keep_in is not None and (keep_in / profile).exists():
        raise SystemExit(f"{keep_in / profile} exists: a cold render needs an empty cache")
    with (contextlib.nullcontext(str(keep_in)) if keep_in is not None
          else tempfile.TemporaryDirectory(prefix=f"render-all-{profile}-")) as cache_root:
        started = time.monotonic()
        result = render_scenes(files, profile, jobs, themes=themes,
                               cache_root=Path(cache_root), console=console)
        seconds = time.monotonic() - started
        videos = {}
        for render in Manifest.read(result.manifest).all_renders():
            if render.master is not None:
                name = render.scene if render.theme == DEFAULT_THEME else \
                    f"{render.scene} ({render.theme})"
                videos[name] = {"bytes": render.media(".mp4").stat().st_size,
                                "theme": render.theme,
                                "duration": float(render.duration or 0.0),
                                "frames": render.frames}
    total_bytes = sum(video["bytes"] for video in videos.values())
    total_duration = sum(video["duration"] for video in videos.values())
    chosen = PROFILES[profile]
    return {
        "profile": profile, "width": chosen.width, "height": chosen.height, "fps": chosen.fps,
        "themes": list(themes), "bytes_by_theme": {
            theme: sum(video["bytes"] for video in videos.values() if video["theme"] == theme)
            for theme in themes},
        "jobs": jobs, "wall_seconds": round(seconds, 2), "rendered": len(result.rendered),
        "encode_seconds": round(result.encode_seconds, 2),
        "failures": [str(failure) for failure in result.failures],
        "video_bytes": total_bytes, "video_seconds": round(total_duration, 3),
        "bytes_per_video_second": round(total_bytes / total_duration) if total_duration else None,
        "scenes": videos,
    }


def summary_table(results: list[dict]) -> Table:
    table = Table(title="Cold render of all scenes")
    for column in ("profile", "size", "themes", "renders", "failed", "wall", "video bytes",
                   "by theme", "video length", "bytes / s of video"):
        table.add_column(column, justify="left" if column == "profile" else "right")
    for result in results:
        rate = result["bytes_per_video_second"]
        by_theme = ", ".join(f"{theme} {size:,}" for theme, size in
                             result["bytes_by_theme"].items())
        table.add_row(
            result["profile"], f"{result['width']}x{result['height']} {result['fps']} fps",
            ",".join(result["themes"]), str(result["rendered"]), str(len(result["failures"])),
            f"{result['wall_seconds']:.1f} s", f"{result['video_bytes']:,}", by_theme,
            f"{result['video_seconds']:.1f} s", f"{rate:,}" if rate else "-")
    return table


def scene_table(result: dict) -> Table:
    table = Table(title=f"{result['profile']}: each scene")
    for column in ("scene", "bytes", "length", "bytes / s"):
        table.add_column(column, justify="left" if column == "scene" else "right")
    for name, video in result["scenes"].items():
        rate = video["bytes"] / video["duration"] if video["duration"] else 0
        table.add_row(name, f"{video['bytes']:,}", f"{video['duration']:.1f} s", f"{rate:,.0f}")
    return table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--profiles", default="draft,publish",
                        help=f"comma-separated, of {', '.join(PROFILES)} (default: draft,publish)")
    parser.add_argument("--content", type=Path, default=ROOT / "content",
                        help="render the scenes this content uses (default: content/)")
    parser.add_argument("--all-scenes", action="store_true",
                        help="render every scene of scenes/ as a video instead")
    parser.add_argument("--scenes", default="",
                        help="comma-separated scene names, rendered as videos")
    parser.add_argument("--jobs", type=int, default=None, help="workers (default: one per core)")
    parser.add_argument("--themes", default="",
                        help=f"comma-separated, of {', '.join(THEMES)} (default: every theme)")
    parser.add_argument("--per-scene", action="store_true", help="a line for each scene")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--keep-in", type=Path,
                        help="render into this cache folder and keep it, to look at the media "
                             "(DIR/<profile> must not exist)")
    arguments = parser.parse_args(argv)

    profiles = [name.strip() for name in arguments.profiles.split(",") if name.strip()]
    unknown = [name for name in profiles if name not in PROFILES]
    if unknown:
        parser.error(f"unknown profile(s) {', '.join(unknown)}; known: {', '.join(PROFILES)}")
    catalog = read_catalog(ROOT / "scenes")
    chosen = [name.strip() for name in arguments.scenes.split(",") if name.strip()]
    missing = [name for name in chosen if name not in catalog.scenes]
    if missing:
        parser.error(f"not a scene: {', '.join(missing)}")
    if chosen:
        files = [f"{name}.mp4" for name in chosen]
    elif arguments.all_scenes:
        files = [f"{name}.mp4" for name in sorted(catalog.scenes)]
    else:
        files = content_requests(arguments.content)
    jobs = arguments.jobs or default_jobs()
    console = Console(stderr=True)
    console.print(f"{len(files)} scene file(s), {jobs} worker(s), "
                  f"profiles {', '.join(profiles)}")

    output = Console(width=None if sys.stdout.isatty() else 120)
    results = []
    for profile in profiles:
        results.append(render_profile(profile, files, jobs, console, arguments.keep_in,
                                      parse_themes(arguments.themes)))
        console.print(summary_table(results[-1:]))  # each profile's figures as soon as known
    output.print(summary_table(results))
    for result in results:
        if arguments.per_scene:
            output.print(scene_table(result))
        for failure in result["failures"]:
            output.print(f"[red]failed[/] ({result['profile']}): {failure}", highlight=False)
    if arguments.json:
        arguments.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 1 if any(result["failures"] for result in results) else 0


if __name__ == "__main__":
    sys.exit(main())
