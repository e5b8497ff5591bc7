"""Activation functions σ and their derivatives σ'.

Every activation is applied to a whole array ``z`` at once: a column ``z`` of one
layer (shape ``(n, 1)``), or a mini-batch with one example per column (shape ``(n, m)``).
The elementwise ones also give ``prime(z) = σ'(z)``, the factor that BP1 and BP2 multiply
by (the Hadamard product ⊙). Softmax is not elementwise: it is only allowed in the output
layer, where the cost turns ∂C/∂a into δᴸ (see :mod:`backprop.costs`).

>>> import numpy as np
>>> sigmoid(np.array([-1000.0, 0.0, 1000.0]))
array([0. , 0.5, 1. ])
>>> get_activation("tanh").prime(np.zeros(2))
array([1., 1.])
"""

from __future__ import annotations

import numpy as np

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

    >>> sigmoid.backward(np.zeros(1), np.ones(1))
    array([0.25])
    """

    name: str = ""
    elementwise: bool = True

    def __call__(self, z: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def prime(self, z: np.ndarray) -> np.ndarray:
        """Return σ'(z), elementwise."""
        raise NotImplementedError

    def backward(self, z: np.ndarray, grad_a: np.ndarray) -> np.ndarray:
        """Return ∂C/∂z from ∂C/∂a, the chain rule through a = σ(z)."""
        return grad_a * self.prime(z)

    def __repr__(self) -> str:
        return f"<activation {self.name!r}>"


class Sigmoid(Activation):
    """σ(z) = 1 / (1 + e⁻ᶻ), with σ'(z) = σ(z)(1 − σ(z)).

    The naive formula overflows in e⁻ᶻ for z < −709 (−88 in float32). Instead, with
    e = e^{−|z|} ≤ 1, which never overflows: σ(z) = 1 / (1 + e) for z ≥ 0 and e / (1 + e) for
    z < 0 (multiply the fraction by eᶻ/eᶻ). Any float32 or float64 ``z``, ±∞ included, is
    safe, the tails keep their relative precision, and it costs one exponential per element.

    >>> float(sigmoid(np.array(-40.0)))  # 1 / (1 + e⁴⁰): tiny, but not rounded to 0
    4.248354255291589e-18
    >>> sigmoid.prime(np.array([0.0]))
    array([0.25])
    """

    name = "sigmoid"

    def __call__(self, z):
        e = np.exp(-np.abs(z))
        r = 1 / (1 + e)
        return np.where(z >= 0, r, e * r)

    def prime(self, z):
        s = self(z)
        return s * (1 - s)


class Tanh(Activation):
    """tanh(z), with tanh'(z) = 1 − tanh²(z).

    >>> tanh(np.array([0.0]))
    array([0.])
    """

    name = "tanh"

    def __call__(self, z):
        return np.tanh(z)

    def prime(self, z):
        return 1 - np.tanh(z) ** 2


class ReLU(Activation):
    """max(0, z), with derivative 1 for z > 0 and 0 otherwise (0 is taken at z = 0).

    >>> relu(np.array([-2.0, 3.0]))
    array([0., 3.])
    """

    name = "relu"

    def __call__(self, z):
        return np.maximum(z, 0)

    def prime(self, z):
        return (z > 0).astype(z.dtype)


class Identity(Activation):
    """σ(z) = z, σ'(z) = 1: a linear output layer for regression.

    >>> identity.prime(np.array([5.0]))
    array([1.])
    """

    name = "identity"

    def __call__(self, z):
        return z

    def prime(self, z):
        return np.ones_like(z)


class Softmax(Activation):
    """aⱼ = e^{zⱼ} / Σₖ e^{zₖ}, over each column (each example) separately.

    Its derivative is not elementwise (∂aⱼ/∂zₖ = aⱼ(δⱼₖ − aₖ)), so ``prime`` is undefined and
    ``backward`` applies the whole Jacobian: ∂C/∂z = a ⊙ (∂C/∂a − Σⱼ aⱼ ∂C/∂aⱼ). Use it in the
    output layer only, usually with the log-likelihood cost, where δᴸ = a − y.

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

    def prime(self, z):
        raise TypeError(
            "softmax has no elementwise derivative σ'(z); it can only be the output "
            "activation, where the cost computes δᴸ through softmax.backward"
        )

    def backward(self, z, grad_a):
        a = self(z)
        return a * (grad_a - (a * grad_a).sum(axis=0, keepdims=True))


sigmoid = Sigmoid()
tanh = Tanh()
relu = ReLU()
identity = Identity()
softmax = Softmax()

#: The activations by name, as accepted by :class:`backprop.Network`.
ACTIVATIONS: dict[str, Activation] = {f.name: f for f in (sigmoid, tanh, relu, identity, softmax)}


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

    >>> get_activation("relu")
    <activation 'relu'>
    >>> get_activation("sigmod")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: unknown activation 'sigmod'; expected one of 'sigmoid', 'tanh', 'relu', ...
    """
    if isinstance(activation, Activation):
        return activation
    if not isinstance(activation, str):
        raise TypeError(
            f"activation must be a name (str) or an Activation, not {type(activation).__name__}"
        )
    try:
        return ACTIVATIONS[activation]
    except KeyError:
        known = ", ".join(repr(name) for name in ACTIVATIONS)
        raise ValueError(f"unknown activation {activation!r}; expected one of {known}") from None
