# ---
# jupyter:
#   description: >-
#     Nielsen's four equations of backpropagation, BP1 to BP4, proved from the chain rule
#     and checked against finite differences on a small network.
# ---

# %% [markdown]
# # The four fundamental equations
#
# Backpropagation rests on four equations, BP1 to BP4. The first two compute an *error* for
# every neuron, from the output layer backwards; the last two turn those errors into the
# derivative of the cost with respect to every bias and every weight. This page states each
# one, proves it from the chain rule, and then checks it numerically on a small network,
# comparing the equation's right-hand side with a finite-difference derivative.
#
# The notation is that of Michael Nielsen's chapter 2, with layers numbered from 0 (his
# start at 1: [the notation page](notation.py) lists the shift).

# %% [markdown]
# ## The network and its forward pass
#
# A network has layers $l = 0, 1, \dots, L$ with $n^l$ neurons in layer $l$. Layer 0 holds the
# input $x$, layer $L$ is the output layer.
#
# - $w^l_{jk}$ is the weight of the connection from neuron $k$ of layer $l-1$ to neuron $j$ of
#   layer $l$. The weights into layer $l$ form the matrix $w^l$ of shape $(n^l, n^{l-1})$:
#   row $j$ collects the weights into neuron $j$.
# - $b^l_j$ is the bias of neuron $j$ in layer $l$; the column vector $b^l$ has $n^l$ entries.
# - $z^l_j$ is the *weighted input* of neuron $j$ in layer $l$ and $a^l_j$ its *activation*.
#   With $a^0 = x$, the forward pass computes, for $l = 1, \dots, L$,
#
# $$
# z^l = w^l a^{l-1} + b^l, \qquad a^l = \sigma(z^l),
# $$
#
# that is, neuron by neuron,
#
# $$
# z^l_j = \sum_k w^l_{jk} a^{l-1}_k + b^l_j, \qquad a^l_j = \sigma(z^l_j).
# $$
#
# The activation function $\sigma$ (a sigmoid on this page) acts on each entry separately,
# and $\sigma'$ is its derivative; for the sigmoid $\sigma' = \sigma(1 - \sigma)$,
# derived on [the notation page](notation.py#the-slope-of-the-sigmoid).
#
# - $C$ is the cost of one training example $x$ with desired output $y$, for instance the
#   quadratic cost $C = \tfrac12 \sum_j (y_j - a^L_j)^2$. We assume, as Nielsen does, that
#   $C$ depends on the network only through the output activations $a^L$ (with $y$ fixed,
#   $C = C(a^L)$), and that it is differentiable. The cost of a whole training set is the
#   mean of the costs of its examples, so its derivatives are the means of theirs: it is
#   enough to differentiate the cost of one example.
# - $s \odot t$ is the *Hadamard product* of two vectors of the same shape, taken entry by
#   entry: $(s \odot t)_j = s_j t_j$.
#
# The next cell builds the network used by every check on this page: layers of sizes 3, 4,
# 4 and 2 (so $L = 3$), sigmoid activations, the quadratic cost, random weights and biases
# drawn with seed 1, and one random example. It runs the forward pass in the notation
# above: `w[l]` is $w^l$, `z[l]` is $z^l$, `a[l]` is $a^l$.

# %%
import inspect

import numpy as np

from backprop import Network, plots
from backprop.activations import sigmoid
from backprop.figures import show
from backprop.gradcheck import (
    numerical_deltas,
    numerical_gradient,
    relative_error,
)

net = Network([3, 4, 4, 2], seed=1)  # sigmoid everywhere, quadratic cost
rng = np.random.default_rng(2)
x = rng.standard_normal((3, 1))  # one input, as a column
y = rng.uniform(size=(2, 1))  # its desired output

