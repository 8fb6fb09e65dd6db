"""Round 7's fast paths answer as the code they replace: ``names.nodes_inside_with``'s search
that passes over expressions and simple statements as the walk of every node it replaced (the
same ids, ``opens`` asked of the same calls in the same order), and ``source.modules.may_define``
(one scan of a module's text) as the search of the whole text for one name."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import libcst as cst
import pytest

from lstmlint.interp.names import children, nodes_inside_with
from lstmlint.source.modules import SourceModule, define_pattern, may_define

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
CORPUS_FILES = sorted(CORPUS.glob("*/*.py"))


def _walk_every_node(node: cst.CSTNode, opens: Callable[[cst.Call], bool]) -> set[int]:
    """``nodes_inside_with`` as it was: every node of ``node`` visited."""
    inside: set[int] = set()
    stack: list[tuple[cst.CSTNode, bool]] = [(node, False)]
    while stack:
        current, within = stack.pop()
        if within:
            inside.add(id(current))
        elif type(current) is cst.With:
            if any(type(item.item) is cst.Call and opens(item.item) for item in current.items):
                stack.append((current.body, True))
                stack.extend((item, False) for item in current.items)
                continue
        stack.extend((child, within) for child in children(current))
    return inside


WITH_SOURCES = [
    "def t():\n    x = 1\n",
    "def t():\n    with pytest.raises(ValueError):\n        f(1)\n    g(2)\n",
    "def t():\n    if a:\n        with open(p) as fh, pytest.raises(E, match='x'):\n            y = [z for z in fh]\n",
    "def t():\n    with pytest.raises(E):\n        with pytest.raises(F):\n            h()\n",
    "def t():\n    with ctx():\n        with pytest.warns(W):\n            h()\n    for i in r:\n        with pytest.raises(E): k(i)\n",
    "def t():\n    try:\n        pass\n    except E:\n        with pytest.raises(E):\n            pass\n    finally:\n        q = lambda: 1\n",
    "def t():\n    def inner():\n        with pytest.raises(E):\n            m()\n    class C:\n        with pytest.raises(E):\n            n = 1\n",
    "def t():\n    while x:\n        with self.assertRaises(E):\n            o()\n    else:\n        pass\n",
    "def t(): return 1\n",
]


def _opens_by_name(names: tuple[str, ...], asked: list[str]) -> Callable[[cst.Call], bool]:
    def opens(call: cst.Call) -> bool:
        func = call.func
        text = cst.Module([]).code_for_node(func)
        asked.append(text)
        return text.split(".")[-1] in names

    return opens


def _bodies(module: cst.Module) -> list[cst.CSTNode]:
    found: list[cst.CSTNode] = [module]
    stack: list[cst.CSTNode] = [module]
    while stack:
        node = stack.pop()
        if isinstance(node, (cst.FunctionDef, cst.ClassDef)):
            found.append(node.body)
        stack.extend(children(node))
    return found


def _check_same(module: cst.Module) -> int:
    checked = 0
    for body in _bodies(module):
        for names in (("raises", "warns"), ("assertRaises",), ("open", "raises", "ctx")):
            asked_old: list[str] = []
            asked_new: list[str] = []
            old = _walk_every_node(body, _opens_by_name(names, asked_old))
            new = nodes_inside_with(body, _opens_by_name(names, asked_new))
            assert new == old
            assert asked_new == asked_old
            checked += bool(old)
    return checked


@pytest.mark.parametrize("source", WITH_SOURCES)
def test_nodes_inside_with_is_the_walk_of_every_node(source: str) -> None:
    _check_same(cst.parse_module(source))


def test_nodes_inside_with_finds_the_blocks() -> None:
    module = cst.parse_module(WITH_SOURCES[1])
    inside = nodes_inside_with(module, _opens_by_name(("raises",), []))
    calls = [n for n in _all_nodes(module) if isinstance(n, cst.Call)]
    assert [cst.Module([]).code_for_node(c) for c in calls if id(c) in inside] == ["f(1)"]


def _all_nodes(node: cst.CSTNode) -> list[cst.CSTNode]:
    out, stack = [], [node]
    while stack:
        current = stack.pop()
        out.append(current)
        stack.extend(children(current))
    return out


def test_nodes_inside_with_on_the_corpus() -> None:
    assert CORPUS_FILES
    found = sum(_check_same(cst.parse_module(path.read_text(encoding="utf-8"))) for path in CORPUS_FILES)
    assert found  # some corpus bodies do have such blocks


DEFINE_TEXTS = [
    "class Foo(Bar):\n    pass\ndef baz():\n    x = 1\nasync  def qux(): pass\n",
    "from .layers import Attention, Dense as D  # noqa\nimport numpy as np, os.path\n",
    "x: int = 3\ny=4\nz == 5\n  w : str\nv\n= 1\n",
    '"""\ndef\nclass Hidden\n"""\nimport\nfoo = 1\n',
    "if True:\n    from a import (b,\n        c)\n",
    "def\nclass Later: pass\n",
    "\n\n   \n  name_1 = 2\nτ = 1\n",
]
DEFINE_NAMES = ["Foo", "Bar", "baz", "x", "qux", "Attention", "Dense", "D", "np", "os", "path", "noqa", "y"]
DEFINE_NAMES += ["z", "w", "v", "Hidden", "class", "def", "foo", "import", "b", "c", "Later", "name_1", "τ"]
DEFINE_NAMES += ["a", "from", "pass", "int", "str", "1", "Fo", "oo", "name"]


def _source(text: str) -> SourceModule:
    return SourceModule(Path("m.py"), text, cst.Module([]), "")


@pytest.mark.parametrize("text", DEFINE_TEXTS)
def test_may_define_is_the_search(text: str) -> None:
    source = _source(text)
    for name in DEFINE_NAMES:
        assert may_define(source, name) == (re.search(define_pattern(name), text, re.MULTILINE) is not None), name


def test_may_define_on_the_corpus() -> None:
    for path in CORPUS_FILES:
        text = path.read_text(encoding="utf-8")
        source = _source(text)
        names = sorted(set(re.findall(r"\w+", text)))[:400] + DEFINE_NAMES
        for name in names:
            expected = re.search(define_pattern(name), text, re.MULTILINE) is not None
            assert may_define(source, name) == expected, (path.name, name)


def test_may_define_takes_a_name_that_is_not_a_word_through_the_search() -> None:
    source = _source("a.b = 1\n")
    assert may_define(source, "a.b") == (re.search(define_pattern("a.b"), "a.b = 1\n", re.MULTILINE) is not None)
    assert "may_define" not in source.memo  # no scan made for it


@pytest.mark.parametrize("value", [0, 2.5, "relu", True, None, b"x"])
def test_lose_value_of_a_constant_is_what_the_overlays_would_do(value: object) -> None:
    """``Context.lose_value`` returns at once for a Python constant: what the overlays' hooks
    answer for one (nothing handles it, nothing is recorded)."""
    from lstmlint.interp.context import Context

    node = cst.parse_module("f(x)\n")
    ctx = Context(node)
    call = cst.ensure_type(cst.ensure_type(node.body[0], cst.SimpleStatementLine).body[0], cst.Expr).value
    assert not ctx.overlays.lose_value(value, call, "why")  # the slow path's hooks: nothing to do
    assert not ctx.overlays.passed_out(value, call, "why")
    ctx.lose_value(value, call, "why")
    assert not ctx.result.lost and not ctx.result.findings
