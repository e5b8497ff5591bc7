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

Examples
--------
>>> from backprop import Network, datasets
>>> x, labels = datasets.xor()
>>> net = Network([2, 3, 2], seed=0)
>>> history = train(net, (x, labels), epochs=3, mini_batch_size=2, eta=1.0, seed=0)
>>> history.epochs, len(history.training_cost)
([1, 2, 3], 3)
"""

from __future__ import annotations

import os
import time
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial

import numpy as np

from . import _checks
from .datasets import one_hot
from .network import Network, as_columns

__all__ = ["METHODS", "DivergenceError", "History", "in_processes", "mini_batches", "train"]

# Examples gathered at once when shuffling: about 0.6 MB of MNIST in float64, which stays in
# a processor's L2 cache until its mini-batches have been used (measured: faster than 1,000).
_CHUNK_EXAMPLES = 100

METHODS = ("matrix", "per_example")
"""How each mini-batch's gradient is computed: one backprop call per example (Nielsen's
``update_mini_batch`` loop), or one call for the whole mini-batch (the matrix form)."""


@dataclass
class History:
    """What happened during training, one entry per epoch.

    Accuracies are fractions in [0, 1]; costs are means over examples, as in
    [`Network.total_cost`][backprop.network.Network.total_cost]; ``seconds`` is the time spent on
    the updates alone.
    Evaluation lists stay empty when no evaluation data is given.

    Examples
    --------
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

        Examples
        --------
        >>> History(evaluation_accuracy=[0.9, 0.95, 0.93]).best_evaluation_accuracy
        0.95
        """
        return max(self.evaluation_accuracy, default=None)


class DivergenceError(FloatingPointError):
    """Training produced a non-finite cost. ``history`` holds the epochs up to the failure.

    Examples
    --------
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
    """Train ``net`` in place by mini-batch SGD and return the
    [`History`][backprop.training.History].

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
    rng = _checks.rng(seed)
    # The data are checked once, above; then each mini-batch is one step, taken in place.
    step = partial(
        _matrix_step if method == "matrix" else _per_example_step,
        net,
        velocities=[
            (np.zeros_like(b), np.zeros_like(w)) if momentum else None
            for b, w in zip(net.biases, net.weights)
        ],
        decay=eta * lmbda / n,
        momentum=momentum,
        nesterov=nesterov,
    )
    buffers = _chunk_buffers(x, y, mini_batch_size)  # shuffled examples are gathered here
    history = History()
    for epoch in range(1, epochs + 1):
        start = time.perf_counter()
        with np.errstate(over="ignore", invalid="ignore"):  # divergence is reported below
            for x_batch, y_batch in mini_batches(x, y, mini_batch_size, rng, buffers):
                step(x_batch, y_batch, eta / x_batch.shape[1])
        history.seconds.append(time.perf_counter() - start)
        history.epochs.append(epoch)
        _record(net, history, epoch, (x, y) if monitor_training else None, evaluation)
        if callback is not None:
            callback(epoch, net, history)
    return history


# --8<-- [end:train]


def in_processes(functions: Sequence[Callable[[], object]]) -> list:
    """Return ``[f() for f in functions]``, each ``f`` called in a process of its own, as many
    at once as there are cores: independent training runs in parallel.

    The processes are forked, so the functions may be closures defined anywhere (in a notebook
    cell too); only their results are copied back, pickled. Where processes cannot be forked
    (Windows) or there is one core, the functions are called here, one after another. Either
    way the results are the same, since every run is seeded.

    Examples
    --------
    >>> from backprop import Network, datasets
    >>> x, labels = datasets.xor()
    >>> def run(seed):
    ...     return train(Network([2, 3, 2], seed=seed), (x, labels), 5, 2, 1.0, seed=seed)
    >>> [h.training_cost for h in in_processes([lambda: run(0), lambda: run(1)])] == [
    ...     run(0).training_cost, run(1).training_cost]
    True
    """
    import multiprocessing  # here: it imports socket, which `import backprop` must not

    global _FUNCTIONS
    processes = min(len(functions), os.cpu_count() or 1)
    if processes < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [f() for f in functions]
    _FUNCTIONS = functions  # the forked workers inherit them
    try:
        with warnings.catch_warnings():
            # Python ≥ 3.12 warns that forking a multi-threaded process (a Jupyter kernel,
            # BLAS) may deadlock in the child; the children here only compute and return.
            warnings.filterwarnings(
                "ignore", "This process .* is multi-threaded", DeprecationWarning
            )
            with multiprocessing.get_context("fork").Pool(processes) as pool:
                return pool.map(_call, range(len(functions)), chunksize=1)
    finally:
        _FUNCTIONS = ()  # hold no runs (and the data they close over) after the call


_FUNCTIONS: Sequence[Callable[[], object]] = ()


def _call(i: int):
    """Call the i-th function given to [`in_processes`][backprop.training.in_processes]."""
    return _FUNCTIONS[i]()


def mini_batches(
    x: np.ndarray,
    y: np.ndarray,
    size: int,
    rng: np.random.Generator,
    buffers: tuple[np.ndarray, np.ndarray] | None = None,
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Yield the columns of ``x`` and ``y`` shuffled by ``rng``, ``size`` at a time.

    The last mini-batch is smaller when ``size`` does not divide the number of examples.
    The shuffled columns are gathered a chunk of about 100 at a time, a few large copies
    instead of one small copy per mini-batch; each mini-batch is a view into its chunk.
    [`train`][backprop.training.train] passes ``buffers`` for the chunks, made once per call
    and reused, so each of its mini-batches is valid only until the next chunk is gathered;
    without ``buffers`` every chunk is new and every mini-batch stays valid.

    Examples
    --------
    >>> x = np.arange(5.0)[None, :]
    >>> [xb.tolist() for xb, yb in mini_batches(x, x, 2, np.random.default_rng(0))]
    [[[2.0, 4.0]], [[3.0, 0.0]], [[1.0]]]
    """
    x_rows, y_rows = buffers or _chunk_buffers(x, y, size)  # examples as rows, C order
    order = rng.permutation(x.shape[1])
    for first in range(0, len(order), len(x_rows)):
        if first and buffers is None:
            x_rows, y_rows = _chunk_buffers(x, y, size)
        shuffled = order[first : first + len(x_rows)]
        x_chunk = np.take(x.T, shuffled, axis=0, out=x_rows[: len(shuffled)], mode="clip")
        y_chunk = np.take(y.T, shuffled, axis=0, out=y_rows[: len(shuffled)], mode="clip")
        for k in range(0, len(shuffled), size):
            yield x_chunk[k : k + size].T, y_chunk[k : k + size].T


