"""Save and load a [`Network`][backprop.network.Network] without pickle.

A network is stored as a plain ``.npz`` archive (``numpy.savez``), written atomically
([`atomic_write`][backprop.files.atomic_write]) and read back without pickle
([`read_npz`][backprop.files.read_npz]), so loading a file can never run code. It holds:

* ``config``: a JSON text, ``{"format_version": 1, "sizes": [...], "activation": ...,
  "output_activation": ..., "cost": ..., "dtype": ...}``, the arguments that rebuild the
  network (so the network's own checks validate them on load);
* ``w1``, ``b1``, ``w2``, ``b2``, …: wˡ of shape ``(nˡ, nˡ⁻¹)`` and bˡ of shape ``(nˡ, 1)``.

Examples
--------
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

import json
import os
from pathlib import Path

import numpy as np

from . import _checks
from .activations import ACTIVATIONS
from .costs import COSTS
from .files import atomic_write, read_npz
from .network import Network

__all__ = ["FORMAT_VERSION", "load", "save"]

FORMAT_VERSION = 2
"""The version of the file layout that [`save`][backprop.persistence.save] writes and
[`load`][backprop.persistence.load] reads."""


def save(network: Network, path: str | os.PathLike) -> Path:
    """Write ``network`` to ``path`` as an ``.npz`` archive, atomically.

    The file name is used as given (no ``.npz`` is appended). Only networks built from the
    named activations and costs (``backprop.activations.ACTIVATIONS``, ``backprop.costs.COSTS``)
    with finite parameters can be saved, since [`load`][backprop.persistence.load] accepts
    nothing else.

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
    ['b1', 'config', 'w1']
    >>> net = Network([3, 2], seed=0)
    >>> net.weights[0][0, 0] = np.nan
    >>> save(net, path)
    Traceback (most recent call last):
    ...
    ValueError: cannot save w1: w1 must hold finite numbers; got 1 NaN or infinite value(s) of 6
    """
    if not isinstance(network, Network):
        raise TypeError(f"network must be a backprop.Network, not {type(network).__name__}")
    for named in (*network.sigmas, network.cost):
        if {**ACTIVATIONS, **COSTS}.get(named.name) is not named:
            raise ValueError(f"cannot save a custom activation or cost {named!r}; use a named one")
    config = {
        "format_version": FORMAT_VERSION,
        "sizes": network.sizes,
        "activation": network.sigmas[0].name if len(network.sigmas) > 1 else "sigmoid",
        "output_activation": network.sigmas[-1].name,
        "cost": network.cost.name,
        "dtype": network.dtype.name,
    }
    arrays = {"config": np.array(json.dumps(config))}
    for key, value in _parameters(network).items():
        try:
            arrays[key] = _checks.finite(value, key)
        except ValueError as error:
            raise ValueError(f"cannot save {key}: {error}") from None
    path = Path(path)
    with atomic_write(path) as f:
        np.savez(f, **arrays)
    return path


def load(path: str | os.PathLike) -> Network:
    """Read a network written by [`save`][backprop.persistence.save].

    Nothing is unpickled. The file is checked before the network is returned: the format
    version, the network's arguments (checked by [`Network`][backprop.network.Network]
    itself), the arrays present, and their shapes, dtype and finiteness.

    Parameters
    ----------
    path : str or os.PathLike
        An ``.npz`` file written by [`save`][backprop.persistence.save].

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
    ValueError: .../net.npz: not an .npz archive (not a zip file)
    """
    path = Path(path)
    arrays = read_npz(path)
    try:
        return _network_from(arrays)
    except (ValueError, TypeError, KeyError) as error:
        raise ValueError(f"{path}: not a valid backprop network file: {error}") from None


def _parameters(network: Network) -> dict[str, np.ndarray]:
    """Return the parameters by file key: ``w1``, ``b1``, ``w2``, ``b2``, …"""
    keys = [f"{kind}{l}" for l in range(1, network.num_layers) for kind in "wb"]
    values = [p for pair in zip(network.weights, network.biases) for p in pair]
    return dict(zip(keys, values))


def _network_from(arrays: dict[str, np.ndarray]) -> Network:
    """Build the network the arrays of a file describe, checking everything on the way."""
    if "config" not in arrays:
        raise ValueError("no config (a JSON text of the network's arguments)")
    config = json.loads(str(arrays.pop("config")))
    if not isinstance(config, dict) or config.get("format_version") != FORMAT_VERSION:
        version = config.get("format_version") if isinstance(config, dict) else None
        raise ValueError(
            f"format_version {version!r} is not supported; this version of backprop reads "
            f"format_version {FORMAT_VERSION}"
        )
    network = Network(
        config["sizes"],
        activation=config["activation"],
        output_activation=config["output_activation"],
        cost=config["cost"],
        dtype=str(config["dtype"]),
    )
    expected = _parameters(network)
    if set(arrays) != set(expected):
        missing, extra = sorted(set(expected) - set(arrays)), sorted(set(arrays) - set(expected))
        raise ValueError(
            f"the arrays do not match sizes {network.sizes}: missing {missing or 'none'}, "
            f"unexpected {extra or 'none'}"
        )
    for key, value in arrays.items():
        if value.shape != expected[key].shape or value.dtype != network.dtype:
            raise ValueError(
                f"{key} must be {network.dtype} of shape {expected[key].shape} for sizes "
                f"{network.sizes}, got {value.dtype} of shape {value.shape}"
            )
        expected[key][...] = _checks.finite(value, key)
    return network
