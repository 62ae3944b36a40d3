// The canvases a figure draws on, and the maps between the data plane and the screen.
//
// One <canvas> per figure (and one per row of numbers in its panel), sized to its box,
// which the page's CSS reserved before any script ran, at up to twice the CSS resolution.
// It is redrawn at most once per frame, only when something changed. While the reader
// drags, nothing else on the page changes: the handles' dots and the numbers are drawn,
// not moved or rewritten as elements (any change to an element makes Chromium re-layer
// the whole long, math-heavy article, longer than a frame on a slow phone).
//
// Where the browser can hand a canvas to a worker (transferControlToOffscreen), the page
// only records each frame's drawing calls (Recorder) and the worker (painter.js) turns
// them into pixels: the page's main thread then spends almost nothing per frame. Elsewhere
// the same calls go straight to the canvas. The colours are the scenes' own palette for
// the page's theme, followed live.

const MAX_PIXEL_RATIO = 2;
const CANVAS_CALLS = [
  "arc", "beginPath", "clearRect", "clip", "closePath", "fill", "fillRect", "fillText",
  "lineTo", "moveTo", "rect", "restore", "save", "setLineDash", "setTransform", "stroke",
];
const CANVAS_SETTINGS = [
  "fillStyle", "font", "globalAlpha", "lineWidth", "strokeStyle", "textAlign", "textBaseline",
];

/** Stands in for a 2D context: keeps the calls, to be replayed by the painter. Text is
 *  measured on a canvas of the page that is never shown. */
export class Recorder {
  constructor(measurer) {
    this.calls = [];
    this.measurer = measurer;
    this.settings = {};
  }

  measureText(text) {
    this.measurer.font = this.settings.font || "10px sans-serif";
    return this.measurer.measureText(text);
  }
}
CANVAS_CALLS.forEach((name) => {
  Recorder.prototype[name] = function record(...args) {
    this.calls.push([name, ...args]);
  };
});
CANVAS_SETTINGS.forEach((name) => {
  Object.defineProperty(Recorder.prototype, name, {
    get() {
      return this.settings[name];
    },
    set(value) {
      this.settings[name] = value;
      this.calls.push(["=", name, value]);
    },
  });
});

const canOffload = typeof OffscreenCanvas !== "undefined" && typeof Worker !== "undefined"
  && "transferControlToOffscreen" in HTMLCanvasElement.prototype;

export class Stage {
  /** `element`: the figure's .explore__stage box; `palettes`: theme -> role -> colour;
   *  `draw(context, stage)`: paints one frame in CSS pixels. */
  constructor(element, palettes, draw) {
    this.element = element;
    this.palettes = palettes;
    this.draw = draw;
    this.surfaces = [];
    this.waiting = new Map();
    this.serial = 0;
    if (canOffload) {
      this.worker = new Worker(new URL("./painter.js", import.meta.url), { type: "module" });
      this.worker.onmessage = ({ data }) => {
        const resolve = this.waiting.get(data.id);
        this.waiting.delete(data.id);
        if (resolve) resolve(data.stats);
      };
      this.measurer = new OffscreenCanvas(1, 1).getContext("2d");
    }
    this.canvas = document.createElement("canvas");
    element.append(this.canvas);
    // Opaque: it paints its own background.
    this.main = this.surface(this.canvas, { alpha: false });
    this.width = 0;
    this.height = 0;
    this.pending = false;
    this.frames = 0; // frames recorded, for the tests
    this.listeners = [];
    this.motionQuery = window.matchMedia("(prefers-reduced-motion: reduce)");
    this.resize();
    this.resizeObserver = new ResizeObserver(() => this.resize());
    this.resizeObserver.observe(element);
    this.themeObserver = new MutationObserver(() => this.request());
    this.themeObserver.observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
  }

  /** A canvas this stage paints (its own, or a panel's): `context` to draw with, `size()`. */
  surface(canvas, options = {}) {
    // What the pictures say is told in text beside them (handles, readouts, accuracy).
    canvas.setAttribute("aria-hidden", "true");
    const surface = { canvas, id: this.surfaces.length, context: null };
    if (this.worker) {
      const offscreen = canvas.transferControlToOffscreen();
      this.worker.postMessage({ type: "canvas", id: surface.id, canvas: offscreen, options }, [offscreen]);
      surface.context = new Recorder(this.measurer);
    } else {
      surface.context = canvas.getContext("2d", { ...options, desynchronized: true });
    }
    surface.size = (width, height) => {
      if (this.worker) this.worker.postMessage({ type: "size", id: surface.id, width, height });
      else Object.assign(canvas, { width, height });
    };
    this.surfaces.push(surface);
    return surface;
  }

  get context() {
    return this.main.context;
  }

  get theme() {
    return document.documentElement.getAttribute("data-theme") === "light" ? "light" : "dark";
  }

  get colors() {
    return this.palettes[this.theme] || this.palettes.dark;
  }

  get reducedMotion() {
    return this.motionQuery.matches;
  }

  /** Call `listener()` after each resize (handles are placed in CSS pixels). */
  onResize(listener) {
    this.listeners.push(listener);
  }

