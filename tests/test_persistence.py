"""Tests for backprop.persistence: save / load without pickle, atomic writes, validation."""

import json
import tempfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backprop import Network
from backprop.activations import Activation
from backprop.files import atomic_write, read_npz
from backprop.persistence import FORMAT_VERSION, load, save

CONFIGS = [
    # sizes, activation, output_activation, cost, dtype
    ([3, 4, 2], "sigmoid", None, "quadratic", np.float64),
    ([3, 5, 4, 2], "tanh", "sigmoid", "cross_entropy", np.float32),
    ([2, 3, 3], "relu", "softmax", "log_likelihood", np.float64),
    ([4, 6, 1], "identity", None, "quadratic", np.float32),
    ([3, 2], "sigmoid", "softmax", "log_likelihood", np.float32),
]


def make(sizes, activation="sigmoid", output_activation=None, cost="quadratic", dtype=np.float64):
    return Network(sizes, activation, output_activation, cost, seed=1, dtype=dtype)


@pytest.mark.parametrize(("sizes", "activation", "output", "cost", "dtype"), CONFIGS)
def test_round_trip_gives_identical_network(tmp_path, sizes, activation, output, cost, dtype):
    net = make(sizes, activation, output, cost, dtype)
    copy = load(save(net, tmp_path / "net.npz"))
    assert copy.sizes == net.sizes
    assert [s.name for s in copy.sigmas] == [s.name for s in net.sigmas]
    assert copy.cost is net.cost
    assert copy.dtype == net.dtype
    for got, want in zip(copy.parameters(), net.parameters(), strict=True):
        assert got.dtype == want.dtype
        assert got.flags.c_contiguous and got.flags.writeable
        np.testing.assert_array_equal(got, want)
    x = np.random.default_rng(0).standard_normal((sizes[0], 5)).astype(dtype)
    np.testing.assert_array_equal(copy.feedforward(x), net.feedforward(x))
    y = np.eye(sizes[-1], 5, dtype=dtype)
    for got, want in zip(copy.backprop(x, y), net.backprop(x, y), strict=True):
        for g, w in zip(got, want, strict=True):
            np.testing.assert_array_equal(g, w)


@settings(max_examples=25, deadline=None)
@given(
    sizes=st.lists(st.integers(1, 6), min_size=2, max_size=5),
    seed=st.integers(0, 2**32 - 1),
    float32=st.booleans(),
)
def test_round_trip_any_sizes(sizes, seed, float32):
    net = Network(sizes, seed=seed, dtype=np.float32 if float32 else np.float64)
    with tempfile.TemporaryDirectory() as tmp:
        copy = load(save(net, Path(tmp) / "net.npz"))
    assert copy.sizes == sizes
    for got, want in zip(copy.parameters(), net.parameters(), strict=True):
        np.testing.assert_array_equal(got, want)
        assert got.dtype == want.dtype


def test_file_is_a_plain_npz_with_the_documented_keys(tmp_path):
    path = save(make([3, 4, 2], "tanh", "sigmoid"), tmp_path / "net.npz")
    arrays = read_npz(path)
    assert set(arrays) == {"config", "w1", "b1", "w2", "b2"}
    assert json.loads(str(arrays["config"])) == {
        "format_version": FORMAT_VERSION,
        "sizes": [3, 4, 2],
        "activation": "tanh",
        "output_activation": "sigmoid",
        "cost": "quadratic",
        "dtype": "float64",
    }
    assert all(a.dtype != object for a in arrays.values())


def test_save_uses_the_path_as_given_and_accepts_str(tmp_path):
    path = save(make([2, 2]), str(tmp_path / "weights.bin"))
    assert path == tmp_path / "weights.bin"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["weights.bin"]
    assert load(str(path)).sizes == [2, 2]


def test_save_replaces_an_existing_file(tmp_path):
    path = tmp_path / "net.npz"
    save(make([2, 2]), path)
    save(make([2, 3, 1]), path)
    assert load(path).sizes == [2, 3, 1]
    assert [p.name for p in tmp_path.iterdir()] == ["net.npz"]


def half_written_savez(file, **arrays):
    file.write(b"PK\x03\x04 half a zip")
    raise OSError("disk full")


def failing_replace(src, dst):
    raise OSError("rename failed")


