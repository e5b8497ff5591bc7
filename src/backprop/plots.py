"""Figures of a network learning: learning curves, decision boundaries, hidden units,
slices of the cost surface and per-layer gradient norms.

The only module of the package that imports matplotlib (and, for animations, Pillow). It
never touches pyplot: every figure is a :class:`matplotlib.figure.Figure` made here, so
nothing is shown or kept open behind your back, and any backend (or none) works.

Every figure follows one style, legible on light and dark pages alike: transparent
background, mid-tone colours (:data:`COLORS`) and a neutral grey (:data:`FOREGROUND`) for
text and axes, which a web page may replace by its own text colour in SVG output. Save a
figure with ``fig.savefig(...)``; the documentation site embeds them with its own helper.

>>> import numpy as np
>>> from backprop import Network
>>> net = Network([2, 4, 2], seed=0)
>>> x = np.array([[0.0, 1.0, 0.0, 1.0], [0.0, 0.0, 1.0, 1.0]])
>>> ax = decision_boundary(net, x, np.array([0, 1, 1, 0]))
>>> ax.figure.get_facecolor()[3]  # transparent
0.0
"""

from __future__ import annotations

import contextlib
import copy
import io
import math
from collections.abc import Mapping, Sequence

import numpy as np

from .network import Network

try:
    import matplotlib
    from matplotlib.axes import Axes
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.colors import LinearSegmentedColormap, to_rgb
    from matplotlib.figure import Figure
    from matplotlib.patches import Circle
except ModuleNotFoundError as error:
    raise ModuleNotFoundError(
        f"backprop.plots needs matplotlib: pip install matplotlib ({error})",
        name=error.name,
    ) from None

__all__ = [
    "COLORS",
    "FOREGROUND",
    "backward_pass_diagram",
    "boundary_animation",
    "boundary_small_multiples",
    "cost_slice",
    "decision_boundary",
    "digits",
    "gradient_norms",
    "hidden_activations",
    "learning_curves",
    "network_diagram",
    "subplots",
    "theme",
    "use_theme",
]

#: Data colours, one per class or curve: mid tones with a contrast of at least 2.9 : 1 on
#: both a white page and Material's dark ("slate") page.
COLORS = (
    "#3b82d9",
    "#e8743b",
    "#2ca58d",
    "#a66cc1",
    "#d95f5f",
    "#c28e0e",
    "#e05c9c",
    "#19a0aa",
)
#: Text, axes and grid: a grey of contrast about 4 : 1 on both white and dark pages. A web
#: page can replace it in SVG output with its own text colour (``currentColor``).
FOREGROUND = "#808080"
#: The colour of "undecided" in decision-boundary maps, where the class colours fade to.
_NEUTRAL = "#b4b4b4"
#: Shades of each class colour, from hesitant to sure: flat bands are easier to read (and
#: to compress) than a continuous fade.
_BANDS = 5

_RC = {
    "figure.facecolor": "none",
    "axes.facecolor": "none",
    "savefig.facecolor": "none",
    "savefig.transparent": True,
    "text.color": FOREGROUND,
    "axes.labelcolor": FOREGROUND,
    "axes.edgecolor": FOREGROUND,
    "axes.titlecolor": FOREGROUND,
    "xtick.color": FOREGROUND,
    "ytick.color": FOREGROUND,
    "grid.color": FOREGROUND,
    "grid.alpha": 0.3,
    "axes.grid": True,
    "axes.axisbelow": True,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": matplotlib.cycler(color=COLORS),
    "legend.frameon": False,
    "legend.labelcolor": FOREGROUND,
    "lines.linewidth": 1.8,
    "font.size": 10,
    "image.cmap": "viridis",
    "svg.fonttype": "path",
    "svg.hashsalt": "backprop",
}


def theme() -> contextlib.AbstractContextManager:
    """Return a context manager under which new matplotlib figures follow the theme.

    Artists read their default colours when they are created, so create the figure *and*
    draw on it inside the ``with`` block (or call :func:`use_theme` once instead).

    Examples
    --------
    >>> with theme():
    ...     fig, ax = subplots()
    ...     title = ax.set_title("cost")
    >>> title.get_color()
    '#808080'
    """
    return matplotlib.rc_context(_RC)


def use_theme() -> None:
    """Make the theme matplotlib's default for the rest of the session (a notebook page).

    Examples
    --------
    >>> import matplotlib
    >>> with matplotlib.rc_context():  # restores the defaults afterwards
    ...     use_theme()
    ...     matplotlib.rcParams["text.color"]
    '#808080'
    """
    matplotlib.rcParams.update(_RC)


def subplots(nrows: int = 1, ncols: int = 1, **kwargs) -> tuple[Figure, Axes | np.ndarray]:
    """Return ``(figure, axes)`` like ``pyplot.subplots``, themed and not managed by pyplot.

    Keyword arguments go to :class:`~matplotlib.figure.Figure` (``figsize``, ``layout``) or,
    otherwise, to :meth:`Figure.subplots <matplotlib.figure.Figure.subplots>` (``sharex``,
    ``squeeze``, ``subplot_kw``). The layout defaults to ``"constrained"``.

    Examples
    --------
    >>> fig, axes = subplots(1, 3, figsize=(6, 2))
    >>> len(fig.axes), axes.shape, fig.get_size_inches().tolist()
    (3, (3,), [6.0, 2.0])
    """
    figure_keys = {"figsize", "dpi", "layout"}
    figure_kwargs = {
        "layout": "constrained",
        **{k: v for k, v in kwargs.items() if k in figure_keys},
    }
    with theme():
        fig = Figure(**figure_kwargs)
        axes = fig.subplots(
            nrows, ncols, **{k: v for k, v in kwargs.items() if k not in figure_keys}
        )
    return fig, axes


