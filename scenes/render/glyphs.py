"""The LaTeX and text glyph folders that workers and their children share, and their locks.

Every worker shares the LaTeX folder (a formula is compiled once, not once per
worker), and a worker shares its text folder with the children it forks.
Manim compiles a formula by checking for its SVG, then writing .tex, .dvi and
.svg files named after the formula; writes Pango text to an SVG the same way;
and to read any SVG writes a temporary copy beside it and deletes it. Two
processes doing one of these for the same file at once read or delete each
other's files, so each step holds a lock named after that file (different
formulas compile side by side). Manim's LaTeX clean-up, which deletes every
other file in the folder, is turned off (``no_latex_cleanup`` in the worker's
Manim options). Manim has no option for any of this: ``manim_adapter`` wraps
those steps, and this module says which lock each takes.

Text glyphs are not compiled in the shared folder: a worker makes them in its
own folder, seeded from the shared one, and hands new ones back when its
render ends well (``share_glyphs``).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

from . import manim_adapter

__all__ = ["lock_glyph_folders", "share_glyphs", "shared_glyphs"]


@contextlib.contextmanager
def shared_glyphs(glyph_cache: Path, media: Path) -> Iterator[None]:
    """Glyph folders locked and the text glyphs seeded into ``media``; new ones handed
    back to ``glyph_cache`` when the block ends well."""
    lock_glyph_folders(glyph_cache)
    share_glyphs(glyph_cache, media)
    yield
    share_glyphs(media, glyph_cache)


def lock_glyph_folders(glyphs: Path) -> None:
    """Make Manim's glyph folders safe to share between processes (once per process)."""
    from manim import config

    latex_folder = (glyphs / "Tex").resolve()
    latex_folder.mkdir(parents=True, exist_ok=True)

    def text_folder() -> Path:
        return Path(config.text_dir).resolve()

    def svg_file(path: Path) -> contextlib.AbstractContextManager[object]:
        if path.parent in (latex_folder, text_folder()):
            return _file_lock(path.parent, path.name)
        return contextlib.nullcontext()

    manim_adapter.lock_glyph_files(
        formula=lambda key: _file_lock(latex_folder, key),
        svg_file=svg_file,
        # Pango's file name is computed inside; one lock per text folder is
        # enough (texts are quick, and each folder is one worker's).
        texts=lambda: _file_lock(text_folder(), "texts"),
    )


@contextlib.contextmanager
def _file_lock(folder: Path, name: str) -> Iterator[None]:
    """Hold the lock for the file ``name`` of the glyph folder ``folder``."""
    # Beside the glyph folder, not in it: glyph folders hold only glyphs.
    locks = folder.parent / f".{folder.name}-locks"
    locks.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256(name.encode()).hexdigest()[:24]
    with open(locks / digest, "w") as lock_file:
        fcntl.flock(lock_file, fcntl.LOCK_EX)
        yield


def share_glyphs(source: Path, target: Path) -> None:
    """Hard-link text glyphs (SVG, made by Pango) from one glyph folder to another.

    Workers make them in their own folder, seeded from the shared one, and hand
    new ones back by atomic rename: two workers making the same glyph at once
    never read each other's half-written files.
    """
    for file in sorted((source / "texts").glob("*.svg")):
        destination = target / "texts" / file.name
        if destination.exists():
            continue
        destination.parent.mkdir(parents=True, exist_ok=True)
        partial = destination.with_name(f".{file.name}.{os.getpid()}")
        try:
            os.link(file, partial)
        except OSError:
            shutil.copy2(file, partial)
        os.replace(partial, destination)
