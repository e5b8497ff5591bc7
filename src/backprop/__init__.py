"""backprop: Nielsen's four equations of backpropagation, BP1–BP4, in NumPy.

>>> import numpy as np
>>> from backprop import Network
>>> net = Network([2, 3, 1], seed=0)
>>> nabla_b, nabla_w = net.backprop(np.array([[0.0], [1.0]]), np.array([[1.0]]))
>>> len(nabla_b), nabla_w[0].shape
(2, (3, 2))
"""

from .activations import get_activation
from .costs import get_cost
from .network import Network

__all__ = ["Network", "get_activation", "get_cost"]
__version__ = "0.1.0"
