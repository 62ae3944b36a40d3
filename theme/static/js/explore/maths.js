// The maths of scenes/data/networks.py, for the browser: the same forward pass in the
// same order of operations, so that with the stored weights a figure gets exactly the
// stored accuracy (a browser test compares every prediction with Python's `predict`).
//
//   y = W x + b per layer (x W^T, then + b), ReLU between layers when the record says
//   "relu", then the last output compared with the threshold: `above_is` where
//   output > threshold, the other class elsewhere; accuracy = correct / total.
//
// Points travel as one flat Float64Array [x0, y0, x1, y1, ...]: a figure redoes this on
// every move of a handle, and small arrays per point would keep the garbage collector busy.

export function relu(value) {
  return value > 0 ? value : 0;
}

/** [[x, y], ...] as a flat Float64Array. */
export function flatten(points) {
  const flat = new Float64Array(points.length * 2);
  points.forEach(([x, y], i) => {
    flat[2 * i] = x;
    flat[2 * i + 1] = y;
  });
  return flat;
}

/** Every intermediate array of the network for `count` points of `inputs` (count * 2
 *  numbers), as forward() in Python: per layer the points after the weights, after the
 *  bias, and -- between layers, with ReLU -- after the activation; each a flat array of
 *  count * (the layer's outputs) numbers. */
export function forward(network, inputs, count) {
  const layers = network.layers;
  const folds = network.activation === "relu";
  const steps = [];
  let x = inputs;
  let width = inputs.length / count;
  layers.forEach((layer, index) => {
    const out = layer.W.length;
    const weighted = new Float64Array(count * out);
    const biased = new Float64Array(count * out);
    for (let i = 0; i < count; i += 1) {
      for (let j = 0; j < out; j += 1) {
        const row = layer.W[j];
        // numpy's x @ W.T: the products added in the order of the inputs, then + b.
        let sum = x[i * width] * row[0];
        for (let k = 1; k < width; k += 1) sum += x[i * width + k] * row[k];
        weighted[i * out + j] = sum;
        biased[i * out + j] = sum + layer.b[j];
      }
    }
    steps.push(weighted, biased);
    x = biased;
    if (folds && index < layers.length - 1) {
      const activated = biased.map(relu);
      steps.push(activated);
      x = activated;
    }
    width = out;
  });
  return steps;
}

/** The network's 1-D output for each point. */
export function outputs(network, inputs, count) {
  const steps = forward(network, inputs, count);
  return steps[steps.length - 1];
}

/** The class the network predicts for each point (0 or 1), into `into` if given. */
export function predict(network, inputs, count, into = new Uint8Array(count)) {
  return classify(network, outputs(network, inputs, count), into);
}

/** The class each output stands for: `above_is` above the threshold, the other below. */
export function classify(network, values, into = new Uint8Array(values.length)) {
  const aboveIs = network.above_is;
  for (let i = 0; i < values.length; i += 1) into[i] = values[i] > network.threshold ? aboveIs : 1 - aboveIs;
  return into;
}

/** How many predictions match their labels. */
export function countCorrect(predictions, labels) {
  let correct = 0;
  for (let i = 0; i < labels.length; i += 1) if (predictions[i] === labels[i]) correct += 1;
  return correct;
}

/** A copy of `network` with some of its numbers replaced: {W, b, threshold} of a one-layer
 *  network, or {W1, b1} of the first layer of two. */
export function withValues(network, values) {
  const copy = JSON.parse(JSON.stringify(network));
  if (copy.layers.length === 1) {
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

/** "正確率 100%（200 / 200）", as the videos write it. */
export function accuracyText(correct, total) {
  return `正確率 ${formatPercent(correct / total)}（${correct} / ${total}）`;
}
