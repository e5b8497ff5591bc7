# ---
# jupyter:
#   description: >-
#     Why backpropagation is fast: computational graphs, forward versus reverse mode, and
#     measured costs against finite differences.
# ---

# %% [markdown]
# # Why backpropagation is fast
#
# A network with a million weights has a million partial derivatives $\partial C/\partial w$.
# Backpropagation computes all of them with one forward pass and one backward pass, at a cost
# of a few forward passes. The naive alternative, nudging each weight in turn and watching
# the cost, needs a million and one forward passes. This page explains where the saving
# comes from, following Christopher Olah's *Calculus on Computational Graphs:
# Backpropagation* (2015), and measures it with the package's `backprop.graph` module.

# %% [markdown]
# ## Computational graphs
#
# Any formula computed by a program is a sequence of elementary operations. Draw one node
# per operation and one edge from each operand to its result: the result is a
# *computational graph*. Olah's example is $e = (a + b)(b + 1)$, computed as
#
# $$
# c = a + b, \qquad d = b + 1, \qquad e = c\,d.
# $$
#
# On each edge write the *local derivative* of the result with respect to that operand:
# $\partial c/\partial a = 1$, $\partial c/\partial b = 1$, $\partial d/\partial b = 1$,
# $\partial e/\partial c = d$ and $\partial e/\partial d = c$. At $a = 2$, $b = 1$ the values
# are $c = 3$, $d = 2$, $e = 6$. The page uses these imports:

# %%
import time
import timeit

import numpy as np
from IPython.display import Markdown
from matplotlib.patches import Circle
from threadpoolctl import threadpool_limits

from backprop import Network, graph
from backprop.gradcheck import numerical_gradient, relative_error
from backprop.plots import COLORS, FOREGROUND, show, subplots

# %% tags=["remove-input"]
nodes = {"a": (0, 1), "b": (0, 0), "c": (1, 1), "d": (1, 0), "e": (2, 0.5)}
values = {"a": 2, "b": 1, "c": 3, "d": 2, "e": 6}
edges = [("a", "c", "1"), ("b", "c", "1"), ("b", "d", "1")]
edges += [("c", "e", "d = 2"), ("d", "e", "c = 3")]
fig, ax = subplots(figsize=(6, 2.6))
for start, end, label in edges:
    (x0, y0), (x1, y1) = nodes[start], nodes[end]
    arrow = dict(arrowstyle="-|>", color=FOREGROUND, lw=1.5, shrinkA=22, shrinkB=22)
    ax.annotate("", (x1, y1), (x0, y0), arrowprops=arrow)
    middle = ((x0 + x1) / 2, (y0 + y1) / 2 + 0.08)
    ax.text(*middle, label, color=COLORS[1], ha="center", size=12)
for name, (x, y) in nodes.items():
    ax.add_patch(Circle((x, y), 0.2, color=COLORS[0]))
    ax.text(x, y, f"{name} = {values[name]}", color="white", ha="center", va="center")
ax.set(xlim=(-0.3, 2.3), ylim=(-0.3, 1.3), aspect="equal")
ax.axis("off")
show(
    fig,
    alt="The computational graph of e = (a + b)(b + 1). Inputs a = 2 and b = 1 on the "
    "left; a and b feed c = a + b = 3, b also feeds d = b + 1 = 2, and c and d feed "
    "e = c d = 6. The edges into c and d are labelled 1, the edge from c to e is "
    "labelled d = 2, the edge from d to e is labelled c = 3.",
    caption="Olah's computational graph of e = (a + b)(b + 1) at a = 2, b = 1. Each node "
    "shows its value, each edge (in orange) the local derivative of its end with "
    "respect to its start.",
)

# %% [markdown]
# ## The chain rule sums over paths
#
# How does $e$ change with $b$? A change in $b$ reaches $e$ along two paths, through $c$
# and through $d$. Along a path the local derivatives multiply, and the contributions of
# different paths add:
#
# $$
# \frac{\partial e}{\partial b}
# = \underbrace{\frac{\partial c}{\partial b}\frac{\partial e}{\partial c}}_{b \to c \to e}
# + \underbrace{\frac{\partial d}{\partial b}\frac{\partial e}{\partial d}}_{b \to d \to e}
# = 1 \cdot 2 + 1 \cdot 3 = 5,
# \qquad
# \frac{\partial e}{\partial a} = 1 \cdot 2 = 2.
# $$
#
# This is the multivariable chain rule applied node by node and multiplied out: the
# derivative of an output with respect to an input is the sum, over all paths from the
# input to the output, of the product of the local derivatives along the path.
#
# The package's reverse mode, explained below, gets these numbers from a record of the
# computation (a *tape*):

