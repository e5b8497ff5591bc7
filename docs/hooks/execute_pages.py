"""MkDocs hook: execute the notebook pages up front, in parallel, with a dependency-aware cache.

The executed pages (jupytext ``.py`` files that mkdocs-jupyter renders, its ``include`` and
``ignore`` options) all run before the first page is rendered, each in its own Jupyter kernel
(nbclient), as many at once as there are cores, each kernel with its share of the BLAS
threads (``OPENBLAS_NUM_THREADS`` and friends, unless set already), the pages that took longest
last time first (``times.json`` in the cache). Each executed notebook is
kept as ``.cache/executed-pages/<key>/<name>.ipynb`` (next to ``mkdocs.yml``), where the key
hashes what the page's outputs depend on:

* the page's own bytes,
* the bytes of every ``src/**/*.py`` (the package the pages import, their figure embedding
  ``backprop.figures`` included) and of this hook,
* the path, size and modification time (not the contents: MNIST is 11 MB) of every file in
  the folders ``backprop.mnist.load_mnist()`` reads, ``$BACKPROP_DATA_DIR`` and the
  download cache ``~/.cache/backprop``,
* the Python, NumPy and Matplotlib versions.

Each notebook begins with a cell that the page does not show (tagged ``remove-cell``): where
the ``backprop`` package is missing, as in Colab or a fresh Jupyter, it installs the package
with matplotlib from the project's repository (``repo_url``), so that a downloaded notebook
runs top to bottom anywhere.

So editing one page re-runs that page alone, a change to ``src/`` or to the data re-runs
every page once, and editing a Markdown page (or the site's templates) runs nothing.

The hook then points each page's file (``File.abs_src_path``, MkDocs' public attribute) at its
executed notebook, and mkdocs-jupyter, with ``execute: false``, renders it and, with
``include_source: true``, offers it for download next to the page. A failing cell fails the
build, naming the page and the cell, unless the plugin's ``allow_errors`` is true; the
plugin's ``kernel_name`` chooses the kernel. After a build, entries of the cache that the
build did not use are deleted.

``BACKPROP_DOCS_CACHE=0``, or ``CI`` set to a true value (as on GitHub Actions), turns the
cache off: every page is executed, into a temporary folder. ``BACKPROP_DOCS_CACHE=1`` turns it
on even on CI.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import platform
import shutil
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from importlib import metadata
from pathlib import Path, PurePath

import jupytext
import nbformat
from mkdocs.exceptions import ConfigurationError, PluginError
from mkdocs.plugins import event_priority
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from backprop.mnist import DATA_DIR_ENV, default_cache_dir

log = logging.getLogger("mkdocs.hooks.execute_pages")

PLUGIN = "mkdocs-jupyter"
#: Files whose bytes the pages' outputs depend on, as globs relative to ``mkdocs.yml``.
SOURCES = ("src/**/*.py", "docs/hooks/execute_pages.py")
CACHE_ROOT = Path(".cache", "executed-pages")
#: Seconds each page took to execute last time, by page: the longest start first.
TIMES = "times.json"
#: Distributions whose version changes what an executed page prints or draws.
DISTRIBUTIONS = ("numpy", "matplotlib")
#: Environment variables that set the number of BLAS (and OpenMP) threads of a kernel.
THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
_FALSE = ("0", "false", "no", "off")
#: The first cell of every executed notebook, hidden on the page: installs the package where
#: it is missing. ``{requirement}`` is the package from the project's repository.
INSTALL_CELL = """\
# This notebook needs the backprop package, with matplotlib for its figures. Where it is
# missing (in Colab, say), this cell installs it from the project's repository.
import importlib.util
import subprocess
import sys

