"""Bytes a reader downloads to watch every video of the article once, per screen and theme.

    .venv/bin/python bench/video_bytes.py --cold --today today.json     # publish, ~25 min
    .venv/bin/python bench/video_bytes.py --quality test --cold         # seconds
    .venv/bin/python bench/video_bytes.py --cold --small-fps --chromium --keep-in /tmp/vb

Renders the scenes the content uses at ``--quality`` (``--cold``: into an empty
cache in a temporary folder, timing the render and the encoding of the
renditions apart; else through the project's cache), builds the site from those
renders, and reads the article's ``<source>`` lists. For each reader, a phone
(390 CSS px, DPR 3) and a desktop (1280 px), in each theme, and a browser that
decodes AV1 (Chromium) or only H.264 (Safari without an AV1 decoder), it picks
what a browser picks: the first source whose ``media`` holds on that screen and
whose ``type`` it can play (``video.js`` chooses alike), and adds up the files.

Today's figure is what the site shipped before renditions: each video as one
1080p60 H.264 file. ``--today FILE`` reads it from ``bench/render_all.py --json
FILE --profiles publish`` run on a checkout of that code (its bytes and cold
render time); without it, the H.264 rendition at full size stands in (the same
x264 settings, but made from the master, so it is smaller than today's file,
which had a key frame at every play) and no time ratio is given.

Also reported: each rendition's SSIM against its master (from its record), the
seconds each kind of rendition took to encode and measure (on one core each; a
video's renditions are encoded together, so each holds an equal share),
how many of the machine's cores were busy while the renders ran and while the
encodes did (``CoresBusy``), and the targets of issue 25 (phone at most 35% of
today, desktop at most 65%, every SSIM at least 0.995, or the profile's own floor
at another quality, a cold publish build at most 1.5 times today's).
``--small-fps`` decides the small renditions' frame rate by measure: each video's
(dark) small renditions are encoded again at the master's frame rate, with the
same settings, and their bytes, SSIM and encode seconds are set beside the
profile's (one encode per core).
``--chromium`` opens the article in Debian's Chromium on both screens and checks,
for every video, that the file it plays is the one computed here.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import re
import sys
import tempfile
import threading
import time
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from unittest import mock

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from scenes.drawing.themes import THEMES  # noqa: E402
from scenes.render import driver  # noqa: E402
from scenes.render.manifest import Manifest  # noqa: E402
from scenes.render.profiles import PROFILES  # noqa: E402
from scenes.render.settings import default_jobs  # noqa: E402

#: The readers: CSS width, device pixel ratio.
SCREENS = {"phone": (390, 3), "desktop": (1280, 1)}
#: What a browser decodes: Chromium everything here; Safari on a device without an AV1
#: decoder (every iPhone before the 15 Pro) H.264 alone.
BROWSERS = {"AV1 and H.264": ("av01", "avc1"), "H.264 only": ("avc1",)}
TARGETS = {"phone": 0.35, "desktop": 0.65, "ssim": 0.995, "time": 1.5}
_EM = 16  # px: media queries in em count the initial font size
_CODECS = re.compile(r'codecs="?([\w.]+)')


class CoresBusy:
    """How many of the machine's cores were busy, sampled from ``/proc/stat`` (Linux)
    while the build runs: a phase that leaves cores idle could share them with the other
    (the encodes start after the renders). Written here because the figure is the whole
    machine's, which no process's own usage gives."""

    def __init__(self, every: float = 0.5) -> None:
        self.every = every
        self.samples: list[tuple[float, int, int]] = []  # (monotonic, busy, all) jiffies
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    @staticmethod
    def _jiffies() -> tuple[int, int]:
        with open("/proc/stat", encoding="ascii") as stat:
            counts = [int(count) for count in stat.readline().split()[1:]]
        idle = counts[3] + counts[4]  # idle and waiting for I/O
        return sum(counts) - idle, sum(counts)

    def _sample(self) -> None:
        while True:
            self.samples.append((time.monotonic(), *self._jiffies()))
            if self._done.wait(self.every):
                return

    def __enter__(self) -> CoresBusy:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._done.set()
        self._thread.join()

    def between(self, start: float, end: float) -> float:
        """The mean number of busy cores from ``start`` to ``end`` (monotonic seconds)."""
        inside = [sample for sample in self.samples if start <= sample[0] <= end]
        if len(inside) < 2:
            return float("nan")
        (_, busy_0, all_0), (_, busy_1, all_1) = inside[0], inside[-1]
        return (busy_1 - busy_0) / max(all_1 - all_0, 1) * (os.cpu_count() or 1)


class _Sources(HTMLParser):
    """Each <video>'s <source>s, in order: their attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.videos: list[list[dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "video":
            self.videos.append([])
        elif tag == "source" and self.videos:
            self.videos[-1].append({name: value or "" for name, value in attrs})


