"""``make html``: one linear build, readable top to bottom.

1. Read the articles through the article format (no Markdown build, no Manim):
   a mistake in a directive stops the build here, before any render; the
   scene outputs they refer to are the render's to-do list.
2. Render whatever of those is missing or stale (``scenes.render``).
3. Run Pelican into a staging folder beside the output.
4. If anything went wrong, report each problem as ``path:line: message`` and
   exit non-zero, leaving the previous output untouched.
5. Index the staged site for its search box (Pagefind, from npm, into
   ``pagefind/``); an index that fails is a failed build too. When Pelican
   precompressed the pages (``PRECOMPRESS=1``), the index's scripts get the
   same ``.gz``/``.br`` copies.
6. Otherwise swap the staging folder in as the output (one atomic exchange).

One build at a time writes an output folder (``build_output.output_lock``: a
second one stops, naming the first), and it first clears what killed builds
left beside it. Stopped by Ctrl-C or SIGTERM, it says so in one line and
leaves the output as it was (``build_output``).

Pelican's own options, as pelican-quickstart's ``PELICANOPTS`` passes them, are
accepted where they mean something here (``-D``, ``-v``, ``--relative-urls``,
``-e KEY=VALUE``, ``--ignore-cache``, ...); the others stop with what to use
instead. ``--report FILE`` writes the outcome as JSON for ``make devserver``.
"""

from __future__ import annotations

import fnmatch
import json
import logging
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from types import SimpleNamespace

from rich.console import Console
from rich.logging import RichHandler

from pipeline.build_options import make_parser, pelican_overrides, report_entry
from pipeline.build_output import (
    BuildLocked,
    Interrupted,
    clear_leftovers,
    output_lock,
    replace_dir,
    staging_dir,
    stop_on_signals,
)
from pipeline.content_checks import links_leaving_content, unreadable_pictures
from plugins.article_markdown.errors import SourceError, shown_path
from plugins.article_markdown.format import article_files, requested_scene_files
from scenes.drawing.themes import THEMES
from scenes.render.driver import RenderResult, render_scenes
from scenes.render.manifest import PROJECT_ROOT
from scenes.render.settings import RenderSettingError, default_jobs

__all__ = ["PAGEFIND", "build", "index_for_search", "main", "precompress_like_pelican",
           "unread_sources"]

# npm's pagefind (`npm ci`); its platform binary is an optional dependency of it.
PAGEFIND = PROJECT_ROOT / "node_modules" / "pagefind" / "lib" / "runner" / "bin.cjs"


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
          console: Console, overrides: dict | None = None, *, log_level: int | None = None,
          errors: list[str] | None = None, themes: Sequence[str] = THEMES,
          render_cluster: str | None = None, render_cache: str | None = None,
          scene_time_limit: float | None = None) -> int:
    """Build the site with scenes rendered in ``themes``; return the exit status.

    ``log_level`` (``logging.INFO`` or ``DEBUG``) shows Pelican's log from that
    level on ``console``; by default only the errors are shown, by the build.
    ``errors``, when given, receives each error as printed (``path:line: message``).
    ``render_cluster``, ``render_cache`` and ``scene_time_limit`` (default:
    ``RENDER_CLUSTER``, ``RENDER_CACHE`` and ``SCENE_TIME_LIMIT`` from the
    environment) are the Dask cluster the scenes render on, the render cache
    shared by every machine and the seconds a scene may render
    (``scenes.render.settings``).

    One build at a time writes ``output``: another one holding it is an error
    naming it. Interrupted (KeyboardInterrupt, or ``Interrupted`` for SIGTERM),
    it leaves ``output`` as it was and nothing of its own beside it.
    """
    reported = errors if errors is not None else []
    content, output = content.resolve(), output.resolve()
    try:
        with output_lock(output):
            clear_leftovers(output)
            return _build(content, output, settings_file, quality, jobs, console,
                          overrides or {}, log_level, reported, themes,
                          render_cluster or os.environ.get("RENDER_CLUSTER") or None,
                          render_cache or os.environ.get("RENDER_CACHE") or None,
                          _time_limit(scene_time_limit))
    except BuildLocked as locked:
        reported.append(str(locked))
        console.print(f"[red]error:[/] {locked}", highlight=False, soft_wrap=True)
        return 1


