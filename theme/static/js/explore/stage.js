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
