"""Python's standard library where model code computes sizes with it: sets of known constants
(``set(d.keys()).intersection(...)``), ``itertools.accumulate`` and the ``operator`` functions.

Plain Python semantics on values the analysis knows; anything else stays unknown.

- **Sets.** ``set(xs)``/``frozenset(xs)`` of a known list, tuple or set of constants (None,
  bools, numbers, strings, tuples of them) is a ``SetValue``: an immutable snapshot. The
  methods that make a new set or answer a question (``union``, ``intersection``,
  ``difference``, ``symmetric_difference``, ``issubset``, ``issuperset``, ``isdisjoint``,
  ``copy``) are computed on known arguments; ``len``, ``in`` and truth are Python's. Every
  other method (``add``, ``update``, ``discard``...) changes the set in place, which the
  snapshot does not follow: the set's contents become unknown (``ctx.broken``), as a list's do,
  and so they do when code the analysis does not follow is given the set (``lose_value``).
  Operators on sets (``|``, ``&``, ``-``) stay unknown.
- **``itertools.accumulate(xs, func)``** of known numbers with ``func`` absent,
  ``operator.add``/``mul``/``sub``/``max``/``min`` (or the builtins ``max``/``min``), and
  ``initial=``; **``operator.add``/``sub``/``mul``/``floordiv``/``truediv``/``mod``** called on
  two known numbers (also as ``functools.reduce(operator.mul, xs)``).
"""

from __future__ import annotations

import functools
import itertools
import operator
from collections.abc import Callable
from typing import Any

import libcst as cst

from lstmlint.interp.overlays.base import Overlay
from lstmlint.interp.values import NOT_FOLLOWED, Arg, BoundMethod
from lstmlint.source.imports import Ref

MAX_ITEMS = 4096  # longest list/set computed on


class SetValue(frozenset[Any]):
    """A set of known constants (a distinct object even when empty, so that ``ctx.broken``,
    which is kept by ``id``, marks this set only)."""


_CONSTANTS = (type(None), bool, int, float, str)

# set methods computed on known arguments; the rest change the set in place
_SET_QUERIES: dict[str, Callable[..., Any]] = {
    "union": frozenset.union,
    "intersection": frozenset.intersection,
    "difference": frozenset.difference,
    "symmetric_difference": frozenset.symmetric_difference,
    "issubset": frozenset.issubset,
    "issuperset": frozenset.issuperset,
    "isdisjoint": frozenset.isdisjoint,
    "copy": frozenset.copy,
}

_BINARY: dict[str, Callable[[Any, Any], Any]] = {
    "operator.add": operator.add,
    "operator.sub": operator.sub,
    "operator.mul": operator.mul,
    "operator.floordiv": operator.floordiv,
    "operator.truediv": operator.truediv,
    "operator.mod": operator.mod,
    "builtins.max": max,
    "builtins.min": min,
}
_ACCUMULATE = ("operator.add", "operator.sub", "operator.mul", "builtins.max", "builtins.min")
# the functions ``call_ref`` follows besides the ``operator`` module's
_CALLS = frozenset({"builtins.frozenset", "itertools.accumulate", "functools.reduce"})


def _constant(v: Any) -> bool:
    if type(v) is tuple:
        return all(_constant(x) for x in v)
    return isinstance(v, _CONSTANTS)


def _number(v: Any) -> bool:
    return type(v) in (int, float)


