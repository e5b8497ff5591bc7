// The playground's engine: the package's forward pass, backpropagation (BP1–BP4) and update
// rules in JavaScript, float64, to be read beside src/backprop/network.py and training.py.
// Same conventions: layer l has sizes[l] neurons; weights[l - 1] is wˡ, shape (nˡ, nˡ⁻¹);
// biases[l - 1] is bˡ, shape (nˡ, 1); examples are columns. tests/test_playground_engine.py
// proves it the same algorithm: its gradients and training steps against the package's.

// ------------------------------------------------------------------ matrices

/** A row-major float64 matrix of shape (rows, cols). */
export class Matrix {
  constructor(rows, cols, data = new Float64Array(rows * cols)) {
    if (data.length !== rows * cols) {
      throw new RangeError(`data must hold ${rows * cols} numbers, got ${data.length}`);
    }
    this.rows = rows;
    this.cols = cols;
    this.data = data;
  }

  /** From nested arrays, one inner array per row. */
  static from(nested) {
    const rows = nested.length;
    const cols = rows ? nested[0].length : 0;
    return new Matrix(rows, cols, Float64Array.from(nested.flat()));
  }

  get(i, j) {
    return this.data[i * this.cols + j];
  }

  map(f) {
    return new Matrix(this.rows, this.cols, this.data.map(f));
  }

  /** The columns listed in `index`, as a new matrix (x[:, batch]). */
  columns(index) {
    const out = new Matrix(this.rows, index.length);
    for (let i = 0; i < this.rows; i++) {
      for (let j = 0; j < index.length; j++) {
        out.data[i * index.length + j] = this.data[i * this.cols + index[j]];
      }
    }
    return out;
  }

  toArray() {
    return Array.from({ length: this.rows }, (_, i) =>
      Array.from(this.data.subarray(i * this.cols, (i + 1) * this.cols)),
    );
  }
}

/** w @ a + b: a weighted input z = wa + b, the bias column broadcast over the columns. */
function affine(w, a, b) {
  const [z, m] = [new Matrix(w.rows, a.cols), a.cols];
  for (let i = 0; i < w.rows; i++) {
    // Σₖ wᵢₖ aₖⱼ, k in order as one sum per entry would add them, a whole row at a time
    // (contiguous, for the drawings' grid of 1,600 columns); then the bias.
    const row = z.data.subarray(i * m, (i + 1) * m);
    for (let k = 0; k < w.cols; k++) {
      const [wik, ak] = [w.data[i * w.cols + k], a.data.subarray(k * m, (k + 1) * m)];
      for (let j = 0; j < m; j++) row[j] += wik * ak[j];
    }
    for (let j = 0; j < m; j++) row[j] += b.data[i];
  }
  return z;
}

/** wᵀ δ, the error carried back through the weights (BP2). */
function transposeTimes(w, delta) {
  const out = new Matrix(w.cols, delta.cols);
  for (let k = 0; k < w.cols; k++) {
    for (let j = 0; j < delta.cols; j++) {
      let sum = 0;
      for (let i = 0; i < w.rows; i++) sum += w.data[i * w.cols + k] * delta.data[i * delta.cols + j];
      out.data[k * delta.cols + j] = sum;
    }
  }
  return out;
}

/** δ aᵀ: the matrix product sums δⱼ aₖ over the examples (BP4). */
function timesTranspose(delta, a) {
  const out = new Matrix(delta.rows, a.rows);
  for (let j = 0; j < delta.rows; j++) {
    for (let k = 0; k < a.rows; k++) {
      let sum = 0;
      for (let c = 0; c < a.cols; c++) sum += delta.data[j * delta.cols + c] * a.data[k * a.cols + c];
      out.data[j * a.rows + k] = sum;
    }
  }
  return out;
}

/** Σ over the columns of δ, a column (BP3). */
function sumColumns(delta) {
  const out = new Matrix(delta.rows, 1);
  for (let j = 0; j < delta.rows; j++) {
    let sum = 0;
    for (let c = 0; c < delta.cols; c++) sum += delta.data[j * delta.cols + c];
    out.data[j] = sum;
  }
  return out;
}

