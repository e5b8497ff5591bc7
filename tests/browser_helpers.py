"""Serve the built site and look at it through Chromium, the way a reader does.

Used by ``tests/test_browser.py``. The pieces:

* :func:`nav_pages` reads the pages from ``mkdocs.yml``'s ``nav`` (not a hand list);
* :class:`SiteServer` serves the built site on 127.0.0.1 under the sub-path of ``site_url``
  (``/backprop/``), like GitHub Pages, with ``404.html`` for missing files;
* :class:`SiteBrowser` opens each page once in a fresh browser context, records every request
  (a request to any other host is aborted and recorded), console errors and failed requests,
  waits for MathJax, probes the DOM (:data:`PROBE_JS`), toggles the dark scheme and writes
  light and dark screenshots; the result is a :class:`PageReport`, cached per page;
* :func:`figure_legibility` compares a figure as rendered in the light and the dark scheme.
"""

from __future__ import annotations

import dataclasses
import functools
import gzip
import http.server
import io
import os
import posixpath
import threading
import urllib.parse
from pathlib import Path

import numpy as np
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
VIEWPORT = {"width": 1280, "height": 900}
#: Longest wait for one page's MathJax typesetting, in milliseconds.
MATH_TIMEOUT_MS = 20_000
#: Screenshots stop at this height (CSS pixels): the API page is 60 000 px tall.
MAX_SCREENSHOT_HEIGHT = 16_000
#: nbconvert's stand-in for an image without alternative text.
PLACEHOLDER_ALT = "No description has been provided for this image"
PAGE_SUFFIXES = (".md", ".py", ".ipynb")
NOTEBOOK_SUFFIXES = (".py", ".ipynb")


def screenshot_dir(environ=os.environ) -> Path:
    """Return where screenshots go: ``$BACKPROP_SCREENSHOTS`` or ``build/screenshots``.

    >>> screenshot_dir({"BACKPROP_SCREENSHOTS": "/tmp/shots"})
    PosixPath('/tmp/shots')
    >>> screenshot_dir({}).parts[-2:]
    ('build', 'screenshots')
    """
    return Path(environ.get("BACKPROP_SCREENSHOTS") or ROOT / "build" / "screenshots")


# --------------------------------------------------------------------------- the pages


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
    def slug(self) -> str:
        """A file-name-safe name: ``home`` for the root page.

        >>> NavPage("Home", "index.md").slug, NavPage("Sub", "guide/part.md").slug
        ('home', 'guide-part')
        """
        return self.path.strip("/").replace("/", "-") or "home"


class _LenientLoader(yaml.SafeLoader):
    """A YAML loader that reads ``mkdocs.yml``'s ``!relative`` and ``!!python/name`` as None."""


_LenientLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
_LenientLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, s, node: None)


@functools.cache
def _config(config_file: Path) -> dict:
    return yaml.load(config_file.read_text(encoding="utf-8"), Loader=_LenientLoader)


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
        for title, source in _flatten(_config(config_file).get("nav") or [])
        if "://" not in source and source.endswith(PAGE_SUFFIXES)
    ]


def site_url(config_file: Path = ROOT / "mkdocs.yml") -> str:
    """Return ``site_url`` from ``config_file``, ending with a slash.

    >>> site_url().endswith("/")
    True
    """
    url = _config(config_file).get("site_url") or "http://localhost/"
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


class SiteServer:
    """The site built for ``url``, served from a thread at the same path on 127.0.0.1.

    The port is ephemeral: ``https://example.org/backprop/`` is served at
    ``http://127.0.0.1:<port>/backprop/``.
    """

    def __init__(self, site_dir: Path, url: str):
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), None)
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


# --------------------------------------------------------------------------- in the page

#: Resolves once MathJax has typeset the current page (or after MATH_TIMEOUT_MS, with false):
#: its document has run `updateDocument`, every `.arithmatex` holds a formula, fonts are loaded.
SETTLE_JS = """
async (timeout) => {
  const done = () => window.MathJax?.startup?.document?.processed?.isSet("updateDocument")
    && [...document.querySelectorAll(".arithmatex")].every(e => e.querySelector("mjx-container"));
  const end = performance.now() + timeout;
  while (!done()) {
    if (performance.now() > end) return false;
    await new Promise(r => setTimeout(r, 50));
  }
  await document.fonts.ready;
  return true;
}
"""

