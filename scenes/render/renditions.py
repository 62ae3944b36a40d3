"""A video's renditions: each keyed, cached and encoded apart from the render it comes from.

A render keeps one lossless master per scene and theme (``worker``). What pages
offer is encoded from it, one cache entry per rendition of the profile
(``profiles.Rendition``), keyed by ``rendition_key``: the rendition's settings
(encoder, options, size, frame rate), the encoder's version and FFmpeg's build
(``encoder.encoder_versions``), the master's SHA-256 and the encode code. A
changed setting, a new FFmpeg or SVT-AV1 encodes again; the scene is not
rendered again (its render key holds none of these).

Layout under the cache root (beside the renders of the profile)::

    <profile>/_renditions/<Scene>/<theme>/<rendition>/<key>/   S-1280w.av1.mp4, rendition.json
    <profile>/_renditions/.work/<Scene>-<theme>-<rendition>-<pid>/   an encode in progress

Entries are kept as renders are (``sealed_entries``): written in ``.work``, sealed by
their record (``rendition_record``), renamed into place whole, and used only when their file
checks out against the record; a damaged one is said, discarded and encoded again.
``_renditions`` cannot be a scene's folder (the catalog skips names starting with ``_``).

The missing renditions are encoded after the renders, on the local pool (one
FFmpeg per core, ``pool`` task ``encode``; a render's renditions together, from one
decode of its master: ``encoder.encode_batch``), also when the scenes were rendered on
a Dask cluster: the masters are in the local cache by then, and an encode is
short beside a render (README, "Renditions").
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path

from rich.console import Console

from .cache import render_code_digest
from .encoder import EncodeBatch, EncodeJob, encoder_versions
from .file_names import rendition_site_name
from .manifest import RenderedScene, entry_files
from .pool import ENCODE, run_pool
from .profiles import Profile, Rendition
from .progress import render_label
from .record import DamagedEntry, RenderOutcome, RenderRecord, VideoFacts
from .rendition_files import RenditionFile
from .rendition_record import RenditionRecord, verify_rendition
from .sealed_entries import SealedEntries

__all__ = ["Encoded", "RenditionCache", "encode_job", "encode_renditions", "rendition_key",
           "renditions_current", "versions_for"]

Render = tuple[str, str]  # (scene, theme)
# The code that makes a rendition's bytes: part of every rendition key.
ENCODE_CODE = (Path(__file__).parent / "encoder.py",)
_FOLDER = "_renditions"
# Per profile, the least time an encode may take before it is stopped (seconds), and
# how many seconds it may take per second of video beyond that: an encode that never
# ends must not hold a build for ever, and a slow machine must not fail a good one.
_LEAST_LIMIT = {"test": 60.0, "draft": 120.0}
_SECONDS_PER_VIDEO_SECOND = 30.0


def versions_for(profile: Profile) -> dict[str, str]:
    """The version of each encoder ``profile`` uses (EncoderUnavailable when one is missing)."""
    return encoder_versions(tuple(sorted({rendition.encoder
                                          for rendition in profile.renditions})))


def rendition_key(rendition: Rendition, master_sha256: str, encoder_version: str) -> str:
    """A hash of everything a rendition's bytes depend on (see the module's docstring)."""
    digest = hashlib.sha256()
    for part in (json.dumps(rendition.as_dict(), sort_keys=True), encoder_version,
                 master_sha256, render_code_digest(ENCODE_CODE)):
        digest.update(part.encode() + b"\0")
    return digest.hexdigest()[:20]


@dataclass(frozen=True)
class _Wanted:
    """One rendition a build needs: of which render, which one, under which key."""

    scene: str
    theme: str
    rendition: Rendition
    key: str

    @property
    def where(self) -> tuple[str, str, str]:
        """Its entry's folders in the rendition cache, before the key."""
        return self.scene, self.theme, self.rendition.name

    @property
    def label(self) -> str:
        return f"{render_label(self.scene, self.theme)} {self.rendition.name}"


class RenditionCache(SealedEntries[RenditionRecord]):
    """Finished renditions of one profile (see the module's docstring for the layout), each
    an entry of (scene, theme, rendition) and its key."""

    def __init__(self, root: Path, profile: Profile) -> None:
        super().__init__(root / profile.name / _FOLDER,
                         lambda entry, where, key: verify_rendition(entry, key))


def _wanted(profile: Profile, render: RenderRecord, versions: Mapping[str, str]
            ) -> list[_Wanted]:
    """The renditions a video render needs, each with its key (none for a still)."""
    master = render.files.get(entry_files(render.scene)["master"])
    if render.kind != "video" or master is None:
        return []
    return [_Wanted(render.scene, render.theme, rendition,
                    rendition_key(rendition, master.sha256, versions[rendition.encoder]))
            for rendition in profile.renditions]


def _as_file(record: RenditionRecord, entry: Path) -> RenditionFile:
    """What the manifest lists of a cached rendition: the record's facts by name (the
    manifest's type is its own, so that pages and the gate read no cache record), and
    the file in its entry."""
    return RenditionFile(file=entry / record.file_name, **{
        each.name: getattr(record, each.name) for each in fields(RenditionFile)
        if each.name != "file"})


