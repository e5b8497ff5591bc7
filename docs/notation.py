# ---
# jupyter:
#   description: >-
#     The notation of backpropagation, run in NumPy: layers, weights w^l_jk, biases b^l_j,
#     weighted inputs z^l, activations a^l, the two assumptions about the cost, and the
#     Hadamard product.
# ---

# %% [markdown]
# # Notation and the forward pass
#
# A neural network is a function computed one layer at a time. To differentiate it we first
# need a name for every number it computes. This page fixes those names, the ones of
# chapter 2 of Michael Nielsen's
# [*Neural Networks and Deep Learning*](http://neuralnetworksanddeeplearning.com/chap2.html),
# and runs each definition on a small network built with the package. The same names appear
# in the code: a symbol you meet here is a variable there.
#
# One difference from Nielsen: he numbers the layers from 1 (the input layer is layer 1),
# and this site numbers them from 0, as Python counts list entries. Layer $l$ here is his
# layer $l + 1$; the equations keep their form, only the labels shift:
#
# | | Nielsen, chapter 2 | this site |
# |---|---|---|
# | input layer | layer $1$, $a^1 = x$ | layer $0$, $a^0 = x$ |
# | output layer | layer $L$ | layer $L$, one less than his |
# | first weights and biases | $w^2$, $b^2$ | $w^1$, $b^1$ |
# | weighted inputs, activations | $z^{l+1}$, $a^{l+1}$ | $z^l$, $a^l$ |
# | errors | $\delta^{l+1}$ | $\delta^l$ |
# | neurons $j$, $k$ | from 1 | from 0 |
#
# The figure shows a network with this page's names, drawn when the site was built. Each
# circle is a neuron (its number $j$ inside), each column a layer, and every neuron is
# joined to every neuron of the next layer. One connection is marked with its weight.

# %%
import numpy as np

from backprop import Network, plots
from backprop.activations import sigmoid
from backprop.figures import show

# %% tags=["remove-input"]
show(
    plots.network_diagram([3, 4, 2], edge=(2, 1, 2)),
    alt="Three columns of neurons: layer 0 (input) with neurons 0 to 2, "
    "layer 1 (hidden) with neurons 0 to 3, layer 2 (output) with neurons 0 "
    "and 1, each joined to every neuron of the next layer. The connection "
    "from neuron 2 of layer 1 to neuron 1 of layer 2 is marked w^2_12, and "
    "neuron 1 of layer 2 is labelled with its bias b^2_1, weighted input "
    "z^2_1 and activation a^2_1 = sigma(z^2_1).",
    caption="A [3, 4, 2] network: w²₁₂ is the weight of the connection from "
    "neuron k = 2 of layer 1 to neuron j = 1 of layer 2; that neuron has "
    "bias b²₁, weighted input z²₁ and activation a²₁. Drawn by "
    "backprop.plots.network_diagram.",
)

# %% [markdown]
# ## Layers and neurons
#
# The layers are numbered $l = 0, 1, \dots, L$. Layer $0$ receives the input, layer $L$ is
# the output layer, and the layers in between are *hidden*. Layer $l$ has $n^l$ neurons.
# (The superscript $l$ is an index, never a power.)
#
# The network below has $L = 2$: two inputs, one hidden layer of three neurons and one
# output neuron. The seed makes its random weights the same on every run.

# %%
net = Network([2, 3, 1], seed=0)
L = net.num_layers - 1
print(f"L = {L}, neurons per layer n^l = {net.sizes}")

# %% [markdown]
# ## Weights and biases
#
# Each neuron $j$ of layer $l \ge 1$ receives the activations of every neuron $k$ of the
# previous layer $l-1$.
#
# - $w^l_{jk}$ is the **weight** of the connection from neuron $k$ in layer $l-1$ to
#   neuron $j$ in layer $l$.
# - $b^l_j$ is the **bias** of neuron $j$ in layer $l$.
#
# The order of the indices, $j$ (receiving) before $k$ (sending), looks backwards but
# pays off: the weights into layer $l$ form a matrix $w^l$ with $n^l$ rows and $n^{l-1}$
# columns, whose row $j$ holds the weights into neuron $j$. The biases of layer $l$ form a
# column vector $b^l$ with $n^l$ entries. The input layer has neither.

