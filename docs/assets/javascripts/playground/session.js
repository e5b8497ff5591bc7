// A playground session without the page: the settings (read from and written to the URL), the
// data sets the page carries, and the training loop. playground.js draws it; the tests run it
// under Node (tests/js/run_engine.mjs) with the settings of each link on the page.

import { Matrix, Network, miniBatches, permutation, trainStep, uniform, velocitiesFor } from "./engine.js";

/**
 * Output layer and cost, as the package offers them: for classification (two outputs, one
 * per class) and for regression (one output, the target): [activation, cost, label, task].
 */
export const OUTPUTS = {
  "sigmoid-cross_entropy": ["sigmoid", "cross_entropy", "sigmoid, cross-entropy", "classification"],
  "sigmoid-quadratic": ["sigmoid", "quadratic", "sigmoid, quadratic", "classification"],
  "softmax-log_likelihood": ["softmax", "log_likelihood", "softmax, log-likelihood", "classification"],
  "softmax-quadratic": ["softmax", "quadratic", "softmax, quadratic", "classification"],
  "identity-quadratic": ["identity", "quadratic", "linear, quadratic", "regression"],
  "tanh-quadratic": ["tanh", "quadratic", "tanh, quadratic", "regression"],
};

/** The input features the network may be given, from a point (x₀, x₁) of the plane: name, value. */
export const FEATURES = {
  x0: ["x₀", (x0) => x0],
  x1: ["x₁", (x0, x1) => x1],
  x0x0: ["x₀²", (x0) => x0 * x0],
  x1x1: ["x₁²", (x0, x1) => x1 * x1],
  x0x1: ["x₀x₁", (x0, x1) => x0 * x1],
  sin0: ["sin x₀", (x0) => Math.sin(x0)],
  sin1: ["sin x₁", (x0, x1) => Math.sin(x1)],
};

/**
 * The share of the points that train, the rest testing: the page carries n training points
 * and n/2 test points (2/3 train); another split pools them and cuts the pool anew.
 */
export const SPLITS = { "1/2": 1 / 2, "2/3": 2 / 3, "4/5": 4 / 5, "9/10": 9 / 10 };

/** The data sets the page offers. */
export const DATA = ["xor", "moons", "circles", "spirals", "plane", "gaussians"];

/** A list of distinct feature keys ("x0,x1x1"), or null. */
function featureList(v) {
  const keys = v.split(",");
  return keys.every((k) => k in FEATURES) && new Set(keys).size === keys.length ? v : null;
}

/** Every setting: its default, and how to read it from the URL (null: not allowed). */
export const SETTINGS = {
  data: ["moons", (v) => (DATA.includes(v) ? v : null)],
  noise: [null, (v) => integerIn(v, 0, 50)], // in %; null: the data set's own default

  n: [200, (v) => ([100, 200, 300].includes(Number(v)) ? Number(v) : null)],
  features: ["x0,x1", featureList],
  split: ["2/3", (v) => (v in SPLITS ? v : null)],
  layers: ["8", (v) => (/^([1-8](,[1-8]){0,2})?$/.test(v) ? v : null)],
  act: ["sigmoid", (v) => (["sigmoid", "tanh", "relu"].includes(v) ? v : null)],
  out: [null, (v) => (v in OUTPUTS ? v : null)], // null: the first of the data set's task
  init: ["scaled", (v) => (["scaled", "normal"].includes(v) ? v : null)],
  eta: [null, (v) => numberIn(v, 1e-4, 100)], // null: ETA of the data set's task
  batch: [10, (v) => integerIn(v, 1, 300)],
  beta: [0, (v) => numberIn(v, 0, 0.99)],
  nesterov: [0, (v) => integerIn(v, 0, 1)],
  lambda: [0, (v) => numberIn(v, 0, 100)],
  seed: [0, (v) => integerIn(v, 0, 2 ** 31 - 1)],
  example: [0, (v) => integerIn(v, 0, 299)],
};
/** The learning rate η by task unless one is chosen: a linear output diverges at η = 3. */
export const ETA = { classification: 3, regression: 0.3 };

/** Settings that change how training continues, not what is trained: no reset needed. */
export const LIVE = new Set(["eta", "batch", "beta", "nesterov", "lambda", "example"]);

