// The playground's live views: the decision boundary, the learning curves, the gradient
// norms per layer and the network with its weights (and, after one step, δ and ∂C/∂w).

import { Matrix } from "./engine.js";

const SVG = "http://www.w3.org/2000/svg";
/** Class colours: the package's plots.COLORS[0] and [1] (blue, orange). */
export const CLASS_RGB = [
  [31, 119, 180],
  [255, 127, 14],
];
const palettes = new Map();

/**
 * The current scheme's colours: ink (Material's text colour) and the line colours
 * --pg-series-0 … 3 of playground.css; read once per scheme, not on every frame.
 */
function palette(element) {
  const scheme = document.body.dataset.mdColorScheme || "default";
  if (!palettes.has(scheme)) {
    const style = getComputedStyle(element);
    const read = (name) => style.getPropertyValue(name).trim() || "#000";
    palettes.set(scheme, {
      ink: read("--md-default-fg-color"),
      series: [0, 1, 2, 3].map((k) => read(`--pg-series-${k}`)),
    });
  }
  return palettes.get(scheme);
}

export const seriesColours = (element) => palette(element).series;

/**
 * Size the pixel buffers of `canvases` to their CSS boxes: every read, then every write, so
 * that the page is laid out once. Call when the layout may have changed (mount, resize).
 */
export function sizeCanvases(canvases) {
  const ratio = window.devicePixelRatio || 1;
  const boxes = canvases.map((canvas) => [canvas.clientWidth, canvas.clientHeight]);
  canvases.forEach((canvas, k) => {
    [canvas.cssWidth, canvas.cssHeight] = boxes[k];
    canvas.width = Math.round(boxes[k][0] * ratio);
    canvas.height = Math.round(boxes[k][1] * ratio);
  });
}

/** A canvas's 2-D context, cleared and scaled to CSS pixels, with its CSS size. */
function fit(canvas) {
  if (canvas.cssWidth === undefined) sizeCanvases([canvas]);
  const ratio = window.devicePixelRatio || 1;
  const [width, height] = [canvas.cssWidth, canvas.cssHeight];
  const context = canvas.getContext("2d");
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  context.clearRect(0, 0, width, height);
  return { context, width, height };
}

// ------------------------------------------------------------------ decision boundary

/** The grid of the plane's points (columns) at which the boundary is evaluated. */
export function boundaryGrid(domain, resolution) {
  const grid = new Matrix(2, resolution * resolution);
  const [x0, x1, y0, y1] = domain;
  for (let r = 0; r < resolution; r++) {
    for (let c = 0; c < resolution; c++) {
      const j = r * resolution + c;
      grid.data[j] = x0 + ((c + 0.5) / resolution) * (x1 - x0);
      grid.data[grid.cols + j] = y1 - ((r + 0.5) / resolution) * (y1 - y0);
    }
  }
  return grid;
}

/** Colour the pixels by the class of the most active output, paler where the two most active are close. */
function paintClasses(pixels, output) {
  for (let j = 0; j < output.cols; j++) {
    let best = 0;
    let second = -Infinity;
    for (let r = 1; r < output.rows; r++) {
      const value = output.data[r * output.cols + j];
      if (value > output.data[best * output.cols + j]) best = r;
    }
    for (let r = 0; r < output.rows; r++) {
      if (r !== best) second = Math.max(second, output.data[r * output.cols + j]);
    }
    const gap = Math.min(1, output.data[best * output.cols + j] - second);
    const rgb = CLASS_RGB[best % 2];
    pixels[4 * j] = rgb[0];
    pixels[4 * j + 1] = rgb[1];
    pixels[4 * j + 2] = rgb[2];
    pixels[4 * j + 3] = 40 + 150 * gap; // the clamped array rounds
  }
}

/** Colour the pixels by the value of the one output: orange towards +1, blue towards −1, clear at 0. */
function paintValues(pixels, output) {
  for (let j = 0; j < output.cols; j++) {
    const t = Math.max(-1, Math.min(1, output.data[j]));
    const rgb = CLASS_RGB[t >= 0 ? 1 : 0];
    pixels[4 * j] = rgb[0];
    pixels[4 * j + 1] = rgb[1];
    pixels[4 * j + 2] = rgb[2];
    pixels[4 * j + 3] = 200 * Math.abs(t);
  }
}

