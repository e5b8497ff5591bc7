"""The playground and the momentum page's live figure, driven through their controls.

Chromium (Debian's, at ``/usr/bin/chromium``) under Playwright opens the built site (the
session's ``site`` fixture, shared with ``test_browser.py``), served offline on 127.0.0.1 as
on GitHub Pages. Skipped with the reason when Chromium or Playwright is missing.
"""

from __future__ import annotations

import math
import re
import urllib.parse

import pytest
from tests.sitekit import require_browser

require_browser("the playground's browser tests")


pytestmark = pytest.mark.slow


class Visit:
    """A fresh page on ``path`` that records page errors, console errors and other hosts."""

    def __init__(self, browser, server, path, **context):
        self.context = browser.new_context(**context)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("pageerror", lambda error: self.errors.append(f"pageerror: {error}"))
        self.page.on(
            "console",
            lambda m: m.type == "error" and self.errors.append(f"console: {m.text}"),
        )
        host = urllib.parse.urlsplit(server.origin).netloc

        def route(route):
            if urllib.parse.urlsplit(route.request.url).netloc != host:
                self.errors.append(f"third-party request: {route.request.url}")
                return route.abort()
            return route.continue_()

        self.page.route("**/*", route)
        self.page.goto(server.url(path))

    def close(self):
        self.context.close()


@pytest.fixture
def visit(site):
    """Open pages in fresh contexts of the session's browser (``site`` in ``conftest.py``)."""
    visits = []

    def open_page(path, **context):
        visits.append(Visit(site.browser, site.server, path, **context))
        return visits[-1]

    yield open_page
    for v in visits:
        assert v.errors == [], v.errors
        v.close()


def status(page) -> str:
    return page.locator(".pg-status").first.inner_text()


def test_play_trains_and_the_cost_falls(visit):
    page = visit("playground/").page
    page.wait_for_selector(".pg-app")
    assert page.get_attribute("[data-playground]", "data-epoch") == "0"
    page.get_by_role("button", name="One epoch").click()
    first = page.evaluate("() => document.querySelector('.pg-status').textContent")
    cost_after_one = float(first.split("training cost ")[1].split(",")[0])
    play = page.get_by_role("button", name="Play")
    play.click()
    page.wait_for_function(
        "() => Number(document.querySelector('[data-playground]').dataset.epoch) >= 60"
    )
    page.get_by_role("button", name="Pause").click()
    assert page.get_attribute(".pg-buttons [data-action=play]", "aria-pressed") == "false"
    page.get_by_role("button", name="One epoch").click()  # announces the latest numbers
    text = status(page)
    cost_later = float(text.split("training cost ")[1].split(",")[0])
    assert cost_later < cost_after_one / 2, (first, text)
    accuracy = float(text.split("accuracy ")[1].split(" %")[0])
    assert accuracy > 80, text
    assert page.get_attribute(".pg-status", "aria-live") == "polite"


#: The playground's "Output and cost" choices: (output activation, cost).
OUTPUTS = {
    "sigmoid-cross_entropy": ("sigmoid", "cross_entropy"),
    "sigmoid-quadratic": ("sigmoid", "quadratic"),
    "softmax-log_likelihood": ("softmax", "log_likelihood"),
    "softmax-quadratic": ("softmax", "quadratic"),
}


def shown_numbers(page) -> dict[str, float]:
    """The numbers of the step view by name, each checked to be shown as its value to six
    significant digits, and the same wherever one name appears."""
    shown = page.evaluate(
        """() => [...document.querySelectorAll('.pg-step data')]
            .map(d => [d.dataset.name, Number(d.value), d.textContent])"""
    )
    numbers: dict[str, float] = {}
    for name, value, text in shown:
        assert math.isclose(float(text), value, rel_tol=5e-6, abs_tol=1e-300), (name, text)
        assert numbers.setdefault(name, value) == value, name
    return numbers


def test_one_step_shows_delta_and_the_four_equations(visit):
    page = visit("playground/").page
    page.wait_for_selector(".pg-app")
    page.get_by_role("button", name="One example").click()
    svg = page.locator(".pg-network svg")
    assert svg.locator("text.pg-equation", has_text="BP1").count() == 2  # two outputs
    assert svg.locator("text.pg-equation", has_text="BP2").count() == 8  # the hidden layer
    assert svg.locator("text.pg-delta").first.text_content().startswith("δ = ")
    assert "(BP4)" in svg.locator(".pg-edges title").first.text_content()
    step = page.locator(".pg-step").inner_text()
    for words in ("BP1", "BP2", "BP3", "BP4", "δ¹₀ = (w²₀₀ δ²₀ + w²₁₀ δ²₁) σ′(z¹₀)"):
        assert words in step