@pytest.mark.parametrize(
    ("target", "replacement"),
    [("numpy.savez", half_written_savez), ("os.replace", failing_replace)],
)
def test_failed_save_keeps_the_old_file_and_leaves_no_temporary(
    tmp_path, monkeypatch, target, replacement
):
    path = save(make([3, 4, 2]), tmp_path / "net.npz")
    before = path.read_bytes()
    monkeypatch.setattr(target, replacement)
    with pytest.raises(OSError, match=r"disk full|rename failed"):
        save(make([2, 2]), path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["net.npz"]
    monkeypatch.undo()
    assert load(path).sizes == [3, 4, 2]


def test_failed_first_save_creates_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr("numpy.savez", half_written_savez)
    with pytest.raises(OSError, match="disk full"):
        save(make([2, 2]), tmp_path / "net.npz")
    assert list(tmp_path.iterdir()) == []


def test_atomic_write_gives_the_usual_permissions(tmp_path):
    with atomic_write(tmp_path / "a") as f:
        f.write(b"x")
    (tmp_path / "b").write_bytes(b"x")
    assert (tmp_path / "a").stat().st_mode == (tmp_path / "b").stat().st_mode


def test_atomic_write_removes_the_temporary_on_error(tmp_path):
    with pytest.raises(RuntimeError), atomic_write(tmp_path / "a") as f:
        f.write(b"partial")
        raise RuntimeError
    assert list(tmp_path.iterdir()) == []


def test_save_refuses_what_load_would_reject(tmp_path):
    net = make([2, 3, 1])
    net.biases[1][0, 0] = np.inf
    with pytest.raises(ValueError, match=r"cannot save b2: b2 must hold finite numbers; got 1 NaN"):
        save(net, tmp_path / "net.npz")

    class Swish(Activation):
        name = "swish"

        def __call__(self, z):
            return z / (1 + np.exp(-z))

    with pytest.raises(ValueError, match="custom activation or cost <activation 'swish'>"):
        save(Network([2, 2], activation=Swish()), tmp_path / "net.npz")
    with pytest.raises(TypeError, match=r"must be a backprop\.Network"):
        save({"weights": []}, tmp_path / "net.npz")
    assert list(tmp_path.iterdir()) == []


def tampered(tmp_path, change):
    """Save a [3, 4, 2] network, apply ``change`` to its arrays and write them back."""
    path = save(make([3, 4, 2]), tmp_path / "net.npz")
    arrays = read_npz(path)
    change(arrays)
    np.savez(path, **arrays)  # allow_pickle=True by default: object arrays get pickled
    return path


def set_item(key, value):
    return lambda arrays: arrays.__setitem__(key, value)


def nan_at(key):
    def change(arrays):
        arrays[key] = arrays[key].copy()
        arrays[key].flat[0] = np.nan

    return change


def config(**changes):
    """A change that edits the JSON config of the file."""

    def change(arrays):
        arrays["config"] = np.array(json.dumps(json.loads(str(arrays["config"])) | changes))

    return change


TAMPERINGS = {
    "future version": (config(format_version=3), "format_version 3 is not"),
    "version as text": (config(format_version="2"), "format_version '2' is not"),
    "config not JSON": (set_item("config", np.array("{sizes")), "Expecting property name"),
    "config not a dict": (set_item("config", np.array("[1, 2]")), "format_version None"),
    "missing config": (lambda a: a.pop("config"), "no config"),
    "missing cost": (config(cost=None), "cost must be a name"),
    "missing weights": (lambda a: a.pop("w2"), r"missing \['w2'\]"),
    "extra weights": (set_item("w3", np.zeros((2, 2))), r"unexpected \['w3'\]"),
    "bad shape": (set_item("w1", np.zeros((3, 4))), r"w1 must be float64 of shape \(4, 3\)"),
    "bias as a row": (set_item("b2", np.zeros((1, 2))), r"b2 must be float64 of shape \(2, 1\)"),
    "sizes disagree": (config(sizes=[3, 4, 4, 2]), "do not match sizes"),
    "negative size": (config(sizes=[3, -4, 2]), r"sizes\[1\] must be an int ≥ 1"),
    "sizes as text": (config(sizes="3, 4, 2"), "sizes must be a list of layer sizes"),
    "NaN": (nan_at("b2"), "b2 must hold finite numbers; got 1 NaN"),
    "wrong dtype": (set_item("w1", np.zeros((4, 3), np.float32)), "w1 must be float64"),
    "pickled object array": (
        set_item("w1", np.array([[None] * 3] * 4, dtype=object)),
        "holds Python objects, which would need pickle",
    ),
    "unknown activation": (config(activation="swish"), "unknown activation 'swish'"),
    "softmax hidden": (config(activation="softmax"), "'softmax' can only be the output"),
    "unknown cost": (config(cost="mse"), "unknown cost 'mse'"),
    "unknown dtype": (config(dtype="float16"), "dtype must be float32 or float64"),
    "dtype not a name": (config(dtype=None), "data type 'None' not understood"),
    "cost and output disagree": (
        config(cost="log_likelihood"),
        "'log_likelihood' cost needs a 'softmax' output activation",
    ),
}


@pytest.mark.parametrize(("change", "message"), TAMPERINGS.values(), ids=TAMPERINGS.keys())
def test_tampered_file_gives_a_clear_error(tmp_path, change, message):
    path = tampered(tmp_path, change)
    with pytest.raises(ValueError, match=message) as error:
        load(path)
    assert str(error.value).startswith(f"{path}: ")


def test_saving_into_a_missing_directory_names_the_target(tmp_path):
    target = tmp_path / "missing" / "net.npz"
    with pytest.raises(FileNotFoundError, match=rf"cannot write {target}: the directory"):
        save(make([2, 2]), target)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not a network at all", r"not an .npz archive \(not a zip file\)"),
        (b"PK\x03\x04 truncated zip", r"not an .npz archive \(not a zip file\)"),
        (None, r"not an .npz archive \(not a zip file\)"),
    ],
)
def test_files_that_are_not_networks(tmp_path, content, message):
    path = tmp_path / "net.npz"
    if content is None:
        with open(path, "wb") as f:
            np.save(f, np.eye(2))
    else:
        path.write_bytes(content)
    with pytest.raises(ValueError, match=message) as error:
        load(path)
    assert str(error.value).startswith(str(path))
    assert "allow_pickle" not in str(error.value)


def test_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError):
        load(tmp_path / "nowhere.npz")


def test_loading_never_needs_pickle(tmp_path, monkeypatch):
    path = save(make([3, 4, 2], "relu", "softmax", "log_likelihood"), tmp_path / "net.npz")

    def no_pickle(*args, **kwargs):
        raise AssertionError("pickle was used")

    monkeypatch.setattr("pickle.load", no_pickle)
    monkeypatch.setattr("pickle.loads", no_pickle)
    assert load(path).sizes == [3, 4, 2]
