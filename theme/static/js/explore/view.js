// Views: where the data plane lands in a rectangle of a figure's canvas, and back. A view
// is plain data ({region, cx, cy, scale}), so a figure can keep one per step and blend
// two of them while it walks between steps.

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

/** The ends of the line w . p = level across `box`, in data units, or null if w is 0. */
export function lineAcross(box, w, level) {
  if (Math.abs(w[1]) > 1e-12) return [box.minX, box.maxX].map((x) => [x, (level - w[0] * x) / w[1]]);
  if (Math.abs(w[0]) > 1e-12) return [box.minY, box.maxY].map((y) => [level / w[0], y]);
  return null;
}
