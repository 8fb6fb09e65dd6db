"""Round 11, part B: the layer path's class plans and the per-file text scans answer as the code
they replace. Each fast path is compared with a verbatim copy of the code it replaced (kept
here) on the corpus programs and, when the real-code cache exists, on real files:

- ``suppressions.may_mention`` before the case-insensitive regexes of ``skips_file`` and
  ``apply_suppressions``;
- the ``set_image_`` test before ``KerasDatasetsOverlay.image_data_format``'s regex scan;
- ``keras_target._imported_modules`` trying the import pattern only on lines holding ``import``;
- ``keras2_import_findings`` given the source text (no walk of a file without ``tf_keras``);
- ``KerasOverlay.make_layer`` reading a ``ClassPlan`` per class instead of asking the spec table,
  ``missing_arguments``, ``validate`` and ``removed_layer`` at every constructor call, and
  ``apply_layer`` asking the spec table once per application;
- the ``call_ref`` of the ``stdlib``, ``tf_data`` and ``tf`` overlays refusing, before reading the
  arguments, the names they have nothing for (most imported names reach them: ``plt.plot``).
"""

from __future__ import annotations

import functools
import io
import re
import tokenize
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import libcst as cst
import pytest

from lstmlint.diagnostics import Diagnostic
from lstmlint.graph.model import Application, Tensor
from lstmlint.interp.context import Context
from lstmlint.interp.overlays import keras as keras_overlay
from lstmlint.interp.overlays import keras3_ops, keras_datasets, keras_subclass, stdlib, tf, tf_data
from lstmlint.interp.overlays.keras import (
    _CONSTANT_TYPES,
    NO_TRAITS,
    KerasOverlay,
    KerasVersion,
    Layer,
    LayerConfig,
    bind_params,
    class_plan,
    poisoned,
    wraps_refused_layer,
)
from lstmlint.interp.overlays.keras_ops import KerasOpsOverlay
from lstmlint.interp.overlays.values import ArrayValue, as_shape_value
from lstmlint.interp.values import NOT_FOLLOWED, Arg, ObjectValue
from lstmlint.layers.arguments import CONSTANT_SHAPES, WEIGHT_SHAPES, missing_arguments, validate
from lstmlint.layers.checks import keras2_call_error, keras3_only
from lstmlint.layers.libraries import library_kind
from lstmlint.layers.migration import removed_layer
from lstmlint.layers.spec import infer_layer, spec_for, table, traits_of
from lstmlint.rules import versions
from lstmlint.settings import Options
from lstmlint.shapes import UNKNOWN, UNKNOWN_SHAPE, Outcome, ShapeProblem, Sym, is_int
from lstmlint.shapes.problems import ArgumentRule
from lstmlint.source import keras_target, suppressions
from lstmlint.source.imports import Ref, keras_path
from lstmlint.source.keras_target import Target
from lstmlint.source.parsing import parse_module

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
CORPUS_FILES = sorted(CORPUS.glob("*/*.py"))
REAL = Path.home() / ".cache" / "lstmlint-realcode" / "files"
# a sample of the real-code cache (absent in CI): every eighth file, for a modest runtime
REAL_FILES = sorted(REAL.rglob("*.py"))[::8] if REAL.is_dir() else []

# texts that take the regexes' slow side: other cases, Unicode case folding (the long s of
# ``l\u017ftmlint`` is an ``s`` to ``re.IGNORECASE``), comments in strings, a file without either
TRICKY = [
    "# LSTMLINT: SKIP-FILE\nimport keras\n",
    "import keras  # NoQa: lst101\n",
    "import keras  # noqa : E501 and lst\n",
    "import keras  # noqa\n",
    "x = '# lstmlint: skip-file'\n",
    "# l\u017ftmlint: skip-file\nimport keras\n",
    "import keras  # no\u0051a: LST1\n",
    "caf\u00e9 = 1  # lstmlint: ignore[LST101]\n",
    "caf\u00e9 = 1\n",
    "import keras\nkeras.backend.set_image_data_format('channels_first')\n",
    "from keras import backend as K\nK.set_image_dim_ordering('th')\nK.set_image_data_format(fmt)\n",
    "import tf_keras as keras\nfrom tf_keras.layers import Dense\n",
    "from keras import backend as K\nK.set_image_dim_ordering('th')\n",
    "import keras  # l\u017ftmlint: ignore[LST101]\n",
    "import keras\n",
]


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="surrogateescape")


def _texts() -> list[str]:
    return [_read(p) for p in CORPUS_FILES + REAL_FILES] + TRICKY