L = net.num_layers - 1
n = net.sizes  # n[l] neurons in layer l
w = {
    l: net.weights[l - 1] for l in range(1, L + 1)
}  # the package counts from 0
b = {l: net.biases[l - 1] for l in range(1, L + 1)}
a, z = {0: x}, {}
for l in range(1, L + 1):
    z[l] = w[l] @ a[l - 1] + b[l]
    a[l] = sigmoid(z[l])
print(f"L = {L}, layer sizes {n}, cost C = {0.5 * np.sum((y - a[L]) ** 2):.6f}")

# %% [markdown]
# ## The error of a neuron
#
# Backpropagation is organised around one intermediate quantity, the *error* of neuron $j$
# in layer $l$:
#
# $$
# \delta^l_j = \frac{\partial C}{\partial z^l_j}.
# $$
#
# It measures how much the cost changes when the neuron's weighted input changes. Why
# call it an *error*? Nielsen's image is a demon sitting at the neuron, who adds a small
# $\Delta z^l_j$ to its weighted input: the cost then changes by about
# $\delta^l_j \, \Delta z^l_j$. If $\delta^l_j$ is large in magnitude, the demon can
# lower the cost a lot by choosing $\Delta z^l_j$ of the opposite sign: the neuron is far
# from where it should be. If $\delta^l_j$ is close to 0, no small change helps: the neuron
# is already about right. So $\delta^l_j$ measures how wrong the neuron is, as far as the
# cost is concerned, and for the output layer of the quadratic cost it is indeed the
# difference $a^L_j - y_j$ between output and target, scaled by $\sigma'$ (BP1 below).
#
# The notation hides a choice: a partial derivative needs to say which variables are held
# fixed. Here they are the input $x$, the desired output $y$ and every weight and bias;
# $z^l$ is then a free variable, and the layers after $l$ compute the cost from it. Written
# out, let $C^l(\zeta)$ be the cost obtained by setting $z^l = \zeta$ and running the
# forward pass from layer $l$ on:
#
# $$
# C^L(\zeta) = C\bigl(\sigma(\zeta)\bigr), \qquad
# C^l(\zeta) = C^{l+1}\bigl(w^{l+1}\sigma(\zeta) + b^{l+1}\bigr) \quad (l < L).
# $$
#
# By construction $C = C^l(z^l)$ for every layer $l$, and $\delta^l$ is the gradient of
# $C^l$ at the weighted input $z^l$ of the actual forward pass:
# $\delta^l_j = \partial C^l / \partial \zeta_j \,(z^l)$.
#
# Two facts about dependence carry all four proofs.
#
# 1. $C^l$ involves only the weights and biases of the layers *after* $l$.
# 2. $a^{l-1}$ is computed from $x$ and the weights and biases of the layers *before* $l$.
#
# So the weights $w^l$ and biases $b^l$ enter the cost in exactly one place,
# $C = C^l(w^l a^{l-1} + b^l)$, where neither $C^l$ nor $a^{l-1}$ depends on them.
#
# The package computes $C^l$ in `backprop.gradcheck.cost_from_layer`, and
# `numerical_deltas` differentiates it by central differences: it approximates $\delta^l_j$
# by $\bigl(C^l(z^l + \varepsilon e_j) - C^l(z^l - \varepsilon e_j)\bigr)/(2\varepsilon)$,
# where $e_j$ is the $j$-th unit vector and $\varepsilon$ a small step (printed below).
# These finite differences know nothing of the four equations, which makes them a fair
# referee.

# %%
eps = inspect.signature(numerical_deltas).parameters["eps"].default
print(f"central differences with step eps = {eps:g}")
delta_fd = dict(
    enumerate(numerical_deltas(net, x, y), start=1)
)  # δˡ, numerically
numeric_b, numeric_w = numerical_gradient(net, x, y)  # ∂C/∂b, ∂C/∂w
nabla_b_fd = dict(enumerate(numeric_b, start=1))
nabla_w_fd = dict(enumerate(numeric_w, start=1))
for l in range(1, L + 1):
    print(f"delta^{l} (finite differences) = {delta_fd[l].ravel().round(6)}")

