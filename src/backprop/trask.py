"""trask's two networks from *A Neural Network in 11 lines of Python (Part 1)* (2015).

Andrew Trask, iamtrask.github.io, 2015-07-12. His code is kept line for line: the same
variable names (``l0``, ``l1``, ``syn0``, ``l1_error``, ``l1_delta``, …), the same arithmetic
in the same order, and the same random numbers (``np.random.RandomState(seed).random``
draws the stream of ``np.random.seed(seed); np.random.random``, without touching NumPy's
global state), so with ``seed=1`` the results are his published ones. Otherwise only
``xrange`` became ``range``, ``print`` became a returned value, and comments mark BP1–BP4.

Naming: trask counts the input layer ``l0``, so his "2 layer neural network" has one weight
matrix ``syn0`` (inputs → output), and his "3 layer neural network" has two, ``syn0`` and
``syn1``, with one hidden layer of four neurons. In Nielsen's terms these are the networks
``[3, 1]`` and ``[3, 4, 1]``, both without biases. Here they are
[`two_layer_network`][backprop.trask.two_layer_network] and
[`three_layer_network`][backprop.trask.three_layer_network].

How his lines are backpropagation (Nielsen's BP1–BP4):

* **Examples are rows.** trask stacks the four examples as the rows of ``X`` (shape
  ``(4, 3)``), so a layer is ``l1 = nonlin(np.dot(l0, syn0))`` with ``syn0`` of shape
  ``(n_in, n_out)``: the transpose of this package's convention, where examples are columns
  and zˡ = wˡ aˡ⁻¹ with wˡ of shape ``(n_out, n_in)``. Hence ``syn0`` is (w¹)ᵀ, and every
  product below is the transpose of the one in [`backprop`][backprop.network.Network.backprop].
* **The cost** is the quadratic C = ½ Σₓ ‖y − a‖², summed (not averaged) over the four
  examples, so ∂C/∂a = a − y. trask computes ``error = y - a`` = −∂C/∂a instead: his deltas
  are −δ, and ``syn += ...`` is then a gradient-descent step with learning rate η = 1.
* ``nonlin(x, deriv=True)`` returns ``x * (1 - x)``: it takes the *activation* a = σ(z),
  not z, and returns σ'(z) = σ(z)(1 − σ(z)).
* ``l_delta = l_error * nonlin(l, deriv=True)`` at the output layer is **BP1**,
  δᴸ = ∇ₐC ⊙ σ'(zᴸ) (with the sign flipped as above).
* ``l1_error = l2_delta.dot(syn1.T)`` followed by ``l1_delta = l1_error * nonlin(l1, True)``
  is **BP2**, δˡ = ((wˡ⁺¹)ᵀ δˡ⁺¹) ⊙ σ'(zˡ), with rows for columns: (wᵀ δ)ᵀ = δᵀ w, and
  ``syn1.T`` is w².
* ``l0.T.dot(l1_delta)`` is **BP4**, ∂C/∂wˡⱼₖ = aˡ⁻¹ₖ δˡⱼ, summed over the examples by the
  matrix product; it is (δˡ (aˡ⁻¹)ᵀ)ᵀ, the transpose of the package's ``delta @ a.T``.
* There are no biases, so there is no **BP3**. The third input column of ``X`` is always 1
  and plays the part of a bias for the first layer.

Every digit he printed is reproduced. The last bit or two of the full-precision values can
differ between machines (NumPy's vectorised ``np.exp`` and the BLAS behind ``np.dot`` are
not bit-identical across CPUs and builds): a relative difference of about 1e-15.

Examples
--------
>>> two_layer_network().output.round(8).ravel().tolist()
[0.00966449, 0.00786506, 0.99358898, 0.99211957]
>>> [f"{error:.12g}" for error in three_layer_network(iterations=10_001).errors]
['0.496410031903', '0.00858452565325']
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from . import _checks

__all__ = [
    "ThreeLayerResult",
    "TwoLayerResult",
    "nonlin",
    "three_layer_network",
    "two_layer_network",
]


# --8<-- [start:nonlin]
def nonlin(x, deriv=False):
    """trask's sigmoid σ(x) = 1 / (1 + e⁻ˣ), or with ``deriv=True`` its derivative from σ.

    With ``deriv=True``, ``x`` must already be an activation a = σ(z): the result
    a(1 − a) is σ'(z). Kept as he wrote it (rather than reusing
    [`sigmoid`][backprop.activations.Sigmoid], which evaluates σ differently) so that results
    match his to the last bit.

    Examples
    --------
    >>> nonlin(np.array([0.0]))
    array([0.5])
    >>> nonlin(nonlin(np.array([0.0])), deriv=True)  # σ'(0) = σ(0)(1 − σ(0))
    array([0.25])
    """
    if deriv:
        return x * (1 - x)
    return 1 / (1 + np.exp(-x))


# --8<-- [end:nonlin]


class TwoLayerResult(NamedTuple):
    """What [`two_layer_network`][backprop.trask.two_layer_network] returns.

    Attributes
    ----------
    output : ndarray, shape (4, 1)
        ``l1`` of the last iteration (computed before that iteration's weight update): what
        trask prints as "Output After Training".
    syn0 : ndarray, shape (3, 1)
        The trained weights.

    Examples
    --------
    >>> two_layer_network(iterations=1).syn0.shape
    (3, 1)
    """

    output: np.ndarray
    syn0: np.ndarray


class ThreeLayerResult(NamedTuple):
    """What [`three_layer_network`][backprop.trask.three_layer_network] returns.

    Attributes
    ----------
    output : ndarray, shape (4, 1)
        ``l2`` of the last iteration (before that iteration's update), trask's printed output.
    syn0 : ndarray, shape (3, 4)
        The trained input → hidden weights.
    syn1 : ndarray, shape (4, 1)
        The trained hidden → output weights.
    errors : list of float
        ``np.mean(np.abs(l2_error))`` at iterations 0, 10,000, 20,000, …: what he prints.

    Examples
    --------
    >>> len(three_layer_network(iterations=20_001).errors)
    3
    """

    output: np.ndarray
    syn0: np.ndarray
    syn1: np.ndarray
    errors: list[float]


def two_layer_network(iterations: int = 10_000, seed: int = 1) -> TwoLayerResult:
    """trask's "2 layer neural network": inputs ``l0`` → output ``l1``, no hidden layer.

    It learns y = the first input column, from the four examples in the rows of ``X``.

    Parameters
    ----------
    iterations : int, default 10_000
        Full-batch gradient-descent steps (his ``for iter in xrange(10000)``), at least 1.
    seed : int, default 1
        Seeds ``np.random.RandomState``; 1 is his ``np.random.seed(1)``.

    Returns
    -------
    TwoLayerResult
        ``(output, syn0)``; with the defaults, ``output`` ≈ ``[[0.00966449] [0.00786506]
        [0.99358898] [0.99211957]]``, as published.

    Examples
    --------
    >>> result = two_layer_network()
    >>> print(result.output)
    [[0.00966449]
     [0.00786506]
     [0.99358898]
     [0.99211957]]
    >>> two_layer_network(iterations=0)
    Traceback (most recent call last):
    ...
    ValueError: iterations must be an int ≥ 1, got 0
    """
    _check_iterations(iterations)
    _check_seed(seed)
    # --8<-- [start:two_layer]
    # input dataset
    X = np.array([[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]])

    # output dataset
    y = np.array([[0, 0, 1, 1]]).T

    # seed random numbers to make calculation
    # deterministic (just a good practice)
    random = np.random.RandomState(seed)  # his np.random.seed(1), without global state

    # initialize weights randomly with mean 0
    syn0 = 2 * random.random((3, 1)) - 1

    for iter in range(iterations):
        # forward propagation
        l0 = X
        l1 = nonlin(np.dot(l0, syn0))

        # how much did we miss?
        l1_error = y - l1

        # multiply how much we missed by the
        # slope of the sigmoid at the values in l1
        l1_delta = l1_error * nonlin(l1, True)  # BP1 (η = 1, sign folded into y - l1)

        # update weights
        syn0 += np.dot(l0.T, l1_delta)  # BP4, examples as rows
    # --8<-- [end:two_layer]
    return TwoLayerResult(l1, syn0)


def three_layer_network(iterations: int = 60_000, seed: int = 1) -> ThreeLayerResult:
    """trask's "3 layer neural network": inputs ``l0`` → hidden ``l1`` (4) → output ``l2``.

    It learns y = XOR of the first two input columns, which no network without a hidden
    layer can represent.

    Parameters
    ----------
    iterations : int, default 60_000
        Full-batch gradient-descent steps (his ``for j in xrange(60000)``), at least 1.
    seed : int, default 1
        Seeds ``np.random.RandomState``; 1 is his ``np.random.seed(1)``.

    Returns
    -------
    ThreeLayerResult
        ``(output, syn0, syn1, errors)``; with the defaults, ``output`` ≈ ``[[0.00260572]
        [0.99672209] [0.99701711] [0.00386759]]`` and ``errors`` ≈ 0.4964, 0.008585, 0.005789,
        0.004629, 0.003959, 0.003510, as published.

    Examples
    --------
    >>> result = three_layer_network()
    >>> print(result.output)
    [[0.00260572]
     [0.99672209]
     [0.99701711]
     [0.00386759]]
    >>> [f"{error:.12g}" for error in result.errors][:3]
    ['0.496410031903', '0.00858452565325', '0.00578945986251']
    """
    _check_iterations(iterations)
    _check_seed(seed)
    # --8<-- [start:three_layer]
    X = np.array([[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]])

    y = np.array([[0], [1], [1], [0]])

    random = np.random.RandomState(seed)  # his np.random.seed(1), without global state
    errors = []  # what he prints every 10,000 iterations

    # randomly initialize our weights with mean 0
    syn0 = 2 * random.random((3, 4)) - 1
    syn1 = 2 * random.random((4, 1)) - 1

    for j in range(iterations):
        # Feed forward through layers 0, 1, and 2
        l0 = X
        l1 = nonlin(np.dot(l0, syn0))
        l2 = nonlin(np.dot(l1, syn1))

        # how much did we miss the target value?
        l2_error = y - l2

        if (j % 10000) == 0:
            errors.append(float(np.mean(np.abs(l2_error))))  # he prints "Error:" + str(...)

        # in what direction is the target value?
        # were we really sure? if so, don't change too much.
        l2_delta = l2_error * nonlin(l2, deriv=True)  # BP1 (η = 1, sign folded into y - l2)

        # how much did each l1 value contribute to the l2 error (according to the weights)?
        l1_error = l2_delta.dot(syn1.T)

        # in what direction is the target l1?
        # were we really sure? if so, don't change too much.
        l1_delta = l1_error * nonlin(l1, deriv=True)  # BP2

        syn1 += l1.T.dot(l2_delta)  # BP4 for w², examples as rows
        syn0 += l0.T.dot(l1_delta)  # BP4 for w¹
    # --8<-- [end:three_layer]
    return ThreeLayerResult(l2, syn0, syn1, errors)


def _check_iterations(iterations) -> None:
    _checks.integer(iterations, "iterations", minimum=1)


def _check_seed(seed) -> None:
    _checks.integer(seed, "seed")
    if not 0 <= seed < 2**32:
        raise ValueError(f"seed must be between 0 and 2**32 - 1, got {seed}")
