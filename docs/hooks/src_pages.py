"""MkDocs hook: with ``mkdocs serve --dirty``, pages that show code from ``src/`` follow it.

A dirty rebuild (``dev.py serve`` uses one, to rebuild in well under a second) renders a page
again only when its own file is newer than its output. A Markdown page that includes code from
``src/`` (a ``--8<--`` snippet, or a ``:::`` mkdocstrings block of the API reference) depends
on ``src/`` too: this hook deletes such a page's output when a file of ``src/`` is newer, so
the rebuild renders it again. A full build renders every page anyway. (The executed pages
follow ``src/`` through ``execute_pages.py``: a new cache key is a new source file.)
"""

from __future__ import annotations

import re
from pathlib import Path

#: What makes a page show code from src/: a snippet include or a mkdocstrings block.
INCLUDES_SRC = re.compile(r"--8<--|^:::", re.M)


def on_files(files, config):
    sources = Path(config.config_file_path).resolve().parent.glob("src/**/*.py")
    newest = max((path.stat().st_mtime for path in sources), default=0.0)
    for file in files.documentation_pages():
        output = Path(file.abs_dest_path)
        if not file.src_uri.endswith(".md") or not output.is_file():
            continue
        if output.stat().st_mtime < newest and INCLUDES_SRC.search(file.content_string):
            output.unlink()
    return files
