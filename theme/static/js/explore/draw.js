// What the figures draw, on a canvas or on the Recorder that stands in for one (stage.js):
// grids, dots, crosses for wrong predictions, arrows, handles' dots, labels. Screen places
// come from views (view.js); everything here is in CSS pixels.

import { formatNumber, lerp } from "./maths.js";
import { toScreen, visibleBox } from "./view.js";

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

/** The number line's two sides of a threshold at screen x `at`, tinted with the class
 *  predicted there: from `left` to `at` below it, from `at` to `right` above it. */
export function fillSides(context, at, { left, right, top, height }, below, above) {
  context.fillStyle = translucent(below, 0.14);
  context.fillRect(left, top, Math.max(0, at - left), height);
  context.fillStyle = translucent(above, 0.14);
  context.fillRect(at, top, Math.max(0, right - at), height);
}

/** Polylines blended between two of their states: `lines[n][k]` holds line n's samples
 *  (flat x, y data pairs) at state k; drawn a fraction `f` of the way from `low` to `high`. */
export function strokeBetween(context, v, lines, low, high, f, color, width) {
  const [ox, oy] = toScreen(v, 0, 0);
  context.strokeStyle = color;
  context.lineWidth = width;
  context.beginPath();
  for (const sampled of lines) {
    const [a, b] = [sampled[low], sampled[high]];
    for (let n = 0; n < a.length; n += 2) {
      const x = ox + lerp(a[n], b[n], f) * v.scale;
      const y = oy - lerp(a[n + 1], b[n + 1], f) * v.scale;
      if (n) context.lineTo(x, y);
      else context.moveTo(x, y);
    }
  }
  context.stroke();
}

/** î and ĵ: arrows from (ox, oy) to their tips (screen pixels), each named just past its
 *  tip; the names last, over both arrows. */
export function drawBasis(context, ox, oy, tips, tones, { head = 12, size = 18 } = {}) {
  tips.forEach(([x, y], k) => drawArrow(context, ox, oy, x, y, tones[k], 3, head));
  tips.forEach(([x, y], k) => {
    const length = Math.hypot(x - ox, y - oy) || 1;
    const [lx, ly] = [x + ((x - ox) / length) * 24, y + ((y - oy) / length) * 24];
    drawLabel(context, k ? "ĵ" : "î", lx, ly, tones[k], { align: "center", size, weight: 700 });
  });
}

/** A number line across `v` at screen height `y`, from `left` to `right`: its axis, a tick
 *  at every `every` units and the tick's number under it. */
export function drawNumberLine(context, v, y, left, right, every, colors) {
  const box = visibleBox(v);
  const ticks = [[[left, y], [right, y]]];
  for (let k = Math.ceil(box.minX / every) * every; k <= box.maxX; k += every) {
    const [x] = toScreen(v, k, 0);
    ticks.push([[x, y - 4], [x, y + 4]]);
  }
  strokeLines(context, ticks, colors.axis, 1.5);
  for (let k = Math.ceil(box.minX / every) * every; k <= box.maxX; k += every) {
    drawLabel(context, formatNumber(k, 0), toScreen(v, k, 0)[0], y + 16, colors.muted, { align: "center", size: 11 });
  }
}

/** `text` in the figure's top-left corner, on a veil of the background. */
export function drawCaption(context, text, colors) {
  context.fillStyle = translucent(colors.background, 0.8);
  context.font = "600 14px system-ui, sans-serif";
  context.fillRect(6, 6, context.measureText(text).width + 14, 26);
  drawLabel(context, text, 13, 19, colors.text, { size: 14, weight: 600 });
}
