"""Pytest under ``docs/``: the ```` ```pycon ```` examples of the Markdown pages are doctests.

Every ```` ```pycon ```` fence of ``docs/**/*.md`` (also inside admonitions, collapsible
``???`` blocks and content tabs) is run with Sybil, one test per ``>>>`` example, the
examples of a page sharing one namespace in page order, as a reader would type them.

The Python files here are not test modules: the jupytext pages execute a whole page when
imported (the site build runs them), and this file has no doctests. The build hooks
(``hooks/*.py``) are collected, for their doctests.
"""

from __future__ import annotations

import importlib.util
from doctest import ELLIPSIS, NORMALIZE_WHITESPACE
from pathlib import Path

from sybil import Sybil
from sybil.evaluators.doctest import DocTestEvaluator
from sybil.parsers.abstract import DocTestStringParser
from sybil.parsers.markdown import CodeBlockParser

HERE = Path(__file__).parent

# This file too: see tests/conftest.py.
collect_ignore = [path.name for path in HERE.glob("*.py")]
if not all(
    importlib.util.find_spec(name) for name in ("mkdocs", "griffe", "nbconvert")
):
    # They import the documentation toolchain (.[docs]).
    collect_ignore.append("hooks")


class PyconParser:
    """Sybil parser: each ``>>>`` example of a ```` ```pycon ```` fence is a doctest."""

    def __init__(self, optionflags: int = 0) -> None:
        self.fences = CodeBlockParser(language="pycon")
        self.doctests = DocTestStringParser(DocTestEvaluator(optionflags))

    def __call__(self, document):
        for fence in self.fences(document):
            source = fence.parsed
            for region in self.doctests(source, document.path):
                region.adjust(fence, source)
                yield region


pytest_collect_file = Sybil(
    parsers=[PyconParser(ELLIPSIS | NORMALIZE_WHITESPACE)],
    patterns=["*.md"],
    excludes=["assets/*", "overrides/*"],
).pytest()
