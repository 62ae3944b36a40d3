"""Cache entries sealed by their record: made whole in ``.work``, renamed into place.

The render cache (``cache.RenderCache``) and the rendition cache
(``renditions.RenditionCache``) keep their entries the same way, so the way is
written once, here. An entry is a folder ``<where…>/<key>`` below the cache's
directory, ``where`` naming what it is of (a scene and theme; a scene, theme and
rendition). Work in progress is written in ``.work/<where…>-<pid>`` and renamed
into place only once its files check out against its record: an interrupted or
failed one leaves nothing that looks finished. An entry is used only when it
still checks out (``verify``); one that does not is damaged, taken out and made
again. Within one ``where``, only the newest key is kept.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Generic, TypeVar

from .record import DamagedEntry

__all__ = ["SealedEntries", "Where"]

Where = tuple[str, ...]  # what an entry is of: its folders below the cache, before its key
Record = TypeVar("Record")


class SealedEntries(Generic[Record]):
    """Sealed entries under ``directory``, each checked by ``verify(folder, where, key)``,
    which returns the entry's record or raises DamagedEntry."""

    def __init__(self, directory: Path,
                 verify: Callable[[Path, Where, str], Record]) -> None:
        self.directory = directory
        self.work = directory / ".work"
        self._verify = verify
        #: Entries ``lookup`` found damaged, by (where, key): why.
        self.damaged: dict[tuple[Where, str], str] = {}

    def entry(self, where: Where, key: str) -> Path:
        return self.directory.joinpath(*where, key)

    def lookup(self, where: Where, key: str) -> Record | None:
        """The entry's record, every file checked against it; None when it must be made
        (no entry, or a damaged one: see ``damaged``)."""
        entry = self.entry(where, key)
        if not entry.is_dir():
            return None
        try:
            return self._verify(entry, where, key)
        except DamagedEntry as damage:
            self.damaged[where, key] = str(damage)
            return None

    def discard_damaged(self) -> list[tuple[Where, str]]:
        """Take out the entries ``lookup`` found damaged (moved aside at once, then removed);
        what was taken out and why, in a stable order, for the author to be told."""
        taken = []
        for (where, key), damage in sorted(self.damaged.items()):
            entry = self.entry(where, key)
            if entry.is_dir():
                aside = self.work_dir(("discarded", *where))
                os.replace(entry, aside)
                shutil.rmtree(aside, ignore_errors=True)
            taken.append((where, damage))
        self.damaged.clear()
        return taken

    def work_dir(self, where: Where) -> Path:
        """An empty folder in ``.work`` for this process to make ``where``'s entry in."""
        path = self.work / "-".join((*where, str(os.getpid())))
        shutil.rmtree(path, ignore_errors=True)
        path.mkdir(parents=True)
        return path

    def commit(self, where: Where, key: str, work_dir: Path) -> Record:
        """Check finished work against its record, move it into place (one rename: there
        at once, whole, for any later build) and drop ``where``'s older entries.
        DamagedEntry when the work does not match its record."""
        record = self._verify(work_dir, where, key)
        target = self.entry(where, key)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(target, ignore_errors=True)
        os.replace(work_dir, target)
        for older in target.parent.iterdir():
            if older != target:
                shutil.rmtree(older, ignore_errors=True)
        return record

    def clear_abandoned_work(self) -> None:
        """Remove the work of processes that are gone (an interrupted build)."""
        if not self.work.is_dir():
            return
        for path in self.work.iterdir():
            pid = path.name.rsplit("-", 1)[-1]
            if not pid.isdigit() or not _alive(int(pid)):
                if path.is_dir():
                    shutil.rmtree(path, ignore_errors=True)
                else:
                    path.unlink(missing_ok=True)  # e.g. the render driver's token FIFO


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
