"""MNIST: finding it, reading it (``.npz`` or the official IDX files), checking it, and an
opt-in download.

[`load_mnist`][backprop.mnist.load_mnist] reads MNIST from an ``.npz`` or from the official
IDX files (raw or gzip-compressed, parsed by [`read_idx`][backprop.mnist.read_idx]), checks
it against published SHA-256 digests and returns Nielsen's 50,000 / 10,000 / 10,000 split,
one image per column. [`download_mnist`][backprop.mnist.download_mnist] fetches the IDX
files, but only when asked; ``urllib`` is imported only then.

Examples
--------
>>> sorted(MNIST_FILES)
['test-images', 'test-labels', 'train-images', 'train-labels']
"""

from __future__ import annotations

import gzip
import hashlib
import os
import zlib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import BinaryIO, NamedTuple

import numpy as np

from .datasets import Split, small_digits
from .files import atomic_write, read_npz

__all__ = [
    "DATA_DIR_ENV",
    "MNIST",
    "MNIST_FILES",
    "MNIST_MIRRORS",
    "MNIST_NPZ",
    "MNIST_SHA256",
    "STAND_IN",
    "VALIDATION_SIZE",
    "default_cache_dir",
    "download_mnist",
    "load_mnist",
    "mnist_or_small_digits",
    "read_idx",
]

# IDX type codes (third byte of the magic number) and the big-endian dtypes they stand for.
_IDX_DTYPES = {
    0x08: np.dtype("u1"),
    0x09: np.dtype("i1"),
    0x0B: np.dtype(">i2"),
    0x0C: np.dtype(">i4"),
    0x0D: np.dtype(">f4"),
    0x0E: np.dtype(">f8"),
}
_GZIP_MAGIC = b"\x1f\x8b"
_CHUNK = 1 << 20


def read_idx(path: str | os.PathLike) -> np.ndarray:
    """Read an IDX file, the format of the official MNIST files, raw or gzip-compressed.

    An IDX file is a 4-byte magic number (two zero bytes, a type code, the number of
    dimensions d), then d big-endian uint32 sizes, then the values in C order, big-endian.
    A gzip stream is recognised by its first two bytes, whatever the file is called.

    Parameters
    ----------
    path : str or os.PathLike
        The file, e.g. ``train-images-idx3-ubyte`` or ``train-images-idx3-ubyte.gz``.

    Returns
    -------
    ndarray
        The values with the shape the file declares, in native byte order (uint8 for MNIST).

    Raises
    ------
    ValueError
        If the file is not a well-formed IDX file: bad magic number or type code, truncated
        header or data, extra bytes after the data, or a corrupt gzip stream. The message
        names the file and the problem.

    Examples
    --------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "tiny-idx2-ubyte"
    >>> _ = path.write_bytes(bytes([0, 0, 8, 2, 0, 0, 0, 2, 0, 0, 0, 3, 0, 1, 2, 3, 4, 5]))
    >>> read_idx(path)  # 0x08: ubyte, 2 dimensions, 2 x 3
    array([[0, 1, 2],
           [3, 4, 5]], dtype=uint8)
    >>> _ = path.write_bytes(bytes([0, 0, 8, 1, 0, 0, 3, 232, 7]))  # 1000 values, only 1 present
    >>> read_idx(path)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: .../tiny-idx2-ubyte: expected 1000 bytes ... found 1: the file is truncated
    """
    path = Path(path)
    with open(path, "rb") as f:
        return _decode_idx(f, path)


def _decode_idx(f: BinaryIO, path: Path | str) -> np.ndarray:
    """Parse the IDX data in the seekable stream ``f``, gzip-compressed or not."""
    compressed = f.read(2) == _GZIP_MAGIC
    f.seek(0)
    if not compressed:
        return _parse_idx(f, path)
    try:
        with gzip.GzipFile(fileobj=f) as stream:
            return _parse_idx(stream, path)
    except (gzip.BadGzipFile, EOFError, zlib.error) as error:
        raise ValueError(f"{path}: corrupt gzip stream: {error}") from None


