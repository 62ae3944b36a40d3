"""Render one scene in a worker process. The only module here that imports Manim.

Runs inside a process pool, one scene per call. Output goes into the work
folder the driver names; the driver renames it into the cache when this
returns successfully. A scene that raises comes back as a short report: the
scene, the ``scenes/`` file and line where it failed, and Manim's message.
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import hashlib
import importlib
import json
import os
import shutil
import subprocess
import sys
import threading
import time
import traceback
from collections.abc import Iterator
from pathlib import Path

from .manifest import RenderJob, entry_files
from .stills import derive_stills

__all__ = ["render_scene", "use_spare_cores"]

# How one video uses more than one core (hand-written: Manim renders a scene in
# one process and has no notion of this):
#
# The worker runs the scene's ``construct()`` once. At each ``play``, if a core
# is spare (the driver lends the cores of idle workers through a FIFO), the
# worker forks: the child inherits the whole scene state at that instant, renders
# that one play into its own segment file and exits, while the parent marks the
# play as skipped (Manim jumps it to its end state) and goes on to the next.
# While a child runs on a lent core, the worker's own core goes to a child too,
# and the parent waits for a free core rather than render a play itself: a
# parent busy with a long play would leave the lent core idle once the short
# play it gave away is done. Nothing lent: the worker renders the play itself.
# Manim writes one segment per play, so the segments put in play order are the
# video, byte for byte the same however the plays were shared.
_spare_cores: int | None = None  # read-write descriptor of the driver's token FIFO


def use_spare_cores(fifo: str) -> None:
    """Pool initializer: open the FIFO through which the driver lends idle cores.

    Each byte in it is one spare core: a worker borrows one by reading a byte
    (without waiting) and returns it by writing one. Forked children inherit
    the descriptor.
    """
    global _spare_cores
    _spare_cores = os.open(fifo, os.O_RDWR | os.O_NONBLOCK)
    atexit.register(_leave_at_once)


def _leave_at_once() -> None:
    """Skip the interpreter's clean-up when the pool lets a worker go.

    The results are sent by then; freeing a large heap object by object (each
    freed block filled by ``MALLOC_PERTURB_``) only held the build up. Runs
    first among the exit handlers, as the last one registered.
    """
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


def _borrow_core() -> bool:
    if _spare_cores is None:
        return False
    try:
        return len(os.read(_spare_cores, 1)) == 1
    except BlockingIOError:
        return False


def _return_core() -> None:
    if _spare_cores is not None:
        os.write(_spare_cores, b".")


class PlayFailed(Exception):
    """A play rendered in a forked child raised; carries the child's report."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(message)
        self.where, self.message = where, message


def render_scene(job: RenderJob) -> dict:
    """Render ``job.scene`` from ``job.module`` into ``job.work_dir``."""
    started = time.monotonic()
    root = Path(job.root)
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    try:
        record = _render_video(job) if job.kind == "video" else _render_still(job)
    except PlayFailed as failure:
        return {"ok": False, "scene": job.scene, "where": failure.where,
                "message": failure.message, "seconds": time.monotonic() - started}
    except Exception as error:  # noqa: BLE001 - any failure of the scene is reported
        return {"ok": False, "scene": job.scene,
                "where": _where(error, root, Path(job.scenes_dir)),
                "message": _message(error), "seconds": time.monotonic() - started}
    forked_plays = record.pop("forked_plays", 0)
    derive_stills(Path(job.work_dir), job.scene)
    record["seconds"] = round(time.monotonic() - started, 2)
    Path(job.work_dir, "render.json").write_text(json.dumps(record, indent=1),
                                                    encoding="utf-8")
    return {"ok": True, "scene": job.scene, "seconds": record["seconds"],
            "forked_plays": forked_plays}


def _manim_options(job: RenderJob, media: Path, kind: str) -> dict:
    return {
        "media_dir": str(media),
        # One LaTeX glyph folder for every worker, written under a lock (below).
        "tex_dir": str(Path(job.glyph_cache) / "Tex"),
        "text_dir": str(media / "texts"),
        "pixel_width": job.width,
        "pixel_height": job.height,
        "frame_rate": job.fps,
        "write_to_movie": kind == "video",
        "save_last_frame": kind == "still",
        "disable_caching": True,
        # Other workers may be compiling other formulas in the shared LaTeX
        # folder; Manim's clean-up would delete their files (see below).
        "no_latex_cleanup": True,
        # x264's output depends on its thread count, so on the machine's cores:
        # one thread gives the same video anywhere (the worker processes and
        # their children keep the cores busy instead).
        "video_encoder_options": {"threads": "1", "preset": job.encoder_preset},
        # Keep every play's segment until they are joined, however many there are.
        "max_files_cached": -1,
        "progress_bar": "none",
        "verbosity": "ERROR",
        "output_file": job.scene,
    }


