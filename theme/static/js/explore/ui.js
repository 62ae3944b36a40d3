// The parts of a figure's panel: the numbers (drawn, like the picture, so that nothing but
// canvases changes while the reader drags), the text screen readers hear, and buttons.
// Every part has a fixed height in the CSS (the panel's height was reserved before this
// ran), so filling or changing them moves nothing on the page.

import { formatNumber } from "./maths.js";

let counter = 0;

/** A new id, unique on the page, starting with `stem`. */
export function uniqueId(stem) {
  counter += 1;
  return `${stem}-${counter}`;
}

export function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** The keyboard hint the handles point to (aria-describedby), read but not shown. */
export function hint(parent, text) {
  const node = element("p", "visually-hidden", text);
  node.id = uniqueId("explore-hint");
  parent.append(node);
  return node.id;
}

/** A button; with `icon`, the label gives way to the icon on the narrowest screens (it
 *  stays the button's name for screen readers). */
export function button(parent, label, onClick, icon) {
  const node = element("button", "explore__button");
  if (icon) {
    const mark = element("span", "explore__icon", icon);
    mark.setAttribute("aria-hidden", "true");
    node.append(mark, element("span", "explore__label", label));
  } else {
    node.textContent = label;
  }
  node.type = "button";
  node.addEventListener("click", onClick);
  parent.append(node);
  return node;
}

/** The stage box's background before and between paints: the scenes' own. */
export function paintBackground(figure, colors) {
  if (figure.style.getPropertyValue("--explore-background") !== colors.background) {
    figure.style.setProperty("--explore-background", colors.background);
  }
}

/**
 * Numbers in the panel: matrices (`{name, sub, rows, marks}`, each column underlined in
 * the scene colour of what it is: "i_hat", "j_hat", "bias" or "threshold") and lines of
 * text (`{text, bold}`), drawn left to right on a canvas of the panel's reserved height,
 * in the page's text colour and font; smaller type if they would not fit the width.
 * What a screen reader hears instead is `say(text)`, written when the reader lets go.
 */
export class Readout {
  constructor(parent, stage, kind = "") {
    this.stage = stage;
    this.canvas = element("canvas", "explore__readout" + (kind ? ` explore__readout--${kind}` : ""));
    this.spoken = element("p", "visually-hidden");
    parent.append(this.canvas, this.spoken);
    this.surface = stage.surface(this.canvas);
    this.context = this.surface.context;
    this.shown = [];
    this.ink = null;
    this.resize();
    new ResizeObserver(() => {
      this.resize();
      stage.request();
    }).observe(this.canvas);
  }

  resize() {
    const box = this.canvas.getBoundingClientRect();
    this.ratio = Math.min(window.devicePixelRatio || 1, 2);
    this.width = box.width;
    this.height = box.height;
    this.surface.size(Math.max(1, Math.round(box.width * this.ratio)), Math.max(1, Math.round(box.height * this.ratio)));
    this.drawn = null;
    const style = getComputedStyle(this.canvas);
    this.size = parseFloat(style.fontSize) || 14;
    this.family = style.fontFamily;
  }

  /** The text screen readers get, written only when it changes. */
  say(text) {
    if (this.spoken.textContent !== text) this.spoken.textContent = text;
  }

  /** What the canvas shows, as text: each matrix's entries, each line. */
  text() {
    return this.shown.map((item) => (item.rows ? item.rows.flat().map((v) => formatNumber(v)) : item.text));
  }

  draw(items, colors) {
    // Drawn again only when what it says changes (or its size, or the theme).
    const key = `${this.width} ${this.stage.theme} ${JSON.stringify(items)}`;
    if (key === this.drawn) return;
    this.drawn = key;
    this.shown = items;
    const context = this.context;
    context.setTransform(this.ratio, 0, 0, this.ratio, 0, 0);
    context.clearRect(0, 0, this.width, this.height);
    if (!this.width) return;
    // The page's text colour for this theme (read once per theme: not on every frame).
    const theme = this.stage.theme;
    if (!this.ink || this.ink.theme !== theme) this.ink = { theme, color: getComputedStyle(this.canvas).color };
    const natural = this.layout(items, this.size, null);
    const size = natural > this.width ? (this.size * this.width) / natural : this.size;
    this.layout(items, size, { context, colors });
  }