def _parse_idx(f: BinaryIO, path: Path | str) -> np.ndarray:
    """Parse an IDX stream ``f``, naming ``path`` in errors."""
    magic = f.read(4)
    if len(magic) < 4:
        raise ValueError(
            f"{path}: the file is truncated: {len(magic)} bytes, less than the 4-byte IDX header"
        )
    if magic[:2] != b"\0\0" or magic[2] not in _IDX_DTYPES or magic[3] == 0:
        raise ValueError(
            f"{path}: bad magic number 0x{magic.hex()}: not an IDX file (expected two zero bytes, "
            f"a type code among 08, 09, 0b, 0c, 0d, 0e and at least one dimension)"
        )
    dtype, ndim = _IDX_DTYPES[magic[2]], magic[3]
    sizes = f.read(4 * ndim)
    if len(sizes) < 4 * ndim:
        raise ValueError(
            f"{path}: the header declares {ndim} dimensions ({4 * ndim} bytes of sizes), "
            f"found {len(sizes)} bytes: the file is truncated"
        )
    shape = tuple(int(size) for size in np.frombuffer(sizes, dtype=">u4"))
    nbytes = int(np.prod(shape, dtype=object)) * dtype.itemsize
    data = bytearray()
    while len(data) <= nbytes:
        chunk = f.read(min(_CHUNK, nbytes + 1 - len(data)))
        if not chunk:
            break
        data += chunk
    kind = "ubyte" if dtype == np.uint8 else dtype.newbyteorder("=").name
    described = f"{nbytes} bytes of data ({' x '.join(map(str, shape))} {kind} values)"
    if len(data) < nbytes:
        raise ValueError(
            f"{path}: expected {described} after the header, found {len(data)}: "
            "the file is truncated"
        )
    if len(data) > nbytes:
        raise ValueError(
            f"{path}: found more than the {described} that the header declares: "
            "the header or the file is corrupt"
        )
    array = np.frombuffer(data, dtype=dtype).reshape(shape)
    return array if dtype.isnative else array.astype(dtype.newbyteorder("="))


DATA_DIR_ENV = "BACKPROP_DATA_DIR"
"""Environment variable naming a directory to look for MNIST in."""
MNIST_NPZ = "mnist.npz"
"""Name of an ``.npz`` holding MNIST in Nielsen's split (see ``shared/data/README.md``)."""
MNIST_FILES = {
    "train-images": "train-images-idx3-ubyte",
    "train-labels": "train-labels-idx1-ubyte",
    "test-images": "t10k-images-idx3-ubyte",
    "test-labels": "t10k-labels-idx1-ubyte",
}
"""The official IDX file names (each may also be stored as ``NAME.gz``), by part."""
MNIST_SHA256 = {
    "train-images": "741c988805d008ac6e4c904b69001ba184c24b2c540a4ef403f4c71b676cf757",
    "train-labels": "1feba77c54802fa5339a11837ea4b2866434b83314ec45192930f1df69120c13",
    "test-images": "6d87418db22cc8025d05968bec9bd5c3932904b23485740db143a061a2c9d161",
    "test-labels": "ddeff807876a9661a1110d45c266c86239a3a1b7d37da0c3716a7a683c852ff5",
}
"""SHA-256 of each part decoded to uint8 (``a.tobytes()``, C order), whatever the source:
the 60,000 official training images and labels, the 10,000 test images and labels."""
MNIST_MIRRORS = (
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
)
"""Public mirrors of the official ``NAME.gz`` files, tried in turn by
[`download_mnist`][backprop.mnist.download_mnist]."""
VALIDATION_SIZE = 10_000
"""Size of the validation set: the last images of the official training set (Nielsen's split)."""
_NPZ_KEYS = ("x_train", "y_train", "x_valid", "y_valid", "x_test", "y_test")


class MNIST(NamedTuple):
    """MNIST in Nielsen's split, as returned by [`load_mnist`][backprop.mnist.load_mnist].

    ``train`` holds the first 50,000 images of the official training set, ``validation``
    the last 10,000, ``test`` the official 10,000 test images.

    Examples
    --------
    >>> empty = Split(np.zeros((784, 0)), np.zeros(0, dtype=np.int64))
    >>> train, validation, test = MNIST(empty, empty, empty)
    >>> train.x.shape
    (784, 0)
    """

    train: Split
    validation: Split
    test: Split


def default_cache_dir() -> Path:
    """Return where downloaded data are kept: ``$XDG_CACHE_HOME/backprop``, by default
    ``~/.cache/backprop``.

    Examples
    --------
    >>> default_cache_dir().name
    'backprop'
    """
    cache_home = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(cache_home) / "backprop"


