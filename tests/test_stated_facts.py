"""Facts about the project that pages and the README state are the project's own.

The Python a reader needs, as the home page and README say it, is the one ``dev.py`` asks for
(``SITE_PYTHON``) and the package declares (``requires-python``). Counts and times of the test
suite, which change with every commit, are not written down.
"""

from __future__ import annotations

import re

import dev
from tests.sitekit import ROOT

HOME = (ROOT / "docs" / "index.py").read_text(encoding="utf-8")
README = (ROOT / "README.md").read_text(encoding="utf-8")
SITE = f"3.{dev.SITE_PYTHON[1]}"
PYPROJECT = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
PACKAGE = re.search(r'^requires-python = ">=(3\.\d+)"$', PYPROJECT, re.M).group(1)


def test_the_home_page_asks_for_the_python_of_the_site():
    stated = re.findall(r"Python (3\.\d+) or newer", HOME)
    assert stated == [SITE], f"the home page asks for {stated}; dev.py needs {SITE}"
    assert f"runs on {PACKAGE}" in HOME


def test_the_readme_states_the_pythons_of_the_site_and_the_package():
    assert f"Python ≥ {SITE}" in README
    assert f"runs on Python ≥ {PACKAGE}" in README


def test_the_readme_does_not_count_the_tests():
    assert not re.search(r"\b[\d,]+ tests\b", README), "a count of tests goes stale"
