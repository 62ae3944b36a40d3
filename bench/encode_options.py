"""What each way to encode the publish renditions faster saves, and what it costs.

    .venv/bin/python bench/encode_options.py                  # ~5 min
    .venv/bin/python bench/encode_options.py SomeScene

A cold publish build spends three quarters of its time encoding renditions
(README, "Renditions"). This bench takes one scene's publish master (dark
theme, rendered through the project's cache when missing) and measures, in
core-seconds (the user and system time of the FFmpeg processes, so that the
figure is the work done, not the wait), each way the encodes could cost less:

- ``apart``: each rendition alone (``encode_rendition``: one FFmpeg decoding the
  master for it, then one measuring its SSIM), as the pipeline encoded them
  when the cold build below was timed;
- ``shared decode``: the same renditions as the pipeline encodes them now
  (``encode_batch``: one decode of the master for all the encodes, with a
  ``split`` filter and one output per rendition, and one more for all the
  SSIMs); it checks that the files are byte for byte those made apart;
- single renditions with other settings: x264 ``faster`` and ``veryfast`` for
  the 1080p60 H.264, SVT-AV1 preset 12 for the 720p30 AV1, each with its bytes
  and SSIM against the profile's floor;
- the two 1080p renditions at 30 fps, as the phone's are;
- the shared decode, 1080p at 30 fps and x264 ``veryfast`` together.

The last column projects each onto the cold publish build measured in the README
(renders 505 s and encodes 1,478 s on 2 cores), assuming every video saves the
same share of its encode time as this one: a projection, not a measurement.
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

#: The cold publish build the projection starts from (README, "Renditions").
COLD_RENDERS_SECONDS, COLD_ENCODES_SECONDS, BEFORE_RENDITIONS_SECONDS = 505, 1478, 872


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
        total = sum(spent for spent, _, _ in apart.values())

        def row(label: str, spent: float, baseline: float, size: str, ssim: str) -> None:
            saved = (baseline - spent) / total
            projected = COLD_RENDERS_SECONDS + COLD_ENCODES_SECONDS * (1 - saved)
            print(f"| {label} | {spent:.1f} | {baseline - spent:+.1f} | {size} | {ssim} | "
                  f"{projected:,.0f} s ({projected / BEFORE_RENDITIONS_SECONDS:.2f}x) |",
                  flush=True)

        print("| way | core-s | saved | bytes | SSIM | cold publish build (projected) |\n"
              "|---|---|---|---|---|---|")
        for name, (spent, size, ssim) in apart.items():
            print(f"| apart: {name} | {spent:.1f} | | {size:,} | {ssim:.4f} | |")
        row("apart: all four", total, total, "", f"least {min(s for *_, s in apart.values()):.4f}")

        def jobs_in(label: str, renditions: list[Rendition]) -> list[EncodeJob]:
            """Jobs writing into their own folders under ``label`` (a batch's renditions
            each have their own work folder, as in the cache)."""
            for rendition in renditions:
                (folder / label / rendition.name).mkdir(parents=True)
            return [encode_job(arguments.scene, "dark", rendition, "bench", record, entry,
                               versions[rendition.encoder], folder / label / rendition.name)
                    for rendition in renditions]

        jobs = jobs_in("shared", list(profile.renditions))
        spent, ssims = shared_decode(jobs)
        same = all((job.work_dir / job.file_name).read_bytes()
                   == (folder / job.rendition.name / job.file_name).read_bytes() for job in jobs)
        row("shared decode: all four", spent, total,
            "same files" if same else "OTHER FILES", f"least {min(ssims):.4f}")

        full_h264 = next(r for r in profile.renditions if r.name == "h264")
        small_av1 = next(r for r in profile.renditions if r.name == "av1-1280w")
        for label, changed, baseline in (
                ("h264 1080p60 x264 faster", replace(full_h264, options=(
                    ("preset", "faster"), ("crf", "23"))), full_h264),
                ("h264 1080p60 x264 veryfast", replace(full_h264, options=(
                    ("preset", "veryfast"), ("crf", "23"))), full_h264),
                ("av1 720p30 SVT-AV1 preset 12", replace(small_av1, options=(
                    ("preset", "12"), ("crf", "42"))), small_av1)):
            spent, size, ssim = encode(changed, label.replace(" ", "-"))
            before_spent, before_size, _ = apart[baseline.name]
            row(label, spent, before_spent, f"{size:,} ({size / before_size:.0%})",
                f"{ssim:.4f}" + (" below the floor" if ssim < profile.ssim_floor else ""))

        # The desktop's renditions at the phone's frame rate: SSIM cannot see what halving
        # the frames costs (it compares each kept frame with the master's same frame).
        full_size = [rendition for rendition in profile.renditions if rendition.full_size]
        halved = [encode(replace(rendition, fps=30), f"{rendition.name}-30fps")
                  for rendition in full_size]
        spent = sum(spent for spent, _, _ in halved)
        before_spent = sum(apart[rendition.name][0] for rendition in full_size)
        size = sum(size for _, size, _ in halved)
        before_size = sum(apart[rendition.name][1] for rendition in full_size)
        row("1080p at 30 fps, both codecs", spent, before_spent,
            f"{size:,} ({size / before_size:.0%})", f"least {min(s for *_, s in halved):.4f}")

        # All three together: the shared decode, and the desktop at 30 fps with x264
        # ``veryfast``.
        together = jobs_in("together", [
            replace(rendition, fps=30, options=(("preset", "veryfast"), ("crf", "23")))
            if rendition == full_h264 else replace(rendition, fps=30) if rendition.full_size
            else rendition for rendition in profile.renditions])
        spent, ssims = shared_decode(together)
        size = sum((job.work_dir / job.file_name).stat().st_size for job in together)
        before_size = sum(size for _, size, _ in apart.values())
        row("all three: shared decode, 1080p30, veryfast", spent, total,
            f"{size:,} ({size / before_size:.0%})", f"least {min(ssims):.4f}")


if __name__ == "__main__":
    main()