# ------------------------------------------------------------------ the replaced code, verbatim
def old_skips_file(text: str) -> bool:
    match = suppressions.SKIP_FILE.search(text)
    if match is None:
        return False
    lines = {text.count("\n", 0, m.start()) + 1 for m in suppressions.SKIP_FILE.finditer(text)}
    try:
        for tok in tokenize.generate_tokens(io.StringIO(text).readline):
            if tok.type == tokenize.COMMENT and tok.start[0] in lines:
                return True
    except (tokenize.TokenError, SyntaxError):
        return False
    return False


def old_apply_suppressions(text: str, path: str, diagnostics: list[Any], options: Options) -> list[Any]:
    if not diagnostics and not suppressions.CHEAP_CHECK.search(text):
        return diagnostics
    by_line = suppressions.find_suppressions(text)
    if not by_line:
        return diagnostics
    if not options.noqa:
        by_line = {n: [s for s in ss if s.kind != "noqa"] for n, ss in by_line.items()}
    kept: list[Any] = []
    for d in diagnostics:
        if not suppressions._suppressed(d.code, (d.span.line, d.span.end_line), by_line):
            kept.append(d)
    if options.wants(suppressions.UNUSED):
        for line in sorted(by_line):
            for s in by_line[line]:
                diag = suppressions._unused(s, path, options)
                if diag is not None and not suppressions._suppressed(
                    suppressions.UNUSED, (line,), by_line, explicit=True
                ):
                    kept.append(diag)
        kept.sort(key=Diagnostic.sort_key)
    return kept


def _unused_reported(apply: Any, text: str) -> list[str]:
    """The LST901 findings of a file without other findings (where the early return applies)."""
    return [f"{d.span} {d.message}" for d in apply(text, "x.py", [], Options())]


def old_image_data_format(text: str) -> Any:
    found: set[Any] = set()
    for match in keras_datasets._SETTERS.finditer(text):
        kind, value = match.group(1), match.group(3)
        if kind == "dim_ordering":
            value = keras_datasets._DIM_ORDERING.get(value or "")
        found.add(value if value in ("channels_last", "channels_first") else keras_datasets.UNKNOWN)
    return found.pop() if len(found) == 1 else keras_datasets.UNKNOWN if found else "channels_last"


def old_keras2_import_findings(module: cst.Module, version: KerasVersion) -> list[Any]:
    if version is not KerasVersion.KERAS3:
        return []
    out: list[Any] = []
    for node in versions._imports(module):
        if isinstance(node, cst.Import):
            for alias in node.names:
                name = versions.dotted(alias.name)
                if name is not None and (name == "tf_keras" or name.startswith("tf_keras.")):
                    out.append(versions._import_finding(alias, name))
            continue
        name = versions.dotted(node.module) if node.module is not None and not node.relative else None
        if name is not None and (name == "tf_keras" or name.startswith("tf_keras.")):
            out.append(versions._import_finding(node, name))
    return out


def old_make_layer(self: KerasOverlay, name: str, args: list[Arg] | None, node: cst.Call) -> Layer:
    spec = spec_for(name)
    kind = spec.name if spec else name
    if args is None:
        return Layer(LayerConfig(kind, {"__opaque__": True}), node)
    keras = self.layer_keras(spec)
    traits = spec.traits if spec is not None else NO_TRAITS
    bound = bind_params(spec.params if spec else (), args)
    if traits.wraps is not None and traits.wraps in bound:
        bound[traits.wraps] = keras_subclass.as_base_layer(bound[traits.wraps])
    given: dict[str, Any] = {}
    initializer = False
    for key, value in bound.items():
        if type(value) in _CONSTANT_TYPES:
            given[key] = value
        else:
            given[key] = as_shape_value(value)
            initializer = initializer or isinstance(value, keras_subclass.ConstantInit)
    cfg = LayerConfig(kind, given)
    if traits.cells and traits.cells in bound:
        cells = keras_subclass.rnn_cells(self, bound[traits.cells], node)
        if cells is not NOT_FOLLOWED:
            cfg.params[traits.cells] = cells
    if "weights" in bound:
        cfg.params[WEIGHT_SHAPES] = keras_subclass.array_shapes(bound["weights"])
    constants = keras_subclass.initializer_shapes(bound) if initializer else {}
    if constants:
        cfg.params[CONSTANT_SHAPES] = constants
    if spec is not None and "data_format" not in bound and spec.accepts("data_format", keras):
        default = self.ctx.overlays.get(keras_datasets.KerasDatasetsOverlay).image_data_format()
        if default == "channels_first":
            cfg.params["data_format"] = default
        elif default != "channels_last":
            cfg.params["__opaque__"] = True
    layer = Layer(cfg, node)
    if traits.cells and traits.cells in bound:
        keras_subclass.remember_rnn_cell(layer, bound[traits.cells])
    if traits.wraps is not None:
        keras_subclass.remember_wrapped_model(layer, bound.get(traits.wraps))
    if traits.calls is not None:
        layer.code = dict(bound)
    starred, written = self.call_facts(node)
    missing = None
    if not starred:
        keywords: set[str] = set()
        positional = 0
        for a in args:
            if a.keyword is None:
                positional += 1
            else:
                keywords.add(a.keyword)
        missing = missing_arguments(cfg, positional, keywords, keras)
    invalid = missing or validate(cfg)
    if starred and invalid is not None and invalid.data.get("rule") == ArgumentRule.REQUIRED:
        invalid = None
    if invalid is not None and keras3_only(invalid) and keras is KerasVersion.KERAS2:
        invalid = None
    if invalid is None and wraps_refused_layer(cfg):
        cfg.params["__invalid__"] = True
    if invalid is not None:
        cfg.params["__invalid__"] = True
        self.ctx.sink.report(invalid, node, layer=layer)
    self.version_checks(layer, spec, bound, node, keras, written)
    return layer


