"""Encode a render's master into its renditions with FFmpeg, and measure what each lost.

``encode_batch`` runs in an encode worker of the local pool (``pool``, task
``encode``), the renditions one render still needs per call, and never imports
Manim. It writes each into its job's work folder, which the driver moves into the
rendition cache when its record is there (``renditions``). For each rendition:

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

__all__ = ["EncodeBatch", "EncodeJob", "EncoderUnavailable", "codec_string", "encode_batch",
           "encode_rendition", "encoder_versions", "output_arguments", "rendition_filters",
           "rendition_size", "start_encoder"]

# Each encoder on one thread, whatever the machine: the same bytes everywhere (the
# pool runs one encode per core instead).
_ONE_THREAD = {"libx264": ("-threads", "1"), "libsvtav1": ("-svtav1-params", "lp=1")}
# SVT-AV1 logs on its own (not through FFmpeg's -v): errors only, except when asked
# for its version.
_SVT_LOG = {"SVT_LOG": "1"}
_SSIM = re.compile(r"\[ssim@rendition(\d+) @ [^]]+\] SSIM .* All:([0-9.]+)")
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


@dataclass(frozen=True)
class EncodeBatch:
    """The renditions one render still needs, for one encode worker to make from one
    decode of its master (``encode_batch``)."""

    jobs: tuple[EncodeJob, ...]

    @property
    def scene(self) -> str:
        return self.jobs[0].scene

    @property
    def work_dir(self) -> Path:
        return self.jobs[0].work_dir


def encode_rendition(job: EncodeJob) -> RenderOutcome:
    """Encode ``job``'s rendition into its work folder, measure it, seal its record."""
    return encode_batch(EncodeBatch((job,)))


def encode_batch(batch: EncodeBatch) -> RenderOutcome:
    """Encode every rendition of ``batch`` into its work folder, measure each, seal each
    record; ok when all of them are.

    The master is decoded once for all the encodes (one FFmpeg, one output per
    rendition) and once more for all the SSIMs: the bytes are those of one FFmpeg per
    rendition (tested), for about an eighth less time (bench/encode_options.py).
    When that fails, each rendition is encoded alone, so that the one that cannot be
    made is named and the others are kept.
    """
    started = time.monotonic()
    jobs = batch.jobs
    try:
        _ffmpeg("-threads", "1", "-filter_threads", "1", "-i", str(jobs[0].master),
                *_shared_outputs(jobs))
        streams = [_probe(job.work_dir / job.file_name) for job in jobs]
        ssims = _ssims(jobs)
        codecs = [codec_string(job.rendition.codec, stream["extradata"])
                  for job, stream in zip(jobs, streams, strict=True)]
    except EncodeFailed as failure:
        if len(jobs) > 1:
            return _one_by_one(jobs, started)
        return RenderOutcome.failed(jobs[0].scene, f"its {jobs[0].rendition.name} rendition "
                                    f"could not be made: {failure}",
                                    seconds=time.monotonic() - started)
    # Made together: each record holds its share of the time.
    seconds = round((time.monotonic() - started) / len(jobs), 2)
    for job, stream, ssim, codec in zip(jobs, streams, ssims, codecs, strict=True):
        _seal(job, stream, ssim, codec, seconds)
    return RenderOutcome(jobs[0].scene, True, time.monotonic() - started)


def _one_by_one(jobs: tuple[EncodeJob, ...], started: float) -> RenderOutcome:
    """Each rendition encoded alone: the first failure, or ok."""
    outcomes = [encode_batch(EncodeBatch((job,))) for job in jobs]
    failed = next((outcome for outcome in outcomes if not outcome.ok), None)
    seconds = time.monotonic() - started
    return RenderOutcome.failed(failed.scene, failed.message, seconds=seconds) \
        if failed else RenderOutcome(jobs[0].scene, True, seconds)


def _shared_outputs(jobs: tuple[EncodeJob, ...]) -> list[str]:
    """FFmpeg's filter graph and outputs that make every job's rendition from input 0."""
    graph = _split_graph(jobs, "[0:v]", "out")
    outputs = [argument for index, job in enumerate(jobs)
               for argument in ("-map", f"[out{index}]", *output_arguments(job.rendition),
                                str(job.work_dir / job.file_name))]
    return ["-filter_complex", graph, *outputs]


def _split_graph(jobs: tuple[EncodeJob, ...], source: str, label: str) -> str:
    """``source`` split once per distinct filter chain of the jobs (each chain run once),
    then per job: ``[<label><index>]`` is job ``index``'s picture."""
    chains: dict[str, list[int]] = {}
    for index, job in enumerate(jobs):
        chains.setdefault(rendition_filters(job) or "null", []).append(index)
    parts = [f"{source}split={len(chains)}" + "".join(f"[chain{n}]" for n in range(len(chains)))]
    for n, (chain, members) in enumerate(chains.items()):
        parts.append(f"[chain{n}]{chain},split={len(members)}"
                     + "".join(f"[{label}{index}]" for index in members))
    return ";".join(parts)


def _seal(job: EncodeJob, stream: dict[str, object], ssim: float, codecs: str,
          seconds: float) -> None:
    """Write the rendition's record: last, as a work folder without it is no rendition."""
    numerator, denominator = (int(part) for part in str(stream["r_frame_rate"]).split("/"))
    RenditionRecord(
        scene=job.scene, theme=job.theme, name=job.rendition.name, key=job.key,
        codec=job.rendition.codec, codecs=codecs, encoder=job.rendition.encoder,
        encoder_version=job.encoder_version, options=job.rendition.options,
        full_size=job.rendition.full_size, width=int(stream["width"]),
        height=int(stream["height"]), fps=round(numerator / denominator),
        frames=int(stream["nb_frames"]), duration=float(stream["duration"]), ssim=ssim,
        master_sha256=job.master_sha256, seconds=seconds,
        files={job.file_name: FileDigest.of(job.work_dir / job.file_name)},
    ).write(job.work_dir)


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


def _ssims(jobs: tuple[EncodeJob, ...]) -> list[float]:
    """SSIM (all planes) of each job's rendition against the master put through the job's
    filters, the master decoded once for all of them."""
    graph = [_split_graph(jobs, f"[{len(jobs)}:v]", "reference")]
    graph += [f"[{index}:v][reference{index}]ssim@rendition{index}[measured{index}]"
              for index in range(len(jobs))]
    log = _ffmpeg("-v", "info", "-threads", "1", "-filter_threads", "1",
                  *(argument for job in jobs
                    for argument in ("-i", str(job.work_dir / job.file_name))),
                  "-i", str(jobs[0].master), "-lavfi", ";".join(graph),
                  *(argument for index in range(len(jobs))
                    for argument in ("-map", f"[measured{index}]", "-f", "null", "-")))
    found = dict(_SSIM.findall(log))
    if len(found) != len(jobs):
        raise EncodeFailed("FFmpeg's ssim filter printed no result")
    return [float(found[str(index)]) for index in range(len(jobs))]


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
