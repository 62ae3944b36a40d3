"""Render one scene in a worker process: a still, or a video joined from its plays.

Runs inside a process pool, one scene per call. Output goes into the work
folder the driver names; the driver renames it into the cache when this
returns successfully. A scene that raises comes back as a short report: the
scene, the ``scenes/`` file and line where it failed, and Manim's message.

With ``play_sharing`` (plays rendered by forked children on lent cores),
``glyphs`` (the shared LaTeX and text glyph folders) and ``manim_adapter``
(every use of Manim's private API), this is the only code that imports Manim;
it uses only Manim's public API itself.

The same sources give the same bytes on every run. Given identical frames,
FFmpeg's encoding path in a process that has run a scene still produced
slightly different H.264 from run to run (it reads memory it never wrote; a
fresh process, whose pages are zeroed, does not vary). ``MALLOC_PERTURB_``
makes that memory the same in every run: the driver starts the workers with
``WORKER_ENVIRONMENT``. x264's output also depends on its thread count, so it
gets one thread (see ``_manim_options``).

The video a render keeps is its master (``S.master.mp4``): x264 in lossless
mode (``MASTER_ENCODER_OPTIONS``), never shown to readers. Every rendition
pages offer (AV1, H.264, smaller sizes) is encoded from it afterwards
(``encoder``), so a changed rendition setting needs no new render.
"""

from __future__ import annotations

import atexit
import contextlib
import importlib
import inspect
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import traceback
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from . import manim_adapter
from .glyphs import shared_glyphs
from .lifetime import die_with_parent
from .manifest import RenderJob, entry_files
from .play_sharing import PlayFailed, PlaySharing, use_spare_cores
from .record import BeatRecord, RenderOutcome, RenderRecord, VideoFacts
from .stills import derive_stills
from .storyboard import BeatStills, BeatWithoutWords, beat_records, check_words

if TYPE_CHECKING:
    from manim import Scene

__all__ = ["MASTER_ENCODER_OPTIONS", "WORKER_ENVIRONMENT", "render_scene", "start_worker"]

#: Set in a worker's environment before it starts (glibc reads it then): fresh
#: memory filled with one fixed byte, so the same scene gives the same video bytes.
WORKER_ENVIRONMENT = {"MALLOC_PERTURB_": "85"}
#: How Manim encodes the master: lossless x264 (CRF 0 at 8 bits is lossless, in the
#: 4:2:0 every rendition is made in), its fastest preset (the master only needs to be
#: exact: `ultrafast` made a 1080p60 render about 40% faster than the `medium` lossy
#: encode it replaced, for a file 20 times larger that stays in the cache), one thread
#: (x264's output depends on its thread count).
MASTER_ENCODER_OPTIONS = {"threads": "1", "preset": "ultrafast", "crf": "0"}


def start_worker(spare_cores_fifo: str, driver: int) -> None:
    """Pool initializer: die with the driver, leave Ctrl-C to it, borrow spare cores
    through its FIFO, and leave at once."""
    die_with_parent(driver)
    # Ctrl-C reaches every process of the terminal's group: the driver alone answers
    # it (it stops the workers itself), so a worker prints no traceback of its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    use_spare_cores(spare_cores_fifo)
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


def render_scene(job: RenderJob) -> RenderOutcome:
    """Render ``job.scene`` from ``job.module`` into ``job.work_dir``, sealed by its record."""
    started = time.monotonic()
    root = Path(job.root)
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    try:
        manim_adapter.check_version()
        kind, video, forked_plays, beats = (_render_video(job) if job.kind == "video"
                                            else _render_still(job))
    except manim_adapter.UnsupportedManim as unsupported:
        return _failure(job, unsupported.where, str(unsupported), started)
    except BeatWithoutWords as unsaid:
        return replace(_failure(job, unsaid.where, unsaid.message, started), unsaid=True)
    except PlayFailed as failure:
        return _failure(job, failure.where, failure.message, started)
    except Exception as error:  # noqa: BLE001 - any failure of the scene is reported
        return _failure(job, *_describe(error, job), started)
    derive_stills(Path(job.work_dir), job.scene)
    seconds = round(time.monotonic() - started, 2)
    # Written last: a work folder without its record is no render.
    RenderRecord.of_folder(Path(job.work_dir), scene=job.scene, key=job.key, kind=kind,
                           theme=job.theme, width=job.width, height=job.height, fps=job.fps,
                           seconds=seconds, video=video, beats=beats).write(Path(job.work_dir))
    return RenderOutcome(job.scene, True, seconds, forked_plays=forked_plays)


