"""A feed-forward network and backpropagation, following Nielsen's four equations.

Conventions (Nielsen's in *Neural Networks and Deep Learning*, except that layers and
neurons are numbered from 0, as Python counts; he numbers both from 1):

* Layer 0 is the input layer; ``sizes[l]`` is the number of neurons nˡ in layer l.
* ``weights[l - 1]`` is the matrix wˡ of shape ``(nˡ, nˡ⁻¹)``: wˡⱼₖ connects neuron k of
  layer l − 1 to neuron j of layer l. ``biases[l - 1]`` is the column bˡ, shape ``(nˡ, 1)``.
  (Python lists start at 0 and the input layer has no weights, hence the shift by one.)
* **Examples are columns.** One input x has shape ``(n⁰, 1)``; a mini-batch X of m examples
  has shape ``(n⁰, m)``, one example per column. Then zˡ = wˡaˡ⁻¹ + bˡ holds for both, the
  bias broadcasting across the columns.

Examples
--------
>>> import numpy as np
>>> net = Network([2, 3, 1], seed=0)
>>> [w.shape for w in net.weights], [b.shape for b in net.biases]
([(3, 2), (1, 3)], [(3, 1), (1, 1)])
>>> net.feedforward(np.array([[0.5], [-1.0]])).shape
(1, 1)
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from . import _checks
from .activations import Activation, get_activation
from .costs import Cost, get_cost

__all__ = ["INITIALISATIONS", "Network", "as_columns"]

INITIALISATIONS = ("normal", "scaled")
"""Weight initialisations: Nielsen's chapter-1 ``"normal"`` (every weight and bias N(0, 1))
and his chapter-3 ``"scaled"`` (weights N(0, 1/nˡ⁻¹), biases N(0, 1))."""


class Network:
    """A fully connected feed-forward network trained by backpropagation.

    Parameters
    ----------
    sizes : sequence of int
        Neurons per layer, input layer first: ``[784, 30, 10]`` has 784 inputs, one hidden
        layer of 30 neurons and 10 outputs. At least two layers, every size a positive int.
    activation : str or Activation, default "sigmoid"
        σ of the hidden layers: ``"sigmoid"``, ``"tanh"``, ``"relu"`` or ``"identity"``.
    output_activation : str or Activation, optional
        σ of the output layer; defaults to ``activation``. ``"softmax"`` is allowed here only.
    cost : str or Cost, default "quadratic"
        ``"quadratic"``, ``"cross_entropy"`` (sigmoid output) or ``"log_likelihood"``
        (softmax output).
    init : {"normal", "scaled"}, default "normal"
        ``"normal"``: every weight and bias drawn from N(0, 1) (Nielsen, chapter 1).
        ``"scaled"``: weights from N(0, 1/nˡ⁻¹), biases from N(0, 1) (chapter 3).
    seed : int or numpy.random.Generator, optional
        Seeds the initialisation: the same seed gives the same network.
    dtype : {numpy.float64, numpy.float32}, default numpy.float64
        Floating-point type of the parameters and of all computations.

    Attributes
    ----------
    weights : list of ndarray
        ``weights[l - 1]`` is wˡ, shape ``(sizes[l], sizes[l - 1])``.
    biases : list of ndarray
        ``biases[l - 1]`` is bˡ, shape ``(sizes[l], 1)``.
    sigmas : list of Activation
        ``sigmas[l - 1]`` is the activation of layer l.

    Examples
    --------
    >>> net = Network([784, 30, 10], seed=1)
    >>> net.num_layers, net.weights[0].shape, net.biases[1].shape
    (3, (30, 784), (10, 1))
    >>> Network([3])
    Traceback (most recent call last):
    ...
    ValueError: sizes must list at least two layers (inputs and outputs), got [3]
    """

    def __init__(
        self,
        sizes: Sequence[int],
        activation: str | Activation = "sigmoid",
        output_activation: str | Activation | None = None,
        cost: str | Cost = "quadratic",
        init: str = "normal",
        seed: int | np.random.Generator | None = None,
        dtype: type | np.dtype = np.float64,
    ) -> None:
        self.sizes = _check_sizes(sizes)
        self.num_layers = len(self.sizes)
        hidden = get_activation(activation)
        if not hidden.elementwise:
            raise ValueError(
                f"{hidden.name!r} can only be the output activation; choose a hidden activation "
                "among 'sigmoid', 'tanh', 'relu', 'identity'"
            )
        output = hidden if output_activation is None else get_activation(output_activation)
        self.cost = get_cost(cost)
        self.cost.check(output)
        self.sigmas = [hidden] * (self.num_layers - 2) + [output]
        self.dtype = np.dtype(dtype)
        if self.dtype not in (np.float32, np.float64):
            raise TypeError(f"dtype must be float32 or float64, not {self.dtype}")
        if init not in INITIALISATIONS:
            raise ValueError(f"unknown init {init!r}; expected 'normal' or 'scaled'")
        rng = _checks.rng(seed)
        self.biases = [rng.standard_normal((n, 1)).astype(self.dtype) for n in self.sizes[1:]]
        scale = (lambda n_in: 1.0) if init == "normal" else (lambda n_in: 1 / np.sqrt(n_in))
        self.weights = [
            (rng.standard_normal((n, n_in)) * scale(n_in)).astype(self.dtype)
            for n_in, n in zip(self.sizes[:-1], self.sizes[1:])
        ]

    def __repr__(self) -> str:
        sigmas = ", ".join(s.name for s in self.sigmas)
        return f"Network({self.sizes}, sigmas=[{sigmas}], cost={self.cost.name!r})"

    # --8<-- [start:feedforward]
    def feedforward(self, a: np.ndarray) -> np.ndarray:
        """Return the network's output aᴸ for the input ``a``.

        ``a`` is one example, shape ``(n⁰, 1)`` (or a flat ``(n⁰,)``, giving a flat output),
        or a batch with one example per column, shape ``(n⁰, m)``.

        Examples
        --------
        >>> net = Network([2, 2], seed=0)
        >>> net.feedforward(np.zeros((2, 3))).shape
        (2, 3)
        >>> net.feedforward(np.zeros(3))
        Traceback (most recent call last):
        ...
        ValueError: a must have 2 rows (examples as columns); got shape (3,)
        """
        x = as_columns(a, self.sizes[0], self.dtype, "a")
        output = self._forward(x)[1][-1]
        return output[:, 0] if np.ndim(a) == 1 else output

    # --8<-- [end:feedforward]

    # --8<-- [start:forward]
    def _forward(self, activation: np.ndarray, start: int = 0) -> tuple[list, list]:
        """Return ``(zs, activations)``: the weighted input zˡ and activation aˡ of every layer
        after layer ``start``, from ``activation``, the activation of layer ``start`` (by
        default the input x = a⁰). ``activations`` begins with ``activation`` itself.

        The one forward pass of the package: ``feedforward``, ``evaluate``, ``backprop`` and
        the gradient checks all run it, on columns already checked.
        """
        activations = [activation]
        zs = []
        for w, b, sigma in zip(self.weights[start:], self.biases[start:], self.sigmas[start:]):
            z = w @ activation + b
            zs.append(z)
            activation = sigma(z)
            activations.append(activation)
        return zs, activations

    # --8<-- [end:forward]

    # --8<-- [start:backprop]
    def backprop(self, x: np.ndarray, y: np.ndarray, check: bool = True) -> tuple[list, list]:
        """Return ``(nabla_b, nabla_w)``, the gradient of the cost C with respect to every
        bias and weight, shaped like ``biases`` and ``weights``.

        ``x`` is one example as a column ``(n⁰, 1)`` and ``y`` its desired output ``(nᴸ, 1)``;
        then the result is the gradient of Cₓ. Pass a whole mini-batch instead, one example
        per column (``x`` of shape ``(n⁰, m)``, ``y`` of ``(nᴸ, m)``), and the same lines
        compute the **sum** of the m per-example gradients with matrix products: Nielsen's
        "fully matrix-based approach". Only BP3 needs to sum over the columns explicitly;
        in BP4 the matrix product does the sum. ``check=False`` skips checking ``x`` and
        ``y`` (shapes, types, finite values): [`train`][backprop.training.train] checks its
        data once and then passes it for every mini-batch.

        Examples
        --------
        >>> net = Network([2, 3, 1], seed=0)
        >>> nabla_b, nabla_w = net.backprop(np.ones((2, 1)), np.zeros((1, 1)))
        >>> [nw.shape for nw in nabla_w] == [w.shape for w in net.weights]
        True
        """
        if check:
            x, y = self._as_examples(x, y)
        nabla_b = [None] * len(self.biases)
        nabla_w = [None] * len(self.weights)
        # Forward pass: store every weighted input zˡ and activation aˡ.
        zs, activations = self._forward(x)
        # Backward pass: the output error, then each earlier layer's error. σ'(zˡ) reuses the
        # stored aˡ = σ(zˡ) (for the sigmoid, σ' = a(1 − a)) instead of computing σ again.
        delta = self.cost.delta(zs[-1], activations[-1], y, self.sigmas[-1])  # BP1
        nabla_b[-1] = delta.sum(axis=1, keepdims=True)  # BP3
        nabla_w[-1] = delta @ activations[-2].T  # BP4
        for l in range(2, self.num_layers):
            sigma_prime = self.sigmas[-l].prime(zs[-l], activations[-l])
            delta = (self.weights[-l + 1].T @ delta) * sigma_prime  # BP2
            nabla_b[-l] = delta.sum(axis=1, keepdims=True)  # BP3
            nabla_w[-l] = delta @ activations[-l - 1].T  # BP4
        return nabla_b, nabla_w

    # --8<-- [end:backprop]

    def total_cost(self, x: np.ndarray, y: np.ndarray) -> float:
        """Return the mean cost C = (1/n) Σₓ Cₓ over the n columns of ``x`` and ``y``.

        Examples
        --------
        >>> net = Network([1, 1], seed=0)
        >>> net.weights[0][:] = 0; net.biases[0][:] = 0   # output σ(0) = 0.5 for any input
        >>> net.total_cost(np.zeros((1, 4)), np.ones((1, 4)))  # ½ (1 − 0.5)²
        0.125
        """
        return self.evaluate(x, y)[0]

    def evaluate(self, x: np.ndarray, y: np.ndarray, check: bool = True) -> tuple[float, float]:
        """Return ``(cost, accuracy)`` on the columns of ``x``, in one forward pass.

        ``cost`` is the mean cost (as [`total_cost`][backprop.network.Network.total_cost]);
        ``accuracy`` the fraction of
        examples whose most active output neuron is the most active one in ``y``.
        ``check=False`` skips checking ``x`` and ``y``, as in
        [`backprop`][backprop.network.Network.backprop].

        Examples
        --------
        >>> net = Network([2, 2], seed=0)
        >>> net.weights[0][:] = [[1, 0], [0, 1]]; net.biases[0][:] = 0
        >>> cost, accuracy = net.evaluate(np.eye(2), np.array([[1.0, 1.0], [0.0, 0.0]]))
        >>> accuracy
        0.5
        """
        if check:
            x, y = self._as_examples(x, y)
        zs, activations = self._forward(x)
        z, a = zs[-1], activations[-1]
        cost = float(self.cost.fn(z, a, y).mean())
        return cost, float(np.mean(a.argmax(axis=0) == y.argmax(axis=0)))

    def accuracy(self, x: np.ndarray, labels: np.ndarray) -> float:
        """Return the fraction of the columns of ``x`` whose most active output neuron is
        the integer label given in ``labels`` (shape ``(n,)``).

        Examples
        --------
        >>> net = Network([2, 2], seed=0)
        >>> net.weights[0][:] = [[1, 0], [0, 1]]; net.biases[0][:] = 0
        >>> net.accuracy(np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([0, 0]))
        0.5
        """
        x = as_columns(x, self.sizes[0], self.dtype, "x")
        labels = _checks.labels(labels, self.sizes[-1], "labels", n=x.shape[1])
        return float(np.mean(self.feedforward(x).argmax(axis=0) == labels))

    def parameters(self) -> list[np.ndarray]:
        """Return every parameter array, biases first then weights (views, not copies).

        Examples
        --------
        >>> [p.shape for p in Network([2, 3, 1], seed=0).parameters()]
        [(3, 1), (1, 1), (3, 2), (1, 3)]
        """
        return [*self.biases, *self.weights]

    def _as_examples(self, x, y) -> tuple[np.ndarray, np.ndarray]:
        """Return inputs ``x`` and desired outputs ``y`` as columns, checking they match."""
        x = as_columns(x, self.sizes[0], self.dtype, "x")
        y = as_columns(y, self.sizes[-1], self.dtype, "y")
        if y.shape[1] != x.shape[1]:
            raise ValueError(
                f"x and y must hold the same number of examples (columns); "
                f"got x {x.shape} and y {y.shape}"
            )
        return x, y


def as_columns(x, rows: int, dtype: type | np.dtype = np.float64, name: str = "x") -> np.ndarray:
    """Return the data ``x`` as a 2-D array of ``dtype`` with ``rows`` rows, one example per
    column: the form every method of [`Network`][backprop.network.Network] takes.

    Parameters
    ----------
    x : array_like
        Real numbers, shape ``(rows, m)``, or ``(rows,)`` for one example (one column).
    rows : int
        The number of rows: a network's input size n⁰ for inputs, nᴸ for desired outputs.
    dtype : {numpy.float64, numpy.float32}, default numpy.float64
        The type of the result; an array already of this type is not copied.
    name : str, default "x"
        The name that error messages give ``x``.

    Raises
    ------
    TypeError
        If ``x`` is not an array of real numbers.
    ValueError
        If ``x`` has another shape, or holds NaN or an infinity.

    Examples
    --------
    Data stored as rows, one example per row, become columns by a transpose (a view):

    >>> rows = np.arange(6.0).reshape(3, 2)     # three examples with two inputs each
    >>> as_columns(rows.T, 2).shape
    (2, 3)
    >>> as_columns([0.5, np.nan], 2)
    Traceback (most recent call last):
    ...
    ValueError: x must hold finite numbers; got 1 NaN or infinite value(s) of 2
    """
    return _checks.columns(x, rows, np.dtype(dtype), name)


def _check_sizes(sizes) -> list[int]:
    if isinstance(sizes, (str, bytes)) or not isinstance(sizes, (Sequence, np.ndarray)):
        raise TypeError(f"sizes must be a list of layer sizes such as [784, 30, 10], got {sizes!r}")
    sizes = list(sizes)
    if len(sizes) < 2:
        raise ValueError(f"sizes must list at least two layers (inputs and outputs), got {sizes}")
    return [_checks.integer(n, f"sizes[{l}]", minimum=1) for l, n in enumerate(sizes)]
