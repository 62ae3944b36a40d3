// The steps of the 2-2-1 network (W1, b1, ReLU, W2, b2, as in the video) and where each
// puts a point of the input plane, and the input grid's lines: pure maths, no drawing.

import { lerp, relu } from "./maths.js";

// The input plane's grid lines drawn through the steps.
const GRID_X = [-4, -3, -2, -1, 0, 1, 2, 3, 4];
const GRID_Y = [-3, -2, -1, 0, 1, 2, 3];

/** The steps the reader walks through: ReLU's only where the network folds. */
export function networkSteps(folds) {
  return [
    { name: "輸入", label: "輸入的資料", formula: "輸入 x" },
    { name: "W₁", label: "乘上 W₁", formula: "W₁x" },
    { name: "b₁", label: "加上 b₁", formula: "W₁x + b₁" },
    ...(folds ? [{ name: "ReLU", label: "套用 ReLU", formula: "h = ReLU(W₁x + b₁)" }] : []),
    { name: "W₂", label: "乘上 W₂", formula: folds ? "W₂h" : "W₂(W₁x + b₁)" },
    { name: "b₂", label: "加上 b₂，比較門檻值", formula: folds ? "W₂h + b₂" : "W₂(W₁x + b₁) + b₂" },
  ];
}

/** The input point (x, y) at every step, written into `out[k]` at `offset`: `state` holds
 *  the first layer ({W1, b1}), `last` the second ({W, b}). */
export function tracePoint(state, last, folds, x, y, out, offset) {
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

/** The input grid's lines at each of `stepCount` steps, sampled at their ends and where
 *  ReLU folds them (so each straight piece stays exact). */
export function traceGrid(state, last, folds, stepCount) {
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
    const sampled = Array.from({ length: stepCount }, () => new Float64Array(params.length * 2));
    params.forEach((f, n) => tracePoint(state, last, folds, lerp(ax, bx, f), lerp(ay, by, f), sampled, 2 * n));
    lines.push(sampled);
  };
  for (const x of GRID_X) cut(x, GRID_Y[0], x, GRID_Y[GRID_Y.length - 1]);
  for (const y of GRID_Y) cut(GRID_X[0], y, GRID_X[GRID_X.length - 1], y);
  return lines;
}
