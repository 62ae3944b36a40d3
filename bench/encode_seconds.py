"""Seconds to encode one video's renditions, with and without ``MALLOC_PERTURB_``.

    .venv/bin/python bench/encode_seconds.py                    # publish, ~4 min
    .venv/bin/python bench/encode_seconds.py --quality test ShowNonLinearFunctions

Renders the scene's master at ``--quality`` in the dark theme through the
project's cache (``python -m scenes.render``; nothing when it is cached), then
encodes every rendition of the profile from it with the pipeline's own
``encoder.encode_rendition``, one after the other on an otherwise idle machine:
once with glibc's ``MALLOC_PERTURB_`` set as render workers have it, once
without, as encode workers start since this was measured (``pool.run_pool``).
Prints the seconds (encode, probe and SSIM) of each, and the totals.
The files are written into a temporary folder, and the cache is not touched.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scenes.render.encoder import encode_rendition  # noqa: E402
from scenes.render.profiles import PROFILES  # noqa: E402
from scenes.render.record import RECORD_NAME, RenderRecord, verify_entry  # noqa: E402
from scenes.render.renditions import encode_job, versions_for  # noqa: E402
from scenes.render.worker import WORKER_ENVIRONMENT  # noqa: E402


def _render(scene: str, quality: str) -> tuple[Path, RenderRecord]:
    """The scene's cached render entry (rendered first if missing) and its checked record."""
    subprocess.run([sys.executable, "-m", "scenes.render", "--quality", quality,
                    "--themes", "dark", f"{scene}.mp4"], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    [entry] = [path.parent for path in
               (ROOT / ".cache/scenes" / quality / scene / "dark").glob(f"*/{RECORD_NAME}")]
    return entry, verify_entry(entry, scene, entry.name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scene", nargs="?", default="ApplyMatrixAsSingleLinearTransformation")
    parser.add_argument("--quality", default="publish", choices=sorted(PROFILES))
    arguments = parser.parse_args()
    profile = PROFILES[arguments.quality]
    entry, record = _render(arguments.scene, arguments.quality)
    versions = versions_for(profile)
    totals: dict[str, float] = {}
    print(f"{arguments.scene}, dark, {arguments.quality}: {record.width}x"
          f"{record.height} {record.fps} fps master\n")
    print("| rendition | MALLOC_PERTURB_ set (s) | unset (s) |\n|---|---|---|")
    with tempfile.TemporaryDirectory() as scratch:
        for rendition in profile.renditions:
            row = []
            for perturbed in (True, False):
                for name, value in WORKER_ENVIRONMENT.items():
                    if perturbed:
                        os.environ[name] = value
                    else:
                        os.environ.pop(name, None)
                work = Path(scratch) / f"{rendition.name}-{perturbed}"
                work.mkdir()
                job = encode_job(arguments.scene, "dark", rendition, "bench", record, entry,
                                 versions[rendition.encoder], work)
                outcome = encode_rendition(job)
                if not outcome.ok:
                    raise SystemExit(outcome.message)
                row.append(outcome.seconds)
                label = "set" if perturbed else "unset"
                totals[label] = totals.get(label, 0.0) + outcome.seconds
            print(f"| {rendition.name} | {row[0]:.1f} | {row[1]:.1f} |", flush=True)
    print(f"| all | {totals['set']:.1f} | {totals['unset']:.1f} |")


if __name__ == "__main__":
    main()
