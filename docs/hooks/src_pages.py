"""MkDocs hook: with ``mkdocs serve --dirty``, pages that show ``src/`` stay current and linked.

A dirty rebuild (``dev.py serve`` uses one, to rebuild in about a second) renders a page again
only when its own file is newer than its output. Two kinds of Markdown page depend on more:

* a page that includes code from ``src/`` (a ``--8<--`` snippet) depends on ``src/``: this
  hook deletes its output when a file of ``src/`` is newer, so the rebuild renders it again;
* a page of ``:::`` mkdocstrings blocks (the API reference) defines the anchors that the
  cross-references of every other page point to, which mkdocs-autorefs collects only while
  rendering it: this hook deletes its output always, so a rebuilt page's API links resolve.

A full build renders every page anyway. (The executed pages follow ``src/`` through
``execute_pages.py``: a new cache key is a new source file.)
"""

from __future__ import annotations

import re
from pathlib import Path

SNIPPET = re.compile(r"--8<--")
MKDOCSTRINGS = re.compile(r"^:::", re.M)


def on_files(files, config):
    sources = Path(config.config_file_path).resolve().parent.glob("src/**/*.py")
    newest = max((path.stat().st_mtime for path in sources), default=0.0)
    for file in files.documentation_pages():
        output = Path(file.abs_dest_path)
        if not file.src_uri.endswith(".md") or not output.is_file():
            continue
        text = file.content_string
        stale = output.stat().st_mtime < newest and SNIPPET.search(text)
        if stale or MKDOCSTRINGS.search(text):
            output.unlink()
    return files
