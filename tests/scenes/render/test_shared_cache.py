"""The shared render cache on a folder store: an entry is trusted whole or not at all.

No render here: entries are small folders of made-up files, written and read
through fsspec as any store is (a plain path and a ``file://`` URL).
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from scenes.render.record import RenderRecord
from scenes.render.shared_cache import RECORD, SharedCache

KEY = "0123456789abcdef0123"


def finished_render(folder: Path, video: bytes) -> Path:
    """A folder shaped like a finished render of ToySquare (what a worker leaves)."""
    folder.mkdir(parents=True)
    (folder / "ToySquare.mp4").write_bytes(video)
    (folder / "ToySquare.png").write_bytes(b"png" * 100)
    RenderRecord.of_folder(folder, scene="ToySquare", key=KEY, kind="video", theme="dark",
                           width=256, height=144, fps=5, seconds=1.0).write(folder)
    return folder


def fetched(store: SharedCache, into: Path) -> dict[str, bytes] | None:
    """What a reader takes from the store: every file, or None on a miss."""
    into.mkdir(parents=True, exist_ok=True)
    for leftover in into.iterdir():
        leftover.unlink()
    if store.fetch("ToySquare", "dark", KEY, into) is None:
        return None
    return {path.name: path.read_bytes() for path in sorted(into.iterdir())}


@pytest.fixture
def store(tmp_path: Path) -> SharedCache:
    return SharedCache(str(tmp_path / "store"), "test")


def test_an_entry_is_fetched_as_it_was_published(tmp_path: Path, store: SharedCache) -> None:
    render = finished_render(tmp_path / "render", b"video" * 1000)
    assert fetched(store, tmp_path / "in") is None  # nothing there yet: a miss
    store.publish("ToySquare", "dark", KEY, render)
    assert fetched(store, tmp_path / "in") == {
        path.name: path.read_bytes() for path in sorted(render.iterdir())}
    # Keyed like the local cache; the record beside the files it lists.
    entry = tmp_path / "store" / "test" / "ToySquare" / "dark" / KEY
    record = json.loads((entry / RECORD).read_text())
    assert sorted(record["files"]) == ["ToySquare.mp4", "ToySquare.png", "render.json"]
    assert record["files"]["ToySquare.mp4"]["size"] == 5000
    assert sorted(path.name for path in (entry / record["version"]).iterdir()) == sorted(
        record["files"])
    # The same store as a file:// URL; another profile or key is another entry.
    assert fetched(SharedCache(f"file://{tmp_path}/store", "test"), tmp_path / "in") is not None
    assert fetched(SharedCache(str(tmp_path / "store"), "draft"), tmp_path / "in") is None


def test_files_without_their_record_are_not_an_entry(tmp_path: Path,
                                                     store: SharedCache) -> None:
    """An upload killed before its record: every file there, still a miss."""
    store.publish("ToySquare", "dark", KEY, finished_render(tmp_path / "render", b"v" * 100))
    (Path(store.entry("ToySquare", "dark", KEY)) / RECORD).unlink()
    assert fetched(store, tmp_path / "in") is None


@pytest.mark.parametrize("damage", ["truncated", "missing", "changed"])
def test_a_file_that_does_not_match_its_record_is_a_miss(tmp_path: Path, store: SharedCache,
                                                         damage: str) -> None:
    store.publish("ToySquare", "dark", KEY, finished_render(tmp_path / "render", b"v" * 100))
    entry = Path(store.entry("ToySquare", "dark", KEY))
    video = entry / json.loads((entry / RECORD).read_text())["version"] / "ToySquare.mp4"
    if damage == "truncated":
        video.write_bytes(video.read_bytes()[:50])
    elif damage == "missing":
        video.unlink()
    else:
        video.write_bytes(b"w" * 100)  # the right size, other bytes
    assert fetched(store, tmp_path / "in") is None


@pytest.mark.parametrize("record", [
    b'{"layout": 1, "files": {',  # cut short
    b"\xff\xfe not even text",
    json.dumps({"layout": 99}).encode(),
])
def test_a_record_that_is_not_whole_is_a_miss(tmp_path: Path, store: SharedCache,
                                              record: bytes) -> None:
    store.publish("ToySquare", "dark", KEY, finished_render(tmp_path / "render", b"v" * 100))
    (Path(store.entry("ToySquare", "dark", KEY)) / RECORD).write_bytes(record)
    assert fetched(store, tmp_path / "in") is None


def test_a_record_of_another_entry_or_naming_a_file_outside_is_refused(
        tmp_path: Path, store: SharedCache) -> None:
    store.publish("ToySquare", "dark", KEY, finished_render(tmp_path / "render", b"v" * 100))
    path = Path(store.entry("ToySquare", "dark", KEY)) / RECORD
    record = json.loads(path.read_text())
    path.write_text(json.dumps({**record, "key": "another"}))
    assert fetched(store, tmp_path / "in") is None
    outside = {**record, "files": {**record["files"], "../escape": {"size": 1, "sha256": ""}}}
    path.write_text(json.dumps(outside))
    assert fetched(store, tmp_path / "in") is None
    assert not (tmp_path / "escape").exists()


def test_two_writers_of_one_key_leave_one_whole_entry(tmp_path: Path,
                                                      store: SharedCache) -> None:
    """Writers racing on one key (the same bytes, or other bytes from another machine's
    encoder) while a reader reads: the reader sees one writer's whole entry or nothing."""
    renders = [finished_render(tmp_path / f"render-{n}", bytes([65 + n]) * 200_000)
               for n in range(2)]
    wanted = [{path.name: path.read_bytes() for path in sorted(render.iterdir())}
              for render in renders]
    seen: list[dict | None] = []
    videos_seen: list[bytes] = []
    writing = True

    def read() -> None:
        count = 0
        while writing or count < 3:
            seen.append(fetched(store, tmp_path / "in"))
            # A reader that does not check (a person, a tool): never half a file either.
            for video in (tmp_path / "store").rglob("ToySquare.mp4"):
                videos_seen.append(video.read_bytes())
            count += 1

    def write(render: Path) -> None:
        for _ in range(4):
            store.publish("ToySquare", "dark", KEY, render)

    reader = threading.Thread(target=read)
    writers = [threading.Thread(target=write, args=(renders[n % 2],)) for n in range(4)]
    reader.start()
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join()
    writing = False
    reader.join()
    assert seen and all(files is None or files in wanted for files in seen)
    assert videos_seen and {len(video) for video in videos_seen} == {200_000}
    assert seen[-1] in wanted  # the last record names a whole entry
    # Nothing left under a temporary name once the writers are done.
    assert not list((tmp_path / "store").rglob("*.part-*"))


def test_a_folder_that_is_not_a_finished_render_is_not_published(tmp_path: Path,
                                                                 store: SharedCache) -> None:
    folder = tmp_path / "half"
    folder.mkdir()
    (folder / "ToySquare.mp4").write_bytes(b"v")
    with pytest.raises(ValueError, match="not a finished render"):
        store.publish("ToySquare", "dark", KEY, folder)
    assert not (tmp_path / "store").exists() or not list((tmp_path / "store").rglob(RECORD))