  resize() {
    const box = this.element.getBoundingClientRect();
    const ratio = Math.min(window.devicePixelRatio || 1, MAX_PIXEL_RATIO);
    this.width = box.width;
    this.height = box.height;
    this.ratio = ratio;
    this.main.size(Math.max(1, Math.round(box.width * ratio)), Math.max(1, Math.round(box.height * ratio)));
    this.listeners.forEach((listener) => listener());
    this.request();
  }

  /** Ask for a frame; several requests before it come to one paint. */
  request() {
    if (this.pending) return;
    this.pending = true;
    window.requestAnimationFrame(() => {
      this.pending = false;
      this.paint();
    });
  }

  paint() {
    const context = this.context;
    context.setTransform(this.ratio, 0, 0, this.ratio, 0, 0);
    context.fillStyle = this.colors.background;
    context.fillRect(0, 0, this.width, this.height);
    this.draw(context, this);
    if (this.worker) {
      for (const surface of this.surfaces) {
        if (!surface.context.calls.length) continue;
        this.worker.postMessage({ type: "draw", id: surface.id, calls: surface.context.calls });
        surface.context.calls = [];
      }
    }
    this.frames += 1;
  }

  /** Resolves once what was drawn so far is on screen (the painter's next frame). */
  flush() {
    if (!this.worker) return new Promise((resolve) => window.requestAnimationFrame(() => resolve()));
    return this.ask("flush");
  }

  /** The painter's frames: {frames, times, durations} (for bench/explore_fps.py). */
  stats() {
    if (!this.worker) return Promise.resolve(null);
    return this.ask("stats");
  }

  ask(type) {
    this.serial += 1;
    const id = this.serial;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.worker.postMessage({ type, id });
    });
  }
}

/** Run `step(t)` for t from 0 to 1 over `duration` ms, eased; at once under reduced motion.
 *  Returns a function that stops it. */
export function animate(stage, duration, step, done) {
  if (stage.reducedMotion || duration <= 0) {
    step(1);
    if (done) done();
    return () => {};
  }
  let stopped = false;
  const started = performance.now();
  const frame = (now) => {
    if (stopped) return;
    const t = Math.min(1, (now - started) / duration);
    step(t < 0.5 ? 2 * t * t : 1 - Math.pow(-2 * t + 2, 2) / 2);
    if (t < 1) window.requestAnimationFrame(frame);
    else if (done) done();
  };
  window.requestAnimationFrame(frame);
  return () => {
    stopped = true;
  };
}

// ---- Views: where the data plane lands in a rectangle of the canvas --------------------

/** A view: data point (cx, cy) at the middle of `region` ({left, top, width, height}),
 *  `scale` CSS pixels per data unit. */
export function view(region, cx, cy, scale) {
  return { region, cx, cy, scale };
}

/** The view that shows `box` ({minX, maxX, minY, maxY}) whole in `region`, with `margin`
 *  (a fraction of the region) kept free around it. */
export function fitView(region, box, margin = 0.08) {
  const width = Math.max(box.maxX - box.minX, 1e-6);
  const height = Math.max(box.maxY - box.minY, 1e-6);
  const scale = Math.min(
    (region.width * (1 - 2 * margin)) / width,
    (region.height * (1 - 2 * margin)) / height
  );
  return view(region, (box.minX + box.maxX) / 2, (box.minY + box.maxY) / 2, scale);
}

export function toScreen(v, x, y) {
  return [
    v.region.left + v.region.width / 2 + (x - v.cx) * v.scale,
    v.region.top + v.region.height / 2 - (y - v.cy) * v.scale,
  ];
}

export function toData(v, sx, sy) {
  return [
    v.cx + (sx - v.region.left - v.region.width / 2) / v.scale,
    v.cy - (sy - v.region.top - v.region.height / 2) / v.scale,
  ];
}

/** The data-plane rectangle `v` shows. */
export function visibleBox(v) {
  const halfWidth = v.region.width / 2 / v.scale;
  const halfHeight = v.region.height / 2 / v.scale;
  return { minX: v.cx - halfWidth, maxX: v.cx + halfWidth, minY: v.cy - halfHeight, maxY: v.cy + halfHeight };
}

/** The smallest box around `points` ([x, y] pairs) and the origin. */
export function boxAround(points) {
  const box = { minX: 0, maxX: 0, minY: 0, maxY: 0 };
  for (const [x, y] of points) {
    if (x < box.minX) box.minX = x;
    if (x > box.maxX) box.maxX = x;
    if (y < box.minY) box.minY = y;
    if (y > box.maxY) box.maxY = y;
  }
  return box;
}

// ---- Drawing ------------------------------------------------------------------------

export function clipTo(context, region) {
  context.beginPath();
  context.rect(region.left, region.top, region.width, region.height);
  context.clip();
}

