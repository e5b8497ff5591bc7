"""Tests for backprop.datasets: toy sets, one_hot and the small MNIST stand-in."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backprop.datasets import (
    circles,
    gaussians,
    moons,
    one_hot,
    plane,
    small_digits,
    spirals,
    xor,
)

TOY_SETS = [moons, circles, spirals]
REGRESSION_SETS = [plane, gaussians]


# ----------------------------------------------------------------------------- toy sets


def test_xor_is_the_truth_table():
    X, labels = xor()
    assert X.shape == (2, 4) and X.dtype == np.float64 and labels.dtype == np.int64
    assert sorted(map(tuple, X.T.tolist())) == [(0, 0), (0, 1), (1, 0), (1, 1)]
    np.testing.assert_array_equal(labels, X[0].astype(int) ^ X[1].astype(int))


@pytest.mark.parametrize("make", TOY_SETS)
@pytest.mark.parametrize("n", [2, 7, 200])
def test_toy_shapes_types_and_balance(make, n):
    X, labels = make(n)
    assert X.shape == (2, n) and X.dtype == np.float64
    assert labels.shape == (n,) and labels.dtype == np.int64
    assert np.bincount(labels, minlength=2).tolist() == [n // 2, n - n // 2]
    assert np.isfinite(X).all()


@pytest.mark.parametrize("make", TOY_SETS)
def test_toy_sets_are_seeded(make):
    X1, labels1 = make(seed=3)
    X2, labels2 = make(seed=3)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(labels1, labels2)
    X3, _ = make(seed=4)
    assert not np.array_equal(X1, X3)


@pytest.mark.parametrize("make", TOY_SETS)
def test_toy_points_come_shuffled(make):
    _, labels = make(200)
    assert set(labels[:20].tolist()) == {0, 1}


def test_moons_without_noise_lie_on_their_half_circles():
    X, labels = moons(50, noise=0.0)
    upper, lower = X[:, labels == 0], X[:, labels == 1]
    np.testing.assert_allclose(np.hypot(*upper), 1.0)
    assert (upper[1] >= -1e-12).all()
    np.testing.assert_allclose(np.hypot(lower[0] - 1, lower[1] - 0.5), 1.0)
    assert (lower[1] <= 0.5 + 1e-12).all()


def test_circles_without_noise_have_radii_1_and_factor():
    X, labels = circles(40, noise=0.0, factor=0.3)
    np.testing.assert_allclose(np.hypot(*X[:, labels == 0]), 1.0)
    np.testing.assert_allclose(np.hypot(*X[:, labels == 1]), 0.3)


def test_spirals_without_noise_are_half_a_turn_apart():
    X, labels = spirals(40, noise=0.0, turns=2.0)
    arms = []
    for k in (0, 1):
        arm = X[:, labels == k]
        arms.append(arm[:, np.argsort(np.hypot(*arm))])
    np.testing.assert_allclose(arms[1], -arms[0], atol=1e-12)
    r = np.hypot(*arms[0])
    np.testing.assert_allclose(r, np.linspace(0.1, 1, 20))
    angle = np.unwrap(np.arctan2(arms[0][1], arms[0][0]))
    np.testing.assert_allclose(angle - angle[0], 2 * np.pi * 2.0 * (r - r[0]), atol=1e-9)


def test_noise_moves_the_points():
    X0, _ = moons(100, noise=0.0, seed=0)
    X1, _ = moons(100, noise=0.1, seed=0)
    assert 0.05 < np.std(X1 - X0) < 0.15


@pytest.mark.parametrize("make", [moons, circles, plane, gaussians])
def test_another_noise_scales_the_same_draws(make):
    """The seed fixes the noise's draws; ``noise`` only scales them (the playground's noise
    control relies on it), in the points of a class set and in the targets of a regression one."""
    part = 1 if make in REGRESSION_SETS else 0
    clean, once, twice = (make(50, noise=noise, seed=2) for noise in (0.0, 0.1, 0.2))
    np.testing.assert_array_equal(clean[1 - part], once[1 - part])  # the rest stays
    np.testing.assert_allclose(twice[part] - clean[part], 2 * (once[part] - clean[part]))
    assert np.std(once[part] - clean[part]) > 0.05


def test_spirals_noise_turns_each_point_by_a_scaled_draw():
    clean, once, twice = (spirals(50, noise=noise, seed=2)[0] for noise in (0.0, 0.1, 0.2))

    def turn(x):  # the angle from the clean point to x, in (−π, π]
        cross, dot = clean[0] * x[1] - clean[1] * x[0], (clean * x).sum(axis=0)
        return np.arctan2(cross, dot)

    np.testing.assert_allclose(np.hypot(*once), np.hypot(*clean))
    np.testing.assert_allclose(turn(twice), 2 * turn(once), atol=1e-12)


@pytest.mark.parametrize("make", REGRESSION_SETS)
def test_regression_sets_are_points_of_the_square_and_seeded_targets(make):
    X, y = make(30, seed=5)
    assert X.shape == (2, 30) and y.shape == (1, 30) and y.dtype == np.float64
    assert np.abs(X).max() <= 1
    np.testing.assert_array_equal(make(30, seed=5)[1], y)
    assert not np.array_equal(make(30, seed=6)[1], y)


def test_a_linear_neuron_learns_the_plane_and_not_the_gaussians():
    from backprop import Network
    from backprop.training import train

    fits = {}
    for make in REGRESSION_SETS:
        net = Network([2, 1], output_activation="identity", cost="quadratic", seed=0)
        x, y = make(200, noise=0.0, seed=0)
        train(net, (x, y), epochs=200, mini_batch_size=10, eta=0.5, seed=0)
        fits[make] = net
    np.testing.assert_allclose(fits[plane].weights[0], [[0.5, 0.5]], atol=1e-6)
    assert abs(fits[plane].biases[0][0, 0]) < 1e-6
    x, y = gaussians(200, noise=0.0, seed=0)
    assert fits[gaussians].total_cost(x, y) > 0.05  # no plane fits six bumps


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: plane(1), ValueError, r"^n must be an int ≥ 2, got 1"),
        (lambda: gaussians(noise=-1), ValueError, r"noise must be a finite number in \[0, ∞\)"),
        (lambda: gaussians(width=0), ValueError, r"width must be a finite number in \(0, ∞\)"),
        (lambda: moons(1), ValueError, r"n \(at least a point per class\) must be an int ≥ 2"),
        (lambda: moons(2.5), TypeError, r"n \(at least a point per class\) must be an int, got"),
        (lambda: circles(True), TypeError, r"must be an int, got True \(bool\)"),
        (lambda: moons(noise=-0.1), ValueError, r"noise must be a finite number in \[0, ∞\)"),
        (lambda: spirals(noise=float("nan")), ValueError, r"noise must be .*, got nan"),
        (lambda: circles(factor=0), ValueError, r"factor must be a finite number in \(0, 1\)"),
        (lambda: circles(factor="0.5"), TypeError, r"factor must be a real number, got '0.5'"),
        (lambda: spirals(turns=0), ValueError, r"turns must be a finite number in \(0, ∞\)"),
    ],
)
def test_toy_arguments_are_checked(call, error, message):
    with pytest.raises(error, match=message):
        call()


@settings(max_examples=50)
@given(
    labels=st.lists(st.integers(0, 9), max_size=30),
    extra=st.integers(0, 3),
)
def test_one_hot_round_trip(labels, extra):
    n_classes = 10 + extra
    y = one_hot(np.array(labels, dtype=np.int64), n_classes)
    assert y.shape == (n_classes, len(labels)) and y.dtype == np.float64
    np.testing.assert_array_equal(y.sum(axis=0), 1.0)
    np.testing.assert_array_equal(y.argmax(axis=0), labels)


def test_one_hot_dtype_and_unsigned_labels():
    y = one_hot(np.array([1, 0], dtype=np.uint8), 2, dtype=np.float32)
    assert y.dtype == np.float32
    np.testing.assert_array_equal(y, [[0, 1], [1, 0]])


@pytest.mark.parametrize(
    ("labels", "n_classes", "error", "message"),
    [
        ([0, 10], 10, ValueError, r"labels must lie in 0 … 9 \(one class per output neuron\); "),
        ([-1], 2, ValueError, "got values from -1 to -1"),
        ([[0, 1]], 2, ValueError, r"labels must have shape \(n,\), .*; got shape \(1, 2\)"),
        ([0.0, 1.0], 2, TypeError, "labels must be integers, got dtype float64"),
        ([0], 0, ValueError, "n_classes must be an int ≥ 1, got 0"),
        ([0], 2.0, TypeError, r"n_classes must be an int, got 2.0 \(float\)"),
    ],
)
def test_one_hot_checks_its_arguments(labels, n_classes, error, message):
    with pytest.raises(error, match=message):
        one_hot(labels, n_classes)


def test_small_digits_is_a_seeded_stand_in_for_mnist_splits():
    pytest.importorskip("sklearn", reason="small_digits needs scikit-learn")
    train, test = small_digits(n_train=1000, seed=3)
    assert train.x.shape == (64, 1000) and test.x.shape == (64, 797)
    assert train.labels.dtype == np.int64 and train.x.min() >= 0 and train.x.max() <= 1
    again, _ = small_digits(n_train=1000, seed=3)
    np.testing.assert_array_equal(train.x, again.x)
    with pytest.raises(ValueError, match=r"n_train must be an int ≥ 1, got 0"):
        small_digits(n_train=0)


@pytest.mark.parametrize("make", [moons, circles, spirals, plane, gaussians, small_digits])
def test_a_seed_of_the_wrong_type_is_named(make):
    if make is small_digits:
        pytest.importorskip("sklearn", reason="small_digits needs scikit-learn")
    with pytest.raises(TypeError, match=r"^seed must be an int ≥ 0, a numpy.random.Generator"):
        make(seed="abc")
