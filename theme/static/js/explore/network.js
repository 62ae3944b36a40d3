// The 2-2-1 network on the hard curves, step by step: the reader walks through W1, b1,
// ReLU, W2 and b2 (the steps of the video), and moves W1 and b1 -- the tips of î and ĵ
// and the point where the origin lands -- to watch the fold and the accuracy change.
//
// Every step is a map of the plane; between two steps each point slides from where one
// puts it to where the next does (at once under reduced motion). The grid lines of the
// input plane are drawn through the same maps: straight through W1 and b1, bent where
// ReLU folds them (they are cut at the fold, so each piece stays exact).

import { Handle } from "./handles.js";
import { countCorrect, formatNumber, lerp, predict, relu, withValues, clamp } from "./maths.js";
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
  drawLabel,
  fitView,
  strokeLines,
  toData,
  toScreen,
  translucent,
  view,
  visibleBox,
} from "./stage.js";
import { accuracyLine, button, element, hint, matrixReadout, paintMarks } from "./ui.js";

// Seconds-per-step of the walk between steps: long enough to follow a point.
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
  const [first, last] = record.layers;
  const stored = { W1: copyMatrix(first.W), b1: first.b.slice() };
  const state = { W1: copyMatrix(start.W1 || stored.W1), b1: (start.b1 || stored.b1).slice() };
  const steps = [
    { name: "輸入", label: "輸入的資料", formula: "x" },
    { name: "W₁", label: "乘上 W₁", formula: "W₁x" },
    { name: "b₁", label: "加上 b₁", formula: "W₁x + b₁" },
    ...(folds ? [{ name: "ReLU", label: "套用 ReLU", formula: "h = ReLU(W₁x + b₁)" }] : []),
    { name: "W₂", label: "乘上 W₂", formula: folds ? "W₂h" : "W₂(W₁x + b₁)" },
    { name: "b₂", label: "加上 b₂，比較門檻值", formula: folds ? "W₂h + b₂" : "W₂(W₁x + b₁) + b₂" },
  ];
  const LAST_PLANE = folds ? 3 : 2; // the last step that is still a plane
  const stageElement = figure.querySelector(".explore__stage");
  const panel = figure.querySelector(".explore__panel");
  let shown = 0; // the step on screen; fractional while walking between two
  let views = [];
  let region = null;
  let predictions = [];
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
  const showW1 = matrixReadout(numbers, "W<sub>1</sub>", 2, 2, ["i", "j"], "W₁：第一行是 î 的落點，第二行是 ĵ 的落點");
  const showB1 = matrixReadout(numbers, "b<sub>1</sub>", 2, 1, ["bias"], "b₁：原點的落點");
  button(numbers, "還原訓練結果", () => resetWeights(), "↺");
  const accuracy = element("div", "explore__row");
  panel.append(accuracy);
  const accuracyText = accuracyLine(accuracy);
  const hintId = hint(panel, "在 W₁、b₁ 與 ReLU 這幾步可以拖曳，或用方向鍵移動 0.1；按住 Shift 一次移動 1。");

  // ---- Handles: W1's columns (where î and ĵ land) and b1 (where the origin lands)
  const biased = () => Math.round(shown) >= 2;
  // A handle stays on the figure: the pointer's place is taken no further than its edge.
  const inView = (sx, sy) => toData(views[Math.round(shown)],
    clamp(sx, 8, region.width - 8), clamp(sy, 8, region.height - 8));
  const common = {
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

  /** The point p at every step: [x, y] in the plane (1-D steps on the x axis). */
  function path([x, y]) {
    const W = state.W1;
    const weighted = [W[0][0] * x + W[0][1] * y, W[1][0] * x + W[1][1] * y];
    const shifted = [weighted[0] + state.b1[0], weighted[1] + state.b1[1]];
    const hidden = folds ? [relu(shifted[0]), relu(shifted[1])] : shifted;
    const w2 = last.W[0][0] * hidden[0] + last.W[0][1] * hidden[1];
    const places = [[x, y], weighted, shifted];
    if (folds) places.push(hidden);
    places.push([w2, 0], [w2 + last.b[0], 0]);
    return places;
  }

  function at(places, s) {
    const low = Math.floor(s);
    const high = Math.min(places.length - 1, low + 1);
    const f = s - low;
    return [lerp(places[low][0], places[high][0], f), lerp(places[low][1], places[high][1], f)];
  }

  /** How far `s` is into the number-line steps: 0 in the plane, 1 on the line. */
  function onLine(s) {
    return clamp(s - LAST_PLANE, 0, 1);
  }

  function fitViews() {
    const paths = data.points.map(path);
    // Framed below the formula in the corner.
    const framed = { ...region, top: region.top + 30, height: region.height - 30 };
    const fit = (box, margin) => {
      const inner = fitView(framed, box, margin);
      return view(region, inner.cx, inner.cy + 15 / inner.scale, inner.scale);
    };
    views = steps.map((_, index) => {
      const places = paths.map((p) => p[index]);
      if (index > LAST_PLANE) {
        const xs = places.map((p) => p[0]).concat([0, record.threshold]);
        const box = { minX: Math.min(...xs), maxX: Math.max(...xs), minY: -0.01, maxY: 0.01 };
        return fit(box, 0.1);
      }
      if (index >= 1 && index <= LAST_PLANE) {
        // The handles too: the reader must be able to reach them.
        const origin = index >= 2 ? state.b1 : [0, 0];
        places.push(origin, [origin[0] + state.W1[0][0], origin[1] + state.W1[1][0]],
                    [origin[0] + state.W1[0][1], origin[1] + state.W1[1][1]]);
      }
      return fit(boxAround(places), 0.07);
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
    fitViews();
    changed(false);
  }

  function changed(settled) {
    predictions = predict(network(), data.points);
    accuracyText.update(countCorrect(predictions, data.labels), data.labels.length, { announce: settled });
    showW1(state.W1);
    showB1(state.b1.map((value) => [value]));
    Object.values(handles).forEach((handle) => handle.describe());
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
    stopWalk = animate(stage, STEP_MS * Math.min(3, Math.abs(index - from)), (t) => {
      shown = lerp(from, index, t);
      stage.request();
    }, () => {
      shown = index;
      stage.request();
    });
  }

  function resetWeights() {
    stopReset();
    const from = { W1: copyMatrix(state.W1), b1: state.b1.slice() };
    stopReset = animate(stage, 600, (t) => {
      state.W1 = from.W1.map((row, r) => row.map((value, c) => lerp(value, stored.W1[r][c], t)));
      state.b1 = from.b1.map((value, k) => lerp(value, stored.b1[k], t));
      changed(false);
    }, () => changed(true));
  }

  // ---- Drawing ----------------------------------------------------------------------

  function output([x, y]) {
    const places = path([x, y]);
    return places[places.length - 1][0];
  }

  /** The input plane's boundary (output = threshold), by marching squares over the view. */
  function inputBoundary(v, cells) {
    const box = visibleBox(v);
    const columns = cells;
    const rows = Math.max(2, Math.round((cells * v.region.height) / v.region.width));
    const values = [];
    for (let i = 0; i <= columns; i += 1) {
      values.push([]);
      for (let j = 0; j <= rows; j += 1) {
        const x = lerp(box.minX, box.maxX, i / columns);
        const y = lerp(box.minY, box.maxY, j / rows);
        values[i].push(output([x, y]) - record.threshold);
      }
    }
    const point = (i, j) => toScreen(v, lerp(box.minX, box.maxX, i / columns), lerp(box.minY, box.maxY, j / rows));
    const segments = [];
    for (let i = 0; i < columns; i += 1) {
      for (let j = 0; j < rows; j += 1) {
        const corners = [[i, j], [i + 1, j], [i + 1, j + 1], [i, j + 1]];
        const crossings = [];
        corners.forEach(([ci, cj], k) => {
          const [ni, nj] = corners[(k + 1) % 4];
          const [a, b] = [values[ci][cj], values[ni][nj]];
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
    return segments;
  }

  /** The input grid's lines through the steps, cut where ReLU folds them. */
  function gridLines(s) {
    const lines = [];
    const cut = (a, b) => {
      const params = [0, 1];
      if (folds) {
        const [pa, pb] = [path(a)[2], path(b)[2]];
        for (const k of [0, 1]) {
          const f = pa[k] / (pa[k] - pb[k]);
          if (f > 0 && f < 1) params.push(f);
        }
      }
      params.sort((u, w) => u - w);
      return params.map((f) => at(path([lerp(a[0], b[0], f), lerp(a[1], b[1], f)]), s));
    };
    for (const x of GRID_X) lines.push(cut([x, GRID_Y[0]], [x, GRID_Y[GRID_Y.length - 1]]));
    for (const y of GRID_Y) lines.push(cut([GRID_X[0], y], [GRID_X[GRID_X.length - 1], y]));
    return lines;
  }

  function draw(context) {
    const colors = stage.colors;
    paintMarks(figure, colors);
    const classes = [colors.class_0, colors.class_1];
    const s = shown;
    const v = viewAt(s);
    const line = onLine(s);
    const radius = dotRadius(stage.width);
    const resting = Math.abs(s - Math.round(s)) < 1e-6 ? Math.round(s) : -1;
    const wrong = predictions.map((p, i) => p !== data.labels[i]);
    const weight = (k) => clamp(1 - Math.abs(s - k), 0, 1); // how much step k is on screen

    context.save();
    clipTo(context, region);

    // The plane: its own grid, then the input grid carried through the steps.
    context.globalAlpha = 1 - line;
    drawGrid(context, v, colors.grid_faint, colors.grid_faint);
    if (folds && weight(3) > 0) {
      // The fold happens along the axes: shown in ReLU's colour at that step.
      context.globalAlpha = weight(3);
      const box = visibleBox(v);
      strokeLines(context, [
        [toScreen(v, 0, 0), toScreen(v, 0, box.maxY)],
        [toScreen(v, 0, 0), toScreen(v, box.maxX, 0)],
      ], colors.activation, 2);
    }
    if (folds && weight(3) > 0) {
      // The plane before the fold, faint: where the handles of W1 and b1 still are.
      context.globalAlpha = weight(3) * 0.3;
      const before = gridLines(2).map((places) => places.map(([x, y]) => toScreen(v, x, y)));
      strokeLines(context, before, colors.grid, 1);
    }
    context.globalAlpha = (1 - line) * 0.9;
    const lines = gridLines(s).map((places) => places.map(([x, y]) => toScreen(v, x, y)));
    strokeLines(context, lines, colors.grid, 1);

    // The last plane step: the straight line the last layer cuts along, each side tinted.
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
    const roof = weight(0);
    if (roof > 0) {
      context.globalAlpha = roof;
      strokeLines(context, inputBoundary(v, stage.width < 480 ? 48 : 72), colors.threshold, 2);
    }

    // The number line, for the last steps: ticks, and the threshold at the very last.
    if (line > 0) {
      context.globalAlpha = line;
      const box = visibleBox(v);
      const [, y0] = toScreen(v, 0, 0);
      const final = weight(steps.length - 1);
      if (final > 0) {
        const [tx] = toScreen(v, record.threshold, 0);
        context.globalAlpha = line * final;
        context.fillStyle = translucent(classes[1 - record.above_is], 0.14);
        context.fillRect(0, y0 - 16, tx, 32);
        context.fillStyle = translucent(classes[record.above_is], 0.14);
        context.fillRect(tx, y0 - 16, region.width - tx, 32);
        strokeLines(context, [[[tx, y0 - 30], [tx, y0 + 30]]], colors.threshold, 2);
        drawLabel(context, `t = ${formatNumber(record.threshold)}`, tx + 6, y0 - 32, colors.threshold, { size: 12, baseline: "bottom" });
        context.globalAlpha = line;
      }
      strokeLines(context, [[[0, y0], [region.width, y0]]], colors.axis, 1.5);
      const every = Math.max(1, Math.ceil(40 / v.scale));
      const ticks = [];
      for (let k = Math.ceil(box.minX / every) * every; k <= box.maxX; k += every) {
        const [x] = toScreen(v, k, 0);
        ticks.push([[x, y0 - 4], [x, y0 + 4]]);
        drawLabel(context, formatNumber(k, 0), x, y0 + 16, colors.muted, { align: "center", size: 11 });
      }
      strokeLines(context, ticks, colors.axis, 1.5);
    }
    context.globalAlpha = 1;

    // The points, where the step puts them; on the line each class on its own side.
    const screen = data.points.map((p, i) => {
      const [sx, sy] = toScreen(v, ...at(path(p), s));
      return [sx, sy + line * (data.labels[i] ? -6 : 6)];
    });
    drawDots(context, screen, data.labels, classes, radius);
    drawCrosses(context, screen, wrong, colors.wrong, radius + 1.5);

    // î, ĵ and the origin, where W1 and b1 send them, in the steps that move them.
    const arrows = clamp(Math.min(s, LAST_PLANE + 1 - s), 0, 1);
    const origin = s >= 1.5 ? state.b1 : [0, 0];
    const tips = [0, 1].map((k) => [origin[0] + state.W1[0][k], origin[1] + state.W1[1][k]]);
    if (arrows > 0) {
      context.globalAlpha = arrows;
      const [ox, oy] = toScreen(v, ...origin);
      const tones = [colors.i_hat, colors.j_hat];
      tips.forEach((tip, k) => {
        const [x, y] = toScreen(v, ...tip);
        drawArrow(context, ox, oy, x, y, tones[k], 3, 11);
        const length = Math.hypot(x - ox, y - oy) || 1;
        drawLabel(context, k ? "ĵ" : "î", x + ((x - ox) / length) * 24, y + ((y - oy) / length) * 24, tones[k], {
          align: "center", size: 17, weight: 700,
        });
      });
      context.globalAlpha = 1;
    }
    context.restore();

    // Which step this is, as a formula in the corner.
    const formula = steps[Math.round(s)].formula;
    context.fillStyle = translucent(colors.background, 0.8);
    context.font = `600 14px system-ui, sans-serif`;
    const width = context.measureText(formula).width;
    context.fillRect(6, 6, width + 14, 26);
    drawLabel(context, formula, 13, 19, colors.text, { size: 14, weight: 600 });

    // Handles only at rest on a step that moves them.
    const movable = resting >= 1 && resting <= LAST_PLANE;
    const place = (handle, point, visible) => {
      if (!visible) return handle.place(null, null);
      // Moved past the edge by keys: held at the edge, still reachable.
      const [x, y] = toScreen(v, ...point);
      return handle.place(clamp(x, 8, region.width - 8), clamp(y, 8, region.height - 8));
    };
    place(handles.i, tips[0], movable);
    place(handles.j, tips[1], movable);
    place(handles.b, state.b1, movable && resting >= 2);
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
    predictions: () => predictions.slice(),
    reset: resetWeights,
  };
}
