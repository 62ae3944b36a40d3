"""Time from saving a Markdown file to the reloaded page, with `make devserver`.

Starts ``python -m pipeline.serve --watch`` on a copy of a content folder (the test
fixture site by default), opens the article in Debian's Chromium, then, a few times:
appends a new heading to the article and records the wall-clock time the write
finished, and the time the reloaded page first showed that heading (stamped by the
page itself, at the first frame after its HTML was parsed). Each round also breaks
the article (``!mp4`` with no path) and times the error panel the same way. Prints
each round, the medians, and the build's own time as it reports it.

    .venv/bin/python bench/live_reload.py [--rounds 5] [--content content] [--quality test]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
SERVING = re.compile(r"serving .* at http://127\.0\.0\.1:(\d+)/")
BUILT = re.compile(r"built .* in ([\d.]+) s")

# Stamps, in the page's own clock (epoch ms, as time.time() reads it): when the parsed
# page is first painted, and when the error panel is added.
STAMPS = """
addEventListener("DOMContentLoaded", () => requestAnimationFrame(() => {
  window.__shownAt = Date.now();
}));
new MutationObserver(() => {
  if (!window.__panelAt && document.querySelector("[data-livereload]")) {
    window.__panelAt = Date.now();
  }
}).observe(document, {childList: true, subtree: true});
"""


def write(path: Path, text: str) -> float:
    """Save as an editor does; the epoch time (ms) the file was complete."""
    with path.open("w", encoding="utf-8") as handle:
        handle.write(text)
    return time.time() * 1000


def start_server(content: Path, output: Path, quality: str) -> tuple[subprocess.Popen[str],
                                                                    int, list[str]]:
    process = subprocess.Popen(
        [sys.executable, "-m", "pipeline.serve", "--watch", "--content", str(content),
         "--output", str(output), "--quality", quality, "--port", "0"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "COLUMNS": "200", "SERVE_QUIET": "1"},
        # Started from a background shell, SIGINT would be ignored; the server stops on it.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    lines: list[str] = []
    port: list[int] = []

    def read() -> None:
        assert process.stderr is not None
        for line in process.stderr:
            lines.append(line)
            if not port and (match := SERVING.search(line)):
                port.append(int(match[1]))

    threading.Thread(target=read, daemon=True).start()
    deadline = time.monotonic() + 60
    while not port:
        if process.poll() is not None or time.monotonic() > deadline:
            sys.exit("the dev server did not start:\n" + "".join(lines))
        time.sleep(0.05)
    return process, port[0], lines


def article_of(content: Path) -> tuple[Path, str]:
    """The first article's source, and its page (found once the first build is in)."""
    source = sorted((content / "articles").glob("*.md"))[0]
    text = source.read_text(encoding="utf-8")
    slug = re.search(r"^- slug: *(\S+)", text, re.MULTILINE)
    page = f"{slug[1]}.html" if slug else f"{source.stem}.html"
    return source, page


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--content", type=Path, default=ROOT / "tests" / "fixtures" / "site")
    parser.add_argument("--quality", default="test")
    arguments = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="live-reload-bench-") as folder:
        content, output = Path(folder) / "content", Path(folder) / "output"
        shutil.copytree(arguments.content, content)
        source, page_name = article_of(content)
        process, port, log = start_server(content, output, arguments.quality)
        try:
            deadline = time.monotonic() + 1800  # a real article may render scenes first
            while not (output / page_name).is_file():
                if process.poll() is not None or time.monotonic() > deadline:
                    sys.exit("no first build:\n" + "".join(log))
                time.sleep(0.1)
            reloads, panels = measure(port, page_name, source, arguments.rounds)
        finally:
            process.send_signal(signal.SIGINT)
            process.wait(30)
    builds = [float(match[1]) for line in log if (match := BUILT.search(line))][1:]
    print(f"save -> reloaded page: median {statistics.median(reloads):.0f} ms "
          f"(min {min(reloads):.0f}, max {max(reloads):.0f}, {len(reloads)} rounds)")
    print(f"save -> error panel:   median {statistics.median(panels):.0f} ms "
          f"(min {min(panels):.0f}, max {max(panels):.0f})")
    if builds:
        print(f"of which the build reports: median {statistics.median(builds) * 1000:.0f} ms "
              "(its own timer, without interpreter start-up)")
    return 0


def measure(port: int, page_name: str, source: Path, rounds: int
            ) -> tuple[list[float], list[float]]:
    original = source.read_text(encoding="utf-8")
    reloads: list[float] = []
    panels: list[float] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        context = browser.new_context()
        context.add_init_script(STAMPS)
        page = context.new_page()
        page.goto(f"http://127.0.0.1:{port}/{page_name}", wait_until="load")
        time.sleep(1)  # let the page settle and connect
        for round_number in range(1, rounds + 1):
            heading = f"重新載入計時 {round_number}"
            saved = write(source, f"{original}\n## {heading}\n")
            page.get_by_role("heading", name=heading).wait_for(timeout=300_000)
            reloads.append(page.evaluate("window.__shownAt") - saved)

            saved = write(source, f"{original}\n## {heading}\n\n!mp4\n")
            page.get_by_role("alert").wait_for(timeout=300_000)
            panels.append(page.evaluate("window.__panelAt") - saved)
            print(f"round {round_number}: reload {reloads[-1]:.0f} ms, "
                  f"error panel {panels[-1]:.0f} ms", flush=True)
            time.sleep(0.5)  # the failed build's report is in: rounds do not overlap
        source.write_text(original, encoding="utf-8")
        browser.close()
    return reloads, panels


if __name__ == "__main__":
    sys.exit(main())
