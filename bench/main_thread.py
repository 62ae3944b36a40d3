"""How long the main thread is blocked while a phone loads the article, the CPU really slowed.

Lighthouse (``bench/lighthouse.sh``) simulates a slow phone: it loads the page at full
speed and multiplies each task's time. A page that sizes its own work by the clock (the
theme's text layout steps stop at a time budget) is judged wrongly by that model. This
script slows Debian's Chromium itself down (``Emulation.setCPUThrottlingRate`` over the
DevTools protocol, 4x by default), opens the article as a phone would (390x844 CSS pixels,
3 device pixels per CSS pixel, touch), and reports per load:

- first contentful paint, and when the HTML was parsed (``domInteractive``);
- when the whole text was laid out (``:root[data-laid-out]``, set by theme.js);
- the long tasks (over 50 ms: the Long Tasks API), their count and the longest;
- blocking time: the sum, over long tasks after the first paint, of their time over
  50 ms (Lighthouse's total blocking time, measured instead of simulated, to the end).

Then the median of each over the runs, per colour scheme.

    .venv/bin/python bench/main_thread.py output [--page article.html] [--runs 5] [--throttle 4]
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
from page_weight import default_page, served  # noqa: E402 - a sibling script, not a package

CHROMIUM = "/usr/bin/chromium"
PHONE = {"width": 390, "height": 844}
COLUMNS = ("fcp_ms", "parsed_ms", "laid_out_ms", "long_tasks", "longest_ms", "blocking_ms")

# Installed before the page's own scripts: the long tasks from the start (buffered), and
# the moment theme.js marks the whole text laid out.
_OBSERVER = """window.__longTasks = [];
new PerformanceObserver(list => {
  for (const task of list.getEntries()) window.__longTasks.push([task.startTime, task.duration]);
}).observe({ type: "longtask", buffered: true });
new MutationObserver(() => {
  if (!window.__laidOut && document.documentElement.hasAttribute("data-laid-out")) {
    window.__laidOut = performance.now();
  }
}).observe(document, { attributes: true, subtree: true, attributeFilter: ["data-laid-out"] });"""

_READ = """() => {
  const paint = performance.getEntriesByName("first-contentful-paint")[0];
  const fcp = paint ? paint.startTime : 0;
  const tasks = window.__longTasks;
  return {
    fcp_ms: fcp,
    parsed_ms: performance.getEntriesByType("navigation")[0].domInteractive,
    laid_out_ms: window.__laidOut,
    long_tasks: tasks.length,
    longest_ms: Math.max(0, ...tasks.map(([, duration]) => duration)),
    blocking_ms: tasks.filter(([start]) => start >= fcp)
      .reduce((sum, [, duration]) => sum + Math.max(0, duration - 50), 0),
  };
}"""


def measure(output: Path, page_path: str, scheme: str, runs: int,
            throttle: float) -> list[dict[str, float]]:
    """One row of ``COLUMNS`` per load of the page, each in a fresh browser context."""
    rows = []
    with served(output) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        for _ in range(runs):
            context = browser.new_context(viewport=PHONE, device_scale_factor=3,
                                          is_mobile=True, has_touch=True,
                                          color_scheme=scheme)
            page = context.new_page()
            # First a page of the same site: the article then loads in the renderer
            # process the slow-down is set on (a new site may get a new process).
            page.goto(base + "404.html")
            context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate",
                                               {"rate": throttle})
            page.add_init_script(_OBSERVER)
            page.goto(base + page_path, wait_until="load")
            page.wait_for_selector("html[data-laid-out]", state="attached", timeout=60_000)
            page.wait_for_timeout(1000)  # long tasks are reported a little late
            rows.append(page.evaluate(_READ))
            context.close()
        browser.close()
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("output", type=Path, help="built site, e.g. output/")
    parser.add_argument("--page", help="path of the page in the site (default: the article)")
    parser.add_argument("--runs", type=int, default=5, help="loads per colour scheme")
    parser.add_argument("--throttle", type=float, default=4.0, help="CPU slow-down factor")
    args = parser.parse_args(argv)
    page_path = args.page or default_page(args.output)
    print(f"{page_path}, CPU slowed {args.throttle:g}x, {args.runs} loads per scheme")
    print(f"{'scheme':8}" + "".join(f"{name:>13}" for name in COLUMNS))
    for scheme in ("light", "dark"):
        rows = measure(args.output, page_path, scheme, args.runs, args.throttle)
        for row in rows:
            print(f"{scheme:8}" + "".join(f"{row[name]:13.0f}" for name in COLUMNS))
        medians = {name: statistics.median(row[name] for row in rows) for name in COLUMNS}
        print(f"{'median':8}" + "".join(f"{medians[name]:13.0f}" for name in COLUMNS))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
