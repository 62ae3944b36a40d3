"""The shared render cache: a second tier, at an fsspec URL, that every machine reads and fills.

The local cache (``cache``) stays what the manifest points to and the site
build links from. This store is where a render made on any machine (a
teammate's, a CI run's, a Dask worker's) is kept for every other one: a
folder (``/mnt/renders``, ``file:///…``), ``s3://bucket/renders``,
``gs://…``, or any other fsspec URL. It is keyed exactly like the local cache::

    <url>/<profile>/<Scene>/<theme>/<key>/entry.json              the record, written last
    <url>/<profile>/<Scene>/<theme>/<key>/<version>/Scene.mp4 …   the files it lists

Object stores cannot rename a folder, so an entry is trusted on its record
alone: ``entry.json`` lists every file with its size and SHA-256 and is
written only once every file is in place. A reader trusts an entry only when
the record is there, names this key, and every file it downloads matches it;
anything else (no record, a missing or short file) is a miss, and the scene
renders again. A killed upload leaves no record, or files that do not match
one: never trusted.

Each file, and the record, is written under a temporary name and then moved
into place, so in a folder (where a move is a rename) no reader ever sees
half a file. ``<version>`` is a digest of the files' contents: two machines
writing one key at once write the same bytes into the same version (renders
are deterministic); should their bytes ever differ (another FFmpeg build, say)
each writes its own version, and whichever record lands last names a whole one.

Nothing here evicts: old keys stay for the branches and teammates that still
build them; clean a store with its own tools (an S3 lifecycle rule, ``find``).
Imported only when a shared cache is set, so a build without one never loads fsspec.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from pathlib import Path

from fsspec.core import url_to_fs

from .record import RECORD_NAME, DamagedEntry, FileDigest, RenderRecord

__all__ = ["RECORD", "SharedCache"]

#: The entry's record; its presence (and every file matching it) is what makes an entry.
RECORD = "entry.json"
# The record's layout: a record of another layout is a miss, never misread.
_LAYOUT = 1
_VERSION = re.compile(r"[0-9a-f]{16}")


class SharedCache:
    """Renders of one profile at an fsspec URL (a folder path is a URL too)."""

    def __init__(self, url: str, profile: str) -> None:
        self.url = url
        self.profile = profile
        self.fs, root = url_to_fs(url)
        self.root = root.rstrip("/") or "/"

    def entry(self, scene: str, theme: str, key: str) -> str:
        """Where ``key``'s entry is in the store (the local cache's layout)."""
        return f"{self.root}/{self.profile}/{scene}/{theme}/{key}"

    def fetch(self, scene: str, theme: str, key: str, into: Path) -> RenderRecord | None:
        """Download ``key``'s entry into the empty folder ``into``, every file checked
        against the record; the render's record, or None on a miss (``into`` may then
        hold files, for the caller to remove)."""
        entry = self.entry(scene, theme, key)
        try:
            record = json.loads(self.fs.cat_file(f"{entry}/{RECORD}"))
        except FileNotFoundError:
            return None
        except ValueError:  # a record cut short, or not JSON: not an entry
            return None
        files = _listed_files(record, {"profile": self.profile, "scene": scene,
                                       "theme": theme, "key": key})
        if files is None:
            return None
        for name, expected in files.items():
            local = into / name
            try:
                self.fs.get_file(f"{entry}/{record['version']}/{name}", str(local))
            except FileNotFoundError:
                return None
            if FileDigest.of(local) != expected:
                return None
        try:
            return RenderRecord.read(into)
        except DamagedEntry:  # written by other render code (another record layout): a miss
            return None

    def publish(self, scene: str, theme: str, key: str, folder: Path) -> None:
        """Upload the finished render in ``folder`` as ``key``'s entry: files first, record last."""
        files = {path.name: FileDigest.of(path).to_json()
                 for path in sorted(folder.iterdir()) if path.is_file()}
        if RECORD_NAME not in files:
            raise ValueError(f"{folder} is not a finished render (no {RECORD_NAME})")
        version = hashlib.sha256(json.dumps(files, sort_keys=True).encode()).hexdigest()[:16]
        entry = self.entry(scene, theme, key)
        self.fs.makedirs(f"{entry}/{version}", exist_ok=True)
        for name in files:
            self._write(f"{entry}/{version}/{name}", folder / name)
        record = {"layout": _LAYOUT, "profile": self.profile, "scene": scene, "theme": theme,
                  "key": key, "version": version, "files": files}
        self._write(f"{entry}/{RECORD}", json.dumps(record, indent=1, sort_keys=True).encode())

    def _write(self, target: str, source: Path | bytes) -> None:
        """Put ``source`` at ``target`` whole: under a temporary name first, then moved."""
        partial = f"{target}.part-{uuid.uuid4().hex}"
        try:
            if isinstance(source, bytes):
                self.fs.pipe_file(partial, source)
            else:
                self.fs.put_file(str(source), partial)
            self.fs.mv(partial, target)
        except BaseException:
            try:
                self.fs.rm_file(partial)
            except OSError:
                pass  # never written, or the store is gone: nothing a reader could trust
            raise


def _listed_files(record: object, expected: dict[str, str]) -> dict[str, FileDigest] | None:
    """The files a record lists, when it is a whole record of the expected entry; else None.

    A file name must be a plain name (a record is read from a store others
    write: it must not place a file outside the folder it is fetched into).
    """
    if not isinstance(record, dict) or record.get("layout") != _LAYOUT:
        return None
    if any(record.get(field) != value for field, value in expected.items()):
        return None
    files, version = record.get("files"), record.get("version")
    if not isinstance(files, dict) or not isinstance(version, str) or not _VERSION.fullmatch(
            version):
        return None
    if RECORD_NAME not in files or not all(
            isinstance(name, str) and name not in ("", ".", "..") and "/" not in name
            for name in files):
        return None
    try:
        return {name: FileDigest.from_json(value) for name, value in files.items()}
    except ValueError:
        return None
