"""Print the built site's print edition (``print_page/``) to the PDF edition with Chromium.

    python -m tools.print_pdf [--site site] [--output site/backprop.pdf] [--skip-without-chromium]

``mkdocs build`` writes ``print_page/`` (every page of the nav in reading order, a cover and
the contents, the formulas typeset: the print-site plugin and ``docs/hooks/``). This script
serves the built site as the tests do (``tests/sitekit.py``'s server, under the path of
``site_url``) and opens the print page in headless Chromium (Debian's ``/usr/bin/chromium``,
or the browser ``$BACKPROP_CHROMIUM`` names; driven by Playwright), waits for its images and
fonts, and prints it twice: the first print tells on which page each entry of the contents
starts (the PDF's named destinations), the second prints those page numbers in the contents.
The PDF has an outline (bookmarks) and is tagged.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from pathlib import Path

from pypdf import PdfReader
from tests.sitekit import CHROMIUM, CHROMIUM_ARGS, ROOT, SiteServer, site_url

PRINT_PAGE = Path("print_page", "index.html")
PDF_NAME = "backprop.pdf"
#: The PDF must stay small enough to download on a phone.
MAX_BYTES = 20 * 1024 * 1024
#: Longest wait for loading or printing the page, in milliseconds.
TIMEOUT_MS = 300_000

#: Resolves when the page is ready to print: every image loaded, every font.
READY_JS = """
async (timeout) => {
  const end = performance.now() + timeout;
  const wait = async (done, what) => {
    while (!done()) {
      if (performance.now() > end) throw new Error("timed out waiting for " + what);
      await new Promise(r => setTimeout(r, 100));
    }
  };
  document.querySelectorAll("img").forEach(img => { img.loading = "eager"; });
  await wait(() => [...document.images].every(img => img.complete), "images");
  await document.fonts.ready;
}
"""

#: Gives every entry of the contents a page number, ``data-page``; ``pages`` maps ids to numbers
#: (an entry whose target is missing keeps the placeholder, which has the numbers' width).
NUMBER_CONTENTS_JS = """
(pages) => {
  for (const link of document.querySelectorAll("#print-page-toc a[href*='#']")) {
    const id = decodeURIComponent(new URL(link.href).hash.slice(1));
    link.dataset.page = pages[id] ?? pages[""];
  }
}
"""


@dataclasses.dataclass(frozen=True)
class PdfEdition:
    """A printed PDF: where it is, its pages, its size in bytes, seconds taken to print it."""

    path: Path
    pages: int
    size: int
    seconds: float


def destination_pages(pdf: Path) -> dict[str, int]:
    """Return the PDF's named destinations (Chromium names them by element id) and the page
    number, counted from 1, each is on."""
    reader = PdfReader(pdf)
    return {
        str(name).lstrip("/"): reader.get_destination_page_number(destination) + 1
        for name, destination in reader.named_destinations.items()
    }


def print_pdf(site: Path, output: Path, chromium: Path = CHROMIUM) -> PdfEdition:
    """Print ``site``'s print page to ``output`` (written atomically) and return what it made.

    Raises FileNotFoundError, naming what to do, without the print page or Chromium;
    RuntimeError if the PDF comes out larger than :data:`MAX_BYTES`.
    """
    page_file = Path(site, PRINT_PAGE).resolve()
    if not page_file.is_file():
        raise FileNotFoundError(f"no print page at {page_file}: build the site first")
    if not chromium.is_file():
        raise FileNotFoundError(
            f"printing the PDF needs Chromium at {chromium} (apt-get install chromium, or "
            "BACKPROP_CHROMIUM=/path/to/chromium)"
        )
    from playwright.sync_api import sync_playwright

    started = time.perf_counter()
    output.parent.mkdir(parents=True, exist_ok=True)
    draft = output.with_name(output.name + ".draft.tmp")
    final = output.with_name(output.name + ".tmp")
    options = {"outline": True, "tagged": True, "prefer_css_page_size": True}
    with SiteServer(site, site_url()) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(color_scheme="light")
            page.set_default_timeout(TIMEOUT_MS)  # a 4 MB page on a busy machine
            page.goto(server.url(PRINT_PAGE.parent.as_posix() + "/"), wait_until="load")
            page.emulate_media(media="print")
            page.evaluate(READY_JS, TIMEOUT_MS)
            page.evaluate(NUMBER_CONTENTS_JS, {"": "000"})
            page.pdf(path=draft, print_background=True, **options)
            pages = destination_pages(draft)
            page.evaluate(NUMBER_CONTENTS_JS, {**pages, "": ""})
            page.pdf(path=final, print_background=True, **options)
        finally:
            browser.close()
            draft.unlink(missing_ok=True)
    size = final.stat().st_size
    if size > MAX_BYTES:
        final.unlink()
        raise RuntimeError(f"the PDF is {size / 2**20:.1f} MiB, over {MAX_BYTES / 2**20:.0f} MiB")
    final.replace(output)
    count = len(PdfReader(output).pages)
    return PdfEdition(output, count, size, time.perf_counter() - started)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="the built site")
    parser.add_argument("--output", type=Path, help="the PDF (default: SITE/backprop.pdf)")
    parser.add_argument(
        "--skip-without-chromium",
        action="store_true",
        help="without Chromium, say so and exit 0 (dev.py build) instead of failing",
    )
    args = parser.parse_args(argv)
    if args.skip_without_chromium and not CHROMIUM.is_file():
        print(
            f"print_pdf: the PDF is not printed: no Chromium at {CHROMIUM} "
            "(apt-get install chromium, or BACKPROP_CHROMIUM=/path/to/chromium)"
        )
        return 0
    try:
        edition = print_pdf(args.site, args.output or args.site / PDF_NAME)
    except (FileNotFoundError, RuntimeError) as error:
        print(f"print_pdf: {error}", file=sys.stderr)
        return 1
    print(
        f"{edition.path}: {edition.pages} pages, {edition.size / 2**20:.1f} MiB, "
        f"printed in {edition.seconds:.0f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