def old_stdlib_call_ref(self: stdlib.StdlibOverlay, ref: Ref, args: list[Arg] | None, node: cst.Call) -> Any:
    qual = ref.qual
    if args is None or any(a.star for a in args):
        return NOT_FOLLOWED
    pos = [a.value for a in args if a.keyword is None]
    kw = {a.keyword: a.value for a in args if a.keyword is not None}
    if qual == "builtins.frozenset" and len(pos) <= 1 and not kw:
        items = self._items(pos[0]) if pos else []
        return NOT_FOLLOWED if items is None else stdlib.SetValue(items)
    if qual == "itertools.accumulate":
        return self._accumulate(pos, kw)
    if qual == "functools.reduce" and 2 <= len(pos) <= 3 and not kw:
        step = stdlib._BINARY.get(pos[0].qual) if isinstance(pos[0], Ref) else None
        items = None if isinstance(pos[1], stdlib.SetValue) else self._items(pos[1])
        if step is None or items is None or not all(stdlib._number(v) for v in items):
            return NOT_FOLLOWED
        if len(pos) == 3 and not stdlib._number(pos[2]):
            return NOT_FOLLOWED
        return self._apply(lambda: functools.reduce(step, items, *pos[2:]))
    func = stdlib._BINARY.get(qual)
    if func is not None and qual.startswith("operator.") and len(pos) == 2 and not kw:
        if all(stdlib._number(v) for v in pos):
            return self._apply(lambda: func(pos[0], pos[1]))
    return NOT_FOLLOWED


def old_tf_data_call_ref(self: tf_data.TfDataOverlay, ref: Ref, args: list[Arg] | None, node: cst.Call) -> Any:
    DATASET_CLASS = tf_data.DATASET_CLASS  # as the module names it
    qual = ref.qual
    if args is None:
        return NOT_FOLLOWED
    pos = [a.value for a in args if a.keyword is None]
    kw = {a.keyword: a.value for a in args if a.keyword is not None}
    if qual in (f"{DATASET_CLASS}.from_tensor_slices", f"{DATASET_CLASS}.from_tensors"):
        data = pos[0] if pos else kw.get("tensors")
        if data is None:
            return NOT_FOLLOWED
        if qual.endswith("from_tensors"):
            return tf_data.DatasetValue(data if isinstance(data, (ArrayValue, tuple, dict)) else UNKNOWN)
        return tf_data.DatasetValue(tf_data._sliced(data))
    if qual == f"{DATASET_CLASS}.from_generator":
        signature = kw.get("output_signature", kw.get("output_shapes"))
        return tf_data.DatasetValue(tf_data._declared_element(signature)) if signature is not None else NOT_FOLLOWED
    if qual in tf_data._ITERATOR_FUNCTIONS:
        dataset = pos[0] if pos else kw.get("dataset")
        return tf_data.IteratorValue(dataset) if isinstance(dataset, tf_data.DatasetValue) else NOT_FOLLOWED
    if qual == "tensorflow.TensorSpec":
        shape = pos[0] if pos else kw.get("shape")
        return tf_data._spec_array(shape, node)
    if qual == f"{DATASET_CLASS}.zip":
        parts = pos[0] if len(pos) == 1 and isinstance(pos[0], tuple) else tuple(pos)
        if parts and all(isinstance(p, tf_data.DatasetValue) for p in parts):
            flags = {p.batched for p in parts}
            if len(flags) == 1:
                return tf_data.DatasetValue(tuple(p.element for p in parts), flags.pop())
        return NOT_FOLLOWED
    path = keras_path(qual)
    if path and path[-1] == "timeseries_dataset_from_array":
        return self.timeseries(pos, kw)
    if path and path[-1] == "to_categorical":
        y = pos[0] if pos else kw.get("x", kw.get("y"))
        if isinstance(y, ArrayValue):
            dims = list(y.dims)
            if len(dims) > 1 and is_int(dims[-1]) and dims[-1] == 1:
                dims = dims[:-1]
            return ArrayValue(tuple(dims) + (Sym.named(f"n_classes({self.ctx.source(node)})"),), node)
        return NOT_FOLLOWED
    if path and path[-1] == "pad_sequences":
        return self.padded(pos, kw, node)
    return NOT_FOLLOWED