def media_holds(query: str, width: int, scheme: str) -> bool:
    """Whether a source's ``media`` (the forms the directive writes) holds on a screen."""
    for part in filter(None, (part.strip() for part in query.split(" and "))):
        if scheme_match := re.fullmatch(r"\(prefers-color-scheme: (\w+)\)", part):
            if scheme_match[1] != scheme:
                return False
        elif width_match := re.fullmatch(r"\(max-width: ([\d.]+)em\)", part):
            if width > float(width_match[1]) * _EM:
                return False
        else:
            raise ValueError(f"a media query this bench does not read: {part}")
    return True


def chosen(sources: list[dict[str, str]], width: int, scheme: str,
           codecs: tuple[str, ...]) -> str | None:
    """The ``src`` a browser plays: the first source whose media holds and type it plays."""
    for source in sources:
        found = _CODECS.search(source.get("type", ""))
        playable = found is None or found[1].startswith(codecs)
        if playable and media_holds(source.get("media", ""), width, scheme):
            return source["src"]
    return None


def article_videos(output: Path, page: str) -> list[list[dict[str, str]]]:
    parser = _Sources()
    parser.feed((output / page).read_text(encoding="utf-8"))
    return [sources for sources in parser.videos if sources]


def file_of(output: Path, page: str, src: str) -> Path:
    return (output / page).parent / src.split("#")[0]


def render_and_build(quality: str, jobs: int, cache_root: Path, output: Path,
                     console: Console) -> dict[str, Any]:
    """Render at ``quality`` into ``cache_root`` (timed), then build the site from it."""
    from pipeline.build import build
    from plugins.article_markdown.format import requested_scene_files

    files, errors = requested_scene_files(ROOT / "content")
    if errors:
        raise SystemExit("\n".join(map(str, errors)))
    with CoresBusy() as cores:
        started = time.monotonic()
        result = driver.render_scenes(files, quality, jobs, cache_root=cache_root,
                                      console=console)
        ended = time.monotonic()
    seconds = ended - started
    renders_ended = ended - result.encode_seconds
    if result.failures:
        raise SystemExit("\n".join(map(str, result.failures)))
    # The build renders through the driver's default cache: pointed at this one, where
    # everything is rendered by now.
    with mock.patch.object(driver, "DEFAULT_CACHE_ROOT", cache_root):
        status = build(ROOT / "content", output, ROOT / "pelicanconf.py", quality, jobs,
                       Console(file=io.StringIO()))
    if status != 0:
        raise SystemExit(f"the build failed ({status})")
    return {"seconds": round(seconds, 1), "encode_seconds": round(result.encode_seconds, 1),
            "render_seconds": round(seconds - result.encode_seconds, 1),
            "render_cores_busy": round(cores.between(started, renders_ended), 2),
            "encode_cores_busy": round(cores.between(renders_ended, ended), 2),
            "rendered": len(result.rendered), "encoded": len(result.encoded),
            "manifest": str(result.manifest)}


