"""No doctest may depend on the last digits of a float.

NumPy's vectorised ``exp``, ``log`` and ``tanh`` differ from libm by an ulp on some CPUs
(AVX-512 among them), so an example that prints 16 or 17 significant digits passes on one
machine and fails on the next. Examples print to the precision the text needs instead. This
test reads every expected output a reader sees — the package's docstrings and the ```pycon```
examples of the Markdown pages — and fails on a float written with 16 or more significant
digits.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil
import re

from tests.sitekit import ROOT

import backprop

#: A decimal number with 16 or more significant digits (leading zeros do not count).
LONG_FLOAT = re.compile(r"(?<![\w.])-?0*(?:\d\.?){16,}(?:e[-+]?\d+)?(?![\w.])", re.IGNORECASE)
PYCON = re.compile(r"^(\s*)```pycon\n(.*?)^\1```", re.MULTILINE | re.DOTALL)


def long_floats(text: str) -> list[str]:
    """Return the numbers in ``text`` that have a decimal point and 16 or more significant
    digits.

    >>> long_floats("4.248354255291589e-18 and 4.248354e-18, 0.125, 1234567890123456")
    ['4.248354255291589e-18']
    """
    return [m.group() for m in LONG_FLOAT.finditer(text) if "." in m.group()]


def docstring_outputs():
    """Yield ``(where, expected output)`` for every example of the package's docstrings."""
    finder, parser = doctest.DocTestFinder(), doctest.DocTestParser()
    for info in pkgutil.walk_packages(backprop.__path__, "backprop."):
        for test in finder.find(importlib.import_module(info.name)):
            for example in test.examples:
                yield f"{test.name} line {test.lineno + example.lineno + 1}", example.want
    for page in sorted((ROOT / "docs").rglob("*.md")):
        for fence in PYCON.finditer(page.read_text(encoding="utf-8")):
            for example in parser.get_examples(fence.group(2)):
                yield f"{page.relative_to(ROOT)}: {example.source.strip()}", example.want


OUTPUTS = list(docstring_outputs())


def test_the_examples_were_found():
    assert len(OUTPUTS) > 300, "the docstrings and pycon fences hold hundreds of examples"


def test_no_example_prints_the_last_digits_of_a_float():
    found = [f"{where}: {long_floats(want)}" for where, want in OUTPUTS if long_floats(want)]
    assert not found, (
        "these examples print the last digits of a float, which depend on the CPU; print to "
        "the precision the text needs (for example f'{x:.6e}'):\n" + "\n".join(found)
    )