def load_mnist(
    path: str | os.PathLike | None = None,
    *,
    download: bool = False,
    scale: str | None = "nielsen",
    dtype: type | np.dtype = np.float64,
    cache_dir: str | os.PathLike | None = None,
    checksums: Mapping[str, str] | None = MNIST_SHA256,
    mirrors: Iterable[str] = MNIST_MIRRORS,
    timeout: float = 30.0,
) -> MNIST:
    """Load MNIST in Nielsen's 50,000 / 10,000 / 10,000 train / validation / test split.

    A directory may hold ``mnist.npz`` (keys ``x_train``, ``y_train``, ``x_valid``,
    ``y_valid``, ``x_test``, ``y_test``, uint8; read with ``allow_pickle=False``) or the four
    official IDX files of [`MNIST_FILES`][backprop.mnist.MNIST_FILES], raw or ``.gz``; from
    these, the 60,000 training images are split 50,000 / 10,000 in their original order. The
    places searched:

    1. ``path``, if given: an ``.npz`` file or a directory; then nothing else is searched;
    2. otherwise the directory named by ``$BACKPROP_DATA_DIR``, if set;
    3. then ``cache_dir``, by default [`default_cache_dir`][backprop.mnist.default_cache_dir].

    The decoded uint8 arrays are checked against ``checksums`` (SHA-256 of ``a.tobytes()``;
    about 0.1 s), so a corrupt or different file is refused.

    Parameters
    ----------
    path : str or os.PathLike, optional
        An ``.npz`` file, or a directory holding ``mnist.npz`` or the IDX files.
    download : bool, default False
        If MNIST is found nowhere, fetch the IDX files with
        [`download_mnist`][backprop.mnist.download_mnist] into ``path`` (if given, as a
        directory) or ``cache_dir``. Nothing is downloaded otherwise.
    scale : {"nielsen", None}, default "nielsen"
        ``"nielsen"``: pixels as floats ``x / 256`` in [0, 255/256], as in Nielsen's
        ``mnist.pkl.gz``. ``None``: the raw uint8 grey levels 0 … 255.
    dtype : {numpy.float64, numpy.float32}, default numpy.float64
        Floating type of the scaled pixels (ignored when ``scale`` is ``None``).
    cache_dir : str or os.PathLike, optional
        Overrides [`default_cache_dir`][backprop.mnist.default_cache_dir].
    checksums : mapping, optional
        Expected SHA-256 per part of [`MNIST_FILES`][backprop.mnist.MNIST_FILES]; ``None``
        skips the check.
    mirrors : iterable of str, default MNIST_MIRRORS
        Base URLs for ``download``.
    timeout : float, default 30.0
        Seconds to wait on each connection when downloading.

    Returns
    -------
    MNIST
        ``MNIST(train, validation, test)`` of ``Split(x, labels)``. Each ``x`` has shape
        ``(784, n)``, one image per column: it is the transposed view ``rows.T`` of row-major
        ``(n, 784)`` storage (no copy), which matrix products take as it is. ``labels`` are
        int64 of shape ``(n,)``.

    Raises
    ------
    FileNotFoundError
        If MNIST is found nowhere (and ``download`` is false): the message lists the places
        searched and how to get the data.
    ValueError
        If a file is malformed or fails its checksum.

    Examples
    --------
    With the data in place, the usual call:

    >>> train, validation, test = load_mnist()  # doctest: +SKIP
    >>> train.x.shape, train.x.max(), validation.labels.shape  # doctest: +SKIP
    ((784, 50000), 0.99609375, (10000,))

    A directory with no data gives instructions:

    >>> import tempfile
    >>> load_mnist(tempfile.mkdtemp())  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    FileNotFoundError: MNIST was not found. Searched:
      - ...: no mnist.npz and no IDX files
    ...load_mnist(download=True)...

    Any data in the IDX layout loads, here 10,002 training images of 1 x 1 pixels (whose
    checksums are not MNIST's):

    >>> import gzip
    >>> def idx(a):  # IDX: two zero bytes, 0x08 (ubyte), dimensions, sizes, values
    ...     return bytes([0, 0, 8, a.ndim]) + np.array(a.shape, ">u4").tobytes() + a.tobytes()
    >>> d = Path(tempfile.mkdtemp())
    >>> _ = (d / "train-images-idx3-ubyte").write_bytes(idx(np.full((10_002, 1, 1), 128, "u1")))
    >>> _ = (d / "train-labels-idx1-ubyte").write_bytes(idx(np.zeros(10_002, "u1")))
    >>> test_images = gzip.compress(idx(np.zeros((3, 1, 1), "u1")))
    >>> _ = (d / "t10k-images-idx3-ubyte.gz").write_bytes(test_images)
    >>> _ = (d / "t10k-labels-idx1-ubyte.gz").write_bytes(gzip.compress(idx(np.zeros(3, "u1"))))
    >>> mnist = load_mnist(d, checksums=None)
    >>> mnist.train.x, mnist.validation.x.shape, mnist.test.labels
    (array([[0.5, 0.5]]), (1, 10000), array([0, 0, 0]))
    >>> load_mnist(d)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: ...-idx3-ubyte: SHA-256 of the decoded train-images is ..., expected 741c...
    """
    if scale not in ("nielsen", None):
        raise ValueError(f"scale must be 'nielsen' or None, got {scale!r}")
    dtype = np.dtype(dtype)
    if dtype not in (np.float32, np.float64):
        raise ValueError(f"dtype must be float32 or float64, got {dtype}")
    _check_checksums(checksums)
    cache_dir = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    env = os.environ.get(DATA_DIR_ENV)
    if path is not None:
        places, searched = [Path(path)], []
    else:
        places = [Path(env), cache_dir] if env else [cache_dir]
        searched = [] if env else [f"${DATA_DIR_ENV}: not set"]
    for place in places:
        source, reason = _find_mnist(place)
        if source is not None:
            break
        searched.append(f"{place}: {reason}")
    else:
        if not download:
            raise FileNotFoundError(_not_found_message(searched, cache_dir))
        if path is not None and Path(path).suffix == ".npz":
            raise ValueError(f"download=True needs a directory as path, got the file name {path}")
        target = download_mnist(
            Path(path) if path is not None else cache_dir,
            checksums=checksums,
            mirrors=mirrors,
            timeout=timeout,
        )
        source, _ = _find_mnist(target)
    arrays, files = _read_npz(source) if isinstance(source, Path) else _read_idx_files(source)
    if checksums is not None:
        for part, keys in _PARTS.items():
            _verify(part, [arrays[key] for key in keys], checksums[part], files[part])

    def split(x_key, y_key):
        rows = arrays[x_key]
        x = rows if scale is None else np.divide(rows, 256, dtype=dtype)
        return Split(x.T, arrays[y_key].astype(np.int64))

    return MNIST(
        split("x_train", "y_train"), split("x_valid", "y_valid"), split("x_test", "y_test")
    )


