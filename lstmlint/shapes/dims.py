"""Dimensions: a known size, Keras' own ``None``, a named symbol, or unknown.

* ``int``      -- a size the analysis proved (``32``).
* ``None``     -- a dimension Keras itself leaves undefined (batch, ``shape=(None, 8)``).
* ``Sym``      -- a size that exists but is not known statically, shown by its source
                  text (``n_steps``, ``X.shape[1]``, ``2 * units``). Two syms are equal only
                  when they are provably the same value; otherwise nothing is assumed.
* ``UNKNOWN``  -- the analysis lost track. Never the basis of a finding.
"""

from __future__ import annotations

import itertools
import threading
from dataclasses import dataclass, field
from typing import TypeGuard

_fresh = itertools.count(1)


class _Unknown:
    """Singleton for "the analysis does not know" (a value, a dim or a flag)."""

    _instance: _Unknown | None = None

    def __new__(cls) -> _Unknown:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNKNOWN"

    def __str__(self) -> str:
        return "?"


UNKNOWN = _Unknown()


@dataclass(frozen=True, init=False)
class Sym:
    """A symbolic size. ``key`` decides identity, ``name`` is what users see."""

    name: str = field(compare=False)
    key: object

    def __init__(self, name: str, key: object) -> None:
        # not the frozen dataclass' ``__init__`` (``object.__setattr__`` per field): twice as fast
        fields = self.__dict__
        fields["name"] = name
        fields["key"] = key

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def fresh(name: str) -> Sym:
        return Sym(name, ("var", name, next(_fresh)))

    @staticmethod
    def named(name: str) -> Sym:
        """A free name the program never binds: every use denotes the same value."""
        return Sym(name, ("free", name))


Dim = int | None | Sym | _Unknown


def is_int(d: object) -> TypeGuard[int]:
    kind = type(d)  # a plain int first: asked hundreds of thousands of times per run
    return kind is int or (kind is not bool and isinstance(d, int))


# the kinds of ``Sym`` key that stand for a number: a size read from a shape (``"dim"``), a
# hyperas template drawing ints (``"hyperas"``, ``"hyperas-int"``); ``"var"`` (an unknown value
# bound to a name), ``"free"`` (a name never bound, an expression not evaluated) and ``"attr"``
# (an attribute of one) may be anything: a tensor, a list, ...
_NUMBER_KINDS = frozenset({"dim", "hyperas", "hyperas-int"})
_HYPERAS_NUMBER = "hyperas-number"  # ``{{uniform(0, 1)}}``: a ``"var"`` key that is a number


def _number_key(key: object) -> bool:
    if type(key) is bool:
        return False
    if isinstance(key, (int, float)):
        return True
    if not isinstance(key, tuple) or not key:
        return False
    kind = key[0]
    if kind in _NUMBER_KINDS or key in _sizes():
        return True
    if kind == "var":
        return len(key) > 1 and key[1] == _HYPERAS_NUMBER
    if kind in _ARITH_KINDS and len(key) == 3:
        return _number_key(key[1]) and _number_key(key[2])
    return False


# keys of symbols for unknown values the program has since used as a size (``Dense(units)``,
# ``Input((n, 3))``: Keras takes only ints there): from then on they are numbers (``x / units``).
# Only ``"var"`` keys, unique to one binding (a ``"free"`` key is a bare name, the same in every
# file: marking it would carry over to the next file analysed). Forgetting is always sound (a
# forgotten size is no longer a scalar: unknown), so the set is bounded by emptying it. One set
# per thread, emptied when an analysis begins (``forget_sizes``): a file's result never depends
# on the files analysed before it in the same process (``--jobs`` gives the same output).
_local = threading.local()
_MAX_SIZES = 100_000


def _sizes() -> set[object]:
    try:
        found: set[object] = _local.sizes
    except AttributeError:
        found = _local.sizes = set()
    return found


def forget_sizes() -> None:
    """Start an analysis with no symbol known to be a size (see ``_sizes``)."""
    _local.sizes = set()


def note_sizes(dims: tuple[object, ...]) -> None:
    """The fresh symbols among ``dims`` (the dims of a shape) are sizes, so numbers."""
    for d in dims:
        if type(d) is Sym:
            key = d.key
            if type(key) is tuple and key and key[0] == "var":
                sizes = _sizes()
                if len(sizes) >= _MAX_SIZES:
                    sizes.clear()
                sizes.add(key)


def is_number(v: object) -> bool:
    """Whether the analysis knows ``v`` is a number: a Python int or float (never a bool), or a
    symbol of a number (a size read from a shape, arithmetic on such sizes). A symbol standing
    for an unknown value (``Sym.fresh``, ``Sym.named``) is not: it may be a tensor or a list,
    so it is never taken for a scalar in tensor arithmetic."""
    if isinstance(v, Sym):
        return _number_key(v.key)
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def fmt_dim(d: Dim) -> str:
    if d is None:
        return "None"
    if d is UNKNOWN:
        return "?"
    if is_int(d) and d.bit_length() > 4096:  # Python refuses str() past 4,300 digits
        return f"<an integer of {d.bit_length():,} bits>"
    return str(d)


def same(a: Dim, b: Dim) -> bool | None:
    """True/False when provable, None when it cannot be decided."""
    if is_int(a) and is_int(b):
        return a == b
    if isinstance(a, Sym) and isinstance(b, Sym) and a == b:
        return True
    return None


def differ(a: Dim, b: Dim) -> bool:
    """True only when two sizes are provably different."""
    return same(a, b) is False


_PRECEDENCE = {"+": 1, "-": 1, "*": 2, "//": 2, "/": 2, "%": 2}
_ARITH_KINDS = frozenset(_PRECEDENCE)


def _operand(d: object, op: str, right: bool) -> str:
    text = fmt_dim(d)  # type: ignore[arg-type]
    if isinstance(d, Sym) and isinstance(d.key, tuple) and d.key[0] in _PRECEDENCE:
        inner = d.key[0]
        if _PRECEDENCE[inner] < _PRECEDENCE[op] or (right and _PRECEDENCE[inner] == _PRECEDENCE[op]):
            text = f"({text})"
    return text


def _key(d: object) -> object:
    return d.key if isinstance(d, Sym) else d


def arith(op: str, a: Dim, b: Dim) -> Dim:
    """Arithmetic on dims: ints fold, ``None`` propagates, symbols stay symbolic."""
    if a is UNKNOWN or b is UNKNOWN:
        return UNKNOWN
    if is_int(a) and is_int(b):
        if op == "+":
            return a + b
        if op == "-":
            return a - b
        if op == "*":
            return a * b
        if op == "//":
            return a // b if b else UNKNOWN
        if op == "%":
            return a % b if b else UNKNOWN
        return UNKNOWN
    if a is None or b is None:
        return None
    if op in ("+", "-") and is_int(b) and b == 0:
        return a
    if op == "*" and is_int(b) and b == 1:
        return a
    if op == "*" and is_int(a) and a == 1:
        return b
    if op in ("//", "/") and is_int(b) and b == 1:
        return a
    if op not in _PRECEDENCE:
        return UNKNOWN
    name = f"{_operand(a, op, False)} {op} {_operand(b, op, True)}"
    return Sym(name, (op, _key(a), _key(b)))


def product(dims: tuple[Dim, ...] | list[Dim]) -> Dim:
    out: Dim = 1
    for d in dims:
        out = arith("*", out, d)
    return out
