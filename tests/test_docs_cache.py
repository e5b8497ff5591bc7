"""The executed pages run up front, in parallel, and their cache follows what they depend on.

``docs/hooks/execute_pages.py`` executes the site's notebook pages before MkDocs renders them
and keys each executed notebook on the page's bytes, the package source and the data files.
The slow tests build a fixture site of two executed pages and a Markdown page several times
and watch the cells' outputs: a change the key ignores (an environment variable, a Markdown
page) keeps the cached outputs, an edit to one page re-runs that page alone, a change to the
source the pages import re-runs them all, and a failing cell fails the build.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
from pathlib import Path

import pytest
import yaml
from tests.sitekit import ROOT, build_site

pytest.importorskip(
    "mkdocs_jupyter", reason="the site's toolchain (mkdocs-jupyter 0.27) needs Python >= 3.12"
)

HOOK = ROOT / "docs/hooks/execute_pages.py"


def _load_hook():
    spec = importlib.util.spec_from_file_location("execute_pages", HOOK)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


hook = _load_hook()


@pytest.fixture
def project(tmp_path):
    """A project folder: a package in src/, a data folder, and the data folder's location."""
    (tmp_path / "src").mkdir()
    (tmp_path / "src/fixture_module.py").write_text("VALUE = 1\n")
    data = tmp_path / "data"
    data.mkdir()
    (data / "mnist.npz").write_bytes(b"not really MNIST")
    return tmp_path, {"BACKPROP_DATA_DIR": str(data)}


def test_key_is_stable(project):
    folder, environ = project
    assert hook.dependency_key(folder, environ) == hook.dependency_key(folder, environ)
    assert re.fullmatch(r"[0-9a-f]{16}", hook.dependency_key(folder, environ))


def test_key_changes_with_the_package_source(project):
    folder, environ = project
    before = hook.dependency_key(folder, environ)
    (folder / "src/fixture_module.py").write_text("VALUE = 2\n")
    assert hook.dependency_key(folder, environ) != before


def test_key_changes_with_a_data_file_but_does_not_read_it(project):
    folder, environ = project
    data = Path(environ["BACKPROP_DATA_DIR"], "mnist.npz")
    before = hook.dependency_key(folder, environ)
    stat = data.stat()
    os.utime(data, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert hook.dependency_key(folder, environ) != before


def test_key_ignores_the_pages_themselves(project):
    folder, environ = project
    before = hook.dependency_key(folder, environ)
    (folder / "docs").mkdir()
    (folder / "docs/page.md").write_text("# A page\n")
    assert hook.dependency_key(folder, environ) == before


def test_page_key_changes_with_the_page_alone(tmp_path):
    page, other = tmp_path / "page.py", tmp_path / "other.py"
    page.write_text("print(1)\n")
    other.write_text("print(1)\n")
    before = hook.page_key(page, "0" * 16)
    page.write_text("print(2)\n")
    assert hook.page_key(page, "0" * 16) != before
    assert hook.page_key(other, "0" * 16) != hook.page_key(page, "0" * 16)


@pytest.mark.parametrize(
    ("environ", "enabled"),
    [
        ({}, True),
        ({"BACKPROP_DOCS_CACHE": "0"}, False),
        ({"CI": "true"}, False),
        ({"CI": "true", "BACKPROP_DOCS_CACHE": "1"}, True),
        ({"CI": "false"}, True),
    ],
)
def test_cache_is_off_on_ci_or_on_request(environ, enabled):
    assert hook.cache_enabled(environ) is enabled


@pytest.mark.parametrize(("workers", "cores", "threads"), [(1, 2, 2), (2, 2, 1), (7, 2, 1)])
def test_the_cores_are_shared_among_the_kernels(workers, cores, threads):
    assert hook.blas_threads(workers, cores) == threads
    assert workers * threads <= max(cores, workers)


def _outputs(site: Path) -> dict[str, str]:
    """Return the printed line of each executed page of the fixture site, by page."""
    found = {}
    for page in ("first", "second"):
        html = (site / page / "index.html").read_text(encoding="utf-8")
        found[page] = re.search(r"<pre>(\w+ value .*?)\n?</pre>", html)[1]
    return found


@pytest.fixture
def fixture_site(project):
    """A site of two executed pages that print the module's value and an environment variable,
    and a Markdown page; returns ``build(mark)``, which builds it and returns the outputs."""
    folder, environ = project
    (folder / "docs").mkdir()
    (folder / "docs/index.md").write_text("# Home\n")
    for page in ("first", "second"):
        (folder / f"docs/{page}.py").write_text(
            "# %%\nimport os\n\nimport fixture_module\n\n"
            f'print("{page} value", fixture_module.VALUE, os.environ["MARK"])\n'
        )
    options = {"include": ["*.py", "*.ipynb"], "execute": False, "allow_errors": False,
               "include_source": True}  # fmt: skip
    config = {
        "site_name": "cache",
        "hooks": [str(HOOK)],
        "plugins": [{"mkdocs-jupyter": options}],
        "nav": ["index.md", "first.py", "second.py"],
    }
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(config))
    env = {**environ, "PYTHONPATH": str(folder / "src"), "BACKPROP_DOCS_CACHE": "1"}

    def build(mark: str) -> dict[str, str]:
        result = build_site(folder / "mkdocs.yml", folder / "site", MARK=mark, **env)
        assert result.returncode == 0, result.log
        return _outputs(folder / "site")

    return folder, build


