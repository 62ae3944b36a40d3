"""`make serve` and `make devserver`: the local server, rebuilding on change, and the
live reload of open pages."""

from __future__ import annotations

import gzip
import os
import shutil
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from pipeline.serve import (
    build_command,
    watch_and_build,
    watched_paths,
)

from .conftest import FIXTURE, ROOT
from .devserver import get

pytestmark = pytest.mark.xdist_group("publish")


def test_serves_the_output_uncached(served: tuple[Path, int]) -> None:
    site, port = served
    status, headers, body = get(port, "/fixture-article.html")
    assert status == 200 and body == (site / "fixture-article.html").read_bytes()
    assert headers["Cache-Control"] == "no-store"
    assert get(port, "/")[0] == 200
    assert get(port, "/nope.html")[0] == 404


def test_text_is_gzipped_when_the_browser_accepts_it(served: tuple[Path, int]) -> None:
    site, port = served
    status, headers, body = get(port, "/fixture-article.html", {"Accept-Encoding": "gzip"})
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(body) == (site / "fixture-article.html").read_bytes()
    _, headers, _ = get(port, "/images/clip.mp4", {"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in headers  # video is compressed already


def test_byte_ranges_for_videos(served: tuple[Path, int]) -> None:
    site, port = served
    video = (site / "images" / "clip.mp4").read_bytes()
    status, headers, body = get(port, "/images/clip.mp4", {"Range": "bytes=0-99"})
    assert status == 206 and body == video[:100]
    assert headers["Content-Range"] == f"bytes 0-99/{len(video)}"
    assert headers["Content-Type"] == "video/mp4"
    status, _, body = get(port, "/images/clip.mp4", {"Range": "bytes=-10"})
    assert status == 206 and body == video[-10:]
    status, _, body = get(port, "/images/clip.mp4", {"Range": "bytes=1000-"})
    assert status == 206 and body == video[1000:]
    status, headers, _ = get(port, "/images/clip.mp4", {"Range": f"bytes={len(video)}-"})
    assert status == 416 and headers["Content-Range"] == f"bytes */{len(video)}"


def test_a_swapped_in_build_is_served_on_the_next_request(served: tuple[Path, int]) -> None:
    site, port = served
    newer = site.with_name("output.new")
    shutil.copytree(site, newer)
    (newer / "index.html").write_text("the newer build", encoding="utf-8")
    os.replace(site, site.with_name("output.old"))
    os.replace(newer, site)
    assert get(port, "/index.html")[2] == b"the newer build"


def wait_for(condition: Callable[[], bool], seconds: float = 30.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_every_change_runs_the_build_again(tmp_path: Path) -> None:
    watched = tmp_path / "scenes"
    watched.mkdir()
    runs = tmp_path / "runs"
    command = [sys.executable, "-c",
               "import sys; open(sys.argv[1], 'a').write('x')", str(runs)]
    stop = threading.Event()
    thread = threading.Thread(target=watch_and_build, args=(command, [watched], stop))
    thread.start()
    try:
        assert wait_for(lambda: runs.exists() and runs.read_text() == "x")  # the first build
        time.sleep(0.5)  # the watcher is running
        (watched / "linear_layer.py").write_text("# a changed scene module\n")
        assert wait_for(lambda: runs.read_text() == "xx")
    finally:
        stop.set()
        thread.join(timeout=10)
    assert not thread.is_alive()


def test_devserver_watches_what_the_build_reads(tmp_path: Path) -> None:
    settings = ROOT / "pelicanconf.py"
    paths = watched_paths(ROOT / "content", settings)
    for folder in ("scenes", "theme", "plugins", "content"):
        assert ROOT / folder in paths
    assert settings in paths


def test_devserver_rebuilds_the_page_after_an_edit(tmp_path: Path) -> None:
    content, output = tmp_path / "content", tmp_path / "output"
    shutil.copytree(FIXTURE, content)
    command = build_command(content, output, ROOT / "pelicanconf.py", "test", 1)
    page = output / "fixture-article.html"
    stop = threading.Event()
    thread = threading.Thread(target=watch_and_build, args=(command, [content], stop))
    thread.start()
    try:
        assert wait_for(page.exists)
        time.sleep(0.5)
        article = content / "articles" / "fixture.md"
        article.write_text(article.read_text(encoding="utf-8") + "\n剛剛加上的一句。\n",
                           encoding="utf-8")
        assert wait_for(lambda: page.exists() and "剛剛加上的一句" in page.read_text("utf-8"))
    finally:
        stop.set()
        thread.join(timeout=30)


def test_an_edit_made_during_the_first_build_is_built_after_it(tmp_path: Path) -> None:
    watched = tmp_path / "content"
    watched.mkdir()
    runs, started = tmp_path / "runs", tmp_path / "started"
    slow_build = [sys.executable, "-c", "import pathlib, sys, time; "
                  "pathlib.Path(sys.argv[2]).touch(); time.sleep(1); "
                  "open(sys.argv[1], 'a').write('x')", str(runs), str(started)]
    stop = threading.Event()
    thread = threading.Thread(target=watch_and_build, args=(slow_build, [watched], stop))
    thread.start()
    try:
        assert wait_for(started.exists)
        (watched / "article.md").write_text("written while the first build runs\n")
        assert wait_for(lambda: runs.exists() and runs.read_text() == "xx")
    finally:
        stop.set()
        thread.join(timeout=10)
