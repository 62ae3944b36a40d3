"""Encode one rendition of a render's master with FFmpeg, and measure what it lost.

``encode_rendition`` runs in an encode worker of the local pool (``pool``, task
``encode``), one rendition per call, and never imports Manim. It writes into the
job's work folder, which the driver moves into the rendition cache when this
returns well (``renditions``):

1. the encode: the master brought to the rendition's frame rate (FFmpeg's ``fps``
   filter) and width (``scale``, Lanczos: the sharpest of swscale's filters for the
   thin lines and small text of these scenes), 4:2:0, the encoder's settings, the
   index at the front of the file (``+faststart``) as every video of the site has;
2. what the file is, from its own header (``ffprobe``): size, frames, length, and
   the RFC 6381 codec string a ``<source type>`` names (``codec_string``);
3. its SSIM against the master put through the same ``fps`` and ``scale`` filters,
   so that the number measures the encoder's loss alone (FFmpeg's ``ssim`` filter);
4. the sealed record, last (``rendition_record``).

The same master and settings give the same bytes: each encoder gets one thread
(x264's output depends on its thread count, and SVT-AV1's on its ``lp``), and
the encoders' versions are part of each rendition's key (``encoder_versions``).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import signal
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .lifetime import die_with_parent
from .profiles import Rendition
from .record import FileDigest, RenderOutcome
from .rendition_record import RenditionRecord

__all__ = ["EncodeJob", "EncoderUnavailable", "codec_string", "encode_rendition",
           "encoder_versions", "rendition_size", "start_encoder"]

# Each encoder on one thread, whatever the machine: the same bytes everywhere (the
# pool runs one encode per core instead).
_ONE_THREAD = {"libx264": ("-threads", "1"), "libsvtav1": ("-svtav1-params", "lp=1")}
# SVT-AV1 logs on its own (not through FFmpeg's -v): errors only, except when asked
# for its version.
_SVT_LOG = {"SVT_LOG": "1"}
_SSIM = re.compile(r"SSIM .* All:([0-9.]+)")
_X264_VERSION = re.compile(rb"x264 - core (\d+(?: r\d+ \w+)?)")
_SVT_VERSION = re.compile(r"SVT-AV1 Encoder Lib (v[\w.\-]+)")
_in_worker = False  # set by start_encoder: FFmpeg then dies with this worker


class EncoderUnavailable(RuntimeError):
    """FFmpeg, or an encoder a profile's renditions need, cannot run here."""


class EncodeFailed(RuntimeError):
    """FFmpeg failed on a rendition; the message is its last line."""


@dataclass(frozen=True)
class EncodeJob:
    """One rendition for an encode worker to make from a render's master."""

    scene: str
    theme: str
    rendition: Rendition
    key: str
    master: Path
    master_sha256: str
    master_width: int
    master_height: int
    master_fps: int
    file_name: str  # the rendition's file in its entry (its name in a site)
    encoder_version: str
    work_dir: Path


def start_encoder(spare_cores_fifo: str, driver: int) -> None:
    """Pool initializer: die with the driver and leave Ctrl-C to it (no cores to borrow)."""
    del spare_cores_fifo  # an encode runs on its one core
    global _in_worker
    die_with_parent(driver)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _in_worker = True


def rendition_size(rendition: Rendition, width: int, height: int, fps: int,
                   ) -> tuple[int, int, int]:
    """The rendition's width, height (the master's shape, even) and frame rate."""
    out_width = rendition.width if rendition.width and rendition.width < width else width
    out_height = height if out_width == width else 2 * round(height * out_width / width / 2)
    return out_width, out_height, min(rendition.fps or fps, fps)


def output_arguments(rendition: Rendition) -> list[str]:
    """FFmpeg's options for a rendition's output file: its encoder and settings on one
    core, no audio or metadata, the index first (``faststart``)."""
    return ["-an", "-map_metadata", "-1", "-c:v", rendition.encoder,
            *(argument for name, value in rendition.options for argument in (f"-{name}", value)),
            *_ONE_THREAD.get(rendition.encoder, ()),
            "-pix_fmt", "yuv420p", "-movflags", "+faststart"]


