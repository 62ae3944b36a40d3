"""``make serve`` and ``make devserver``: serve ``output/`` locally, rebuilding on change.

    python -m pipeline.serve                    # serve output/ as it is
    python -m pipeline.serve --watch            # build, serve, rebuild on every change

With ``--watch`` each change under ``content/``, ``scenes/``, ``theme/``,
``plugins/`` (or to the settings file) runs the ordinary build
(``python -m pipeline.build``) in a fresh process, so an edited scene module is
re-rendered and an edited plugin is re-imported. The build swaps the new site
in only when it succeeded; a failed build prints its errors and the last good
site stays up. Reload the page to see the new one: every response says
``Cache-Control: no-store``.

The server answers byte ranges, which browsers use to seek in (and Safari to
play) the videos, and gzips text as static hosts do.
"""

from __future__ import annotations

import argparse
import email.utils
import gzip
import io
import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterable
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import BinaryIO

__all__ = ["SiteRequestHandler", "make_server", "watch_and_build", "main"]

PROJECT_ROOT = Path(__file__).resolve().parents[1]
_RANGE = re.compile(r"bytes=(\d*)-(\d*)")
_COMPRESSIBLE = frozenset({".html", ".css", ".js", ".svg", ".xml", ".json", ".txt"})


class _Slice:
    """The part of an open file a range request asked for, read like a file."""

    def __init__(self, handle: BinaryIO, length: int) -> None:
        self._handle = handle
        self._left = length

    def read(self, size: int = -1) -> bytes:
        if self._left <= 0:
            return b""
        size = self._left if size < 0 else min(size, self._left)
        data = self._handle.read(size)
        self._left -= len(data)
        return data

    def close(self) -> None:
        self._handle.close()


class SiteRequestHandler(SimpleHTTPRequestHandler):
    """Static files with byte ranges and no caching (a reload always shows the latest build)."""

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        self.send_header("Accept-Ranges", "bytes")
        super().end_headers()

    def send_head(self):  # type: ignore[override]  # the base returns a file or None too
        match = _RANGE.fullmatch(self.headers.get("Range", "").strip())
        path = self.translate_path(self.path)
        if match is None and os.path.isfile(path) and self._wants_gzip(path):
            return self._send_gzipped(path)
        if match is None or not os.path.isfile(path):
            return super().send_head()
        handle = open(path, "rb")  # noqa: SIM115 - closed by do_GET/do_HEAD via _Slice
        size = os.fstat(handle.fileno()).st_size
        first, last = match.groups()
        if first:
            start, end = int(first), min(int(last), size - 1) if last else size - 1
        elif last:
            start, end = max(0, size - int(last)), size - 1
        else:
            start, end = 0, size - 1
        if start >= size or start > end:
            handle.close()
            self.send_response(HTTPStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
            self.send_header("Content-Range", f"bytes */{size}")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        handle.seek(start)
        self.send_response(HTTPStatus.PARTIAL_CONTENT)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.send_header("Content-Length", str(end - start + 1))
        self.send_header("Last-Modified",
                         email.utils.formatdate(os.fstat(handle.fileno()).st_mtime, usegmt=True))
        self.end_headers()
        return _Slice(handle, end - start + 1)

    def _wants_gzip(self, path: str) -> bool:
        accepted = self.headers.get("Accept-Encoding", "")
        return "gzip" in accepted and Path(path).suffix in _COMPRESSIBLE

    def _send_gzipped(self, path: str) -> io.BytesIO:
        """Text compressed as static hosts (GitHub Pages, nginx) send it, so that what a
        local page weighs is what readers download."""
        body = gzip.compress(Path(path).read_bytes(), compresslevel=6, mtime=0)
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - base's name
        if os.environ.get("SERVE_QUIET"):
            return
        super().log_message(format, *args)


def make_server(directory: Path, bind: str = "127.0.0.1", port: int = 8000) -> ThreadingHTTPServer:
    """A server for ``directory``, looked up by path on every request.

    The build replaces the folder by renaming; a path (not an open folder)
    means each request sees the newest site.
    """
    handler = partial(SiteRequestHandler, directory=str(directory.resolve()))
    ThreadingHTTPServer.allow_reuse_address = True
    return ThreadingHTTPServer((bind, port), handler)


def build_command(content: Path, output: Path, settings: Path, quality: str,
                  jobs: int | None) -> list[str]:
    """The ordinary ``make html`` build, as a fresh process (modules re-imported)."""
    command = [sys.executable, "-m", "pipeline.build", "--content", str(content),
               "--output", str(output), "--settings", str(settings), "--quality", quality]
    return command + (["--jobs", str(jobs)] if jobs else [])


def watched_paths(content: Path, settings: Path) -> list[Path]:
    """Everything a build reads that an author edits."""
    paths = [content, PROJECT_ROOT / "scenes", PROJECT_ROOT / "theme", PROJECT_ROOT / "plugins",
             settings]
    return [path for path in paths if path.exists()]


def watch_and_build(command: list[str], paths: Iterable[Path],
                    stop: threading.Event | None = None) -> None:
    """Run ``command`` now and after every batch of changes under ``paths``, until ``stop``."""
    from watchfiles import DefaultFilter, watch

    subprocess.run(command, check=False, cwd=PROJECT_ROOT)
    # Scene renders write only under .cache/, which is not watched; editors' swap files are.
    changes_filter = DefaultFilter(ignore_paths=[str(PROJECT_ROOT / ".cache")])
    for changes in watch(*paths, watch_filter=changes_filter, stop_event=stop,
                         raise_interrupt=False):
        names = sorted({Path(path).name for _, path in changes})
        print(f"changed: {', '.join(names[:5])}{' …' if len(names) > 5 else ''}; rebuilding",
              file=sys.stderr, flush=True)
        subprocess.run(command, check=False, cwd=PROJECT_ROOT)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.serve", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--output", type=Path, default=PROJECT_ROOT / "output")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT") or 8000))
    parser.add_argument("--bind", default=os.environ.get("BIND") or "127.0.0.1")
    parser.add_argument("--watch", action="store_true", help="build now and on every change")
    parser.add_argument("--content", type=Path, default=PROJECT_ROOT / "content")
    parser.add_argument("--settings", type=Path, default=PROJECT_ROOT / "pelicanconf.py")
    parser.add_argument("--quality", default=os.environ.get("QUALITY") or "draft")
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--no-serve", action="store_true",
                        help="with --watch: only rebuild on change (`make regenerate`)")
    arguments = parser.parse_args(argv)

    output = arguments.output.resolve()
    if arguments.watch and arguments.no_serve:
        command = build_command(arguments.content.resolve(), output,
                                arguments.settings.resolve(), arguments.quality, arguments.jobs)
        try:
            watch_and_build(command, watched_paths(arguments.content.resolve(),
                                                   arguments.settings.resolve()))
        except KeyboardInterrupt:
            pass
        return 0
    if not arguments.watch and not output.is_dir():
        print(f"{output} does not exist yet: run `make html` first", file=sys.stderr)
        return 1
    server = make_server(output, arguments.bind, arguments.port)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    print(f"serving {output} at http://{arguments.bind}:{server.server_address[1]}/ "
          "(Ctrl-C stops)", file=sys.stderr, flush=True)
    try:
        if arguments.watch:
            command = build_command(arguments.content.resolve(), output,
                                    arguments.settings.resolve(), arguments.quality,
                                    arguments.jobs)
            watch_and_build(command, watched_paths(arguments.content.resolve(),
                                                   arguments.settings.resolve()))
        else:
            thread.join()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
