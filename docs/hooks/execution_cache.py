"""MkDocs hook: make mkdocs-jupyter's execution cache depend on the package and the data.

mkdocs-jupyter (0.26) caches every executed page as ``<cache_dir>/<key>.json``, where the key
hashes only the page's own bytes and the plugin's options. A page that imports ``backprop``
therefore keeps showing the old output after a change to ``src/``, and a page that reads
MNIST after the data file changed. This hook keys the whole cache directory on what the pages
depend on:

* the bytes of every ``src/**/*.py`` (the package the pages import) and of these hooks
  (which render the markdown cells),
* the Markdown configuration (``markdown_extensions``) the markdown cells are rendered with,
* the path, size and modification time (not the contents: MNIST is 11 MB) of every file in
  the places ``backprop.mnist.load_mnist()`` reads, ``$BACKPROP_DATA_DIR`` (or, unset,
  ``../shared/data`` next to the project) and the download cache ``~/.cache/backprop``,
* the Python, NumPy and Matplotlib versions the kernel runs.

It sets the plugin's ``cache_dir`` to ``.cache/mkdocs-jupyter/<dependency key>/`` (next to
``mkdocs.yml``, wherever mkdocs is started from), so a change to any of those re-executes
every page once, while an edit to a Markdown page (``mkdocs serve``) reuses the cached
notebooks. After a build it deletes the cache directories of other keys.

``BACKPROP_DOCS_CACHE=0``, or ``CI`` set to a true value (as on GitHub Actions), turns the
cache off: every page is executed. ``BACKPROP_DOCS_CACHE=1`` turns it on even on CI.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import platform
import re
import shutil
from importlib import metadata
from pathlib import Path

from backprop.mnist import DATA_DIR_ENV, default_cache_dir

log = logging.getLogger("mkdocs.hooks.execution_cache")

PLUGIN = "mkdocs-jupyter"
#: Files whose bytes the pages' outputs depend on, as globs relative to ``mkdocs.yml``.
SOURCES = ("src/**/*.py", "docs/hooks/*.py")
CACHE_ROOT = Path(".cache", "mkdocs-jupyter")
#: Distributions whose version changes what an executed page prints or draws.
DISTRIBUTIONS = ("numpy", "matplotlib")
_KEY_NAME = re.compile(r"[0-9a-f]{16}")
_FALSE = ("0", "false", "no", "off")


def cache_enabled(environ=os.environ) -> bool:
    """Return whether to cache: ``BACKPROP_DOCS_CACHE`` if set (``0``/``1``), else not on CI."""
    setting = environ.get("BACKPROP_DOCS_CACHE", "").strip().lower()
    if setting:
        return setting not in _FALSE
    return environ.get("CI", "").strip().lower() in ("", *_FALSE)


def data_dirs(project: Path, environ=os.environ) -> list[Path]:
    """Return the folders the pages' data come from (see ``backprop.mnist.load_mnist``)."""
    given = environ.get(DATA_DIR_ENV) or project.parent / "shared" / "data"
    return [Path(given), default_cache_dir()]


def dependency_key(project: Path, settings: str = "", environ=os.environ) -> str:
    """Return a 16-hex-digit key of the package source, the data files and the library versions.

    ``project`` is the directory of ``mkdocs.yml``; ``settings`` any further text the
    executed pages depend on (the hook passes the Markdown configuration).
    """
    digest = hashlib.sha256(settings.encode())
    for path in sorted(path for pattern in SOURCES for path in project.glob(pattern)):
        digest.update(path.relative_to(project).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    for folder in data_dirs(project, environ):
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            stat = path.stat()
            digest.update(f"{path.resolve()}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
    digest.update(f"python {platform.python_version()}\0".encode())
    for name in DISTRIBUTIONS:
        try:
            digest.update(f"{name} {metadata.version(name)}\0".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name} -\0".encode())
    return digest.hexdigest()[:16]


def markdown_settings(config) -> str:
    """Return the Markdown extensions and their options as text, stable from run to run."""
    names = [e if isinstance(e, str) else type(e).__qualname__ for e in config.markdown_extensions]
    return json.dumps([names, config.mdx_configs], sort_keys=True, default=_qualname)


def _qualname(value) -> str:
    return getattr(value, "__qualname__", type(value).__qualname__)


def on_config(config):
    plugin = config.plugins.get(PLUGIN)
    if plugin is None:
        return config
    if not cache_enabled():
        plugin.config["cache"] = False
        log.info("execution cache off: every notebook page is executed")
        return config
    project = Path(config.config_file_path).resolve().parent
    key = dependency_key(project, markdown_settings(config))
    plugin.config["cache_dir"] = str(project / CACHE_ROOT / key)
    log.info("execution cache: %s", CACHE_ROOT / key)
    return config


def on_post_build(config):
    plugin = config.plugins.get(PLUGIN)
    if plugin is None or not plugin.config["cache"]:
        return
    current = Path(plugin.config["cache_dir"])
    for stale in current.parent.iterdir():
        if stale == current:
            continue
        if stale.is_dir() and _KEY_NAME.fullmatch(stale.name):
            shutil.rmtree(stale)
            log.info("execution cache: removed stale %s", stale.name)
        elif stale.is_file() and stale.suffix == ".json":  # mkdocs-jupyter's own flat layout
            stale.unlink()
