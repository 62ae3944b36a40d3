"""`make serve` / `make devserver` under faults: bound to 127.0.0.1 unless BIND opens it,
no path out of output/ (`..` in every spelling, symbolic links), 416 for a Range it cannot
serve, and up under 200 parallel requests with 20 live-reload streams open. Real requests to
the real server."""

from __future__ import annotations

import http.client
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from pipeline.livereload import EVENTS_PATH, BuildOutcome, LiveReload
from pipeline.serve import make_server

from .conftest import ROOT, Published

pytestmark = pytest.mark.xdist_group("publish")

SECRET = "never-served-secret"


def request(port: int, path: str, headers: dict[str, str] | None = None,
            method: str = "GET") -> tuple[int, dict[str, str], bytes]:
    """One request with ``path`` sent exactly as written (no client-side normalising)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.putrequest(method, path, skip_accept_encoding=True)
        for name, value in (headers or {}).items():
            connection.putheader(name, value)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


@pytest.fixture
def site_with_links(published: Published, tmp_path: Path) -> Iterator[tuple[Path, int]]:
    """A copy of the published site beside a secret, with links out of it and one inside."""
    site = tmp_path / "output"
    shutil.copytree(published.output, site)
    (tmp_path / "secret.txt").write_text(SECRET, encoding="utf-8")
    (tmp_path / "private").mkdir()
    (tmp_path / "private" / "key.txt").write_text(SECRET, encoding="utf-8")
    (site / "leak.txt").symlink_to(tmp_path / "secret.txt")
    (site / "images" / "private").symlink_to(tmp_path / "private")
    (site / "alias.html").symlink_to(site / "index.html")  # inside output/: served
    server = make_server(site, "127.0.0.1", 0, LiveReload())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield site, server.server_address[1]
    server.shutdown()
    server.server_close()


TRAVERSALS = [
    "/../secret.txt", "/images/../../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt",
    "/..%2fsecret.txt", "/%2e%2e%2fsecret.txt", "/images/%2e%2e%2f%2e%2e%2fsecret.txt",
    "/images%2f..%2f..%2fsecret.txt", "/..%5csecret.txt", "/.%2e/secret.txt",
    "//../secret.txt", "/leak.txt", "/images/private/key.txt", "/images/private/",
    "/index.html%00.png", "/%00", "/../private/key.txt",
]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_no_path_leads_out_of_output(site_with_links: tuple[Path, int], path: str) -> None:
    _, port = site_with_links
    for method in ("GET", "HEAD"):
        status, _, body = request(port, path, method=method)
        assert status in (403, 404), (method, path, status)
        assert SECRET.encode() not in body


def test_links_inside_output_and_ordinary_paths_still_work(
        site_with_links: tuple[Path, int]) -> None:
    site, port = site_with_links
    assert request(port, "/alias.html")[0] == 200
    assert request(port, "/images/clip.mp4")[2] == (site / "images" / "clip.mp4").read_bytes()
    assert request(port, "/%69ndex.html")[0] == 200  # an encoded letter is just a letter


@pytest.mark.parametrize("header", [
    "bytes=abc", "bytes=-", "bytes=9-2", "items=0-5", "bytes=0-1,4-5", "bytes=-0",
    "bytes=0-1x", "bytes 0-1", "bytes=99999999-", "=0-1",
])
def test_a_range_that_cannot_be_served_is_416(site_with_links: tuple[Path, int],
                                              header: str) -> None:
    site, port = site_with_links
    size = (site / "images" / "clip.mp4").stat().st_size
    status, headers, body = request(port, "/images/clip.mp4", {"Range": header})
    assert status == 416, header
    assert headers["Content-Range"] == f"bytes */{size}" and body == b""
    assert request(port, "/images/clip.mp4", {"Range": "bytes=0-9"})[0] == 206  # still up


def open_stream(port: int) -> socket.socket:
    """A page's live-reload stream, opened and read up to its first line."""
    stream = socket.create_connection(("127.0.0.1", port), timeout=30)
    stream.sendall(f"GET {EVENTS_PATH}?since=x HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    assert stream.recv(4096).startswith(b"HTTP/1.0 200")
    return stream


def test_200_parallel_requests_with_20_streams_open(published: Published,
                                                    tmp_path: Path) -> None:
    site = tmp_path / "output"
    shutil.copytree(published.output, site)
    live = LiveReload()
    live.publish(BuildOutcome())
    server = make_server(site, "127.0.0.1", 0, live)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    try:
        streams = [open_stream(port) for _ in range(20)]
        video = (site / "images" / "clip.mp4").read_bytes()
        asked = [("/fixture-article.html", {}), ("/images/clip.mp4", {"Range": "bytes=0-99"}),
                 ("/theme/css/main.css", {"Accept-Encoding": "gzip"}), ("/nope.html", {})] * 50
        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=200) as pool:
            answers = list(pool.map(lambda pair: request(port, *pair), asked))
        # All at once, not after the kernel's connect retries (1 s, 3 s, 7 s, ...): a
        # backlog of 5 (socketserver's default) took 30 s here.
        assert time.monotonic() - started < 10
        statuses = [status for status, _, _ in answers]
        assert statuses.count(200) == 100 and statuses.count(206) == 50
        assert statuses.count(404) == 50
        assert all(body == video[:100] for status, _, body in answers if status == 206)
        # Every stream is still open and hears the next build.
        live.publish(BuildOutcome())
        for stream in streams:
            received = b""
            while b"event: reload" not in received:
                received += stream.recv(4096)
            stream.close()
        assert request(port, "/")[0] == 200
    finally:
        live.close()
        server.shutdown()
        server.server_close()


