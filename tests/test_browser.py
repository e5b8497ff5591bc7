"""The built site, as a reader's browser shows it (Chromium driven by Playwright, offline).

The site is built once (``built_site`` in ``conftest.py``), served on 127.0.0.1 under the
sub-path of ``site_url`` (as on GitHub Pages, ``sitekit.SiteServer``). Every page of the
``nav`` is

* visited once at the desktop viewport (``browser_helpers.SiteBrowser.visit``): probed, read
  by axe-core in light and in dark, screenshots in both schemes;
* looked at on a phone (portrait and landscape), a tablet and a short laptop window in the
  light scheme, and on the phone and the short laptop in the dark one (:data:`LOOKS`): no
  uncaught error, no TeX source on screen, every formula drawn, no page wider than the
  screen. (The dark scheme changes colours, not layout: two sizes check it, axe its
  contrast.)
* opened once with JavaScript off, on the phone: the formulas are there all the same.

Screenshots go to ``$BACKPROP_SCREENSHOTS`` (default ``build/screenshots/``).

Without ``/usr/bin/chromium`` (or the browser ``$BACKPROP_CHROMIUM`` names), Playwright or
axe-core (``node_modules``, installed by ``python3 dev.py test``) the module is skipped,
except on CI (``CI`` set to a true value), where that is an error: install Debian's
``chromium`` package, never ``playwright install``.
"""

from __future__ import annotations

import functools
import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from browser_helpers import (
    AXE,
    PLACEHOLDER_ALT,
    VIEWPORT,
    edge_strips,
    script,
)
from tests.sitekit import ROOT, nav_pages, require_browser, site_prefix, site_url

require_browser(
    "browser tests", (f"axe-core at {AXE} (python3 dev.py test runs npm ci)", AXE.exists())
)


pytestmark = pytest.mark.slow

PAGES = nav_pages()
SITE_URL = site_url()
PREFIX = site_prefix(SITE_URL)
NOTEBOOK_PAGES = [page for page in PAGES if page.is_notebook]
BY_PATH = {page.path: page for page in PAGES}
#: The screens and schemes each page is looked at in besides the desktop visit (see above).
#: The first is the smoke test that ``python3 dev.py test`` runs before every commit.
LOOKS = [
    pytest.param("phone", "light", marks=pytest.mark.smoke),
    ("phone-landscape", "light"),
    ("tablet", "light"),
    ("short-laptop", "light"),
    ("phone", "dark"),
    ("short-laptop", "dark"),
]
#: Visible text that means MathJax did not typeset something: `$$`, `\[`, `\(`, a TeX command
#: (two letters or more, so that a `\n` in prose is not one), an inline `$...$` on one line.
RAW_TEX = re.compile(r"\$\$|\\[\[\]()]|\\[A-Za-z]{2,}|\$[^\s$][^$\n]*\$")
#: Outputs that are the repr of a matplotlib object rather than what the cell meant to show.
STRAY_REPR = re.compile(r"^\[?<(matplotlib\.|Figure size)|^Text\(")
LABEL = re.compile(r"\\label\{([^}]+)\}")
#: The screen widths every page's tables and formulas are checked at: a small phone, a phone,
#: a laptop.
TABLE_WIDTHS = (360, 390, 1280)
#: What may be wider than the screen and must then scroll in its own box with a cue: tables and
#: display formulas (an inline formula wraps with the text).
WIDE = ".md-content table, .md-content div.arithmatex > mjx-container"
#: A scroll cue: at an edge beyond which the element goes on, the mean luminance of the outermost
#: pixels differs from the page's by this much more than once scrolled to that end.
MIN_CUE = 0.1
#: How far in from the edge (pixels) a scroll cue may reach.
SHADOW_DEPTH = 16
#: A box with nothing beyond its edges shows no cue: those edges differ from the page by less
#: than this (a cover narrower than its shadow leaves a faint one, about 0.02).
NO_CUE = 0.005
#: The scroll cue is wanted once more than a sliver of a glyph (pixels) lies beyond the edge.
HIDDEN_SLACK = 4
#: On the dark page a figure's background may be a mid-tone (an opaque heat map) but not a
#: light box (white is 1), and its lines and labels must keep standing out (3:1) from it.
MAX_DARK_BACKGROUND = 0.5
MIN_INK_KEPT = 0.9