# %% [markdown]
# ## The chain rule
#
# Every proof below is one application of the multivariable chain rule. If
# $g : \mathbb{R}^p \to \mathbb{R}^q$ and $f : \mathbb{R}^q \to \mathbb{R}$ are
# differentiable, then so is $h(v) = f(g(v))$, and for each $j$
#
# $$
# \frac{\partial h}{\partial v_j}(v)
# = \sum_{k=1}^{q} \frac{\partial f}{\partial u_k}\bigl(g(v)\bigr)\,
#   \frac{\partial g_k}{\partial v_j}(v).
# $$
#
# In words: $v_j$ influences $h$ through each of the $q$ intermediate values $u_k = g_k(v)$,
# and the influences add up. The work in each proof is to name $f$ and $g$ and to find
# which of the terms $\partial g_k / \partial v_j$ vanish.

# %% [markdown]
# ## BP1: the error in the output layer
#
# $$
# \delta^L_j = \frac{\partial C}{\partial a^L_j}\, \sigma'(z^L_j)
# \tag{BP1}\label{BP1}
# $$
#
# **Proof.** By definition $C^L(\zeta) = C(\sigma(\zeta))$. Apply the chain rule with
# $f = C$ and $g = \sigma$ acting entry by entry, $g_k(\zeta) = \sigma(\zeta_k)$. Since
# $g_k$ depends on $\zeta_k$ alone,
#
# $$
# \frac{\partial g_k}{\partial \zeta_j} =
# \begin{cases} \sigma'(\zeta_j) & k = j, \\ 0 & k \neq j. \end{cases}
# $$
#
# At $\zeta = z^L$ we have $g(z^L) = a^L$, so every term of the chain-rule sum but
# $k = j$ vanishes:
#
# $$
# \delta^L_j = \sum_k \frac{\partial C}{\partial a^L_k} \frac{\partial a^L_k}{\partial z^L_j}
# = \frac{\partial C}{\partial a^L_j}\, \sigma'(z^L_j). \qquad \blacksquare
# $$
#
# The first factor says how fast the cost changes with the output activation, the second
# how fast that activation changes with its weighted input. For the quadratic cost,
# $\partial C / \partial a^L_j = a^L_j - y_j$.
#
# **Check.** The cell computes the right-hand side of BP1 one component at a time and
# compares it with the finite-difference $\delta^L$.

# %%
bp1 = np.zeros((n[L], 1))
for j in range(n[L]):
    bp1[j, 0] = (a[L][j, 0] - y[j, 0]) * sigmoid.prime(z[L][j, 0])
print(f"BP1: relative error {relative_error(bp1, delta_fd[L]):.1e}")

# %% tags=["remove-input"]
assert relative_error(bp1, delta_fd[L]) < 1e-7

# %% [markdown]
# ### BP1 in matrix form
#
# Collect the partial derivatives $\partial C / \partial a^L_j$ in the gradient vector
# $\nabla_a C$. Then BP1 for all $j$ at once reads
#
# $$
# \delta^L = \nabla_a C \odot \sigma'(z^L),
# \tag{BP1a}\label{BP1a}
# $$
#
# and for the quadratic cost $\nabla_a C = a^L - y$, so $\delta^L = (a^L - y) \odot \sigma'(z^L)$.
# In NumPy, `*` on two arrays of the same shape is the Hadamard product.

# %%
bp1a = (a[L] - y) * sigmoid.prime(z[L])
print(f"BP1a: relative error {relative_error(bp1a, delta_fd[L]):.1e}")

# %% tags=["remove-input"]
assert relative_error(bp1a, delta_fd[L]) < 1e-7

