"""What one render is, typed: the record in its cache entry, and a worker's outcome.

A finished cache entry holds its files (``manifest.entry_files``) and
``render.json``, the :class:`RenderRecord`: the scene, its key, size, frame
rate, how long it took, the video's facts, and every other file of the entry
by name (relative to the entry, so a moved checkout keeps its cache) with its
size and SHA-256. The record is sealed: it carries a SHA-256 of its own
fields, so a record edited by hand is told from one the worker wrote.

An entry is trusted only through :func:`verify_entry`: the record is there,
of this layout, sealed, of the scene and key asked for, and every file it
lists is there with its size and digest. Anything else (a video cut short, a
poster deleted, a record edited, a file missing after a copy) is a
:class:`DamagedEntry`, and the scene renders again: nothing of it reaches a site.

:class:`RenderOutcome` is what a worker hands back to the driver: rendered, or
where and why not. Both are serialised here and nowhere else.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["RECORD_NAME", "BeatRecord", "DamagedEntry", "FileDigest", "RenderOutcome",
           "RenderRecord", "VideoFacts", "check_files", "seal", "verify_entry"]

#: The record's file name in a cache entry.
RECORD_NAME = "render.json"
# The record's layout. A record of another layout (an entry written by older
# code) is a damaged entry: rendered again, never misread.
_LAYOUT = 3  # 3: a video's beats


class DamagedEntry(ValueError):
    """A cache entry that cannot be trusted; the message says why (a predicate:
    "has no record", "ToyCircle.mp4 has 1200 bytes, its record says 1715")."""


@dataclass(frozen=True)
class FileDigest:
    """A file's size in bytes and the hex SHA-256 of its content."""

    size: int
    sha256: str

    @classmethod
    def of(cls, path: Path) -> FileDigest:
        digest, size = hashlib.sha256(), 0
        with open(path, "rb") as file:
            while chunk := file.read(1 << 20):
                digest.update(chunk)
                size += len(chunk)
        return cls(size, digest.hexdigest())

    def to_json(self) -> dict[str, object]:
        return {"size": self.size, "sha256": self.sha256}

    @classmethod
    def from_json(cls, data: object) -> FileDigest:
        if not isinstance(data, Mapping) or not isinstance(data.get("size"), int) \
                or not isinstance(data.get("sha256"), str):
            raise ValueError(f"not a file digest: {data!r}")
        return cls(data["size"], data["sha256"])


@dataclass(frozen=True)
class VideoFacts:
    """What ffprobe says of a rendered video (from its index)."""

    codec: str
    pix_fmt: str
    frames: int
    duration: float


@dataclass(frozen=True)
class BeatRecord:
    """One story beat of a video (``scenes/bases/beats.py``), placed in the video.

    ``start`` is when its first play begins; ``end`` when the next beat begins (the
    video's end for the last), in seconds, from the joined segments' frame counts.
    ``still`` names the entry's file of the picture at the end of its own plays.
    ``title`` and ``description`` are as the scene wrote them (``{{ }}`` numbers
    unfilled), None when it gave none; ``source:line`` is where ``construct()``
    called it, relative to the project.
    """

    key: str
    start: float
    end: float
    title: str | None
    description: str | None
    caption: str | None
    still: str
    source: str
    line: int

    @property
    def where(self) -> str:
        return f"{self.source}:{self.line}"