@pytest.mark.parametrize(
    "settings",
    [
        "layers=3,2&out=sigmoid-quadratic&example=7",
        "layers=4&act=tanh&example=11&eta=0.5",
        "layers=2,3&act=relu&out=softmax-quadratic&example=3",
        "layers=5&out=softmax-log_likelihood&lambda=0.5&example=1",
        "layers=&example=0",
    ],
)
def test_one_example_step_shows_the_package_numbers(visit, settings):
    """Every number of the hand-checkable step is the package's: the forward pass and
    Network.backprop on the example shown, with the weights shown before the step, and the
    weights after it by w ← w − η ∂C/∂w − (ηλ/n) w, all to 1e-12."""
    import numpy as np

    from backprop import Network, datasets

    page = visit(f"playground/#{settings}").page
    page.wait_for_selector(".pg-app")
    page.get_by_role("button", name="One example").click()
    numbers = shown_numbers(page)
    unnamed = page.evaluate(
        """() => { const view = document.querySelector('.pg-step').cloneNode(true);
                   view.querySelectorAll('data').forEach(d => d.remove());
                   return view.textContent; }"""
    )
    assert not re.search(r"\d\.\d|\d{2,}|\de", unnamed), unnamed  # every real number is named

    query = dict(urllib.parse.parse_qsl(settings, keep_blank_values=True))
    output, cost = OUTPUTS[query.get("out", "sigmoid-cross_entropy")]
    widths = [int(w) for w in query["layers"].split(",") if w]
    net = Network([2, *widths, 2], query.get("act", "sigmoid"), output, cost)
    layers = range(1, net.num_layers)

    def matrix(name, rows, cols):
        return np.array([[numbers[f"{name}_{j}_{k}"] for k in range(cols)] for j in range(rows)])

    def column(name, rows):
        return np.array([[numbers[f"{name}_{j}"]] for j in range(rows)])

    sizes = net.sizes
    net.weights = [matrix(f"w{l}", sizes[l], sizes[l - 1]) for l in layers]
    net.biases = [column(f"b{l}", sizes[l]) for l in layers]
    x, y = column("a0", 2), column("y", 2)
    example = int(numbers["example"])
    points, labels = datasets.moons(n=200, noise=0.15, seed=0)  # the default data set
    assert np.abs(x[:, 0] - points[:, example]).max() <= 2**-13  # stored to 2⁻¹⁴, draws 2⁻¹³
    assert y[:, 0].tolist() == datasets.one_hot(labels, 2)[:, example].tolist()

    def close(shown, expected):
        gap = np.abs(shown - expected).max() / max(np.abs(expected).max(), 1e-300)
        assert gap <= 1e-12, (shown, expected)

    activation = x
    for l, w, b, sigma in zip(layers, net.weights, net.biases, net.sigmas):
        z = w @ activation + b
        activation = sigma(z)
        close(column(f"z{l}", sizes[l]), z)
        close(column(f"a{l}", sizes[l]), activation)
        if sigma.elementwise:  # a softmax output has no elementwise σ′
            close(column(f"sp{l}", sizes[l]), sigma.prime(z))
    close(np.array(numbers["cost"]), net.total_cost(x, y))
    nabla_b, nabla_w = net.backprop(x, y)
    assert numbers["m"] == 1
    eta, lmbda = numbers["eta"], numbers.get("lambda", 0.0)
    for l, w, b, nb, nw in zip(layers, net.weights, net.biases, nabla_b, nabla_w):
        close(column(f"d{l}", sizes[l]), nb)  # δˡ: BP1 at the output, BP2 behind
        close(column(f"nb{l}", sizes[l]), nb)  # BP3
        close(matrix(f"nw{l}", sizes[l], sizes[l - 1]), nw)  # BP4
        decay = eta * lmbda / 200 * w  # L2 over the n = 200 training points
        close(matrix(f"new_w{l}", sizes[l], sizes[l - 1]), w - eta * nw - decay)
        close(column(f"new_b{l}", sizes[l]), b - eta * nb)
    if "s" in numbers:  # the softmax-quadratic BP1: s = Σᵢ aᵢ (aᵢ − yᵢ)
        close(np.array(numbers["s"]), float((activation * (activation - y)).sum()))


