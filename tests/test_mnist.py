"""Tests for backprop.mnist: IDX files, the MNIST loader and the opt-in downloader."""

import functools
import gzip
import hashlib
import re
import socket
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from idx_files import write_idx

from backprop.mnist import (
    DATA_DIR_ENV,
    MNIST_FILES,
    MNIST_SHA256,
    STAND_IN,
    VALIDATION_SIZE,
    default_cache_dir,
    download_mnist,
    load_mnist,
    mnist_or_small_digits,
    read_idx,
)

SHARED_MNIST = Path(__file__).parents[2] / "shared" / "data" / "mnist.npz"


# ----------------------------------------------------------------------------- IDX files

IDX_DTYPES = [np.uint8, np.int8, np.int16, np.int32, np.float32, np.float64]


@settings(max_examples=40, deadline=None)
@given(
    array=hnp.arrays(
        dtype=st.sampled_from(IDX_DTYPES),
        shape=hnp.array_shapes(min_dims=1, max_dims=4, min_side=0, max_side=5),
    ),
    compressed=st.booleans(),
)
def test_idx_round_trip(tmp_path_factory, array, compressed):
    path = tmp_path_factory.mktemp("idx") / ("a.gz" if compressed else "a")
    write_idx(path, array)
    back = read_idx(path)
    assert back.shape == array.shape and back.dtype == array.dtype and back.dtype.isnative
    np.testing.assert_array_equal(back, array)


def test_read_idx_follows_the_published_layout(tmp_path):
    # Magic 0x00000C02: int32, 2 dimensions; sizes 1 and 2; values big-endian.
    data = bytes([0, 0, 0x0C, 2]) + (1).to_bytes(4, "big") + (2).to_bytes(4, "big")
    data += (258).to_bytes(4, "big") + (-2).to_bytes(4, "big", signed=True)
    (tmp_path / "raw").write_bytes(data)
    (tmp_path / "compressed-without-a-gz-suffix").write_bytes(gzip.compress(data))
    for name in ("raw", "compressed-without-a-gz-suffix"):
        array = read_idx(tmp_path / name)
        assert array.dtype == np.int32
        np.testing.assert_array_equal(array, [[258, -2]])


def test_write_idx_writes_the_mnist_label_header(tmp_path):
    write_idx(tmp_path / "labels", np.array([5, 0, 4], dtype=np.uint8))
    assert (tmp_path / "labels").read_bytes() == bytes.fromhex("00000801 00000003 050004")
    write_idx(tmp_path / "labels.gz", np.array([5, 0, 4], dtype=np.uint8))
    assert gzip.decompress((tmp_path / "labels.gz").read_bytes()) == bytes.fromhex(
        "00000801 00000003 050004"
    )


def image_header(n, rows=28, cols=28):
    return bytes([0, 0, 8, 3]) + np.array([n, rows, cols], dtype=">u4").tobytes()


MALFORMED = {
    "truncated images": (
        image_header(60_000) + bytes(1000),
        re.escape(
            "expected 47040000 bytes of data (60000 x 28 x 28 ubyte values) after the header, "
            "found 1000: the file is truncated"
        ),
    ),
    "extra bytes": (
        image_header(1, 2, 2) + bytes(5),
        re.escape("found more than the 4 bytes of data (1 x 2 x 2 ubyte values) that the header"),
    ),
    "bad magic": (b"\x01\x02\x08\x01" + bytes(8), "bad magic number 0x01020801: not an IDX file"),
    "unknown type code": (bytes([0, 0, 7, 1, 0, 0, 0, 1, 0]), "bad magic number 0x00000701"),
    "no dimensions": (bytes([0, 0, 8, 0]), "bad magic number 0x00000800"),
    "short header": (b"\x00\x00", "the file is truncated: 2 bytes, less than the 4-byte"),
    "short sizes": (
        bytes([0, 0, 8, 3, 0, 0]),
        r"declares 3 dimensions \(12 bytes of sizes\), found 2 bytes: the file is truncated",
    ),
    "empty file": (b"", "the file is truncated: 0 bytes"),
    "corrupt gzip": (b"\x1f\x8b" + b"garbage" * 3, "corrupt gzip stream"),
    "truncated gzip": (gzip.compress(image_header(3, 2, 2) + bytes(12))[:-12], "corrupt gzip"),
    "truncated data in gzip": (
        gzip.compress(image_header(3, 2, 2) + bytes(5)),
        "expected 12 bytes of data .* found 5: the file is truncated",
    ),
}


