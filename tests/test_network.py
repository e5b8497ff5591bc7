"""The Network: Nielsen's conventions, seeded initialisation, the forward pass, the matrix form
of backprop against the sum of per-example gradients, dtypes, and every bad input."""

import ast
import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose, assert_array_equal

import backprop
from backprop import Network, activations
from backprop.activations import sigmoid

HIDDEN = ["sigmoid", "tanh", "relu", "identity"]

#: The matrix form against the per-example sum, float64: per parameter array, the largest
#: difference may be 1e-12 of the largest gradient entry (absolute 1e-12 below 1). Summing m
#: terms in a different order moves the result by about m·1e-16 of its scale.
MATRIX_TOLERANCE = 1e-12


@st.composite
def problems(draw, max_batch=4):
    """A network (2–4 layers of 1–5 neurons, any valid activations, cost and initialisation)
    and a batch of 1–``max_batch`` examples (x, y), all generated from one drawn seed."""
    sizes = draw(st.lists(st.integers(1, 5), min_size=2, max_size=4))
    hidden = draw(st.sampled_from(HIDDEN))
    cost = draw(st.sampled_from(["quadratic", "cross_entropy", "log_likelihood"]))
    output = {"cross_entropy": "sigmoid", "log_likelihood": "softmax"}.get(cost)
    if output is None:
        output = draw(st.sampled_from([*HIDDEN, "softmax"]))
    init = draw(st.sampled_from(["normal", "scaled"]))
    m = draw(st.integers(1, max_batch))
    seed = draw(st.integers(0, 2**32 - 1))
    net = Network(sizes, hidden, output, cost, init=init, seed=seed)
    rng = np.random.default_rng(seed + 1)
    x = rng.standard_normal((sizes[0], m))
    if cost == "log_likelihood":
        y = np.eye(sizes[-1])[:, rng.integers(0, sizes[-1], m)]
    else:
        y = rng.uniform(0, 1, (sizes[-1], m))
    return net, x, y


def forward(net, x):
    """Return the weighted inputs zˡ and activations aˡ, l = 1..L (a⁰ = x first)."""
    zs, activations = [], [x]
    for w, b, sigma in zip(net.weights, net.biases, net.sigmas):
        zs.append(w @ activations[-1] + b)
        activations.append(sigma(zs[-1]))
    return zs, activations


# Conventions and initialisation


def test_parameter_shapes_follow_nielsen():
    net = Network([4, 3, 2], seed=0)
    assert net.sizes == [4, 3, 2] and net.num_layers == 3
    assert [w.shape for w in net.weights] == [(3, 4), (2, 3)]  # wˡ is (nˡ, nˡ⁻¹)
    assert [b.shape for b in net.biases] == [(3, 1), (2, 1)]
    assert [s.name for s in net.sigmas] == ["sigmoid", "sigmoid"]
    params = net.parameters()
    assert len(params) == 4
    assert all(p is q for p, q in zip(params, [*net.biases, *net.weights]))  # no copies


def test_output_activation_defaults_to_the_hidden_one():
    net = Network([2, 3, 3, 2], activation="tanh", output_activation="softmax", cost="quadratic")
    assert [s.name for s in net.sigmas] == ["tanh", "tanh", "softmax"]
    assert [s.name for s in Network([2, 3, 2], activation="relu").sigmas] == ["relu", "relu"]
    assert "Network([2, 3, 3, 2]" in repr(net)


def test_same_seed_same_network_different_seed_different_network():
    a, b, c = Network([3, 4, 2], seed=7), Network([3, 4, 2], seed=7), Network([3, 4, 2], seed=8)
    assert all(np.array_equal(p, q) for p, q in zip(a.parameters(), b.parameters()))
    assert not any(np.array_equal(p, q) for p, q in zip(a.parameters(), c.parameters()))
    generator = Network([3, 4, 2], seed=np.random.default_rng(7))
    assert all(np.array_equal(p, q) for p, q in zip(a.parameters(), generator.parameters()))


