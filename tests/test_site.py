"""The documentation site: a strict, warning-free build that is complete, offline and linked.

The tests marked ``slow`` use the site built once per session (``built_site`` in
``conftest.py``) or build small fixture sites; the others read the sources only.
"""

from __future__ import annotations

import ast
import json
import posixpath
import re
import subprocess
import sys
import sysconfig
import textwrap
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from tests.sitekit import (
    MARKUP_SOURCE,
    ROOT,
    build_site,
    mkdocs_config,
    nav_pages,
    unpublishable,
    visible_text,
)

DOCS = ROOT / "docs"
#: The one line a build may print that contains "WARNING" without being a MkDocs warning:
#: ipykernel's notice that the kernel talks to nbclient over local TCP.
KERNEL_TCP_NOTICE = re.compile(r"\[IPKernelApp\] WARNING \| Kernel is running over TCP")
#: Link relations whose target the browser downloads (the others are mere links).
RESOURCE_RELS = {
    "stylesheet", "icon", "shortcut", "apple-touch-icon", "manifest", "preload",
    "modulepreload", "prefetch", "preconnect", "dns-prefetch",
}  # fmt: skip
#: A remote url() in a style, or a dynamic import() of a remote module in a script.
REMOTE_IN_HTML = re.compile(r"""url\(\s*['"]?(?:https?:)?//[^)]*|import\(\s*['"]https?://[^'"]*""")
REMOTE_IN_CSS = re.compile(r"""(?:url\(|@import)\s*['"]?(?:https?:)?//[^)'";]*""")


class Tags(HTMLParser):
    """Collect every start tag of an HTML document as ``(tag, attributes)``."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {name: value or "" for name, value in attrs}))

    def resources(self) -> list[str]:
        """URLs the browser fetches to display the page (scripts, styles, images, ...)."""
        urls = []
        for tag, attrs in self.tags:
            if tag == "link" and RESOURCE_RELS & set(attrs.get("rel", "").lower().split()):
                urls.append(attrs.get("href", ""))
            elif tag in ("script", "img", "iframe", "embed", "video", "audio", "source", "track"):
                urls.append(attrs.get("src", ""))
                urls += [c.split()[0] for c in attrs.get("srcset", "").split(",") if c.strip()]
            elif tag == "object":
                urls.append(attrs.get("data", ""))
        return [url for url in urls if url]

    def links(self) -> list[str]:
        return [attrs["href"] for tag, attrs in self.tags if tag == "a" and "href" in attrs]

    def ids(self) -> set[str]:
        return {attrs["id"] for _, attrs in self.tags if "id" in attrs}


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def is_third_party(url: str) -> bool:
    return urlsplit(url).scheme in ("http", "https") or url.startswith("//")


def labels_and_references() -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Return the pages (sources) where each ``\\label`` is defined and each ``\\eqref`` made."""
    labels: dict[str, list[str]] = {}
    references: dict[str, list[str]] = {}
    for page in nav_pages():
        text = (DOCS / page.source).read_text(encoding="utf-8")
        for label in re.findall(r"\\label\{([^}]+)\}", text):
            labels.setdefault(label, []).append(page.source)
        for label in re.findall(r"\\eqref\{([^}]+)\}", text):
            references.setdefault(label, []).append(page.source)
    return labels, references


# ----------------------------------------------------------------------------- the build


@pytest.mark.slow
@pytest.mark.smoke
def test_strict_build_prints_no_warning(site_build):
    assert site_build.returncode == 0, site_build.log[-6000:]
    noise = [
        line
        for line in site_build.log.splitlines()
        if re.search(r"\b(WARNING|ERROR|Traceback)\b", line) and not KERNEL_TCP_NOTICE.search(line)
    ]
    assert noise == []


@pytest.mark.slow
@pytest.mark.smoke
def _api_modules() -> dict[str, list[str]]:
    """The modules each page of ``docs/api/`` documents (its ``::: backprop.<module>`` lines),
    by the page's name."""
    return {
        page.stem: re.findall(r"^::: backprop\.(\w+)", page.read_text(encoding="utf-8"), re.M)
        for page in sorted((DOCS / "api").glob("*.md"))
    }


def test_each_api_page_is_light_and_links_its_module_to_its_source(built_site):
    for modules in _api_modules().values():
        for module in modules:
            html = (built_site / "api" / module / "index.html").read_text(encoding="utf-8")
            assert len(html.encode()) < 200_000, module
            assert f"/blob/main/src/backprop/{module}.py" in html, module