@pytest.mark.parametrize(("content", "message"), MALFORMED.values(), ids=MALFORMED.keys())
def test_malformed_idx_files_are_refused_with_a_reason(tmp_path, content, message):
    path = tmp_path / "train-images-idx3-ubyte"
    path.write_bytes(content)
    with pytest.raises(ValueError, match=message) as error:
        read_idx(path)
    assert str(error.value).startswith(f"{path}: ")


@pytest.mark.parametrize(
    ("array", "message"),
    [
        (np.zeros(3, dtype=np.int64), "array must have an IDX dtype"),
        (np.zeros(3, dtype=bool), "array must have an IDX dtype"),
        (np.array(5, dtype=np.uint8), "1 to 255 dimensions"),
    ],
)
def test_write_idx_checks_its_array(tmp_path, array, message):
    with pytest.raises(ValueError, match=message):
        write_idx(tmp_path / "a", array)
    assert list(tmp_path.iterdir()) == []


# ----------------------------------------------------------------------------- fake MNIST

N_TRAIN = VALIDATION_SIZE + 3  # the smallest sets the loader accepts, plus two
N_TEST = 4


def fake_mnist(seed=0, side=2):
    """Tiny IDX-shaped parts (images side x side) and their SHA-256 table."""
    rng = np.random.default_rng(seed)
    parts = {
        "train-images": rng.integers(0, 256, (N_TRAIN, side, side), dtype=np.uint8),
        "train-labels": rng.integers(0, 10, N_TRAIN, dtype=np.uint8),
        "test-images": rng.integers(0, 256, (N_TEST, side, side), dtype=np.uint8),
        "test-labels": rng.integers(0, 10, N_TEST, dtype=np.uint8),
    }
    sums = {part: hashlib.sha256(a.tobytes()).hexdigest() for part, a in parts.items()}
    return parts, sums


def write_fake_idx(directory, parts, suffix=""):
    directory.mkdir(parents=True, exist_ok=True)
    for part, array in parts.items():
        write_idx(directory / f"{MNIST_FILES[part]}{suffix}", array)
    return directory


def write_fake_npz(path, parts):
    n = N_TRAIN - VALIDATION_SIZE
    x = parts["train-images"].reshape(N_TRAIN, -1)
    y = parts["train-labels"]
    np.savez(
        path,
        x_train=x[:n],
        y_train=y[:n],
        x_valid=x[n:],
        y_valid=y[n:],
        x_test=parts["test-images"].reshape(N_TEST, -1),
        y_test=parts["test-labels"],
    )
    return path


def assert_loads_parts(mnist, parts, scale=1 / 256, dtype=np.float64):
    n = N_TRAIN - VALIDATION_SIZE
    rows = parts["train-images"].reshape(N_TRAIN, -1)
    pixels = rows.shape[1]
    expected = [
        (rows[:n], parts["train-labels"][:n]),
        (rows[n:], parts["train-labels"][n:]),
        (parts["test-images"].reshape(N_TEST, -1), parts["test-labels"]),
    ]
    for split, (x, labels) in zip(mnist, expected, strict=True):
        assert split.x.shape == (pixels, len(labels))
        assert split.x.dtype == dtype
        assert split.x.T.flags.c_contiguous  # examples as columns: a view of rows
        np.testing.assert_array_equal(split.x, (x * scale).astype(dtype).T)
        assert split.labels.dtype == np.int64
        np.testing.assert_array_equal(split.labels, labels)


