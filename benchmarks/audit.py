"""Lighthouse audit of the built site: performance, accessibility, best practices and SEO.

Runs Lighthouse 12.2.3 (``benchmarks/package-lock.json``, installed by ``python3 dev.py audit``
with ``npm ci``) with Debian's Chromium over every page of the nav, desktop and mobile,
against the site served on 127.0.0.1 under the path of ``site_url``, gzip-compressed and
cacheable like GitHub Pages (``tests/sitekit.py``'s server), and prints the medians with the
targets, then the audits that cost points where a target is missed. Run it from the project
folder as a module (``python3 dev.py audit`` does):

    python -m benchmarks.audit                    # builds the site (mkdocs build --strict)
    python -m benchmarks.audit --site site/       # audits an existing build
    python -m benchmarks.audit --runs 5           # median of five runs per page (default 3)

Targets on every page: accessibility 100, best practices 100, SEO ≥ 95, performance ≥ 95
on mobile (simulated slow 4G and a 4× slower CPU, Lighthouse's default) and 100 on desktop,
cumulative layout shift < 0.02. Performance varies from run to run, more so on a busy
machine: hence the medians. Writes Lighthouse's full reports to ``build/audit/`` and, when
it built the site itself (no ``--site``), ``benchmarks/results/audit.json`` and ``audit.md``
(the table). Exits with status 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.sitekit import (
    CHROMIUM,
    CHROMIUM_ARGS,
    ROOT,
    SiteServer,
    build_site,
    nav_pages,
    site_url,
)

from backprop.files import atomic_write

HERE = Path(__file__).parent
LIGHTHOUSE = HERE / "node_modules" / ".bin" / "lighthouse"
RESULTS = HERE / "results"
REPORTS = ROOT / "build" / "audit"
#: Every page of the nav, by slug.
PAGES = {page.slug: page.path for page in nav_pages()}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
FORM_FACTORS = ("desktop", "mobile")
TARGETS = {
    ("performance", "desktop"): 100,
    ("performance", "mobile"): 95,
    ("accessibility", None): 100,
    ("best-practices", None): 100,
    ("seo", None): 95,
}
#: The largest cumulative layout shift allowed.
MAX_CLS = 0.02
#: Audits that only inform: they never cost points.
UNSCORED = ("informative", "notApplicable", "manual")
METRICS = (
    "first-contentful-paint",
    "largest-contentful-paint",
    "total-blocking-time",
    "cumulative-layout-shift",
    "speed-index",
)


def target(category: str, form_factor: str) -> int:
    """Return the score a category must reach.

    >>> target("performance", "mobile"), target("seo", "desktop")
    (95, 95)
    """
    return TARGETS.get((category, form_factor), TARGETS.get((category, None)))


def ensure_lighthouse() -> Path:
    """Return the Lighthouse executable; exit with a message if it is not installed."""
    if not LIGHTHOUSE.exists():
        sys.exit(
            f"Lighthouse is not installed in {LIGHTHOUSE.parent}: run `python3 dev.py audit`, "
            "which installs benchmarks/package-lock.json with npm ci"
        )
    return LIGHTHOUSE


def layout_shift(lhr: dict) -> float:
    """The cumulative layout shift of a Lighthouse result.

    >>> layout_shift({"audits": {"cumulative-layout-shift": {"numericValue": 0.013}}})
    0.013
    """
    return lhr["audits"]["cumulative-layout-shift"]["numericValue"]


def run_lighthouse(url: str, form_factor: str, report: Path) -> dict:
    """Run Lighthouse once on ``url`` and return its JSON report (also written to ``report``)."""
    command = [
        str(LIGHTHOUSE),
        url,
        "--output=json",
        f"--output-path={report}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={' '.join(CHROMIUM_ARGS)}",
        "--quiet",
    ]
    if form_factor == "desktop":
        command.append("--preset=desktop")
    subprocess.run(command, env={**os.environ, "CHROME_PATH": str(CHROMIUM)}, check=True)
    return json.loads(report.read_text(encoding="utf-8"))


def scores(lhr: dict) -> dict[str, int]:
    """Category scores (0-100) of a Lighthouse result.

    >>> scores({"categories": {"seo": {"score": 0.917}, "performance": {"score": None}}})
    {'seo': 92, 'performance': 0}
    """
    return {name: round(100 * (c["score"] or 0)) for name, c in lhr["categories"].items()}


def losses(lhr: dict, category: str) -> list[str]:
    """The audits of ``category`` that did not pass, with Lighthouse's summary of each."""
    lines = []
    for ref in lhr["categories"][category]["auditRefs"]:
        audit = lhr["audits"][ref["id"]]
        unscored = audit["score"] is None or audit["scoreDisplayMode"] in UNSCORED
        if unscored or audit["score"] >= 1:
            continue
        if category == "performance" and ref["weight"] == 0 and not audit.get("details"):
            continue
        line = f"{audit['id']}: {audit['title']}"
        if audit.get("displayValue"):
            line += f" ({audit['displayValue']})"
        items = (audit.get("details") or {}).get("items") or []
        where = [_where(item) for item in items if isinstance(item, dict)]
        where = [w for w in where if w][:4]
        if where:
            line += "\n      " + "\n      ".join(str(w)[:140] for w in where)
        lines.append(line)
    return lines


