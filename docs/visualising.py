# ---
# jupyter:
#   description: >-
#     Watching networks learn: decision boundaries over training (small multiples and an
#     animation), hidden-unit activations, slices of the cost surface, and vanishing
#     gradients measured layer by layer in a deep sigmoid network.
# ---

# %% [markdown]
# # Visualising learning
#
# A learning curve says *how well* a network learns, not *what* it learns. With two inputs
# everything a network computes can be drawn in the plane: which class it gives every
# point, what each hidden neuron responds to, how the decision boundary forms epoch by
# epoch. This page draws all of it with the package's plotting module
# [`backprop.plots`][backprop.plots], whose functions work on any
# [`Network`][backprop.network.Network], so you can make the same figures for your own.
# It ends with a deep network on digit images, where the picture to draw is the size of
# each layer's gradient.
#
# The window into training is the `callback` of [`train`][backprop.training.train]: a
# function called after every epoch as `callback(epoch, net, history)`. Here it keeps
# copies of the network at chosen epochs:

# %%
import copy

import numpy as np
from IPython.display import Markdown, display

from backprop import Network, datasets, plots
from backprop.figures import show
from backprop.mnist import load_mnist
from backprop.training import train


def train_and_keep(net, training_data, epochs, keep, **settings):
    """Train ``net``; return its History and copies of it after the epochs
    in ``keep``
    (epoch 0: before training), keyed by "epoch k"."""
    kept = {"epoch 0": copy.deepcopy(net)} if 0 in keep else {}

    def callback(epoch, net, history):
        if epoch in keep:
            kept[f"epoch {epoch}"] = copy.deepcopy(net)

    history = train(net, training_data, epochs, callback=callback, **settings)
    return history, kept


# %% [markdown]
# ## Three problems in the plane
#
# Each problem has two classes of points; each network has two inputs (the coordinates),
# sigmoid neurons and two outputs, one per class, and is trained with the cross-entropy
# cost and the scaled initialisation of Nielsen's chapter 3, mini-batches of 10 (the whole
# set for XOR) and $\eta = 3$:
#
# - **XOR**, the four corners of a square, opposite corners in the same class: no straight
#   line separates the classes, so a network needs a hidden layer (here, 3 neurons).
# - **moons**, two interleaved half circles with noise, 200 points: 8 hidden neurons.
# - **spirals**, two arms winding around each other one and a half times, 300 points:
#   two hidden layers of 40 neurons.

# %%
MOONS_PANELS = [0, 1, 3, 10, 20, 50, 100, 300]  # epochs drawn below
# data, layer sizes, mini-batch size, epochs, epochs to keep copies of:
problems = {
    "XOR": (datasets.xor(), [2, 3, 2], 4, 1000, {0}),
    "moons": (
        datasets.moons(n=200, noise=0.15, seed=0),
        [2, 8, 2],
        10,
        300,
        MOONS_PANELS,
    ),
    "spirals": (
        datasets.spirals(n=300, seed=0),
        [2, 40, 40, 2],
        10,
        300,
        range(0, 301, 10),
    ),
}
runs = {}
for name, ((x, labels), sizes, batch, epochs, keep) in problems.items():
    net = Network(sizes, cost="cross_entropy", init="scaled", seed=0)
    history, kept = train_and_keep(
        net,
        (x, labels),
        epochs,
        set(keep),
        mini_batch_size=batch,
        eta=3.0,
        seed=0,
    )
    runs[name] = (x, labels, net, history, kept)
for name, (_, _, net, history, _) in runs.items():
    print(
        f"{name:8} {net.sizes!s:15} training accuracy after epoch "
        f"{history.epochs[-1]}: {history.training_accuracy[-1]:.1%}"
    )

# %% tags=["remove-input"]
assert all(run[3].training_accuracy[-1] >= 0.99 for run in runs.values())

# %% tags=["hide-input"]
fig, axes = plots.subplots(1, 3, figsize=(8, 2.9))
for ax, (name, (x, labels, net, _, _)) in zip(axes, runs.items()):
    plots.decision_boundary(net, x, labels, ax=ax, title=f"{name}, {net.sizes}")
