"""Python's builtins and the methods of lists and dicts, on abstract values.

Plain Python semantics only; a builtin given a library value (``len`` of an array) is first
offered to the overlays by the evaluator.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import libcst as cst

from lstmlint.interp.values import NOT_FOLLOWED, Arg, ClassValue, Scope
from lstmlint.shapes import UNKNOWN, Sym, is_int, is_number
from lstmlint.source.imports import Ref

if TYPE_CHECKING:
    from lstmlint.interp.context import Context

MAX_RANGE = 4096
_MAX_TEXT = 100_000  # a string method's result longer than this stays unknown
# string methods of no argument the analysis computes on a known string
_STR_NO_ARGS = frozenset(
    {"lower", "upper", "casefold", "capitalize", "title", "swapcase", "isdigit", "isalpha", "isalnum"}
    | {"islower", "isupper", "isspace", "isidentifier", "isnumeric", "isdecimal"}
)


def _unknown_sized(value: Any) -> bool:
    """An unknown value, or a symbol for one that is not a number: ``len`` of it is a size."""
    return value is UNKNOWN or (type(value) is Sym and not is_number(value))


def _strings(value: Any) -> bool:
    """A string, or a list/tuple of strings (``str.startswith``'s argument, ``str.join``'s)."""
    if type(value) is str:
        return True
    return isinstance(value, (list, tuple)) and all(type(v) is str for v in value)


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
        "all",
        "any",
        "super",
        "sorted",
        "dict",
        "set",
        "open",
        "getattr",
        "hasattr",
        "eval",
        "issubclass",
        "iter",
        "next",
    }
)
MAX_SUM_TERMS = 64  # ``sum(xs)`` of values that are not ints: added one by one up to this many
MAX_EVAL_SOURCE = 2000  # longest string ``eval`` parses (test ids, layer expressions)
MAX_EVAL_DEPTH = 4  # ``eval`` within evaluated strings
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


def _walk(node: cst.CSTNode) -> Iterator[cst.CSTNode]:
    """``node`` and every node below it."""
    todo = [node]
    while todo:
        current = todo.pop()
        yield current
        todo.extend(current.children)


# a ``%`` conversion with a width or precision of 4+ digits or ``*``: not formatted (its size)
_WIDE_CONVERSION = re.compile(r"%[^a-zA-Z%]*(\d{4,}|\*)")


def format_percent(template: str, values: Any) -> Any:
    """``template % values`` (printf-style) when the values are plain constants the analysis
    knows; UNKNOWN otherwise, or when Python would refuse it."""
    items = values if type(values) is tuple else (values,)
    if not all(type(v) in (int, float, str, bool) for v in items) or _WIDE_CONVERSION.search(template):
        return UNKNOWN
    try:
        return template % values
    except (TypeError, ValueError, KeyError, OverflowError):
        return UNKNOWN


def _subclass(cls: Any, target: Any, depth: int) -> Any:
    """``issubclass(cls, target)`` for the program's classes (``ClassValue``) and library
    classes (``Ref``): True, False, or UNKNOWN where a library class's own bases would decide."""
    if cls is target:
        return True
    if depth > 32:
        return UNKNOWN
    if type(cls) is Ref:
        if type(target) is ClassValue:
            return False  # a library class never derives from the program's
        return True if type(target) is Ref and target.qual == cls.qual else UNKNOWN
    if type(cls) is not ClassValue or type(target) not in (ClassValue, Ref):
        return UNKNOWN
    found = [_subclass(base, target, depth + 1) for base in cls.bases]
    return True if True in found else False if all(f is False for f in found) else UNKNOWN


def fold_builtin(name: str, args: list[Any]) -> Any:
    """Constant folding of ``int``/``len``/``tuple``/``list``/``max``/``min``/``sum``/``abs``."""
    try:
        if name == "int" and len(args) == 1 and isinstance(args[0], (int, float)):
            return int(args[0])
        if name == "len" and len(args) == 1 and isinstance(args[0], (tuple, list)):
            return len(args[0])
        if name in ("tuple", "list") and len(args) == 1 and isinstance(args[0], (tuple, list)):
            return tuple(args[0]) if name == "tuple" else list(args[0])
        if name in ("max", "min", "sum") and args and all(is_int(a) or type(a) is float for a in args):
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


