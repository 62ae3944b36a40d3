"""Frames per second while a reader drags each explorable figure, on a slowed-down CPU.

Serves a built output directory on 127.0.0.1 and opens the article in Debian's Chromium as
a phone would (390x844 CSS pixels, 3 device pixels per CSS pixel, touch), with the CPU
slowed down by the DevTools protocol (``Emulation.setCPUThrottlingRate``, 4x by default).
For each ``!explore`` figure it scrolls the figure into view, waits until it is drawn,
grabs its main handle with a real touch (``Input.dispatchTouchEvent``), then moves it for a
few seconds with one pointer move per frame, dispatched in the page to the handle's own
``pointermove`` listener (a touch screen reports a move every frame; sending each one over
the DevTools protocol takes longer than a frame on a busy machine, and would measure the
protocol, not the figure). It reports:

- fps: frames the figure painted per second during the drag (each frame one forward pass
  and one redraw; counted by its painter worker, or on the page where there is none); the
  target is 55 or more. The measure ends before the finger lifts: letting go brings the
  page's elements up to date at once, which is no part of dragging;
- paint p50 / p95: how long drawing one frame took (in the painter: the pixels);
- the longest gap between two painted frames;
- main CPU: the page's main thread's own CPU time per painted frame (from a trace, so time
  the thread waited for a busy machine does not count; the slow-down does count, as
  Chromium spends it on that thread), and the frame rate that cost allows: the figure's
  cost, apart from how loaded the machine is.

Beside them, the frame rate of a bare canvas of the figure's size redrawn every frame, on
the same page, throttled the same: what the machine gives any animation at that moment.
On a machine that others load, fps falls for both alike.

Then the bytes a reader downloads for the figures (their modules and data files, gzipped
as static hosts send them) and the layout shift the page had while every figure loaded.

    .venv/bin/python bench/explore_fps.py output [--page article.html] [--throttle 4]
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
from page_weight import default_page, served  # noqa: E402 - a sibling script, not a package

CHROMIUM = "/usr/bin/chromium"
PHONE = {"width": 390, "height": 844}
# Which handle each kind of figure is dragged by, and at which step of the network.
DRAGGED = {
    "matrix": "î 的終點",
    "layer": "ĵ 的落點 w₂",
    "network": "原點的落點：b₁",
}
NETWORK_STEP = 3  # ReLU: the fold redrawn on every frame, the heaviest step


# Installed in the page: counts the figure's frames and times its drawing.
_PROBE = """figure => {
  const stage = figure.exploreFigure.stage;
  const paint = stage.paint.bind(stage);
  const probe = { durations: [], times: [] };
  stage.paint = () => {
    const started = performance.now();
    paint();
    probe.durations.push(performance.now() - started);
    probe.times.push(started);
  };
  window.__probe = probe;
}"""


# Moves the grabbed handle around its place, one pointermove per animation frame.
_DRAG = """([handle, seconds, reach]) => new Promise(done => {
  const pointer = handle.__pointer;
  const box = handle.getBoundingClientRect();
  const [x, y] = [box.left + box.width / 2, box.top + box.height / 2];
  const started = performance.now();
  let moves = 0;
  const frame = now => {
    if (now - started > seconds * 1000) return done(moves);
    const angle = moves / 12;
    handle.dispatchEvent(new PointerEvent("pointermove", {
      pointerId: pointer, pointerType: "touch", isPrimary: true, bubbles: true,
      clientX: x + reach * Math.sin(angle), clientY: y + reach * 0.6 * Math.sin(2 * angle),
    }));
    moves += 1;
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
})"""


def grab(page: Any, cdp: Any, handle: Any) -> None:
    """Put a finger on ``handle`` (a real touch: the handle captures the pointer)."""
    box = handle.bounding_box()
    assert box is not None, "the handle is not on screen"
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    handle.evaluate("h => h.addEventListener('pointerdown', e => { h.__pointer = e.pointerId; },"
                    " { once: true })")
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    page.wait_for_function("h => h.__pointer !== undefined", arg=handle.element_handle())


def release(cdp: Any) -> None:
    """Lift the finger (the page then brings its elements up to date: no part of a drag)."""
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})


# A bare canvas the size of a figure, redrawn every frame: the machine's baseline.
_BASELINE = """seconds => new Promise(done => {
  const canvas = document.createElement("canvas");
  canvas.style.cssText = "position:fixed;left:0;top:0;width:356px;height:267px;z-index:99";
  canvas.width = 712; canvas.height = 534;
  document.body.append(canvas);
  const context = canvas.getContext("2d");
  let frames = 0;
  const started = performance.now();
  const frame = now => {
    frames += 1;
    context.fillStyle = frames % 2 ? "#111318" : "#141620";
    context.fillRect(0, 0, 712, 534);
    if (now - started < seconds * 1000) return requestAnimationFrame(frame);
    canvas.remove();
    done(frames / ((now - started) / 1000));
  };
  requestAnimationFrame(frame);
})"""


def main_thread_cpu(trace: Path) -> float:
    """CPU milliseconds the renderer's main thread ran top-level tasks, in a trace."""
    events = json.loads(trace.read_text(encoding="utf-8"))
    events = events["traceEvents"] if isinstance(events, dict) else events
    main = {(e["pid"], e["tid"]) for e in events
            if e.get("ph") == "M" and e.get("name") == "thread_name"
            and e["args"].get("name") == "CrRendererMain"}
    return sum(e.get("tdur", 0) for e in events
               if e.get("ph") == "X" and (e["pid"], e["tid"]) in main
               and e.get("name") == "ThreadControllerImpl::RunTask") / 1000


def measure(output: Path, page_path: str, throttle: float, seconds: float
            ) -> tuple[list[dict[str, Any]], float, list[str]]:
    """Drag every figure of the page; return one record per figure, the layout shift, and
    the URLs the page fetched."""
    records: list[dict[str, Any]] = []
    fetched: list[str] = []
    with served(output) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-background-networking"],
        )
        context = browser.new_context(viewport=PHONE, device_scale_factor=3, is_mobile=True,
                                      has_touch=True, reduced_motion="reduce")
        page = context.new_page()
        page.on("request", lambda request: fetched.append(request.url.removeprefix(base)))
        page.add_init_script("""window.__shift = 0; new PerformanceObserver(list => {
            for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shift += e.value;
          }).observe({type: 'layout-shift', buffered: true});""")
        page.goto(base + page_path, wait_until="networkidle")
        cdp = context.new_cdp_session(page)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": throttle})
        figures = page.locator("figure.explore")
        for index in range(figures.count()):
            figure = figures.nth(index)
            figure.scroll_into_view_if_needed()
            page.wait_for_function("f => f.dataset.state === 'ready'"
                                   " && f.exploreFigure.stage.frames > 0",
                                   arg=figure.element_handle(), timeout=30_000)
            kind = figure.evaluate("f => f.exploreFigure.kind")
            if kind == "network":
                figure.evaluate(f"f => f.exploreFigure.goTo({NETWORK_STEP})")
            handle = figure.get_by_role("slider", name=DRAGGED[kind])
            handle.scroll_into_view_if_needed()
            page.wait_for_timeout(300)
            baseline = page.evaluate(_BASELINE, min(seconds, 2))
            figure.evaluate(_PROBE)
            grab(page, cdp, handle)
            before = figure.evaluate("f => f.exploreFigure.stage.stats()")
            started = page.evaluate("performance.now()")
            trace = Path(tempfile.mkstemp(suffix=".json")[1])
            browser.start_tracing(page=page, path=str(trace), categories=["toplevel"])
            moves = page.evaluate(_DRAG, [handle.element_handle(), seconds, 40])
            page.wait_for_timeout(100)
            browser.stop_tracing()
            after = figure.evaluate("f => f.exploreFigure.stage.stats()")
            cpu = main_thread_cpu(trace)
            trace.unlink()
            if after is not None:
                # Drawn in a worker: its own frames and how long each replay took.
                new = after["frames"] - before["frames"]
                times = after["times"][-new:] if new else []
                durations = after["durations"][-new:] if new else []
            else:
                probe = page.evaluate("window.__probe")
                times = [t for t in probe["times"] if t >= started]
                durations = probe["durations"][-len(times):] if times else []
            release(cdp)
            span = (times[-1] - times[0]) / 1000 if len(times) > 1 else float("nan")
            gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
            records.append({
                "figure": figure.get_attribute("data-figure"),
                "kind": kind,
                "moves": moves,
                "frames": len(times),
                "fps": (len(times) - 1) / span if span else float("nan"),
                "paint_p50": statistics.median(durations) if durations else float("nan"),
                "paint_p95": sorted(durations)[int(0.95 * (len(durations) - 1))]
                if durations else float("nan"),
                "longest_gap": max(gaps) if gaps else float("nan"),
                "cpu_per_frame": cpu / len(times) if times else float("nan"),
                "baseline": baseline,
            })
        shift = page.evaluate("window.__shift")
        browser.close()
    return records, shift, fetched


