"""The parser guard's cheap pass (``source/guard.py: _cheap_safe``) only ever says "safe" where the
exact ``tokenize`` measure finds nothing, so ``guard.check`` answers what the exact scan alone
answers (on text ``tokenize`` cannot read, a syntax error anyway, see ``_agrees``): on every Python file of the tests and of lstmlint itself, on the hostile inputs, and on
generated token soup (strings, comments, numbers, brackets, operators, lambdas, line breaks)."""

from __future__ import annotations

import tokenize
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lstmlint.source import guard

ROOT = Path(__file__).resolve().parents[2]


def _exact(text: str, max_depth: int = guard.MAX_DEPTH) -> tuple[str, int] | None:
    """``guard.check`` with the cheap pass switched off: ``tokenize`` only."""
    saved = guard._cheap_safe
    guard._cheap_safe = lambda *_: False
    try:
        found = guard.check(text, max_depth=max_depth)
    finally:
        guard._cheap_safe = saved
    return None if found is None else (found.message, found.line)


def _check(text: str, max_depth: int = guard.MAX_DEPTH) -> tuple[str, int] | None:
    found = guard.check(text, max_depth=max_depth)
    return None if found is None else (found.message, found.line)


def _agrees(text: str, max_depth: int) -> None:
    try:
        exact = guard._scan(text, max_depth)
    except (tokenize.TokenError, SyntaxError, ValueError):  # not Python: libcst reports the syntax error
        if _check(text, max_depth) != _exact(text, max_depth):
            # the only difference allowed: the exact path's fallback counts brackets inside strings
            # and comments too, where the cheap pass has proved the code itself shallow
            assert guard._cheap_safe(text, max_depth, guard._int_max_digits())
            assert guard._crude_depth(text)[0] > max_depth
        return
    assert _check(text, max_depth) == _exact(text, max_depth)
    if guard._cheap_safe(text, max_depth, guard._int_max_digits()):
        assert exact is None  # "safe" is never wrong


def test_real_files_agree_and_the_cheap_pass_decides_them() -> None:
    files = sorted((ROOT / "lstmlint").rglob("*.py")) + sorted((ROOT / "tests" / "corpus").rglob("*.py"))
    assert len(files) > 100
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert _check(text) == _exact(text), path
        # ordinary code never needs tokenize
        assert guard._cheap_safe(text, guard.MAX_DEPTH, guard._int_max_digits()), path
        # with a tight bound both passes still agree (the exact scan decides where the cheap one cannot)
        _agrees(text, 12)


HOSTILE = {
    "and_chain": "x = " + " and ".join(["a"] * 300) + "\n",
    "brackets": "x = " + "(" * 250 + "1" + ")" * 250 + "\n",
    "attribute_chain": "x = a" + ".b" * 300 + "\n",
    "subscripts": "x = a" + "[0]" * 300 + "\n",
    "layer_calls": "y = " + "layers.Dense(4)(" * 120 + "x" + ")" * 120 + "\n",
    "unary": "x = " + "-" * 300 + "1\n",
    "lambdas": "x = " + "lambda: " * 300 + "1\n",
    "ternaries": "x = " + "a if b else " * 300 + "c\n",
    "long_int": "n = " + "7" * 5000 + "\n",
    "long_int_underscores": "n = " + "7_" * 4400 + "7\n",
    "long_digits_not_an_int": "n = " + "7_" * 3000 + "7\n",
    "flat_data": "x = [" + ", ".join(["-1.5e-3"] * 5000) + "]\n",
    "float_attribute_chain": "x = 1." + ".real" * 300 + "\n",
    "continued_lines": "x = a" + " + \\\n  b" * 300 + "\n",
    "brackets_in_strings": "x = '" + "(" * 300 + "'\n" + "y = '''\n" + "[" * 300 + "\n'''\n",
    "brackets_in_comment": "# " + "(" * 300 + "\nx = 1\n",
    "unterminated_string": "x = '''\n" + "(" * 300 + "\n",
    "unbalanced": "x = " + ")" * 50 + "(" * 250 + "\n",
    "walrus_lambda": "f(" + "lambda x: (y := " * 60 + "1" + ")" * 60 + ")\n",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_inputs_agree(name: str) -> None:
    text = HOSTILE[name]
    for max_depth in (guard.MAX_DEPTH, 50):
        _agrees(text, max_depth)


def test_the_hostile_inputs_are_refused() -> None:
    refused = {name for name, text in HOSTILE.items() if _check(text) is not None}
    assert refused >= {
        "and_chain",
        "brackets",
        "attribute_chain",
        "subscripts",
        "unary",
        "lambdas",
        "ternaries",
        "long_int",
        "long_int_underscores",
        "float_attribute_chain",
        "continued_lines",
        "layer_calls",
    }
    assert "flat_data" not in refused and "brackets_in_strings" not in refused and "brackets_in_comment" not in refused


PIECES = [
    "x",
    "a.b",
    "f",
    "1",
    "1.5",
    "1e-5",
    "0x1F",
    "1.",
    ".5",
    "1_000",
    "'s'",
    '"t"',
    "'('",
    '")"',
    "'''a\n('''",
    '"""\n]"""',
    "f'{x}'",
    "rb'\\''",
    "'\\\\'",
    "# c (\n",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ",",
    ":",
    ";",
    "=",
    ":=",
    "+",
    "-",
    "*",
    "**",
    "/",
    "//",
    "%",
    "@",
    "<",
    ">",
    "<=",
    "==",
    "!=",
    "->",
    "~",
    "&",
    "|",
    "^",
    ".",
    "...",
    " and ",
    " or ",
    " not ",
    " in ",
    " is ",
    " if ",
    " else ",
    "lambda ",
    "lambda: ",
    "await ",
    " ",
    "\n",
    "\\\n",
    "+=",
    "**=",
    "'",
    '"',
    "#",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=300), st.sampled_from([3, 6, 12, 40]))
def test_generated_token_soup_agrees(pieces: list[str], max_depth: int) -> None:
    _agrees("".join(pieces), max_depth)


def test_lambda_right_after_a_number_counts() -> None:
    """``1lambda`` is the number ``1`` then the keyword ``lambda`` for ``tokenize``: the cheap pass
    must not take it for one name and call a too-deep statement safe (found by hypothesis)."""
    text = "1lambda: +~~"
    assert not guard._cheap_safe(text, 3, guard._int_max_digits())
    assert _check(text, 3) == _exact(text, 3) == ("file not checked: an expression nested deeper than 3 levels", 1)
    _agrees(text, 3)


def test_lambda_right_after_a_string_counts() -> None:
    """``f'{x}'lambda`` is a string then the keyword ``lambda`` for ``tokenize``: blanking the
    string must not glue its prefix to the keyword (``flambda``, a name) and call a too-deep
    statement safe (found by hypothesis)."""
    for text in ("f'{x}'lambda lambda: ++", "b'x'lambda lambda: ++"):
        assert not guard._cheap_safe(text, 3, guard._int_max_digits()), text
        assert _check(text, 3) == _exact(text, 3) == ("file not checked: an expression nested deeper than 3 levels", 1)
        _agrees(text, 3)
