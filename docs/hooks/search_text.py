"""MkDocs hook: keep the code and text dumps of executed pages out of the search index.

On an executed (notebook) page, nbconvert wraps each cell's code in ``jp-InputArea`` and each
plain-text output (printed numbers, arrays) in ``jp-RenderedText``. The search plugin indexes
a page's content after ``on_page_content``; an element with ``data-search-exclude`` is left out
(Material's search honours it), so search excerpts of those pages show their prose, the
formulas (see ``typeset_math.py``) and the Markdown that cells display, not code listings.
Code blocks of Markdown pages stay searchable.
"""

from __future__ import annotations

import re

#: The opening tag of an element holding a cell's code or a plain-text output.
DUMP = re.compile(r'<div class="[^"]*\b(?:jp-InputArea|jp-RenderedText)\b[^"]*"')


def exclude_dumps(html: str) -> str:
    """Mark code cells and plain-text outputs ``data-search-exclude``.

    >>> exclude_dumps('<div class="jp-InputArea jp-Cell-inputArea"><pre>x = 1</pre></div>')
    '<div class="jp-InputArea jp-Cell-inputArea" data-search-exclude><pre>x = 1</pre></div>'
    >>> exclude_dumps('<div class="jp-RenderedMarkdown">Prose</div>')
    '<div class="jp-RenderedMarkdown">Prose</div>'
    """
    return DUMP.sub(lambda match: match.group(0) + " data-search-exclude", html)


def on_page_content(html, page, config, files):
    return exclude_dumps(html)