show(
    fig,
    alt="Three square panels, XOR, moons and spirals, each coloured blue and "
    "orange by the class the trained network gives every point, with the "
    "training points on top; the spiral regions wind around each other. "
    "Training points in the region of their own colour: "
    + ", ".join(
        f"{name} {run[3].training_accuracy[-1]:.1%}"
        for name, run in runs.items()
    )
    + ".",
    caption="Decision boundaries after training: XOR 1,000 epochs, moons "
    "300, spirals 300; sigmoid networks, cross-entropy cost, scaled "
    "initialisation, η = 3.0, Network and shuffling seed 0. Colour: the "
    "class of the most active output neuron, paler where the two outputs are "
    "close; white line: where they are equal.",
    format="png",
)

# %% [markdown]
# Replay them live on the [playground](playground.py), with the same data and settings
# (the starting weights come from the playground's own generator):
# [XOR](playground.py?data=xor&layers=3&batch=4),
# [moons](playground.py?data=moons&n=200&layers=8) (also the figures of the next sections),
# [spirals](playground.py?data=spirals&n=300&layers=8,8) (with two layers of 8 neurons, the
# playground's largest, instead of 40).

# %% [markdown]
# ## The boundary over training
#
# Small multiples show the moons network at epochs spaced roughly evenly on a logarithmic
# scale.
# At epoch 0 (random weights) the network calls almost everything one class. A rough
# straight boundary appears within the first few epochs; bending it around the tips of the
# moons takes much longer.

# %%
x, labels, net, history, kept = runs["moons"]
fig = plots.boundary_small_multiples(kept, x, labels)

# %% tags=["remove-input"]
untrained = kept["epoch 0"].feedforward(x).argmax(axis=0)
assert np.bincount(untrained, minlength=2).max() > 0.85 * x.shape[1]

# %% tags=["remove-input"]
show(
    fig,
    alt="Eight small panels of the moons network's decision boundary at "
    "increasing epochs: first almost one colour, then a straight boundary "
    "between the moons, finally a curved boundary that follows the gap "
    "between them.",
    caption="The moons network [2, 8, 2] at epochs "
    f"{', '.join(map(str, MOONS_PANELS))}; 200 points (noise 0.15, data seed "
    "0), cross-entropy, η = 3.0, mini-batches of 10, Network and shuffling "
    "seed 0.",
    format="png",
)

# %% [markdown]
# The same for the spirals, as an animation: one frame every 10 epochs. For more than a
# hundred epochs the boundary stays nearly straight and the training accuracy stalls near
# 60 % (it is printed below for a few epochs) while the network's two hidden layers
# organise themselves; then, within the next hundred and fifty epochs, the boundary winds
# itself around the arms until every training point is on its side.
# Long plateaus followed by quick progress are typical of sigmoid networks with several
# layers, for a reason the last section of this page makes visible.

# %%
x, labels, net, history, kept = runs["spirals"]
frames = {k: kept[k] for k in (f"epoch {e}" for e in range(0, 301, 10))}
gif = plots.boundary_animation(frames, x, labels, colors=32)
print(f"GIF: {len(frames)} frames, {len(gif) / 1024:.0f} KB")
for epoch in (1, 50, 100, 150, 200, 250, 300):
    print(
        f"training accuracy after epoch {epoch:3}: "
        f"{history.training_accuracy[epoch - 1]:.1%}"
    )

# %% tags=["remove-input"]
spiral_accuracy = history.training_accuracy
assert abs(spiral_accuracy[99] - spiral_accuracy[49]) < 0.05, "a plateau"
assert 0.5 < spiral_accuracy[49] < 0.7 and spiral_accuracy[99] < 0.7, (
    "near 60 %"
)
assert max(spiral_accuracy[:100]) < 0.7, "stalls for more than a hundred epochs"
assert spiral_accuracy[249] == 1.0, (
    "every training point on its side by epoch 250"
)

# %% tags=["remove-input"]
show(
    gif,
    alt="An animation of the spirals network's decision boundary over 300 "
    "epochs: for more than a hundred epochs a nearly straight boundary barely "
    "moves, then it curls into two interleaved spiral regions that match the "
    "training points.",
    caption="The spirals network [2, 40, 40, 2] every 10 epochs, from epoch "
    "0 to 300; 300 points (angle noise 0.2, data seed 0), cross-entropy, η = "
    "3.0, mini-batches of 10, Network and shuffling seed 0. The last frame "
    "stays longer.",
)

# %% [markdown]
# ## What the hidden neurons compute
#
# A neuron of the first hidden layer computes $\sigma(w_1 x_1 + w_2 x_2 + b)$: close to 0 on
# one side of the line $w_1 x_1 + w_2 x_2 + b = 0$ and close to 1 on the other, with a
# transition whose width shrinks as the weights grow. Each panel below shows one neuron of
# the trained moons network over the plane (neuron $j$ uses row $j$ of $w^1$, counted
# from 0 as on [the notation page](notation.py)). The output layer adds up these soft steps with
# its own weights and squashes the sum again; eight lines are enough to carve the curved
# boundary above.