#: Loads every image (lazy ones too) and returns what a reader would get from each, and the
#: figures: content images at least 100 px wide and inline SVG figures (matplotlib's, not
#: Material's icons), each marked with `data-bp-figure` for an element screenshot.
IMAGES_JS = """
async () => {
  const images = [...document.images];
  images.forEach(img => { img.loading = "eager"; });
  const loaded = img => img.complete ? Promise.resolve()
    : new Promise(r => { img.addEventListener("load", r); img.addEventListener("error", r); });
  await Promise.race([Promise.all(images.map(loaded)), new Promise(r => setTimeout(r, 10000))]);
  const svgs = [...document.querySelectorAll(".md-content svg")]
    .filter(svg => !svg.parentElement.closest("svg") && svg.getAttribute("aria-hidden") !== "true"
      && svg.getBoundingClientRect().width >= 100);
  const content = [...images.filter(img => img.closest(".md-content") && img.naturalWidth >= 100),
                   ...svgs];
  return {
    images: images.map(img => ({src: img.getAttribute("src").slice(0, 100),
                                alt: img.getAttribute("alt"), width: img.naturalWidth})),
    figures: content.map((figure, i) => {
      figure.dataset.bpFigure = String(i);
      let opaque = false;  // an opaque image looks the same in both schemes
      if (figure.localName === "img") {
        const canvas = Object.assign(document.createElement("canvas"),
          {width: figure.naturalWidth, height: figure.naturalHeight});
        const context = canvas.getContext("2d");
        context.drawImage(figure, 0, 0);
        const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
        opaque = pixels.every((value, j) => j % 4 !== 3 || value === 255);
      }
      const label = figure.localName === "img" ? figure.getAttribute("alt")
        : figure.getAttribute("role") === "img" && (figure.getAttribute("aria-label")
          || figure.querySelector(":scope > title")?.textContent);
      return {kind: figure.localName, label: label || "", shown: figure.checkVisibility(), opaque,
              src: (figure.getAttribute("src") || figure.outerHTML).slice(0, 100)};
    }),
  };
}
"""

#: Reads the whole page as a reader would: opens every collapsed block (`<details>`), then
#: scrolls down one screen at a time, waiting at each for the formulas on screen to be drawn
#: (MathJax's lazy typesetting draws a formula when it comes into view), and back to the
#: top. Returns how many shown formulas are still placeholders (`mjx-lazy`) at the end.
READ_JS = """
async (timeout) => {
  document.querySelectorAll("details:not([open])").forEach(d => { d.open = true; });
  const pending = () => [...document.querySelectorAll("mjx-lazy")]
    .map(placeholder => placeholder.parentElement).filter(math => math.checkVisibility());
  const onScreen = math => {
    const box = math.getBoundingClientRect();
    return box.bottom >= 0 && box.top <= innerHeight;
  };
  const frame = () => new Promise(r => requestAnimationFrame(() => r()));
  const end = performance.now() + timeout;
  for (let y = 0; y < document.documentElement.scrollHeight; y += innerHeight) {
    scrollTo(0, y);
    await frame();
    while (pending().some(onScreen) && performance.now() < end) await frame();
  }
  scrollTo(0, 0);
  await frame();
  await document.fonts.ready;
  return pending().length;
}
"""

