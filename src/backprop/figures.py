"""Figures for a notebook or a web page: an HTML ``<figure>`` with alt text and a caption.

[`backprop.plots`][backprop.plots] draws figures in a style legible on light and dark pages
(transparent background, mid-tone colours, a neutral grey for text and axes).
[`show`][backprop.figures.show] turns such a figure into an accessible HTML figure that
Jupyter displays: inline SVG whose grey becomes the page's own text colour (Material for
MkDocs' ``--md-typeset-color`` on this site, the notebook's text colour elsewhere), so axes
and labels follow light and dark themes. The site's executed pages use it; so does a
downloaded notebook, with nothing but the package and matplotlib installed.

>>> from backprop import plots
>>> fig, ax = plots.subplots(figsize=(2, 2))
>>> lines = ax.plot([0, 1], [1, 0])
>>> html = show(fig, alt="A falling line", caption="Two points.").html
>>> html.startswith('<figure class="backprop-figure"><svg role="img"'), "currentColor" in html
(True, True)
"""

from __future__ import annotations

import base64
import hashlib
import html
import io
import re

from matplotlib.figure import Figure

from .plots import FOREGROUND, theme

__all__ = ["Rendered", "show"]

#: The text colour of a Material page (light or dark scheme), with the style's grey as the
#: fallback outside Material.
PAGE_TEXT = f"var(--md-typeset-color, {FOREGROUND})"


class Rendered:
    """A figure or animation rendered as HTML, with alt text and caption; Jupyter shows it.

    Made by :func:`show`. ``html`` holds the ``<figure>`` element.

    >>> r = Rendered("<figure></figure>", alt="nothing")
    >>> r._repr_html_(), r
    ('<figure></figure>', <figure: nothing>)
    """

    def __init__(self, html: str, alt: str) -> None:
        self.html = html
        self.alt = alt

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return f"<figure: {self.alt}>"


def show(
    figure: Figure | bytes,
    *,
    alt: str,
    caption: str,
    format: str = "svg",
    dpi: int = 100,
) -> Rendered:
    """Render ``figure`` as an HTML ``<figure>`` with alt text and a caption.

    Parameters
    ----------
    figure : Figure or bytes
        A matplotlib figure, or a GIF from :func:`backprop.plots.boundary_animation`.
    alt : str
        What the figure shows, for readers who cannot see it (screen readers, no images).
    caption : str
        The caption under the figure; state the seed and the settings that made it.
    format : {"svg", "png"}, default "svg"
        SVG keeps lines sharp and takes the page's text colour for the style's grey;
        PNG (at ``dpi``) is smaller for figures with thousands of points.
    dpi : int, default 100
        Resolution of PNG output, and of the images (heat maps) inside an SVG.

    Returns
    -------
    Rendered
        Displayed by Jupyter (and so by executed documentation pages) as HTML.

    Examples
    --------
    >>> from backprop import plots
    >>> fig, ax = plots.subplots(figsize=(2, 2))
    >>> show(fig, alt="A box", caption="", format="png").html[:68]
    '<figure class="backprop-figure"><img alt="A box" src="data:image/png'
    >>> show(fig, alt="", caption="")
    Traceback (most recent call last):
    ...
    ValueError: alt must describe the figure (alt text), got ''
    """
    if not isinstance(alt, str) or not alt.strip():
        raise ValueError(f"alt must describe the figure (alt text), got {alt!r}")
    if format not in ("svg", "png"):
        raise ValueError(f"format must be 'svg' or 'png', got {format!r}")
    if isinstance(figure, bytes):
        body = _img("image/gif", figure, alt)
    elif isinstance(figure, Figure):
        buffer = io.BytesIO()
        metadata = {"Date": None} if format == "svg" else {"Software": None}
        with theme():
            figure.savefig(
                buffer,
                format=format,
                dpi=dpi,
                bbox_inches="tight",
                metadata=metadata,
            )
        if format == "png":
            body = _img("image/png", buffer.getvalue(), alt)
        else:
            body = _inline_svg(buffer.getvalue().decode(), alt)
    else:
        raise TypeError(
            f"figure must be a matplotlib Figure or GIF bytes, got {type(figure).__name__}"
        )
    caption_html = f"<figcaption>{html.escape(caption)}</figcaption>" if caption else ""
    return Rendered(f'<figure class="backprop-figure">{body}{caption_html}</figure>', alt)


def _img(mime: str, data: bytes, alt: str) -> str:
    source = base64.b64encode(data).decode("ascii")
    style = "max-width:100%;height:auto"
    return f'<img alt="{html.escape(alt)}" src="data:{mime};base64,{source}" style="{style}">'


def _round_numbers(attribute: re.Match) -> str:
    """Round the coordinates in a path's ``d`` or a ``use``'s ``x``/``y`` to 0.01 (points or
    font units, finer than any screen), which makes line plots about a third smaller."""
    return re.sub(r"(\.\d\d)\d+", r"\1", attribute.group(0))


def _inline_svg(svg: str, alt: str) -> str:
    """Return matplotlib's SVG as an inline element: no XML prologue, ids unique to this
    figure (several figures share a page), the style's grey as ``currentColor``."""
    svg = svg[svg.index("<svg") :]
    prefix = "f" + hashlib.sha1(svg.encode()).hexdigest()[:8] + "-"
    svg = re.sub(r'(id="|url\(#|href="#)', rf"\g<1>{prefix}", svg)
    svg = svg.replace(FOREGROUND, "currentColor")
    svg = re.sub(r' (d|x|y)="[^"]*"', _round_numbers, svg)
    label = html.escape(alt)
    return svg.replace(
        "<svg ",
        f'<svg role="img" aria-label="{label}" style="max-width:100%;height:auto;'
        f'color:{PAGE_TEXT}" ',
        1,
    )