/** Lines of the plane at every whole unit (and the axes in `axisColor`) that `v` shows. */
export function drawGrid(context, v, color, axisColor, lineWidth = 1) {
  const box = visibleBox(v);
  context.lineWidth = lineWidth;
  context.strokeStyle = color;
  context.beginPath();
  for (let x = Math.ceil(box.minX); x <= box.maxX; x += 1) {
    if (x === 0 && axisColor) continue;
    const [sx] = toScreen(v, x, 0);
    context.moveTo(sx, v.region.top);
    context.lineTo(sx, v.region.top + v.region.height);
  }
  for (let y = Math.ceil(box.minY); y <= box.maxY; y += 1) {
    if (y === 0 && axisColor) continue;
    const [, sy] = toScreen(v, 0, y);
    context.moveTo(v.region.left, sy);
    context.lineTo(v.region.left + v.region.width, sy);
  }
  context.stroke();
  if (!axisColor) return;
  const [ox, oy] = toScreen(v, 0, 0);
  context.strokeStyle = axisColor;
  context.beginPath();
  context.moveTo(ox, v.region.top);
  context.lineTo(ox, v.region.top + v.region.height);
  context.moveTo(v.region.left, oy);
  context.lineTo(v.region.left + v.region.width, oy);
  context.stroke();
}

/** Polylines (arrays of [sx, sy]) in one stroke. */
export function strokeLines(context, lines, color, lineWidth) {
  context.strokeStyle = color;
  context.lineWidth = lineWidth;
  context.beginPath();
  for (const line of lines) {
    line.forEach(([x, y], index) => (index ? context.lineTo(x, y) : context.moveTo(x, y)));
  }
  context.stroke();
}

/** Dots at (xs[i], ys[i]) coloured by `labels`: one path per class. */
export function drawDots(context, xs, ys, labels, colors, radius) {
  for (let label = 0; label < colors.length; label += 1) {
    context.fillStyle = colors[label];
    context.beginPath();
    for (let i = 0; i < labels.length; i += 1) {
      if (labels[i] !== label) continue;
      context.moveTo(xs[i] + radius, ys[i]);
      context.arc(xs[i], ys[i], radius, 0, 2 * Math.PI);
    }
    context.fill();
  }
}

/** A cross over each point whose prediction is not its label: a shape, so it reads
 *  without colour vision. */
export function drawCrosses(context, xs, ys, predictions, labels, color, size) {
  context.strokeStyle = color;
  context.lineWidth = Math.max(1.5, size / 2.5);
  context.beginPath();
  for (let i = 0; i < labels.length; i += 1) {
    if (predictions[i] === labels[i]) continue;
    const [x, y] = [xs[i], ys[i]];
    context.moveTo(x - size, y - size);
    context.lineTo(x + size, y + size);
    context.moveTo(x - size, y + size);
    context.lineTo(x + size, y - size);
  }
  context.stroke();
}

/** A handle's dot, drawn with the picture (its focusable element over it is invisible). */
export function drawHandle(context, x, y, color, background, radius = 8) {
  context.beginPath();
  context.arc(x, y, radius + 3.5, 0, 2 * Math.PI);
  context.fillStyle = color;
  context.fill();
  context.beginPath();
  context.arc(x, y, radius + 2, 0, 2 * Math.PI);
  context.fillStyle = background;
  context.fill();
  context.beginPath();
  context.arc(x, y, radius, 0, 2 * Math.PI);
  context.fillStyle = color;
  context.fill();
}

/** An arrow from (x0, y0) to (x1, y1), screen pixels, its head `head` long. */
export function drawArrow(context, x0, y0, x1, y1, color, width, head = 9) {
  const length = Math.hypot(x1 - x0, y1 - y0);
  context.strokeStyle = color;
  context.fillStyle = color;
  context.lineWidth = width;
  if (length < 1) return;
  const ux = (x1 - x0) / length;
  const uy = (y1 - y0) / length;
  const tip = Math.min(head, length);
  context.beginPath();
  context.moveTo(x0, y0);
  context.lineTo(x1 - ux * tip * 0.8, y1 - uy * tip * 0.8);
  context.stroke();
  context.beginPath();
  context.moveTo(x1, y1);
  context.lineTo(x1 - ux * tip - uy * tip * 0.45, y1 - uy * tip + ux * tip * 0.45);
  context.lineTo(x1 - ux * tip + uy * tip * 0.45, y1 - uy * tip - ux * tip * 0.45);
  context.closePath();
  context.fill();
}

export function drawLabel(context, text, x, y, color, { align = "left", baseline = "middle", size = 14, weight = 400 } = {}) {
  context.font = `${weight} ${size}px system-ui, "Noto Sans TC", "Noto Sans CJK TC", sans-serif`;
  context.textAlign = align;
  context.textBaseline = baseline;
  context.fillStyle = color;
  context.fillText(text, x, y);
}

/** `color` (#rrggbb) at `alpha`, for fills behind the data. */
export function translucent(color, alpha) {
  const value = parseInt(color.slice(1), 16);
  return `rgba(${(value >> 16) & 255}, ${(value >> 8) & 255}, ${value & 255}, ${alpha})`;
}

/** The dot radius for a figure `width` CSS pixels wide: readable on a phone, not blobs on
 *  a desktop. */
export function dotRadius(width) {
  return Math.max(2.6, Math.min(4.2, width / 150));
}
