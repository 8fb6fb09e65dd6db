"""The flow's fast paths (speed wave 10) answer as the code they replace, on every call an analysis
of real programs makes: ``Flow.splittable``'s node-only conditions kept per ``if`` (the generator
walk asked last), ``Flow.reads_shape``'s identifiers worked out once per test, ``Flow.mutables``'
walk that skips plain constants before the call, ``Flow.join_values``' loop for values that are
all alike, ``Flow.rebound`` (a loop summary's rebound names) and ``names.short_text`` (a node's
text without code generation)."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import libcst as cst
import pytest

from lstmlint.interp import analyze
from lstmlint.interp.context import Context
from lstmlint.interp.flow import (
    _ABSENT,
    _SCALARS,
    MAX_SPLITS,
    MODEL_WORDS,
    SHAPE_WORDS,
    SPLIT_BUDGET,
    STEP_BUDGET,
    STRUCTURE_BUILTINS,
    Flow,
)
from lstmlint.interp.names import children, contains_yield, short_text
from lstmlint.interp.values import ObjectValue, Scope
from lstmlint.shapes import UNKNOWN
from lstmlint.source.imports import Ref

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
# the corpus programs with an ``if`` or a ``for``, and a model zoo: one builder run many times
CORPUS_FILES = [
    p for p in sorted(CORPUS.glob("*/*.py")) if any(w in p.read_text(encoding="utf-8") for w in ("if ", "for "))
]
ZOO = textwrap.dedent(
    """
    from tensorflow import keras
    from tensorflow.keras import layers

    def block(x, f, s, names=None):
        y = layers.Conv2D(f, 3, strides=s, padding='same')(x)
        y = layers.BatchNormalization()(y)
        if s > 1 or x.shape[-1] != f:
            x = layers.Conv2D(f, 1, strides=s)(x)
        if names:
            y = layers.Activation('relu', name=names[0])(y)
        return layers.Add()([x, y])

    def build(depths, widths, top=True, pooling=None):
        inp = keras.Input((32, 32, 3))
        x = inp
        for d, w in zip(depths, widths):
            for i in range(d):
                x = block(x, w, 2 if i == 0 else 1)
        if top:
            x = layers.GlobalAveragePooling2D()(x)
        elif pooling == 'max':
            x = layers.GlobalMaxPooling2D()(x)
        else:
            x = layers.Flatten()(x)
        return keras.Model(inp, x)

    def gen(n):
        if n:
            yield layers.Dense(n)

    def net0(top=True):
        return build([1, 2], [16, 32], top=top)

    def net1(top=True, pooling=None):
        return build([2, 1], [8, 16], top=top, pooling=pooling)
    """
)


FLOW = textwrap.dedent(
    """
    import numpy as np
    import keras
    from keras import layers

    blocks = []
    data = [1, 2.5, "a", None, (3, [4])]
    config = {"units": 8, "layers": [layers.Dense(2)]}
    if np.random.rand() > 0.5:
        data.append(7)
        config["units"] = 16

    def head(x, n, rank=None):
        if len(x.shape) == 2:
            x = layers.Reshape((1, x.shape[-1]))(x)
        if isinstance(n, int) and n > 1:
            x = layers.LSTM(n, return_sequences=True)(x)
        if rank:
            x = layers.Dense(rank)(x)
        if settings.keep_rank:  # (never bound: a test of unknown truth that names a rank)
            x = layers.Dense(2)(x)
        while n > 4:
            n = n // 2
            x = layers.Dense(n)(x)
        for i in range(n * 100):
            x = layers.Dropout(0.1)(x)
            blocks.append(layers.Dense(4))
        try:
            x = layers.Dense(config["units"])(x)
        except ValueError:
            x = layers.Dense(3)(x)
        return x

    def model(steps, n):
        inputs = keras.Input((steps, 5))
        x = head(inputs, n, rank=np.random.randint(3))
        if steps > 10:
            x = layers.LSTM(4)(x)
        else:
            x = layers.GRU(4)(x)
        for layer in blocks:
            x = layer(x)
        return keras.Model(inputs, x)

    m = model(np.random.randint(20), 8)
    m2 = model(12, 3)
    """
)


def _realcode() -> list[Path]:
    """A few files of the real-code corpora (model zoos, tests with many branches), when fetched
    (``benchmarks/realcode/fetch.py``); none otherwise."""
    names = [
        "lstmlint-realcode/files/tf-keras/tf_keras/src/applications/regnet.py",
        "lstmlint-realcode/files/tf-keras/tf_keras/src/applications/resnet_rs.py",
        "lstmlint-realcode/files/efficientnet/efficientnet/model.py",
        "lstmlint-realcode/files/keras/keras/src/applications/convnext.py",
        "lstmlint-realcode/files/scikeras/scikeras/_utils.py",
        "lstmlint-scripts/files/emlearn/test/test_net.py",
        "lstmlint-scripts/files/tf2onnx/examples/getting_started.py",
    ]
    cache = Path.home() / ".cache"
    return [cache / n for n in names if (cache / n).is_file()]


def _programs() -> Iterable[cst.Module]:
    yield cst.parse_module(ZOO)
    yield cst.parse_module(FLOW)
    for path in [*CORPUS_FILES, *_realcode()]:
        yield cst.parse_module(path.read_text(encoding="utf-8"))


def _run_checked(name: str, check: Callable[..., Any], monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Analyse every program with ``Flow.<name>`` replaced by ``check(new, self, *args)``."""
    new = getattr(Flow, name)
    answers: list[Any] = []

    def checked(self: Flow, *args: Any) -> Any:
        got = check(new, self, *args)
        answers.append(got)
        return got

    monkeypatch.setattr(Flow, name, checked)
    for module in _programs():
        analyze(module)
    return answers