# %%
for l in range(1, L + 1):
    print(
        f"w^{l} has shape {net.weights[l - 1].shape}, b^{l} has shape "
        f"{net.biases[l - 1].shape}"
    )

# %% [markdown]
# !!! note "Counting from zero"
#     Python lists start at 0 and layer 0 has no weights, so the package stores $w^l$ in
#     `net.weights[l - 1]` and $b^l$ in `net.biases[l - 1]`. Neurons are counted from 0 as
#     well: $w^1_{jk}$ is `net.weights[0][j, k]`.

# %%
j, k = 2, 1
print(f"w^1_(jk) for j = {j}, k = {k}:", net.weights[0][j, k])

# %% [markdown]
# ## Weighted inputs and activations
#
# The input $x$ is a column vector of $n^0$ numbers, and the activations of layer $0$ are
# the input itself: $a^0 = x$. Each later layer computes two things per neuron:
#
# - the **weighted input** $z^l_j = \sum_k w^l_{jk} a^{l-1}_k + b^l_j$, the weighted sum of
#   the previous layer's activations plus the neuron's bias;
# - the **activation** $a^l_j = \sigma(z^l_j)$, where $\sigma$ is the *activation
#   function*. Here it is the sigmoid $\sigma(z) = 1/(1 + e^{-z})$, which squashes any
#   number into $(0, 1)$.
#
# The sum over $k$ is row $j$ of a matrix-vector product, so a whole layer is one line:
#
# $$
# z^l = w^l a^{l-1} + b^l, \qquad a^l = \sigma(z^l),
# $$
#
# with $\sigma$ applied to each entry of $z^l$. Running this for $l = 1, \dots, L$ is the
# **forward pass**; its result $a^L$ is the network's output. Here it is, written out for
# one input and compared with the package's `feedforward`:

# %%
x = np.array([[0.5], [-1.0]])  # one input: a column of n^0 = 2 numbers

a = x  # a^0
zs, activations = [], [a]
for w, b in zip(net.weights, net.biases):
    z = w @ a + b  # z^l = w^l a^(l-1) + b^l
    a = sigmoid(z)  # a^l = σ(z^l)
    zs.append(z)
    activations.append(a)

print("a^L by hand:      ", activations[-1].ravel())
print("net.feedforward(x):", net.feedforward(x).ravel())

# %% tags=["remove-input"]
assert np.allclose(activations[-1], net.feedforward(x), rtol=1e-15)

# %% [markdown]
# The matrix form is the sum over $k$, nothing more. For neuron $j = 0$ of layer 1:

# %%
w1, b1 = net.weights[0], net.biases[0]
z_10 = sum(w1[0, k] * x[k, 0] for k in range(net.sizes[0])) + b1[0, 0]
print(f"sum over k: {z_10:.6f}   row 0 of w^1 a^0 + b^1: {zs[0][0, 0]:.6f}")

# %% tags=["remove-input"]
assert np.isclose(z_10, zs[0][0, 0], rtol=1e-14)

# %% [markdown]
# !!! tip "Examples are columns"
#     A mini-batch of $m$ inputs is a matrix $X$ with one input per column, shape
#     $(n^0, m)$. The same line `w @ a + b` then computes $z^l$ for every example at once,
#     one column each (NumPy repeats the column $b^l$ across the columns). The package uses
#     this convention everywhere.

# %%
X = np.array([[0.5, 0.0, 1.0, -2.0], [-1.0, 0.0, 1.0, 0.5]])  # m = 4 inputs
print("output for 4 inputs, one column each:", net.feedforward(X).round(4))
print(
    "the first column again:              ",
    net.feedforward(X[:, :1]).round(4).ravel(),
)

