"""Executed pages render like Markdown pages, through mkdocs-jupyter's public options only.

A fixture site with the project's mkdocs-jupyter options, nbconvert template, hooks and link
validation, and one executed page whose markdown cell holds math, an admonition and links:
the page must come out with arithmatex markup (which the site's math typesetting reads),
Material code blocks, folded ``hide-input`` code, no ``remove-input`` code, its description,
and a broken link must fail the strict build, as on a Markdown page.
"""

from __future__ import annotations

import re

import pytest
import yaml
from tests.sitekit import ROOT, build_site, mkdocs_config

pytest.importorskip(
    "mkdocs_jupyter", reason="the site's toolchain (mkdocs-jupyter 0.27) needs Python >= 3.12"
)

HOOKS = ("execute_pages", "notebook_pages")
PAGE = """\
# ---
# jupyter:
#   description: A page that tests the rendering.
# ---

# %% [markdown]
# # A page
#
# Inline $a^l$, a display
#
# $$z^l = w^l a^{l-1} + b^l$$
#
# and a [link](TARGET).
#
# !!! note
#     An admonition with $\\delta^L$.

# %% tags=["hide-input"]
print("folded" + " code")

# %% tags=["remove-input"]
print("removed" + " code")
"""


def _site(tmp_path, target: str):
    """Write the fixture site whose page links to ``target``; return its mkdocs.yml."""
    project = mkdocs_config()
    plugin = next(p["mkdocs-jupyter"] for p in project["plugins"] if "mkdocs-jupyter" in p)
    plugin = {**plugin, "custom_template": str(ROOT / plugin["custom_template"])}
    extensions = [
        "admonition",
        "md_in_html",
        {"pymdownx.arithmatex": {"generic": True}},
        {"pymdownx.highlight": {"pygments_lang_class": True}},
        "pymdownx.superfences",
    ]
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/index.md").write_text("# Home\n")
    (tmp_path / "docs/page.py").write_text(PAGE.replace("TARGET", target))
    config = {
        "site_name": "notebook pages",
        "theme": {"name": "material"},
        "hooks": [str(ROOT / f"docs/hooks/{hook}.py") for hook in HOOKS],
        "plugins": [{"mkdocs-jupyter": plugin}],
        "markdown_extensions": extensions,
        "validation": project["validation"],
        "nav": ["index.md", "page.py"],
    }  # fmt: skip
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config))
    return tmp_path / "mkdocs.yml"


@pytest.mark.slow
def test_an_executed_page_renders_like_a_markdown_page(tmp_path):
    build = build_site(_site(tmp_path, "index.md"), tmp_path / "site", BACKPROP_DOCS_CACHE="0")
    assert build.returncode == 0, build.log
    html = (tmp_path / "site/page/index.html").read_text(encoding="utf-8")
    assert '<span class="arithmatex">\\(a^l\\)</span>' in html
    assert '<div class="arithmatex">\\[z^l = w^l a^{l-1} + b^l\\]</div>' in html
    assert re.search(r'<div class="admonition note">.*?\\\(\\delta\^L\\\)', html, re.S)
    assert '<a href="../">link</a>' in html  # rewritten by MkDocs, as on a Markdown page
    folded = re.search(r'<details class="abstract">\s*<summary>Code</summary>(.*?)</details>',
                       html, re.S)  # fmt: skip
    assert folded and '<div class="language-python highlight">' in folded[1]
    assert "folded" in re.sub(r"<[^>]+>", "", folded[1])
    assert "removed code" in html and "&quot;removed&quot;" not in html  # output, no code
    assert '<meta name="description" content="A page that tests the rendering.">' in html
    assert "mathjax" not in html.lower()  # no MathJax loader of mkdocs-jupyter's own


@pytest.mark.slow
def test_a_broken_link_in_an_executed_page_fails_the_strict_build(tmp_path):
    build = build_site(_site(tmp_path, "missing.md"), tmp_path / "site", BACKPROP_DOCS_CACHE="0")
    assert build.returncode != 0
    assert "missing.md" in build.log
