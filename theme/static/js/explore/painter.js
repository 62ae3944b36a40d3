// The figure's painter, in a worker of its own: it owns the figure's canvases (handed over
// with transferControlToOffscreen) and replays on them what the page recorded (stage.js
// Recorder), once per frame of its own.
//
// Why a worker: on the page, every frame in which a canvas changes costs the main thread a
// pass over the whole (long, math-heavy) article -- about a frame's worth of time on a
// slow phone before a single dot is drawn -- and then the drawing itself. Here the page
// only records a list of drawing calls; the pixels are made beside it.

const surfaces = new Map(); // id -> 2D context
const pending = new Map(); // id -> the latest recorded calls not drawn yet
const stats = { frames: 0, times: [], durations: [] };
let scheduled = false;
let waiting = []; // flush requests to answer after the next frame

function replay(context, calls) {
  for (const call of calls) {
    if (call[0] === "=") context[call[1]] = call[2];
    else context[call[0]](...call.slice(1));
  }
}

function frame(now) {
  scheduled = false;
  const started = performance.now();
  for (const [id, calls] of pending) replay(surfaces.get(id), calls);
  pending.clear();
  stats.frames += 1;
  stats.times.push(now);
  stats.durations.push(performance.now() - started);
  if (stats.times.length > 2000) {
    stats.times.splice(0, 1000);
    stats.durations.splice(0, 1000);
  }
  waiting.forEach((id) => postMessage({ type: "flushed", id }));
  waiting = [];
}

function schedule() {
  if (scheduled) return;
  scheduled = true;
  requestAnimationFrame(frame);
}

onmessage = ({ data }) => {
  if (data.type === "canvas") {
    surfaces.set(data.id, data.canvas.getContext("2d", data.options));
  } else if (data.type === "size") {
    const canvas = surfaces.get(data.id).canvas;
    canvas.width = data.width;
    canvas.height = data.height;
  } else if (data.type === "draw") {
    pending.set(data.id, data.calls);
    schedule();
  } else if (data.type === "flush") {
    waiting.push(data.id);
    schedule();
  } else if (data.type === "stats") {
    postMessage({ type: "stats", id: data.id, stats });
  }
};
