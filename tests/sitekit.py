"""The site, as the tests and the benchmarks see it: one helper for each job.

* :func:`build_site` runs ``mkdocs build --strict`` the way CI does;
* :func:`mkdocs_config`, :func:`nav_pages`, :func:`site_url`: ``mkdocs.yml`` read as data,
  its pages (:class:`NavPage`: source, URL path, built file) in reading order;
* :class:`SiteServer` serves a build on 127.0.0.1 under the sub-path of ``site_url``, like
  GitHub Pages (gzip, ``404.html``);
* :data:`CHROMIUM` and :data:`CHROMIUM_ARGS`: the browser the tests and the audit drive;
* :func:`is_ci`: whether this runs on CI, where a missing tool is an error, not a skip;
* :func:`visible_text` and :data:`MARKUP_SOURCE`: what a reader reads of a built page, and the
  HTML or CSS source that must never be part of it; :func:`unpublishable`: the files of a build
  that no reader needs.

Imported as ``tests.sitekit`` by the tests, ``tools/`` and ``benchmarks/`` (the project folder
is on ``sys.path``: pytest's ``pythonpath``, or ``python -m``). A module of its own, not
``conftest.py``: ``docs/`` has a ``conftest.py`` too, so ``from conftest import ...`` could
pick up the wrong one.
"""

from __future__ import annotations

import dataclasses
import functools
import gzip
import html.parser
import http.server
import io
import os
import posixpath
import re
import subprocess
import sys
import threading
import urllib.parse
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
#: Debian's Chromium (``apt-get install chromium``), or the browser ``$BACKPROP_CHROMIUM`` names.
CHROMIUM = Path(os.environ.get("BACKPROP_CHROMIUM") or "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PAGE_SUFFIXES = (".md", ".py", ".ipynb")
NOTEBOOK_SUFFIXES = (".py", ".ipynb")
_FALSE = ("", "0", "false", "no", "off")


def is_ci(environ=os.environ) -> bool:
    """Return whether ``CI`` is set to a true value (as on GitHub Actions).

    >>> is_ci({"CI": "true"}), is_ci({"CI": "0"}), is_ci({})
    (True, False, False)
    """
    return environ.get("CI", "").strip().lower() not in _FALSE


def require_browser(purpose: str, *needs: tuple[str, bool]) -> None:
    """Skip the calling test module, saying what is missing for ``purpose``, unless Chromium,
    Playwright and ``needs`` (pairs of a description and whether it is there) are present; on
    CI, where they must run, fail instead.
    """
    import importlib.util

    import pytest

    missing = [
        what
        for what, present in [
            (f"Chromium at {CHROMIUM} (apt-get install chromium)", CHROMIUM.exists()),
            (
                "Playwright for Python (pip install playwright)",
                importlib.util.find_spec("playwright"),
            ),
            *needs,
        ]
        if not present
    ]
    if missing:
        reason = f"{purpose}: missing " + " and ".join(missing)
        if is_ci():
            pytest.fail(f"{reason}; on CI they must run", pytrace=False)
        pytest.skip(reason, allow_module_level=True)


@dataclasses.dataclass(frozen=True)
class SiteBuild:
    """The outcome of one ``mkdocs build --strict``: its exit status, log and output folder."""

    returncode: int
    log: str
    site_dir: Path


def build_site(config_file: Path, site_dir: Path, *options: str, **env: str) -> SiteBuild:
    """Run ``mkdocs build --strict`` for ``config_file`` into ``site_dir`` and return the outcome.

    ``options`` go to ``mkdocs build``; ``env`` adds environment variables (strings) to the
    build's environment.
    """
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **env}
    options = ["--strict", *options, "--config-file", str(config_file), "--site-dir", str(site_dir)]
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", *options],
        cwd=config_file.parent,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    return SiteBuild(result.returncode, result.stdout + result.stderr, site_dir)


# --------------------------------------------------------------------------- page text

#: HTML or CSS source shown as text: a tag (``<style>``, ``</div>``, ``<span class="n">``), a
#: CSS declaration (``pre { line-height: 125%;``) or SVG metadata (``image/svg+xml``).
MARKUP_SOURCE = re.compile(
    r"</?(?:style|script|div|span|pre|code|svg|table|p|a)\b[^<>\n]*>"
    r"|[\w.#-]+\s*\{\s*[a-z-]+\s*:\s*[^;{}\n]+;"
    r"|image/svg\+xml"
)


