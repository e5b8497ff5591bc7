# ---
# jupyter:
#   description: >-
#     Train a small network in the browser and watch it learn: decision boundary, learning
#     curves, gradient norms per layer, and BP1-BP4 at work on a single step.
# ---

# %% [markdown]
# # Playground
#
# Choose a data set (four to classify, two to fit a real target: regression), its noise,
# the network's inputs (the point's coordinates x₀, x₁, or features of
# them such as x₀² and sin x₁), a network and a training method, press **Play** and watch
# the network learn: the decision boundary (for regression, the output over the plane)
# moves, each neuron's square in the drawing
# shows what it responds to over the plane, the costs fall, and the size of each layer's
# gradient shows which layers learn and which hardly move. Tap a neuron to read its bias,
# activation and δ, and edit its weights to see the boundary and the cost follow. **One
# example** takes a single step of gradient descent on one training example (m = 1, the
# example chosen beside the button) and writes it out number by number, so that it can be
# redone with a calculator: the weights before the step, every zˡ, aˡ and σ′(zˡ) of the
# forward pass, the output error from
# [BP1](equations.py#bp1-the-error-in-the-output-layer), each earlier δˡ from
# [BP2](equations.py#bp2-the-error-in-one-layer-from-the-error-in-the-next) with the sum
# written out for one neuron, ∂C/∂b and ∂C/∂w from [BP3 and
# BP4](equations.py#the-four-equations-together), and the weights after the step. Layers
# and neurons are numbered from 0, as on the [notation page](notation.py). Every setting
# is in the page's address, so a configuration can be shared as a link.
#
# The network runs in your browser, in a small JavaScript module,
# [`engine.js`](https://github.com/backprop-docs/backprop/blob/main/docs/assets/javascripts/playground/engine.js),
# written to be read beside [`network.py`](algorithm.md) and
# [`train`][backprop.training.train]: the same forward pass, the same four equations, the
# same mini-batch SGD with heavy-ball or Nesterov momentum and L2 decay. The test suite
# proves it the same algorithm: on random networks, inputs and settings, its gradients equal
# [`Network.backprop`][backprop.network.Network.backprop]'s to a relative 10⁻¹² and a few
# hundred of its training steps reproduce the parameters `train` leaves to 10⁻⁹, for every
# activation, cost and update rule offered here. Two things differ on purpose: the initial
# weights and the shuffling are drawn from the engine's own seeded generator, not NumPy's,
# so a seed here gives other (equally distributed) starting weights than in Python.
#
# The data are the package's own sets from [`backprop.datasets`][backprop.datasets],
# generated when this page was built: the training points with data seed 0 and a test
# set of half as many points with data seed 1, in three sizes (XOR is its four points, and
# its own test set). The noise control's percentage is the noise σ in hundredths: the
# standard deviation of the Gaussian noise added to each coordinate of
# [`moons`][backprop.datasets.moons] and [`circles`][backprop.datasets.circles], to the
# angle of [`spirals`][backprop.datasets.spirals] (in radians), and to the target of the
# regression sets [`plane`][backprop.datasets.plane] and
# [`gaussians`][backprop.datasets.gaussians] (the multi-Gaussian). A seed fixes the
# package's noise draws and σ only scales them, so the page carries each set without noise
# and its draws, and every level is the package's set: the test suite compares them. A
# regression network has one output neuron, linear (the identity) or tanh, trained on the
# quadratic cost, and the readouts show the costs alone: with one output there is no class
# to be right about.

# %% tags=["remove-cell"]
# The page's data for the playground (hidden: this is plumbing, not the experiment): every
# set the controls offer, made by the package, in the attribute the JavaScript reads.
import base64
import html
import json

import numpy as np
from IPython.display import HTML

from backprop import datasets

SETS = {  # the package's generator, how its noise moves a point, its default noise in %
    "moons": (datasets.moons, "shift", 15),
    "circles": (datasets.circles, "shift", 5),
    "spirals": (datasets.spirals, "turn", 20),
    "plane": (datasets.plane, "target", 10),
    "gaussians": (datasets.gaussians, "target", 10),
}
SIZES = [100, 200, 300]
SCALE = 2**13  # points, targets: int16 multiples of 1/SCALE, |x| < 4
NOISE_SCALE = 2**12  # noise draws: multiples of 1/NOISE_SCALE, |z| < 8