def old_tf_call_ref(self: tf.TensorflowOverlay, ref: Ref, args: list[Arg] | None, node: cst.Call) -> Any:
    qual = ref.qual
    if not qual.startswith("tensorflow.") or args is None:
        return NOT_FOLLOWED
    name = qual[11:]
    if self.ctx.keras is KerasVersion.KERAS3 and not name.startswith(("keras.", "python.", "compat.")):
        keras3_ops.check_tf_call(self.ctx, name, args, node)
    if name.startswith("compat.v2."):
        name = name[10:]
    if name in tf._SMART_COND:
        return self.smart_cond(args, node)
    module, _, short = name.rpartition(".")
    if not module or module in tf._OP_MODULES:
        tf.check_binary_call(self.ctx, qual, short, args, node, True)
    sized = self.sizes(name, args, node)
    if sized is not NOT_FOLLOWED:
        return sized
    data = self.data(name, args, node)
    if data is not NOT_FOLLOWED:
        return data
    if name.startswith(tf._IMAGE_MODULES):
        image = tf.image_result(name.rpartition(".")[2], args, contrib=name.startswith("contrib."))
        return keras3_ops.propagate(self.ctx, [a.value for a in args], image)
    if name in ("nest.flatten", "compat.v1.nest.flatten"):
        return self.flatten(args)
    if name == "signal.linear_to_mel_weight_matrix":
        return tf.mel_matrix(args, node)
    if name.startswith("signal."):
        return keras3_ops.propagate(self.ctx, [a.value for a in args], tf.signal_result(name[7:], args, node))
    if "." in name:
        module, _, short = name.rpartition(".")
        if module not in tf._OP_MODULES:
            return NOT_FOLLOWED
        name = short
    return keras3_ops.propagate(self.ctx, [a.value for a in args], tf.op_result(name, args, "tf"))