def _where(item: dict) -> str | None:
    """The URL or HTML snippet a detail item of an audit points at, with its cost if any."""
    where = item.get("url") or (item.get("node") or {}).get("snippet")
    if where and item.get("wastedMs"):
        where += f" ({item['wastedMs']:.0f} ms)"
    return where


def metrics(lhr: dict) -> str:
    """The performance metrics of a result on one line (Lighthouse's error where it measured
    none: a page may have no largest contentful paint).

    >>> metrics({"audits": {"total-blocking-time": {"errorMessage": "NO_LCP"}}})
    'total blocking time NO_LCP'
    """
    return ", ".join(
        f"{name.replace('-', ' ')} "
        + (lhr["audits"][name].get("displayValue") or lhr["audits"][name].get("errorMessage"))
        for name in METRICS
        if name in lhr["audits"]
    )


def audit(site_dir: Path, pages: dict[str, str], runs: int) -> list[dict]:
    """Run every page and form factor ``runs`` times; return one row (median scores) each."""
    REPORTS.mkdir(parents=True, exist_ok=True)
    rows = []
    with SiteServer(site_dir, site_url()) as server:
        for name, path in pages.items():
            if not (site_dir / path / "index.html").is_file():
                print(f"skipping {name}: {path or '/'} is not in the build")
                continue
            for form_factor in FORM_FACTORS:
                results = [
                    run_lighthouse(
                        server.url(path), form_factor, REPORTS / f"{name}-{form_factor}-{run}.json"
                    )
                    for run in range(runs)
                ]
                by_category = [scores(lhr) for lhr in results]
                median = {c: statistics.median_low(s[c] for s in by_category) for c in CATEGORIES}
                lhr = results[[s["performance"] for s in by_category].index(median["performance"])]
                cls = statistics.median(layout_shift(result) for result in results)
                losses_by_category = {  # with URLs relative to the site, not to this run's port
                    c: [line.replace(server.base, "") for line in losses(lhr, c)]
                    for c in CATEGORIES
                    if median[c] < target(c, form_factor)
                }
                if cls >= MAX_CLS:
                    losses_by_category["layout shift"] = [f"median {cls:.3f} >= {MAX_CLS}"]
                rows.append(
                    {
                        "page": name,
                        "form_factor": form_factor,
                        "scores": median,
                        "cls": round(cls, 4),
                        "metrics": metrics(lhr),
                        "losses": losses_by_category,
                    }
                )
                print(f"{name} {form_factor}: {median}, CLS {cls:.3f}", flush=True)
    return rows


def table(rows: list[dict]) -> str:
    """The scores as a Markdown table; a score below its target is marked ✗.

    >>> scores = {"performance": 79, "accessibility": 100, "best-practices": 100, "seo": 100}
    >>> row = {"page": "home", "form_factor": "mobile", "scores": scores, "cls": 0.05}
    >>> print(table([row]).splitlines()[-1])
    | home | mobile | 79 ✗ | 100 | 100 | 100 | 0.050 ✗ |
    """
    header = "| page | form factor | performance | accessibility | best practices | SEO | CLS |"
    lines = [header, "|---|---|---:|---:|---:|---:|---:|"]
    for row in rows:
        cells = [
            f"{row['scores'][c]}{'' if row['scores'][c] >= target(c, row['form_factor']) else ' ✗'}"
            for c in CATEGORIES
        ]
        cells.append(f"{row['cls']:.3f}{'' if row['cls'] < MAX_CLS else ' ✗'}")
        lines.append(f"| {row['page']} | {row['form_factor']} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="an existing build (default: build one)")
    parser.add_argument("--runs", type=int, default=3, help="runs per page and form factor")
    parser.add_argument("--pages", nargs="+", choices=PAGES, default=list(PAGES))
    args = parser.parse_args(argv)
    ensure_lighthouse()
    version = subprocess.run(
        [str(LIGHTHOUSE), "--version"], capture_output=True, text=True, check=True
    ).stdout.strip()
    with tempfile.TemporaryDirectory() as tmp:
        site_dir = args.site
        if site_dir is None:
            site_dir = Path(tmp, "site")
            print(f"building the site into {site_dir} (mkdocs build --strict)", flush=True)
            build = build_site(ROOT / "mkdocs.yml", site_dir)
            if build.returncode != 0:
                sys.exit(f"mkdocs build --strict failed:\n{build.log[-4000:]}")
        rows = audit(site_dir.resolve(), {p: PAGES[p] for p in args.pages}, args.runs)
    text = table(rows)
    print(f"\nLighthouse {version}, {args.runs} run(s) each, median:\n\n{text}\n")
    for row in rows:
        for category, lines in row["losses"].items():
            print(f"{row['page']} {row['form_factor']} {category}:")
            for line in lines:
                print(f"  - {line}")
            if category == "performance":
                print(f"    metrics: {row['metrics']}")
    if args.site is None:  # the results of the project's own build, not of any folder
        RESULTS.mkdir(exist_ok=True)
        result = {"lighthouse": version, "runs": args.runs, "rows": rows}
        with atomic_write(RESULTS / "audit.json") as f:
            f.write(json.dumps(result, indent=2, ensure_ascii=False).encode() + b"\n")
        with atomic_write(RESULTS / "audit.md") as f:
            f.write(f"Lighthouse {version}, median of {args.runs} run(s).\n\n{text}\n".encode())
    missed = any(row["losses"] for row in rows)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
