"""The plotting module: what each figure draws is checked against numbers computed here
independently (activations, costs, colours), the style, determinism, the GIF format, bad
arguments, and that matplotlib stays confined to ``backprop.plots`` and ``backprop.figures``.
The embedding of figures (``backprop.figures``) is tested in ``test_figures.py``."""

import ast
import copy
import importlib
import io
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from numpy.testing import assert_allclose

from backprop import Network
from backprop.activations import sigmoid
from backprop.training import History

matplotlib = pytest.importorskip("matplotlib", reason="the plots need matplotlib (.[plots])")
Image = pytest.importorskip("PIL.Image", reason="animations need Pillow (.[plots])")
to_rgb = matplotlib.colors.to_rgb
plots = pytest.importorskip("backprop.plots")

SRC = Path(__file__).resolve().parents[1] / "src" / "backprop"


@pytest.fixture
def plane():
    """Ten points in the plane, symmetric in x₁, two classes split by the sign of x₁."""
    x = np.stack([np.linspace(-1, 1, 10), np.random.default_rng(3).uniform(-1, 1, 10)])
    return x, (x[0] > 0).astype(np.int64)


def step_network():
    """[2, 2]: output 1 is active where x₁ > 0 and output 0 where x₁ < 0, sharply."""
    net = Network([2, 2], seed=0)
    net.weights[0][:] = [[-50.0, 0.0], [50.0, 0.0]]
    net.biases[0][:] = 0.0
    return net


def line_figure():
    fig, ax = plots.subplots(figsize=(3, 2))
    ax.plot([0, 1, 2], [2, 0, 1], label="a line")
    ax.set_title("a title")
    ax.legend()
    return fig


# ------------------------------------------------------------------------ theme, pyplot


def test_figures_are_themed_and_not_managed_by_pyplot():
    fig, ax = plots.subplots()
    with plots.theme():
        title = ax.set_title("t")
    assert title.get_color() == plots.FOREGROUND
    assert fig.get_facecolor()[3] == 0  # transparent
    assert fig.canvas.manager is None  # pyplot never saw it


def test_use_theme_sets_the_defaults():
    with matplotlib.rc_context():
        plots.use_theme()
        assert matplotlib.rcParams["axes.edgecolor"] == plots.FOREGROUND
        assert matplotlib.rcParams["savefig.transparent"]