@pytest.fixture
def fake():
    return fake_mnist()


@pytest.fixture(autouse=True)
def isolated_environment(monkeypatch, tmp_path):
    """Keep the user's cache and $BACKPROP_DATA_DIR out of every test."""
    monkeypatch.delenv(DATA_DIR_ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))


@pytest.mark.parametrize("suffix", ["", ".gz"])
def test_load_idx_directory(tmp_path, fake, suffix):
    parts, sums = fake
    directory = write_fake_idx(tmp_path / "idx", parts, suffix)
    assert_loads_parts(load_mnist(directory, checksums=sums), parts)


def test_load_npz_file_and_directory_agree_with_idx(tmp_path, fake):
    parts, sums = fake
    npz = write_fake_npz(tmp_path / "mnist.npz", parts)
    assert_loads_parts(load_mnist(npz, checksums=sums), parts)
    assert_loads_parts(load_mnist(tmp_path, checksums=sums), parts)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_nielsen_scale_and_dtype(tmp_path, fake, dtype):
    parts, sums = fake
    directory = write_fake_idx(tmp_path, parts)
    mnist = load_mnist(directory, checksums=sums, dtype=dtype)
    assert_loads_parts(mnist, parts, dtype=dtype)
    assert mnist.train.x.max() <= 255 / 256


def test_raw_pixels(tmp_path, fake):
    parts, sums = fake
    mnist = load_mnist(write_fake_idx(tmp_path, parts), checksums=sums, scale=None)
    assert_loads_parts(mnist, parts, scale=1, dtype=np.uint8)


def test_splits_unpack_by_name_and_position(tmp_path, fake):
    parts, sums = fake
    mnist = load_mnist(write_fake_idx(tmp_path, parts), checksums=sums)
    train, validation, test = mnist
    assert train is mnist.train and validation is mnist.validation and test is mnist.test
    x, labels = test
    assert x is test.x and labels is test.labels


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"scale": "unit"}, "scale must be 'nielsen' or None, got 'unit'"),
        ({"dtype": np.int32}, "dtype must be float32 or float64, got int32"),
        ({"checksums": {"train-images": "00"}}, "checksums must map exactly the parts"),
    ],
)
def test_load_mnist_checks_its_arguments(tmp_path, kwargs, message):
    with pytest.raises(ValueError, match=message):
        load_mnist(tmp_path, **kwargs)


def test_default_checksums_refuse_other_data(tmp_path, fake):
    parts, _ = fake
    directory = write_fake_idx(tmp_path, parts, ".gz")
    with pytest.raises(ValueError, match="SHA-256 of the decoded train-images") as error:
        load_mnist(directory)
    assert str(error.value).startswith(str(directory / "train-images-idx3-ubyte.gz"))
    assert MNIST_SHA256["train-images"] in str(error.value)


@pytest.mark.parametrize("part", list(MNIST_FILES))
def test_one_wrong_checksum_names_its_file(tmp_path, fake, part):
    parts, sums = fake
    directory = write_fake_idx(tmp_path, parts)
    wrong = {**sums, part: "0" * 64}
    with pytest.raises(ValueError, match=f"SHA-256 of the decoded {part} is {sums[part]}"):
        load_mnist(directory, checksums=wrong)


def test_checksum_of_an_npz_covers_the_validation_images(tmp_path, fake):
    parts, sums = fake
    parts["train-images"][-1, 0, 0] ^= 1  # a validation image, after the checksums were taken
    with pytest.raises(ValueError, match="decoded train-images"):
        load_mnist(write_fake_npz(tmp_path / "mnist.npz", parts), checksums=sums)


def test_checksums_can_be_skipped(tmp_path, fake):
    parts, _ = fake
    assert_loads_parts(load_mnist(write_fake_idx(tmp_path, parts), checksums=None), parts)