#: Everything about the page's text, mathematics, links and notebook cells (run after
#: READ_JS, so that collapsed blocks are open and lazily typeset formulas are drawn).
PROBE_JS = r"""
() => {
  // The character a glyph draws; stretchy delimiters' pieces have no class (and no code).
  const code = c => {
    const m = c.className.match(/mjx-c([0-9A-F]+)/);
    return m && parseInt(m[1], 16);
  };
  const text = el => [...el.querySelectorAll("mjx-c")].filter(code)
    .map(c => String.fromCodePoint(code(c))).join("");
  // Characters MathJax draws with no width on purpose.
  const zeroWidth = new Set([0x20, 0xA0, 0x200B, 0x200C, 0x200D, 0x2061, 0x2062, 0x2063, 0x2064]);
  const containers = [...document.querySelectorAll("mjx-container")];
  const shown = containers.filter(c => c.checkVisibility());
  const hiddenGlyph = g => {
    if (zeroWidth.has(code(g))) return false;
    const content = getComputedStyle(g, "::before").content;
    const drawn = g.textContent !== "" || !["none", "normal", '""', ""].includes(content);
    const style = getComputedStyle(g);
    // A stretchy delimiter's extender piece is scaled to its width, which may be zero.
    const flat = g.getBoundingClientRect().width === 0 && g.parentElement.localName !== "mjx-ext";
    return !drawn || flat || style.visibility === "hidden"
      || style.color === "rgba(0, 0, 0, 0)" || Number(style.opacity) === 0;
  };
  const glyphs = shown.flatMap(c => [...c.querySelectorAll("mjx-c")]);
  const prose = document.body.cloneNode(true);
  prose.querySelectorAll("pre, code, script, style, noscript, textarea, mjx-container")
    .forEach(e => e.remove());
  // nbconvert nests a `remove-input` cell in a second `.jp-CodeCell`: take the innermost.
  const cells = [...document.querySelectorAll(".jp-Notebook .jp-CodeCell:not(:has(.jp-CodeCell))")]
    .map(cell => ({
    input: cell.querySelector(".jp-InputArea") !== null,
    outputs: [...cell.querySelectorAll(".jp-OutputArea-output")].map(o => ({
      mime: o.dataset.mimeType || "", text: o.textContent.trim().slice(0, 300),
      // The width of each figure: an image as loaded, an inline SVG as drawn.
      figures: [...o.querySelectorAll("img, svg[role=img]")].map(e =>
        e.localName === "img" ? e.naturalWidth : e.getBoundingClientRect().width),
    })),
  }));
  const report = {
    title: document.title,
    scheme: document.body.dataset.mdColorScheme || "",
    containers: containers.length,
    shown_containers: shown.length,
    empty_containers: shown.filter(c => {
      const r = c.getBoundingClientRect(); return r.width === 0 || r.height === 0;
    }).length,
    nested_containers: document.querySelectorAll("mjx-container mjx-container").length,
    glyphs: glyphs.length,
    hidden_glyphs: glyphs.filter(hiddenGlyph).slice(0, 20).map(g => g.className),
    merrors: [...document.querySelectorAll("mjx-merror")]
      .map(e => e.getAttribute("data-mjx-error") || text(e)),
    input_error: document.body.textContent.includes("Math input error"),
    untypeset: [...document.querySelectorAll(".arithmatex")]
      .filter(e => e.querySelectorAll("mjx-container").length !== 1)
      .map(e => e.textContent.slice(0, 80)),
    prose: prose.textContent,
    math_links: [...document.querySelectorAll("mjx-container a[href]")]
      .map(a => ({href: a.href, text: text(a)})),
    tags: Object.fromEntries([...document.querySelectorAll("mjx-container [id]")]
      .map(e => [e.id, text(e)])),
    links: [...document.querySelectorAll("a[href]")].map(a => a.href),
    ids: [...document.querySelectorAll("[id], a[name]")].map(e => e.id || e.getAttribute("name")),
    pycon: document.querySelectorAll(".language-pycon pre > code").length,
    notebook: document.querySelector(".jp-Notebook") !== null,
    cells,
  };
  return report;
}
"""

#: Stops CSS transitions so that screenshots show the final colours.
NO_TRANSITIONS_CSS = "*, *::before, *::after { transition: none !important; }"


@dataclasses.dataclass
class PageReport:
    """What one visit of a page found (see :data:`PROBE_JS` for ``probe``, :data:`IMAGES_JS`
    for ``images`` and ``figures``, :func:`figure_legibility` for ``legibility``, one per
    shown figure)."""

    url: str
    status: int | None
    math_ready: bool
    lazy_left: int
    probe: dict
    images: list[dict]
    figures: list[dict]
    console_errors: list[str]
    failed_requests: list[str]
    foreign_requests: list[str]
    schemes: list[str]
    legibility: list[dict]
    screenshots: list[Path]


