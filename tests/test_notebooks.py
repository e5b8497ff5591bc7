"""A page's notebook, downloaded, runs top to bottom outside the project.

Every executed page offers its notebook for download (the button at the top of the page). A
reader opens it in their own Jupyter, away from this repository, with nothing but the package
and matplotlib installed. This test does just that: it builds a fresh virtual environment
outside the repository, installs the package into it from the project (not editable) with
matplotlib, and the kernel and nbclient to run notebooks, then executes every notebook of the
built site in a folder of its own, outside the repository, the way a reader's Jupyter would.
"""

from __future__ import annotations

import os
import re
import subprocess
import venv
from pathlib import Path

import pytest
from tests.sitekit import ROOT, mkdocs_config, nav_pages

pytestmark = pytest.mark.slow

#: Run inside the fresh environment: execute each notebook given, in its own folder, two at a
#: time; print one line per notebook and exit 1 if any failed.
RUNNER = """
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
from nbclient import NotebookClient

def run(path):
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(notebook, kernel_name="python3", timeout=900,
                            resources={"metadata": {"path": str(path.parent)}})
    try:
        client.execute()
    except Exception as error:
        return f"FAILED {path.name}: {type(error).__name__}: {str(error)[-3000:]}"
    return f"ran {path.name}"

with ThreadPoolExecutor(2) as pool:
    results = list(pool.map(run, [Path(p) for p in sys.argv[1:]]))
print("\\n".join(results))
sys.exit(any(line.startswith("FAILED") for line in results))
"""


def fresh_environment(folder: Path) -> Path:
    """Create a virtual environment in ``folder`` with the package (and matplotlib), the IPython
    kernel and nbclient, at the versions of ``constraints.txt``; return its Python."""
    venv.create(folder, with_pip=True)
    python = folder / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    needs = [f"{ROOT}[plots]", "ipykernel", "nbclient"]
    # The MNIST page trains on scikit-learn's digits where MNIST is not on this machine.
    if not os.environ.get("BACKPROP_DATA_DIR"):
        needs.append("scikit-learn")
    install = [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run(
        [*install, "--constraint", ROOT / "constraints.txt", *needs],
        check=True,
        cwd=folder,
    )
    return python


def test_every_downloadable_notebook_runs_outside_the_repository(built_site, tmp_path):
    notebooks = sorted(built_site.rglob("*.ipynb"))
    assert len(notebooks) >= 9, "every executed page offers its notebook"
    python = fresh_environment(tmp_path / "venv")
    where = subprocess.run(
        [python, "-c", "import backprop; print(backprop.__file__)"],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    ).stdout.strip()
    assert ROOT not in Path(where).parents, f"the package must be installed, not {where}"
    copies = []
    for notebook in notebooks:
        folder = tmp_path / "reader" / notebook.stem
        folder.mkdir(parents=True)
        copies.append(folder / notebook.name)
        copies[-1].write_bytes(notebook.read_bytes())
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PATH"] = f"{python.parent}{os.pathsep}{env.get('PATH', '')}"
    result = subprocess.run(
        [python, "-c", RUNNER, *copies],
        capture_output=True,
        text=True,
        cwd=tmp_path / "reader",
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    assert result.stdout.count("ran ") == len(notebooks), result.stdout


def test_each_executed_page_downloads_its_notebook_and_opens_it_in_colab(built_site):
    names = [path.name for path in built_site.rglob("*.ipynb")]
    # CI publishes them side by side on the branch notebooks, where Colab opens them.
    assert len(set(names)) == len(names), f"two notebooks share a name: {sorted(names)}"
    repo = mkdocs_config()["repo_url"].rstrip("/")
    colab = repo.replace("https://github.com/", "https://colab.research.google.com/github/")
    for page in (page for page in nav_pages() if page.is_notebook):
        html = (built_site / page.output).read_text(encoding="utf-8")
        notebook = f"{page.source.rsplit('.', 1)[0].rsplit('/', 1)[-1]}.ipynb"
        assert (built_site / page.path / notebook).is_file(), page.source
        assert re.search(rf'<a href="{re.escape(notebook)}" download', html), page.source
        assert f'href="{colab}/blob/notebooks/{notebook}"' in html, page.source
