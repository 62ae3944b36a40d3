// The 2-2-1 network on the hard curves, step by step: the reader walks through W1, b1,
// ReLU, W2 and b2 (the steps of the video), and moves W1 and b1 -- the tips of î and ĵ
// and the point where the origin lands -- to watch the fold and the accuracy change.
//
// Every step is a map of the plane; between two steps each point slides from where one
// puts it to where the next does (at once under reduced motion). The grid lines of the
// input plane are drawn through the same maps: straight through W1 and b1, bent where
// ReLU folds them (they are cut at the fold, so each piece stays exact). Where every
// point is at every step is worked out when the weights change, not on every frame.

import { Handle, HandleGroup } from "./handles.js";
import {
  accuracyText,
  clamp,
  countCorrect,
  flatten,
  formatNumber,
  lerp,
  predict,
  relu,
  withValues,
} from "./maths.js";
import {
  Stage,
  animate,
  boxAround,
  clipTo,
  dotRadius,
  drawArrow,
  drawCrosses,
  drawDots,
  drawGrid,
  drawHandle,
  drawLabel,
  fitView,
  strokeLines,
  toData,
  toScreen,
  translucent,
  view,
  visibleBox,
} from "./stage.js";
import { Readout, button, element, hint, liveRegion, paintBackground } from "./ui.js";

// Milliseconds per step of the walk between steps: long enough to follow a point.
const STEP_MS = 650;
// The input plane's grid lines drawn through the steps.
const GRID_X = [-4, -3, -2, -1, 0, 1, 2, 3, 4];
const GRID_Y = [-3, -2, -1, 0, 1, 2, 3];

function copyMatrix(matrix) {
  return matrix.map((row) => row.slice());
}