def rendition_filters(job: EncodeJob) -> str:
    """The filters that bring the master to the rendition: frame rate first (half the
    frames to scale), then size."""
    width, height, fps = rendition_size(job.rendition, job.master_width, job.master_height,
                                        job.master_fps)
    chain = [f"fps={fps}"] if fps != job.master_fps else []
    if width != job.master_width:
        chain.append(f"scale={width}:{height}:flags=lanczos")
    return ",".join(chain)


def encode_rendition(job: EncodeJob) -> RenderOutcome:
    """Encode ``job``'s rendition into its work folder, measure it, seal its record."""
    started = time.monotonic()
    target = job.work_dir / job.file_name
    filters = rendition_filters(job)
    try:
        _ffmpeg("-threads", "1", "-filter_threads", "1", "-i", str(job.master),
                *(("-vf", filters) if filters else ()), *output_arguments(job.rendition),
                str(target))
        stream = _probe(target)
        ssim = _ssim(target, job.master, filters)
        codecs = codec_string(job.rendition.codec, stream["extradata"])
    except EncodeFailed as failure:
        return RenderOutcome.failed(job.scene, f"its {job.rendition.name} rendition could "
                                    f"not be made: {failure}",
                                    seconds=time.monotonic() - started)
    numerator, denominator = (int(part) for part in stream["r_frame_rate"].split("/"))
    RenditionRecord(
        scene=job.scene, theme=job.theme, name=job.rendition.name, key=job.key,
        codec=job.rendition.codec, codecs=codecs, encoder=job.rendition.encoder,
        encoder_version=job.encoder_version, options=job.rendition.options,
        full_size=job.rendition.full_size, width=int(stream["width"]),
        height=int(stream["height"]), fps=round(numerator / denominator),
        frames=int(stream["nb_frames"]), duration=float(stream["duration"]), ssim=ssim,
        master_sha256=job.master_sha256, seconds=round(time.monotonic() - started, 2),
        files={job.file_name: FileDigest.of(target)},
    ).write(job.work_dir)  # last: a work folder without its record is no rendition
    return RenderOutcome(job.scene, True, time.monotonic() - started)


def codec_string(codec: str, extradata: bytes) -> str:
    """The RFC 6381 ``codecs`` value of an MP4 stream, from its decoder configuration.

    H.264 (``avcC``): ``avc1.`` and its profile, constraint flags and level bytes.
    AV1 (``av1C``): ``av01.<profile>.<level><tier>.<bit depth>``, as the AV1 codec
    ISO media file format binding (section 5) spells it.
    """
    if codec == "h264" and len(extradata) >= 4 and extradata[0] == 1:
        return "avc1." + extradata[1:4].hex()
    if codec == "av1" and len(extradata) >= 3 and extradata[0] == 0x81:
        profile, level = extradata[1] >> 5, extradata[1] & 0x1F
        tier, high, twelve = extradata[2] >> 7, extradata[2] >> 6 & 1, extradata[2] >> 5 & 1
        depth = 12 if twelve else 10 if high else 8
        return f"av01.{profile}.{level:02d}{'H' if tier else 'M'}.{depth:02d}"
    raise EncodeFailed(f"no {codec} decoder configuration in the file ({extradata[:4].hex()})")


def _ffmpeg(*arguments: str) -> str:
    """Run FFmpeg (dying with this worker, when in one); its log, or EncodeFailed."""
    try:
        run = subprocess.run(["ffmpeg", "-y", "-nostdin", "-hide_banner", "-nostats",
                              *arguments], capture_output=True, text=True, check=False,
                             env={**os.environ, **_SVT_LOG},
                             preexec_fn=functools.partial(die_with_parent, os.getpid())
                             if _in_worker else None)
    except OSError as error:
        raise EncodeFailed(f"FFmpeg could not start ({error.strerror})") from None
    if run.returncode != 0:
        lines = [line for line in run.stderr.splitlines() if line.strip()]
        raise EncodeFailed(lines[-1].strip() if lines else f"FFmpeg exited {run.returncode}")
    return run.stderr


