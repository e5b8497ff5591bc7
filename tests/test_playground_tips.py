"""The playground page's "Things to try" keep their promises.

Every link in that section opens the playground with settings; each is run here with the
playground's own session code (``session.js``: the same settings parser, data and training
loop as the page) under Node, on the data the page carries (its hidden data cell, executed
here), and what the tip says will happen is asserted. A tip whose link has no check here
fails the test, so a new tip cannot go unchecked. The same runs check the data the
session trains on (the split control).
"""

from __future__ import annotations

import re
import urllib.parse
from pathlib import Path

import numpy as np
import pytest
from tests.test_playground_engine import run_js

from backprop import datasets

jupytext = pytest.importorskip("jupytext", reason="reading the page needs jupytext (docs extra)")

PAGE = Path(__file__).parents[1] / "docs" / "playground.py"
SPIRALS = "data=spirals&layers=8,8,8&init=normal&eta=0.1"
MOONS = "data=moons&noise=30&n=100&layers=8,8,8"
CIRCLES = "data=circles&eta=0.3"


def page_data() -> dict:
    """The data sets the page gives the playground: its hidden cell that builds them, run."""
    (cell,) = [c for c in jupytext.read(PAGE).cells if "playground_data =" in c.source]
    assert "remove-cell" in cell.metadata.get("tags", [])  # plumbing, hidden from the reader
    namespace: dict = {}
    exec(cell.source, namespace)
    return namespace["playground_data"]


def tip_links() -> list[str]:
    """The settings (URL queries) of the playground links under "Things to try"."""
    text = PAGE.read_text(encoding="utf-8").split("# ## Things to try", 1)[1]
    text = re.sub(r"\n#\s*", " ", text)  # one line: a link's target may follow a line break
    return re.findall(r"\]\(playground\.py\?([^)\s]+)\)", text)


@pytest.fixture(scope="module")
def run():
    """run(query, epochs=…, example=…): the engine's result of that playground run."""
    data, done = page_data(), {}

    def run_query(query: str, **length) -> dict:
        key = (query, tuple(sorted(length.items())))
        if key not in done:
            (done[key],) = run_js([{"kind": "session", "data": data, "query": query, **length}])
        return done[key]

    return run_query


def first_epoch_at(history: dict, key: str, value: float) -> int:
    """The first epoch (from 1) whose ``history[key]`` reaches ``value``."""
    reached = np.flatnonzero(np.asarray(history[key]) >= value)
    assert reached.size, f"{key} never reached {value}"
    return int(reached[0]) + 1


def vanishing_gradients(run):
    sigmoid, tanh = run(SPIRALS, epochs=100)["history"], run(f"{SPIRALS}&act=tanh", epochs=100)
    tanh = tanh["history"]
    norms = np.asarray(sigmoid["gradients"])  # epoch × layer: ‖∂C/∂wˡ‖, l = 1 … 4
    assert norms.shape[1] == 4
    assert (norms[:10, 0] * 10 < norms[:10, -1]).all()  # "more than ten times below"
    first = np.asarray(tanh["gradients"])[0]
    assert max(first[0], first[-1]) < 2 * min(first[0], first[-1])  # "within a factor of 2"
    assert tanh["trainAccuracy"][-1] > sigmoid["trainAccuracy"][-1]


def saturation(run):
    quadratic = run("out=sigmoid-quadratic&example=5", example=5)["step"]
    cross_entropy = run("example=5", example=5)["step"]
    delta_q, delta_ce = (np.ravel(s["deltas"][-1]) for s in (quadratic, cross_entropy))
    assert (np.abs(delta_q) <= np.abs(delta_ce) / 4).all()  # "at most a quarter"
    assert (np.abs(delta_q) > 0).all()


def momentum(run):
    epochs = [
        first_epoch_at(run(f"{CIRCLES}{beta}", epochs=100)["history"], "trainAccuracy", 1.0)
        for beta in ("", "&beta=0.5", "&beta=0.9")
    ]
    assert epochs[0] > epochs[1] > epochs[2], epochs  # "each time … in fewer epochs"


def features(run):
    line = run("data=circles&layers=", epochs=100)["history"]
    assert line["trainAccuracy"][-1] < 0.7
    squares = run("data=circles&layers=&features=x0x0,x1x1", epochs=100)["history"]
    assert squares["trainAccuracy"][0] == squares["trainAccuracy"][-1] == 1


def overfitting(run):
    plain = run(MOONS, epochs=300)["history"]
    assert plain["trainCost"][-1] < 0.1
    assert plain["testCost"][-1] > 1
    assert plain["testCost"][-1] > min(plain["testCost"])  # it was lower: the costs part
    l2 = run(f"{MOONS}&lambda=0.1", epochs=300)["history"]
    assert l2["testCost"][-1] < plain["testCost"][-1] / 2
    assert abs(l2["testCost"][-1] - l2["trainCost"][-1]) < 0.1
    strong = run(f"{MOONS}&lambda=1", epochs=300)["history"]
    assert strong["trainAccuracy"][-1] == strong["testAccuracy"][-1] == 0.5


def regression(run):
    plane = run("data=plane&layers=", epochs=100)
    assert np.abs(np.asarray(plane["weights"][0]) - 0.5).max() < 0.01  # "within 0.01 of (½, ½)"
    assert abs(plane["history"]["trainCost"][-1] - 0.5 * 0.1**2) < 0.1 * 0.005  # "within 10 %"
    line = run("data=gaussians&layers=", epochs=100)["history"]
    assert min(line["trainCost"]) > 0.07  # "stays above 0.07"
    deep = run("data=gaussians&layers=8,8&act=tanh", epochs=300)["history"]
    assert deep["trainCost"][-1] < 0.02


