"""MkDocs hook: an executed page's ``description`` (for search engines) from its jupytext header.

A Markdown page sets its description in its front matter; an executed (jupytext ``.py``) page
sets it in its header, which jupytext reads into the notebook's metadata::

    # ---
    # jupyter:
    #   description: One sentence about the page.
    # ---
"""

from __future__ import annotations

import jupytext


def on_page_markdown(markdown, page, config, files):
    source = page.file.abs_src_path or ""
    if source.endswith((".py", ".ipynb")) and "description" not in page.meta:
        description = jupytext.read(source).metadata.get("description")
        if description:
            page.meta["description"] = " ".join(description.split())
    return markdown
