"""Live reload in `make devserver`: the script served pages get, the event stream, the errors."""

from __future__ import annotations

import gzip
import http.client
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.livereload import BuildOutcome, LiveReload, event_for, inject_script
from pipeline.serve import (
    DevServer,
    make_server,
    run_build,
)

from .conftest import ROOT, Published
from .devserver import EventStream, devserver, get

pytestmark = pytest.mark.xdist_group("publish")


# ---- Live reload -------------------------------------------------------------------------

BROKEN_MP4 = "!mp4 needs a path"


def broken(article: str, block: str = "!mp4") -> tuple[str, int]:
    """The article with ``block`` appended, and the line the block starts on."""
    text = article + "\n" + block + "\n"
    return text, article.count("\n") + 2


def failed(message: str, path: str = "content/articles/fixture.md", line: int = 7
           ) -> BuildOutcome:
    text = f"{path}:{line}: {message}"
    return BuildOutcome(({"text": text, "path": path, "line": line, "message": message},))


@pytest.fixture
def live_served(published: Published, tmp_path: Path
                ) -> Iterator[tuple[Path, int, LiveReload]]:
    """The published site served as `make devserver` serves it, builds told by the test."""
    site = tmp_path / "output"
    shutil.copytree(published.output, site)
    live = LiveReload()
    server = make_server(site, "127.0.0.1", 0, live)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield site, server.server_address[1], live
    live.close()
    server.shutdown()
    server.server_close()


def page_build(html: bytes) -> str:
    """The build a served page says it is from."""
    match = re.search(rb'<script src="/__livereload.js" data-build="([^"]+)"></script></body>',
                      html)
    assert match, "no live-reload script before </body>"
    return match[1].decode()


def test_watch_mode_adds_the_script_to_served_pages_not_to_the_files(
        live_served: tuple[Path, int, LiveReload]) -> None:
    site, port, live = live_served
    on_disk = (site / "fixture-article.html").read_bytes()
    assert b"__livereload" not in on_disk
    status, headers, body = get(port, "/fixture-article.html")
    assert status == 200 and headers["Cache-Control"] == "no-store"
    assert page_build(body) == live.state.build_id
    assert body.replace(live.script_tag(), b"") == on_disk  # nothing else changed
    assert int(headers["Content-Length"]) == len(body)
    _, headers, zipped = get(port, "/fixture-article.html", {"Accept-Encoding": "gzip"})
    assert headers["Content-Encoding"] == "gzip" and page_build(gzip.decompress(zipped))
    for index in ("/", "/index.html"):
        assert page_build(get(port, index)[2])
    status, headers, script = get(port, "/__livereload.js")
    assert status == 200 and headers["Content-Type"].startswith("text/javascript")
    assert b"new EventSource(" in script
    assert b"__livereload" not in get(port, "/theme/css/main.css")[2]
    assert b"__livereload" not in b"".join(path.read_bytes() for path in site.rglob("*.html"))


def test_without_watch_nothing_is_added(served: tuple[Path, int]) -> None:
    site, port = served
    assert get(port, "/fixture-article.html")[2] == (site / "fixture-article.html").read_bytes()
    assert get(port, "/__livereload.js")[0] == 404
    assert get(port, "/__livereload")[0] == 404


def test_the_script_goes_before_the_last_body_end_tag() -> None:
    tag = b"<script></script>"
    assert inject_script(b"<p>x</p></BODY></html>", tag) == b"<p>x</p>" + tag + b"</BODY></html>"
    assert inject_script(b"<pre>&lt;/body&gt;</pre></body>", tag).endswith(tag + b"</body>")
    assert inject_script(b"<p>a fragment</p>", tag) == b"<p>a fragment</p>" + tag


def test_byte_ranges_and_gzip_in_watch_mode(live_served: tuple[Path, int, LiveReload]) -> None:
    site, port, _ = live_served
    video = (site / "images" / "clip.mp4").read_bytes()
    status, headers, body = get(port, "/images/clip.mp4", {"Range": "bytes=100-199"})
    assert status == 206 and body == video[100:200]
    assert headers["Content-Range"] == f"bytes 100-199/{len(video)}"
    _, headers, body = get(port, "/theme/css/main.css", {"Accept-Encoding": "gzip"})
    assert gzip.decompress(body) == (site / "theme" / "css" / "main.css").read_bytes()


def test_what_a_page_is_told_depends_on_the_build_it_came_from() -> None:
    live = LiveReload()
    first = live.state.build_id
    assert event_for(live.state, first) is None  # no build finished yet
    good = live.publish(BuildOutcome())
    assert event_for(good, first) == f"event: reload\ndata: {good.build_id}\n\n".encode()
    assert event_for(good, good.build_id) is None  # the page is the newest build
    bad = live.publish(failed(BROKEN_MP4))
    for page in (first, good.build_id):
        name, data = event_for(bad, page).decode().split("\n")[:2]
        assert name == "event: errors"
        assert json.loads(data.removeprefix("data: "))["errors"][0]["line"] == 7


def test_an_idle_stream_is_kept_alive_and_ends_when_the_server_stops() -> None:
    live = LiveReload()
    events = live.events(live.state.build_id, keepalive=0.05)
    assert next(events) == b": keep-alive\n\n"
    live.close()
    assert list(events) == []


