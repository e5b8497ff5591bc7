"""trask's 11-line networks against his published numbers (iamtrask.github.io, 2015-07-12).

The expected values are the published ones: the outputs his code prints (8 decimals), their
full-precision values, and the error trace of the 3-layer network (Python 2 prints 12
significant digits; Python 3 prints the shortest repr).
"""

import numpy as np
import pytest
from numpy.testing import assert_allclose

from backprop import Network
from backprop.activations import sigmoid
from backprop.trask import nonlin, three_layer_network, two_layer_network

TWO_LAYER_PRINTED = ["0.00966449", "0.00786506", "0.99358898", "0.99211957"]
TWO_LAYER_FULL = [0.0096644916879683, 0.00786505967130926, 0.9935889804970555, 0.992119573219358]
THREE_LAYER_PRINTED = ["0.00260572", "0.99672209", "0.99701711", "0.00386759"]
ERRORS_PY2 = [
    "0.496410031903",
    "0.00858452565325",
    "0.00578945986251",
    "0.00462917677677",
    "0.00395876528027",
    "0.00351012256786",
]
ERRORS_PY3 = [0.4964100319027255, 0.008584525653247157]

X = np.array([[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]])


@pytest.fixture(scope="module")
def two_layer():
    return two_layer_network()


@pytest.fixture(scope="module")
def three_layer():
    return three_layer_network()


def test_two_layer_output_is_published_output(two_layer):
    assert two_layer.output.shape == (4, 1)
    assert [f"{a:.8f}" for a in two_layer.output.ravel()] == TWO_LAYER_PRINTED
    assert_allclose(two_layer.output.ravel(), TWO_LAYER_FULL, rtol=1e-12, atol=0)


def test_three_layer_output_is_published_output(three_layer):
    assert three_layer.output.shape == (4, 1)
    assert [f"{a:.8f}" for a in three_layer.output.ravel()] == THREE_LAYER_PRINTED


def test_three_layer_error_trace_is_published_trace(three_layer):
    assert [f"{e:.12g}" for e in three_layer.errors] == ERRORS_PY2
    assert_allclose(three_layer.errors[:2], ERRORS_PY3, rtol=1e-12, atol=0)


def test_weights_have_his_shapes(two_layer, three_layer):
    assert two_layer.syn0.shape == (3, 1)
    assert (three_layer.syn0.shape, three_layer.syn1.shape) == ((3, 4), (4, 1))


def test_random_state_draws_his_global_stream():
    saved = np.random.get_state()  # noqa: NPY002 (his code uses the global state)
    try:
        np.random.seed(1)  # noqa: NPY002
        expected = np.random.random((3, 4))  # noqa: NPY002
    finally:
        np.random.set_state(saved)  # noqa: NPY002
    assert np.array_equal(np.random.RandomState(1).random((3, 4)), expected)


def test_networks_leave_global_random_state_alone():
    before = np.random.get_state()[1].copy()  # noqa: NPY002
    two_layer_network(iterations=1)
    three_layer_network(iterations=1)
    assert np.array_equal(np.random.get_state()[1], before)  # noqa: NPY002


def test_one_iteration_is_a_gradient_descent_step_on_the_summed_quadratic_cost():
    """BP1, BP2, BP4 as the docstring claims: syn += l.T.dot(delta) is w -= 1 · ∂C/∂w."""
    random = np.random.RandomState(1)
    syn0 = 2 * random.random((3, 4)) - 1
    syn1 = 2 * random.random((4, 1)) - 1
    net = Network([3, 4, 1], cost="quadratic", seed=0)
    net.weights = [syn0.T.copy(), syn1.T.copy()]  # rows → columns: w = synᵀ
    net.biases = [np.zeros((4, 1)), np.zeros((1, 1))]
    _, nabla_w = net.backprop(X.T, np.array([[0, 1, 1, 0]]))
    stepped = three_layer_network(iterations=1)
    assert_allclose(stepped.syn0 - syn0, -nabla_w[0].T, rtol=1e-12, atol=1e-15)
    assert_allclose(stepped.syn1 - syn1, -nabla_w[1].T, rtol=1e-12, atol=1e-15)


def test_nonlin_derivative_takes_the_activation():
    z = np.linspace(-5, 5, 11)
    assert_allclose(nonlin(z), sigmoid(z), rtol=1e-14)
    assert_allclose(nonlin(nonlin(z), deriv=True), sigmoid.prime(z), rtol=1e-12)


def test_seed_changes_the_output_and_is_reproducible():
    assert not np.array_equal(two_layer_network(100, seed=2).output, two_layer_network(100).output)
    assert not np.array_equal(three_layer_network(100, seed=2).syn1, three_layer_network(100).syn1)
    assert np.array_equal(three_layer_network(100, seed=2).syn1, three_layer_network(100, 2).syn1)


def test_error_is_recorded_every_10000_iterations():
    assert len(three_layer_network(iterations=1).errors) == 1
    assert len(three_layer_network(iterations=10_000).errors) == 1
    assert len(three_layer_network(iterations=10_001).errors) == 2


@pytest.mark.parametrize("network", [two_layer_network, three_layer_network])
@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"iterations": 0}, ValueError, "iterations must be an int ≥ 1, got 0"),
        ({"iterations": -5}, ValueError, "iterations must be an int ≥ 1, got -5"),
        ({"iterations": 10.0}, TypeError, "iterations must be an int, got 10.0"),
        ({"iterations": True}, TypeError, "iterations must be an int, got True"),
        ({"seed": -1}, ValueError, "seed must be between 0 and 2\\*\\*32 - 1, got -1"),
        ({"seed": 2**32}, ValueError, "seed must be between 0 and 2\\*\\*32 - 1"),
        ({"seed": "1"}, TypeError, "seed must be an int, got '1'"),
        ({"seed": None}, TypeError, "seed must be an int, got None"),
    ],
)
def test_bad_input_is_rejected_with_a_clear_message(network, kwargs, error, message):
    with pytest.raises(error, match=message):
        network(**kwargs)
