"""Files written all at once or not at all, and ``.npz`` archives read without pickle.

Used by [`backprop.persistence`][backprop.persistence] (trained networks) and
[`backprop.mnist`][backprop.mnist] (downloads, ``mnist.npz``); free of any network code.

Examples
--------
>>> import tempfile
>>> path = Path(tempfile.mkdtemp()) / "weights.npz"
>>> with atomic_write(path) as f:
...     np.savez(f, w=np.eye(2))
>>> read_npz(path)["w"]
array([[1., 0.],
       [0., 1.]])
"""

from __future__ import annotations

import contextlib
import os
import secrets
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import numpy as np

__all__ = ["atomic_write", "read_npz"]


@contextlib.contextmanager
def atomic_write(path: str | os.PathLike) -> Iterator[BinaryIO]:
    """Open ``path`` for writing in binary mode so that it is replaced all at once, or not at all.

    The data go to a temporary file in the same directory, which is flushed, ``fsync``-ed and
    then renamed over ``path`` with ``os.replace``. If the ``with`` block raises, or anything
    else fails, the temporary file is removed and an existing ``path`` is left untouched.

    Parameters
    ----------
    path : str or os.PathLike
        The file to create or replace.

    Raises
    ------
    FileNotFoundError
        If the directory of ``path`` does not exist; the message names ``path``.

    Examples
    --------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "hello.txt"
    >>> with atomic_write(path) as f:
    ...     _ = f.write(b"hello")
    >>> with atomic_write(path) as f:
    ...     _ = f.write(b"half a file")
    ...     raise RuntimeError("power cut")
    Traceback (most recent call last):
    ...
    RuntimeError: power cut
    >>> path.read_bytes(), [p.name for p in path.parent.iterdir()]
    (b'hello', ['hello.txt'])
    >>> with atomic_write(path.parent / "missing" / "net.npz") as f:  # doctest: +ELLIPSIS
    ...     pass
    Traceback (most recent call last):
    ...
    FileNotFoundError: cannot write .../missing/net.npz: the directory .../missing does not exist
    """
    path = Path(path)
    if not path.parent.is_dir():
        raise FileNotFoundError(f"cannot write {path}: the directory {path.parent} does not exist")
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def read_npz(path: str | os.PathLike) -> dict[str, np.ndarray]:
    """Return every array of the ``.npz`` archive ``path``, read without pickle.

    Parameters
    ----------
    path : str or os.PathLike
        An archive written by ``numpy.savez`` or ``numpy.savez_compressed``.

    Returns
    -------
    dict of str to ndarray
        The arrays by name, in memory (the file is closed).

    Raises
    ------
    FileNotFoundError
        If ``path`` does not exist.
    ValueError
        If ``path`` is not an ``.npz`` archive, or an array in it is corrupt or holds Python
        objects (which only pickle could read); the message names the file.

    Examples
    --------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "a.npz"
    >>> np.savez(path, w=np.eye(2), names=np.array(["sigmoid"]))
    >>> read_npz(path)
    {'w': array([[1., 0.],
           [0., 1.]]), 'names': array(['sigmoid'], dtype='<U7')}
    >>> _ = path.write_bytes(b"garbage")
    >>> read_npz(path)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: .../a.npz: not an .npz archive (not a zip file)
    """
    path = Path(path)
    with open(path, "rb") as f:
        # Checked first: given anything else, np.load tries pickle and suggests allowing it.
        if not zipfile.is_zipfile(f):
            raise ValueError(f"{path}: not an .npz archive (not a zip file)")
        f.seek(0)
        try:
            with np.load(f, allow_pickle=False) as archive:
                return {key: archive[key] for key in archive.files}
        except (ValueError, OSError, EOFError, zipfile.BadZipFile) as error:
            raise ValueError(
                f"{path}: an array is corrupt or holds Python objects, which would need pickle "
                f"({type(error).__name__})"
            ) from None
