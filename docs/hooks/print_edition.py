"""MkDocs hook: the print edition, ``print_page/``, which ``python3 dev.py pdf`` prints to PDF.

The print-site plugin (``mkdocs-print-site-plugin``, the last plugin in ``mkdocs.yml``) joins
every page of the nav, in reading order, into ``print_page/``, with a cover page, a table of
contents and numbered headings. This hook:

* gives the cover (``print_cover.tpl``) the package's version and the build date, as
  ``config.extra.edition``; ``SOURCE_DATE_EPOCH`` fixes the date for a reproducible build;
* hands print-site each page's content as the *last* ``on_page_content`` step left it:
  print-site keeps a page's content (``page.html``) in its own ``on_page_content``, which runs
  before the hooks' (MkDocs runs hooks after plugins), so without this the notebook pages, and
  anything a hook does to the content, would reach the print page unprocessed;
* rewrites the written print page for paper, after print-site's ``on_post_build``:

  - the exercises' solutions move to an appendix, *Solutions*, at the end (listed in the
    contents), each linked from its exercise and back;
  - every collapsed block (``<details>``) is opened, paper cannot be clicked, except the API
    reference's source listings (``quote``; the pages show the code that matters);
  - an executed page's headings are taken out of the notebook's wrappers, as on a Markdown
    page, so that print-site numbers them (:func:`flatten_notebooks`);
  - ids that print-site did not make unique (it renames the ids of headings, list items and
    footnotes only) are renamed wherever a link points at them, so that a link to another
    page's anchor, an ``\\eqref`` to an equation for instance, lands on it.
"""

from __future__ import annotations

import datetime
import logging
import os
import urllib.parse
from importlib import metadata
from pathlib import Path

from bs4 import BeautifulSoup
from mkdocs.plugins import event_priority

log = logging.getLogger("mkdocs.hooks.print_edition")

PLUGIN = "print-site"
#: The page whose solutions (``??? success "Solution"`` blocks) move to the appendix.
EXERCISES_PAGE = "exercises"
APPENDIX_ID = "solutions"
APPENDIX_TITLE = "Solutions"
#: The elements of an executed page (``docs/hooks/notebook.html.j2``) that hold its
#: headings: the notebook and its markdown cells.
NOTEBOOK_WRAPPERS = (
    ".jupyter-wrapper, .jp-Notebook, .jp-MarkdownCell, .jp-MarkdownCell > .jp-MarkdownOutput"
)


def build_date(environ=os.environ) -> str:
    """Return the build date, ``YYYY-MM-DD`` in UTC: ``SOURCE_DATE_EPOCH`` if set, else today.

    >>> build_date({"SOURCE_DATE_EPOCH": "0"})
    '1970-01-01'
    >>> len(build_date({}))
    10
    """
    epoch = environ.get("SOURCE_DATE_EPOCH")
    moment = (
        datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc)
        if epoch
        else datetime.datetime.now(datetime.timezone.utc)
    )
    return moment.date().isoformat()


def on_config(config):
    config.extra["edition"] = {"version": metadata.version("backprop"), "date": build_date()}
    return config


@event_priority(-100)  # after every other on_page_content
def on_page_content(html, page, config, files):
    if PLUGIN in config.plugins:
        page.html = html  # what print-site joins into the print page
    return html


@event_priority(-100)  # after print-site has written the print page
def on_post_build(config):
    plugin = config.plugins.get(PLUGIN)
    if plugin is None or not plugin.config["enabled"]:
        return
    path = print_page_path(config, plugin.config["print_page_basename"])
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    for details in soup.select("#print-site-page details:not([open], .quote)"):
        details["open"] = ""
    flatten_notebooks(soup)
    move_solutions_to_appendix(soup)
    link_unique_anchors(soup)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(str(soup), encoding="utf-8")
    temporary.replace(path)


def print_page_path(config, basename: str) -> Path:
    """Return the file print-site writes the print page to."""
    page = f"{basename}/index.html" if config.use_directory_urls else f"{basename}.html"
    return Path(config.site_dir, page)


def flatten_notebooks(soup: BeautifulSoup) -> None:
    """Replace the wrappers of each executed page's headings by their content.

    print-site numbers a page's ``h1`` with ``#page > h1::before`` and its sections with CSS
    counters that each ``h2`` increments. A counter counts on only among the following siblings
    of the element that started it: with every markdown cell in a ``div`` of its own, each
    ``h2`` started a counter afresh (2.2.1, 2.2.1, ...), and the ``h1``, inside the notebook's
    wrappers, had no number. Unwrapped, the headings are children of the page's section, as on a
    Markdown page; the code cells stay whole.

    >>> soup = BeautifulSoup(
    ...     '<div id="print-site-page"><section id="p"><div class="jupyter-wrapper">'
    ...     '<div class="jp-Notebook"><div class="jp-Cell jp-MarkdownCell"><div class='
    ...     '"jp-MarkdownOutput"><h1>T</h1></div></div><div class="jp-Cell jp-CodeCell">'
    ...     '<div class="jp-MarkdownOutput">out</div></div><div class="jp-Cell jp-MarkdownCell">'
    ...     '<div class="jp-MarkdownOutput"><h2>A</h2></div></div></div></div></section></div>',
    ...     "html.parser")
    >>> flatten_notebooks(soup)
    >>> [child.name for child in soup.section.children]
    ['h1', 'div', 'h2']
    """
    for wrapper in soup.select(f"#print-site-page :is({NOTEBOOK_WRAPPERS})"):
        wrapper.unwrap()


