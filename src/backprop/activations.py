"""Activation functions σ and their derivatives σ'.

Every activation is applied to a whole array ``z`` at once: a column ``z`` of one
layer (shape ``(n, 1)``), or a mini-batch with one example per column (shape ``(n, m)``).
The elementwise ones also give ``prime(z) = σ'(z)``, the factor that BP1 and BP2 multiply
by (the Hadamard product ⊙). Softmax is not elementwise: it is only allowed in the output
layer, where the cost turns ∂C/∂a into δᴸ (see [`backprop.costs`][backprop.costs]).

Examples
--------
>>> import numpy as np
>>> sigmoid(np.array([-1000.0, 0.0, 1000.0]))
array([0. , 0.5, 1. ])
>>> get_activation("tanh").prime(np.zeros(2))
array([1., 1.])
"""

from __future__ import annotations

import numpy as np

from . import _checks

__all__ = [
    "ACTIVATIONS",
    "Activation",
    "get_activation",
    "identity",
    "relu",
    "sigmoid",
    "softmax",
    "tanh",
]


class Activation:
    """An elementwise activation function σ with its derivative σ'.

    Subclasses define ``__call__`` (σ) and ``prime`` (σ'). ``backward`` is the chain
    rule through σ: given ∂C/∂a it returns ∂C/∂z, which for an elementwise σ is the
    Hadamard product ∂C/∂a ⊙ σ'(z) of BP1.

    Examples
    --------
    >>> sigmoid.backward(np.zeros(1), np.ones(1))
    array([0.25])
    """

    name: str = ""
    elementwise: bool = True

    def __call__(self, z: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def prime(self, z: np.ndarray, a: np.ndarray | None = None) -> np.ndarray:
        """Return σ'(z), elementwise; pass ``a`` = σ(z) when it is known, to reuse it."""
        raise NotImplementedError

    def backward(
        self, z: np.ndarray, grad_a: np.ndarray, a: np.ndarray | None = None
    ) -> np.ndarray:
        """Return ∂C/∂z from ∂C/∂a, the chain rule through a = σ(z) (``a`` if known)."""
        return grad_a * self.prime(z, a)

    def __repr__(self) -> str:
        return f"<activation {self.name!r}>"


class Sigmoid(Activation):
    """σ(z) = 1 / (1 + e⁻ᶻ), with σ'(z) = σ(z)(1 − σ(z)).

    The formula as written is exact at the extremes: for z < −709 (−88 in float32) e⁻ᶻ
    overflows to ∞ and 1 / (1 + ∞) = 0, the correct limit (the overflow warning is
    silenced); z = ±∞ gives 0 and 1. Elsewhere the tails keep their relative precision.
    σ' is computed from the activation a = σ(z) as a(1 − a) (trask's trick): backprop
    passes the a it stored in the forward pass, so σ is never evaluated twice.

    Examples
    --------
    >>> print(f"{sigmoid(np.array(-40.0)):.6e}")  # 1 / (1 + e⁴⁰): tiny, but not rounded to 0
    4.248354e-18
    >>> sigmoid(np.array([-np.inf, -1000.0, 1000.0, np.inf], dtype=np.float32))
    array([0., 0., 1., 1.], dtype=float32)
    >>> sigmoid.prime(np.array([0.0]))
    array([0.25])
    """

    name = "sigmoid"

    def __call__(self, z):
        with np.errstate(over="ignore"):
            return 1 / (1 + np.exp(-z))

    def prime(self, z, a=None):
        a = self(z) if a is None else a
        return a * (1 - a)


class Tanh(Activation):
    """tanh(z), with tanh'(z) = 1 − tanh²(z).

    Examples
    --------
    >>> tanh(np.array([0.0]))
    array([0.])
    """

    name = "tanh"

    def __call__(self, z):
        return np.tanh(z)

    def prime(self, z, a=None):
        a = np.tanh(z) if a is None else a
        return 1 - a * a


class ReLU(Activation):
    """max(0, z), with derivative 1 for z > 0 and 0 otherwise (0 is taken at z = 0).

    Examples
    --------
    >>> relu(np.array([-2.0, 3.0]))
    array([0., 3.])
    """

    name = "relu"

    def __call__(self, z):
        return np.maximum(z, 0)

    def prime(self, z, a=None):
        return (z > 0).astype(z.dtype)


class Identity(Activation):
    """σ(z) = z, σ'(z) = 1: a linear output layer for regression.

    Examples
    --------
    >>> identity.prime(np.array([5.0]))
    array([1.])
    """

    name = "identity"

    def __call__(self, z):
        return z

    def prime(self, z, a=None):
        return np.ones_like(z)


class Softmax(Activation):
    """aⱼ = e^{zⱼ} / Σₖ e^{zₖ}, over each column (each example) separately.

    Its derivative is not elementwise (∂aⱼ/∂zₖ = aⱼ(δⱼₖ − aₖ)), so ``prime`` is undefined and
    ``backward`` applies the whole Jacobian: ∂C/∂z = a ⊙ (∂C/∂a − Σⱼ aⱼ ∂C/∂aⱼ). Use it in the
    output layer only, usually with the log-likelihood cost, where δᴸ = a − y.

    Examples
    --------
    >>> softmax(np.array([[0.0], [0.0]]))
    array([[0.5],
           [0.5]])
    >>> softmax(np.array([[1000.0], [0.0]]))  # no overflow
    array([[1.],
           [0.]])
    """

    name = "softmax"
    elementwise = False

    def __call__(self, z):
        e = np.exp(z - z.max(axis=0, keepdims=True))
        return e / e.sum(axis=0, keepdims=True)

    def prime(self, z, a=None):
        raise TypeError(
            "softmax has no elementwise derivative σ'(z); it can only be the output "
            "activation, where the cost computes δᴸ through softmax.backward"
        )

    def backward(self, z, grad_a, a=None):
        a = self(z) if a is None else a
        return a * (grad_a - (a * grad_a).sum(axis=0, keepdims=True))


sigmoid = Sigmoid()
tanh = Tanh()
relu = ReLU()
identity = Identity()
softmax = Softmax()

ACTIVATIONS: dict[str, Activation] = {f.name: f for f in (sigmoid, tanh, relu, identity, softmax)}
"""The activations by name, as accepted by [`backprop.Network`][backprop.network.Network]."""


def get_activation(activation: str | Activation) -> Activation:
    """Return the activation called ``activation`` (or ``activation`` itself).

    Parameters
    ----------
    activation : str or Activation
        One of ``"sigmoid"``, ``"tanh"``, ``"relu"``, ``"identity"``, ``"softmax"``.

    Raises
    ------
    ValueError
        For an unknown name, listing the known ones.

    Examples
    --------
    >>> get_activation("relu")
    <activation 'relu'>
    >>> get_activation("sigmod")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: unknown activation 'sigmod'; expected one of 'sigmoid', 'tanh', 'relu', ...
    """
    return _checks.named(activation, ACTIVATIONS, "activation", Activation)
