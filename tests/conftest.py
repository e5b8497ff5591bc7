"""Fixtures shared by the test modules.

``built_site`` builds the documentation site once per test session, the way CI does:
``mkdocs build --strict`` into a temporary directory, with the execution cache off so that
every page is executed from the current sources (``BACKPROP_DOCS_CACHE=1``, which
``python3 dev.py test`` sets and ``test --all`` does not, turns it on). Tests that use it are
slow (a minute or more: every executed page runs); mark them ``@pytest.mark.slow`` so that
``pytest -m "not slow"`` skips them, and also ``smoke`` where ``python3 dev.py test`` should
run them all the same (``-m "not slow or smoke"``): the built site's text, a look at every
page in a browser.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest
from tests.sitekit import ROOT, SiteBuild, build_site

#: Not a doctest module: with ``--doctest-modules`` pytest would import both this file and
#: ``docs/conftest.py`` as the module ``conftest`` and refuse the second.
collect_ignore = ["conftest.py"]


@pytest.fixture(scope="session")
def site_build(tmp_path_factory) -> SiteBuild:
    """The project's site, built once per session with the execution cache off, or the build
    ``$BACKPROP_SITE_DIR`` names (a folder ``mkdocs build --strict`` wrote)."""
    given = os.environ.get("BACKPROP_SITE_DIR")
    if given:
        return SiteBuild(0, f"the existing build in {given}", Path(given).resolve())
    if sys.version_info < (3, 12):
        pytest.skip("the site's toolchain (mkdocs-jupyter 0.27) needs Python >= 3.12")
    for module in ("mkdocs", "material", "mkdocs_jupyter", "mkdocstrings_handlers.python"):
        if importlib.util.find_spec(module.split(".")[0]) is None:
            pytest.skip(f"building the site needs {module} (pip install -e '.[docs]')")
    cache = os.environ.get("BACKPROP_DOCS_CACHE", "0")  # dev.py test sets 1, test --all not
    folder = tmp_path_factory.mktemp("site")
    return build_site(ROOT / "mkdocs.yml", folder, BACKPROP_DOCS_CACHE=cache)


@pytest.fixture(scope="session")
def built_site(site_build) -> Path:
    """The folder of the built site; the test fails (with the log's end) if the build failed."""
    if site_build.returncode != 0:
        pytest.fail(
            f"mkdocs build --strict failed (exit {site_build.returncode}):\n"
            + site_build.log[-6000:],
            pytrace=False,
        )
    return site_build.site_dir


@pytest.fixture(scope="session")
def playwright():
    """The session's one sync Playwright (a second cannot start while one is open)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as started:
        yield started


@pytest.fixture(scope="session")
def site(built_site, playwright):
    """The session's :class:`~browser_helpers.SiteBrowser` on the served build, shared by
    every browser test module."""
    from browser_helpers import SiteBrowser, screenshot_dir
    from tests.sitekit import SiteServer, site_url

    with SiteServer(Path(built_site), site_url()) as server:
        browser = SiteBrowser(playwright, server, screenshot_dir())
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def no_float_warnings():
    """Turn every warning, and NumPy's overflow, invalid and divide-by-zero, into errors."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(over="raise", invalid="raise", divide="raise"):
            yield
