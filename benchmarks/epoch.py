"""Seconds per training epoch: this package against a plain NumPy version, Nielsen's loop, PyTorch.

Nielsen's chapter-1 setup: [784, 30, 10], sigmoid, quadratic cost, η = 3.0, one epoch =
50,000 MNIST examples (loaded in the dtype timed), at mini-batch sizes 10 and 100, in float64
and float32. In one process, round-robin (each repeat times every implementation once, so that
a slow moment of a shared machine hits all of them alike), the median of the repeats of each:

* this package, ``train(method="matrix")`` and ``train(method="per_example")``;
* a plain, obvious whole-mini-batch NumPy version, examples as columns, with the package's
  initialisation, shuffling and update, written below: the version a competent reader writes;
* a per-example loop written the way Nielsen's ``network.py`` is, written below;
* PyTorch on the CPU, when it is importable (it is never a dependency).

Each times its epoch alone, not the one-off preparation of the data (``train`` checks it once
per call). After its epoch each is tested on the 10,000 test images, and the plain version must
reach the package's accuracy (it does the same arithmetic, up to rounding), or the run fails.

A square matrix product timed in the same run gives the machine's peak, so every number is
also a ratio against something measured here. Finally Nielsen's whole chapter-1 run (30 epochs,
the test set evaluated after each) is timed end to end with this package.

    python benchmarks/epoch.py              # the median of three repeats, whole epochs
    python benchmarks/epoch.py --quick      # a fifth of an epoch (per-example: less), not saved
    python benchmarks/epoch.py --repeats 5  # the median of five repeats
    python benchmarks/epoch.py --blas-threads 2  # BLAS on two threads (default: one)

BLAS runs on one thread by default, for every implementation alike: on a machine shared with
other work, a multithreaded product waits for its busiest thread, and an epoch that takes
0.2 s alone was measured at 2 to 15 s with other processes on the same two cores.

Writes ``benchmarks/results/epoch.json`` and ``epoch.md`` (the table shown on the site).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import time
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_info, threadpool_limits

from backprop import Network
from backprop.files import atomic_write
from backprop.mnist import load_mnist
from backprop.training import train

RESULTS = Path(__file__).parent / "results"
SIZES = [784, 30, 10]
ETA = 3.0
EPOCH = 50_000
FLOPS_PER_EPOCH = 6 * sum(n_in * n + n for n_in, n in itertools.pairwise(SIZES)) * EPOCH
_MATRIX = "this package, matrix path"
_PLAIN = "plain NumPy, whole mini-batch (columns)"
_NIELSEN = "Nielsen-style per-example loop"


def accuracy(weights, biases, test) -> float:
    """Return the fraction of the test images that the network ``weights, biases`` reads."""
    a = test[0]
    for w, b in zip(weights, biases):
        a = 1 / (1 + np.exp(-(w @ a + b)))
    return float(np.mean(a.argmax(axis=0) == test[1]))


def ours_matrix(x, labels, batch, dtype, test) -> tuple[float, float]:
    """Seconds for one pass over the columns of ``x``, ``train``'s matrix path; test accuracy."""
    net = Network(SIZES, seed=0, dtype=dtype)
    history = train(net, (x, labels), 1, batch, ETA, seed=0, monitor_training=False)
    return history.seconds[0], net.accuracy(*test)


def ours_per_example(x, labels, batch, dtype, test) -> tuple[float, float]:
    """Seconds for one pass: ``train``'s per-example path (one backprop per example)."""
    net = Network(SIZES, seed=0, dtype=dtype)
    history = train(
        net, (x, labels), 1, batch, ETA, seed=0, method="per_example", monitor_training=False
    )
    return history.seconds[0], net.accuracy(*test)