def outside_address() -> str | None:
    """This machine's address on its network (not loopback), if it has one."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("192.0.2.1", 9))  # no packet is sent: only the route is looked up
        address = probe.getsockname()[0]
    except OSError:
        return None
    finally:
        probe.close()
    return None if address.startswith("127.") else address


def serve(site: Path, bind: str | None, option: str | None
          ) -> tuple[subprocess.Popen[str], str, int]:
    env = {key: value for key, value in os.environ.items() if key != "BIND"}
    if bind is not None:
        env["BIND"] = bind
    options = ["--bind", option] if option is not None else []
    process = subprocess.Popen(
        [sys.executable, "-m", "pipeline.serve", "--output", str(site), "--port", "0",
         *options], cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True)
    line = process.stderr.readline()
    match = re.search(r"at http://([\d.]+):(\d+)/", line)
    assert match, line
    return process, match[1], int(match[2])


@pytest.mark.parametrize(("bind", "option"), [
    (None, None), ("", None), (None, ""), ("0.0.0.0", None), (None, "0.0.0.0")])
def test_bound_to_loopback_unless_bind_opens_it(published: Published, bind: str | None,
                                                option: str | None) -> None:
    process, address, port = serve(published.output, bind, option)
    opened = "0.0.0.0" in (bind, option)
    try:
        assert address == ("0.0.0.0" if opened else "127.0.0.1")
        assert request(port, "/")[0] == 200
        elsewhere = outside_address()
        if elsewhere:  # a machine with a network: reachable from it only when opened
            try:
                socket.create_connection((elsewhere, port), timeout=5).close()
                reachable = True
            except OSError:
                reachable = False
            assert reachable == opened
    finally:
        process.terminate()
        process.wait(10)


def test_make_passes_bind_to_both_servers() -> None:
    for target in ("serve", "devserver"):
        default = subprocess.run(["make", "-n", target], cwd=ROOT, capture_output=True,
                                 text=True, env={**os.environ, "BIND": ""}).stdout
        opened = subprocess.run(["make", "-n", target, "BIND=0.0.0.0"], cwd=ROOT,
                                capture_output=True, text=True).stdout
        assert "--bind 127.0.0.1" in default, default
        assert "--bind 0.0.0.0" in opened, opened
