"""Python's builtins and the methods of lists and dicts, on abstract values.

Plain Python semantics only; a builtin given a library value (``len`` of an array) is first
offered to the overlays by the evaluator.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import libcst as cst

from lstmlint.interp.values import NOT_FOLLOWED, Arg, Scope
from lstmlint.shapes import UNKNOWN, Sym, is_int
from lstmlint.source.imports import Ref

if TYPE_CHECKING:
    from lstmlint.interp.context import Context

MAX_RANGE = 4096
BUILTINS = frozenset(
    {
        "int",
        "len",
        "tuple",
        "list",
        "max",
        "min",
        "abs",
        "round",
        "print",
        "range",
        "sum",
        "enumerate",
        "zip",
        "reversed",
        "float",
        "str",
        "bool",
        "isinstance",
        "super",
        "sorted",
        "dict",
        "set",
        "open",
        "getattr",
    }
)
_BUILTIN_TYPES: dict[str, type] = {
    "list": list,
    "tuple": tuple,
    "dict": dict,
    "int": int,
    "float": float,
    "str": str,
    "bool": bool,
}


def builtin_isinstance(value: Any, types: Any) -> Any:
    """``isinstance(v, list)`` and friends when both sides are known; else UNKNOWN."""
    kinds = types if isinstance(types, tuple) else (types,)
    wanted = []
    for k in kinds:
        if not (isinstance(k, Ref) and k.qual.startswith("builtins.") and k.qual[9:] in _BUILTIN_TYPES):
            return UNKNOWN
        wanted.append(_BUILTIN_TYPES[k.qual[9:]])
    if isinstance(value, (list, tuple, dict, str, bool, int, float)) and not isinstance(value, Sym):
        return isinstance(value, tuple(wanted))
    if value is None:
        return False  # ``isinstance(mask, list)`` with ``mask=None``: None is none of these types
    return UNKNOWN


def builtin_types(types: Any) -> bool:
    """Whether ``types`` is a builtin type or a tuple of them (``isinstance``'s second argument)."""
    kinds = types if isinstance(types, tuple) else (types,)
    return all(isinstance(k, Ref) and k.qual.startswith("builtins.") and k.qual[9:] in _BUILTIN_TYPES for k in kinds)


def fold_builtin(name: str, args: list[Any]) -> Any:
    """Constant folding of ``int``/``len``/``tuple``/``list``/``max``/``min``/``sum``/``abs``."""
    try:
        if name == "int" and len(args) == 1 and isinstance(args[0], (int, float)):
            return int(args[0])
        if name == "len" and len(args) == 1 and isinstance(args[0], (tuple, list)):
            return len(args[0])
        if name in ("tuple", "list") and len(args) == 1 and isinstance(args[0], (tuple, list)):
            return tuple(args[0]) if name == "tuple" else list(args[0])
        if name in ("max", "min", "sum") and args and all(is_int(a) for a in args):
            if name == "max":
                return max(args)
            if name == "min":
                return min(args)
            return sum(args)
        if name == "abs" and len(args) == 1 and is_int(args[0]):
            return abs(args[0])
    except (TypeError, ValueError):
        return UNKNOWN
    return UNKNOWN


class Builtins:
    """Builtin calls and container methods; ``ctx.broken`` says which containers are unknown."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def call(self, name: str, pos: list[Any], kw: dict[str, Any]) -> Any:
        known = self.ctx.known
        if name == "range" and pos and all(is_int(p) for p in pos) and not kw:
            r = range(*pos)
            return tuple(r) if len(r) <= MAX_RANGE else UNKNOWN
        if name == "enumerate" and pos and isinstance(pos[0], (list, tuple)):
            start = pos[1] if len(pos) > 1 else kw.get("start", 0)
            if not is_int(start) or not known(pos[0]):
                return UNKNOWN
            return tuple((start + i, v) for i, v in enumerate(pos[0]))
        if name == "zip" and pos and all(isinstance(p, (list, tuple)) and known(p) for p in pos):
            return tuple(zip(*pos))
        if name == "reversed" and len(pos) == 1 and isinstance(pos[0], (list, tuple)):
            return tuple(reversed(pos[0]))
        if name == "len" and len(pos) == 1 and isinstance(pos[0], (list, tuple, dict)):
            return len(pos[0]) if known(pos[0]) else UNKNOWN
        if name == "len" and len(pos) == 1 and isinstance(pos[0], str):
            return len(pos[0])  # a string is immutable: its length is its literal's
        if name in ("float", "str", "bool") and len(pos) == 1 and isinstance(pos[0], (int, float, str, bool)):
            try:
                return {"float": float, "str": str, "bool": bool}[name](pos[0])
            except ValueError:
                return UNKNOWN
        if name == "print":
            return None
        if name == "isinstance" and len(pos) == 2:
            return builtin_isinstance(pos[0], pos[1])
        if name == "dict":
            if not pos:
                return dict(kw)
            if len(pos) == 1 and isinstance(pos[0], dict) and known(pos[0]):
                return {**pos[0], **kw}
        return NOT_FOLLOWED

    # -------------------------------------------------------------- dicts
    def dict_method(self, d: dict[Any, Any], name: str, args: list[Arg] | None) -> Any:
        pos = [a.value for a in args or () if a.keyword is None]
        known = self.ctx.known(d)
        if name == "get" and pos and known and isinstance(pos[0], (str, int)):
            return d.get(pos[0], pos[1] if len(pos) > 1 else None)
        if name in ("items", "keys", "values") and known and not pos:
            return tuple({"items": d.items, "keys": d.keys, "values": d.values}[name]())
        if name == "copy" and known:
            return dict(d)
        if name == "update" and args is not None and len(pos) <= 1:
            if pos and not (isinstance(pos[0], dict) and self.ctx.known(pos[0])):
                self.ctx.broken.add(id(d))
                return None
            d.update(pos[0] if pos else {})
            d.update({a.keyword: a.value for a in args if a.keyword is not None})
            return None
        if name in ("get", "items", "keys", "values", "copy"):
            return UNKNOWN
        self.ctx.broken.add(id(d))  # pop, setdefault, clear, ...: contents no longer known
        return UNKNOWN

    def list_method(self, obj: list[Any], name: str, args: list[Arg] | None, node: cst.CSTNode) -> Any:
        if name == "append" and args and len(args) == 1:
            obj.append(args[0].value)
            return None
        if name == "extend" and args and isinstance(args[0].value, (list, tuple)):
            obj.extend(args[0].value)
            return None
        # ``shape.insert(axis - 1, shape.pop(1))`` on a list whose contents are known
        pos = [a.value for a in args or () if a.keyword is None]
        if args is not None and len(pos) == len(args) and self.ctx.known(obj):
            if name == "insert" and len(pos) == 2 and is_int(pos[0]):
                obj.insert(pos[0], pos[1])
                return None
            if name == "pop" and (not pos or (len(pos) == 1 and is_int(pos[0]) and -len(obj) <= pos[0] < len(obj))):
                if obj:
                    return obj.pop(*pos)
            if name == "reverse" and not pos:
                obj.reverse()
                return None
        self.ctx.lose_value(obj, node, f"list `.{name}()` not followed")
        obj[:] = [UNKNOWN] * len(obj)
        return UNKNOWN

    def set_item(self, target: cst.Subscript, value: Any, env: Scope) -> bool:
        """``d[k] = v`` / ``lst[i] = v`` with a known key: followed; otherwise the container's
        contents become unknown."""
        base = self.ctx.eval(target.value, env)
        if not isinstance(base, (dict, list)):
            return False
        key: Any = UNKNOWN
        if len(target.slice) == 1 and isinstance(target.slice[0].slice, cst.Index):
            key = self.ctx.eval(target.slice[0].slice.value, env)
        if isinstance(base, dict) and isinstance(key, (str, int)) and not isinstance(key, bool):
            base[key] = value
        elif isinstance(base, list) and is_int(key) and -len(base) <= key < len(base):
            base[key] = value
        else:
            self.ctx.broken.add(id(base))
            self.ctx.flow.alike.pop(id(base), None)  # an item of any kind may now be in it
        return True