class SiteBrowser:
    """One Chromium for the session; :meth:`visit` opens a page in a fresh context."""

    def __init__(self, playwright, server: SiteServer, shots: Path):
        self.server = server
        self.shots = shots
        self.browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        self._reports: dict[str, PageReport | Exception] = {}

    def close(self):
        self.browser.close()

    def new_page(self, log: dict[str, list[str]]):
        """Return a page in a fresh context whose requests and errors are appended to ``log``.

        ``log`` gets the keys ``console_errors``, ``failed_requests`` and ``foreign_requests``:
        a request to any host but the local server is aborted and recorded.
        """
        context = self.browser.new_context(viewport=VIEWPORT, color_scheme="light")
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=self.server.origin)
        for key in ("console_errors", "failed_requests", "foreign_requests"):
            log.setdefault(key, [])
        origin = self.server.origin + "/"

        def route(route):
            url = route.request.url
            if url.startswith(origin):
                route.continue_()
            else:
                log["foreign_requests"].append(url)
                route.abort("blockedbyclient")

        def failed(request):
            if request.url.startswith(origin):
                log["failed_requests"].append(f"{request.url} ({request.failure})")

        def response(resp):
            if resp.status >= 400:
                log["failed_requests"].append(f"{resp.url} (HTTP {resp.status})")

        def console(message):
            if message.type == "error":
                log["console_errors"].append(f"{message.text} at {message.location.get('url')}")

        context.route("**/*", route)
        page = context.new_page()
        page.on("requestfailed", failed)
        page.on("response", response)
        page.on("console", console)
        page.on("pageerror", lambda error: log["console_errors"].append(f"uncaught: {error}"))
        return page

    def settle(self, page) -> bool:
        """Wait until MathJax has typeset the page; return False on a timeout."""
        return page.evaluate(SETTLE_JS, MATH_TIMEOUT_MS)

    @staticmethod
    def to_dark(page) -> list[str]:
        """Click the palette toggle until the dark (``slate``) scheme is on; return the schemes
        seen (the toggle cycles through automatic, light and dark)."""
        schemes = [page.evaluate("document.body.dataset.mdColorScheme")]
        for _ in range(3):
            if schemes[-1] == "slate":
                break
            page.locator('[data-md-component="palette"] label:not([hidden])').click()
            schemes.append(page.evaluate("document.body.dataset.mdColorScheme"))
        return schemes

    @staticmethod
    def _figures(page, figures: list[dict]) -> list[bytes]:
        """Screenshots (PNG) of the shown figures, as rendered now."""
        return [
            page.locator(f'[data-bp-figure="{i}"]').screenshot(animations="disabled")
            for i, figure in enumerate(figures)
            if figure["shown"]
        ]

    @staticmethod
    def screenshot(page, path: Path):
        """Write a screenshot of the whole page, down to MAX_SCREENSHOT_HEIGHT, from the top
        (the header is sticky) and without focus rings."""
        height = page.evaluate(
            """() => new Promise(resolve => {
                document.activeElement?.blur();
                scrollTo(0, 0);
                requestAnimationFrame(() => resolve(document.documentElement.scrollHeight));
            })"""
        )
        clip = {
            "x": 0,
            "y": 0,
            "width": VIEWPORT["width"],
            "height": min(height, MAX_SCREENSHOT_HEIGHT),
        }
        page.screenshot(path=path, full_page=True, clip=clip)

    def read(self, page) -> int:
        """Open the collapsed blocks and scroll through ``page`` (:data:`READ_JS`)."""
        return page.evaluate(READ_JS, MATH_TIMEOUT_MS)

    def visit(self, path: str, slug: str) -> PageReport:
        """Open ``path`` (relative to the site root), read it (:meth:`read`), probe it, take
        screenshots in light and dark; cached per path.

        A visit that raised raises the same error again instead of retrying.
        """
        if path not in self._reports:
            try:
                self._reports[path] = self._visit(path, slug)
            except Exception as error:
                self._reports[path] = error
        report = self._reports[path]
        if isinstance(report, Exception):
            raise report
        return report

    def _visit(self, path: str, slug: str) -> PageReport:
        log: dict[str, list[str]] = {}
        page = self.new_page(log)
        try:
            response = page.goto(self.server.url(path), wait_until="load")
            math_ready = self.settle(page)
            lazy_left = self.read(page)
            media = page.evaluate(IMAGES_JS)
            page.add_style_tag(content=NO_TRANSITIONS_CSS)
            self.shots.mkdir(parents=True, exist_ok=True)
            light, dark = self.shots / f"{slug}-light.png", self.shots / f"{slug}-dark.png"
            self.screenshot(page, light)
            light_figures = self._figures(page, media["figures"])
            probe = page.evaluate(PROBE_JS)
            schemes = self.to_dark(page)
            self.screenshot(page, dark)
            return PageReport(
                url=page.url,
                status=response.status if response else None,
                math_ready=math_ready,
                lazy_left=lazy_left,
                probe=probe,
                images=media["images"],
                figures=media["figures"],
                schemes=schemes,
                legibility=[
                    {
                        "figure": figure["src"],
                        "opaque": figure["opaque"],
                        **figure_legibility(light_png, dark_png),
                    }
                    for figure, light_png, dark_png in zip(
                        [f for f in media["figures"] if f["shown"]],
                        light_figures,
                        self._figures(page, media["figures"]),
                    )
                ],
                screenshots=[light, dark],
                **{key: list(entries) for key, entries in log.items()},  # not what closing adds
            )
        finally:
            page.context.close()


