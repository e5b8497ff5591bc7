"""Under ``mkdocs serve --dirty``, Markdown pages that show ``src/`` stay current and linked.

``docs/hooks/src_pages.py`` deletes the built output of a page that includes or documents
code from ``src/`` when a file of ``src/`` is newer, so that MkDocs' dirty rebuild, which
renders only pages whose own file is newer than their output, renders them again. An API page
it keeps has its anchors registered with autorefs from the last ``objects.inv``; without them
there, it is rendered again. Other pages are left alone.
"""

from __future__ import annotations

import importlib.util
import os

import pytest
import yaml
from tests.sitekit import ROOT

pytest.importorskip(
    "mkdocs_jupyter", reason="the site's toolchain (mkdocs-jupyter 0.27) needs Python >= 3.12"
)
# After the skip: these are the site's toolchain.
from mkdocs.config import load_config
from mkdocs.structure.files import get_files
from mkdocs.structure.nav import get_navigation
from mkdocstrings import Inventory, InventoryItem


def _load_hook():
    spec = importlib.util.spec_from_file_location("src_pages", ROOT / "docs/hooks/src_pages.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("src_is_newer", [True, False])
@pytest.mark.parametrize("inventory", [True, False])
def test_pages_that_show_src_are_rebuilt(tmp_path, src_is_newer, inventory):
    (tmp_path / "src").mkdir()
    (tmp_path / "src/code.py").write_text("VALUE = 1\n")
    (tmp_path / "docs").mkdir()
    pages = {
        "snippet.md": '```python\n--8<-- "src/code.py"\n```\n',
        "api.md": "::: code\n",
        "prose.md": "# No code from src\n",
    }
    for name, text in pages.items():
        (tmp_path / "docs" / name).write_text(text)
    config_yaml = {"site_name": "src pages", "plugins": ["autorefs", "mkdocstrings"]}
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config_yaml))
    config = load_config(str(tmp_path / "mkdocs.yml"))
    files = get_files(config)
    outputs = {}
    for file in files.documentation_pages():
        outputs[file.src_uri] = output = tmp_path / "site" / file.dest_uri
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text("built\n")
    if inventory:
        value = InventoryItem(name="code.VALUE", domain="py", role="data", uri="api/#code.VALUE")
        (tmp_path / "site/objects.inv").write_bytes(Inventory([value]).format_sphinx())
    built = (tmp_path / "src/code.py").stat().st_mtime + (-10 if src_is_newer else 10)
    for output in outputs.values():
        os.utime(output, (built, built))
    hook = _load_hook()

    hook.on_files(files, config)
    hook.on_nav(get_navigation(files, config), config, files)

    kept = {name for name, output in outputs.items() if output.is_file()}
    api_kept = inventory and not src_is_newer
    assert kept == {"prose.md"} | ({"snippet.md"} if not src_is_newer else set()) | (
        {"api.md"} if api_kept else set()
    )
    autorefs = config.plugins["autorefs"]
    if api_kept:
        assert autorefs.get_item_url("code.VALUE", from_url="prose/") == (
            "../api/#code.VALUE",
            None,
        )
        assert config.plugins["mkdocstrings"].config.enable_inventory is False
    else:
        with pytest.raises(KeyError):
            autorefs.get_item_url("code.VALUE", from_url="prose/")
