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