# ------------------------------------------------------------------ the code replaced
def _old_splittable(flow: Flow, stmt: cst.If, env: Scope) -> list[cst.BaseStatement] | None:
    if flow.splits >= MAX_SPLITS or flow.summarizing or flow.steps > STEP_BUDGET // 2:
        return None
    if flow.split_spent >= SPLIT_BUDGET:
        return None
    depth = len(flow.ctx.functions.frames)
    if not depth or (flow.joining and flow.joining[-1] == depth):
        return None
    found = flow.continuation(stmt)
    rest = None if found is None or contains_yield(found[1].body) else found[0]
    if not rest or not flow.ctx.names.assigned(stmt):
        return None
    names = flow.ctx.names
    if not any(ident.endswith(MODEL_WORDS) for later in rest for ident in names.mentioned(later)):
        return None
    return rest


def _old_reads_shape(flow: Flow, test: cst.BaseExpression, env: Scope) -> bool:
    for ident in flow.ctx.names.mentioned(test):
        lower = ident.lower()
        if any(word in lower for word in SHAPE_WORDS) or "rank" in lower.split("_"):
            return True
        value = env.find(ident, _ABSENT)
        if value is _ABSENT:
            value = Ref(f"builtins.{ident}") if ident in STRUCTURE_BUILTINS else None
        if (
            isinstance(value, Ref)
            and value.qual[9:] in STRUCTURE_BUILTINS
            and value.qual.startswith("builtins.")
            and ident in flow.ctx.names.called(test)
        ):
            return True
        if flow.ctx.overlays.shaped(value):
            return True
    return False


def _old_mutables(flow: Flow, node: cst.CSTNode, env: Scope, names: Iterable[str] | None = None) -> list[Any]:
    found: dict[int, Any] = {}
    overlays = flow.ctx.overlays

    def walk(v: Any, depth: int) -> None:
        if type(v) in _SCALARS or depth > 4 or id(v) in found:
            return
        if isinstance(v, list):
            found[id(v)] = v
            for x in v[:256]:
                walk(x, depth + 1)
        elif isinstance(v, dict):
            found[id(v)] = v
            for x in list(v.values())[:256]:
                walk(x, depth + 1)
        elif isinstance(v, tuple):
            for x in v[:256]:
                walk(x, depth + 1)
        elif isinstance(v, ObjectValue):
            found[id(v)] = v
            for x in v.attrs.values():
                walk(x, depth + 1)
        elif overlays.mutable(v):
            found[id(v)] = v

    for name in flow.ctx.names.mentioned(node) if names is None else names:
        value = env.find(name, _ABSENT)
        if value is not _ABSENT:
            walk(value, 0)
    return list(found.values())


# ------------------------------------------------------------------------- the tests
def test_splittable_is_the_old_conditions(monkeypatch: pytest.MonkeyPatch) -> None:
    def check(new: Callable[..., Any], flow: Flow, stmt: cst.If, env: Scope) -> Any:
        old = _old_splittable(flow, stmt, env)
        got = new(flow, stmt, env)
        assert got is old or got == old
        return got

    answers = _run_checked("splittable", check, monkeypatch)
    assert any(a is None for a in answers) and any(a for a in answers)  # both answers were checked