def int16(rows, scale):
    """The rows (k, n) as base64 little-endian int16, point by point, in units of 1/scale."""
    ints = np.round(np.asarray(rows, dtype=float).T * scale)
    assert np.abs(ints).max(initial=0) < 2**15, "a number overflows int16"
    little_int16 = np.dtype(np.int16).newbyteorder("little")
    return base64.b64encode(ints.astype(little_int16).tobytes()).decode()


def clean_and_draws(make, kind, n, seed):
    """The set without noise (points and labels or targets), and the draws z that its noise
    σ scales (the same for every σ): the noisy set is the clean one with each point shifted
    by σz ("shift"), turned by σz radians about the origin ("turn"), or with each target
    shifted by σz ("target")."""
    points, outputs = make(n, noise=0.0, seed=seed)
    if kind == "turn":
        turned, epsilon = make(n, noise=1e-3, seed=seed)[0], 1e-3
        cross = points[0] * turned[1] - points[1] * turned[0]
        turn = np.arctan2(cross, (points * turned).sum(axis=0))
        return points, outputs, turn[None] / epsilon
    if kind == "target":
        return points, outputs, make(n, noise=1.0, seed=seed)[1] - outputs
    return points, outputs, make(n, noise=1.0, seed=seed)[0] - points


def encode(points, outputs, draws):
    """One set for the page: its points, its noise draws, and its labels (a string of
    digits) or its targets."""
    stored = [int16(points, SCALE), int16(draws, NOISE_SCALE)]
    if outputs.ndim == 1:
        return [*stored, "".join(map(str, outputs))]
    return [*stored, int16(outputs, SCALE)]