@pytest.mark.slow
@pytest.mark.smoke
def test_every_nav_page_is_built_with_its_own_description(built_site):
    site_description = " ".join(mkdocs_config()["site_description"].split())
    undescribed = []
    for page in nav_pages():
        html = (built_site / page.output).read_text(encoding="utf-8")
        description = re.search(r'<meta name="description" content="([^"]*)"', html)
        if description is None or description[1] == site_description:
            undescribed.append(page.source)  # give it a `description` (front matter, jupytext)
    assert undescribed == []


@pytest.mark.slow
@pytest.mark.smoke
def test_executed_pages_show_their_outputs_in_site_style(built_site):
    import jupytext  # the site's toolchain, there when the site was built

    pages = [page for page in nav_pages() if page.is_notebook]
    assert {"index.py", "notation.py"} <= {page.source for page in pages}
    for page in pages:
        html = (built_site / page.output).read_text(encoding="utf-8")
        assert "jp-OutputArea-output" in html, f"{page.source}: no cell output"
        # Material code blocks, as pymdownx.highlight writes them on the Markdown pages
        code_block = r'<div class="language-python highlight">\s*<pre[^>]*>(<span></span>)?<code>'
        assert re.search(code_block, html), f"{page.source}: no Material code block"
        # Code that Python-Markdown's HTML parser read as a tag ("<i2" in a string) turns the
        # rest of the page into one code block, outputs included.
        assert not re.search(r"<code>(?:(?!</code>).)*jp-Cell-outputWrapper", html, re.S), (
            f"{page.source}: outputs inside a code block"
        )
        for leftover in ("x-mathjax-config", "<clipboard-copy", 'src=""', "jp-InputPrompt"):
            assert leftover not in html, f"{page.source}: nbconvert's {leftover!r} left in"
        styles = re.findall(r"<style[^>]*>(.*?)</style>", html, re.S)
        assert sum(map(len, styles)) < 10_000, f"{page.source}: a stylesheet inlined"
        download = Path(built_site, page.output).parent / f"{Path(page.source).stem}.ipynb"
        executed, source = jupytext.read(download), jupytext.read(DOCS / page.source)
        # The page's cells, after the hidden cell that installs the package where it is missing.
        install, *cells = executed.cells
        assert install.metadata.tags == ["remove-cell"] and "pip" in install.source, page.source
        assert [c.source for c in cells] == [c.source for c in source.cells], page.source
        assert any(c.get("outputs") for c in executed.cells), f"{page.source}: not executed"


@pytest.mark.slow
@pytest.mark.smoke
def test_no_page_shows_html_or_css_source_as_text(built_site):
    """mkdocs-jupyter appends a stylesheet to an executed page, which Markdown once showed as a
    code block of CSS at the end of the page (and of the print page, nine times)."""
    shown = {}
    for path in html_files(built_site):
        found = MARKUP_SOURCE.findall(visible_text(path.read_text(encoding="utf-8")))
        if found:
            shown[path.relative_to(built_site).as_posix()] = found[:3]
    assert shown == {}


@pytest.mark.slow
@pytest.mark.smoke
def test_the_site_publishes_no_build_file(built_site):
    """The theme's folder and docs/ hold build files (ruff.toml, the notebook template) that
    MkDocs copies into the site unless they are kept out of it."""
    assert unpublishable(built_site) == []


@pytest.mark.slow
@pytest.mark.smoke
def test_no_page_loads_anything_from_another_host(built_site):
    third_party = []
    for path in html_files(built_site):
        html = path.read_text(encoding="utf-8")
        urls = [url for url in Tags(html).resources() if is_third_party(url)]
        third_party += [f"{path}: {url}" for url in urls + REMOTE_IN_HTML.findall(html)]
    for path in built_site.rglob("*.css"):
        third_party += [f"{path}: {m}" for m in REMOTE_IN_CSS.findall(path.read_text("utf-8"))]
    assert third_party == []


@pytest.mark.slow
@pytest.mark.smoke
def test_every_internal_link_and_resource_exists(built_site):
    prefix = urlsplit(mkdocs_config()["site_url"]).path  # 404.html links from the root
    ids: dict[Path, set[str]] = {}
    broken = []
    for path in html_files(built_site):
        tags = Tags(path.read_text(encoding="utf-8"))
        base = path.relative_to(built_site).as_posix()
        for url in tags.links() + tags.resources():
            parts = urlsplit(url)
            if parts.scheme or url.startswith(("//", "#")) or not parts.path:
                continue
            relative = parts.path.removeprefix(prefix) if parts.path.startswith("/") else parts.path
            target = built_site / posixpath.normpath(
                posixpath.join(posixpath.dirname(base), unquote(relative))
            )
            if target.is_dir() or parts.path.endswith("/"):
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{base}: {url}")
            elif parts.fragment and target.suffix == ".html":
                if target not in ids:
                    ids[target] = Tags(target.read_text(encoding="utf-8")).ids()
                if unquote(parts.fragment) not in ids[target]:
                    broken.append(f"{base}: {url} (no such anchor)")
    assert broken == []