# %% [markdown]
# !!! note "Other costs, other output layers"
#     The proof of BP1 used that $a^L_k$ depends on $z^L_j$ only when $k = j$. Two common
#     choices change the formula but not the method.
#
#     - **Cross-entropy with sigmoid outputs**,
#       $C = -\sum_j [y_j \ln a^L_j + (1 - y_j) \ln(1 - a^L_j)]$: here
#       $\partial C / \partial a^L_j = (a^L_j - y_j) / (a^L_j (1 - a^L_j))$ and
#       $\sigma'(z^L_j) = a^L_j (1 - a^L_j)$, so BP1 gives $\delta^L = a^L - y$. The factor
#       $\sigma'$ has cancelled, so learning does not slow down when an output neuron
#       saturates (when its weighted input is so large in magnitude that
#       $\sigma' \approx 0$).
#     - **Softmax outputs with the log-likelihood cost**,
#       $a^L_j = e^{z^L_j} / \sum_k e^{z^L_k}$ and $C = -\ln a^L_c$ for the desired class $c$
#       ($y$ *one-hot*: 1 in the row of the desired class $c$, 0 elsewhere): each
#       $a^L_k$ now depends on every $z^L_j$, so the chain-rule sum keeps all its terms,
#       with $\partial a^L_k / \partial z^L_j$ equal to $a^L_j(1 - a^L_j)$ for
#       $k = j$ and to $-a^L_k a^L_j$ otherwise. The sum again gives $\delta^L = a^L - y$.
#
#     BP2 to BP4 do not change: they concern the layers before the output. Both derivations
#     are worked out in the [exercises](exercises.md); the package applies them in
#     `cost.delta`.
#
# The same finite-difference referee confirms $\delta^L = a^L - y$ for both pairs.

# %%
checks = []  # relative errors, asserted small in a hidden cell
pairs = {
    "cross-entropy, sigmoid": Network([3, 4, 2], cost="cross_entropy", seed=3),
    "log-likelihood, softmax": Network(
        [3, 4, 3], output_activation="softmax", cost="log_likelihood", seed=3
    ),
}
for name, other in pairs.items():
    x_other = rng.standard_normal((3, 1))
    y_other = np.eye(other.sizes[-1])[:, [0]]  # one-hot: the desired class is 0
    formula = other.feedforward(x_other) - y_other  # δᴸ = aᴸ − y
    error = relative_error(
        formula, numerical_deltas(other, x_other, y_other)[-1]
    )
    print(f"{name}: delta^L = a^L - y, relative error {error:.1e}")
    checks.append(error)

# %% tags=["remove-input"]
assert max(checks) < 1e-6, checks

# %% [markdown]
# ## BP2: the error in one layer from the error in the next
#
# For $l = L-1, \dots, 1$, in component form (first line) and in matrix form (second line),
#
# $$
# \begin{aligned}
# \delta^l_j &= \Bigl(\sum_k w^{l+1}_{kj}\, \delta^{l+1}_k\Bigr) \sigma'(z^l_j), \\
# \delta^l &= \bigl((w^{l+1})^T \delta^{l+1}\bigr) \odot \sigma'(z^l).
# \end{aligned}
# \tag{BP2}\label{BP2}
# $$
#
# **Proof.** By definition $C^l(\zeta) = C^{l+1}(g(\zeta))$ with
# $g(\zeta) = w^{l+1}\sigma(\zeta) + b^{l+1}$, whose entries are
# $g_k(\zeta) = \sum_i w^{l+1}_{ki}\, \sigma(\zeta_i) + b^{l+1}_k$. In that sum only the term
# $i = j$ depends on $\zeta_j$, so
#
# $$
# \frac{\partial g_k}{\partial \zeta_j} = w^{l+1}_{kj}\, \sigma'(\zeta_j).
# $$
#
# At $\zeta = z^l$ we have $g(z^l) = w^{l+1} a^l + b^{l+1} = z^{l+1}$, so the derivatives of
# $C^{l+1}$ in the chain rule are taken at $z^{l+1}$, where they are the errors
# $\delta^{l+1}_k$. Hence
#
# $$
# \delta^l_j = \sum_k \frac{\partial C^{l+1}}{\partial z^{l+1}_k}
#   \frac{\partial z^{l+1}_k}{\partial z^l_j}
# = \sum_k \delta^{l+1}_k\, w^{l+1}_{kj}\, \sigma'(z^l_j),
# $$
#
# the component form. The sum $\sum_k w^{l+1}_{kj} \delta^{l+1}_k$ is entry $j$ of the
# product of the transposed matrix $(w^{l+1})^T$ with the vector $\delta^{l+1}$, which gives
# the matrix form. $\blacksquare$
#
# Every neuron $k$ of layer $l+1$ that neuron $j$ feeds passes back its error, weighted by
# the connection $w^{l+1}_{kj}$; multiplying by $\sigma'(z^l_j)$ converts a change of
# activation into a change of weighted input. Starting from BP1 and applying BP2 for
# $l = L-1, L-2, \dots, 1$ gives the error of every layer: this is the backward pass.
# The figure draws it on this page's network, $L = 3$: the errors travel against the
# forward arrows, along the same connections, from layer $L$ back to layer 1.