# ------------------------------------------------------------------------- learning curves


def learning_curves(
    curves: Mapping[str, object],
    *,
    metric: str = "evaluation_accuracy",
    ax: Axes | None = None,
    ylabel: str | None = None,
) -> Axes:
    """Plot one line per run: ``metric`` against the epoch.

    Parameters
    ----------
    curves : mapping of str to History, sequence of float or mapping of int to float
        The legend label of each run, and its :class:`~backprop.training.History` (whose
        list ``metric`` is plotted against ``History.epochs``), the values of epochs
        1, 2, …, or a mapping from some epochs to their values, drawn as points (for
        numbers published for a few epochs only).
    metric : str, default "evaluation_accuracy"
        Which list of a History to plot: ``training_cost``, ``training_accuracy``,
        ``evaluation_cost``, ``evaluation_accuracy``.
    ax : Axes, optional
        Where to draw; by default a new figure.
    ylabel : str, optional
        Defaults to the metric's name.

    Returns
    -------
    Axes

    Examples
    --------
    >>> from backprop.training import History
    >>> h = History(epochs=[1, 2, 3], evaluation_accuracy=[0.90, 0.93, 0.94])
    >>> ax = learning_curves({"ours": h, "theirs": [0.91, 0.92, 0.95]})
    >>> [line.get_label() for line in ax.lines], ax.get_xlabel()
    (['ours', 'theirs'], 'epoch')
    >>> ax = learning_curves({"ours": h, "quoted": {1: 0.91, 3: 0.95}})
    >>> ax.lines[1].get_xydata().tolist(), ax.lines[1].get_marker()
    ([[1.0, 0.91], [3.0, 0.95]], 'o')
    >>> learning_curves({"ours": h}, metric="accuracy")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: metric must be one of training_cost, ..., evaluation_accuracy; got 'accuracy'
    """
    metrics = ("training_cost", "training_accuracy", "evaluation_cost", "evaluation_accuracy")
    if metric not in metrics:
        raise ValueError(f"metric must be one of {', '.join(metrics)}; got {metric!r}")
    with theme():
        if ax is None:
            _, ax = subplots(figsize=(6.4, 3.6))
        for label, run in curves.items():
            if isinstance(run, Mapping):
                points = sorted(run.items())
                ax.plot(*zip(*points), "o", markerfacecolor="none", label=label)
                continue
            if hasattr(run, metric):
                epochs, values = run.epochs, getattr(run, metric)
            else:
                values = np.asarray(run, dtype=float)
                epochs = np.arange(1, len(values) + 1)
            ax.plot(epochs, values, label=label)
        ax.set_xlabel("epoch")
        ax.set_ylabel(ylabel if ylabel is not None else metric.replace("_", " "))
        ax.legend()
    return ax


# ---------------------------------------------------------------------- network diagram


