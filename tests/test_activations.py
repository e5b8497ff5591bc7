"""Activations σ and their derivatives σ': values, stability, and σ' against finite differences.

"No warnings" is checked with every floating-point warning turned into an error, except
underflow: NumPy ignores underflow by default, and a probability below the smallest float
rounding to 0 is the correctly rounded result, not a failure.
"""

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from numpy.testing import assert_allclose, assert_array_equal

from backprop.activations import (
    ACTIVATIONS,
    Activation,
    get_activation,
    identity,
    relu,
    sigmoid,
    softmax,
    tanh,
)

DTYPES = [np.float32, np.float64]
ELEMENTWISE = [sigmoid, tanh, relu, identity]
H = 1e-6  # central-difference step: truncation ∝ H², rounding ∝ 1e-16/H


def extremes(dtype):
    """Finite values of ``dtype`` from −max to +max, including the overflow region of e⁻ᶻ."""
    big = np.finfo(dtype).max
    values = [-big, -1e30, -1000.0, -710.0, -89.0, -40.0, -1.0, -1e-30, 0.0]
    values = values + [-v for v in values[::-1]]
    return np.array(values, dtype=dtype)


def finite_floats(bound):
    return st.floats(-bound, bound, allow_nan=False, allow_infinity=False)


def columns(bound=30.0, max_rows=6, max_cols=5):
    shape = st.tuples(st.integers(1, max_rows), st.integers(1, max_cols))
    return arrays(np.float64, shape, elements=finite_floats(bound))


@st.composite
def z_and_grad(draw, bound=20.0):
    """A weighted input z and a gradient ∂C/∂a of the same shape."""
    z = draw(columns(bound))
    return z, draw(arrays(np.float64, z.shape, elements=finite_floats(10.0)))


def central_difference(f, z):
    return (f(z + H) - f(z - H)) / (2 * H)


