// A 2x2 matrix as a transformation of the plane: the reader drags the tips of î and ĵ
// (the matrix's two columns) and sees the grid, the data and the matrix entries move.
//
// As in the videos: the faint grid is the plane before, the brighter grid the plane after;
// î is green, ĵ red; every data point x lands at W x = x1 (W î) + x2 (W ĵ).

import { dotRadius, drawBasis, drawDots, drawGrid, drawHandle, strokeLines } from "./draw.js";
import { Handle, HandleGroup } from "./handles.js";
import { flatten, formatNumber, lerp } from "./maths.js";
import { Stage, animate } from "./stage.js";
import { Readout, button, element, hint, paintBackground } from "./ui.js";
import { fitView, toData, toScreen } from "./view.js";

const IDENTITY = [
  [1, 0],
  [0, 1],
];
// Grid lines drawn: every whole unit out to this far, enough to fill the view.
const GRID_REACH = 12;

function copy(matrix) {
  return matrix.map((row) => row.slice());
}

export function create(figure, data, start) {
  const limit = data.limits.W;
  const initial = copy(start.W || IDENTITY);
  const state = { W: copy(initial) };
  const points = flatten(data.points);
  const labels = Uint8Array.from(data.labels);
  const count = labels.length;
  const xs = new Float64Array(count);
  const ys = new Float64Array(count);
  const stageElement = figure.querySelector(".explore__stage");
  const panel = figure.querySelector(".explore__panel");
  let plane = null;
  let stopAnimation = () => {};

  const stage = new Stage(stageElement, data.palettes, draw);

  // ---- Panel: the matrix as numbers, and the way back to the start
  const row = element("div", "explore__row");
  panel.append(row);
  const readout = new Readout(row, stage, "matrix");
  const note = element("p", "explore__note", "第一行是 î 的落點，第二行是 ĵ 的落點");
  note.setAttribute("aria-hidden", "true"); // what it says is in the readout's own text
  row.append(note);
  const hintId = hint(panel, "拖曳，或用方向鍵移動一格 0.1；按住 Shift 一次移動 1。");
  button(row, "回到起點", () => moveTo(initial), "↺");

  // ---- Handles: the tips of î and ĵ, which are the matrix's columns
  const group = new HandleGroup();
  const column = (index) => ({
    get: () => [state.W[0][index], state.W[1][index]],
    set: ([x, y]) => {
      stopAnimation();
      state.W[0][index] = x;
      state.W[1][index] = y;
    },
  });
  const common = {
    group,
    dimensions: 2,
    limit,
    describedBy: hintId,
    valueText: ([x, y]) => `(${formatNumber(x)}, ${formatNumber(y)})`,
    fromScreen: (sx, sy) => toData(plane, sx, sy),
    onInput: () => changed(false),
    onCommit: () => changed(true),
  };
  const handles = {
    i: new Handle(stageElement, { ...common, ...column(0), label: "î 的終點", tone: "i" }),
    j: new Handle(stageElement, { ...common, ...column(1), label: "ĵ 的終點", tone: "j" }),
  };

  function layout() {
    // The data and every place a tip may go, whole: the view does not move while dragging.
    const region = { left: 0, top: 0, width: stage.width, height: stage.height };
    plane = fitView(region, { minX: -3.3, maxX: 3.3, minY: -limit - 0.15, maxY: limit + 0.15 }, 0.04);
    changed(true);
  }

  function changed(settled) {
    if (settled) {
      group.describe();
      const [[a, b], [c, d]] = state.W.map((values) => values.map((v) => formatNumber(v)));
      readout.say(`矩陣 W：第一行（î 的落點）是 (${a}, ${c})，第二行（ĵ 的落點）是 (${b}, ${d})`);
    }
    stage.request();
  }

  function moveTo(target) {
    stopAnimation();
    const from = copy(state.W);
    stopAnimation = animate(
      stage,
      600,
      (t) => {
        state.W = from.map((values, r) => values.map((value, c) => lerp(value, target[r][c], t)));
        changed(false);
      },
      () => changed(true)
    );
  }

  function mapped(x, y) {
    const W = state.W;
    return toScreen(plane, W[0][0] * x + W[0][1] * y, W[1][0] * x + W[1][1] * y);
  }

  function draw(context) {
    const colors = stage.colors;
    paintBackground(figure, colors);
    drawGrid(context, plane, colors.grid_faint, null);
    // The plane after W: lines stay straight, parallel and evenly spaced.
    const lines = [];
    for (let k = -GRID_REACH; k <= GRID_REACH; k += 1) {
      if (k === 0) continue;
      lines.push([mapped(k, -GRID_REACH), mapped(k, GRID_REACH)]);
      lines.push([mapped(-GRID_REACH, k), mapped(GRID_REACH, k)]);
    }
    strokeLines(context, lines, colors.grid, 1);
    strokeLines(context, [[mapped(0, -GRID_REACH), mapped(0, GRID_REACH)], [mapped(-GRID_REACH, 0), mapped(GRID_REACH, 0)]], colors.axis, 1.5);
    const W = state.W;
    const [ox, oy] = toScreen(plane, 0, 0);
    const scale = plane.scale;
    for (let i = 0; i < count; i += 1) {
      const x = points[2 * i];
      const y = points[2 * i + 1];
      xs[i] = ox + (W[0][0] * x + W[0][1] * y) * scale;
      ys[i] = oy - (W[1][0] * x + W[1][1] * y) * scale;
    }
    drawDots(context, xs, ys, labels, [colors.class_0, colors.class_1], dotRadius(stage.width));
    // î and ĵ, last: they are what the reader holds.
    const tips = [mapped(1, 0), mapped(0, 1)];
    const tones = [colors.i_hat, colors.j_hat];
    drawBasis(context, ox, oy, tips, tones);
    handles.i.place(...tips[0]);
    handles.j.place(...tips[1]);
    tips.forEach(([x, y], index) => drawHandle(context, x, y, tones[index], colors.background));
    readout.draw([{ name: "W", rows: W, marks: ["i_hat", "j_hat"] }], colors);
  }

  stage.onResize(layout);
  layout();

  return {
    kind: "matrix",
    stage,
    handles,
    state: () => ({ W: copy(state.W) }),
    readouts: () => ({ W: readout.text()[0] }),
    reset: () => moveTo(initial),
  };
}
