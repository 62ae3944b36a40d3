"""What one rendition is, typed and sealed: ``rendition.json`` in its cache entry.

A rendition's entry (``renditions.RenditionCache``) holds its one video file and
this record: the scene, theme and rendition it is, its key, the encoder and its
version, the settings, what the file is (codec string, size, frame rate, frames,
length), the SSIM measured against the master when it was encoded, the master's
SHA-256, and the file by name with its size and SHA-256. Sealed as a render's
record is (``record.seal``), and trusted only through :func:`verify_rendition`:
any file cut short, changed or lost, or a record edited, is a
``record.DamagedEntry``, and the rendition is encoded again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .record import DamagedEntry, FileDigest, check_files, read_record, seal, write_record

__all__ = ["RENDITION_RECORD", "RenditionRecord", "verify_rendition"]

#: The record's file name in a rendition's entry.
RENDITION_RECORD = "rendition.json"
# The record's layout: one of another layout is a damaged entry, encoded again.
_LAYOUT = 1


@dataclass(frozen=True)
class RenditionRecord:
    """``rendition.json``: one finished rendition and its file."""

    scene: str
    theme: str
    name: str  # the profile's name for it: "av1", "h264-1280w"
    key: str
    codec: str  # "h264" or "av1"
    codecs: str  # RFC 6381, read from the file: "avc1.64002a", "av01.0.09M.08"
    encoder: str
    encoder_version: str
    options: tuple[tuple[str, str], ...]
    full_size: bool
    width: int
    height: int
    fps: int
    frames: int
    duration: float
    ssim: float  # against the master, brought to this size and frame rate
    master_sha256: str
    seconds: float
    #: The rendition's file (one), by name, with its size and SHA-256.
    files: Mapping[str, FileDigest] = field(default_factory=dict)

    @property
    def file_name(self) -> str:
        [name] = self.files
        return name

    def to_json(self) -> dict[str, object]:
        fields = asdict(self)
        fields["options"] = [list(pair) for pair in self.options]
        fields["files"] = {name: digest.to_json() for name, digest in sorted(self.files.items())}
        data = {"layout": _LAYOUT, **fields}
        return {**data, "seal": seal(data)}

    @classmethod
    def from_json(cls, data: object) -> RenditionRecord:
        """The record ``data`` holds; DamagedEntry when it is not one this code wrote."""
        if not isinstance(data, dict) or data.get("layout") != _LAYOUT:
            raise DamagedEntry("has a rendition record of another layout")
        fields = {name: value for name, value in data.items() if name not in ("layout", "seal")}
        if data.get("seal") != seal({"layout": _LAYOUT, **fields}):
            raise DamagedEntry("has a rendition record that was edited (its seal does not "
                               "match)")
        try:
            files = {str(name): FileDigest.from_json(value)
                     for name, value in dict(fields.pop("files")).items()}
            options = tuple((str(key), str(value)) for key, value in fields.pop("options"))
            record = cls(files=files, options=options, **fields)
        except (KeyError, TypeError, ValueError) as error:
            raise DamagedEntry(f"has a rendition record this code cannot read ({error})"
                               ) from None
        if len(files) != 1 or any("/" in name or name in ("", ".", "..") for name in files):
            raise DamagedEntry("has a rendition record that names no single file of its own")
        return record

    def write(self, folder: Path) -> Path:
        """Write the record into ``folder`` (through a partial file: never half a record)."""
        return write_record(folder, RENDITION_RECORD, self.to_json())

    @classmethod
    def read(cls, folder: Path) -> RenditionRecord:
        """The record in ``folder``, unchecked against its file; DamagedEntry if unreadable."""
        return cls.from_json(read_record(folder, RENDITION_RECORD))


def verify_rendition(folder: Path, key: str) -> RenditionRecord:
    """The record of the rendition entry ``folder`` once its file checks out against it.

    Raises DamagedEntry (saying what is wrong) otherwise.
    """
    record = RenditionRecord.read(folder)
    if record.key != key:
        raise DamagedEntry(f"has the record of rendition {record.key}, not of {key}")
    check_files(folder, record.files)
    return record
