"""Save and load a :class:`~backprop.Network` without pickle.

A network is stored as a plain ``.npz`` archive (``numpy.savez``) and read back with
``allow_pickle=False``, so loading a file can never run code. The archive holds:

* ``format_version``: the integer :data:`FORMAT_VERSION`;
* ``sizes``: the layer sizes, int64;
* ``activations``: the name of σ for every layer l = 1 … L − 1 (``net.sigmas``);
* ``cost`` and ``dtype``: names, as strings;
* ``w1``, ``b1``, ``w2``, ``b2``, …: wˡ of shape ``(nˡ, nˡ⁻¹)`` and bˡ of shape ``(nˡ, 1)``.

Files are written atomically (:func:`backprop.files.atomic_write`) and everything is
validated on load.

>>> import tempfile
>>> from pathlib import Path
>>> net = Network([2, 3, 1], activation="tanh", cost="cross_entropy", output_activation="sigmoid")
>>> path = save(net, Path(tempfile.mkdtemp()) / "net.npz")
>>> copy = load(path)
>>> copy
Network([2, 3, 1], sigmas=[tanh, sigmoid], cost='cross_entropy')
>>> bool(np.array_equal(copy.feedforward(np.eye(2)), net.feedforward(np.eye(2))))
True
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from .activations import ACTIVATIONS
from .costs import COSTS
from .files import atomic_write, read_npz
from .network import Network

__all__ = ["FORMAT_VERSION", "load", "save"]

#: The version of the file layout that :func:`save` writes and :func:`load` reads.
FORMAT_VERSION = 1

_HEADER_KEYS = ("format_version", "sizes", "activations", "cost", "dtype")


def save(network: Network, path: str | os.PathLike) -> Path:
    """Write ``network`` to ``path`` as an ``.npz`` archive, atomically.

    The file name is used as given (no ``.npz`` is appended). Only networks built from the
    named activations and costs (``backprop.activations.ACTIVATIONS``, ``backprop.costs.COSTS``)
    with finite parameters can be saved, since :func:`load` accepts nothing else.

    Parameters
    ----------
    network : Network
        The network to save.
    path : str or os.PathLike
        Where to write it; an existing file is replaced only once the new one is complete.

    Returns
    -------
    pathlib.Path
        ``path``.

    Examples
    --------
    >>> import tempfile
    >>> path = save(Network([3, 2], seed=0), Path(tempfile.mkdtemp()) / "net.npz")
    >>> sorted(np.load(path).files)
    ['activations', 'b1', 'cost', 'dtype', 'format_version', 'sizes', 'w1']
    >>> net = Network([3, 2], seed=0)
    >>> net.weights[0][0, 0] = np.nan
    >>> save(net, path)
    Traceback (most recent call last):
    ...
    ValueError: cannot save w1: it holds 1 non-finite value(s) (NaN or infinity)
    """
    if not isinstance(network, Network):
        raise TypeError(f"network must be a backprop.Network, not {type(network).__name__}")
    for sigma in network.sigmas:
        if ACTIVATIONS.get(sigma.name) is not sigma:
            raise ValueError(f"cannot save a custom activation {sigma!r}; use a named one")
    if COSTS.get(network.cost.name) is not network.cost:
        raise ValueError(f"cannot save a custom cost {network.cost!r}; use a named one")
    arrays = {
        "format_version": np.array(FORMAT_VERSION),
        "sizes": np.array(network.sizes, dtype=np.int64),
        "activations": np.array([sigma.name for sigma in network.sigmas]),
        "cost": np.array(network.cost.name),
        "dtype": np.array(network.dtype.name),
    }
    for layer, (w, b) in enumerate(zip(network.weights, network.biases, strict=True), start=1):
        for key, value in ((f"w{layer}", w), (f"b{layer}", b)):
            bad = _count_non_finite(value)
            if bad:
                raise ValueError(
                    f"cannot save {key}: it holds {bad} non-finite value(s) (NaN or infinity)"
                )
            arrays[key] = value
    path = Path(path)
    with atomic_write(path) as f:
        np.savez(f, **arrays)
    return path


def load(path: str | os.PathLike) -> Network:
    """Read a network written by :func:`save`.

    Nothing is unpickled. The file is checked before a network is built from it: the format
    version, the required arrays and no others, known activation and cost names, weight and
    bias shapes consistent with ``sizes``, the declared dtype and finite values.

    Parameters
    ----------
    path : str or os.PathLike
        An ``.npz`` file written by :func:`save`.

    Returns
    -------
    Network
        A network with the saved sizes, activations, cost, dtype, weights and biases.

    Raises
    ------
    FileNotFoundError
        If ``path`` does not exist.
    ValueError
        If the file is not a valid network file; the message names the file and the problem.

    Examples
    --------
    >>> import tempfile
    >>> path = save(Network([2, 2], dtype=np.float32), Path(tempfile.mkdtemp()) / "net.npz")
    >>> load(path).weights[0].dtype
    dtype('float32')
    >>> _ = path.write_bytes(b"not a network")
    >>> load(path)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: .../net.npz: not an .npz archive: ...
    """
    path = Path(path)
    arrays = read_npz(path)
    try:
        return _network_from(arrays)
    except (ValueError, TypeError) as error:
        raise ValueError(f"{path}: {error}") from None


def _network_from(arrays: dict[str, np.ndarray]) -> Network:
    """Validate the arrays of a network file and build the network they describe."""
    missing = [key for key in _HEADER_KEYS if key not in arrays]
    if missing:
        raise ValueError(f"not a backprop network file: missing {', '.join(missing)}")
    version = arrays["format_version"]
    if version.shape != () or version.dtype.kind not in "iu" or version != FORMAT_VERSION:
        raise ValueError(
            f"format_version {version.tolist()!r} is not supported; this version of backprop reads "
            f"format_version {FORMAT_VERSION}"
        )
    sizes = arrays["sizes"]
    if sizes.ndim != 1 or sizes.dtype.kind not in "iu" or len(sizes) < 2 or (sizes < 1).any():
        raise ValueError(f"sizes must be at least two positive integers, got {sizes.tolist()!r}")
    sizes = [int(n) for n in sizes]
    layers = range(1, len(sizes))
    expected = {
        *_HEADER_KEYS,
        *(f"w{layer}" for layer in layers),
        *(f"b{layer}" for layer in layers),
    }
    if set(arrays) != expected:
        missing, extra = sorted(expected - set(arrays)), sorted(set(arrays) - expected)
        raise ValueError(
            f"the arrays do not match sizes {sizes}: missing {missing or 'none'}, "
            f"unexpected {extra or 'none'}"
        )
    names = {key: arrays[key] for key in ("activations", "cost", "dtype")}
    for key, value in names.items():
        if value.dtype.kind != "U":
            raise ValueError(f"{key} must hold text, got an array of {value.dtype}")
    activations, cost, dtype = (names[key] for key in ("activations", "cost", "dtype"))
    if activations.shape != (len(sizes) - 1,):
        raise ValueError(
            f"activations must name one activation per layer after the input, "
            f"shape ({len(sizes) - 1},), got shape {activations.shape}"
        )
    unknown = [str(name) for name in activations if str(name) not in ACTIVATIONS]
    if unknown:
        raise ValueError(
            f"unknown activation(s) {unknown}; expected names among {list(ACTIVATIONS)}"
        )
    hidden = {str(name) for name in activations[:-1]}
    if len(hidden) > 1:
        raise ValueError(f"the hidden layers must share one activation, got {sorted(hidden)}")
    if cost.shape != () or str(cost) not in COSTS:
        raise ValueError(f"unknown cost {cost.tolist()!r}; expected one of {list(COSTS)}")
    if dtype.shape != () or str(dtype) not in ("float32", "float64"):
        raise ValueError(f"dtype must be 'float32' or 'float64', got {dtype.tolist()!r}")
    dtype = np.dtype(str(dtype))
    params = {}
    for layer in layers:
        n, n_in = sizes[layer], sizes[layer - 1]
        for key, shape in ((f"w{layer}", (n, n_in)), (f"b{layer}", (n, 1))):
            value = arrays[key]
            if value.shape != shape:
                raise ValueError(
                    f"{key} must have shape {shape} for sizes {sizes}, got shape {value.shape}"
                )
            if value.dtype != dtype:
                raise ValueError(f"{key} must be {dtype} like the network, got {value.dtype}")
            bad = _count_non_finite(value)
            if bad:
                raise ValueError(f"{key} holds {bad} non-finite value(s) (NaN or infinity)")
            params[key] = np.ascontiguousarray(value)
    output = str(activations[-1])
    network = Network(
        sizes,
        activation=hidden.pop() if hidden else "sigmoid",
        output_activation=output,
        cost=str(cost),
        dtype=dtype,
    )
    network.weights = [params[f"w{layer}"] for layer in layers]
    network.biases = [params[f"b{layer}"] for layer in layers]
    return network


def _count_non_finite(a: np.ndarray) -> int:
    """Return how many entries of ``a`` are NaN or infinite."""
    return a.size - int(np.count_nonzero(np.isfinite(a)))
