"""The embedding of figures in pages and notebooks, ``backprop.figures``: inline SVG with
alt text and a caption, ids unique per figure, the style's grey as the page's text colour,
PNG and GIF as images, determinism and bad arguments."""

import base64
import html
import io
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pytest.importorskip("matplotlib", reason="the figures need matplotlib (.[plots])")
Image = pytest.importorskip("PIL.Image", reason="animations need Pillow (.[plots])")
from test_plots import line_figure, step_network  # noqa: E402

from backprop import figures, plots  # noqa: E402


def test_svg_is_inline_with_alt_text_caption_and_theme_colour():
    rendered = figures.show(line_figure(), alt="A line that falls", caption="Seed 0.")
    page = rendered.html
    assert page.startswith('<figure class="backprop-figure"><svg role="img"')
    assert page.endswith("<figcaption>Seed 0.</figcaption></figure>")
    assert 'aria-label="A line that falls"' in page
    assert "<?xml" not in page and "<!DOCTYPE" not in page
    # the grey of text and axes follows the page: currentColor, not a fixed colour
    assert not re.search(rf"(fill|stroke): ?{plots.FOREGROUND}", page)
    assert re.search(r"(fill|stroke): ?currentColor", page)
    assert rendered._repr_html_() == page


def test_svg_ids_are_unique_per_figure_and_every_reference_resolves():
    first = figures.show(line_figure(), alt="one", caption="").html
    fig, ax = plots.subplots(figsize=(3, 2))
    ax.plot([0, 1], [0, 1], "o")
    second = figures.show(fig, alt="two", caption="").html
    ids = [set(re.findall(r'id="([^"]+)"', svg)) for svg in (first, second)]
    assert ids[0] and ids[1] and not ids[0] & ids[1]
    for svg, own in zip((first, second), ids):
        references = set(re.findall(r'(?:url\(#|href="#)([^")]+)', svg))
        assert references and references <= own


def test_png_is_an_img_with_a_transparent_background():
    page = figures.show(line_figure(), alt="A line", caption="", format="png").html
    source = re.search(r'src="data:image/png;base64,([^"]+)"', page).group(1)
    image = Image.open(io.BytesIO(base64.b64decode(source)))
    assert image.format == "PNG" and image.mode == "RGBA"  # transparent background
    assert image.getpixel((0, 0))[3] == 0


def test_gif_bytes_become_an_img():
    x, labels = np.array([[-1.0, 1.0], [0.0, 0.0]]), np.array([0, 1])
    gif = plots.boundary_animation({"a": step_network()}, x, labels, size=1, resolution=5)
    page = figures.show(gif, alt="An animation", caption="Two frames").html
    assert '<img alt="An animation" src="data:image/gif;base64,' in page


@settings(max_examples=30, deadline=None)  # rendering time varies on a busy machine
@given(st.text(min_size=1).filter(str.strip))
def test_alt_and_caption_are_escaped(text):
    fig, _ = plots.subplots(figsize=(1, 1))
    page = figures.show(fig, alt=text, caption=text, format="png").html
    alt = re.search(r'alt="([^"]*)"', page).group(1)
    assert html.unescape(alt) == text
    caption = re.search(r"<figcaption>(.*)</figcaption>", page, re.S).group(1)
    assert html.unescape(caption) == text
    assert page.count("<figcaption>") == 1


def test_show_is_deterministic():
    for fmt in ("svg", "png"):
        first = figures.show(line_figure(), alt="x", caption="y", format=fmt).html
        second = figures.show(line_figure(), alt="x", caption="y", format=fmt).html
        assert first == second


@pytest.mark.parametrize(
    ("figure", "kwargs", "error", "message"),
    [
        ("figure", {"alt": "  "}, ValueError, "alt must describe the figure"),
        ("figure", {"format": "jpg"}, ValueError, "format must be 'svg' or 'png', got 'jpg'"),
        ("text", {}, TypeError, "figure must be a matplotlib Figure or GIF bytes, got str"),
    ],
)
def test_show_rejects_bad_arguments(figure, kwargs, error, message):
    figure = line_figure() if figure == "figure" else "not a figure"
    arguments = {"alt": "alt", "caption": "caption", **kwargs}
    with pytest.raises(error, match=re.escape(message)):
        figures.show(figure, **arguments)


def test_the_svg_takes_materials_text_colour():
    page = figures.show(line_figure(), alt="a line", caption="").html
    assert "color:var(--md-typeset-color, #808080)" in page


def test_the_modules_examples_pass():
    import doctest

    assert doctest.testmod(figures).failed == 0
