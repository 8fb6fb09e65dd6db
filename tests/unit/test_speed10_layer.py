"""The layer path's fast paths (making and applying a Keras layer) answer as the code they
replace: ``KerasOverlay``'s memo of what an imported name calls and of a constructor call's
written keywords, the constants ``make_layer`` keeps without ``as_shape_value``, the wrapper and
cell tests that skip ``apply_wrapped_model`` and ``cell_step``, ``missing_arguments``' loops, and
the convolutions' window arithmetic and ``data_format`` test."""

from __future__ import annotations

import enum
from pathlib import Path

import libcst as cst
import pytest

from lstmlint.graph.model import InputNode, Layer, Tensor
from lstmlint.interp.context import Context
from lstmlint.interp.names import children
from lstmlint.interp.overlays import keras as keras_overlay
from lstmlint.interp.overlays import keras3_ops, keras_subclass
from lstmlint.interp.overlays.keras_subclass import ConstantInit
from lstmlint.interp.overlays.values import FunctionalModel, SequentialModel, as_shape_value
from lstmlint.interp.values import NOT_FOLLOWED, Arg, ObjectValue
from lstmlint.layers.accepted import KERAS2_REQUIRED, KERAS3_REQUIRED
from lstmlint.layers.arguments import CONSTANT_SHAPES, missing_arguments
from lstmlint.layers.config import LayerConfig
from lstmlint.layers.conv import _channels_first, _window
from lstmlint.layers.libraries import library_kind
from lstmlint.layers.spec import NO_TRAITS, Traits, all_specs, spec_for, traits_of
from lstmlint.rules.versions import _imports
from lstmlint.shapes import UNKNOWN, Shape, ShapeProblem, Sym
from lstmlint.shapes.dims import arith
from lstmlint.source.imports import Ref, keras_name
from lstmlint.source.keras_target import KerasVersion
from lstmlint.source.parsing import parse_module

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
# every tenth corpus program: a few hundred layer constructors and applications of every family
CORPUS_FILES = sorted(CORPUS.glob("*/*.py"))[::10]


def _calls(node: cst.CSTNode) -> list[cst.Call]:
    found: list[cst.Call] = []
    stack = [node]
    while stack:
        current = stack.pop()
        if type(current) is cst.Call:
            found.append(current)
        stack.extend(children(current))
    return found


def _run(path: Path) -> Context:
    """The analysis of ``path``, its context still open (the overlays and their memos alive)."""
    ctx = Context(parse_module(path.read_text()))
    ctx.run()
    return ctx


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_memos_hold_what_is_computed_afresh(path: Path) -> None:
    ctx = _run(path)
    overlay = ctx.overlays.keras
    for qual, (what, name, inside_keras) in overlay._objects.items():
        assert what == overlay.keras_object(qual)
        assert name == (keras_name(qual) or library_kind(qual) or "")
        if not inside_keras:  # ``call_ref`` does not ask ``call_utility``: it has nothing for it
            assert overlay.call_utility(Ref(qual), [], cst.Call(cst.Name("f"))) is NOT_FOLLOWED
    for call in _calls(ctx.module):
        starred, written = overlay.call_facts(call)
        assert starred == any(a.star for a in call.args)
        assert written == {a.keyword.value: a for a in call.args if a.keyword is not None}
        assert overlay.call_facts(call)[1] is written  # read once per node


def test_the_corpus_reaches_the_memos() -> None:
    ctx = _run(CORPUS / "attention_dot_lstm" / "bad.py")
    assert any(what == "layer" for what, _, _ in ctx.overlays.keras._objects.values())
    assert ctx.overlays.keras._calls


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_only_wrappers_wrap_a_model_and_only_cells_step(path: Path) -> None:
    ctx = _run(path)
    layers = {id(app.layer): app.layer for app in ctx.result.applications}
    for layer in list(keras_subclass._WRAPPED.keys()):
        assert traits_of(layer.kind).wraps is not None  # ``apply_layer`` asks only those
    x = Tensor(Shape((None, 3)), InputNode(Shape((None, 3)), ctx.module))
    for layer in layers.values():
        if not traits_of(layer.kind).cell:  # ``call_value`` asks only those
            assert keras_subclass.cell_step(layer, [Arg(None, x), Arg(None, [x, x])]) is NOT_FOLLOWED
            assert keras_subclass.cell_step(layer, [Arg(None, x), Arg(None, x)]) is NOT_FOLLOWED


class _Size(enum.IntEnum):
    FOUR = 4