/** Shades a side of the points' colours in a regression set. */
const LEVELS = 4;

/** The colour of a target at `level` in −LEVELS … LEVELS: blue, through grey at 0, to orange. */
function shade(level) {
  const t = level / LEVELS;
  const rgb = CLASS_RGB[t >= 0 ? 1 : 0];
  return `rgb(${rgb.map((c) => Math.round(160 + Math.abs(t) * (c - 160)))})`;
}

/**
 * Colour `canvas`, one pixel per grid cell (the browser scales it up to the plane), by the
 * network's output on the grid. For classification each cell takes the class of the most
 * active output, paler where the two most active outputs are close (as
 * plots.decision_boundary); for regression, the colour of the output's value.
 */
export function drawField(canvas, output, resolution, task) {
  const context = canvas.getContext("2d");
  if (canvas.width !== resolution || canvas.height !== resolution || !canvas.image) {
    [canvas.width, canvas.height] = [resolution, resolution];
    canvas.image = context.createImageData(resolution, resolution); // reused every frame
  }
  (task === "regression" ? paintValues : paintClasses)(canvas.image.data, output);
  context.putImageData(canvas.image, 0, 0);
}

/**
 * Draw the points of `data` on `canvas`, laid over the field: training points filled,
 * test points as rings, a classification set's in the colour of their class, a regression
 * set's in the shade of their target (LEVELS a side). They stay while the network trains.
 */
export function drawPoints(canvas, domain, data) {
  const { context, width, height } = fit(canvas);
  const [x0, x1, y0, y1] = domain;
  const px = (x) => ((x - x0) / (x1 - x0)) * width;
  const py = (y) => ((y1 - y) / (y1 - y0)) * height;
  const { ink } = palette(canvas);
  // By kind (test rings first, then filled training dots) and colour: one path each.
  for (const [set, filled] of [
    [data.test, false],
    [data.train, true],
  ]) {
    const colourOf = set.labels
      ? (j) => `rgb(${CLASS_RGB[set.labels[j]]})`
      : (j) => shade(Math.round(LEVELS * Math.max(-1, Math.min(1, set.y.data[j]))));
    const groups = new Map();
    for (let j = 0; j < set.x.cols; j++) {
      const colour = colourOf(j);
      if (!groups.has(colour)) groups.set(colour, []);
      groups.get(colour).push(j);
    }
    for (const [colour, points] of groups) {
      context.beginPath();
      for (const j of points) {
        const [u, v] = [px(set.x.data[j]), py(set.x.data[set.x.cols + j])];
        context.moveTo(u + 3, v);
        context.arc(u, v, 3, 0, 2 * Math.PI);
      }
      context.lineWidth = filled ? 0.8 : 1.6;
      context.strokeStyle = filled ? ink : colour;
      context.fillStyle = colour;
      if (filled) context.fill();
      context.stroke();
    }
  }
}

// ------------------------------------------------------------------ line charts

const SUB = "₀₁₂₃₄₅₆₇₈₉";
const SUP = "⁰¹²³⁴⁵⁶⁷⁸⁹";
export const sub = (n) => String(n).replace(/\d/g, (d) => SUB[d]);
export const sup = (n) => String(n).replace(/\d/g, (d) => SUP[d]).replace("-", "⁻");
/** 10ᵏ as a reader writes it: 1 for k = 0, 10 for k = 1, 10⁻³ for k = −3. */
const decade = (k) => (k === 0 ? "1" : k === 1 ? "10" : `10${sup(k)}`);

/**
 * Clear `canvas` and draw a frame for x in [x0, x1] and y in [y0, y1] (log₁₀ values when
 * `log`) with labelled axes; returns the context and the maps px(x), py(y) to CSS pixels.
 */
