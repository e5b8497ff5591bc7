// The momentum page's live figure: sliders for η, β and Nesterov redraw the iterates on the
// ill-conditioned quadratic C(w) = ½ Σ λᵢ wᵢ² and the convergence rate against β and η,
// with the engine's update rules (engine.js, checked against train by the tests).

import { optimalMomentum, quadraticPath, quadraticRate } from "./engine.js";
import { axes, drawChart, format, seriesColours, sizeCanvases } from "./views.js";

const HTML = `
<div class="pg-momentum-controls">
  <label>Step size η <input name="eta" type="range" min="0.0005" step="0.0005">
    <output name="eta-value"></output></label>
  <label>Momentum β <input name="beta" type="range" min="0" max="0.99" step="0.001">
    <output name="beta-value"></output></label>
  <label><input name="nesterov" type="checkbox"> Nesterov</label>
  <label>Condition number κ = λ₂/λ₁ <select name="kappa"><option>10</option><option>100</option><option>1000</option></select></label>
  <label>Steps <select name="steps"><option>20</option><option>40</option><option>80</option><option>160</option></select></label>
  <button type="button" class="md-button" data-action="optimal">Set η = α*, β = β*</button>
</div>
<p class="pg-status" aria-live="polite"></p>
<p>Drag on the valley (the first chart) to move the starting point w₀.</p>
<div class="pg-momentum-views">
  <canvas data-view="path" role="img" aria-label="Iterates on the quadratic valley"></canvas>
  <canvas data-view="beta" role="img" aria-label="Convergence rate against β"></canvas>
  <canvas data-view="eta" role="img" aria-label="Convergence rate against η"></canvas>
  <canvas data-view="cost" role="img" aria-label="Cost of each eigen-direction against the step"></canvas>
</div>`;

/** Mount the live figure into `root`, whose data attributes give the page's constants. */
export function mount(root) {
  if (root.dataset.mounted) return;
  root.dataset.mounted = "true";
  let lambdas = JSON.parse(root.dataset.lambdas);
  let w0 = JSON.parse(root.dataset.w0);
  let toValley = null; // CSS pixels on the valley's canvas to w, from its last drawing
  let steps = Number(root.dataset.steps);
  let alphaStar = Number(root.dataset.alphaStar);
  let betaStar = Number(root.dataset.betaStar);
  const box = document.createElement("div");
  box.className = "pg-momentum";
  box.innerHTML = HTML;
  root.append(box);
  const control = (name) => box.querySelector(`[name="${name}"]`);
  let etaMax = 0;
  /** The valley λ = (λ₁, κ λ₁): its optimum α*, β* and the η slider's range. */
  function valley(kappa) {
    lambdas = [lambdas[0], kappa * lambdas[0]];
    ({ alpha: alphaStar, beta: betaStar } = optimalMomentum(lambdas));
    etaMax = (2 * 2) / Math.max(...lambdas); // the largest stable step, 2(1 + β)/λₙ at β → 1
    control("eta").max = String(etaMax);
    control("eta").min = control("eta").step = String(etaMax / 2000);
  }
  control("kappa").value = String(lambdas[1] / lambdas[0]);
  control("steps").value = String(steps);
  valley(lambdas[1] / lambdas[0]);
  // The sliders move in steps; α* and β* themselves are set exactly by the button.
  let [eta, beta] = [alphaStar, betaStar];

  function draw() {
    const nesterov = control("nesterov").checked;
    control("eta-value").value = eta.toFixed(4);
    control("beta-value").value = beta.toFixed(3);
    const path = quadraticPath(w0, eta, beta, lambdas, nesterov, steps);
    const rate = quadraticRate(eta, beta, lambdas, nesterov);
    toValley = drawPath(box.querySelector('[data-view="path"]'), path, lambdas);
    const betas = Array.from({ length: 199 }, (_, k) => k * 0.005);
    const etas = Array.from({ length: 200 }, (_, k) => ((k + 1) / 200) * etaMax);
    drawRate(box.querySelector('[data-view="beta"]'), betas, (b) => quadraticRate(eta, b, lambdas, nesterov), {
      xlabel: `momentum β (η = ${eta.toFixed(4)})`,
      star: [betaStar, "β*"],
      current: beta,
    });
    drawRate(box.querySelector('[data-view="eta"]'), etas, (e) => quadraticRate(e, beta, lambdas, nesterov), {
      xlabel: `step size η (β = ${beta.toFixed(3)})`,
      star: [alphaStar, "α*"],
      current: eta,
    });
    drawChart(
      box.querySelector('[data-view="cost"]'),
      lambdas.map((lambda, i) => ({
        label: `½ λ${"₁₂"[i]} w${"₁₂"[i]}²`,
        values: path.slice(1).map((w) => 0.5 * lambda * w[i] ** 2),
        colour: i + 1,
      })),
      { log: true, xlabel: "step", ylabel: "cost" },
    );
    const last = path[path.length - 1];
    box.querySelector(".pg-status").textContent =
      `${nesterov ? "Nesterov" : "Heavy ball"}, η = ${eta.toFixed(4)}, β = ${beta.toFixed(3)}: ` +
      `rate ${format(rate)} per step (${rate < 1 ? "converges" : "diverges"}); from w₀ = (${format(w0[0])}, ${format(w0[1])}), ` +
      `distance to the minimum after ${steps} steps ${format(Math.hypot(...last))}.`;
    root.dataset.rate = String(rate);
    root.dataset.optimalBeta = String(betaStar); // β* of the valley shown
  }

  box.addEventListener("input", (event) => {
    if (event.target.name === "eta") eta = Number(event.target.value);
    if (event.target.name === "beta") beta = Number(event.target.value);
    if (event.target.name === "steps") steps = Number(event.target.value);
    if (event.target.name === "kappa") {
      valley(Number(event.target.value));
      return optimal();
    }
    draw();
  });
  function optimal() {
    [eta, beta] = [alphaStar, betaStar];
    control("eta").value = String(eta);
    control("beta").value = String(beta);
    control("nesterov").checked = false;
    draw();
  }
  box.querySelector('[data-action="optimal"]').addEventListener("click", optimal);
  // Drag on the valley to move the starting point w₀.
  const valleyCanvas = box.querySelector('[data-view="path"]');
  const drag = (event) => {
    if (event.type !== "pointerdown" && !(event.buttons & 1)) return;
    const frame = valleyCanvas.getBoundingClientRect();
    w0 = toValley(event.clientX - frame.left, event.clientY - frame.top);
    draw();
  };
  valleyCanvas.addEventListener("pointerdown", (event) => {
    valleyCanvas.setPointerCapture(event.pointerId);
    drag(event);
  });
  valleyCanvas.addEventListener("pointermove", drag);
  const canvases = [...box.querySelectorAll("canvas")];
  const redraw = () => {
    if (!root.isConnected) return window.removeEventListener("resize", redraw);
    sizeCanvases(canvases);
    draw();
  };
  window.addEventListener("resize", redraw);
  // The canvases take the page's text colour: redraw when the reader switches light and dark.
  const scheme = new MutationObserver(() => (root.isConnected ? redraw() : scheme.disconnect()));
  scheme.observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
  sizeCanvases(canvases);
  optimal();
}

