"""The documentation site: a strict, warning-free build that is complete, offline and linked.

The tests marked ``slow`` use the site built once per session (``built_site`` in
``conftest.py``) or build small fixture sites; the others read the sources only.
"""

from __future__ import annotations

import ast
import posixpath
import re
import subprocess
import sys
import textwrap
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from site_build import ROOT, build_site

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


def load_mkdocs_yml(path: Path = ROOT / "mkdocs.yml") -> dict:
    """Return ``mkdocs.yml`` as data, its ``!relative`` and ``!!python/name`` tags as None."""

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
    return yaml.load(path.read_text(encoding="utf-8"), Loader=Loader)


def nav_files(nav) -> list[str]:
    """Return the page files of a ``nav`` (nested lists of ``{title: file or list}``)."""
    files = []
    for item in nav:
        for value in item.values() if isinstance(item, dict) else [item]:
            if isinstance(value, list):
                files += nav_files(value)
            elif not urlsplit(value).scheme:
                files.append(value)
    return files


def output_of(page: str) -> str:
    """Return the built HTML file of a nav page: ``notation.py`` -> ``notation/index.html``."""
    stem = page.rsplit(".", 1)[0]
    return "index.html" if stem == "index" else f"{stem}/index.html"


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


def equation_labels() -> tuple[str, list[str]]:
    """Return the equations page and the labels the MathJax configuration links to."""
    config = (DOCS / "assets/javascripts/mathjax-config.js").read_text(encoding="utf-8")
    page = re.search(r'EQUATIONS_PAGE = "([^"]+)"', config)[1]
    labels = re.findall(r'"([^"]+)"', re.search(r"EQUATION_LABELS = \[([^\]]*)\]", config)[1])
    return page, labels


# ----------------------------------------------------------------------------- the build


@pytest.mark.slow
def test_strict_build_prints_no_warning(site_build):
    assert site_build.returncode == 0, site_build.log[-6000:]
    noise = [
        line
        for line in site_build.log.splitlines()
        if re.search(r"\b(WARNING|ERROR|Traceback)\b", line) and not KERNEL_TCP_NOTICE.search(line)
    ]
    assert noise == []


@pytest.mark.slow
def test_every_nav_page_is_built_with_its_own_description(built_site):
    config = load_mkdocs_yml()
    site_description = " ".join(config["site_description"].split())
    undescribed = []
    for page in nav_files(config["nav"]):
        html = (built_site / output_of(page)).read_text(encoding="utf-8")
        description = re.search(r'<meta name="description" content="([^"]*)"', html)
        if description is None or description[1] == site_description:
            undescribed.append(page)  # give it a `description` (front matter, jupytext header)
    assert undescribed == []


@pytest.mark.slow
def test_executed_pages_show_their_outputs_in_site_style(built_site):
    pages = [p for p in nav_files(load_mkdocs_yml()["nav"]) if p.endswith(".py")]
    assert "index.py" in pages and "notation.py" in pages
    for page in pages:
        html = (built_site / output_of(page)).read_text(encoding="utf-8")
        assert "jp-OutputArea-output" in html, f"{page}: no cell output"
        assert '<div class="language-python highlight"><pre><code>' in html, page
        for leftover in ("x-mathjax-config", "<clipboard-copy", 'src=""', "jp-InputPrompt"):
            assert leftover not in html, f"{page}: nbconvert's {leftover!r} left in"
        source = Path(built_site, output_of(page)).parent / Path(page).name
        assert source.read_bytes() == (DOCS / page).read_bytes(), "download of the page source"


@pytest.mark.slow
def test_no_page_loads_anything_from_another_host(built_site):
    third_party = []
    for path in html_files(built_site):
        html = path.read_text(encoding="utf-8")
        urls = [url for url in Tags(html).resources() if is_third_party(url)]
        third_party += [f"{path}: {url}" for url in urls + REMOTE_IN_HTML.findall(html)]
    for path in built_site.rglob("*.css"):
        third_party += [f"{path}: {m}" for m in REMOTE_IN_CSS.findall(path.read_text("utf-8"))]
    config_js = (built_site / "assets/javascripts/mathjax-config.js").read_text(encoding="utf-8")
    third_party += re.findall(r"https?://[^\s'\"]+", config_js)
    assert third_party == []


@pytest.mark.slow
def test_every_internal_link_and_resource_exists(built_site):
    labels = set(equation_labels()[1])
    prefix = urlsplit(load_mkdocs_yml()["site_url"]).path  # 404.html links from the root
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
            elif "=" in parts.fragment:  # "#data=xor&...": the playground's settings
                continue
            elif parts.fragment and target.suffix == ".html" and parts.fragment not in labels:
                if target not in ids:
                    ids[target] = Tags(target.read_text(encoding="utf-8")).ids()
                if unquote(parts.fragment) not in ids[target]:
                    broken.append(f"{base}: {url} (no such anchor)")
    assert broken == []


# ----------------------------------------------------------------------------- snippets


def _snippet_site(tmp_path: Path, reference: str) -> Path:
    """A one-page site whose page includes ``reference`` with the project's snippets options."""
    extensions = load_mkdocs_yml()["markdown_extensions"]
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


def test_api_page_documents_every_public_module():
    api = (DOCS / "api.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^::: backprop\.(\w+)", api, re.M))
    modules = {p.stem for p in (ROOT / "src/backprop").glob("*.py") if not p.name.startswith("_")}
    assert modules - documented == set()


def test_equations_page_defines_every_label_other_pages_link_to():
    page, labels = equation_labels()
    sources = [p for p in DOCS.glob(f"{page.strip('/')}.*") if p.suffix in (".md", ".py")]
    if not sources:
        pytest.skip(f"no {page} page yet")
    text = sources[0].read_text(encoding="utf-8")
    for label in labels:
        assert rf"\tag{{{label}}}\label{{{label}}}" in text.replace(" ", "")


def test_the_three_copied_files_need_only_numpy(tmp_path):
    package = tmp_path / "mynet"
    package.mkdir()
    (package / "__init__.py").write_text("")
    for name in ("network.py", "activations.py", "costs.py"):
        (package / name).write_bytes((ROOT / "src/backprop" / name).read_bytes())
    script = textwrap.dedent(
        """
        import sys, sysconfig
        installed = (sysconfig.get_path("purelib"), sysconfig.get_path("platlib"))
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
