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

jupytext = pytest.importorskip("jupytext", reason="reading the page needs jupytext (docs extra)")

PAGE = Path(__file__).parents[1] / "docs" / "playground.py"
SPIRALS = "data=spirals&layers=8,8,8&init=normal&eta=0.1"
MOONS = "data=moons&noise=2&n=100&layers=8,8,8"
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


#: Each tip's check, and the links (settings) the tip gives.
TIPS = {
    vanishing_gradients: [SPIRALS, f"{SPIRALS}&act=tanh"],
    saturation: ["out=sigmoid-quadratic&example=5", "example=5"],
    momentum: [CIRCLES, f"{CIRCLES}&beta=0.5", f"{CIRCLES}&beta=0.9"],
    features: ["data=circles&layers=", "data=circles&layers=&features=x0x0,x1x1"],
    overfitting: [MOONS, f"{MOONS}&lambda=0.1", f"{MOONS}&lambda=1"],
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