def mnist_or_small_digits() -> tuple[Split, Split, str]:
    """Return ``(train, test, source)``: MNIST's 50,000 training and 10,000 test images if
    [`load_mnist`][backprop.mnist.load_mnist] finds MNIST, else the stand-in of
    [`small_digits`][backprop.datasets.small_digits] (1,297 and 500 images of 8 × 8 pixels;
    it needs scikit-learn). ``source`` says which: ``"MNIST"`` or ``STAND_IN``.

    Examples
    --------
    >>> train, test, source = mnist_or_small_digits()
    >>> source in ("MNIST", STAND_IN), train.x.shape[0] == test.x.shape[0]
    (True, True)
    """
    try:
        mnist = load_mnist()
    except FileNotFoundError:
        return (*small_digits(), STAND_IN)
    return mnist.train, mnist.test, "MNIST"


STAND_IN = "scikit-learn's 8 × 8 digits"
"""The ``source`` that [`mnist_or_small_digits`][backprop.mnist.mnist_or_small_digits] names
when it returns the stand-in."""


def download_mnist(
    directory: str | os.PathLike | None = None,
    *,
    checksums: Mapping[str, str] | None = MNIST_SHA256,
    mirrors: Iterable[str] = MNIST_MIRRORS,
    timeout: float = 30.0,
) -> Path:
    """Download the four official MNIST IDX files (``NAME.gz``, about 11 MB) into ``directory``.

    Each file is fetched from the first of ``mirrors`` that serves it, decoded and checked
    against ``checksums`` before it is written (atomically, still compressed); a mirror that
    fails (no connection, HTTP error, time-out, malformed file, wrong checksum) passes the
    file on to the next. Files already in ``directory`` (raw or ``.gz``) are not fetched again.

    Parameters
    ----------
    directory : str or os.PathLike, optional
        Where to put the files, created if needed; by default
        [`default_cache_dir`][backprop.mnist.default_cache_dir].
    checksums : mapping, optional
        Expected SHA-256 of each decoded part (keys of
        [`MNIST_FILES`][backprop.mnist.MNIST_FILES]); ``None`` skips the check.
    mirrors : iterable of str, default MNIST_MIRRORS
        Base URLs; a file's URL is the base URL followed by ``NAME.gz``.
    timeout : float, default 30.0
        Seconds to wait on each connection.

    Returns
    -------
    pathlib.Path
        ``directory``.

    Raises
    ------
    OSError
        If some file could not be had from any mirror; the message lists each attempt.

    Examples
    --------
    Any URL that ``urllib`` opens will do as a mirror, here a local directory of tiny files:

    >>> import gzip, hashlib, tempfile
    >>> def idx(a):  # IDX: two zero bytes, 0x08 (ubyte), dimensions, sizes, values
    ...     return bytes([0, 0, 8, a.ndim]) + np.array(a.shape, ">u4").tobytes() + a.tobytes()
    >>> mirror = Path(tempfile.mkdtemp())
    >>> parts = {"train-images": np.zeros((10_001, 2, 2), np.uint8), "test-images":
    ...          np.zeros((1, 2, 2), np.uint8), "train-labels": np.zeros(10_001, np.uint8),
    ...          "test-labels": np.zeros(1, np.uint8)}
    >>> for part, a in parts.items():
    ...     _ = (mirror / f"{MNIST_FILES[part]}.gz").write_bytes(gzip.compress(idx(a)))
    >>> sums = {part: hashlib.sha256(a.tobytes()).hexdigest() for part, a in parts.items()}
    >>> d = download_mnist(tempfile.mkdtemp(), checksums=sums, mirrors=[mirror.as_uri() + "/"])
    >>> sorted(p.name for p in d.iterdir())  # doctest: +NORMALIZE_WHITESPACE
    ['t10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz',
     'train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz']
    >>> load_mnist(d, checksums=sums).train.x.shape
    (4, 1)
    """
    import http.client  # the network modules are loaded only when downloading
    import io
    import urllib.request

    _check_checksums(checksums)
    mirrors = [mirrors] if isinstance(mirrors, str) else list(mirrors)
    if not mirrors:
        raise ValueError("mirrors must list at least one base URL")
    directory = Path(directory) if directory is not None else default_cache_dir()
    directory.mkdir(parents=True, exist_ok=True)
    for part, name in MNIST_FILES.items():
        if (directory / name).is_file() or (directory / f"{name}.gz").is_file():
            continue
        failures = []
        for base in mirrors:
            url = f"{base.rstrip('/')}/{name}.gz"
            try:
                with urllib.request.urlopen(url, timeout=timeout) as response:
                    data = response.read()
                array = _decode_idx(io.BytesIO(data), url)
                if checksums is not None:
                    _verify(part, [array], checksums[part], url)
            except (OSError, http.client.HTTPException, ValueError) as error:
                failures.append(f"  - {url}: {error}")
                continue
            with atomic_write(directory / f"{name}.gz") as f:
                f.write(data)
            break
        else:
            raise OSError(f"could not download {name}.gz from any mirror:\n" + "\n".join(failures))
    return directory


