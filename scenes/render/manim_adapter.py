"""Every use of Manim's private API, for the one Manim version it was written for.

Manim renders a scene in one process, writes its LaTeX and text glyphs with no
lock, and has no hook for handing a play to another process. The worker needs
all three, so it replaces a few of Manim's internal methods and reads a few of
its internal attributes. None of them is public: any release may rename or
reshape them, and a patch that no longer fits would fail deep inside a render,
or worse, render something slightly different without a word. So they all
live here, each in a function named after what it does for the worker (the
rest of the render package calls only these), and each patch first checks
that the installed Manim is the version this file was written for. On any
other version every render fails at once with a message that says what to do.

Upgrading Manim: read each function below against the new release's source
(the attributes each group touches are listed above it), fix what moved, then
update ``WRITTEN_FOR``; ``tests/render`` then shows whether forked plays still
give the same bytes, a failing play still names its line, and every article
scene (LaTeX and text included) still renders. This file is part of every
render's cache key, so the new version's renders replace the old ones.
"""

from __future__ import annotations

import contextlib
import functools
import threading
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, ParamSpec, TypeVar

from .manifest import PROJECT_ROOT

if TYPE_CHECKING:
    from manim import Scene
    from PIL.Image import Image

__all__ = [
    "WRITTEN_FOR", "UnsupportedManim", "check_version", "end_scene_after_play_if",
    "final_frame", "installed_manim", "intercept_plays", "last_frame",
    "leave_segments_unjoined", "lock_glyph_files", "make_progress_bars_fork_safe",
    "play_count", "play_segments", "skip_drawing_while_skipping", "wait_for_encoders",
]

WRITTEN_FOR = "0.22.0"

_P = ParamSpec("_P")
_R = TypeVar("_R")
_PATCHED = "_patched_by_render_driver"


class UnsupportedManim(RuntimeError):
    """The installed Manim is not the version this adapter was written for."""

    def __init__(self, installed: str) -> None:
        super().__init__(
            f"this file was written for Manim {WRITTEN_FOR} and patches its private API; "
            f"this is Manim {installed}: check the patches below against {installed}'s source "
            "and update WRITTEN_FOR")
        self.where = _where_written_for()


def installed_manim() -> str:
    """The version of the installed Manim distribution."""
    return metadata.version("manim")


def check_version() -> None:
    """Raise :class:`UnsupportedManim` unless Manim is the version written for."""
    installed = installed_manim()
    if installed != WRITTEN_FOR:
        raise UnsupportedManim(installed)


def _checked(function: Callable[_P, _R]) -> Callable[_P, _R]:
    """Check the Manim version before a patch touches anything."""
    @functools.wraps(function)
    def checked(*arguments: _P.args, **keywords: _P.kwargs) -> _R:
        check_version()
        return function(*arguments, **keywords)

    return checked


def _where_written_for() -> str:
    """``path:line`` of ``WRITTEN_FOR``, relative to the project, for the failure report."""
    path = Path(__file__).resolve()
    line = next((number for number, text in enumerate(path.read_text("utf-8").splitlines(), 1)
                 if text.startswith("WRITTEN_FOR = ")), 1)
    with contextlib.suppress(ValueError):
        path = path.relative_to(PROJECT_ROOT)
    return f"{path.as_posix()}:{line}"


# Plays: Scene.compile_animation_data, CairoRenderer.play, .num_plays,
# .skip_animations, .update_frame, .save_static_frame_data, .static_image,
# .get_frame, .file_writer; EndSceneEarlyException.


@_checked
def intercept_plays(scene: Scene, on_play: Callable[[int], bool]) -> None:
    """Call ``on_play(index)`` once each play is compiled, before Manim renders it.

    When it answers True this process does not render the play: Manim jumps
    it to its end state, as it does for plays it skips.
    """
    compile_play, renderer = scene.compile_animation_data, scene.renderer

    def compile_then_ask(*animations: object, **play_options: object) -> object:
        compiled = compile_play(*animations, **play_options)
        if on_play(renderer.num_plays):
            renderer.skip_animations = True
        return compiled

    scene.compile_animation_data = compile_then_ask  # type: ignore[method-assign]


@_checked
def end_scene_after_play_if(scene: Scene, should_end: Callable[[], bool]) -> None:
    """End the scene (normally, as Manim's own animation range does) after any play
    once ``should_end()`` is true."""
    from manim.utils.exceptions import EndSceneEarlyException

    render_play = scene.renderer.play

    def play_then_maybe_end(*arguments: object, **keywords: object) -> None:
        render_play(*arguments, **keywords)
        if should_end():
            raise EndSceneEarlyException()

    scene.renderer.play = play_then_maybe_end  # type: ignore[method-assign]