export function create(figure, data, start) {
  const record = data.network;
  const folds = record.activation === "relu";
  const last = record.layers[1];
  const stored = { W1: copyMatrix(record.layers[0].W), b1: record.layers[0].b.slice() };
  const state = { W1: copyMatrix(start.W1 || stored.W1), b1: (start.b1 || stored.b1).slice() };
  const steps = [
    { name: "輸入", label: "輸入的資料", formula: "輸入 x" },
    { name: "W₁", label: "乘上 W₁", formula: "W₁x" },
    { name: "b₁", label: "加上 b₁", formula: "W₁x + b₁" },
    ...(folds ? [{ name: "ReLU", label: "套用 ReLU", formula: "h = ReLU(W₁x + b₁)" }] : []),
    { name: "W₂", label: "乘上 W₂", formula: folds ? "W₂h" : "W₂(W₁x + b₁)" },
    { name: "b₂", label: "加上 b₂，比較門檻值", formula: folds ? "W₂h + b₂" : "W₂(W₁x + b₁) + b₂" },
  ];
  const LAST_PLANE = folds ? 3 : 2; // the last step that is still a plane
  const points = flatten(data.points);
  const labels = Uint8Array.from(data.labels);
  const count = labels.length;
  const predictions = new Uint8Array(count);
  // Where each point is at each step (flat x, y pairs), and its place on screen this frame.
  const places = steps.map(() => new Float64Array(count * 2));
  const xs = new Float64Array(count);
  const ys = new Float64Array(count);
  let grid = []; // per grid line: its samples' places at each step
  let roof = null; // the input plane's boundary, as last worked out: {key, segments}
  let correct = 0;
  let version = 0; // counts changes of the weights
  const stageElement = figure.querySelector(".explore__stage");
  const panel = figure.querySelector(".explore__panel");
  let shown = 0; // the step on screen; fractional while walking between two
  let views = [];
  let region = null;
  let stopWalk = () => {};
  let stopReset = () => {};

  const stage = new Stage(stageElement, data.palettes, draw);

  // ---- Panel: the steps, W1 and b1, the accuracy
  const list = element("ol", "explore__steps");
  list.setAttribute("aria-label", "逐步看這個網路");
  panel.append(list);
  const stepButtons = steps.map((step, index) => {
    const item = element("li");
    list.append(item);
    const node = button(item, step.name, () => walkTo(index));
    node.setAttribute("aria-label", `第 ${index + 1} 步：${step.label}`);
    return node;
  });
  const numbers = element("div", "explore__row");
  panel.append(numbers);
  const numbersReadout = new Readout(numbers, stage, "matrix");
  button(numbers, "還原訓練結果", () => resetWeights(), "↺");
  const accuracy = element("div", "explore__row");
  panel.append(accuracy);
  const accuracyReadout = new Readout(accuracy, stage, "line");
  const speak = liveRegion(panel);
  const hintId = hint(panel, "在 W₁、b₁ 與 ReLU 這幾步可以拖曳，或用方向鍵移動 0.1；按住 Shift 一次移動 1。");

  // ---- Handles: W1's columns (where î and ĵ land) and b1 (where the origin lands)
  const group = new HandleGroup();
  // A handle stays on the figure: the pointer's place is taken no further than its edge.
  const inView = (sx, sy) =>
    toData(views[Math.round(shown)], clamp(sx, 8, region.width - 8), clamp(sy, 8, region.height - 8));
  const biased = () => Math.round(shown) >= 2;
  const common = {
    group,
    dimensions: 2,
    describedBy: hintId,
    valueText: ([x, y]) => `(${formatNumber(x)}, ${formatNumber(y)})`,
    onInput: () => {
      stopReset();
      changed(false);
    },
    onCommit: () => changed(true),
  };
  const column = (index) => ({
    limit: data.limits.W1,
    get: () => [state.W1[0][index], state.W1[1][index]],
    set: ([x, y]) => {
      state.W1[0][index] = x;
      state.W1[1][index] = y;
    },
    fromScreen: (sx, sy) => {
      const [x, y] = inView(sx, sy);
      return biased() ? [x - state.b1[0], y - state.b1[1]] : [x, y];
    },
  });
  const handles = {
    i: new Handle(stageElement, { ...common, ...column(0), label: "î 的落點：W₁ 的第一行", tone: "i" }),
    j: new Handle(stageElement, { ...common, ...column(1), label: "ĵ 的落點：W₁ 的第二行", tone: "j" }),
    b: new Handle(stageElement, {
      ...common,
      label: "原點的落點：b₁",
      tone: "bias",
      limit: data.limits.b1,
      get: () => state.b1.slice(),
      set: (value) => (state.b1 = value),
      fromScreen: inView,
    }),
  };

  function network() {
    return withValues(record, state);
  }

  // ---- Where a point is at each step ------------------------------------------------

  /** The input point (x, y) at every step, written into `out[k]` at `offset`. */
  function trace(x, y, out, offset) {
    const W = state.W1;
    const w1 = W[0][0] * x + W[0][1] * y;
    const w2 = W[1][0] * x + W[1][1] * y;
    const s1 = w1 + state.b1[0];
    const s2 = w2 + state.b1[1];
    const h1 = folds ? relu(s1) : s1;
    const h2 = folds ? relu(s2) : s2;
    const line = last.W[0][0] * h1 + last.W[0][1] * h2;
    const at = [x, y, w1, w2, s1, s2];
    if (folds) at.push(h1, h2);
    at.push(line, 0, line + last.b[0], 0);
    for (let k = 0; k < out.length; k += 1) {
      out[k][offset] = at[2 * k];
      out[k][offset + 1] = at[2 * k + 1];
    }
  }

  /** The input grid's lines, sampled at their ends and where ReLU folds them. */
  function traceGrid() {
    const lines = [];
    const cut = (ax, ay, bx, by) => {
      const params = [0, 1];
      if (folds) {
        // Where the line crosses an axis before the fold: s1 or s2 = 0 along it.
        const W = state.W1;
        for (const k of [0, 1]) {
          const sa = W[k][0] * ax + W[k][1] * ay + state.b1[k];
          const sb = W[k][0] * bx + W[k][1] * by + state.b1[k];
          const f = sa / (sa - sb);
          if (f > 0 && f < 1) params.push(f);
        }
      }
      params.sort((u, w) => u - w);
      const sampled = steps.map(() => new Float64Array(params.length * 2));
      params.forEach((f, n) => trace(lerp(ax, bx, f), lerp(ay, by, f), sampled, 2 * n));
      lines.push(sampled);
    };
    for (const x of GRID_X) cut(x, GRID_Y[0], x, GRID_Y[GRID_Y.length - 1]);
    for (const y of GRID_Y) cut(GRID_X[0], y, GRID_X[GRID_X.length - 1], y);
    return lines;
  }

  /** How far `s` is into the number-line steps: 0 in the plane, 1 on the line. */
  function onLine(s) {
    return clamp(s - LAST_PLANE, 0, 1);
  }

  function fitViews() {
    // Framed below the formula in the corner.
    const framed = { ...region, top: region.top + 30, height: region.height - 30 };
    const fit = (box, margin) => {
      const inner = fitView(framed, box, margin);
      return view(region, inner.cx, inner.cy + 15 / inner.scale, inner.scale);
    };
    views = steps.map((_, index) => {
      const at = places[index];
      if (index > LAST_PLANE) {
        let [low, high] = [Math.min(0, record.threshold), Math.max(0, record.threshold)];
        for (let i = 0; i < count; i += 1) {
          low = Math.min(low, at[2 * i]);
          high = Math.max(high, at[2 * i]);
        }
        return fit({ minX: low, maxX: high, minY: -0.01, maxY: 0.01 }, 0.1);
      }
      const spots = [];
      for (let i = 0; i < count; i += 1) spots.push([at[2 * i], at[2 * i + 1]]);
      if (index >= 1) {
        // The handles too: the reader must be able to reach them.
        const origin = index >= 2 ? state.b1 : [0, 0];
        spots.push(origin, [origin[0] + state.W1[0][0], origin[1] + state.W1[1][0]],
                   [origin[0] + state.W1[0][1], origin[1] + state.W1[1][1]]);
      }
      return fit(boxAround(spots), 0.07);
    });
  }

  function viewAt(s) {
    const low = Math.floor(s);
    const high = Math.min(views.length - 1, low + 1);
    const f = s - low;
    const [a, b] = [views[low], views[high]];
    return view(region, lerp(a.cx, b.cx, f), lerp(a.cy, b.cy, f), a.scale * Math.pow(b.scale / a.scale, f));
  }

  // ---- Changes ---------------------------------------------------------------------

  function layout() {
    region = { left: 0, top: 0, width: stage.width, height: stage.height };
    changed(true);
    fitViews();
  }

  function changed(settled) {
    version += 1;
    for (let i = 0; i < count; i += 1) trace(points[2 * i], points[2 * i + 1], places, 2 * i);
    grid = traceGrid();
    predict(network(), points, count, predictions);
    correct = countCorrect(predictions, labels);
    if (settled) {
      group.describe();
      const [[a, b], [c, d]] = state.W1.map((row) => row.map((v) => formatNumber(v)));
      const [p, q] = state.b1.map((v) => formatNumber(v));
      numbersReadout.say(`W₁ 的第一行（î 的落點）是 (${a}, ${c})，第二行（ĵ 的落點）是 (${b}, ${d})；b₁ 是 (${p}, ${q})`);
      speak(accuracyText(correct, count));
    }
    stage.request();
  }

  function walkTo(index) {
    stopWalk();
    const from = shown;
    stepButtons.forEach((node, k) => {
      if (k === index) node.setAttribute("aria-current", "step");
      else node.removeAttribute("aria-current");
    });
    // The other steps are framed around the weights as they are now; the step on screen
    // keeps its frame, so nothing jumps as the walk begins.
    const current = Number.isInteger(from) ? views[from] : null;
    fitViews();
    if (current) views[from] = current;
    stopWalk = animate(
      stage,
      STEP_MS * Math.min(3, Math.abs(index - from)),
      (t) => {
        shown = lerp(from, index, t);
        stage.request();
      },
      () => {
        shown = index;
        stage.request();
      }
    );
  }

  function resetWeights() {
    stopReset();
    const from = { W1: copyMatrix(state.W1), b1: state.b1.slice() };
    stopReset = animate(
      stage,
      600,
      (t) => {
        state.W1 = from.W1.map((row, r) => row.map((value, c) => lerp(value, stored.W1[r][c], t)));
        state.b1 = from.b1.map((value, k) => lerp(value, stored.b1[k], t));
        changed(false);
      },
      () => changed(true)
    );
  }

  // ---- Drawing ----------------------------------------------------------------------

  /** The input plane's boundary (output = threshold), by marching squares over the view:
   *  worked out again only when the weights or the view change. */
  function inputBoundary(v, cells) {
    const key = `${version} ${v.cx} ${v.cy} ${v.scale} ${v.region.width} ${cells}`;
    if (roof && roof.key === key) return roof.segments;
    const box = visibleBox(v);
    const columns = cells;
    const rows = Math.max(2, Math.round((cells * v.region.height) / v.region.width));
    const corner = new Float64Array((columns + 1) * (rows + 1) * 2);
    for (let i = 0; i <= columns; i += 1) {
      for (let j = 0; j <= rows; j += 1) {
        const n = (i * (rows + 1) + j) * 2;
        corner[n] = lerp(box.minX, box.maxX, i / columns);
        corner[n + 1] = lerp(box.minY, box.maxY, j / rows);
      }
    }
    const outputs = steps.map(() => new Float64Array(corner.length));
    for (let n = 0; n < corner.length; n += 2) trace(corner[n], corner[n + 1], outputs, n);
    const values = outputs[steps.length - 1];
    const value = (i, j) => values[(i * (rows + 1) + j) * 2] - record.threshold;
    const point = (i, j) => toScreen(v, corner[(i * (rows + 1) + j) * 2], corner[(i * (rows + 1) + j) * 2 + 1]);
    const segments = [];
    for (let i = 0; i < columns; i += 1) {
      for (let j = 0; j < rows; j += 1) {
        const corners = [[i, j], [i + 1, j], [i + 1, j + 1], [i, j + 1]];
        const crossings = [];
        corners.forEach(([ci, cj], k) => {
          const [ni, nj] = corners[(k + 1) % 4];
          const [a, b] = [value(ci, cj), value(ni, nj)];
          if ((a > 0) !== (b > 0)) {
            const f = a / (a - b);
            const [x0, y0] = point(ci, cj);
            const [x1, y1] = point(ni, nj);
            crossings.push([lerp(x0, x1, f), lerp(y0, y1, f)]);
          }
        });
        for (let k = 0; k + 1 < crossings.length; k += 2) segments.push([crossings[k], crossings[k + 1]]);
      }
    }
    roof = { key, segments };
    return segments;
  }

  /** Stroke the grid's lines at step `s` in `v`. */
  function strokeGrid(context, v, s, color, width) {
    const low = Math.floor(s);
    const high = Math.min(steps.length - 1, low + 1);
    const f = s - low;
    const [ox, oy] = toScreen(v, 0, 0);
    context.strokeStyle = color;
    context.lineWidth = width;
    context.beginPath();
    for (const sampled of grid) {
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

  function draw(context) {
    const colors = stage.colors;
    paintBackground(figure, colors);
    const classes = [colors.class_0, colors.class_1];
    const s = shown;
    const v = viewAt(s);
    const line = onLine(s);
    const radius = dotRadius(stage.width);
    const resting = Math.abs(s - Math.round(s)) < 1e-6 ? Math.round(s) : -1;
    const weight = (k) => clamp(1 - Math.abs(s - k), 0, 1); // how much step k is on screen
    const [ox, oy] = toScreen(v, 0, 0);

    context.save();
    clipTo(context, region);

    // The plane: its own grid, then the input grid carried through the steps.
    context.globalAlpha = 1 - line;
    drawGrid(context, v, colors.grid_faint, colors.grid_faint);
    if (folds && weight(3) > 0) {
      // The fold happens along the axes: shown in ReLU's colour at that step, and the
      // plane before the fold faintly, where the handles of W1 and b1 still are.
      const box = visibleBox(v);
      context.globalAlpha = weight(3);
      strokeLines(context, [
        [toScreen(v, 0, 0), toScreen(v, 0, box.maxY)],
        [toScreen(v, 0, 0), toScreen(v, box.maxX, 0)],
      ], colors.activation, 2);
      context.globalAlpha = weight(3) * 0.3;
      strokeGrid(context, v, 2, colors.grid, 1);
    }
    context.globalAlpha = (1 - line) * 0.9;
    strokeGrid(context, v, s, colors.grid, 1);

    // The last plane step: the straight line the last layer cuts along.
    const cut = weight(LAST_PLANE);
    if (cut > 0) {
      context.globalAlpha = cut;
      const [w1, w2] = last.W[0];
      const level = record.threshold - last.b[0];
      const box = visibleBox(v);
      const ends = Math.abs(w2) > 1e-9
        ? [box.minX, box.maxX].map((x) => [x, (level - w1 * x) / w2])
        : [box.minY, box.maxY].map((y) => [level / w1, y]);
      context.setLineDash([7, 5]);
      strokeLines(context, [ends.map(([x, y]) => toScreen(v, x, y))], colors.threshold, 2);
      context.setLineDash([]);
    }

    // The input plane: where the whole network cuts it (the "roof" of the article).
    if (weight(0) > 0) {
      context.globalAlpha = weight(0);
      strokeLines(context, inputBoundary(v, stage.width < 480 ? 48 : 72), colors.threshold, 2);
    }

    // The number line, for the last steps: ticks, and the threshold at the very last.
    if (line > 0) {
      context.globalAlpha = line;
      const box = visibleBox(v);
      const final = weight(steps.length - 1);
      if (final > 0) {
        const [tx] = toScreen(v, record.threshold, 0);
        context.globalAlpha = line * final;
        context.fillStyle = translucent(classes[1 - record.above_is], 0.14);
        context.fillRect(0, oy - 16, tx, 32);
        context.fillStyle = translucent(classes[record.above_is], 0.14);
        context.fillRect(tx, oy - 16, region.width - tx, 32);
        strokeLines(context, [[[tx, oy - 30], [tx, oy + 30]]], colors.threshold, 2);
        drawLabel(context, `t = ${formatNumber(record.threshold)}`, tx + 6, oy - 32, colors.threshold, { size: 12, baseline: "bottom" });
        context.globalAlpha = line;
      }
      strokeLines(context, [[[0, oy], [region.width, oy]]], colors.axis, 1.5);
      const every = Math.max(1, Math.ceil(40 / v.scale));
      const ticks = [];
      for (let k = Math.ceil(box.minX / every) * every; k <= box.maxX; k += every) {
        const [x] = toScreen(v, k, 0);
        ticks.push([[x, oy - 4], [x, oy + 4]]);
        drawLabel(context, formatNumber(k, 0), x, oy + 16, colors.muted, { align: "center", size: 11 });
      }
      strokeLines(context, ticks, colors.axis, 1.5);
    }
    context.globalAlpha = 1;

    // The points, where the step puts them; on the line each class on its own side.
    const low = Math.floor(s);
    const high = Math.min(steps.length - 1, low + 1);
    const f = s - low;
    const [a, b] = [places[low], places[high]];
    for (let i = 0; i < count; i += 1) {
      xs[i] = ox + lerp(a[2 * i], b[2 * i], f) * v.scale;
      ys[i] = oy - lerp(a[2 * i + 1], b[2 * i + 1], f) * v.scale + line * (labels[i] ? -6 : 6);
    }
    drawDots(context, xs, ys, labels, classes, radius);
    drawCrosses(context, xs, ys, predictions, labels, colors.wrong, radius + 1.5);

    // î, ĵ and the origin, where W1 and b1 send them, in the steps that move them.
    const arrows = clamp(Math.min(s, LAST_PLANE + 1 - s), 0, 1);
    const origin = s >= 1.5 ? state.b1 : [0, 0];
    const tips = [0, 1].map((k) => [origin[0] + state.W1[0][k], origin[1] + state.W1[1][k]]);
    const tones = [colors.i_hat, colors.j_hat];
    if (arrows > 0) {
      context.globalAlpha = arrows;
      const [sx, sy] = toScreen(v, ...origin);
      tips.forEach((tip, k) => {
        const [x, y] = toScreen(v, ...tip);
        drawArrow(context, sx, sy, x, y, tones[k], 3, 11);
        const length = Math.hypot(x - sx, y - sy) || 1;
        drawLabel(context, k ? "ĵ" : "î", x + ((x - sx) / length) * 24, y + ((y - sy) / length) * 24, tones[k], {
          align: "center", size: 17, weight: 700,
        });
      });
      context.globalAlpha = 1;
    }
    context.restore();

    // Which step this is, as a formula in the corner.
    const formula = steps[Math.round(s)].formula;
    context.fillStyle = translucent(colors.background, 0.8);
    context.font = "600 14px system-ui, sans-serif";
    context.fillRect(6, 6, context.measureText(formula).width + 14, 26);
    drawLabel(context, formula, 13, 19, colors.text, { size: 14, weight: 600 });

    // Handles only at rest on a step that moves them; held at the edge if keys took them
    // past it, so they stay reachable.
    const movable = resting >= 1 && resting <= LAST_PLANE;
    const place = (handle, point, visible, color) => {
      if (!visible) return handle.place(null, null);
      const [x, y] = toScreen(v, ...point);
      const [hx, hy] = [clamp(x, 8, region.width - 8), clamp(y, 8, region.height - 8)];
      handle.place(hx, hy);
      drawHandle(context, hx, hy, color, colors.background);
    };
    place(handles.i, tips[0], movable, colors.i_hat);
    place(handles.j, tips[1], movable, colors.j_hat);
    place(handles.b, state.b1, movable && resting >= 2, colors.bias);

    numbersReadout.draw([
      { name: "W", sub: "1", rows: state.W1, marks: ["i_hat", "j_hat"] },
      { name: "b", sub: "1", rows: state.b1.map((value) => [value]), marks: ["bias"] },
    ], colors);
    accuracyReadout.draw([{ text: accuracyText(correct, count), bold: true }], colors);
  }

  stage.onResize(layout);
  layout();
  stepButtons[0].setAttribute("aria-current", "step");

  return {
    kind: "network",
    stage,
    handles,
    steps: steps.map((step) => step.name),
    step: () => shown,
    goTo: walkTo,
    state: () => ({ W1: copyMatrix(state.W1), b1: state.b1.slice() }),
    network,
    predictions: () => Array.from(predictions),
    readouts: () => {
      const [W1, b1] = numbersReadout.text();
      return { W1, b1, accuracy: accuracyReadout.text()[0] };
    },
    reset: resetWeights,
  };
}