def _probe(video: Path) -> dict[str, object]:
    run = subprocess.run(
        ["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_data", "-show_entries",
         "stream=width,height,nb_frames,duration,r_frame_rate,extradata", "-of", "json",
         str(video)], capture_output=True, text=True, check=False)
    try:
        stream = json.loads(run.stdout)["streams"][0]
        # ffprobe shows the decoder configuration as a hex dump: "00000000: 0164 002a ...".
        stream["extradata"] = bytes.fromhex("".join(
            line.split(":", 1)[1][:40] for line in stream.get("extradata", "").splitlines()
            if ":" in line).replace(" ", ""))
        return stream
    except (ValueError, KeyError, IndexError):
        raise EncodeFailed(f"ffprobe cannot read the encoded file ({run.stderr.strip()})"
                           ) from None


def _ssim(rendition: Path, master: Path, filters: str) -> float:
    """SSIM (all planes) of ``rendition`` against ``master`` put through ``filters``."""
    graph = f"[1:v]{filters}[reference];[0:v][reference]ssim" if filters else "[0:v][1:v]ssim"
    log = _ffmpeg("-v", "info", "-threads", "1", "-filter_threads", "1", "-i", str(rendition),
                  "-i", str(master), "-lavfi", graph, "-f", "null", "-")
    found = _SSIM.findall(log)
    if not found:
        raise EncodeFailed("FFmpeg's ssim filter printed no result")
    return float(found[-1])


@functools.cache
def encoder_versions(encoders: tuple[str, ...]) -> dict[str, str]:
    """Each encoder's version as its key holds it: the library's own and FFmpeg's build.

    ``libx264`` writes its version into what it encodes ("x264 - core 164 r3095");
    ``libsvtav1`` logs it ("SVT-AV1 Encoder Lib v1.4.1"). FFmpeg's build (``ffmpeg
    -version``: its version and those of its libraries, the scaler's among them) is
    digested into each. One tiny encode per encoder, side by side: ~0.1 s a build.
    Raises EncoderUnavailable when FFmpeg or an encoder is missing.
    """
    with ThreadPoolExecutor(len(encoders) + 1) as probes:
        build = probes.submit(_tool_output, ["ffmpeg", "-version"])
        versions = dict(zip(encoders, probes.map(_library_version, encoders), strict=True))
        banner = build.result().decode(errors="replace")
    first = banner.splitlines()[0] if banner else ""
    ffmpeg = first.split()[2] if first.startswith("ffmpeg version ") else "unknown"
    build_digest = hashlib.sha256(banner.encode()).hexdigest()[:12]
    return {encoder: f"{encoder} {version} (ffmpeg {ffmpeg}, build {build_digest})"
            for encoder, version in versions.items()}


def _library_version(encoder: str) -> str:
    output = _tool_output(["ffmpeg", "-v", "error", "-nostdin", "-f", "lavfi", "-i",
                           "color=c=black:s=64x64:d=0.04", "-frames:v", "1", "-c:v", encoder,
                           # x264's version is in the stream it writes; SVT-AV1's in its log.
                           "-f", "h264" if encoder == "libx264" else "null", "-"],
                          {"SVT_LOG": "3"}, encoder)
    found = _X264_VERSION.search(output) or _SVT_VERSION.search(output.decode(errors="replace"))
    if found is None:
        return "unknown"
    version = found.group(1)
    return version.decode() if isinstance(version, bytes) else version


def _tool_output(command: list[str], environment: dict[str, str] | None = None,
                 encoder: str = "") -> bytes:
    """What ``command`` writes (stdout, then stderr); EncoderUnavailable if it fails."""
    try:
        run = subprocess.run(command, capture_output=True, check=False,
                             env={**os.environ, **(environment or {})})
    except OSError as error:
        raise EncoderUnavailable(f"FFmpeg cannot run ({error.strerror}): install it "
                                 "(Debian: apt-get install ffmpeg)") from None
    if run.returncode != 0:
        last = (run.stderr.decode(errors="replace").strip().splitlines() or ["?"])[-1]
        raise EncoderUnavailable(f"FFmpeg cannot encode with {encoder} ({last}): install an "
                                 "FFmpeg built with it (Debian 12's has libx264 and "
                                 "libsvtav1)")
    return run.stdout + run.stderr