# ----------------------------------------------------------------------------- mathematics


def _math_site(tmp_path: Path, pages: dict[str, str]) -> Path:
    """A site of ``pages`` (name: Markdown) with the project's math hook and arithmatex."""
    (tmp_path / "docs").mkdir()
    for name, text in pages.items():
        (tmp_path / "docs" / name).write_text(text, encoding="utf-8")
    config = {
        "site_name": "math",
        "hooks": [str(DOCS / "hooks/typeset_math.py")],
        "markdown_extensions": [{"pymdownx.arithmatex": {"generic": True}}],
    }
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config))
    return tmp_path / "mkdocs.yml"


@pytest.mark.slow
def test_formulas_are_typeset_at_build_time_with_cross_page_references(tmp_path):
    pages = {
        "index.md": "# Home\n\nBy \\(\\eqref{E1}\\) and \\(\\eqref{E2}\\), \\(a<b\\).\n",
        "eqs.md": "# Equations\n\n\\[ x = 1 \\tag{E1}\\label{E1} \\]\n\n"
        "\\[ y = 2 \\tag{E2}\\label{E2} \\]\n\nSee \\(\\eqref{E1}\\).\n",
    }
    build = build_site(_math_site(tmp_path, pages), tmp_path / "site")
    assert build.returncode == 0, build.log
    home = (tmp_path / "site/index.html").read_text(encoding="utf-8")
    eqs = (tmp_path / "site/eqs/index.html").read_text(encoding="utf-8")
    assert 'href="eqs/#E1"' in home and 'href="eqs/#E2"' in home
    assert 'href="#E1"' in eqs and 'id="E1"' in eqs and 'id="E2"' in eqs
    for html in (home, eqs):
        assert re.search(r'class="arithmatex">\\[(\[]', html) is None, "TeX left in the page"
        assert "<mjx-assistive-mml" in html, "no MathML for screen readers"
        assert "assets/stylesheets/mathjax.css" in html
    assert '<span class="arithmatex-text" hidden>a &lt; b</span>' in home
    css = (tmp_path / "site/assets/stylesheets/mathjax.css").read_text(encoding="utf-8")
    fonts = re.findall(r"url\(\"?([^)\"]+\.woff)", css)
    assert fonts, "no fonts in the stylesheet"
    for font in fonts:
        assert (tmp_path / "site/assets/stylesheets" / font).resolve().is_file(), font


@pytest.mark.slow
def test_a_formula_that_cannot_be_typeset_fails_the_build_naming_page_and_tex(tmp_path):
    pages = {"index.md": "# Home\n\nFine \\(x\\), broken \\(\\frac{1}{\\nosuchmacro}\\).\n"}
    config = _math_site(tmp_path, pages)
    for site in ("typeset", "from-the-cache"):  # MathJax's answer is cached, its error too
        build = build_site(config, tmp_path / site, BACKPROP_DOCS_CACHE="1")
        assert build.returncode != 0
        assert "index.md" in build.log and "\\nosuchmacro" in build.log, build.log


@pytest.mark.slow
def test_typeset_pages_are_cached_and_the_same_from_the_cache(tmp_path):
    pages = {
        "index.md": "# Home\n\n\\[ \\sigma(z) = \\frac{1}{1 + e^{-z}} \\tag{S}\\label{S} \\]\n",
        "other.md": "# Other\n\nBy \\(\\eqref{S}\\), \\(\\delta^L = \\nabla_a C\\).\n",
    }
    config = _math_site(tmp_path, pages)
    builds = [build_site(config, tmp_path / site, BACKPROP_DOCS_CACHE="1") for site in "ab"]
    assert [build.returncode for build in builds] == [0, 0], builds[-1].log
    assert "(0 pages from the cache)" in builds[0].log
    assert "(2 pages from the cache)" in builds[1].log
    for output in ("index.html", "other/index.html", "assets/stylesheets/mathjax.css"):
        first, second = (
            re.sub(r"Build Date UTC : .*", "", (tmp_path / site / output).read_text("utf-8"))
            for site in "ab"
        )
        assert first == second, output
    css = (tmp_path / "a/assets/stylesheets/mathjax.css").read_text(encoding="utf-8")
    for character in ("1D70E", "1D6FF", "2207"):  # σ of one page, δ and ∇ of the other
        assert f"mjx-c.mjx-c{character}" in css, character