SUB = "₀₁₂₃₄₅₆₇₈₉"


def test_neurons_and_weights_are_numbered_from_0_as_on_the_notation_page(visit):
    """The labels the reader sees in the drawing: x₀, x₁; neurons j = 0 … nˡ − 1; wˡⱼₖ."""
    page = visit("playground/#layers=3").page
    page.wait_for_selector(".pg-network svg text")
    labels = page.locator(".pg-network svg .pg-neuron text").all_text_contents()
    assert labels == ["x₀", "x₁", "₀", "₁", "₂", "₀", "₁"], labels
    titles = [
        t.split(" = ")[0]
        for t in page.locator(".pg-network svg .pg-edges title").all_text_contents()
    ]
    first = [f"w¹{SUB[j]}{SUB[k]}" for j in range(3) for k in range(2)]
    last = [f"w²{SUB[j]}{SUB[k]}" for j in range(2) for k in range(3)]
    assert titles == first + last, titles


#: Records the text drawn on each chart canvas since it was last cleared.
DRAWN_TEXT = """
const fill = CanvasRenderingContext2D.prototype.fillText;
const clear = CanvasRenderingContext2D.prototype.clearRect;
window.drawnText = new Map();
CanvasRenderingContext2D.prototype.clearRect = function (...args) {
  window.drawnText.set(this.canvas, []);
  return clear.apply(this, args);
};
CanvasRenderingContext2D.prototype.fillText = function (text, ...args) {
  window.drawnText.get(this.canvas)?.push(String(text));
  return fill.call(this, text, ...args);
};
"""


def test_log_axis_ticks_are_decades(visit):
    """The gradient chart's y ticks read 1, 10 or 10⁻³: whole decades, never 1e-2.6."""
    v = visit("playground/#data=spirals&layers=8,8,8&init=normal")
    page = v.page
    page.add_init_script(DRAWN_TEXT)
    page.reload()
    page.wait_for_selector(".pg-app")
    for _ in range(20):
        page.get_by_role("button", name="One epoch").click()
    texts = page.evaluate(
        "() => window.drawnText.get(document.querySelector('[data-chart=gradients]'))"
    )
    ticks = [t for t in texts if t not in ("epoch", "‖∂C/∂w‖") and not t.startswith("— layer")]
    decades = [t for t in ticks if t not in ("0", "20")]  # the epoch axis: 0 and 20
    assert len(decades) >= 2, texts
    for tick in decades:
        assert re.fullmatch(r"1|10|10⁻?[¹²³⁴⁵⁶⁷⁸⁹][⁰¹²³⁴⁵⁶⁷⁸⁹]*", tick), texts


#: For each neuron square of the drawing, the summed alpha of the heatmap canvas beneath it.
HEATMAP_INK = """() => {
  const canvas = document.querySelector('.pg-heatmaps');
  const box = canvas.getBoundingClientRect();
  const context = canvas.getContext('2d');
  return [...document.querySelectorAll('.pg-network .pg-neuron rect')].map(rect => {
    const r = rect.getBoundingClientRect();
    const scale = canvas.width / box.width;
    const [x, y] = [(r.left - box.left) * scale, (r.top - box.top) * scale];
    const [w, h] = [r.width * scale - 4, r.height * scale - 4];
    const pixels = context.getImageData(x + 2, y + 2, w, h).data;
    let ink = 0;
    for (let i = 3; i < pixels.length; i += 4) ink += pixels[i];
    return ink;
  });
}"""


#: The heatmap canvas's alpha outside every neuron square, as a share of all its alpha.
HEATMAP_SPILL = """() => {
  const canvas = document.querySelector('.pg-heatmaps');
  const box = canvas.getBoundingClientRect();
  const scale = canvas.width / box.width;
  const squares = [...document.querySelectorAll('.pg-network .pg-neuron rect')].map(rect => {
    const r = rect.getBoundingClientRect();
    return [(r.left - box.left) * scale - 2, (r.top - box.top) * scale - 2,
            (r.right - box.left) * scale + 2, (r.bottom - box.top) * scale + 2];
  });
  const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let all = 0, outside = 0;
  for (let y = 0; y < canvas.height; y++) {
    for (let x = 0; x < canvas.width; x++) {
      const alpha = pixels[4 * (y * canvas.width + x) + 3];
      all += alpha;
      const inside = ([x0, y0, x1, y1]) => x >= x0 && x <= x1 && y >= y0 && y <= y1;
      if (!squares.some(inside)) outside += alpha;
    }
  }
  return outside / all;
}"""