# %% tags=["remove-input"]
assert np.allclose(
    net.feedforward(X)[:, :1], net.feedforward(X[:, :1]), rtol=1e-14
)

# %% [markdown]
# ## The cost and its two assumptions
#
# Training needs a number that says how wrong the network is: the **cost** $C$. For
# training inputs $x$ with desired outputs $y = y(x)$, Nielsen's running example is the
# quadratic cost
#
# $$
# C = \frac{1}{2n} \sum_x \lVert y(x) - a^L(x) \rVert^2 ,
# $$
#
# where $n$ is the number of training examples and $a^L(x)$ the output for input $x$.
# Backpropagation needs two assumptions about $C$, and this cost meets both.
#
# **1. The cost is an average over examples**, $C = \frac{1}{n} \sum_x C_x$, where $C_x$
# depends on one example only (here $C_x = \frac12 \lVert y - a^L \rVert^2$). Then every
# derivative of $C$ is the average of the derivatives of the $C_x$, and backpropagation only
# has to differentiate the cost of **one** example. The package's cost gives the $C_x$, one
# per column, and `total_cost` averages them:

# %%
Y = np.array([[1.0, 0.0, 1.0, 0.0]])  # desired outputs, one column per example
Z = (
    net.weights[1] @ sigmoid(net.weights[0] @ X + net.biases[0]) + net.biases[1]
)  # z^L
per_example = net.cost.fn(Z, sigmoid(Z), Y)  # C_x for each column
print("C_x per example:", per_example.round(4))
print("their mean:     ", per_example.mean().round(6))
print("net.total_cost: ", round(net.total_cost(X, Y), 6))

# %% tags=["remove-input"]
assert np.isclose(per_example.mean(), net.total_cost(X, Y), rtol=1e-14)

# %% [markdown]
# **2. The cost is a function of the outputs $a^L$ only.** Once the desired output $y$ is
# fixed (it is data, not something the network learns), $C_x$ depends on the weights and
# biases only through $a^L$. Knowing the output is enough to evaluate the cost:

# %%
a_L = net.feedforward(x)
y = np.array([[1.0]])
print("C_x from a^L alone:", (0.5 * np.sum((y - a_L) ** 2)).round(6))
print("net.total_cost(x, y):", round(net.total_cost(x, y), 6))

# %% tags=["remove-input"]
assert np.isclose(
    0.5 * np.sum((y - a_L) ** 2), net.total_cost(x, y), rtol=1e-14
)

# %% [markdown]
# ## The Hadamard product
#
# For two vectors $s$ and $t$ of the same shape, the **Hadamard product** $s \odot t$
# multiplies them entry by entry: $(s \odot t)_j = s_j \, t_j$. For example
#
# $$
# \begin{bmatrix} 1 \\ 2 \end{bmatrix} \odot \begin{bmatrix} 3 \\ 4 \end{bmatrix}
# = \begin{bmatrix} 3 \\ 8 \end{bmatrix}.
# $$
#
# In NumPy it is `*` between arrays of the same shape; the matrix product is `@`.

# %%
s = np.array([[1.0], [2.0]])
t = np.array([[3.0], [4.0]])
print(
    "s * t =",
    (s * t).ravel(),
    "  (s.T @ t is the dot product,",
    (s.T @ t).item(),
    ")",
)