def test_malformed_idx_in_a_directory_names_the_file(tmp_path, fake):
    parts, sums = fake
    directory = write_fake_idx(tmp_path, parts)
    path = directory / MNIST_FILES["test-images"]
    path.write_bytes(path.read_bytes()[:-1])
    with pytest.raises(ValueError, match="the file is truncated") as error:
        load_mnist(directory, checksums=sums)
    assert str(error.value).startswith(str(path))


@pytest.mark.parametrize(
    ("part", "array", "message"),
    [
        ("train-labels", np.zeros((N_TRAIN, 1), np.uint8), "expected 1-D ubyte labels"),
        ("test-images", np.zeros((N_TEST, 4), np.uint8), "expected 3-D ubyte images"),
        ("test-images", np.zeros((N_TEST, 2, 2), np.int32), "expected 3-D ubyte images"),
        ("test-labels", np.zeros(N_TEST + 1, np.uint8), r"y_test shape \(n,\)"),
        ("test-images", np.zeros((N_TEST, 3, 3), np.uint8), r"x_test must have shape \(n, 4\)"),
        ("train-images", np.zeros((VALIDATION_SIZE, 2, 2), np.uint8), "too few"),
    ],
)
def test_inconsistent_idx_files(tmp_path, fake, part, array, message):
    parts, _ = fake
    parts[part] = array
    with pytest.raises(ValueError, match=message):
        load_mnist(write_fake_idx(tmp_path, parts), checksums=None)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda a: a.pop("y_test"), r"no \['y_test'\]"),
        (lambda a: a.__setitem__("y_train", a["y_train"].astype(np.int64)), "must be uint8"),
        (lambda a: a.__setitem__("x_valid", np.zeros((3, 5), np.uint8)), "x_valid must have"),
        (lambda a: a.__setitem__("y_test", np.array([None] * N_TEST)), "would need pickle"),
    ],
)
def test_malformed_npz(tmp_path, fake, change, message):
    path = write_fake_npz(tmp_path / "mnist.npz", fake[0])
    with np.load(path) as archive:
        arrays = dict(archive)
    change(arrays)
    np.savez(path, **arrays)
    with pytest.raises(ValueError, match=message) as error:
        load_mnist(path, checksums=None)
    assert str(error.value).startswith(str(path))


# ----------------------------------------------------------------------------- lookup


def fake_with_label(label):
    """Fake data whose first test label tells where it was loaded from."""
    parts, sums = fake_mnist()
    parts["test-labels"][0] = label
    return parts, {**sums, "test-labels": hashlib.sha256(parts["test-labels"]).hexdigest()}


def test_lookup_order_path_then_env_then_cache(tmp_path, monkeypatch):
    places = {"path": (tmp_path / "explicit", 1), "env": (tmp_path / "env", 2)}
    places["cache"] = (tmp_path / "xdg-cache" / "backprop", 3)
    tables = {}
    for name, (directory, label) in places.items():
        parts, tables[name] = fake_with_label(label)
        write_fake_idx(directory, parts, ".gz" if name == "env" else "")

    def first_test_label(path, table):
        return load_mnist(path, checksums=tables[table]).test.labels[0]

    monkeypatch.setenv(DATA_DIR_ENV, str(places["env"][0]))
    assert first_test_label(places["path"][0], "path") == 1
    assert first_test_label(None, "env") == 2
    monkeypatch.delenv(DATA_DIR_ENV)
    assert first_test_label(None, "cache") == 3
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "empty"))  # set, but holds nothing
    assert first_test_label(None, "cache") == 3


def test_cache_dir_argument_overrides_the_default(tmp_path):
    parts, sums = fake_with_label(7)
    write_fake_idx(tmp_path / "elsewhere", parts)
    mnist = load_mnist(cache_dir=tmp_path / "elsewhere", checksums=sums)
    assert mnist.test.labels[0] == 7