def network_diagram(
    sizes: Sequence[int] = (3, 4, 2),
    *,
    edge: tuple[int, int, int] = (2, 1, 2),
    size: tuple[float, float] = (6.4, 3.4),
) -> Figure:
    """Draw a network's layers and neurons with the notation of backpropagation.

    Neurons are circles in columns, one column per layer l = 0, …, L, counted from 0 as
    in the package; every neuron of a layer is joined to every neuron of the next. One
    edge is marked with its weight wˡⱼₖ, and the neuron it enters with its bias bˡⱼ,
    weighted input zˡⱼ and activation aˡⱼ = σ(zˡⱼ).

    Parameters
    ----------
    sizes : sequence of int, default (3, 4, 2)
        Neurons per layer, the input layer first (at most 8 per layer, to stay legible).
    edge : (l, j, k), default (2, 1, 2)
        The marked connection: from neuron k of layer l − 1 to neuron j of layer l.
    size : (float, float), default (6.4, 3.4)
        Width and height of the figure in inches.

    Returns
    -------
    Figure

    Examples
    --------
    >>> fig = network_diagram([2, 3, 1], edge=(1, 2, 0))
    >>> texts = [t.get_text() for t in fig.axes[0].texts]
    >>> "$w^{1}_{20}$" in texts, "layer 0" in texts, "layer 2" in texts
    (True, True, True)
    >>> network_diagram([2, 3, 1], edge=(1, 3, 0))
    Traceback (most recent call last):
    ...
    ValueError: edge must be (l, j, k) with 1 <= l <= 2, j < sizes[l], k < sizes[l - 1] for sizes [2, 3, 1]; got (1, 3, 0)
    """  # noqa: E501
    sizes = [int(n) for n in sizes]
    if len(sizes) < 2 or not all(1 <= n <= 8 for n in sizes):
        raise ValueError(f"sizes must hold at least 2 layers of 1 to 8 neurons, got {sizes}")
    l, j, k = edge
    if not (1 <= l < len(sizes) and 0 <= j < sizes[l] and 0 <= k < sizes[l - 1]):
        raise ValueError(
            f"edge must be (l, j, k) with 1 <= l <= {len(sizes) - 1}, j < sizes[l], "
            f"k < sizes[l - 1] for sizes {sizes}; got {tuple(edge)}"
        )
    tallest = max(sizes)

    def centre(layer: int, neuron: int) -> tuple[float, float]:
        return 2.0 * layer, (sizes[layer] - 1) / 2 - neuron + (tallest - 1) / 2

    radius = 0.17
    fig, ax = subplots(figsize=size)
    with theme():
        for layer in range(1, len(sizes)):
            for to in range(sizes[layer]):
                for start in range(sizes[layer - 1]):
                    marked = (layer, to, start) == (l, j, k)
                    (x0, y0), (x1, y1) = centre(layer - 1, start), centre(layer, to)
                    ax.annotate(
                        "",
                        (x1, y1),
                        (x0, y0),
                        arrowprops={
                            "arrowstyle": "-|>" if marked else "-",
                            "color": COLORS[1] if marked else FOREGROUND,
                            "lw": 2.2 if marked else 0.7,
                            "alpha": 1 if marked else 0.5,
                            "shrinkA": 13,
                            "shrinkB": 13,
                        },
                    )
        for layer, n in enumerate(sizes):
            for neuron in range(n):
                x, y = centre(layer, neuron)
                ax.add_patch(Circle((x, y), radius, color=COLORS[0], zorder=3))
                ax.text(x, y, str(neuron), color="white", ha="center", va="center", zorder=4)
            name = "input" if layer == 0 else "output" if layer == len(sizes) - 1 else "hidden"
            ax.text(2.0 * layer, -0.45, f"layer {layer}", ha="center", va="top")
            ax.text(2.0 * layer, -0.8, name, ha="center", va="top", fontsize=8)
        (x0, y0), (x1, y1) = centre(l - 1, k), centre(l, j)
        ax.text(
            0.55 * x0 + 0.45 * x1,
            0.55 * y0 + 0.45 * y1 + 0.15,
            f"$w^{{{l}}}_{{{j}{k}}}$",
            color=COLORS[1],
            ha="center",
            va="bottom",
            fontsize=13,
        )
        ax.text(
            x1 + radius + 0.06,
            y1,
            f"$b^{{{l}}}_{{{j}}}$, $z^{{{l}}}_{{{j}}}$, "
            f"$a^{{{l}}}_{{{j}}} = \\sigma(z^{{{l}}}_{{{j}}})$",
            color=COLORS[1],
            ha="left",
            va="center",
            fontsize=12,
        )
        ax.set(xlim=(-0.4, 2.0 * len(sizes) - 0.6), ylim=(-1.1, tallest - 0.5), aspect="equal")
        ax.axis("off")
    return fig


