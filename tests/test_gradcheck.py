"""Backpropagation against central finite differences, for random networks, and each of the
four equations BP1–BP4 on its own.

ReLU and finite differences: ReLU has a kink at z = 0, where the central difference
(C(p + ε) − C(p − ε)) / 2ε averages the two one-sided slopes while backprop takes the
derivative 0; the quotient is only a derivative when no weighted input z crosses 0 within
the perturbation. A step ε of one parameter moves a later z by at most about 100ε in these
small networks (|x| ≲ 4, |w| ≲ 5, at most 5 neurons per layer), so examples with a ReLU
weighted input closer than 1e-3 = 100ε to 0 are rejected (``assume``, about 2 % of them):
there the check would compare backprop with a number that is not the gradient.

Gradients below the rounding floor: the cost is computed from numbers as large as
S = max(1, C)·max(1, ‖zᴸ‖∞), so each evaluation carries a rounding error of about 1e-16·S and
a central difference an error of about 1e-16·S/ε. A gradient array much smaller than that
(a vanishing gradient behind saturated units, a softmax rounded to exactly one-hot) cannot be
resolved to 1e-7 by any finite difference, whatever backprop does; such examples (about 4 %)
are rejected when a numerical gradient array is below 1e-3·S, unless backprop's is exactly 0
too (dead ReLUs: both sides agree exactly).

The step is ε = 1e-5, not the default 1e-6: a central difference balances truncation
(∝ ε²) against rounding (∝ u/ε) at ε ≈ u^(1/3) ≈ 6e-6 (u = 2.2e-16). Measured over 24,000
examples of this strategy, the largest relative error is 3e-8 with ε = 1e-5 (99th
percentile 2.4e-9), but 1e-7 with ε = 1e-6.
"""

import numpy as np
import pytest
from hypothesis import assume, given, settings, target
from numpy.testing import assert_allclose
from test_network import forward, problems

from backprop import Network
from backprop.gradcheck import (
    GradientCheck,
    cost_from_layer,
    gradient_check,
    numerical_deltas,
    numerical_gradient,
    relative_error,
)

KINK = 1e-3  # reject examples with a ReLU weighted input this close to 0 (see above)
TOLERANCE = 1e-7  # largest relative error allowed in float64
EPS = 1e-5  # the central-difference step (see above)
FLOOR = 1e-3  # smallest numerical gradient, relative to the cost's scale, that is checked


def away_from_kinks(net, x):
    zs, _ = forward(net, x)
    return all(np.abs(z).min() > KINK for z, sigma in zip(zs, net.sigmas) if sigma.name == "relu")


def resolvable(net, x, y, numeric, exact):
    """Whether finite differences can resolve every array of ``numeric`` (see above)."""
    zs, _ = forward(net, x)
    scale = max(1.0, net.total_cost(x, y) * x.shape[1]) * max(1.0, np.abs(zs[-1]).max())
    return all(
        np.linalg.norm(n) >= FLOOR * scale or (not n.any() and not e.any())
        for n, e in zip(numeric, exact)
    )


@settings(max_examples=200, deadline=None, derandomize=True)
@given(problems())
def test_backprop_agrees_with_finite_differences(problem):
    net, x, y = problem
    assume(away_from_kinks(net, x))
    nabla_b, nabla_w = net.backprop(x, y)
    numeric_b, numeric_w = numerical_gradient(net, x, y, EPS)
    assume(resolvable(net, x, y, numeric_b + numeric_w, nabla_b + nabla_w))
    check = gradient_check(net, x, y, EPS)
    target(check.max_relative_error, label="max relative error")
    assert check.max_relative_error < TOLERANCE, check.relative_errors


@settings(max_examples=100, deadline=None, derandomize=True)
@given(problems())
def test_each_equation_agrees_with_numerical_deltas(problem):
    net, x, y = problem
    assume(away_from_kinks(net, x))
    zs, activations = forward(net, x)
    deltas = numerical_deltas(net, x, y, EPS)  # δˡ = ∂C/∂zˡ by central differences
    nabla_b, nabla_w = net.backprop(x, y)
    exact = [b.repeat(x.shape[1], axis=1) for b in nabla_b]  # zero exactly where Σₓδ is
    assume(resolvable(net, x, y, deltas, exact))
    # BP1: δᴸ from the cost.
    bp1 = net.cost.delta(zs[-1], activations[-1], y, net.sigmas[-1])
    assert relative_error(bp1, deltas[-1]) < TOLERANCE
    for l in range(len(zs)):  # index l holds layer l + 1
        if l + 1 < len(zs):  # BP2: δˡ = ((wˡ⁺¹)ᵀ δˡ⁺¹) ⊙ σ'(zˡ), from the numerical δˡ⁺¹
            bp2 = (net.weights[l + 1].T @ deltas[l + 1]) * net.sigmas[l].prime(zs[l])
            assert relative_error(bp2, deltas[l]) < TOLERANCE
        # BP3 and BP4, through the network's own backprop: ∂C/∂b = Σₓ δ, ∂C/∂w = δ aˡ⁻¹ᵀ.
        assert relative_error(nabla_b[l], deltas[l].sum(axis=1, keepdims=True)) < TOLERANCE
        assert relative_error(nabla_w[l], deltas[l] @ activations[l].T) < TOLERANCE


