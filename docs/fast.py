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

from backprop import Network, graph
from backprop.figures import show
from backprop.gradcheck import numerical_gradient, relative_error
from backprop.plots import COLORS, FOREGROUND, subplots

# %% tags=["remove-input"]
nodes = {"a": (0, 1), "b": (0, 0), "c": (1, 1), "d": (1, 0), "e": (2, 0.5)}
values = {"a": 2, "b": 1, "c": 3, "d": 2, "e": 6}
edges = [("a", "c", "1"), ("b", "c", "1"), ("b", "d", "1")]
edges += [("c", "e", "d = 2"), ("d", "e", "c = 3")]
fig, ax = subplots(figsize=(6, 2.6))
for start, end, label in edges:
    (x0, y0), (x1, y1) = nodes[start], nodes[end]
    arrow = dict(
        arrowstyle="-|>", color=FOREGROUND, lw=1.5, shrinkA=22, shrinkB=22
    )
    ax.annotate("", (x1, y1), (x0, y0), arrowprops=arrow)
    middle = ((x0 + x1) / 2, (y0 + y1) / 2 + 0.08)
    ax.text(*middle, label, color=COLORS[1], ha="center", size=12)
for name, (x, y) in nodes.items():
    ax.add_patch(Circle((x, y), 0.2, color=COLORS[0]))
    ax.text(
        x,
        y,
        f"{name} = {values[name]}",
        color="white",
        ha="center",
        va="center",
    )
