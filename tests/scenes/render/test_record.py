"""The render record: written and read in one place, sealed, and checked file by file.

No render here: entries are small folders of made-up files.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from scenes.render.manifest import Manifest, RenderedScene
from scenes.render.record import (
    RECORD_NAME,
    DamagedEntry,
    FileDigest,
    RenderOutcome,
    RenderRecord,
    VideoFacts,
    verify_entry,
)

KEY = "0123456789abcdef0123"


def finished(folder: Path) -> RenderRecord:
    """A folder shaped like a finished render of Toy, with its record written last."""
    folder.mkdir(parents=True)
    (folder / "Toy.master.mp4").write_bytes(b"video" * 100)
    (folder / "Toy.png").write_bytes(b"png" * 10)
    (folder / "Toy.jpg").write_bytes(b"jpeg" * 10)
    record = RenderRecord.of_folder(folder, scene="Toy", key=KEY, kind="video", theme="dark",
                                    width=256, height=144, fps=5, seconds=1.5,
                                    video=VideoFacts("h264", "yuv420p", 7, 1.4))
    record.write(folder)
    return record


def test_a_record_lists_each_file_by_name_with_size_and_digest(tmp_path: Path) -> None:
    record = finished(tmp_path / "entry")
    assert sorted(record.files) == ["Toy.jpg", "Toy.master.mp4", "Toy.png"]
    assert record.files["Toy.master.mp4"] == FileDigest.of(tmp_path / "entry" / "Toy.master.mp4")
    assert record.files["Toy.master.mp4"].size == 500
    written = json.loads((tmp_path / "entry" / RECORD_NAME).read_text())
    assert written["files"]["Toy.png"] == {
        "size": 30, "sha256": FileDigest.of(tmp_path / "entry" / "Toy.png").sha256}
    assert str(tmp_path) not in (tmp_path / "entry" / RECORD_NAME).read_text()  # names only
    assert verify_entry(tmp_path / "entry", "Toy", KEY) == record
    assert RenderRecord.read(tmp_path / "entry") == record


def test_a_whole_entry_moved_elsewhere_is_still_whole(tmp_path: Path) -> None:
    record = finished(tmp_path / "entry")
    (tmp_path / "entry").rename(tmp_path / "moved")
    assert verify_entry(tmp_path / "moved", "Toy", KEY) == record


def damage(entry: Path, how: str) -> None:
    record = entry / RECORD_NAME
    if how == "video cut short":
        (entry / "Toy.master.mp4").write_bytes((entry / "Toy.master.mp4").read_bytes()[:100])
    elif how == "video changed, same size":
        (entry / "Toy.master.mp4").write_bytes(b"VIDEO" * 100)
    elif how == "poster missing":
        (entry / "Toy.jpg").unlink()
    elif how == "record edited":
        record.write_text(json.dumps({**json.loads(record.read_text()), "width": 512}))
    elif how == "record missing":
        record.unlink()
    elif how == "record cut short":
        record.write_text(record.read_text()[:40])
    elif how == "record of older code":
        record.write_text(json.dumps({"scene": "Toy", "kind": "video", "width": 256}))
    elif how == "poster unreadable":  # as root, a file without permissions still reads
        (entry / "Toy.jpg").unlink()
        (entry / "Toy.jpg").symlink_to("Toy.jpg")
    elif how == "a file outside the entry":  # sealed as written: only its names tell
        written = RenderRecord.read(entry)
        replace(written, files={**written.files, "../escape": FileDigest(1, "0")}).write(entry)


@pytest.mark.parametrize(("how", "says"), [
    ("video cut short",
     "has Toy.master.mp4 of 100 bytes, its record says 500 (cut short or changed)"),
    ("video changed, same size",
     "has Toy.master.mp4 changed since it was rendered (SHA-256 differs)"),
    ("poster missing", "has lost Toy.jpg"),
    ("poster unreadable", "has Toy.jpg unreadable (Too many levels of symbolic links)"),
    ("record edited", "has a record that was edited (its seal does not match)"),
    ("record missing", "has no record (render.json)"),
    ("record cut short", "has a record cut short or not JSON"),
    ("record of older code", "has a record of another layout (None, this code writes 3)"),
    ("a file outside the entry", "has a record naming a file outside it ('../escape')"),
])
def test_a_damaged_entry_says_what_is_wrong(tmp_path: Path, how: str, says: str) -> None:
    finished(tmp_path / "entry")
    damage(tmp_path / "entry", how)
    with pytest.raises(DamagedEntry) as damaged:
        verify_entry(tmp_path / "entry", "Toy", KEY)
    assert str(damaged.value) == says


def test_an_entry_of_another_scene_or_key_is_refused(tmp_path: Path) -> None:
    finished(tmp_path / "entry")
    with pytest.raises(DamagedEntry, match=f"has the record of Toy {KEY}, not of Toy other"):
        verify_entry(tmp_path / "entry", "Toy", "other")


def test_the_manifest_names_renders_relative_to_itself(tmp_path: Path) -> None:
    """A cache moved with its manifest (a checkout moved or copied) keeps its renders."""
    entry = tmp_path / "cache" / "test" / "Toy" / "dark" / KEY
    record = finished(entry)
    path = Manifest("test", renders={"Toy": {"dark": RenderedScene.of_record(record, entry)}}
                    ).write(tmp_path / "cache" / "test" / "manifest.json")
    assert str(tmp_path) not in path.read_text()
    (tmp_path / "cache").rename(tmp_path / "elsewhere")
    render = Manifest.read(tmp_path / "elsewhere" / "test" / "manifest.json").render("Toy")
    assert render.folder == tmp_path / "elsewhere" / "test" / "Toy" / "dark" / KEY
    assert (render.width, render.frames, render.duration) == (256, 7, 1.4)
    assert render.master.read_bytes() == b"video" * 100


def test_an_outcome_says_failed_or_rendered() -> None:
    failed = RenderOutcome.failed("Toy", "ValueError: no", "scenes/toy.py:3", 0.5)
    assert (failed.ok, failed.where, failed.message, failed.timed_out) == (
        False, "scenes/toy.py:3", "ValueError: no", False)
    assert RenderOutcome("Toy", True, 1.0, forked_plays=2).forked_plays == 2
