"""Costs C and their output errors δᴸ (BP1): values against the textbook formulas, stability
when the output saturates, and δᴸ = ∂C/∂zᴸ against central differences."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from numpy.testing import assert_allclose

from backprop.activations import ACTIVATIONS, identity, relu, sigmoid, softmax, tanh
from backprop.costs import COSTS, Cost, cross_entropy, get_cost, log_likelihood, quadratic

H = 1e-6  # central-difference step

#: Every valid (cost, output activation) pair.
PAIRS = [(quadratic, sigma) for sigma in (sigmoid, tanh, relu, identity, softmax)] + [
    (cross_entropy, sigmoid),
    (log_likelihood, softmax),
]


@st.composite
def outputs(draw, cost, bound=6.0):
    """An output layer's weighted inputs z (nᴸ, m) and desired outputs y suited to ``cost``."""
    n = draw(st.integers(1 if cost is not log_likelihood else 2, 5))
    m = draw(st.integers(1, 4))
    z = draw(arrays(np.float64, (n, m), elements=st.floats(-bound, bound)))
    if cost is log_likelihood:  # one-hot columns
        y = np.eye(n)[:, draw(arrays(np.int64, m, elements=st.integers(0, n - 1)))]
    else:
        y = draw(arrays(np.float64, (n, m), elements=st.floats(0, 1)))
    return z, y


def summed_cost(cost, sigma, z, y):
    return cost.fn(z, sigma(z), y).sum()


@pytest.mark.parametrize(("cost", "sigma"), PAIRS, ids=lambda p: p.name)
@given(data=st.data())
def test_delta_equals_central_difference_of_the_cost(cost, sigma, data):
    z, y = data.draw(outputs(cost))
    if sigma is relu:
        z = np.where(np.abs(z) < 1e-3, 1.0, z)  # σ' jumps at 0: keep the difference quotient off it
    numeric = np.zeros_like(z)
    for i in np.ndindex(z.shape):
        step = np.zeros_like(z)
        step[i] = H
        plus, minus = summed_cost(cost, sigma, z + step, y), summed_cost(cost, sigma, z - step, y)
        numeric[i] = (plus - minus) / (2 * H)
    delta = cost.delta(z, sigma(z), y, sigma)
    assert delta.shape == z.shape
    assert_allclose(delta, numeric, rtol=1e-6, atol=1e-8)


@given(data=st.data())
def test_quadratic_value(data):
    z, y = data.draw(outputs(quadratic))
    a = sigmoid(z)
    expected = [0.5 * np.linalg.norm(y[:, j] - a[:, j]) ** 2 for j in range(z.shape[1])]
    assert_allclose(quadratic.fn(z, a, y), expected, rtol=1e-12)


@given(data=st.data())
def test_cross_entropy_value(data):
    z, y = data.draw(outputs(cross_entropy))
    a = 1 / (1 + np.exp(-z))
    expected = -(y * np.log(a) + (1 - y) * np.log(1 - a)).sum(axis=0)
    assert_allclose(cross_entropy.fn(z, a, y), expected, rtol=1e-9, atol=1e-12)


@given(data=st.data())
def test_log_likelihood_value(data):
    z, y = data.draw(outputs(log_likelihood))
    a = np.exp(z) / np.exp(z).sum(axis=0)
    expected = -np.log(a[y.argmax(axis=0), range(z.shape[1])])  # −ln aᴸ_y
    assert_allclose(log_likelihood.fn(z, a, y), expected, rtol=1e-12, atol=1e-14)


def test_log_likelihood_with_a_probability_vector_target():
    z = np.array([[1.0], [2.0], [-1.0]])
    y = np.array([[0.2], [0.5], [0.3]])
    expected = -(y * np.log(softmax(z))).sum(axis=0)
    assert_allclose(log_likelihood.fn(z, softmax(z), y), expected, rtol=1e-12)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_cross_entropy_is_finite_for_saturated_outputs(dtype, no_float_warnings):
    # σ(±800) rounds to exactly 0 or 1, so ln a or ln(1 − a) would be −inf; the cost is ≈ |z|.
    big = 800.0
    z = np.array([[big, -big, big, -big]], dtype=dtype)
    y = np.array([[0.0, 1.0, 1.0, 0.0]], dtype=dtype)
    a = sigmoid(z)
    assert a[0, 0] == 1 and a[0, 1] == 0  # truly saturated
    cost = cross_entropy.fn(z, a, y)
    assert_allclose(cost, [big, big, 0, 0], rtol=1e-6, atol=1e-6)
    assert_allclose(cross_entropy.delta(z, a, y, sigmoid), [[1, -1, 0, 0]], atol=1e-6)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_log_likelihood_is_finite_for_saturated_outputs(dtype, no_float_warnings):
    big = 1000.0
    z = np.array([[big, 0.0], [0.0, 0.0], [-big, big]], dtype=dtype)
    y = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0]], dtype=dtype)
    a = softmax(z)
    assert a[2, 0] == 0  # −ln a would be +inf
    assert_allclose(log_likelihood.fn(z, a, y), [2 * big, big], rtol=1e-6)
    assert_allclose(log_likelihood.delta(z, a, y, softmax), a - y)


@pytest.mark.parametrize(("cost", "sigma"), PAIRS, ids=lambda p: p.name)
def test_dtype_is_preserved(cost, sigma):
    z = np.linspace(-2, 2, 6, dtype=np.float32).reshape(3, 2)
    y = np.array([[1, 0], [0, 1], [0, 0]], dtype=np.float32)
    assert cost.fn(z, sigma(z), y).dtype == np.float32
    assert cost.delta(z, sigma(z), y, sigma).dtype == np.float32


def test_cross_entropy_and_log_likelihood_deltas_cancel_sigma_prime():
    # Nielsen ch. 3: with these pairs δᴸ = aᴸ − y exactly, no σ'(zᴸ) factor.
    z = np.array([[3.0, -2.0], [0.5, 1.0]])
    y = np.array([[1.0, 0.0], [0.0, 1.0]])
    assert_allclose(cross_entropy.delta(z, sigmoid(z), y, sigmoid), sigmoid(z) - y)
    assert_allclose(log_likelihood.delta(z, softmax(z), y, softmax), softmax(z) - y)
    assert_allclose(quadratic.delta(z, sigmoid(z), y, sigmoid), (sigmoid(z) - y) * sigmoid.prime(z))


@pytest.mark.parametrize("cost", COSTS.values(), ids=lambda c: c.name)
@pytest.mark.parametrize("sigma", ACTIVATIONS.values(), ids=lambda s: s.name)
def test_check_accepts_exactly_the_valid_pairs(cost, sigma):
    if (cost, sigma) in PAIRS:
        assert cost.check(sigma) is None
    else:
        with pytest.raises(ValueError, match=rf"'{cost.name}' cost needs a .*not '{sigma.name}'"):
            cost.check(sigma)


def test_get_cost_by_name_and_instance():
    for name, cost in COSTS.items():
        assert get_cost(name) is cost
        assert get_cost(cost) is cost
        assert isinstance(cost, Cost) and cost.name == name
    assert set(COSTS) == {"quadratic", "cross_entropy", "log_likelihood"}


def test_unknown_cost_lists_known_names():
    with pytest.raises(ValueError, match=r"unknown cost 'mse'.*'quadratic'.*'log_likelihood'"):
        get_cost("mse")


@pytest.mark.parametrize("bad", [None, 1, len])
def test_cost_of_wrong_type(bad):
    with pytest.raises(TypeError, match=r"cost must be a name \(str\) or a Cost"):
        get_cost(bad)