_VALUES: list[object] = [
    0,
    16,
    -1,
    2.5,
    "same",
    "",
    True,
    False,
    None,
    (3, 3),
    [1, 2],
    (),
    Sym.named("n"),
    UNKNOWN,
    _Size.FOUR,
    ConstantInit((2, 3)),
    Layer(LayerConfig("Dense", {"units": 3}), cst.Call(cst.Name("Dense"))),
    {"a": 1},
    object(),
]
_VALUE_IDS = [f"{i}-{type(v).__name__}" for i, v in enumerate(_VALUES)]  # the same in every xdist worker


@pytest.mark.parametrize("value", _VALUES, ids=_VALUE_IDS)
def test_constants_are_kept_as_as_shape_value_keeps_them(value: object) -> None:
    if type(value) in keras_overlay._CONSTANT_TYPES:
        converted = as_shape_value(value)
        assert converted is value
        assert keras_subclass.initializer_shapes({"x": value}) == {}


def test_make_layer_converts_every_other_argument() -> None:
    ctx = Context(cst.parse_module("Dense(4)\n"))
    node = cst.ensure_type(cst.ensure_type(ctx.module.body[0], cst.SimpleStatementLine).body[0], cst.Expr).value
    call = cst.ensure_type(node, cst.Call)
    for value in _VALUES:
        args = [Arg(None, 4), Arg("kernel_initializer", value), Arg("name", "d")]
        layer = ctx.overlays.keras.make_layer("Dense", args, call)
        expected = {"units": 4, "kernel_initializer": as_shape_value(value), "name": "d"}
        shapes = keras_subclass.initializer_shapes({"kernel_initializer": value})
        if shapes:
            expected[CONSTANT_SHAPES] = shapes
        params = {k: v for k, v in layer.cfg.params.items() if k != "__invalid__"}
        assert params.keys() == expected.keys()
        for key, got in params.items():
            want = expected[key]
            assert got is want or (type(got) is type(want) and got == want), (value, key)


def _missing_as_it_was(
    cfg: LayerConfig, positional: int, keywords: set[str], version: KerasVersion
) -> tuple[str, ...] | None:
    """``missing_arguments``' test before its loops (``any()`` and a generator)."""
    spec = spec_for(cfg.kind)
    if spec is None:
        return None
    keras3 = version is KerasVersion.KERAS3
    required = (KERAS3_REQUIRED if keras3 else KERAS2_REQUIRED).get(spec.name)
    accepted = spec.accepted(version)
    if not required or accepted is None or any(k not in accepted for k in keywords):
        return None
    missing = tuple(
        name for name, position in required if name not in keywords and (position is None or position >= positional)
    )
    return missing or None


def test_missing_arguments_is_what_it_was() -> None:
    checked = 0
    for spec in all_specs():
        for version in (KerasVersion.KERAS3, KerasVersion.KERAS2):
            table = KERAS3_REQUIRED if version is KerasVersion.KERAS3 else KERAS2_REQUIRED
            required = [name for name, _ in table.get(spec.name, ())]
            keyword_sets: list[set[str]] = [set(), set(required[:1]), set(required), {"name"}, {"no_such_keyword"}]
            for keywords in keyword_sets:
                for positional in (0, 1, 2, 5):
                    cfg = LayerConfig(spec.name)
                    want = _missing_as_it_was(cfg, positional, keywords, version)
                    got = missing_arguments(cfg, positional, keywords, version)
                    assert (got.data["missing"] if isinstance(got, ShapeProblem) else None) == want
                    checked += want is not None
    assert checked > 50  # the corpus of specs reaches the missing-argument problems


def _window_by_arith(size: object, stride: object, padding: object, length: object) -> object:
    """``_window`` before its integer fast path: every length through ``arith``."""
    if length is None:
        return None
    if not (isinstance(size, int) and isinstance(stride, int)) or padding is UNKNOWN:
        return UNKNOWN
    if padding in ("same", "causal"):
        return arith("+", arith("//", arith("-", length, 1), stride), 1)  # type: ignore[arg-type]
    if padding == "valid":
        return arith("+", arith("//", arith("-", length, size), stride), 1)  # type: ignore[arg-type]
    return UNKNOWN


@pytest.mark.parametrize("padding", ["same", "causal", "valid", "full", UNKNOWN, None])
def test_window_is_the_arithmetic(padding: object) -> None:
    n = Sym.named("n")
    for length in (None, UNKNOWN, n, -3, 0, 1, 2, 5, 7, 224):
        for size in (1, 2, 3, 7, 9):
            for stride in (0, 1, 2, 3):
                want = _window_by_arith(size, stride, padding, length)
                got = _window(size, stride, padding, length)
                assert type(got) is type(want) and got == want, (size, stride, padding, length)


