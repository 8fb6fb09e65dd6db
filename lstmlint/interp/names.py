"""What a statement binds and which names it mentions, computed once per node; and a node's text.

``havoc`` asks, for every loop it does not unroll, which names the loop assigns and which it
reads. Walking the tree again each time was about half of lstmlint's time on real code, so
each node is walked once and the answer kept for the life of the module (the nodes are kept
alive by the index, so their identity stays valid).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, cast

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


def node_kinds(*bases: type) -> frozenset[type]:
    """``bases`` and every subclass of them: ``type(node) in node_kinds(...)`` is ``isinstance``
    without the abstract base class machinery (libcst's node classes are ABCs, where a failed
    ``isinstance`` costs ten times a set lookup)."""
    found: set[type] = set()
    todo = list(bases)
    while todo:
        kind = todo.pop()
        if kind not in found:
            found.add(kind)
            todo.extend(kind.__subclasses__())
    return frozenset(found)


_NODE = node_kinds(cst.CSTNode)
_NAME = node_kinds(cst.Name)
_BINDERS = node_kinds(cst.AssignTarget, cst.AnnAssign, cst.AugAssign, cst.For, cst.NamedExpr, cst.Del)
_AS_NAME = node_kinds(cst.AsName)
_DEFS = node_kinds(cst.FunctionDef, cst.ClassDef)
_IMPORT_ALIAS = node_kinds(cst.ImportAlias)
_CALL = node_kinds(cst.Call)
_CLOSED = node_kinds(cst.FunctionDef, cst.ClassDef, cst.CompFor)
_INTEGER = node_kinds(cst.Integer)
_ATTRIBUTE = node_kinds(cst.Attribute)


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
        if type(value) in _NODE:
            yield value
        elif isinstance(value, (list, tuple)):
            for item in value:
                if type(item) in _NODE:
                    yield item


_SCOPES = frozenset({cst.FunctionDef, cst.ClassDef, cst.Lambda})


def own_scope_ends(node: cst.CSTNode) -> bool:
    """Whether ``node`` opens a scope of its own (a ``def``, a class, a lambda): for ``subtree``,
    where a function's own body ends."""
    return type(node) in _SCOPES


def subtree(node: cst.CSTNode, closed: Callable[[cst.CSTNode], bool] | None = None) -> Iterator[cst.CSTNode]:
    """``node`` and the nodes below it that may hold a name (``children``), each before its
    children, in field order; nothing below a node ``closed`` accepts (what a libcst visitor's
    ``visit_X`` returning False skips). The nodes a visitor is called on, but for whitespace and
    punctuation: a visitor rebuilds, and re-validates, every node it passes (the few checks
    written as visitors cost 2 % of the analysis on the real-code corpora)."""
    stack: list[cst.CSTNode] = [node]
    pop, extend = stack.pop, stack.extend
    while stack:
        current = pop()
        yield current
        if closed is None or not closed(current):
            extend(reversed(tuple(children(current))))


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
    stack: list[tuple[Any, bool]] = [(node, False)]
    pop, push = stack.pop, stack.append
    while stack:
        current, closed = pop()
        kind = type(current)
        if kind in _NAME:
            mentioned.add(current.value)
            continue
        if not closed:
            if kind in _BINDERS:
                assigned.update(target_names(current.target))
            elif kind in _AS_NAME:
                assigned.update(target_names(current.name))
            elif kind in _DEFS:
                assigned.add(current.name.value)
            elif kind in _IMPORT_ALIAS and current.asname is None:
                full = dotted(current.name)
                if full:
                    assigned.add(full.split(".")[0])
        if kind in _CALL and type(current.func) in _NAME:
            called.add(current.func.value)
        inner = closed or kind in _CLOSED
        for field in _FIELDS.get(kind) or _fields(kind):
            value = getattr(current, field)
            if type(value) in _NODE:
                push((value, inner))
            elif isinstance(value, (list, tuple)):
                for item in value:
                    if type(item) in _NODE:
                        push((item, inner))
    return Facts(frozenset(assigned), frozenset(mentioned), frozenset(called))


_YIELD = node_kinds(cst.Yield)


def contains_yield(node: cst.CSTNode) -> bool:
    """Whether a ``yield`` appears anywhere in ``node``, nested functions and lambdas included
    (what ``libcst.matchers.findall(node, m.Yield())`` finds, about a hundred times faster)."""
    return any(type(n) in _YIELD for n in subtree(node))


def own_yields(body: cst.CSTNode) -> Iterator[cst.Yield]:
    """The ``yield`` expressions of a function's own ``body``: not those of the functions,
    classes or lambdas inside it."""
    for n in subtree(body, own_scope_ends):
        if type(n) in _YIELD:
            yield cast(cst.Yield, n)


def super_calls(body: cst.CSTNode, method: str) -> Iterator[cst.Call]:
    """The ``super().method(...)`` / ``super(C, self).method(...)`` calls in ``body``, nested
    functions included."""
    for n in subtree(body):
        if type(n) is not cst.Call:
            continue
        f = n.func
        if (
            isinstance(f, cst.Attribute)
            and f.attr.value == method
            and isinstance(f.value, cst.Call)
            and isinstance(f.value.func, cst.Name)
            and f.value.func.value == "super"
        ):
            yield n