export function axes(canvas, [x0, x1, y0, y1], { xlabel = "", ylabel = "", log = false } = {}) {
  const { context, width, height } = fit(canvas);
  const { ink } = palette(canvas);
  const margin = { left: 44, right: 8, top: 8, bottom: 28 };
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const px = (x) => margin.left + ((x - x0) / (x1 - x0)) * plotW;
  const py = (y) => margin.top + (1 - ((log ? Math.log10(y) : y) - y0) / (y1 - y0)) * plotH;
  context.font = "11px sans-serif";
  context.fillStyle = ink;
  context.strokeStyle = ink;
  context.globalAlpha = 0.5;
  context.strokeRect(margin.left, margin.top, plotW, plotH);
  context.globalAlpha = 1;
  const tick = (t) => String(Number(t.toPrecision(3)));
  context.textAlign = "right";
  context.textBaseline = "middle";
  if (log) {
    // y0 and y1 are whole decades (drawChart rounds them out): label 10ᵏ, at most five.
    const every = Math.ceil((y1 - y0 + 1) / 5);
    for (let k = y0; k <= y1; k += every) {
      const y = margin.top + (1 - (k - y0) / (y1 - y0)) * plotH;
      context.fillText(decade(k), margin.left - 4, y);
    }
  } else {
    context.fillText(tick(y0), margin.left - 4, margin.top + plotH);
    context.fillText(tick(y1), margin.left - 4, margin.top);
  }
  context.textBaseline = "top";
  context.textAlign = "left";
  context.fillText(tick(x0), margin.left, height - 26);
  context.textAlign = "right";
  context.fillText(tick(x1), width - margin.right, height - 26);
  context.textAlign = "center";
  context.fillText(xlabel, margin.left + plotW / 2, height - 14);
  context.save();
  context.translate(10, margin.top + plotH / 2);
  context.rotate(-Math.PI / 2);
  context.textBaseline = "middle";
  context.fillText(ylabel, 0, 0);
  context.restore();
  return { context, px, py, width, margin };
}

/**
 * Draw series ({label, values, colour, dashed}; colour: an index into seriesColours) against
 * epochs 1, 2, … on `canvas`; `log`
 * for a logarithmic y axis, `yrange` to fix the y axis. The legend goes top right, or bottom
 * right with `legendBelow`.
 */
export function drawChart(
  canvas,
  series,
  { log = false, xlabel = "epoch", ylabel = "", yrange = null, legendBelow = false } = {},
) {
  const f = log ? (v) => Math.log10(v) : (v) => v;
  const finite = series.flatMap((s) => s.values.map(f)).filter(Number.isFinite);
  const epochs = Math.max(1, ...series.map((s) => s.values.length));
  let [low, high] = yrange || (finite.length ? [Math.min(...finite), Math.max(...finite)] : [0, 1]);
  if (high - low < 1e-9) [low, high] = [low - 0.5, high + 0.5];
  if (log) [low, high] = [Math.floor(low), Math.max(Math.ceil(high), Math.floor(low) + 1)]; // whole decades
  const { context, px, py, width, margin } = axes(canvas, [0, epochs, low, high], {
    xlabel,
    ylabel,
    log,
  });
  const colours = seriesColours(canvas);
  series.forEach((s, k) => {
    context.beginPath();
    context.setLineDash(s.dashed ? [4, 3] : []);
    context.strokeStyle = colours[(s.colour ?? k) % colours.length];
    context.lineWidth = 1.6;
    s.values.forEach((v, e) => {
      if (Number.isFinite(f(v))) context.lineTo(px(e + 1), py(v));
    });
    context.stroke();
    context.setLineDash([]);
    context.fillStyle = context.strokeStyle;
    context.textAlign = "right";
    context.textBaseline = "top";
    const top = legendBelow ? py(low) - 4 - 13 * (series.length - k) : margin.top + 4 + 13 * k;
    context.fillText(`${s.dashed ? "- -" : "—"} ${s.label}`, width - margin.right - 4, top);
  });
}

// ------------------------------------------------------------------ the network

function element(name, attributes = {}, text = null) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  if (text !== null) node.textContent = text;
  return node;
}

export function format(value) {
  if (!Number.isFinite(value)) return String(value);
  const magnitude = Math.abs(value);
  if (magnitude !== 0 && (magnitude < 1e-3 || magnitude >= 1e4)) return value.toExponential(2);
  return value.toFixed(3);
}

/** Half the side of a neuron's square (its heatmap), and the input circles' radius. */
const HALF = 15;

/**
 * Where the network's neurons sit in the drawing's viewBox (width × height), for a drawing
 * `shown` CSS pixels wide: 560 units at most, and at least 420, so that its text stays
 * legible on a phone.
 */
