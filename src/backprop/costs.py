"""Cost functions C with their output error δᴸ (BP1).

A cost gives two things for a batch of examples, one per column:

* ``fn(z, a, y)``: the cost of each example, an array of shape ``(m,)``. The cost of a data
  set is the mean over its examples, C = (1/n) Σₓ Cₓ (Nielsen's first assumption).
* ``delta(z, a, y, activation)``: the output error δᴸ = ∂C/∂zᴸ, shape ``(n_L, m)``. This is
  BP1, so that the network's backprop applies BP1 in one line.

``z`` and ``a`` are the output layer's weighted inputs and activations, ``y`` the desired
outputs (one column per example).

Examples
--------
>>> import numpy as np
>>> from backprop.activations import sigmoid
>>> z = np.array([[0.0], [0.0]]); a = sigmoid(z); y = np.array([[1.0], [0.0]])
>>> quadratic.fn(z, a, y)
array([0.25])
>>> cross_entropy.delta(z, a, y, sigmoid)
array([[-0.5],
       [ 0.5]])
"""

from __future__ import annotations

import numpy as np

from . import _checks
from .activations import Activation

__all__ = ["COSTS", "Cost", "cross_entropy", "get_cost", "log_likelihood", "quadratic"]


class Cost:
    """A cost C(aᴸ, y) and its output error δᴸ (BP1).

    ``output_activations`` names the output activations the cost is defined for
    (``None``: any), so that a network refuses a combination that makes no sense.

    Examples
    --------
    >>> from backprop.activations import relu, softmax
    >>> quadratic.check(softmax)  # fine: returns None
    >>> cross_entropy.check(relu)
    Traceback (most recent call last):
    ...
    ValueError: the 'cross_entropy' cost needs a 'sigmoid' output activation, not 'relu'
    """

    name: str = ""
    output_activations: tuple[str, ...] | None = None

    def fn(self, z: np.ndarray, a: np.ndarray, y: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def delta(
        self, z: np.ndarray, a: np.ndarray, y: np.ndarray, activation: Activation
    ) -> np.ndarray:
        raise NotImplementedError

    def check(self, activation: Activation) -> None:
        """Raise ``ValueError`` if this cost cannot follow ``activation`` in the output layer."""
        allowed = self.output_activations
        if allowed is not None and activation.name not in allowed:
            names = " or ".join(repr(name) for name in allowed)
            raise ValueError(
                f"the {self.name!r} cost needs a {names} output activation, not {activation.name!r}"
            )

    def __repr__(self) -> str:
        return f"<cost {self.name!r}>"


class Quadratic(Cost):
    """Cₓ = ½‖y − aᴸ‖², so ∇ₐC = aᴸ − y and (BP1) δᴸ = (aᴸ − y) ⊙ σ'(zᴸ).

    Valid with any output activation (through softmax, the full Jacobian is applied).

    Examples
    --------
    >>> from backprop.activations import sigmoid
    >>> z, a, y = np.zeros((1, 1)), np.full((1, 1), 0.5), np.ones((1, 1))
    >>> quadratic.delta(z, a, y, sigmoid)  # (0.5 − 1) σ'(0)
    array([[-0.125]])
    """

    name = "quadratic"

    def fn(self, z, a, y):
        return 0.5 * ((a - y) ** 2).sum(axis=0)

    def delta(self, z, a, y, activation):
        return activation.backward(z, a - y, a)  # BP1: ∇ₐC ⊙ σ'(zᴸ)


class CrossEntropy(Cost):
    """Cₓ = −Σⱼ [yⱼ ln aⱼ + (1 − yⱼ) ln(1 − aⱼ)] with sigmoid outputs, so δᴸ = aᴸ − y.

    The σ'(zᴸ) of BP1 cancels against the 1/(a(1 − a)) in ∇ₐC, which is why learning does
    not slow down when an output neuron saturates (Nielsen, chapter 3). The value is
    computed from z as y·softplus(−z) + (1 − y)·softplus(z), which never takes log 0.

    Examples
    --------
    >>> z = np.array([[800.0]])  # a saturated, wrong output: a huge but finite cost
    >>> from backprop.activations import sigmoid
    >>> cross_entropy.fn(z, sigmoid(z), np.zeros((1, 1)))
    array([800.])
    """

    name = "cross_entropy"
    output_activations = ("sigmoid",)

    def fn(self, z, a, y):
        return (y * np.logaddexp(0, -z) + (1 - y) * np.logaddexp(0, z)).sum(axis=0)

    def delta(self, z, a, y, activation):
        return a - y  # BP1, with σ'(zᴸ) cancelled


class LogLikelihood(Cost):
    """Cₓ = −ln aᴸ_y with softmax outputs (y one-hot), so δᴸ = aᴸ − y.

    The value is computed from z as logsumexp(z) − Σⱼ yⱼ zⱼ, which never takes log 0.

    Examples
    --------
    >>> z = np.array([[0.0], [0.0]])
    >>> from backprop.activations import softmax
    >>> log_likelihood.fn(z, softmax(z), np.array([[1.0], [0.0]]))  # ln 2
    array([0.69314718])
    """

    name = "log_likelihood"
    output_activations = ("softmax",)

    def fn(self, z, a, y):
        top = z.max(axis=0)
        logsumexp = top + np.log(np.exp(z - top).sum(axis=0))
        return logsumexp - (y * z).sum(axis=0)

    def delta(self, z, a, y, activation):
        return a - y  # BP1, with the softmax Jacobian cancelled


quadratic = Quadratic()
cross_entropy = CrossEntropy()
log_likelihood = LogLikelihood()

COSTS: dict[str, Cost] = {c.name: c for c in (quadratic, cross_entropy, log_likelihood)}
"""The costs by name, as accepted by [`backprop.Network`][backprop.network.Network]."""


def get_cost(cost: str | Cost) -> Cost:
    """Return the cost called ``cost`` (or ``cost`` itself).

    Parameters
    ----------
    cost : str or Cost
        One of ``"quadratic"``, ``"cross_entropy"``, ``"log_likelihood"``.

    Examples
    --------
    >>> get_cost("quadratic")
    <cost 'quadratic'>
    >>> get_cost("mse")
    Traceback (most recent call last):
    ...
    ValueError: unknown cost 'mse'; expected one of 'quadratic', 'cross_entropy', 'log_likelihood'
    """
    return _checks.named(cost, COSTS, "cost", Cost)
