"""Mini-batch SGD, momentum, Nesterov and L2: each against an independent reference written
here, the momentum rules against their closed form on a quadratic, reproducibility, divergence,
callbacks, dtypes and every bad argument."""

import dataclasses
import os
import re
import sys
import warnings

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from backprop import Network, datasets
from backprop.training import DivergenceError, History, _update, in_processes, mini_batches, train

N, M = 23, 5  # 23 examples in mini-batches of 5: the last batch of each epoch is short


@pytest.fixture
def data():
    """Two-class data (x, one-hot y, labels), one example per column."""
    rng = np.random.default_rng(42)
    x = rng.standard_normal((3, N))
    labels = (x[0] * x[1] > 0).astype(np.int64)
    return x, np.eye(2)[:, labels], labels


def fresh(seed=0, **kwargs):
    return Network([3, 4, 2], seed=seed, **kwargs)


def batches(n, m, epochs, seed):
    """The mini-batches train() visits: a fresh permutation per epoch, in slices of m."""
    rng = np.random.default_rng(seed)
    for _ in range(epochs):
        order = rng.permutation(n)
        for k in range(0, n, m):
            yield order[k : k + m]


def records(history):
    """A history without its timings, which are the only thing allowed to differ."""
    return {k: v for k, v in dataclasses.asdict(history).items() if k != "seconds"}


def assert_same_parameters(a, b):
    for p, q in zip(a.parameters(), b.parameters()):
        assert_array_equal(p, q)


# Plain SGD, momentum and Nesterov against references written here