# --------------------------------------------------------------------------- figures


def relative_luminance(rgb: np.ndarray) -> np.ndarray:
    """WCAG relative luminance of sRGB colours with channels in [0, 255] (last axis).

    >>> relative_luminance(np.array([[255, 255, 255], [0, 0, 0]])).round(3).tolist()
    [1.0, 0.0]
    """
    c = np.asarray(rgb, dtype=float) / 255
    linear = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return linear @ np.array([0.2126, 0.7152, 0.0722])


def _luminance(png: bytes) -> np.ndarray:
    from PIL import Image

    return relative_luminance(np.asarray(Image.open(io.BytesIO(png)).convert("RGB")))


def _contrast(a, b):
    return (np.maximum(a, b) + 0.05) / (np.minimum(a, b) + 0.05)


def _background(luminance: np.ndarray) -> float:
    """The median luminance of the two-pixel border of an image."""
    border = [luminance[:2], luminance[-2:], luminance[:, :2].T, luminance[:, -2:].T]
    return float(np.median(np.concatenate([b.ravel() for b in border])))


def _neighbourhoods(mask: np.ndarray) -> list[np.ndarray]:
    """``mask`` shifted by each of the nine offsets of a 3 × 3 square (padded with False)."""
    padded = np.pad(mask, 1)
    rows, columns = mask.shape
    return [padded[i : i + rows, j : j + columns] for i in range(3) for j in range(3)]


def _dilated(mask: np.ndarray) -> np.ndarray:
    return np.logical_or.reduce(_neighbourhoods(mask))


def _eroded(mask: np.ndarray) -> np.ndarray:
    return np.logical_and.reduce(_neighbourhoods(mask))


def figure_legibility(light_png: bytes, dark_png: bytes) -> dict[str, float]:
    """Compare screenshots of one figure on the light and on the dark page.

    Returns the figure's ``background`` on the dark page (the median luminance of its
    border: near 1 for a white box), its ``strokes`` on the light page (the share of pixels
    of text and lines: strokes thinner than 3 pixels, at most 2 pixels from the figure's
    background, with a WCAG contrast of at least 3 against it) and the share of those that
    still have that contrast on the dark page (``kept``; 1 without strokes). Black labels on
    a transparent figure are lost; what lies inside a heat map does not count.

    >>> from PIL import Image
    >>> def png(background, ink):
    ...     img = Image.new("RGBA", (40, 40), background)
    ...     img.paste(ink, (10, 10, 30, 12))
    ...     buffer = io.BytesIO(); img.save(buffer, format="PNG")
    ...     return buffer.getvalue()
    >>> white, slate, grey, black = (255,) * 3, (30, 33, 41), (138, 143, 156), (0, 0, 0)
    >>> figure_legibility(png(white, grey), png(slate, grey))
    {'background': 0.015, 'strokes': 0.025, 'kept': 1.0}
    >>> figure_legibility(png(white, black), png(slate, black))["kept"]
    0.0
    >>> figure_legibility(png(white, black), png(white, black))["background"]
    1.0
    """
    light, dark = _luminance(light_png), _luminance(dark_png)
    rows, columns = min(light.shape[0], dark.shape[0]), min(light.shape[1], dark.shape[1])
    light, dark = light[:rows, :columns], dark[:rows, :columns]
    contrast = _contrast(light, _background(light))
    ink, background = contrast >= 3, contrast < 1.1
    strokes = ink & ~_dilated(_eroded(ink)) & _dilated(_dilated(background))
    kept = _contrast(dark[strokes], _background(dark)) >= 3
    return {
        "background": round(_background(dark), 3),
        "strokes": round(float(strokes.mean()), 3),
        "kept": round(float(kept.mean()) if strokes.any() else 1.0, 3),
    }
