"""A built site's video words: beats, track cues against the render's beat times, storyboard
bytes per theme, and printing the article to PDF in Chromium.

    .venv/bin/python bench/video_words.py output [--quality draft] [--page article.html]

For each scene video of the page: its beats (as the render manifest records them), the
cues of its chapters and descriptions tracks (read with webvtt-py), the largest
difference between a cue boundary and its beat's recorded time, in frames of the
video; the bytes of its storyboard stills per theme (every form the site ships: the
JPEG and WebP, all widths) and what a phone that shows stills downloads (the 480 px
WebP of each beat). Then the page is printed to PDF by Chromium: seconds and pages.
"""

from __future__ import annotations

import argparse
import io
import re
import sys
import time
from collections import defaultdict
from pathlib import Path, PurePosixPath

import webvtt
from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.page_weight import default_page, served  # noqa: E402
from scenes.drawing.themes import THEMES  # noqa: E402
from scenes.render.manifest import Manifest, manifest_path, theme_of  # noqa: E402

_SOURCE = re.compile(r'<source[^>]*src="\./(?P<src>images/manim/[^"]+\.mp4)"')


def videos(page: Path) -> list[tuple[str, dict[str, str]]]:
    """Each scene video of the page once: its default theme's site path, its tracks by kind."""
    found: dict[str, dict[str, str]] = {}
    for block in re.findall(r"<video\b.*?</video>", page.read_text(encoding="utf-8"), re.S):
        sources = [match["src"] for match in _SOURCE.finditer(block)]
        if not sources:
            continue
        tracks = {}
        for match in re.finditer(r"<track\b[^>]*>", block):
            tag = match.group(0)
            kind, src = re.search(r'kind="(\w+)"', tag), re.search(r'src="\./([^"]+)"', tag)
            if kind and src:
                tracks[kind.group(1)] = src.group(1)
        found.setdefault(sources[-1], tracks)
    return sorted(found.items())


def cue_frames_off(cues: list[tuple[float, float]], beats: list[tuple[float, float]],
                   fps: float) -> float:
    """The largest distance, in frames, between a cue's start or end and its beat's."""
    if len(cues) != len(beats):
        return float("inf")
    return max((abs(a - b) * fps for cue, beat in zip(cues, beats, strict=True)
                for a, b in zip(cue, beat, strict=True)), default=0.0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path)
    parser.add_argument("--quality", default="draft", help="the profile the site was built at")
    parser.add_argument("--page", help="the page (default: the one with the most videos)")
    arguments = parser.parse_args(argv)
    output = arguments.output.resolve()
    page_name = arguments.page or default_page(output)
    manifest = Manifest.read(manifest_path(arguments.quality))
    rows = []
    stills_bytes: dict[str, int] = defaultdict(int)
    phone_bytes = 0
    for video, tracks in videos(output / page_name):
        stem = PurePosixPath(video).stem
        scene = manifest.scene_for(stem)
        render = manifest.render(scene) if scene else None
        if render is None or not render.beats or not render.frames:
            rows.append((stem, 0, "-", "-", "no beats recorded"))
            continue
        fps = render.frames / render.duration if render.duration else 0
        beats = [(beat.start, beat.end) for beat in render.beats]
        counts, worst = [], 0.0
        for kind in ("chapters", "descriptions"):
            text = (output / tracks[kind]).read_text(encoding="utf-8") if kind in tracks else ""
            cues = [(cue.start_time.in_milliseconds() / 1000,
                     cue.end_time.in_milliseconds() / 1000)
                    for cue in webvtt.from_buffer(io.StringIO(text))] if text else []
            counts.append(len(cues))
            worst = max(worst, cue_frames_off(cues, beats, fps))
        for theme in THEMES:
            folder = PurePosixPath(video).parent
            folder = folder if theme == THEMES[0] else folder / theme
            for path in (output / folder).glob(f"{stem}-beat-*"):
                assert theme_of(folder / path.name) == theme
                stills_bytes[theme] += path.stat().st_size
        phone_bytes += sum(path.stat().st_size for path in
                           (output / PurePosixPath(video).parent).glob(f"{stem}-beat-*-480w.webp"))
        rows.append((stem, len(render.beats), counts[0], counts[1], f"{worst:.2f}"))

    print(f"# Video words of {page_name} ({arguments.quality})\n")
    print("| video | beats | chapter cues | description cues | largest cue offset (frames) |")
    print("|---|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(str(cell) for cell in row) + " |")
    print("\n| storyboard stills shipped | bytes |\n|---|---|")
    for theme in THEMES:
        print(f"| {theme} theme, every form and width | {stills_bytes[theme]:,} |")
    print(f"| a phone that shows stills (480 px WebP, dark) | {phone_bytes:,} |")

    with served(output) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        page = browser.new_page()
        page.goto(base + page_name, wait_until="load")
        started = time.monotonic()
        pdf = page.pdf(format="A4")
        seconds = time.monotonic() - started
        browser.close()
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    images = len(re.findall(rb"/Subtype\s*/Image", pdf))
    print(f"\nPrint to PDF (Chromium, A4): {seconds:.1f} s, {pages} pages, {images} pictures, "
          f"{len(pdf):,} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
