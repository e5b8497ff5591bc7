"""The copying page's file lists are complete: what it tells a reader to copy runs.

The page "Copy it into your project" lists which files of ``src/backprop/`` to copy into a
package of one's own (``mynet/``) for each part of the package. This test does what a reader
does: it copies each listed set, and only that, into a temporary ``mynet`` package, with the
``backprop`` package made unimportable, then runs the page's examples there (imports of
``backprop`` read as ``mynet``, as the page says) and imports each module a table row lists.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from tests.sitekit import ROOT

PAGE = (ROOT / "docs" / "copying.md").read_text(encoding="utf-8")
SECTION = PAGE[PAGE.index("## Copy four files") : PAGE.index("## Or install the package")]
FENCE = re.compile(r"^```(sh|pycon)\n(.*?)^```", re.MULTILINE | re.DOTALL)
SOURCE = re.compile(r"src/backprop/(\w+\.py)")
ROW = re.compile(r"^\| (.+?) \| ((?:`\w+\.py`(?:, )?)+) \|$", re.MULTILINE)

#: Run in a fresh interpreter with the temporary folder first on ``sys.path``: ``backprop``
#: cannot be imported, so the examples see only the copied files.
RUNNER = """
import doctest, sys
sys.modules["backprop"] = None
text = sys.stdin.read()
test = doctest.DocTestParser().get_doctest(text, {}, "copying.md", "copying.md", 0)
flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
runner = doctest.DocTestRunner(optionflags=flags)
runner.run(test)
sys.exit(1 if runner.failures or not runner.tries else 0)
"""


def steps() -> list[tuple[list[str], str]]:
    """Return, for each ``pycon`` example of the copying section, the files the page has told
    the reader to copy by then and the examples so far (they share one namespace)."""
    files, examples, found = [], [], []
    for kind, body in FENCE.findall(SECTION):
        if kind == "sh":
            files += SOURCE.findall(body)
        else:
            examples.append(body)
            found.append((list(files), "".join(examples)))
    return found


def copy_package(folder: Path, files: list[str]) -> None:
    """Copy ``files`` of ``src/backprop/`` into ``folder/mynet``, with an empty ``__init__``."""
    package = folder / "mynet"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    for name in files:
        shutil.copy(ROOT / "src" / "backprop" / name, package)


def run(folder: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    """Run Python in ``folder`` with only ``folder`` added to the path (``-I``: isolated)."""
    code = f"import sys; sys.path.insert(0, {str(folder)!r}); " + args[0]
    return subprocess.run(
        [sys.executable, "-I", "-c", code, *args[1:]],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=folder,
        check=False,
    )


STEPS = steps()
CORE = SOURCE.findall(FENCE.findall(SECTION)[0][1])
ROWS = [(what, re.findall(r"\w+\.py", files)) for what, files in ROW.findall(SECTION)]


def test_the_page_lists_file_sets_and_examples():
    assert CORE == ["network.py", "activations.py", "costs.py", "_checks.py"]
    assert len(STEPS) >= 2 and len(ROWS) >= 4


@pytest.mark.parametrize("files, examples", STEPS, ids=[f"{len(f)} files" for f, _ in STEPS])
def test_the_examples_run_on_the_copied_files_alone(tmp_path, files, examples):
    copy_package(tmp_path, files)
    result = run(tmp_path, RUNNER, stdin=examples.replace("from backprop", "from mynet"))
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("what, files", ROWS, ids=[files[0] for _, files in ROWS])
def test_each_row_of_the_table_imports_with_its_files(tmp_path, what, files):
    copy_package(tmp_path, CORE + files)
    modules = ", ".join(f"mynet.{Path(name).stem}" for name in files)
    result = run(tmp_path, f"sys.modules['backprop'] = None; import {modules}")
    assert result.returncode == 0, f"{what}: {result.stderr}"