def reader_bytes(output: Path, page: str, today: dict[str, int] | None) -> dict[str, Any]:
    """Bytes to watch every video once, by screen, theme and browser; and today's."""
    videos = article_videos(output, page)
    figures: dict[str, Any] = {"videos": len(videos), "new": {}, "today": {}, "picked": {}}
    for screen, (width, _) in SCREENS.items():
        for scheme in THEMES:
            for browser, codecs in BROWSERS.items():
                picked = [chosen(sources, width, scheme, codecs) for sources in videos]
                figures["new"][screen, scheme, browser] = sum(
                    file_of(output, page, src).stat().st_size for src in picked if src)
                figures["picked"][screen, scheme, browser] = picked
            # Today: the full-size H.264 file of the scheme, whatever the screen.
            full = [chosen([s for s in sources if "data-size" not in s], width, scheme,
                           ("avc1",)) for sources in videos]
            figures["today"][screen, scheme] = sum(
                today[Path(src).name.removesuffix(".mp4") + (
                    "" if scheme == "dark" else f" ({scheme})")] if today else
                file_of(output, page, src).stat().st_size for src in full if src)
    return figures


def chromium_agrees(output: Path, page: str, picked: dict[tuple, list[str]]) -> list[str]:
    """Open the page in Chromium (phone and desktop, dark), play every video; the ones
    whose file differs from the computed pick (empty: all agree)."""
    sys.path.insert(0, str(ROOT / "bench"))
    from page_weight import CHROMIUM, served
    from playwright.sync_api import sync_playwright

    disagreements = []
    with served(output) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM)
        try:
            for screen, (width, ratio) in SCREENS.items():
                context = browser.new_context(
                    viewport={"width": width, "height": 844}, device_scale_factor=ratio,
                    is_mobile=screen == "phone", has_touch=screen == "phone",
                    color_scheme="dark")
                tab = context.new_page()
                tab.goto(base + page, wait_until="load")
                expected = picked[screen, "dark", "AV1 and H.264"]
                for index, src in enumerate(expected):
                    video = tab.locator("video").nth(index)
                    video.scroll_into_view_if_needed()
                    video.evaluate("v => v.play().catch(() => {})")
                    tab.wait_for_function("v => v.currentSrc && v.readyState > 1",
                                          arg=video.element_handle(), timeout=30_000)
                    playing = video.evaluate("v => v.currentSrc")
                    if not playing.endswith(src.removeprefix(".").lstrip("/")):
                        disagreements.append(f"{screen}: video {index + 1} plays {playing}, "
                                             f"computed {src}")
                context.close()
        finally:
            browser.close()
    return disagreements


def renditions_table(manifest: Manifest) -> tuple[Table, dict[str, Any]]:
    """SSIM (least, mean) and encode seconds by rendition; bytes of all videos in each."""
    by_name: dict[str, list] = defaultdict(list)
    for render in manifest.all_renders():
        for rendition in render.renditions:
            by_name[rendition.name].append(rendition)
    table = Table(title="Renditions (both themes)",
                  caption="A video's renditions are encoded together, from one decode of "
                          "its master (encoder.encode_batch): each holds an equal share of "
                          "that time.")
    for column in ("rendition", "size", "codecs", "files", "bytes", "SSIM least",
                   "SSIM mean", "encode + SSIM s"):
        table.add_column(column, justify="left" if column in ("rendition", "codecs") else "right")
    figures = {}
    for name, made in by_name.items():
        ssims = [each.ssim for each in made]
        figures[name] = {"bytes": sum(each.file.stat().st_size for each in made),
                         "ssim_least": min(ssims), "ssim_mean": sum(ssims) / len(ssims),
                         "seconds": round(sum(each.seconds for each in made), 1)}
        table.add_row(name, f"{made[0].width}x{made[0].height} {made[0].fps} fps",
                      ", ".join(sorted({each.codecs for each in made})), str(len(made)),
                      f"{figures[name]['bytes']:,}", f"{min(ssims):.4f}",
                      f"{figures[name]['ssim_mean']:.4f}", f"{figures[name]['seconds']:.1f}")
    return table, figures


