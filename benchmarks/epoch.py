"""Seconds per training epoch: the per-example backprop loop against the matrix form.

Nielsen's chapter-1 setup: [784, 30, 10], sigmoid, quadratic cost, η = 3.0, one epoch =
50,000 MNIST examples, at mini-batch sizes 10 and 100, in float64 and float32. Both paths
run in the same process on the same data, and a square matrix product measured in the same
run gives the machine's peak, so every number is a ratio against something measured here.

    python benchmarks/epoch.py              # MNIST if found, else random data of that shape
    python benchmarks/epoch.py --quick      # one repeat, a fifth of an epoch per-example

Writes ``benchmarks/results/epoch.json`` and ``epoch.md`` (the table shown on the site).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import statistics
import time
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_info

from backprop import Network
from backprop.datasets import load_mnist
from backprop.files import atomic_write
from backprop.training import train

RESULTS = Path(__file__).parent / "results"
SIZES = [784, 30, 10]
ETA = 3.0


def load_data(n: int) -> tuple[np.ndarray, np.ndarray, str]:
    """Return (x, labels, source): MNIST's training images when found, else random pixels."""
    try:
        train_split = load_mnist().train
        return train_split.x[:, :n], train_split.labels[:n], "MNIST"
    except FileNotFoundError:
        rng = np.random.default_rng(0)
        x = rng.integers(0, 256, size=(n, SIZES[0])).astype(np.float64).T / 256
        return x, rng.integers(0, 10, size=n), "random pixels (MNIST not found)"


def matmul_peak(dtype, size: int = 2000, repeats: int = 5) -> float:
    """Return the best GFLOP/s of a (size × size) @ (size × size) product in ``dtype``."""
    rng = np.random.default_rng(0)
    a, b = rng.random((size, size)).astype(dtype), rng.random((size, size)).astype(dtype)
    a @ b  # warm up
    best = min(_seconds(lambda: a @ b) for _ in range(repeats))
    return 2 * size**3 / best / 1e9


def _seconds(f) -> float:
    start = time.perf_counter()
    f()
    return time.perf_counter() - start


def epoch_seconds(x, labels, batch: int, dtype, method: str, epochs: int) -> float:
    """Return the median seconds per epoch of ``epochs`` epochs, scaled to 50,000 examples."""
    net = Network(SIZES, seed=0, dtype=dtype)
    history = train(net, (x.astype(dtype), labels), epochs, batch, ETA, seed=0, method=method)
    return statistics.median(history.seconds) * 50_000 / x.shape[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats, shorter runs")
    args = parser.parse_args()
    repeats = 1 if args.quick else 3
    x, labels, source = load_data(50_000)
    n_slow = 10_000 if args.quick else 50_000  # the per-example loop is slow: time less of it
    flops_per_epoch = 6 * sum(n_in * n + n for n_in, n in itertools.pairwise(SIZES)) * 50_000

    rows = []
    for dtype in (np.float64, np.float32):
        peak = matmul_peak(dtype)
        for batch in (10, 100):
            slow = epoch_seconds(x[:, :n_slow], labels[:n_slow], batch, dtype, "per_example", 1)
            fast = epoch_seconds(x, labels, batch, dtype, "matrix", repeats)
            gflops = flops_per_epoch / fast / 1e9
            rows.append(
                {
                    "dtype": np.dtype(dtype).name,
                    "mini_batch": batch,
                    "per_example_s": round(slow, 3),
                    "matrix_s": round(fast, 4),
                    "speedup": round(slow / fast, 1),
                    "matrix_gflops": round(gflops, 1),
                    "matmul_peak_gflops": round(peak, 1),
                    "fraction_of_peak": round(gflops / peak, 3),
                }
            )
            print(
                f"{rows[-1]['dtype']:>8} batch {batch:>3}: per-example {slow:6.2f} s, "
                f"matrix {fast:6.3f} s, ×{slow / fast:5.1f}, {gflops:5.1f} GFLOP/s "
                f"= {gflops / peak:5.1%} of the {peak:.0f} GFLOP/s matmul peak"
            )

    blas = threadpool_info()[0]
    report = {
        "setup": "Network([784, 30, 10]), sigmoid, quadratic cost, eta 3.0, 50,000 examples",
        "data": source,
        "flops_per_epoch": flops_per_epoch,
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, NumPy {np.__version__}, "
        f"BLAS {blas['internal_api']} {blas['version']} on {blas['num_threads']} threads",
        "date": time.strftime("%Y-%m-%d"),
        "rows": rows,
    }
    RESULTS.mkdir(exist_ok=True)
    for name, text in (
        ("epoch.json", json.dumps(report, indent=2) + "\n"),
        ("epoch.md", markdown_table(report)),
    ):
        with atomic_write(RESULTS / name) as f:
            f.write(text.encode())
    print(f"wrote {RESULTS / 'epoch.json'} and epoch.md")


def markdown_table(report: dict) -> str:
    """Return the results as the Markdown table the site includes."""
    lines = [
        "| dtype | mini-batch | per-example loop (s/epoch) | matrix form (s/epoch) | speed-up "
        "| matrix GFLOP/s | share of matmul peak |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in report["rows"]:
        lines.append(
            f"| {r['dtype']} | {r['mini_batch']} | {r['per_example_s']:.2f} | "
            f"{r['matrix_s']:.3f} | ×{r['speedup']:.1f} | {r['matrix_gflops']:.1f} | "
            f"{r['fraction_of_peak']:.0%} of {r['matmul_peak_gflops']:.0f} |"
        )
    lines.append("")
    lines.append(
        f"*{report['setup']}; data: {report['data']}; {report['machine']}; "
        f"measured {report['date']} by `python benchmarks/epoch.py`.*"
    )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