def test_an_explicit_path_is_the_only_place_searched(tmp_path):
    parts, sums = fake_with_label(3)
    write_fake_idx(tmp_path / "xdg-cache" / "backprop", parts)
    with pytest.raises(FileNotFoundError, match="missing: does not exist"):
        load_mnist(tmp_path / "missing", checksums=sums)


def test_npz_is_preferred_to_idx_files_in_a_directory(tmp_path):
    idx_parts, _ = fake_with_label(1)
    npz_parts, npz_sums = fake_with_label(2)
    write_fake_idx(tmp_path, idx_parts)
    write_fake_npz(tmp_path / "mnist.npz", npz_parts)
    assert load_mnist(tmp_path, checksums=npz_sums).test.labels[0] == 2


def test_default_cache_dir(monkeypatch, tmp_path):
    assert default_cache_dir() == tmp_path / "xdg-cache" / "backprop"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_cache_dir() == tmp_path / "home" / ".cache" / "backprop"


def test_not_found_message_says_how_to_get_the_data(tmp_path, monkeypatch):
    (tmp_path / "env").mkdir()
    (tmp_path / "env" / MNIST_FILES["train-images"]).write_bytes(b"")
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "env"))
    with pytest.raises(FileNotFoundError) as error:
        load_mnist(cache_dir=tmp_path / "cache")
    message = str(error.value)
    assert f"{tmp_path / 'env'}: no mnist.npz, and IDX files missing: train-labels" in message
    assert f"{tmp_path / 'cache'}: does not exist" in message
    assert "load_mnist(download=True)" in message
    assert DATA_DIR_ENV in message
    for name in ["mnist.npz", *MNIST_FILES.values()]:
        assert name in message


def test_not_found_message_when_nothing_is_configured(tmp_path):
    with pytest.raises(FileNotFoundError) as error:
        load_mnist()
    message = str(error.value)
    assert f"${DATA_DIR_ENV}: not set" in message
    assert f"{tmp_path / 'xdg-cache' / 'backprop'}: does not exist" in message


def test_a_file_that_is_not_an_npz_is_not_a_source(tmp_path):
    (tmp_path / "mnist.csv").write_text("5,0,0")
    with pytest.raises(FileNotFoundError, match=r"not an \.npz file or a directory"):
        load_mnist(tmp_path / "mnist.csv")


# ----------------------------------------------------------------------------- download


class QuietHandler(SimpleHTTPRequestHandler):
    """Records each request's path on its server instead of logging it."""

    def log_request(self, code="-", size="-"):
        self.server.requests.append(self.path)

    def log_message(self, format, *args):
        pass


@pytest.fixture
def serve(monkeypatch):
    """Start HTTP servers on 127.0.0.1 serving directories; return their base URLs."""
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("no_proxy", "*")
    servers = []

    def start(directory):
        handler = functools.partial(QuietHandler, directory=str(directory))
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        server.requests = []
        threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_port}/mnist/", server.requests

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture
def closed_port():
    """A loopback port with nothing listening: connections are refused."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def silent_port():
    """A loopback port that accepts connections but never answers."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen(8)
        yield s.getsockname()[1]


def mirror(tmp_path, name, parts):
    directory = tmp_path / name
    write_fake_idx(directory / "mnist", parts, ".gz")
    return directory


def test_download_falls_through_failing_mirrors(tmp_path, fake, serve, closed_port, silent_port):
    parts, sums = fake
    good, good_log = serve(mirror(tmp_path, "good", parts))
    corrupt, corrupt_log = serve(mirror(tmp_path, "corrupt", fake_mnist(seed=1)[0]))
    empty, empty_log = serve(tmp_path / "empty-mirror")  # every file: 404
    mirrors = [
        f"http://127.0.0.1:{closed_port}/mnist/",
        f"http://127.0.0.1:{silent_port}/mnist",  # no trailing slash: one is added
        empty,
        corrupt,
        good,
    ]
    cache = tmp_path / "cache"
    mnist = load_mnist(download=True, cache_dir=cache, checksums=sums, mirrors=mirrors, timeout=0.5)
    assert_loads_parts(mnist, parts)
    files = sorted(f"/mnist/{name}.gz" for name in MNIST_FILES.values())
    for log in (empty_log, corrupt_log, good_log):
        assert sorted(log) == files
    assert sorted(p.name for p in cache.iterdir()) == sorted(f.split("/")[-1] for f in files)
    for part, name in MNIST_FILES.items():
        np.testing.assert_array_equal(read_idx(cache / f"{name}.gz"), parts[part])

    load_mnist(download=True, cache_dir=cache, checksums=sums, mirrors=[good])
    assert len(good_log) == 4  # found in the cache: nothing fetched again