def old_apply_layer(self: KerasOverlay, layer: Layer, value: Any, node: cst.CSTNode, kwargs: dict[str, Any]) -> Any:
    ctx = self.ctx
    owner = layer.code.get(keras_subclass.OWNER)
    if isinstance(owner, ObjectValue):  # the program's own layer applied again: its ``call`` again
        return self.call_object(owner, [Arg(None, value)] + [Arg(k, v) for k, v in kwargs.items()], node)
    traits = traits_of(layer.kind)
    # only a wrapper's layer can wrap a model (``make_layer`` remembers one for those only)
    if traits.wraps is not None:
        wrapped = keras_subclass.apply_wrapped_model(self, layer, value, node, kwargs)
        if wrapped is not NOT_FOLLOWED:
            return wrapped
    inputs: list[Tensor]
    if isinstance(value, Tensor):
        inputs, is_list = [value], False
    elif isinstance(value, (list, tuple)) and value:
        inputs = [v if isinstance(v, Tensor) else Tensor.unknown() for v in value]
        is_list = True
    else:
        inputs, is_list = [Tensor.unknown()], None  # shape of the argument unknown
    app = Application(layer, inputs, bool(is_list), node, call_kwargs=kwargs, context=ctx.call_context)
    ctx.result.applications.append(app)
    if layer.cfg.params.get("__opaque__"):
        outcome = Outcome.unknown("layer built from arguments that are not followed")
    elif poisoned(inputs) or layer.cfg.params.get("__invalid__"):
        app.outputs = [Tensor(UNKNOWN_SHAPE, app, 0, poisoned=True)]
        return app.outputs[0]
    elif is_list is None:
        outcome = Outcome.unknown(f"the input of `{layer.cfg.display}` is not followed")
        if isinstance(value, ObjectValue) or value is UNKNOWN or isinstance(value, Sym):
            inputs[0].lost = (
                node,
                f"`{ctx.source(node.args[0].value)}` is not a tensor the analysis follows"
                if isinstance(node, cst.Call) and node.args
                else outcome.notes["lost"],
            )
    else:
        try:
            cfg = self.call_config(layer, kwargs)
            if traits.cells:  # RNN(the program's cell): the cell is built on one step
                plain = not is_list and all(kwargs.get(k) is None for k in ("initial_state", "constants"))
                cfg = keras_subclass.built_rnn_cell(self, layer, cfg, inputs[0], node, plain)
            if layer.code:  # a layer calling the program's function (Lambda): followed on the inputs
                cfg = self.ctx.overlays.get(KerasOpsOverlay).traced_config(layer, cfg, inputs, is_list, node)
            outcome = infer_layer(cfg, [t.shape for t in inputs], is_list)
        except ShapeProblem as problem:
            if keras3_only(problem) and ctx.keras is KerasVersion.KERAS2 and problem.recovered is not None:
                outcome = problem.recovered  # Keras 2 accepts it (``padding='Same'`` on a pooling)
            else:
                app.problem = problem
                ctx.sink.report(problem, node, app=app, severity="error")
                if (
                    problem.recovered is not None
                    and problem.recovered.outputs is not None
                    and not keras3_only(problem)  # its outcome is what Keras 2 builds
                ):
                    outcome = problem.recovered
                else:
                    app.outputs = [Tensor(UNKNOWN_SHAPE, app, 0, poisoned=True)]
                    return app.outputs[0]
    app.outcome = outcome
    # ``check_call`` reads the call's keywords only (most calls have none)
    for warning in outcome.warnings + self.check_call(app) if kwargs else outcome.warnings:
        refused = keras2_call_error(warning) if ctx.keras is KerasVersion.KERAS2 else None
        if refused is not None:  # what Keras 3 builds, Keras 2 refuses when the layer is called
            app.problem = refused
            ctx.sink.report(refused, node, app=app, severity="error")
            app.outputs = [Tensor(UNKNOWN_SHAPE, app, 0, poisoned=True)]
            return app.outputs[0]
        ctx.sink.report(warning, node, app=app, severity="warning")
    cause = None  # the first input's known reason for an unknown shape
    for t in inputs:
        if t.lost is not None:
            cause = t.lost
            break
    if outcome.outputs is None:
        if "lost" in outcome.notes:
            ctx.sink.lose(node, outcome.notes["lost"])
        why = cause or (node, outcome.notes.get("lost") or f"output of `{layer.cfg.display}` not followed")
        app.outputs = [Tensor(UNKNOWN_SHAPE, app, 0, lost=why)]
        return app.outputs[0]
    app.outputs = [Tensor(s, app, i, lost=cause if s.dims is None else None) for i, s in enumerate(outcome.outputs)]
    if outcome.multi:
        return list(app.outputs)
    return app.outputs[0]


OLD_CODE = [
    (KerasOverlay, "make_layer", old_make_layer),
    (KerasOverlay, "apply_layer", old_apply_layer),
    (stdlib.StdlibOverlay, "call_ref", old_stdlib_call_ref),
    (tf_data.TfDataOverlay, "call_ref", old_tf_data_call_ref),
    (tf.TensorflowOverlay, "call_ref", old_tf_call_ref),
]


# ------------------------------------------------------------------------------ text scans
@pytest.mark.parametrize("text", _texts())
def test_may_mention_settles_only_what_the_regexes_would(text: str) -> None:
    assert suppressions.skips_file(text) == old_skips_file(text)
    assert _unused_reported(suppressions.apply_suppressions, text) == _unused_reported(old_apply_suppressions, text)
    if not suppressions.may_mention(text, ("lstmlint", "noqa")):
        assert suppressions.CHEAP_CHECK.search(text) is None
        assert suppressions.SKIP_FILE.search(text) is None


def test_the_slow_side_is_taken() -> None:
    # the long s matches ``s`` only under Unicode case folding: ``may_mention`` must not say no
    assert suppressions.CHEAP_CHECK.search(TRICKY[5]) is not None
    assert suppressions.may_mention(TRICKY[5], ("lstmlint",))
    assert suppressions.skips_file(TRICKY[0]) and suppressions.skips_file(TRICKY[5])
    assert not suppressions.skips_file(TRICKY[4])  # in a string
    for text in (TRICKY[1], TRICKY[6], TRICKY[7], TRICKY[13]):  # each has a suppression that is unused
        assert _unused_reported(suppressions.apply_suppressions, text), text


class _Text:
    """The one service ``image_data_format`` asks of its context."""

    def __init__(self, text: str) -> None:
        self.text = text

    def module_text(self) -> str:
        return self.text


