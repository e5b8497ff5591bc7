"""The PDF edition: the built site's print page printed by Chromium (``tools/print_pdf.py``).

The PDF is printed once per module from the session's site build (``built_site``) by the
script itself, in a process of its own (as ``python3 dev.py pdf`` runs it; a second sync
Playwright cannot start in this process while the browser suite's is open), and read back
with pypdf: its pages, size, text, images, links and outline. Without Chromium or
Playwright the module is skipped, except on CI, where that is an error (as the browser suite).
"""

from __future__ import annotations

import collections
import re
import subprocess
import sys

import pytest
from pypdf import PdfReader
from pypdf.generic import NameObject
from tests.sitekit import MARKUP_SOURCE, ROOT, nav_pages, require_browser
from tools.print_pdf import MAX_BYTES, destination_pages

require_browser("printing the PDF")

pytestmark = pytest.mark.slow

PAGES = nav_pages()
EQUATIONS = ("BP1", "BP2", "BP3", "BP4")
#: The symbol type mkdocstrings shows before an object's name in its heading (`mod`, `class`).
SYMBOL = r"(?:(?:mod|class|func|meth|attr|prop) +)?"
#: TeX a reader should never see: `$$`, `\[`, `\(`, a TeX command, `\eqref`'s "???".
RAW_TEX = re.compile(r"\$\$|\\[\[\]()]|\\(?:frac|partial|sum|sigma|delta|odot|eqref|label|tag)\b")


@pytest.fixture(scope="module")
def pdf(built_site, tmp_path_factory):
    """The PDF edition of the session's site build, printed by ``tools/print_pdf.py``."""
    output = tmp_path_factory.mktemp("pdf") / "backprop.pdf"
    script = [sys.executable, "-m", "tools.print_pdf", "--site", built_site, "--output", output]
    printed = subprocess.run(script, cwd=ROOT, capture_output=True, text=True)
    assert printed.returncode == 0, printed.stdout + printed.stderr
    return output


@pytest.fixture(scope="module")
def reader(pdf):
    return PdfReader(pdf)


@pytest.fixture(scope="module")
def texts(reader) -> list[str]:
    """The text of each page, with runs of white space made single spaces."""
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def _page_of(texts, needle: str, start: int = 0) -> int:
    """The number (from 1) of the first page from ``start`` whose text holds ``needle``."""
    return next(i + 1 for i, text in enumerate(texts) if i >= start and needle in text)


def test_pdf_is_a_book_under_the_size_limit(pdf, reader):
    assert pdf.stat().st_size < MAX_BYTES
    pages = len(reader.pages)
    assert 30 <= pages <= 400, f"{pages} pages"


def test_title_page_gives_the_version_and_the_build_date(texts):
    from importlib.metadata import version

    assert "backprop" in texts[0]
    assert f"version {version('backprop')}, built 20" in texts[0], texts[0]


def _chapter_pages(pdf) -> dict[str, int]:
    """The page each nav page starts on (print-site's section id is the page's URL path, with
    ``-`` for ``/``: ``api-network``)."""
    destinations = destination_pages(pdf)
    ids = {page.title: page.path.strip("/").replace("/", "-") or "index" for page in PAGES}
    return {title: destinations[id] for title, id in ids.items()}


def test_every_page_is_a_chapter_in_reading_order(pdf, texts):
    starts = _chapter_pages(pdf)
    assert list(starts.values()) == sorted(starts.values()), starts
    assert starts[PAGES[0].title] > 2, "the cover and the contents come first"
    for page in PAGES[1:]:  # the home page's heading is the site's name
        assert page.title in texts[starts[page.title] - 1], f"{page.title!r} not on its page"


def test_the_four_equations_are_numbered_and_typeset(texts):
    text = " ".join(texts)
    for label in EQUATIONS:
        assert f"({label})" in text, f"equation ({label}) missing"
    raw = [text[max(0, m.start() - 40) : m.end() + 40] for m in RAW_TEX.finditer(text)]
    assert not raw, "TeX source in the PDF:\n" + "\n".join(raw)
    assert "(???)" not in text, "an \\eqref without its equation"