def test_download_only_when_asked(tmp_path, fake, serve):
    parts, sums = fake
    good, log = serve(mirror(tmp_path, "good", parts))
    with pytest.raises(FileNotFoundError):
        load_mnist(cache_dir=tmp_path / "cache", checksums=sums, mirrors=[good])
    assert log == []
    assert not (tmp_path / "cache").exists()


def test_download_into_an_explicit_path(tmp_path, fake, serve):
    parts, sums = fake
    good, _ = serve(mirror(tmp_path, "good", parts))
    target = tmp_path / "data" / "mnist"
    assert_loads_parts(load_mnist(target, download=True, checksums=sums, mirrors=[good]), parts)
    assert len(list(target.iterdir())) == 4
    assert not (tmp_path / "xdg-cache").exists()
    with pytest.raises(ValueError, match="needs a directory"):
        load_mnist(tmp_path / "x.npz", download=True, checksums=sums, mirrors=[good])


def test_download_fetches_only_missing_files(tmp_path, fake, serve):
    parts, sums = fake
    good, log = serve(mirror(tmp_path, "good", parts))
    cache = tmp_path / "cache"
    cache.mkdir()
    write_idx(cache / MNIST_FILES["train-images"], parts["train-images"])  # raw, not .gz
    assert download_mnist(cache, checksums=sums, mirrors=[good]) == cache
    assert sorted(log) == sorted(
        f"/mnist/{MNIST_FILES[part]}.gz" for part in ("train-labels", "test-images", "test-labels")
    )
    assert_loads_parts(load_mnist(cache, checksums=sums), parts)


def test_download_fails_clearly_when_every_mirror_fails(tmp_path, fake, serve, closed_port):
    _, sums = fake
    corrupt, _ = serve(mirror(tmp_path, "corrupt", fake_mnist(seed=1)[0]))
    dead = f"http://127.0.0.1:{closed_port}/mnist/"
    cache = tmp_path / "cache"
    with pytest.raises(OSError, match=r"could not download train-images-idx3-ubyte\.gz") as error:
        download_mnist(cache, checksums=sums, mirrors=[dead, corrupt], timeout=0.5)
    message = str(error.value)
    assert f"{dead}train-images-idx3-ubyte.gz: " in message
    assert f"{corrupt}train-images-idx3-ubyte.gz: SHA-256 of the decoded train-images" in message
    assert list(cache.iterdir()) == []  # nothing half-written, no temporary files


def test_download_refuses_a_file_that_is_not_idx(tmp_path, fake, serve):
    _, sums = fake
    bad = tmp_path / "bad" / "mnist"
    bad.mkdir(parents=True)
    for name in MNIST_FILES.values():
        (bad / f"{name}.gz").write_bytes(gzip.compress(b"<html>not found</html>"))
    url, _ = serve(tmp_path / "bad")
    with pytest.raises(OSError, match="bad magic number"):
        download_mnist(tmp_path / "cache", checksums=sums, mirrors=[url])


def test_download_needs_a_mirror(tmp_path):
    with pytest.raises(ValueError, match="at least one base URL"):
        download_mnist(tmp_path, mirrors=[])


# ----------------------------------------------------------------------------- real MNIST

needs_mnist = pytest.mark.skipif(
    not SHARED_MNIST.is_file(), reason=f"MNIST not found at {SHARED_MNIST}"
)