def _chunk_buffers(x: np.ndarray, y: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """Return the buffers that [`mini_batches`][backprop.training.mini_batches] gathers into:
    room for a whole number of mini-batches, about 100 examples, as rows."""
    chunk = min(size * max(1, _CHUNK_EXAMPLES // size), x.shape[1])
    return np.empty((chunk, x.shape[0]), x.dtype), np.empty((chunk, y.shape[0]), y.dtype)


# --8<-- [start:matrix_step]
def _matrix_step(net: Network, x, y, rate: float, velocities, **rule) -> None:
    """Take one step of SGD on the mini-batch ``x, y`` (columns): ``net.backprop(x, y)``
    and the update in one pass, each layer updated in place as soon as its gradient is known.

    The same BP1–BP4 as [`backprop`][backprop.network.Network.backprop], rearranged for speed
    without changing the arithmetic beyond rounding: δᴸ is multiplied by ``rate`` = η/m at
    once, so that BP2–BP4, linear in δ, give the step η/m Σₓ ∇Cₓ directly; and BP2 takes wˡ
    before its update. ``velocities`` and ``rule`` are what ``_update`` takes.
    """
    zs, activations = net._forward(x)
    delta = rate * net.cost.delta(zs[-1], activations[-1], y, net.sigmas[-1])  # BP1, × η/m
    for l in range(1, net.num_layers):
        w, b = net.weights[-l], net.biases[-l]
        step_b = delta.sum(axis=1, keepdims=True)  # BP3
        step_w = delta @ activations[-l - 1].T  # BP4
        if l < net.num_layers - 1:
            sigma_prime = net.sigmas[-l - 1].prime(zs[-l - 1], activations[-l - 1])
            delta = (w.T @ delta) * sigma_prime  # BP2, with wˡ before its update
        _update(b, w, step_b, step_w, velocities[-l], **rule)


# --8<-- [end:matrix_step]


def _per_example_step(net: Network, x, y, rate: float, velocities, **rule) -> None:
    """Take one step of SGD on the mini-batch ``x, y``, one backprop per example (Nielsen's
    ``update_mini_batch`` loop), the gradients summed in place."""
    nabla_b, nabla_w = net.backprop(x[:, :1], y[:, :1], check=False)
    for j in range(1, x.shape[1]):
        delta_nabla_b, delta_nabla_w = net.backprop(x[:, j : j + 1], y[:, j : j + 1], check=False)
        for nabla, delta_nabla in zip((*nabla_b, *nabla_w), (*delta_nabla_b, *delta_nabla_w)):
            nabla += delta_nabla
    for layer in zip(net.biases, net.weights, nabla_b, nabla_w, velocities):
        b, w, nb, nw, velocity = layer
        nb *= rate  # η/m Σₓ ∇Cₓ
        nw *= rate
        _update(b, w, nb, nw, velocity, **rule)


def _update(b, w, step_b, step_w, velocity, decay: float, momentum: float, nesterov: bool):
    """Move one layer's ``b`` and ``w`` in place, given the steps η/m Σₓ ∇Cₓ of each.

    ``decay`` is ηλ/n: L2 adds ``decay * w`` to the weights' step (the biases are not decayed).
    ``velocity`` is ``None`` for plain SGD, else the pair of velocities (of b, of w).
    """
    if decay:
        step_w += decay * w
    if velocity is None:  # plain SGD: w ← w − η g
        b -= step_b
        w -= step_w
        return
    for p, step, v in zip((b, w), (step_b, step_w), velocity):
        v *= momentum
        v -= step  # v ← β v − η g
        if nesterov:
            p += momentum * v - step  # w ← w + β v − η g
        else:
            p += v  # w ← w + v


def _record(net: Network, history: History, epoch: int, training, evaluation) -> None:
    """Append the epoch's costs and accuracies; raise DivergenceError on non-finite values."""
    for prefix, data in (("training", training), ("evaluation", evaluation)):
        if data is None:
            continue
        with np.errstate(over="ignore", invalid="ignore"):
            cost, accuracy = net.evaluate(*data, check=False)
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
    """Return ``(x, y)``: inputs and desired outputs (one-hot for labels), as columns.

    Both are returned in Fortran order (each column contiguous, a view for MNIST's ``x``),
    so that gathering shuffled columns copies whole columns.
    """
    if not (isinstance(data, (tuple, list)) and len(data) == 2):
        raise TypeError(f"{name} must be a pair (x, y), got {type(data).__name__}")
    x = as_columns(data[0], net.sizes[0], net.dtype, f"{name}[0] (x)")
    if x.shape[1] == 0:
        raise ValueError(f"{name} is empty: x has shape {x.shape}")
    if np.ndim(data[1]) == 1:
        labels = _checks.labels(data[1], net.sizes[-1], f"{name}[1] (labels)", n=x.shape[1])
        return np.asfortranarray(x), np.asfortranarray(one_hot(labels, net.sizes[-1], net.dtype))
    y = as_columns(data[1], net.sizes[-1], net.dtype, f"{name}[1] (y)")
    if x.shape[1] != y.shape[1]:
        raise ValueError(
            f"{name}: x and y must hold the same number of examples (columns); "
            f"got x {x.shape} and y {y.shape}"
        )
    return np.asfortranarray(x), np.asfortranarray(y)


def _check_hyperparameters(epochs, mini_batch_size, eta, momentum, lmbda, method) -> None:
    _checks.integer(epochs, "epochs", minimum=1)
    _checks.integer(mini_batch_size, "mini_batch_size", minimum=1)
    _checks.real(eta, "eta (the learning rate)", 0, open_low=True)
    _checks.real(momentum, "momentum β", 0, 1)
    _checks.real(lmbda, "lmbda (L2 regularisation)", 0)
    if method not in METHODS:
        raise ValueError(f"method must be 'matrix' or 'per_example', got {method!r}")
