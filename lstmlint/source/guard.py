"""Cheap checks before libcst sees a file, so one hostile file costs that file, never the run.

libcst's native parser crashes the whole process (a segmentation fault, not an exception) on
valid Python nested deeply enough: ``a and a and ...`` 8,000 times, 1,500 nested brackets, a
long ``.attr`` or ``[0]`` chain. Its cost also grows fast with size: a valid 2 MiB file of
200,000 short lines takes it about 35 s and 4.7 GB. And the abstract interpreter walks
expressions recursively, so an expression a few hundred levels deep that CPython compiles
would end in ``RecursionError``.

``check(text)`` returns why the file is not checked, or None. What it measures:

* the number of lines (``MAX_LINES``);
* the *expression depth*: every open bracket is one level, and inside each bracket level every
  operator since the last ``,``/``:``/``=`` (``a + b + c``, ``a.b.c``, ``not not x``) and every
  call or subscript (``f(x)(y)``, ``a[0][0]``) is one more, since libcst and the interpreter
  build one tree level for each; the deepest point of any statement must stay within
  ``MAX_DEPTH``;
* integer literals longer than CPython converts (``sys.get_int_max_str_digits()``, 4,300): CPython
  itself refuses to compile them;
* runs of adjacent string literals (implicit concatenation, ``("a" "b" ...)``): libcst nests one
  tree level per literal, so CPython compiles 10,000 of them while libcst's parser gives up (a
  false syntax error) and the interpreter recurses too deep far earlier (``MAX_STRINGS``).

The exact measure (``_scan``) runs the standard ``tokenize`` module (pure Python, no recursion),
which was a fifth of lstmlint's time on real code. So a cheap pass (``_cheap_safe``) goes first:
regular expressions blank out strings and comments, turn every name, keyword and number into one
operator mark (so the word operators count), and keep only the characters that can deepen an
expression (brackets, operators) or end a chain (separators); one loop over the lines then bounds
each statement's depth from above. Every
token that deepens the exact measure keeps at least one character there, and the bound resets
only where the exact measure resets, so it is never below the exact depth. Only when the bound
passes ``MAX_DEPTH`` (or a digit run is long enough to be a huge integer) does ``tokenize`` run,
and its answer is returned: ``check`` answers what the exact scan alone answers. (On text
``tokenize`` cannot read, a syntax error libcst reports anyway, the exact path falls back to
counting every bracket character, those in strings and comments too; the cheap pass, where it
proves the code itself shallow, lets such a file through to that syntax error.)

The bounds are far beyond hand-written code (CPython itself refuses more than 200 nested
brackets) and well inside what libcst and the interpreter handle.
"""

from __future__ import annotations

import io
import re
import sys
import tokenize
from dataclasses import dataclass

MAX_LINES = 30_000
MAX_DEPTH = 200
# adjacent string literals in one run (libcst: about 3,500; the interpreter: about 900)
MAX_STRINGS = 500

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
_FSTRING_START = getattr(tokenize, "FSTRING_START", -1)  # Python 3.12 on
_FSTRING_END = getattr(tokenize, "FSTRING_END", -1)


@dataclass(frozen=True)
class TooComplex:
    """Why a file is not checked, and the line where the bound was passed."""

    message: str
    line: int = 1


def check(
    text: str, max_lines: int = MAX_LINES, max_depth: int = MAX_DEPTH, max_strings: int = MAX_STRINGS
) -> TooComplex | None:
    """None when ``text`` is safe to hand to libcst and the interpreter; else why not."""
    lines = text.count("\n") + (0 if text.endswith("\n") or not text else 1)
    if lines > max_lines:
        return TooComplex(f"file not checked: {lines:,} lines, more than the {max_lines:,} lstmlint checks")
    if _cheap_safe(text, max_depth, _int_max_digits()) and not _may_have_string_run(text, max_strings):
        return None
    try:
        return _scan(text, max_depth, max_strings)
    except (tokenize.TokenError, SyntaxError, ValueError):
        # not valid Python; libcst reports the syntax error, but only if the crude depth is safe
        depth, line = _crude_depth(text)
        if depth > max_depth:
            return TooComplex(f"file not checked: brackets nested {depth} deep, more than {max_depth}", line)
        return None


# ------------------------------------------------------------------ the cheap upper bound
# string literals (the quoting rules of ``tokenize``; a prefix is read back from the text) and
# comments. Starting with the quote lets the regular-expression engine skip to the next one.
_STRING_OR_COMMENT = re.compile(
    r"'''[^'\\]*(?:(?:\\.|'(?!''))[^'\\]*)*'''"
    r'|"""[^"\\]*(?:(?:\\.|"(?!""))[^"\\]*)*"""'
    r"|'[^'\\\n]*(?:\\.[^'\\\n]*)*'"
    r'|"[^"\\\n]*(?:\\.[^"\\\n]*)*"'
    r"|#[^\r\n]*",
    re.S,
)
_NAME_OR_NUMBER = re.compile(r"\w+")
# ``lambda`` after a letter or ``_`` is part of a name; after a digit it is a keyword of its own
# (``1lambda`` is read as ``1`` then ``lambda``); a name marked by mistake only counts more
_LAMBDA = re.compile(r"(?<![^\W\d])lambda\b")
_LAMBDA_MARK = "\x01"
# what cannot change the depth: spaces and the rest of the punctuation
_IRRELEVANT = re.compile(r"[^()\[\]{}+\-*/%@<>&|^~.!=,;:\\\n\x01]+")
_FSTRING_FIELDS = sys.version_info >= (3, 12)  # ``tokenize`` reads into f-strings from 3.12 on


