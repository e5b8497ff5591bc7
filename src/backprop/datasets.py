"""Small data sets to watch a network learn, and labels turned into desired outputs.

Every set follows the package's convention, **examples are columns**: ``X`` has one example
per column and ``labels`` one integer class per example. MNIST has its own module,
[`backprop.mnist`][backprop.mnist].

* [`xor`][backprop.datasets.xor], [`moons`][backprop.datasets.moons],
  [`circles`][backprop.datasets.circles], [`spirals`][backprop.datasets.spirals]:
  ``X`` of shape ``(2, n)`` (float64), ``labels`` of shape ``(n,)`` (int64), reproducible
  from a seed.
* [`plane`][backprop.datasets.plane], [`gaussians`][backprop.datasets.gaussians]: regression
  sets, points ``X`` of shape ``(2, n)`` and real targets ``y`` of shape ``(1, n)``, the
  desired outputs of a network with one output neuron, learnt with the quadratic cost.
* [`small_digits`][backprop.datasets.small_digits]: scikit-learn's 8 × 8 digits, a small
  stand-in for MNIST.
* [`one_hot`][backprop.datasets.one_hot] turns labels into the desired outputs y, one column
  per example.

Examples
--------
>>> X, labels = moons(200, seed=0)
>>> X.shape, np.bincount(labels).tolist()
((2, 200), [100, 100])
>>> one_hot(labels[:3], 2).shape
(2, 3)
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from . import _checks

__all__ = [
    "Split",
    "circles",
    "gaussians",
    "moons",
    "one_hot",
    "plane",
    "small_digits",
    "spirals",
    "xor",
]


class Split(NamedTuple):
    """One part of a data set: ``x`` with one example per column and its integer ``labels``.

    Examples
    --------
    >>> x, labels = Split(np.zeros((784, 2)), np.array([3, 5]))
    >>> x.shape, labels.tolist()
    ((784, 2), [3, 5])
    """

    x: np.ndarray
    """The examples, one per column (for MNIST, shape ``(784, n)``: one flattened 28 × 28
    image per column)."""
    labels: np.ndarray
    """The classes, int64, shape ``(n,)``."""


def xor() -> tuple[np.ndarray, np.ndarray]:
    """Return the four points of XOR: ``X`` of shape ``(2, 4)`` and their labels x₁ XOR x₂.

    Examples
    --------
    >>> X, labels = xor()
    >>> X
    array([[0., 0., 1., 1.],
           [0., 1., 0., 1.]])
    >>> labels
    array([0, 1, 1, 0])
    """
    X = np.array([[0, 0, 1, 1], [0, 1, 0, 1]], dtype=np.float64)
    return X, np.array([0, 1, 1, 0], dtype=np.int64)


def moons(n: int = 200, noise: float = 0.1, seed: int | None = 0) -> tuple[np.ndarray, np.ndarray]:
    """Return two interleaving half circles ("moons"), ``n`` points in all.

    Class 0 lies on the upper half of the unit circle, class 1 on a lower half circle
    shifted to (1, 0.5), as in scikit-learn's ``make_moons``. The points come in a random
    order (so any slice holds both classes), with Gaussian noise added to both coordinates.

    Parameters
    ----------
    n : int, default 200
        Number of points, at least 2; class 0 gets ``n // 2`` of them, class 1 the rest.
    noise : float, default 0.1
        Standard deviation of the Gaussian noise added to each coordinate.
    seed : int, optional
        Seed of the noise and of the order: the same seed gives the same data.

    Returns
    -------
    X : ndarray, shape (2, n)
        The points, one per column.
    labels : ndarray of int64, shape (n,)
        The class of each point, 0 or 1.

    Examples
    --------
    >>> X, labels = moons(7, noise=0.0)
    >>> X.shape, np.bincount(labels).tolist()
    ((2, 7), [3, 4])
    >>> bool(np.allclose(np.hypot(*X[:, labels == 0]), 1.0))  # on the unit circle
    True
    """
    rng = _check_toy(n, noise, seed)
    n_out = n // 2
    t_out, t_in = np.linspace(0, np.pi, n_out), np.linspace(0, np.pi, n - n_out)
    outer = np.stack([np.cos(t_out), np.sin(t_out)])
    inner = np.stack([1 - np.cos(t_in), 0.5 - np.sin(t_in)])
    return _two_classes(outer, inner, noise, rng)


def circles(
    n: int = 200, noise: float = 0.05, factor: float = 0.5, seed: int | None = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Return a circle of class 0 (radius 1) around a smaller circle of class 1.

    Parameters
    ----------
    n : int, default 200
        Number of points, at least 2; class 0 gets ``n // 2`` of them, class 1 the rest.
    noise : float, default 0.05
        Standard deviation of the Gaussian noise added to each coordinate.
    factor : float, default 0.5
        Radius of the inner circle, between 0 and 1 (both excluded).
    seed : int, optional
        Seed of the noise and of the order: the same seed gives the same data.

    Returns
    -------
    X : ndarray, shape (2, n)
        The points, one per column, in a random order.
    labels : ndarray of int64, shape (n,)
        The class of each point: 0 outer, 1 inner.

    Examples
    --------
    >>> X, labels = circles(8, noise=0.0, factor=0.25)
    >>> np.hypot(*X[:, labels == 1]).round(2)
    array([0.25, 0.25, 0.25, 0.25])
    >>> circles(factor=1.0)
    Traceback (most recent call last):
    ...
    ValueError: factor must be a finite number in (0, 1), got 1.0
    """
    rng = _check_toy(n, noise, seed)
    _checks.real(factor, "factor", 0, 1, open_low=True)
    n_out = n // 2
    t_out = np.linspace(0, 2 * np.pi, n_out, endpoint=False)
    t_in = np.linspace(0, 2 * np.pi, n - n_out, endpoint=False)
    outer = np.stack([np.cos(t_out), np.sin(t_out)])
    inner = factor * np.stack([np.cos(t_in), np.sin(t_in)])
    return _two_classes(outer, inner, noise, rng)


