// Runs the playground's engine on cases from tests/test_playground_engine.py.
// Reads a JSON list of cases on stdin and writes a JSON list of results to stdout.
import { readFileSync } from "node:fs";
import {
  Matrix,
  Network,
  miniBatches,
  optimalMomentum,
  quadraticPath,
  quadraticRate,
  trainStep,
  velocitiesFor,
} from "../../docs/assets/javascripts/playground/engine.js";
import { Session, readSettings } from "../../docs/assets/javascripts/playground/session.js";

const nested = (matrices) => matrices.map((m) => m.toArray());

function network(c) {
  return new Network({
    sizes: c.sizes,
    activation: c.activation,
    outputActivation: c.output_activation,
    cost: c.cost,
    weights: c.weights,
    biases: c.biases,
  });
}

const run = {
  backprop(c) {
    const net = network(c);
    const x = Matrix.from(c.x);
    const y = Matrix.from(c.y);
    const { nablaB, nablaW } = net.backprop(x, y);
    const { cost, accuracy } = net.evaluate(x, y);
    return { nabla_b: nested(nablaB), nabla_w: nested(nablaW), cost, accuracy, output: net.feedforward(x).toArray() };
  },
  train(c) {
    const net = network(c);
    const x = Matrix.from(c.x);
    const y = Matrix.from(c.y);
    const settings = { ...c.settings, n: x.cols };
    const velocities = velocitiesFor(net, settings.momentum);
    let steps = 0;
    for (const order of c.orders) {
      for (const batch of miniBatches(order, c.mini_batch_size)) {
        trainStep(net, x.columns(batch), y.columns(batch), settings, velocities);
        steps += 1;
      }
    }
    return { weights: nested(net.weights), biases: nested(net.biases), steps };
  },
  construct(c) {
    try {
      network(c);
      return { error: null };
    } catch (error) {
      return { error: `${error.name}: ${error.message}` };
    }
  },
  /** The playground run that the URL part c.query sets up, on the page's data: c.epochs
   * epochs, after one step on training example c.example if given. */
  session(c) {
    const session = new Session(c.data, readSettings(c.query));
    if (c.example !== undefined) session.exampleStep(c.example);
    while (session.epoch < (c.epochs ?? 0) && !session.diverged) session.finishEpoch();
    const { history, diverged, step } = session;
    const points = (set) => ({ x: set.x.toArray(), y: set.y.toArray(), labels: set.labels });
    const { train, test, domain } = session.data;
    const data = c.points ? { train: points(train), test: points(test), domain } : null;
    const { net } = session;
    return {
      history,
      diverged,
      sizes: net.sizes,
      outputs: [net.sigmas[net.sigmas.length - 1].name, net.cost.name],
      weights: nested(net.weights),
      biases: nested(net.biases),
      step: step && { deltas: nested(step.deltas) },
      data,
    };
  },
  optimum(c) {
    const { alpha, beta } = optimalMomentum(c.lambdas);
    return { alpha, beta, rate: quadraticRate(alpha, beta, c.lambdas) };
  },
  quadratic(c) {
    return {
      path: quadraticPath(c.w0, c.eta, c.beta, c.lambdas, c.nesterov, c.steps),
      rate: quadraticRate(c.eta, c.beta, c.lambdas, c.nesterov),
    };
  },
};

const cases = JSON.parse(readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(cases.map((c) => run[c.kind](c))));