@pytest.mark.parametrize("text", _texts())
def test_image_data_format_as_the_regex_scan(text: str) -> None:
    overlay = keras_datasets.KerasDatasetsOverlay(_Text(text))  # type: ignore[arg-type]
    assert overlay.image_data_format() == old_image_data_format(text)


def test_image_formats_are_found() -> None:
    assert old_image_data_format(TRICKY[9]) == "channels_first"
    assert old_image_data_format(TRICKY[10]) is keras_datasets.UNKNOWN
    assert old_image_data_format(TRICKY[12]) == "channels_first"


def _modules() -> list[tuple[str, cst.Module]]:
    out = []
    for text in [_read(p) for p in CORPUS_FILES[::3] + REAL_FILES] + TRICKY:
        try:
            out.append((text, parse_module(text)))
        except cst.ParserSyntaxError:
            continue
    return out


def test_keras2_import_findings_given_the_text() -> None:
    found = 0
    for text, module in _modules():
        for version in KerasVersion:
            new = versions.keras2_import_findings(module, version, text)
            old = old_keras2_import_findings(module, version)
            assert [(f.node, f.problem.message) for f in new] == [(f.node, f.problem.message) for f in old]
            found += len(new)
    assert found  # ``import tf_keras`` is reported, so the comparison means something


def old_imported_modules(text: str) -> Iterator[tuple[str, int]]:
    for m in keras_target._IMPORT.finditer(text):
        if m.group(1):
            yield m.group(1), m.start()
        else:
            for part in m.group(2).split(","):
                yield part.strip(), m.start()


IMPORT_LINES = [
    "import keras.engine",
    "from keras.layers.recurrent import LSTM  # import it",
    "  import a, b.c ,d",
    "\timport tf_keras",
    "important = 1\nimport x",
    "x = 'import y'\nfrom z import w",
    "#import q\nif True:\n    from keras.utils.np_utils import to_categorical",
    "import a\rimport b\r",
    "import a\r\nimport b\r\n",
    "from . import x\nfrom .a import y\nimport",
    "a = 1; import b",
    "import a import b\nimport c",
    "importx\nfrom a importb\nfrom a import b",
    "",
]


@pytest.mark.parametrize("text", _texts() + IMPORT_LINES)
def test_imported_modules_as_finditer(text: str) -> None:
    assert list(keras_target._imported_modules(text)) == list(old_imported_modules(text))
    assert keras_target.from_source(text) == _old_from_source(text)


def _old_from_source(text: str) -> Target | None:
    """``from_source`` reading ``old_imported_modules``."""
    original = keras_target._imported_modules
    keras_target._imported_modules = old_imported_modules
    try:
        return keras_target.from_source(text)
    finally:
        keras_target._imported_modules = original


def test_imports_are_found() -> None:
    assert [m for m, _ in keras_target._imported_modules("\n".join(IMPORT_LINES))] == [
        m for m, _ in old_imported_modules("\n".join(IMPORT_LINES))
    ]
    assert len(list(old_imported_modules("\n".join(IMPORT_LINES)))) > 12


# ------------------------------------------------------------------------------ class plans
def _names() -> list[str]:
    """Every class name the table knows, a library class, and names it does not know."""
    return sorted(table()) + ["QDense", "Merge", "AtrousConvolution1D", "MyLayer", "Identity"]


@pytest.mark.parametrize("version", list(KerasVersion))
def test_class_plan_holds_what_is_asked_at_each_call(version: KerasVersion) -> None:
    ctx = Context(cst.parse_module(""), Target(version, "test"))
    overlay = ctx.overlays.keras
    for name in _names():
        plan = class_plan(overlay, name)
        spec = spec_for(name)
        keras = overlay.layer_keras(spec)
        assert plan.spec is spec and plan.keras is keras
        assert plan.kind == (spec.name if spec else name)
        assert plan.params == (spec.params if spec else ())
        assert plan.traits is (spec.traits if spec else NO_TRAITS)
        assert plan.data_format == bool(spec is not None and spec.accepts("data_format", keras))
        assert plan.removed == (removed_layer(plan.kind, keras, spec) is not None)
        cfg = LayerConfig(plan.kind, {})
        for positional in range(3):
            if not plan.may_miss:  # ``missing_arguments`` has nothing to say whatever is given
                assert missing_arguments(cfg, positional, set(), keras) is None
        assert spec_for(plan.kind) is spec or (spec is None and library_kind(name) is None)
        checks = spec_for(plan.kind).checks if spec_for(plan.kind) is not None else ()
        assert plan.checks == checks  # ``validate(cfg)`` runs these