function hadamard(a, b) {
  return new Matrix(a.rows, a.cols, a.data.map((value, i) => value * b.data[i]));
}

function subtract(a, b) {
  return new Matrix(a.rows, a.cols, a.data.map((value, i) => value - b.data[i]));
}

// ------------------------------------------------------------------ activations (activations.py)

/** log(1 + eˣ) without overflow: NumPy's logaddexp(0, x). */
function softplus(x) {
  return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}

function sigmoidOf(z) {
  const e = Math.exp(-Math.abs(z));
  const r = 1 / (1 + e);
  return z >= 0 ? r : e * r;
}

/**
 * An elementwise σ with σ'; backward(z, ∂C/∂a) = ∂C/∂a ⊙ σ'(z). apply(z, { inPlace: true })
 * overwrites z with σ(z), for a z that nothing else holds.
 */
function elementwise(name, f, prime) {
  return {
    name,
    elementwise: true,
    apply(z, { inPlace = false } = {}) {
      if (!inPlace) return z.map(f);
      for (let i = 0; i < z.data.length; i++) z.data[i] = f(z.data[i]);
      return z;
    },
    prime: (z) => z.map(prime),
    backward: (z, gradA) => hadamard(gradA, z.map(prime)),
  };
}

const softmax = {
  name: "softmax",
  elementwise: false,
  /** aⱼ = e^{zⱼ} / Σₖ e^{zₖ}, over each column. */
  apply(z) {
    const a = new Matrix(z.rows, z.cols);
    for (let c = 0; c < z.cols; c++) {
      let top = -Infinity;
      for (let r = 0; r < z.rows; r++) top = Math.max(top, z.data[r * z.cols + c]);
      let sum = 0;
      for (let r = 0; r < z.rows; r++) {
        const e = Math.exp(z.data[r * z.cols + c] - top);
        a.data[r * z.cols + c] = e;
        sum += e;
      }
      for (let r = 0; r < z.rows; r++) a.data[r * z.cols + c] /= sum;
    }
    return a;
  },
  prime() {
    throw new TypeError("softmax has no elementwise derivative; it is an output activation only");
  },
  /** ∂C/∂z = a ⊙ (∂C/∂a − Σⱼ aⱼ ∂C/∂aⱼ), the whole Jacobian. */
  backward(z, gradA) {
    const a = this.apply(z);
    const out = new Matrix(z.rows, z.cols);
    for (let c = 0; c < z.cols; c++) {
      let dot = 0;
      for (let r = 0; r < z.rows; r++) dot += a.data[r * z.cols + c] * gradA.data[r * z.cols + c];
      for (let r = 0; r < z.rows; r++) {
        const i = r * z.cols + c;
        out.data[i] = a.data[i] * (gradA.data[i] - dot);
      }
    }
    return out;
  },
};

export const ACTIVATIONS = {
  sigmoid: elementwise("sigmoid", sigmoidOf, (z) => {
    const s = sigmoidOf(z);
    return s * (1 - s);
  }),
  tanh: elementwise("tanh", Math.tanh, (z) => 1 - Math.tanh(z) ** 2),
  relu: elementwise("relu", (z) => Math.max(z, 0), (z) => (z > 0 ? 1 : 0)),
  identity: elementwise("identity", (z) => z, () => 1),
  softmax,
};

// ------------------------------------------------------------------ costs (costs.py)

