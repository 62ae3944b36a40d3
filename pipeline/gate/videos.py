"""Videos: every video the site ships decodes to its end, at the size and length it claims.

A video can be the right file and still be broken: cut short by a full disk
or a killed copy, or damaged in the render cache before it was copied. The
media check (``media``) compares files with their sources; this one plays
each video through (FFmpeg's ``ffprobe -count_frames`` decodes every frame)
and refuses one that:

- has no video stream ffprobe can read, no width or height, or no duration;
- reports a decoding error, or decodes fewer frames than its index lists;
- is a scene's video but not of its rendition's size, frame count or length
  (as the render manifest records them: each rendition, AV1 or H.264, at each
  size, is a file of the site and is played through like any other).

Each problem is ``path: reason`` with the video's path in the site. Videos
are probed two at a time (each probe is a process of its own).
"""

from __future__ import annotations

import json
import re
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path, PurePosixPath

from pipeline.gate.checked_site import CheckedSite
from scenes.render.manifest import Manifest
from scenes.render.rendition_files import RenditionFile

__all__ = ["VIDEO_SUFFIXES", "check_videos", "video_problem"]

VIDEO_SUFFIXES = (".mp4", ".m4v", ".mov", ".webm")
# Two probes side by side: the gate's HTML checker runs on Java at the same time.
_PROBES_AT_ONCE = 2
# A rendered video's length may differ from its record by rounding in the container.
_DURATION_SLACK = 0.05
_DECODER = re.compile(r"^\[[^\]]* @ 0x[0-9a-f]+\]\s*")


def check_videos(site: CheckedSite, manifest: Path | None) -> None:
    """Report every video of ``site`` that does not decode whole (``video_problem``)."""
    renders = Manifest.read(manifest) if manifest is not None and manifest.is_file() else None
    videos = site.files(*VIDEO_SUFFIXES)
    expected = [renders.rendition_for(PurePosixPath(site.relative(path))) if renders else None
                for path in videos]
    with ThreadPoolExecutor(_PROBES_AT_ONCE) as probes:
        found = list(probes.map(video_problem, videos, expected))
    for path, problem in zip(videos, found, strict=True):
        if problem is not None:
            site.report(site.relative(path), 0, problem)


def video_problem(path: Path, render: RenditionFile | None = None) -> str | None:
    """Why the video at ``path`` must not ship (None when it plays to its end).

    ``render``: the scene video rendition it is a copy of, whose size and length it
    must have.
    """
    probe = subprocess.run(
        ["ffprobe", "-v", "error", "-select_streams", "v:0", "-count_frames", "-show_entries",
         "stream=width,height,nb_frames,nb_read_frames,duration:format=duration", "-of", "json",
         str(path)], capture_output=True, text=True, check=False)
    # FFmpeg names the file or its decoder (with a memory address) first in its messages:
    # the problem's path says the first already, the second changes from run to run.
    errors = [_DECODER.sub("", line.strip().removeprefix(f"{path}: "))
              for line in probe.stderr.splitlines() if line.strip()]
    try:
        data = json.loads(probe.stdout or "{}")
    except json.JSONDecodeError:
        data = {}
    streams = data.get("streams") or []
    if probe.returncode != 0 or not streams:
        reason = errors[-1] if errors else "no video stream"
        return f"is not a video ffprobe can read ({reason})"
    stream = streams[0]
    width, height = stream.get("width") or 0, stream.get("height") or 0
    duration = _number(stream.get("duration")) or _number(data.get("format", {}).get("duration"))
    indexed, decoded = _number(stream.get("nb_frames")), _number(stream.get("nb_read_frames"))
    if errors:
        return f"does not decode to its end ({errors[0]})"
    if not width or not height:
        return "has no picture size"
    if not duration or duration <= 0:
        return "has no length"
    if indexed and (decoded or 0) < indexed:
        return f"decodes only {int(decoded or 0)} of its {int(indexed)} frames (cut short)"
    if render is None:
        return None
    if (width, height) != (render.width, render.height):
        return f"is {width}x{height}, its render is {render.width}x{render.height}"
    if decoded is not None and int(decoded) != render.frames:
        return f"has {int(decoded)} frames, its render {render.frames}"
    if abs(duration - render.duration) > _DURATION_SLACK:
        return f"lasts {duration:.2f} s, its render {render.duration:.2f} s"
    return None


def _number(value: object) -> float | None:
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