def _record(job: RenderJob, kind: str) -> dict:
    return {"scene": job.scene, "kind": kind, "width": job.width,
            "height": job.height, "fps": job.fps}


@contextlib.contextmanager
def _manim_for(job: RenderJob, kind: str) -> Iterator[Path]:
    """Manim configured for ``job``, its glyph folders shared; yields Manim's media folder.

    Text glyphs made during the render are handed back to the shared folder
    when it ends well; the media folder is left for the caller to remove.
    """
    from manim import tempconfig

    media = Path(job.work_dir) / "manim"
    glyphs = Path(job.glyph_cache)
    _lock_glyph_folders(glyphs)
    _share_glyphs(glyphs, media)
    with tempconfig(_manim_options(job, media, kind)):
        yield media
    _share_glyphs(media, glyphs)


def _render_still(job: RenderJob) -> dict:
    from PIL import Image

    with _manim_for(job, "still") as media:
        scene = getattr(importlib.import_module(job.module), job.scene)()
        scene.render()
        Image.fromarray(scene.renderer.get_frame()).convert("RGB").save(
            Path(job.work_dir) / entry_files(job.scene)["still"])
    _remove_tree(media)
    return _record(job, "still")


def _render_video(job: RenderJob) -> dict:
    from manim.utils.exceptions import EndSceneEarlyException
    from PIL import Image

    work = Path(job.work_dir)
    # tqdm (Manim's progress bars) would start a monitor thread: no fork then.
    import tqdm

    tqdm.tqdm.monitor_interval = 0
    # tqdm's default lock is a multiprocessing lock, a named semaphore made on the
    # first bar: made in a forked child, which exits without clean-up, it was
    # reported at the end of every build as "leaked semaphore objects". The bars
    # are off and never shared between processes, so a thread lock does.
    tqdm.tqdm.set_lock(threading.RLock())
    worker = os.getpid()
    children = _Children()
    child_play, child_core = -1, ""  # in a child: the one play it renders, on which core
    with _manim_for(job, "video") as media:
        scene = getattr(importlib.import_module(job.module), job.scene)()
        writer = scene.renderer.file_writer
        compile_play = scene.compile_animation_data

        def compile_and_share(*animations: object, **play_options: object) -> object:
            nonlocal child_play, child_core
            compiled = compile_play(*animations, **play_options)
            play = scene.renderer.num_plays
            core = children.free_core(writer)
            if core:
                child = os.fork()
                if child == 0:
                    child_play, child_core = play, core
                    return compiled  # the child renders this play
                children.started(child, play, core)
                scene.renderer.skip_animations = True  # the parent jumps to its end
            return compiled

        render_play = scene.renderer.play

        def play_then_stop_in_child(*arguments: object, **keywords: object) -> None:
            render_play(*arguments, **keywords)
            if os.getpid() != worker:
                raise EndSceneEarlyException()  # a child renders one play, no more

        renderer = scene.renderer
        draw_frame, save_static_frame = renderer.update_frame, renderer.save_static_frame_data

        def draw_unless_given_away(*arguments: object, **keywords: object) -> None:
            # A play given to a child is only jumped to its end here: Manim would
            # still draw its background and its last frame, for nobody.
            if not renderer.skip_animations:
                draw_frame(*arguments, **keywords)

        def save_static_unless_given_away(*arguments: object, **keywords: object) -> object:
            if not renderer.skip_animations:
                return save_static_frame(*arguments, **keywords)
            renderer.static_image = None  # as Manim's own would leave it, minus the drawing
            return None

        scene.compile_animation_data = compile_and_share  # type: ignore[method-assign]
        renderer.play = play_then_stop_in_child  # type: ignore[method-assign]
        renderer.update_frame = draw_unless_given_away  # type: ignore[method-assign]
        renderer.save_static_frame_data = save_static_unless_given_away  # type: ignore[method-assign]
        # The segments are joined below, together with the children's.
        writer.combine_to_movie = lambda: None  # type: ignore[method-assign]
        try:
            scene.render()
        except BaseException as error:
            if os.getpid() != worker:
                _child_exit(job, child_play, child_core, error, writer)
            with contextlib.suppress(PlayFailed):  # the worker's own error says more
                children.wait_all(work)
            raise
        if os.getpid() != worker:
            _child_exit(job, child_play, child_core, None, writer)
        forked_plays = len(children.plays)
        segments = dict(enumerate(writer.partial_movie_files))
        segments.update(children.wait_all(work))
        # The final state drawn whole (the last play may have been a child's).
        renderer.static_image = None
        draw_frame(scene)
        Image.fromarray(scene.renderer.get_frame()).convert("RGB").save(
            work / entry_files(job.scene)["still"])
        plays = scene.renderer.num_plays
    record = _record(job, "video")
    files = [segments.get(play) for play in range(plays)]
    if plays == 0:
        record["kind"] = "still"  # a scene with no animation is a still, whatever was asked
    elif None in files or not all(Path(file).is_file() for file in files):
        missing = [play for play, file in enumerate(files) if not file]
        raise RuntimeError(f"segments missing for plays {missing}")
    else:
        record.update(_join(job, [Path(file) for file in files]))
    record["forked_plays"] = forked_plays
    _remove_tree(media)
    return record


