// Handles the reader moves: by pointer (mouse, pen, touch) and by keyboard.
//
// Each handle is an element over the canvas with role="slider": focusable, its name and
// value read by screen readers (aria-label, aria-valuetext), moved by the arrow keys one
// step at a time (Shift: a big step), and by dragging. `touch-action: none` on it (in the
// CSS) keeps a finger that drags a handle from scrolling the page; a finger anywhere else
// on the figure still scrolls. Values are kept to hundredths: what the figure shows is
// what it computes with.

const KEY_STEPS = {
  ArrowRight: [1, 0],
  ArrowLeft: [-1, 0],
  ArrowUp: [0, 1],
  ArrowDown: [0, -1],
};

export function roundValue(value) {
  return Math.round(value * 100) / 100 + 0; // + 0: never -0
}

export class Handle {
  /**
   * options: `label` (what it is, e.g. "î 的終點"), `tone` (whose colour: "i", "j",
   * "bias" or "threshold", custom properties of the figure), `dimensions` (1 or 2),
   * `get()` and `set(value)` (a number, or [x, y]), `limit` (every coordinate within
   * -limit..limit), `fromScreen(sx, sy)` (the value under a pointer), `valueText(value)`,
   * `describedBy` (the id of the figure's hint), `step` and `bigStep`, `onInput()` (after
   * each change), `onCommit()` (after a drag or a key press).
   */
  constructor(parent, options) {
    this.options = { step: 0.1, bigStep: 1, dimensions: 2, ...options };
    const element = document.createElement("div");
    element.className = `explore__handle explore__handle--${options.tone}`;
    element.tabIndex = 0;
    element.setAttribute("role", "slider");
    element.setAttribute("aria-label", options.label);
    element.setAttribute("aria-valuemin", String(-options.limit));
    element.setAttribute("aria-valuemax", String(options.limit));
    if (this.options.dimensions === 1) element.setAttribute("aria-orientation", "horizontal");
    if (options.describedBy) element.setAttribute("aria-describedby", options.describedBy);
    const dot = document.createElement("span");
    dot.className = "explore__handle-dot";
    element.append(dot);
    parent.append(element);
    this.element = element;
    this.x = null;
    this.y = null;
    this.dragging = null;
    element.addEventListener("pointerdown", (event) => this.pointerDown(event));
    element.addEventListener("pointermove", (event) => this.pointerMove(event));
    element.addEventListener("pointerup", (event) => this.pointerUp(event));
    element.addEventListener("pointercancel", (event) => this.pointerUp(event));
    element.addEventListener("lostpointercapture", () => this.endDrag());
    element.addEventListener("keydown", (event) => this.keyDown(event));
    this.describe();
  }

  /** Put the handle at screen (sx, sy), CSS pixels from the stage's top left; `null` hides it. */
  place(sx, sy) {
    const hidden = sx === null || !Number.isFinite(sx) || !Number.isFinite(sy);
    if (hidden !== this.element.hidden) this.element.hidden = hidden;
    if (hidden) return;
    if (sx === this.x && sy === this.y) return;
    this.x = sx;
    this.y = sy;
    this.element.style.transform = `translate(${sx.toFixed(1)}px, ${sy.toFixed(1)}px)`;
  }

  /** Bring aria-valuenow and aria-valuetext up to date. */
  describe() {
    const value = this.options.get();
    const now = Array.isArray(value) ? value[0] : value;
    const text = this.options.valueText(value);
    if (this.element.getAttribute("aria-valuetext") !== text) {
      this.element.setAttribute("aria-valuenow", String(roundValue(now)));
      this.element.setAttribute("aria-valuetext", text);
    }
  }

  change(value) {
    const limit = this.options.limit;
    const clampOne = (v) => roundValue(Math.min(limit, Math.max(-limit, v)));
    const next = Array.isArray(value) ? value.map(clampOne) : clampOne(value);
    this.options.set(next);
    this.describe();
    if (this.options.onInput) this.options.onInput();
  }

  pointerDown(event) {
    if (event.button !== 0 && event.pointerType === "mouse") return;
    event.preventDefault();
    this.element.focus({ preventScroll: true });
    this.element.setPointerCapture(event.pointerId);
    // Keep the spot of the handle that was grabbed under the pointer: no jump.
    const box = this.element.parentElement.getBoundingClientRect();
    this.dragging = {
      pointer: event.pointerId,
      box,
      offsetX: event.clientX - box.left - this.x,
      offsetY: event.clientY - box.top - this.y,
    };
    this.element.classList.add("is-dragging");
  }

  pointerMove(event) {
    const drag = this.dragging;
    if (!drag || event.pointerId !== drag.pointer) return;
    event.preventDefault();
    const sx = event.clientX - drag.box.left - drag.offsetX;
    const sy = event.clientY - drag.box.top - drag.offsetY;
    this.change(this.options.fromScreen(sx, sy));
  }

  pointerUp(event) {
    if (!this.dragging || event.pointerId !== this.dragging.pointer) return;
    this.endDrag();
  }

  endDrag() {
    if (!this.dragging) return;
    this.dragging = null;
    this.element.classList.remove("is-dragging");
    if (this.options.onCommit) this.options.onCommit();
  }

  keyDown(event) {
    const value = this.options.get();
    const amount = event.shiftKey ? this.options.bigStep : this.options.step;
    let next = null;
    if (this.options.dimensions === 2 && KEY_STEPS[event.key]) {
      const [dx, dy] = KEY_STEPS[event.key];
      next = [value[0] + dx * amount, value[1] + dy * amount];
    } else if (this.options.dimensions === 1) {
      const limit = this.options.limit;
      const moves = {
        ArrowRight: amount, ArrowUp: amount, ArrowLeft: -amount, ArrowDown: -amount,
        PageUp: this.options.bigStep, PageDown: -this.options.bigStep,
      };
      if (event.key in moves) next = value + moves[event.key];
      else if (event.key === "Home") next = -limit;
      else if (event.key === "End") next = limit;
    }
    if (next === null) return;
    event.preventDefault();
    this.change(next);
    if (this.options.onCommit) this.options.onCommit();
  }
}