if importlib.util.find_spec("backprop") is None:
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "{requirement}"],
        check=True,
    )"""

#: The folder this build's executed notebooks are in, and the keys it used.
_build = {"folder": None, "used": set(), "temporary": False}


def cache_enabled(environ=os.environ) -> bool:
    """Return whether to cache: ``BACKPROP_DOCS_CACHE`` if set (``0``/``1``), else not on CI.

    >>> cache_enabled({}), cache_enabled({"CI": "true"}), cache_enabled({"CI": "true",
    ...     "BACKPROP_DOCS_CACHE": "1"})
    (True, False, True)
    """
    setting = environ.get("BACKPROP_DOCS_CACHE", "").strip().lower()
    if setting:
        return setting not in _FALSE
    return environ.get("CI", "").strip().lower() in ("", *_FALSE)


def data_dirs(environ=os.environ) -> list[Path]:
    """Return the folders the pages' data come from (see ``backprop.mnist.load_mnist``)."""
    given = environ.get(DATA_DIR_ENV)
    return [*([Path(given)] if given else []), default_cache_dir()]


def dependency_key(project: Path, environ=os.environ) -> str:
    """Return a 16-hex-digit key of the package source, the data files and the library versions.

    ``project`` is the directory of ``mkdocs.yml``. The pages themselves are not part of it:
    ``page_key`` adds each page's bytes.
    """
    digest = hashlib.sha256()
    for path in sorted(path for pattern in SOURCES for path in project.glob(pattern)):
        digest.update(path.relative_to(project).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    for folder in data_dirs(environ):
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


def page_key(page: Path, dependencies: str) -> str:
    """Return a 16-hex-digit key of a page's bytes and the ``dependency_key`` of the project.

    >>> import tempfile
    >>> page = Path(tempfile.mkdtemp(), "page.py")
    >>> _ = page.write_text("print(1)\\n")
    >>> key = page_key(page, "0123456789abcdef")
    >>> key == page_key(page, "0123456789abcdef"), key == page_key(page, "fedcba9876543210")
    (True, False)
    """
    digest = hashlib.sha256(f"{dependencies}\0{page.name}\0".encode())
    digest.update(page.read_bytes())
    return digest.hexdigest()[:16]


def blas_threads(workers: int, cores: int) -> int:
    """Return the BLAS threads of each of ``workers`` kernels running at once on ``cores``.

    >>> blas_threads(2, 2), blas_threads(3, 8), blas_threads(4, 2)
    (1, 2, 1)
    """
    return max(1, cores // max(1, workers))


def available_cores() -> int:
    """Return the number of cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def install_cell(repo_url: str) -> nbformat.NotebookNode:
    """Return the hidden first cell that installs the package from ``repo_url`` if missing.

    >>> cell = install_cell("https://github.com/backprop-docs/backprop")
    >>> cell.id, cell.metadata.tags
    ('install-backprop', ['remove-cell'])
    >>> print(cell.source.splitlines()[-3])
            [sys.executable, "-m", "pip", "install", "--quiet", "backprop[plots] @ git+https://github.com/backprop-docs/backprop"],
    """
    requirement = f"backprop[plots] @ git+{repo_url}"
    source = INSTALL_CELL.format(requirement=requirement)
    tags = {"tags": ["remove-cell"]}
    return nbformat.v4.new_code_cell(source, id="install-backprop", metadata=tags)


def execute(source: Path, target: Path, options: dict, env: dict[str, str]) -> float:
    """Execute the jupytext page ``source`` in its folder; write the notebook to ``target``.

    Return the seconds it took. ``options`` are the plugin's ``allow_errors`` and
    ``kernel_name``, and ``repo_url``, the project's repository for the install cell; ``env``
    is the kernel's environment. The file is written atomically.
    """
    start = time.perf_counter()
    notebook = jupytext.read(source)
    notebook.cells.insert(0, install_cell(options["repo_url"]))
    NotebookClient(
        notebook,
        allow_errors=options["allow_errors"],
        kernel_name=options["kernel_name"],
        resources={"metadata": {"path": str(source.parent)}},
    ).execute(env=env)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    nbformat.write(notebook, partial)
    os.replace(partial, target)
    return time.perf_counter() - start


def on_config(config):
    plugin = config.plugins.get(PLUGIN)
    if plugin is not None and plugin.config["execute"]:
        raise ConfigurationError(
            f"{PLUGIN}: set execute: false; docs/hooks/execute_pages.py executes the pages"
        )
    return config


def _is_notebook_page(file, options: dict) -> bool:
    """Return True for a page that the plugin's ``include`` and ``ignore`` options select."""
    if file.abs_src_path is None or file.inclusion.is_excluded():
        return False
    path = PurePath(file.abs_src_path)
    if path.suffix != ".py" or any(path.match(pattern) for pattern in options["ignore"]):
        return False
    return any(path.match(pattern) for pattern in options["include"])


@event_priority(50)  # before mkdocs-jupyter's on_files, which selects its pages by path
def on_files(files, config):
    plugin = config.plugins.get(PLUGIN)
    if plugin is None:
        return files
    pages = [file for file in files if _is_notebook_page(file, plugin.config)]
    project = Path(config.config_file_path).resolve().parent
    if cache_enabled():
        folder, temporary = project / CACHE_ROOT, False
    else:
        folder, temporary = Path(tempfile.mkdtemp(prefix="executed-pages-")), True
        log.info("execution cache off: every notebook page is executed")
    _build.update(folder=folder, used=set(), temporary=temporary)
    dependencies = dependency_key(project)
    targets = {}
    for file in pages:
        key = page_key(Path(file.abs_src_path), dependencies)
        targets[file] = folder / key / f"{Path(file.src_uri).stem}.ipynb"
        _build["used"].add(key)
    stale = [file for file, target in targets.items() if not target.is_file()]
    if stale:
        times = _read_times(project / CACHE_ROOT / TIMES)
        stale.sort(key=lambda file: times.get(file.src_uri, float("inf")), reverse=True)
        options = {**plugin.config, "repo_url": config.repo_url}
        times.update(_execute_all(stale, targets, options))
        if not temporary:
            _write_times(folder / TIMES, times)
    for file, target in targets.items():
        file.abs_src_path = str(target)
    return files


def _read_times(path: Path) -> dict[str, float]:
    """Return the execution times recorded in ``path``, or none if it is missing or damaged."""
    try:
        times = json.loads(path.read_text(encoding="utf-8"))
        return {str(page): float(seconds) for page, seconds in dict(times).items()}
    except (OSError, ValueError, TypeError):
        return {}


def _write_times(path: Path, times: dict[str, float]) -> None:
    """Write ``times`` to ``path`` as JSON, atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(json.dumps(times, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(partial, path)


def _execute_all(pages, targets, options) -> dict[str, float]:
    """Execute ``pages`` in parallel, in this order; return the seconds each took, by page.

    Raise PluginError naming every page that failed.
    """
    workers = min(len(pages), available_cores())
    threads = str(blas_threads(workers, available_cores()))
    env = {**os.environ, **{name: os.environ.get(name, threads) for name in THREAD_VARIABLES}}
    log.info("executing %d notebook pages, %d at a time", len(pages), workers)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        runs = {
            file: pool.submit(execute, Path(file.abs_src_path), targets[file], options, env)
            for file in pages
        }
    failures, times = [], {}
    for file, run in runs.items():
        error = run.exception()
        if error is None:
            times[file.src_uri] = run.result()
            log.info("executed %s in %.1f s", file.src_uri, times[file.src_uri])
        elif isinstance(error, CellExecutionError):
            failures.append(f"{file.src_uri}: a cell failed\n{error}")
        else:
            failures.append(f"{file.src_uri}: {type(error).__name__}: {error}")
    if failures:
        raise PluginError("executing the notebook pages failed:\n" + "\n".join(failures))
    return times


def on_build_error(error):
    if _build["temporary"] and _build["folder"] is not None:
        shutil.rmtree(_build["folder"], ignore_errors=True)


def on_post_build(config):
    folder = _build["folder"]
    if folder is None or not folder.is_dir():
        return
    if _build["temporary"]:
        shutil.rmtree(folder, ignore_errors=True)
        return
    for entry in folder.iterdir():
        if entry.name not in {*_build["used"], TIMES}:
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
            log.info("execution cache: removed stale %s", entry.name)
