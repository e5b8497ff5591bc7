// The playground page: controls, settings in the URL, the training loop and the live views.
// The data sets come from the page (generated at build by the package); the network is
// trained by engine.js, the package's algorithm.

import {
  FEATURES,
  LIVE,
  OUTPUTS,
  SETTINGS,
  SPLITS,
  Session,
  featureRows,
  featuresOf,
  readSettings,
  resolved,
  widthsOf,
  writeSettings,
} from "./session.js";
import {
  boundaryGrid,
  describeExample,
  drawField,
  drawPoints,
  drawChart,
  drawHeatmaps,
  drawNetwork,
  format,
  sizeCanvases,
  sub,
  sup,
} from "./views.js";

/** Milliseconds of training per animation frame at most: the views stay smooth on slow devices. */
const TRAIN_MS = 5;
/** Cells per side of the boundary's grid. */
const RESOLUTION = 40;

// ------------------------------------------------------------------ the page's markup

const HTML = `
<div class="pg-controls">
  <fieldset><legend>Data</legend>
    <label>Data set <select name="data">
      <option value="xor">XOR (4 points)</option><option value="moons">moons</option>
      <option value="circles">circles</option><option value="spirals">spirals</option>
      <option value="plane">plane (regression)</option>
      <option value="gaussians">multi-Gaussian (regression)</option></select></label>
    <label>Noise <input name="noise" type="range" min="0" max="50" step="1">
      <output name="noise-value"></output></label>
    <label>Training points <select name="n">
      <option>100</option><option>200</option><option>300</option></select></label>
    <label>Share that trains, of n + n/2 <select name="split">${Object.entries(SPLITS)
      .map(([key, share]) => `<option value="${key}">${Math.round(100 * share)} %</option>`)
      .join("")}</select></label>
  </fieldset>
  <fieldset class="pg-features"><legend>Inputs</legend>${Object.entries(FEATURES)
    .map(([key, [label]]) => `<label><input name="feature" type="checkbox" value="${key}"> ${label}</label>`)
    .join("")}</fieldset>
  <fieldset><legend>Network</legend>
    <label>Hidden layers <select name="depth">
      <option>0</option><option>1</option><option>2</option><option>3</option></select></label>
    <span class="pg-widths"></span>
    <label>Hidden activation <select name="act">
      <option value="sigmoid">sigmoid</option><option value="tanh">tanh</option>
      <option value="relu">ReLU</option></select></label>
    <label>Output and cost <select name="out"></select></label>
    <label>Initial weights <select name="init">
      <option value="scaled">N(0, 1/n<sub>in</sub>)</option><option value="normal">N(0, 1)</option></select></label>
  </fieldset>
  <fieldset><legend>Training</legend>
    <label>Learning rate η <input name="eta" type="number" min="0.0001" max="100" step="any"></label>
    <label>Mini-batch size <input name="batch" type="number" min="1" max="300" step="1"></label>
    <label>Momentum β <input name="beta" type="range" min="0" max="0.99" step="0.01">
      <output name="beta-value"></output></label>
    <label><input name="nesterov" type="checkbox"> Nesterov</label>
    <label>L2 λ <input name="lambda" type="number" min="0" max="100" step="any"></label>
    <label>Seed <input name="seed" type="number" min="0" step="1"></label>
  </fieldset>
</div>
<div class="pg-buttons" role="group" aria-label="Training">
  <button type="button" class="md-button md-button--primary" data-action="play" aria-pressed="false">Play</button>
  <button type="button" class="md-button" data-action="step">One mini-batch</button>
  <button type="button" class="md-button" data-action="example">One example</button>
  <label class="pg-example">of example <input name="example" type="number" min="0" max="299" step="1"></label>
  <button type="button" class="md-button" data-action="epoch">One epoch</button>
  <button type="button" class="md-button" data-action="reset">Reset</button>
</div>
<p class="pg-status" aria-live="polite"></p>
<div class="pg-views">
  <figure class="pg-boundary"><div class="pg-plane"><canvas class="pg-field" aria-hidden="true"></canvas>
    <canvas class="pg-points" role="img"></canvas></div><figcaption></figcaption></figure>
  <figure><canvas class="pg-chart" data-chart="cost" role="img" aria-label="Cost against epochs"></canvas>
    <canvas class="pg-chart" data-chart="accuracy" role="img" aria-label="Accuracy against epochs"></canvas>
    <figcaption class="pg-curves"></figcaption></figure>
  <figure><canvas class="pg-chart" data-chart="gradients" role="img" aria-label="Gradient norm of each layer"></canvas>
    <figcaption>‖∂C/∂wˡ‖ of each layer, mean over the epoch's mini-batches: how fast each layer learns.</figcaption></figure>
</div>
<figure class="pg-network"><div class="pg-drawing"><canvas class="pg-heatmaps" aria-hidden="true"></canvas>
  <svg role="group" aria-label="The network: each neuron's square shows its activation over the input plane; edges coloured by the sign of each weight (orange positive, blue negative), as thick as its magnitude"></svg></div>
  <figcaption>The network: each square is a neuron's activation over the plane (orange high,
  blue low); edges orange for positive weights, blue for negative, thick for large ones.
  Tap a neuron or an edge to read and edit it. After <b>One example</b>: the network before
  that step, with each neuron's δ.</figcaption></figure>
<div class="pg-inspect" aria-live="polite"></div>
<section class="pg-step"></section>`;