# The arrays of Nielsen's split that make up each official part, in order.
_PARTS = {
    "train-images": ("x_train", "x_valid"),
    "train-labels": ("y_train", "y_valid"),
    "test-images": ("x_test",),
    "test-labels": ("y_test",),
}


def _check_checksums(checksums) -> None:
    if checksums is not None and set(checksums) != set(MNIST_FILES):
        raise ValueError(
            f"checksums must map exactly the parts {list(MNIST_FILES)} to SHA-256 hex digests, "
            f"got keys {list(checksums)}"
        )


def _verify(part: str, arrays: list[np.ndarray], expected: str, source) -> None:
    """Check the SHA-256 of ``arrays`` (their bytes, one after the other) against ``expected``."""
    digest = hashlib.sha256()
    for a in arrays:
        digest.update(np.ascontiguousarray(a))
    if digest.hexdigest() != expected.lower():
        raise ValueError(
            f"{source}: SHA-256 of the decoded {part} is {digest.hexdigest()}, expected "
            f"{expected}: the data are corrupt or not the official MNIST (delete the file; "
            "load_mnist(download=True) fetches it again)"
        )


def _find_mnist(place: Path) -> tuple[Path | dict[str, Path] | None, str]:
    """Return the MNIST source at ``place`` (an .npz path or the IDX paths) or why there is none."""
    if place.is_file():
        return (place, "") if place.suffix == ".npz" else (None, "not an .npz file or a directory")
    if not place.is_dir():
        return None, "does not exist"
    if (place / MNIST_NPZ).is_file():
        return place / MNIST_NPZ, ""
    found = {}
    for part, name in MNIST_FILES.items():
        for candidate in (place / name, place / f"{name}.gz"):
            if candidate.is_file():
                found[part] = candidate
                break
    if len(found) == len(MNIST_FILES):
        return found, ""
    if not found:
        return None, f"no {MNIST_NPZ} and no IDX files"
    missing = [MNIST_FILES[part] for part in MNIST_FILES if part not in found]
    return None, f"no {MNIST_NPZ}, and IDX files missing: {', '.join(missing)} (raw or .gz)"