# %%
tape = graph.Tape()
a, b = tape.variable(2.0), tape.variable(1.0)
e = graph.olah_example(a, b)  # (a + b) * (b + 1), recorded on the tape
e.backward()
print(f"e = {e.value}, de/da = {a.grad}, de/db = {b.grad}")

# %% [markdown]
# Summing over paths one by one would be hopeless: the number of paths grows exponentially
# with depth. Square a number $k$ times, $x_0 = x$ and $x_i = x_{i-1} \cdot x_{i-1}$. Each
# multiplication uses its operand twice, so two edges join $x_{i-1}$ to $x_i$, and there are
# $2^k$ paths from $x$ to $x_k$. At $x = 1$ every local derivative ($\partial x_i /
# \partial x_{i-1}$ along either edge) is $x_{i-1} = 1$, so the derivative
# $\partial x_k / \partial x = 2^k$ literally counts the paths. With $k = 40$ that is about
# $10^{12}$ paths, yet both methods below get the derivative with 40 elementary operations
# per pass:


# %%
def square_repeatedly(x, k=40):
    for _ in range(k):
        x = x * x
    return x


modes = {"forward": graph.gradient_forward, "reverse": graph.gradient_reverse}
for name, method in modes.items():
    result = method(square_repeatedly, [1.0])
    print(f"{name} mode: derivative {result.gradient[0]:.0f} = 2**40, {result.counts}")

# %% [markdown]
# They avoid enumerating the paths by *factoring* the sum: paths that share a segment share
# its product, which is computed once. There are two natural ways to do this.
#
# ## Forward mode and reverse mode
#
# **Forward mode** fixes one input $x$ and computes $\partial u/\partial x$ for every node
# $u$, from the inputs towards the output. A node's derivative is the sum over its incoming
# edges $v \to u$:
#
# $$
# \frac{\partial u}{\partial x} = \sum_{v \to u} \frac{\partial u}{\partial v}\,
# \frac{\partial v}{\partial x}.
# $$
#
# Each term has already summed all the paths from $x$ into $v$, so the sum covers all paths
# from $x$ into $u$. A *dual number* carries a value and its derivative with respect to $x$
# through each operation; `backprop.graph.Dual` does exactly that. One pass gives the
# derivatives of every node with respect to *one* input.
#
# **Reverse mode** fixes the output $e$ and computes $\partial e/\partial u$ for every node
# $u$, from the output back towards the inputs. A node's derivative is the sum over its
# outgoing edges $u \to v$:
#
# $$
# \frac{\partial e}{\partial u} = \sum_{u \to v} \frac{\partial e}{\partial v}\,
# \frac{\partial v}{\partial u}.
# $$
#
# Each term has already summed all the paths from $v$ out to $e$. This needs the graph and
# the values of its nodes, so a forward pass first records the operations on a *tape*
# (`backprop.graph.Tape`); `Node.backward` then walks the tape backwards once. One pass
# gives the derivatives of *one* output with respect to every node, inputs included.
#
# **Backpropagation is reverse mode.** Take the nodes to be the weighted inputs $z^l_j$ of
# a network and the output to be the cost $C$. Then $\partial e/\partial u$ is
# $\partial C/\partial z^l_j = \delta^l_j$, the outgoing edges of $z^l_j$ lead (through
# $a^l_j$) to the weighted inputs $z^{l+1}_k$ of the next layer with local derivatives
# $w^{l+1}_{kj}\sigma'(z^l_j)$, and the reverse-mode sum is exactly $\eqref{BP2}$. BP3 and
# BP4 are the last step of the sum, from the $z^l_j$ to the biases and weights that feed
# them.
#
# Both modes use the same local derivatives and give the same numbers. In Olah's example:

# %%
for name, method in modes.items():
    result = method(graph.olah_example, [2.0, 1.0])
    print(f"{name} mode: gradient {result.gradient}, {result.counts}")

# %% [markdown]
# Here the two cost the same, because the example has as many inputs (two) as forward
# mode needs passes. The difference shows when a single output depends on many inputs, as
# a cost depends on many weights.
#
# ## Measured: many inputs, one output
#
# The function $f(x_1, \dots, x_n) = \sum_{i=1}^{n} x_i x_{i+1}$ (with $x_{n+1} = x_1$,
# `backprop.graph.sum_of_products`) has $n$ inputs, one output and a graph of $2n - 1$
# operations. Forward mode needs $n$ passes through the whole graph, $n(2n - 1)$
# operations; reverse mode one forward pass and one backward pass, $2(2n - 1)$ operations.
# The cell below runs both modes on $n$ random inputs (uniform on $[-1, 1)$, seed 0, as
# `graph.compare_modes(n)` does), checks that the gradients agree, and records the counts
# and the best wall time of three runs.