function layout(sizes, shown) {
  const width = Math.min(560, Math.max(420, shown || 560));
  const height = 60 + 46 * Math.max(...sizes);
  const column = (l) => 80 + (l * (width - 170)) / (sizes.length - 1);
  const row = (l, j) => height / 2 + (j - (sizes[l] - 1) / 2) * 46;
  return { width, height, column, row };
}

/**
 * Draw the network into `svg`: the inputs as circles named `inputs`, every other neuron as a square (its
 * heatmap, drawHeatmaps, lies beneath), each weight an edge coloured by its sign (class
 * colours) and as thick as its magnitude. Neurons and edges carry data-layer, data-neuron
 * (and data-input) for the page's inspector. With `step` (Session.exampleStep's record, and
 * `net` the network before it) each neuron shows its δ and the equation that gave it (BP1
 * at the output, BP2 behind), and each edge's title gives ∂C/∂w (BP4).
 */
export function drawNetwork(svg, net, inputs, step) {
  const shape = layout(net.sizes, svg.parentElement.clientWidth);
  const drawn = JSON.stringify([net.sizes, inputs, shape.width]);
  if (!step && !svg.stepShown && svg.drawn === drawn) return weighEdges(svg.edges, net, null);
  Object.assign(svg, { drawn, stepShown: Boolean(step), edges: [] });
  const { width, height, column, row } = shape;
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  svg.replaceChildren();
  const edges = element("g", { class: "pg-edges" });
  net.weights.forEach((w, l) => {
    for (let j = 0; j < w.rows; j++) {
      for (let k = 0; k < w.cols; k++) {
        const ends = { x1: column(l) + (l ? HALF : 13), y1: row(l, k), x2: column(l + 1) - HALF, y2: row(l + 1, j) };
        const edge = element("g", { "data-layer": l + 1, "data-neuron": j, "data-input": k });
        const line = element("line", { ...ends, "stroke-opacity": 0.75 });
        const title = element("title");
        edge.append(line, element("line", { ...ends, class: "pg-hit" }), title); // pg-hit: a wider target for a finger
        edges.append(edge);
        svg.edges.push({ line, title, l, j, k, name: `w${sup(l + 1)}${sub(j)}${sub(k)}` });
      }
    }
  });
  weighEdges(svg.edges, net, step);
  svg.append(edges);
  net.sizes.forEach((n, l) => {
    for (let j = 0; j < n; j++) {
      const [x, y] = [column(l), row(l, j)];
      const group = element("g", { class: "pg-neuron" });
      if (l === 0) {
        group.append(
          element("circle", { cx: x, cy: y, r: 13 }),
          element("text", { x: x - 16, y: y + 4, "text-anchor": "end" }, inputs[j]),
        );
      } else {
        Object.assign(group.dataset, { layer: l, neuron: j });
        group.setAttribute("tabindex", "0");
        group.setAttribute("role", "button");
        group.setAttribute("aria-label", `neuron ${j} of layer ${l}: inspect`);
        group.append(
          element("rect", { x: x - HALF, y: y - HALF, width: 2 * HALF, height: 2 * HALF }),
          element("text", { x: x - HALF - 3, y: y - HALF + 8, "text-anchor": "end", class: "pg-index" }, sub(j)),
        );
      }
      if (step && l > 0) {
        const equation = l === net.sizes.length - 1 ? "BP1" : "BP2";
        const delta = step.deltas[l - 1].data[j];
        group.append(
          element("text", { x: x + HALF + 3, y: y - 4, class: "pg-delta" }, `δ = ${format(delta)}`),
          element("text", { x: x + HALF + 3, y: y + 11, class: "pg-equation" }, equation),
        );
      }
      svg.append(group);
    }
  });
}

/**
 * Give each edge of the drawing ({line, title, l, j, k, name}) its weight: the colour of its
 * sign, a width by its magnitude, and a title with the value (and ∂C/∂w after a step).
 * Only what changed is written: the drawing is not rebuilt while the network trains.
 */
function weighEdges(edges, net, step) {
  const largest = Math.max(1e-12, ...net.weights.flatMap((w) => Array.from(w.data, Math.abs)));
  for (const { line, title, l, j, k, name } of edges) {
    const value = net.weights[l].get(j, k);
    const sign = value >= 0 ? "pg-positive" : "pg-negative";
    const stroke = (0.4 + (5 * Math.abs(value)) / largest).toFixed(2);
    const gradient = step ? `, ∂C/∂w = ${format(step.nablaW[l].get(j, k))} (BP4)` : "";
    const text = `${name} = ${format(value)}${gradient}`;
    if (line.getAttribute("class") !== sign) line.setAttribute("class", sign);
    if (line.getAttribute("stroke-width") !== stroke) line.setAttribute("stroke-width", stroke);
    if (title.textContent !== text) title.textContent = text;
  }
}

