"""Small, composable libcst edits, keyed by the identity of nodes of one parsed module.

A fix is a tuple of edits. Edits of several fixes computed on the same module can be applied
together in one pass; everything the edits do not touch is left byte for byte as it was
(libcst keeps whitespace, comments and the module's newline style).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import libcst as cst

EditKey = tuple[Any, ...]  # what two edits of the same thing share (to merge or conflict)


@dataclass(frozen=True)
class SetKeyword:
    """Add or replace ``name=value`` in a call; ``value=None`` removes the keyword."""

    call: cst.Call
    name: str
    value: str | None

    def key(self) -> EditKey:
        return ("kw", id(self.call), self.name)


@dataclass(frozen=True)
class ReplaceExpr:
    """Replace one expression (e.g. a merge's list element) with new code."""

    node: cst.BaseExpression
    code: str

    def key(self) -> EditKey:
        return ("expr", id(self.node))


@dataclass(frozen=True)
class InsertBefore:
    """Insert statements right before ``stmt`` (a statement directly in a module or block body).

    Comments and blank lines above ``stmt`` move above the first inserted statement, so the
    new statements sit between the comment and the statement it describes.
    """

    stmt: cst.BaseStatement
    code: tuple[str, ...]

    def key(self) -> EditKey:
        return ("before", id(self.stmt), self.code)


@dataclass(frozen=True)
class AddImportName:
    """Add ``name`` to a ``from ... import a, b`` statement."""

    stmt: cst.ImportFrom
    name: str

    def key(self) -> EditKey:
        return ("import", id(self.stmt), self.name)


@dataclass(frozen=True)
class InsertElement:
    """Insert an element at ``index`` of a list or tuple literal."""

    seq: cst.List | cst.Tuple
    index: int
    code: str

    def key(self) -> EditKey:
        return ("element", id(self.seq), self.index, self.code)


Edit = SetKeyword | ReplaceExpr | InsertBefore | AddImportName | InsertElement


class EditConflict(Exception):
    """Two edits want different things of the same node."""


def apply_edits(module: cst.Module, edits: Sequence[Edit]) -> cst.Module:
    """Apply ``edits`` (all made on ``module``) in one pass; duplicate edits count once."""
    unique: dict[EditKey, Edit] = {}
    for e in edits:
        k = e.key()
        if k in unique and unique[k] != e:
            raise EditConflict(f"conflicting edits: {unique[k]} / {e}")
        unique[k] = e
    return module.visit(_Applier(list(unique.values())))


class _Applier(cst.CSTTransformer):
    def __init__(self, edits: list[Edit]) -> None:
        super().__init__()
        self.keywords: dict[int, list[SetKeyword]] = {}
        self.exprs: dict[int, ReplaceExpr] = {}
        self.before: dict[int, list[InsertBefore]] = {}
        self.imports: dict[int, list[str]] = {}
        self.elements: dict[int, list[InsertElement]] = {}
        for e in edits:
            if isinstance(e, SetKeyword):
                self.keywords.setdefault(id(e.call), []).append(e)
            elif isinstance(e, ReplaceExpr):
                self.exprs[id(e.node)] = e
            elif isinstance(e, InsertBefore):
                self.before.setdefault(id(e.stmt), []).append(e)
            elif isinstance(e, AddImportName):
                self.imports.setdefault(id(e.stmt), []).append(e.name)
            elif isinstance(e, InsertElement):
                self.elements.setdefault(id(e.seq), []).append(e)

    def on_leave(  # type: ignore[override]
        self, original_node: cst.CSTNode, updated_node: cst.CSTNode
    ) -> cst.CSTNode | cst.RemovalSentinel | cst.FlattenSentinel[cst.CSTNode]:
        node = super().on_leave(original_node, updated_node)
        oid = id(original_node)
        if oid in self.keywords and isinstance(node, cst.Call):
            for kw in self.keywords[oid]:
                node = set_keyword(node, kw.name, kw.value)
        if oid in self.elements and isinstance(node, (cst.List, cst.Tuple)):
            for el in sorted(self.elements[oid], key=lambda e: -e.index):
                node = insert_element(node, el.index, el.code)
        if oid in self.imports and isinstance(node, cst.ImportFrom):
            for name in self.imports[oid]:
                node = add_import_name(node, name)
        if oid in self.exprs and isinstance(node, cst.BaseExpression):
            new = cst.parse_expression(self.exprs[oid].code)
            node = new.with_changes(lpar=node.lpar, rpar=node.rpar) if node.lpar else new
        return node

    def _body(self, original: Sequence[cst.CSTNode], updated: Sequence[cst.CSTNode]) -> list[Any] | None:
        if not any(id(s) in self.before for s in original):
            return None
        out: list[Any] = []
        for orig, upd in zip(original, updated):
            for e in self.before.get(id(orig), ()):
                new = [cst.parse_statement(code) for code in e.code]
                leading = getattr(upd, "leading_lines", ())
                if leading and new:
                    new[0] = new[0].with_changes(leading_lines=leading)
                    upd = upd.with_changes(leading_lines=())
                out.extend(new)
            out.append(upd)
        return out

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module) -> cst.Module:
        body = self._body(original_node.body, updated_node.body)
        return updated_node if body is None else updated_node.with_changes(body=body)

    def leave_IndentedBlock(
        self, original_node: cst.IndentedBlock, updated_node: cst.IndentedBlock
    ) -> cst.IndentedBlock:
        body = self._body(original_node.body, updated_node.body)
        return updated_node if body is None else updated_node.with_changes(body=body)


