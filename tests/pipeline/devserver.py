"""A real ``python -m pipeline.serve --watch`` on a copy of the fixture site, and a plain
HTTP client for its event stream: shared by the server tests and the browser test."""

from __future__ import annotations

import http.client
import os
import queue
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from tests.paths import ROOT as PROJECT_ROOT
from tests.signals import ctrl_c_as_in_a_terminal

ROOT = PROJECT_ROOT
FIXTURE = ROOT / "tests" / "fixtures" / "site"
_SERVING = re.compile(r"serving .* at http://127\.0\.0\.1:(\d+)/")


@dataclass
class DevServer:
    """The running server: its port, the content it watches, and what it printed."""

    process: subprocess.Popen[str]
    port: int
    content: Path
    output: Path
    stderr: list[str] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    @property
    def article(self) -> Path:
        return self.content / "articles" / "fixture.md"

    def wait_for_site(self, seconds: float = 60.0) -> None:
        """Until the first build has put a site in place."""
        deadline = time.monotonic() + seconds
        while not (self.output / "fixture-article.html").is_file():
            assert self.process.poll() is None, "".join(self.stderr)
            assert time.monotonic() < deadline, "no first build:\n" + "".join(self.stderr)
            time.sleep(0.1)

    def interrupt(self, seconds: float = 15.0) -> int:
        """Ctrl-C, as a terminal sends it; the exit status."""
        self.process.send_signal(signal.SIGINT)
        return self.process.wait(seconds)


@contextmanager
def devserver(tmp_path: Path, *options: str) -> Iterator[DevServer]:
    """``pipeline.serve --watch`` at the test profile on a private copy of the fixture site."""
    content, output = tmp_path / "content", tmp_path / "output"
    shutil.copytree(FIXTURE, content)
    process = subprocess.Popen(
        [sys.executable, "-m", "pipeline.serve", "--watch", "--content", str(content),
         "--output", str(output), "--quality", "test", "--jobs", "1", "--port", "0",
         *(["--", *options] if options else [])],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "COLUMNS": "200"}, preexec_fn=ctrl_c_as_in_a_terminal,
    )
    lines: list[str] = []
    ports: queue.Queue[int] = queue.Queue()

    def read_stderr() -> None:
        assert process.stderr is not None
        for line in process.stderr:
            lines.append(line)
            if match := _SERVING.search(line):
                ports.put(int(match[1]))

    threading.Thread(target=read_stderr, daemon=True).start()
    try:
        port = ports.get(timeout=30)
        yield DevServer(process, port, content, output, lines)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(10)


class EventStream:
    """``GET /__livereload`` read by a plain HTTP client: each event as (name, data)."""

    def __init__(self, port: int, since: str = "") -> None:
        self._connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self._connection.connect()
        self._socket = self._connection.sock  # kept: closing must reach the server
        self._connection.request("GET", f"/__livereload?since={quote(since)}")
        self.response = self._connection.getresponse()
        self._events: queue.Queue[tuple[str, str]] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        name, data = "message", ""
        try:
            for raw in self.response:
                line = raw.decode("utf-8").rstrip("\n")
                if line.startswith("event: "):
                    name = line.removeprefix("event: ")
                elif line.startswith("data: "):
                    data = line.removeprefix("data: ")
                elif not line and data:
                    self._events.put((name, data))
                    name, data = "message", ""
        except OSError:
            pass  # hung up by the test
        finally:
            self.response.close()  # here, not from the test's thread: one reader at a time
        self._events.put(("end", ""))

    def next(self, seconds: float = 30.0) -> tuple[str, str]:
        """The next event (``("end", "")`` once the server closed the stream)."""
        try:
            return self._events.get(timeout=seconds)
        except queue.Empty:
            raise AssertionError(f"no event within {seconds} s") from None

    def close(self) -> None:
        """Hang up, as a closed tab does."""
        try:
            self._socket.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass  # the server has gone already
        self._socket.close()


def get(port: int, path: str, headers: dict[str, str] | None = None
        ) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers=headers or {})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, dict(response.getheaders()), body
