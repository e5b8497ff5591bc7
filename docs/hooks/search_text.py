"""MkDocs hook: keep code and text dumps, tables of numbers and figures' metadata out of the
search index, so that search excerpts read as prose.

On an executed (notebook) page, nbconvert puts each code cell's code in a
``jp-InputArea-editor`` and each plain-text output (printed numbers, arrays) in a
``jp-RenderedText``, both ending in a ``<pre>``. The search plugin indexes a page's content
after ``on_page_content``; an element with ``data-search-exclude`` is left out (Material's
search honours it), so search excerpts of those pages show their prose, the formulas (see
``typeset_math.py``) and the Markdown that cells display, not code listings. Code blocks of
Markdown pages stay searchable.

On every page, two more things are left out, which read as noise in an excerpt:

* the metadata of an SVG figure (matplotlib writes ``image/svg+xml``, ``Matplotlib v3.11.2,
  https://matplotlib.org/`` into its ``<metadata>``); the figure's title stays;
* a table of numbers (two cells side by side in a row hold digits and no letter), such as a
  benchmark's or a comparison with published outputs: the prose around it says what it shows.

The attribute goes on the ``<pre>`` itself: Material's search parser tells elements apart by
tag name only, so an excluded ``<div>`` would end at the first inner ``</div>`` (or, put on a
markdown cell's ``jp-InputArea``, hide the page's prose). ``<pre>``, ``<metadata>`` and
``<table>`` elements do not nest on these pages.
"""

from __future__ import annotations

import re

#: The ``<pre>`` of a code cell or a plain-text output, after its wrapper's opening tags.
DUMP = re.compile(
    r'(<div class="[^"]*\b(?:jp-InputArea-editor|jp-RenderedText)\b[^"]*"[^>]*>'
    r"(?:\s*<div[^>]*>)*\s*)"
    r"<pre\b"
)

TABLE = re.compile(r"<table\b(?P<rest>.*?</table>)", re.S)
ROW = re.compile(r"<tr\b.*?</tr>", re.S)
CELL = re.compile(r"<td\b[^>]*>(.*?)</td>", re.S)
TAG = re.compile(r"<[^>]+>")
LETTER = re.compile(r"[^\W\d_]")


def is_numeric(cell: str) -> bool:
    """Whether a table cell's HTML shows a number: digits and no letter.

    >>> [is_numeric(c) for c in ("1,230", "<code>×0.82</code>", "BP1", "yes", "")]
    [True, True, False, False, False]
    """
    text = TAG.sub("", cell)
    return any(c.isdigit() for c in text) and LETTER.search(text) is None


def exclude_number_tables(html: str) -> str:
    """Mark ``data-search-exclude`` the tables with two numbers side by side in a row.

    >>> exclude_number_tables("<table><tr><th>n</th><td>1</td><td>2.5</td></tr></table>")
    '<table data-search-exclude><tr><th>n</th><td>1</td><td>2.5</td></tr></table>'
    >>> exclude_number_tables("<table><tr><td>1</td><td>BP1</td><td>2</td></tr></table>")
    '<table><tr><td>1</td><td>BP1</td><td>2</td></tr></table>'
    """

    def side_by_side(row: str) -> bool:
        numeric = [is_numeric(cell) for cell in CELL.findall(row)]
        return any(map(min, numeric, numeric[1:]))

    def mark(table):
        if any(side_by_side(row) for row in ROW.findall(table["rest"])):
            return f"<table data-search-exclude{table['rest']}"
        return table[0]

    return TABLE.sub(mark, html)


def exclude_dumps(html: str) -> str:
    """Mark the code of code cells and plain-text outputs ``data-search-exclude``.

    >>> exclude_dumps('<div class="jp-InputArea-editor">\\n<div class="highlight"><pre>x</pre>')
    '<div class="jp-InputArea-editor">\\n<div class="highlight"><pre data-search-exclude>x</pre>'
    >>> exclude_dumps('<div class="jp-RenderedText" data-mime-type="text/plain">\\n<pre>3</pre>')
    '<div class="jp-RenderedText" data-mime-type="text/plain">\\n<pre data-search-exclude>3</pre>'
    >>> exclude_dumps('<div class="jp-InputArea"><div class="jp-RenderedMarkdown"><p>Prose')
    '<div class="jp-InputArea"><div class="jp-RenderedMarkdown"><p>Prose'
    """
    return DUMP.sub(r"\1<pre data-search-exclude", html)


def on_page_content(html, page, config, files):
    html = re.sub(r"<metadata\b", "<metadata data-search-exclude", html)
    return exclude_number_tables(exclude_dumps(html))