// ------------------------------------------------------------------ the application

/** Mount the playground into `root`: a div with data-playground, and its data sets as JSON in data-sets. */
export function mount(root) {
  if (root.dataset.mounted) return;
  root.dataset.mounted = "true";
  const all = JSON.parse(root.dataset.sets);
  const app = document.createElement("div");
  app.className = "pg-app";
  app.innerHTML = HTML;
  root.append(app);
  const q = (selector) => app.querySelector(selector);
  const control = (name) => app.querySelector(`[name="${name}"]`);
  const heatCells = document.createElement("canvas");
  const state = { settings: readSettings(window.location.hash || window.location.search), playing: false, draws: 0 };

  function showSettings() {
    const s = resolved(all, state.settings);
    const { task } = all.sets[s.data];
    control("out").replaceChildren(
      ...Object.entries(OUTPUTS)
        .filter(([, [, , , fits]]) => fits === task)
        .map(([key, [, , label]]) => new Option(label, key)),
    );
    for (const name of ["data", "noise", "n", "act", "out", "init", "eta", "batch", "beta", "lambda", "seed", "example", "split"]) {
      control(name).value = String(s[name]);
    }
    control("noise-value").value = `${s.noise} %`;
    const regression = task === "regression";
    q(".pg-points").setAttribute("aria-label", regression ? "The network's output over the plane" : "Decision boundary");
    q(".pg-boundary figcaption").textContent = regression
      ? "The output over the plane: orange where it is +1, blue where −1, clear at 0; each " +
        "point coloured by its target, filled dots train, rings test."
      : "Decision boundary: the class of the most active output, paler where the outputs " +
        "are close; filled dots train, rings test.";
    const accuracy = q('[data-chart="accuracy"]');
    accuracy.hidden = regression; // one output: no class to be right about
    if (!regression) sizeCanvases([accuracy]);
    q(".pg-curves").textContent = regression
      ? "The quadratic cost, training (solid) and test (dashed), after each epoch."
      : "Cost and accuracy, training (solid) and test (dashed), after each epoch.";
    control("noise").disabled = control("n").disabled = control("split").disabled = s.data === "xor";
    control("nesterov").checked = s.nesterov === 1;
    const features = featuresOf(s);
    for (const box of app.querySelectorAll('[name="feature"]')) box.checked = features.includes(box.value);
    control("beta-value").value = s.beta.toFixed(2);
    const widths = widthsOf(s);
    control("depth").value = String(widths.length);
    q(".pg-widths").replaceChildren(
      ...widths.map((width, l) => {
        const label = document.createElement("label");
        label.textContent = `Neurons in hidden layer ${l + 1} `;
        const select = document.createElement("select");
        select.name = `width${l}`;
        for (let k = 1; k <= 8; k++) select.append(new Option(String(k)));
        select.value = String(width);
        label.append(select);
        return label;
      }),
    );
  }

  function reset() {
    state.session = new Session(all, state.settings);
    state.showStep = false;
    state.inspected = null;
    state.message = null;
    state.grid = featureRows(boundaryGrid(state.session.data.domain, RESOLUTION), featuresOf(state.settings));
    state.pointsDrawn = false;
    q(".pg-step").replaceChildren();
    draw(true);
    sizeCanvases([q(".pg-heatmaps")]); // the drawing's height follows the widest layer
    draw(false);
  }

  /** The network drawn: the current one, or the one before the step after One example. */
  function shownNetwork() {
    const { net, step } = state.session;
    return state.showStep ? Object.assign(Object.create(Object.getPrototypeOf(net)), net, step.before) : net;
  }

  /** The inspected neuron's bias, activation and δ on the chosen example, and its weights to edit. */
  function inspect() {
    const box = q(".pg-inspect");
    if (!state.inspected) return box.replaceChildren();
    if (box.contains(document.activeElement)) return; // the reader is typing there
    const { l, j } = state.inspected;
    const net = shownNetwork();
    const { train } = state.session.data;
    const k = Math.min(state.settings.example, train.x.cols - 1);
    const { activations, deltas } = net.backprop(train.input.columns([k]), train.y.columns([k]));
    const w = net.weights[l - 1];
    const field = (name, label, value) =>
      `<label>${label} <input name="${name}" type="number" step="any" value="${value}"></label>`;
    box.innerHTML =
      `<p><b>Neuron ${j} of layer ${l}</b> (${net.sigmas[l - 1].name}), on training example ${k}: ` +
      `activation a${sup(l)}${sub(j)} = ${format(activations[l].data[j])}, ` +
      `error δ${sup(l)}${sub(j)} = ${format(deltas[l - 1].data[j])} (${l === net.sizes.length - 1 ? "BP1" : "BP2"}).</p>` +
      `<div class="pg-inspect-fields">${field(`b-${l}-${j}`, `bias b${sup(l)}${sub(j)}`, net.biases[l - 1].data[j])}` +
      Array.from({ length: w.cols }, (_, i) => field(`w-${l}-${j}-${i}`, `w${sup(l)}${sub(j)}${sub(i)}`, w.get(j, i))).join("") +
      "</div>";
  }

  /** One mini-batch, and a stop if training diverged. */
  function miniBatch() {
    state.session.miniBatch();
    if (state.session.diverged) setPlaying(false);
  }

  function status() {
    const { history, epoch: e, diverged, step } = state.session;
    if (state.message) return state.message;
    if (diverged) return `Training diverged at epoch ${e}: reset and try a smaller learning rate η.`;
    if (state.showStep) {
      return `One step on training example ${step.index} alone (m = 1): every number of it is listed below the network.`;
    }
    if (!e) return `Epoch 0: press Play, or take one mini-batch or one epoch.`;
    const last = (list) => list[list.length - 1];
    return `Epoch ${e}: ${costs(
      { cost: last(history.trainCost), accuracy: last(history.trainAccuracy) },
      { cost: last(history.testCost), accuracy: last(history.testAccuracy) },
    )}`;
  }

  /** The training and test costs, and for classification the accuracies, in words. */
  function costs(train, test) {
    const sentence = `training cost ${format(train.cost)}, test cost ${format(test.cost)}`;
    if (state.session.data.task === "regression") return `${sentence}.`;
    return (
      `${sentence}; accuracy ${(100 * train.accuracy).toFixed(1)} % training, ` +
      `${(100 * test.accuracy).toFixed(1)} % test.`
    );
  }

  let announced = 0;
  let drawnAll = 0;
  /**
   * Redraw the boundary; the other views too unless playing, when they follow at most
   * every 250 ms (the boundary is what moves). `announce` updates the live status now.
   */
  function draw(announce) {
    const { data, history, epoch, step } = state.session;
    const net = shownNetwork();
    const layers = net.activations(state.grid);
    drawField(q(".pg-field"), layers[layers.length - 1], RESOLUTION, data.task);
    if (!state.pointsDrawn) drawPoints(q(".pg-points"), data.domain, data);
    state.pointsDrawn = true;
    drawHeatmaps(q(".pg-heatmaps"), net, layers, RESOLUTION, heatCells);
    state.draws += 1;
    root.dataset.boundaryDraws = String(state.draws);
    root.dataset.epoch = String(epoch);
    const now = performance.now();
    if (announce || now - announced > 2000) {
      q(".pg-status").textContent = status();
      announced = now;
    }
    if (state.playing && now - drawnAll < 250) return;
    drawnAll = now;
    const chart = (name) => q(`[data-chart="${name}"]`);
    drawChart(
      chart("cost"),
      [
        { label: "training", values: history.trainCost, colour: 0 },
        { label: "test", values: history.testCost, colour: 0, dashed: true },
      ],
      { ylabel: "cost" },
    );
    if (data.task === "classification") {
      drawChart(
        chart("accuracy"),
        [
          { label: "training", values: history.trainAccuracy, colour: 1 },
          { label: "test", values: history.testAccuracy, colour: 1, dashed: true },
        ],
        { ylabel: "accuracy", yrange: [0, 1], legendBelow: true },
      );
    }
    drawChart(
      chart("gradients"),
      net.weights.map((_, l) => ({ label: `layer ${l + 1}`, values: history.gradients.map((g) => g[l]) })),
      { log: true, ylabel: "‖∂C/∂w‖" },
    );
    const inputs = featuresOf(state.settings).map((key) => FEATURES[key][0]);
    drawNetwork(q(".pg-network svg"), net, inputs, state.showStep ? step : null);
    inspect();
  }

  function setPlaying(playing) {
    state.playing = playing && !state.session.diverged;
    state.showStep = false;
    state.message = null;
    q(".pg-step").replaceChildren(); // the last example's step, no longer the network's state
    const button = q('[data-action="play"]');
    button.textContent = state.playing ? "Pause" : "Play";
    button.setAttribute("aria-pressed", String(state.playing));
    if (state.playing) requestAnimationFrame(frame);
  }

  /** While playing: train up to the end of the epoch, or for TRAIN_MS, then redraw. */
  function frame() {
    if (!state.playing || !root.isConnected) return;
    const start = performance.now();
    const session = state.session;
    const target = session.epoch + 1;
    while (session.epoch < target && !session.diverged && performance.now() - start < TRAIN_MS) miniBatch();
    draw(false);
    root.dataset.frameMs = (performance.now() - start).toFixed(1); // work per frame, for the tests
    if (state.playing) requestAnimationFrame(frame);
  }

  const actions = {
    play() {
      setPlaying(!state.playing);
      if (!state.playing) draw(true); // the views that followed at a slower pace, up to date
    },
    step() {
      setPlaying(false);
      if (state.session.diverged) return;
      miniBatch();
      draw(true);
    },
    example() {
      setPlaying(false);
      const { session } = state;
      if (session.diverged) return;
      session.exampleStep(state.settings.example);
      state.showStep = true;
      draw(true);
      const rule = { ...session.settings, n: session.rule().n };
      const inputs = featuresOf(session.settings).map((key) => FEATURES[key][0]);
      q(".pg-step").innerHTML = `<h3>One example, one step, by hand</h3>${describeExample(session.net, session.step, rule, inputs)}`;
    },
    epoch() {
      setPlaying(false);
      state.session.finishEpoch();
      if (state.session.diverged) setPlaying(false);
      draw(true);
    },
    reset() {
      setPlaying(false);
      reset();
    },
  };
  app.querySelector(".pg-buttons").addEventListener("click", (event) => {
    const action = event.target.closest("[data-action]")?.dataset.action;
    if (action) actions[action]();
  });

  const changeSetting = (event) => {
    const { name } = event.target;
    const s = { ...state.settings };
    const widths = s.layers ? s.layers.split(",") : [];
    if (name === "depth") {
      const depth = Number(event.target.value);
      s.layers = Array.from({ length: depth }, (_, l) => widths[l] || "4").join(",");
    } else if (name.startsWith("width")) {
      widths[Number(name.slice(5))] = event.target.value;
      s.layers = widths.join(",");
    } else if (name === "nesterov") {
      s.nesterov = event.target.checked ? 1 : 0;
    } else if (name === "feature") {
      const checked = [...app.querySelectorAll('[name="feature"]:checked')].map((box) => box.value);
      if (!checked.length) {
        event.target.checked = true; // the network needs an input
        return;
      }
      s.features = checked.join(",");
    } else {
      const value = SETTINGS[name][1](event.target.value);
      if (value === null) {
        event.target.setCustomValidity("out of range");
        event.target.reportValidity();
        return;
      }
      event.target.setCustomValidity("");
      s[name] = value;
    }
    if (name === "data") {
      s.noise = SETTINGS.noise[0]; // the new set's own
      if (s.out !== null && OUTPUTS[s.out][3] !== all.sets[s.data].task) s.out = SETTINGS.out[0];
    }
    const live = LIVE.has(name);
    state.settings = s;
    const { pathname, search } = window.location;
    window.history.replaceState(window.history.state, "", pathname + search + writeSettings(s));
    showSettings();
    if (!live) {
      setPlaying(false);
      reset();
    } else {
      state.session.adjust(s);
    }
  };
  app.querySelector(".pg-controls").addEventListener("change", changeSetting);
  app.querySelector(".pg-buttons").addEventListener("change", changeSetting);
  const svg = q(".pg-network svg");
  const choose = (event) => {
    const target = event.target.closest("[data-layer]");
    if (!target) return;
    const [l, j] = [Number(target.dataset.layer), Number(target.dataset.neuron)];
    state.inspected = { l, j };
    inspect();
    const input = target.dataset.input ?? null;
    if (input !== null) q(`.pg-inspect [name="w-${l}-${j}-${input}"]`).focus();
  };
  svg.addEventListener("click", choose);
  svg.addEventListener("keydown", (event) => {
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      choose(event);
    }
  });
  // An edited weight or bias goes into the network as it is now, and the views follow.
  q(".pg-inspect").addEventListener("change", (event) => {
    const [kind, l, j, k] = event.target.name.split("-");
    const value = Number(event.target.value);
    if (event.target.value === "" || !Number.isFinite(value)) {
      event.target.setCustomValidity("a number");
      event.target.reportValidity();
      return;
    }
    event.target.setCustomValidity("");
    setPlaying(false);
    const { net, data } = state.session;
    const parameter = kind === "b" ? net.biases[l - 1] : net.weights[l - 1];
    parameter.data[kind === "b" ? Number(j) : Number(j) * parameter.cols + Number(k)] = value;
    const train = net.evaluate(data.train.input, data.train.y);
    const test = net.evaluate(data.test.input, data.test.y);
    const name = kind === "b" ? `b${sup(l)}${sub(j)}` : `w${sup(l)}${sub(j)}${sub(k)}`;
    state.message = `With ${name} = ${format(value)}: ${costs(train, test)}`;
    event.target.blur();
    draw(true);
  });
  control("beta").addEventListener("input", (event) => {
    control("beta-value").value = Number(event.target.value).toFixed(2);
  });
  control("noise").addEventListener("input", (event) => {
    control("noise-value").value = `${event.target.value} %`;
  });
  const canvases = [...app.querySelectorAll("canvas:not(.pg-field)")]; // the field: a pixel a cell
  const redraw = () => {
    if (!root.isConnected) return window.removeEventListener("resize", redraw);
    sizeCanvases(canvases);
    state.pointsDrawn = false;
    draw(false);
  };
  window.addEventListener("resize", redraw);
  // The canvases take the page's text colour: redraw when the reader switches light and dark.
  const scheme = new MutationObserver(() => (root.isConnected ? redraw() : scheme.disconnect()));
  scheme.observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
  const follow = () => {
    if (!root.isConnected) return window.removeEventListener("hashchange", follow);
    state.settings = readSettings(window.location.hash || window.location.search);
    setPlaying(false);
    showSettings();
    reset();
  };
  window.addEventListener("hashchange", follow);
  showSettings();
  sizeCanvases(canvases);
  reset();
}

