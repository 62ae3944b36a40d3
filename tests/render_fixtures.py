"""Video renders made without Manim, for tests of what reads them (plugin, gate).

A real lossless master (FFmpeg's ``testsrc2`` pattern, encoded as the worker
encodes masters), its stills and its sealed record, in a cache entry; then its
renditions, really encoded by ``scenes.render.renditions`` at the test profile
(AV1 and H.264, both sizes). What a test reads is what a build would have.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

from PIL import Image
from rich.console import Console

from scenes.render.manifest import RenderedScene, entry_files
from scenes.render.profiles import PROFILES
from scenes.render.record import RenderRecord, VideoFacts
from scenes.render.renditions import encode_renditions, versions_for
from scenes.render.stills import derive_stills

__all__ = ["SIZE", "make_master", "render_with_renditions"]

#: The test profile's size and frame rate; the pattern lasts a second.
SIZE, FPS, SECONDS = (256, 144), 5, 1.0


def make_master(target: Path, pattern: str = "testsrc2") -> None:
    """A lossless 4:2:0 H.264 master of one second of FFmpeg's ``pattern``, index first."""
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i",
         f"{pattern}=size={SIZE[0]}x{SIZE[1]}:rate={FPS}:duration={SECONDS}",
         "-c:v", "libx264", "-preset", "ultrafast", "-crf", "0", "-threads", "1",
         "-pix_fmt", "yuv420p", "-movflags", "+faststart", str(target)], check=True)


def render_with_renditions(cache_root: Path, scene: str, theme: str, key: str = "key",
                           pattern: str = "testsrc2") -> RenderedScene:
    """A finished video render of ``scene`` in ``theme`` under ``cache_root`` (the test
    profile's layout), with its renditions encoded; the manifest's view of it."""
    profile = PROFILES["test"]
    entry = cache_root / profile.name / scene / theme / key
    if entry.exists():
        shutil.rmtree(entry)
    entry.mkdir(parents=True)
    files = entry_files(scene)
    make_master(entry / files["master"], pattern)
    Image.new("RGB", SIZE, (20, 40, 60) if theme == "dark" else (230, 230, 220)).save(
        entry / files["still"])
    derive_stills(entry, scene)
    record = RenderRecord.of_folder(entry, scene=scene, key=key, kind="video", theme=theme,
                                    width=SIZE[0], height=SIZE[1], fps=FPS, seconds=0.1,
                                    video=VideoFacts("h264", "yuv420p", int(FPS * SECONDS),
                                                     SECONDS))
    record.write(entry)
    encoded = encode_renditions(profile, cache_root, {(scene, theme): (record, entry)},
                                versions_for(profile), 2, Console(file=io.StringIO()), None)
    if encoded.failures:
        raise RuntimeError(f"renditions of {scene} failed: {encoded.failures}")
    return RenderedScene.of_record(record, entry, encoded.files[scene, theme])