@pytest.mark.parametrize(
    "value", ["channels_first", "Channels_First", "channels_last", "", None, UNKNOWN, 3, ("channels_first",)]
)
def test_channels_first_reads_as_str_(value: object) -> None:
    for cfg in (LayerConfig("Conv2D", {"data_format": value}), LayerConfig("Conv2D")):
        assert _channels_first(cfg) is bool(cfg.str_("data_format") == "channels_first")


@pytest.mark.parametrize(
    ("layer", "message"),
    [
        (
            "layers.Conv2D(8, 5)",
            "`Conv2D` would produce an output of size 0 on axis 1 from (None, 4, 4, 3) "
            "(kernel_size=(5, 5), dilation_rate=(1, 1), padding='valid')",
        ),
        (
            "layers.MaxPooling2D(pool_size=(8, 2), strides=2)",
            "`MaxPooling2D` would produce an output of size -1 on axis 1 from (None, 4, 4, 3) "
            "(pool_size=(8, 2), strides=(2, 2), padding='valid')",
        ),
        (
            "layers.Cropping2D(((3, 2), 0))",
            "`Cropping2D` would produce an output of size -1 on axis 1 from (None, 4, 4, 3) (cropping=(3, 2))",
        ),
    ],
)
def test_a_window_too_short_still_names_its_arguments(layer: str, message: str) -> None:
    source = f"from tensorflow.keras import layers, Input\ny = {layer}(Input((4, 4, 3)))\n"
    found = [f.problem.message for f in Context(cst.parse_module(source)).run().findings]
    assert found == [message]


def test_unknown_classes_share_the_empty_traits() -> None:
    assert traits_of("NoSuchLayerClass") is NO_TRAITS == Traits()
    assert spec_for("NoSuchLayerClass") is None


def test_a_wrapper_still_applies_the_model_it_wraps() -> None:
    """``TimeDistributed(model)``: ``apply_layer`` still follows the model (``apply_wrapped_model``)."""
    source = (
        "from tensorflow import keras\n"
        "from tensorflow.keras import layers\n"
        "inner = keras.Sequential([layers.Conv2D(4, 3), layers.MaxPooling2D(2)])\n"
        "x = keras.Input((5, 10, 10, 3), batch_size=32)\n"
        "y = layers.TimeDistributed(inner)(x)\n"
    )
    ctx = Context(cst.parse_module(source))
    analysis = ctx.run()
    wrapper = [app for app in analysis.applications if app.layer.kind == "TimeDistributed"]
    assert wrapper and keras_subclass._WRAPPED.get(wrapper[0].layer) is not None
    assert [str(t.shape) for t in wrapper[0].outputs] == ["(32, 5, 4, 4, 4)"]


@pytest.mark.parametrize("value", _VALUES, ids=_VALUE_IDS)
def test_constants_hold_no_tensor_and_name_nothing(value: object) -> None:
    """``keras3_ops.propagate`` and ``KerasOverlay.bound`` return at once for a constant: what
    their walks answer for one (no tensor in it; not a layer, model or object to name)."""
    if not isinstance(value, (Tensor, list, tuple, dict)):
        assert keras3_ops._tensors([value, value]) == []
    if type(value) in keras_overlay._CONSTANT_TYPES:
        assert not isinstance(value, (Layer, SequentialModel, FunctionalModel, ObjectValue))


def test_propagate_still_marks_what_symbolic_tensors_make() -> None:
    ctx = Context(cst.parse_module("pass\n"))
    x = Tensor(Shape((None, 3)), InputNode(Shape((None, 3)), ctx.module))
    made = Tensor(Shape((None, 3)))
    assert keras3_ops.propagate(ctx, [x, 2], made) is made
    assert ctx.symbolic.get(id(made)) is made
    other = Tensor(Shape((None, 3)))
    assert keras3_ops.propagate(ctx, [2, 3.0, None], other) is other
    assert id(other) not in ctx.symbolic


def _imports_by_isinstance(module: cst.Module) -> list[cst.CSTNode]:
    """``rules.versions._imports`` before its exact type tests."""
    found: list[cst.CSTNode] = []
    stack: list[cst.CSTNode] = list(reversed(module.body))
    while stack:
        node = stack.pop()
        if isinstance(node, (cst.Import, cst.ImportFrom)):
            found.append(node)
        elif isinstance(node, (cst.SimpleStatementLine, cst.SimpleStatementSuite, cst.IndentedBlock)):
            stack.extend(reversed(node.body))
        elif not isinstance(node, cst.BaseSmallStatement):
            parts: list[cst.CSTNode] = []
            for field in ("body", "handlers", "orelse", "finalbody", "cases"):
                value = getattr(node, field, None)
                if isinstance(value, cst.CSTNode):
                    parts.append(value)
                elif isinstance(value, (list, tuple)):
                    parts.extend(value)
            stack.extend(reversed(parts))
    return found