# %%
x, labels, net, history, _ = runs["moons"]
fig = plots.hidden_activations(net, x, labels, ncols=4)

# %% tags=["remove-input"]
show(
    fig,
    alt="Eight panels, one per hidden neuron of the moons network, each "
    "split by a straight line into a dark region (activation near 0) and a "
    "bright region (near 1); the lines have different directions and "
    "positions, and some transitions are sharp, some soft.",
    caption="Activations a¹ⱼ of the 8 hidden neurons of the trained moons "
    "network [2, 8, 2] over the plane (viridis: 0 dark, 1 bright), training "
    "points on top; settings as above.",
    format="png",
)

# %% [markdown]
# In the second hidden layer of the spirals network the picture changes: its neurons
# combine forty such steps, and respond to curved, arm-shaped regions. The first five of
# its forty neurons, $j = 0, \dots, 4$:

# %%
x, labels, net, history, _ = runs["spirals"]
fig = plots.hidden_activations(
    net, x, labels, layer=2, neurons=range(5), ncols=5
)

# %% tags=["remove-input"]
show(
    fig,
    alt="Five panels, one per neuron of the second hidden layer of the "
    "spirals network, each showing bright and dark regions with curved, "
    "spiral-shaped edges.",
    caption="Activations a²ⱼ, j = 0 … 4, of the second hidden layer of the "
    "trained spirals network [2, 40, 40, 2]; settings as above.",
    format="png",
)

# %% [markdown]
# ## The cost surface
#
# Training moves the parameters $\theta$ (all 42 weights and biases of the moons network)
# downhill on the cost $C(\theta)$, a surface in 43 dimensions. One can still look at slices
# of it. Take the straight line from the initial parameters $\theta_0$ to the trained ones
# $\theta_1$, $\theta_0 + s\,(\theta_1 - \theta_0)$: $s = 0$ is the start of training and
# $s = 1$ its end (Goodfellow, Vinyals and Saxe, *Qualitatively characterizing neural
# network optimization problems*, 2015). For the plane, add a second, random direction of
# the same length, orthogonal to the first.

# %%
x, labels, net, history, kept = runs["moons"]
start = kept["epoch 0"]
d1 = [p1 - p0 for p1, p0 in zip(net.parameters(), start.parameters())]
rng = np.random.default_rng(0)
d2 = [rng.standard_normal(p.shape) for p in d1]
flat1, flat2 = (
    np.concatenate([d.ravel() for d in d1]),
    np.concatenate([d.ravel() for d in d2]),
)
flat2 -= flat1 @ flat2 / (flat1 @ flat1) * flat1  # orthogonal to d1
flat2 *= np.linalg.norm(flat1) / np.linalg.norm(flat2)  # as long as d1
d2 = np.split(flat2, np.cumsum([d.size for d in d1])[:-1])
d2 = [d.reshape(p.shape) for d, p in zip(d2, d1)]

y = datasets.one_hot(labels, 2)
fig, (ax_line, ax_plane) = plots.subplots(1, 2, figsize=(8.5, 3.4))
plots.cost_slice(start, x, y, [d1], ax=ax_line)
plots.cost_slice(
    start, x, y, [d1, d2], span=(-0.5, 1.5), resolution=41, ax=ax_plane
)
ax_line.set_yscale("log")

# %% tags=["remove-input"]
s_values, line_costs = ax_line.lines[0].get_xydata().T
assert np.all(np.diff(line_costs[s_values >= 0]) < 0), (
    "falls steadily from s = 0"
)
assert abs(s_values[line_costs.argmax()]) < 0.1, "peaks at the initial point"

# %% tags=["remove-input"]
show(
    fig,
    alt="Left: the cost along the straight line through the initial and the "
    "trained parameters of the moons network, on a log scale: it peaks at "
    "the initial point, s = 0, and falls steadily through the trained point, "
    "s = 1, to s = 1.5. Right: filled contours of the log cost over a plane "
    "through both points: a long valley runs from the initial point through "
    "the trained point and beyond, narrow across.",
    caption="The cross-entropy cost of the moons network [2, 8, 2] on its "
    "200 training points: along θ₀ + s(θ₁ − θ₀) (left) and over θ₀ + s(θ₁ − "
    "θ₀) + t d₂ with a random direction d₂ (seed 0) orthogonal to θ₁ − θ₀ "
    "and as long (right). Circle: θ₀, star: θ₁.",
)

