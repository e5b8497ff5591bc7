"""MkDocs hook: with ``mkdocs serve --dirty``, pages that show ``src/`` stay current and linked.

A dirty rebuild (``dev.py serve`` uses one) renders a page again only when its own file is
newer than its output. Two kinds of Markdown page depend on more:

* a page that includes code from ``src/`` (a ``--8<--`` snippet) or documents it (``:::``
  mkdocstrings blocks, the API reference) depends on ``src/``: this hook deletes its output
  when a file of ``src/`` is newer, so the rebuild renders it again;
* the API reference defines the anchors that the cross-references of every other page point
  to, which mkdocs-autorefs collects while rendering it. A dirty rebuild keeps its output
  and registers those anchors with autorefs (``register_anchor``) from the ``objects.inv``
  that mkdocstrings wrote when it last rendered the page, so a rebuilt page's API links
  resolve without rendering the whole reference again (2.5 s -> 0.6 s a rebuild); that
  rebuild leaves ``objects.inv`` as it is (mkdocstrings' ``enable_inventory`` option). Without
  its anchors in ``objects.inv``, the page is rendered again.

A full build cleans the site first and renders every page: nothing here applies. (The
executed pages follow ``src/`` through ``execute_pages.py``: a new cache key is a new source
file.)
"""

from __future__ import annotations

import re
from pathlib import Path

from mkdocstrings import Inventory

SNIPPET = re.compile(r"--8<--")
MKDOCSTRINGS = re.compile(r"^:::", re.M)

#: The anchors of the API pages whose output this dirty rebuild keeps: (file, items).
_kept: list = []


def on_files(files, config):
    sources = Path(config.config_file_path).resolve().parent.glob("src/**/*.py")
    newest = max((path.stat().st_mtime for path in sources), default=0.0)
    items = _inventory(Path(config.site_dir, "objects.inv"))
    _kept.clear()
    for file in files.documentation_pages():
        output = Path(file.abs_dest_path)
        if not file.src_uri.endswith(".md") or not output.is_file():
            continue
        text = file.content_string
        documents_src = MKDOCSTRINGS.search(text)
        stale = output.stat().st_mtime < newest
        anchors = []
        if documents_src and not stale:
            anchors = [item for item in items if item.uri.partition("#")[0] == file.url]
        if anchors:
            _kept.append((file, anchors))
        elif documents_src or (stale and SNIPPET.search(text)):
            output.unlink()  # rendered again (an API page without its anchors too)
    if _kept:  # mkdocstrings would write an objects.inv of what it renders: nothing this time
        config.plugins["mkdocstrings"].config.enable_inventory = False
    return files


def on_nav(nav, config, files):
    autorefs = config.plugins["autorefs"]
    for file, anchors in _kept:
        for item in anchors:
            anchor = item.uri.partition("#")[2]
            autorefs.register_anchor(file.page, item.name, anchor, primary=item.name == anchor)
    return nav


def _inventory(path: Path) -> list:
    """The items of mkdocstrings' inventory at ``path``; none if there is no such file."""
    if not path.is_file():
        return []
    with path.open("rb") as opened:
        return list(Inventory.parse_sphinx(opened).values())
