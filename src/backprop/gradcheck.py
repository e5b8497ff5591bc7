"""Gradient checking: backpropagation against central finite differences.

For a parameter p, the central difference (C(p + ε) − C(p − ε)) / 2ε approximates ∂C/∂p with
an error of order ε². It costs two forward passes *per parameter*, which is why nobody trains
this way, and why it is the perfect referee for backprop, which gets all of them in one
backward pass.

Examples
--------
>>> import numpy as np
>>> from backprop import Network
>>> net = Network([3, 4, 2], seed=0)
>>> x, y = np.ones((3, 1)), np.array([[1.0], [0.0]])
>>> gradient_check(net, x, y).max_relative_error < 1e-7
True
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import numpy as np

from . import _checks
from .network import Network, as_columns

__all__ = [
    "GradientCheck",
    "cost_from_layer",
    "gradient_check",
    "numerical_deltas",
    "numerical_gradient",
    "relative_error",
]


def relative_error(a, b) -> float:
    """Return ‖a − b‖ / (‖a‖ + ‖b‖), the relative error between two arrays (0 if both are 0).

    Measured over the whole array (Euclidean norms) rather than element by element, so that an
    entry that is zero in both up to rounding noise cannot dominate.

    Examples
    --------
    >>> round(relative_error(np.array([3.0, 4.0]), np.array([3.0, 4.0 + 1e-6])), 12)
    1e-07
    """
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"a and b must have the same shape; got {a.shape} and {b.shape}")
    scale = np.linalg.norm(a) + np.linalg.norm(b)
    return float(np.linalg.norm(a - b) / scale) if scale > 0 else 0.0


def cost_from_layer(net: Network, l: int, z: np.ndarray, y: np.ndarray) -> float:
    """Return the summed cost Σₓ Cₓ when layer ``l``'s weighted input is set to ``z``.

    The forward pass starts at zˡ: aˡ = σ(zˡ), then layers l + 1, ..., L as usual. This makes
    C a function of zˡ alone, whose gradient is the error δˡ of BP1 and BP2.

    Examples
    --------
    >>> net = Network([2, 2], seed=0)
    >>> z = np.zeros((2, 1))
    >>> cost_from_layer(net, 1, z, np.ones((2, 1)))  # a = σ(0) = 0.5: ½(0.25 + 0.25)
    0.25
    """
    if not 1 <= l < net.num_layers:
        raise ValueError(f"l must be a layer with weights, 1 ≤ l ≤ {net.num_layers - 1}; got {l}")
    zs, activations = net._forward(net.sigmas[l - 1](z), start=l)
    return float(net.cost.fn([z, *zs][-1], activations[-1], y).sum())


def _central_differences(f, p: np.ndarray, eps: float) -> np.ndarray:
    """Return the central-difference gradient of f() with respect to the array p, in place."""
    grad = np.zeros_like(p, dtype=np.float64)
    for i in np.ndindex(p.shape):
        saved = p[i]
        p[i] = saved + eps
        c_plus = f()
        p[i] = saved - eps
        c_minus = f()
        p[i] = saved
        grad[i] = (c_plus - c_minus) / (2 * eps)
    return grad


def numerical_gradient(net: Network, x, y, eps: float = 1e-5) -> tuple[list, list]:
    """Return ``(nabla_b, nabla_w)`` of the summed cost Σₓ Cₓ by central differences.

    Shaped like ``net.biases`` and ``net.weights``, to compare with ``net.backprop(x, y)``.

    Examples
    --------
    >>> net = Network([1, 1], seed=0)
    >>> nb, nw = numerical_gradient(net, np.ones((1, 1)), np.zeros((1, 1)))
    >>> bool(np.allclose(nb[0], net.backprop(np.ones((1, 1)), np.zeros((1, 1)))[0][0]))
    True
    """
    x = as_columns(x, net.sizes[0], net.dtype, "x")
    y = as_columns(y, net.sizes[-1], net.dtype, "y")
    _check_eps(eps)

    def cost():
        return net.total_cost(x, y) * x.shape[1]

    nabla_b = [_central_differences(cost, b, eps) for b in net.biases]
    nabla_w = [_central_differences(cost, w, eps) for w in net.weights]
    return nabla_b, nabla_w


def numerical_deltas(net: Network, x, y, eps: float = 1e-5) -> list[np.ndarray]:
    """Return the errors δˡ = ∂C/∂zˡ of every layer l = 1, ..., L by central differences.

    ``deltas[l - 1]`` has the shape of zˡ, ``(nˡ, m)``: for each example (column) the
    derivative of the summed cost with respect to that example's weighted inputs.

    Examples
    --------
    >>> net = Network([2, 3, 1], seed=0)
    >>> [d.shape for d in numerical_deltas(net, np.ones((2, 1)), np.ones((1, 1)))]
    [(3, 1), (1, 1)]
    """
    x = as_columns(x, net.sizes[0], net.dtype, "x")
    y = as_columns(y, net.sizes[-1], net.dtype, "y")
    _check_eps(eps)
    zs, _ = net._forward(x)
    deltas = []
    for l, z in enumerate(zs, start=1):
        z = z.astype(np.float64)  # a copy: the differences perturb it entry by entry
        deltas.append(_central_differences(partial(cost_from_layer, net, l, z, y), z, eps))
    return deltas


@dataclass(frozen=True)
class GradientCheck:
    """The outcome of [`gradient_check`][backprop.gradcheck.gradient_check].

    Attributes
    ----------
    max_relative_error : float
        The largest relative error over every weight and bias.
    relative_errors : dict
        The largest relative error per parameter array, keyed ``"b1"``, ``"w1"``, ``"b2"``, …
        (layer numbers as in the text: wˡ belongs to layer l).
    """

    max_relative_error: float
    relative_errors: dict[str, float]


def gradient_check(net: Network, x, y, eps: float = 1e-5) -> GradientCheck:
    """Compare ``net.backprop(x, y)`` with central finite differences, parameter by parameter.

    Use float64: in float32 rounding alone gives relative errors near 1e-3.

    Parameters
    ----------
    net : Network
    x, y : array_like
        Inputs and desired outputs, one example per column.
    eps : float
        The step ε of the central difference. Its truncation error grows as ε² and its
        rounding error as u/ε (u ≈ 1.1e-16, float64's unit roundoff), so the total is
        smallest near ε ≈ u^(1/3) ≈ 5e-6: hence the default 1e-5.

    Examples
    --------
    >>> net = Network([2, 5, 3], activation="tanh", output_activation="softmax",
    ...               cost="log_likelihood", seed=4)
    >>> check = gradient_check(net, np.ones((2, 3)), np.eye(3))
    >>> sorted(check.relative_errors), check.max_relative_error < 1e-7
    (['b1', 'b2', 'w1', 'w2'], True)
    """
    nabla_b, nabla_w = net.backprop(x, y)
    numeric_b, numeric_w = numerical_gradient(net, x, y, eps)
    errors = {}
    for l in range(1, net.num_layers):
        errors[f"b{l}"] = relative_error(nabla_b[l - 1], numeric_b[l - 1])
        errors[f"w{l}"] = relative_error(nabla_w[l - 1], numeric_w[l - 1])
    return GradientCheck(max(errors.values()), errors)


def _check_eps(eps: float) -> None:
    _checks.real(eps, "eps (a small positive step such as 1e-6)", 0, 1, open_low=True)