/**
 * The valley's level sets (ellipses), the minimum and the iterates joined by lines; returns
 * the map from CSS pixels on the canvas to a point w of the frame.
 */
function drawPath(canvas, path, lambdas) {
  const [x0, x1, y0, y1] = [-1.1, 0.35, -0.5, 0.5];
  const { context, px, py } = axes(canvas, [x0, x1, y0, y1], { xlabel: "w₁", ylabel: "w₂" });
  context.save();
  context.beginPath();
  context.rect(px(x0), py(y1), px(x1) - px(x0), py(y0) - py(y1));
  context.clip();
  context.globalAlpha = 0.45;
  for (const level of [1e-3, 4e-3, 1.6e-2, 6.3e-2, 0.25, 1]) {
    context.beginPath();
    const a = Math.sqrt((2 * level) / lambdas[0]);
    const b = Math.sqrt((2 * level) / lambdas[1]);
    context.ellipse(px(0), py(0), px(a) - px(0), py(0) - py(b), 0, 0, 2 * Math.PI);
    context.stroke();
  }
  context.globalAlpha = 1;
  context.strokeStyle = seriesColours(canvas)[1];
  context.fillStyle = context.strokeStyle;
  context.beginPath();
  path.forEach(([u, v]) => context.lineTo(px(u), py(Math.max(-10, Math.min(10, v)))));
  context.stroke();
  for (const [u, v] of path) {
    context.beginPath();
    context.arc(px(u), py(v), 2, 0, 2 * Math.PI);
    context.fill();
  }
  context.restore();
  const clamp = (v, low, high) => Math.min(high, Math.max(low, v));
  return (u, v) => [
    clamp(x0 + ((u - px(x0)) / (px(x1) - px(x0))) * (x1 - x0), x0, x1),
    clamp(y0 + ((v - py(y0)) / (py(y1) - py(y0))) * (y1 - y0), y0, y1),
  ];
}

/** The rate against one parameter, with the optimum dashed and the current value dotted. */
function drawRate(canvas, xs, rateOf, { xlabel, star, current }) {
  const rates = xs.map(rateOf);
  const frame = [xs[0], xs[xs.length - 1], 0.6, 1.05];
  const { context, px, py } = axes(canvas, frame, { xlabel, ylabel: "rate" });
  context.strokeStyle = seriesColours(canvas)[1];
  context.lineWidth = 1.6;
  context.beginPath();
  xs.forEach((x, k) => context.lineTo(px(x), py(Math.min(rates[k], 1.05))));
  context.stroke();
  context.setLineDash([4, 3]);
  context.beginPath();
  context.moveTo(px(star[0]), py(frame[2]));
  context.lineTo(px(star[0]), py(frame[3]));
  context.stroke();
  context.setLineDash([]);
  context.fillText(star[1], px(star[0]) + 10, py(frame[3]) + 10);
  context.beginPath();
  context.arc(px(current), py(Math.min(rateOf(current), 1.05)), 4, 0, 2 * Math.PI);
  context.fill();
}