def backward_pass_diagram(
    sizes: Sequence[int] = (3, 4, 4, 2),
    *,
    weights: Mapping[tuple[int, int, int], str] | None = None,
    biases: Mapping[int, str] | None = None,
    width: float = 4.8,
) -> Figure:
    """Draw the backward pass: δ flows from the output layer L back to layer 1.

    Grey arrows (the page's text colour through [`show`][backprop.figures.show]) point
    forwards along each weight wˡⱼₖ, from neuron k of layer l − 1 to neuron j of layer l.
    Orange arrows point backwards beside the weights wˡ⁺¹, from layer l + 1 to layer l:
    BP2 computes δˡ from δˡ⁺¹ through (wˡ⁺¹)ᵀ, starting from δᴸ given by BP1. Layers and
    neurons are counted from 0, as in [`network_diagram`][backprop.plots.network_diagram].

    Parameters
    ----------
    sizes : sequence of int, default (3, 4, 4, 2)
        Neurons per layer, the input layer first (at least 3 layers, at most 8 neurons each).
    weights : mapping of (l, j, k) to str, optional
        Labels written on connections, such as ``{(1, 0, 0): "$w_1$"}`` (placed for layers
        of two neurons, as in Mazur's example).
    biases : mapping of int to str, optional
        A label for the bias shared by the neurons of layer l, written under the layer.
    width : float, default 4.8
        Width of the figure in inches; the height follows from the layers.

    Returns
    -------
    Figure

    Examples
    --------
    >>> fig = backward_pass_diagram([2, 2, 2], weights={(2, 1, 0): "$w_7$"})
    >>> texts = " ".join(t.get_text() for t in fig.axes[0].texts)
    >>> "$w_7$" in texts, "(BP1)" in texts, "(BP2)" in texts
    (True, True, True)
    """
    sizes = [int(n) for n in sizes]
    if len(sizes) < 3 or not all(1 <= n <= 8 for n in sizes):
        raise ValueError(f"sizes must hold at least 3 layers of 1 to 8 neurons, got {sizes}")
    weights, biases = dict(weights or {}), dict(biases or {})
    L = len(sizes) - 1
    for l, j, k in weights:
        if not (1 <= l <= L and 0 <= j < sizes[l] and 0 <= k < sizes[l - 1]):
            raise ValueError(
                f"weights must be keyed by (l, j, k) with 1 <= l <= {L}, j < sizes[l], "
                f"k < sizes[l - 1] for sizes {sizes}; got {(l, j, k)}"
            )
    gap, rise, top = 2.6, 1.2, 1.2 * (max(sizes) - 1)
    inch = width / (gap * L + 1)  # of the figure, per unit of the drawing
    line = 0.22 / inch  # the height of a line of text, in units of the drawing
    rows = 2 + bool(biases)  # of text under the layers
    bottom, high = -0.45 - line * rows, top + 0.4 + line * 4

    def centre(layer: int, neuron: int) -> tuple[float, float]:
        return gap * layer, top / 2 + rise * ((sizes[layer] - 1) / 2 - neuron)

    def arrow(start, end, color, width):
        ax.annotate(
            "",
            end,
            start,
            arrowprops={
                "arrowstyle": "-|>,head_length=0.5,head_width=0.18",
                "color": color,
                "lw": width,
                "shrinkA": 11,
                "shrinkB": 11,
            },
        )

    fig, ax = subplots(figsize=(width, (high - bottom) * inch))
    with theme():
        for l in range(1, L + 1):
            lane = 0.07 if l >= 2 else 0.0  # forward and backward side by side
            for j in range(sizes[l]):
                for k in range(sizes[l - 1]):
                    (x0, y0), (x1, y1) = centre(l - 1, k), centre(l, j)
                    length = math.hypot(x1 - x0, y1 - y0)
                    nx, ny = (y0 - y1) / length, (x1 - x0) / length  # normal, to the left
                    dx, dy = lane * nx, lane * ny
                    arrow((x0 + dx, y0 + dy), (x1 + dx, y1 + dy), FOREGROUND, 0.8)
                    if l >= 2:  # BP2: δˡ⁻¹ from δˡ along wˡ, reversed
                        arrow((x1 - dx, y1 - dy), (x0 - dx, y0 - dy), COLORS[1], 1.2)
                    if (l, j, k) in weights:
                        # level lines: outside; sloping ones: inside, well before they cross
                        t, side = (0.3, 0.22) if y0 == y1 else (0.18, -0.13 - lane)
                        x, y = (1 - t) * x0 + t * x1, (1 - t) * y0 + t * y1
                        side = side if y >= top / 2 else -side
                        ax.text(
                            x + side * nx,
                            y + side * ny,
                            weights[(l, j, k)],
                            ha="center",
                            va="center",
                        )
        for layer, n in enumerate(sizes):
            for neuron in range(n):
                x, y = centre(layer, neuron)
                ax.add_patch(Circle((x, y), 0.22, color=COLORS[0], zorder=3))
                ax.text(x, y, str(neuron), color="white", ha="center", va="center", zorder=4)
            below = [(f"layer {layer}" + (" = $L$" if layer == L else ""), FOREGROUND)]
            if layer == 0:
                below.append(("input", FOREGROUND))
            else:
                equation = "BP1" if layer == L else "BP2"
                below.append((f"$\\delta^{{{layer}}}$ ({equation})", COLORS[1]))
            if layer in biases:
                below.append((f"bias {biases[layer]}", FOREGROUND))
            for row, (text, color) in enumerate(below):
                ax.text(gap * layer, -0.45 - line * row, text, color=color, ha="center", va="top")
            if layer >= 2:
                ax.text(
                    gap * (layer - 0.5),
                    top + 0.35,
                    f"$(w^{{{layer}}})^T$",
                    color=COLORS[1],
                    ha="center",
                    va="bottom",
                )
        key = [
            r"$\rightarrow$ forward: $z^l = w^l a^{l-1} + b^l$, $a^l = \sigma(z^l)$",
            r"$\leftarrow$ BP1: $\delta^L = \nabla_a C \odot \sigma'(z^L)$",
            r"$\leftarrow$ BP2: $\delta^l = ((w^{l+1})^T \delta^{l+1}) \odot \sigma'(z^l)$",
        ]
        for row, (text, color) in enumerate(zip(key, (FOREGROUND, COLORS[1], COLORS[1]))):
            ax.text(-0.5, high - line * (row + 1), text, color=color, ha="left", va="bottom")
        ax.set(xlim=(-0.5, gap * L + 0.5), ylim=(bottom, high), aspect="equal")
        ax.axis("off")
    return fig


# ------------------------------------------------------------------------------- digits


def digits(
    x,
    labels,
    predictions: Mapping[str, Sequence[int]],
    *,
    size: float = 0.62,
) -> Figure:
    """Draw images of digits with what a network reads in each: one row per network.

    Parameters
    ----------
    x : array_like, shape (n_pixels, m)
        m square grey-level images, one per column (MNIST's 784 = 28 × 28 pixels, or
        8 × 8), 0 for the background.
    labels : array_like of int, shape (m,)
        The digit each image shows.
    predictions : mapping of str to sequence of int
        A row title (e.g. ``"after epoch 1"``) and the digit read in each of the m images;
        each tile is titled with it, followed by ✓ if it is the label and ✗ if not.
    size : float, default 0.62
        Width and height of a tile in inches.

    Returns
    -------
    Figure

    Examples
    --------
    >>> x = np.zeros((64, 2)); x[27:29, 0] = 1.0
    >>> fig = digits(x, [1, 7], {"untrained": [1, 3]})
    >>> [ax.get_title() for ax in fig.axes], fig.axes[0].get_ylabel()
    (['1 ✓', '3 ✗'], 'untrained')
    >>> digits(np.zeros((63, 2)), [1, 7], {"a": [1, 7]})
    Traceback (most recent call last):
    ...
    ValueError: x must hold square images, one per column: 63 pixels is not a square
    """
    x = np.asarray(x, dtype=float)
    labels = np.asarray(labels)
    side = math.isqrt(x.shape[0]) if x.ndim == 2 else 0
    if side * side != x.shape[0]:
        raise ValueError(
            f"x must hold square images, one per column: {x.shape[0]} pixels is not a square"
        )
    m = x.shape[1]
    if labels.shape != (m,) or any(len(row) != m for row in predictions.values()):
        raise ValueError(f"labels and every row of predictions must hold {m} digits, one per image")
    fig, axes = subplots(
        len(predictions), m, figsize=(m * size, len(predictions) * (size + 0.25)), squeeze=False
    )
    # Ink of the theme's grey on a transparent ground: legible on light and dark pages alike.
    ink = LinearSegmentedColormap.from_list("ink", [(*to_rgb(FOREGROUND), 0), FOREGROUND])
    with theme():
        for row, (title, predicted) in zip(axes, predictions.items()):
            for i, ax in enumerate(row):
                right = predicted[i] == labels[i]
                image = x[:, i].reshape(side, side)
                ax.imshow(image, cmap=ink, vmin=0, vmax=1, interpolation="none")
                ax.set_title(
                    f"{predicted[i]} {'✓' if right else '✗'}",
                    color=COLORS[2] if right else COLORS[4],
                    fontsize=9,
                    pad=2,
                )
                ax.set(xticks=[], yticks=[])
                ax.grid(False)
            row[0].set_ylabel(title, fontsize=8, rotation=0, ha="right", va="center")
    return fig