# The environment lstmlint judges a program in: Keras on its TensorFlow backend (Keras 3's default;
# the only backend of Keras 2 as tf.keras). A program that reads ``KERAS_BACKEND`` to pick its
# code path is followed on TensorFlow's path; once the program itself changes the variable to
# anything else (or in a way not followed), reads of it are unknown.
ASSUMED_ENVIRONMENT: dict[str, str] = {"KERAS_BACKEND": "tensorflow"}
ENVIRON = "os.environ"
_ENVIRON_READS = frozenset({"os.environ.get", "os.getenv"})
_ENVIRON_WRITES = frozenset(
    {"os.environ.update", "os.environ.pop", "os.environ.popitem", "os.environ.clear", "os.environ.__setitem__"}
)
# Attributes present in every TensorFlow 2.x and Keras release the analysis judges (checked on
# TensorFlow 2.21 / Keras 3.15 / tf_keras 2.21): ``hasattr(tf, "data")`` is True; any other
# ``hasattr`` of a library stays unknown.
MODULE_ATTRIBUTES: dict[str, frozenset[str]] = {
    "tensorflow": frozenset(
        {"data", "compat", "keras", "nn", "math", "linalg", "signal", "random", "io", "image", "config", "function"}
    ),
    # not ``ops``: Keras 3 only
    "keras": frozenset({"layers", "models", "backend", "utils", "optimizers", "losses", "metrics"}),
    "numpy": frozenset({"array", "random", "linalg", "ndarray", "zeros", "ones"}),
}


