"""Cheap checks before libcst sees a file, so one hostile file costs that file, never the run.

libcst's native parser crashes the whole process (a segmentation fault, not an exception) on
valid Python nested deeply enough: ``a and a and ...`` 8,000 times, 1,500 nested brackets, a
long ``.attr`` or ``[0]`` chain. Its cost also grows fast with size: a valid 2 MiB file of
200,000 short lines takes it about 35 s and 4.7 GB. And the abstract interpreter walks
expressions recursively, so an expression a few hundred levels deep that CPython compiles
would end in ``RecursionError``.

``check(text)`` scans the text once with the standard ``tokenize`` module (pure Python, no
recursion) and returns why the file is not checked, or None. What it measures:

* the number of lines (``MAX_LINES``);
* the *expression depth*: every open bracket is one level, and inside each bracket level every
  operator since the last ``,``/``:``/``=`` (``a + b + c``, ``a.b.c``, ``not not x``) and every
  call or subscript (``f(x)(y)``, ``a[0][0]``) is one more, since libcst and the interpreter
  build one tree level for each; the deepest point of any statement must stay within
  ``MAX_DEPTH``;
* integer literals longer than CPython converts (``sys.get_int_max_str_digits()``, 4,300): CPython
  itself refuses to compile them.

The bounds are far beyond hand-written code (CPython itself refuses more than 200 nested
brackets) and well inside what libcst and the interpreter handle.
"""

from __future__ import annotations

import io
import sys
import tokenize
from dataclasses import dataclass

MAX_LINES = 30_000
MAX_DEPTH = 200

# operators that add a level to the syntax tree (binary, unary, comparison, attribute access)
_OPERATORS = frozenset(
    {
        "+",
        "-",
        "*",
        "/",
        "//",
        "%",
        "**",
        "@",
        "<<",
        ">>",
        "&",
        "|",
        "^",
        "~",
        "<",
        ">",
        "<=",
        ">=",
        "==",
        "!=",
        ".",
        "->",
    }
)
_WORD_OPERATORS = frozenset({"and", "or", "not", "in", "is", "if", "else", "lambda", "await"})
_SEPARATORS = frozenset(
    {",", ":", ";", "=", ":=", "+=", "-=", "*=", "/=", "//=", "%=", "**=", "@=", "<<=", ">>=", "&=", "|=", "^="}
)
_OPEN, _CLOSE = frozenset("([{"), frozenset(")]}")


@dataclass(frozen=True)
class TooComplex:
    """Why a file is not checked, and the line where the bound was passed."""

    message: str
    line: int = 1


def check(text: str, max_lines: int = MAX_LINES, max_depth: int = MAX_DEPTH) -> TooComplex | None:
    """None when ``text`` is safe to hand to libcst and the interpreter; else why not."""
    lines = text.count("\n") + (0 if text.endswith("\n") or not text else 1)
    if lines > max_lines:
        return TooComplex(f"file not checked: {lines:,} lines, more than the {max_lines:,} lstmlint checks")
    try:
        return _scan(text, max_depth)
    except (tokenize.TokenError, SyntaxError, ValueError):
        # not valid Python; libcst reports the syntax error, but only if the crude depth is safe
        depth, line = _crude_depth(text)
        if depth > max_depth:
            return TooComplex(f"file not checked: brackets nested {depth} deep, more than {max_depth}", line)
        return None


def _scan(text: str, max_depth: int) -> TooComplex | None:
    digits = _int_max_digits()
    chain: list[int] = [0]  # operators since the last separator, per open bracket level
    lambdas: list[int] = [0]  # `lambda`s per level: the `:` that ends one does not end its nesting
    total = 0  # sum over the stack of (1 + chain): the tree depth here
    trailer = False  # would an open bracket here call or subscript what precedes it?
    for tok in tokenize.generate_tokens(io.StringIO(text).readline):
        kind, s = tok.type, tok.string
        if kind == tokenize.OP:
            if s in _OPEN:
                if trailer:  # `f(x)(y)`, `a[0][0]`: each call or subscript is one more level
                    chain[-1] += 1
                    total += 1
                chain.append(0)
                lambdas.append(0)
                total += 1
            elif s in _CLOSE:
                if len(chain) > 1:
                    total -= 1 + chain.pop() + lambdas.pop()
            elif s in _SEPARATORS:
                total -= chain[-1]
                chain[-1] = 0
                if s != ":":  # `,` and `=` end a lambda; its own `:` does not
                    total -= lambdas[-1]
                    lambdas[-1] = 0
            elif s in _OPERATORS:
                chain[-1] += 1
                total += 1
        elif kind == tokenize.NAME and s == "lambda":
            lambdas[-1] += 1
            total += 1
        elif kind == tokenize.NAME and s in _WORD_OPERATORS:
            chain[-1] += 1
            total += 1
        elif kind == tokenize.NEWLINE:
            chain, lambdas, total = [0], [0], 0
        elif kind == tokenize.NUMBER and digits and len(s) > digits and _is_decimal_int(s, digits):
            return TooComplex(
                f"file not checked: an integer literal longer than {digits:,} digits (CPython refuses to compile it)",
                tok.start[0],
            )
        if kind not in (tokenize.NL, tokenize.COMMENT):
            trailer = kind in (tokenize.NAME, tokenize.NUMBER, tokenize.STRING) or s in _CLOSE
        if total > max_depth:
            return TooComplex(f"file not checked: an expression nested deeper than {max_depth} levels", tok.start[0])
    return None


def _int_max_digits() -> int:
    get = getattr(sys, "get_int_max_str_digits", None)
    return int(get()) if get is not None else 0


def _is_decimal_int(token: str, digits: int) -> bool:
    body = token.replace("_", "")
    return body.isdigit() and len(body) > digits


def _crude_depth(text: str) -> tuple[int, int]:
    """The deepest bracket nesting, counting every bracket character (strings included)."""
    depth = deepest = 0
    line = where = 1
    for ch in text:
        if ch in "([{":
            depth += 1
            if depth > deepest:
                deepest, where = depth, line
        elif ch in ")]}":
            depth = max(0, depth - 1)
        elif ch == "\n":
            line += 1
    return deepest, where