# %% tags=["remove-input"]
assert L == 3, "the alt text and the caption describe four layers"
show(
    plots.backward_pass_diagram(n),
    alt=f"Four columns of neurons, the {n} network of this page: layer 0 (input) "
    f"with {n[0]} neurons, layers 1 and 2 (hidden) with {n[1]} and {n[2]}, layer 3 "
    f"(output, L) with {n[3]}. Thin arrows in the colour of the text point "
    "forwards along every connection, from each layer to the next. Orange arrows "
    "point backwards beside the connections from layer 3 to layer 2 and from "
    "layer 2 to layer 1: delta^3 comes from BP1 at the output layer, delta^2 "
    "from delta^3 through (w^3)^T and delta^1 from delta^2 through (w^2)^T, both "
    "by BP2. A key reads: forward, z^l = w^l a^(l-1) + b^l and a^l = sigma(z^l); "
    "BP1, delta^L = grad_a C (Hadamard) sigma'(z^L); BP2, delta^l = "
    "((w^(l+1))^T delta^(l+1)) (Hadamard) sigma'(z^l).",
    caption=f"The backward pass on the {n} network of this page (L = 3). BP1 "
    "gives δ³ at the output layer; BP2 carries it back against the forward "
    "arrows (thin), along the weights w³ to δ² and along w² to δ¹ (orange). "
    "Layer 0 has no weighted input, hence no error. Drawn by "
    "backprop.plots.backward_pass_diagram.",
)

# %% [markdown]
# **Check.** So that the check tests BP2 alone, the right-hand side uses the
# finite-difference $\delta^{l+1}$, not one computed by BP1: the equation must turn one set
# of finite differences into the other. The cell does it for both hidden layers, in
# component form (explicit sums) and in matrix form.


# %%
def bp2_components(l):
    """BP2 one j at a time, from the finite-difference δˡ⁺¹."""
    delta = np.zeros((n[l], 1))
    for j in range(n[l]):
        weighted = sum(
            w[l + 1][k, j] * delta_fd[l + 1][k, 0] for k in range(n[l + 1])
        )
        delta[j, 0] = weighted * sigmoid.prime(z[l][j, 0])
    return delta


for l in range(L - 1, 0, -1):
    bp2_matrix = (w[l + 1].T @ delta_fd[l + 1]) * sigmoid.prime(z[l])
    components = relative_error(bp2_components(l), delta_fd[l])
    matrix = relative_error(bp2_matrix, delta_fd[l])
    errors = f"{components:.1e} (components), {matrix:.1e} (matrix)"
    print(f"BP2, l = {l}: relative error {errors}")
    checks += [components, matrix]

# %% tags=["remove-input"]
assert max(checks) < 1e-6, checks