def _listing(what: str, items) -> str:
    return f"{what} ({len(items)}):\n  " + "\n  ".join(map(str, items))


def _source(page) -> str:
    return (ROOT / "docs" / page.source).read_text(encoding="utf-8")


def _equations_page():
    """The page that defines the equation labels (``\\label{BP3}``)."""
    pages = [page for page in PAGES if "\\label{BP3}" in _source(page)]
    assert len(pages) == 1, f"expected one page with \\label{{BP3}}, found {pages}"
    return pages[0]


def _visit(site, path):
    page = BY_PATH.get(path)
    return site.visit(path, page.slug if page else path.strip("/").replace("/", "-"))


@functools.cache
def _http_status(url: str) -> int:
    try:
        with urllib.request.urlopen(url) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def _site_path(site, url: str) -> str | None:
    """Path of ``url`` relative to the site root, or None if it is not on the local server."""
    if not url.startswith(site.server.origin + "/"):
        return None
    path = urllib.parse.urlsplit(url).path
    return path[len(PREFIX) :] if path.startswith(PREFIX) else path


# --------------------------------------------------------------------------- the page list


def test_sitemap_lists_exactly_the_nav_pages(built_site):
    tree = ET.parse(Path(built_site, "sitemap.xml"))
    locs = [el.text for el in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    paths = {urllib.parse.urlsplit(loc).path[len(PREFIX) :] for loc in locs}
    nav = {page.path for page in PAGES}
    assert sorted(paths - nav) == [], "pages built but not in the nav"
    assert sorted(nav - paths) == [], "nav pages missing from the sitemap"


# --------------------------------------------------------------------------- every page

by_page = pytest.mark.parametrize("page", PAGES, ids=[page.slug for page in PAGES])


@by_page
def test_page_loads_offline_without_errors(site, page):
    report = _visit(site, page.path)
    assert report.status == 200
    assert not report.foreign_requests, _listing("requests to other hosts", report.foreign_requests)
    assert not report.failed_requests, _listing("failed requests", report.failed_requests)
    assert not report.console_errors, _listing("console errors", report.console_errors)


@by_page
def test_every_formula_is_typeset_and_visible(site, page):
    report = _visit(site, page.path)
    probe = report.probe
    assert report.settled, "fonts not loaded or formulas not typeset in time"
    assert not probe["math_script"], "a math script runs in the browser: typeset at build time"
    assert not probe["merrors"] and not probe["input_error"], _listing("MathJax", probe["merrors"])
    assert not probe["untypeset"], _listing("not exactly one formula in", probe["untypeset"])
    assert probe["nested_containers"] == 0, "formulas typeset twice"
    assert probe["empty_containers"] == 0, "formulas of zero size"
    assert not probe["hidden_glyphs"], _listing("glyphs not drawn", probe["hidden_glyphs"])
    assert probe["glyphs"] > 0 or probe["shown_containers"] == 0
    assert not _raw_tex(probe["prose"]), _listing(
        "TeX left in the visible text", _raw_tex(probe["prose"])
    )


def _raw_tex(prose: str) -> list[str]:
    """The places where ``prose`` shows TeX source, with 40 characters either side."""
    return [prose[max(0, m.start() - 40) : m.end() + 40] for m in RAW_TEX.finditer(prose)]


@by_page
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_accessibility_violations(site, page, scheme):
    violations = _visit(site, page.path).axe[scheme]
    assert not violations, _listing(f"axe-core, {scheme} scheme", violations)


@by_page
@pytest.mark.parametrize(("viewport", "scheme"), LOOKS)
def test_page_reads_well_on_every_screen(site, page, viewport, scheme):
    found = site.look(page.path, page.slug, viewport, scheme)
    assert found["status"] == 200
    assert found["shown_scheme"] == ("slate" if scheme == "dark" else "default")
    for key in ("console_errors", "failed_requests", "foreign_requests"):
        assert not found[key], _listing(key, found[key])
    assert found["untypeset"] == 0, "formulas left as TeX"
    assert not found["undrawn"], _listing("glyphs not drawn", found["undrawn"])
    assert found["glyphs"] > 0 or found["containers"] == 0
    assert not found["fontErrors"], _listing("fonts that failed to load", found["fontErrors"])
    assert not _raw_tex(found["prose"]), _listing("TeX on screen", _raw_tex(found["prose"]))
    assert found["overflow"] <= 0 and not found["wide"], (
        f"the page is {found['overflow']} px wider than the screen: {found['wide']}"
    )


@by_page
def test_formulas_show_without_javascript(site, page):
    found = site.look(page.path, page.slug, "phone", "light", javascript=False)
    assert found["status"] == 200
    assert not found["console_errors"] and not found["failed_requests"]
    assert found["untypeset"] == 0 and not found["undrawn"]
    assert found["glyphs"] > 0 or found["containers"] == 0
    assert not _raw_tex(found["prose"]), _listing("TeX on screen", _raw_tex(found["prose"]))


@by_page
def test_equation_references_resolve(site, page):
    probe = _visit(site, page.path).probe
    for label in LABEL.findall(_source(page)):
        assert probe["tags"].get(label) == f"({label})", f"\\label{{{label}}} has no tag"
    for link in probe["math_links"]:
        assert "???" not in link["text"], f"unresolved \\eqref: {link}"
        path = _site_path(site, link["href"])
        assert path in BY_PATH, f"\\eqref to a page outside the site: {link}"
        fragment = urllib.parse.unquote(urllib.parse.urlsplit(link["href"]).fragment)
        tags = _visit(site, path).probe["tags"]
        assert tags.get(fragment) == link["text"], f"{link} does not reach its equation"


@by_page
def test_images_load_and_have_alt_text(site, page):
    report = _visit(site, page.path)
    for image in report.images:
        assert image["width"] > 0, f"image not loaded: {image['src']}"
        alt = (image["alt"] or "").strip()
        assert alt and alt != PLACEHOLDER_ALT, f"image without alt text: {image['src']}"
    for figure in report.figures:
        assert figure["label"].strip(), f"figure without alt text (aria-label): {figure['src']}"


@by_page
def test_internal_links_and_anchors_resolve(site, page):
    report = _visit(site, page.path)
    broken = []
    for url in sorted(set(report.probe["links"])):
        path = _site_path(site, url)
        if path is None:
            continue
        target = urllib.parse.urlsplit(url)._replace(query="", fragment="").geturl()
        if _http_status(target) != 200:
            broken.append(f"{url}: HTTP {_http_status(target)}")
            continue
        fragment = urllib.parse.unquote(urllib.parse.urlsplit(url).fragment)
        if not fragment:
            continue
        if path in BY_PATH:
            ids = set(_visit(site, path).probe["ids"])
        else:
            with urllib.request.urlopen(target) as response:
                html = response.read().decode("utf-8", "replace")
            ids = set(re.findall(r'\b(?:id|name)="([^"]+)"', html))
        if fragment not in ids:
            broken.append(f"{url}: no element with id {fragment!r}")
    assert not broken, _listing("broken links", broken)


@by_page
def test_dark_scheme_toggles_and_figures_stay_legible(site, page):
    report = _visit(site, page.path)
    assert report.schemes[0] == "default" and report.schemes[-1] == "slate", report.schemes
    for figure in report.legibility:
        assert figure["background"] <= MAX_DARK_BACKGROUND, f"light box on the dark page: {figure}"
        if not figure["opaque"]:  # an opaque image (an animated GIF too) does not change
            assert figure["kept"] >= MIN_INK_KEPT, f"ink lost on the dark page: {figure}"


@by_page
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_wide_tables_and_formulas_scroll_in_their_own_box_with_a_cue(site, page, javascript):
    """On a phone a table or a display formula is often wider than the screen: it scrolls inside
    its own box, whose edge shows a shadow while more of it lies beyond, and the page never
    scrolls sideways. Without JavaScript too (Material wraps tables in a scrolling box by
    script)."""
    for width in TABLE_WIDTHS:
        log = {}
        tab = site.new_page(log, {"width": width, "height": 800}, javascript=javascript)
        try:
            tab.goto(site.server.url(page.path), wait_until="load")
            if javascript:  # Material wraps each table in its scrolling box once it has started
                tab.wait_for_function(
                    "[...document.querySelectorAll('.md-typeset table:not([class])')]"
                    ".every(table => table.closest('.md-typeset__scrollwrap'))"
                )
            site.read(tab)
            found = tab.evaluate(script("scrollboxes"), [WIDE, HIDDEN_SLACK])
            where = f"at {width} px"
            assert found["overflow"] <= 0, f"the page scrolls sideways {where}: {found}"
            assert not found["unboxed"], _listing(f"cut off {where}", found["unboxed"])
            for number, box in enumerate(found["boxes"]):
                element = tab.locator(f'[data-bp-scrollbox="{number}"]')
                element.scroll_into_view_if_needed()
                shots = []
                for end in ("0", "e.scrollWidth"):
                    element.evaluate(f"e => {{ e.scrollLeft = {end}; }}")
                    shots.append(edge_strips(element.screenshot(animations="disabled")))
                (left_start, right_start), (left_end, right_end) = shots
                assert right_start - right_end >= MIN_CUE, f"no cue at the right {where}: {box}"
                assert left_end - left_start >= MIN_CUE, f"no cue at the left {where}: {box}"
            formulas = tab.locator("div.arithmatex")  # a display formula that fits: no shadow
            fitting = formulas.evaluate_all(
                "all => all.flatMap((d, i) => (d.scrollWidth > d.clientWidth ? [] : [i]))"
            )
            for number in fitting[:3]:
                formula = formulas.nth(number)
                formula.scroll_into_view_if_needed()
                strips = edge_strips(formula.screenshot(animations="disabled"), SHADOW_DEPTH)
                assert max(strips) < NO_CUE, f"a shadow on a formula that fits {where}: {strips}"
        finally:
            tab.context.close()
        _assert_clean(log)


# --------------------------------------------------------------------------- the print page

#: The print edition's page (mkdocs-print-site-plugin's ``print_page_basename``), which readers
#: can open too; the PDF is printed from it.
PRINT_PAGE = "print_page/"


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_print_page_loads_without_errors(site, viewport):
    found = site.look(PRINT_PAGE, "print-page", viewport, "light")
    assert found["status"] == 200
    for key in ("console_errors", "failed_requests", "foreign_requests"):
        assert not found[key], _listing(key, found[key])


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_print_page_has_no_serious_accessibility_violations(site, scheme):
    log = {}
    tab = site.new_page(log, scheme=scheme)
    try:
        tab.goto(site.server.url(PRINT_PAGE))
        assert site.settle(tab), "fonts or formulas not ready on the print page"
        assert tab.evaluate("document.body.dataset.mdColorScheme") == (
            "slate" if scheme == "dark" else "default"
        )
        violations = site.axe(tab)
    finally:
        tab.context.close()
    assert not violations, _listing(f"axe-core, {scheme} scheme", violations)
    _assert_clean(log)


# --------------------------------------------------------------------------- notebook pages


def _draws(source: str) -> bool:
    """Whether a cell shows a figure: pyplot (shown at the end of the cell) or ``show(fig)``."""
    return re.search(r"\bplt\.|\bshow\(", source) is not None


@pytest.mark.parametrize("page", NOTEBOOK_PAGES, ids=[page.slug for page in NOTEBOOK_PAGES])
def test_notebook_page_shows_its_outputs_and_figures(site, built_site, page):
    import jupytext

    probe = _visit(site, page.path).probe
    assert probe["notebook"], "the page was not rendered as a notebook"
    # The executed notebook offered for download: what each cell printed or displayed.
    executed = Path(built_site, page.output).parent / f"{Path(page.source).stem}.ipynb"
    code_cells = [
        cell
        for cell in jupytext.read(executed).cells
        if cell.cell_type == "code" and "remove-cell" not in cell.metadata.get("tags", [])
    ]
    rendered = probe["cells"]
    assert len(rendered) == len(code_cells), "rendered code cells differ from the source"
    assert any(cell["outputs"] for cell in rendered), "no outputs: the page was not executed"
    for number, (cell, shown) in enumerate(zip(code_cells, rendered), start=1):
        where = f"code cell {number}: {cell.source[:60]!r}"
        for output in shown["outputs"]:
            assert output["mime"] != "application/vnd.jupyter.stderr", f"{where} {output}"
            assert not STRAY_REPR.match(output["text"]), f"{where} shows a repr: {output}"
        if "remove-output" in cell.metadata.get("tags", []):
            continue
        if cell.get("outputs"):
            assert shown["outputs"], f"{where} shows no output"
        if _draws(cell.source):
            figures = [w for output in shown["outputs"] for w in output["figures"]]
            assert figures and all(figures), f"{where} shows no figure"


# --------------------------------------------------------------------------- interactions


def _opened(site, path, log):
    """A new browser tab on ``path``, typeset; its requests and errors go to ``log``."""
    tab = site.new_page(log)
    tab.goto(site.server.url(path))
    assert site.settle(tab), f"fonts or formulas not ready on {path}"
    return tab


def _assert_clean(log):
    for key in ("foreign_requests", "failed_requests", "console_errors"):
        assert not log[key], _listing(key, log[key])


def _equation_at(site, url: str) -> str | None:
    """The tag, such as ``(BP3)``, of the equation that ``url`` (``equations/#BP3``) points to."""
    fragment = urllib.parse.unquote(urllib.parse.urlsplit(url).fragment)
    return _visit(site, _site_path(site, url)).probe["tags"].get(fragment)


def _click_through(site, tab, url, selector="a[href]"):
    """Click a visible link to ``url`` (one added to the page if there is none), as a reader
    would, and wait for Material's instant navigation and then the fonts."""
    before = tab.evaluate("window.__bp_documents")
    tab.evaluate(
        """([selector, url]) => {
            let link = [...document.querySelectorAll(selector)]
              .find(a => a.href === url && a.checkVisibility() && a.getClientRects().length);
            if (!link) {
              link = Object.assign(document.createElement("a"), {href: url, textContent: url});
              document.querySelector(".md-content").prepend(link);
            }
            link.dataset.bpClick = "";
        }""",
        [selector, url],
    )
    tab.locator("[data-bp-click]").first.click()
    tab.wait_for_function("n => window.__bp_documents > n", arg=before)
    assert tab.url == url
    assert site.settle(tab), f"fonts or formulas not ready after navigating to {url}"


def test_equation_links_work_after_instant_navigation(site):
    equations = _equations_page()
    eq_url = site.server.url(equations.path)
    citing = [
        page
        for page in PAGES
        if page != equations
        and any(
            link["href"].startswith(eq_url) for link in _visit(site, page.path).probe["math_links"]
        )
    ]
    assert citing, "no page cites the equations with \\eqref"
    log = {}
    tab = _opened(site, PAGES[0].path, log)
    tab.evaluate(
        "window.__bp_marker = 1; window.__bp_documents = 0;"
        "document$.subscribe(() => { window.__bp_documents += 1; })"
    )
    for page in [equations, *citing]:
        _click_through(site, tab, site.server.url(page.path))
        site.read(tab)
        probe = tab.evaluate(script("probe"))
        assert not probe["merrors"] and not probe["untypeset"], page.path
        assert not probe["hidden_glyphs"] and not probe["nested_containers"], page.path
        assert probe["tags"] == _visit(site, page.path).probe["tags"], page.path
        for link in probe["math_links"]:
            assert _equation_at(site, link["href"]) == link["text"], f"{link} on {page.path}"
    link = next(link for link in probe["math_links"] if link["href"].startswith(eq_url))
    _click_through(site, tab, link["href"], selector=".arithmatex a[href]")
    fragment = urllib.parse.unquote(urllib.parse.urlsplit(link["href"]).fragment)
    tab.wait_for_function("id => document.getElementById(id)", arg=fragment)
    box = tab.evaluate(
        """id => {
            const {top, bottom} = document.getElementById(id).getBoundingClientRect();
            return {top, bottom, header: document.querySelector(".md-header").offsetHeight};
        }""",
        fragment,
    )
    assert box["header"] <= box["top"] and box["bottom"] <= VIEWPORT["height"], (
        f"the equation is not in view below the header after following {link['href']}: {box}"
    )
    assert tab.evaluate("window.__bp_marker") == 1, "the navigation reloaded the page"
    _assert_clean(log)
    tab.context.close()


def test_search_finds_the_equations_page_for_bp3(site):
    equations = _equations_page()
    log = {}
    tab = _opened(site, PAGES[0].path, log)
    search = tab.locator("input.md-search__input")
    search.click()
    search.press_sequentially("BP3")  # Material searches on key strokes, not on `fill`
    results = tab.locator(".md-search-result__item > .md-search-result__link")
    results.first.wait_for()
    paths = [_site_path(site, href) for href in results.evaluate_all("as => as.map(a => a.href)")]
    assert equations.path in [path.split("#")[0] for path in paths], paths
    _assert_clean(log)
    tab.context.close()


def _pycon_code(text: str) -> str:
    """The code of a ``pycon`` example: its ``>>>`` and ``...`` lines without the prompts
    (a ``...`` inside a traceback is output).

    >>> _pycon_code(">>> for i in range(2):\\n...     i\\n...\\n0\\n1\\n>>> 1 / 0\\n"
    ...             "Traceback (most recent call last):\\n...\\nZeroDivisionError: ...\\n>>> 2")
    'for i in range(2):\\n    i\\n\\n1 / 0\\n2'
    """
    code, traceback = [], False
    for line in text.splitlines():
        prompt = line[:4].rstrip()
        traceback = prompt != ">>>" and (traceback or line.startswith("Traceback ("))
        if prompt in (">>>", "...") and not traceback:
            code.append(line[4:].rstrip())
    return "\n".join(code).strip("\n")


def test_pycon_copy_button_copies_runnable_code(site, tmp_path):
    """Every pycon example copies as code only; a page's examples, run in order, succeed.

    Examples in docstrings (the API page) are only checked for prompts and outputs: they run
    as doctests in their module's namespace, not on their own.
    """
    pages = [page for page in PAGES if _visit(site, page.path).probe["pycon"]]
    assert pages, "no page has a pycon example"
    for page in pages:
        log = {}
        tab = _opened(site, page.path, log)
        site.read(tab)
        blocks = tab.locator(".language-pycon")
        copied = []
        for i in range(blocks.count()):
            block = blocks.nth(i)
            expected = _pycon_code(block.locator("pre > code").text_content())
            tab.evaluate("navigator.clipboard.writeText('nothing copied')")
            block.hover()
            block.locator('button[data-md-type="copy"], button.md-clipboard').click()
            tab.wait_for_function(
                "async () => await navigator.clipboard.readText() !== 'nothing copied'"
            )
            code = tab.evaluate("navigator.clipboard.readText()")
            code = "\n".join(line.rstrip() for line in code.splitlines()).strip("\n")
            assert code == expected, f"example {i + 1} on {page.path}: copied {code!r}"
            if not block.evaluate("block => block.closest('.doc') !== null"):
                copied.append(code)
        _assert_clean(log)
        tab.context.close()
        if copied:
            script = tmp_path / f"{page.slug}.py"
            script.write_text("\n\n".join(copied) + "\n", encoding="utf-8")
            run = subprocess.run(
                [sys.executable, str(script)], cwd=ROOT, capture_output=True, text=True, timeout=300
            )
            assert run.returncode == 0, f"the copied code of {page.path} fails:\n{run.stderr}"


def test_missing_page_gets_the_styled_404(site):
    log = {}
    tab = site.new_page(log)
    url = site.server.url("no-such-page/")
    assert tab.goto(url).status == 404
    assert site.settle(tab)
    assert tab.locator(".md-header").evaluate("e => getComputedStyle(e).position") == "sticky"
    assert not log["foreign_requests"]
    assert [r for r in log["failed_requests"] if not r.startswith(url)] == []
    assert [e for e in log["console_errors"] if "404" not in e] == []
    tab.context.close()