def move_solutions_to_appendix(soup: BeautifulSoup) -> None:
    """Move the exercises' solutions into an appendix section at the end of the print page.

    >>> soup = BeautifulSoup(
    ...     '<nav class="md-nav--secondary"><ul></ul></nav><div id="print-site-page">'
    ...     '<section id="exercises"><h2 id="exercises-one">1. One<a href="#">¶</a></h2>'
    ...     '<details class="success" open><summary>Solution</summary><p>42</p></details>'
    ...     "</section></div>", "html.parser")
    >>> move_solutions_to_appendix(soup)
    >>> soup.select_one("#exercises p").a["href"], soup.select_one("#solutions h2").text
    ('#solution-1', '1. One')
    >>> soup.select_one("#solution-1 + div p.admonition-title a")["href"]
    '#exercises-one'
    >>> soup.select_one(".md-nav--secondary li a")["href"]
    '#solutions'
    """
    exercises = soup.find(id=EXERCISES_PAGE)
    solutions = exercises.select("details.success") if exercises else []
    if not solutions:
        log.warning("print page: no solutions found on the %s page", EXERCISES_PAGE)
        return
    appendix = soup.new_tag("section", attrs={"class": "print-page", "id": APPENDIX_ID})
    title = soup.new_tag("h1")
    title.string = APPENDIX_TITLE
    appendix.append(title)
    for number, details in enumerate(solutions, start=1):
        exercise = details.find_previous(["h2", "h3"])
        name = _heading_text(exercise)
        anchor = f"solution-{number}"
        heading = soup.new_tag("h2", attrs={"id": anchor})
        heading.string = name
        box = soup.new_tag("div", attrs={"class": "admonition success"})
        box_title = soup.new_tag("p", attrs={"class": "admonition-title"})
        back = soup.new_tag("a", attrs={"href": f"#{exercise['id']}"})
        back.string = f"Exercise: {name}"
        box_title.append(back)
        box.append(box_title)
        details.summary.decompose()
        for child in list(details.children):
            box.append(child.extract())
        appendix.extend([heading, box])
        pointer = soup.new_tag("p", attrs={"class": "print-solution-pointer"})
        pointer.append("The solution is in the appendix: ")
        link = soup.new_tag("a", attrs={"href": f"#{anchor}"})
        link.string = f"{APPENDIX_TITLE}, {name}"
        pointer.append(link)
        pointer.append(".")
        details.replace_with(pointer)
    soup.find(id="print-site-page").append(appendix)
    contents = soup.select_one(".md-nav--secondary ul")
    if contents is not None:
        item = soup.new_tag("li", attrs={"class": "md-nav__item"})
        entry = soup.new_tag("a", attrs={"class": "md-nav__link", "href": f"#{APPENDIX_ID}"})
        entry.string = APPENDIX_TITLE
        item.append(entry)
        contents.append(item)


def _heading_text(heading) -> str:
    """Return a heading's text without its permalink sign."""
    return "".join(
        str(text) for text in heading.find_all(string=True) if not text.find_parent("a")
    ).strip()


def link_unique_anchors(soup: BeautifulSoup) -> None:
    """Rename the ids that links point to under print-site's page-key prefix.

    print-site turns a link to ``equations/#BP1`` into ``#equations-BP1`` but renames only
    heading (and list and footnote) ids: an id on any other element, in the section of page
    ``equations``, becomes ``equations-BP1`` here when some link asks for it.

    >>> soup = BeautifulSoup('<section class="print-page" id="equations"><span id="BP1">'
    ...     '</span></section><a href="#equations-BP1">(BP1)</a>', "html.parser")
    >>> link_unique_anchors(soup)
    >>> soup.span["id"]
    'equations-BP1'
    """
    ids = {element["id"] for element in soup.find_all(id=True)}
    sections = {
        section["id"]: {element["id"]: element for element in section.find_all(id=True)}
        for section in soup.select("section.print-page[id]")
    }
    for link in soup.select('a[href^="#"]'):
        target = urllib.parse.unquote(link["href"][1:])
        if not target or target in ids:
            continue
        key, _, anchor = target.partition("-")
        while anchor:
            element = sections.get(key, {}).get(anchor)
            if element is not None:
                element["id"] = target
                ids.add(target)
                break
            head, _, anchor = anchor.partition("-")
            key = f"{key}-{head}"