def _time_limit(given: float | None) -> float | None:
    """The scene time limit given, else ``SCENE_TIME_LIMIT`` (None: scaled per scene)."""
    if given is not None:
        return given
    text = os.environ.get("SCENE_TIME_LIMIT") or ""
    try:
        return float(text) if text else None
    except ValueError:
        return None  # the command line refuses such a value; the build keeps the default


def _build(content: Path, output: Path, settings_file: Path, quality: str, jobs: int,
           console: Console, overrides: dict, log_level: int | None, reported: list[str],
           themes: Sequence[str], render_cluster: str | None, render_cache: str | None,
           scene_time_limit: float | None) -> int:
    """``build``, once it holds the output's lock."""
    started = time.monotonic()

    # 1. The articles, read; a broken directive stops the build before any render,
    # and so does an article Pelican would silently leave out, a picture that cannot
    # be read, or a symbolic link out of content/ (then nothing is read through it).
    scene_files: list[str] = []
    format_errors = links_leaving_content(content)
    if not format_errors:
        scene_files, format_errors = requested_scene_files(content)
        format_errors += unread_sources(content, settings_file, overrides)
        format_errors += unreadable_pictures(content)
    if format_errors:
        reported += [str(error) for error in format_errors]
        for error in format_errors:
            console.print(f"[red]error:[/] {error}", highlight=False, soft_wrap=True)
        console.print(f"[red]build failed[/] ({len(format_errors)} problem(s)); "
                      f"{output} unchanged")
        return 1

    # 2. The scenes the pages show, fresh at this quality.
    try:
        renders = render_scenes(scene_files, quality, jobs, themes=themes, console=console,
                                cluster=render_cluster, shared_cache=render_cache,
                                time_limit=scene_time_limit)
    except RenderSettingError as error:
        reported.append(str(error))
        console.print(f"[red]error:[/] {error}", highlight=False, soft_wrap=True)
        return 1
    if renders.failures:
        reported += [str(failure) for failure in renders.failures]
        for failure in renders.failures:
            console.print(f"[red]error:[/] {failure}", highlight=False, soft_wrap=True)
        console.print(f"[red]build failed[/] ({len(renders.failures)} scene(s)); "
                      f"{output} unchanged; the renders that finished are kept")
        return 1

    # 3. Pelican into a staging folder on the same file system as the output.
    staging = staging_dir(output)
    try:
        return _site(content, output, staging, settings_file, renders, overrides, console,
                     log_level, reported, quality, started)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)  # interrupted: nothing half-built stays
        raise


def _site(content: Path, output: Path, staging: Path, settings_file: Path,
          renders: RenderResult, overrides: dict, console: Console, log_level: int | None,
          reported: list[str], quality: str, started: float) -> int:
    """Steps 3 to 6: Pelican into ``staging``, its index, and the swap."""
    shutil.rmtree(staging, ignore_errors=True)
    pelican_errors, settings = _run_pelican(content, staging, settings_file, renders.manifest,
                                            overrides, console, log_level)

    # 4. Refuse a build with any error; the old output stays as it was.
    if pelican_errors:
        shutil.rmtree(staging, ignore_errors=True)
        unique = list(dict.fromkeys(pelican_errors))
        reported += unique
        for message in unique:
            console.print(f"[red]error:[/] {message}", highlight=False, soft_wrap=True)
        console.print(f"[red]build failed[/] ({len(pelican_errors)} problem(s)); "
                      f"{output} unchanged")
        return 1

    # 5. The search index, built into the staging folder: a failed index leaves the
    # old output (and its old index) as they were.
    index_errors = index_for_search(staging)
    if index_errors:
        shutil.rmtree(staging, ignore_errors=True)
        reported += index_errors
        for message in index_errors:
            console.print(f"[red]error:[/] {message}", highlight=False, soft_wrap=True)
        console.print(f"[red]build failed[/]; {output} unchanged")
        return 1
    precompress_like_pelican(staging / "pagefind", settings)

    # 6. Swap it in.
    replace_dir(staging, output)
    fetched = f"{len(renders.fetched)} fetched, " if renders.fetched else ""
    console.print(f"built {output} in {time.monotonic() - started:.1f} s "
                  f"({len(renders.rendered)} scene(s) rendered, {fetched}"
                  f"{len(renders.cached)} cached, "
                  f"quality {quality})")
    return 0


def interrupted_line(stop: BaseException, output: Path) -> str:
    """What a build stopped by Ctrl-C or SIGTERM says, on one line."""
    how = "Ctrl-C" if isinstance(stop, KeyboardInterrupt) else str(stop) or "a signal"
    return (f"stopped ({how}): {output} unchanged; the renders that finished are kept "
            "for the next build")