class Builtins:
    """Builtin calls and container methods; ``ctx.broken`` says which containers are unknown."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        # (``eval`` source, id of the call) -> its parse, and the call (kept: its id is never reused)
        self._parsed: dict[tuple[str, int], tuple[cst.BaseExpression | None, cst.CSTNode]] = {}
        self._eval_calls: dict[int, cst.CSTNode] = {}  # id of a parsed node -> the ``eval`` call
        self._eval_depth = 0
        self.environ_changed: set[str] = set()  # variables the program set to other values
        self.environ_cleared = False  # ``os.environ.update(...)`` and the like: nothing is assumed

    def call(self, name: str, pos: list[Any], kw: dict[str, Any], node: cst.CSTNode | None = None) -> Any:
        known = self.ctx.known
        if name == "eval":
            return self.eval_source(pos, kw, node)
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
        if name == "len" and len(pos) == 1 and not kw and node is not None and _unknown_sized(pos[0]):
            # ``Dense(len(chars))`` of a list built from data: one size, named after the call (as
            # ``n = len(chars)`` binds ``n`` to a fresh symbol), never equal to another's
            return Sym.fresh(self.ctx.source(node))
        if name in ("float", "str", "bool") and len(pos) == 1 and isinstance(pos[0], (int, float, str, bool)):
            try:
                return {"float": float, "str": str, "bool": bool}[name](pos[0])
            except ValueError:
                return UNKNOWN
        if name == "print":
            return None
        if name == "issubclass" and len(pos) == 2 and not kw:
            targets = pos[1] if type(pos[1]) is tuple else (pos[1],)
            found = [_subclass(pos[0], t, 0) for t in targets]
            return True if True in found else False if all(f is False for f in found) else UNKNOWN
        if name == "hasattr" and len(pos) == 2 and not kw:
            return self.has_attribute(pos[0], pos[1])
        if name == "getattr" and len(pos) == 2 and not kw:
            return self.get_attribute(pos[0], pos[1])
        if name in ("sum", "max", "min") and len(pos) == 1 and not kw and isinstance(pos[0], (list, tuple)):
            # ``sum([1 for li in trees if i < len(li)])``: of a known list of ints (``sum`` of ()
            # is 0; ``max``/``min`` of () raise, left unknown)
            items = pos[0]
            if not known(items) or (name != "sum" and not items):
                return UNKNOWN
            if all(is_int(v) for v in items):
                return sum(items) if name == "sum" else max(items) if name == "max" else min(items)
            if name == "sum" and 0 < len(items) <= MAX_SUM_TERMS:
                total: Any = 0  # ``sum(tensors)``: 0 + t0 + t1 + ..., each ``+`` as the program's own
                for v in items:
                    total = self.ctx.evaluator.binop("+", total, v, node)
                    if total is UNKNOWN:
                        return UNKNOWN
                return total
            return UNKNOWN
        if name in ("all", "any") and len(pos) == 1 and not kw:
            return self.all_any(name, pos[0])
        if name == "super":  # in a method of a class of the program
            return self.ctx.classes.super_of(pos, self.ctx.current_scope)
        if name == "isinstance" and len(pos) == 2:
            found = self.ctx.classes.isinstance_of(pos[0], pos[1])  # a class of the program
            return builtin_isinstance(pos[0], pos[1]) if found is NOT_FOLLOWED else found
        if name == "dict":
            if not pos:
                return dict(kw)
            if len(pos) == 1 and isinstance(pos[0], dict) and known(pos[0]):
                return {**pos[0], **kw}
        return NOT_FOLLOWED

    def has_attribute(self, base: Any, attr: Any) -> Any:
        """``hasattr(tf, "data")`` of a library module and an attribute it always has: True;
        anything else is not decided here."""
        if type(base) is Ref and type(attr) is str and attr in MODULE_ATTRIBUTES.get(base.qual, ()):
            return True
        return NOT_FOLLOWED

    # ------------------------------------------------------------ os.environ
    def environ_value(self, key: Any) -> Any:
        """The value of environment variable ``key`` in the assumed environment, or NOT_FOLLOWED."""
        if type(key) is not str or self.environ_cleared or key in self.environ_changed:
            return NOT_FOLLOWED
        return ASSUMED_ENVIRONMENT.get(key, NOT_FOLLOWED)

    def environ_call(self, qual: str, args: list[Arg] | None) -> Any:
        """``os.environ.get("KERAS_BACKEND")`` / ``os.getenv(...)``: the assumed value; a call that
        changes ``os.environ`` wholesale makes every later read unknown."""
        if qual in _ENVIRON_WRITES:
            self.environ_cleared = True
            return NOT_FOLLOWED
        if qual not in _ENVIRON_READS or args is None or not args or args[0].keyword is not None:
            return NOT_FOLLOWED
        return self.environ_value(args[0].value)

    def environ_set(self, key: Any, value: Any) -> None:
        """``os.environ[key] = value``: kept only when it sets the value already assumed."""
        if type(key) is not str:
            self.environ_cleared = True
        elif ASSUMED_ENVIRONMENT.get(key) != value or type(value) is not str:
            self.environ_changed.add(key)

    def get_attribute(self, base: Any, attr: Any) -> Any:
        """``getattr(module, "Conv%dD" % dims)`` with a name the analysis knows, on a library
        reference or one of the project's modules: as ``module.Conv2D``. Other objects (and a
        default value, which a missing attribute would give) are not followed."""
        if type(attr) is not str or not attr.isidentifier() or attr.startswith("__"):
            return NOT_FOLLOWED
        if type(base) is Ref:
            return base.attr(attr)
        from lstmlint.interp.modules import ModuleValue  # here: ``modules`` imports the evaluator's side

        if type(base) is ModuleValue and self.ctx.modules is not None:
            found = self.ctx.modules.attribute(base, attr)
            return Ref(f"{base.qual}.{attr}") if found is NOT_FOLLOWED else found
        return NOT_FOLLOWED

    def all_any(self, name: str, items: Any) -> Any:
        """``all(xs)`` / ``any(xs)`` of a known list or tuple: decided by the items whose truth is
        known (one false item makes ``all`` False, one true item makes ``any`` True); UNKNOWN
        when an undecided item could change the answer."""
        if not isinstance(items, (list, tuple)) or not self.ctx.known(items):
            return UNKNOWN
        truths = [self.ctx.flow.truth(v) for v in items]
        decisive = name == "any"  # the item value that decides the answer
        if any(t is decisive for t in truths):
            return decisive
        return (not decisive) if all(t is (not decisive) for t in truths) else UNKNOWN

    # -------------------------------------------------------------- eval
    def eval_source(self, pos: list[Any], kw: dict[str, Any], node: cst.CSTNode | None) -> Any:
        """``eval(s)`` of a string the analysis knows: ``s`` is parsed as an expression and
        evaluated abstractly in the current scope, as Python evaluates it there (never run).
        A string not known, not an expression, or given its own namespaces stays unknown."""
        if len(pos) != 1 or kw or node is None or self._eval_depth >= MAX_EVAL_DEPTH:
            return NOT_FOLLOWED
        text = pos[0]
        if type(text) is not str or len(text) > MAX_EVAL_SOURCE:
            return NOT_FOLLOWED
        key = (text, id(node))  # one parse per string and call: its nodes are the same on every use
        parsed = self._parsed.get(key)
        if parsed is None:
            expr: cst.BaseExpression | None
            try:
                expr = cst.parse_expression(text.strip())
            except (cst.ParserSyntaxError, RecursionError, ValueError):
                expr = None
            parsed = self._parsed[key] = (expr, node)
            if expr is not None:
                self._eval_calls.update((id(n), node) for n in _walk(expr))
        expr = parsed[0]
        if expr is None:
            return NOT_FOLLOWED
        self._eval_depth += 1
        try:
            return self.ctx.eval(expr, self.ctx.current_scope)
        finally:
            self._eval_depth -= 1

    def relocator(self) -> Callable[[cst.CSTNode], cst.CSTNode | None] | None:
        """For a node parsed from an ``eval`` string: the ``eval`` call it was evaluated at
        (where its findings and layers are shown); None when nothing was evaluated."""
        calls = self._eval_calls
        if not calls:
            return None
        keep = list(self._parsed.values())  # the parsed nodes stay alive: no id is reused

        def at_call(node: cst.CSTNode) -> cst.CSTNode | None:
            call = calls.get(id(node)) if keep else None
            while call is not None and id(call) in calls:  # ``eval`` inside an evaluated string
                call = calls[id(call)]
            return call

        return at_call

    # ------------------------------------------------------------ strings
    def str_method(self, text: str, name: str, args: list[Arg] | None) -> Any:
        """``text.name(...)`` of a known string with known string arguments, as Python computes
        it (``method.lower()`` before ``if self.method == "concat"``); else unknown."""
        if args is None or any(a.keyword is not None for a in args):
            return UNKNOWN
        pos = [a.value for a in args]
        if name in _STR_NO_ARGS and not pos:
            found: Any = getattr(text, name)()
        elif name in ("strip", "lstrip", "rstrip") and len(pos) <= 1 and all(p is None or type(p) is str for p in pos):
            found = getattr(text, name)(*pos)
        elif name in ("startswith", "endswith") and len(pos) == 1 and type(pos[0]) in (str, tuple) and _strings(pos[0]):
            found = getattr(text, name)(pos[0])
        elif name == "replace" and len(pos) == 2 and all(type(p) is str for p in pos):
            if (len(text) + 1) * (len(pos[1]) + 1) > _MAX_TEXT:  # a bound on the result's length
                return UNKNOWN
            found = text.replace(pos[0], pos[1])
        elif name in ("split", "rsplit") and len(pos) <= 2 and (not pos or pos[0] is None or type(pos[0]) is str):
            if (pos and pos[0] == "") or (len(pos) == 2 and type(pos[1]) is not int):
                return UNKNOWN  # Python refuses an empty separator
            found = getattr(text, name)(*pos)
        elif name == "join" and len(pos) == 1 and isinstance(pos[0], (list, tuple)) and self.ctx.known(pos[0]):
            if not _strings(pos[0]):
                return UNKNOWN
            found = text.join(pos[0])
        else:
            return UNKNOWN
        return UNKNOWN if isinstance(found, str) and len(found) > _MAX_TEXT else found

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
                self.ctx.broken[id(d)] = d
                return None
            d.update(pos[0] if pos else {})
            d.update({a.keyword: a.value for a in args if a.keyword is not None})
            return None
        keyword = any(a.keyword is not None for a in args or ())
        if name == "pop" and known and not keyword and 1 <= len(pos) <= 2 and type(pos[0]) in (str, int):
            if pos[0] in d:
                return d.pop(pos[0])  # ``kwargs.pop("size")`` before ``Layer(**kwargs)``
            if len(pos) == 2:
                return pos[1]
        if name == "setdefault" and known and not keyword and 1 <= len(pos) <= 2 and type(pos[0]) in (str, int):
            return d.setdefault(pos[0], pos[1] if len(pos) == 2 else None)
        if name in ("get", "items", "keys", "values", "copy"):
            return UNKNOWN
        self.ctx.broken[id(d)] = d  # pop, setdefault, clear, ...: contents no longer known
        return UNKNOWN

    def list_method(self, obj: list[Any], name: str, args: list[Arg] | None, node: cst.CSTNode) -> Any:
        if name == "append" and args and len(args) == 1:
            obj.append(args[0].value)
            return None
        if name == "extend" and args and isinstance(args[0].value, (list, tuple)):
            obj.extend(args[0].value)
            return None
        if name == "copy" and args is not None and not args:
            # ``x_in = x_inp.copy()``: a shallow copy, its contents as known as the original's
            copied = list(obj)
            if not self.ctx.known(obj):
                self.ctx.broken[id(copied)] = copied
                rep = self.ctx.flow.representative(obj)  # a list of unknown length of like items
                if rep is not None:
                    self.ctx.flow.alike[id(copied)] = (copied, rep)
            return copied
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
        if not isinstance(base, (dict, list)) and not (type(base) is Ref and base.qual == ENVIRON):
            return False
        key: Any = UNKNOWN
        if len(target.slice) == 1 and isinstance(target.slice[0].slice, cst.Index):
            key = self.ctx.eval(target.slice[0].slice.value, env)
        if type(base) is Ref:
            self.environ_set(key, value)
            return True
        if isinstance(base, dict) and isinstance(key, (str, int)) and not isinstance(key, bool):
            base[key] = value
        elif isinstance(base, list) and is_int(key) and -len(base) <= key < len(base):
            base[key] = value
        else:
            self.ctx.broken[id(base)] = base
            self.ctx.flow.alike.pop(id(base), None)  # an item of any kind may now be in it
        return True