# %% [markdown]
# ## BP3: the rate of change of the cost with respect to a bias
#
# $$
# \frac{\partial C}{\partial b^l_j} = \delta^l_j,
# \qquad\text{in matrix form}\quad
# \nabla_{b^l} C = \delta^l.
# \tag{BP3}\label{BP3}
# $$
#
# **Proof.** Now the variables are the biases $b^l$, and everything else (the input, the
# desired output and all the other weights and biases) is held fixed. As noted above,
# $C = C^l(w^l a^{l-1} + b^l)$, and neither $C^l$ nor $a^{l-1}$ depends on $b^l$. Apply the
# chain rule with $f = C^l$ and $g(\beta) = w^l a^{l-1} + \beta$, whose entries
# $g_k(\beta) = \sum_i w^l_{ki} a^{l-1}_i + \beta_k$ satisfy
#
# $$
# \frac{\partial g_k}{\partial \beta_j} =
# \begin{cases} 1 & k = j, \\ 0 & k \neq j. \end{cases}
# $$
#
# At $\beta = b^l$ we have $g(b^l) = z^l$, so
#
# $$
# \frac{\partial C}{\partial b^l_j} = \sum_k \delta^l_k \frac{\partial z^l_k}{\partial b^l_j}
# = \delta^l_j. \qquad \blacksquare
# $$
#
# A bias shifts its neuron's weighted input one for one, so the cost responds to the bias
# exactly as it responds to the weighted input.
#
# **Check.** The finite-difference derivative with respect to each bias, against the
# finite-difference error of the same neuron.

# %%
bp3_errors = [
    relative_error(delta_fd[l], nabla_b_fd[l]) for l in range(1, L + 1)
]
for l, error in enumerate(bp3_errors, start=1):
    print(f"BP3, l = {l}: relative error {error:.1e}")

# %% tags=["remove-input"]
assert max(bp3_errors) < 1e-9

# %% [markdown]
# The two finite differences nudge different things, $b^l_j$ and $z^l_j$, but by the same
# amount in the same sum $z^l_j = \sum_k w^l_{jk} a^{l-1}_k + b^l_j$, so they differ only
# by the rounding of that sum.

# %% [markdown]
# ## BP4: the rate of change of the cost with respect to a weight
#
# $$
# \frac{\partial C}{\partial w^l_{jk}} = a^{l-1}_k\, \delta^l_j,
# \qquad\text{in matrix form}\quad
# \nabla_{w^l} C = \delta^l\, (a^{l-1})^T.
# \tag{BP4}\label{BP4}
# $$
#
# **Proof.** The variables are now the $n^l n^{l-1}$ entries of the matrix $w^l$, all else
# held fixed. Again $C = C^l(w^l a^{l-1} + b^l)$, where neither $C^l$ nor $a^{l-1}$ depends
# on $w^l$. Take $f = C^l$ and $g(W) = W a^{l-1} + b^l$, with entries
# $g_i(W) = \sum_{k'} W_{ik'}\, a^{l-1}_{k'} + b^l_i$. The variable $W_{jk}$ appears only in
# row $i = j$, multiplied by $a^{l-1}_k$:
#
# $$
# \frac{\partial g_i}{\partial W_{jk}} =
# \begin{cases} a^{l-1}_k & i = j, \\ 0 & i \neq j. \end{cases}
# $$
#
# At $W = w^l$ we have $g(w^l) = z^l$, so
#
# $$
# \frac{\partial C}{\partial w^l_{jk}} = \sum_i \delta^l_i \frac{\partial z^l_i}{\partial w^l_{jk}}
# = a^{l-1}_k\, \delta^l_j.
# $$
#
# The matrix whose entry $(j, k)$ is $\delta^l_j a^{l-1}_k$ is the outer product of the
# column $\delta^l$ (shape $(n^l, 1)$) with the row $(a^{l-1})^T$ (shape $(1, n^{l-1})$),
# which has the shape $(n^l, n^{l-1})$ of $w^l$. $\blacksquare$
#
# The weight $w^l_{jk}$ scales the activation $a^{l-1}_k$ on its way into $z^l_j$, so its
# influence on the cost is the error at the receiving end times the activation at the
# sending end. A weight out of a neuron with a small activation learns slowly.
#
# **Check.** The finite-difference derivative with respect to each weight, against
# $a^{l-1}_k \delta^l_j$ from the finite-difference errors, entry by entry and as an outer
# product.


