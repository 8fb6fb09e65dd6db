"""Speed round 12 (issue 13): ``keras_subclass._super_init_calls`` finds the
``super().__init__(...)`` calls of a method by reading the nodes' fields, where it used a libcst
visitor that rebuilt every node of the body. It finds the same calls as the visitor did
(``_visitor_calls``, the replaced code verbatim) in every function of the fixtures, the corpus
programs and, when the real-code cache is there, of real files."""

from __future__ import annotations

import json
import os
from pathlib import Path

import libcst as cst
import pytest

from lstmlint.interp.overlays.keras_subclass import _super_init_calls

ROOT = Path(__file__).resolve().parent.parent.parent
SOURCES = sorted((ROOT / "fixtures").rglob("*.py")) + sorted((ROOT / "tests" / "corpus").glob("*/*.py"))
REALCODE = Path(os.environ.get("LSTMLINT_REALCODE_CACHE", Path.home() / ".cache" / "lstmlint-realcode"))
NESTED = """
class A(Base):
    def __init__(self, units, **kwargs):
        if units:
            super().__init__(name=f(super(A, self).__init__), **kwargs)
        else:
            for _ in range(2):
                super(A, self).__init__(units, [super().__init__()])
        def inner():
            return super().__init__(inner=True)
        self.x = lambda: super().__init__(lam=1)
        super().build(units)
        super.__init__(not_super_call=1)
        other().__init__(not_super=1)
"""


def _visitor_calls(func: cst.FunctionDef) -> list[cst.Call]:
    """The code ``_super_init_calls`` replaced, verbatim."""
    calls: list[cst.Call] = []

    class Finder(cst.CSTVisitor):
        def visit_Call(self, node: cst.Call) -> None:
            f = node.func
            if isinstance(f, cst.Attribute) and f.attr.value == "__init__":
                base = f.value
                if isinstance(base, cst.Call) and isinstance(base.func, cst.Name) and base.func.value == "super":
                    calls.append(node)

    func.body.visit(Finder())
    return calls


def _functions(module: cst.Module) -> list[cst.FunctionDef]:
    found: list[cst.FunctionDef] = []

    class Defs(cst.CSTVisitor):
        def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
            found.append(node)

    module.visit(Defs())
    return found


def _same_calls(module: cst.Module) -> tuple[int, int]:
    """Checks every function of ``module``; (functions, calls found)."""
    functions = _functions(module)
    calls = 0
    for func in functions:
        new, old = _super_init_calls(func), _visitor_calls(func)
        assert len(new) == len(old), cst.Module([]).code_for_node(func)[:200]
        assert {id(c) for c in new} == {id(c) for c in old}
        calls += len(new)
    return len(functions), calls


def test_nested_calls_in_every_kind_of_place() -> None:
    functions, calls = _same_calls(cst.parse_module(NESTED))
    assert functions == 2
    assert calls == 6  # A.__init__: the if, the loop (2), inner(), the lambda; inner() itself: 1


def test_same_calls_as_the_visitor_on_fixtures_and_corpus() -> None:
    functions = calls = 0
    for path in SOURCES:
        f, c = _same_calls(cst.parse_module(path.read_text(encoding="utf-8")))
        functions, calls = functions + f, calls + c
    assert functions > 300 and calls > 50


@pytest.mark.skipif(not (REALCODE / "manifest.json").exists(), reason="real-code cache not fetched")
def test_same_calls_as_the_visitor_on_real_code() -> None:
    rows = json.loads((REALCODE / "manifest.json").read_text(encoding="utf-8"))["files"]
    calls = 0
    for row in rows[::3]:
        path = REALCODE / "files" / row["file"]
        if path.exists():
            calls += _same_calls(cst.parse_module(path.read_text(encoding="utf-8")))[1]
    assert calls > 100