class MissingSigmaPrime(Network):
    """A backprop with a classic bug: BP2 without the σ'(zˡ) factor."""

    def backprop(self, x, y):
        zs, activations = forward(self, x)
        delta = self.cost.delta(zs[-1], activations[-1], y, self.sigmas[-1])
        nabla_b, nabla_w = [delta.sum(axis=1, keepdims=True)], [delta @ activations[-2].T]
        for l in range(len(zs) - 2, -1, -1):
            delta = self.weights[l + 1].T @ delta  # BP2 with ⊙ σ'(zˡ) forgotten
            nabla_b.insert(0, delta.sum(axis=1, keepdims=True))
            nabla_w.insert(0, delta @ activations[l].T)
        return nabla_b, nabla_w


def test_gradient_check_catches_a_wrong_backprop():
    net = MissingSigmaPrime([3, 4, 2], seed=0)
    check = gradient_check(net, np.ones((3, 2)), np.eye(2))
    assert check.relative_errors["b2"] < TOLERANCE and check.relative_errors["w2"] < TOLERANCE
    assert check.relative_errors["b1"] > 0.1 and check.relative_errors["w1"] > 0.1
    assert check.max_relative_error == max(check.relative_errors.values())


def test_gradient_check_reports_every_parameter_array():
    net = Network([2, 3, 4, 2], activation="tanh", seed=1)
    check = gradient_check(net, np.ones((2, 2)), np.zeros((2, 2)))
    assert isinstance(check, GradientCheck)
    assert sorted(check.relative_errors) == ["b1", "b2", "b3", "w1", "w2", "w3"]


def test_numerical_gradient_is_shaped_like_the_parameters_and_leaves_them_unchanged():
    net = Network([3, 2, 2], seed=2)
    before = [p.copy() for p in net.parameters()]
    x, y = np.ones((3, 2)), np.eye(2)
    numeric_b, numeric_w = numerical_gradient(net, x, y)
    assert [b.shape for b in numeric_b] == [b.shape for b in net.biases]
    assert [w.shape for w in numeric_w] == [w.shape for w in net.weights]
    assert all(np.array_equal(p, q) for p, q in zip(before, net.parameters()))
    nabla_b, nabla_w = net.backprop(x, y)
    for exact, numeric in zip(nabla_b + nabla_w, numeric_b + numeric_w):
        assert_allclose(numeric, exact, rtol=1e-6, atol=1e-9)


def test_cost_from_layer_starts_the_forward_pass_at_z():
    net = Network([2, 3, 2], seed=3)
    x, y = np.array([[0.5, -1.0], [2.0, 0.0]]), np.eye(2)
    zs, _ = forward(net, x)
    for l, z in enumerate(zs, start=1):
        assert cost_from_layer(net, l, z, y) == pytest.approx(net.total_cost(x, y) * 2, rel=1e-14)


@pytest.mark.parametrize("l", [0, 3, -1])
def test_cost_from_layer_rejects_a_layer_without_weights(l):
    with pytest.raises(ValueError, match=rf"l must be a layer with weights, 1 ≤ l ≤ 2; got {l}"):
        cost_from_layer(Network([2, 3, 2], seed=0), l, np.zeros((3, 1)), np.zeros((2, 1)))


@pytest.mark.parametrize(
    ("eps", "error"),
    [
        (0, ValueError),
        (-1e-6, ValueError),
        (1.0, ValueError),
        ("1e-6", TypeError),
        (None, TypeError),
    ],
)
def test_bad_eps(eps, error):
    net = Network([2, 2], seed=0)
    with pytest.raises(error, match=r"eps \(a small positive step such as 1e-6\) must be a"):
        gradient_check(net, np.ones((2, 1)), np.ones((2, 1)), eps=eps)
    with pytest.raises(error, match=r"eps \(a small positive step such as 1e-6\) must be a"):
        numerical_deltas(net, np.ones((2, 1)), np.ones((2, 1)), eps=eps)


def test_gradient_check_rejects_mismatched_shapes():
    net = Network([2, 3, 2], seed=0)
    with pytest.raises(ValueError, match=r"y must have 2 rows.*got shape \(3, 1\)"):
        gradient_check(net, np.ones((2, 1)), np.ones((3, 1)))


def test_relative_error():
    a = np.array([3.0, 4.0])
    assert relative_error(a, a) == 0.0
    assert relative_error(np.zeros(3), np.zeros(3)) == 0.0  # 0/0 taken as agreement
    assert relative_error(a, -a) == 1.0
    assert relative_error(a, np.zeros(2)) == 1.0
    b = np.array([3.0, 4.5])
    assert relative_error(a, b) == relative_error(b, a)
    assert relative_error(a, b) == pytest.approx(0.5 / (5 + np.hypot(3, 4.5)), rel=1e-15)
    with pytest.raises(ValueError, match=r"same shape; got \(2,\) and \(3,\)"):
        relative_error(a, np.zeros(3))
