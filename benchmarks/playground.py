"""How smoothly the playground redraws: decision-boundary draws per second while it trains.

Opens the built playground in Debian's Chromium at a phone's size (or ``--viewport``),
scrolls the network drawing (its heatmaps) into view, presses Play and counts the
boundary redraws (the page's ``data-boundary-draws``) over a few seconds, without and
with Chrome's CPU throttling (``Emulation.setCPUThrottlingRate``, 4× as Lighthouse's mobile
preset), and the main-thread work per frame (``data-frame-ms``, training and drawing).
The target is 25 redraws a second at 4×, every neuron's heatmap redrawn with the
boundary. Wall-clock numbers: a busy machine lowers them.

    python -m benchmarks.playground --site site/     # after python3 dev.py build
    python -m benchmarks.playground --site site/ --settings layers=8,8,8   # 26 heatmaps
    python -m benchmarks.playground --site site/ --settings layers=8,8,8 --profile

``--profile`` adds, at 4×, the share of the main thread's time in each of the busiest
functions (Chrome's sampling profiler; ``(program)`` is the browser's own work: style,
layout, paint) while the playground plays.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from tests.sitekit import CHROMIUM, CHROMIUM_ARGS, ROOT, SiteServer, site_url


def measure(page, cdp, rate: int, seconds: float) -> tuple[float, float]:
    """Return (boundary redraws per second, median ms of work per frame) at ``rate``×."""
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": rate})
    root = "[data-playground]"
    page.get_by_role("button", name="Reset").click()
    page.get_by_role("button", name="Play").click()
    time.sleep(1)
    draws, start, work = int(page.get_attribute(root, "data-boundary-draws")), time.time(), []
    while time.time() - start < seconds:
        time.sleep(0.1)
        work.append(float(page.get_attribute(root, "data-frame-ms")))
    rate_per_s = (int(page.get_attribute(root, "data-boundary-draws")) - draws) / (
        time.time() - start
    )
    page.get_by_role("button", name="Pause").click()
    return rate_per_s, statistics.median(work)


def profile(page, cdp, seconds: float, top: int = 15) -> list[tuple[str, float]]:
    """Play for ``seconds`` under the sampling profiler; return the ``top`` functions by
    self time, each with its share of all samples (idle included)."""
    page.get_by_role("button", name="Reset").click()
    cdp.send("Profiler.enable")
    cdp.send("Profiler.setSamplingInterval", {"interval": 200})
    page.get_by_role("button", name="Play").click()
    time.sleep(1)
    cdp.send("Profiler.start")
    time.sleep(seconds)
    result = cdp.send("Profiler.stop")["profile"]
    page.get_by_role("button", name="Pause").click()
    names = {}
    for node in result["nodes"]:
        frame = node["callFrame"]
        where = frame["url"].rsplit("/", 1)[-1]
        name = frame["functionName"] or "(anonymous)"
        names[node["id"]] = f"{name} {where}:{frame['lineNumber'] + 1}"
    times: dict[str, float] = {}
    for node, delta in zip(result["samples"], result["timeDeltas"]):
        times[names[node]] = times.get(names[node], 0.0) + delta
    total = sum(times.values())
    return [(name, t / total) for name, t in sorted(times.items(), key=lambda kv: -kv[1])[:top]]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="the built site")
    parser.add_argument("--seconds", type=float, default=5.0, help="per measurement")
    parser.add_argument(
        "--settings", default="", help="the playground's settings, e.g. 'layers=8,8,8'"
    )
    parser.add_argument("--profile", action="store_true", help="where the time goes, at 4x")
    parser.add_argument(
        "--viewport", default="390x844", help="width x height in CSS pixels (a phone's)"
    )
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with SiteServer(args.site, site_url()) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        width, height = (int(v) for v in args.viewport.split("x"))
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        page.goto(server.url(f"playground/#{args.settings}"))
        page.wait_for_selector(".pg-app")
        page.locator(".pg-network").scroll_into_view_if_needed()  # the heatmaps in view
        cdp = context.new_cdp_session(page)
        for rate in (1, 4):
            per_second, work = measure(page, cdp, rate, args.seconds)
            print(f"CPU {rate}x: {per_second:.1f} boundary redraws/s, {work:.1f} ms work per frame")
        if args.profile:
            for name, share in profile(page, cdp, args.seconds):
                print(f"{share:6.1%}  {name}")
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
