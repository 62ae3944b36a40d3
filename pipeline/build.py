"""``make html``: one linear build, readable top to bottom.

1. Read the articles through the article format (no Markdown build, no Manim):
   a mistake in a directive stops the build here, before any render; the
   scene outputs they refer to are the render's to-do list.
2. Render whatever of those is missing or stale (``scenes.render``).
3. Run Pelican into a staging folder beside the output.
4. If anything went wrong, report each problem as ``path:line: message`` and
   exit non-zero, leaving the previous output untouched.
5. Otherwise swap the staging folder in as the output.
"""

from __future__ import annotations

import argparse
import fnmatch
import logging
import os
import shutil
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console

from plugins.article_markdown.errors import SourceError, shown_path
from plugins.article_markdown.format import article_files, requested_scene_files
from scenes.drawing.themes import DEFAULT_THEME, THEMES, parse_themes
from scenes.render import DEFAULT_PROFILE, PROFILES, PROJECT_ROOT, default_jobs, render_scenes

__all__ = ["build", "main", "replace_dir", "unread_sources"]


class _ErrorCollector(logging.Handler):
    """Keep every error Pelican or the plugin logs; the build reports them itself."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []
        self._last_was_source_error = False

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if message.startswith("Could not process") and self._last_was_source_error:
            # Pelican's note on the file the plugin has just reported in full.
            self._last_was_source_error = False
            return
        self._last_was_source_error = getattr(record, "source_error", False)
        self.messages.append(message)


def build(content: Path, output: Path, settings_file: Path, quality: str, jobs: int,
          console: Console, overrides: dict | None = None,
          themes: Sequence[str] = THEMES) -> int:
    """Build the site with scenes rendered in ``themes``; return the exit status."""
    started = time.monotonic()
    content, output = content.resolve(), output.resolve()

    # 1. The articles, read; a broken directive stops the build before any render,
    # and so does an article Pelican would silently leave out.
    scene_files, format_errors = requested_scene_files(content)
    format_errors += unread_sources(content, settings_file, overrides or {})
    if format_errors:
        for error in format_errors:
            console.print(f"[red]error:[/] {error}", highlight=False, soft_wrap=True)
        console.print(f"[red]build failed[/] ({len(format_errors)} problem(s)); "
                      f"{output} unchanged")
        return 1

    # 2. The scenes the pages show, fresh at this quality.
    renders = render_scenes(scene_files, quality, jobs, themes=themes, console=console)
    if renders.failures:
        for failure in renders.failures:
            console.print(f"[red]error:[/] {failure}", highlight=False)
        return 1

    # 3. Pelican into a staging folder on the same file system as the output.
    staging = output.with_name(f"{output.name}.staging-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    errors = _run_pelican(content, staging, settings_file, renders.manifest, overrides or {})

    # 4. Refuse a build with any error; the old output stays as it was.
    if errors:
        shutil.rmtree(staging, ignore_errors=True)
        for message in dict.fromkeys(errors):
            console.print(f"[red]error:[/] {message}", highlight=False, soft_wrap=True)
        console.print(f"[red]build failed[/] ({len(errors)} problem(s)); {output} unchanged")
        return 1

    # 5. Swap it in.
    replace_dir(staging, output)
    console.print(f"built {output} in {time.monotonic() - started:.1f} s "
                  f"({len(renders.rendered)} scene(s) rendered, {len(renders.cached)} cached, "
                  f"quality {quality})")
    return 0


def unread_sources(content: Path, settings_file: Path, overrides: dict) -> list[SourceError]:
    """Article sources (``.md``, ``.ipynb``) under ``content`` that the settings leave unread.

    Pelican reads articles under ``ARTICLE_PATHS`` and pages under
    ``PAGE_PATHS`` and says nothing of a Markdown file elsewhere: an author
    would find it missing from the site without a word. Editors' lock files
    (``IGNORE_FILES``) are left alone. A content folder with no article at all
    is a mistake too: never a silent empty site.
    """
    from pelican.settings import read_settings

    settings = read_settings(str(settings_file), override={"PATH": str(content), **overrides})
    ignored = settings.get("IGNORE_FILES", [])

    def within(relative: Path, folders: list[str]) -> bool:
        return any(folder in ("", ".") or relative.is_relative_to(folder) for folder in folders)

    sources = [path for path in article_files(content)
               if not any(fnmatch.fnmatch(path.name, pattern) for pattern in ignored)]
    if not sources:
        return [SourceError(0, "no article here: write one as a .md or .ipynb file",
                            shown_path(str(content)))]
    problems = []
    for path in sources:
        relative = path.relative_to(content)
        article = within(relative, settings["ARTICLE_PATHS"]) and not within(
            relative, settings["ARTICLE_EXCLUDES"])
        page = within(relative, settings["PAGE_PATHS"]) and not within(
            relative, settings["PAGE_EXCLUDES"])
        if not (article or page):
            problems.append(SourceError(0, (
                f"Pelican would not read this file: it is outside ARTICLE_PATHS "
                f"{settings['ARTICLE_PATHS']} and PAGE_PATHS {settings['PAGE_PATHS']} "
                "(move it, or change those settings)"), shown_path(str(path))))
    return problems


def _run_pelican(content: Path, output: Path, settings_file: Path, manifest: Path,
                 overrides: dict) -> list[str]:
    from pelican import Pelican
    from pelican.settings import read_settings

    collector = _ErrorCollector()
    root_logger = logging.getLogger()
    root_logger.addHandler(collector)
    logging.getLogger("pelican").setLevel(logging.WARNING)
    try:
        settings = read_settings(str(settings_file), override={
            "PATH": str(content), "OUTPUT_PATH": str(output),
            "ARTICLE_MARKDOWN_RENDER_MANIFEST": str(manifest), **overrides,
        })
        Pelican(settings).run()
    except Exception as error:  # noqa: BLE001 - reported as a build error, no traceback
        collector.messages.append(f"{type(error).__name__}: {error}")
    finally:
        root_logger.removeHandler(collector)
    return collector.messages


def _themes_argument(text: str) -> tuple[str, ...]:
    try:
        return parse_themes(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def replace_dir(new: Path, target: Path) -> None:
    """Put ``new`` where ``target`` is, as close to atomically as two renames allow."""
    old = target.with_name(f"{target.name}.old-{os.getpid()}")
    if target.exists():
        os.replace(target, old)
    os.replace(new, target)
    shutil.rmtree(old, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.build", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--content", type=Path, default=PROJECT_ROOT / "content")
    parser.add_argument("--output", type=Path, default=PROJECT_ROOT / "output")
    parser.add_argument("--settings", type=Path, default=PROJECT_ROOT / "pelicanconf.py")
    parser.add_argument("--quality", choices=sorted(PROFILES),
                        default=os.environ.get("QUALITY") or DEFAULT_PROFILE)
    parser.add_argument("--jobs", type=int, default=int(os.environ.get("JOBS") or 0) or None)
    parser.add_argument("--themes", type=_themes_argument, default=os.environ.get("THEMES") or "",
                        help=f"themes to render scenes in, comma separated (default: all: "
                             f"{','.join(THEMES)}; {DEFAULT_THEME} is always one)")
    arguments = parser.parse_args(argv)
    console = Console(stderr=True)
    return build(arguments.content, arguments.output, arguments.settings, arguments.quality,
                 arguments.jobs or default_jobs(), console,
                 themes=arguments.themes)


if __name__ == "__main__":
    sys.exit(main())
