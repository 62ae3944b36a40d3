// Where a function of the plane crosses zero, as line segments on screen: marching squares
// over a grid of cells laid across what a view shows. Written here because it is a few
// lines and no small library does it for a canvas in the browser.

import { lerp } from "./maths.js";
import { toScreen, visibleBox } from "./view.js";

/** Segments ([[sx, sy], [sx, sy]]) where `value(x, y)` changes sign, over `columns` cells
 *  across the view `v` (and as many rows as keep the cells square). */
export function zeroCrossings(v, columns, value) {
  const box = visibleBox(v);
  const rows = Math.max(2, Math.round((columns * v.region.height) / v.region.width));
  const values = new Float64Array((columns + 1) * (rows + 1));
  const screen = new Float64Array(values.length * 2);
  for (let i = 0; i <= columns; i += 1) {
    for (let j = 0; j <= rows; j += 1) {
      const n = i * (rows + 1) + j;
      const x = lerp(box.minX, box.maxX, i / columns);
      const y = lerp(box.minY, box.maxY, j / rows);
      values[n] = value(x, y);
      [screen[2 * n], screen[2 * n + 1]] = toScreen(v, x, y);
    }
  }
  const segments = [];
  for (let i = 0; i < columns; i += 1) {
    for (let j = 0; j < rows; j += 1) {
      const corners = [i * (rows + 1) + j, (i + 1) * (rows + 1) + j, (i + 1) * (rows + 1) + j + 1, i * (rows + 1) + j + 1];
      const crossings = [];
      corners.forEach((here, k) => {
        const next = corners[(k + 1) % 4];
        const [a, b] = [values[here], values[next]];
        if ((a > 0) !== (b > 0)) {
          const f = a / (a - b);
          crossings.push([lerp(screen[2 * here], screen[2 * next], f), lerp(screen[2 * here + 1], screen[2 * next + 1], f)]);
        }
      });
      for (let k = 0; k + 1 < crossings.length; k += 2) segments.push([crossings[k], crossings[k + 1]]);
    }
  }
  return segments;
}