def test_a_page_opened_while_the_last_build_failed_gets_the_errors_at_once(
        live_served: tuple[Path, int, LiveReload]) -> None:
    _, port, live = live_served
    live.publish(failed("unknown directive '!gif'"))
    since = page_build(get(port, "/fixture-article.html")[2])
    stream = EventStream(port, since)
    try:
        name, data = stream.next(5)
        assert name == "errors"
        [error] = json.loads(data)["errors"]
        assert error["text"] == "content/articles/fixture.md:7: unknown directive '!gif'"
    finally:
        stream.close()


def test_streams_hold_no_other_request_up_and_end_at_shutdown(
        live_served: tuple[Path, int, LiveReload]) -> None:
    _, port, live = live_served
    streams = [EventStream(port, "an older build") for _ in range(8)]
    try:
        live.publish(BuildOutcome())
        assert all(stream.next(5)[0] == "reload" for stream in streams)
        started = time.monotonic()
        assert get(port, "/fixture-article.html")[0] == 200
        assert get(port, "/images/clip.mp4", {"Range": "bytes=0-9"})[0] == 206
        assert time.monotonic() - started < 2
        streams[0].close()  # a closed tab; the next event finds its connection gone
        live.publish(failed(BROKEN_MP4))
        assert all(stream.next(5)[0] == "errors" for stream in streams[1:])
        live.close()
        assert all(stream.next(5) == ("end", "") for stream in streams[1:])
    finally:
        for stream in streams:
            stream.close()


def test_a_dropped_connection_is_no_error_worth_a_traceback(
        capsys: pytest.CaptureFixture[str]) -> None:
    server = DevServer(("127.0.0.1", 0), http.server.BaseHTTPRequestHandler)
    try:
        for dropped in (BrokenPipeError(), ConnectionResetError()):
            try:
                raise dropped
            except ConnectionError:
                server.handle_error(None, ("127.0.0.1", 1))
        assert capsys.readouterr().err == ""
        try:
            raise ValueError("a real bug")
        except ValueError:
            server.handle_error(None, ("127.0.0.1", 1))
        assert "ValueError: a real bug" in capsys.readouterr().err
    finally:
        server.server_close()


def test_a_build_that_stops_before_reporting_is_shown_as_failed() -> None:
    outcome = run_build([sys.executable, "-c", "raise SystemExit(3)"])
    [error] = outcome.errors
    assert "exit status 3" in error["text"] and error["path"] is None
    assert run_build([sys.executable, "-c", "pass"]).ok


def test_devserver_tells_open_pages_to_reload_or_shows_the_errors(tmp_path: Path) -> None:
    with devserver(tmp_path) as server:
        stream = EventStream(server.port)  # a page from before this server: told at the build
        try:
            assert stream.next(60)[0] == "reload"  # the first build
            original = server.article.read_text(encoding="utf-8")
            server.article.write_text(original + "\n## 剛加上的標題\n", encoding="utf-8")
            assert stream.next(30)[0] == "reload"
            assert "剛加上的標題" in get(server.port, "/fixture-article.html")[2].decode()

            text, line = broken(original)
            server.article.write_text(text, encoding="utf-8")
            name, data = stream.next(30)
            assert name == "errors"
            [error] = json.loads(data)["errors"]
            assert f"content/articles/fixture.md:{line}: {BROKEN_MP4}" in error["text"]
            assert error["path"].endswith("content/articles/fixture.md")
            assert error["line"] == line and error["message"].startswith(BROKEN_MP4)
            assert "剛加上的標題" in get(server.port, "/fixture-article.html")[2].decode()

            server.article.write_text(original, encoding="utf-8")
            assert stream.next(30)[0] == "reload"
            assert "剛加上的標題" not in get(server.port, "/fixture-article.html")[2].decode()
            assert get(server.port, "/images/clip.mp4", {"Range": "bytes=0-99"})[0] == 206
        finally:
            stream.close()
        assert server.interrupt() == 0  # Ctrl-C, with a page still listening
    printed = "".join(server.stderr)
    assert "Traceback" not in printed and "Exception" not in printed, printed


def test_devserver_checks_the_build_options_before_it_starts(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pipeline.serve", "--watch", "--content", str(tmp_path),
         "--output", str(tmp_path / "output"), "--port", "0", "--", "--listen"],
        cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "--listen (a pelican option) is not honoured by this build: use `make serve`" \
        in result.stderr
    assert not (tmp_path / "output").exists()


def test_devserver_builds_with_the_given_options(tmp_path: Path) -> None:
    with devserver(tmp_path, "-e", 'SITENAME="即時預覽"') as server:
        server.wait_for_site()
        assert "即時預覽" in get(server.port, "/fixture-article.html")[2].decode()
        assert server.interrupt() == 0


def make_dry_run(target: str, *variables: str) -> str:
    """The command ``make -n target`` would run (continued lines joined)."""
    clean = {k: v for k, v in os.environ.items()
             if k not in {"DEBUG", "RELATIVE", "PELICANOPTS", "MAKEFLAGS"}}
    result = subprocess.run(["make", "-n", target, *variables], cwd=ROOT, capture_output=True,
                            text=True, check=True, env=clean)
    [line] = [line for line in result.stdout.replace("\\\n", " ").splitlines()
              if "-m pipeline." in line]
    return " ".join(line.split())


@pytest.mark.parametrize("target", ["devserver", "regenerate"])
def test_devserver_and_regenerate_pass_debug_and_pelicanopts(target: str) -> None:
    assert make_dry_run(target).endswith(" --")
    assert make_dry_run(target, "DEBUG=1").endswith(" -- -D")
    assert make_dry_run(target, "PELICANOPTS=--ignore-cache -v", "RELATIVE=1",
                        "DEBUG=1").endswith(" -- --ignore-cache -v -D --relative-urls")
