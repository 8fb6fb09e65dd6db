"""The flow's and the context's fast paths (speed round 11) answer as the code they replace:

- ``Flow.mutables`` skips the values of a type the overlays found not mutable (``Flow._inert``)
  before the call: the same objects, in the same order, as the walk that asked the overlays of
  every value (``_old_mutables``), on every call an analysis of the corpus programs makes;
- ``Flow.join_items`` takes an item that is the same object in every list without asking
  ``join_values``: what ``join_values`` answers for it;
- ``Context.lose_value`` returns at once for a value of a type the overlays left alone before
  (``Context._unchanged``): on every such call of an analysis, the overlays' hooks would have
  done nothing, and every other call runs them as before.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import libcst as cst
import pytest

from lstmlint.interp import analyze
from lstmlint.interp.context import _IMMUTABLE, Context
from lstmlint.interp.flow import _ABSENT, _SCALARS, Flow
from lstmlint.interp.overlays.values import FunctionalModel, SequentialModel
from lstmlint.interp.values import ObjectValue, Scope
from lstmlint.shapes import UNKNOWN, Sym

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
CORPUS_FILES = sorted(CORPUS.glob("*/*.py"))
# values handed to code not followed: models, layers, sets, arrays with values, tensors, symbols,
# tuples, instances, functions (what ``lose_value`` is asked of), in lists and loops too
LOST = """
import numpy as np
import keras
from keras import layers
import external

class Box:
    def __init__(self, n):
        self.n = n

def helper(v):
    return v

model = keras.Sequential([layers.Dense(4)])
other = keras.Sequential([layers.Dense(2)])
inputs = keras.Input((3,))
functional = keras.Model(inputs, layers.Dense(2)(inputs))
seen = {1, 2}
values = np.array([1, 2, 3])
zeros = np.zeros((2, 3))
n = external.count()
box = Box(n)
external.use(model, layers.Dense(3), seen, values, zeros, inputs, n, (n, 2), box, helper, [model, seen])
for item in external.items():
    model.add(layers.Dense(item))
    other.fit(zeros)
external.train(other, functional, box)
def run(k):
    external.use(k, values, model, seen)
    return model
run(n)
sizes = [4, 8, n]
if n > 2:
    sizes[0] = 16
    sizes[2] = 3