@pytest.mark.parametrize("init", ["normal", "scaled"])
def test_initialisation_distributions(init):
    # "normal": weights N(0, 1); "scaled": weights N(0, 1/nˡ⁻¹); biases N(0, 1) in both.
    net = Network([400, 300, 300], init=init, seed=0)
    for w in net.weights:  # 120,000 and 90,000 draws: the sample std is within 1 %
        std = 1.0 if init == "normal" else 1 / np.sqrt(w.shape[1])
        assert abs(w.std() / std - 1) < 0.01
        assert abs(w.mean()) < 0.01 * std
    biases = np.concatenate(net.biases)  # 600 draws
    assert abs(biases.std() - 1) < 0.1 and abs(biases.mean()) < 0.15


# The forward pass


def test_feedforward_equals_the_layer_by_layer_formula():
    net = Network([3, 4, 2], activation="tanh", output_activation="sigmoid", seed=1)
    x = np.random.default_rng(0).standard_normal((3, 5))
    expected = sigmoid(net.weights[1] @ np.tanh(net.weights[0] @ x + net.biases[0]) + net.biases[1])
    assert_allclose(net.feedforward(x), expected, rtol=1e-15)
    for j in range(5):  # a batch of columns is a batch of independent examples
        assert_allclose(net.feedforward(x[:, j : j + 1]), expected[:, j : j + 1], rtol=1e-14)


def test_a_flat_input_gives_a_flat_output():
    net = Network([3, 2], seed=0)
    x = np.array([0.5, -1.0, 2.0])
    assert net.feedforward(x).shape == (2,)
    assert_array_equal(net.feedforward(x), net.feedforward(x[:, None])[:, 0])


def test_integer_and_list_inputs_are_converted():
    net = Network([2, 2], seed=0)
    assert_array_equal(net.feedforward([[1, 0], [0, 1]]), net.feedforward(np.eye(2)))


def test_total_cost_is_the_mean_over_examples():
    net = Network([2, 3, 2], output_activation="softmax", cost="log_likelihood", seed=2)
    x = np.random.default_rng(1).standard_normal((2, 6))
    y = np.eye(2)[:, [0, 1, 1, 0, 0, 1]]
    per_example = [-np.log(net.feedforward(x[:, j])[y[:, j].argmax()]) for j in range(6)]
    assert net.total_cost(x, y) == pytest.approx(np.mean(per_example), rel=1e-12)
    assert isinstance(net.total_cost(x, y), float)


def test_accuracy_counts_the_most_active_output():
    net = Network([2, 2], activation="identity", seed=0)
    net.weights[0][:] = np.eye(2)
    net.biases[0][:] = 0
    x = np.array([[1.0, 0.0, 3.0, -1.0], [0.0, 1.0, 2.0, 0.0]])
    assert net.accuracy(x, np.array([0, 1, 0, 1])) == 1.0  # the last: 0 > −1, so neuron 1
    assert net.accuracy(x, np.array([0, 1, 0, 0])) == 0.75
    assert net.accuracy(x, [1, 0, 1, 0]) == 0.0
    assert isinstance(net.accuracy(x, np.array([0, 1, 0, 1])), float)


# Backpropagation: the matrix form


@settings(max_examples=200, deadline=None, derandomize=True)
@given(problems(max_batch=16))
def test_matrix_form_equals_sum_of_per_example_gradients(problem):
    net, x, y = problem
    nabla_b, nabla_w = net.backprop(x, y)
    sum_b = [np.zeros_like(b) for b in net.biases]
    sum_w = [np.zeros_like(w) for w in net.weights]
    for j in range(x.shape[1]):
        delta_b, delta_w = net.backprop(x[:, j : j + 1], y[:, j : j + 1])
        sum_b = [s + d for s, d in zip(sum_b, delta_b)]
        sum_w = [s + d for s, d in zip(sum_w, delta_w)]
    for batch, summed in zip(nabla_b + nabla_w, sum_b + sum_w):
        assert batch.shape == summed.shape
        scale = max(1.0, np.abs(summed).max())
        assert np.abs(batch - summed).max() <= MATRIX_TOLERANCE * scale