/** Per column: fn(z, a, y) gives the cost of each example; delta gives δᴸ (BP1). */
export const COSTS = {
  quadratic: {
    name: "quadratic",
    outputs: null,
    fn: (z, a, y) => columnSums(a, (i) => 0.5 * (a.data[i] - y.data[i]) ** 2),
    delta: (z, a, y, sigma) => sigma.backward(z, subtract(a, y)), // BP1: ∇ₐC ⊙ σ'(zᴸ)
  },
  cross_entropy: {
    name: "cross_entropy",
    outputs: ["sigmoid"],
    fn: (z, a, y) =>
      columnSums(z, (i) => y.data[i] * softplus(-z.data[i]) + (1 - y.data[i]) * softplus(z.data[i])),
    delta: (z, a, y) => subtract(a, y), // BP1, with σ'(zᴸ) cancelled
  },
  log_likelihood: {
    name: "log_likelihood",
    outputs: ["softmax"],
    fn(z, a, y) {
      const costs = new Float64Array(z.cols);
      for (let c = 0; c < z.cols; c++) {
        let top = -Infinity;
        for (let r = 0; r < z.rows; r++) top = Math.max(top, z.data[r * z.cols + c]);
        let sum = 0;
        let yz = 0;
        for (let r = 0; r < z.rows; r++) {
          sum += Math.exp(z.data[r * z.cols + c] - top);
          yz += y.data[r * z.cols + c] * z.data[r * z.cols + c];
        }
        costs[c] = top + Math.log(sum) - yz;
      }
      return costs;
    },
    delta: (z, a, y) => subtract(a, y), // BP1, with the softmax Jacobian cancelled
  },
};

function columnSums(m, term) {
  const sums = new Float64Array(m.cols);
  for (let r = 0; r < m.rows; r++) {
    for (let c = 0; c < m.cols; c++) sums[c] += term(r * m.cols + c);
  }
  return sums;
}

// ------------------------------------------------------------------ the network (network.py)

export class Network {
  /**
   * sizes: neurons per layer, input first. weights[l - 1] (nˡ × nˡ⁻¹) and biases[l - 1]
   * (nˡ × 1) are Matrix objects or nested arrays; omitted, they are drawn from `seed` with
   * the distributions of the package's `init` (this engine's own generator: the numbers
   * differ from NumPy's).
   */
  constructor({
    sizes,
    activation = "sigmoid",
    outputActivation = activation,
    cost = "quadratic",
    weights,
    biases,
    init = "normal",
    seed = 0,
  }) {
    if (!Array.isArray(sizes) || sizes.length < 2 || !sizes.every((n) => Number.isInteger(n) && n > 0)) {
      throw new RangeError(`sizes must list at least two positive layer sizes, got ${JSON.stringify(sizes)}`);
    }
    const hidden = lookup(ACTIVATIONS, activation, "activation");
    if (!hidden.elementwise) throw new RangeError(`${hidden.name} can only be the output activation`);
    const output = lookup(ACTIVATIONS, outputActivation, "outputActivation");
    this.cost = lookup(COSTS, cost, "cost");
    if (this.cost.outputs && !this.cost.outputs.includes(output.name)) {
      throw new RangeError(`the ${this.cost.name} cost needs a ${this.cost.outputs} output, not ${output.name}`);
    }
    this.sizes = sizes;
    this.numLayers = sizes.length;
    this.sigmas = [...Array(sizes.length - 2).fill(hidden), output];
    if (weights && biases) {
      this.weights = weights.map((w) => (w instanceof Matrix ? w : Matrix.from(w)));
      this.biases = biases.map((b) => (b instanceof Matrix ? b : Matrix.from(b)));
      sizes.slice(1).forEach((n, l) => {
        const [w, b] = [this.weights[l], this.biases[l]];
        if (!w || !b || w.rows !== n || w.cols !== sizes[l] || b.rows !== n || b.cols !== 1) {
          throw new RangeError(`weights[${l}] must be ${n} × ${sizes[l]} and biases[${l}] ${n} × 1 for sizes ${JSON.stringify(sizes)}`);
        }
      });
    } else {
      const normal = gaussian(seed);
      this.biases = sizes.slice(1).map((n) => new Matrix(n, 1).map(() => normal()));
      this.weights = sizes.slice(1).map((n, l) => {
        const scale = init === "scaled" ? 1 / Math.sqrt(sizes[l]) : 1;
        return new Matrix(n, sizes[l]).map(() => normal() * scale);
      });
    }
  }

  /** The output aᴸ for a batch x of shape (n⁰, m), one example per column. */
  feedforward(x) {
    return this.activations(x)[this.weights.length];
  }

  /** Every layer's activation [a⁰ = x, a¹, …, aᴸ] for a batch x, one example per column. */
  activations(x) {
    const as = [x];
    this.weights.forEach((w, l) => {
      // z is new and kept nowhere: σ may overwrite it (fewer allocations on the drawings' grid)
      as.push(this.sigmas[l].apply(affine(w, as[l], this.biases[l]), { inPlace: true }));
    });
    return as;
  }