# %%
def best_of_three(method, inputs):
    """Run ``method(sum_of_products, inputs)`` 3 times: the result and the best time."""
    times = []
    for _ in range(3):
        start = time.perf_counter()
        result = method(graph.sum_of_products, inputs)
        times.append(time.perf_counter() - start)
    return result, min(times)


ns = [2**k for k in range(8)]  # 1, 2, 4, ..., 128 inputs
rows = {name: [] for name in modes}  # (passes, operations, seconds) for each n
for n in ns:
    inputs = np.random.default_rng(0).uniform(-1.0, 1.0, size=n).tolist()
    results = {}
    for name, method in modes.items():
        results[name], seconds = best_of_three(method, inputs)
        counts = results[name].counts
        rows[name].append((counts.passes, counts.operations, seconds))
    assert np.allclose(results["forward"].gradient, results["reverse"].gradient)

table = ["          forward mode                  reverse mode"]
table.append("   n  passes  operations   seconds  passes  operations   seconds")
for n, forward, reverse in zip(ns, rows["forward"], rows["reverse"]):
    cells = [f"{p:8d}{o:12d}{t:10.5f}" for p, o, t in (forward, reverse)]
    table.append(f"{n:4d}" + "".join(cells))
print("\n".join(table))

# %%
styles = {"forward": (COLORS[1], "o"), "reverse": (COLORS[0], "s")}  # colour, marker
fig, axes = subplots(1, 3, figsize=(8, 2.8))
for i, (ax, quantity) in enumerate(zip(axes, ["passes", "operations", "seconds"])):
    for name, (colour, marker) in styles.items():
        values = [row[i] for row in rows[name]]
        ax.plot(ns, values, marker=marker, color=colour, label=f"{name} mode")
    ax.set(xscale="log", yscale="log", xlabel="number of inputs n", title=quantity)
axes[0].legend(frameon=False)
show(
    fig,
    alt="Three log-log panels against the number of inputs n, from 1 to 128: passes "
    "through the graph, elementary operations, and wall-clock seconds. Forward mode "
    "grows like n in passes and like n squared in operations and time; reverse "
    "mode stays at two passes and grows like n in operations and time.",
    caption="The cost of the gradient of f(x) = sum of x_i x_(i+1) with n inputs: forward "
    "mode (orange circles) against reverse mode (blue squares), counted by "
    "backprop.graph and timed (best of three runs) while this page was built. "
    "Inputs uniform on [-1, 1), drawn with np.random.default_rng(0); both modes "
    "give the same gradient.",
)

# %% [markdown]
# Reverse mode always takes two passes, and its work grows only as fast as the graph. Forward
# mode takes one pass per input, so its work grows as the number of inputs times the size of
# the graph: $n(2n-1)$ against $2(2n-1)$ operations, a ratio of $n/2$, which is 64 at
# $n = 128$. The wall time follows the operation count.
#
# Forward mode wins in the opposite situation, few inputs and many outputs: one forward
# pass gives the derivatives of *all* outputs with respect to one input. A neural network's
# cost is the extreme case of many inputs (the weights) and one output (the cost), which is
# why training uses reverse mode.
#
# ## A network with a million weights
#
# A cost computed by a network is a function of $P$ parameters with one output. Three ways to
# get its gradient:
#
# - **Forward differences** approximate each partial derivative by
#   $\bigl(C(w + \varepsilon e_i) - C(w)\bigr)/\varepsilon$, where $e_i$ moves the $i$-th
#   parameter only: $C(w)$ once, plus one forward pass per parameter, $P + 1$ passes in all.
# - **Central differences**,
#   $\bigl(C(w + \varepsilon e_i) - C(w - \varepsilon e_i)\bigr)/2\varepsilon$, are more
#   accurate (an error of order $\varepsilon^2$ instead of $\varepsilon$) and take $2P$
#   forward passes. `backprop.gradcheck.numerical_gradient` uses them.
# - **Backpropagation** takes one forward pass and one backward pass, whatever $P$ is.
#
# First a network small enough that finite differences take a fraction of a second,
# $[50, 20, 10]$ with 1,230 parameters, on one random input. The cell times $2P$ forward
# passes in a row (`total_cost`), the central-difference gradient, and `backprop`, each the
# best of five runs with NumPy's linear algebra (BLAS) on a single thread, so that other
# programs on the machine disturb the comparison as little as possible. The first two should
# take about the same time.


