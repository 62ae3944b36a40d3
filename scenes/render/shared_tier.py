"""The driver's use of the shared render cache (``RENDER_CACHE``), as a second tier.

Before anything renders, what the shared cache holds of the missing renders
is fetched into the local cache (each entry checked file by file, then
committed as a local render is); a render a Dask worker uploaded is read back
the same way; a render made here is kept there for every other machine. A
store that cannot be read or written fails no build here: the scene renders
here, or stays unshared, and the author is told.

``shared_cache`` (which imports fsspec) is imported only when a store is
opened: a build without a shared cache never loads it.
"""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console

from .cache import RenderCache
from .profiles import Profile
from .progress import render_label
from .record import DamagedEntry, RenderOutcome, RenderRecord
from .settings import RenderSettingError

if TYPE_CHECKING:
    from .shared_cache import SharedCache

__all__ = ["Render", "fetch_missing", "keep_shared", "open_store", "read_back"]

Render = tuple[str, str]  # (scene, theme)


def open_store(url: str, profile: Profile) -> SharedCache:
    """The shared cache at ``url``; RenderSettingError when fsspec cannot open such a URL."""
    try:
        from .shared_cache import SharedCache  # fsspec: only with a shared cache

        return SharedCache(url, profile.name)
    except (ImportError, ValueError) as error:  # no fsspec; s3:// without s3fs; a bad URL
        raise RenderSettingError(f"RENDER_CACHE={url} cannot be opened: {error} (the "
                                 "README's 'Rendering past one machine' says what to "
                                 "install)") from None


def fetch_missing(store: SharedCache, cache: RenderCache, missing: list[Render],
                  keys: dict[Render, str], records: dict[Render, RenderRecord | None],
                  console: Console) -> tuple[list[str], list[Render]]:
    """Take what the shared cache holds of ``missing`` into the local cache (each entry
    checked, then committed as a local render is; its record into ``records``).

    Returns the labels of the renders fetched, and the renders left to render.
    """
    fetched: list[str] = []
    left: list[Render] = []
    for index, render in enumerate(missing):
        work = cache.work_dir(render)
        try:
            record = store.fetch(*render, keys[render], work)
        except Exception as error:  # noqa: BLE001 - a store down or refused: render here
            console.print(f"[yellow]shared cache {store.url} not read[/] "
                          f"({type(error).__name__}: {error}); rendering here", highlight=False)
            shutil.rmtree(work, ignore_errors=True)
            return fetched, left + missing[index:]
        try:
            if record is None:
                raise DamagedEntry("is not in the shared cache")
            records[render] = cache.commit(render, keys[render], work)
        except DamagedEntry:  # a miss, or an entry that does not check out: rendered here
            shutil.rmtree(work, ignore_errors=True)
            left.append(render)
            continue
        fetched.append(render_label(*render))
    if fetched:
        console.print(f"fetched {len(fetched)} render(s) from the shared cache "
                      f"{store.url}", highlight=False)
    return fetched, left


def read_back(store: SharedCache, render: Render, key: str, work: Path,
              outcome: RenderOutcome) -> RenderOutcome:
    """The outcome of a render a Dask worker uploaded, once it is fetched into ``work``."""
    try:
        whole = store.fetch(*render, key, work) is not None
        problem = "" if whole else "its entry there is not whole"
    except Exception as error:  # noqa: BLE001 - the store went away since the worker wrote
        whole, problem = False, f"{type(error).__name__}: {error}"
    if whole:
        return outcome
    return replace(outcome, ok=False, where="",
                   message=f"rendered on the cluster, but not read back from the shared cache "
                           f"{store.url}: {problem}")


def keep_shared(store: SharedCache, render: Render, key: str, entry: Path,
                console: Console) -> None:
    """Keep a render made here in the shared cache; a failure there fails no build."""
    try:
        store.publish(*render, key, entry)
    except Exception as error:  # noqa: BLE001 - the render is good here; say it is not shared
        console.print(f"[yellow]{render_label(*render)} not kept in the shared cache "
                      f"{store.url}[/] ({type(error).__name__}: {error})", highlight=False)