# %% [markdown]
# ## The slope of the sigmoid
#
# Backpropagation needs the derivative $\sigma'$ of the activation function. For the
# sigmoid it has a convenient form. With $\sigma(z) = (1 + e^{-z})^{-1}$, the chain rule
# gives
#
# $$
# \sigma'(z) = \frac{e^{-z}}{(1 + e^{-z})^2}
# = \frac{1}{1 + e^{-z}} \cdot \frac{e^{-z}}{1 + e^{-z}}
# = \sigma(z)\bigl(1 - \sigma(z)\bigr),
# $$
#
# since $e^{-z}/(1 + e^{-z}) = 1 - 1/(1 + e^{-z})$. So the slope at a neuron is
# $a(1 - a)$, computed from its activation alone. It is largest, $\tfrac14$, at $z = 0$,
# and tends to 0 as $|z|$ grows: a neuron whose weighted input is far from 0 sits on a
# flat part of the curve, and is said to **saturate**. The package's `sigmoid.prime`
# against a central difference:

# %%
z_values = np.linspace(-4, 4, 5)  # a few weighted inputs
eps = 1e-6
slope_fd = (sigmoid(z_values + eps) - sigmoid(z_values - eps)) / (2 * eps)
print("z:                 ", z_values)
print(
    "σ(z)(1 − σ(z)):    ",
    (sigmoid(z_values) * (1 - sigmoid(z_values))).round(6),
)
print("sigmoid.prime(z):  ", sigmoid.prime(z_values).round(6))
print("central difference:", slope_fd.round(6))

# %% tags=["remove-input"]
assert np.allclose(
    sigmoid.prime(z_values),
    sigmoid(z_values) * (1 - sigmoid(z_values)),
    rtol=1e-12,
)
assert np.allclose(slope_fd, sigmoid.prime(z_values), rtol=1e-6)
assert sigmoid.prime(0.0) == 0.25

# %% [markdown]
# The Hadamard product appears in two of the four equations. The first one,
# $\eqref{BP1}$, gives the "error" of the output layer as
# $\nabla_a C \odot \sigma'(z^L)$: the derivative of the cost with respect to each
# output, times the slope of the sigmoid at that output's weighted input. For the
# quadratic cost $\nabla_a C = a^L - y$, and the package's cost computes exactly this
# product:

# %%
z_L = zs[-1]
print("(a^L - y) * σ'(z^L):        ", ((a_L - y) * sigmoid.prime(z_L)).ravel())
print(
    "net.cost.delta(z, a, y, σ): ", net.cost.delta(z_L, a_L, y, sigmoid).ravel()
)

# %% tags=["remove-input"]
assert np.allclose(
    (a_L - y) * sigmoid.prime(z_L), net.cost.delta(z_L, a_L, y, sigmoid)
)

# %% [markdown]
# !!! warning "`*` is not `@`"
#     Between a column of shape $(n, 1)$ and a row of shape $(1, n)$, `*` does not fail: NumPy
#     broadcasts both to an $(n, n)$ matrix. A Hadamard product needs two arrays of the same
#     shape; check the shapes when a result is unexpectedly large.
#
# ## Summary
#
# | symbol | meaning | in the code |
# |---|---|---|
# | $L$ | index of the output layer | `net.num_layers - 1` |
# | $n^l$ | number of neurons in layer $l$ | `net.sizes[l]` |
# | $w^l_{jk}$ | weight from neuron $k$ (layer $l-1$) to neuron $j$ | `net.weights[l - 1][j, k]` |
# | $b^l_j$ | bias of neuron $j$ in layer $l$ | `net.biases[l - 1][j, 0]` |
# | $z^l$ | weighted inputs of layer $l$: $w^l a^{l-1} + b^l$ | `zs[l - 1]` above |
# | $a^l$ | activations of layer $l$: $\sigma(z^l)$, with $a^0 = x$ | `activations[l]` above |
# | $C_x$, $C$ | cost of one example, and their mean | `net.cost.fn`, `net.total_cost` |
# | $s \odot t$ | Hadamard (entrywise) product | `s * t` |
#
# With these names, [the four fundamental equations](equations.py) say how the error of
# each layer, and then the derivative of the cost with respect to every weight and bias,
# follow from the forward pass. The class that runs it all is
# [`Network`][backprop.network.Network], documented in the [API reference](api/index.md).