def test_reads_shape_is_the_old_scan(monkeypatch: pytest.MonkeyPatch) -> None:
    def check(new: Callable[..., Any], flow: Flow, test: cst.BaseExpression, env: Scope) -> Any:
        old = _old_reads_shape(flow, test, env)
        got = new(flow, test, env)
        assert got == old, cst.Module([]).code_for_node(test)
        again = new(flow, test, env)  # the second time from what was kept for the test
        assert again == old
        return got

    answers = _run_checked("reads_shape", check, monkeypatch)
    assert True in answers and False in answers


def test_mutables_is_the_old_walk(monkeypatch: pytest.MonkeyPatch) -> None:
    def check(new: Callable[..., Any], flow: Flow, node: cst.CSTNode, env: Scope, *rest: Any) -> Any:
        old = _old_mutables(flow, node, env, *rest)
        got = new(flow, node, env, *rest)
        assert [id(x) for x in got] == [id(x) for x in old]  # the same objects in the same order
        return got

    answers = _run_checked("mutables", check, monkeypatch)
    assert any(answers)


def test_join_values_of_values_alike_is_the_first(monkeypatch: pytest.MonkeyPatch) -> None:
    def check(new: Callable[..., Any], flow: Flow, values: list[Any], *rest: Any) -> Any:
        alike = all(flow.same_value(values[0], v) for v in values[1:])
        got = new(flow, values, *rest)
        if alike:
            assert got is values[0]
        return got

    answers = _run_checked("join_values", check, monkeypatch)
    assert answers
    # and values not alike are not taken for the first
    ctx = Context(cst.parse_module("x = 1\n"))
    flow = ctx.flow
    shared = (1, "a")
    assert Flow.join_values(flow, [shared, shared, (1, "a")], None) is shared
    assert Flow.join_values(flow, [1, 1, 2], None) is UNKNOWN
    assert Flow.join_values(flow, [[1], [1, 2]], None) is UNKNOWN
    assert Flow.join_values(flow, [(1, 2), (1, 3)], None) == (1, UNKNOWN)


def _old_rebound(flow: Flow, scopes: list[Scope], old: list[dict[str, Any]]) -> list[tuple[int, str]]:
    return [
        (k, n)
        for k, (sc, saved) in enumerate(zip(scopes, old))
        for n in sc
        if not (n in saved and flow.same_value(saved[n], sc[n]))
    ]


def test_rebound_is_the_old_scan(monkeypatch: pytest.MonkeyPatch) -> None:
    def check(new: Callable[..., Any], flow: Flow, scopes: list[Scope], old: list[dict[str, Any]]) -> Any:
        got = new(flow, scopes, old)
        assert got == _old_rebound(flow, scopes, old)
        return got

    answers = _run_checked("rebound", check, monkeypatch)
    assert any(answers)


TEXTS = "a = f(x)[0].b\ny = len( ids ); z = g(x,); w = x [0]; q = x[ 0 ]; r = ('s'); t = 'a' 'b'\n" + (
    "u = x[*a]; v = f(*a); k = f(a=1); m = f(a)(b)[c][d].e; n = x[1:2]; o = x[a, b]; p = f(\n  x)\ns = (f)(x)[(0)]\n"
)


def test_short_text_is_the_code_generation() -> None:
    """``names.short_text`` (``fast_text`` widened to strings, one-index subscripts and calls of at most one
    plain argument) gives what libcst's code generation gives, on every node it answers for."""
    kinds: dict[str, int] = {}
    sources = [TEXTS, ZOO, FLOW, *(p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*/*.py")))]
    sources += [p.read_text(encoding="utf-8") for p in _realcode()]
    for source in sources:
        module = cst.parse_module(source)
        stack: list[cst.CSTNode] = [module]
        while stack:
            node = stack.pop()
            stack.extend(children(node))
            fast = short_text(node)
            if fast is not None:
                assert fast == module.code_for_node(node).strip()
                kinds[type(node).__name__] = kinds.get(type(node).__name__, 0) + 1
    assert {"Name", "Integer", "Attribute", "SimpleString", "Subscript", "Call"} <= set(kinds)