playground_data = {"scale": SCALE, "noiseScale": NOISE_SCALE, "sets": {}}
x, labels = datasets.xor()
xor_set = encode(x, labels, np.zeros_like(x))
playground_data["sets"]["xor"] = {
    "task": "classification",
    "noise": "none",
    "default": 0,
    "data": {"4": [xor_set, xor_set]},  # its own test set
}
for name, (make, kind, default) in SETS.items():
    playground_data["sets"][name] = {
        "task": "regression" if kind == "target" else "classification",
        "noise": kind,
        "default": default,
        "data": {
            str(n): [
                encode(*clean_and_draws(make, kind, size, seed))
                for size, seed in [(n, 0), (n // 2, 1)]  # training, test
            ]
            for n in SIZES
        },
    }
payload = json.dumps(playground_data, separators=(",", ":"))

# %% tags=["remove-input"]
HTML(  # the data in an attribute: Material's instant navigation re-runs <script> elements
    f'<div class="playground" data-playground data-sets="{html.escape(payload)}">'
    '<p class="pg-static">Here, in a browser with JavaScript on, is the live playground: it '
    "trains the network you choose on the data set you choose and redraws its decision "
    "boundary, learning curves, gradient norms and a heatmap per neuron as it learns, and "
    "writes out one step on one example by hand. Printed, or with JavaScript off, it cannot "
    "run: the figure below shows the package's own run of its default settings.</p></div>"
)

# %% [markdown]
# For comparison, the package's own run of the default settings on each classification
# set: the
# network [2, 8, 2] trained by [`train`][backprop.training.train] in Python for 300
# epochs. Press **Play** on each set above and let it run as long to compare; the starting
# weights differ, so the boundaries need not be the same.

# %%
from backprop import Network, datasets, plots
from backprop.figures import show
from backprop.training import train

reference = {}
for name, (x, labels) in {
    "XOR": datasets.xor(),
    "moons": datasets.moons(n=200, noise=0.15, seed=0),
    "circles": datasets.circles(n=200, noise=0.05, seed=0),
    "spirals": datasets.spirals(n=200, noise=0.2, seed=0),
}.items():
    net = Network([2, 8, 2], cost="cross_entropy", init="scaled", seed=0)
    history = train(net, (x, labels), 300, min(10, x.shape[1]), 3.0, seed=0)
    reference[name] = (net, x, labels, history.training_accuracy[-1])
fig, axes = plots.subplots(1, 4, figsize=(9, 2.6))
for ax, (name, (net, x, labels, accuracy)) in zip(axes, reference.items()):
    plots.decision_boundary(
        net, x, labels, ax=ax, title=f"{name}: {accuracy:.0%}"
    )
show(
    fig,
    alt="Four panels, XOR, moons, circles and spirals, each coloured blue "
    "and orange by the class a [2, 8, 2] network gives every point after 300 "
    "epochs, with the training points on top and the training accuracy in "
    "the title.",
    caption="The playground's defaults trained by the package: [2, 8, 2], "
    "sigmoid, cross-entropy, scaled initialisation, η = 3.0, mini-batches of "
    "10 (XOR: 4), 300 epochs, Network and shuffling seed 0; 200 training "
    "points (data seed 0) at the default noise. Title: the training accuracy.",
    format="png",
)

# %% [markdown]
# ## Things to try
#
# Each link opens the playground with the settings it names; the test suite runs every one
# of them on the engine and checks what the tip says will happen.
#
# - **Depth and vanishing gradients.** Give the [spirals three hidden layers of eight
#   sigmoid neurons](playground.py?data=spirals&layers=8,8,8&init=normal&eta=0.1),
#   the `N(0, 1)` initialisation and η = 0.1, and compare the gradient norms of the first
#   and the last layer, as on the
#   [visualising page](visualising.py#how-fast-each-layer-learns): for the first ten epochs
#   ‖∂C/∂w¹‖ (layer 1 in the chart) stays more than ten times below ‖∂C/∂w⁴‖ (layer 4).
#   Then [switch to tanh](playground.py?data=spirals&layers=8,8,8&init=normal&eta=0.1&act=tanh):
#   in the first epoch the two are within a factor of 2, and after 100 epochs the training
#   accuracy is higher than the sigmoid network's.
# - **Saturation.** With sigmoid outputs, press **One example** on example 5 with
#   [the quadratic cost](playground.py?out=sigmoid-quadratic&example=5) and then with
#   [the cross-entropy](playground.py?example=5) (the same seed: the same weights), and read
#   the output layer's δ: the quadratic cost's δᴸ carries the factor σ′(zᴸ) (BP1), so each
#   output's δ is at most a quarter of the cross-entropy's: σ′ is ¼ at most, and near 0
#   where an output is confidently wrong.
# - **Momentum.** On the [circles with a small η = 0.3](playground.py?data=circles&eta=0.3),
#   raise β to [0.5](playground.py?data=circles&eta=0.3&beta=0.5) and then
#   [0.9](playground.py?data=circles&eta=0.3&beta=0.9), and watch the learning curves: each
#   time the training accuracy reaches 100 % in fewer epochs. The
#   [momentum page](momentum.py) analyses what β does.
# - **Features.** [The circles with no hidden layer](playground.py?data=circles&layers=)
#   cannot be learnt: without a hidden layer the boundary is a straight line, and after 100
#   epochs the training accuracy is still below 70 %. Give the same network
#   [the inputs x₀² and x₁² instead](playground.py?data=circles&layers=&features=x0x0,x1x1)
#   (the **Inputs** boxes): a circle is a line in those, and every training point is
#   classified right after the first epoch and still after 100.
# - **Overfitting.** Take [100 points of the noisiest moons and three hidden layers of
#   eight](playground.py?data=moons&noise=30&n=100&layers=8,8,8)
#   and watch the training and test costs part: after 300 epochs the training cost is below
#   0.1 and the test cost above 1, higher than it was. Then add
#   [L2 with λ = 0.1](playground.py?data=moons&noise=30&n=100&layers=8,8,8&lambda=0.1): after
#   300 epochs the test cost is less than half the unregularised one and within 0.1 of the
#   training cost. [λ = 1](playground.py?data=moons&noise=30&n=100&layers=8,8,8&lambda=1) is
#   too much: the decay wins over the data and the network gives every point one class
#   (50 % accuracy).
# - **Regression.** [The plane with no hidden layer](playground.py?data=plane&layers=) is
#   linear regression (a linear output and the quadratic cost) and finds the plane's own
#   weights: after 100 epochs w¹ is within 0.01 of (½, ½), and the training cost within
#   10 % of ½σ² = 0.005, what the noise alone costs (σ = 0.1: 10 % noise). The
#   [multi-Gaussian with no hidden layer](playground.py?data=gaussians&layers=) is no
#   plane: its training cost stays above 0.07 for 100 epochs, while [two hidden layers of
#   eight tanh neurons](playground.py?data=gaussians&layers=8,8&act=tanh) bring it below
#   0.02 in 300 epochs.
