#!/usr/bin/env python3
"""Set up the development environment and run the project's commands. Needs only Python >= 3.10.

    python3 dev.py serve [ARGS]   the site with live reload at http://127.0.0.1:8000/backprop/
    python3 dev.py test [ARGS]    every test, doctest and page example, and the strict site build
    python3 dev.py build [ARGS]   the strict site build into site/, then the PDF (as pdf does)
    python3 dev.py pdf            print site/'s print page to site/backprop.pdf (needs Chromium)
    python3 dev.py offline        the offline copy of the site, zipped: site/backprop-offline.zip
    python3 dev.py bench [ARGS]   benchmarks/epoch.py, seconds per epoch (for example --quick)
    python3 dev.py audit [ARGS]   benchmarks/audit.py, Lighthouse scores (needs Node and npm)
    python3 dev.py lint           ruff check and ruff format --check
    python3 dev.py mnist          download MNIST (about 11 MB, checksums verified) once

ARGS go to mkdocs serve, pytest or mkdocs build; serve keeps serving when a page has a warning,
which fails build and test. The PDF is printed by Debian's Chromium (/usr/bin/chromium, or
$BACKPROP_CHROMIUM): without it, build says so and leaves the PDF out; pdf fails. The first
run creates .venv and installs the package editable with its `dev` extra, pinned by
constraints.txt; later runs reuse .venv until pyproject.toml or constraints.txt change.
BACKPROP_NUMPY=1.24.4 (say) installs that NumPy instead of the pinned one: CI tests the oldest
and the newest NumPy this way.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
PYTHON = VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
STAMP = VENV / "backprop-dev.sha256"  # a hash of what was installed, to skip reinstalling
MNIST = "from backprop.datasets import load_mnist; load_mnist(download=True); print('MNIST ready')"
COMMANDS = ("serve", "test", "build", "pdf", "offline", "bench", "audit", "lint", "mnist")


def run(*command) -> int:
    """Print a command, run it in the project directory and return its exit code."""
    print("+", " ".join(str(part) for part in command), flush=True)
    return subprocess.call([str(part) for part in command], cwd=ROOT)


def ensure_environment() -> None:
    """Create .venv and install the package into it, unless it is up to date."""
    numpy = os.environ.get("BACKPROP_NUMPY", "")
    constraints = (ROOT / "constraints.txt").read_text(encoding="utf-8")
    if numpy:
        lines = constraints.splitlines(keepends=True)
        constraints = "".join(line for line in lines if not line.startswith("numpy=="))
    inputs = [(ROOT / "pyproject.toml").read_text(encoding="utf-8"), constraints, numpy]
    digest = hashlib.sha256("\0".join(inputs).encode()).hexdigest()
    if STAMP.is_file() and STAMP.read_text(encoding="utf-8") == digest:
        print(f"{VENV.name} is up to date with pyproject.toml and constraints.txt", flush=True)
        return
    if not PYTHON.exists() and run(sys.executable, "-m", "venv", VENV):
        shutil.rmtree(VENV, ignore_errors=True)
        sys.exit("could not create .venv (on Debian or Ubuntu: apt install python3-venv)")
    (VENV / "constraints.txt").write_text(constraints, encoding="utf-8")
    pins = [f"numpy=={numpy}"] if numpy else []
    pip = [PYTHON, "-m", "pip", "install", "--disable-pip-version-check"]
    code = run(*pip, "--constraint", VENV / "constraints.txt", "--editable", ".[dev]", *pins)
    if code:
        sys.exit(code)
    STAMP.write_text(digest, encoding="utf-8")


def commands(command: str, args: list[str]) -> list[list]:
    """Return the commands that ``python3 dev.py command args`` runs, in order."""
    return {
        "bench": [[PYTHON, "benchmarks/epoch.py", *args]],
        "audit": [[PYTHON, "benchmarks/audit.py", *args]],
        "serve": [[PYTHON, "-m", "mkdocs", "serve", "--no-strict", *args]],
        "test": [[PYTHON, "-m", "pytest", *args]],
        "build": [
            [PYTHON, "-m", "mkdocs", "build", "--strict", *args],
            [PYTHON, "tools/print_pdf.py", "--skip-without-chromium"],
        ],
        "pdf": [[PYTHON, "tools/print_pdf.py", *args]],
        "offline": [[PYTHON, "tools/offline_site.py", *args]],
        "lint": [[PYTHON, "-m", "ruff", "check"], [PYTHON, "-m", "ruff", "format", "--check"]],
        "mnist": [[PYTHON, "-c", MNIST]],
    }[command]


def main(command: str, args: list[str]) -> int:
    """Run ``command``'s steps in the environment, up to the first that fails; return its exit
    code, else 0."""
    ensure_environment()
    os.environ["PATH"] = f"{PYTHON.parent}{os.pathsep}{os.environ.get('PATH', '')}"
    os.environ["VIRTUAL_ENV"] = str(VENV)
    os.environ["NO_MKDOCS_2_WARNING"] = "1"  # silences Material's banner about MkDocs 2
    for each in commands(command, args):
        code = run(*each)
        if code:
            return code
    return 0


if __name__ == "__main__":
    if sys.version_info < (3, 10):  # noqa: UP036 (any python3 may run this file)
        sys.exit(f"dev.py needs Python >= 3.10; this is {sys.version.split()[0]}")
    if sys.argv[1:2] in (["-h"], ["--help"]):
        print(__doc__)
    elif len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        sys.exit(__doc__)
    else:
        try:
            sys.exit(main(sys.argv[1], sys.argv[2:]))
        except KeyboardInterrupt:
            sys.exit(130)