  /**
   * The summed gradient of the cost over the columns of x, y: { nablaB, nablaW }, shaped like
   * biases and weights, with the forward pass (zs, activations) and each layer's error δ
   * (deltas[l - 1] is δˡ) that produced it.
   */
  backprop(x, y) {
    const nablaB = new Array(this.biases.length);
    const nablaW = new Array(this.weights.length);
    const deltas = new Array(this.weights.length);
    // Forward pass: store every weighted input zˡ and activation aˡ.
    let activation = x;
    const activations = [x];
    const zs = [];
    this.weights.forEach((w, l) => {
      const z = affine(w, activation, this.biases[l]);
      zs.push(z);
      activation = this.sigmas[l].apply(z);
      activations.push(activation);
    });
    // Backward pass: the output error, then each earlier layer's error.
    const L = this.weights.length - 1;
    let delta = this.cost.delta(zs[L], activations[L + 1], y, this.sigmas[L]); // BP1
    deltas[L] = delta;
    nablaB[L] = sumColumns(delta); // BP3
    nablaW[L] = timesTranspose(delta, activations[L]); // BP4
    for (let l = L - 1; l >= 0; l--) {
      delta = hadamard(transposeTimes(this.weights[l + 1], delta), this.sigmas[l].prime(zs[l])); // BP2
      deltas[l] = delta;
      nablaB[l] = sumColumns(delta); // BP3
      nablaW[l] = timesTranspose(delta, activations[l]); // BP4
    }
    return { nablaB, nablaW, deltas, zs, activations };
  }

  /** { cost, accuracy } on the columns of x: the mean cost and the argmax agreement. */
  evaluate(x, y) {
    let a = x;
    let z = x;
    this.weights.forEach((w, l) => {
      z = affine(w, a, this.biases[l]);
      a = this.sigmas[l].apply(z);
    });
    const costs = this.cost.fn(z, a, y);
    let correct = 0;
    for (let c = 0; c < a.cols; c++) correct += argmax(a, c) === argmax(y, c) ? 1 : 0;
    return { cost: costs.reduce((s, v) => s + v, 0) / costs.length, accuracy: correct / a.cols };
  }

  /** Every parameter, biases first then weights (the same objects, not copies). */
  parameters() {
    return [...this.biases, ...this.weights];
  }
}

function lookup(table, name, what) {
  if (!(name in table)) {
    throw new RangeError(`unknown ${what} ${JSON.stringify(name)}; expected one of ${Object.keys(table)}`);
  }
  return table[name];
}

/** The row of the largest entry in column c (the first on ties, as NumPy's argmax). */
export function argmax(m, c) {
  let best = 0;
  for (let r = 1; r < m.rows; r++) if (m.data[r * m.cols + c] > m.data[best * m.cols + c]) best = r;
  return best;
}

// ------------------------------------------------------------------ training (training.py)

/** Zero velocities shaped like the parameters, or null for plain SGD (β = 0), as `train`. */
export function velocitiesFor(net, momentum) {
  return momentum ? net.parameters().map((p) => new Matrix(p.rows, p.cols)) : null;
}

/**
 * One mini-batch step of `train`: backprop on the columns x, y (m of them), then
 * η g = (η/m) Σₓ ∇Cₓ + (ηλ/n) w for each parameter, and the update rule. n is the size of
 * the training set. Returns the backprop result (gradients summed over the mini-batch).
 */
export function trainStep(net, x, y, { eta, lmbda = 0, momentum = 0, nesterov = false, n }, velocities) {
  const gradients = net.backprop(x, y);
  const steps = stepsOf(net, gradients, eta / x.cols, (eta * lmbda) / n);
  update(net.parameters(), steps, velocities, momentum, nesterov);
  return gradients;
}

/** η g for every parameter (biases first): rate · Σₓ ∇Cₓ, plus decay · w on the weights. */
function stepsOf(net, { nablaB, nablaW }, rate, decay) {
  const steps = [...nablaB, ...nablaW].map((nabla) => nabla.map((value) => value * rate));
  if (decay) {
    net.weights.forEach((w, l) => {
      const step = steps[net.biases.length + l].data;
      w.data.forEach((value, i) => {
        step[i] += decay * value;
      });
    });
  }
  return steps;
}