@pytest.mark.parametrize("width", [390, 1280])
def test_the_heatmaps_lie_in_their_squares(visit, width):
    page = visit("playground/#layers=3", viewport={"width": width, "height": 844}).page
    page.wait_for_selector(".pg-network .pg-neuron rect")
    page.get_by_role("button", name="One example").click()  # redraws the whole drawing
    assert page.evaluate(HEATMAP_SPILL) < 0.01


def test_every_neuron_shows_a_heatmap_that_follows_training(visit):
    page = visit("playground/#layers=4,3").page
    page.wait_for_selector(".pg-network .pg-neuron rect")
    before = page.evaluate(HEATMAP_INK)
    assert len(before) == 4 + 3 + 2 and all(ink > 0 for ink in before), before
    for _ in range(5):
        page.get_by_role("button", name="One epoch").click()
    after = page.evaluate(HEATMAP_INK)
    assert all(ink > 0 for ink in after) and after != before


def test_tapping_an_edge_edits_its_weight_and_the_cost_follows(visit):
    page = visit("playground/").page
    page.wait_for_selector(".pg-app")
    page.get_by_role("button", name="One epoch").click()
    cost = status(page).split("training cost ")[1].split(",")[0]
    edge = page.locator('.pg-edges [data-layer="2"][data-neuron="1"][data-input="3"] .pg-hit')
    edge.click(force=True)
    inspector = page.locator(".pg-inspect")
    assert "Neuron 1 of layer 2" in inspector.inner_text()
    assert "error δ²₁ = " in inspector.inner_text() and "(BP1)" in inspector.inner_text()
    field = page.locator('.pg-inspect [name="w-2-1-3"]')
    assert page.evaluate("() => document.activeElement.name") == "w-2-1-3"
    field.fill("40")
    field.press("Enter")
    text = status(page)
    assert text.startswith("With w²₁₃ = 40.000: training cost "), text
    assert text.split("training cost ")[1].split(",")[0] != cost
    assert edge.locator("xpath=..").locator("title").text_content().startswith("w²₁₃ = 40.000")
    page.locator('.pg-neuron[data-layer="1"][data-neuron="0"]').focus()
    page.keyboard.press("Enter")
    assert "Neuron 0 of layer 1" in inspector.inner_text() and "(BP2)" in inspector.inner_text()


def test_settings_round_trip_through_the_url(visit):
    settings = (
        "#data=spirals&n=300&split=4/5&layers=8,8&act=tanh&eta=0.5&beta=0.9&nesterov=1&seed=7"
    )
    page = visit("playground/" + settings).page
    page.wait_for_selector(".pg-app")
    control = page.locator
    assert control("[name=data]").input_value() == "spirals"
    assert control("[name=depth]").input_value() == "2"
    assert control("[name=act]").input_value() == "tanh"
    assert control("[name=split]").input_value() == "4/5"
    assert control("[name=nesterov]").is_checked()
    control("[name=act]").select_option("relu")
    control("[name=eta]").fill("0.25")
    control("[name=eta]").press("Tab")  # the change is committed when the field is left
    control("[name=depth]").select_option("3")
    url = page.url
    assert "act=relu" in url and "eta=0.25" in url and "layers=8%2C8%2C4" in url, url
    again = visit("playground/#" + urllib.parse.urlsplit(url).fragment).page
    again.wait_for_selector(".pg-app")
    assert again.locator("[name=act]").input_value() == "relu"
    assert again.locator("[name=eta]").input_value() == "0.25"
    assert again.locator("[name=width2]").input_value() == "4"


def test_input_features_are_chosen_in_the_url_and_fed_to_the_network(visit):
    page = visit("playground/#data=circles&layers=&features=x0x0,x1x1").page
    page.wait_for_selector(".pg-app")
    checked = page.locator("[name=feature]:checked")
    assert [checked.nth(i).get_attribute("value") for i in range(checked.count())] == [
        "x0x0",
        "x1x1",
    ]
    inputs = page.locator(".pg-network svg .pg-neuron:not([data-layer]) text")
    assert inputs.all_text_contents() == ["x₀²", "x₁²"]
    page.locator("[name=feature][value=x0]").check()
    assert "features=x0%2Cx0x0%2Cx1x1" in page.url, page.url
    assert inputs.all_text_contents() == ["x₀", "x₀²", "x₁²"]
    page.get_by_role("button", name="One example").click()
    assert "input a⁰ = (x₀, x₀², x₁²) = (" in page.locator(".pg-step").inner_text()
    numbers = shown_numbers(page)
    assert numbers["a0_1"] == numbers["a0_0"] ** 2  # the engine's features, as shown
    page.locator("[name=feature][value=x0]").uncheck()
    page.locator("[name=feature][value=x0x0]").uncheck()
    last = page.locator("[name=feature][value=x1x1]")
    last.click()  # the last one stays checked: the network needs an input
    assert last.is_checked() and inputs.all_text_contents() == ["x₁²"]


