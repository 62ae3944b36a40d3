"""Live reload for ``make devserver``: each build's outcome, told to every open page.

The watcher hands each build's outcome to :class:`LiveReload`; the dev server
streams it to the pages as server-sent events (``/__livereload``) and adds to
every HTML page it serves one ``<script>`` (``/__livereload.js``) that listens.
On ``reload`` the page reloads; on ``errors`` it lists the failed build's
``path:line: message`` lines over the page, whose content is the last good
build, until the next good build reloads it.

A page names the build it came from (``data-build`` on the script tag), so a
page that connects after a build it missed, or while the last build is broken,
is told at once. Standard library only; nothing here is written to ``output/``.
"""

from __future__ import annotations

import json
import secrets
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

__all__ = ["EVENTS_PATH", "SCRIPT_PATH", "BuildOutcome", "BuildState", "LiveReload",
           "client_script", "event_for", "inject_script"]

EVENTS_PATH = "/__livereload"
SCRIPT_PATH = "/__livereload.js"
# A comment this often keeps idle streams open through proxies and lets the
# server notice a closed page (the write fails) instead of holding its thread forever.
KEEPALIVE_SECONDS = 15.0
_CLIENT_SCRIPT = Path(__file__).with_name("templates") / "livereload.js"


@dataclass(frozen=True)
class BuildOutcome:
    """What one build reported: no errors (it succeeded), or each of them.

    An error is ``{"text", "path", "line", "message"}`` as ``pipeline.build
    --report`` writes it; ``path`` and ``line`` are None when it names no place.
    """

    errors: tuple[dict[str, Any], ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors

    @classmethod
    def read(cls, report: Path, returncode: int) -> BuildOutcome:
        """The outcome from the build's report, or from its exit status if it wrote none."""
        try:
            written = json.loads(report.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            written = None
        if isinstance(written, dict) and (written.get("errors") or returncode == 0):
            return cls(tuple(written.get("errors", ())))
        if returncode == 0:
            return cls()
        # A crash, or an argument error before any build: the terminal has the details.
        text = f"the build stopped with exit status {returncode}; its output is in the terminal"
        return cls(({"text": text, "path": None, "line": None, "message": text},))


@dataclass(frozen=True)
class BuildState:
    """The newest finished build as pages see it: an id, and its outcome (None before any)."""

    build_id: str
    outcome: BuildOutcome | None = None


def event_for(state: BuildState, page_build: str) -> bytes | None:
    """What a page from build ``page_build`` must be told about ``state``, as an SSE event."""
    if state.outcome is None:
        return None  # the first build is still running: the page is as good as any
    if not state.outcome.ok:
        data = json.dumps({"build": state.build_id, "errors": list(state.outcome.errors)},
                          ensure_ascii=False)
        return _event("errors", data)
    if state.build_id != page_build:
        return _event("reload", state.build_id)
    return None


def _event(name: str, data: str) -> bytes:
    # json.dumps escapes newlines, so the data is a single line, as SSE needs.
    return f"event: {name}\ndata: {data}\n\n".encode()


class LiveReload:
    """The last build's state, and the streams waiting for the next one."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        # Ids unique to this server: a page from before a restart reloads at the first build.
        self._session = secrets.token_hex(4)
        self._builds = 0
        self._state = BuildState(f"{self._session}-0")
        self._closed = False

    @property
    def state(self) -> BuildState:
        with self._changed:
            return self._state

    def publish(self, outcome: BuildOutcome) -> BuildState:
        """Record a finished build and wake every stream."""
        with self._changed:
            self._builds += 1
            self._state = BuildState(f"{self._session}-{self._builds}", outcome)
            self._changed.notify_all()
            return self._state

    def close(self) -> None:
        """End every stream (the server is stopping)."""
        with self._changed:
            self._closed = True
            self._changed.notify_all()

    def events(self, page_build: str,
               keepalive: float = KEEPALIVE_SECONDS) -> Iterator[bytes]:
        """The event stream for a page from ``page_build``, until :meth:`close`."""
        seen = self.state
        first = event_for(seen, page_build)
        if first is not None:
            yield first
        while True:
            with self._changed:
                self._changed.wait_for(partial(self._has_news, seen), timeout=keepalive)
                closed, state = self._closed, self._state
            if closed:
                return
            if state is seen:
                yield b": keep-alive\n\n"
                continue
            seen = state
            event = event_for(state, page_build)
            if event is not None:
                yield event

    def _has_news(self, seen: BuildState) -> bool:
        return self._closed or self._state is not seen

    def script_tag(self) -> bytes:
        """The tag added to each served page: the script, and the build the page is from."""
        return (f'<script src="{SCRIPT_PATH}" data-build="{self.state.build_id}">'
                "</script>").encode()


def client_script() -> bytes:
    """The page's side: listen, reload, show errors (``templates/livereload.js``)."""
    return _CLIENT_SCRIPT.read_bytes()


def inject_script(html: bytes, tag: bytes) -> bytes:
    """``html`` with ``tag`` just before its last ``</body>`` (at the end if it has none)."""
    at = html.lower().rfind(b"</body>")
    return html + tag if at < 0 else html[:at] + tag + html[at:]