@_checked
def skip_drawing_while_skipping(scene: Scene) -> None:
    """Draw nothing for a play Manim only jumps to its end.

    Manim still draws such a play's background and last frame, for nobody.
    """
    renderer = scene.renderer
    draw_frame, save_static_frame = renderer.update_frame, renderer.save_static_frame_data

    def draw_unless_skipping(*arguments: object, **keywords: object) -> None:
        if not renderer.skip_animations:
            draw_frame(*arguments, **keywords)

    def save_static_unless_skipping(*arguments: object, **keywords: object) -> object:
        if not renderer.skip_animations:
            return save_static_frame(*arguments, **keywords)
        renderer.static_image = None  # as Manim's own would leave it, minus the drawing
        return None

    renderer.update_frame = draw_unless_skipping  # type: ignore[method-assign]
    renderer.save_static_frame_data = save_static_unless_skipping  # type: ignore[method-assign]


@_checked
def leave_segments_unjoined(scene: Scene) -> None:
    """Keep Manim from joining the play segments at the end (the worker joins them)."""
    scene.renderer.file_writer.combine_to_movie = lambda: None  # type: ignore[method-assign]


def wait_for_encoders(scene: Scene) -> None:
    """Return once every segment Manim is encoding is written (its threads are done)."""
    scene.renderer.file_writer.join_all_encode_jobs()


def play_segments(scene: Scene) -> list[str | None]:
    """Each play's segment file, by play index, as Manim recorded them."""
    return list(scene.renderer.file_writer.partial_movie_files)


def play_count(scene: Scene) -> int:
    """How many plays the scene has run (rendered, skipped or given away)."""
    return scene.renderer.num_plays


def last_frame(scene: Scene) -> Image:
    """The frame Manim drew last, as an RGB image."""
    from PIL import Image

    return Image.fromarray(scene.renderer.get_frame()).convert("RGB")


@_checked
def final_frame(scene: Scene) -> Image:
    """The scene's final state drawn whole, as an RGB image.

    Nothing drawn before is reused: the last play may have been rendered by
    another process, and drawing may have been skipped here.
    """
    renderer = scene.renderer
    renderer.static_image = None
    type(renderer).update_frame(renderer, scene)  # Manim's own, whatever is patched
    return last_frame(scene)


# Manim's progress bars (tqdm).


@_checked
def make_progress_bars_fork_safe() -> None:
    """Keep tqdm, which draws Manim's progress bars, from making what a fork breaks.

    It would start a monitor thread (a fork copies only the calling thread),
    and its default lock is a multiprocessing lock, a named semaphore made on
    the first bar: made in a forked child, which exits without clean-up, it was
    reported at the end of every build as "leaked semaphore objects". The bars
    are off and never shared between processes, so a thread lock does.
    """
    import tqdm

    tqdm.tqdm.monitor_interval = 0
    tqdm.tqdm.set_lock(threading.RLock())


# Glyphs: manim.mobject.text.tex_mobject.tex_to_svg_file (and its arguments),
# SVGMobject.generate_mobject and .get_file_path, Text._text2svg, MarkupText._text2svg.


@_checked
def lock_glyph_files(
    formula: Callable[[str], contextlib.AbstractContextManager[object]],
    svg_file: Callable[[Path], contextlib.AbstractContextManager[object]],
    texts: Callable[[], contextlib.AbstractContextManager[object]],
) -> None:
    """Run each step of Manim's that writes or reads a glyph file inside a lock.

    ``formula(key)``: compiling a LaTeX formula to SVG (the key names the
    formula, its environment and template); ``svg_file(path)``: parsing an SVG
    file (Manim writes a temporary copy beside it); ``texts()``: writing
    Pango text to SVG. Patched once per process; later calls change nothing.
    """
    from manim.mobject.svg.svg_mobject import SVGMobject
    from manim.mobject.text import tex_mobject
    from manim.mobject.text.text_mobject import MarkupText, Text

    if getattr(tex_mobject.tex_to_svg_file, _PATCHED, False):
        return

    def locked_by(lock_of, function):  # noqa: ANN001, ANN202 - wraps Manim's own
        def locked(*arguments: object, **keywords: object) -> object:
            with lock_of(*arguments, **keywords):
                return function(*arguments, **keywords)

        setattr(locked, _PATCHED, True)
        return locked

    def formula_lock(expression: str, environment: str | None = None,
                     tex_template: object = None) -> contextlib.AbstractContextManager[object]:
        template = getattr(tex_template, "body", repr(tex_template))
        return formula(f"{expression}\0{environment}\0{template}")

    def svg_lock(svg: SVGMobject) -> contextlib.AbstractContextManager[object]:
        return svg_file(Path(svg.get_file_path()).resolve())

    def text_lock(*_: object) -> contextlib.AbstractContextManager[object]:
        return texts()

    tex_mobject.tex_to_svg_file = locked_by(formula_lock, tex_mobject.tex_to_svg_file)
    SVGMobject.generate_mobject = locked_by(svg_lock, SVGMobject.generate_mobject)
    for text_class in (Text, MarkupText):
        text_class._text2svg = locked_by(text_lock, text_class._text2svg)
