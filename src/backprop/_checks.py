"""Argument checks shared by every module, with one rule for which error is raised.

A value of the wrong *type* raises ``TypeError``; a value of the right type with the wrong
*value*, size or shape raises ``ValueError``. Every message names the argument, what was
expected and what was received.

Examples
--------
>>> integer(True, "epochs")
Traceback (most recent call last):
...
TypeError: epochs must be an int, got True (bool)
>>> integer(0, "epochs", minimum=1)
Traceback (most recent call last):
...
ValueError: epochs must be an int ≥ 1, got 0
"""

from __future__ import annotations

from numbers import Integral, Real

import numpy as np

__all__ = ["columns", "finite", "integer", "labels", "named", "real", "rng"]


def integer(value, name: str, minimum: int | None = None) -> int:
    """Return ``value`` as an int: ``TypeError`` unless it is one (bool is not), ``ValueError``
    below ``minimum``.

    Examples
    --------
    >>> integer(np.int64(3), "n", minimum=1)
    3
    """
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise TypeError(f"{name} must be an int, got {value!r} ({type(value).__name__})")
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be an int ≥ {minimum}, got {value!r}")
    return int(value)


def real(value, name: str, low: float = -np.inf, high: float = np.inf, *, open_low=False):
    """Return ``value`` as a float: ``TypeError`` unless it is a real number (bool is not),
    ``ValueError`` unless it is finite and in [``low``, ``high``) (``(low, high)`` with
    ``open_low``).

    Examples
    --------
    >>> real(0.5, "momentum", 0, 1)
    0.5
    >>> real(1.0, "momentum", 0, 1)
    Traceback (most recent call last):
    ...
    ValueError: momentum must be a finite number in [0, 1), got 1.0
    """
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"{name} must be a real number, got {value!r} ({type(value).__name__})")
    inside = low < value if open_low else low <= value
    if not (np.isfinite(value) and inside and value < high):
        bounds = f"{'(' if open_low else '['}{low:g}, {high:g})".replace("inf", "∞")
        raise ValueError(f"{name} must be a finite number in {bounds}, got {value!r}")
    return float(value)


def finite(a: np.ndarray, name: str) -> np.ndarray:
    """Return ``a``, or raise ``ValueError`` if it holds NaN or an infinity.

    Examples
    --------
    >>> finite(np.array([1.0, np.nan]), "x")
    Traceback (most recent call last):
    ...
    ValueError: x must hold finite numbers; got 1 NaN or infinite value(s) of 2
    """
    if not np.isfinite(a).all():
        bad = a.size - np.count_nonzero(np.isfinite(a))
        raise ValueError(
            f"{name} must hold finite numbers; got {bad} NaN or infinite value(s) of {a.size}"
        )
    return a


def columns(x, rows: int, dtype, name: str) -> np.ndarray:
    """Return ``x`` as a 2-D array of ``dtype`` with ``rows`` rows, one example per column.

    A flat ``(rows,)`` array becomes one column. Not an array of real numbers: ``TypeError``;
    another shape, NaN or infinity: ``ValueError``.

    Examples
    --------
    >>> columns([1, 2], 2, np.float64, "x").shape
    (2, 1)
    """
    if not isinstance(x, np.ndarray) or x.dtype != dtype:
        try:
            x = np.asarray(x)
        except ValueError as error:
            raise TypeError(f"{name} must be an array of numbers: {error}") from None
        if x.dtype.kind not in "biuf":
            raise TypeError(f"{name} must be an array of real numbers, got dtype {x.dtype}")
        x = x.astype(dtype, copy=False)
    if x.ndim == 1 and x.shape[0] == rows:
        x = x[:, None]
    if x.ndim != 2 or x.shape[0] != rows:
        raise ValueError(f"{name} must have {rows} rows (examples as columns); got shape {x.shape}")
    return finite(x, name)


def labels(values, n_classes: int, name: str, n: int | None = None) -> np.ndarray:
    """Return ``values`` as a 1-D integer array of classes in 0 … ``n_classes`` − 1.

    Not integers: ``TypeError``; another shape (``(n,)`` when ``n`` is given), or a class
    out of range: ``ValueError``.

    Examples
    --------
    >>> labels([0, 3], 3, "labels")
    Traceback (most recent call last):
    ...
    ValueError: labels must lie in 0 … 2 (one class per output neuron); got values from 0 to 3
    """
    values = np.asarray(values)
    expected = "(n,)" if n is None else f"({n},)"
    if values.ndim != 1 or (n is not None and values.shape != (n,)):
        raise ValueError(
            f"{name} must have shape {expected}, one integer class per example; "
            f"got shape {values.shape}"
        )
    if values.size and values.dtype.kind not in "iu":
        raise TypeError(f"{name} must be integers, got dtype {values.dtype}")
    if values.size and (values.min() < 0 or values.max() >= n_classes):
        raise ValueError(
            f"{name} must lie in 0 … {n_classes - 1} (one class per output neuron); "
            f"got values from {values.min()} to {values.max()}"
        )
    return values.astype(np.intp, copy=False)


def named(value, table: dict, name: str, kind: type):
    """Return ``value`` itself if it is a ``kind``, else the entry of ``table`` it names.

    Neither a ``kind`` nor a str: ``TypeError``; a name not in ``table``: ``ValueError``
    listing the known names. [`get_activation`][backprop.activations.get_activation] and
    [`get_cost`][backprop.costs.get_cost] are this lookup.

    Examples
    --------
    >>> named("b", {"a": 1, "b": 2}, "letter", int)
    2
    >>> named("c", {"a": 1, "b": 2}, "letter", int)
    Traceback (most recent call last):
    ...
    ValueError: unknown letter 'c'; expected one of 'a', 'b'
    """
    if isinstance(value, kind):
        return value
    if not isinstance(value, str):
        article = "an" if kind.__name__[0] in "AEIOU" else "a"
        raise TypeError(
            f"{name} must be a name (str) or {article} {kind.__name__}, not {type(value).__name__}"
        )
    try:
        return table[value]
    except KeyError:
        known = ", ".join(repr(key) for key in table)
        raise ValueError(f"unknown {name} {value!r}; expected one of {known}") from None


def rng(seed, name: str = "seed") -> np.random.Generator:
    """Return the random generator for ``seed``: ``numpy.random.default_rng(seed)``.

    ``seed`` is ``None`` (fresh entropy), an int ≥ 0, or a ``numpy.random.Generator`` (used
    as it is; also a ``SeedSequence`` or ``BitGenerator``). Anything else: ``TypeError``; a
    negative int: ``ValueError``.

    Examples
    --------
    >>> float(rng(0).random()) == float(np.random.default_rng(0).random())
    True
    >>> rng("abc")
    Traceback (most recent call last):
    ...
    TypeError: seed must be an int ≥ 0, a numpy.random.Generator or None, got 'abc' (str)
    """
    generators = (np.random.Generator, np.random.BitGenerator, np.random.SeedSequence)
    if seed is None or isinstance(seed, generators):
        return np.random.default_rng(seed)
    if isinstance(seed, bool) or not isinstance(seed, Integral):
        raise TypeError(
            f"{name} must be an int ≥ 0, a numpy.random.Generator or None, "
            f"got {seed!r} ({type(seed).__name__})"
        )
    if seed < 0:
        raise ValueError(f"{name} must be an int ≥ 0, got {seed!r}")
    return np.random.default_rng(int(seed))
