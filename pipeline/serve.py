"""``make serve`` and ``make devserver``: serve ``output/`` locally, rebuilding on change.

    python -m pipeline.serve                    # serve output/ as it is
    python -m pipeline.serve --watch            # build, serve, rebuild on every change

    python -m pipeline.serve --watch -- -D      # ... each build with these build options

With ``--watch`` each change under ``content/``, ``scenes/``, ``theme/``,
``plugins/`` (or to the settings file) runs the ordinary build
(``python -m pipeline.build``) in a fresh process, so an edited scene module is
re-rendered and an edited plugin is re-imported. The build swaps the new site
in only when it succeeded; a failed build prints its errors and the last good
site stays up.

Open pages follow the builds (``pipeline.livereload``): in watch mode every HTML
page is served with a small script added, which reloads the page after each
good build and shows a failed build's ``path:line: message`` list over it.
The files in ``output/`` are never changed.

The server answers byte ranges, which browsers use to seek in (and Safari to
play) the videos, gzips text as static hosts do, and says ``Cache-Control:
no-store`` so that a reload always shows the newest build.

It listens on 127.0.0.1 unless ``--bind`` (``BIND``) says otherwise, serves
nothing outside the output folder (``..`` in any spelling is dropped by
``http.server``; a symbolic link leading out, or a NUL, is a 404 here), answers
a ``Range`` it cannot serve with 416 (``pipeline.byte_ranges``), and gives every
request a thread of its own behind a listen backlog of 256.
"""

from __future__ import annotations

import argparse
import contextlib
import email.utils
import gzip
import io
import os
import queue
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from pipeline.build_options import make_parser
from pipeline.byte_ranges import FileSlice, requested_range
from pipeline.livereload import (
    EVENTS_PATH,
    SCRIPT_PATH,
    BuildOutcome,
    LiveReload,
    client_script,
    inject_script,
)

__all__ = ["DevServer", "SiteRequestHandler", "build_command", "make_server", "run_build",
           "watch_and_build", "watched_paths", "main"]

PROJECT_ROOT = Path(__file__).resolve().parents[1]
LOOPBACK = "127.0.0.1"
_COMPRESSIBLE = frozenset({".html", ".css", ".js", ".svg", ".xml", ".json", ".txt"})


