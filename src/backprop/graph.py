"""Forward- and reverse-mode differentiation on scalar computational graphs.

After Christopher Olah, *Calculus on Computational Graphs: Backpropagation* (2015). Every
expression is a graph: one node per elementary operation, one edge from each operand to its
result, and on each edge the *local* derivative of the result with respect to that operand.
Olah's example is e = (a + b) * (b + 1), built from c = a + b, d = b + 1 and e = c * d::

    a ──1──> c ──d──> e          ∂c/∂a = 1, ∂c/∂b = 1, ∂d/∂b = 1,
    b ──1──> c                   ∂e/∂c = d, ∂e/∂d = c.
    b ──1──> d ──c──> e

**The chain rule sums over paths.** ∂e/∂b is the sum, over every path from b to e, of the
product of the local derivatives along the path. At a = 2, b = 1 (so c = 3, d = 2, e = 6)
there are two paths from b, so ∂e/∂b = 1·d + 1·c = 2 + 3 = 5, and one from a: ∂e/∂a = 1·d = 2.
A node used twice (b feeds both c and d) gets a contribution from each use, and the
contributions *add*.

The number of paths grows exponentially with depth, so nobody enumerates them: both modes
factor the sum, node by node, in one sweep through the graph.

* **Forward mode** sums over the paths *into* each node: it carries ∂node/∂x for one chosen
  input x, from the inputs towards the output. A [`Dual`][backprop.graph.Dual] number (value,
  derivative)
  does exactly this, one operation at a time. One pass gives ∂out/∂x for that one x, so a
  function of n inputs needs n passes.
* **Reverse mode** (backpropagation) sums over the paths *out of* each node: it carries
  ∂out/∂node, from the output back towards the inputs. A [`Tape`][backprop.graph.Tape] records the
  operations of one forward pass; [`Node.backward`][backprop.graph.Node.backward] walks it
  backwards once and leaves
  ∂out/∂x in ``x.grad`` for *every* input x. One output needs one forward and one backward
  pass, whatever n is: this is why backprop is fast.

Both modes use the same local derivatives (the edge labels above), written once per
operation in this module; they differ only in the direction in which they sum. A function
written once with the operators ``+ - * / **`` and [`exp`][backprop.graph.exp],
[`log`][backprop.graph.log], [`tanh`][backprop.graph.tanh],
[`sigmoid`][backprop.graph.sigmoid] runs on plain floats, on dual numbers and on the tape alike.

Examples
--------
>>> gradient_forward(olah_example, [2.0, 1.0])
GradientResult(value=6.0, gradient=(2.0, 5.0), counts=Counts(passes=2, operations=6))
>>> gradient_reverse(olah_example, [2.0, 1.0])
GradientResult(value=6.0, gradient=(2.0, 5.0), counts=Counts(passes=2, operations=6))

With n inputs the forward mode's cost grows with n times the size of the graph, the reverse
mode's with the size of the graph only:

>>> forward, reverse = compare_modes(100, seed=0)
>>> forward.counts, reverse.counts
(Counts(passes=100, operations=19900), Counts(passes=2, operations=398))
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from numbers import Real
from typing import NamedTuple

from . import _checks
from .activations import sigmoid as _sigmoid

__all__ = [
    "Counts",
    "Dual",
    "GradientResult",
    "Node",
    "Tape",
    "compare_modes",
    "exp",
    "gradient_forward",
    "gradient_reverse",
    "log",
    "olah_example",
    "sigmoid",
    "sum_of_products",
    "tanh",
]


@dataclass
class Counts:
    """The work one differentiation did: passes through the graph and elementary operations.

    An elementary operation is one node of the graph handled once: in forward mode, its value
    and its derivative; in reverse mode, its value (forward pass) or the propagation of its
    gradient to its operands (backward pass).

    Examples
    --------
    >>> Counts(passes=2, operations=6)
    Counts(passes=2, operations=6)
    """

    passes: int = 0
    operations: int = 0


# The elementary operations. Each returns its value and the local derivatives with respect
# to each operand: the labels on the graph's edges. Both modes use these and nothing else.


def _add(x, y):
    return x + y, (1.0, 1.0)


def _sub(x, y):
    return x - y, (1.0, -1.0)


def _mul(x, y):
    return x * y, (y, x)


def _div(x, y):
    return x / y, (1 / y, -x / y**2)


def _neg(x):
    return -x, (-1.0,)


def _power(p):
    def power(x):
        if x < 0 and not p.is_integer():
            raise ValueError(f"a negative base {x!r} has no real power {p!r}")
        return x**p, (p * x ** (p - 1),)

    return power


def _exp(x):
    e = math.exp(x)
    return e, (e,)


def _log(x):
    if x <= 0:
        raise ValueError(f"log needs a positive argument, got {x!r}")
    return math.log(x), (1 / x,)


def _tanh(x):
    t = math.tanh(x)
    return t, (1 - t * t,)


def _sigmoid_op(x):
    s = float(_sigmoid(x))
    return s, (s * (1 - s),)


def _is_number(x) -> bool:
    return isinstance(x, Real) and not isinstance(x, bool)


def _check_number(x, name: str) -> float:
    if not _is_number(x):
        raise TypeError(f"{name} must be a real number, got {x!r} ({type(x).__name__})")
    return float(x)


def _value(x) -> float:
    return x.value if isinstance(x, _Scalar) else float(x)


class _Scalar:
    """The operators shared by [`Dual`][backprop.graph.Dual] and [`Node`][backprop.graph.Node].

    Each operator names its elementary operation and hands it to ``_apply``, which each mode
    implements: forward mode pushes derivatives through it, reverse mode records it.
    """

    __slots__ = ()

    def _apply(self, op, *operands):
        raise NotImplementedError

    def __add__(self, other):
        return self._apply(_add, self, other)

    def __radd__(self, other):
        return self._apply(_add, other, self)

    def __sub__(self, other):
        return self._apply(_sub, self, other)

    def __rsub__(self, other):
        return self._apply(_sub, other, self)

    def __mul__(self, other):
        return self._apply(_mul, self, other)

    def __rmul__(self, other):
        return self._apply(_mul, other, self)

    def __truediv__(self, other):
        return self._apply(_div, self, other)

    def __rtruediv__(self, other):
        return self._apply(_div, other, self)

    def __neg__(self):
        return self._apply(_neg, self)

    def __pow__(self, exponent):
        if not _is_number(exponent):
            raise TypeError(
                f"exponent must be a real number (a constant), got {exponent!r} "
                f"({type(exponent).__name__})"
            )
        return self._apply(_power(float(exponent)), self)


class Dual(_Scalar):
    """A dual number value + derivative·ε (with ε² = 0): forward-mode differentiation.

    Seed the input x you differentiate by with ``derivative=1`` and every other input with 0;
    each operation then computes its value and, by the chain rule, its derivative
    ∂result/∂x = Σ (local derivative × ∂operand/∂x), summed over its operands. That sum over
    the edges into a node is the sum over all paths from x, factored. Plain numbers are
    constants (derivative 0).

    Parameters
    ----------
    value : float
        The value.
    derivative : float, default 0.0
        The derivative of the value with respect to the chosen input.
    counts : Counts, optional
        If given, every operation on this number, and on the numbers computed from it, adds
        one to ``counts.operations``.

    Examples
    --------
    Olah's example, once per input:

    >>> a, b = Dual(2.0, 1.0), Dual(1.0)  # differentiate by a: ∂a/∂a = 1, ∂b/∂a = 0
    >>> (a + b) * (b + 1)
    Dual(value=6.0, derivative=2.0)
    >>> a, b = Dual(2.0), Dual(1.0, 1.0)  # differentiate by b
    >>> (a + b) * (b + 1)
    Dual(value=6.0, derivative=5.0)
    >>> Dual("2")
    Traceback (most recent call last):
    ...
    TypeError: value must be a real number, got '2' (str)
    """

    __slots__ = ("counts", "derivative", "value")

    def __init__(self, value: float, derivative: float = 0.0, counts: Counts | None = None):
        self.value = _check_number(value, "value")
        self.derivative = _check_number(derivative, "derivative")
        if counts is not None and not isinstance(counts, Counts):
            raise TypeError(f"counts must be a Counts or None, got {type(counts).__name__}")
        self.counts = counts

    def _apply(self, op, *operands):
        if not all(isinstance(x, Dual) or _is_number(x) for x in operands):
            return NotImplemented
        value, local = op(*map(_value, operands))
        duals = [(x, d) for x, d in zip(operands, local, strict=True) if isinstance(x, Dual)]
        derivative = sum(d * x.derivative for x, d in duals)
        counts = next((x.counts for x, _ in duals if x.counts is not None), None)
        if counts is not None:
            counts.operations += 1
        return Dual(value, derivative, counts)

    def __repr__(self) -> str:
        return f"Dual(value={self.value!r}, derivative={self.derivative!r})"


class Node(_Scalar):
    """A value recorded on a [`Tape`][backprop.graph.Tape]: reverse-mode differentiation.

    Create inputs with [`Tape.variable`][backprop.graph.Tape.variable]; every operation on nodes
    appends its result to
    the same tape. Plain numbers are constants (they get no node and no gradient).

    Attributes
    ----------
    value : float
        The value computed in the forward pass.
    grad : float
        ∂out/∂(this node) after ``out.backward()``; 0.0 before.
    parents : tuple of (Node, float)
        The operands this node was computed from, each with its local derivative
        ∂(this node)/∂operand; empty for an input.
    tape : Tape
        The tape this node is recorded on.

    Examples
    --------
    >>> tape = Tape()
    >>> a, b = tape.variable(2.0), tape.variable(1.0)
    >>> e = (a + b) * (b + 1)
    >>> e.backward()
    >>> e.value, a.grad, b.grad
    (6.0, 2.0, 5.0)
    """

    __slots__ = ("grad", "parents", "tape", "value")

    def __init__(self, value: float, tape: Tape, parents: tuple = ()):
        self.value = _check_number(value, "value")
        self.grad = 0.0
        self.parents = parents
        self.tape = tape

    def _apply(self, op, *operands):
        if not all(isinstance(x, Node) or _is_number(x) for x in operands):
            return NotImplemented
        if any(isinstance(x, Node) and x.tape is not self.tape for x in operands):
            raise ValueError("cannot combine nodes recorded on different tapes")
        value, local = op(*map(_value, operands))
        parents = tuple((x, d) for x, d in zip(operands, local, strict=True) if isinstance(x, Node))
        return self.tape._record(Node(value, self.tape, parents))

    def backward(self) -> None:
        """Set ``node.grad`` = ∂self/∂node for every node on the tape, in one backward pass.

        Gradients are first reset to zero, so calling ``backward`` again gives the same
        gradients. The tape is walked from this node back to the first entry; each node adds
        ``local derivative × its grad`` to each operand's grad: the chain rule, summed over
        the paths out of the operand. A node used twice receives (and *accumulates*) a
        contribution from each use.

        Examples
        --------
        >>> tape = Tape()
        >>> b = tape.variable(3.0)
        >>> y = b * b  # b used twice: ∂y/∂b = b + b
        >>> y.backward()
        >>> y.backward()  # reset, then recompute: not doubled
        >>> b.grad
        6.0
        """
        nodes = self.tape.nodes
        end = next(i for i, node in enumerate(nodes) if node is self) + 1
        for node in nodes:
            node.grad = 0.0
        self.grad = 1.0
        for node in reversed(nodes[:end]):
            for parent, local in node.parents:
                parent.grad += local * node.grad
        self.tape.counts.passes += 1
        self.tape.counts.operations += sum(1 for node in nodes[:end] if node.parents)

    def __repr__(self) -> str:
        return f"Node(value={self.value!r}, grad={self.grad!r})"


class Tape:
    """A Wengert list: the nodes of one forward pass, in the order they were computed.

    That order is a topological order of the graph (every operand comes before its result),
    so walking it backwards visits each node after every node that uses it.

    Attributes
    ----------
    nodes : list of Node
        Inputs and operation results, in order.
    counts : Counts
        One pass (the forward pass being recorded) plus one per backward pass; one operation
        per recorded operation plus one per node propagated backwards.

    Examples
    --------
    >>> tape = Tape()
    >>> x = tape.variable(0.0)
    >>> y = sigmoid(x) * 2
    >>> len(tape.nodes), tape.counts
    (3, Counts(passes=1, operations=2))
    >>> y.backward()
    >>> x.grad, tape.counts
    (0.5, Counts(passes=2, operations=4))
    """

    def __init__(self):
        self.nodes: list[Node] = []
        self.counts = Counts(passes=1)

    def variable(self, value: float) -> Node:
        """Return a new input node holding ``value``.

        Examples
        --------
        >>> Tape().variable(2)
        Node(value=2.0, grad=0.0)
        """
        return self._record(Node(value, self))

    def _record(self, node: Node) -> Node:
        self.nodes.append(node)
        if node.parents:  # an operation, not an input
            self.counts.operations += 1
        return node


def _function(op: Callable, x, name: str):
    if isinstance(x, _Scalar):
        return x._apply(op, x)
    return op(_check_number(x, name))[0]


def exp(x):
    """eˣ of a float, a [`Dual`][backprop.graph.Dual] or a [`Node`][backprop.graph.Node]; d/dx eˣ =
    eˣ.

    Examples
    --------
    >>> exp(0.0), exp(Dual(0.0, 1.0))
    (1.0, Dual(value=1.0, derivative=1.0))
    """
    return _function(_exp, x, "x")


def log(x):
    """The natural logarithm of x > 0 (float, [`Dual`][backprop.graph.Dual] or
    [`Node`][backprop.graph.Node]); d/dx = 1/x.

    Examples
    --------
    >>> log(Dual(2.0, 1.0))  # doctest: +ELLIPSIS
    Dual(value=0.693147..., derivative=0.5)
    >>> log(0.0)
    Traceback (most recent call last):
    ...
    ValueError: log needs a positive argument, got 0.0
    """
    return _function(_log, x, "x")


def tanh(x):
    """tanh x of a float, a [`Dual`][backprop.graph.Dual] or a [`Node`][backprop.graph.Node]; d/dx
    tanh x = 1 − tanh² x.

    Examples
    --------
    >>> tanh(Dual(0.0, 1.0))
    Dual(value=0.0, derivative=1.0)
    """
    return _function(_tanh, x, "x")


def sigmoid(x):
    """σ(x) = 1 / (1 + e⁻ˣ) of a float, a [`Dual`][backprop.graph.Dual] or a
    [`Node`][backprop.graph.Node]; σ' = σ(1 − σ).

    Uses the overflow-free [`sigmoid`][backprop.activations.Sigmoid] for the value.

    Examples
    --------
    >>> sigmoid(Dual(0.0, 1.0))
    Dual(value=0.5, derivative=0.25)
    >>> sigmoid("0")
    Traceback (most recent call last):
    ...
    TypeError: x must be a real number, got '0' (str)
    """
    return _function(_sigmoid_op, x, "x")


class GradientResult(NamedTuple):
    """The value of f, its gradient and the work it took.

    Attributes
    ----------
    value : float
        f(x₁, …, xₙ).
    gradient : tuple of float
        (∂f/∂x₁, …, ∂f/∂xₙ).
    counts : Counts
        Passes and elementary operations used.

    Examples
    --------
    >>> GradientResult(6.0, (2.0, 5.0), Counts(2, 6)).gradient
    (2.0, 5.0)
    """

    value: float
    gradient: tuple[float, ...]
    counts: Counts


def _check_call(f, inputs) -> list[float]:
    if not callable(f):
        raise TypeError(f"f must be a function of the inputs, got {f!r} ({type(f).__name__})")
    if isinstance(inputs, (str, bytes)) or not isinstance(inputs, Sequence):
        raise TypeError(
            f"inputs must be a sequence of numbers such as [2.0, 1.0], got {inputs!r} "
            f"({type(inputs).__name__})"
        )
    if not inputs:
        raise ValueError("inputs must hold at least one number, got an empty sequence")
    return [_check_number(x, f"inputs[{i}]") for i, x in enumerate(inputs)]


def _check_output(out, kind: type, name: str):
    if isinstance(out, kind) or _is_number(out):
        return out
    raise TypeError(
        f"f must return a number computed from its inputs, got {out!r} ({type(out).__name__})"
        f" for {name} inputs"
    )


def gradient_forward(f: Callable, inputs: Sequence[float]) -> GradientResult:
    """Return f(inputs) and its gradient by forward mode: one pass per input.

    Pass i evaluates f on dual numbers seeded with ∂xⱼ/∂xᵢ = 1 if j = i, else 0, and reads
    ∂f/∂xᵢ off the output.

    Parameters
    ----------
    f : callable
        f(x₁, …, xₙ) → a scalar, written with the operators and this module's functions.
    inputs : sequence of float
        The point (x₁, …, xₙ), n ≥ 1.

    Examples
    --------
    >>> gradient_forward(lambda x, y: x * y + exp(x), [0.0, 3.0])
    GradientResult(value=1.0, gradient=(4.0, 0.0), counts=Counts(passes=2, operations=6))
    >>> gradient_forward(olah_example, [2.0, "1"])
    Traceback (most recent call last):
    ...
    TypeError: inputs[1] must be a real number, got '1' (str)
    """
    xs = _check_call(f, inputs)
    counts = Counts()
    gradient = []
    for i in range(len(xs)):
        duals = [Dual(x, 1.0 if j == i else 0.0, counts) for j, x in enumerate(xs)]
        out = _check_output(f(*duals), Dual, "Dual")
        counts.passes += 1
        gradient.append(out.derivative if isinstance(out, Dual) else 0.0)
    return GradientResult(_value(out), tuple(gradient), counts)


def gradient_reverse(f: Callable, inputs: Sequence[float]) -> GradientResult:
    """Return f(inputs) and its gradient by reverse mode: one forward and one backward pass.

    Parameters
    ----------
    f : callable
        f(x₁, …, xₙ) → a scalar, written with the operators and this module's functions.
    inputs : sequence of float
        The point (x₁, …, xₙ), n ≥ 1.

    Examples
    --------
    >>> gradient_reverse(lambda x, y: x * y + exp(x), [0.0, 3.0])
    GradientResult(value=1.0, gradient=(4.0, 0.0), counts=Counts(passes=2, operations=6))
    >>> gradient_reverse(olah_example, [])
    Traceback (most recent call last):
    ...
    ValueError: inputs must hold at least one number, got an empty sequence
    """
    xs = _check_call(f, inputs)
    tape = Tape()
    nodes = [tape.variable(x) for x in xs]
    out = _check_output(f(*nodes), Node, "Node")
    if isinstance(out, Node):
        out.backward()
    return GradientResult(_value(out), tuple(node.grad for node in nodes), tape.counts)


def olah_example(a, b):
    """Olah's e = (a + b) * (b + 1), with c = a + b and d = b + 1; b is used twice.

    Examples
    --------
    >>> olah_example(2.0, 1.0)
    6.0
    """
    return (a + b) * (b + 1)


def sum_of_products(*xs):
    """f(x) = Σᵢ xᵢ·xᵢ₊₁ around a ring (xₙ₊₁ = x₁): n inputs feeding one output.

    The graph has n multiplications and n − 1 additions, and ∂f/∂xᵢ = xᵢ₋₁ + xᵢ₊₁.

    Examples
    --------
    >>> sum_of_products(1.0, 2.0, 3.0)  # 1·2 + 2·3 + 3·1
    11.0
    """
    if not xs:
        raise ValueError("sum_of_products needs at least one input")
    n = len(xs)
    total = xs[0] * xs[1 % n]
    for i in range(1, n):
        total = total + xs[i] * xs[(i + 1) % n]
    return total


def compare_modes(n: int, seed: int = 0) -> tuple[GradientResult, GradientResult]:
    """Differentiate [`sum_of_products`][backprop.graph.sum_of_products] of n random inputs in both
    modes.

    The inputs are drawn uniformly from [−1, 1) with ``np.random.default_rng(seed)``. Forward
    mode takes n passes of 2n − 1 operations each; reverse mode one forward pass of 2n − 1
    operations and one backward pass of as many.

    Returns
    -------
    forward, reverse : GradientResult
        The same value and gradient (up to rounding), with very different counts.

    Examples
    --------
    >>> forward, reverse = compare_modes(3)
    >>> forward.counts, reverse.counts
    (Counts(passes=3, operations=15), Counts(passes=2, operations=10))
    """
    _checks.integer(n, "n (the number of inputs)", minimum=1)
    inputs = _checks.rng(seed).uniform(-1.0, 1.0, size=n).tolist()
    return gradient_forward(sum_of_products, inputs), gradient_reverse(sum_of_products, inputs)
