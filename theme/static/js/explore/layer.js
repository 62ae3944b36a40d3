// One linear layer, f(x) = W x + b, and its threshold: the reader moves w1, w2, b and t on
// the number line, and sees the plane's decision boundary, the points on the number line
// and the accuracy follow. A button brings the stored (trained) weights back.
//
// The number line is the layer's output, as in the videos: the origin lands at b, î at
// b + w1, ĵ at b + w2 (drawn as arrows from b), and every point x at w1 x1 + w2 x2 + b.
// Points right of the threshold t are predicted `above_is`, the others the other class.

import {
  clipTo,
  dotRadius,
  drawArrow,
  drawCrosses,
  drawDots,
  drawGrid,
  drawHandle,
  drawLabel,
  fillSides,
  translucent,
} from "./draw.js";
import { Handle, HandleGroup } from "./handles.js";
import {
  accuracyText,
  classify,
  countCorrect,
  flatten,
  formatNumber,
  lerp,
  outputs,
  withValues,
} from "./maths.js";
import { Stage, animate } from "./stage.js";
import { Readout, button, element, hint, liveRegion, paintBackground } from "./ui.js";
import { fitView, lineAcross, toScreen, view, visibleBox } from "./view.js";

// The part of the output line shown: every place a handle may go (|b + w| <= 6, |t| <= 6).
const LINE_REACH = 7;

function storedValues(network) {
  const layer = network.layers[0];
  return { W: [layer.W[0].slice()], b: layer.b.slice(), threshold: network.threshold };
}

function copyValues(values) {
  return { W: [values.W[0].slice()], b: values.b.slice(), threshold: values.threshold };
}

/** The part of `box` where w . p + b > t: a convex polygon (Sutherland-Hodgman, one edge). */
function halfPlane(box, w, b, t) {
  const corners = [
    [box.minX, box.minY],
    [box.maxX, box.minY],
    [box.maxX, box.maxY],
    [box.minX, box.maxY],
  ];
  const side = ([x, y]) => w[0] * x + w[1] * y + b - t;
  const polygon = [];
  corners.forEach((point, index) => {
    const next = corners[(index + 1) % corners.length];
    const [a, c] = [side(point), side(next)];
    if (a > 0) polygon.push(point);
    if ((a > 0) !== (c > 0)) {
      const s = a / (a - c);
      polygon.push([lerp(point[0], next[0], s), lerp(point[1], next[1], s)]);
    }
  });
  return polygon;
}

