// The 2-2-1 network on the hard curves, step by step: the reader walks through W1, b1,
// ReLU, W2 and b2 (the steps of the video), and moves W1 and b1 -- the tips of î and ĵ
// and the point where the origin lands -- to watch the fold and the accuracy change.
//
// Every step is a map of the plane; between two steps each point slides from where one
// puts it to where the next does (at once under reduced motion). The grid lines of the
// input plane are drawn through the same maps: straight through W1 and b1, bent where
// ReLU folds them (they are cut at the fold, so each piece stays exact). Where every
// point is at every step is worked out when the weights change, not on every frame.

import { zeroCrossings } from "./contour.js";
import {
  clipTo,
  dotRadius,
  drawBasis,
  drawCaption,
  drawCrosses,
  drawDots,
  drawGrid,
  drawHandle,
  drawLabel,
  drawNumberLine,
  fillSides,
  strokeBetween,
  strokeLines,
} from "./draw.js";
import { Handle, HandleGroup } from "./handles.js";
import { accuracyText, clamp, countCorrect, flatten, formatNumber, lerp, predict, withValues } from "./maths.js";
import { networkSteps, tracePoint, traceGrid } from "./network-steps.js";
import { Stage, animate } from "./stage.js";
import { Readout, button, element, hint, liveRegion, paintBackground, stepList } from "./ui.js";
import { boxAround, fitView, lineAcross, toData, toScreen, view, visibleBox } from "./view.js";

// Milliseconds per step of the walk between steps: long enough to follow a point.
const STEP_MS = 650;

function copyMatrix(matrix) {
  return matrix.map((row) => row.slice());
}

export function create(figure, data, start) {
  const record = data.network;
  const folds = record.activation === "relu";
  const last = record.layers[1];
  const stored = { W1: copyMatrix(record.layers[0].W), b1: record.layers[0].b.slice() };
  const state = { W1: copyMatrix(start.W1 || stored.W1), b1: (start.b1 || stored.b1).slice() };
  const steps = networkSteps(folds);
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
  const markStep = stepList(panel, "逐步看這個網路", steps, (index) => walkTo(index));
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
    tracePoint(state, last, folds, x, y, out, offset);
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
    grid = traceGrid(state, last, folds, steps.length);
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
    markStep(index);
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

  /** The input plane's boundary (output = threshold): worked out again only when the
   *  weights or the view change. */
  function inputBoundary(v, cells) {
    const key = `${version} ${v.cx} ${v.cy} ${v.scale} ${v.region.width} ${cells}`;
    if (roof && roof.key === key) return roof.segments;
    const at = steps.map(() => new Float64Array(2));
    const segments = zeroCrossings(v, cells, (x, y) => {
      trace(x, y, at, 0);
      return at[steps.length - 1][0] - record.threshold;
    });
    roof = { key, segments };
    return segments;
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
    // The two steps on screen, and how far from the first to the second.
    const low = Math.floor(s);
    const high = Math.min(steps.length - 1, low + 1);
    const f = s - low;

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
      strokeBetween(context, v, grid, 2, 2, 0, colors.grid, 1);
    }
    context.globalAlpha = (1 - line) * 0.9;
    strokeBetween(context, v, grid, low, high, f, colors.grid, 1);

    // The last plane step: the straight line the last layer cuts along.
    const cut = weight(LAST_PLANE);
    if (cut > 0) {
      context.globalAlpha = cut;
      const ends = lineAcross(visibleBox(v), last.W[0], record.threshold - last.b[0]);
      context.setLineDash([7, 5]);
      if (ends) strokeLines(context, [ends.map(([x, y]) => toScreen(v, x, y))], colors.threshold, 2);
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
      const final = weight(steps.length - 1);
      if (final > 0) {
        const [tx] = toScreen(v, record.threshold, 0);
        context.globalAlpha = line * final;
        const band = { left: 0, right: region.width, top: oy - 16, height: 32 };
        fillSides(context, tx, band, classes[1 - record.above_is], classes[record.above_is]);
        strokeLines(context, [[[tx, oy - 30], [tx, oy + 30]]], colors.threshold, 2);
        drawLabel(context, `t = ${formatNumber(record.threshold)}`, tx + 6, oy - 32, colors.threshold, { size: 12, baseline: "bottom" });
        context.globalAlpha = line;
      }
      drawNumberLine(context, v, oy, 0, region.width, Math.max(1, Math.ceil(40 / v.scale)), colors);
    }
    context.globalAlpha = 1;

    // The points, where the step puts them; on the line each class on its own side.
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
      drawBasis(context, sx, sy, tips.map((tip) => toScreen(v, ...tip)), tones, { head: 11, size: 17 });
      context.globalAlpha = 1;
    }
    context.restore();

    // Which step this is, as a formula in the corner.
    drawCaption(context, steps[Math.round(s)].formula, colors);

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
  markStep(0);

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