class SiteRequestHandler(SimpleHTTPRequestHandler):
    """Static files with byte ranges and no caching (a reload always shows the latest build).

    With ``live`` (watch mode) it also streams the build events and adds the
    live-reload script to each HTML page it sends.
    """

    def __init__(self, *args: Any, live: LiveReload | None = None, **kwargs: Any) -> None:
        self.live = live  # before the base's __init__, which handles the request
        super().__init__(*args, **kwargs)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        self.send_header("Accept-Ranges", "bytes")
        super().end_headers()

    def do_GET(self) -> None:
        route = urlsplit(self.path).path
        if self.live is not None and route == EVENTS_PATH:
            self._stream_events(self.live)
        elif self.live is not None and route == SCRIPT_PATH:
            self.copyfile(self._send_body(client_script(), "text/javascript; charset=utf-8",
                                          compress=False), self.wfile)
        else:
            super().do_GET()

    def send_head(self):  # type: ignore[override]  # the base returns a file or None too
        path = self.translate_path(self.path)
        if not self._inside_site(path):
            # The same answer as for a missing file: nothing said about what is outside.
            self.send_error(HTTPStatus.NOT_FOUND, "File not found")
            return None
        wanted = self.headers.get("Range")
        if self.live is not None and (page := self._html_page(path)) is not None:
            try:
                html = page.read_bytes()
            except OSError:  # a build swapped the folder just now: answer as the base does
                return super().send_head()
            # The whole page whatever the Range: the script changes its length.
            return self._send_body(inject_script(html, self.live.script_tag()),
                                   self.guess_type(str(page)), compress=self._accepts_gzip())
        if wanted is None and os.path.isfile(path) and self._wants_gzip(path):
            return self._send_body(Path(path).read_bytes(), self.guess_type(path),
                                   compress=True)
        if wanted is None or not os.path.isfile(path):
            return super().send_head()
        handle = open(path, "rb")  # noqa: SIM115 - closed by do_GET/do_HEAD via FileSlice
        size = os.fstat(handle.fileno()).st_size
        byte_range = requested_range(wanted, size)
        if byte_range is None:  # malformed, several ranges, or past the end
            handle.close()
            self.send_response(HTTPStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
            self.send_header("Content-Range", f"bytes */{size}")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        handle.seek(byte_range.start)
        self.send_response(HTTPStatus.PARTIAL_CONTENT)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Range",
                         f"bytes {byte_range.start}-{byte_range.end}/{byte_range.size}")
        self.send_header("Content-Length", str(byte_range.length))
        self.send_header("Last-Modified",
                         email.utils.formatdate(os.fstat(handle.fileno()).st_mtime, usegmt=True))
        self.end_headers()
        return FileSlice(handle, byte_range.length)

    def _inside_site(self, path: str) -> bool:
        """Whether ``path`` (the base class has already dropped ``..``, decoded or not)
        really is in the served folder, symbolic links followed: a link in ``output/`` to
        a file elsewhere is not served."""
        if "\0" in path:
            return False
        root = os.path.realpath(self.directory)
        real = os.path.realpath(path)
        return real == root or real.startswith(root + os.sep)

    def _accepts_gzip(self) -> bool:
        return "gzip" in self.headers.get("Accept-Encoding", "")

    def _wants_gzip(self, path: str) -> bool:
        return self._accepts_gzip() and Path(path).suffix in _COMPRESSIBLE

    def _html_page(self, path: str) -> Path | None:
        """The HTML file a request for ``path`` gets, as the base class would pick it."""
        candidate = Path(path)
        if candidate.is_dir():
            if not urlsplit(self.path).path.endswith("/"):
                return None  # the base class redirects to the folder's URL with a slash
            candidate = next((candidate / name for name in ("index.html", "index.htm")
                              if (candidate / name).is_file()), candidate)
        if candidate.is_file() and candidate.suffix in (".html", ".htm"):
            return candidate
        return None

    def _send_body(self, body: bytes, content_type: str, compress: bool) -> io.BytesIO:
        """A whole response from memory; text compressed as static hosts (GitHub Pages,
        nginx) send it, so that what a local page weighs is what readers download."""
        if compress:
            body = gzip.compress(body, compresslevel=6, mtime=0)
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", content_type)
        if compress:
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def _stream_events(self, live: LiveReload) -> None:
        """Server-sent events for one page, until it goes away or the server stops."""
        since = parse_qs(urlsplit(self.path).query).get("since", [""])[0]
        self.close_connection = True  # the stream is the whole connection
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.end_headers()
        try:
            # Reconnect within a second when the server comes back (not the default 3 s).
            self.wfile.write(b"retry: 1000\n\n")
            for event in live.events(since):
                self.wfile.write(event)
        except ConnectionError:
            pass  # the page was closed or reloaded: nothing to tell the author

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - base's name
        # Each page load opens the script and a stream; the build's output is what matters.
        path = getattr(self, "path", None) or ""  # unset when the request line was bad
        if os.environ.get("SERVE_QUIET") or path.startswith((EVENTS_PATH, SCRIPT_PATH)):
            return
        super().log_message(format, *args)


class DevServer(ThreadingHTTPServer):
    """A thread per request, so open event streams never hold the pages or videos up."""

    allow_reuse_address = True
    daemon_threads = True  # a stream still open at Ctrl-C does not keep the process alive
    # Connections waiting to be accepted (socketserver's default is 5): a page that opens
    # its videos, stills and scripts at once, times a few tabs, must not be refused.
    request_queue_size = 256

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A browser that cancels a video range or closes a page drops its connection;
        # that is no error worth a traceback.
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


def make_server(directory: Path, bind: str = LOOPBACK, port: int = 8000,
                live: LiveReload | None = None) -> DevServer:
    """A server for ``directory``, looked up by path on every request.

    The build replaces the folder by renaming; a path (not an open folder)
    means each request sees the newest site. With ``live``, pages follow the builds.
    """
    handler = partial(SiteRequestHandler, directory=str(directory.resolve()), live=live)
    return DevServer((bind, port), handler)


def build_command(content: Path, output: Path, settings: Path, quality: str,
                  jobs: int | None, options: Sequence[str] = ()) -> list[str]:
    """The ordinary ``make html`` build, as a fresh process (modules re-imported);
    ``options`` are the build's further options (``PELICANOPTS``)."""
    command = [sys.executable, "-m", "pipeline.build", "--content", str(content),
               "--output", str(output), "--settings", str(settings), "--quality", quality]
    return command + (["--jobs", str(jobs)] if jobs else []) + list(options)


def watched_paths(content: Path, settings: Path) -> list[Path]:
    """Everything a build reads that an author edits."""
    paths = [content, PROJECT_ROOT / "scenes", PROJECT_ROOT / "theme", PROJECT_ROOT / "plugins",
             settings]
    return [path for path in paths if path.exists()]