def plain_numpy(x, labels, batch, dtype, test) -> tuple[float, float]:
    """Seconds for one pass of a plain, obvious mini-batch NumPy version, examples as columns:
    ``Network(SIZES, seed=0)``'s weights and ``train(..., seed=0)``'s mini-batches."""
    rng = np.random.default_rng(0)
    b1, b2 = (rng.standard_normal((n, 1)).astype(dtype) for n in SIZES[1:])
    w1, w2 = (rng.standard_normal((n, n_in)).astype(dtype) for n_in, n in itertools.pairwise(SIZES))
    y = np.eye(10, dtype=dtype)[:, labels]
    rng = np.random.default_rng(0)
    start = time.perf_counter()
    order = rng.permutation(x.shape[1])
    with np.errstate(over="ignore"):
        for k in range(0, x.shape[1], batch):
            idx = order[k : k + batch]
            xb, yb = x[:, idx], y[:, idx]
            a1 = 1 / (1 + np.exp(-(w1 @ xb + b1)))
            a2 = 1 / (1 + np.exp(-(w2 @ a1 + b2)))
            d2 = (a2 - yb) * a2 * (1 - a2)
            d1 = (w2.T @ d2) * a1 * (1 - a1)
            rate = ETA / len(idx)
            w2 -= rate * (d2 @ a1.T)
            b2 -= rate * d2.sum(axis=1, keepdims=True)
            w1 -= rate * (d1 @ xb.T)
            b1 -= rate * d1.sum(axis=1, keepdims=True)
    return time.perf_counter() - start, accuracy((w1, w2), (b1, b2), test)


def nielsen_loop(x, labels, batch, dtype, test) -> tuple[float, float]:
    """Seconds for one pass of Nielsen's ``network.py`` SGD, as he wrote it (per example)."""

    def sigmoid(z):
        return 1.0 / (1.0 + np.exp(-z))

    def sigmoid_prime(z):
        return sigmoid(z) * (1 - sigmoid(z))

    rng = np.random.default_rng(0)
    biases = [rng.standard_normal((y, 1)).astype(dtype) for y in SIZES[1:]]
    weights = [rng.standard_normal((y, n)).astype(dtype) for n, y in itertools.pairwise(SIZES)]
    data = [
        (x[:, j : j + 1].astype(dtype), np.eye(10, dtype=dtype)[:, [label]])
        for j, label in enumerate(labels)
    ]

    def backprop(x, y):
        nabla_b = [np.zeros(b.shape, dtype) for b in biases]
        nabla_w = [np.zeros(w.shape, dtype) for w in weights]
        activation, activations, zs = x, [x], []
        for b, w in zip(biases, weights):
            z = np.dot(w, activation) + b
            zs.append(z)
            activation = sigmoid(z)
            activations.append(activation)
        delta = (activations[-1] - y) * sigmoid_prime(zs[-1])
        nabla_b[-1] = delta
        nabla_w[-1] = np.dot(delta, activations[-2].transpose())
        for l in range(2, len(SIZES)):
            delta = np.dot(weights[-l + 1].transpose(), delta) * sigmoid_prime(zs[-l])
            nabla_b[-l] = delta
            nabla_w[-l] = np.dot(delta, activations[-l - 1].transpose())
        return nabla_b, nabla_w

    start = time.perf_counter()
    rng.shuffle(data)
    with np.errstate(over="ignore"):
        for k in range(0, len(data), batch):
            mini_batch = data[k : k + batch]
            nabla_b = [np.zeros(b.shape, dtype) for b in biases]
            nabla_w = [np.zeros(w.shape, dtype) for w in weights]
            for xj, yj in mini_batch:
                delta_nabla_b, delta_nabla_w = backprop(xj, yj)
                nabla_b = [nb + dnb for nb, dnb in zip(nabla_b, delta_nabla_b)]
                nabla_w = [nw + dnw for nw, dnw in zip(nabla_w, delta_nabla_w)]
            weights = [w - (ETA / len(mini_batch)) * nw for w, nw in zip(weights, nabla_w)]
            biases = [b - (ETA / len(mini_batch)) * nb for b, nb in zip(biases, nabla_b)]
    return time.perf_counter() - start, accuracy(weights, biases, test)


