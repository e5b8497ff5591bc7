"""Mini-batch stochastic gradient descent, with momentum, Nesterov momentum and L2 decay.

For each mini-batch of m examples, backprop gives the summed gradient Σₓ ∇Cₓ; with the
mean gradient g = (1/m) Σₓ ∇Cₓ + (λ/n) w (the last term is L2 weight decay, n the size of
the training set; biases are not decayed), one step of each method is:

==========================  =====================================================
plain SGD (β = 0)           w ← w − η g
heavy-ball momentum         v ← β v − η g;  w ← w + v
Nesterov momentum           v ← β v − η g;  w ← w + β v − η g
==========================  =====================================================

Nesterov's method evaluates the gradient at the look-ahead point w + βv. Written as above
(Bengio's reformulation) the stored parameters *are* the look-ahead points, so the gradient
is taken where the parameters stand and every method costs one backprop per mini-batch.
With β = 0 both momentum rules reduce to plain SGD, bit for bit.

>>> from backprop import Network, datasets
>>> x, labels = datasets.xor()
>>> net = Network([2, 3, 2], seed=0)
>>> history = train(net, (x, labels), epochs=3, mini_batch_size=2, eta=1.0, seed=0)
>>> history.epochs, len(history.training_cost)
([1, 2, 3], 3)
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from numbers import Integral, Real

import numpy as np

from .network import Network

__all__ = ["METHODS", "DivergenceError", "History", "train"]

#: How each mini-batch's gradient is computed: one backprop call per example (Nielsen's
#: ``update_mini_batch`` loop), or one call for the whole mini-batch (the matrix form).
METHODS = ("matrix", "per_example")


@dataclass
class History:
    """What happened during training, one entry per epoch.

    Accuracies are fractions in [0, 1]; costs are means over examples, as in
    :meth:`Network.total_cost`; ``seconds`` is the time spent on the updates alone.
    Evaluation lists stay empty when no evaluation data is given.

    >>> h = History()
    >>> h.epochs, h.best_evaluation_accuracy
    ([], None)
    """

    epochs: list[int] = field(default_factory=list)
    training_cost: list[float] = field(default_factory=list)
    training_accuracy: list[float] = field(default_factory=list)
    evaluation_cost: list[float] = field(default_factory=list)
    evaluation_accuracy: list[float] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)

    @property
    def best_evaluation_accuracy(self) -> float | None:
        """The highest evaluation accuracy reached, or ``None`` before any evaluation.

        >>> History(evaluation_accuracy=[0.9, 0.95, 0.93]).best_evaluation_accuracy
        0.95
        """
        return max(self.evaluation_accuracy, default=None)


class DivergenceError(FloatingPointError):
    """Training produced a non-finite cost. ``history`` holds the epochs up to the failure.

    >>> issubclass(DivergenceError, FloatingPointError)
    True
    """

    def __init__(self, message: str, history: History) -> None:
        super().__init__(message)
        self.history = history


# --8<-- [start:train]
def train(
    net: Network,
    training_data,
    epochs: int,
    mini_batch_size: int,
    eta: float,
    *,
    momentum: float = 0.0,
    nesterov: bool = False,
    lmbda: float = 0.0,
    evaluation_data=None,
    seed: int | np.random.Generator | None = None,
    callback: Callable[[int, Network, History], None] | None = None,
    method: str = "matrix",
    monitor_training: bool = True,
) -> History:
    """Train ``net`` in place by mini-batch SGD and return the :class:`History`.

    Parameters
    ----------
    net : Network
        The network to train; its weights and biases are updated in place.
    training_data : tuple (x, y)
        ``x`` of shape ``(n⁰, n)``, one example per column; ``y`` either the integer labels,
        shape ``(n,)``, or the desired outputs, shape ``(nᴸ, n)``.
    epochs, mini_batch_size : int
        Passes over the data, and examples per gradient step (at least 1 each).
    eta : float
        The learning rate η > 0.
    momentum : float
        β in [0, 1); 0 gives plain SGD.
    nesterov : bool
        Use Nesterov's momentum instead of the heavy ball (needs β > 0 to differ).
    lmbda : float
        L2 regularisation λ ≥ 0 (Nielsen's ``lmbda``): the cost gains (λ/2n) Σ w².
    evaluation_data : tuple (x, y), optional
        Data to measure after every epoch (e.g. the validation or test set).
    seed : int or Generator, optional
        Seeds the shuffling: same network, data and seed give the same history.
    callback : callable, optional
        Called as ``callback(epoch, net, history)`` after each epoch, to watch learning.
    method : {"matrix", "per_example"}
        ``"matrix"`` backpropagates the whole mini-batch at once; ``"per_example"`` loops over
        its examples as Nielsen's chapter-1 code does. Both give the same gradients.
    monitor_training : bool
        Measure the cost and accuracy on the whole training set after every epoch (one
        forward pass over it). ``False`` leaves those lists empty and saves that time.

    Raises
    ------
    DivergenceError
        When a cost or a parameter becomes non-finite (η too large).

    Examples
    --------
    >>> from backprop import Network, datasets
    >>> x, labels = datasets.moons(n=200, seed=0)
    >>> net = Network([2, 8, 2], seed=0)
    >>> history = train(net, (x, labels), epochs=30, mini_batch_size=10, eta=2.0,
    ...                 momentum=0.5, seed=0)
    >>> history.training_accuracy[-1] > 0.8
    True
    """
    x, y = _check_data(net, training_data, "training_data")
    evaluation = (
        None if evaluation_data is None else _check_data(net, evaluation_data, "evaluation_data")
    )
    _check_hyperparameters(epochs, mini_batch_size, eta, momentum, lmbda, method)
    n = x.shape[1]
    rng = np.random.default_rng(seed)
    velocities = [np.zeros_like(p) for p in net.parameters()] if momentum else None
    history = History()
    for epoch in range(1, epochs + 1):
        start = time.perf_counter()
        order = rng.permutation(n)
        with np.errstate(over="ignore", invalid="ignore"):  # divergence is reported below
            for k in range(0, n, mini_batch_size):
                batch = order[k : k + mini_batch_size]
                nabla_b, nabla_w = _gradient(net, x[:, batch], y[:, batch], method)
                steps = _steps(net, nabla_b, nabla_w, eta / len(batch), eta * lmbda / n)
                _update(net.parameters(), steps, velocities, momentum, nesterov)
        history.seconds.append(time.perf_counter() - start)
        history.epochs.append(epoch)
        _record(net, history, epoch, (x, y) if monitor_training else None, evaluation)
        if callback is not None:
            callback(epoch, net, history)
    return history


# --8<-- [end:train]


def _steps(net: Network, nabla_b, nabla_w, rate: float, decay: float) -> list[np.ndarray]:
    """Return η g for every parameter (biases first), reusing the gradient arrays.

    ``rate`` is η/m, so that rate · Σₓ ∇Cₓ = η (1/m) Σₓ ∇Cₓ; ``decay`` is ηλ/n, the L2 term
    applied to the weights only.
    """
    for nabla in (*nabla_b, *nabla_w):
        nabla *= rate
    if decay:
        for nw, w in zip(nabla_w, net.weights):
            nw += decay * w
    return [*nabla_b, *nabla_w]


def _update(params, steps, velocities, momentum: float, nesterov: bool) -> None:
    """Apply one step in place to every parameter, given its η g."""
    if velocities is None:  # plain SGD
        for p, step in zip(params, steps):
            p -= step  # w ← w − η g
        return
    for p, v, step in zip(params, velocities, steps):
        v *= momentum
        v -= step  # v ← β v − η g
        if nesterov:
            p += momentum * v - step  # w ← w + β v − η g
        else:
            p += v  # w ← w + v


def _gradient(net: Network, x: np.ndarray, y: np.ndarray, method: str) -> tuple[list, list]:
    """Return the summed gradient of the mini-batch ``x, y`` by the chosen method."""
    if method == "matrix":
        return net.backprop(x, y)
    nabla_b = [np.zeros_like(b) for b in net.biases]
    nabla_w = [np.zeros_like(w) for w in net.weights]
    for j in range(x.shape[1]):
        delta_nabla_b, delta_nabla_w = net.backprop(x[:, j : j + 1], y[:, j : j + 1])
        nabla_b = [nb + dnb for nb, dnb in zip(nabla_b, delta_nabla_b)]
        nabla_w = [nw + dnw for nw, dnw in zip(nabla_w, delta_nabla_w)]
    return nabla_b, nabla_w


def _record(net: Network, history: History, epoch: int, training, evaluation) -> None:
    """Append the epoch's costs and accuracies; raise DivergenceError on non-finite values."""
    for prefix, data in (("training", training), ("evaluation", evaluation)):
        if data is None:
            continue
        with np.errstate(over="ignore", invalid="ignore"):
            cost, accuracy = net.evaluate(*data)
        getattr(history, f"{prefix}_cost").append(cost)
        getattr(history, f"{prefix}_accuracy").append(accuracy)
        if not np.isfinite(cost):
            raise DivergenceError(
                f"the {prefix} cost became {cost} at epoch {epoch}: training diverged; "
                f"try a smaller learning rate eta",
                history,
            )
    if not all(np.isfinite(p).all() for p in net.parameters()):
        raise DivergenceError(
            f"the weights or biases became non-finite at epoch {epoch}: training diverged; "
            f"try a smaller learning rate eta",
            history,
        )


def _check_data(net: Network, data, name: str) -> tuple[np.ndarray, np.ndarray]:
    """Return ``(x, y)``: inputs and desired outputs (one-hot for labels), as columns."""
    if not (isinstance(data, (tuple, list)) and len(data) == 2):
        raise TypeError(f"{name} must be a pair (x, y), got {type(data).__name__}")
    x = net._as_columns(data[0], f"{name}[0] (x)", net.sizes[0])
    if x.shape[1] == 0:
        raise ValueError(f"{name} is empty: x has shape {x.shape}")
    n_out = net.sizes[-1]
    y = np.asarray(data[1])
    if y.ndim == 1:
        if y.shape != (x.shape[1],) or not np.issubdtype(y.dtype, np.integer):
            raise ValueError(
                f"{name}[1] as labels must be {x.shape[1]} integers, one per column of x; "
                f"got shape {y.shape} of dtype {y.dtype}"
            )
        if y.min() < 0 or y.max() >= n_out:
            raise ValueError(
                f"{name}[1] labels must lie in 0..{n_out - 1} (one per output neuron); "
                f"got values from {y.min()} to {y.max()}"
            )
        y = np.eye(n_out, dtype=net.dtype)[:, y]
    else:
        y = net._as_columns(y, f"{name}[1] (y)", n_out)
    if x.shape[1] != y.shape[1]:
        raise ValueError(
            f"{name}: x and y must hold the same number of examples (columns); "
            f"got x {x.shape} and y {y.shape}"
        )
    if not (np.isfinite(x).all() and np.isfinite(y).all()):
        raise ValueError(f"{name} contains NaN or infinite values")
    return x, y


def _check_hyperparameters(epochs, mini_batch_size, eta, momentum, lmbda, method) -> None:
    for name, value in (("epochs", epochs), ("mini_batch_size", mini_batch_size)):
        if isinstance(value, bool) or not isinstance(value, Integral) or value < 1:
            raise ValueError(f"{name} must be an integer ≥ 1, got {value!r}")
    for name, value in (("eta", eta), ("momentum", momentum), ("lmbda", lmbda)):
        if isinstance(value, bool) or not isinstance(value, Real) or not np.isfinite(value):
            raise TypeError(f"{name} must be a finite real number, got {value!r}")
    if eta <= 0:
        raise ValueError(f"eta (the learning rate) must be > 0, got {eta}")
    if not 0 <= momentum < 1:
        raise ValueError(f"momentum β must lie in [0, 1), got {momentum}")
    if lmbda < 0:
        raise ValueError(f"lmbda (L2 regularisation) must be ≥ 0, got {lmbda}")
    if method not in METHODS:
        raise ValueError(f"method must be 'matrix' or 'per_example', got {method!r}")
