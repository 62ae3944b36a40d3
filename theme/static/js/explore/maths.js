// The maths of scenes/data/networks.py, for the browser: the same forward pass in the
// same order of operations, so that with the stored weights a figure gets exactly the
// stored accuracy (a browser test compares every prediction with Python's `predict`).
//
//   y = W x + b per layer (x W^T, then + b), ReLU between layers when the record says
//   "relu", then the last output compared with the threshold: `above_is` where
//   output > threshold, the other class elsewhere; accuracy = correct / total.
//
// Points are [x, y] pairs; every function here is pure.

export function relu(value) {
  return value > 0 ? value : 0;
}

/** Each layer's [weighted, biased, (activated)] arrays for every point, as forward() in
 *  Python: one Float64Array of n * out numbers per step. */
export function forward(network, points) {
  const layers = network.layers;
  const relus = network.activation === "relu";
  const steps = [];
  let inputs = points.map((point) => point.slice());
  layers.forEach((layer, index) => {
    const weighted = inputs.map((x) =>
      layer.W.map((row) => {
        // numpy's x @ W.T: the products added in order of the input.
        let sum = x[0] * row[0];
        for (let k = 1; k < row.length; k += 1) sum += x[k] * row[k];
        return sum;
      })
    );
    const biased = weighted.map((z) => z.map((value, j) => value + layer.b[j]));
    steps.push(weighted, biased);
    inputs = biased;
    if (relus && index < layers.length - 1) {
      const activated = biased.map((z) => z.map(relu));
      steps.push(activated);
      inputs = activated;
    }
  });
  return steps;
}

/** The network's 1-D output for each point. */
export function outputs(network, points) {
  const steps = forward(network, points);
  return steps[steps.length - 1].map((z) => z[0]);
}

/** The class the network predicts for each point (0 or 1). */
export function predict(network, points) {
  const aboveIs = network.above_is;
  return outputs(network, points).map((value) => (value > network.threshold ? aboveIs : 1 - aboveIs));
}

/** How many of `labels` the predictions get right. */
export function countCorrect(predictions, labels) {
  let correct = 0;
  for (let i = 0; i < labels.length; i += 1) if (predictions[i] === labels[i]) correct += 1;
  return correct;
}

/** A copy of `network` with some of its numbers replaced: {W, b, threshold} of a one-layer
 *  network, or {W1, b1} of the first layer of two. */
export function withValues(network, values) {
  const copy = JSON.parse(JSON.stringify(network));
  const single = copy.layers.length === 1;
  if (single) {
    if (values.W) copy.layers[0].W = values.W.map((row) => row.slice());
    if (values.b) copy.layers[0].b = values.b.slice();
    if (values.threshold !== undefined) copy.threshold = values.threshold;
  } else {
    if (values.W1) copy.layers[0].W = values.W1.map((row) => row.slice());
    if (values.b1) copy.layers[0].b = values.b1.slice();
  }
  return copy;
}

/** From a (t = 0) to b (t = 1), landing on b exactly: a reset restores the stored numbers. */
export function lerp(a, b, t) {
  if (t === 1) return b;
  return a + (b - a) * t;
}

export function clamp(value, low, high) {
  return Math.min(high, Math.max(low, value));
}

/** Numbers as the article writes them: a real minus sign, fixed decimals. */
export function formatNumber(value, decimals = 2) {
  const text = Math.abs(value).toFixed(decimals);
  const zero = Number(text) === 0;
  return (value < 0 && !zero ? "\u2212" : "") + text;
}

/** "100%" or "83.5%": a percentage with one decimal when it has one, as the article does. */
export function formatPercent(fraction) {
  const tenths = Math.round(fraction * 1000);
  return (tenths % 10 === 0 ? String(tenths / 10) : (tenths / 10).toFixed(1)) + "%";
}