# %% [markdown]
# Along the line the cost falls steadily from the start to the end of training: gradient
# descent did not have to cross a ridge to get where it went, as Goodfellow and his
# co-authors found for many networks. Past $s = 1$ the cost keeps falling. The moons are
# almost separated, and moving further in the same direction mostly makes the weights
# larger and the outputs more confident, which the cross-entropy rewards: on training data
# a classifier's cost often has no minimum at finite weights, only a valley that descends
# forever. The plane shows that valley, long in the direction of training and much narrower
# across it: the ill-conditioning that the [momentum page](momentum.py) analyses.
#
# ## How fast each layer learns
#
# A deep network of sigmoid neurons learns unevenly. By BP2 the error of layer $l$ is
# $\delta^l = ((w^{l+1})^T \delta^{l+1}) \odot \sigma'(z^l)$: every layer further from
# the output multiplies by another $\sigma'(z) \le 1/4$ and another weight matrix, so with
# weights of moderate size the errors, and with them the gradients
# $\partial C / \partial b^l = \delta^l$ (BP3), shrink from layer to layer towards the
# input. Nielsen's chapter 5 calls $\lVert \partial C / \partial b^l \rVert$ the *speed of
# learning* of layer $l$ and measures it in a network with four hidden layers of 30
# neurons, trained on 1,000 MNIST images.
#
# The same experiment, measured live: the network $[784, 30, 30, 30, 30, 10]$ with sigmoid
# neurons, the cross-entropy cost and the scaled initialisation, trained on the first 1,000
# MNIST training images with mini-batches of 10 and $\eta = 0.5$ for 60 epochs. Before
# training and after every epoch, the callback backpropagates all 1,000 images and records
# the length of the mean gradient with respect to the biases of each hidden layer.
# (Nielsen trains with full batches of the 1,000 images, $\eta = 0.1$ and L2 regularisation
# for 500 epochs; with mini-batches the network also learns to classify the images within
# a few seconds of build time.)

# %%
try:
    train_set = load_mnist().train
    x, labels = train_set.x[:, :1000], train_set.labels[:1000]
    source = "MNIST"
except FileNotFoundError:
    train_set = datasets.small_digits()[0]  # 8 × 8 pixels, scaled to [0, 1]
    x, labels = train_set.x[:, :1000], train_set.labels[:1000]
    source = "scikit-learn's 8 × 8 digits"
    display(
        Markdown(
            "!!! warning "
            '"MNIST was not found: this section uses a smaller stand-in"\n'
            "    `load_mnist()` found no MNIST on the machine that "
            "built this page, so the deep network below learns 1,000 of "
            "scikit-learn's 8 × 8 digit images instead (64 inputs instead of "
            "784), with the same settings."
        )
    )
y = datasets.one_hot(labels, 10)


def speeds(net):
    """‖∂C/∂bˡ‖ of each hidden layer l, over all 1,000 images (BP3)."""
    nabla_b, _ = net.backprop(x, y)  # summed over the columns
    return [np.linalg.norm(nb) / x.shape[1] for nb in nabla_b[:-1]]


deep = Network(
    [x.shape[0], 30, 30, 30, 30, 10],
    cost="cross_entropy",
    init="scaled",
    seed=0,
)
norms = [speeds(deep)]
history = train(
    deep,
    (x, labels),
    epochs=60,
    mini_batch_size=10,
    eta=0.5,
    seed=0,
    callback=lambda epoch, net, history: norms.append(speeds(net)),
)
norms = np.array(norms)
print(
    "epoch   layer 1   layer 2   layer 3   layer 4   4 / 1   training accuracy"
)
for epoch in (0, 5, 10, 20, 40, 60):
    row = "".join(f"{speed:10.1e}" for speed in norms[epoch])
    accuracy = (
        f"{history.training_accuracy[epoch - 1]:8.0%}" if epoch else "       -"
    )
    print(f"{epoch:5}{row}{norms[epoch, 3] / norms[epoch, 0]:8.1f}{accuracy}")

# %% tags=["remove-input"]
assert np.all(np.diff(norms[0]) > 0), "at the start, layer 1 learns the slowest"
assert max(history.training_accuracy[:5]) < 0.2, "a plateau near chance"
ratios = norms[:, 3] / norms[:, 0]
assert np.median(ratios[-10:]) < ratios[0] / 5, "later within a small factor"
assert norms[15:41, 0].max() > 10 * norms[0, 0], (
    "the first layer's gradient grows"
)