export function create(figure, data, start) {
  const stored = storedValues(data.network);
  const state = copyValues(stored);
  if (start.W) state.W = [start.W[0].slice()];
  if (start.b) state.b = start.b.slice();
  if (start.threshold !== undefined) state.threshold = start.threshold;
  const stageElement = figure.querySelector(".explore__stage");
  const panel = figure.querySelector(".explore__panel");
  const colorsOf = (colors) => [colors.class_0, colors.class_1];
  const points = flatten(data.points);
  const labels = Uint8Array.from(data.labels);
  const count = labels.length;
  const predictions = new Uint8Array(count);
  let values = new Float64Array(count); // each point's output: its place on the number line
  let correct = 0;
  // Screen places of the points, in the plane and on the line: reused every frame.
  const [xs, ys, lineXs, lineYs] = [0, 0, 0, 0].map(() => new Float64Array(count));
  let plane = null;
  let line = null; // the output line: a view whose y is unused
  let lanes = null;
  let boundary = null; // the decision boundary's ends on screen, as last drawn
  let stopAnimation = () => {};

  const stage = new Stage(stageElement, data.palettes, draw);

  // ---- Panel: the numbers, the accuracy, the way back to the stored weights
  const numbers = element("div", "explore__row");
  const accuracy = element("div", "explore__row");
  panel.append(numbers, accuracy);
  const numbersReadout = new Readout(numbers, stage);
  const accuracyReadout = new Readout(accuracy, stage, "line");
  const hintId = hint(panel, "拖曳，或用方向鍵移動 0.1；按住 Shift 一次移動 1。");
  const trained = data.figure !== "hand_set";
  button(accuracy, trained ? "還原訓練結果" : "還原原本設定", () => moveTo(stored), "↺");

  // ---- Handles on the number line
  const group = new HandleGroup();
  const common = {
    group,
    dimensions: 1,
    describedBy: hintId,
    valueText: (value) => formatNumber(value),
    onInput: () => {
      stopAnimation();
      changed(false);
    },
    onCommit: () => changed(true),
  };
  const speak = liveRegion(panel);
  // The value under a pointer at sx: handles on the number line move along it only.
  const along = (sx) => line.cx + (sx - line.region.left - line.region.width / 2) / line.scale;
  const handles = {
    i: new Handle(stageElement, {
      ...common, label: "î 的落點 w₁", tone: "i", limit: data.limits.W,
      get: () => state.W[0][0], set: (v) => (state.W[0][0] = v),
      fromScreen: (sx) => along(sx) - state.b[0],
    }),
    j: new Handle(stageElement, {
      ...common, label: "ĵ 的落點 w₂", tone: "j", limit: data.limits.W,
      get: () => state.W[0][1], set: (v) => (state.W[0][1] = v),
      fromScreen: (sx) => along(sx) - state.b[0],
    }),
    b: new Handle(stageElement, {
      ...common, label: "偏差 b（原點的落點）", tone: "bias", limit: data.limits.b,
      get: () => state.b[0], set: (v) => (state.b[0] = v),
      fromScreen: along,
    }),
    t: new Handle(stageElement, {
      ...common, label: "門檻值 t", tone: "threshold", limit: data.limits.threshold,
      get: () => state.threshold, set: (v) => (state.threshold = v),
      fromScreen: along,
    }),
  };

  function network() {
    return withValues(data.network, state);
  }

  function layout() {
    const width = stage.width;
    const height = stage.height;
    const planeHeight = Math.round(height * 0.58);
    const planeRegion = { left: 0, top: 0, width, height: planeHeight };
    const xs = data.points.map((p) => p[0]);
    const ys = data.points.map((p) => p[1]);
    plane = fitView(planeRegion, {
      minX: Math.min(...xs), maxX: Math.max(...xs), minY: Math.min(...ys), maxY: Math.max(...ys),
    });
    const strip = { left: 0, top: planeHeight, width, height: height - planeHeight };
    line = view({ ...strip, left: 14, width: width - 28 }, 0, 0, (width - 28) / (2 * LINE_REACH));
    const lane = (fraction) => strip.top + strip.height * fraction;
    lanes = { i: lane(0.16), j: lane(0.38), line: lane(0.62), t: lane(0.87), strip };
    changed(true);
  }

  function changed(settled) {
    const current = network();
    values = outputs(current, points, count);
    classify(current, values, predictions);
    correct = countCorrect(predictions, labels);
    if (settled) {
      group.describe();
      const [w1, w2, b, t] = [state.W[0][0], state.W[0][1], state.b[0], state.threshold].map((v) => formatNumber(v));
      numbersReadout.say(`權重 W = [${w1}, ${w2}]（î 落在 w₁、ĵ 落在 w₂），偏差 b = ${b}，門檻值 t = ${t}`);
      speak(accuracyText(correct, count));
    }
    stage.request();
  }

  function moveTo(target) {
    stopAnimation();
    const from = copyValues(state);
    stopAnimation = animate(
      stage,
      600,
      (t) => {
        state.W[0] = from.W[0].map((value, k) => lerp(value, target.W[0][k], t));
        state.b[0] = lerp(from.b[0], target.b[0], t);
        state.threshold = lerp(from.threshold, target.threshold, t);
        changed(false);
      },
      () => changed(true)
    );
  }

  function lineX(value) {
    return toScreen(line, value, 0)[0];
  }

  function draw(context) {
    const colors = stage.colors;
    paintBackground(figure, colors);
    const classes = colorsOf(colors);
    const aboveIs = data.network.above_is;
    const radius = dotRadius(stage.width);
    const [w, b, t] = [state.W[0], state.b[0], state.threshold];

    // ---- The plane: each side of the boundary tinted with the class predicted there
    context.save();
    clipTo(context, plane.region);
    const box = visibleBox(plane);
    [
      [halfPlane(box, w, b, t), classes[aboveIs]],
      [halfPlane(box, w.map((v) => -v), -b, -t), classes[1 - aboveIs]],
    ].forEach(([polygon, color]) => {
      if (polygon.length < 3) return;
      context.fillStyle = translucent(color, 0.1);
      context.beginPath();
      polygon.forEach(([x, y], index) => {
        const [sx, sy] = toScreen(plane, x, y);
        if (index) context.lineTo(sx, sy);
        else context.moveTo(sx, sy);
      });
      context.fill();
    });
    drawGrid(context, plane, colors.grid_faint, colors.grid);
    const [ox, oy] = toScreen(plane, 0, 0);
    for (let i = 0; i < count; i += 1) {
      xs[i] = ox + points[2 * i] * plane.scale;
      ys[i] = oy - points[2 * i + 1] * plane.scale;
    }
    drawDots(context, xs, ys, labels, classes, radius);
    drawCrosses(context, xs, ys, predictions, labels, colors.wrong, radius + 1.5);
    // The boundary: where w1 x1 + w2 x2 + b = t.
    boundary = boundaryOnScreen(box, w, b, t);
    if (boundary) {
      context.strokeStyle = colors.threshold;
      context.lineWidth = 2;
      context.beginPath();
      context.moveTo(...boundary[0]);
      context.lineTo(...boundary[1]);
      context.stroke();
    }
    context.restore();

    // ---- The number line: the layer's output
    const strip = lanes.strip;
    context.strokeStyle = colors.grid_faint;
    context.lineWidth = 1;
    context.beginPath();
    context.moveTo(0, strip.top + 0.5);
    context.lineTo(strip.left + strip.width, strip.top + 0.5);
    context.stroke();
    const tx = lineX(t);
    const band = { top: lanes.line - 14, height: 28 };
    const ends = { left: line.region.left, right: line.region.left + line.region.width };
    fillSides(context, tx, { ...band, ...ends }, classes[1 - aboveIs], classes[aboveIs]);
    context.strokeStyle = colors.axis;
    context.lineWidth = 1.5;
    context.beginPath();
    context.moveTo(line.region.left, lanes.line);
    context.lineTo(line.region.left + line.region.width, lanes.line);
    for (let k = -LINE_REACH; k <= LINE_REACH; k += 1) {
      context.moveTo(lineX(k), lanes.line - 4);
      context.lineTo(lineX(k), lanes.line + 4);
    }
    context.stroke();
    const labelEvery = stage.width < 480 ? 2 : 1;
    for (let k = -LINE_REACH + 1; k < LINE_REACH; k += 1) {
      if (k % labelEvery) continue;
      drawLabel(context, formatNumber(k, 0), lineX(k), lanes.line + 14, colors.muted, { align: "center", size: 11 });
    }
    // The points, each class on its own side of the line; crosses where the cut is wrong.
    for (let i = 0; i < count; i += 1) {
      lineXs[i] = lineX(values[i]);
      lineYs[i] = lanes.line + (labels[i] ? -6 : 6);
    }
    context.save();
    clipTo(context, line.region);
    drawDots(context, lineXs, lineYs, labels, classes, radius * 0.85);
    drawCrosses(context, lineXs, lineYs, predictions, labels, colors.wrong, radius + 1);
    context.restore();
    // î and ĵ land at b + w1 and b + w2: arrows from where the origin lands.
    const bx = lineX(b);
    drawArrow(context, bx, lanes.i, lineX(b + w[0]), lanes.i, colors.i_hat, 2.5, 8);
    drawArrow(context, bx, lanes.j, lineX(b + w[1]), lanes.j, colors.j_hat, 2.5, 8);
    context.strokeStyle = colors.muted;
    context.setLineDash([2, 3]);
    context.lineWidth = 1;
    context.beginPath();
    context.moveTo(bx, lanes.i);
    context.lineTo(bx, lanes.line);
    context.stroke();
    context.setLineDash([]);
    drawLabel(context, "î", lineX(b + w[0]) + (w[0] >= 0 ? 16 : -16), lanes.i, colors.i_hat, { align: "center", size: 16, weight: 700 });
    drawLabel(context, "ĵ", lineX(b + w[1]) + (w[1] >= 0 ? 16 : -16), lanes.j, colors.j_hat, { align: "center", size: 16, weight: 700 });
    // The threshold: a cut across the line, held at its foot.
    context.strokeStyle = colors.threshold;
    context.lineWidth = 2;
    context.beginPath();
    context.moveTo(tx, lanes.line - 18);
    context.lineTo(tx, lanes.t);
    context.stroke();
    // Its value beside its handle, on the side with room.
    const right = tx < line.region.left + line.region.width - 80;
    drawLabel(context, `t = ${formatNumber(t)}`, tx + (right ? 20 : -20), lanes.t, colors.threshold, {
      size: 12,
      align: right ? "left" : "right",
    });

    const places = [
      [handles.i, lineX(b + w[0]), lanes.i, colors.i_hat],
      [handles.j, lineX(b + w[1]), lanes.j, colors.j_hat],
      [handles.b, bx, lanes.line, colors.bias],
      [handles.t, tx, lanes.t, colors.threshold],
    ];
    for (const [handle, x, y, color] of places) {
      handle.place(x, y);
      drawHandle(context, x, y, color, colors.background);
    }
    numbersReadout.draw([
      { name: "W", rows: state.W, marks: ["i_hat", "j_hat"] },
      { name: "b", rows: [state.b], marks: ["bias"] },
      { name: "t", rows: [[t]], marks: ["threshold"] },
    ], colors);
    accuracyReadout.draw([{ text: accuracyText(correct, count), bold: true }], colors);
  }

  /** The boundary's two ends on screen (where it crosses the view), or null. */
  function boundaryOnScreen(box, w, b, t) {
    const ends = lineAcross(box, w, t - b);
    return ends && ends.map(([x, y]) => toScreen(plane, x, y));
  }

  stage.onResize(layout);
  layout();

  return {
    kind: "layer",
    stage,
    handles,
    state: () => copyValues(state),
    network,
    predictions: () => Array.from(predictions),
    readouts: () => {
      const [W, b, t] = numbersReadout.text();
      return { W, b, t, accuracy: accuracyReadout.text()[0] };
    },
    boundary: () => (boundary ? boundary.map((p) => p.slice()) : null),
    reset: () => moveTo(stored),
  };
}
