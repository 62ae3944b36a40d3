"""What each way to encode the publish renditions faster saves, and what it costs.

    .venv/bin/python bench/encode_options.py                  # ~5 min
    .venv/bin/python bench/encode_options.py SomeScene

A cold publish build spends three quarters of its time encoding renditions
(README, "Renditions"). This bench takes one scene's publish master (dark
theme, rendered through the project's cache when missing) and measures, in
core-seconds (the user and system time of the FFmpeg processes, so that the
figure is the work done, not the wait), each way the encodes could cost less:

- ``apart``: each rendition alone (``encode_rendition``: one FFmpeg decoding the
  master for it, then one measuring its SSIM);
- ``shared decode``: the same renditions as the pipeline encodes them
  (``encode_batch``: one decode of the master for all the encodes, with a
  ``split`` filter and one output per rendition, and one more for all the
  SSIMs); it checks that the files are byte for byte those made apart. This is
  the baseline: the cold build below was timed with it;
- single renditions with other settings, each with its bytes and SSIM against the
  profile's floor: x264 ``faster`` and ``veryfast`` for the 1080p60 H.264,
  ``veryfast`` tuned for SSIM (``-tune ssim``: no psychovisual tuning, variance
  AQ) for both H.264 sizes, SVT-AV1 presets 11 and 12 for the 720p30 AV1;
- the two 1080p renditions at 30 fps, as the phone's are;
- ``keeps 60 fps``: the shared decode with every faster setting above that keeps
  its rendition at or above the floor and the desktop at 60 fps;
- ``no AV1 at all``: the two H.264 renditions alone, as they are encoded today, with
  their SSIMs: as if AV1 cost nothing, the bound no faster AV1 encoder can pass;
- ``with 1080p30``: the shared decode, 1080p at 30 fps and x264 ``veryfast``.

The last column projects each onto the cold publish build measured in the README
(renders 541 s and encodes 1,101 s on 2 cores, with the shared decode; 700 s before
renditions, timed in the same hour), assuming
every video saves the same share of its encode time as this one: a projection,
not a measurement.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scenes.render.encoder import EncodeBatch, EncodeJob, encode_batch, encode_rendition  # noqa: E402
from scenes.render.profiles import PROFILES, Rendition  # noqa: E402
from scenes.render.record import RECORD_NAME, RenderRecord, verify_entry  # noqa: E402
from scenes.render.rendition_record import RenditionRecord  # noqa: E402
from scenes.render.renditions import encode_job, versions_for  # noqa: E402

#: The cold publish build the projection starts from (README, "Renditions"): encoded
#: with the shared decode, the baseline row. And the cold publish build before
#: renditions (``bench/render_all.py --profiles publish`` on eab8d28^), timed within the
#: same hour: this machine's speed drifts by a sixth from hour to hour, so a ratio is only
#: as good as its two timings are close in time.
COLD_RENDERS_SECONDS, COLD_ENCODES_SECONDS, BEFORE_RENDITIONS_SECONDS = 541, 1101, 700


def core_seconds() -> float:
    """User and system seconds of this process's finished children."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def master_entry(scene: str) -> tuple[Path, RenderRecord]:
    """The scene's cached publish render (rendered first when missing), checked."""
    subprocess.run([sys.executable, "-m", "scenes.render", "--quality", "publish",
                    "--themes", "dark", f"{scene}.mp4"], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    [entry] = [path.parent for path in
               (ROOT / ".cache/scenes/publish" / scene / "dark").glob(f"*/{RECORD_NAME}")]
    return entry, verify_entry(entry, scene, entry.name)


def shared_decode(jobs: list[EncodeJob]) -> tuple[float, list[float]]:
    """Every job's rendition encoded as the pipeline does, from one decode of the master
    (``encode_batch``); the core-seconds and the SSIMs, in the jobs' order."""
    started = core_seconds()
    outcome = encode_batch(EncodeBatch(tuple(jobs)))
    if not outcome.ok:
        raise SystemExit(outcome.message)
    return core_seconds() - started, [RenditionRecord.read(job.work_dir).ssim for job in jobs]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scene", nargs="?", default="ApplyMatrixAsSingleLinearTransformation")
    arguments = parser.parse_args()
    profile = PROFILES["publish"]
    entry, record = master_entry(arguments.scene)
    versions = versions_for(profile)
    print(f"{arguments.scene}, dark: {record.width}x{record.height} {record.fps} fps master, "
          f"{record.video.duration:.1f} s; SSIM floor {profile.ssim_floor}\n")
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)

        def encode(rendition: Rendition, label: str) -> tuple[float, int, float]:
            work = folder / label
            work.mkdir()
            job = encode_job(arguments.scene, "dark", rendition, "bench", record, entry,
                             versions[rendition.encoder], work)
            started = core_seconds()
            outcome = encode_rendition(job)
            if not outcome.ok:
                raise SystemExit(outcome.message)
            spent = core_seconds() - started
            return (spent, (work / job.file_name).stat().st_size,
                    RenditionRecord.read(work).ssim)

        apart = {rendition.name: encode(rendition, rendition.name)
                 for rendition in profile.renditions}

        def jobs_in(label: str, renditions: list[Rendition]) -> list[EncodeJob]:
            """Jobs writing into their own folders under ``label`` (a batch's renditions
            each have their own work folder, as in the cache)."""
            for rendition in renditions:
                (folder / label / rendition.name).mkdir(parents=True)
            return [encode_job(arguments.scene, "dark", rendition, "bench", record, entry,
                               versions[rendition.encoder], folder / label / rendition.name)
                    for rendition in renditions]

        jobs = jobs_in("shared", list(profile.renditions))
        total, ssims = shared_decode(jobs)
        same = all((job.work_dir / job.file_name).read_bytes()
                   == (folder / job.rendition.name / job.file_name).read_bytes() for job in jobs)

        def row(label: str, spent: float, baseline: float, size: str, ssim: str) -> None:
            """A way's line: ``baseline`` is what the same work costs now, and the share of
            the shared decode's core-seconds it saves is taken off the cold build's encodes."""
            saved = (baseline - spent) / total
            projected = COLD_RENDERS_SECONDS + COLD_ENCODES_SECONDS * (1 - saved)
            print(f"| {label} | {spent:.1f} | {baseline - spent:+.1f} | {size} | {ssim} | "
                  f"{projected:,.0f} s ({projected / BEFORE_RENDITIONS_SECONDS:.2f}x) |",
                  flush=True)

        print("| way | core-s | saved | bytes | SSIM | cold publish build (projected) |\n"
              "|---|---|---|---|---|---|")
        for name, (spent, size, ssim) in apart.items():
            print(f"| apart: {name} | {spent:.1f} | | {size:,} | {ssim:.4f} | |")
        row("apart: all four", sum(spent for spent, _, _ in apart.values()), total, "",
            f"least {min(s for *_, s in apart.values()):.4f}")
        row("shared decode: all four (the pipeline)", total, total,
            "same files" if same else "OTHER FILES", f"least {min(ssims):.4f}")

        # Each faster setting for one rendition, against that rendition encoded apart.
        by_name = {rendition.name: rendition for rendition in profile.renditions}

        def settings(name: str, *options: tuple[str, str]) -> Rendition:
            return replace(by_name[name], options=options)

        faster = {  # label: the rendition with the faster setting (its name: which one)
            "h264 1080p60 x264 faster": settings("h264", ("preset", "faster"), ("crf", "23")),
            "h264 1080p60 x264 veryfast": settings("h264", ("preset", "veryfast"),
                                                   ("crf", "23")),
            "h264 1080p60 x264 veryfast, tune ssim": settings(
                "h264", ("preset", "veryfast"), ("tune", "ssim"), ("crf", "23")),
            "h264 720p30 x264 veryfast, tune ssim": settings(
                "h264-1280w", ("preset", "veryfast"), ("tune", "ssim"), ("crf", "23")),
            "av1 720p30 SVT-AV1 preset 11": settings("av1-1280w", ("preset", "11"),
                                                     ("crf", "42")),
            "av1 720p30 SVT-AV1 preset 12": settings("av1-1280w", ("preset", "12"),
                                                     ("crf", "42")),
        }
        cheapest: dict[str, tuple[float, Rendition]] = {}  # per rendition, within the floor
        for label, changed in faster.items():
            spent, size, ssim = encode(changed, label.replace(" ", "-").replace(",", ""))
            before_spent, before_size, _ = apart[changed.name]
            row(label, spent, before_spent, f"{size:,} ({size / before_size:.0%})",
                f"{ssim:.4f}" + (" below the floor" if ssim < profile.ssim_floor else ""))
            if ssim >= profile.ssim_floor and spent < cheapest.get(
                    changed.name, (before_spent, None))[0]:
                cheapest[changed.name] = spent, changed

        # The desktop's renditions at the phone's frame rate: SSIM cannot see what halving
        # the frames costs (it compares each kept frame with the master's same frame;
        # bench/frame_rate_loss.py measures it).
        full_size = [rendition for rendition in profile.renditions if rendition.full_size]
        halved = [encode(replace(rendition, fps=30), f"{rendition.name}-30fps")
                  for rendition in full_size]
        spent = sum(spent for spent, _, _ in halved)
        before_spent = sum(apart[rendition.name][0] for rendition in full_size)
        size = sum(size for _, size, _ in halved)
        before_size = sum(apart[rendition.name][1] for rendition in full_size)
        row("1080p at 30 fps, both codecs", spent, before_spent,
            f"{size:,} ({size / before_size:.0%})", f"least {min(s for *_, s in halved):.4f}")

        def together(label: str, renditions: list[Rendition]) -> None:
            batch = jobs_in(label.split(":")[0].replace(" ", "-"), renditions)
            spent, ssims = shared_decode(batch)
            size = sum((job.work_dir / job.file_name).stat().st_size for job in batch)
            before_size = sum(apart[rendition.name][1] for rendition in renditions)
            row(label, spent, total, f"{size:,} ({size / before_size:.0%})",
                f"least {min(ssims):.4f}")

        # Every faster setting that keeps its rendition at or above the floor, the desktop
        # at 60 fps: the most the encoders' settings give without a cost the floor forbids.
        chosen = {name: changed for name, (_, changed) in cheapest.items()}
        together("keeps 60 fps: shared decode, " + (", ".join(
            label for label, changed in faster.items()
            if chosen.get(changed.name) == changed) or "nothing faster"),
            [chosen.get(rendition.name, rendition) for rendition in profile.renditions])
        # The bound no AV1 encoder can beat: the two H.264 renditions as today, alone (AV1
        # free), with their SSIMs.
        together("no AV1 at all: the two H.264 renditions alone, as today",
                 [rendition for rendition in profile.renditions if rendition.codec == "h264"])
        # With the desktop at 30 fps, which bench/frame_rate_loss.py rules out.
        together("with 1080p30: shared decode, 1080p30, veryfast", [
            replace(rendition, fps=30, options=(("preset", "veryfast"), ("crf", "23")))
            if rendition.name == "h264" else replace(rendition, fps=30)
            if rendition.full_size else rendition for rendition in profile.renditions])

if __name__ == "__main__":
    main()