class StdlibOverlay(Overlay):
    name = "stdlib"

    def _items(self, value: Any) -> list[Any] | None:
        """The items of a known list, tuple or set of constants, or the keys of a known dict;
        None otherwise."""
        if type(value) is dict:
            value = list(value) if self.ctx.known(value) else None
        if isinstance(value, SetValue) or type(value) in (list, tuple):
            if len(value) <= MAX_ITEMS and self.ctx.known(value) and all(_constant(v) for v in value):
                return list(value)
        return None

    # --------------------------------------------------------------- builtins
    def builtin(self, name: str, pos: list[Any], kw: dict[str, Any]) -> Any:
        if kw:
            return NOT_FOLLOWED
        if name == "set":
            if not pos:
                return SetValue()
            items = self._items(pos[0]) if len(pos) == 1 else None
            return NOT_FOLLOWED if items is None else SetValue(items)
        if len(pos) == 1 and isinstance(pos[0], SetValue):
            if not self.ctx.known(pos[0]):
                return NOT_FOLLOWED
            if name == "len":
                return len(pos[0])
            if name == "bool":
                return bool(pos[0])
        return NOT_FOLLOWED

    def truth(self, value: Any) -> Any:
        if isinstance(value, SetValue) and self.ctx.known(value):
            return bool(value)
        return NOT_FOLLOWED

    # ------------------------------------------------------------------ sets
    def lose_value(self, value: Any, node: cst.CSTNode | None, why: str) -> bool:
        if isinstance(value, SetValue):
            self.ctx.broken[id(value)] = value  # code not followed may have changed it in place
            return True
        return False

    def attribute(self, base: Any, attr: str, node: cst.Attribute) -> Any:
        if isinstance(base, SetValue):
            return BoundMethod(base, attr)
        return NOT_FOLLOWED

    def call_method(self, obj: Any, name: str, args: list[Arg] | None, node: cst.Call) -> Any:
        if not isinstance(obj, SetValue):
            return NOT_FOLLOWED
        query = _SET_QUERIES.get(name)
        if query is None:
            self.ctx.broken[id(obj)] = obj  # changed in place: its contents are no longer known
            return NOT_FOLLOWED
        if args is None or any(a.keyword is not None or a.star for a in args) or not self.ctx.known(obj):
            return NOT_FOLLOWED
        others = [self._items(a.value) for a in args]
        if any(o is None for o in others):
            return NOT_FOLLOWED
        found = query(obj, *[frozenset(o or ()) for o in others])
        return SetValue(found) if isinstance(found, frozenset) else found

    # ----------------------------------------------------- itertools, operator
    def call_ref(self, ref: Ref, args: list[Arg] | None, node: cst.Call) -> Any:
        qual = ref.qual
        # last of the overlays: every imported name no other follows comes here (``plt.plot``,
        # ``os.path.join``), and is refused before its arguments are read
        if qual not in _CALLS and not qual.startswith("operator."):
            return NOT_FOLLOWED
        if args is None or any(a.star for a in args):
            return NOT_FOLLOWED
        pos = [a.value for a in args if a.keyword is None]
        kw = {a.keyword: a.value for a in args if a.keyword is not None}
        if qual == "builtins.frozenset" and len(pos) <= 1 and not kw:
            items = self._items(pos[0]) if pos else []
            return NOT_FOLLOWED if items is None else SetValue(items)
        if qual == "itertools.accumulate":
            return self._accumulate(pos, kw)
        if qual == "functools.reduce" and 2 <= len(pos) <= 3 and not kw:
            step = _BINARY.get(pos[0].qual) if isinstance(pos[0], Ref) else None
            items = None if isinstance(pos[1], SetValue) else self._items(pos[1])  # (a set's order is Python's)
            if step is None or items is None or not all(_number(v) for v in items):
                return NOT_FOLLOWED
            if len(pos) == 3 and not _number(pos[2]):
                return NOT_FOLLOWED
            return self._apply(lambda: functools.reduce(step, items, *pos[2:]))
        func = _BINARY.get(qual)
        if func is not None and qual.startswith("operator.") and len(pos) == 2 and not kw:
            if all(_number(v) for v in pos):
                return self._apply(lambda: func(pos[0], pos[1]))
        return NOT_FOLLOWED

    def _accumulate(self, pos: list[Any], kw: dict[str, Any]) -> Any:
        if not 1 <= len(pos) <= 2 or set(kw) - {"func", "initial"}:
            return NOT_FOLLOWED
        items = self._items(pos[0])
        if items is None or not all(_number(v) for v in items) or isinstance(pos[0], SetValue):
            return NOT_FOLLOWED
        func_ref = pos[1] if len(pos) == 2 else kw.get("func")
        func: Callable[[Any, Any], Any] = operator.add
        if func_ref is not None:
            if not (isinstance(func_ref, Ref) and func_ref.qual in _ACCUMULATE):
                return NOT_FOLLOWED
            func = _BINARY[func_ref.qual]
        initial = kw.get("initial")
        if initial is not None and not _number(initial):
            return NOT_FOLLOWED
        return self._apply(lambda: tuple(itertools.accumulate(items, func, initial=initial)))

    @staticmethod
    def _apply(compute: Callable[[], Any]) -> Any:
        """``compute()``, or NOT_FOLLOWED where Python would raise (a division by zero)."""
        try:
            return compute()
        except (ArithmeticError, TypeError, ValueError):
            return NOT_FOLLOWED