def run_build(command: list[str]) -> BuildOutcome:
    """Run one build (``command --report FILE``) and read what it reports.

    Its output goes to the terminal as it is (colours and all). It runs in a
    session of its own, so Ctrl-C reaches only this server, which then ends the
    build and its render workers: no second traceback from the build.
    """
    with tempfile.TemporaryDirectory(prefix="devserver-") as folder:
        report = Path(folder) / "report.json"
        build = subprocess.Popen([*command, "--report", str(report)], cwd=PROJECT_ROOT,
                                 start_new_session=True)
        try:
            returncode = build.wait()
        except KeyboardInterrupt:
            with contextlib.suppress(ProcessLookupError):  # it may have just ended
                os.killpg(build.pid, signal.SIGTERM)
            build.wait()
            raise
        return BuildOutcome.read(report, returncode)


def watch_and_build(command: list[str], paths: Iterable[Path],
                    stop: threading.Event | None = None,
                    on_build: Callable[[BuildOutcome], object] | None = None) -> None:
    """Run ``command`` now and after every batch of changes under ``paths``, until ``stop``;
    ``on_build`` hears each build's outcome."""
    from watchfiles import DefaultFilter, watch

    stop = stop or threading.Event()
    batches: queue.Queue[set[tuple[Any, str]] | None] = queue.Queue()

    def watcher() -> None:
        # Scene renders write only under .cache/, which is not watched; editors' swap files are.
        changes_filter = DefaultFilter(ignore_paths=[str(PROJECT_ROOT / ".cache")])
        try:
            for changes in watch(*paths, watch_filter=changes_filter, stop_event=stop):
                batches.put(changes)
        finally:
            batches.put(None)

    def build() -> None:
        outcome = run_build(command)
        if on_build is not None:
            on_build(outcome)

    # Watching starts before the first build, which may render scenes for minutes:
    # an edit made meanwhile is built right after it, not at the next edit.
    threading.Thread(target=watcher, name="watcher", daemon=True).start()
    try:
        build()
        while (changes := batches.get()) is not None:
            while not batches.empty():  # what changed during the last build: one build for all
                more = batches.get_nowait()
                if more is None:
                    batches.put(None)  # the watcher has stopped: this build is the last
                    break
                changes |= more
            names = sorted({Path(path).name for _, path in changes})
            print(f"changed: {', '.join(names[:5])}{' …' if len(names) > 5 else ''}; "
                  "rebuilding", file=sys.stderr, flush=True)
            build()
    finally:
        stop.set()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.serve", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--output", type=Path, default=PROJECT_ROOT / "output")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT") or 8000))
    parser.add_argument("--bind", default=os.environ.get("BIND") or LOOPBACK,
                        help="address to listen on (default: 127.0.0.1, this machine only; "
                             "0.0.0.0 opens the server to the network)")
    parser.add_argument("--watch", action="store_true", help="build now and on every change")
    parser.add_argument("--content", type=Path, default=PROJECT_ROOT / "content")
    parser.add_argument("--settings", type=Path, default=PROJECT_ROOT / "pelicanconf.py")
    parser.add_argument("--quality", default=os.environ.get("QUALITY") or "draft")
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--no-serve", action="store_true",
                        help="with --watch: only rebuild on change (`make regenerate`)")
    parser.add_argument("build_options", nargs="*", metavar="BUILD_OPTION",
                        help="after --, with --watch: options for every build (PELICANOPTS, "
                             "see `python -m pipeline.build --help`)")
    arguments = parser.parse_args(argv)
    if arguments.build_options and not arguments.watch:
        parser.error("build options (after --) need --watch")

    # An empty address would mean every interface to the socket: never by accident.
    arguments.bind = arguments.bind.strip() or LOOPBACK
    output = arguments.output.resolve()
    if arguments.watch:
        # Checked once here: a mistyped PELICANOPTS stops now, not at every build.
        make_parser().parse_args(arguments.build_options)
        content, settings = arguments.content.resolve(), arguments.settings.resolve()
        command = build_command(content, output, settings, arguments.quality, arguments.jobs,
                                arguments.build_options)
        paths = watched_paths(content, settings)
    if arguments.watch and arguments.no_serve:
        try:
            watch_and_build(command, paths)
        except KeyboardInterrupt:
            pass
        return 0
    if not arguments.watch and not output.is_dir():
        print(f"{output} does not exist yet: run `make html` first", file=sys.stderr)
        return 1
    live = LiveReload() if arguments.watch else None
    server = make_server(output, arguments.bind, arguments.port, live)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    print(f"serving {output} at http://{arguments.bind}:{server.server_address[1]}/ "
          "(Ctrl-C stops)", file=sys.stderr, flush=True)
    try:
        if live is not None:
            watch_and_build(command, paths, on_build=live.publish)
        else:
            thread.join()
    except KeyboardInterrupt:
        pass
    finally:
        if live is not None:
            live.close()  # end the event streams: their pages see the server go
        server.shutdown()
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