def small_fps_trial(manifest: Manifest, profile_name: str, jobs: int) -> Table:
    """The profile's small renditions at their frame rate and at the master's, side by side."""
    from concurrent.futures import ThreadPoolExecutor
    from dataclasses import replace

    from scenes.render.encoder import encode_rendition, rendition_size
    from scenes.render.record import verify_entry
    from scenes.render.rendition_record import RenditionRecord
    from scenes.render.renditions import encode_job, versions_for

    profile = PROFILES[profile_name]
    versions = versions_for(profile)
    small = [rendition for rendition in profile.renditions
             if not rendition.full_size and rendition.fps and rendition.fps < profile.fps]
    renders = [render for render in manifest.all_renders()
               if render.master is not None and render.theme == "dark"]
    # Each render's own record, its master checked once, as the pipeline encodes from it.
    records = {render.key: verify_entry(render.folder, render.scene, render.key)
               for render in renders}
    with tempfile.TemporaryDirectory(prefix="small-fps-") as scratch:
        def encode(render: Any, rendition: Any) -> RenditionRecord:
            work = Path(scratch) / f"{render.scene}-{rendition.name}"
            work.mkdir()
            job = encode_job(render.scene, render.theme, replace(rendition, fps=None),
                             "trial", records[render.key], render.folder,
                             versions[rendition.encoder], work)
            outcome = encode_rendition(job)
            if not outcome.ok:
                raise SystemExit(outcome.message)
            return RenditionRecord.read(work)

        pairs = [(render, rendition) for rendition in small for render in renders]
        with ThreadPoolExecutor(jobs) as pool:
            trials = list(pool.map(lambda pair: encode(*pair), pairs))
    table = Table(title=f"Small renditions at {small[0].fps if small else '?'} fps "
                        f"against {profile.fps} fps ({len(renders)} videos, dark)")
    for column in ("rendition", "bytes", f"bytes at {profile.fps}", "share", "SSIM least",
                   f"SSIM least at {profile.fps}", "encode s", f"encode s at {profile.fps}"):
        table.add_column(column, justify="left" if column == "rendition" else "right")
    for rendition in small:
        made = [render.rendition(rendition.codec, rendition.width) for render in renders]
        tried = [trial for (_, each), trial in zip(pairs, trials, strict=True)
                 if each == rendition]
        size = rendition_size(rendition, renders[0].width, renders[0].height, profile.fps)
        before = sum(each.file.stat().st_size for each in made)
        after = sum(trial.files[next(iter(trial.files))].size for trial in tried)
        table.add_row(f"{rendition.name} {size[0]}x{size[1]}", f"{before:,}", f"{after:,}",
                      f"{before / after:.0%}", f"{min(each.ssim for each in made):.4f}",
                      f"{min(trial.ssim for trial in tried):.4f}",
                      f"{sum(each.seconds for each in made):.1f}",
                      f"{sum(trial.seconds for trial in tried):.1f}")
    return table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quality", default="publish", choices=sorted(PROFILES))
    parser.add_argument("--cold", action="store_true",
                        help="render and encode into an empty cache, timed (else the "
                             "project's cache)")
    parser.add_argument("--today", type=Path,
                        help="bench/render_all.py --json output of the code before renditions")
    parser.add_argument("--chromium", action="store_true",
                        help="check in Chromium that each video plays the computed file")
    parser.add_argument("--small-fps", action="store_true",
                        help="also encode the small renditions at the master's frame rate "
                             "and compare")
    parser.add_argument("--cache", type=Path,
                        help="render cache to use (e.g. a --keep-in folder's cache/): after a "
                             "change of rendition settings, only the encodes run, timed")
    parser.add_argument("--keep-in", type=Path,
                        help="a new folder to keep the cache and the built site in, to look at")
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    arguments = parser.parse_args(argv)
    console = Console(stderr=True)
    jobs = arguments.jobs or default_jobs()
    today = json.loads(arguments.today.read_text()) if arguments.today else None
    today_profile = today[0] if isinstance(today, list) else today

    if arguments.keep_in is not None and arguments.keep_in.exists():
        raise SystemExit(f"{arguments.keep_in} exists: --keep-in needs a new folder")
    if arguments.keep_in is not None:
        arguments.keep_in.mkdir(parents=True)
    with (contextlib.nullcontext(str(arguments.keep_in)) if arguments.keep_in is not None
          else tempfile.TemporaryDirectory(prefix="video-bytes-")) as scratch:
        cache_root = arguments.cache or (Path(scratch) / "cache" if arguments.cold
                                         else driver.DEFAULT_CACHE_ROOT)
        output = Path(scratch) / "output"
        run = render_and_build(arguments.quality, jobs, cache_root, output, console)
        from page_weight import default_page
        page = default_page(output)
        figures = reader_bytes(output, page, {name: video["bytes"] for name, video in
                                              today_profile["scenes"].items()}
                               if today_profile else None)
        table, renditions = renditions_table(Manifest.read(Path(run["manifest"])))
        disagreements = chromium_agrees(output, page, figures["picked"]) \
            if arguments.chromium else None
        fps_table = small_fps_trial(Manifest.read(Path(run["manifest"])), arguments.quality,
                                    jobs) if arguments.small_fps else None

    out = Console(width=None if sys.stdout.isatty() else 130)
    bytes_table = Table(title=f"Watching the {figures['videos']} videos of {page} once "
                              f"({arguments.quality})")
    # Without --today, the H.264 rendition stands in for today's file (see the docstring).
    today_column = "today (H.264)" if today_profile else "H.264 rendition (no --today)"
    for column in ("reader", "theme", today_column, "AV1 and H.264", "share", "H.264 only",
                   "share"):
        bytes_table.add_column(column, justify="left" if column in ("reader", "theme")
                               else "right")
    shares = {}
    for screen in SCREENS:
        for scheme in THEMES:
            before = figures["today"][screen, scheme]
            after = [figures["new"][screen, scheme, browser] for browser in BROWSERS]
            shares[screen, scheme] = after[0] / before
            bytes_table.add_row(f"{screen} {SCREENS[screen][0]} px", scheme, f"{before:,}",
                                f"{after[0]:,}", f"{after[0] / before:.0%}", f"{after[1]:,}",
                                f"{after[1] / before:.0%}")
    out.print(bytes_table)
    out.print(table)
    if fps_table is not None:
        out.print(fps_table)
    least_ssim = min(each["ssim_least"] for each in renditions.values())
    today_seconds = today_profile.get("wall_seconds") if today_profile else None
    out.print(f"render {run['render_seconds']} s ({run['render_cores_busy']} of "
              f"{os.cpu_count()} cores busy) + encode {run['encode_seconds']} s "
              f"({run['encode_cores_busy']} busy) = "
              f"{run['seconds']} s ({run['rendered']} renders, {run['encoded']} renditions"
              f"{', cold' if arguments.cold else ''}, {jobs} core(s))"
              + (f"; today {today_seconds} s: {run['seconds'] / today_seconds:.2f}x"
                 if today_seconds and arguments.cold else ""), highlight=False)
    # At publish the floor; at another quality that profile's own (the test
    # profile's tiny renditions are held to less: it checks the gate, not the picture).
    floor = TARGETS["ssim"] if arguments.quality == "publish" else PROFILES[
        arguments.quality].ssim_floor
    checks = [(f"every SSIM >= {floor}"
               + ("" if arguments.quality == "publish" else f" ({arguments.quality}'s floor)"),
               least_ssim >= floor)]
    if today_profile:
        checks[:0] = [
            ("phone bytes <= 35% of today's", max(shares[s] for s in shares if s[0] == "phone")
             <= TARGETS["phone"]),
            ("desktop bytes <= 65% of today's",
             max(shares[s] for s in shares if s[0] == "desktop") <= TARGETS["desktop"])]
    else:
        out.print("not checked: the byte targets (no --today: the shares above are of the "
                  "H.264 rendition, not of today's files)", highlight=False)
    if today_seconds and arguments.cold:
        checks.append(("cold build <= 1.5x today's", run["seconds"] / today_seconds
                       <= TARGETS["time"]))
    if disagreements is not None:
        checks.append(("Chromium plays the computed file", not disagreements))
        for line in disagreements:
            out.print(f"[red]{line}[/]")
    for label, ok in checks:
        out.print(f"{'[green]met[/]' if ok else '[red]missed[/]'}: {label}")
    if arguments.json:
        arguments.json.write_text(json.dumps({
            "quality": arguments.quality, "page": page, "run": run,
            "bytes": {f"{s} {t} {b}": v for (s, t, b), v in figures["new"].items()},
            "today": {f"{s} {t}": v for (s, t), v in figures["today"].items()},
            "renditions": renditions, "checks": dict(checks)}, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "bench"))
    sys.exit(main())
