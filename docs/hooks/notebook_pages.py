"""MkDocs hook: what an executed page's Markdown needs before MkDocs renders it.

* Its ``description`` (for search engines) from its jupytext header. A Markdown page sets its
  description in its front matter; an executed (jupytext ``.py``) page sets it in its header,
  which jupytext reads into the notebook's metadata::

      # ---
      # jupyter:
      #   description: One sentence about the page.
      # ---

* No stylesheet appended. mkdocs-jupyter renders an executed page from its ``.ipynb`` and
  appends nbconvert's Pygments stylesheet to it, indented and as the text of a Python list
  (``nbconvert2.py``, ``resources["inlining"]["css"]``): under
  ``markdown_cell_processor: mkdocs`` Markdown read it as an indented code block, shown at the
  end of every executed page. The site's stylesheets style code cells (Material's code blocks).
"""

from __future__ import annotations

import re

import jupytext

#: A ``<style>`` element after the template's last element, at the end of the page's Markdown.
APPENDED_STYLE = re.compile(r"\s*<style>(?:(?!<style>).)*</style>\s*\Z", re.S)


def without_appended_style(markdown: str) -> str:
    """Return the Markdown of an executed page without the ``<style>`` appended at its end.

    >>> without_appended_style("<div>cells</div>\\n        <style>\\n        ['pre { }']\\n"
    ...                        "        </style>\\n        ")
    '<div>cells</div>\\n'
    >>> without_appended_style("<style>kept</style>\\n<div>cells</div>\\n")
    '<style>kept</style>\\n<div>cells</div>\\n'
    >>> without_appended_style("<style>kept</style><div>cells</div><style>[]</style>")
    '<style>kept</style><div>cells</div>\\n'
    """
    return APPENDED_STYLE.sub("\n", markdown)


def on_page_markdown(markdown, page, config, files):
    source = page.file.abs_src_path or ""
    if not source.endswith((".py", ".ipynb")):
        return markdown
    if "description" not in page.meta:
        description = jupytext.read(source).metadata.get("description")
        if description:
            page.meta["description"] = " ".join(description.split())
    return without_appended_style(markdown)