# %%
def bp4_components(l):
    """BP4 one entry (j, k) at a time, from the finite-difference δˡ."""
    nabla = np.zeros((n[l], n[l - 1]))
    for j in range(n[l]):
        for k in range(n[l - 1]):
            nabla[j, k] = a[l - 1][k, 0] * delta_fd[l][j, 0]
    return nabla


for l in range(1, L + 1):
    components = relative_error(bp4_components(l), nabla_w_fd[l])
    matrix = relative_error(delta_fd[l] @ a[l - 1].T, nabla_w_fd[l])
    errors = f"{components:.1e} (components), {matrix:.1e} (matrix)"
    print(f"BP4, l = {l}: relative error {errors}")
    checks += [components, matrix]

# %% tags=["remove-input"]
assert max(checks) < 1e-6, checks

# %% [markdown]
# ## What each proof used
#
# - BP1 and BP2 use that $\sigma$ acts on each neuron separately: the Hadamard products
#   $\odot\,\sigma'$ come from the terms of the chain rule that vanish. (BP1 also uses that
#   the cost depends on the network only through $a^L$.)
# - BP3 and BP4 use only that $z^l$ is affine in $w^l$ and $b^l$, with coefficients $1$ and
#   $a^{l-1}$. They hold for any activation function and any cost.
#
# !!! warning "Differentiability"
#     The proofs need $\sigma$ and $C$ to be differentiable at the points where they are
#     used. The sigmoid and tanh are differentiable everywhere. The ReLU $\max(0, z)$ has no
#     derivative at $z = 0$; implementations, this package included, use $0$ there. A
#     weighted input that is exactly $0$ is rare with real-valued data, so in practice this
#     changes nothing.
#
# ## The four equations together
#
# With the finite differences gone, the four equations computed from the forward pass alone
# give the whole gradient; `net.backprop`, shown on the next page, does exactly that. Its
# result agrees with the finite-difference gradient of every bias and weight:

# %%
nabla_b, nabla_w = net.backprop(x, y)
for l in range(1, L + 1):
    biases = relative_error(nabla_b[l - 1], nabla_b_fd[l])
    weights = relative_error(nabla_w[l - 1], nabla_w_fd[l])
    print(
        f"layer {l}: relative error {biases:.1e} (biases), {weights:.1e} "
        "(weights)"
    )
    checks += [biases, weights]

# %% tags=["remove-input"]
assert max(checks) < 1e-6, checks

# %% [markdown]
# In summary, in component form (left) and matrix form (right):
#
# $$
# \begin{array}{lll}
# \text{BP1} & \delta^L_j = \dfrac{\partial C}{\partial a^L_j}\,\sigma'(z^L_j)
#   & \delta^L = \nabla_a C \odot \sigma'(z^L) \\[1ex]
# \text{BP2} & \delta^l_j = \Bigl(\sum_k w^{l+1}_{kj}\,\delta^{l+1}_k\Bigr)\sigma'(z^l_j)
#   & \delta^l = \bigl((w^{l+1})^T \delta^{l+1}\bigr) \odot \sigma'(z^l) \\[1ex]
# \text{BP3} & \dfrac{\partial C}{\partial b^l_j} = \delta^l_j
#   & \nabla_{b^l} C = \delta^l \\[1ex]
# \text{BP4} & \dfrac{\partial C}{\partial w^l_{jk}} = a^{l-1}_k\,\delta^l_j
#   & \nabla_{w^l} C = \delta^l\, (a^{l-1})^T
# \end{array}
# $$