def test_backprop_shapes_and_fresh_arrays():
    # Training scales the returned gradients in place: they must not alias anything.
    net = Network([3, 4, 2], seed=0)
    x, y = np.ones((3, 2)), np.eye(2)
    before = [p.copy() for p in net.parameters()]
    nabla_b, nabla_w = net.backprop(x, y)
    assert [b.shape for b in nabla_b] == [b.shape for b in net.biases]
    assert [w.shape for w in nabla_w] == [w.shape for w in net.weights]
    expected = [g.copy() for g in nabla_b + nabla_w]
    for g in nabla_b + nabla_w:
        g *= 1e6
    again_b, again_w = net.backprop(x, y)
    assert all(np.array_equal(g, e) for g, e in zip(again_b + again_w, expected))
    assert all(np.array_equal(p, q) for p, q in zip(before, net.parameters()))
    assert_array_equal(x, np.ones((3, 2)))


def test_backprop_of_flat_vectors_is_backprop_of_one_column():
    net = Network([3, 2], seed=0)
    x, y = np.array([1.0, -2.0, 0.5]), np.array([0.0, 1.0])
    flat, column = net.backprop(x, y), net.backprop(x[:, None], y[:, None])
    for a, b in zip(flat[0] + flat[1], column[0] + column[1]):
        assert_array_equal(a, b)


# dtypes


@pytest.mark.parametrize("cost", ["quadratic", "cross_entropy"])
def test_float32_is_preserved(cost):
    net = Network([3, 4, 2], cost=cost, dtype=np.float32, seed=0)
    net64 = Network([3, 4, 2], cost=cost, seed=0)
    assert all(p.dtype == np.float32 for p in net.parameters())
    x = np.random.default_rng(0).standard_normal((3, 5))  # float64 data: cast, not upcast
    y = np.eye(2)[:, [0, 1, 1, 0, 1]]
    assert net.feedforward(x).dtype == np.float32
    assert_allclose(net.feedforward(x), net64.feedforward(x), rtol=1e-5)
    nabla_b, nabla_w = net.backprop(x, y)
    assert all(g.dtype == np.float32 for g in nabla_b + nabla_w)
    for g32, g64 in zip(nabla_b + nabla_w, net64.backprop(x, y)[0] + net64.backprop(x, y)[1]):
        assert_allclose(g32, g64, rtol=1e-4, atol=1e-6)
    assert isinstance(net.total_cost(x, y), float)


# Bad input: every case raises a ValueError or TypeError that says what was expected


@pytest.mark.parametrize("sizes", [[], [3], (784,)])
def test_fewer_than_two_layers(sizes):
    with pytest.raises(ValueError, match="at least two layers"):
        Network(sizes)


@pytest.mark.parametrize(("sizes", "where"), [([3, 0], 1), ([0, 3], 0), ([2, -1, 2], 1)])
def test_non_positive_sizes(sizes, where):
    with pytest.raises(ValueError, match=rf"sizes\[{where}\] must be an int ≥ 1"):
        Network(sizes)


@pytest.mark.parametrize("bad", [True, 3.0, "3", None, 2.5])
def test_non_integer_sizes(bad):
    with pytest.raises(TypeError, match=rf"sizes\[1\] must be an int, got {bad!r}"):
        Network([2, bad, 2])


@pytest.mark.parametrize("sizes", ["784", 784, None])
def test_sizes_not_a_list(sizes):
    with pytest.raises(TypeError, match=r"sizes must be a list of layer sizes"):
        Network(sizes)


def test_numpy_integer_sizes_are_accepted():
    net = Network([np.int64(3), np.int32(2)], seed=0)
    assert net.sizes == [3, 2] and all(type(n) is int for n in net.sizes)


@pytest.mark.parametrize("key", ["activation", "output_activation"])
def test_unknown_activation(key):
    with pytest.raises(ValueError, match=r"unknown activation 'sigmiod'; expected one of"):
        Network([2, 2], **{key: "sigmiod"})


def test_softmax_as_hidden_activation():
    with pytest.raises(ValueError, match=r"'softmax' can only be the output activation"):
        Network([2, 3, 2], activation="softmax")


