"""The interpreter's fast paths answer as the slow ways they replace: ``names.contains_yield``
as libcst's matcher, ``functional_merge``'s map as a scan of the specs, ``Shape``'s hand-written
``__init__`` as the frozen dataclass', ``is_int`` as the two ``isinstance`` tests, and the
evaluator's inline dispatch as ``eval``."""

from __future__ import annotations

import dataclasses
import enum
import pickle
import textwrap

import libcst as cst
import libcst.matchers as m
import pytest

from lstmlint.interp import analyze
from lstmlint.interp.names import NameIndex, contains_yield
from lstmlint.layers.spec import all_specs, functional_merge
from lstmlint.shapes.dims import Sym, is_int
from lstmlint.shapes.shape import Shape

BODIES = [
    "def f():\n    return 1\n",
    "def f():\n    yield 1\n",
    "def f():\n    x = yield\n",
    "def f():\n    if a:\n        for i in b:\n            print((yield i))\n",
    "def f():\n    def g():\n        yield 2\n    return g\n",  # nested: the matcher finds it too
    "def f():\n    return lambda: (yield)\n",
    "def f():\n    return (x for x in y)\n",  # a generator expression is no ``yield``
    "def f():\n    try:\n        pass\n    finally:\n        yield from g()\n",
    "class C:\n    def m(self):\n        await x\n",
    "def f():\n    with a as b:\n        return [c async for c in d]\n",
]


@pytest.mark.parametrize("source", BODIES)
def test_contains_yield_is_the_matcher(source: str) -> None:
    module = cst.parse_module(source)
    node = module.body[0]
    assert isinstance(node, (cst.FunctionDef, cst.ClassDef))
    assert contains_yield(node.body) == bool(m.findall(node.body, m.Yield()))


def test_functional_merge_is_the_first_spec_declaring_the_form() -> None:
    forms = {spec.functional[0] for spec in all_specs() if spec.functional is not None}
    assert {"add", "concatenate"} <= forms
    for name in sorted(forms) + ["no_such_form", "Add"]:
        scanned = next(
            ((s.name, s.functional[1]) for s in all_specs() if s.functional is not None and s.functional[0] == name),
            None,
        )
        assert functional_merge(name) == scanned


def test_shape_keeps_the_frozen_dataclass_behaviour() -> None:
    a, same, other = Shape((None, 3)), Shape(dims=(None, 3)), Shape((None, 4))
    assert a == same and hash(a) == hash(same) and a != other
    assert pickle.loads(pickle.dumps(a)) == a
    assert dataclasses.replace(a, dims=(2,)) == Shape((2,))
    assert repr(a) == "Shape(dims=(None, 3))" and str(a) == "(None, 3)" and str(Shape(None)) == "(unknown)"
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.dims = (1,)  # type: ignore[misc]


class _Small(enum.IntEnum):
    ONE = 1


@pytest.mark.parametrize("value", [0, 7, -3, True, False, _Small.ONE, 2.0, None, "3", Sym("n", ("free", "n"))])
def test_is_int_is_an_int_but_not_a_bool(value: object) -> None:
    assert is_int(value) == (isinstance(value, int) and not isinstance(value, bool))


def test_text_is_kept_per_node() -> None:
    module = cst.parse_module("y = a.b[0](c)\n")
    stmt = module.body[0]
    assert isinstance(stmt, cst.SimpleStatementLine)
    assign = stmt.body[0]
    assert isinstance(assign, cst.Assign)
    call = assign.value
    assert isinstance(call, cst.Call)
    names = NameIndex()
    assert names.text(call.func, module) == "a.b[0]"  # code generation, then kept
    assert names.text(call.func, module) == "a.b[0]"
    assert names.text(call.args[0].value, module) == "c"  # the short path, kept too


def test_inline_dispatch_evaluates_as_eval() -> None:
    source = textwrap.dedent(
        """
        import keras
        from keras import layers
        units = 4 * 2
        dims = [units, *(3,)]
        inputs = keras.Input(shape=(5, dims[1]))
        x = layers.LSTM(units, return_sequences=True)(inputs)
        x = layers.LSTM(units)(x)
        y = layers.Dense(dims[0] + 1)(x)
        z = layers.LSTM(2)(y)
        """
    )
    analysis = analyze(cst.parse_module(source))
    shapes = [str(app.outputs[0].shape) for app in analysis.applications if app.outputs]
    assert shapes[:3] == ["(None, 5, 8)", "(None, 8)", "(None, 9)"]
    assert [str(f.problem.code) for f in analysis.findings] == ["LST101"]