def _blank(match: re.Match[str]) -> str:
    """Where ``tokenize`` reads the fields of f-strings: an f-string's stand-in is an operator per
    character and two per opening bracket (never less than its tokens add); other strings and
    comments become a space, which keeps a string's prefix apart from the word after it
    (``f'{x}'lambda`` is a string then the keyword ``lambda``, not a name ``flambda``)."""
    start = match.start()
    prefix = match.string[max(0, start - 2) : start].lower()
    if "f" in prefix:
        s = match.group(0)
        return "+" * (len(s) + s.count("(") + s.count("[") + s.count("{"))
    return " "


def _cheap_safe(text: str, max_depth: int, digits: int) -> bool:
    """True when no statement can be deeper than ``max_depth`` and no integer literal too long;
    False means "not proven" (the exact scan decides).

    Every name, keyword and number becomes one operator ``~`` (the word operators are among them;
    the ``.`` or ``e-`` inside a number literal count as one more), ``lambda`` its own mark."""
    code = _STRING_OR_COMMENT.sub(_blank if _FSTRING_FIELDS else " ", text)
    if digits and re.search(rf"\d[\d_]{{{digits},}}", code):
        return False
    if "lambda" in code:
        code = _LAMBDA.sub(_LAMBDA_MARK, code)
    compact = _IRRELEVANT.sub("", _NAME_OR_NUMBER.sub("~", code))
    if len(compact) + compact.count("(") + compact.count("[") + compact.count("{") <= max_depth:
        return True  # even the whole file read as one statement is shallow enough
    lines = compact.split("\n")
    depth = weight = start = 0
    for i, seg in enumerate(lines):
        if seg:
            opens = seg.count("(") + seg.count("[") + seg.count("{")
            weight += len(seg) + opens
            depth += opens - seg.count(")") - seg.count("]") - seg.count("}")
            if depth < 0:
                depth = 0  # a stray closing bracket: ``tokenize`` does not nest below zero either
            if depth or seg[-1] == "\\":
                continue  # the statement goes on on the next line
        elif depth:
            continue
        if weight > max_depth and _statement_depth("".join(lines[start : i + 1])) > max_depth:
            return False
        weight, start = 0, i + 1
    return not (weight > max_depth and _statement_depth("".join(lines[start:])) > max_depth)


def _statement_depth(chars: str) -> int:
    """``_scan``'s measure over one statement's compacted characters, taking every character for
    an operator token and every bracket for a call: never less than what ``_scan`` finds there
    (it resets only where ``_scan`` resets, and adds at least as much at every token)."""
    chain: list[int] = [0]
    lambdas: list[int] = [0]
    total = deepest = 0
    for ch in chars:
        if ch in "([{":
            chain[-1] += 1
            chain.append(0)
            lambdas.append(0)
            total += 2
        elif ch in ")]}":
            if len(chain) > 1:
                total -= 1 + chain.pop() + lambdas.pop()
            continue
        elif ch == "," or ch == ";":
            total -= chain[-1] + lambdas[-1]
            chain[-1] = lambdas[-1] = 0
            continue
        elif ch == ":":
            total -= chain[-1]
            chain[-1] = 0
            continue
        elif ch == _LAMBDA_MARK:
            lambdas[-1] += 1
            total += 1
        elif ch == "\\":
            continue
        else:
            chain[-1] += 1
            total += 1
        if total > deepest:
            deepest = total
    return deepest


# what may stand between two adjacent string literals (once each literal is one mark): removed,
# so that a run of literals becomes a run of marks, found by a plain substring search
_BETWEEN_STRINGS = re.compile(r"(?<=\x02)[\s\\]*[A-Za-z]{0,2}(?=\x02)")


def _may_have_string_run(text: str, max_strings: int) -> bool:
    """False when ``text`` cannot hold more than ``max_strings`` adjacent string literals (a run
    needs two quotes per literal); else whether literals separated only by spaces, line breaks,
    backslashes, comments and string prefixes come that many in a row (never less than
    ``_scan`` counts, so True where it would refuse). Comments are marked as literals too (one
    replacement without a callback is several times faster): that can only count more."""
    if text.count('"') + text.count("'") <= 2 * max_strings:
        return False
    marked = _STRING_OR_COMMENT.sub("\x02", text)
    return "\x02" * (max_strings + 1) in _BETWEEN_STRINGS.sub("", marked)


# ------------------------------------------------------------------ the exact measure
def _scan(text: str, max_depth: int, max_strings: int = MAX_STRINGS) -> TooComplex | None:
    digits = _int_max_digits()
    chain: list[int] = [0]  # operators since the last separator, per open bracket level
    lambdas: list[int] = [0]  # `lambda`s per level: the `:` that ends one does not end its nesting
    total = 0  # sum over the stack of (1 + chain): the tree depth here
    trailer = False  # would an open bracket here call or subscript what precedes it?
    strings = 0  # adjacent string literals so far (implicit concatenation)
    fstring = 0  # inside an f-string's tokens (Python 3.12 on): they neither add nor end a run
    for tok in tokenize.generate_tokens(io.StringIO(text).readline):
        kind, s = tok.type, tok.string
        if kind == _FSTRING_START:
            fstring += 1
            if fstring == 1:
                strings += 1
        elif kind == _FSTRING_END:
            fstring -= 1
        elif kind == tokenize.STRING and not fstring:
            strings += 1
        elif kind not in (tokenize.NL, tokenize.COMMENT) and not fstring:
            strings = 0
        if strings > max_strings:
            return TooComplex(
                f"file not checked: more than {max_strings:,} string literals concatenated in one expression",
                tok.start[0],
            )
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