class NameIndex:
    """``assigned(node)`` / ``mentioned(node)`` / ``called(node)``, each node walked at most once;
    ``text(node, module)``, each node's text generated at most once."""

    def __init__(self) -> None:
        self._cache: dict[int, tuple[cst.CSTNode, Facts]] = {}
        self._texts: dict[int, tuple[cst.CSTNode, str]] = {}

    def text(self, node: cst.CSTNode, module: cst.Module) -> str:
        """The source text of ``node`` (a node of ``module``), stripped: ``short_text`` when it can,
        else libcst's code generation, kept for the next time (unrolled loops and repeated calls
        ask for the same nodes again and again)."""
        entry = self._texts.get(id(node))
        if entry is None or entry[0] is not node:
            fast = short_text(node)
            entry = (node, module.code_for_node(node).strip() if fast is None else fast)
            self._texts[id(node)] = entry
        return entry[1]

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
    kind = type(node)  # a set lookup: a failed ``isinstance`` on libcst's ABCs costs ten times more
    if kind in _NAME or kind in _INTEGER:
        leaf = cast(cst.Name | cst.Integer, node)
        return leaf.value if _bare(leaf) else None
    if kind in _ATTRIBUTE:
        attribute = cast(cst.Attribute, node)
        before, after = attribute.dot.whitespace_before, attribute.dot.whitespace_after
        if (
            _bare(attribute)
            and isinstance(before, cst.SimpleWhitespace)
            and not before.value
            and isinstance(after, cst.SimpleWhitespace)
            and not after.value
            and _bare(attribute.attr)
        ):
            base = fast_text(attribute.value)
            return None if base is None else f"{base}.{attribute.attr.value}"
    return None


def _no_space(ws: Any) -> bool:
    return type(ws) is cst.SimpleWhitespace and not ws.value


def short_text(node: cst.CSTNode) -> str | None:
    """``fast_text``, and the text of a string (``'same'``), a subscript of one index
    (``x.shape[-1]``, ``config['units']``) and a call of at most one plain argument
    (``len(ids)``), written without spaces or parentheses, of parts it can write too; None for
    anything else (libcst's code generation writes it)."""
    found = fast_text(node)
    if found is not None:
        return found
    kind = type(node)
    if kind is cst.SimpleString:
        string = cast(cst.SimpleString, node)
        return string.value if _bare(string) else None
    if kind is cst.Subscript:  # ``x[i]``: one index, no star, no comma, no space
        subscript = cast(cst.Subscript, node)
        if len(subscript.slice) != 1 or not _bare(subscript) or not _no_space(subscript.whitespace_after_value):
            return None
        element = subscript.slice[0]
        index = element.slice
        if (
            type(index) is not cst.Index
            or index.star is not None
            or element.comma is not cst.MaybeSentinel.DEFAULT
            or not _no_space(subscript.lbracket.whitespace_after)
            or not _no_space(subscript.rbracket.whitespace_before)
        ):
            return None
        base, inner = short_text(subscript.value), short_text(index.value)
        return None if base is None or inner is None else f"{base}[{inner}]"
    if kind is cst.Call:  # ``f()``, ``f(x)``: at most one plain argument, no space
        call = cast(cst.Call, node)
        if (
            len(call.args) > 1
            or not _bare(call)
            or not _no_space(call.whitespace_after_func)
            or not _no_space(call.whitespace_before_args)
        ):
            return None
        func = short_text(call.func)
        if func is None:
            return None
        if not call.args:
            return f"{func}()"
        arg = call.args[0]
        if (
            arg.keyword is not None
            or arg.star
            or arg.comma is not cst.MaybeSentinel.DEFAULT
            or not _no_space(arg.whitespace_after_star)
            or not _no_space(arg.whitespace_after_arg)
        ):
            return None
        value = short_text(arg.value)
        return None if value is None else f"{func}({value})"
    return None


def decorator_name(d: cst.Decorator) -> str:
    """The last name of a decorator (``property``, ``mark.parametrize`` -> ``parametrize``)."""
    expr = d.decorator
    if isinstance(expr, cst.Call):
        expr = expr.func
    if isinstance(expr, cst.Attribute):
        return expr.attr.value
    if isinstance(expr, cst.Name):
        return expr.value
    return ""


# nodes under which no statement can appear (a ``with`` is a statement): pruned by the search
_NO_STATEMENTS = node_kinds(cst.BaseExpression, cst.SimpleStatementLine, cst.SimpleStatementSuite)


def nodes_inside_with(node: cst.CSTNode, opens: Callable[[cst.Call], bool]) -> set[int]:
    """Ids of every node inside the bodies of the ``with`` statements in ``node`` one of whose
    items is a call ``opens`` accepts (``with pytest.raises(...):``), in one walk of the fields
    (a libcst visitor costs many times more on a long test). The search for the ``with``
    statements passes over expressions and simple statements (none can hold one): a test's
    body is mostly those. ``opens`` is asked of the same ``with`` items, in the same order, as
    by a walk of every node."""
    inside: set[int] = set()
    stack: list[cst.CSTNode] = [node]
    pop, extend = stack.pop, stack.extend
    while stack:
        current = pop()
        kind = type(current)
        if kind in _NO_STATEMENTS:
            continue
        if kind is cst.With and any(
            type(item.item) is cst.Call and opens(item.item) for item in cast(cst.With, current).items
        ):
            body: list[cst.CSTNode] = [cast(cst.With, current).body]
            while body:  # every node of the body, as ``children`` reaches them
                inner = body.pop()
                inside.add(id(inner))
                body.extend(children(inner))
            continue
        extend(children(current))
    return inside