def spirals(
    n: int = 200, noise: float = 0.2, turns: float = 1.5, seed: int | None = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Return two interleaved spirals, a set no straight or gently curved boundary separates.

    Both are Archimedean spirals r = θ / (2π · ``turns``) for r from 0.1 to 1, the second
    turned by half a turn (π) against the first. Noise is added to the angle θ of each
    point, so it moves points along their arm more than towards the other one.

    Parameters
    ----------
    n : int, default 200
        Number of points, at least 2; class 0 gets ``n // 2`` of them, class 1 the rest.
    noise : float, default 0.2
        Standard deviation of the Gaussian noise added to each angle, in radians.
    turns : float, default 1.5
        How many times each spiral winds around the origin; more is harder.
    seed : int, optional
        Seed of the noise and of the order: the same seed gives the same data.

    Returns
    -------
    X : ndarray, shape (2, n)
        The points, one per column, in a random order, inside the unit disc.
    labels : ndarray of int64, shape (n,)
        The spiral of each point, 0 or 1.

    Examples
    --------
    >>> X, labels = spirals(6, noise=0.0)
    >>> np.sort(np.hypot(*X[:, labels == 1])).round(2)  # the radii of one arm
    array([0.1 , 0.55, 1.  ])
    """
    rng = _check_toy(n, noise, seed)
    _checks.real(turns, "turns", 0, open_low=True)
    arms = []
    for k, m in enumerate((n // 2, n - n // 2)):
        r = np.linspace(0.1, 1, m)
        theta = 2 * np.pi * turns * r + k * np.pi + noise * rng.standard_normal(m)
        arms.append(r * np.stack([np.cos(theta), np.sin(theta)]))
    return _two_classes(*arms, 0.0, rng)


def plane(n: int = 200, noise: float = 0.1, seed: int | None = 0) -> tuple[np.ndarray, np.ndarray]:
    """Return ``n`` points of the square [−1, 1]² with the target y = (x₀ + x₁) / 2 + noise.

    A regression set (TensorFlow Playground's "plane"): the target is a linear function of
    the point, so a network with no hidden layer and a linear (identity) output learns it,
    with weights (½, ½) and bias 0. Gaussian noise is added to the target.

    Parameters
    ----------
    n : int, default 200
        Number of points, at least 2, uniformly drawn from the square.
    noise : float, default 0.1
        Standard deviation of the Gaussian noise added to each target.
    seed : int, optional
        Seed of the points and of the noise: the same seed gives the same data, and another
        ``noise`` scales the same draws.

    Returns
    -------
    X : ndarray, shape (2, n)
        The points, one per column.
    y : ndarray, shape (1, n)
        The target of each point, the desired output of a one-output network.

    Examples
    --------
    >>> X, y = plane(5, noise=0.0)
    >>> X.shape, y.shape
    ((2, 5), (1, 5))
    >>> bool(np.allclose(y, X.sum(axis=0) / 2))
    True
    """
    rng = _check_toy(n, noise, seed, "n")
    X = rng.uniform(-1, 1, size=(2, n))
    return X, X.sum(axis=0, keepdims=True) / 2 + noise * rng.standard_normal((1, n))


# The bumps of `gaussians`: centre (x₀, x₁) and sign, a row of three above a row of three.
_BUMPS = [
    (-2 / 3, 0.4, 1),
    (0, 0.4, -1),
    (2 / 3, 0.4, 1),
    (-2 / 3, -0.4, -1),
    (0, -0.4, 1),
    (2 / 3, -0.4, -1),
]


def gaussians(
    n: int = 200, noise: float = 0.1, width: float = 0.2, seed: int | None = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Return ``n`` points of [−1, 1]² whose target is a sum of six Gaussian bumps, + noise.

    A regression set (TensorFlow Playground's "multi-Gaussian"): y = Σᵢ sᵢ exp(−‖x − cᵢ‖² /
    (2 ``width``²)) over six bumps, three centres cᵢ above three, of alternating
    signs sᵢ = ±1, so that the target lies in about [−1, 1]. No straight plane fits it: a
    network needs a hidden layer. Gaussian noise is added to the target.

    Parameters
    ----------
    n : int, default 200
        Number of points, at least 2, uniformly drawn from the square.
    noise : float, default 0.1
        Standard deviation of the Gaussian noise added to each target.
    width : float, default 0.2
        Standard deviation of each bump, positive.
    seed : int, optional
        Seed of the points and of the noise: the same seed gives the same data, and another
        ``noise`` scales the same draws.

    Returns
    -------
    X : ndarray, shape (2, n)
        The points, one per column.
    y : ndarray, shape (1, n)
        The target of each point, the desired output of a one-output network.

    Examples
    --------
    >>> X, y = gaussians(300, noise=0.0)
    >>> y.shape, bool(-1.01 < y.min() < -0.9), bool(0.9 < y.max() < 1.01)
    ((1, 300), True, True)
    >>> gaussians(width=0)
    Traceback (most recent call last):
    ...
    ValueError: width must be a finite number in (0, ∞), got 0
    """
    rng = _check_toy(n, noise, seed, "n")
    _checks.real(width, "width", 0, open_low=True)
    X = rng.uniform(-1, 1, size=(2, n))
    y = np.zeros((1, n))
    for c0, c1, sign in _BUMPS:
        y += sign * np.exp(-((X[0] - c0) ** 2 + (X[1] - c1) ** 2) / (2 * width**2))
    return X, y + noise * rng.standard_normal((1, n))


def small_digits(n_train: int = 1297, seed: int | None = 0) -> tuple[Split, Split]:
    """Return scikit-learn's 1,797 images of 8 × 8 digits as a (train, test) pair of splits.

    A small stand-in for MNIST where MNIST cannot be had (the site's pages use it offline):
    the same layout as the splits of [`load_mnist`][backprop.mnist.load_mnist], one image per
    column, grey levels scaled from 0 … 16 to [0, 1], shuffled with ``seed`` and cut after
    ``n_train`` images. Needs
    scikit-learn, which ships the images (``pip install scikit-learn``).

    Examples
    --------
    >>> train, test = small_digits()
    >>> train.x.shape, test.x.shape, float(train.x.max())
    ((64, 1297), (64, 500), 1.0)
    """
    try:
        from sklearn.datasets import load_digits
    except ImportError:
        raise ImportError("small_digits needs scikit-learn: pip install scikit-learn") from None
    digits = load_digits()
    _checks.integer(n_train, "n_train", minimum=1)
    if n_train >= len(digits.target):
        raise ValueError(f"n_train must lie in 1 … {len(digits.target) - 1}, got {n_train!r}")
    order = _checks.rng(seed).permutation(len(digits.target))
    x, labels = digits.data[order].T / 16, digits.target[order].astype(np.int64)
    return Split(x[:, :n_train], labels[:n_train]), Split(x[:, n_train:], labels[n_train:])


def one_hot(labels: np.ndarray, n_classes: int, dtype: type | np.dtype = np.float64) -> np.ndarray:
    """Return the one-hot columns y for integer ``labels``: ``y[labels[i], i] = 1``.

    Parameters
    ----------
    labels : array_like of int, shape (n,)
        Classes, each in ``0 … n_classes − 1``.
    n_classes : int
        Number of classes, the number of rows of the result.
    dtype : numpy dtype, default numpy.float64
        Type of the result.

    Returns
    -------
    ndarray, shape (n_classes, n)
        One column per example, 1 in the row of its class and 0 elsewhere; ``argmax(axis=0)``
        gives the labels back.

    Examples
    --------
    >>> one_hot([2, 0], 3)
    array([[0., 1.],
           [0., 0.],
           [1., 0.]])
    >>> one_hot([3], 3)
    Traceback (most recent call last):
    ...
    ValueError: labels must lie in 0 … 2 (one class per output neuron); got values from 3 to 3
    """
    n_classes = _checks.integer(n_classes, "n_classes", minimum=1)
    labels = _checks.labels(labels, n_classes, "labels")
    y = np.zeros((n_classes, labels.size), dtype=dtype)
    y[labels, np.arange(labels.size)] = 1
    return y


def _check_toy(n, noise, seed, n_name="n (at least a point per class)") -> np.random.Generator:
    """Validate the arguments shared by the toy sets and return their random generator."""
    _checks.integer(n, n_name, minimum=2)
    _checks.real(noise, "noise", 0)
    return _checks.rng(seed)


def _two_classes(points0, points1, noise, rng) -> tuple[np.ndarray, np.ndarray]:
    """Join two classes of points (columns), add coordinate noise and shuffle the columns."""
    X = np.concatenate([points0, points1], axis=1)
    X += noise * rng.standard_normal(X.shape)
    labels = np.repeat(np.array([0, 1], dtype=np.int64), [points0.shape[1], points1.shape[1]])
    order = rng.permutation(labels.size)
    return X[:, order], labels[order]