@dataclass(frozen=True)
class RenderRecord:
    """``render.json``: one finished render and the files of its entry."""

    scene: str
    key: str
    kind: str  # "video", or "still" (a scene with no animation is a still)
    theme: str
    width: int
    height: int
    fps: int
    seconds: float
    #: Every file of the entry but the record, by name (relative to the entry).
    files: Mapping[str, FileDigest] = field(default_factory=dict)
    video: VideoFacts | None = None
    #: A video's story beats, in order (none for a still or a scene that names none).
    beats: tuple[BeatRecord, ...] = ()

    @classmethod
    def of_folder(cls, folder: Path, **fields: object) -> RenderRecord:
        """The record of the finished render in ``folder``: its files listed and digested."""
        files = {path.name: FileDigest.of(path) for path in sorted(folder.iterdir())
                 if path.is_file() and path.name != RECORD_NAME}
        return cls(files=files, **fields)  # type: ignore[arg-type]

    def to_json(self) -> dict[str, object]:
        fields = asdict(self)
        fields["files"] = {name: digest.to_json() for name, digest in sorted(self.files.items())}
        data = {"layout": _LAYOUT, **fields}
        return {**data, "seal": seal(data)}

    @classmethod
    def from_json(cls, data: object) -> RenderRecord:
        """The record ``data`` holds; DamagedEntry when it is not one this code wrote."""
        if not isinstance(data, dict):
            raise DamagedEntry("has a record that is not a JSON object")
        if data.get("layout") != _LAYOUT:
            raise DamagedEntry(f"has a record of another layout ({data.get('layout')!r}, "
                               f"this code writes {_LAYOUT})")
        fields = {name: value for name, value in data.items() if name not in ("layout", "seal")}
        if data.get("seal") != seal({"layout": _LAYOUT, **fields}):
            raise DamagedEntry("has a record that was edited (its seal does not match)")
        try:
            files = {str(name): FileDigest.from_json(value)
                     for name, value in dict(fields.pop("files")).items()}
            video = fields.pop("video")
            beats = tuple(BeatRecord(**beat) for beat in fields.pop("beats"))
            return cls(files=files, video=VideoFacts(**video) if video else None, beats=beats,
                       **fields)
        except (KeyError, TypeError, ValueError) as error:
            raise DamagedEntry(f"has a record this code cannot read ({error})") from None

    def write(self, folder: Path) -> Path:
        """Write the record into ``folder`` (through a partial file: never half a record)."""
        return write_record(folder, RECORD_NAME, self.to_json())

    @classmethod
    def read(cls, folder: Path) -> RenderRecord:
        """The record in ``folder``, unchecked against the files; DamagedEntry if unreadable."""
        return cls.from_json(read_record(folder, RECORD_NAME))


def write_record(folder: Path, name: str, data: Mapping[str, object]) -> Path:
    """Write ``data`` as the record ``name`` in ``folder``, through a partial file (never
    half a record); a render's and a rendition's records are written alike."""
    partial = folder / f".{name}.partial"
    partial.write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(partial, folder / name)
    return folder / name


def read_record(folder: Path, name: str) -> Any:
    """The JSON of the record ``name`` in ``folder``; DamagedEntry if missing or unreadable."""
    try:
        text = (folder / name).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DamagedEntry(f"has no record ({name})") from None
    except (OSError, UnicodeDecodeError) as error:
        raise DamagedEntry(f"has an unreadable record ({error})") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        raise DamagedEntry("has a record cut short or not JSON") from None


def verify_entry(folder: Path, scene: str, key: str) -> RenderRecord:
    """The record of the cache entry ``folder`` once every file checks out against it.

    Raises DamagedEntry (saying what is wrong) otherwise.
    """
    record = RenderRecord.read(folder)
    if (record.scene, record.key) != (scene, key):
        raise DamagedEntry(f"has the record of {record.scene} {record.key}, not of "
                           f"{scene} {key}")
    check_files(folder, record.files)
    return record


def check_files(folder: Path, files: Mapping[str, FileDigest]) -> None:
    """Each of ``files`` is in ``folder`` with its size and digest; DamagedEntry if not."""
    for name, expected in sorted(files.items()):
        if "/" in name or name in ("", ".", ".."):
            raise DamagedEntry(f"has a record naming a file outside it ({name!r})")
        path = folder / name
        try:
            size = path.stat().st_size
            if size != expected.size:
                raise DamagedEntry(f"has {name} of {size} bytes, its record says "
                                   f"{expected.size} (cut short or changed)")
            if FileDigest.of(path) != expected:
                raise DamagedEntry(f"has {name} changed since it was rendered "
                                   "(SHA-256 differs)")
        except FileNotFoundError:
            raise DamagedEntry(f"has lost {name}") from None
        except OSError as error:  # unreadable (permissions, a link to itself, a bad disk)
            raise DamagedEntry(f"has {name} unreadable ({error.strerror})") from None


@dataclass(frozen=True)
class RenderOutcome:
    """A worker's answer for one job: rendered, or where in ``scenes/`` and why not."""

    scene: str
    ok: bool
    seconds: float
    where: str = ""
    message: str = ""
    #: Plays rendered by forked children on lent cores (``play_sharing``).
    forked_plays: int = 0
    #: Rendered on a Dask worker and put in the shared cache, not in the job's work folder.
    shared: bool = False
    #: Killed by the driver for running past its time limit.
    timed_out: bool = False
    #: Refused for a story beat without words (``message`` says which, ``where`` its line).
    unsaid: bool = False

    @classmethod
    def failed(cls, scene: str, message: str, where: str = "", seconds: float = 0.0,
               ) -> RenderOutcome:
        return cls(scene, False, seconds, where, message)


def seal(data: Mapping[str, object]) -> str:
    """The digest that seals a record's fields: a record edited by hand no longer matches."""
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()