def test_zero_momentum_is_nielsens_update(data):
    x, y, _ = data
    eta, epochs, seed = 3.0, 4, 11
    net, reference = fresh(), fresh()
    train(net, (x, y), epochs, M, eta, momentum=0.0, seed=seed)
    for batch in batches(N, M, epochs, seed):  # Nielsen's update_mini_batch, matrix form
        nabla_b, nabla_w = reference.backprop(x[:, batch], y[:, batch])
        reference.weights = [
            w - (eta / len(batch)) * nw for w, nw in zip(reference.weights, nabla_w)
        ]
        reference.biases = [b - (eta / len(batch)) * nb for b, nb in zip(reference.biases, nabla_b)]
    for p, q in zip(net.parameters(), reference.parameters()):
        assert_allclose(p, q, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize(
    "rule",
    [{}, {"momentum": 0.9}, {"momentum": 0.9, "nesterov": True}, {"momentum": 0.5, "lmbda": 2.0}],
    ids=["sgd", "heavy-ball", "nesterov", "l2"],
)
@pytest.mark.parametrize("sizes", [[3, 2], [3, 4, 2], [3, 5, 4, 2]])
def test_the_matrix_step_takes_the_steps_of_backprop_and_the_update(data, rule, sizes):
    """train's matrix method fuses backprop and the update (δᴸ scaled by η/m first, each layer
    moved once BP2 has used it): epoch after epoch it stays where Network.backprop, as the
    pages show it, and the update rules written out here lead, to 1e-12."""
    x, y, _ = data
    eta, m = 2.0, 4
    momentum, nesterov = rule.get("momentum", 0.0), rule.get("nesterov", False)
    lmbda = rule.get("lmbda", 0.0)
    net, reference = Network(sizes, seed=1), Network(sizes, seed=1)
    after_each_epoch = []

    def keep(epoch, network, history):
        after_each_epoch.append([p.copy() for p in network.parameters()])

    train(net, (x, y), 3, m, eta, seed=5, monitor_training=False, callback=keep, **rule)
    steps_per_epoch = len(range(0, N, m))
    v = [np.zeros_like(p) for p in reference.parameters()]
    for k, batch in enumerate(batches(N, m, 3, 5), start=1):
        nabla_b, nabla_w = reference.backprop(x[:, batch], y[:, batch])
        decay = [0.0 * b for b in reference.biases] + [lmbda / N * w for w in reference.weights]
        for p, vi, g, d in zip(reference.parameters(), v, nabla_b + nabla_w, decay):
            step = eta * (g / len(batch) + d)  # η g
            vi *= momentum
            vi -= step  # v ← β v − η g
            p += momentum * vi - step if nesterov else vi
        if k % steps_per_epoch == 0:  # the end of an epoch
            for p, q in zip(after_each_epoch[k // steps_per_epoch - 1], reference.parameters()):
                assert_allclose(p, q, rtol=1e-12, atol=1e-13)


@pytest.mark.parametrize("nesterov", [False, True])
def test_update_with_zero_velocity_and_zero_momentum_is_plain_sgd_bit_for_bit(nesterov):
    rng = np.random.default_rng(0)
    plain = [rng.standard_normal((4, 1)), rng.standard_normal((4, 3))]
    params = [p.copy() for p in plain]
    velocities = [np.zeros_like(p) for p in params]
    for _ in range(5):
        steps = [rng.standard_normal(p.shape) for p in params]
        _update(*plain, *[step.copy() for step in steps], None, 0.0, 0.0, False)
        _update(*params, *steps, velocities, 0.0, 0.0, nesterov)
        for p, q in zip(plain, params):
            assert_array_equal(p, q)


@pytest.mark.parametrize("beta", [0.5, 0.9])
def test_heavy_ball_equals_a_reference(data, beta):
    x, y, _ = data
    eta, epochs, seed = 0.5, 3, 5
    net, reference = fresh(), fresh()
    train(net, (x, y), epochs, M, eta, momentum=beta, seed=seed)
    v = [np.zeros_like(p) for p in reference.parameters()]
    for batch in batches(N, M, epochs, seed):
        nabla_b, nabla_w = reference.backprop(x[:, batch], y[:, batch])
        v = [beta * vi - eta / len(batch) * g for vi, g in zip(v, nabla_b + nabla_w)]
        for p, vi in zip(reference.parameters(), v):
            p += vi  # v ← βv − η∇C;  w ← w + v
    for p, q in zip(net.parameters(), reference.parameters()):
        assert_allclose(p, q, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("beta", [0.5, 0.9])
def test_nesterov_equals_sutskever_at_the_look_ahead_point(data, beta):
    # Sutskever et al. (2013): v ← βv − η∇C(w + βv), w ← w + v. train() stores the look-ahead
    # point u = w + βv instead, so after training the network holds w + βv.
    x, y, _ = data
    eta, epochs, seed = 0.5, 3, 5
    net, reference = fresh(), fresh()
    train(net, (x, y), epochs, M, eta, momentum=beta, nesterov=True, seed=seed)
    w = [p.copy() for p in reference.parameters()]
    v = [np.zeros_like(p) for p in w]
    for batch in batches(N, M, epochs, seed):
        for p, wi, vi in zip(reference.parameters(), w, v):
            p[...] = wi + beta * vi  # the gradient is taken at the look-ahead point
        nabla_b, nabla_w = reference.backprop(x[:, batch], y[:, batch])
        v = [beta * vi - eta / len(batch) * g for vi, g in zip(v, nabla_b + nabla_w)]
        w = [wi + vi for wi, vi in zip(w, v)]
    for p, wi, vi in zip(net.parameters(), w, v):
        assert_allclose(p, wi + beta * vi, rtol=1e-10, atol=1e-12)


# The momentum rules on a quadratic f(w) = ½ wᵀAw, ∇f(w) = Aw, against the closed form


ETA, BETA, STEPS = 0.015, 0.9, 60
A = np.array([[100.0, 2.0, 0.0], [2.0, 10.0, 1.0], [0.0, 1.0, 1.0]])  # condition number ≈ 100
W0 = np.array([[1.0], [-2.0], [3.0]])


def closed_form(nesterov, k):
    """(wₖ, vₖ) from (w₀, v₀ = 0) as the k-th power of the linear map of one step.

    Heavy ball: v' = βv − ηAw,           w' = w + v' = (I − ηA)w + βv.
    Sutskever:  v' = βv − ηA(w + βv),    w' = w + v' = (I − ηA)w + β(I − ηA)v.
    """
    identity = np.eye(3)
    shrink = identity - ETA * A
    if nesterov:
        step = np.block([[shrink, BETA * shrink], [-ETA * A, BETA * shrink]])
    else:
        step = np.block([[shrink, BETA * identity], [-ETA * A, BETA * identity]])
    state = np.linalg.matrix_power(step, k) @ np.vstack([W0, np.zeros_like(W0)])
    return state[:3], state[3:]


def run_update(nesterov, k):
    """k calls of _update on [w] with the step η∇f taken where the parameters stand."""
    b, w, velocities = np.zeros(1), W0.copy(), [np.zeros(1), np.zeros_like(W0)]
    for _ in range(k):
        _update(b, w, np.zeros(1), ETA * A @ w, velocities, 0.0, BETA, nesterov)
    return w, velocities[1]


@pytest.mark.parametrize("k", [1, 2, 10, STEPS])
def test_heavy_ball_on_a_quadratic_equals_the_closed_form(k):
    w, v = run_update(nesterov=False, k=k)
    w_k, v_k = closed_form(nesterov=False, k=k)
    assert_allclose(w, w_k, rtol=1e-11, atol=1e-13)
    assert_allclose(v, v_k, rtol=1e-11, atol=1e-13)


@pytest.mark.parametrize("k", [1, 2, 10, STEPS])
def test_nesterov_on_a_quadratic_equals_the_closed_form_at_the_look_ahead_point(k):
    u, v = run_update(nesterov=True, k=k)
    w_k, v_k = closed_form(nesterov=True, k=k)
    assert_allclose(v, v_k, rtol=1e-11, atol=1e-13)
    assert_allclose(u, w_k + BETA * v_k, rtol=1e-11, atol=1e-13)  # stored: u = w + βv
    assert_allclose(u - BETA * v, w_k, rtol=1e-11, atol=1e-13)  # and back: w = u − βv


def test_one_step_by_hand():
    # From v = 0 both rules give v₁ = −η∇f(w₀); heavy ball stores w₀ + v₁, Nesterov
    # u₁ = w₁ + βv₁ = w₀ + (1 + β)v₁.
    v1 = -ETA * A @ W0
    assert_allclose(run_update(nesterov=False, k=1)[0], W0 + v1, rtol=1e-15)
    assert_allclose(run_update(nesterov=True, k=1)[0], W0 + (1 + BETA) * v1, rtol=1e-15)


def test_momentum_speeds_up_an_ill_conditioned_problem():
    # Linear regression with features on scales 1 and 0.1: the mean quadratic cost has a
    # Hessian with eigenvalues about 100 apart. Full-batch steps, so only the method differs.
    rng = np.random.default_rng(0)
    x = np.array([[1.0], [0.1]]) * rng.standard_normal((2, 200))
    y = np.array([[2.0, -3.0]]) @ x + 0.5
    final = {}
    for name, momentum, nesterov in [("sgd", 0.0, False), ("hb", 0.9, False), ("nag", 0.9, True)]:
        net = Network([2, 1], activation="identity", seed=0)
        history = train(net, (x, y), 100, 200, 0.5, momentum=momentum, nesterov=nesterov, seed=0)
        final[name] = history.training_cost[-1]
    assert final["hb"] < final["sgd"] / 100
    assert final["nag"] < final["sgd"] / 100


# Reproducibility, method, labels


def test_same_seed_same_history_different_seed_different_history(data):
    x, _, labels = data
    kwargs = dict(momentum=0.5, evaluation_data=(x, labels))
    runs = []
    for seed in (3, 3, 4):
        net = fresh()
        runs.append((net, train(net, (x, labels), 5, M, 1.0, seed=seed, **kwargs)))
    (net_a, a), (net_b, b), (net_c, c) = runs
    assert records(a) == records(b)
    assert_same_parameters(net_a, net_b)
    assert a.training_cost != c.training_cost
    assert not np.array_equal(net_a.weights[0], net_c.weights[0])


def test_seed_may_be_a_generator(data):
    x, y, _ = data
    a, b = fresh(), fresh()
    train(a, (x, y), 2, M, 1.0, seed=9)
    train(b, (x, y), 2, M, 1.0, seed=np.random.default_rng(9))
    assert_same_parameters(a, b)


@pytest.mark.parametrize("options", [{}, {"momentum": 0.7, "nesterov": True, "lmbda": 0.3}])
def test_per_example_and_matrix_methods_follow_the_same_trajectory(data, options):
    x, y, labels = data
    runs = []
    for method in ("per_example", "matrix"):
        net = fresh()
        h = train(
            net, (x, y), 4, M, 2.0, seed=1, method=method, evaluation_data=(x, labels), **options
        )
        runs.append((net, h))
    (net_a, a), (net_b, b) = runs
    for key in ("training_cost", "training_accuracy", "evaluation_cost", "evaluation_accuracy"):
        assert_allclose(getattr(a, key), getattr(b, key), rtol=1e-10)
    for p, q in zip(net_a.parameters(), net_b.parameters()):
        assert_allclose(p, q, rtol=1e-10, atol=1e-12)


def test_labels_and_one_hot_targets_train_identically(data):
    x, y, labels = data
    a, b = fresh(), fresh()
    history_a = train(a, (x, labels), 3, M, 1.0, seed=2, evaluation_data=(x, labels))
    history_b = train(b, [x, y], 3, M, 1.0, seed=2, evaluation_data=(x, y))
    assert records(history_a) == records(history_b)
    assert_same_parameters(a, b)


def test_a_mini_batch_larger_than_the_data_is_the_whole_data(data):
    x, y, _ = data
    a, b = fresh(), fresh()
    train(a, (x, y), 3, 1000, 1.0, seed=0)
    train(b, (x, y), 3, N, 1.0, seed=0)
    assert_same_parameters(a, b)


def test_training_leaves_the_data_alone(data):
    x, y, labels = data
    x0, y0, labels0 = x.copy(), y.copy(), labels.copy()
    train(fresh(), (x, y), 2, M, 1.0, momentum=0.5, lmbda=0.1, seed=0, evaluation_data=(x, labels))
    assert_array_equal(x, x0)
    assert_array_equal(y, y0)
    assert_array_equal(labels, labels0)


# History and callback


def test_history_records_every_epoch(data):
    x, _, labels = data
    net = fresh()
    history = train(net, (x, labels), 6, M, 3.0, seed=0, evaluation_data=(x[:, :10], labels[:10]))
    assert isinstance(history, History)
    assert history.epochs == [1, 2, 3, 4, 5, 6]
    for key in ("training_cost", "training_accuracy", "evaluation_cost", "evaluation_accuracy"):
        assert len(getattr(history, key)) == 6
    assert len(history.seconds) == 6 and all(s >= 0 for s in history.seconds)
    assert history.training_cost[-1] == pytest.approx(net.total_cost(x, np.eye(2)[:, labels]))
    assert history.training_accuracy[-1] == net.accuracy(x, labels)
    assert history.evaluation_accuracy[-1] == net.accuracy(x[:, :10], labels[:10])
    assert history.best_evaluation_accuracy == max(history.evaluation_accuracy)
    assert history.training_cost[-1] < history.training_cost[0]


def test_no_evaluation_data_leaves_evaluation_lists_empty(data):
    x, y, _ = data
    history = train(fresh(), (x, y), 2, M, 1.0, seed=0)
    assert history.evaluation_cost == history.evaluation_accuracy == []
    assert history.best_evaluation_accuracy is None


def test_callback_is_called_once_per_epoch(data):
    x, y, _ = data
    net = fresh()
    calls = []

    def callback(epoch, network, history):
        calls.append((epoch, network, history, len(history.epochs), network.weights[0].copy()))

    history = train(net, (x, y), 4, M, 1.0, seed=0, callback=callback)
    assert [c[0] for c in calls] == [1, 2, 3, 4]
    assert all(c[1] is net and c[2] is history for c in calls)
    assert [c[3] for c in calls] == [1, 2, 3, 4]  # the epoch is recorded before the call
    assert not np.array_equal(calls[0][4], calls[1][4])  # it sees the network as it learns


# L2 regularisation


def test_l2_shrinks_the_weights(data):
    x, y, _ = data
    plain, decayed = fresh(), fresh()
    train(plain, (x, y), 10, M, 1.0, seed=0)
    train(decayed, (x, y), 10, M, 1.0, lmbda=5.0, seed=0)
    for w_plain, w_decayed in zip(plain.weights, decayed.weights):
        assert np.linalg.norm(w_decayed) < np.linalg.norm(w_plain)


def test_l2_update_equals_the_formula(data):
    # w ← w − η(∇/m + (λ/n)w) = (1 − ηλ/n)w − (η/m)∇ and b ← b − (η/m)∇: n ≠ m tells them apart.
    x, y, _ = data
    eta, lmbda, epochs, seed = 2.0, 3.0, 2, 7
    net, reference = fresh(), fresh()
    train(net, (x, y), epochs, M, eta, lmbda=lmbda, seed=seed)
    for batch in batches(N, M, epochs, seed):
        m = len(batch)
        nabla_b, nabla_w = reference.backprop(x[:, batch], y[:, batch])
        reference.weights = [
            w - eta * (nw / m + lmbda / N * w) for w, nw in zip(reference.weights, nabla_w)
        ]
        reference.biases = [b - eta / m * nb for b, nb in zip(reference.biases, nabla_b)]
    for p, q in zip(net.parameters(), reference.parameters()):
        assert_allclose(p, q, rtol=1e-12, atol=1e-14)


def test_l2_does_not_decay_the_biases():
    # A network whose gradient is exactly zero: only the decay moves anything.
    net = Network([1, 1], activation="identity", seed=0)
    net.weights[0][:] = 2.0
    net.biases[0][:] = 3.0
    x, y = np.zeros((1, 4)), np.full((1, 4), 3.0)  # a = 2·0 + 3 = y: zero error
    train(net, (x, y), 1, 4, 0.5, lmbda=1.0, seed=0)
    assert_array_equal(net.biases[0], [[3.0]])
    assert_allclose(net.weights[0], [[2.0 * (1 - 0.5 * 1.0 / 4)]], rtol=1e-15)


# Divergence


def diverging():
    """A linear neuron with inputs of 10: η = 1 multiplies the error by about −99 per epoch."""
    net = Network([1, 1], activation="identity", seed=0)
    return net, (np.full((1, 20), 10.0), np.zeros((1, 20)))


def test_a_non_finite_cost_raises_divergence_error_naming_the_epoch():
    net, data = diverging()
    seen = []
    with pytest.raises(DivergenceError, match=r"at epoch (\d+).*smaller learning rate") as error:
        train(net, data, 1000, 20, 1.0, seed=0, callback=lambda epoch, *_: seen.append(epoch))
    history = error.value.history
    epoch = int(re.search(r"at epoch (\d+)", str(error.value)).group(1))
    assert history.epochs[-1] == epoch == len(history.training_cost) > 10
    assert np.isfinite(history.training_cost[:-1]).all()
    assert not np.isfinite(history.training_cost[-1])
    assert seen == history.epochs[:-1]  # no callback for the diverged epoch
    assert isinstance(error.value, FloatingPointError)


def test_divergence_within_an_epoch_is_reported_without_numpy_warnings():
    # Mini-batches of one and a huge η: the weights overflow to inf, then nan, in the middle of
    # epoch 1. The learner should get the DivergenceError's advice, not NumPy's overflow
    # warnings from inside backprop (which `python -W error` would turn into the error).
    net = Network([2, 3, 2], activation="relu", output_activation="identity", seed=0)
    x = 10 * np.random.default_rng(0).standard_normal((2, 50))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with pytest.raises(DivergenceError, match=r"at epoch 1\b.*smaller learning rate"):
            train(net, (x, x), 5, 1, 1e6, seed=0)
    assert [str(w.message) for w in caught] == []


# dtypes


@pytest.mark.parametrize(
    "options", [{}, {"momentum": 0.9}, {"momentum": 0.9, "nesterov": True, "lmbda": 0.5}]
)
@pytest.mark.parametrize("method", ["matrix", "per_example"])
def test_float32_is_preserved(data, options, method):
    x, _, labels = data
    net = fresh(dtype=np.float32)
    history = train(
        net, (x, labels), 3, M, 1.0, seed=0, method=method, evaluation_data=(x, labels), **options
    )
    assert all(p.dtype == np.float32 for p in net.parameters())
    assert all(isinstance(c, float) and np.isfinite(c) for c in history.training_cost)
    reference = fresh()  # the float64 run follows closely
    train(reference, (x, labels), 3, M, 1.0, seed=0, method=method, **options)
    for p, q in zip(net.parameters(), reference.parameters()):
        assert_allclose(p, q, rtol=1e-3, atol=1e-4)


# Bad arguments: each raises a ValueError or TypeError naming it


@pytest.mark.parametrize(
    ("name", "value", "error", "message"),
    [
        ("epochs", 0, ValueError, r"epochs must be an int ≥ 1, got 0"),
        ("epochs", 2.0, TypeError, r"epochs must be an int, got 2.0 \(float\)"),
        ("epochs", True, TypeError, r"epochs must be an int, got True \(bool\)"),
        ("mini_batch_size", 0, ValueError, r"mini_batch_size must be an int ≥ 1, got 0"),
        ("mini_batch_size", -5, ValueError, r"mini_batch_size must be an int ≥ 1, got -5"),
        ("mini_batch_size", 1.5, TypeError, r"mini_batch_size must be an int, got 1.5"),
        ("eta", 0.0, ValueError, r"eta \(the learning rate\) must be a finite number in \(0, ∞\)"),
        ("eta", -0.1, ValueError, r"eta \(the learning rate\) must be .* got -0.1"),
        ("eta", float("nan"), ValueError, r"eta \(the learning rate\) must be .* got nan"),
        ("eta", float("inf"), ValueError, r"eta \(the learning rate\) must be .* got inf"),
        ("eta", "0.1", TypeError, r"eta \(the learning rate\) must be a real number, got '0.1'"),
        ("eta", None, TypeError, r"eta \(the learning rate\) must be a real number, got None"),
        ("momentum", -0.1, ValueError, r"momentum β must be a finite number in \[0, 1\), got -0.1"),
        ("momentum", 1.0, ValueError, r"momentum β must be a finite number in \[0, 1\), got 1.0"),
        ("momentum", 1.5, ValueError, r"momentum β must be a finite number in \[0, 1\), got 1.5"),
        ("lmbda", -1.0, ValueError, r"lmbda \(L2 regularisation\) must be .*\[0, ∞\), got -1.0"),
        ("method", "batch", ValueError, r"method must be 'matrix' or 'per_example', got 'batch'"),
    ],
)
def test_bad_hyperparameters(data, name, value, error, message):
    x, y, _ = data
    arguments = dict(epochs=1, mini_batch_size=M, eta=1.0) | {name: value}
    with pytest.raises(error, match=message):
        train(fresh(), (x, y), **arguments)


def test_training_data_must_be_a_pair(data):
    x, y, _ = data
    for bad in (x, (x,), (x, y, y), {"x": x, "y": y}):
        with pytest.raises(TypeError, match=r"training_data must be a pair \(x, y\)"):
            train(fresh(), bad, 1, M, 1.0)


#: A bad (x, y) made from good ones, and the message after the argument's name.
BAD_DATA = {
    "x rows": (lambda x, y, labels: (x[:2], y), r"\[0\] \(x\) must have 3 rows.*shape \(2, 23\)"),
    "y rows": (
        lambda x, y, labels: (x, np.vstack([y, y])),
        r"\[1\] \(y\) must have 2 rows.*\(4, 23\)",
    ),
    "y columns": (lambda x, y, labels: (x, y[:, :20]), r": x and y .* x \(3, 23\) and y \(2, 20\)"),
    "y one column": (
        lambda x, y, labels: (x, y[:, :1]),
        r": x and y .* x \(3, 23\) and y \(2, 1\)",
    ),
    "labels count": (
        lambda x, y, labels: (x, labels[:20]),
        r"\[1\] \(labels\) must have shape \(23,\)",
    ),
    "label too big": (lambda x, y, labels: (x, labels + 1), r"\[1\] \(labels\) must lie in 0 … 1"),
    "negative label": (lambda x, y, labels: (x, labels - 1), r"\[1\] \(labels\) must lie in 0 … 1"),
    "float labels": (lambda x, y, labels: (x, labels / 1), r"\[1\] .*integers.*dtype float64"),
    "string labels": (lambda x, y, labels: (x, labels.astype(str)), r"\[1\] .*integers.*dtype <U"),
    "object labels": (
        lambda x, y, labels: (x, labels.astype(object)),
        r"\[1\] .*integers.*dtype object",
    ),
    "empty": (lambda x, y, labels: (x[:, :0], labels[:0]), r" is empty: x has shape \(3, 0\)"),
    "inf in x": (lambda x, y, labels: (x / (x < 1.5), y), r"\[0\] \(x\) must hold finite numbers"),
    "nan in y": (lambda x, y, labels: (x, y / y.astype(bool)), r"\[1\] \(y\) must hold finite"),
    "string x": (lambda x, y, labels: (x.astype(str), y), r"\[0\] \(x\) must be an array of"),
    "object x": (lambda x, y, labels: (x.astype(object), y), r"\[0\] \(x\) must be an array of"),
}


@pytest.mark.parametrize(("make", "message"), BAD_DATA.values(), ids=BAD_DATA.keys())
@pytest.mark.parametrize("which", ["training_data", "evaluation_data"])
def test_bad_data(data, make, message, which):
    x, y, labels = data
    with np.errstate(divide="ignore", invalid="ignore"):
        bad = make(x, y, labels)
    arguments = {"training_data": (x, y)} | {which: bad}
    error = TypeError if " must be an array of" in message or "integers" in message else ValueError
    with pytest.raises(error, match=rf"^{which}{message}"):
        train(fresh(), epochs=1, mini_batch_size=M, eta=1.0, **arguments)


def test_monitor_training_false_skips_the_training_measurements_but_not_divergence():
    x, labels = datasets.moons(n=40, seed=1)
    net = Network([2, 4, 2], seed=0)
    history = train(net, (x, labels), 2, 10, 1.0, seed=0, monitor_training=False)
    assert history.training_cost == [] and history.training_accuracy == []
    assert history.epochs == [1, 2] and len(history.seconds) == 2
    with pytest.raises(DivergenceError, match=r"non-finite at epoch 1: .*smaller learning rate"):
        train(
            Network([2, 4, 2], activation="identity", seed=0),
            (x * 1e3, labels),
            1,
            10,
            1e3,
            seed=0,
            monitor_training=False,
        )


@pytest.mark.parametrize(("n", "size"), [(23, 5), (2500, 10), (2500, 7), (3, 10)])
def test_mini_batches_cover_every_example_once(n, size):
    x = np.arange(float(n))[None, :]
    batches = list(mini_batches(x, -x, size, np.random.default_rng(0)))
    assert [xb.shape[1] for xb, _ in batches] == [min(size, n - k) for k in range(0, n, size)]
    seen = np.concatenate([xb[0] for xb, _ in batches])
    np.testing.assert_array_equal(np.sort(seen), x[0])
    np.testing.assert_array_equal(seen, x[0, np.random.default_rng(0).permutation(n)])
    assert all(np.array_equal(yb, -xb) for xb, yb in batches)


def test_a_seed_of_the_wrong_type_is_named(data):
    x, y, _ = data
    with pytest.raises(TypeError, match=r"^seed must be an int ≥ 0, a numpy.random.Generator"):
        train(fresh(), (x, y), 1, M, 1.0, seed="abc")


def test_runs_in_processes_give_the_numbers_of_a_serial_run(data):
    x, y, _ = data

    def run(seed):  # a closure, as in a notebook cell
        seen = {}

        def callback(epoch, net, history):
            seen[seed, epoch] = net.feedforward(x).argmax(axis=0)

        net = fresh(seed)
        history = train(net, (x, y), 3, M, 3.0, seed=seed, callback=callback)
        return history, net.parameters(), seen, os.getpid()

    parallel = in_processes([lambda s=s: run(s) for s in (0, 1, 2)])
    if os.cpu_count() > 1 and sys.platform != "win32":
        assert os.getpid() not in {pid for *_, pid in parallel}  # they ran in other processes
    for seed, (history, params, reads, _) in zip((0, 1, 2), parallel):
        serial_history, serial_params, serial_reads, _ = run(seed)
        assert records(history) == records(serial_history)
        for p, q in zip(params, serial_params):
            assert_array_equal(p, q)
        assert reads.keys() == serial_reads.keys()
        assert all(np.array_equal(reads[k], serial_reads[k]) for k in reads)
