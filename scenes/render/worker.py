"""Render one scene in a worker process. The only module here that imports Manim.

Runs inside a process pool, one scene per call. Output goes into the work
folder the driver names; the driver renames it into the cache when this
returns successfully. A scene that raises comes back as a short report: the
scene, the ``scenes/`` file and line where it failed, and Manim's message.
"""

from __future__ import annotations

import fcntl
import importlib
import json
import os
import shutil
import subprocess
import sys
import time
import traceback
from pathlib import Path

__all__ = ["render_scene"]


def render_scene(job: dict) -> dict:
    """Render ``job['scene']`` from ``job['module']`` into ``job['work_dir']``."""
    started = time.monotonic()
    root = Path(job["root"])
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    try:
        record = _render(job)
    except Exception as error:  # noqa: BLE001 - any failure of the scene is reported
        return {"ok": False, "scene": job["scene"],
                "where": _where(error, root, Path(job["scenes_dir"])),
                "message": f"{type(error).__name__}: {error}".strip(),
                "seconds": time.monotonic() - started}
    record["seconds"] = round(time.monotonic() - started, 2)
    Path(job["work_dir"], "render.json").write_text(json.dumps(record, indent=1),
                                                    encoding="utf-8")
    return {"ok": True, "scene": job["scene"], "seconds": record["seconds"]}


def _render(job: dict) -> dict:
    from manim import tempconfig

    work = Path(job["work_dir"])
    scene_name, kind = job["scene"], job["kind"]
    module = importlib.import_module(job["module"])
    scene_class = getattr(module, scene_name)
    options = {
        "media_dir": str(work / "manim"),
        # One LaTeX glyph folder for every worker, written under a lock (below).
        "tex_dir": str(Path(job["glyph_cache"]) / "Tex"),
        "text_dir": str(work / "manim" / "texts"),
        "pixel_width": job["width"],
        "pixel_height": job["height"],
        "frame_rate": job["fps"],
        "write_to_movie": kind == "video",
        "save_last_frame": kind == "still",
        "disable_caching": True,
        "progress_bar": "none",
        "verbosity": "ERROR",
        "output_file": scene_name,
    }
    glyphs = Path(job["glyph_cache"])
    _compile_latex_one_worker_at_a_time(glyphs)
    _share_glyphs(glyphs, work / "manim")
    with tempconfig(options):
        scene = scene_class()
        scene.render()
        last_frame = scene.renderer.get_frame()
        movie = Path(scene.renderer.file_writer.movie_file_path) if kind == "video" else None
    if movie is not None and not movie.is_file():
        # A scene with no animation is a still, whatever was asked of it.
        movie, kind = None, "still"
    _share_glyphs(work / "manim", glyphs)
    from PIL import Image

    still = work / f"{scene_name}.png"
    record: dict = {"scene": scene_name, "kind": kind, "width": job["width"],
                    "height": job["height"], "fps": job["fps"]}
    if movie is not None:
        video = work / f"{scene_name}.mp4"
        # Index at the front of the file, so playback starts before the download ends.
        _ffmpeg("-i", str(movie), "-c", "copy", "-movflags", "+faststart", str(video))
        if job.get("poster_at") is not None:
            _ffmpeg("-ss", str(job["poster_at"]), "-i", str(video), "-frames:v", "1", str(still))
        else:
            Image.fromarray(last_frame).convert("RGB").save(still)
        record.update(_probe(video))
        record["video"] = video.name
    else:
        Image.fromarray(last_frame).convert("RGB").save(still)
    record["still"] = still.name
    _remove_tree(work / "manim")
    return record


def _ffmpeg(*arguments: str) -> None:
    subprocess.run(["ffmpeg", "-y", "-v", "error", *arguments], check=True,
                   capture_output=True)


def _probe(video: Path) -> dict:
    probe = subprocess.run(
        ["ffprobe", "-v", "error", "-select_streams", "v:0", "-count_frames", "-show_entries",
         "stream=codec_name,pix_fmt,nb_read_frames,duration", "-of", "json", str(video)],
        capture_output=True, text=True, check=True,
    )
    stream = json.loads(probe.stdout)["streams"][0]
    return {"codec": stream["codec_name"], "pix_fmt": stream["pix_fmt"],
            "frames": int(stream["nb_read_frames"]), "duration": float(stream["duration"])}


def _where(error: BaseException, root: Path, scenes_dir: Path) -> str:
    """The innermost traceback frame inside the scenes package, as ``path:line``."""
    scenes_dir = scenes_dir.resolve()
    where = ""
    for frame in traceback.extract_tb(error.__traceback__):
        path = Path(frame.filename).resolve()
        if scenes_dir in path.parents and "render" not in path.relative_to(scenes_dir).parts:
            where = f"{path.relative_to(root)}:{frame.lineno}"
    return where


def _compile_latex_one_worker_at_a_time(glyphs: Path) -> None:
    """Make Manim's LaTeX glyph folder safe to share between worker processes.

    Manim checks for a finished SVG, then writes .tex, .dvi and .svg files and
    deletes the intermediates in one folder; to read an SVG it also writes a
    temporary copy beside it and deletes it. Two processes doing either at once
    can read or delete each other's files. Holding a file lock around both
    steps (Manim has no option for this, hence the wrappers) lets every worker
    use one glyph folder, so a formula is compiled once, not once per worker.
    """
    from manim.mobject.svg.svg_mobject import SVGMobject
    from manim.mobject.text import tex_mobject

    if getattr(tex_mobject.tex_to_svg_file, "locked", False):
        return
    (glyphs / "Tex").mkdir(parents=True, exist_ok=True)
    lock_path = glyphs / ".latex.lock"

    def holding_lock(function):  # noqa: ANN001, ANN202 - wraps Manim's own functions
        def locked(*arguments: object, **keywords: object) -> object:
            with open(lock_path, "w") as lock:
                fcntl.flock(lock, fcntl.LOCK_EX)
                return function(*arguments, **keywords)

        locked.locked = True  # type: ignore[attr-defined]
        return locked

    tex_mobject.tex_to_svg_file = holding_lock(tex_mobject.tex_to_svg_file)
    parse_svg = SVGMobject.generate_mobject
    parse_svg_locked = holding_lock(parse_svg)
    shared = (glyphs / "Tex").resolve()

    def generate_mobject(self: SVGMobject) -> SVGMobject:
        in_shared_folder = shared in Path(self.get_file_path()).resolve().parents
        return (parse_svg_locked if in_shared_folder else parse_svg)(self)

    SVGMobject.generate_mobject = generate_mobject  # type: ignore[method-assign]


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
