"""Nielsen's chapter-1 result on MNIST: a [784, 30, 10] sigmoid network with the quadratic cost,
N(0, 1) initialisation, η = 3.0 and mini-batches of 10 peaks above 95 % test accuracy within
30 epochs (he reports 95.42 %, the best of three runs).

Needs ``mnist.npz`` in ``$BACKPROP_DATA_DIR`` or in ``../shared/data/`` next to the checkout;
skipped otherwise. Slow by nature (about 30 epochs over 50,000 images).
"""

import os
from pathlib import Path

import pytest

from backprop import Network
from backprop.datasets import load_mnist
from backprop.training import train

SEED = 0


def mnist_path() -> Path | None:
    """The first ``mnist.npz`` found in ``$BACKPROP_DATA_DIR``, then ``../shared/data/``."""
    places = [Path(__file__).resolve().parents[2] / "shared" / "data"]
    if os.environ.get("BACKPROP_DATA_DIR"):
        places.insert(0, Path(os.environ["BACKPROP_DATA_DIR"]))
    return next((p / "mnist.npz" for p in places if (p / "mnist.npz").is_file()), None)


@pytest.mark.slow
def test_nielsen_chapter_1_reaches_95_percent():
    path = mnist_path()
    if path is None:
        pytest.skip("mnist.npz not found in $BACKPROP_DATA_DIR or ../shared/data/")
    training, _, test = load_mnist(path)
    assert training.x.shape == (784, 50_000) and test.x.shape == (784, 10_000)
    net = Network([784, 30, 10], init="normal", cost="quadratic", seed=SEED)
    history = train(
        net, training, epochs=30, mini_batch_size=10, eta=3.0, evaluation_data=test, seed=SEED
    )
    assert history.epochs == list(range(1, 31))
    assert history.best_evaluation_accuracy >= 0.95, history.evaluation_accuracy