/** A neuron's activation mapped to [−1, 1]: 0 where the activation is neutral (σ = ½, tanh = 0). */
const SIGNED = {
  sigmoid: (v) => 2 * v - 1,
  softmax: (v) => 2 * v - 1,
  tanh: (v) => v,
  identity: (v) => v, // a regression's linear output: the targets' scale, as the output view
};

/**
 * Draw on `canvas` (laid over the network's svg) each non-input neuron's activation over
 * the input plane, in its square: orange where it is high, blue where low, clear where
 * neutral. `layers` are the activations [a⁰, …, aᴸ] on the boundary's grid (its columns);
 * ReLU neurons are scaled by their largest |a| on the grid.
 */
export function drawHeatmaps(canvas, net, layers, resolution, cells) {
  const { context, width: cssWidth, height: cssHeight } = fit(canvas);
  const { width, height, column, row } = layout(net.sizes, cssWidth);
  const scale = Math.min(cssWidth / width, cssHeight / height); // the svg's "meet"
  const [dx, dy] = [(cssWidth - width * scale) / 2, (cssHeight - height * scale) / 2];
  // Every neuron's cells side by side in one image: one putImageData a frame, not one each.
  const neurons = net.sizes.slice(1).reduce((sum, n) => sum + n, 0);
  const cellContext = cells.getContext("2d");
  if (cells.width !== resolution * neurons || cells.height !== resolution || !cells.image) {
    [cells.width, cells.height] = [resolution * neurons, resolution];
    cells.image = cellContext.createImageData(resolution * neurons, resolution); // reused every frame
  }
  const { image } = cells;
  const pixels = image.data;
  const places = [];
  for (let l = 1; l < layers.length; l++) {
    const a = layers[l];
    const name = net.sigmas[l - 1].name;
    for (let j = 0; j < a.rows; j++) {
      const values = a.data.subarray(j * a.cols, (j + 1) * a.cols);
      let signed = SIGNED[name];
      if (!signed) {
        const top = Math.max(1e-9, ...Array.from(values, Math.abs));
        signed = (v) => v / top;
      }
      const left = places.length * resolution;
      for (let c = 0; c < values.length; c++) {
        const t = Math.max(-1, Math.min(1, signed(values[c])));
        const rgb = CLASS_RGB[t >= 0 ? 1 : 0];
        const p = 4 * ((c / resolution | 0) * resolution * neurons + left + (c % resolution));
        pixels[p] = rgb[0];
        pixels[p + 1] = rgb[1];
        pixels[p + 2] = rgb[2];
        pixels[p + 3] = 230 * Math.abs(t); // the clamped array rounds
      }
      places.push([dx + (column(l) - HALF) * scale, dy + (row(l, j) - HALF) * scale]);
    }
  }
  cellContext.putImageData(image, 0, 0);
  context.imageSmoothingEnabled = false; // 40 cells into a square of fewer pixels: no need to blend
  const side = 2 * HALF * scale;
  places.forEach(([x, y], k) => context.drawImage(cells, k * resolution, 0, resolution, resolution, x, y, side, side));
}

// ------------------------------------------------------------------ one example, by hand

/** Six significant digits, as a calculator shows them. */
const short = (v) => (Number.isFinite(v) ? String(Number(v.toPrecision(6))) : String(v));

/** A number of the step: shown short, its exact value in `value` and its name in data-name. */
const num = (name, v) => `<data value="${v}" data-name="${name}">${short(v)}</data>`;

/** (v₀, v₁, …) of a column, each entry named `${name}_${j}`. */
const vector = (name, m) => `(${Array.from(m.data, (v, j) => num(`${name}_${j}`, v)).join(", ")})`;

function table(caption, head, rows) {
  const cells = (row) => `<th scope="row">${row[0]}</th>${row.slice(1).map((c) => `<td>${c}</td>`).join("")}`;
  return (
    `<div class="pg-table"><table><caption>${caption}</caption>` +
    `<thead><tr>${head.map((h) => `<th scope="col">${h}</th>`).join("")}</tr></thead>` +
    `<tbody>${rows.map((row) => `<tr>${cells(row)}</tr>`).join("")}</tbody></table></div>`
  );
}