# %% tags=["hide-input"]
fig, (ax_norms, ax_accuracy) = plots.subplots(
    2, 1, figsize=(7, 4.6), sharex=True, height_ratios=[2, 1]
)
plots.gradient_norms(
    norms,
    ax=ax_norms,
    labels=[f"hidden layer {l}" for l in range(1, 5)],
    xlabel="",
)
ax_norms.set_ylabel("‖∂C/∂bˡ‖")
ax_norms.legend(
    ncol=4, loc="lower center", bbox_to_anchor=(0.5, 1.0), fontsize=8
)
with plots.theme():
    ax_accuracy.plot(
        history.epochs,
        100 * np.array(history.training_accuracy),
        color=plots.COLORS[4],
    )
    ax_accuracy.set(
        xlabel="epoch", ylabel="training\naccuracy (%)", ylim=(0, 100)
    )
show(
    fig,
    alt="Top: the length of the bias gradient of each of the four hidden "
    "layers over 60 epochs, log scale; at the start layer 4's is about "
    f"{norms[0, 3] / norms[0, 0]:.0f} times layer 1's, and the curves stay "
    "ordered with layer 1 lowest while the accuracy below sits near chance; "
    "as the accuracy climbs, the four curves rise and move closer together. "
    "Bottom: the training accuracy.",
    caption="Speed of learning ‖∂C/∂bˡ‖ of the hidden layers of a "
    f"[{x.shape[0]}, 30, 30, 30, 30, 10] sigmoid network on 1,000 {source} "
    "images, measured before training and after every epoch; cross-entropy, "
    "scaled initialisation, η = 0.5, mini-batches of 10, Network and "
    "shuffling seed 0, 60 epochs.",
)

# %% [markdown]
# At the start the gradient shrinks by a roughly constant factor from each layer to the
# one before it, so the first hidden layer learns the slowest, as BP2 predicts. While the
# early layers barely move, the later layers cannot do much with the features they
# receive, and the accuracy stays near chance: a plateau like the one of the spirals
# above. When the network leaves the plateau, the gradient of the first layer grows by more
# than a factor of ten, and the gradients of all layers end up within a small factor of
# each other. In this run the vanishing gradients hold the
# network back at the start, where the weights are random, far more than later on.
#
# Once the accuracy climbs, the curves turn jagged. The measurement is exact (all 1,000
# images, nothing random), so the jumps are in the parameters themselves. With
# $\eta = 0.5$ and mini-batches of 10, the last steps of an epoch can push the network
# to a point where dozens of images it had learned are misread again; there the
# gradient, which is mostly the pull of the misread images, is large. The cell below
# compares the two, epoch by epoch.

# %%
accuracies = np.array(history.training_accuracy)
misread = np.round((1 - accuracies) * x.shape[1])  # after epochs 1, 2, …
settled = int(np.argmax(accuracies >= 0.9)) + 1  # first epoch at 90 % or more
later = np.arange(settled, len(accuracies) + 1)
r = np.corrcoef(
    np.log(norms[later, 0]), np.log(np.maximum(misread[later - 1], 1))
)[0, 1]
Markdown(
    f"From epoch {settled}, the first with a training accuracy of 90 % or "
    f"more, to epoch {later[-1]}, the logarithm of the first layer's gradient "
    "norm and the logarithm of the number of misread training images have a "
    f"correlation of **{r:.2f}**"
    + (
        ": the spikes of the gradient are the epochs that ended badly."
        if r > 0.5
        else ", too weak to call the spikes of the gradient the epochs that "
        "ended badly."
    )
)

# %% tags=["remove-input"]
assert r > 0.5 or source != "MNIST"  # on MNIST the spikes are the bad epochs

# %% [markdown]
# Nielsen's chapter 5 takes the analysis further, including the opposite case, gradients
# that *explode* when the weights are large; the remedies (other activations such as
# $\tanh$ or ReLU, initialisations scaled to the layer, normalisation) are what made
# networks with many layers trainable.

# %% [markdown]
# The [playground](playground.py?eta=1&data=spirals&n=300&layers=8,8,8&init=normal) draws
# the same measurement live, for the weights, ‖∂C/∂wˡ‖ of each layer: here three sigmoid
# layers of 8 on the spirals with the N(0, 1) initialisation; switch the activation to
# tanh or ReLU and compare.
