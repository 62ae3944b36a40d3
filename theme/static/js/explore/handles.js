// Handles the reader moves: by pointer (mouse, pen, touch) and by keyboard.
//
// Each handle is an element over the canvas with role="slider": focusable, its name and
// value read by screen readers (aria-label, aria-valuetext), moved by the arrow keys one
// step at a time (Shift: a big step), and by dragging. `touch-action: none` on it (in the
// CSS) keeps a finger that drags a handle from scrolling the page; a finger anywhere else
// on the figure still scrolls. The element itself is an invisible 44px target with a
// focus ring; its dot is drawn on the canvas. While a drag lasts, no handle element moves
// and no attribute changes (pointer capture keeps the moves coming to the grabbed one):
// only the canvas does, which is what keeps a drag smooth (see stage.js). Everything is
// brought up to date when the drag ends. Values are kept to hundredths: what the figure
// shows is what it computes with.

const KEY_STEPS = {
  ArrowRight: [1, 0],
  ArrowLeft: [-1, 0],
  ArrowUp: [0, 1],
  ArrowDown: [0, -1],
};

export function roundValue(value) {
  return Math.round(value * 100) / 100 + 0; // + 0: never -0
}

/** The handles of one figure: they know whether one of them is being dragged. */
export class HandleGroup {
  constructor() {
    this.handles = [];
    this.dragging = null;
  }

  /** Bring every handle's aria values up to date (not during a drag). */
  describe() {
    if (!this.dragging) this.handles.forEach((handle) => handle.describe());
  }
}

export class Handle {
  /**
   * options: `group` (the figure's HandleGroup), `label` (what it is, e.g. "î 的終點"),
   * `tone` (whose colour: "i", "j", "bias" or "threshold"), `dimensions` (1 or 2),
   * `get()` and `set(value)` (a number, or [x, y]), `limit` (every coordinate within
   * -limit..limit), `fromScreen(sx, sy)` (the value under a pointer), `valueText(value)`,
   * `describedBy` (the id of the figure's hint), `step` and `bigStep`, `onInput()` (after
   * each change), `onCommit()` (after a drag or a key press).
   */
  constructor(parent, options) {
    this.options = { step: 0.1, bigStep: 1, dimensions: 2, ...options };
    this.group = options.group;
    this.group.handles.push(this);
    const element = document.createElement("div");
    element.className = `explore__handle explore__handle--${options.tone}`;
    element.tabIndex = 0;
    element.setAttribute("role", "slider");
    element.setAttribute("aria-label", options.label);
    element.setAttribute("aria-valuemin", String(-options.limit));
    element.setAttribute("aria-valuemax", String(options.limit));
    if (this.options.dimensions === 1) element.setAttribute("aria-orientation", "horizontal");
    if (options.describedBy) element.setAttribute("aria-describedby", options.describedBy);
    element.hidden = true; // until the figure places it
    parent.append(element);
    this.element = element;
    this.x = null;
    this.y = null;
    this.visible = false;
    this.pointer = null;
    element.addEventListener("pointerdown", (event) => this.pointerDown(event));
    element.addEventListener("pointermove", (event) => this.pointerMove(event));
    element.addEventListener("pointerup", (event) => this.pointerUp(event));
    element.addEventListener("pointercancel", (event) => this.pointerUp(event));
    element.addEventListener("lostpointercapture", () => this.endDrag());
    element.addEventListener("keydown", (event) => this.keyDown(event));
    this.describe();
  }

  get dragged() {
    return this.group.dragging === this;
  }

  /** Where the handle is now, CSS pixels from the stage's top left; `null` when it is not on
   *  screen. The figure draws its dot there; the element follows unless a drag is on. */
  place(sx, sy) {
    this.visible = sx !== null && Number.isFinite(sx) && Number.isFinite(sy);
    this.x = this.visible ? sx : null;
    this.y = this.visible ? sy : null;
    if (this.group.dragging) return;
    const element = this.element;
    if (element.hidden === this.visible) element.hidden = !this.visible;
    if (!this.visible) return;
    const transform = `translate(${sx.toFixed(1)}px, ${sy.toFixed(1)}px)`;
    if (element.style.transform !== transform) element.style.transform = transform;
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
    if (this.options.onInput) this.options.onInput();
  }

  pointerDown(event) {
    if (event.button !== 0 && event.pointerType === "mouse") return;
    if (this.group.dragging) return; // one handle at a time
    // Nothing on the page changes as a drag begins (not even focus or a class): any change
    // to an element costs this long page a re-layering, felt as a stutter on a slow phone.
    event.preventDefault();
    this.element.setPointerCapture(event.pointerId);
    // Keep the spot of the handle that was grabbed under the pointer: no jump.
    const box = this.element.parentElement.getBoundingClientRect();
    this.pointer = {
      id: event.pointerId,
      box,
      offsetX: event.clientX - box.left - this.x,
      offsetY: event.clientY - box.top - this.y,
    };
    this.group.dragging = this;
  }

  pointerMove(event) {
    const pointer = this.pointer;
    if (!pointer || event.pointerId !== pointer.id) return;
    event.preventDefault();
    const sx = event.clientX - pointer.box.left - pointer.offsetX;
    const sy = event.clientY - pointer.box.top - pointer.offsetY;
    this.change(this.options.fromScreen(sx, sy));
  }

  pointerUp(event) {
    if (!this.pointer || event.pointerId !== this.pointer.id) return;
    this.endDrag();
  }

  endDrag() {
    if (!this.pointer) return;
    this.pointer = null;
    this.group.dragging = null;
    // The handle let go of keeps the focus: the arrow keys go on from there.
    this.element.focus({ preventScroll: true });
    this.group.describe();
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
    this.group.describe();
    if (this.options.onCommit) this.options.onCommit();
  }
}
