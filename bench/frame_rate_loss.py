"""What a reader loses when a 60 fps video is shown at 30 fps, measured on the masters.

    .venv/bin/python bench/frame_rate_loss.py                        # ~2 min
    .venv/bin/python bench/frame_rate_loss.py --cache /tmp/vb/cache  # a --keep-in folder's
    .venv/bin/python bench/frame_rate_loss.py --width 1280           # the phones' size

The SSIM of a 30 fps rendition is measured against the master brought to 30 fps
(``encoder``): it sees what the encoder lost in each kept frame, not the frames
that were left out. On a 60 Hz screen a 30 fps video holds each frame for two
refreshes, so where the 60 fps master shows frame 2k+1 the reader sees frame
2k. This bench measures exactly that, on the lossless masters so that no codec
loss is mixed in: for every pair of frames (2k, 2k+1) of each cached publish
master (dark theme), the SSIM of the held frame against the frame it stands in
for (FFmpeg's ``ssim`` filter, all planes, as the gate uses). The even frames
are shown as they are (SSIM 1).

Per video: the mean over every frame a 60 Hz screen shows; the mean over the
moving frames only (those that differ from the one before); the share of shown
frames below the publish profile's SSIM floor; and the worst frame with its
time. Fast moves show up as low values: there the grid, dots and labels jump
twice as far between pictures.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scenes.render.manifest import entry_files  # noqa: E402
from scenes.render.profiles import PROFILES  # noqa: E402
from scenes.render.record import RECORD_NAME, verify_entry  # noqa: E402

_FRAME = re.compile(r"^n:(\d+) .* All:([0-9.]+|inf)", re.MULTILINE)


@dataclass(frozen=True)
class HeldFrames:
    """One master's odd frames, each measured against the even frame held in its place."""

    scene: str
    fps: int
    ssims: tuple[float, ...]  # the k-th: frame 2k+1 against frame 2k

    @property
    def shown(self) -> int:
        """Frames a 60 Hz screen shows: the even ones (exact) and the odd ones (held)."""
        return 2 * len(self.ssims)

    def mean(self) -> float:
        return (len(self.ssims) + sum(self.ssims)) / self.shown

    def moving_mean(self) -> float | None:
        moving = [ssim for ssim in self.ssims if ssim < 1.0]
        return sum(moving) / len(moving) if moving else None

    def share_below(self, floor: float) -> float:
        return sum(ssim < floor for ssim in self.ssims) / self.shown

    def worst(self) -> tuple[float, float]:
        """The lowest SSIM and the time (s) of the frame it stands in for."""
        index = min(range(len(self.ssims)), key=self.ssims.__getitem__)
        return self.ssims[index], (2 * index + 1) / self.fps


def held_frames(scene: str, master: Path, fps: int, width: int | None = None) -> HeldFrames:
    """Frame 2k+1 of ``master`` against frame 2k, for every k (one FFmpeg, one thread),
    both scaled to ``width`` first when given (as the encoder scales a small rendition)."""
    scale = f"scale={width}:-2:flags=lanczos," if width else ""
    # The even and the odd frames as two streams with the same timestamps, so that the
    # ssim filter pairs frame 2k with frame 2k+1.
    graph = (f"[0:v]{scale}split[a][b];"
             "[a]select='not(mod(n\\,2))',setpts=N/TB[even];"
             "[b]select='mod(n\\,2)',setpts=N/TB[odd];"
             "[odd][even]ssim=stats_file=-")
    log = subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-threads", "1",
                          "-filter_threads", "1", "-i", str(master), "-lavfi", graph,
                          "-f", "null", "-"], capture_output=True, text=True, check=True).stdout
    ssims = tuple(1.0 if value == "inf" else float(value)
                  for _, value in _FRAME.findall(log))
    if not ssims:
        raise SystemExit(f"{master}: FFmpeg's ssim filter printed no frame")
    return HeldFrames(scene, fps, ssims)


def masters(cache: Path, quality: str) -> list[tuple[str, Path, int]]:
    """Each scene's cached master of ``quality`` in the dark theme, checked: (scene,
    master, fps), by scene name."""
    found = []
    for record_file in sorted((cache / quality).glob(f"*/dark/*/{RECORD_NAME}")):
        entry = record_file.parent
        scene = entry.parent.parent.name
        record = verify_entry(entry, scene, entry.name)
        if record.kind == "video":
            found.append((scene, entry / entry_files(scene)["master"], record.fps))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=ROOT / ".cache" / "scenes",
                        help="a render cache (the folder holding one folder per quality)")
    parser.add_argument("--quality", default="publish", choices=sorted(PROFILES))
    parser.add_argument("--width", type=int,
                        help="measure at this width (a small rendition's, e.g. 1280)")
    arguments = parser.parse_args()
    floor = PROFILES[arguments.quality].ssim_floor
    found = masters(arguments.cache, arguments.quality)
    if not found:
        raise SystemExit(f"no {arguments.quality} master under {arguments.cache}: "
                         f"render them first (make publish, or bench/video_bytes.py --keep-in)")
    with ThreadPoolExecutor(os.cpu_count() or 1) as pool:
        measured = list(pool.map(lambda each: held_frames(*each, arguments.width), found))

    at = f", {arguments.width} px wide" if arguments.width else ""
    print(f"{len(measured)} {arguments.quality} masters (dark{at}) shown at half their frame "
          f"rate on a screen of their own rate; SSIM floor {floor}\n")
    print("| video | fps | frames | SSIM, every frame | SSIM, moving frames | "
          "frames below the floor | worst (at) |\n|---|---|---|---|---|---|---|")
    for each in measured:
        moving = each.moving_mean()
        worst, at = each.worst()
        print(f"| {each.scene} | {each.fps} | {each.shown:,} | {each.mean():.4f} | "
              f"{'' if moving is None else f'{moving:.4f}'} | "
              f"{each.share_below(floor):.0%} | {worst:.4f} ({at:.2f} s) |")
    frames = sum(each.shown for each in measured)
    print(f"| all | | {frames:,} | "
          f"{sum(each.mean() * each.shown for each in measured) / frames:.4f} | | "
          f"{sum(each.share_below(floor) * each.shown for each in measured) / frames:.0%} | "
          f"{min(each.worst()[0] for each in measured):.4f} |")


if __name__ == "__main__":
    main()
