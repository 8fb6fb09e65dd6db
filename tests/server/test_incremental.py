"""``server.incremental.reparse``: re-parsing only the statements an edit touched gives exactly
``parse_module`` of the new text, or nothing; and the server's analyses built on it say the same
as analyses of the whole text."""

from __future__ import annotations

import importlib
import random
import sys
from pathlib import Path

import libcst as cst
import pytest

from lstmlint.server import adapter
from lstmlint.server.incremental import reparse
from lstmlint.source.positions import Locator

ROOT = Path(__file__).resolve().parents[2]
PROGRAMS = sorted([*(ROOT / "tests" / "corpus").rglob("*.py"), *(ROOT / "fixtures").rglob("*.py")])
SNIPPETS = [
    "x",
    " ",
    "\n",
    "# c\n",
    "    ",
    "\t",
    "(",
    ")",
    "'''",
    '"',
    "\\\n",
    ":",
    "1",
    "\r\n",
    "\n\n",
    "def g():\n    pass\n",
    "if a:\n",
    "  # k\n",
    "@d\n",
    "else:\n",
    "    return 1\n",
    "class C:\n  x = 1\n",
]


def bench_program(lines: int) -> str:
    """The latency benchmark's model file (``benchmarks/lsp_latency.py``) of about ``lines`` lines."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        program = importlib.import_module("lsp_latency").program
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    return str(program(lines))


def full_parse(text: str) -> cst.Module | None:
    try:
        return cst.parse_module(text)
    except Exception:  # noqa: BLE001 - any refusal: reparse must refuse too
        return None


def check(old: str, new: str) -> bool:
    """``reparse`` is ``parse_module(new)`` (deep-equal, the same code) or None; True if used."""
    module = cst.parse_module(old)
    old_locate = Locator(module)
    if random.Random(len(new)).random() < 0.5:  # the old positions, all generated or not yet
        old_locate.statement_ranges()
    again = reparse(old, module, old_locate, new)
    if again is None:
        return False
    got = again.module
    want = full_parse(new)
    assert want is not None, "re-parsed a text that does not parse"
    assert got.deep_equals(want)
    assert got.code == want.code
    assert got.default_indent == want.default_indent and got.default_newline == want.default_newline
    # the positions carried over are those of a fresh locator, for every node
    assert again.locate is not None and again.locate.module is got
    fresh = Locator(got)
    stack: list[cst.CSTNode] = [got]
    while stack:
        node = stack.pop()
        assert again.locate(node) == fresh(node), (type(node).__name__, got.code_for_node(node)[:60])
        stack.extend(node.children)
    assert again.locate.statement_ranges() == fresh.statement_ranges()
    return True


def test_random_edits_of_the_corpus_programs() -> None:
    rng = random.Random(12)
    used = tried = 0
    for _ in range(400):
        old = rng.choice(PROGRAMS).read_text(encoding="utf-8")
        lines = old.splitlines(keepends=True)
        if full_parse(old) is None or len(lines) < 2:
            continue
        i = rng.randrange(len(lines))
        base = sum(len(ln) for ln in lines[:i])
        pos = min(base + rng.choice([0, len(lines[i].rstrip("\r\n")), rng.randrange(len(lines[i]) + 1)]), len(old))
        kind = rng.random()
        if kind < 0.5:  # insert
            new = old[:pos] + rng.choice(SNIPPETS) + old[pos:]
        elif kind < 0.8:  # delete
            new = old[:pos] + old[pos + rng.randrange(1, 40) :]
        else:  # replace
            new = old[:pos] + rng.choice(SNIPPETS) + old[pos + rng.randrange(1, 10) :]
        tried += 1
        used += check(old, new)
    assert tried > 300 and used > 40  # most edits of these short files touch the first or last statement


PROGRAM = "import keras\nimport numpy as np\n\nN = 3\n# the sizes\nT, F = 24, 6\n\n\ndef block(x):\n    return x\n\n\nx = keras.Input(shape=(T, F))\ny = keras.layers.LSTM(8)(x)\nz = keras.layers.Dense(1)(y)\nmodel = keras.Model(x, z)\nprint(z)\n"


@pytest.mark.parametrize(
    ("old", "new", "used"),
    [
        # an edit inside a statement in the middle: re-parsed alone
        ("LSTM(8)", "LSTM(16)", True),
        # a comment line between statements, and blank lines
        ("y = keras", "# note\ny = keras", True),
        ("\n\n\nx = keras", "\nx = keras", True),
        # a statement split in two, and two merged
        ("y = keras.layers.LSTM(8)(x)\n", "y = keras.layers.LSTM(8)\ny = y(x)\n", True),
        ("x = keras.Input(shape=(T, F))\ny", "x = keras.Input(shape=(T, F)); y", True),
        # the first indented block of the file decides libcst's default indentation
        ("    return x", "  return x", False),
        ("    return x", "\treturn x", False),
        # a block indented otherwise than the file's first one (libcst records its indentation)
        ("z = keras.layers.Dense(1)(y)\n", "class C:\n  x = 1\nz = keras.layers.Dense(1)(y)\n", False),
        ("z = keras.layers.Dense(1)(y)\n", "class C:\n    x = 1\nz = keras.layers.Dense(1)(y)\n", True),
        # a body indented under the previous statement, an open string, a syntax error
        ("y = keras.layers", "    y = keras.layers", False),
        ("y = keras.layers.LSTM(8)(x)", "y = '''keras.layers.LSTM(8)(x)", False),
        ("y = keras.layers.LSTM(8)(x)", "y = keras.layers.LSTM(8)(x", False),
        # the first or the last statement: the whole text
        ("import keras\n", "import keras, os\n", False),
        ("print(z)", "print(y)", False),
    ],
)
def test_edits(old: str, new: str, used: bool) -> None:
    assert PROGRAM.count(old) == 1
    assert check(PROGRAM, PROGRAM.replace(old, new)) is used


def test_a_new_first_indented_block_keeps_the_default_indentation() -> None:
    text = "import keras\nimport numpy\nx = 0\na = 1\nb = 2\nc = 3\nif a:\n  d = 4\ne = 5\n"
    # the new block comes first: libcst now takes its indentation, which differs -> not used
    assert check(text, text.replace("b = 2\n", "if b:\n    b = 2\n")) is False
    # the same indentation as the old first block: the same tree as the whole parse
    assert check(text, text.replace("b = 2\n", "if b:\n  b = 2\n")) is True


def test_the_servers_analysis_of_an_edit_says_what_a_whole_analysis_says() -> None:
    text = bench_program(160)
    fixed = text.replace("LSTM(48", "LSTM(32")
    texts = [fixed, text, fixed.replace("Dropout(0.1)", "Dropout(0.2)", 3), text]
    previous = adapter.analyse(text, "model.py")
    for source in texts:
        snap = adapter.analyse(source, "model.py", previous=previous)
        whole = adapter.analyse(source, "model.py")
        assert snap.reparsed and not whole.reparsed
        assert [(d.code, d.span, d.message) for d in snap.diagnostics] == [
            (d.code, d.span, d.message) for d in whole.diagnostics
        ]
        # compared as one boolean: a failing comparison of these long lists is slow to print
        same = [(a.span, a.fact) for a in snap.anchors] == [(a.span, a.fact) for a in whole.anchors]
        assert same and snap.hints == whole.hints and snap.lenses == whole.lenses
        assert len(snap.anchors) > 100 and len(snap.hints) > 50
        previous = snap
    # the last text has the width bug, the first did not
    assert previous.diagnostics and not adapter.analyse(fixed, "model.py").diagnostics


def test_shapes_are_given_up_when_asked() -> None:
    snap = adapter.analyse(bench_program(160), "model.py", shapes=False)
    with pytest.raises(adapter.Stopped):
        adapter.add_shapes(snap, lambda: True)
    done = adapter.add_shapes(adapter.analyse(snap.text, "model.py", shapes=False), lambda: False)
    assert done.anchors and done.hints


def test_a_chain_of_edits_each_from_the_last() -> None:
    """Each edit re-parsed from the previous re-parse (its module and carried-over positions)."""
    rng = random.Random(3)
    text = bench_program(200)
    module = cst.parse_module(text)
    locate = Locator(module)
    used = 0
    for _ in range(40):
        lines = text.splitlines(keepends=True)
        i = rng.randrange(10, len(lines) - 10)
        edit = rng.choice(["x = 1\n", "", "# note\n", "\n", "def f(a):\n    return a\n", lines[i] + lines[i]])
        new = "".join([*lines[:i], edit, *lines[i + 1 :]])
        again = reparse(text, module, locate, new)
        want = cst.parse_module(new)
        if again is None or again.locate is None:
            module, locate = want, Locator(want)
        else:
            used += 1
            assert again.module.deep_equals(want)
            fresh = Locator(want)
            stack: list[cst.CSTNode] = [again.module]
            fresh_stack: list[cst.CSTNode] = [want]
            while stack:  # the same tree walked side by side: the same positions
                node, twin = stack.pop(), fresh_stack.pop()
                assert again.locate(node) == fresh(twin)
                stack.extend(node.children)
                fresh_stack.extend(twin.children)
            module, locate = again.module, again.locate
        text = new
    assert used > 20