@pytest.mark.parametrize("dtype", DTYPES)
def test_sigmoid_is_stable_for_any_finite_z(dtype, no_float_warnings):
    z = extremes(dtype)
    s = sigmoid(z)
    assert s.dtype == dtype
    assert np.all(np.isfinite(s))
    assert np.all((s >= 0) & (s <= 1))
    assert s[0] == 0 and s[-1] == 1
    assert s[len(z) // 2] == 0.5
    assert_array_equal(np.diff(s) >= 0, True)


@pytest.mark.parametrize("dtype", DTYPES)
def test_sigmoid_prime_is_stable_for_any_finite_z(dtype, no_float_warnings):
    z = extremes(dtype)
    ds = sigmoid.prime(z)
    assert ds.dtype == dtype
    assert np.all(np.isfinite(ds)) and np.all(ds >= 0) and np.all(ds <= 0.25)
    assert ds[0] == 0 and ds[-1] == 0


@pytest.mark.parametrize("dtype", DTYPES)
def test_sigmoid_of_infinity(dtype, no_float_warnings):
    # A float32 weighted input can overflow to ±inf (|z| > 3.4e38); σ(±inf) has a clear value.
    z = np.array([-np.inf, np.inf], dtype=dtype)
    assert_array_equal(sigmoid(z), [0.0, 1.0])


def test_sigmoid_keeps_relative_precision_in_the_tail():
    z = np.array([-700.0, -200.0, -40.0, -5.0])
    assert_allclose(sigmoid(z), 1 / (1 + np.exp(-z)), rtol=1e-12)


@given(columns(bound=700.0))
def test_sigmoid_equals_the_textbook_formula(z):
    assert_allclose(sigmoid(z), 1 / (1 + np.exp(-z)), rtol=1e-12, atol=0)


@given(columns(bound=50.0))
def test_sigmoid_is_symmetric(z):
    # σ(−z) = 1 − σ(z), up to the rounding of σ(z) and of 1 − σ(z) near 1: two machine
    # epsilons. (exp(z − ln(1 + eᶻ)) is 16 epsilons off near z = 30: z − ln(1 + eᶻ) cancels.)
    assert_allclose(sigmoid(-z), 1 - sigmoid(z), rtol=0, atol=2 * np.finfo(float).eps)


def test_sigmoid_is_symmetric_on_a_grid():
    z = np.concatenate([np.linspace(-50, 50, 100_001), extremes(np.float64)])
    assert_allclose(sigmoid(-z), 1 - sigmoid(z), rtol=0, atol=2 * np.finfo(float).eps)


@given(st.lists(finite_floats(1e300), min_size=2, max_size=50))
def test_sigmoid_is_monotone(values):
    z = np.sort(np.array(values))
    assert np.all(np.diff(sigmoid(z)) >= 0)


@pytest.mark.parametrize("sigma", ELEMENTWISE, ids=lambda s: s.name)
@given(z=columns(bound=20.0))
def test_prime_equals_central_difference(sigma, z):
    if sigma is relu:
        assume(np.abs(z).min() > 1e-3)  # σ' jumps at 0: the difference quotient straddles it
    assert_allclose(sigma.prime(z), central_difference(sigma, z), rtol=1e-6, atol=1e-8)


def test_relu_prime_at_zero_is_zero():
    assert_array_equal(relu.prime(np.array([-1.0, 0.0, 2.0])), [0.0, 0.0, 1.0])


@pytest.mark.parametrize("sigma", ELEMENTWISE, ids=lambda s: s.name)
@given(pair=z_and_grad())
def test_elementwise_backward_is_hadamard_product(sigma, pair):
    z, grad_a = pair
    assert_array_equal(sigma.backward(z, grad_a), grad_a * sigma.prime(z))


@pytest.mark.parametrize("sigma", [*ELEMENTWISE, softmax], ids=lambda s: s.name)
@pytest.mark.parametrize("dtype", DTYPES)
def test_dtype_is_preserved(sigma, dtype):
    z = np.linspace(-3, 3, 12, dtype=dtype).reshape(3, 4)
    assert sigma(z).dtype == dtype
    assert sigma.backward(z, np.ones_like(z)).dtype == dtype
    if sigma.elementwise:
        assert sigma.prime(z).dtype == dtype


def test_tanh_and_identity_values():
    z = np.array([[-2.0, 0.0, 3.0]])
    assert_array_equal(tanh(z), np.tanh(z))
    assert_array_equal(identity(z), z)
    assert_array_equal(relu(z), [[0.0, 0.0, 3.0]])


@given(columns(bound=1000.0))
def test_softmax_columns_sum_to_one(z):
    a = softmax(z)
    assert np.all((a >= 0) & (a <= 1))
    assert_allclose(a.sum(axis=0), 1.0, rtol=0, atol=1e-12)


@given(z=columns(bound=100.0), shift=st.lists(finite_floats(1000.0), min_size=5, max_size=5))
def test_softmax_is_invariant_to_shifts(z, shift):
    c = np.array(shift)[None, : z.shape[1]]  # one constant per column (per example)
    assert_allclose(softmax(z + c), softmax(z), rtol=0, atol=1e-12)


@pytest.mark.parametrize("dtype", DTYPES)
def test_softmax_is_stable_for_huge_inputs(dtype, no_float_warnings):
    # Each column spans at most max: z − max(z) stays finite (a span beyond max would
    # overflow to −inf, harmlessly giving e⁻ⁱⁿᶠ = 0, but with a warning).
    big = np.finfo(dtype).max
    z = np.array([[big, 0.0, -big], [big, big, 0.0], [0.0, 1e4, 0.0]], dtype=dtype)
    a = softmax(z)
    assert a.dtype == dtype
    assert_allclose(a, [[0.5, 0, 0], [0.5, 1, 0.5], [0, 0, 0.5]], atol=1e-7)


@given(z_and_grad())
def test_softmax_backward_is_jacobian_transpose_times_gradient(pair):
    z, grad_a = pair
    a = softmax(z)
    expected = np.empty_like(z)
    for j in range(z.shape[1]):
        column = a[:, j]
        jacobian = np.diag(column) - np.outer(column, column)  # ∂aᵢ/∂zₖ = aᵢ(δᵢₖ − aₖ)
        expected[:, j] = jacobian.T @ grad_a[:, j]
    assert_allclose(softmax.backward(z, grad_a), expected, rtol=1e-10, atol=1e-14)


@given(columns(bound=10.0, max_rows=4, max_cols=3))
def test_softmax_backward_equals_central_differences(z):
    # ∂/∂z of the scalar C = Σ gᵢⱼ aᵢⱼ is the backward pass applied to g.
    g = np.arange(z.size, dtype=float).reshape(z.shape) - z.size / 2
    numeric = np.zeros_like(z)
    for i in np.ndindex(z.shape):
        step = np.zeros_like(z)
        step[i] = H
        numeric[i] = ((softmax(z + step) - softmax(z - step)) * g).sum() / (2 * H)
    assert_allclose(softmax.backward(z, g), numeric, rtol=1e-6, atol=1e-8)


def test_softmax_has_no_elementwise_prime():
    with pytest.raises(TypeError, match="output activation"):
        softmax.prime(np.zeros((2, 1)))


def test_get_activation_by_name_and_instance():
    for name, sigma in ACTIVATIONS.items():
        assert get_activation(name) is sigma
        assert get_activation(sigma) is sigma
        assert isinstance(sigma, Activation) and sigma.name == name
    assert set(ACTIVATIONS) == {"sigmoid", "tanh", "relu", "identity", "softmax"}


def test_unknown_activation_lists_known_names():
    with pytest.raises(ValueError, match=r"unknown activation 'sigmod'.*'sigmoid'.*'softmax'"):
        get_activation("sigmod")


@pytest.mark.parametrize("bad", [None, 3, np.tanh])
def test_activation_of_wrong_type(bad):
    with pytest.raises(TypeError, match=r"activation must be a name \(str\) or an Activation"):
        get_activation(bad)
