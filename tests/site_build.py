"""Build a MkDocs site the way CI does, for the site tests (``conftest.py`` and the tests).

A module of its own, not ``conftest.py``: ``docs/`` has a ``conftest.py`` too, so
``from conftest import ...`` in a test module could pick up the wrong one.
"""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclasses.dataclass(frozen=True)
class SiteBuild:
    """The outcome of one ``mkdocs build --strict``: its exit status, log and output folder."""

    returncode: int
    log: str
    site_dir: Path


def build_site(config_file: Path, site_dir: Path, **env: str) -> SiteBuild:
    """Run ``mkdocs build --strict`` for ``config_file`` into ``site_dir`` and return the outcome.

    ``env`` adds environment variables (strings) to the build's environment.
    """
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **env}
    options = ["--strict", "--config-file", str(config_file), "--site-dir", str(site_dir)]
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", *options],
        cwd=config_file.parent,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    return SiteBuild(result.returncode, result.stdout + result.stderr, site_dir)