def renditions_current(render: RenderedScene, record: RenderRecord, profile: Profile,
                       versions: Mapping[str, str], cache: RenditionCache) -> bool:
    """Whether the manifest's ``render`` lists every rendition ``record`` needs, each under
    its current key and whole in the cache."""
    wanted = _wanted(profile, record, versions)
    return [(want.rendition.name, want.key) for want in wanted] == [
        (listed.name, listed.key) for listed in render.renditions] and all(
        cache.lookup(want.where, want.key) is not None
        for want in wanted)


@dataclass
class Encoded:
    """What ``encode_renditions`` made: each video render's renditions (in the profile's
    order), the renders whose renditions failed (with why), the renditions it encoded."""

    files: dict[Render, tuple[RenditionFile, ...]] = field(default_factory=dict)
    failures: list[tuple[Render, str]] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)


def encode_renditions(profile: Profile, cache_root: Path,
                      renders: Mapping[Render, tuple[RenderRecord, Path]],
                      versions: Mapping[str, str], jobs: int, console: Console,
                      time_limit: float | None) -> Encoded:
    """Every rendition of ``renders`` (verified entries: record, folder), encoded where missing.

    ``time_limit`` 0 stops no encode. Each encode is kept in the cache as it ends;
    one interrupted leaves nothing.
    """
    cache = RenditionCache(cache_root, profile)
    wanted = [want for record, _ in renders.values()
              for want in _wanted(profile, record, versions)]
    records = {want: cache.lookup(want.where, want.key)
               for want in wanted}
    for (scene, theme, name), damage in cache.discard_damaged():
        console.print(f"[yellow]{render_label(scene, theme)} {name}: its cache entry {damage}"
                      "[/]; encoding it again", highlight=False)
    missing = [want for want, record in records.items() if record is None]
    encoded = Encoded()
    if missing:
        cache.clear_abandoned_work()
        _encode(profile, cache, renders, missing, records, versions, jobs, console,
                time_limit, encoded)
    for want, record in records.items():
        if record is not None:
            entry = cache.entry(want.where, want.key)
            encoded.files[want.scene, want.theme] = (
                *encoded.files.get((want.scene, want.theme), ()), _as_file(record, entry))
    return encoded


def _encode(profile: Profile, cache: RenditionCache,
            renders: Mapping[Render, tuple[RenderRecord, Path]],
            missing: list[_Wanted], records: dict[_Wanted, RenditionRecord | None],
            versions: Mapping[str, str], jobs: int, console: Console,
            time_limit: float | None, encoded: Encoded) -> None:
    """Encode ``missing`` on the pool, a render's renditions together (one decode of its
    master), longest video first, keeping each as its batch ends."""
    def video(render: Render) -> VideoFacts:
        facts = renders[render][0].video
        assert facts is not None  # only video renders want renditions
        return facts

    batches: dict[Render, list[_Wanted]] = {}
    for want in missing:
        batches.setdefault((want.scene, want.theme), []).append(want)
    order = sorted(batches, key=lambda render: -video(render).frames)
    work_dirs = {want: cache.work_dir(want.where) for want in missing}
    jobs_list = [EncodeBatch(tuple(
        encode_job(want.scene, want.theme, want.rendition, want.key, *renders[render],
                   versions[want.rendition.encoder], work_dirs[want])
        for want in batches[render])) for render in order]

    def keep(index: int, outcome: RenderOutcome) -> RenderOutcome:
        render = order[index]
        for want in batches[render]:
            try:  # each rendition sealed by its record is kept, whatever became of the others
                records[want] = cache.commit(want.where, want.key, work_dirs[want])
                encoded.labels.append(want.label)
            except DamagedEntry as damage:
                shutil.rmtree(work_dirs[want], ignore_errors=True)  # nothing half-done stays
                if outcome.ok:
                    outcome = RenderOutcome.failed(want.scene, f"its {want.rendition.name} "
                                                   f"rendition {damage}")
        if not outcome.ok:
            encoded.failures.append((render, outcome.message))
        return outcome

    def seconds(render: Render) -> float:
        """Seconds of video to encode: the render's length, once per rendition."""
        return video(render).duration * len(batches[render])

    try:
        run_pool(jobs_list, [f"{render_label(*render)} "
                             + ", ".join(want.rendition.name for want in batches[render])
                             for render in order],
                 # A guess for the progress display: a 1080p60 second of video, ~1 s.
                 [max(0.5, seconds(render) * profile.fps * profile.width * profile.height
                      / 1.2e8) for render in order], jobs, console,
                 limits=[None if time_limit == 0 else max(
                     _LEAST_LIMIT.get(profile.name, 600.0),
                     _SECONDS_PER_VIDEO_SECOND * seconds(render)) for render in order],
                 on_finished=keep, task=ENCODE)
    finally:
        for work in work_dirs.values():  # interrupted: the encodes not finished leave nothing
            shutil.rmtree(work, ignore_errors=True)


def encode_job(scene: str, theme: str, rendition: Rendition, key: str, render: RenderRecord,
               entry: Path, encoder_version: str, work: Path) -> EncodeJob:
    """The job that encodes ``rendition`` from the master in the render's ``entry``."""
    master = entry_files(scene)["master"]
    return EncodeJob(
        scene=scene, theme=theme, rendition=rendition, key=key,
        master=entry / master, master_sha256=render.files[master].sha256,
        master_width=render.width, master_height=render.height, master_fps=render.fps,
        file_name=rendition_site_name(scene, rendition.codec, rendition.width),
        encoder_version=encoder_version, work_dir=work)