def test_only_plots_imports_matplotlib():
    importers = []
    for path in sorted(SRC.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(name.split(".")[0] in ("matplotlib", "PIL") for name in names):
                importers.append(path.name)
    assert set(importers) == {"plots.py", "figures.py"}  # the two modules of figures


def test_importing_the_package_or_plots_never_imports_pyplot():
    code = (
        "import sys, backprop, backprop.training, backprop.datasets\n"
        "print('matplotlib' in sys.modules)\n"
        "import backprop.plots\n"
        "print('matplotlib.pyplot' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["False", "False"]


# ---------------------------------------------------------------------- learning curves


def test_learning_curves_plot_the_metric_against_the_epochs():
    history = History(epochs=[1, 2, 3], training_cost=[0.5, 0.3, 0.2])
    ax = plots.learning_curves(
        {"run": history, "reference": [0.6, 0.4, 0.25, 0.2]}, metric="training_cost"
    )
    run, reference = ax.lines
    assert_allclose(run.get_xydata(), [[1, 0.5], [2, 0.3], [3, 0.2]])
    assert_allclose(reference.get_xdata(), [1, 2, 3, 4])
    assert ax.get_ylabel() == "training cost"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["run", "reference"]


# ------------------------------------------------------------------ decision boundaries


def test_decision_boundary_colours_each_side_by_its_class(plane):
    x, labels = plane
    ax = plots.decision_boundary(step_network(), x, labels, resolution=21)
    rgb = np.asarray(ax.images[0].get_array())
    blue, orange = np.array(to_rgb(plots.COLORS[0])), np.array(to_rgb(plots.COLORS[1]))
    left, right = rgb[10, 0], rgb[10, -1]  # far from the boundary x₁ = 0: sure of the class
    assert np.linalg.norm(left - blue) < np.linalg.norm(left - orange)
    assert np.linalg.norm(right - orange) < np.linalg.norm(right - blue)
    middle = rgb[10, 10]  # on the boundary x₁ = 0 the network hesitates: neutral grey
    assert np.ptp(middle) < 0.05
    boundary = ax.collections[0].get_paths()[0].vertices  # the white line where a₀ = a₁
    assert_allclose(boundary[:, 0], 0, atol=0.1)
    points = {line.get_color(): line.get_xydata() for line in ax.lines}
    assert_allclose(points[plots.COLORS[0]], x[:, labels == 0].T)
    assert_allclose(points[plots.COLORS[1]], x[:, labels == 1].T)


def test_a_single_sigmoid_output_counts_as_class_1_above_one_half(plane):
    x, labels = plane
    net = Network([2, 1], seed=0)
    net.weights[0][:] = [[50.0, 0.0]]
    net.biases[0][:] = 0.0
    rgb = np.asarray(plots.decision_boundary(net, x, labels, resolution=21).images[0].get_array())
    orange = np.array(to_rgb(plots.COLORS[1]))
    assert np.linalg.norm(rgb[10, -1] - orange) < np.linalg.norm(rgb[10, 0] - orange)


@pytest.mark.parametrize(
    ("net", "x", "labels", "error", "message"),
    [
        (Network([3, 2], seed=0), np.zeros((2, 4)), np.zeros(4, int), ValueError, "2 inputs"),
        (Network([2, 2], seed=0), np.zeros((3, 4)), np.zeros(4, int), ValueError, "shape (2, n)"),
        (Network([2, 2], seed=0), np.zeros((2, 4)), np.zeros(3, int), ValueError, "shape (4,)"),
        ("net", np.zeros((2, 4)), np.zeros(4, int), TypeError, "backprop Network, got str"),
    ],
)
def test_decision_boundary_rejects_bad_arguments(net, x, labels, error, message):
    with pytest.raises(error, match=re.escape(message)):
        plots.decision_boundary(net, x, labels)


def test_small_multiples_draw_one_titled_panel_per_network(plane):
    x, labels = plane
    nets = {f"epoch {k}": Network([2, 3, 2], seed=k) for k in range(5)}
    fig = plots.boundary_small_multiples(nets, x, labels, ncols=2, resolution=8)
    assert [ax.get_title() for ax in fig.axes] == list(nets)
    with pytest.raises(ValueError, match="nets is empty"):
        plots.boundary_small_multiples({}, x, labels)


def test_animation_is_a_looping_gif_with_one_frame_per_network(plane):
    x, labels = plane
    nets = {f"epoch {k}": Network([2, 3, 2], seed=k) for k in range(3)}
    gif = plots.boundary_animation(nets, x, labels, size=1.5, dpi=40, duration=100, resolution=10)
    image = Image.open(io.BytesIO(gif))
    assert image.format == "GIF" and image.n_frames == 3 and image.size == (60, 60)
    assert image.info["loop"] == 0
    durations = []
    for frame in range(image.n_frames):
        image.seek(frame)
        durations.append(image.info["duration"])
    assert durations == [100, 100, 400]
    assert gif == plots.boundary_animation(
        nets, x, labels, size=1.5, dpi=40, duration=100, resolution=10
    )
    with pytest.raises(ValueError, match="colors must be a palette size"):
        plots.boundary_animation(nets, x, labels, colors=300)


# --------------------------------------------------------------------- hidden neurons


def test_hidden_activations_show_each_neurons_activation_over_the_plane(plane):
    x, labels = plane
    net = Network([2, 3, 2], seed=1)
    fig = plots.hidden_activations(net, x, labels, resolution=9, padding=0.0)
    panels = [ax for ax in fig.axes if ax.images]
    assert [ax.get_title() for ax in panels] == ["neuron 0", "neuron 1", "neuron 2"]
    corners = np.array([[x[0].min(), x[0].max()], [x[1].min(), x[1].min()]])  # bottom corners
    expected = sigmoid(net.weights[0] @ corners + net.biases[0])
    for j, ax in enumerate(panels):
        image = np.asarray(ax.images[0].get_array())
        assert_allclose([image[0, 0], image[0, -1]], expected[j])  # origin="lower"


def test_hidden_activations_of_a_deeper_layer_and_a_choice_of_neurons(plane):
    x, labels = plane
    net = Network([2, 4, 5, 2], seed=2)
    fig = plots.hidden_activations(net, x, labels, layer=2, neurons=[4, 1], resolution=7)
    panels = [ax for ax in fig.axes if ax.images]
    assert [ax.get_title() for ax in panels] == ["neuron 4", "neuron 1"]
    corner = np.array([[x[0].min()], [x[1].min()]])
    corner -= 0.15 * np.ptp(x, axis=1).max()  # the default padding
    a1 = sigmoid(net.weights[0] @ corner + net.biases[0])
    a2 = sigmoid(net.weights[1] @ a1 + net.biases[1])
    assert_allclose(np.asarray(panels[0].images[0].get_array())[0, 0], a2[4, 0])
    with pytest.raises(ValueError, match=re.escape("neurons must be numbers from 0 to 4")):
        plots.hidden_activations(net, x, labels, layer=2, neurons=[5])
    with pytest.raises(ValueError, match=re.escape("layer must be from 1 to 3")):
        plots.hidden_activations(net, x, labels, layer=0)


# ------------------------------------------------------------------------- cost slices


def shifted(net, directions, coefficients):
    """A copy of net with parameters θ + Σ cᵢ dᵢ, built independently of cost_slice."""
    other = copy.deepcopy(net)
    for k, p in enumerate(other.parameters()):
        p += sum(c * d[k] for c, d in zip(coefficients, directions))
    return other


def test_cost_slice_along_a_line_is_the_cost_of_the_shifted_networks():
    rng = np.random.default_rng(0)
    net = Network([3, 4, 2], seed=0)
    x, y = rng.standard_normal((3, 6)), np.eye(2)[:, rng.integers(0, 2, 6)]
    d = [rng.standard_normal(p.shape) for p in net.parameters()]
    before = [p.copy() for p in net.parameters()]
    ax = plots.cost_slice(net, x, y, [d], span=(-1, 1), resolution=5)
    s, costs = ax.lines[0].get_xydata().T
    assert_allclose(s, [-1, -0.5, 0, 0.5, 1])
    assert_allclose(costs, [shifted(net, [d], [c]).total_cost(x, y) for c in s])
    assert all(np.array_equal(p, q) for p, q in zip(net.parameters(), before))  # untouched


def test_cost_slice_over_a_plane_contours_the_log_cost():
    rng = np.random.default_rng(1)
    net = Network([2, 3, 2], seed=0)
    x, y = rng.standard_normal((2, 5)), np.eye(2)[:, rng.integers(0, 2, 5)]
    d1 = [rng.standard_normal(p.shape) for p in net.parameters()]
    d2 = [rng.standard_normal(p.shape) for p in net.parameters()]
    ax = plots.cost_slice(net, x, y, [d1, d2], span=(0, 1), resolution=3)
    levels = ax.collections[0].levels
    costs = [shifted(net, [d1, d2], [s, t]).total_cost(x, y) for s in (0, 1) for t in (0, 1)]
    assert levels.min() <= np.log10(min(costs)) and levels.max() >= np.log10(max(costs))
    assert [tuple(line.get_xydata()[0]) for line in ax.lines] == [(0, 0), (1, 0)]


def test_cost_slice_rejects_bad_directions():
    net = Network([2, 2], seed=0)
    good = [np.zeros_like(p) for p in net.parameters()]
    with pytest.raises(ValueError, match="one or two directions, got 3"):
        plots.cost_slice(net, np.eye(2), np.eye(2), [good] * 3)
    with pytest.raises(ValueError, match=re.escape("shaped like net.parameters()")):
        plots.cost_slice(net, np.eye(2), np.eye(2), [[np.zeros(3), np.zeros((2, 2))]])


# ---------------------------------------------------------------------- gradient norms


def test_gradient_norms_plot_each_layer_on_a_log_scale():
    norms = np.array([[1e-4, 1e-2, 1e-1], [2e-4, 2e-2, 5e-2]])
    ax = plots.gradient_norms(norms, labels=["first", "second", "third"])
    assert ax.get_yscale() == "log"
    for column, line in zip(norms.T, ax.lines):
        assert_allclose(line.get_xydata(), np.column_stack([[0, 1], column]))
    assert [line.get_label() for line in ax.lines] == ["first", "second", "third"]
    with pytest.raises(ValueError, match="labels must name the 3 layers, got 1"):
        plots.gradient_norms(norms, labels=["only one"])


# --------------------------------------------------------------------- network diagram


def test_network_diagram_draws_every_neuron_and_connection_and_marks_one_edge():
    sizes = [3, 4, 2]
    fig = plots.network_diagram(sizes, edge=(2, 1, 3))
    ax = fig.axes[0]
    assert len(ax.patches) == sum(sizes)  # one circle per neuron
    arrows = [t for t in ax.texts if getattr(t, "arrow_patch", None) is not None]
    assert len(arrows) == 3 * 4 + 4 * 2  # every neuron joined to every neuron of the next layer
    marked = [t for t in arrows if t.arrow_patch.get_arrowstyle().__class__.__name__ != "Curve"]
    assert len(marked) == 1
    assert marked[0].xy == tuple(ax.patches[3 + 4 + 1].center)  # ends at neuron 1 of layer 2
    labels = [t.get_text() for t in ax.texts]
    assert "$w^{2}_{13}$" in labels and any("$b^{2}_{1}$" in t for t in labels)
    assert [f"layer {l}" in labels for l in range(3)] == [True] * 3
    with pytest.raises(ValueError, match="sizes must hold at least 2 layers"):
        plots.network_diagram([3])


def _distance_to_segment(point, start, end):
    point, start, end = map(np.asarray, (point, start, end))
    t = np.clip(np.dot(point - start, end - start) / np.dot(end - start, end - start), 0, 1)
    return np.linalg.norm(point - (start + t * (end - start)))


def test_backward_pass_diagram_points_forwards_in_grey_and_backwards_from_L_to_1():
    sizes = [2, 3, 3, 2]
    fig = plots.backward_pass_diagram(sizes, biases={2: "$b$"})
    ax = fig.axes[0]
    centres = [tuple(circle.center) for circle in ax.patches]
    assert len(centres) == sum(sizes)
    layer_x = sorted({x for x, _ in centres})
    arrows = [t for t in ax.texts if getattr(t, "arrow_patch", None) is not None]
    forward = [a for a in arrows if a.arrow_patch.get_edgecolor()[:3] == to_rgb(plots.FOREGROUND)]
    backward = [a for a in arrows if a.arrow_patch.get_edgecolor()[:3] == to_rgb(plots.COLORS[1])]
    assert len(forward) + len(backward) == len(arrows)
    assert len(forward) == 2 * 3 + 3 * 3 + 3 * 2  # every connection, once
    assert len(backward) == 3 * 3 + 3 * 2  # beside w² and w³: from layer L = 3 back to 1
    assert all(a.xy[0] > a.xyann[0] for a in forward)
    assert all(a.xy[0] < a.xyann[0] for a in backward)
    assert min(a.xy[0] for a in backward) > layer_x[1] - 0.1  # no error sent to layer 0
    texts = [t.get_text() for t in ax.texts]
    for l, equation in ((1, "BP2"), (2, "BP2"), (3, "BP1")):
        assert f"$\\delta^{{{l}}}$ ({equation})" in texts
    assert "$(w^{3})^T$" in texts and "bias $b$" in texts and "layer 3 = $L$" in texts
    assert any("\\odot" in text and "BP2" in text for text in texts)
    with pytest.raises(ValueError, match="sizes must hold at least 3 layers"):
        plots.backward_pass_diagram([2, 2])
    with pytest.raises(ValueError, match=r"got \(3, 0, 0\)"):
        plots.backward_pass_diagram([2, 2, 2], weights={(3, 0, 0): "w"})


def _distance_to_segment(point, start, end):
    point, start, end = map(np.asarray, (point, start, end))
    t = np.clip(np.dot(point - start, end - start) / np.dot(end - start, end - start), 0, 1)
    return np.linalg.norm(point - (start + t * (end - start)))


def test_backward_pass_diagram_labels_each_weight_of_mazurs_network_on_its_own_connection():
    names = {(l, j, k): f"$w_{{{l}{j}{k}}}$" for l in (1, 2) for j in range(2) for k in range(2)}
    ax = plots.backward_pass_diagram([2, 2, 2], weights=names).axes[0]
    centres = [tuple(circle.center) for circle in ax.patches]
    texts = {t.get_text(): t.get_position() for t in ax.texts}
    for (l, j, k), name in names.items():
        distance = {
            (jj, kk): _distance_to_segment(
                texts[name], centres[2 * (l - 1) + kk], centres[2 * l + jj]
            )
            for jj in range(2)
            for kk in range(2)
        }
        assert min(distance, key=distance.get) == (j, k), (name, distance)
    renderer = matplotlib.backends.backend_agg.FigureCanvasAgg(ax.figure).get_renderer()
    boxes = [t.get_window_extent(renderer) for t in ax.texts if t.get_text() in names.values()]
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])
    html = [figures_show(plots.backward_pass_diagram([2, 2, 2], weights=names)) for _ in range(2)]
    assert html[0] == html[1]  # the same SVG on every build


