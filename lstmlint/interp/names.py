"""What a statement binds and which names it mentions, computed once per node; and a node's text.

``havoc`` asks, for every loop it does not unroll, which names the loop assigns and which it
reads. Walking the tree again each time was about half of lstmlint's time on real code, so
each node is walked once and the answer kept for the life of the module (the nodes are kept
alive by the index, so their identity stays valid).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass

import libcst as cst

from lstmlint.source.imports import dotted


def target_names(target: cst.CSTNode) -> set[str]:
    """The names an assignment target binds (``a``, ``a, (b, *c)``; not ``x.y`` or ``x[i]``)."""
    if isinstance(target, cst.Name):
        return {target.value}
    if isinstance(target, (cst.Tuple, cst.List)):
        names: set[str] = set()
        for el in target.elements:
            names |= target_names(el.value)
        return names
    if isinstance(target, cst.StarredElement):
        return target_names(target.value)
    return set()


# fields that never hold a name: whitespace, parentheses, commas, operators, comments
_SKIPPED_FIELDS = frozenset(
    {
        "lpar",
        "rpar",
        "comma",
        "semicolon",
        "colon",
        "equal",
        "dot",
        "header",
        "footer",
        "indent",
        "leading_lines",
        "lines_after_decorators",
        "trailing_whitespace",
        "newline",
        "operator",
        "star",
        "arrow",
        "asynchronous",
        "default_comma",
        "default_equal",
    }
)
_FIELDS: dict[type, tuple[str, ...]] = {}
_BINDERS = (cst.AssignTarget, cst.AnnAssign, cst.AugAssign, cst.For, cst.NamedExpr, cst.Del)
_CLOSED = (cst.FunctionDef, cst.ClassDef, cst.CompFor)


def _fields(kind: type) -> tuple[str, ...]:
    names = _FIELDS.get(kind)
    if names is None:
        names = _FIELDS[kind] = tuple(
            f.name
            for f in dataclasses.fields(kind)
            if f.name not in _SKIPPED_FIELDS and not f.name.startswith("whitespace")
        )
    return names


def children(node: cst.CSTNode) -> Iterator[cst.CSTNode]:
    """The child nodes that may hold names, read from the node's fields (libcst's own
    ``children`` and visitors rebuild every node they pass: many times slower)."""
    for name in _fields(type(node)):
        value = getattr(node, name)
        if isinstance(value, cst.CSTNode):
            yield value
        elif isinstance(value, (list, tuple)):
            for item in value:
                if isinstance(item, cst.CSTNode):
                    yield item


@dataclass(frozen=True)
class Facts:
    """What one walk of a node finds."""

    assigned: frozenset[str]  # names it may bind (not in nested defs, classes, comprehensions)
    mentioned: frozenset[str]  # every identifier: names, attribute names, keywords
    called: frozenset[str]  # names it calls directly: ``len`` in ``len(x) == 2``


def collect(node: cst.CSTNode) -> Facts:
    assigned: set[str] = set()
    mentioned: set[str] = set()
    called: set[str] = set()
    stack: list[tuple[cst.CSTNode, bool]] = [(node, False)]
    while stack:
        current, closed = stack.pop()
        if isinstance(current, cst.Name):
            mentioned.add(current.value)
            continue
        if not closed:
            if isinstance(current, _BINDERS):
                assigned.update(target_names(current.target))
            elif isinstance(current, cst.AsName):
                assigned.update(target_names(current.name))
            elif isinstance(current, (cst.FunctionDef, cst.ClassDef)):
                assigned.add(current.name.value)
            elif isinstance(current, cst.ImportAlias) and current.asname is None:
                full = dotted(current.name)
                if full:
                    assigned.add(full.split(".")[0])
        if isinstance(current, cst.Call) and isinstance(current.func, cst.Name):
            called.add(current.func.value)
        inner = closed or isinstance(current, _CLOSED)
        stack.extend((child, inner) for child in children(current))
    return Facts(frozenset(assigned), frozenset(mentioned), frozenset(called))


class NameIndex:
    """``assigned(node)`` / ``mentioned(node)`` / ``called(node)``, each node walked at most once."""

    def __init__(self) -> None:
        self._cache: dict[int, tuple[cst.CSTNode, Facts]] = {}

    def facts(self, node: cst.CSTNode) -> Facts:
        entry = self._cache.get(id(node))
        if entry is None or entry[0] is not node:
            entry = (node, collect(node))
            self._cache[id(node)] = entry
        return entry[1]

    def assigned(self, node: cst.CSTNode) -> frozenset[str]:
        """Names ``node`` may bind in the scope it runs in."""
        return self.facts(node).assigned

    def mentioned(self, node: cst.CSTNode) -> frozenset[str]:
        """Every identifier in ``node`` (a superset of the names it reads or writes)."""
        return self.facts(node).mentioned

    def called(self, node: cst.CSTNode) -> frozenset[str]:
        """The plain names ``node`` calls (``f`` in ``f(x)``)."""
        return self.facts(node).called


def _bare(node: cst.BaseExpression) -> bool:
    return not node.lpar and not node.rpar


def fast_text(node: cst.CSTNode) -> str | None:
    """The source text of the commonest small expressions (``x``, ``x.shape``, ``3``), built
    without libcst's code generation; None for anything else."""
    if isinstance(node, cst.Name) and _bare(node):
        return node.value
    if isinstance(node, cst.Integer) and _bare(node):
        return node.value
    if isinstance(node, cst.Attribute) and _bare(node):
        dot = node.dot
        if (
            isinstance(dot.whitespace_before, cst.SimpleWhitespace)
            and not dot.whitespace_before.value
            and isinstance(dot.whitespace_after, cst.SimpleWhitespace)
            and not dot.whitespace_after.value
            and _bare(node.attr)
        ):
            base = fast_text(node.value)
            return None if base is None else f"{base}.{node.attr.value}"
    return None