class _Children:
    """The children a worker has forked: which play each renders, on which core."""

    def __init__(self) -> None:
        self.plays: dict[int, int] = {}  # pid -> play
        self.cores: dict[int, str] = {}  # pid -> "lent" or "own", while it runs
        self.ended: dict[int, int] = {}  # pid -> wait status

    def started(self, pid: int, play: int, core: str) -> None:
        self.plays[pid], self.cores[pid] = play, core

    def free_core(self, writer: object) -> str:
        """A core for the next play's child ("lent" or "own"); "" to render it here."""
        while True:
            self._reap()
            if _borrow_core():
                core = "lent"
            elif "lent" not in self.cores.values():
                return ""  # nothing lent to this worker: its own core renders the play
            elif "own" not in self.cores.values():
                core = "own"
            else:
                time.sleep(0.005)  # every core has a child; the first to end frees one
                continue
            # A fork copies only the calling thread: no encoder thread may be mid-write.
            writer.join_all_encode_jobs()  # type: ignore[attr-defined]
            if threading.active_count() == 1:
                return core
            if core == "lent":
                _return_core()
            return ""

    def _reap(self) -> None:
        for pid in list(self.cores):
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                self.ended[pid] = status
                del self.cores[pid]

    def wait_all(self, work: Path) -> dict[int, str]:
        """Reap every child; their segments by play, or the first child's failure."""
        segments: dict[int, str] = {}
        failure: PlayFailed | None = None
        for pid, play in self.plays.items():
            status = self.ended.pop(pid) if pid in self.ended else os.waitpid(pid, 0)[1]
            self.cores.pop(pid, None)
            report_file = work / f"child-{pid}.json"
            report = json.loads(report_file.read_text()) if report_file.is_file() else {}
            report_file.unlink(missing_ok=True)
            if os.waitstatus_to_exitcode(status) == 0 and report.get("play") == play:
                segments[play] = report["segment"]
            elif failure is None:
                failure = PlayFailed(report.get("where", ""), report.get(
                    "message", f"the process rendering play {play} died ({status})"))
        self.plays.clear()
        if failure is not None:
            raise failure
        return segments


def _child_exit(job: RenderJob, play: int, core: str, error: BaseException | None,
                writer: object) -> None:
    """End a forked child: report its segment or its failure, return the core, exit."""
    work = Path(job.work_dir)
    code = 0
    try:
        if error is None:
            files = writer.partial_movie_files  # type: ignore[attr-defined]
            report = {"play": play, "segment": files[play]}
        else:
            code = 1
            report = {"where": _where(error, Path(job.root), Path(job.scenes_dir)),
                      "message": _message(error)}
        partial = work / f".child-{os.getpid()}.part"
        partial.write_text(json.dumps(report), encoding="utf-8")
        os.replace(partial, work / f"child-{os.getpid()}.json")
    except BaseException:  # noqa: BLE001 - a child must never return into the pool
        code = 1
    finally:
        if core == "lent":
            _return_core()
        os._exit(code)


def _join(job: RenderJob, segments: list[Path]) -> dict:
    """The play segments as one video, copied as rendered (no re-encoding), with its
    index at the front so playback starts before the download ends; its poster."""
    work = Path(job.work_dir)
    listing = work / "segments.txt"
    listing.write_text("".join(f"file '{path.as_posix()}'\n" for path in segments),
                       encoding="utf-8")
    video = work / entry_files(job.scene)["video"]
    _ffmpeg("-f", "concat", "-safe", "0", "-i", str(listing), "-an", "-c", "copy",
            "-movflags", "+faststart", str(video))
    listing.unlink()
    if job.poster_at is not None:
        _ffmpeg("-ss", str(job.poster_at), "-i", str(video), "-frames:v", "1",
                str(work / entry_files(job.scene)["still"]))
    return {**_probe(video), "video": video.name}


