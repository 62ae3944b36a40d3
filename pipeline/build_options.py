"""The build's command line: its own options, and Pelican's as pelican-quickstart's
``PELICANOPTS`` passes them (``python -m pipeline.build --help`` lists them all).

Pelican's options that mean something here are honoured (``-D``, ``-v``,
``--relative-urls``, ``-e KEY=VALUE``, ``--ignore-cache``, ...); the others stop
with what to use instead. ``report_entry`` turns an error line into the JSON
``make devserver`` shows in the page.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
from pathlib import Path
from typing import Any

from scenes.drawing.themes import DEFAULT_THEME, THEMES, parse_themes
from scenes.render.manifest import PROJECT_ROOT
from scenes.render.profiles import DEFAULT_PROFILE, PROFILES
from scenes.render.settings import add_render_options

__all__ = ["make_parser", "pelican_overrides", "report_entry"]


def _themes_argument(text: str) -> tuple[str, ...]:
    try:
        return parse_themes(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


# --- Pelican's options (pelican-quickstart's PELICANOPTS) ---

# Settings the build owns: an override would send Pelican's output past the staging folder.
_SET_BY_THE_BUILD = {
    "PATH": "use INPUTDIR=... (--content)",
    "OUTPUT_PATH": "use OUTPUTDIR=... (--output)",
    "ARTICLE_MARKDOWN_RENDER_MANIFEST": "the render step writes it",
}

# Pelican options that mean nothing for this build, and what does the job instead.
_PELICAN_OPTIONS_ELSEWHERE: dict[tuple[str, ...], tuple[int | str, str]] = {
    # option strings: (how many values it takes, as argparse's nargs; the reason)
    ("-o",): ("?", "use OUTPUTDIR=... (--output)"),
    ("-s",): ("?", "use CONFFILE=... (--settings)"),
    ("-r", "--autoreload"): (0, "use `make regenerate` or `make devserver`"),
    ("-l", "--listen"): (0, "use `make serve` or `make devserver`"),
    ("-p", "--port"): ("?", "use `make serve PORT=...`"),
    ("-b", "--bind"): ("?", "use `make serve BIND=...`"),
    ("-q", "--quiet"): (0, "the build shows only its summary and its errors already"),
    ("--fatal",): ("?", "every error already stops the build; warnings are not collected"),
    ("--log-handler",): ("?", "the build's log always goes through rich"),
    ("--logs-dedup-min-level",): ("?", "the build does not tune Pelican's log filter"),
    ("--print-settings",): ("*", "read pelicanconf.py, or "
                                 "`python -m pelican --print-settings -s pelicanconf.py`"),
}


def _extra_setting(text: str) -> tuple[str, Any]:
    """``KEY=VALUE`` with a JSON value, as ``pelican -e`` reads it."""
    key, equals, value = text.partition("=")
    if not equals or not key:
        raise argparse.ArgumentTypeError(f"{text!r}: extra settings are KEY=VALUE pairs")
    if key in _SET_BY_THE_BUILD:
        raise argparse.ArgumentTypeError(f"{key} is set by the build: {_SET_BY_THE_BUILD[key]}")
    try:
        return key, json.loads(value)
    except json.JSONDecodeError:
        raise argparse.ArgumentTypeError(
            f"{text!r}: the value must be JSON, e.g. -e {key}='\"a string\"', "
            f"-e {key}=true, -e {key}=null") from None


class _NotHonoured(argparse.Action):
    """A Pelican option this build cannot honour: stop and say what to use instead."""

    def __init__(self, option_strings: list[str], dest: str, reason: str = "",
                 **kwargs: Any) -> None:
        super().__init__(option_strings, dest, help=f"not here: {reason}", **kwargs)
        self.reason = reason

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: object, option_string: str | None = None) -> None:
        parser.error(f"{option_string} (a pelican option) is not honoured by this build: "
                     f"{self.reason}")


def make_parser(description: str | None = None) -> argparse.ArgumentParser:
    """The build's command line: its own options, then Pelican's (PELICANOPTS)."""
    parser = argparse.ArgumentParser(prog="python -m pipeline.build", description=description,
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
    add_render_options(parser)
    parser.add_argument("--report", type=Path, metavar="FILE",
                        help='write {"ok": ..., "errors": [{"text", "path", "line", "message"}]} '
                             "as JSON (what `make devserver` shows in the page)")

    pelican = parser.add_argument_group("Pelican's options (PELICANOPTS; DEBUG=1 is -D)")
    pelican.add_argument("-D", "--debug", dest="log_level", action="store_const",
                         const=logging.DEBUG, help="show Pelican's log, debug messages included")
    pelican.add_argument("-v", "--verbose", dest="log_level", action="store_const",
                         const=logging.INFO, help="show Pelican's log from its info messages")
    pelican.add_argument("--relative-urls", action="store_true",
                         help="relative URLs in the pages (RELATIVE_URLS)")
    pelican.add_argument("-e", "--extra-settings", dest="extra_settings", action="extend",
                         nargs="+", type=_extra_setting, default=[], metavar="KEY=VALUE",
                         help="override settings; VALUE is JSON: -e SITENAME='\"x\"' "
                              "-e DEFAULT_PAGINATION=false")
    pelican.add_argument("--ignore-cache", action="store_true",
                         help="do not load Pelican's content cache (LOAD_CONTENT_CACHE=False)")
    pelican.add_argument("--cache-path", help="Pelican's cache folder (CACHE_PATH)")
    pelican.add_argument("-t", "--theme-path", dest="theme", help="another theme (THEME)")
    pelican.add_argument("-d", "--delete-output-directory", action="store_true",
                         help="always so: every build starts from an empty folder")
    for options, (nargs, reason) in _PELICAN_OPTIONS_ELSEWHERE.items():
        pelican.add_argument(*options, action=_NotHonoured, reason=reason, nargs=nargs,
                             **({"metavar": "VALUE"} if nargs else {}))
    return parser


def pelican_overrides(arguments: argparse.Namespace) -> dict[str, Any]:
    """The settings Pelican's options stand for, as ``pelican``'s own get_config maps them."""
    overrides: dict[str, Any] = {}
    if arguments.relative_urls:
        overrides["RELATIVE_URLS"] = True
    if arguments.ignore_cache:
        overrides["LOAD_CONTENT_CACHE"] = False
    if arguments.cache_path:
        overrides["CACHE_PATH"] = arguments.cache_path
    if arguments.theme:
        theme = Path(arguments.theme).expanduser().resolve()
        overrides["THEME"] = str(theme) if theme.exists() else arguments.theme
    if arguments.log_level == logging.DEBUG:
        overrides["DEBUG"] = True
    return overrides | dict(arguments.extra_settings)


_LOCATED = re.compile(r"(?P<path>[^\s:][^:\n]*):(?P<line>\d+): (?P<message>.*)", re.DOTALL)


def report_entry(error: str) -> dict[str, Any]:
    """One error for a machine: its text, and the file, line and message when it names them."""
    located = _LOCATED.fullmatch(error)
    if located is None:
        return {"text": error, "path": None, "line": None, "message": error}
    return {"text": error, "path": located["path"], "line": int(located["line"]),
            "message": located["message"]}