# programs that reach every branch the plan decides: required arguments missing (with and without
# ``**kwargs``), classes a Keras removed, renamed and refused keywords, the file's image format,
# a layer wrapping a refused one, library classes
PROGRAMS = [
    "from keras import layers\nlayers.Dense()\nlayers.AveragePooling2D()\nlayers.Conv2D(4)\n",
    "from keras import layers\nkw = {}\nlayers.Dense(**kw)\nlayers.CategoryEncoding(**kw)\nlayers.Dense(4, **kw)\n",
    "from keras.layers import Merge, ThresholdedReLU, AtrousConvolution1D, LocallyConnected1D\n"
    "Merge(mode='sum')\nThresholdedReLU()\nAtrousConvolution1D(4, 3)\nLocallyConnected1D(4, 3)\n",
    "from keras.layers import Dense, Conv1D, LSTM\n"
    "Dense(output_dim=4, init='uniform', batch_input_shape=(None, 3), foo=1)\n"
    "Conv1D(nb_filter=4, filter_length=3, border_mode='same')\nLSTM(4, time_major=True)\n",
    "import keras\nfrom keras import layers\nkeras.backend.set_image_data_format('channels_first')\n"
    "x = keras.Input((3, 32, 32))\ny = layers.Conv2D(8, 3)(x)\ny = layers.MaxPooling2D()(y)\n",
    "import keras\nfrom keras import layers\nkeras.backend.set_image_data_format(fmt)\n"
    "x = keras.Input((32, 32, 3))\ny = layers.Conv2D(8, 3)(x)\n",
    "from keras import layers\nimport keras\nx = keras.Input((5, 3))\n"
    "y = layers.Bidirectional(layers.LSTM(-1))(x)\ny = layers.TimeDistributed(layers.Dense(0))(x)\n"
    "y = layers.Dense(4.0)(x)\ny = layers.Dropout(2)(x)\ny = layers.Conv1D(4, (3, 3))(x)\n",
    "from qkeras import QDense, QConv2D\nimport keras\nx = keras.Input((4,))\ny = QDense(3)(x)\nQConv2D()\n",
    # the standard library's functions the ``stdlib`` overlay follows, as sizes
    "import functools, itertools, operator\nimport keras\nfrom keras import layers\nsizes = (2, 3, 4)\n"
    "n = functools.reduce(operator.mul, sizes)\nacc = tuple(itertools.accumulate(sizes))\nm = operator.add(2, 3)\n"
    "x = keras.Input((n,))\ny = layers.Dense(acc[-1])(x)\nz = layers.Dense(m)(y)\nw = layers.Reshape((n, 2))(z)\n",
]


def _described(value: Any, depth: int = 0) -> str:
    """``repr(value)``, objects without a ``repr`` of their own shown by their fields."""
    if depth > 6:
        return "..."
    if isinstance(value, (list, tuple)):
        return f"{type(value).__name__}({', '.join(_described(v, depth + 1) for v in value)})"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k!r}: {_described(v, depth + 1)}" for k, v in value.items()) + "}"
    if type(value).__repr__ is object.__repr__ and hasattr(value, "__dict__"):
        return f"{type(value).__name__}{_described(vars(value), depth + 1)}"
    return repr(value)


def shown(value: Any) -> str:
    """``value`` described without what differs from run to run: ids, counters."""
    return re.sub(r" at 0x[0-9a-f]+|uid=\d+|(?<=\('var', )('[^']*'), \d+", r"\1", _described(value))


def _summary(ctx: Context) -> list[Any]:
    out: list[Any] = []
    for f in ctx.result.findings:
        out.append((str(f.problem.code), f.problem.message, f.severity, f.node, shown(f.problem.data)))
    for app in ctx.result.applications:
        params = {k: shown(v) for k, v in app.layer.cfg.params.items()}
        out.append((app.layer.kind, params, app.node, [str(t.shape) for t in app.outputs]))
    out.extend((node, why) for node, why in ctx.result.lost)
    return out


def _analysed(module: cst.Module, version: KerasVersion) -> list[Any]:
    ctx = Context(module, Target(version, "test"))
    ctx.run()
    return _summary(ctx)


def _programs() -> list[tuple[str, str]]:
    out = [(f"program{i}", text) for i, text in enumerate(PROGRAMS)]
    out += [(f"{p.parent.name}/{p.name}", _read(p)) for p in CORPUS_FILES[::4]]
    out += [(str(p.relative_to(REAL)), _read(p)) for p in REAL_FILES[::3]]
    return out