  /** Lay `items` out at font `size`; draw them when `paint` is given. Returns the width. */
  layout(items, size, paint) {
    const context = this.context;
    const gap = size * 0.9;
    const line = size * 1.45;
    const middle = this.height / 2;
    const font = (weight, style = "", family = this.family, px = size) => `${style} ${weight} ${px}px ${family}`;
    let x = 0;
    items.forEach((item, index) => {
      if (index) x += gap;
      if (item.text !== undefined) {
        context.font = font(item.bold ? 700 : 400);
        if (paint) this.write(item.text, x, middle, "left");
        x += context.measureText(item.text).width;
        return;
      }
      // name = [ entries ]
      context.font = font(400, "italic", '"Times New Roman", serif');
      if (paint) this.write(item.name, x, middle, "left");
      x += context.measureText(item.name).width;
      if (item.sub) {
        context.font = font(400, "", '"Times New Roman", serif', size * 0.7);
        if (paint) this.write(item.sub, x + 1, middle + size * 0.35, "left");
        x += context.measureText(item.sub).width + 1;
      }
      context.font = font(400);
      if (paint) this.write("=", x + size * 0.35, middle, "left");
      x += context.measureText("=").width + size * 0.7;
      context.font = font(400);
      const column = context.measureText("\u22120.00").width;
      const columnGap = size * 0.6;
      const rows = item.rows.length;
      const columns = item.rows[0].length;
      const top = middle - (rows * line) / 2;
      const inner = columns * column + (columns - 1) * columnGap + size * 0.7;
      if (paint) {
        const { context: c, colors } = paint;
        c.strokeStyle = this.ink.color;
        c.lineWidth = 1.5;
        for (const [edge, direction] of [[x, 1], [x + inner, -1]]) {
          c.beginPath();
          c.moveTo(edge + direction * 4, top);
          c.lineTo(edge, top);
          c.lineTo(edge, top + rows * line);
          c.lineTo(edge + direction * 4, top + rows * line);
          c.stroke();
        }
        item.rows.forEach((values, r) => {
          values.forEach((value, k) => {
            const right = x + size * 0.35 + (k + 1) * column + k * columnGap;
            const y = top + (r + 0.5) * line;
            this.write(formatNumber(value), right, y, "right");
            const mark = item.marks && item.marks[k];
            if (mark) {
              c.fillStyle = colors[mark];
              c.fillRect(right - column, y + size * 0.62, column, 2);
            }
          });
        });
      }
      x += inner;
    });
    return x;
  }

  write(text, x, y, align) {
    const context = this.context;
    context.fillStyle = this.ink.color;
    context.textAlign = align;
    context.textBaseline = "middle";
    context.fillText(text, x, y);
  }
}

/**
 * The accuracy, for screen readers: a polite live region that speaks it once the reader
 * lets go (not on every frame of a drag, which would bury them in announcements).
 */
export function liveRegion(parent) {
  const live = element("p", "visually-hidden");
  live.setAttribute("aria-live", "polite");
  parent.append(live);
  let timer = 0;
  return (text) => {
    window.clearTimeout(timer);
    if (!live.textContent) {
      live.textContent = text; // the first words: what it says as the figure appears
      return;
    }
    timer = window.setTimeout(() => {
      if (live.textContent !== text) live.textContent = text;
    }, 300);
  };
}

/**
 * A numbered list of steps, one button each ({name, label}), named for screen readers as
 * `label`; returns `mark(index)`, which marks the step now shown (aria-current).
 */
export function stepList(parent, label, steps, onPick) {
  const list = element("ol", "explore__steps");
  list.setAttribute("aria-label", label);
  parent.append(list);
  const buttons = steps.map((step, index) => {
    const item = element("li");
    list.append(item);
    const node = button(item, step.name, () => onPick(index));
    node.setAttribute("aria-label", `第 ${index + 1} 步：${step.label}`);
    return node;
  });
  return (index) => buttons.forEach((node, k) => {
    if (k === index) node.setAttribute("aria-current", "step");
    else node.removeAttribute("aria-current");
  });
}
