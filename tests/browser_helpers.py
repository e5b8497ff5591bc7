"""Look at the built site through Chromium, the way a reader does.

Used by ``tests/test_browser.py``; the site's build, server and pages come from ``sitekit``.
The JavaScript run in the pages lives in ``tests/browser/*.js`` (:func:`script`).

* :class:`SiteBrowser` opens a page in a fresh browser context, records every request (a
  request to any other host is aborted and recorded), console errors, uncaught page errors
  and failed requests; :meth:`SiteBrowser.visit` probes a page at the desktop viewport
  (``probe.js``), runs axe-core in light and dark, toggles the dark scheme and writes light
  and dark screenshots, cached per page; :meth:`SiteBrowser.look` checks one screenful at any
  :data:`VIEWPORTS` size, in either scheme, with or without JavaScript;
* :func:`figure_legibility` compares a figure as rendered in the light and the dark scheme;
  :func:`edge_strips` measures a scroll box's edges (the shadow that says a table goes on).
"""

from __future__ import annotations

import dataclasses
import functools
import io
import os
from pathlib import Path

import numpy as np
from tests.sitekit import CHROMIUM, CHROMIUM_ARGS, ROOT

VIEWPORT = {"width": 1280, "height": 900}
#: The screens every page is looked at on (:meth:`SiteBrowser.look`), besides ``VIEWPORT``.
VIEWPORTS = {
    "phone": {"width": 390, "height": 844},
    "phone-landscape": {"width": 844, "height": 390},
    "tablet": {"width": 820, "height": 1180},
    "short-laptop": {"width": 1280, "height": 600},
    "desktop": VIEWPORT,
}
#: Longest wait for one page's fonts and formulas, in milliseconds.
MATH_TIMEOUT_MS = 20_000
#: Screenshots stop at this height (CSS pixels): the API page is 60 000 px tall.
MAX_SCREENSHOT_HEIGHT = 16_000
#: nbconvert's stand-in for an image without alternative text.
PLACEHOLDER_ALT = "No description has been provided for this image"


def screenshot_dir(environ=os.environ) -> Path:
    """Return where screenshots go: ``$BACKPROP_SCREENSHOTS`` or ``build/screenshots``.

    >>> screenshot_dir({"BACKPROP_SCREENSHOTS": "/tmp/shots"})
    PosixPath('/tmp/shots')
    >>> screenshot_dir({}).parts[-2:]
    ('build', 'screenshots')
    """
    return Path(environ.get("BACKPROP_SCREENSHOTS") or ROOT / "build" / "screenshots")


SCRIPTS = Path(__file__).parent / "browser"
#: axe-core, installed by ``dev.py`` from package-lock.json (``npm ci``).
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


@functools.cache
def script(name: str) -> str:
    """Return the JavaScript function in ``tests/browser/<name>.js``, for ``page.evaluate``."""
    lines = (SCRIPTS / f"{name}.js").read_text(encoding="utf-8").splitlines()
    return "\n".join(line for line in lines if not line.startswith("//"))


#: Stops CSS transitions so that screenshots show the final colours.
NO_TRANSITIONS_CSS = "*, *::before, *::after { transition: none !important; }"


@dataclasses.dataclass
class PageReport:
    """What one visit of a page found (see ``probe.js`` for ``probe``, ``images.js`` for
    ``images`` and ``figures``, ``axe.js`` for ``axe`` (by scheme), :func:`figure_legibility`
    for ``legibility``, one per shown figure)."""

    url: str
    status: int | None
    settled: bool
    probe: dict
    axe: dict[str, list[dict]]
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

    def __init__(self, playwright, server, shots: Path):
        """``server``: a running :class:`sitekit.SiteServer`; ``shots``: the screenshot folder."""
        self.server = server
        self.shots = shots
        self.browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        self._reports: dict[str, PageReport | Exception] = {}

    def close(self):
        self.browser.close()

    def new_page(
        self, log: dict[str, list[str]], viewport=VIEWPORT, scheme="light", javascript=True
    ):
        """Return a page in a fresh context whose requests and errors are appended to ``log``.

        ``log`` gets the keys ``console_errors`` (uncaught page errors too),
        ``failed_requests`` and ``foreign_requests``: a request to any host but the local
        server is aborted and recorded. ``scheme`` is the system's colour scheme, which the
        site follows until the reader picks one.
        """
        context = self.browser.new_context(
            viewport=viewport, color_scheme=scheme, java_script_enabled=javascript
        )
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
        """Wait for the page's fonts and formulas (``settle.js``); return False on a timeout."""
        return page.evaluate(script("settle"), MATH_TIMEOUT_MS)

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

    @staticmethod
    def read(page) -> None:
        """Open the collapsed blocks of ``page`` (``read.js``)."""
        page.evaluate(script("read"))

    @staticmethod
    def axe(page) -> list[dict]:
        """Run axe-core on ``page``; return its serious and critical violations (``axe.js``)."""
        page.add_script_tag(path=str(AXE))
        return page.evaluate(script("axe"))

    def look(self, path: str, slug: str, viewport: str, scheme: str, javascript=True) -> dict:
        """Open ``path`` at ``VIEWPORTS[viewport]`` with the system in ``scheme`` (``light`` or
        ``dark``), JavaScript on or off; return what ``screen.js`` finds, the page's errors
        and requests (as :meth:`new_page` logs them) and the colour scheme shown. Writes a
        screenshot of the first screenful."""
        log: dict[str, list[str]] = {}
        page = self.new_page(log, VIEWPORTS[viewport], scheme, javascript)
        try:
            response = page.goto(self.server.url(path), wait_until="load")
            page.evaluate("document.fonts.ready.then(() => true)")
            found = page.evaluate(script("screen"))
            found["shown_scheme"] = page.evaluate("document.body.dataset.mdColorScheme || ''")
            self.shots.mkdir(parents=True, exist_ok=True)
            mode = "" if javascript else "-nojs"
            page.screenshot(path=self.shots / f"{slug}-{viewport}-{scheme}{mode}.png")
            return {"status": response.status if response else None, **found, **log}
        finally:
            page.context.close()

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
            settled = self.settle(page)
            self.read(page)
            media = page.evaluate(script("images"))
            axe = {"light": self.axe(page)}
            page.add_style_tag(content=NO_TRANSITIONS_CSS)
            self.shots.mkdir(parents=True, exist_ok=True)
            light, dark = self.shots / f"{slug}-light.png", self.shots / f"{slug}-dark.png"
            self.screenshot(page, light)
            light_figures = self._figures(page, media["figures"])
            probe = page.evaluate(script("probe"))
            schemes = self.to_dark(page)
            self.screenshot(page, dark)
            axe["dark"] = self.axe(page)
            return PageReport(
                url=page.url,
                status=response.status if response else None,
                settled=settled,
                probe=probe,
                axe=axe,
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


def edge_strips(png: bytes, depth: int = 4) -> tuple[float, float]:
    """How far the strips from 2 to ``depth`` pixels inside the left and the right edge of a
    screenshot are, on average, from its median luminance (its background): a shadow at an
    edge shows there.

    >>> from PIL import Image
    >>> img = Image.new("RGB", (40, 10), (255, 255, 255))
    >>> img.paste((0, 0, 0), (36, 0, 40, 10))
    >>> buffer = io.BytesIO(); img.save(buffer, format="PNG")
    >>> edge_strips(buffer.getvalue())
    (0.0, 1.0)
    """
    luminance = _luminance(png)
    distance = np.abs(luminance - np.median(luminance))
    return float(distance[:, 2:depth].mean()), float(distance[:, -depth:-2].mean())


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