/** Per neuron j of layer l: [j, then each of `columns(j)`]. */
const rowsOf = (size, columns) => Array.from({ length: size }, (_, j) => [`j = ${j}`, ...columns(j)]);

/** The output error δᴸ (BP1) for each output neuron j, written out for the cost in use. */
function outputErrors(net, step) {
  const L = net.sizes.length - 1;
  const a = step.activations[L].data;
  const y = step.y.data;
  const delta = step.deltas[L - 1].data;
  const prime = step.primes[L - 1]?.data;
  const [aL, yj, dL] = [(j) => num(`a${L}_${j}`, a[j]), (j) => num(`y_${j}`, y[j]), (j) => num(`d${L}_${j}`, delta[j])];
  const D = `δ${sup(L)}`;
  if (net.cost.name !== "quadratic") {
    return [
      `<p><b>BP1</b> ${D}ⱼ = a${sup(L)}ⱼ − yⱼ (the ${net.cost.name.replace("_", "-")} cost cancels σ′):</p>`,
      ...Array.from(delta, (_, j) => `<p>${D}${sub(j)} = ${aL(j)} − ${yj(j)} = ${dL(j)}</p>`),
    ];
  }
  if (prime) {
    return [
      `<p><b>BP1</b> ${D}ⱼ = (a${sup(L)}ⱼ − yⱼ) σ′(z${sup(L)}ⱼ):</p>`,
      ...Array.from(
        delta,
        (_, j) => `<p>${D}${sub(j)} = (${aL(j)} − ${yj(j)}) × ${num(`sp${L}_${j}`, prime[j])} = ${dL(j)}</p>`,
      ),
    ];
  }
  const s = a.reduce((sum, v, i) => sum + v * (v - y[i]), 0);
  return [
    `<p><b>BP1</b> with the softmax, whose aⱼ depends on every zᵢ: ${D}ⱼ = a${sup(L)}ⱼ ((a${sup(L)}ⱼ − yⱼ) − s), ` +
      `s = Σᵢ a${sup(L)}ᵢ (a${sup(L)}ᵢ − yᵢ) = ${num("s", s)}:</p>`,
    ...Array.from(delta, (_, j) => `<p>${D}${sub(j)} = ${aL(j)} × ((${aL(j)} − ${yj(j)}) − ${num("s", s)}) = ${dL(j)}</p>`),
  ];
}

/** How the parameters were updated, in words, with the rule's numbers. */
function updateRule({ eta, lambda, beta, nesterov, n }) {
  const decay = lambda ? ` − (ηλ/n) w, with λ = ${num("lambda", lambda)} and n = ${num("n", n)}` : "";
  const momentum = beta
    ? ` That is the gradient step g; with momentum β = ${num("beta", beta)} ${nesterov ? "(Nesterov)" : "(heavy ball)"} ` +
      "the update also carries the velocity of the earlier steps, not shown: set β to 0 to redo it by hand."
    : "";
  return (
    `<p>The update with η = ${num("eta", eta)} and m = ${num("m", 1)}: ` +
    `w ← w − η ∂C/∂w${decay}, b ← b − η ∂C/∂b.${momentum}</p>`
  );
}

/**
 * One step on one example (Session.exampleStep's record) in numbers a reader can check with
 * a calculator: the example, the forward pass with the parameters before the step, δᴸ
 * (BP1), each δˡ (BP2, written out for neuron 0), ∂C/∂b (BP3), ∂C/∂w (BP4) and the
 * parameters after the step; layers and neurons numbered from 0. An HTML fragment.
 */