# ------------------------------------------------------------- decision boundaries in 2-D


def _check_plane(net: Network, x, labels) -> tuple[np.ndarray, np.ndarray]:
    """Return ``x, labels`` as arrays after checking that they are 2-D points and classes."""
    if not isinstance(net, Network):
        raise TypeError(f"net must be a backprop Network, got {type(net).__name__}")
    if net.sizes[0] != 2:
        raise ValueError(
            f"net must have 2 inputs to be drawn in the plane; it has sizes {net.sizes}"
        )
    x = np.asarray(x, dtype=float)
    labels = np.asarray(labels)
    if x.ndim != 2 or x.shape[0] != 2:
        raise ValueError(f"x must have shape (2, n), one point per column; got {x.shape}")
    if labels.shape != (x.shape[1],):
        raise ValueError(
            f"labels must have shape ({x.shape[1]},), one per column of x; got {labels.shape}"
        )
    return x, labels


def _grid(x: np.ndarray, resolution: int, padding: float) -> tuple[np.ndarray, tuple]:
    """Return the points of a ``resolution`` × ``resolution`` grid around the columns of
    ``x`` (shape ``(2, resolution²)``) and its extent (left, right, bottom, top)."""
    low, high = x.min(axis=1), x.max(axis=1)
    margin = padding * (high - low).max()
    left, bottom = low - margin
    right, top = high + margin
    gx, gy = np.meshgrid(np.linspace(left, right, resolution), np.linspace(bottom, top, resolution))
    return np.stack([gx.ravel(), gy.ravel()]), (left, right, bottom, top)


def _regions(net: Network, points: np.ndarray, shape: tuple) -> tuple[np.ndarray, np.ndarray]:
    """Return the RGB image of the classes ``net`` gives ``points``, paler where it is less
    sure, and the field whose zero level is the boundary between two classes."""
    a = net.feedforward(points)
    if a.shape[0] == 1:  # one output neuron: class 1 when a > 1/2
        a = np.vstack([1 - a, a])
    top2 = np.sort(a, axis=0)[-2:]
    margin = np.ceil(np.clip(top2[1] - top2[0], 0, 1) * _BANDS)[:, None] / _BANDS
    colours = np.array([to_rgb(c) for c in COLORS])[a.argmax(axis=0) % len(COLORS)]
    rgb = (1 - 0.75 * margin) * np.array(to_rgb(_NEUTRAL)) + 0.75 * margin * colours
    return rgb.reshape(*shape, 3), (a[1] - a[0]).reshape(shape)


def decision_boundary(
    net: Network,
    x,
    labels,
    *,
    ax: Axes | None = None,
    resolution: int = 120,
    padding: float = 0.15,
    title: str | None = None,
) -> Axes:
    """Draw the classes that ``net`` gives every point of the plane, with the data on top.

    Each point of a grid around the data takes the colour of the class whose output neuron
    is the most active (:data:`COLORS`, in class order), fading to grey where the network
    hesitates: the strength is the gap between the two most active outputs. For two classes
    a line marks the boundary, where the two outputs are equal (a single sigmoid output
    counts as class 1 above 1/2).

    Parameters
    ----------
    net : Network
        A network with 2 inputs.
    x : array_like, shape (2, n)
        The points, one per column.
    labels : array_like of int, shape (n,)
        Their classes.
    ax : Axes, optional
        Where to draw; by default a new figure.
    resolution : int, default 120
        Grid points along each axis.
    padding : float, default 0.15
        Margin around the data, as a fraction of its larger extent.
    title : str, optional
        Title of the axes.

    Returns
    -------
    Axes

    Examples
    --------
    >>> from backprop import Network
    >>> x, labels = np.array([[0.0, 1.0], [0.0, 1.0]]), np.array([0, 1])
    >>> ax = decision_boundary(Network([2, 3, 2], seed=1), x, labels, resolution=20)
    >>> len(ax.images), len(ax.lines)  # the class map, and the points of each class
    (1, 2)
    >>> decision_boundary(Network([3, 2], seed=1), x, labels)
    Traceback (most recent call last):
    ...
    ValueError: net must have 2 inputs to be drawn in the plane; it has sizes [3, 2]
    """
    x, labels = _check_plane(net, x, labels)
    points, extent = _grid(x, resolution, padding)
    rgb, field = _regions(net, points, (resolution, resolution))
    with theme():
        if ax is None:
            _, ax = subplots(figsize=(3.2, 3.2))
        ax.imshow(rgb, extent=extent, origin="lower", interpolation="none", aspect="auto")
        if net.sizes[-1] <= 2 and field.min() < 0 < field.max():
            gx = np.linspace(extent[0], extent[1], resolution)
            gy = np.linspace(extent[2], extent[3], resolution)
            ax.contour(gx, gy, field, levels=[0], colors="white", linewidths=1.2)
        _scatter(ax, x, labels)
        ax.set(xlim=extent[:2], ylim=extent[2:], xticks=[], yticks=[])
        ax.grid(False)
        if title is not None:
            ax.set_title(title, fontsize=9)
    return ax