def _message(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}".strip()


def _ffmpeg(*arguments: str) -> None:
    subprocess.run(["ffmpeg", "-y", "-v", "error", *arguments], check=True,
                   capture_output=True)


def _probe(video: Path) -> dict:
    probe = subprocess.run(
        # The frame count from the MP4 index: counting by decoding costs seconds at 1080p.
        ["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
         "stream=codec_name,pix_fmt,nb_frames,duration", "-of", "json", str(video)],
        capture_output=True, text=True, check=True,
    )
    stream = json.loads(probe.stdout)["streams"][0]
    return {"codec": stream["codec_name"], "pix_fmt": stream["pix_fmt"],
            "frames": int(stream["nb_frames"]), "duration": float(stream["duration"])}


def _where(error: BaseException, root: Path, scenes_dir: Path) -> str:
    """The innermost traceback frame inside the scenes package, as ``path:line``."""
    scenes_dir = scenes_dir.resolve()
    where = ""
    for frame in traceback.extract_tb(error.__traceback__):
        path = Path(frame.filename).resolve()
        if scenes_dir in path.parents and "render" not in path.relative_to(scenes_dir).parts:
            where = f"{path.relative_to(root)}:{frame.lineno}"
    return where


def _lock_glyph_folders(glyphs: Path) -> None:
    """Make Manim's glyph folders safe to share between processes.

    Every worker shares the LaTeX folder (a formula is compiled once, not once
    per worker), and a worker shares its text folder with the children it
    forks. Manim compiles a formula by checking for its SVG, then writing
    .tex, .dvi and .svg files named after the formula; writes Pango text to an
    SVG the same way; and to read any SVG writes a temporary copy beside it and
    deletes it. Two processes doing one of these for the same file at once read
    or delete each other's files, so each step holds a lock named after that
    file (different formulas compile side by side). Manim's LaTeX clean-up,
    which deletes every other file in the folder, is turned off (see
    ``_manim_options``). Manim has no option for any of this, hence the wrappers.
    """
    from manim import config
    from manim.mobject.svg.svg_mobject import SVGMobject
    from manim.mobject.text import tex_mobject
    from manim.mobject.text.text_mobject import MarkupText, Text

    if getattr(tex_mobject.tex_to_svg_file, "locked", False):
        return
    latex_folder = (glyphs / "Tex").resolve()
    latex_folder.mkdir(parents=True, exist_ok=True)

    @contextlib.contextmanager
    def lock(folder: Path, name: str) -> Iterator[None]:
        # Beside the glyph folder, not in it: glyph folders hold only glyphs.
        locks = folder.parent / f".{folder.name}-locks"
        locks.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256(name.encode()).hexdigest()[:24]
        with open(locks / digest, "w") as lock_file:
            fcntl.flock(lock_file, fcntl.LOCK_EX)
            yield

    def locked_by(lock_of, function):  # noqa: ANN001, ANN202 - wraps Manim's own
        def locked(*arguments: object, **keywords: object) -> object:
            where = lock_of(*arguments, **keywords)
            if where is None:
                return function(*arguments, **keywords)
            with lock(*where):
                return function(*arguments, **keywords)

        locked.locked = True  # type: ignore[attr-defined]
        return locked

    def formula(expression: str, environment: str | None = None,
                tex_template: object = None) -> tuple[Path, str]:
        template = getattr(tex_template, "body", repr(tex_template))
        return latex_folder, f"{expression}\0{environment}\0{template}"

    def svg_file(svg: SVGMobject) -> tuple[Path, str] | None:
        path = Path(svg.get_file_path()).resolve()
        if path.parent in (latex_folder, Path(config.text_dir).resolve()):
            return path.parent, path.name
        return None

    def text_file(text: Text, *_: object) -> tuple[Path, str]:
        # Pango's file name is computed inside; one lock per text folder is
        # enough (texts are quick, and each folder is one worker's).
        return Path(config.text_dir).resolve(), "texts"

    tex_mobject.tex_to_svg_file = locked_by(formula, tex_mobject.tex_to_svg_file)
    SVGMobject.generate_mobject = locked_by(svg_file, SVGMobject.generate_mobject)
    for text_class in (Text, MarkupText):
        text_class._text2svg = locked_by(text_file, text_class._text2svg)


def _share_glyphs(source: Path, target: Path) -> None:
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


def _remove_tree(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)