@pytest.mark.slow
@pytest.mark.smoke
def test_built_pages_hold_typeset_formulas_and_no_math_script(built_site):
    for page in nav_pages():
        html = (built_site / page.output).read_text(encoding="utf-8")
        assert re.search(r'class="arithmatex">\\[(\[]', html) is None, page.source
        assert re.search(r"<script[^>]*(mathjax|katex)", html, re.I) is None, page.source
    labels, _ = labels_and_references()
    for label, [source] in labels.items():
        page = next(page for page in nav_pages() if page.source == source)
        assert f'id="{label}"' in (built_site / page.output).read_text(encoding="utf-8")


@pytest.mark.slow
@pytest.mark.smoke
def test_search_index_reads_as_prose_and_formulas(built_site):
    """Search excerpts show formulas as text, not TeX, and executed pages' prose, not code."""
    docs = json.loads((built_site / "search/search_index.json").read_text(encoding="utf-8"))["docs"]
    text = {doc["location"]: doc["title"] + " " + doc["text"] for doc in docs}
    tex = [
        loc
        for loc, words in text.items()
        if re.search(r"\\(?:frac|partial|delta)\b|\\[(\[]", words)
    ]
    assert tex == [], "TeX source in the search index"
    bp3 = [loc for loc in text if loc.startswith("equations/#bp3")]
    assert bp3 and "(BP3)" in text[bp3[0]] and "δ_j^l" in text[bp3[0]], "BP3 as text"
    code = [loc for loc, words in text.items() if "import numpy as np" in words]
    executed = {page.path for page in nav_pages() if page.is_notebook}
    assert [loc for loc in code if loc.split("#")[0] in executed] == [], "code cells indexed"


def _number_runs(page_html: str) -> list[str]:
    """The runs of two or more adjacent cells holding numbers (digits, no letter) in the rows
    of a page's tables, each as the text of its cells joined by spaces."""
    from bs4 import BeautifulSoup  # the site's toolchain, there when the site was built

    runs = []
    for row in BeautifulSoup(page_html, "html.parser").select(".md-content table tr"):
        run = []
        for cell in [*row.find_all("td"), None]:
            text = " ".join(cell.get_text().split()) if cell else ""
            if re.search(r"\d", text) and not re.search(r"[^\W\d_]", text):
                run.append(text)
                continue
            if len(run) >= 2:
                runs.append(" ".join(run))
            run = []
    return runs


@pytest.mark.slow
@pytest.mark.smoke
def test_search_excerpts_hold_no_figure_metadata_and_no_table_of_numbers(built_site):
    """A search excerpt reads as prose: not matplotlib's SVG metadata ("image/svg+xml Matplotlib
    v3.11.2, https://matplotlib.org/"), not the digits of a table."""
    docs = json.loads((built_site / "search/search_index.json").read_text(encoding="utf-8"))["docs"]
    text = {}
    for doc in docs:
        words = " ".join(re.sub(r"<[^>]+>", " ", doc["text"]).split())
        page = doc["location"].split("#")[0]
        text[page] = text.get(page, "") + " " + words
    metadata = [
        page for page, words in text.items() if re.search(r"svg\+xml|Matplotlib v\d", words)
    ]
    assert metadata == [], "SVG metadata in the search index"
    rows = {
        page.path: _number_runs((built_site / page.output).read_text("utf-8"))
        for page in nav_pages()
    }
    assert sum(map(len, rows.values())) > 10, "no table of numbers found on the pages"
    indexed = {path: [row for row in found if row in text[path]] for path, found in rows.items()}
    assert {path: found[:2] for path, found in indexed.items() if found} == {}


# ----------------------------------------------------------------------------- snippets


def _snippet_site(tmp_path: Path, reference: str) -> Path:
    """A one-page site whose page includes ``reference`` with the project's snippets options."""
    extensions = mkdocs_config()["markdown_extensions"]
    options = next(e["pymdownx.snippets"] for e in extensions if "pymdownx.snippets" in e)
    assert options["check_paths"] is True and options["dedent_subsections"] is True
    (tmp_path / "docs").mkdir()
    (tmp_path / "code.py").write_text(
        "class A:\n    # --8<-- [start:method]\n    def method(self):\n        return 1\n"
        "    # --8<-- [end:method]\n"
    )
    (tmp_path / "docs/index.md").write_text(f'# Page\n\n```python\n--8<-- "{reference}"\n```\n')
    config = {
        "site_name": "snippets",
        "markdown_extensions": [
            "pymdownx.superfences",
            {"pymdownx.snippets": {**options, "base_path": [str(tmp_path)]}},
        ],
    }
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config))
    return tmp_path / "mkdocs.yml"