def test_unknown_cost():
    with pytest.raises(ValueError, match=r"unknown cost 'mse'; expected one of"):
        Network([2, 2], cost="mse")


@pytest.mark.parametrize("output", ["relu", "tanh", "identity", "softmax"])
def test_cross_entropy_needs_a_sigmoid_output(output):
    with pytest.raises(ValueError, match=rf"'cross_entropy' cost needs a 'sigmoid'.*'{output}'"):
        Network([2, 2], output_activation=output, cost="cross_entropy")


@pytest.mark.parametrize("output", ["sigmoid", "relu"])
def test_log_likelihood_needs_a_softmax_output(output):
    with pytest.raises(ValueError, match=rf"'log_likelihood' cost needs a 'softmax'.*'{output}'"):
        Network([2, 2], output_activation=output, cost="log_likelihood")


def test_unknown_init():
    with pytest.raises(ValueError, match=r"unknown init 'xavier'"):
        Network([2, 2], init="xavier")


@pytest.mark.parametrize("dtype", [np.int64, np.float16, np.complex128])
def test_unsupported_dtype(dtype):
    with pytest.raises(TypeError, match="dtype must be float32 or float64"):
        Network([2, 2], dtype=dtype)


NET = Network([2, 3, 4], seed=0)
GOOD_X, GOOD_Y = np.ones((2, 5)), np.zeros((4, 5))


def shaped(shape):
    """A regular expression matching ``shape`` as Python prints it."""
    return re.escape(str(shape))


#: (call, argument name in the message) for x of the wrong shape.
WRONG_X = [
    (lambda x: NET.feedforward(x), "a"),
    (lambda x: NET.backprop(x, GOOD_Y), "x"),
    (lambda x: NET.total_cost(x, GOOD_Y), "x"),
    (lambda x: NET.accuracy(x, np.zeros(5, dtype=int)), "x"),
]


@pytest.mark.parametrize(("call", "name"), WRONG_X, ids=["feedforward", "backprop", "cost", "acc"])
@pytest.mark.parametrize("shape", [(3, 5), (5, 2), (2, 5, 1), (3,), ()])
def test_x_of_the_wrong_shape(call, name, shape):
    with pytest.raises(ValueError, match=rf"^{name} must have 2 rows.*got shape {shaped(shape)}"):
        call(np.ones(shape))


@pytest.mark.parametrize("call", [NET.backprop, NET.total_cost], ids=["backprop", "total_cost"])
@pytest.mark.parametrize("shape", [(3, 5), (5, 4), (2,)])
def test_y_of_the_wrong_shape(call, shape):
    with pytest.raises(ValueError, match=rf"^y must have 4 rows.*got shape {shaped(shape)}"):
        call(GOOD_X, np.ones(shape))


@pytest.mark.parametrize("call", [NET.backprop, NET.total_cost], ids=["backprop", "total_cost"])
def test_x_and_y_with_different_numbers_of_examples(call):
    with pytest.raises(ValueError, match=r"same number of examples.*x \(2, 5\) and y \(4, 3\)"):
        call(GOOD_X, np.zeros((4, 3)))
    with pytest.raises(ValueError, match=r"same number of examples.*x \(2, 5\) and y \(4, 1\)"):
        call(GOOD_X, np.zeros((4, 1)))  # must not broadcast one target over every example


BAD_DATA = {
    "ragged list": [[1.0, 2.0], [3.0]],
    "letters": np.array([["a", "b"], ["c", "d"]]),
    "digit strings": np.array([["1", "2"], ["3", "4"]]),
    "object numbers": np.array([[1.0, 2.0], [3.0, 4.0]], dtype=object),
    "object None": np.array([[1.0, None], [3.0, 4.0]], dtype=object),
    "complex": np.array([[1.0, 2.0j], [3.0, 4.0]]),
    "dict": {"x": 1},
}