_IMPORT_SOURCES = [
    "import a\nfrom b import c\n",
    "if x:\n    import tf_keras\nelif y:\n    from tf_keras import layers\nelse:\n    import keras; import os\n",
    "try:\n    import a\nexcept ImportError:\n    import b\nelse:\n    import c\nfinally:\n    import d\n",
    "def f():\n    class C:\n        import e\n    with g() as h:\n        for i in j:\n            import k\n        else:\n            import m\n",
    "match v:\n    case 1:\n        import n\n    case _:\n        from . import o\n",
    "async def f():\n    async with a:\n        import p\n    while q:\n        import r\n",
    "try:\n    pass\nexcept* E:\n    import s\n",
    "if a: import t\n",
]


@pytest.mark.parametrize(
    "source",
    [*_IMPORT_SOURCES, *CORPUS_FILES],
    ids=lambda s: f"{s.parent.name}/{s.name}" if isinstance(s, Path) else s.split("\n")[0],
)
def test_imports_are_found_as_by_isinstance(source: str | Path) -> None:
    module = parse_module(source.read_text()) if isinstance(source, Path) else cst.parse_module(source)
    found = _imports(module)
    assert [id(n) for n in found] == [id(n) for n in _imports_by_isinstance(module)]
    assert all(type(n) in (cst.Import, cst.ImportFrom) for n in found)


ATTRIBUTES = CORPUS / "_speed10_attributes.py"  # not a corpus entry: written by the test below
_ATTRIBUTE_PROGRAM = """
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

class Block(layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.dense = layers.Dense(units)

    def call(self, x):
        return self.dense(x) * self.units

inp = keras.Input((8, 4))
dense = layers.Dense(3)
out = dense(inp)
print(dense.output, dense.input, dense.units, dense.name, layers.LSTM.__name__, out.dtype, out.shape)
model = keras.Model(inp, Block(3)(out))
print(model.layers, model.output, model.inputs, model.name)
seq = keras.Sequential([layers.Dense(2)])
seq.add(layers.Dense(1))
data = np.zeros((4, 8, 4)).astype("float32")
print(seq.layers, data.shape, [1].copy(), "a".upper(), unknown.thing.other)
"""


@pytest.mark.parametrize("path", [*CORPUS_FILES, ATTRIBUTES], ids=lambda p: f"{p.parent.name}/{p.name}")
def test_attribute_fast_exit_is_what_the_cases_answer(
    path: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """``KerasOverlay.attribute`` returns at once for a value of none of the types it reads:
    every case below that test answers NOT_FOLLOWED for the same values (the bases and names
    the analysis of the corpus asks)."""
    asked: list[tuple[object, str, cst.Attribute]] = []
    original = keras_overlay.KerasOverlay.attribute

    def recording(self: keras_overlay.KerasOverlay, base: object, attr: str, node: cst.Attribute) -> object:
        asked.append((base, attr, node))
        return original(self, base, attr, node)

    monkeypatch.setattr(keras_overlay.KerasOverlay, "attribute", recording)
    if path == ATTRIBUTES:
        path = tmp_path / path.name
        path.write_text(_ATTRIBUTE_PROGRAM)
    ctx = _run(path)
    monkeypatch.setattr(keras_overlay.KerasOverlay, "attribute", original)
    overlay = ctx.overlays.keras
    fast = [(b, a, n) for b, a, n in asked if not isinstance(b, keras_overlay._ATTRIBUTE_BASES)]
    monkeypatch.setattr(keras_overlay, "_ATTRIBUTE_BASES", (object,))  # every value through the cases
    for base, attr, node in fast:
        assert overlay.attribute(base, attr, node) is NOT_FOLLOWED, (type(base), attr)


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_propagate_fast_exit_is_what_the_walk_finds(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``keras3_ops.propagate`` returns at once when no input is a tensor or can hold one: the
    walk (``_tensors``) finds no tensor in those inputs (as the analysis of the corpus gives them)."""
    calls: list[list[object]] = []
    propagate = keras3_ops.propagate

    def spy(ctx: Context, inputs: list[object], result: object) -> object:
        calls.append(list(inputs))
        return propagate(ctx, inputs, result)

    monkeypatch.setattr(keras3_ops, "propagate", spy)
    _run(path)
    for inputs in calls:
        if not any(isinstance(v, (Tensor, list, tuple, dict)) for v in inputs):
            assert keras3_ops._tensors(inputs) == []
