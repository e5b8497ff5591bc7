"""Re-create this folder's vendored MathJax from the npm registry, reproducibly.

Run from anywhere: ``python docs/assets/vendor/mathjax/refresh.py``. It downloads the pinned
tarball, refuses it unless its SHA-512 matches the npm ``integrity`` recorded below, and
extracts only what a TeX-to-CHTML setup needs (see README.md next to this file). Standard
library only; the same tarball gives the same files.
"""

from __future__ import annotations

import base64
import hashlib
import io
import shutil
import tarfile
import urllib.request
from pathlib import Path

VERSION = "3.2.2"
TARBALL = f"https://registry.npmjs.org/mathjax/-/mathjax-{VERSION}.tgz"
INTEGRITY = (
    "sha512-Bt+SSVU8eBG27zChVewOicYs7Xsdt40qm4"
    "+UpHyX7k0/O9NliPc+x77k1/FEsPsjKPZGJvtRZM1vO+geW0OhGw=="
)
#: Paths inside the package to keep: the combined TeX→CHTML component, the assistive-MathML
#: component its menu loads by default, the lazy-typesetting component the site loads, the
#: CHTML fonts and the TeX extensions that ``autoload`` and ``require`` fetch on demand (all
#: but the 215 KB all-packages bundle).
KEEP = (
    "LICENSE",
    "es5/tex-chtml.js",
    "es5/a11y/assistive-mml.js",
    "es5/ui/lazy.js",
    "es5/output/chtml/fonts/woff-v2/",
    "es5/input/tex/extensions/",
)
SKIP = ("es5/input/tex/extensions/all-packages.js",)
HERE = Path(__file__).resolve().parent


def wanted(name: str) -> bool:
    """Return True for a tarball member (``package/...``) that belongs in the vendored copy."""
    path = name.removeprefix("package/")
    kept = any(path == k or (k.endswith("/") and path.startswith(k)) for k in KEEP)
    return kept and path not in SKIP


def main() -> None:
    with urllib.request.urlopen(TARBALL) as response:
        data = response.read()
    digest = "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()
    if digest != INTEGRITY:
        raise SystemExit(f"integrity mismatch for {TARBALL}: expected {INTEGRITY}, got {digest}")
    for old in ("LICENSE", "es5"):
        target = HERE / old
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        for member in tar.getmembers():
            if member.isfile() and wanted(member.name):
                target = HERE / member.name.removeprefix("package/")
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(tar.extractfile(member).read())
    print(f"MathJax {VERSION} vendored into {HERE}")


if __name__ == "__main__":
    main()