def figures_show(fig):
    from backprop.figures import show

    return show(fig, alt="a diagram", caption="").html


# ------------------------------------------------------------------------------ digits


def test_digits_draw_each_image_with_what_each_network_read():
    rng = np.random.default_rng(0)
    x, labels = rng.uniform(size=(16, 3)), np.array([4, 0, 9])
    fig = plots.digits(x, labels, {"early": [4, 1, 2], "late": [4, 0, 9]})
    assert len(fig.axes) == 6
    for i, ax in enumerate(fig.axes[:3]):
        assert_allclose(np.asarray(ax.images[0].get_array()), x[:, i].reshape(4, 4))
    titles = [ax.get_title() for ax in fig.axes]
    assert titles == ["4 ✓", "1 ✗", "2 ✗", "4 ✓", "0 ✓", "9 ✓"]
    assert fig.axes[1].title.get_color() == plots.COLORS[4]  # wrong: red
    assert [fig.axes[0].get_ylabel(), fig.axes[3].get_ylabel()] == ["early", "late"]
    with pytest.raises(ValueError, match="must hold 3 digits"):
        plots.digits(x, labels, {"short": [1, 2]})


def test_without_matplotlib_the_import_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # as if it were not installed
    monkeypatch.delitem(sys.modules, "backprop.plots")
    with pytest.raises(ModuleNotFoundError, match=r"^backprop.plots needs matplotlib: pip install"):
        importlib.import_module("backprop.plots")