#: Each tip's check, and the links (settings) the tip gives.
TIPS = {
    vanishing_gradients: [SPIRALS, f"{SPIRALS}&act=tanh"],
    saturation: ["out=sigmoid-quadratic&example=5", "example=5"],
    momentum: [CIRCLES, f"{CIRCLES}&beta=0.5", f"{CIRCLES}&beta=0.9"],
    features: ["data=circles&layers=", "data=circles&layers=&features=x0x0,x1x1"],
    overfitting: [MOONS, f"{MOONS}&lambda=0.1", f"{MOONS}&lambda=1"],
    regression: [
        "data=plane&layers=",
        "data=gaussians&layers=",
        "data=gaussians&layers=8,8&act=tanh",
    ],
}


def test_every_tip_link_is_checked():
    links = [urllib.parse.unquote(link) for link in tip_links()]
    assert sorted(links) == sorted(link for checked in TIPS.values() for link in checked)


@pytest.mark.parametrize("check", TIPS, ids=[check.__name__ for check in TIPS])
def test_the_tip_keeps_its_promise(check, run):
    check(run)


@pytest.mark.parametrize("split", ["1/2", "4/5", "9/10"])
def test_a_split_pools_the_page_points_and_cuts_them_anew(run, split):
    """The split control: the n training and n/2 test points, pooled (training first),
    trained on up to the split's share; every point is used once."""
    page = run("data=moons&n=200", epochs=0, points=True)["data"]
    cut = run(f"data=moons&n=200&split={split}", epochs=0, points=True)["data"]
    numerator, denominator = map(int, split.split("/"))
    assert len(cut["train"]["labels"]) == 300 * numerator // denominator
    pool = [np.hstack([page[s]["x"] for s in ("train", "test")]), page["train"]["labels"]]
    pool[1] = pool[1] + page["test"]["labels"]
    again = [np.hstack([cut[s]["x"] for s in ("train", "test")]), cut["train"]["labels"]]
    again[1] = again[1] + cut["test"]["labels"]
    assert np.array_equal(pool[0], again[0]) and pool[1] == again[1]


#: The package's generator of each data set the page offers, by its name in the URL.
GENERATORS = {
    "moons": datasets.moons,
    "circles": datasets.circles,
    "spirals": datasets.spirals,
    "plane": datasets.plane,
    "gaussians": datasets.gaussians,
}


@pytest.mark.parametrize("name", GENERATORS)
def test_every_noise_level_is_the_package_set(run, name):
    """The noise control (in %): at σ = noise/100 the session trains on the package's own set,
    ``make(n, noise=σ, seed=0)``, and tests on ``make(n // 2, noise=σ, seed=1)``, to the
    page's storage precision (2⁻¹⁴ per number stored, 2⁻¹³ with the scaled draws)."""
    make = GENERATORS[name]
    for noise, n in [(0, 100), (7, 300), (50, 200), (None, 200)]:
        query = f"data={name}&n={n}" + ("" if noise is None else f"&noise={noise}")
        data = run(query, epochs=0, points=True)["data"]
        sigma = {"moons": 0.15, "circles": 0.05, "spirals": 0.2}.get(name, 0.1)
        sigma = sigma if noise is None else noise / 100  # None: the set's default
        for part, size, seed in [("train", n, 0), ("test", n // 2, 1)]:
            x, outputs = make(size, noise=sigma, seed=seed)
            assert np.abs(np.asarray(data[part]["x"]) - x).max() <= 2**-13, (query, part)
            if outputs.ndim == 1:
                assert data[part]["labels"] == outputs.tolist(), (query, part)
            else:
                assert data[part]["labels"] is None
                assert np.abs(np.asarray(data[part]["y"]) - outputs).max() <= 2**-13, query


def test_the_noise_moves_the_points_and_keeps_the_plane_around_them(run):
    quiet, loud = (run(f"data=circles&noise={p}", epochs=0, points=True)["data"] for p in (0, 50))
    assert quiet["train"]["labels"] == loud["train"]["labels"]
    assert np.abs(np.subtract(quiet["train"]["x"], loud["train"]["x"])).max() > 0.5
    for data in (quiet, loud):
        x0, x1, y0, y1 = data["domain"]
        points = np.hstack([data["train"]["x"], data["test"]["x"]])
        assert x0 < points[0].min() and points[0].max() < x1
        assert y0 < points[1].min() and points[1].max() < y1
    assert loud["domain"][1] - loud["domain"][0] > quiet["domain"][1] - quiet["domain"][0]


def test_a_regression_set_trains_one_linear_output_on_the_quadratic_cost(run):
    result = run("data=plane", epochs=0)
    assert result["sizes"] == [2, 8, 1] and result["outputs"] == ["identity", "quadratic"]
    tanh = run("data=gaussians&out=tanh-quadratic", epochs=0)
    assert tanh["outputs"] == ["tanh", "quadratic"]
    wrong = run("data=plane&out=sigmoid-cross_entropy", epochs=0)  # a classification output
    assert wrong["outputs"] == ["identity", "quadratic"]
    assert run("data=moons&out=identity-quadratic", epochs=0)["outputs"][0] == "sigmoid"