# ------------------------------------------------------------------ helpers
def _plain_ws(ws: cst.BaseParenthesizableWhitespace) -> cst.BaseParenthesizableWhitespace:
    """A copy of a separator's whitespace without any comment it carries (comments stay put)."""
    if isinstance(ws, cst.ParenthesizedWhitespace) and ws.first_line.comment is not None:
        return ws.with_changes(first_line=cst.TrailingWhitespace(), empty_lines=())
    return ws


def _separator(items: Sequence[Any], opening_ws: object) -> cst.Comma:
    """The comma that separates two items in this sequence's own layout."""
    for item in items[:-1]:
        comma = item.comma
        if isinstance(comma, cst.Comma):
            return comma.with_changes(whitespace_after=_plain_ws(comma.whitespace_after))
    if isinstance(opening_ws, cst.ParenthesizedWhitespace):
        return cst.Comma(whitespace_after=_plain_ws(opening_ws))
    return cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))


def set_keyword(call: cst.Call, name: str, value: str | None) -> cst.Call:
    args = list(call.args)
    for i, a in enumerate(args):
        if a.keyword is not None and a.keyword.value == name:
            if value is None:
                return call.with_changes(args=_remove(args, i))
            args[i] = a.with_changes(value=cst.parse_expression(value))
            return call.with_changes(args=args)
    if value is None:
        return call
    equal = cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace(""))
    for a in args:
        if a.keyword is not None and isinstance(a.equal, cst.AssignEqual):
            equal = a.equal
            break
    new = cst.Arg(value=cst.parse_expression(value), keyword=cst.Name(name), equal=equal)
    if not args:
        return call.with_changes(args=[new])
    # after the positional arguments, before the keywords (as a person would write it)
    k = next((i for i, a in enumerate(args) if a.keyword is not None or a.star == "**"), len(args))
    if k == 0:
        k = len(args)
    if k < len(args):
        sep = args[k - 1].comma
        if isinstance(sep, cst.Comma):
            sep = sep.with_changes(whitespace_after=_plain_ws(sep.whitespace_after))
        else:
            sep = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
        new = new.with_changes(comma=sep)
        return call.with_changes(args=[*args[:k], new, *args[k:]])
    last = args[-1]
    sep = _separator(args, call.whitespace_before_args)
    new = new.with_changes(comma=last.comma, whitespace_after_arg=last.whitespace_after_arg)
    args[-1] = last.with_changes(comma=sep, whitespace_after_arg=cst.SimpleWhitespace(""))
    return call.with_changes(args=[*args, new])


def _remove(args: list[cst.Arg], i: int) -> list[cst.Arg]:
    removed = args[i]
    rest = args[:i] + args[i + 1 :]
    if i == len(args) - 1 and i > 0:
        prev = rest[i - 1]
        rest[i - 1] = prev.with_changes(comma=removed.comma, whitespace_after_arg=removed.whitespace_after_arg)
    return rest


def add_import_name(stmt: cst.ImportFrom, name: str) -> cst.ImportFrom:
    names = stmt.names
    if isinstance(names, cst.ImportStar):
        return stmt
    names = list(names)
    if any(isinstance(a.name, cst.Name) and a.name.value == name and a.asname is None for a in names):
        return stmt
    new = cst.ImportAlias(name=cst.Name(name))
    last = names[-1]
    ws = stmt.lpar.whitespace_after if stmt.lpar is not None else None
    sep = _separator(names, ws)
    new = new.with_changes(comma=last.comma)
    names[-1] = last.with_changes(comma=sep)
    return stmt.with_changes(names=[*names, new])


def insert_element(seq: cst.List | cst.Tuple, index: int, code: str) -> cst.List | cst.Tuple:
    elements = list(seq.elements)
    new = cst.Element(value=cst.parse_expression(code))
    opening = (
        seq.lbracket.whitespace_after
        if isinstance(seq, cst.List)
        else (seq.lpar[0].whitespace_after if seq.lpar else None)
    )
    if not elements:
        return seq.with_changes(elements=[new])
    sep = _separator(elements, opening)
    if index < len(elements):
        return seq.with_changes(elements=[*elements[:index], new.with_changes(comma=sep), *elements[index:]])
    last = elements[-1]
    new = new.with_changes(comma=last.comma)
    elements[-1] = last.with_changes(comma=sep)
    return seq.with_changes(elements=[*elements, new])