def _not_found_message(searched: list[str], cache_dir: Path) -> str:
    places = "\n".join(f"  - {line}" for line in searched)
    return (
        f"MNIST was not found. Searched:\n{places}\n"
        f"A place may hold {MNIST_NPZ} (arrays {', '.join(_NPZ_KEYS)}) or the four official "
        f"IDX files {', '.join(MNIST_FILES.values())} (each raw or .gz).\n"
        "To get the data, either\n"
        f"  - call load_mnist(download=True): it downloads the IDX files (about 11 MB) into "
        f"{cache_dir}, or\n"
        "  - put the files in a directory and pass it to load_mnist(path), or set the "
        f"environment variable {DATA_DIR_ENV} to it."
    )


def _read_npz(path: Path) -> tuple[dict[str, np.ndarray], dict[str, Path]]:
    """Read and check an .npz in the layout of ``shared/data/mnist.npz``."""
    arrays = read_npz(path)
    missing = [key for key in _NPZ_KEYS if key not in arrays]
    if missing:
        raise ValueError(f"{path}: not an MNIST .npz: no {missing}; expected {list(_NPZ_KEYS)}")
    _check_layout(arrays, path)
    return arrays, dict.fromkeys(MNIST_FILES, path)


def _read_idx_files(paths: dict[str, Path]) -> tuple[dict[str, np.ndarray], dict[str, Path]]:
    """Read the four IDX files and split the training set 50,000 / 10,000."""
    parts = {part: read_idx(path) for part, path in paths.items()}
    for part, a in parts.items():
        ndim = 3 if part.endswith("images") else 1
        if a.ndim != ndim or a.dtype != np.uint8:
            kind = "images (n x rows x cols)" if ndim == 3 else "labels (n)"
            raise ValueError(
                f"{paths[part]}: expected {ndim}-D ubyte {kind}, found shape {a.shape} of {a.dtype}"
            )
    train, labels = parts["train-images"], parts["train-labels"]
    n = len(train) - VALIDATION_SIZE
    if n < 1:
        raise ValueError(
            f"{paths['train-images']}: {len(train)} training images are too few: the last "
            f"{VALIDATION_SIZE} become the validation set"
        )
    train = train.reshape(len(train), -1)
    arrays = {
        "x_train": train[:n],
        "y_train": labels[:n],
        "x_valid": train[n:],
        "y_valid": labels[n:],
        "x_test": parts["test-images"].reshape(len(parts["test-images"]), -1),
        "y_test": parts["test-labels"],
    }
    _check_layout(arrays, paths["train-images"].parent)
    return arrays, paths


def _check_layout(arrays: dict[str, np.ndarray], source) -> None:
    """Check that images are (n, p) uint8 with one p, and labels (n,) uint8 with their n."""
    width = arrays["x_train"].shape[1:]
    for split in ("train", "valid", "test"):
        x, y = arrays[f"x_{split}"], arrays[f"y_{split}"]
        if x.dtype != np.uint8 or y.dtype != np.uint8:
            raise ValueError(
                f"{source}: x_{split} and y_{split} must be uint8, got {x.dtype} and {y.dtype}"
            )
        if x.ndim != 2 or x.shape[1:] != width or y.shape != x.shape[:1]:
            raise ValueError(
                f"{source}: x_{split} must have shape (n, {width[0] if width else 784}) and "
                f"y_{split} shape (n,), got {x.shape} and {y.shape}"
            )