undefined_function(seen, sizes, box, (n, 1))
undefined_function(seen, box, (1,))
"""


def _realcode() -> list[Path]:
    """A few files of the real-code corpora, when fetched; none otherwise (CI has none)."""
    names = [
        "lstmlint-realcode/files/tf-keras/tf_keras/src/applications/regnet.py",
        "lstmlint-realcode/files/efficientnet/efficientnet/model.py",
        "lstmlint-realcode/files/keras/keras/src/applications/convnext.py",
        "lstmlint-scripts/files/emlearn/test/test_net.py",
        "lstmlint-scripts/files/tf2onnx/examples/getting_started.py",
    ]
    cache = Path.home() / ".cache"
    return [cache / n for n in names if (cache / n).is_file()]


def _sources() -> list[str]:
    return [LOST, *(p.read_text(encoding="utf-8") for p in [*CORPUS_FILES, *_realcode()])]


# ------------------------------------------------------------------ the code replaced
def _old_mutables(flow: Flow, node: cst.CSTNode, env: Scope, names: Iterable[str] | None = None) -> list[Any]:
    found: dict[int, Any] = {}
    overlays = flow.ctx.overlays
    scalars = _SCALARS

    def walk(v: Any, depth: int) -> None:
        if depth > 4 or id(v) in found:
            return
        if isinstance(v, list):
            found[id(v)] = v
            for x in v[:256]:
                if type(x) not in scalars:
                    walk(x, depth + 1)
        elif isinstance(v, dict):
            found[id(v)] = v
            for x in list(v.values())[:256]:
                if type(x) not in scalars:
                    walk(x, depth + 1)
        elif isinstance(v, tuple):
            for x in v[:256]:
                if type(x) not in scalars:
                    walk(x, depth + 1)
        elif isinstance(v, ObjectValue):
            found[id(v)] = v
            for x in v.attrs.values():
                if type(x) not in scalars:
                    walk(x, depth + 1)
        elif overlays.mutable(v):
            found[id(v)] = v

    for name in flow.ctx.names.mentioned(node) if names is None else names:
        value = env.find(name, _ABSENT)
        if value is not _ABSENT and type(value) not in scalars:
            walk(value, 0)
    return list(found.values())


def _old_join_items(flow: Flow, items: list[list[Any]], node: cst.CSTNode, why: str) -> list[Any]:
    return [flow.join_values([i[k] for i in items], node, why) for k in range(len(items[0]))]


# ------------------------------------------------------------------------- helpers
class Checked:
    """One analysis of every program with the fast paths checked at each call: what each check
    found wrong (kept, not raised: each test reports its own), and what it saw."""

    def __init__(self) -> None:
        self.wrong: dict[str, list[str]] = {"mutables": [], "join_items": [], "lose_value": []}
        self.seen: dict[str, dict[str, int]] = {"mutables": {}, "join_items": {}, "skipped": {}, "handled": {}}

    def count(self, what: str, key: str) -> None:
        self.seen[what][key] = self.seen[what].get(key, 0) + 1

    def mutables(self, new: Callable[..., Any]) -> Callable[..., Any]:
        def checked(flow: Flow, node: cst.CSTNode, env: Scope, *rest: Any) -> list[Any]:
            old = [id(x) for x in _old_mutables(flow, node, env, *rest)]
            got = new(flow, node, env, *rest)
            if [id(x) for x in got] != old:  # the same objects in the same order
                self.wrong["mutables"].append(type(node).__name__)
            self.count("mutables", "found" if got else "none")
            return got

        return checked

    def join_items(self, new: Callable[..., Any]) -> Callable[..., Any]:
        def checked(flow: Flow, items: list[list[Any]], node: cst.CSTNode, why: str) -> list[Any]:
            got = new(flow, items, node, why)
            old = _old_join_items(flow, items, node, why)
            for k, (a, b) in enumerate(zip(got, old, strict=True)):
                if all(i[k] is items[0][k] for i in items):
                    ok = a is b is items[0][k]
                    self.count("join_items", "same object")
                else:  # joined by ``join_values`` both times (a fresh symbol each time)
                    ok = a is b or flow.same_value(a, b) or type(a) is type(b) is Sym
                    self.count("join_items", "joined")
                if not ok:
                    self.wrong["join_items"].append(f"{k}: {a!r} != {b!r}")
            return got

        return checked

    def lose_value(self, new: Callable[..., Any]) -> Callable[..., Any]:
        def checked(ctx: Context, value: Any, node: cst.CSTNode | None, why: str) -> None:
            kind = type(value)
            if kind in ctx._unchanged and kind not in _IMMUTABLE:
                # the fast path: the overlays' hooks answer False, and so change nothing
                before = (len(ctx.result.lost), len(ctx.result.findings), set(ctx.broken))
                if ctx.overlays.lose_value(value, node, why):
                    self.wrong["lose_value"].append(kind.__name__)
                if before != (len(ctx.result.lost), len(ctx.result.findings), set(ctx.broken)):
                    self.wrong["lose_value"].append(f"{kind.__name__} changed the state")
                self.count("skipped", kind.__name__)
            elif kind not in _IMMUTABLE and not isinstance(value, list):
                self.count("handled", kind.__name__)
            new(ctx, value, node, why)

        return checked


@pytest.fixture(scope="module")
def checked() -> Checked:
    found = Checked()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Flow, "mutables", found.mutables(Flow.mutables))
        patch.setattr(Flow, "join_items", found.join_items(Flow.join_items))
        patch.setattr(Context, "lose_value", found.lose_value(Context.lose_value))
        for source in _sources():
            analyze(cst.parse_module(source))
    return found


# ------------------------------------------------------------------------- the tests
def test_mutables_is_the_old_walk(checked: Checked) -> None:
    assert not checked.wrong["mutables"]
    assert checked.seen["mutables"]["found"] >= 10 and checked.seen["mutables"]["none"] >= 10


def test_inert_types_are_never_mutable() -> None:
    """The types ``mutables`` learns to skip hold no value the overlays would track: the
    models (the overlays' mutable objects) and the containers are never among them."""
    ctx = Context(cst.parse_module("x = 1\n"))
    flow = ctx.flow
    env = Scope()
    env.update({"a": Sym.fresh("a"), "b": UNKNOWN, "c": [Sym.fresh("c"), UNKNOWN], "d": {"k": (1, Sym.fresh("d"))}})
    assert [type(x) for x in flow.mutables(cst.Name("x"), env, ["a", "b", "c", "d"])] == [list, dict]
    assert {Sym, type(UNKNOWN)} <= flow._inert
    for kind in (list, dict, tuple, ObjectValue, SequentialModel, FunctionalModel):
        assert kind not in flow._inert


def test_join_items_is_join_values_of_each_item(checked: Checked) -> None:
    assert not checked.wrong["join_items"]
    assert checked.seen["join_items"]["same object"] and checked.seen["join_items"]["joined"]
    ctx = Context(cst.parse_module("x = 1\n"))
    flow, node = ctx.flow, cst.Name("x")
    shared = object()
    joined = Flow.join_items(flow, [[1, shared, 2, "a"], [1, shared, 3, "a"], [1, shared, 2, "b"]], node, "differs")
    assert joined[:2] == [1, shared] and joined[2:] == [UNKNOWN, UNKNOWN]


def test_lose_value_skips_only_what_the_overlays_leave_alone(checked: Checked) -> None:
    assert not checked.wrong["lose_value"]
    # types skipped after the first time, and the types the overlays handle, asked each time
    assert {"Sym", "tuple", "ObjectValue", "Tensor"} <= set(checked.seen["skipped"])
    assert {"SequentialModel", "ValuedArray"} <= set(checked.seen["handled"])


def test_a_model_handed_out_after_a_tuple_is_lost_each_time() -> None:
    """A type the overlays handle is never taken for one they leave alone: each model given to
    code not followed is lost (with its own reason), after a tuple, a symbol and another model."""
    source = "import keras\nfrom keras import layers\na = keras.Sequential([layers.Dense(2)])\n"
    ctx = Context(cst.parse_module(source + "b = keras.Sequential([layers.Dense(3)])\n"))
    ctx.run()
    a, b = ctx.globals["a"], ctx.globals["b"]
    assert type(a).__name__ == "SequentialModel" and not a.lost and not b.lost
    node = cst.Name("x")
    for value, why in (((1, 2), "first"), (Sym.fresh("n"), "second"), (a, "third"), ((3,), "fourth"), (b, "fifth")):
        ctx.lose_value(value, node, why)
    assert a.lost and b.lost and [why for _, why in ctx.result.lost] == ["third", "fifth"]
    assert {tuple, Sym} <= ctx._unchanged and type(a) not in ctx._unchanged