@pytest.mark.slow
def test_snippet_section_is_included_dedented(tmp_path):
    build = build_site(_snippet_site(tmp_path, "code.py:method"), tmp_path / "site")
    assert build.returncode == 0, build.log
    html = (tmp_path / "site/index.html").read_text(encoding="utf-8")
    code = re.sub(r"<span[^>]*>|</span>", "", html)  # drop the syntax highlighting
    assert "<code>def method(self):\n    return 1\n</code>" in code
    assert "--8&lt;--" not in html


@pytest.mark.slow
def test_missing_snippet_section_fails_the_build(tmp_path):
    build = build_site(_snippet_site(tmp_path, "code.py:no_such_section"), tmp_path / "site")
    assert build.returncode != 0
    assert "no_such_section" in build.log


def test_snippet_references_on_pages_name_existing_sections():
    missing = []
    for page in DOCS.rglob("*.md"):
        for path, section in re.findall(r'--8<-- "([^":]+):([\w-]+)"', page.read_text("utf-8")):
            source = (ROOT / path).read_text(encoding="utf-8") if (ROOT / path).is_file() else ""
            if f"[start:{section}]" not in source or f"[end:{section}]" not in source:
                missing.append(f"{page.name}: {path}:{section}")
    assert missing == []


# ----------------------------------------------------------------------------- sources


def test_api_reference_documents_every_public_module_on_a_page_of_its_own():
    pages = _api_modules()
    assert all(modules in ([], [page]) for page, modules in pages.items()), pages
    documented = {page for page, modules in pages.items() if modules}
    modules = {p.stem for p in (ROOT / "src/backprop").glob("*.py") if not p.name.startswith("_")}
    assert modules - documented == set()


def test_api_overview_describes_each_module_in_its_docstring_s_words():
    """The overview's table gives each module's page and the first paragraph of its docstring,
    in reading order: the order of the nav."""
    import importlib

    rows = re.findall(
        r"^\| \[`backprop\.(\w+)`\]\(\1\.md\) \| (.+) \|$",
        (DOCS / "api" / "index.md").read_text(encoding="utf-8"),
        re.M,
    )
    nav = [page.source for page in nav_pages() if page.source.startswith("api/")]
    assert [f"api/{module}.md" for module, _ in rows] == nav[1:]
    for module, description in rows:
        docstring = importlib.import_module(f"backprop.{module}").__doc__
        first = " ".join(docstring.strip().split("\n\n")[0].split()).replace("``", "`")
        assert description == first, module


def test_every_equation_reference_has_exactly_one_label():
    labels, references = labels_and_references()
    assert {"BP1", "BP2", "BP3", "BP4"} <= set(labels) & set(references)
    assert {label: pages for label, pages in labels.items() if len(pages) > 1} == {}
    assert {label: pages for label, pages in references.items() if label not in labels} == {}


def test_the_four_copied_files_need_only_numpy(tmp_path):
    package = tmp_path / "mynet"
    package.mkdir()
    (package / "__init__.py").write_text("")
    for name in ("network.py", "activations.py", "costs.py", "_checks.py"):
        (package / name).write_bytes((ROOT / "src/backprop" / name).read_bytes())
    # This process's package folders: under python -S, a virtual environment's are unknown
    # (Python >= 3.12 sets sys.prefix to the environment in the site module).
    installed = (sysconfig.get_path("purelib"), sysconfig.get_path("platlib"))
    script = f"installed = {installed!r}\n" + textwrap.dedent(
        """
        import sys
        sys.path += installed  # python -S: no site, no .pth files; just the packages
        import numpy as np
        from mynet.network import Network
        net = Network([2, 3, 1], seed=0)
        net.backprop(np.ones((2, 4)), np.zeros((1, 4)))
        print(sorted({
            name.split(".")[0] for name, module in list(sys.modules.items())
            if str(getattr(module, "__file__", None)).startswith(installed)
        }))
        """
    )
    result = subprocess.run(
        [sys.executable, "-S", "-c", script], cwd=tmp_path, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert ast.literal_eval(result.stdout) == ["numpy"]  # and nothing else installed