# Pelican's precompress plugin, as publishconf.py and `make publish --precompress` name it.
PRECOMPRESS_PLUGIN = "pelican.plugins.precompress"


def precompress_like_pelican(folder: Path, settings: dict) -> None:
    """Give ``folder``'s text files the ``.gz``/``.br`` copies the pages got, if they got any.

    Pagefind writes the search index after Pelican has finished, so the precompress
    plugin never saw it: a server sending the copies (nginx's ``gzip_static``) would
    send the index's scripts (300 KB) uncompressed. Its own function does the work,
    with the same settings, on ``folder`` alone.
    """
    plugins = [getattr(plugin, "__name__", plugin) for plugin in settings.get("PLUGINS", [])]
    if PRECOMPRESS_PLUGIN not in plugins or not folder.is_dir():
        return
    from pelican.plugins import precompress

    precompress.compress_files(SimpleNamespace(settings={**settings, "OUTPUT_PATH": str(folder)}))


def index_for_search(site: Path, pagefind: Path | None = None) -> list[str]:
    """Index the built ``site`` with Pagefind into ``site/pagefind/``; the errors, if any.

    Pagefind reads each page's ``<html lang>`` (zh-Hant-TW here) and segments
    Chinese text into words, so the search box finds a word inside a sentence.
    The theme marks what to index (``data-pagefind-body``: the articles and
    pages, not the lists of them). ``pagefind`` is its npm runner (default: ``PAGEFIND``).
    """
    pagefind = pagefind or PAGEFIND
    node = shutil.which("node")
    if not pagefind.is_file() or node is None:
        missing = f"{pagefind} is missing" if node else "Node.js is not installed"
        return [f"search index: Pagefind cannot run: {missing} (`make html` installs it: "
                "npm ci; Debian: apt-get install nodejs npm)"]
    result = subprocess.run([node, str(pagefind), "--site", str(site), "--silent"],
                            capture_output=True, text=True, check=False)
    if result.returncode != 0:
        detail = " ".join((result.stderr + " " + result.stdout).split())
        return [f"search index: Pagefind failed (exit {result.returncode}): "
                f"{detail or 'no message'}"]
    return []


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
                 overrides: dict, console: Console,
                 log_level: int | None) -> tuple[list[str], dict]:
    from pelican import Pelican
    from pelican.settings import read_settings

    collector = _ErrorCollector()
    settings: dict = {}
    root_logger = logging.getLogger()
    root_logger.addHandler(collector)
    logging.getLogger("pelican").setLevel(log_level or logging.WARNING)
    shown, root_level = None, root_logger.level
    if log_level is not None:
        # As `pelican -D` shows it: every logger, from that level, through rich.
        shown = RichHandler(console=console, level=log_level)
        shown.setFormatter(logging.Formatter("%(message)s", datefmt="[%H:%M:%S]"))
        root_logger.addHandler(shown)
        root_logger.setLevel(log_level)
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
        if shown is not None:
            root_logger.removeHandler(shown)
            root_logger.setLevel(root_level)
    return collector.messages, settings


def main(argv: list[str] | None = None) -> int:
    arguments = make_parser(__doc__).parse_args(argv)
    console = Console(stderr=True)
    errors: list[str] = []
    try:
        with stop_on_signals():
            status = build(arguments.content, arguments.output, arguments.settings,
                           arguments.quality, arguments.jobs or default_jobs(), console,
                           pelican_overrides(arguments), log_level=arguments.log_level,
                           errors=errors, themes=arguments.themes,
                           render_cluster=arguments.render_cluster,
                           render_cache=arguments.render_cache,
                           scene_time_limit=arguments.scene_time_limit)
    except (KeyboardInterrupt, Interrupted) as stop:
        # One line, no traceback: the workers are stopped and the staging folder gone.
        status = 130 if isinstance(stop, KeyboardInterrupt) else 143
        errors.append(interrupted_line(stop, arguments.output.resolve()))
        console.print(errors[-1], highlight=False, soft_wrap=True)
    if arguments.report:
        arguments.report.write_text(json.dumps(
            {"ok": status == 0, "errors": [report_entry(error) for error in errors]},
            ensure_ascii=False), encoding="utf-8")
    return status


if __name__ == "__main__":
    sys.exit(main())