@pytest.mark.parametrize("data", BAD_DATA.values(), ids=BAD_DATA.keys())
def test_x_of_the_wrong_dtype(data):
    net = Network([2, 2], seed=0)
    with pytest.raises(TypeError, match=r"^a must be an array of (real )?numbers"):
        net.feedforward(data)
    with pytest.raises(TypeError, match=r"^x must be an array of (real )?numbers"):
        net.backprop(data, np.zeros((2, 2)))
    with pytest.raises(TypeError, match=r"^y must be an array of (real )?numbers"):
        net.total_cost(np.zeros((2, 2)), data)


@pytest.mark.parametrize("labels", [np.zeros(3, dtype=int), np.zeros((5, 1), dtype=int), 0])
def test_accuracy_labels_of_the_wrong_shape(labels):
    with pytest.raises(ValueError, match=r"labels must have shape \(5,\).*got shape"):
        NET.accuracy(GOOD_X, labels)


@pytest.mark.parametrize("labels", [[0, 1, 2, 3, 4], [-1, 0, 0, 0, 0]], ids=["too big", "negative"])
def test_accuracy_labels_out_of_range(labels):
    with pytest.raises(ValueError, match=r"labels must lie in 0 … 3"):
        NET.accuracy(GOOD_X, np.array(labels))


@pytest.mark.parametrize(
    "labels",
    [np.array([0.5, 1, 2, 3, 0]), np.array(list("01230")), np.array([0, 1, 2, 3, 0], dtype=object)],
    ids=["fractions", "strings", "object"],
)
def test_accuracy_labels_of_the_wrong_dtype(labels):
    with pytest.raises((TypeError, ValueError), match=r"labels must be .*integers"):
        NET.accuracy(GOOD_X, labels)


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_non_finite_inputs_are_refused(bad):
    net = Network([2, 3, 2], seed=0)
    x, y = np.ones((2, 4)), np.ones((2, 4))
    x[1, 2] = bad
    with pytest.raises(ValueError, match=r"^x must hold finite numbers; got 1 NaN or infinite"):
        net.backprop(x, y)
    with pytest.raises(ValueError, match=r"^a must hold finite numbers"):
        net.feedforward(x)
    with pytest.raises(ValueError, match=r"^y must hold finite numbers"):
        net.backprop(y, x)


def test_sigma_prime_from_the_stored_activation_matches_sigma_prime_of_z():
    z = np.linspace(-30, 30, 61)[:, None]
    for sigma in (activations.sigmoid, activations.tanh, activations.relu, activations.identity):
        np.testing.assert_allclose(sigma.prime(z, sigma(z)), sigma.prime(z), rtol=1e-12)


@pytest.mark.parametrize("seed", ["abc", 1.5, True, [1, 2]], ids=["str", "float", "bool", "list"])
def test_a_seed_of_the_wrong_type_is_named(seed):
    with pytest.raises(TypeError, match=r"^seed must be an int ≥ 0, a numpy.random.Generator or"):
        Network([2, 1], seed=seed)


def test_a_negative_seed_is_named():
    with pytest.raises(ValueError, match=r"^seed must be an int ≥ 0, got -1"):
        Network([2, 1], seed=-1)


def test_a_generator_seeds_as_it_is():
    a, b = Network([2, 3], seed=np.random.default_rng(5)), Network([2, 3], seed=5)
    assert all(np.array_equal(p, q) for p, q in zip(a.parameters(), b.parameters()))


def test_the_forward_pass_is_written_once():
    """zˡ = wˡaˡ⁻¹ + bˡ appears in Network._forward alone; everything else calls it."""
    src = Path(backprop.__file__).parent
    found = []
    for name in ("network.py", "gradcheck.py", "training.py", "plots.py"):
        tree = ast.parse((src / name).read_text(encoding="utf-8"))
        for function in ast.walk(tree):
            if isinstance(function, ast.FunctionDef):
                found += [
                    f"{name}:{function.name}"
                    for node in ast.walk(function)
                    if isinstance(node, ast.BinOp)
                    and isinstance(node.op, ast.Add)
                    and isinstance(node.left, ast.BinOp)
                    and isinstance(node.left.op, ast.MatMult)
                ]
    assert found == ["network.py:_forward"]