# %%
def best_time(f, number):
    """The best wall time of one call of ``f``, over 5 rounds of ``number`` calls.

    NumPy's BLAS runs on one thread: steadier when other programs share the machine.
    """
    with threadpool_limits(limits=1, user_api="blas"):
        return min(timeit.repeat(f, number=number, repeat=5)) / number


def setup(sizes, seed=0):
    """A network of these sizes, one random example, and the number of parameters P."""
    net = Network(sizes, seed=seed)
    rng = np.random.default_rng(seed)
    x, y = rng.standard_normal((sizes[0], 1)), rng.uniform(size=(sizes[-1], 1))
    return net, x, y, sum(p.size for p in net.parameters())


net, x, y, P = setup([50, 20, 10])


def forward_passes(count):
    for _ in range(count):
        net.total_cost(x, y)


t_passes = best_time(lambda: forward_passes(2 * P), 1)  # 2P forward passes in a row
t_fd = best_time(lambda: numerical_gradient(net, x, y), 1)  # the central differences
t_bp = best_time(lambda: net.backprop(x, y), 2 * P)  # as many backprops, for as long
t_pass = t_passes / (2 * P)

numeric_b, numeric_w = numerical_gradient(net, x, y)
nabla_b, nabla_w = net.backprop(x, y)
pairs = zip(numeric_b + numeric_w, nabla_b + nabla_w)
error = max(relative_error(numeric, exact) for numeric, exact in pairs)
print(f"P = {P:,} parameters; largest relative error between the gradients {error:.0e}")
print(f"2P = {2 * P:,} forward passes: {t_passes * 1e3:7.1f} ms")
print(f"central differences:         {t_fd * 1e3:7.1f} ms")
print(f"one backprop:                {t_bp * 1e3:7.3f} ms = {t_bp / t_pass:.1f} forward passes")

# %% [markdown]
# Now a network with about a million parameters, $[784, 1000, 200, 10]$. One forward pass and
# one `backprop` are measured; the finite-difference time is **extrapolated, not measured**:
# $2P$ forward passes at the measured time each, the model that the small network has just
# confirmed.

# %%
net, x, y, P = setup([784, 1000, 200, 10])
t_pass = best_time(lambda: net.total_cost(x, y), 20)
t_bp = best_time(lambda: net.backprop(x, y), 20)
t_fd = 2 * P * t_pass  # extrapolated, not measured
print(f"P = {P:,} parameters")
print(f"one forward pass:    {t_pass * 1e3:7.3f} ms (measured)")
print(f"one backprop:        {t_bp * 1e3:7.3f} ms (measured) = {t_bp / t_pass:.1f} forward passes")
print(f"central differences: {t_fd / 60:7.1f} min (extrapolated: {2 * P:,} forward passes)")
Markdown(
    f"For one training example, backpropagation takes **{t_bp * 1e3:.1f} ms**; central "
    f"differences would take about **{t_fd / 60:.0f} minutes**, {t_fd / t_bp:,.0f} times "
    "as long."
)

# %% [markdown]
# Training needs this gradient for every example of every epoch. The ratio grows in
# proportion to $P$: finite differences cost $2P$ passes of a network whose size is $P$, so
# their total cost grows like $P^2$, while backpropagation's grows like $P$.
#
# How much does the backward pass cost? In arithmetic, the forward pass does one
# multiply-add per weight (in $w^l a^{l-1}$) and the backward pass at most two (in
# $(w^{l+1})^T \delta^{l+1}$ for BP2 and in $\delta^l (a^{l-1})^T$ for BP4), so
# backpropagation costs at most about three forward passes, whatever $P$ is. The wall times
# above depend on more than arithmetic, and vary from machine to machine and from run to
# run: in the small network the fixed cost of each Python and NumPy call dominates, and in
# the large one BP4 writes a fresh gradient array as large as all the weights, so that for a
# single example moving memory costs more than the arithmetic. Neither makes the ratio grow
# with $P$. This bounded overhead is a general fact about reverse mode, sometimes called the
# *cheap gradient principle*: the gradient of a scalar function costs a small constant
# multiple of the function itself, independent of the number of inputs. Finite differences,
# like forward mode, pay once per input. That is the whole reason networks with millions or
# billions of weights can be trained by gradient descent.
