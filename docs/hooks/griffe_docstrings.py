"""Griffe extension: render the package's docstrings on the API page as their authors meant.

The docstrings of ``backprop`` follow NumPy style with a few Sphinx habits that mkdocstrings
(Markdown) does not understand. Loaded by the mkdocstrings handler (``extensions:`` in
``mkdocs.yml``), this extension rewrites, before rendering:

* Sphinx roles, ``:func:`load```, ``:class:`~backprop.Network```, into cross-references
  to the object they name, resolved in the docstring's own scope, so they become links;
  a role naming nothing known is a warning (which fails the strict build);
* doctest blocks outside an ``Examples`` section (``>>>`` lines up to the next blank line)
  into ``pycon`` code blocks, or, after another section, into an ``Examples`` section
  (griffe renders those);
* ``#:`` comments above a module or class attribute into that attribute's docstring, so
  documented constants are rendered (and can be linked to).
"""

from __future__ import annotations

import ast
import builtins
import logging
import re

import griffe

log = logging.getLogger("mkdocs.hooks.griffe_docstrings")

_ROLE = re.compile(
    r":(?:py:)?(?:func|meth|class|mod|attr|data|obj|exc|const):"
    r"`(?:(?P<title>[^`<]+?)\s*<(?P<target>[^`>]+)>|(?P<tilde>~?)(?P<name>[\w.]+?)(?:\(\))?)`"
)
_SECTION_UNDERLINE = re.compile(r"\s*-{3,}\s*$")


class SphinxDocstrings(griffe.Extension):
    """Rewrite Sphinx roles, bare doctests and ``#:`` comments (see the module docstring)."""

    def on_attribute_instance(self, *, node, attr, **kwargs) -> None:
        if attr.docstring is not None or not isinstance(node, ast.AST):
            return
        lines = attr.lines_collection[attr.filepath]  # the whole file
        comments = []
        index = attr.lineno - 2  # the line above the assignment, 0-based
        while index >= 0 and lines[index].lstrip().startswith("#:"):
            comments.insert(0, lines[index].lstrip()[2:].strip())
            index -= 1
        if comments:
            attr.docstring = griffe.Docstring(
                "\n".join(comments), lineno=index + 2, endlineno=attr.lineno - 1, parent=attr
            )

    def on_package(self, *, pkg, loader, **kwargs) -> None:
        for obj in _walk(pkg):
            if obj.docstring is not None:
                obj.docstring.value = _rewrite(obj.docstring.value, obj, loader)


def _rewrite(text: str, obj, loader) -> str:
    """Return ``obj``'s docstring text with fenced doctests and cross-referencing roles."""
    return _ROLE.sub(lambda match: _crossref(match, obj, loader), fence_doctests(text))


def _walk(obj):
    yield obj
    for member in obj.members.values():
        if not member.is_alias:
            yield from _walk(member)


def fence_doctests(text: str) -> str:
    """Make every ``>>>`` block of a docstring render as code.

    A block in the description (before any section) becomes a ``pycon`` fence; a block that
    follows another section (``Raises``, ``Returns``...) gets its own ``Examples`` header;
    blocks already in ``Examples`` are left to griffe.

    >>> fence_doctests("Sum.\\n\\n>>> 1 + 1\\n2").splitlines()
    ['Sum.', '', '```pycon', '>>> 1 + 1', '2', '```']
    >>> fence_doctests("Raises\\n------\\nE\\n\\n>>> f()").splitlines()
    ['Raises', '------', 'E', '', 'Examples', '--------', '>>> f()']
    """
    lines = text.split("\n")
    out: list[str] = []
    section = None
    in_fence = False
    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if i + 1 < len(lines) and stripped and _SECTION_UNDERLINE.fullmatch(lines[i + 1]):
            section = stripped
        if stripped.startswith("```"):
            in_fence = not in_fence
        if in_fence or section in ("Examples", "Example") or not stripped.startswith(">>>"):
            out.append(line)
            i += 1
            continue
        if out and out[-1].strip():
            out.append("")
        if section is not None:
            out += ["Examples", "--------"]
            section = "Examples"
            continue
        indent = line[: len(line) - len(line.lstrip())]
        out.append(f"{indent}```pycon")
        while i < len(lines) and lines[i].strip():
            out.append(lines[i])
            i += 1
        out.append(f"{indent}```")
    return "\n".join(out)


def _crossref(match: re.Match, obj, loader) -> str:
    """Return a Markdown cross-reference for one Sphinx role found in ``obj``'s docstring."""
    name = (match["target"] or match["name"]).lstrip(".~")
    title = match["title"] or (name.rsplit(".", 1)[-1] if match["tilde"] else name)
    path = _resolve(name, obj)
    package = obj.package.path
    if path == name and "." not in name and not hasattr(builtins, name):
        log.warning("%s: %s names nothing in scope", obj.path, match.group(0))
        return f"`{title}`"
    if path.split(".")[0] != package:  # a built-in or another library's object: no link
        return f"`{title}`"
    try:
        target = loader.modules_collection[path]
    except (KeyError, ValueError):
        log.warning("%s: %s names nothing in %s", obj.path, match.group(0), package)
        return f"`{title}`"
    if target.is_alias:
        target = target.final_target
    if not (target.is_module or target.docstring is not None) or target.name.startswith("_"):
        return f"`{title}`"  # not rendered on the API page: nothing to link to
    return f"[`{title}`][{target.path}]"


def _resolve(name: str, obj) -> str:
    """Return the full path ``name`` stands for in ``obj``'s scope (itself if not found)."""
    head, _, rest = name.partition(".")
    scope = obj if obj.is_module or obj.is_class else obj.parent
    try:
        base = scope.resolve(head)
    except griffe.NameResolutionError:
        return name
    return f"{base}.{rest}" if rest else base