def unlabelled(page, root: str) -> list[str]:
    """The controls under ``root`` without a label (a button's text counts as one)."""
    return page.evaluate(
        """root => [...document.querySelectorAll(`${root} :is(select, input, button)`)]
            .filter(e => !(e.labels?.length || e.getAttribute('aria-label')
                           || (e.tagName === 'BUTTON' && e.textContent.trim())))
            .map(e => e.outerHTML)""",
        root,
    )


def test_every_control_is_labelled_and_reachable_by_keyboard(visit):
    page = visit("playground/").page
    page.wait_for_selector(".pg-app")
    assert unlabelled(page, ".pg-app") == []
    page.locator("[name=data]").focus()
    reached = set()
    for _ in range(40):
        page.keyboard.press("Tab")
        reached.add(
            page.evaluate("() => document.activeElement.name || document.activeElement.textContent")
        )
    for name in (
        "eta",
        "batch",
        "beta",
        "nesterov",
        "lambda",
        "seed",
        "Play",
        "One mini-batch",
        "One example",
        "example",
        "Reset",
    ):
        assert name in reached, reached
    page.locator("[data-action=example]").focus()
    page.keyboard.press("Enter")
    assert page.locator("text.pg-equation").count() > 0


def test_without_javascript_the_static_figure_shows(visit):
    page = visit("playground/", java_script_enabled=False).page
    assert "with JavaScript off, it cannot run" in page.locator("[data-playground]").inner_text()
    figure = page.locator(".jupyter-wrapper img[alt*='XOR, moons, circles and spirals']")
    assert figure.count() == 1 and figure.evaluate("img => img.naturalWidth") > 0
    assert page.locator(".pg-app").count() == 0


def test_the_shown_code_is_the_experiment_not_the_plumbing(visit):
    """The page's code (also folded, as the PDF prints it) holds no data encoder."""
    page = visit("playground/", java_script_enabled=False).page
    code = "\n".join(page.locator(".md-content pre").all_text_contents())
    assert "train(net" in code  # the reference run is shown
    for plumbing in ("base64", "int16", "def encode", "playground_data"):
        assert plumbing not in code, plumbing


@pytest.mark.parametrize(
    ("path", "root"), [("playground/", ".pg-app"), ("momentum/", ".pg-momentum")]
)
def test_printed_the_live_figures_say_what_they_do_instead_of_dead_controls(visit, path, root):
    """As the PDF prints them (print media, JavaScript on): no controls, a sentence."""
    page = visit(path).page
    page.wait_for_selector(root)
    assert page.locator(".pg-static").is_hidden()  # on screen, the live figure
    page.emulate_media(media="print")
    assert page.locator(root).is_hidden()
    static = page.locator(".pg-static")
    assert (
        static.is_visible()
        and "Printed, or with JavaScript off, it cannot run" in static.inner_text()
    )


def test_without_javascript_the_momentum_figure_says_what_it_would_do(visit):
    page = visit("momentum/", java_script_enabled=False).page
    assert "sliders for the step size η" in page.locator("[data-momentum-live]").inner_text()


def test_momentum_sliders_redraw_with_the_engine(visit):
    page = visit("momentum/").page
    page.wait_for_selector(".pg-momentum")
    assert unlabelled(page, ".pg-momentum") == []
    root = page.locator("[data-momentum-live]")
    optimal = float(root.get_attribute("data-rate"))
    beta_star = float(root.get_attribute("data-beta-star"))
    assert optimal == pytest.approx(beta_star**0.5, rel=1e-6)  # Goh: the rate √β* at α*, β*
    page.locator("[name=beta]").fill("0")
    assert float(root.get_attribute("data-rate")) > 0.9  # gradient descent at α* is slower
    page.locator("[name=nesterov]").check()
    assert "Nesterov" in status(page)
    page.get_by_role("button", name="Set η = α*, β = β*").click()
    assert float(root.get_attribute("data-rate")) == pytest.approx(optimal)