def _failure(job: RenderJob, where: str, message: str, started: float) -> RenderOutcome:
    return RenderOutcome.failed(job.scene, message, where, time.monotonic() - started)


def _manim_options(job: RenderJob, media: Path, kind: str) -> dict:
    return {
        "media_dir": str(media),
        # One LaTeX glyph folder for every worker, written under a lock (see glyphs).
        "tex_dir": str(Path(job.glyph_cache) / "Tex"),
        "text_dir": str(media / "texts"),
        "pixel_width": job.width,
        "pixel_height": job.height,
        "frame_rate": job.fps,
        "write_to_movie": kind == "video",
        "save_last_frame": kind == "still",
        "disable_caching": True,
        # Other workers may be compiling other formulas in the shared LaTeX
        # folder; Manim's clean-up would delete their files (see glyphs).
        "no_latex_cleanup": True,
        # The lossless master (see MASTER_ENCODER_OPTIONS): one thread gives the same
        # video anywhere (the worker processes and their children keep the cores busy).
        "video_encoder_options": MASTER_ENCODER_OPTIONS,
        # Keep every play's segment until they are joined, however many there are.
        "max_files_cached": -1,
        "progress_bar": "none",
        "verbosity": "ERROR",
        "output_file": job.scene,
    }


@contextlib.contextmanager
def _manim_for(job: RenderJob, kind: str) -> Iterator[Path]:
    """Manim configured for ``job``, its glyph folders shared; yields Manim's media folder.

    Text glyphs made during the render are handed back to the shared folder
    when it ends well; the media folder is left for the caller to remove.
    """
    from manim import tempconfig

    media = Path(job.work_dir) / "manim"
    with shared_glyphs(Path(job.glyph_cache), media), \
            tempconfig(_manim_options(job, media, kind)):
        yield media


def _scene(job: RenderJob) -> Scene:
    """The job's scene, created in the job's theme.

    The theme is a parameter of the scene (``ThemedScene(theme=...)``, which
    gives it ``self.palette``), never state of a module: one worker renders
    both themes one after the other from the same imported modules. A scene
    that takes no theme (a plain Manim ``Scene``) draws the same in each.
    """
    scene_class = getattr(importlib.import_module(job.module), job.scene)
    if "theme" in inspect.signature(scene_class).parameters:
        return scene_class(theme=job.theme)
    return scene_class()


def _render_still(job: RenderJob) -> tuple[str, None, int, tuple[BeatRecord, ...]]:
    """A still's render: its kind, no video, no plays forked, no beats."""
    with _manim_for(job, "still") as media:
        scene = _scene(job)
        scene.render()
        manim_adapter.last_frame(scene).save(Path(job.work_dir) / entry_files(job.scene)["still"])
    _remove_tree(media)
    return "still", None, 0, ()


