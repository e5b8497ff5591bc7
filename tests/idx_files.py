"""Write IDX files (the format of the official MNIST files): the tests' inverse of
``backprop.mnist.read_idx``, to build small MNIST-shaped data sets."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import numpy as np

from backprop.files import atomic_write

IDX_CODES = {
    np.dtype("u1"): 0x08,
    np.dtype("i1"): 0x09,
    np.dtype("i2"): 0x0B,
    np.dtype("i4"): 0x0C,
    np.dtype("f4"): 0x0D,
    np.dtype("f8"): 0x0E,
}


def write_idx(path: str | os.PathLike, array: np.ndarray) -> None:
    """Write ``array`` as an IDX file, gzip-compressed if ``path`` ends in ``.gz``, atomically."""
    array = np.asarray(array)
    code = IDX_CODES.get(array.dtype.newbyteorder("="))
    if code is None:
        names = ", ".join(str(dtype) for dtype in IDX_CODES)
        raise ValueError(f"array must have an IDX dtype ({names}), got {array.dtype}")
    if not 1 <= array.ndim < 256 or max(array.shape) >= 2**32:
        raise ValueError(f"array must have 1 to 255 dimensions below 2**32, got {array.shape}")
    header = bytes([0, 0, code, array.ndim]) + np.array(array.shape, dtype=">u4").tobytes()
    data = header + np.ascontiguousarray(array, dtype=array.dtype.newbyteorder(">")).tobytes()
    path = Path(path)
    with atomic_write(path) as f:
        f.write(gzip.compress(data, compresslevel=6, mtime=0) if path.suffix == ".gz" else data)