@pytest.mark.slow
def test_the_cache_reruns_what_changed_and_nothing_else(fixture_site):
    folder, build = fixture_site
    assert build("a") == {"first": "first value 1 a", "second": "second value 1 a"}
    assert build("b") == {"first": "first value 1 a", "second": "second value 1 a"}  # cached
    (folder / "docs/index.md").write_text("# Home, edited\n")
    assert build("c") == {"first": "first value 1 a", "second": "second value 1 a"}
    page = folder / "docs/second.py"
    page.write_text(page.read_text() + "\n# %%\n")
    assert build("d") == {"first": "first value 1 a", "second": "second value 1 d"}
    (folder / "src/fixture_module.py").write_text("VALUE = 2\n")
    assert build("e") == {"first": "first value 2 e", "second": "second value 2 e"}
    entries = {path.name for path in (folder / hook.CACHE_ROOT).iterdir()}
    assert len(entries - {hook.TIMES}) == 2  # stale entries removed
    times = json.loads((folder / hook.CACHE_ROOT / hook.TIMES).read_text())
    assert set(times) == {"first.py", "second.py"} and min(times.values()) > 0


@pytest.mark.slow
def test_the_pages_run_in_parallel_and_the_executed_notebook_is_downloadable(fixture_site):
    folder, _ = fixture_site
    result = build_site(
        folder / "mkdocs.yml", folder / "site", MARK="x", BACKPROP_DOCS_CACHE="0",
        PYTHONPATH=str(folder / "src"),
    )  # fmt: skip
    assert result.returncode == 0, result.log
    workers = min(2, hook.available_cores())
    assert f"executing 2 notebook pages, {workers} at a time" in result.log
    assert (folder / "site/first/first.ipynb").is_file()
    assert not (folder / hook.CACHE_ROOT).exists()  # the cache was off


@pytest.mark.slow
def test_a_failing_cell_fails_the_build_naming_the_page(fixture_site):
    folder, _ = fixture_site
    (folder / "docs/second.py").write_text('# %%\nraise RuntimeError("cell failed on purpose")\n')
    result = build_site(
        folder / "mkdocs.yml", folder / "site", MARK="x", PYTHONPATH=str(folder / "src")
    )
    assert result.returncode != 0
    assert "second.py: a cell failed" in result.log
    assert "cell failed on purpose" in result.log