def _render_video(job: RenderJob) -> tuple[str, VideoFacts | None, int,
                                           tuple[BeatRecord, ...]]:
    """A video's render: its kind (a still if it has no animation), the video's facts,
    how many plays forked children rendered, and its story beats placed in it."""
    work = Path(job.work_dir)
    manim_adapter.make_progress_bars_fork_safe()
    sharing = PlaySharing(work, lambda error: _describe(error, job))
    stills = BeatStills(work, job.scene, sharing.in_child)
    with _manim_for(job, "video") as media:
        scene = _scene(job)
        sharing.attach(scene)
        stills.attach(scene)
        # A play given to a child is only jumped to its end here.
        manim_adapter.skip_drawing_while_skipping(scene)
        # The segments are joined below, together with the children's.
        manim_adapter.leave_segments_unjoined(scene)
        try:
            scene.render()
        except BaseException as error:
            if sharing.in_child():
                sharing.end_child(error)
            sharing.reap_after_failure()
            raise
        if sharing.in_child():
            sharing.end_child(None)
        forked_plays = sharing.forked_plays
        segments = sharing.segments()
        # The final state drawn whole (the last play may have been a child's).
        manim_adapter.final_frame(scene).save(work / entry_files(job.scene)["still"])
        plays = manim_adapter.play_count(scene)
    files = [segments.get(play) for play in range(plays)]
    kind, video, beats = "video", None, ()
    if plays == 0:
        kind = "still"  # a scene with no animation is a still, whatever was asked
    elif None in files or not all(Path(file).is_file() for file in files):
        missing = [play for play, file in enumerate(files) if not file]
        raise RuntimeError(f"segments missing for plays {missing}")
    else:
        video = _join(job, [Path(file) for file in files])
        beats = beat_records(getattr(scene, "beat_log", ()), [Path(file) for file in files],
                             job.fps, video.frames / job.fps, stills.kept, Path(job.root))
        check_words(beats, job.words_required)
    _remove_tree(media)
    return kind, video, forked_plays, beats


def _join(job: RenderJob, segments: list[Path]) -> VideoFacts:
    """The play segments as one master video, copied as rendered (no re-encoding), with
    its index at the front (as every rendition's); its poster, from the lossless frames."""
    work = Path(job.work_dir)
    listing = work / "segments.txt"
    listing.write_text("".join(f"file '{path.as_posix()}'\n" for path in segments),
                       encoding="utf-8")
    video = work / entry_files(job.scene)["master"]
    _ffmpeg("-f", "concat", "-safe", "0", "-i", str(listing), "-an", "-c", "copy",
            "-movflags", "+faststart", str(video))
    listing.unlink()
    if job.poster_at is not None:
        _ffmpeg("-ss", str(job.poster_at), "-i", str(video), "-frames:v", "1",
                str(work / entry_files(job.scene)["still"]))
    return _probe(video)


def _ffmpeg(*arguments: str) -> None:
    subprocess.run(["ffmpeg", "-y", "-v", "error", *arguments], check=True,
                   capture_output=True)


def _probe(video: Path) -> VideoFacts:
    probe = subprocess.run(
        # The frame count from the MP4 index: counting by decoding costs seconds at 1080p.
        ["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
         "stream=codec_name,pix_fmt,nb_frames,duration", "-of", "json", str(video)],
        capture_output=True, text=True, check=True,
    )
    stream = json.loads(probe.stdout)["streams"][0]
    return VideoFacts(stream["codec_name"], stream["pix_fmt"], int(stream["nb_frames"]),
                      float(stream["duration"]))


def _describe(error: BaseException, job: RenderJob) -> tuple[str, str]:
    """A failure as ``(where, message)``: ``path:line`` in ``scenes/``, and Manim's words."""
    return (_where(error, Path(job.root), Path(job.scenes_dir)),
            f"{type(error).__name__}: {error}".strip())


def _where(error: BaseException, root: Path, scenes_dir: Path) -> str:
    """The innermost traceback frame inside the scenes package, as ``path:line``."""
    scenes_dir = scenes_dir.resolve()
    where = ""
    for frame in traceback.extract_tb(error.__traceback__):
        path = Path(frame.filename).resolve()
        if scenes_dir in path.parents and "render" not in path.relative_to(scenes_dir).parts:
            where = f"{path.relative_to(root)}:{frame.lineno}"
    return where


def _remove_tree(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)