@needs_mnist
def test_real_mnist_npz_loads_and_verifies():
    train, validation, test = load_mnist(SHARED_MNIST)  # verified against MNIST_SHA256
    assert train.x.shape == (784, 50_000)
    assert validation.x.shape == (784, 10_000)
    assert test.x.shape == (784, 10_000)
    assert train.x.dtype == np.float64 and train.x.max() == 255 / 256 and train.x.min() == 0
    for split in (train, validation, test):
        assert split.labels.dtype == np.int64
        assert set(np.unique(split.labels).tolist()) == set(range(10))
        assert split.x.flags.f_contiguous  # the transposed view of (n, 784) rows


@needs_mnist
def test_real_mnist_as_idx_files(tmp_path):
    raw = load_mnist(SHARED_MNIST, scale=None)
    images = np.concatenate([raw.train.x.T, raw.validation.x.T]).reshape(-1, 28, 28)
    labels = np.concatenate([raw.train.labels, raw.validation.labels]).astype(np.uint8)
    write_idx(tmp_path / "train-images-idx3-ubyte", images)
    write_idx(tmp_path / "train-labels-idx1-ubyte", labels)
    write_idx(tmp_path / "t10k-images-idx3-ubyte", raw.test.x.T.reshape(-1, 28, 28))
    write_idx(tmp_path / "t10k-labels-idx1-ubyte", raw.test.labels.astype(np.uint8))
    from_idx = load_mnist(tmp_path, scale=None)  # the same published checksums
    for got, want in zip(from_idx, raw, strict=True):
        np.testing.assert_array_equal(got.x, want.x)
        np.testing.assert_array_equal(got.labels, want.labels)
    test_images = tmp_path / "t10k-images-idx3-ubyte"
    data = bytearray(test_images.read_bytes())
    data[-1] ^= 1
    test_images.write_bytes(bytes(data))
    with pytest.raises(ValueError, match="SHA-256 of the decoded test-images"):
        load_mnist(tmp_path)


@needs_mnist
def test_real_mnist_download_from_a_loopback_mirror(tmp_path, serve):
    raw = load_mnist(SHARED_MNIST, scale=None)
    parts = {
        "train-images": np.concatenate([raw.train.x.T, raw.validation.x.T]).reshape(-1, 28, 28),
        "train-labels": np.concatenate([raw.train.labels, raw.validation.labels]).astype(np.uint8),
        "test-images": raw.test.x.T.reshape(-1, 28, 28),
        "test-labels": raw.test.labels.astype(np.uint8),
    }
    served = tmp_path / "mirror" / "mnist"
    served.mkdir(parents=True)
    for part, array in parts.items():
        write_idx(tmp_path / "raw", array)
        data = gzip.compress((tmp_path / "raw").read_bytes(), compresslevel=1)
        (served / f"{MNIST_FILES[part]}.gz").write_bytes(data)
    url, _ = serve(tmp_path / "mirror")
    mnist = load_mnist(download=True, scale=None, mirrors=[url])  # the published checksums
    for got, want in zip(mnist, raw, strict=True):
        np.testing.assert_array_equal(got.x, want.x)
        np.testing.assert_array_equal(got.labels, want.labels)
    assert len(list((tmp_path / "xdg-cache" / "backprop").iterdir())) == 4


def test_import_backprop_loads_no_network_modules():
    code = (
        "import sys, backprop\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('http', 'ssl', 'socket')"
        " or m == 'urllib.request')\n"
        "print(loaded)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_without_mnist_the_stand_in_is_returned_and_named(tmp_path, monkeypatch):
    pytest.importorskip("sklearn", reason="the stand-in needs scikit-learn")
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path))  # an empty folder, and no cache
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    train, test, source = mnist_or_small_digits()
    assert source == STAND_IN == "scikit-learn's 8 × 8 digits"
    assert (train.x.shape, test.x.shape) == ((64, 1297), (64, 500))