def _scatter(ax: Axes, x: np.ndarray, labels: np.ndarray, size: float = 4.0) -> None:
    """Draw the points of each class in its colour with a white rim (one Line2D per class:
    much lighter in SVG than a scatter plot with a colour per point)."""
    for k in np.unique(labels):
        points = x[:, labels == k]
        ax.plot(
            *points,
            "o",
            color=COLORS[k % len(COLORS)],
            markersize=size,
            markeredgecolor="white",
            markeredgewidth=0.6,
            zorder=3,
        )


def boundary_small_multiples(
    nets: Mapping[str, Network],
    x,
    labels,
    *,
    ncols: int = 4,
    size: float = 1.9,
    resolution: int = 80,
) -> Figure:
    """Draw the decision boundary of several networks side by side, e.g. one network
    after successive epochs (keep copies from the ``callback`` of
    :func:`~backprop.training.train`).

    Parameters
    ----------
    nets : mapping of str to Network
        Panel titles and networks, in reading order.
    x, labels
        The data drawn on every panel, as in :func:`decision_boundary`.
    ncols : int, default 4
        Panels per row.
    size : float, default 1.9
        Width and height of a panel in inches.
    resolution : int, default 80
        Grid points along each axis of each panel.

    Returns
    -------
    Figure

    Examples
    --------
    >>> from backprop import Network
    >>> x, labels = np.array([[0.0, 1.0], [0.0, 1.0]]), np.array([0, 1])
    >>> nets = {f"seed {s}": Network([2, 2], seed=s) for s in range(5)}
    >>> fig = boundary_small_multiples(nets, x, labels, ncols=3, resolution=10)
    >>> len(fig.axes), [ax.get_title() for ax in fig.axes][:2]
    (5, ['seed 0', 'seed 1'])
    """
    if not nets:
        raise ValueError("nets is empty: give at least one network to draw")
    nrows = -(-len(nets) // ncols)
    fig, axes = subplots(nrows, ncols, figsize=(ncols * size, nrows * size), squeeze=False)
    for ax, (title, net) in zip(axes.flat, nets.items()):
        decision_boundary(net, x, labels, ax=ax, resolution=resolution, title=str(title))
    for ax in axes.flat[len(nets) :]:
        fig.delaxes(ax)
    return fig


def boundary_animation(
    nets: Mapping[str, Network],
    x,
    labels,
    *,
    size: float = 2.6,
    dpi: int = 80,
    resolution: int = 80,
    duration: int = 150,
    colors: int = 48,
) -> bytes:
    """Return a looping GIF of the decision boundary, one frame per network.

    Frames are drawn with matplotlib's Agg renderer and assembled by Pillow. A GIF has no
    partial transparency, so each frame is an opaque tile (the class map fills it) and the
    title sits in a light box: legible on light and dark pages.

    Parameters
    ----------
    nets : mapping of str to Network
        Frame titles and networks, in order (e.g. the same network after each epoch).
    x, labels
        The data drawn on every frame, as in :func:`decision_boundary`.
    size : float, default 2.6
        Width and height of a frame in inches.
    dpi : int, default 80
        Pixels per inch: frames are ``size * dpi`` pixels square.
    resolution : int, default 80
        Grid points along each axis.
    duration : int, default 150
        Milliseconds per frame; the last frame stays four times as long.
    colors : int, default 48
        Size of the palette of each frame (at most 256); fewer gives a smaller file.

    Returns
    -------
    bytes
        The GIF, to write to a file or embed in a web page.

    Examples
    --------
    >>> from backprop import Network
    >>> x, labels = np.array([[0.0, 1.0], [0.0, 1.0]]), np.array([0, 1])
    >>> gif = boundary_animation({"a": Network([2, 2], seed=0), "b": Network([2, 2], seed=1)},
    ...                          x, labels, size=1, resolution=10)
    >>> gif[:6]
    b'GIF89a'
    >>> from PIL import Image
    >>> Image.open(io.BytesIO(gif)).n_frames
    2
    """
    from PIL import Image

    if not nets:
        raise ValueError("nets is empty: give at least one network to animate")
    if not 2 <= colors <= 256:
        raise ValueError(f"colors must be a palette size from 2 to 256, got {colors}")
    frames = []
    for title, net in nets.items():
        with theme():
            fig = Figure(figsize=(size, size), dpi=dpi)
            ax = fig.add_axes((0, 0, 1, 1))
            decision_boundary(net, x, labels, ax=ax, resolution=resolution)
            ax.set_axis_off()
            ax.text(
                0.03,
                0.97,
                str(title),
                transform=ax.transAxes,
                va="top",
                fontsize=9,
                color="#222222",
                bbox={"facecolor": "white", "alpha": 0.8, "edgecolor": "none"},
            )
        canvas = FigureCanvasAgg(fig)
        canvas.draw()
        rgb = np.asarray(canvas.buffer_rgba())[..., :3]
        frames.append(Image.fromarray(rgb).quantize(colors, dither=Image.Dither.NONE))
    buffer = io.BytesIO()
    durations = [duration] * (len(frames) - 1) + [4 * duration]
    frames[0].save(
        buffer, format="GIF", save_all=True, append_images=frames[1:], duration=durations, loop=0
    )
    return buffer.getvalue()


def hidden_activations(
    net: Network,
    x,
    labels,
    *,
    layer: int = 1,
    neurons: Sequence[int] | None = None,
    ncols: int = 5,
    size: float = 1.5,
    resolution: int = 60,
    padding: float = 0.15,
) -> Figure:
    """Draw, for each neuron j of a layer, its activation aˡⱼ at every point of the plane.

    A neuron of the first hidden layer computes σ(w · x + b): a soft step across a straight
    line. Deeper layers combine those steps into curved regions, and the output layer's
    regions are the decision boundary.

    Parameters
    ----------
    net : Network
        A network with 2 inputs.
    x, labels
        Data drawn on every panel, as in :func:`decision_boundary`.
    layer : int, default 1
        The layer l, from 1 (the first hidden layer) to ``net.num_layers - 1`` (the output).
    neurons : sequence of int, optional
        Which neurons j to draw, counted from 0 as in the package (row j of the layer's
        weight matrix) and in the panel titles; by default all.
    ncols : int, default 5
        Panels per row.
    size : float, default 1.5
        Width and height of a panel in inches.
    resolution : int, default 60
        Grid points along each axis.
    padding : float, default 0.15
        Margin around the data, as a fraction of its larger extent.

    Returns
    -------
    Figure
        One panel per neuron, colour (viridis) from the smallest to the largest activation
        the neurons drawn take on the grid, and a shared colour bar.

    Examples
    --------
    >>> from backprop import Network
    >>> x, labels = np.array([[0.0, 1.0], [0.0, 1.0]]), np.array([0, 1])
    >>> fig = hidden_activations(Network([2, 3, 2], seed=0), x, labels, resolution=10)
    >>> [ax.get_title() for ax in fig.axes[:3]], len(fig.axes)  # 3 neurons and a colour bar
    (['neuron 0', 'neuron 1', 'neuron 2'], 4)
    >>> fig = hidden_activations(Network([2, 3, 2], seed=0), x, labels, neurons=[2], resolution=10)
    >>> fig.axes[0].get_title()
    'neuron 2'
    >>> hidden_activations(Network([2, 3, 2], seed=0), x, labels, layer=3)
    Traceback (most recent call last):
    ...
    ValueError: layer must be from 1 to 2 for sizes [2, 3, 2], got 3
    """
    x, labels = _check_plane(net, x, labels)
    if not 1 <= layer < net.num_layers:
        raise ValueError(
            f"layer must be from 1 to {net.num_layers - 1} for sizes {net.sizes}, got {layer}"
        )
    points, extent = _grid(x, resolution, padding)
    a = net._forward(points)[1][layer]  # aˡ at every point of the grid
    neurons = list(range(a.shape[0]) if neurons is None else neurons)
    if not neurons or not all(0 <= j < a.shape[0] for j in neurons):
        raise ValueError(
            f"neurons must be numbers from 0 to {a.shape[0] - 1} (layer {layer} has "
            f"{a.shape[0]} neurons), got {neurons}"
        )
    a = a[np.array(neurons)]
    n = a.shape[0]
    ncols = min(ncols, n)
    nrows = -(-n // ncols)
    fig, axes = subplots(nrows, ncols, figsize=(ncols * size + 0.6, nrows * size), squeeze=False)
    low, high = float(a.min()), float(a.max())
    with theme():
        for j, ax in enumerate(axes.flat):
            if j >= n:
                fig.delaxes(ax)
                continue
            image = ax.imshow(
                a[j].reshape(resolution, resolution),
                extent=extent,
                origin="lower",
                vmin=low,
                vmax=high,
                interpolation="none",
                aspect="auto",
            )
            _scatter(ax, x, labels, size=2.5)
            ax.set(xlim=extent[:2], ylim=extent[2:], xticks=[], yticks=[])
            ax.grid(False)
            ax.set_title(f"neuron {neurons[j]}", fontsize=9)
        fig.colorbar(image, ax=axes, shrink=0.8, label=f"activation $a^{{{layer}}}_j$")
    return fig


# ------------------------------------------------------------------------- cost surface


def cost_slice(
    net: Network,
    x,
    y,
    directions: Sequence[Sequence[np.ndarray]],
    *,
    span: tuple[float, float] = (-0.5, 1.5),
    resolution: int = 41,
    ax: Axes | None = None,
) -> Axes:
    """Plot the cost C(θ + s d₁) along a line, or C(θ + s d₁ + t d₂) over a plane, through
    the parameters θ of ``net``.

    A direction is a list of arrays shaped like ``net.parameters()`` (biases first, then
    weights). A useful first direction is the trained parameters minus the initial ones:
    then s = 0 is the start of training and s = 1 its end.

    Parameters
    ----------
    net : Network
        θ, the origin of the slice. It is not modified.
    x, y : array_like
        The data the cost is measured on, as in :meth:`Network.total_cost`.
    directions : sequence of one or two directions
        d₁ (a line) or d₁ and d₂ (a plane).
    span : (float, float), default (-0.5, 1.5)
        The range of s (and of t).
    resolution : int, default 41
        Points along each direction.
    ax : Axes, optional
        Where to draw; by default a new figure.

    Returns
    -------
    Axes
        A line of C against s, or filled contours of log₁₀ C over (s, t) with the points
        θ (s = t = 0) and θ + d₁ marked.

    Examples
    --------
    >>> from backprop import Network
    >>> net = Network([2, 2], seed=0)
    >>> x, y = np.eye(2), np.eye(2)
    >>> d = [np.ones_like(p) for p in net.parameters()]
    >>> ax = cost_slice(net, x, y, [d], resolution=5)
    >>> ax.lines[0].get_xydata().shape
    (5, 2)
    >>> ax = cost_slice(net, x, y, [d, [-p for p in d]], resolution=5)
    >>> len(ax.lines)  # the two marked points
    2
    >>> cost_slice(net, x, y, [d[:1]])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: each direction must be a list of 2 arrays shaped like net.parameters(), ...
    """
    shapes = [p.shape for p in net.parameters()]
    if not 1 <= len(directions) <= 2:
        raise ValueError(f"directions must hold one or two directions, got {len(directions)}")
    for d in directions:
        if len(d) != len(shapes) or [np.shape(p) for p in d] != shapes:
            raise ValueError(
                f"each direction must be a list of {len(shapes)} arrays shaped like "
                f"net.parameters(), biases first: {shapes}"
            )
    probe = copy.deepcopy(net)
    origin = [p.copy() for p in net.parameters()]
    steps = np.linspace(*span, resolution)

    def cost(*coefficients):
        for p, p0, *ds in zip(probe.parameters(), origin, *directions):
            p[...] = p0 + sum(c * d for c, d in zip(coefficients, ds))
        return probe.total_cost(x, y)

    with theme():
        if ax is None:
            _, ax = subplots(figsize=(4.2, 3.4))
        if len(directions) == 1:
            ax.plot(steps, [cost(s) for s in steps])
            ax.set_xlabel("s, along $d_1$")
            ax.set_ylabel("cost C")
            return ax
        costs = np.array([[cost(s, t) for s in steps] for t in steps])
        filled = ax.contourf(steps, steps, np.log10(costs), levels=20)
        ax.contour(
            steps,
            steps,
            np.log10(costs),
            levels=filled.levels,
            colors="white",
            linewidths=0.3,
            alpha=0.5,
        )
        ax.plot([0], [0], "o", color="white", markeredgecolor="black")
        ax.plot([1], [0], "*", color="white", markeredgecolor="black", markersize=11)
        ax.figure.colorbar(filled, ax=ax, label="$\\log_{10}$ C")
        ax.set(xlabel="s, along $d_1$", ylabel="t, along $d_2$")
        ax.grid(False)
    return ax


# --------------------------------------------------------------------- gradient norms


def gradient_norms(
    norms,
    *,
    ax: Axes | None = None,
    labels: Sequence[str] | None = None,
    xlabel: str = "epoch",
) -> Axes:
    """Plot, on a log scale, the size of the gradient of each layer during training.

    Parameters
    ----------
    norms : array_like, shape (n_steps, n_layers)
        Row k holds one number per layer at step k, e.g. ‖∂C/∂bˡ‖ = ‖δˡ‖ averaged over the
        training set (Nielsen's "speed of learning" of layer l) before epoch k.
    ax : Axes, optional
        Where to draw; by default a new figure.
    labels : sequence of str, optional
        One legend entry per layer; by default ``"layer 1"``, ``"layer 2"``, ….
    xlabel : str, default "epoch"
        What a step is.

    Returns
    -------
    Axes

    Examples
    --------
    >>> ax = gradient_norms([[1e-3, 1e-2], [2e-3, 3e-2], [2e-3, 2e-2]])
    >>> [line.get_label() for line in ax.lines], ax.get_yscale()
    (['layer 1', 'layer 2'], 'log')
    >>> gradient_norms([1.0, 2.0])
    Traceback (most recent call last):
    ...
    ValueError: norms must have shape (n_steps, n_layers), got (2,)
    """
    norms = np.asarray(norms, dtype=float)
    if norms.ndim != 2:
        raise ValueError(f"norms must have shape (n_steps, n_layers), got {norms.shape}")
    if labels is None:
        labels = [f"layer {l + 1}" for l in range(norms.shape[1])]
    if len(labels) != norms.shape[1]:
        raise ValueError(f"labels must name the {norms.shape[1]} layers, got {len(labels)} labels")
    with theme():
        if ax is None:
            _, ax = subplots(figsize=(6.4, 3.6))
        for column, label in zip(norms.T, labels):
            ax.plot(np.arange(len(column)), column, label=label)
        ax.set_yscale("log")
        ax.set(xlabel=xlabel, ylabel="gradient norm")
        ax.legend()
    return ax
