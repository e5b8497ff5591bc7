"""MkDocs hook: make the executed (jupytext ``.py``) pages look and behave like the others.

mkdocs-jupyter renders a notebook page with nbconvert's JupyterLab template. Each such page
then carries about 590 KB of inlined JupyterLab CSS, a MathJax 2 loader with an empty
``src``, a Mermaid loader that imports from a CDN, its own copy buttons, links that MkDocs
never rewrote, and markdown cells rendered by nbconvert's Markdown dialect. This hook:

* renders markdown cells (and Markdown outputs) with the site's own Python-Markdown
  configuration, ``markdown_extensions`` of ``mkdocs.yml``: admonitions, arithmatex math,
  tabs, footnotes, API cross-references ``[`Network`][backprop.network.Network]`` work in
  executed pages exactly as in Markdown pages;

runs the pages' kernels with one BLAS thread each (``OPENBLAS_NUM_THREADS`` and friends, unless
already set), and on every notebook page after rendering:

* keeps only the ``div.jupyter-wrapper`` (the site's ``site.css`` styles the cells, so code
  and outputs look like the Markdown pages in both colour schemes, and the site's own
  MathJax typesets the markdown cells);
* turns code cells into Material code blocks (``div.highlight > pre > code``), which gives
  them Material's syntax colours and copy button (and gives cells ids without the ``=`` of
  nbconvert's ``cell-id=...``, which would break the button's CSS selector);
* folds the code of cells tagged ``hide-input`` into a collapsed "Code" block (cells
  tagged ``remove-input`` lose their code altogether, see ``remove_tag_config``);
* rewrites relative links to other pages (``equations.py#bp1``, ``api.md``) into their URLs,
  as MkDocs does on Markdown pages, and warns (failing a strict build) on a missing target.

It also takes a notebook page's ``description`` (for search engines) from its jupytext
header::

    # ---
    # jupyter:
    #   description: One sentence about the page.
    # ---
"""

from __future__ import annotations

import logging
import os
import posixpath
import re
from urllib.parse import urlsplit

import jupytext
import markdown
from jinja2 import pass_context
from mkdocs.utils import get_relative_url
from nbconvert.exporters.html import HTMLExporter

log = logging.getLogger("mkdocs.hooks.notebook_pages")

_WRAPPER = '<div class="jupyter-wrapper">'
_COPY_BUTTON = re.compile(
    r'<div class="zeroclipboard-container">.*?</clipboard-copy>\s*</div>\s*'  # the button
    r'|<div class="clipboard-copy-txt" id="cell-\d+">.*?</div>\s*',  # the text it copies
    re.S,
)
_CELL_ID = re.compile(r'id="cell-id=([\w-]+)"')
_CODE = re.compile(r'<div class="highlight-ipynb hl-(\w+)"><pre>(.*?)</pre></div>', re.S)
_HIDDEN_INPUT = re.compile(
    r"(celltag_hide-input.*?)"  # the cell's classes, up to its code block:
    r'(<div class="language-\w+ highlight"><pre><code>.*?</code></pre></div>)',
    re.S,
)
_HREF = re.compile(r'href="([^"#?:]+\.(?:md|py|ipynb))((?:#[^"]*)?)"')


def is_notebook(page) -> bool:
    """Return True for a page that mkdocs-jupyter renders (it wraps their files)."""
    return type(page.file).__name__ == "NotebookFile"


def on_config(config):
    # The pages run small matrix products, for which threads cost more than they bring, and
    # the build runs beside other work: one BLAS thread per kernel (kernels inherit this
    # environment) halves the build's CPU time and gives the same results.
    for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(variable, "1")


def on_pre_build(config):
    # After every plugin's on_config: mkdocstrings and autorefs add their extensions there.
    md = markdown.Markdown(
        extensions=config.markdown_extensions, extension_configs=config.mdx_configs
    )

    @pass_context  # as nbconvert's own filter
    def markdown2html(exporter, context, source):
        return md.reset().convert(source)

    HTMLExporter.markdown2html = markdown2html  # used by nbconvert's templates as a filter


def on_page_markdown(markdown, page, config, files):
    if is_notebook(page) and "description" not in page.meta:
        description = jupytext.read(page.file.abs_src_path).metadata.get("description")
        if description:
            page.meta["description"] = " ".join(description.split())
    return markdown


def on_page_content(html, page, config, files):
    if not is_notebook(page):
        return html
    start = html.find(_WRAPPER)
    if start < 0:
        log.warning("%s: no jupyter-wrapper in the rendered notebook", page.file.src_uri)
        return html
    html = html[start:]
    html = _COPY_BUTTON.sub("", html)
    html = _CELL_ID.sub(r'id="cell-\1"', html)  # Material builds CSS selectors from these ids
    html = _CODE.sub(r'<div class="language-\1 highlight"><pre><code>\2</code></pre></div>', html)
    html = _HIDDEN_INPUT.sub(
        r'\1<details class="abstract"><summary>Code</summary>\2</details>', html
    )
    return _HREF.sub(lambda match: _link(match, page, files), html)


def _link(match, page, files) -> str:
    """Return ``href="URL"`` for a relative link to a page's source file."""
    target, fragment = match.groups()
    if urlsplit(target).scheme or target.startswith("/"):
        return match.group(0)
    src_uri = posixpath.normpath(posixpath.join(posixpath.dirname(page.file.src_uri), target))
    file = files.get_file_from_path(src_uri)
    if file is None or not file.is_documentation_page():
        log.warning(
            "Doc file '%s' contains a link '%s', but the target '%s' is not found among "
            "documentation pages.",
            page.file.src_uri,
            target,
            src_uri,
        )
        return match.group(0)
    return f'href="{get_relative_url(file.url, page.file.url)}{fragment}"'
