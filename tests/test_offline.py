"""The offline copy (``tools/offline_site.py``): built, zipped, unzipped and read from ``file://``.

A second build of the site (``--no-directory-urls``, Material's offline plugin) is zipped and
unzipped into a temporary folder, then Chromium opens it from the file system, as a reader
who downloaded the zip would: pages load without errors, links between pages work, search
finds the equations page, executed pages offer their notebook, the playground and the
momentum figure run. Page errors and console errors fail a test. Skipped without Chromium or
Playwright, except on CI.
"""

from __future__ import annotations

import zipfile
from urllib.parse import urlsplit

import pytest
from tests.sitekit import CHROMIUM, CHROMIUM_ARGS, nav_pages, require_browser, unpublishable
from tools.offline_site import FOLDER, build_offline, zip_site

require_browser("the offline copy's browser test")

pytestmark = pytest.mark.slow

PAGES = nav_pages()
#: Material's offline plugin lists this shim, which search needs on file://, unless the site
#: lists its own copy (docs/hooks/offline_copy.py): an offline reader cannot fetch it.
IFRAME_WORKER_SHIM = "https://unpkg.com/iframe-worker/shim"


@pytest.fixture(scope="module")
def unzipped(tmp_path_factory):
    """The offline copy, built, zipped and unzipped: the folder that holds ``index.html``."""
    work = tmp_path_factory.mktemp("offline")
    build_offline(work / "build")
    archive = work / "backprop-offline.zip"
    zip_site(work / "build", archive)
    with zipfile.ZipFile(archive) as opened:
        opened.extractall(work / "unzipped")
    return work / "unzipped" / FOLDER


@pytest.fixture(scope="module")
def browser(playwright):
    chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    try:
        yield chromium
    finally:
        chromium.close()


@pytest.fixture
def tab(browser):
    """A fresh page that records uncaught errors and any request off the file system."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.errors, page.foreign = [], []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("console", lambda message: message.type == "error" and page.errors.append(message.text))
    page.on(
        "request",
        lambda request: (
            request.url.startswith(("file:", "data:", "blob:")) or page.foreign.append(request.url)
        ),
    )
    yield page
    context.close()


def test_every_page_is_a_file_that_links_to_files(unzipped):
    for page in PAGES:
        html = page.source.rsplit(".", 1)[0] + ".html"
        assert (unzipped / html).is_file(), f"{html} missing from the offline copy"
    home = (unzipped / "index.html").read_text(encoding="utf-8")
    assert 'href="equations.html' in home or 'href="./equations.html' in home


def test_the_zip_holds_no_build_file(unzipped):
    assert unpublishable(unzipped) == []


def test_search_works_from_the_file_system(unzipped, tab):
    shim_requests = []
    tab.on("request", lambda request: request.url == IFRAME_WORKER_SHIM and shim_requests.append(1))
    tab.goto((unzipped / "index.html").as_uri())
    search = tab.locator("input.md-search__input")
    if not search.is_visible():  # on a narrow screen the header's search button opens it
        tab.locator('label.md-header__button[for="__search"]').click()
    search.press_sequentially("BP3")  # Material searches on key strokes, not on `fill`
    results = tab.locator(".md-search-result__item > .md-search-result__link")
    results.first.wait_for(timeout=20_000)
    hrefs = results.evaluate_all("links => links.map(a => a.href)")
    assert any(urlsplit(href).path.endswith("/equations.html") for href in hrefs), hrefs
    results.first.click()
    tab.wait_for_load_state("load")
    assert tab.url.startswith("file://") and ".html" in tab.url
    assert not tab.errors, tab.errors
    assert not tab.foreign, f"requests off the file system: {tab.foreign}"
    assert not shim_requests, f"{IFRAME_WORKER_SHIM} requested"


def test_pages_open_from_the_file_system_and_offer_their_notebook(unzipped, tab):
    notebook_pages = [page for page in PAGES if page.is_notebook]
    assert notebook_pages
    for page in notebook_pages:
        tab.goto((unzipped / (page.source.rsplit(".", 1)[0] + ".html")).as_uri())
        assert tab.locator("h1").first.is_visible()
        notebook = page.source.rsplit(".", 1)[0] + ".ipynb"  # the page, executed
        download = tab.locator(f'a[href$="{notebook}"]').first
        href = download.evaluate("a => a.href")
        assert href.startswith("file://"), href
        assert (unzipped / notebook).is_file() or (
            unzipped / page.source.rsplit(".", 1)[0] / notebook
        ).is_file(), f"no notebook for {page.source}"
    assert not tab.errors, tab.errors
    assert not tab.foreign, f"requests off the file system: {tab.foreign}"


def test_interactive_figures_run_from_the_file_system(unzipped, tab):
    """ES modules do not load from file://: the offline copy loads the playground bundled."""
    tab.goto((unzipped / "playground.html").as_uri())
    tab.wait_for_selector(".pg-app")
    tab.get_by_role("button", name="One epoch").click()
    assert tab.get_attribute("[data-playground]", "data-epoch") == "1"
    tab.get_by_role("button", name="One example").click()  # the step by hand, heatmaps
    assert "BP2" in tab.locator(".pg-step").inner_text()
    tab.goto((unzipped / "momentum.html").as_uri())
    tab.wait_for_selector(".pg-momentum")
    assert not tab.errors, tab.errors
    assert not tab.foreign, f"requests off the file system: {tab.foreign}"