def test_no_html_or_css_source_in_the_text(texts):
    shown = [
        (number, m) for number, text in enumerate(texts, 1) for m in MARKUP_SOURCE.findall(text)
    ]
    assert not shown, f"HTML or CSS source on pages {sorted({n for n, _ in shown})}: {shown[:5]}"


def _outline(reader, items=None, depth=0):
    """(depth, title, page number) of every bookmark of the PDF, in order."""
    for item in reader.outline if items is None else items:
        if isinstance(item, list):
            yield from _outline(reader, item, depth + 1)
        else:
            yield depth, item.title, reader.get_destination_page_number(item) + 1


def test_every_heading_has_a_number_of_its_own(reader):
    """print-site numbers the headings of a page (2.2 for a chapter, 2.2.1 for its first
    section); each number is given once, and every chapter and section has one."""
    numbers = collections.defaultdict(list)
    unnumbered = []
    chapter = None
    for depth, title, page in _outline(reader):
        if depth == 0:
            chapter = title
        if depth > 1 or chapter in ("Contents", "Solutions") or page == 1:  # the cover
            continue
        text = reader.pages[page - 1].extract_text()  # a heading starts a line
        heading = re.search(rf"^(\d+(?:\.\d+)*) +{SYMBOL}{re.escape(title.strip())}", text, re.M)
        if heading is None:
            unnumbered.append(f"{title!r} (page {page})")
        else:
            numbers[heading[1]].append(title)
    assert not unnumbered, "headings without a number: " + ", ".join(unnumbered)
    shared = {number: titles for number, titles in numbers.items() if len(titles) > 1}
    assert not shared, f"numbers given to several headings: {shared}"
    assert len(numbers) >= len(PAGES)


def test_every_raster_figure_is_embedded(reader, built_site):
    html = (built_site / "print_page" / "index.html").read_text(encoding="utf-8")
    rasters = len(re.findall(r'<img[^>]+src="data:image/png', html))
    images = sum(len(page.images) for page in reader.pages)
    assert rasters > 0
    assert images >= rasters, f"{images} images in the PDF, {rasters} PNG figures on the site"
    # Vector figures (matplotlib's inline SVG) print as vector drawings, not images.
    assert re.search(r'<svg[^>]*role="img"', html), "no vector figure on the print page"


def _internal_links(reader):
    """(page number, destination name) of every link to a place in the PDF itself."""
    for number, page in enumerate(reader.pages, start=1):
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") != "/Link" or "/Dest" not in annotation:
                continue
            yield number, str(annotation["/Dest"]).lstrip("/")


def test_internal_links_land_on_their_targets(reader, pdf, texts):
    destinations = destination_pages(pdf)
    links = list(_internal_links(reader))
    assert len(links) > 100
    broken = sorted({name for _, name in links if name not in destinations})
    assert not broken, f"links to no destination: {broken[:20]}"
    for label in EQUATIONS:  # an \eqref lands on the page that shows the equation's tag
        page = destinations.get(label) or destinations.get(f"equations-{label}")
        assert page is not None, f"no destination for {label}"
        assert f"({label})" in texts[page - 1]
    assert any(name == "BP1" or name.endswith("-BP1") for _, name in links), "no \\eqref link"


def test_contents_give_each_chapter_its_page_number(reader, pdf, texts):
    contents = texts[_page_of(texts, "Contents") - 1]
    numbers = iter(int(n) for n in re.findall(r"(?<![\d.])\d+(?![\d.])", contents))
    starts = _chapter_pages(pdf)
    for title, number in starts.items():
        assert title in contents, f"{title!r} not in the contents"
        assert number in numbers, f"{title!r} starts on page {number}, not so in the contents"
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    assert len(outline) >= 3, "no PDF outline (bookmarks)"


def test_solutions_are_in_an_appendix_at_the_end(pdf, texts):
    last_chapter = max(_chapter_pages(pdf).values())
    appendix = _page_of(texts, "Solutions", start=last_chapter - 1)
    exercises = [i for i, text in enumerate(texts) if "The solution is in the appendix" in text]
    assert exercises and max(exercises) < appendix - 1


def test_no_page_is_wider_than_a4(reader):
    for page in reader.pages:
        assert float(page.mediabox.width) <= 596, "a page wider than A4 portrait"
        assert page.get(NameObject("/Rotate"), 0) == 0