class _Visible(html.parser.HTMLParser):
    """The text of an HTML document outside the elements a browser does not display."""

    #: Elements whose content is never shown: styles, scripts, an SVG's metadata, templates.
    UNSHOWN = frozenset({"style", "script", "metadata", "template"})

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.unshown = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.unshown += tag in self.UNSHOWN

    def handle_endtag(self, tag):
        self.unshown -= tag in self.UNSHOWN and self.unshown > 0

    def handle_data(self, data):
        if not self.unshown:
            self.parts.append(data)


def visible_text(page: str) -> str:
    """Return the text of the HTML ``page`` that a browser shows, code blocks included, without
    its styles, scripts and SVG metadata.

    >>> visible_text('<style>p { color: red; }</style><p>a &lt;b&gt;</p><pre>x = 1</pre>')
    'a <b>x = 1'
    >>> MARKUP_SOURCE.findall(visible_text("<pre>&lt;style&gt; pre { line-height: 1; }</pre>"))
    ['<style>', 'pre { line-height: 1;']
    """
    parser = _Visible()
    parser.feed(page)
    parser.close()
    return "".join(parser.parts)


#: The files a reader takes from the site: pages, stylesheets, scripts and their source maps,
#: fonts, images, the search index, the sitemap, the executed notebooks, the PDF, the offline
#: zip and the API inventory (``objects.inv``, which other sites' documentation links to).
READER_SUFFIXES = {
    ".html", ".css", ".js", ".map", ".woff", ".woff2", ".svg", ".png", ".ico",
    ".json", ".xml", ".gz", ".ipynb", ".pdf", ".zip", ".inv",
}  # fmt: skip


def unpublishable(site_dir: Path) -> list[str]:
    """Return the files of the built site ``site_dir`` that are not for readers (build and
    configuration files: ``ruff.toml``, templates), as paths relative to it; licences are kept.

    >>> import tempfile
    >>> site = Path(tempfile.mkdtemp())
    >>> for name in ("index.html", "LICENSE", "ruff.toml", "notebook/page.html.j2"):
    ...     (site / name).parent.mkdir(exist_ok=True)
    ...     _ = (site / name).write_text("")
    >>> unpublishable(site)
    ['notebook/page.html.j2', 'ruff.toml']
    """
    return sorted(
        path.relative_to(site_dir).as_posix()
        for path in Path(site_dir).rglob("*")
        if path.is_file() and path.suffix not in READER_SUFFIXES and path.name != "LICENSE"
    )


# --------------------------------------------------------------------------- mkdocs.yml


class _LenientLoader(yaml.SafeLoader):
    """A YAML loader that reads ``mkdocs.yml``'s ``!relative`` and ``!!python/name`` as None."""


_LenientLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
_LenientLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, s, node: None)


@functools.cache
def mkdocs_config(config_file: Path = ROOT / "mkdocs.yml") -> dict:
    """Return ``config_file`` as data, its ``!relative`` and ``!!python/name`` tags as None.

    >>> mkdocs_config()["strict"]
    True
    """
    return yaml.load(config_file.read_text(encoding="utf-8"), Loader=_LenientLoader)


@dataclasses.dataclass(frozen=True)
class NavPage:
    """A page of the nav: its source file (relative to ``docs/``) and its URL path."""

    title: str
    source: str

    @property
    def path(self) -> str:
        """URL path relative to the site root, with directory URLs.

        >>> NavPage("Home", "index.md").path, NavPage("Eq", "equations.py").path
        ('', 'equations/')
        >>> NavPage("Sub", "guide/index.md").path, NavPage("Sub", "guide/part.md").path
        ('guide/', 'guide/part/')
        """
        stem = posixpath.splitext(self.source)[0]
        if posixpath.basename(stem) == "index":
            stem = posixpath.dirname(stem)
        return f"{stem}/" if stem else ""

    @property
    def is_notebook(self) -> bool:
        """Whether mkdocs-jupyter executes the page (a jupytext ``.py`` or an ``.ipynb``).

        >>> NavPage("Eq", "equations.py").is_notebook, NavPage("Alg", "algorithm.md").is_notebook
        (True, False)
        """
        return self.source.endswith(NOTEBOOK_SUFFIXES)

    @property
    def output(self) -> str:
        """The built HTML file, relative to the site folder.

        >>> NavPage("Home", "index.py").output, NavPage("Eq", "equations.py").output
        ('index.html', 'equations/index.html')
        """
        return f"{self.path}index.html"

    @property
    def slug(self) -> str:
        """A file-name-safe name: ``home`` for the root page.

        >>> NavPage("Home", "index.md").slug, NavPage("Sub", "guide/part.md").slug
        ('home', 'guide-part')
        """
        return self.path.strip("/").replace("/", "-") or "home"


