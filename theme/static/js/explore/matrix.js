// A 2x2 matrix as a transformation of the plane: the reader drags the tips of î and ĵ
// (the matrix's two columns) and sees the grid, the data and the matrix entries move.
//
// As in the videos: the faint grid is the plane before, the brighter grid the plane after;
// î is green, ĵ red; every data point x lands at W x = x1 (W î) + x2 (W ĵ).

import { Handle } from "./handles.js";
import { formatNumber, lerp } from "./maths.js";
import {
  Stage,
  animate,
  dotRadius,
  drawArrow,
  drawDots,
  drawGrid,
  drawLabel,
  fitView,
  strokeLines,
  toData,
  toScreen,
} from "./stage.js";
import { button, element, hint, matrixReadout, paintMarks } from "./ui.js";

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
  const stageElement = figure.querySelector(".explore__stage");
  const panel = figure.querySelector(".explore__panel");
  let plane = null;
  let stopAnimation = () => {};

  const stage = new Stage(stageElement, data.palettes, draw);

  // ---- Panel: the matrix as numbers, and the way back to the start
  const row = element("div", "explore__row");
  panel.append(row);
  const showMatrix = matrixReadout(row, "W", 2, 2, ["i", "j"], "矩陣 W：第一行是 î 的落點，第二行是 ĵ 的落點");
  const note = element("p", "explore__note", "第一行是 î 的落點，第二行是 ĵ 的落點");
  note.setAttribute("aria-hidden", "true"); // the matrix's own label says it
  row.append(note);
  const hintId = hint(panel, "拖曳，或用方向鍵移動一格 0.1；按住 Shift 一次移動 1。");
  button(row, "回到起點", () => moveTo(initial), "↺");

  // ---- Handles: the tips of î and ĵ, which are the matrix's columns
  const column = (index) => ({
    get: () => [state.W[0][index], state.W[1][index]],
    set: ([x, y]) => {
      stopAnimation();
      state.W[0][index] = x;
      state.W[1][index] = y;
    },
  });
  const handleOptions = {
    dimensions: 2,
    limit,
    describedBy: hintId,
    valueText: ([x, y]) => `(${formatNumber(x)}, ${formatNumber(y)})`,
    fromScreen: (sx, sy) => toData(plane, sx, sy),
    onInput: changed,
  };
  const iHandle = new Handle(stageElement, { ...handleOptions, ...column(0), label: "î 的終點", tone: "i" });
  const jHandle = new Handle(stageElement, { ...handleOptions, ...column(1), label: "ĵ 的終點", tone: "j" });

  function layout() {
    // The data and every place a tip may go, whole: the view does not move while dragging.
    const region = { left: 0, top: 0, width: stage.width, height: stage.height };
    plane = fitView(region, { minX: -3.3, maxX: 3.3, minY: -limit - 0.15, maxY: limit + 0.15 }, 0.04);
    changed();
  }

  function changed() {
    showMatrix(state.W);
    iHandle.describe();
    jHandle.describe();
    stage.request();
  }

  function moveTo(target) {
    stopAnimation();
    const from = copy(state.W);
    stopAnimation = animate(stage, 600, (t) => {
      state.W = from.map((values, r) => values.map((value, c) => lerp(value, target[r][c], t)));
      changed();
    });
  }

  function mapped(x, y) {
    const W = state.W;
    return toScreen(plane, W[0][0] * x + W[0][1] * y, W[1][0] * x + W[1][1] * y);
  }

  function draw(context) {
    const colors = stage.colors;
    paintMarks(figure, colors);
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
    const screen = data.points.map(([x, y]) => mapped(x, y));
    drawDots(context, screen, data.labels, [colors.class_0, colors.class_1], dotRadius(stage.width));
    // î and ĵ, last: they are what the reader holds.
    const [ox, oy] = toScreen(plane, 0, 0);
    const tips = [mapped(1, 0), mapped(0, 1)];
    const tones = [colors.i_hat, colors.j_hat];
    tips.forEach(([x, y], index) => drawArrow(context, ox, oy, x, y, tones[index], 3, 12));
    ["î", "ĵ"].forEach((name, index) => {
      const [x, y] = tips[index];
      const dx = x - ox;
      const dy = y - oy;
      const length = Math.hypot(dx, dy) || 1;
      drawLabel(context, name, x + (dx / length) * 26, y + (dy / length) * 26, tones[index], {
        align: "center",
        size: 18,
        weight: 700,
      });
    });
    iHandle.place(...tips[0]);
    jHandle.place(...tips[1]);
  }

  stage.onResize(layout);
  layout();

  return {
    kind: "matrix",
    stage,
    handles: { i: iHandle, j: jHandle },
    state: () => ({ W: copy(state.W) }),
    reset: () => moveTo(initial),
  };
}