@pytest.mark.parametrize(("label", "text"), _programs(), ids=[label for label, _ in _programs()])
def test_analysis_as_before(label: str, text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    try:
        module = parse_module(text)
    except cst.ParserSyntaxError:
        pytest.skip("does not parse")
    for version in KerasVersion:
        new = _analysed(module, version)
        with monkeypatch.context() as patched:
            for owner, name, old_code in OLD_CODE:
                patched.setattr(owner, name, old_code)
            old = _analysed(module, version)
        assert new == old, label


def test_the_programs_reach_the_plans_branches() -> None:
    codes: set[str] = set()
    for text in PROGRAMS:
        module = parse_module(text)
        for version in KerasVersion:
            codes.update(e[0] for e in _analysed(module, version) if isinstance(e[0], str) and e[0].startswith("LST"))
    # required argument / invalid argument, removed class, renamed, unrecognized, Keras 2 only
    assert {"LST107", "LST403", "LST402", "LST401", "LST108"} <= codes, codes


def test_the_module_is_what_is_tested() -> None:
    assert keras_overlay.KerasOverlay.make_layer is not old_make_layer
    for owner, name, old_code in OLD_CODE:
        assert getattr(owner, name) is not old_code


# ---------------------------------------------------------------- call_ref's early refusals
def test_no_tensorflow_name_it_follows_is_keras() -> None:
    # ``tf``'s refusal of ``tensorflow.keras.*``: none of the names it compares starts so
    names = set(tf._SMART_COND) | set(tf.SHAPE_MAKERS) | tf._SHAPED | tf._SAME | set(tf._AS_NUMPY)
    assert not [n for n in names if n.startswith("keras.")]
    # ``tf_data``'s: the names it follows are TensorFlow's, or Keras' (``keras_path``)
    assert all(q.startswith("tensorflow.") for q in tf_data._ITERATOR_FUNCTIONS)
    assert tf_data.DATASET_CLASS.startswith("tensorflow.")


QUALS = sorted(
    {
        "builtins.frozenset",  # written out: the test must not take the names from the code it tests
        "itertools.accumulate",
        "functools.reduce",
        *stdlib._BINARY,
        "operator.pow",
        *tf_data._ITERATOR_FUNCTIONS,
        *(f"{tf_data.DATASET_CLASS}.{m}" for m in ("from_tensor_slices", "from_tensors", "from_generator", "zip")),
        "tensorflow.TensorSpec",
        "keras.utils.to_categorical",
        "tensorflow.keras.utils.to_categorical",
        "keras.preprocessing.sequence.pad_sequences",
        "keras.utils.timeseries_dataset_from_array",
        "tensorflow.keras.optimizers.Adam",
        "tensorflow.keras.backend.shape",
        "tensorflow.compat.v2.keras.layers.Dense",
        "tensorflow.shape",
        "tensorflow.zeros",
        "tensorflow.reshape",
        "tensorflow.concat",
        "tensorflow.nn.relu",
        "tensorflow.image.resize",
        "matplotlib.pyplot.plot",
        "os.path.join",
        "numpy.zeros",
    }
)


def _arg_lists() -> list[list[Arg] | None]:
    a = ArrayValue((10, 3), None)  # type: ignore[arg-type]
    return [
        None,
        [],
        [Arg(None, a)],
        [Arg(None, (4, 5))],
        [Arg(None, [1, 2, 3])],
        [Arg(None, 3), Arg(None, 4)],
        [Arg(None, Ref("operator.add")), Arg(None, (1, 2, 3))],
        [Arg(None, a), Arg("maxlen", 7)],
        [Arg(None, a), Arg(None, a), Arg("sequence_length", 5)],
        [Arg("shape", (None, 3))],
    ]


@pytest.mark.parametrize("version", list(KerasVersion))
def test_call_ref_answers_as_before(version: KerasVersion) -> None:
    module = cst.parse_module("f(x)\n")
    node = cst.ensure_type(cst.ensure_type(module.body[0], cst.SimpleStatementLine).body[0], cst.Expr).value
    call = cst.ensure_type(node, cst.Call)
    followed = 0
    for owner, name, old_code in OLD_CODE[2:]:
        for qual in QUALS:
            for args in _arg_lists():
                answers = []
                for code in (getattr(owner, name), old_code):
                    ctx = Context(module, Target(version, "test"))
                    overlay = ctx.overlays.get(owner)
                    found = code(overlay, Ref(qual), args, call)
                    answers.append((shown(found), [f.problem.message for f in ctx.result.findings]))
                assert answers[0] == answers[1], (owner.__name__, qual, args)
                followed += answers[0][0] != shown(NOT_FOLLOWED)
    assert followed > 20  # the comparison sees names followed, not only refusals