def _flatten(nav):
    """Yield ``(title, file)`` for each page of a ``nav`` tree."""
    for entry in nav:
        if isinstance(entry, str):
            yield entry, entry
        elif isinstance(entry, dict):
            for key, value in entry.items():
                if isinstance(value, list):
                    yield from _flatten(value)
                else:
                    yield key, value


def nav_pages(config_file: Path = ROOT / "mkdocs.yml") -> list[NavPage]:
    """Return the pages of ``config_file``'s ``nav`` in reading order (external links left out).

    >>> pages = nav_pages()
    >>> pages[0].path
    ''
    >>> len({page.path for page in pages}) == len(pages)
    True
    """
    return [
        NavPage(title, source)
        for title, source in _flatten(mkdocs_config(config_file).get("nav") or [])
        if "://" not in source and source.endswith(PAGE_SUFFIXES)
    ]


def site_url(config_file: Path = ROOT / "mkdocs.yml") -> str:
    """Return ``site_url`` from ``config_file``, ending with a slash.

    >>> site_url().endswith("/")
    True
    """
    url = mkdocs_config(config_file).get("site_url") or "http://localhost/"
    return url if url.endswith("/") else url + "/"


def site_prefix(url: str) -> str:
    """Return the path of a site URL, where the site is served.

    >>> site_prefix("https://example.org/backprop/")
    '/backprop/'
    """
    return urllib.parse.urlsplit(url).path or "/"


# --------------------------------------------------------------------------- the server


#: Content types that GitHub Pages compresses (and so does :class:`SiteServer`).
COMPRESSIBLE = (
    "text/",
    "application/javascript",
    "application/json",
    "application/xml",
    "image/svg",
)


@functools.lru_cache(maxsize=256)
def _gzipped(path: str, mtime_ns: int) -> bytes:
    return gzip.compress(Path(path).read_bytes(), compresslevel=6)


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serve ``directory`` at ``base`` the way GitHub Pages serves a project site.

    A path outside ``base``, a missing file or a folder without ``index.html`` gets
    ``404.html`` with status 404; text is gzip-compressed when the client accepts it; every
    response may be cached for 10 minutes. ``sitemap.xml`` is served with ``site_url``
    replaced by ``base``, as ``mkdocs serve`` does: Material's instant navigation only
    follows links to the pages of the sitemap, and takes their host and port from it.
    """

    def __init__(self, *args, site_url: str, base: str, directory: str, **kwargs):
        self.site_url = site_url
        self.base = base
        self.prefix = site_prefix(base)
        super().__init__(*args, directory=directory, **kwargs)

    def translate_path(self, path):
        return super().translate_path("/" + urllib.parse.urlsplit(path).path[len(self.prefix) :])

    def send_head(self):
        path = urllib.parse.urlsplit(self.path).path
        if not path.startswith(self.prefix):
            self.send_error(404)
            return None
        file = Path(self.translate_path(self.path))
        if file.is_dir() and not path.endswith("/"):
            return super().send_head()  # the redirect to the folder's URL with a slash
        if file.is_dir():
            file = file / "index.html"
        if not file.is_file():
            self.send_error(404)
            return None
        content_type = self.guess_type(str(file))
        compress = content_type.startswith(COMPRESSIBLE) and "gzip" in self.headers.get(
            "Accept-Encoding", ""
        )
        if path == self.prefix + "sitemap.xml":
            body = file.read_text(encoding="utf-8").replace(self.site_url, self.base).encode()
            compress = False
        elif compress:
            body = _gzipped(str(file), file.stat().st_mtime_ns)
        else:
            body = file.read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        if compress:
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        return io.BytesIO(body)

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory, "404.html")
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format, *args):
        pass


class _Server(http.server.ThreadingHTTPServer):
    """A server that lets a browser go without a word: a page closed while a response was on
    its way (a broken pipe, a reset connection) is not an error worth a traceback."""

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class SiteServer:
    """The site built for ``url``, served from a thread at the same path on 127.0.0.1.

    The port is ephemeral: ``https://example.org/backprop/`` is served at
    ``http://127.0.0.1:<port>/backprop/``.
    """

    def __init__(self, site_dir: Path, url: str):
        self.httpd = _Server(("127.0.0.1", 0), None)
        self.origin = f"http://127.0.0.1:{self.httpd.server_port}"
        self.base = self.origin + site_prefix(url)  # it needs the port, known once bound
        self.httpd.RequestHandlerClass = functools.partial(
            _Handler, site_url=url, base=self.base, directory=str(site_dir)
        )
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> SiteServer:
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join()

    def url(self, path: str) -> str:
        """Absolute URL of a path relative to the site root."""
        return self.base + path
