"""MkDocs hook: keep the code and text dumps of executed pages out of the search index.

On an executed (notebook) page, nbconvert puts each code cell's code in a
``jp-InputArea-editor`` and each plain-text output (printed numbers, arrays) in a
``jp-RenderedText``, both ending in a ``<pre>``. The search plugin indexes a page's content
after ``on_page_content``; an element with ``data-search-exclude`` is left out (Material's
search honours it), so search excerpts of those pages show their prose, the formulas (see
``typeset_math.py``) and the Markdown that cells display, not code listings. Code blocks of
Markdown pages stay searchable.

The attribute goes on the ``<pre>`` itself: Material's search parser tells elements apart by
tag name only, so an excluded ``<div>`` would end at the first inner ``</div>`` (or, put on a
markdown cell's ``jp-InputArea``, hide the page's prose). ``<pre>`` elements never nest.
"""

from __future__ import annotations

import re

#: The ``<pre>`` of a code cell or a plain-text output, after its wrapper's opening tags.
DUMP = re.compile(
    r'(<div class="[^"]*\b(?:jp-InputArea-editor|jp-RenderedText)\b[^"]*"[^>]*>'
    r"(?:\s*<div[^>]*>)*\s*)"
    r"<pre\b"
)


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
    return exclude_dumps(html)