def test_momentum_condition_number_and_steps_redraw_at_their_optimum(visit):
    page = visit("momentum/").page
    page.wait_for_selector(".pg-momentum")
    root = page.locator("[data-momentum-live]")
    assert float(root.get_attribute("data-optimal-beta")) == pytest.approx(
        float(root.get_attribute("data-beta-star")), rel=1e-12
    )  # the widget's optimum is the page's, at the page's κ = 100
    page.locator("[name=kappa]").select_option("1000")
    beta_star = ((1000**0.5 - 1) / (1000**0.5 + 1)) ** 2
    assert float(root.get_attribute("data-optimal-beta")) == pytest.approx(beta_star, rel=1e-12)
    assert float(root.get_attribute("data-rate")) == pytest.approx(beta_star**0.5, rel=1e-6)
    page.locator("[name=steps]").select_option("80")
    assert "after 80 steps" in status(page)


def test_dragging_on_the_valley_moves_the_starting_point(visit):
    page = visit("momentum/").page
    page.wait_for_selector(".pg-momentum")
    assert "from w₀ = (-1.000, 0.120)" in status(page)
    page.locator('[data-view="path"]').scroll_into_view_if_needed()
    valley = page.locator('[data-view="path"]').bounding_box()
    page.mouse.move(valley["x"] + valley["width"] * 0.5, valley["y"] + valley["height"] * 0.4)
    page.mouse.down()
    page.mouse.move(valley["x"] + valley["width"] * 0.3, valley["y"] + valley["height"] * 0.3)
    page.mouse.up()
    text = status(page)
    w0 = [float(v) for v in text.split("from w₀ = (")[1].split(")")[0].split(", ")]
    assert w0[0] < -0.3 and w0[1] > 0, text  # up and to the left of the minimum
    assert w0 != [-1.0, 0.12]


def test_visualising_links_replay_their_experiment(visit):
    """A link on the visualising page opens the playground with its settings, through
    Material's instant navigation (no full page load)."""
    page = visit("visualising/").page
    link = page.locator("a[href*='playground/?data=xor']").first
    assert link.get_attribute("href").endswith("?data=xor&layers=3&batch=4")
    link.click()
    page.wait_for_selector(".pg-app")
    assert page.locator("[name=data]").input_value() == "xor"
    assert page.locator("[name=width0]").input_value() == "3"
    assert page.locator("[name=batch]").input_value() == "4"
    page.get_by_role("button", name="One epoch").click()
    assert "Epoch 1:" in status(page)


def test_a_regression_set_shows_its_output_and_costs_without_accuracy(visit):
    page = visit("playground/#data=plane&noise=30").page
    page.wait_for_selector(".pg-app")
    control = page.locator
    assert control("[name=noise]").input_value() == "30"
    assert control("[name=noise-value]").text_content() == "30 %"
    options = control("[name=out] option")
    assert [options.nth(i).get_attribute("value") for i in range(options.count())] == [
        "identity-quadratic",
        "tanh-quadratic",
    ]
    assert control("[name=eta]").input_value() == "0.3"  # the regression's own η
    assert control('.pg-network .pg-neuron[data-layer="2"]').count() == 1  # one output
    assert control('[data-chart="accuracy"]').is_hidden()
    assert "output over the plane" in control(".pg-boundary figcaption").inner_text()
    page.get_by_role("button", name="One epoch").click()
    text = status(page)
    assert text.startswith("Epoch 1: training cost ") and "accuracy" not in text, text
    page.get_by_role("button", name="One example").click()
    assert "desired output y = (" in control(".pg-step").inner_text()
    control("[name=noise]").fill("45")
    assert "noise=45" in page.url and control("[name=noise-value]").text_content() == "45 %"
    control("[name=data]").select_option("moons")  # the set's own noise, output and η
    assert "noise=" not in page.url and "out=" not in page.url, page.url
    assert control("[name=noise-value]").text_content() == "15 %"
    assert control("[name=out]").input_value() == "sigmoid-cross_entropy"
    assert control('[data-chart="accuracy"]').is_visible()
    assert control('[data-chart="accuracy"]').evaluate("c => c.width") > 0
    assert control('.pg-network .pg-neuron[data-layer="2"]').count() == 2
