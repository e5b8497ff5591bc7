"""backprop: Nielsen's four equations of backpropagation, BP1–BP4, in NumPy.

Examples
--------
>>> import numpy as np
>>> from backprop import Network, train, datasets
>>> x, labels = datasets.xor()
>>> net = Network([2, 3, 2], seed=0)
>>> nabla_b, nabla_w = net.backprop(x, datasets.one_hot(labels, 2))
>>> len(nabla_b), nabla_w[0].shape
(2, (3, 2))
"""

from . import activations, costs, datasets, gradcheck, graph, mnist, persistence, trask
from .gradcheck import gradient_check
from .network import Network
from .persistence import load, save
from .training import History, train

__all__ = [
    "History",
    "Network",
    "activations",
    "costs",
    "datasets",
    "gradcheck",
    "gradient_check",
    "graph",
    "load",
    "mnist",
    "persistence",
    "save",
    "train",
    "trask",
]
__version__ = "0.1.0"