/**
 * Apply one step in place to every parameter, given its η g (arrays or matrices):
 * plain SGD  w ← w − η g;  heavy ball  v ← β v − η g, w ← w + v;
 * Nesterov   v ← β v − η g, w ← w + β v − η g  (Bengio's form, as `train`).
 */
export function update(params, steps, velocities, momentum, nesterov) {
  const values = (m) => (m instanceof Matrix ? m.data : m);
  params.forEach((param, k) => {
    const p = values(param);
    const step = values(steps[k]);
    if (velocities === null) {
      for (let i = 0; i < p.length; i++) p[i] -= step[i]; // w ← w − η g
      return;
    }
    const v = values(velocities[k]);
    for (let i = 0; i < p.length; i++) {
      v[i] = v[i] * momentum - step[i]; // v ← β v − η g
      p[i] += nesterov ? momentum * v[i] - step[i] : v[i]; // w ← w + β v − η g, or w ← w + v
    }
  });
}

/** The mini-batches of one epoch: consecutive slices of the shuffled order. */
export function miniBatches(order, size) {
  const batches = [];
  for (let k = 0; k < order.length; k += size) batches.push(order.slice(k, k + size));
  return batches;
}

// ------------------------------------------------------------------ seeded random numbers

/** A seeded uniform generator on [0, 1) (mulberry32): the playground's shuffles and inits. */
export function uniform(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seeded standard normal generator (Box–Muller on `uniform`). */
export function gaussian(seed) {
  const u = uniform(seed);
  return () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

/** A uniformly random permutation of 0 … n − 1 (Fisher–Yates), drawn from `random`. */
export function permutation(n, random) {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

// ------------------------------------------------------------------ momentum on a quadratic

/**
 * The convergence rate max ρ(Rᵢ) of the heavy ball (or Nesterov) on C(w) = ½ Σ λᵢ wᵢ²:
 * the spectral radius of each 2 × 2 iteration matrix, from its characteristic polynomial
 * μ² − (1 + d − ηλ) μ + d = 0, with d = β (heavy ball) or β(1 − ηλ) (Nesterov).
 */
export function quadraticRate(eta, beta, lambdas, nesterov = false) {
  return Math.max(
    ...lambdas.map((lambda) => {
      const h = eta * lambda;
      const d = nesterov ? beta * (1 - h) : beta;
      const trace = d + 1 - h;
      const disc = trace * trace - 4 * d;
      if (disc < 0) return Math.sqrt(d);
      const root = Math.sqrt(disc);
      return Math.max(Math.abs(trace + root), Math.abs(trace - root)) / 2;
    }),
  );
}

/**
 * The heavy ball's optimal step size and momentum on C(w) = ½ Σ λᵢ wᵢ² (Goh):
 * α* = (2 / (√λ₁ + √λₙ))², β* = ((√κ − 1) / (√κ + 1))² with κ = λₙ / λ₁, the rate then √β*.
 */
export function optimalMomentum(lambdas) {
  const [low, high] = [Math.min(...lambdas), Math.max(...lambdas)];
  const root = Math.sqrt(high / low);
  return { alpha: (2 / (Math.sqrt(low) + Math.sqrt(high))) ** 2, beta: ((root - 1) / (root + 1)) ** 2 };
}

/** The iterates w₀ … w_steps on C(w) = ½ Σ λᵢ wᵢ², ∇C = (λᵢ wᵢ), by `update`'s rules. */
export function quadraticPath(w0, eta, beta, lambdas, nesterov, steps) {
  const w = Float64Array.from(w0);
  const velocities = beta ? [new Float64Array(w.length)] : null;
  const path = [Array.from(w)];
  for (let t = 0; t < steps; t++) {
    const step = w.map((value, i) => eta * lambdas[i] * value); // η ∇C(w)
    update([w], [step], velocities, beta, nesterov);
    path.push(Array.from(w));
  }
  return path;
}