def pytorch(x, labels, batch, dtype, test) -> tuple[float, float]:
    """Seconds for one pass of an idiomatic PyTorch CPU version (autograd, ``optim.SGD``)."""
    import torch

    torch.manual_seed(0)
    torch_dtype = {np.float64: torch.float64, np.float32: torch.float32}[dtype]
    model = torch.nn.Sequential(
        torch.nn.Linear(784, 30), torch.nn.Sigmoid(), torch.nn.Linear(30, 10), torch.nn.Sigmoid()
    ).to(torch_dtype)
    optimiser = torch.optim.SGD(model.parameters(), lr=ETA)
    xs = torch.from_numpy(np.ascontiguousarray(x.T, dtype=dtype))
    ys = torch.from_numpy(np.eye(10, dtype=dtype)[labels])
    start = time.perf_counter()
    order = torch.randperm(len(xs))
    for k in range(0, len(xs), batch):
        idx = order[k : k + batch]
        optimiser.zero_grad()
        # Nielsen's quadratic cost, summed over outputs, averaged over the mini-batch.
        loss = 0.5 * ((model(xs[idx]) - ys[idx]) ** 2).sum() / len(idx)
        loss.backward()
        optimiser.step()
    seconds = time.perf_counter() - start
    with torch.no_grad():
        out = model(torch.from_numpy(np.ascontiguousarray(test[0].T)))
    return seconds, float(np.mean(out.numpy().argmax(axis=1) == test[1]))


def matmul_peak(dtype, size: int = 1500) -> float:
    """Return the GFLOP/s of one (size × size) @ (size × size) product in ``dtype``."""
    rng = np.random.default_rng(0)
    a, b = rng.random((size, size)).astype(dtype), rng.random((size, size)).astype(dtype)
    a @ b  # warm up
    start = time.perf_counter()
    a @ b
    return 2 * size**3 / (time.perf_counter() - start) / 1e9


def implementations() -> dict:
    """Return the implementations to time, by name; PyTorch only where it is importable."""
    found = {
        _MATRIX: (ours_matrix, "fast"),
        "this package, per-example path": (ours_per_example, "slow"),
        _PLAIN: (plain_numpy, "fast"),
        _NIELSEN: (nielsen_loop, "slow"),
    }
    try:
        import torch

        torch.set_num_threads(1)  # as fast as two here, and kinder to a shared machine
        found[f"PyTorch {torch.__version__} CPU"] = (pytorch, "fast")
    except ImportError:
        pass
    return found


def nielsen_run(mnist, epochs: int) -> float:
    """Seconds for Nielsen's chapter-1 run with this package, test set evaluated every epoch."""
    net = Network(SIZES, seed=0)
    start = time.perf_counter()
    train(
        net, mnist.train, epochs, 10, ETA, evaluation_data=mnist.test, seed=0,
        monitor_training=False,
    )  # fmt: skip
    return time.perf_counter() - start


def environment() -> dict:
    """Return the BLAS library threadpoolctl reports and the OPENBLAS_* variables, as found."""
    blas = next((lib for lib in threadpool_info() if lib.get("user_api") == "blas"), {})
    return {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "python": platform.python_version(),
        "numpy": np.__version__,
        "blas": {key: blas.get(key) for key in ("internal_api", "version", "num_threads")}
        | {"kernel": blas.get("architecture")},
        "openblas_variables": {k: v for k, v in sorted(os.environ.items()) if "OPENBLAS" in k},
        "load_average": os.getloadavg() if hasattr(os, "getloadavg") else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="shorter runs, nothing written")
    parser.add_argument("--repeats", type=int, help="round-robin repeats (default 3)")
    parser.add_argument("--blas-threads", type=int, default=1, help="BLAS threads (default 1)")
    args = parser.parse_args()
    with threadpool_limits(limits=args.blas_threads, user_api="blas"):
        run(args)


