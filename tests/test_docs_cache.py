"""The execution cache of the site's notebook pages follows what the pages depend on.

``docs/hooks/execution_cache.py`` keys mkdocs-jupyter's cache on the package source and the
data files. The slow test builds a one-page fixture site three times and watches a cell's
output: a change the key ignores (an environment variable) keeps the cached output, a
change to the source the page imports re-executes it.
"""

from __future__ import annotations

import importlib.util
import os
import re
from pathlib import Path

import pytest
import yaml
from sitekit import ROOT, build_site

HOOK = ROOT / "docs/hooks/execution_cache.py"


def _load_hook():
    spec = importlib.util.spec_from_file_location("execution_cache", HOOK)
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
    assert hook.dependency_key(folder, "", environ) == hook.dependency_key(folder, "", environ)
    assert re.fullmatch(r"[0-9a-f]{16}", hook.dependency_key(folder, "", environ))


def test_key_changes_with_the_package_source(project):
    folder, environ = project
    before = hook.dependency_key(folder, "", environ)
    (folder / "src/fixture_module.py").write_text("VALUE = 2\n")
    assert hook.dependency_key(folder, "", environ) != before


def test_key_changes_with_a_data_file_but_does_not_read_it(project):
    folder, environ = project
    data = Path(environ["BACKPROP_DATA_DIR"], "mnist.npz")
    before = hook.dependency_key(folder, "", environ)
    stat = data.stat()
    os.utime(data, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert hook.dependency_key(folder, "", environ) != before


def test_key_changes_with_the_markdown_settings(project):
    folder, environ = project
    assert hook.dependency_key(folder, "a", environ) != hook.dependency_key(folder, "b", environ)


def test_key_ignores_the_pages_themselves(project):
    folder, environ = project
    before = hook.dependency_key(folder, "", environ)
    (folder / "docs").mkdir()
    (folder / "docs/page.md").write_text("# A page\n")  # mkdocs-jupyter keys on page bytes
    assert hook.dependency_key(folder, "", environ) == before


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


def _output(site: Path) -> str:
    html = (site / "page/index.html").read_text(encoding="utf-8")
    return re.search(r"<pre>(value .*?)\n?</pre>", html)[1]


@pytest.mark.slow
def test_a_change_to_the_source_re_executes_the_cached_page(project):
    folder, environ = project
    (folder / "docs").mkdir()
    (folder / "docs/index.md").write_text("# Home\n")
    (folder / "docs/page.py").write_text(
        "# %%\nimport os\n\nimport fixture_module\n\n"
        'print("value", fixture_module.VALUE, os.environ["MARK"])\n'
    )
    config = {
        "site_name": "cache",
        "hooks": [str(HOOK)],
        "plugins": [{"mkdocs-jupyter": {"execute": True, "allow_errors": False}}],
        "nav": ["index.md", "page.py"],
    }
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(config))
    env = {**environ, "PYTHONPATH": str(folder / "src"), "BACKPROP_DOCS_CACHE": "1"}

    def build(mark: str) -> str:
        result = build_site(folder / "mkdocs.yml", folder / "site", MARK=mark, **env)
        assert result.returncode == 0, result.log
        return _output(folder / "site")

    assert build("first") == "value 1 first"
    assert build("second") == "value 1 first"  # the cache served the page: MARK is not in the key
    (folder / "src/fixture_module.py").write_text("VALUE = 2\n")
    assert build("third") == "value 2 third"  # the source changed: the page ran again
    assert len(list((folder / ".cache/mkdocs-jupyter").iterdir())) == 1  # old key pruned