def gzipped(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), 9))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path, help="built site, e.g. output/")
    parser.add_argument("--page", help="path of the page in the site (default: the article)")
    parser.add_argument("--throttle", type=float, default=4.0, help="CPU slow-down factor")
    parser.add_argument("--seconds", type=float, default=3.0, help="drag time per figure")
    parser.add_argument("--target-fps", type=float, default=55.0)
    args = parser.parse_args(argv)
    output = args.output.resolve()
    page_path = args.page or default_page(output)

    records, shift, fetched = measure(output, page_path, args.throttle, args.seconds)
    print(f"page: /{page_path}  (phone {PHONE['width']}x{PHONE['height']} @3x, touch, "
          f"CPU {args.throttle:g}x slower)")
    print(f"{'figure':16}{'fps':>6}{'paint p50':>11}{'p95':>8}{'longest gap':>13}"
          f"{'main CPU':>10}{'allows':>8}{'bare canvas':>13}")
    slow = []
    for r in records:
        allows = min(60.0, 1000 / r["cpu_per_frame"])
        print(f"{r['figure']:16}{r['fps']:>6.1f}{r['paint_p50']:>9.2f}ms{r['paint_p95']:>6.2f}ms"
              f"{r['longest_gap']:>11.1f}ms{r['cpu_per_frame']:>8.2f}ms{allows:>6.0f}fps"
              f"{r['baseline']:>9.1f}fps")
        if not r["fps"] >= args.target_fps:
            slow.append(r["figure"])

    # What the figures cost a reader: their modules and data files, as fetched.
    files = sorted({url.split("?")[0] for url in fetched
                    if "theme/js/explore/" in url or url.startswith("explore/")})
    print(f"\n{'file':40}{'bytes':>9}{'gzip':>8}")
    total = total_gzip = 0
    for name in files:
        path = output / name
        size, packed = path.stat().st_size, gzipped(path)
        total, total_gzip = total + size, total_gzip + packed
        print(f"{name:40}{size:>9,}{packed:>8,}")
    print(f"{'total':40}{total:>9,}{total_gzip:>8,}")
    print(f"\nlayout shift while the figures loaded: {shift:.4f}")
    if slow:
        print(f"under {args.target_fps:g} fps: {', '.join(slow)}")
    return 1 if slow or shift > 0 else 0


if __name__ == "__main__":
    sys.exit(main())