function numberIn(v, low, high) {
  const x = Number(v);
  return v !== "" && Number.isFinite(x) && x >= low && x <= high ? x : null;
}

function integerIn(v, low, high) {
  const x = numberIn(v, low, high);
  return x !== null && Number.isInteger(x) ? x : null;
}

/**
 * The settings in `part`, a URL's fragment ("#data=moons&eta=3", as the playground writes
 * them) or query ("?data=moons", as the site's pages link to them: MkDocs checks a link's
 * fragment as an anchor), each checked; defaults for absent or bad ones.
 */
export function readSettings(part) {
  const query = new URLSearchParams(part.replace(/^[#?]/, ""));
  const settings = {};
  for (const [key, [fallback, parse]] of Object.entries(SETTINGS)) {
    const value = query.has(key) ? parse(query.get(key)) : null;
    settings[key] = value === null ? fallback : value;
  }
  return settings;
}

/** The URL fragment for `settings`, listing only what differs from the defaults. */
export function writeSettings(settings) {
  const query = new URLSearchParams();
  for (const [key, [fallback]] of Object.entries(SETTINGS)) {
    if (String(settings[key]) !== String(fallback)) query.set(key, settings[key]);
  }
  return `#${query}`;
}

/** The hidden layers' widths in `settings.layers` ("8,8": two layers of eight). */
export const widthsOf = (settings) => (settings.layers ? settings.layers.split(",").map(Number) : []);

/** The keys of the input features in `settings.features`. */
export const featuresOf = (settings) => settings.features.split(",");

/** The features of the points (columns) of `x`, one row per feature key. */
export function featureRows(x, keys) {
  const out = new Matrix(keys.length, x.cols);
  keys.forEach((key, r) => {
    const f = FEATURES[key][1];
    for (let c = 0; c < x.cols; c++) out.data[r * x.cols + c] = f(x.data[c], x.data[x.cols + c]);
  });
  return out;
}

// ------------------------------------------------------------------ data from the page

/** `rows` rows stored point by point as base64 little-endian int16, in units of 1/scale. */
function decodeRows(text, rows, scale) {
  const bytes = Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  const ints = new Int16Array(bytes.buffer);
  const n = ints.length / rows;
  const m = new Matrix(rows, n);
  for (let j = 0; j < n; j++) {
    for (let r = 0; r < rows; r++) m.data[r * n + j] = ints[rows * j + r] / scale;
  }
  return m;
}

/** Points x (columns) with their class labels and one-hot desired outputs y. */
function labelled(x, labels) {
  const y = new Matrix(2, x.cols);
  labels.forEach((c, j) => {
    y.data[c * x.cols + j] = 1;
  });
  return { x, y, labels };
}

/**
 * One set of the page at noise σ: its points x (in the plane), desired outputs y and, for
 * classification, labels. The page holds the package's set without noise and the draws z
 * that its noise scales, as the package's generator does: each point shifted by σz
 * ("shift"), turned by σz radians about the origin ("turn"), or each target shifted by σz
 * ("target").
 */
function noisySet([points, draws, outputs], kind, sigma, all) {
  const x = decodeRows(points, 2, all.scale);
  const n = x.cols;
  if (kind === "target") {
    const [y, z] = [decodeRows(outputs, 1, all.scale), decodeRows(draws, 1, all.noiseScale)];
    for (let j = 0; j < n; j++) y.data[j] += sigma * z.data[j];
    return { x, y, labels: null };
  }
  const z = decodeRows(draws, kind === "turn" ? 1 : 2, all.noiseScale);
  for (let j = 0; j < n; j++) {
    if (kind === "turn") {
      const [cos, sin] = [Math.cos(sigma * z.data[j]), Math.sin(sigma * z.data[j])];
      const [u, v] = [x.data[j], x.data[n + j]];
      [x.data[j], x.data[n + j]] = [u * cos - v * sin, u * sin + v * cos];
    } else {
      x.data[j] += sigma * z.data[j];
      x.data[n + j] += sigma * z.data[n + j];
    }
  }
  return labelled(x, Array.from(outputs, Number));
}

/** The columns of a and then of b, in one matrix. */
function joined(a, b) {
  const m = new Matrix(a.rows, a.cols + b.cols);
  for (let r = 0; r < a.rows; r++) {
    m.data.set(a.data.subarray(r * a.cols, (r + 1) * a.cols), r * m.cols);
    m.data.set(b.data.subarray(r * b.cols, (r + 1) * b.cols), r * m.cols + a.cols);
  }
  return m;
}

/** The training and test sets pooled (training first) and cut at `fraction` anew. */
function resplit(train, test, fraction) {
  const [x, y] = [joined(train.x, test.x), joined(train.y, test.y)];
  const labels = train.labels && [...train.labels, ...test.labels];
  const cut = Math.round(fraction * x.cols);
  const part = (index) => ({ x: x.columns(index), y: y.columns(index), labels: labels && index.map((j) => labels[j]) });
  const order = Array.from({ length: x.cols }, (_, j) => j);
  return [part(order.slice(0, cut)), part(order.slice(cut))];
}

/**
 * The square [x₀, x₁] × [y₀, y₁] drawn around the points of `sets`, with 15 % to spare:
 * the plane keeps its proportions on the square canvas.
 */
function domainAround(sets) {
  const [low, high] = [[Infinity, Infinity], [-Infinity, -Infinity]];
  for (const { x } of sets) {
    for (const r of [0, 1]) {
      for (let j = 0; j < x.cols; j++) {
        low[r] = Math.min(low[r], x.data[r * x.cols + j]);
        high[r] = Math.max(high[r], x.data[r * x.cols + j]);
      }
    }
  }
  const half = (1.15 * Math.max(high[0] - low[0], high[1] - low[1])) / 2;
  const [c0, c1] = [(low[0] + high[0]) / 2, (low[1] + high[1]) / 2];
  return [c0 - half, c0 + half, c1 - half, c1 + half];
}

/**
 * `settings` with the choices left to the data set filled in: its own noise (in %) unless
 * one is chosen, the first output of its task unless one of that task is chosen, and the
 * learning rate of its task unless one is chosen. `all` is the page's data.
 */
export function resolved(all, settings) {
  const set = all.sets[settings.data];
  const fits = (key) => key !== null && OUTPUTS[key][3] === set.task;
  const out = fits(settings.out) ? settings.out : Object.keys(OUTPUTS).find(fits);
  const noise = set.noise === "none" ? 0 : (settings.noise ?? set.default);
  return { ...settings, noise, out, eta: settings.eta ?? ETA[set.task] };
}

/**
 * The training and test sets, and the plane drawn around them, that `settings` (resolved)
 * choose: each set's points (x, in the plane), their features (the network's input),
 * desired outputs y and labels (null for regression), and the data set's task. The plane
 * is drawn around the points of every size at this noise, so that it stays when n changes.
 */
export function chooseData(all, settings) {
  const set = all.sets[settings.data];
  const every = Object.fromEntries(
    Object.entries(set.data).map(([n, parts]) => [n, parts.map((part) => noisySet(part, set.noise, settings.noise / 100, all))]),
  );
  let sets = every[settings.data === "xor" ? "4" : String(settings.n)];
  if (settings.data !== "xor" && settings.split !== SETTINGS.split[0]) sets = resplit(...sets, SPLITS[settings.split]);
  const withFeatures = (points) => ({ ...points, input: featureRows(points.x, featuresOf(settings)) });
  return {
    task: set.task,
    train: withFeatures(sets[0]),
    test: withFeatures(sets[1]),
    domain: domainAround(Object.values(every).flat()),
  };
}

// ------------------------------------------------------------------ training

/**
 * One run of the playground: the data and network that `settings` choose, trained one
 * mini-batch at a time by the engine, with the history of every epoch. `all` is the page's
 * data (its data-sets attribute, parsed); the settings left to the data set are resolved.
 */
export class Session {
  constructor(all, chosen) {
    const settings = resolved(all, chosen);
    const data = chooseData(all, settings);
    const [output, cost] = OUTPUTS[settings.out];
    const widths = widthsOf(settings);
    const net = new Network({
      sizes: [featuresOf(settings).length, ...widths, data.task === "regression" ? 1 : 2],
      activation: settings.act,
      outputActivation: output,
      cost,
      init: settings.init,
      seed: settings.seed,
    });
    Object.assign(this, {
      all,
      settings,
      data,
      net,
      velocities: velocitiesFor(net, settings.beta),
      shuffle: uniform(settings.seed + 1),
      queue: [],
      epoch: 0,
      stepsInEpoch: 0,
      gradientSums: widths.map(() => 0).concat(0),
      history: { trainCost: [], testCost: [], trainAccuracy: [], testAccuracy: [], gradients: [] },
      step: null,
      lastBatch: 0,
      diverged: false,
    });
  }

  /** Change the settings that do not reset the run (LIVE): η, the batch size, β, λ. */
  adjust(chosen) {
    const settings = resolved(this.all, chosen);
    this.settings = settings;
    this.velocities = settings.beta ? this.velocities || velocitiesFor(this.net, settings.beta) : null;
  }

  /** The update rule's settings for trainStep (n: the size of the training set, for L2). */
  rule() {
    const s = this.settings;
    return { eta: s.eta, lmbda: s.lambda, momentum: s.beta, nesterov: s.nesterov === 1, n: this.data.train.x.cols };
  }

  /** One mini-batch: the next slice of this epoch's shuffled order. */
  miniBatch() {
    const n = this.data.train.x.cols;
    if (!this.queue.length) this.queue = miniBatches(permutation(n, this.shuffle), this.settings.batch);
    const batch = this.queue.shift();
    const x = this.data.train.input.columns(batch);
    const y = this.data.train.y.columns(batch);
    const { nablaW } = trainStep(this.net, x, y, this.rule(), this.velocities);
    nablaW.forEach((g, l) => {
      this.gradientSums[l] += Math.hypot(...g.data) / batch.length; // ‖the mean ∂C/∂wˡ‖
    });
    this.lastBatch = batch.length;
    this.stepsInEpoch += 1;
    if (!this.queue.length) this.endEpoch();
  }

  /**
   * One step of the update rule on training example `index` alone (m = 1), outside the
   * epochs, kept whole for the reader to redo by hand: the example, the parameters before
   * the step, every zˡ, aˡ, σ′(zˡ) (null for softmax) and δˡ, the gradients, the cost of the
   * example, and the parameters after the step.
   */
  exampleStep(index) {
    const { net } = this;
    const j = Math.min(index, this.data.train.x.cols - 1);
    const x = this.data.train.input.columns([j]);
    const y = this.data.train.y.columns([j]);
    const copy = (matrices) => matrices.map((m) => m.map((v) => v));
    const before = { weights: copy(net.weights), biases: copy(net.biases) };
    const result = trainStep(net, x, y, this.rule(), this.velocities);
    const L = net.sigmas.length - 1;
    this.step = {
      index: j,
      y,
      before,
      ...result,
      primes: net.sigmas.map((sigma, l) => (sigma.elementwise ? sigma.prime(result.zs[l]) : null)),
      cost: net.cost.fn(result.zs[L], result.activations[L + 1], y)[0],
      after: { weights: copy(net.weights), biases: copy(net.biases) },
    };
    if (!net.parameters().every((p) => p.data.every(Number.isFinite))) this.diverged = true;
  }

  endEpoch() {
    const { net, data, history } = this;
    this.epoch += 1;
    const train = net.evaluate(data.train.input, data.train.y);
    const test = net.evaluate(data.test.input, data.test.y);
    history.trainCost.push(train.cost);
    history.testCost.push(test.cost);
    history.trainAccuracy.push(train.accuracy);
    history.testAccuracy.push(test.accuracy);
    history.gradients.push(this.gradientSums.map((sum) => sum / this.stepsInEpoch));
    this.gradientSums = this.gradientSums.map(() => 0);
    this.stepsInEpoch = 0;
    if (!Number.isFinite(train.cost) || !net.parameters().every((p) => p.data.every(Number.isFinite))) {
      this.diverged = true;
    }
  }

  /** Train up to the end of the current epoch (or until training diverges). */
  finishEpoch() {
    const target = this.epoch + 1;
    while (this.epoch < target && !this.diverged) this.miniBatch();
  }
}