export function describeExample(net, step, rule, inputs) {
  const L = net.sizes.length - 1;
  const { before, after, zs, activations, deltas, nablaB, nablaW, primes } = step;
  const layers = Array.from({ length: L }, (_, l) => l + 1);
  const parts = [
    `<p>Training example ${num("example", step.index)} alone: its input a⁰ = (${inputs.join(", ")}) = ${vector("a0", activations[0])}, ` +
      `desired output y = ${vector("y", step.y)}; its cost before the step C = ${num("cost", step.cost)}.</p>`,
    `<h4>Forward pass, with the weights before the step</h4>`,
    `<p>zˡⱼ = Σₖ wˡⱼₖ aˡ⁻¹ₖ + bˡⱼ and aˡⱼ = σ(zˡⱼ), layer by layer.</p>`,
  ];
  for (const l of layers) {
    const w = before.weights[l - 1];
    const prime = primes[l - 1];
    const head = [
      "",
      ...Array.from({ length: w.cols }, (_, k) => `w${sup(l)}ⱼ${sub(k)}`),
      `b${sup(l)}ⱼ`,
      `z${sup(l)}ⱼ`,
      `a${sup(l)}ⱼ`,
      ...(prime ? [`σ′(z${sup(l)}ⱼ)`] : []),
    ];
    const rows = rowsOf(w.rows, (j) => [
      ...Array.from({ length: w.cols }, (_, k) => num(`w${l}_${j}_${k}`, w.get(j, k))),
      num(`b${l}_${j}`, before.biases[l - 1].data[j]),
      num(`z${l}_${j}`, zs[l - 1].data[j]),
      num(`a${l}_${j}`, activations[l].data[j]),
      ...(prime ? [num(`sp${l}_${j}`, prime.data[j])] : []),
    ]);
    parts.push(table(`Layer ${l}${l === L ? " (output)" : ""}: ${net.sigmas[l - 1].name}`, head, rows));
  }
  parts.push(`<h4>Backward pass</h4>`, ...outputErrors(net, step));
  for (let l = L - 1; l >= 1; l--) {
    const w = before.weights[l]; // wˡ⁺¹
    const next = deltas[l].data; // δˡ⁺¹
    const products = Array.from({ length: w.rows }, (_, i) => `${num(`w${l + 1}_${i}_0`, w.get(i, 0))} × ${num(`d${l + 1}_${i}`, next[i])}`);
    const terms = Array.from({ length: w.rows }, (_, i) => `w${sup(l + 1)}${sub(i)}₀ δ${sup(l + 1)}${sub(i)}`);
    parts.push(
      `<p><b>BP2</b> δ${sup(l)} = ((w${sup(l + 1)})ᵀ δ${sup(l + 1)}) ⊙ σ′(z${sup(l)}); for neuron 0:</p>`,
      `<p>δ${sup(l)}₀ = (${terms.join(" + ")}) σ′(z${sup(l)}₀) = (${products.join(" + ")}) × ` +
        `${num(`sp${l}_0`, primes[l - 1].data[0])} = ${num(`d${l}_0`, deltas[l - 1].data[0])}</p>`,
      `<p>and so for every neuron: δ${sup(l)} = ${vector(`d${l}`, deltas[l - 1])}</p>`,
    );
  }
  parts.push(`<h4>The gradient</h4><p><b>BP3</b> ∂C/∂bˡⱼ = δˡⱼ and <b>BP4</b> ∂C/∂wˡⱼₖ = aˡ⁻¹ₖ δˡⱼ:</p>`);
  for (const l of layers) {
    const g = nablaW[l - 1];
    const head = ["", `∂C/∂b${sup(l)}ⱼ`, ...Array.from({ length: g.cols }, (_, k) => `∂C/∂w${sup(l)}ⱼ${sub(k)}`)];
    const rows = rowsOf(g.rows, (j) => [
      num(`nb${l}_${j}`, nablaB[l - 1].data[j]),
      ...Array.from({ length: g.cols }, (_, k) => num(`nw${l}_${j}_${k}`, g.get(j, k))),
    ]);
    parts.push(table(`Layer ${l}: BP3 and BP4`, head, rows));
  }
  parts.push(`<h4>The weights after the step</h4>`, updateRule(rule));
  for (const l of layers) {
    const w = after.weights[l - 1];
    const head = ["", `b${sup(l)}ⱼ`, ...Array.from({ length: w.cols }, (_, k) => `w${sup(l)}ⱼ${sub(k)}`)];
    const rows = rowsOf(w.rows, (j) => [
      num(`new_b${l}_${j}`, after.biases[l - 1].data[j]),
      ...Array.from({ length: w.cols }, (_, k) => num(`new_w${l}_${j}_${k}`, w.get(j, k))),
    ]);
    parts.push(table(`Layer ${l}, updated`, head, rows));
  }
  return parts.join("");
}