def run(args) -> None:
    """Time every implementation, print the table and (unless ``--quick``) write it."""
    repeats = args.repeats or 3
    n = {"fast": 10_000 if args.quick else EPOCH, "slow": 2_000 if args.quick else 10_000}
    data = {np.dtype(dtype).name: load_mnist(dtype=dtype) for dtype in (np.float64, np.float32)}
    timed = implementations()
    seconds: dict[tuple, list[float]] = {}
    accuracies: dict[tuple, float] = {}
    peaks: dict[str, list[float]] = {}
    for _ in range(repeats):
        for name, mnist in data.items():
            dtype = np.dtype(name).type
            peaks.setdefault(name, []).append(matmul_peak(dtype))
            (x, labels), test = mnist.train, mnist.test
            for batch, (label, (run, speed)) in itertools.product((10, 100), timed.items()):
                took, accuracies[name, batch, label] = run(
                    x[:, : n[speed]], labels[: n[speed]], batch, dtype, test
                )
                seconds.setdefault((name, batch, label), []).append(took * EPOCH / n[speed])
                print(
                    f"{name} batch {batch:>3} {label:<42} {took * EPOCH / n[speed]:7.3f} s/epoch, "
                    f"test accuracy {accuracies[name, batch, label]:.2%}",
                    flush=True,
                )
    median = {key: float(np.median(times)) for key, times in seconds.items()}
    for dtype, batch, label in median:
        gap = abs(accuracies[dtype, batch, _PLAIN] - accuracies[dtype, batch, _MATRIX])
        if label == _PLAIN and gap > 0.01:
            raise SystemExit(f"{dtype} batch {batch}: plain NumPy and train differ by {gap:.2%}")
    rows = []
    for (dtype, batch, label), s in median.items():
        gflops = FLOPS_PER_EPOCH / s / 1e9
        rows.append(
            {
                "dtype": dtype,
                "mini_batch": batch,
                "implementation": label,
                "seconds_per_epoch": round(s, 4),
                "test_accuracy": accuracies[dtype, batch, label],
                "plain_numpy_over_this": round(median[dtype, batch, _PLAIN] / s, 2),
                "nielsen_over_this": round(median[dtype, batch, _NIELSEN] / s, 2),
                "gflops": round(gflops, 1),
                "share_of_matmul_peak": round(gflops / float(np.median(peaks[dtype])), 3),
            }
        )
    epochs = 3 if args.quick else 30
    run_seconds = nielsen_run(data["float64"], epochs) * 30 / epochs
    report = {
        "setup": "Network([784, 30, 10]), sigmoid, quadratic cost, eta 3.0, 50,000 MNIST examples",
        "timing": f"median of {repeats} round-robin repeats; "
        f"matrix paths over {n['fast']:,} examples, per-example paths over {n['slow']:,}, "
        "scaled to 50,000; test accuracy after that one pass",
        "flops_per_epoch": FLOPS_PER_EPOCH,
        "matmul_peak_gflops": {k: round(float(np.median(v)), 1) for k, v in peaks.items()},
        "nielsen_30_epochs_seconds": round(run_seconds, 1),
        "nielsen_30_epochs_timed": f"{epochs} epochs" + (", scaled to 30" if epochs != 30 else ""),
        "environment": environment(),
        "date": time.strftime("%Y-%m-%d"),
        "rows": rows,
    }
    print(markdown_table(report))
    if args.quick:
        return
    RESULTS.mkdir(exist_ok=True)
    for name, text in (
        ("epoch.json", json.dumps(report, indent=2, ensure_ascii=False) + "\n"),
        ("epoch.md", markdown_table(report)),
    ):
        with atomic_write(RESULTS / name) as f:
            f.write(text.encode())


def markdown_table(report: dict) -> str:
    """Return the results as the Markdown table the site includes."""
    lines = [
        "| dtype | mini-batch | implementation | s / epoch | plain NumPy ÷ this "
        "| Nielsen ÷ this | test accuracy | GFLOP/s | share of matmul peak |",
        "|---|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in report["rows"]:
        lines.append(
            f"| {r['dtype']} | {r['mini_batch']} | {r['implementation']} | "
            f"{r['seconds_per_epoch']:.3f} | ×{r['plain_numpy_over_this']:.2f} | "
            f"×{r['nielsen_over_this']:.2f} | {r['test_accuracy']:.1%} | "
            f"{r['gflops']:.1f} | {r['share_of_matmul_peak']:.1%} |"
        )
    env = report["environment"]
    blas = env["blas"]
    lines += [
        "",
        f"*{report['setup']}; {report['timing']}. Matmul peak (GFLOP/s): "
        + ", ".join(f"{k} {v:.0f}" for k, v in report["matmul_peak_gflops"].items())
        + f". Nielsen's 30-epoch run with this package, test set evaluated every epoch: "
        f"{report['nielsen_30_epochs_seconds']:.1f} s ({report['nielsen_30_epochs_timed']}). "
        f"{env['machine']}, NumPy {env['numpy']}, BLAS {blas['internal_api']} {blas['version']} "
        f"({blas['kernel']} kernels, {blas['num_threads']} threads), OPENBLAS variables "
        f"{env['openblas_variables'] or 'none'}; load average at the end "
        f"{', '.join(f'{v:.1f}' for v in env['load_average'] or [])}; "
        f"measured {report['date']} by `python benchmarks/epoch.py`.*",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
