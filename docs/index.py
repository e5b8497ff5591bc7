# ---
# jupyter:
#   description: >-
#     Learn backpropagation end to end: Nielsen's four equations BP1-BP4 proved from the
#     chain rule, coded in NumPy, checked by finite differences and run on real data.
# ---

# %% [markdown]
# # backprop
#
# **Backpropagation, end to end.** This site derives the algorithm that trains neural
# networks, writes it in a few lines of NumPy, checks every equation numerically and runs
# it on real data. Each page is executed when the site is built: every number and every
# figure you see was computed by the code shown next to it, with the small Python package
# [`backprop`](api/index.md) that comes with the site.
#
# ## Who it is for
#
# You know what a derivative is, and the chain rule for functions of several variables
# (partial derivatives, a sum over paths). You can read a little Python and NumPy:
# arrays, matrix products `w @ a`, a `for` loop. Nothing else is assumed: no previous
# neural network course, no deep learning framework. (One page, on momentum, uses the
# eigenvalues of a symmetric matrix; it recalls what it needs in a short box.)
#
# The story follows chapter 2 of Michael Nielsen's
# [*Neural Networks and Deep Learning*](http://neuralnetworksanddeeplearning.com/chap2.html),
# with Andrew Trask's [network in 11 lines](https://iamtrask.github.io/2015/07/12/basic-python-network/)
# and Christopher Olah's [computational graphs](https://colah.github.io/posts/2015-08-Backprop/)
# as two other ways into the same idea.
#
# ## The path through the pages
#
# 1. [**Notation and the forward pass**](notation.py): weights $w^l_{jk}$, biases $b^l_j$,
#    weighted inputs $z^l$ and activations $a^l$, the two assumptions about the cost, the
#    Hadamard product $\odot$, each with a line of code.
# 2. [**The four fundamental equations**](equations.py): BP1 to BP4, proved from the chain
#    rule and checked against finite differences, then
#    [**a worked example with every number**](worked_example.py), Matt Mazur's, redone.
# 3. [**The algorithm and the code**](algorithm.md): the equations in the order a computer
#    applies them, and the matrix form that processes a whole mini-batch with the same lines.
# 4. [**trask's networks**](trask.md): two famous tiny programs, read as BP1 to BP4.
# 5. [**Why backpropagation is fast**](fast.py): computational graphs, forward versus reverse
#    mode, measured.
# 6. [**Learning MNIST**](mnist.py): handwritten digits, then momentum, and pictures of a
#    network as it learns.
# 7. [**Exercises**](exercises.md), with solutions that the test suite runs.
#
# The [API reference](api/index.md) documents the package, and
# [Copy it into your project](copying.md) shows how to reuse the code.
#
# ## Take it with you
#
# - [**The whole guide as a PDF**](https://backprop-docs.github.io/backprop/backprop.pdf):
#   every page in this order, with numbered headings and equations, every figure and output,
#   and the exercises' solutions at the end, built from the same sources as these pages.
# - [**The site for offline reading**](https://backprop-docs.github.io/backprop/backprop-offline.zip):
#   unzip it and open `backprop/index.html` in a browser; search works without a connection.
# - Every executed page is a notebook too: the buttons at its top download it or open it in
#   Colab.
#
# ## What it looks like
#
# A network with one hidden layer of 8 sigmoid neurons learns to separate two interleaving
# half-moons of 400 points, trained by mini-batch stochastic gradient descent with the
# gradients that backpropagation computes. This figure was drawn when the site was built, by
# the code in the folded block just above it.

# %% tags=["hide-input"]
from backprop import Network, datasets, plots
from backprop.figures import show
from backprop.training import train

x_train, labels_train = datasets.moons(n=400, noise=0.15, seed=0)
x_test, labels_test = datasets.moons(n=400, noise=0.15, seed=1)
net = Network([2, 8, 2], seed=0)
history = train(
    net,
    (x_train, labels_train),
    epochs=60,
    mini_batch_size=10,
    eta=3.0,
    evaluation_data=(x_test, labels_test),
    seed=0,
)

fig, (ax_cost, ax_accuracy) = plots.subplots(1, 2, figsize=(8, 3.2))
plots.learning_curves(
    {"training": history.training_cost, "test": history.evaluation_cost},
    ax=ax_cost,
    ylabel="quadratic cost",
)
plots.learning_curves(
    {
        "training": [100 * a for a in history.training_accuracy],
        "test": [100 * a for a in history.evaluation_accuracy],
    },
    ax=ax_accuracy,
    ylabel="accuracy (%)",
)
cost, accuracy = history.evaluation_cost, history.evaluation_accuracy
show(
    fig,
    alt=(
        f"Two learning curves over {len(cost)} epochs, training and test "
        f"close together. Left: the test cost falls from {cost[0]:.2f} to "
        f"{cost[-1]:.3f}. Right: the test accuracy climbs from "
        f"{accuracy[0]:.0%} to {accuracy[-1]:.0%}."
    ),
    caption=(
        "A [2, 8, 2] sigmoid network (seed 0) trained by mini-batch SGD (10 "
        "examples per step, η = 3.0) on 400 noisy moons, and tested on 400 "
        f"others: after 60 epochs it classifies {accuracy[-1]:.1%} of the "
        "test points correctly."
    ),
)

# %% tags=["remove-input"]
gap = abs(history.training_accuracy[-1] - history.evaluation_accuracy[-1])
assert gap < 0.05, "training and test close together"
assert history.evaluation_cost[-1] < history.evaluation_cost[0]

# %% [markdown]
# ## Run everything yourself
#
# You need Python 3.12 or newer (the site's toolchain; the package itself runs on 3.10) and
# `git`. Clone the repository, then, from its root:
#
# <!-- The same two commands as README.md; dev.py defines them. -->
#
# ```sh
# python3 dev.py serve   # execute every page, serve the site at http://127.0.0.1:8000/backprop/
# python3 dev.py test    # the tests: package, doctests, the code on these pages, the site
# ```
#
# Every executed page is also a notebook: download it with the button at the top of the
# page, or open it in Colab with the button beside it. It runs top to bottom in any Jupyter
# where the package is installed; its first cell installs the package where it is missing.