ax.set(xlim=(-0.3, 2.3), ylim=(-0.3, 1.3), aspect="equal")
ax.axis("off")
show(
    fig,
    alt="The computational graph of e = (a + b)(b + 1). Inputs a = 2 and b = "
    "1 on the left; a and b feed c = a + b = 3, b also feeds d = b + 1 = 2, "
    "and c and d feed e = c d = 6. The edges into c and d are labelled 1, "
    "the edge from c to e is labelled d = 2, the edge from d to e is "
    "labelled c = 3.",
    caption="Olah's computational graph of e = (a + b)(b + 1) at a = 2, b = "
    "1. Each node shows its value, each edge (in orange) the local "
    "derivative of its end with respect to its start.",
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
    print(
        f"{name} mode: derivative {result.gradient[0]:.0f} = 2**40, "
        f"{result.counts}"
    )

# %% tags=["remove-input"]
for method in modes.values():
    result = method(square_repeatedly, [1.0])
    assert result.gradient[0] == 2**40
    assert result.counts.operations == 40 * result.counts.passes

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

# %% tags=["remove-input"]
olah = [method(graph.olah_example, [2.0, 1.0]) for method in modes.values()]
assert olah[0].gradient == olah[1].gradient == (2.0, 5.0)
assert olah[0].counts == olah[1].counts

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
    """Run ``method(sum_of_products, inputs)`` 3 times: result, best time."""
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

# %% tags=["remove-input"]
forward_128, reverse_128 = rows["forward"][-1], rows["reverse"][-1]
assert (
    forward_128[1] / reverse_128[1] == 64
)  # n(2n - 1) / (2(2n - 1)) at n = 128
assert (
    forward_128[2] / reverse_128[2] > 10
)  # the wall time follows the operations

# %% tags=["hide-input"]
styles = {
    "forward": (COLORS[1], "o"),
    "reverse": (COLORS[0], "s"),
}  # colour, marker
fig, axes = subplots(1, 3, figsize=(8, 2.8))
for i, (ax, quantity) in enumerate(
    zip(axes, ["passes", "operations", "seconds"])
):
    for name, (colour, marker) in styles.items():
        values = [row[i] for row in rows[name]]
        ax.plot(ns, values, marker=marker, color=colour, label=f"{name} mode")
    ax.set(
        xscale="log", yscale="log", xlabel="number of inputs n", title=quantity
    )
axes[0].legend(frameon=False)
show(
    fig,
    alt="Three log-log panels against the number of inputs n, from 1 to 128: "
    "passes through the graph, elementary operations, and wall-clock "
    "seconds. Forward mode grows like n in passes and like n squared in "
    "operations and time; reverse mode stays at two passes and grows like n "
    "in operations and time.",
    caption="The cost of the gradient of f(x) = sum of x_i x_(i+1) with n "
    "inputs: forward mode (orange circles) against reverse mode (blue "
    "squares), counted by backprop.graph and timed (best of three runs) "
    "while this page was built. Inputs uniform on [-1, 1), drawn with "
    "np.random.default_rng(0); both modes give the same gradient.",
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
# ## Backpropagation is reverse mode, number for number
#
# That backpropagation is reverse mode can be checked by running both. Below, the cost
# of one example for a $[3, 4, 2]$ sigmoid network is written with scalars only: every
# weighted input, activation and square is a node on a tape, nothing knows about layers
# or the four equations. Reverse mode then differentiates it with respect to all 26
# parameters, and the result is compared with `net.backprop`, which computes BP1 to BP4.
# The tape also keeps the gradient of every intermediate node, and the nodes $z^l_j$
# hold $\partial C / \partial z^l_j$, which is the error $\delta^l_j$ by definition, and
# $\partial C / \partial b^l_j$ by BP3.

# %%
net = Network([3, 4, 2], seed=0)
rng = np.random.default_rng(1)
x, y = rng.standard_normal(3), rng.uniform(size=2)  # one example
L = net.num_layers - 1
z_nodes = []  # the weighted inputs z^l_j, recorded as the tape runs


def cost(*theta):
    """C = ½ Σⱼ (yⱼ − aᴸⱼ)², one scalar operation at a time."""
    values = iter(theta)  # biases first, then weights: as net.parameters()
    b = [[next(values) for _ in range(n)] for n in net.sizes[1:]]
    w = [
        [[next(values) for _ in range(n_in)] for _ in range(n_out)]
        for n_in, n_out in zip(net.sizes, net.sizes[1:])
    ]
    a = list(x)
    for l in range(L):
        z = [
            sum(w_jk * a_k for w_jk, a_k in zip(w[l][j], a)) + b[l][j]
            for j in range(len(b[l]))
        ]
        z_nodes.append(z)
        a = [graph.sigmoid(z_j) for z_j in z]
    return sum(0.5 * (y_j - a_j) ** 2 for y_j, a_j in zip(y, a))


theta = np.concatenate([p.ravel() for p in net.parameters()])
tape_result = graph.gradient_reverse(cost, theta.tolist())
nabla_b, nabla_w = net.backprop(x[:, None], y[:, None])  # BP1-BP4
bp = np.concatenate([g.ravel() for g in [*nabla_b, *nabla_w]])
tape_gradient = np.array(tape_result.gradient)
tape_deltas = [np.array([node.grad for node in z]) for z in z_nodes]
gap = np.abs(tape_gradient - bp).max()
delta_gap = max(
    np.abs(d - nb.ravel()).max() for d, nb in zip(tape_deltas, nabla_b)
)
print(f"{theta.size} parameters, {tape_result.counts}")
print(f"largest difference, tape gradient vs BP1-BP4:   {gap:.1e}")
print(f"largest difference, tape dC/dz^l_j vs delta^l_j: {delta_gap:.1e}")

# %% tags=["remove-input"]
assert theta.size == 26
assert np.allclose(tape_gradient, bp, rtol=1e-12, atol=0)
assert np.allclose(
    np.concatenate(tape_deltas), np.concatenate(nabla_b).ravel(), rtol=1e-12
)
assert gap < 1e-15 and delta_gap < 1e-15

# %% [markdown]
# The two gradients agree to the last bits of double precision: the only difference is
# the order in which each adds up the same terms. The tape never saw BP1 or BP2, yet the
# gradients it accumulated on the weighted inputs are the errors $\delta^l$, layer by
# layer. Olah's paths and Nielsen's equations are one algorithm: BP2 is the reverse-mode
# sum over the edges out of $z^l_j$, and BP3 and BP4 are its last step.

# %% [markdown]
# ## A network with a million weights
#
# A cost computed by a network is a function of $P$ parameters with one output. Three ways
# to get its gradient:
#
# - **Forward differences** approximate each partial derivative by
#   $\bigl(C(w + \varepsilon e_i) - C(w)\bigr)/\varepsilon$, where $e_i$ moves the $i$-th
#   parameter only: $C(w)$ once, plus one forward pass per parameter, $P + 1$ passes in
#   all.
# - **Central differences**,
#   $\bigl(C(w + \varepsilon e_i) - C(w - \varepsilon e_i)\bigr)/(2\varepsilon)$, are more
#   accurate (an error of order $\varepsilon^2$ instead of $\varepsilon$) and take $2P$
#   forward passes. `backprop.gradcheck.numerical_gradient` uses them.
# - **Backpropagation** takes one forward pass and one backward pass, whatever $P$ is.
#
# First a network small enough that finite differences take a fraction of a second,
# $[50, 20, 10]$ with 1,230 parameters, on one random input. The cell times $2P$ forward
# passes in a row (`total_cost`), the central-difference gradient, and `backprop`, each
# the best of five runs: the best run is the one that other programs on the machine
# disturbed least.


# %%
def best_time(f, number):
    """The best time of one call of ``f``, over 5 rounds of ``number`` calls."""
    return min(timeit.repeat(f, number=number, repeat=5)) / number


def setup(sizes, seed=0):
    """A network, one random example, and its number of parameters P."""
    net = Network(sizes, seed=seed)
    rng = np.random.default_rng(seed)
    x, y = rng.standard_normal((sizes[0], 1)), rng.uniform(size=(sizes[-1], 1))
    return net, x, y, sum(p.size for p in net.parameters())


net, x, y, P = setup([50, 20, 10])


def forward_passes(count):
    for _ in range(count):
        net.total_cost(x, y)


t_passes = best_time(lambda: forward_passes(2 * P), 1)  # 2P passes in a row
t_fd = best_time(
    lambda: numerical_gradient(net, x, y), 1
)  # central differences
t_bp = best_time(lambda: net.backprop(x, y), 2 * P)  # as many backprops
t_pass = t_passes / (2 * P)

numeric_b, numeric_w = numerical_gradient(net, x, y)
nabla_b, nabla_w = net.backprop(x, y)
pairs = zip(numeric_b + numeric_w, nabla_b + nabla_w)
error = max(relative_error(numeric, exact) for numeric, exact in pairs)
print(f"P = {P:,}; largest relative error between the gradients {error:.0e}")
print(f"2P = {2 * P:,} forward passes: {t_passes * 1e3:7.1f} ms")
print(f"central differences:      {t_fd * 1e3:7.1f} ms")
print(f"one backprop:             {t_bp * 1e3:7.3f} ms")
Markdown(
    f"The central differences take {t_fd / t_passes:.2f} times as long as "
    "$2P$ forward passes in a row: their cost is those passes. One backprop "
    f"gives the same gradient {t_fd / t_bp:,.0f} times faster."
)

# %% tags=["remove-input"]
assert error < 1e-6
assert 0.5 < t_fd / t_passes < 2, (
    "central differences cost about 2P forward passes"
)
assert t_fd / t_bp > 100

# %% [markdown]
# Now a network with about a million parameters, $[784, 1000, 200, 10]$. One forward pass
# and one `backprop` are measured; the finite-difference time is **extrapolated, not
# measured**: $2P$ forward passes at the measured time each, the model that the small
# network has just confirmed.

# %%
net, x, y, P = setup([784, 1000, 200, 10])
t_pass = best_time(lambda: net.total_cost(x, y), 20)
t_bp = best_time(lambda: net.backprop(x, y), 20)
t_fd = 2 * P * t_pass  # extrapolated, not measured
print(f"P = {P:,} parameters")
print(f"one forward pass:    {t_pass * 1e3:7.3f} ms (measured)")
print(f"one backprop:        {t_bp * 1e3:7.3f} ms (measured)")
print(
    f"central differences: {t_fd / 60:7.1f} min (extrapolated: 2P forward "
    "passes)"
)
Markdown(
    f"For one training example, backpropagation takes **{t_bp * 1e3:.1f} "
    f"ms**; central differences would take about **{t_fd / 60:.0f} minutes**, "
    f"{t_fd / t_bp:,.0f} times as long."
)

# %% tags=["remove-input"]
assert t_fd / t_bp > 1e4

# %% [markdown]
# Training needs this gradient for every example of every epoch. The advantage grows in
# proportion to $P$: finite differences cost $2P$ passes of a network whose size is $P$,
# so their total cost grows like $P^2$, while backpropagation's grows like $P$.
#
# ## What one backward pass costs
#
# Count the arithmetic first. For one example the forward pass does one multiply-add per
# weight, in $w^l a^{l-1}$. The backward pass does one per weight for BP4's outer product
# $\delta^l (a^{l-1})^T$, and one per weight of layers $2, \dots, L$ for BP2's
# $(w^{l})^T \delta^{l}$; everything else is proportional to the number of neurons. So a
# backprop, forward pass included, does at most three times the multiply-adds of a forward
# pass, whatever $P$. This bound is a general fact about reverse mode, sometimes called
# the *cheap gradient principle*: the gradient of a scalar function costs a small constant
# multiple of the function itself, independent of the number of inputs.
#
# Time is another matter. The cell below times one forward pass and one `backprop` for
# networks from a thousand to a million parameters, and counts their multiply-adds.

# %%
SIZES = [[50, 20, 10], [784, 30, 10], [784, 100, 10], [784, 300, 100, 10]]
SIZES.append([784, 1000, 200, 10])


def backward_cost(sizes):
    """P; backprop / forward in multiply-adds and in time; both times (ms)."""
    net, x, y, P = setup(sizes)
    forward = sum(w.size for w in net.weights)  # multiply-adds of w a
    backward = forward + sum(w.size for w in net.weights[1:])  # BP4 and BP2
    number = max(10, 200_000 // P)
    t_pass = best_time(lambda: net.total_cost(x, y), number)
    t_bp = best_time(lambda: net.backprop(x, y), number)
    arithmetic = (forward + backward) / forward
    return P, arithmetic, t_bp / t_pass, t_pass * 1e3, t_bp * 1e3


costs = [backward_cost(sizes) for sizes in SIZES]
Markdown(
    "| parameters P | multiply-adds, backprop / forward | time, backprop / "
    "forward | forward (ms) | backprop (ms) |\n|---:|---:|---:|---:|---:|\n"
    + "\n".join(
        f"| {P:,} | {a:.2f} | {r:.1f} | {f:.3f} | {b:.3f} |"
        for P, a, r, f, b in costs
    )
)

# %% tags=["remove-input"]
arithmetic_ratios = [a for _, a, _, _, _ in costs]
measured_ratios = [r for _, _, r, _, _ in costs]
assert max(arithmetic_ratios) <= 3
P_small, a_small, r_small, f_small, _ = costs[0]
P_large, a_large, r_large, _, _ = costs[-1]
beyond = "above" if r_large > a_large else "within"
P_peak = max(costs, key=lambda cost: cost[2])[0]
peak = f"it is largest, {max(measured_ratios):.1f}, at P = {P_peak:,}"
if np.all(np.diff(measured_ratios) > 0):
    trend = "grows with $P$ at every size"
elif measured_ratios[-1] > measured_ratios[0]:
    trend = (
        "is larger for large networks than for small ones, though not at "
        f"every size: {peak}"
    )
else:
    trend = f"does not grow with $P$: {peak}"
one = np.ones((1, 1))
t_call = best_time(lambda: one @ one, 1000)  # a product of two 1 x 1 arrays
Markdown(
    "The arithmetic stays under three forward passes, while the measured "
    f"ratio {trend}. For the largest network it is {r_large:.1f}, {beyond} "
    f"the arithmetic's {a_large:.2f}. The count of multiply-adds leaves out "
    "two costs.\n\n"
    "For a small network each NumPy call does little work: a product of two "
    f"1 × 1 arrays costs {t_call * 1e6:.1f} µs here, and the forward pass of "
    f"the {SIZES[0]} network ({P_small:,} parameters) takes "
    f"{f_small * 1e3:.0f} µs in all, the time of "
    f"{f_small / 1e3 / t_call:.0f} such products, so the fixed cost of each "
    f"call, not the arithmetic, sets its ratio: {r_small:.1f} for "
    f"{a_small:.2f} times the multiply-adds. For a large network, with one "
    "example, the difference lies between reading and writing. The forward "
    "pass reads each weight once and keeps only $n^l$ numbers per layer. BP4 "
    "must *produce* a number for every weight: a gradient as large as all "
    "the weights, in new arrays. The cell below times, on the largest layer "
    "($w^1$, of shape $1000 \\times 784$), the forward product against "
    "several ways of writing that many numbers."
)

# %%
net, x, y, P = setup([784, 1000, 200, 10])
w, a = net.weights[0], x
delta = np.random.default_rng(1).standard_normal((1000, 1))
gradient = np.empty_like(w)
parts = {
    "forward product, w @ a": lambda: w @ a,
    "BP4 as a matrix product, delta @ a.T": lambda: delta @ a.T,
    "BP4 by broadcasting, delta * a.T": lambda: delta * a.T,
    "BP4 into an existing array": lambda: np.multiply(delta, a.T, out=gradient),
    "a plain copy of w": lambda: w.copy(),
}
layer_times = {what: best_time(f, 20) for what, f in parts.items()}
t_read = layer_times["forward product, w @ a"]
for what, seconds in layer_times.items():
    print(
        f"{what:37} {seconds * 1e3:6.3f} ms = {seconds / t_read:5.1f} x w @ a"
    )

# %% tags=["remove-input"]
writes = [
    t for what, t in layer_times.items() if what != "forward product, w @ a"
]
matmul_bp4 = layer_times["BP4 as a matrix product, delta @ a.T"]
broadcast_bp4 = layer_times["BP4 by broadcasting, delta * a.T"]
slowest = "slower" if matmul_bp4 > broadcast_bp4 else "no slower"
if min(writes) > t_read:
    bound = (
        "So in time, for one example, a backward pass is bounded by the cost "
        "of writing its gradient, which the count of multiply-adds does not "
        "see; the larger the layers, the more that cost dominates."
    )
else:  # a machine whose reads of w are no faster than its writes
    bound = (
        "Here the cheapest write costs no more than the read, so in time a "
        "backward pass comes close to its count of multiply-adds."
    )
Markdown(
    "Every way of writing a gradient the size of $w^1$ costs between "
    f"{min(writes) / t_read:.1f} and {max(writes) / t_read:.1f} times the "
    "forward product that reads $w^1$, a plain copy included. Written as the "
    "matrix product $\\delta^l (a^{l-1})^T$, as the equation reads, BP4 "
    f"has an inner dimension of 1 for one example; here that is {slowest} "
    f"than broadcasting ({matmul_bp4 * 1e3:.2f} ms against "
    f"{broadcast_bp4 * 1e3:.2f} ms). " + bound
)

# %% [markdown]
# None of this changes the comparison with finite differences, which pay one whole
# forward pass per parameter. And training rarely uses one example at a time: with a
# mini-batch of $m$ examples the weights are read once for $m$ columns, BP4 becomes a true
# matrix product, and the time comes back towards the arithmetic, as the
# [algorithm page](algorithm.md#how-much-faster-is-the-matrix-form) measures. That bounded
# cost is the whole reason networks with millions or billions of weights can be trained by
# gradient descent.
