"""What Keras means (``keras``, ``tf.keras``, ``tf_keras``): ``Input``, layers and their calls,
``Sequential`` and functional models, subclassed models and layers, ``get_layer``,
``compile``/``fit``/``predict``/``build``, and the tensors all of them produce.

Every fact about a layer class is asked of ``lstmlint.layers.spec`` (its parameters, traits,
shape rules); this module only knows Keras' API: which call builds what, and how a model is
assembled. Findings go through the context's sink.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import libcst as cst

from lstmlint.codes import Code
from lstmlint.graph.model import Application, InputNode, Layer, Model, Tensor
from lstmlint.graph.walk import upstream
from lstmlint.interp.overlays import keras_subclass
from lstmlint.interp.overlays.base import Overlay
from lstmlint.interp.overlays.keras_datasets import KerasDatasetsOverlay
from lstmlint.interp.overlays.keras_ops import KerasOpsOverlay
from lstmlint.interp.overlays.keras_training import (
    BROADCAST,
    DATA_METHODS,
    HARMLESS_METHODS,
    adapt_rank,
    fit_problem,
    fmt_dims,
    input_problem,
    keras2_batch_problem,
    known_differ,
    loss_name,
    only_harmless_uses,
    rerun_problem,
    split_data,
)
from lstmlint.interp.overlays.numpy import NumpyOverlay, same_dim
from lstmlint.interp.overlays.tf_data import DatasetValue, dataset_batches
from lstmlint.interp.overlays.values import (
    ArrayValue,
    FunctionalModel,
    LossValue,
    SequentialModel,
    ShapeOf,
    ShapeTuple,
    as_shape_value,
    dim_of,
)
from lstmlint.interp.pybuiltins import builtin_types
from lstmlint.interp.values import NOT_FOLLOWED, Arg, BoundMethod, ClassValue, ObjectValue, Scope
from lstmlint.layers.arguments import CONSTANT_SHAPES, WEIGHT_SHAPES, may_miss_arguments, missing_arguments
from lstmlint.layers.checks import keras2_call_error, keras3_only
from lstmlint.layers.config import LayerConfig
from lstmlint.layers.core import passes_through
from lstmlint.layers.libraries import library_kind
from lstmlint.layers.migration import argument_problems, optimizer_problems, removed_layer
from lstmlint.layers.recurrent import state_widths
from lstmlint.layers.spec import (
    INPUT_SHAPE_KWARGS,
    NO_TRAITS,
    Check,
    LayerSpec,
    Traits,
    functional_merge,
    infer_layer,
    infer_with,
    spec_for,
    traits_of,
)
from lstmlint.shapes import UNKNOWN, UNKNOWN_SHAPE, Outcome, Shape, ShapeProblem, Sym, is_int
from lstmlint.shapes.problems import ArgumentRule, ProblemKind
from lstmlint.source.imports import Ref, keras_name, keras_path
from lstmlint.source.keras_target import KerasVersion

if TYPE_CHECKING:
    from lstmlint.interp.context import Context

# where a symbolic Keras tensor can come from: an ``Input``, or a first layer's declared input
INPUT_SOURCES = ("Input", "InputLayer", "call", "model", *INPUT_SHAPE_KWARGS)
# call keywords that change what a layer returns
SHAPE_KWARGS = ("return_attention_scores",)
KERAS_MODEL_BASES = frozenset({"Model", "Sequential", "Functional"})
# the Python constants ``as_shape_value`` keeps as they are (exact types): most layer arguments
_CONSTANT_TYPES = frozenset({int, float, str, bool, type(None)})
GRAPH_ATTRIBUTES = ("input", "output", "inputs", "outputs")
# the values whose attributes ``KerasOverlay.attribute`` (and ``graph_attribute``) reads
_ATTRIBUTE_BASES = (
    keras_subclass.SuperValue,
    keras_subclass.ContextCache,
    Ref,
    Tensor,
    Layer,
    SequentialModel,
    FunctionalModel,
)
# model methods Keras 3 removed (``predict_classes`` went in TensorFlow 2.6) -> what the analysis
# follows them as
REMOVED_METHODS = {
    "fit_generator": "fit",
    "predict_generator": "predict",
    "evaluate_generator": "evaluate",
    "predict_classes": "predict",
    "predict_proba": "predict",  # Keras 2.x Sequential: ``predict`` itself (a warning outside [0, 1])
    "reset_states": "reset_states",  # Keras 3 keeps it on (recurrent) layers only
}


def shape_from(value: Any, batch: Any = None, scalar: bool = False) -> Shape:
    """``shape=(20, 6)`` -> (batch, 20, 6); an int -> (batch, n); anything else unknown.

    A symbolic value is a size only where Keras takes a size (``input_dim=n``, ``scalar``);
    given as a shape it may as well be a tuple (``input_shape = helper(...)``): rank unknown."""
    if is_int(value) or (scalar and isinstance(value, Sym)):
        return Shape((batch, value))
    if isinstance(value, (tuple, list)):
        return Shape((batch,) + tuple(dim_of(d) for d in value))
    return UNKNOWN_SHAPE


def bind_params(params: tuple[str, ...], args: list[Arg]) -> dict[str, Any]:
    bound: dict[str, Any] = {}
    position = 0
    for a in args:
        if a.keyword is None:
            if position < len(params):
                bound[params[position]] = a.value
            else:
                bound[f"__arg{position}"] = a.value
            position += 1
        else:
            bound[a.keyword] = a.value
    return bound


def wraps_refused_layer(cfg: LayerConfig) -> bool:
    """Whether an argument of ``cfg`` is a layer Keras refused when it was created."""
    for value in cfg.params.values():
        if isinstance(value, LayerConfig) and value.params.get("__invalid__"):
            return True
    return False


def poisoned(tensors: list[Tensor]) -> bool:
    """Whether one of ``tensors`` is downstream of a reported error."""
    for t in tensors:
        if t.poisoned:
            return True
    return False


def tensors_of(value: Any) -> list[Tensor]:
    if isinstance(value, Tensor):
        return [value]
    if isinstance(value, (list, tuple)):
        return [v for v in value if isinstance(v, Tensor)]
    if isinstance(value, dict):
        return [v for v in value.values() if isinstance(v, Tensor)]
    return []


def list_elements(node: cst.Call) -> list[cst.CSTNode] | None:
    """The element expressions of ``Sequential([...])``'s list literal, for precise reports."""
    for arg in node.args:
        if arg.keyword is None or arg.keyword.value == "layers":
            if isinstance(arg.value, (cst.List, cst.Tuple)):
                return [el.value for el in arg.value.elements]
            return None
    return None


def join_shapes(shapes: list[Shape]) -> Shape:
    first = shapes[0].dims
    if first is None:
        return UNKNOWN_SHAPE
    others: list[tuple[Any, ...]] = []
    for s in shapes:
        if s.dims is None or len(s.dims) != len(first):
            return UNKNOWN_SHAPE
        others.append(tuple(s.dims))
    return Shape(tuple(d if all(same_dim(d, o[i]) for o in others) else UNKNOWN for i, d in enumerate(first)))


def symbolic(t: Tensor) -> bool:
    """Whether ``t`` is a symbolic Keras tensor: it comes from ``keras.Input`` / ``input_shape``
    (not from arrays, where Keras may run eagerly and a tensor can be iterated)."""
    for _ in range(10000):
        p = t.producer
        if isinstance(p, InputNode):
            return p.source in INPUT_SOURCES
        if not isinstance(p, Application) or not p.inputs:
            return False
        t = p.inputs[0]
    return False


def initial_state_problems(app: Application, states: Any) -> list[ShapeProblem]:
    """``layer(x, initial_state=[h, c])`` whose widths differ from the layer's units: Keras
    builds it and fails only when the model runs."""
    cfg = app.layer.cfg
    if isinstance(states, Tensor):
        states = [states]
    if not isinstance(states, (list, tuple)) or not all(isinstance(s, Tensor) for s in states):
        return []
    widths = state_widths(cfg, len(states))
    if widths is None:
        return []
    out: list[ShapeProblem] = []
    for i, (state, units) in enumerate(zip(states, widths)):
        width = state.shape.last if state.shape.dims else None
        if is_int(width) and is_int(units) and width != units:
            out.append(
                ShapeProblem(
                    Code.INITIAL_STATE_WIDTH_MISMATCH,
                    f"`{cfg.display}` has {units} units but initial state {i + 1} is {width} wide: "
                    f"it builds, but fails when the model runs",
                    kind="initial_state_width",
                    expected=f"(batch, {units})",
                    data={"index": i, "units": units, "width": width, "state": state},
                )
            )
    return out


def same_layout(given: Shape, declared: Shape) -> bool:
    """Whether a tensor fits a model input as it is: the same rank, and no size that differs."""
    if given.dims is None or declared.dims is None or len(given.dims) != len(declared.dims):
        return False
    return not any(is_int(a) and is_int(b) and a != b for a, b in zip(given.dims, declared.dims))


def broken(model: Model | None) -> bool:
    """Whether building the model already failed (an error was reported on one of its layers)."""
    if model is None:
        return False
    apps = model.applications or upstream(model.outputs)
    return any(app.problem is not None for app in apps) or any(t.poisoned for t in model.outputs)


def chain_of_layers(model: Model) -> list[Layer] | None:
    """The layers of a functional model that is one chain from its one input to its one output
    (each layer called once on the previous tensor, without call arguments), or None."""
    if len(model.inputs) != 1 or len(model.outputs) != 1 or model.lost or broken(model):
        return None
    current = model.inputs[0]
    layers: list[Layer] = []
    for app in upstream(model.outputs):
        if app.is_list or app.call_kwargs or len(app.inputs) != 1 or len(app.outputs) != 1:
            return None
        if app.inputs[0] is not current:
            return None
        layers.append(app.layer)
        current = app.outputs[0]
    return layers if layers and current is model.outputs[0] else None


_TEST_DATA_PARAMS = ("num_train", "num_test", "input_shape", "output_shape", "classification", "num_classes")


def keras2_test_data(args: list[Arg], node: cst.CSTNode) -> Any:
    """Keras 2's ``keras.utils.test_utils.get_test_data(num_train=1000, num_test=500,
    input_shape=(10,), output_shape=(2,), classification=True, num_classes=2)``:
    ``((x_train, y_train), (x_test, y_test))``, each ``x`` shaped ``(n,) + input_shape``, each
    ``y`` ``(n,)`` (class numbers) or, with ``classification=False``, ``(n,) + output_shape``
    (keras 2.0-2.3 ``keras/utils/test_utils.py``; Keras 3 and tf_keras have no such module)."""
    bound = bind_params(_TEST_DATA_PARAMS, args)
    if any(key not in _TEST_DATA_PARAMS for key in bound):
        return NOT_FOLLOWED
    n_train, n_test = bound.get("num_train", 1000), bound.get("num_test", 500)
    given, wanted = bound.get("input_shape", (10,)), bound.get("output_shape", (2,))
    classification = bound.get("classification", True)
    if not isinstance(classification, bool) or not is_int(n_train) or not is_int(n_test):
        return NOT_FOLLOWED
    if not isinstance(given, tuple) or not all(is_int(d) for d in given):
        return NOT_FOLLOWED
    if not classification and (not isinstance(wanted, tuple) or not all(is_int(d) for d in wanted)):
        return NOT_FOLLOWED
    target = () if classification else tuple(wanted)
    return tuple((ArrayValue((n, *given), node), ArrayValue((n, *target), node)) for n in (n_train, n_test))


def call_keywords_keep_shapes(cfg: LayerConfig, depth: int = 0) -> bool:
    """Whether no keyword a Keras layer's ``call`` takes changes its output's shape: every layer
    lstmlint models but attention (``return_attention_scores``), a layer called on several
    tensors by position (``mha(query, value)``), and a wrapper around one of them."""
    spec = spec_for(cfg.kind)
    if spec is None or spec.library or cfg.params.get("__opaque__") or cfg.params.get(keras_subclass.CUSTOM):
        return False
    traits = spec.traits
    if traits.family == "attention" or traits.spread_call or spec.infer is None or depth > 4:
        return False
    inner = cfg.params.get(traits.wraps) if traits.wraps else None
    return inner is None or (isinstance(inner, LayerConfig) and call_keywords_keep_shapes(inner, depth + 1))


def same_layers_name(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Two paths inside Keras naming one class of ``keras.layers``: Keras 2 defined its layers in
    submodules (``keras.layers.wrappers.Wrapper``, ``keras.layers.recurrent.LSTM``) and exports
    each under the same name from ``keras.layers`` (``try: keras.layers.Wrapper except
    AttributeError: keras.layers.wrappers.Wrapper`` binds one class either way)."""
    if len(a) < 2 or len(b) < 2 or a[0] != "layers" or b[0] != "layers" or a[-1] != b[-1]:
        return False
    return a[-1][:1].isupper() and (len(a) == 2 or len(b) == 2)


def interchangeable_layer(options: list[Any]) -> Layer | None:
    """One layer standing for any of ``options`` (Keras layers of which the program uses one,
    not known which): the first, when they all build the same shapes on any input and have no
    weights (made by one constructor call with the same arguments, or each a pass-through such
    as ``Dropout``/``Activation``); else None."""
    if not options or not all(isinstance(o, Layer) for o in options):
        return None
    first: Layer = options[0]
    if all(same_layer(first, o) for o in options[1:]):
        return first
    plain = all(
        not o.code and not o.cfg.params.get("__opaque__") and not o.cfg.params.get(keras_subclass.CUSTOM)
        for o in options
    )
    return first if plain and all(passes_through(o.kind) for o in options) else None


def same_layer(a: Layer, b: Layer, depth: int = 0) -> bool:
    """Two layers made by the same constructor call with the same arguments (each iteration
    of ``for _ in range(n): blocks.append(Dense(64))``): interchangeable for the shapes."""
    if a is b:
        return True
    if depth > 3 or a.node is not b.node or a.cfg.kind != b.cfg.kind or a.code or b.code:
        return False
    pa, pb = a.cfg.params, b.cfg.params
    if pa.keys() != pb.keys():
        return False
    for key, x in pa.items():
        y = pb[key]
        if isinstance(x, Layer) and isinstance(y, Layer):
            if not same_layer(x, y, depth + 1):
                return False
        elif not (x is y or (type(x) is type(y) and isinstance(x, (bool, int, float, str, tuple, Sym)) and x == y)):
            return False
    return True


def declared_input(obj: Any) -> Tensor | None:
    """The single ``keras.Input`` of a functional model, or of a Sequential model that starts
    with one (Keras checks data against it); None otherwise."""
    if isinstance(obj, FunctionalModel):
        inputs = obj.model.inputs
    elif isinstance(obj, SequentialModel) and not obj.lost and not obj.partial:
        inputs = obj.model.inputs
        if (
            len(inputs) != 1
            or not isinstance(inputs[0].producer, InputNode)
            or inputs[0].producer.source not in ("Input", "InputLayer")
        ):
            return None
    else:
        return None
    return inputs[0] if len(inputs) == 1 else None


# Keras modules whose classes are never layers, although some share a layer's name
# (``keras.initializers.Identity``): calls into them go to ``call_utility``
NON_LAYER_MODULES = frozenset(
    {
        "activations",
        "applications",
        "backend",
        "callbacks",
        "constraints",
        "datasets",
        "dtype_policies",
        "initializers",
        "losses",
        "metrics",
        "mixed_precision",
        "ops",
        "optimizers",
        "quantizers",
        "random",
        "regularizers",
        "saving",
        "utils",
    }
)


def model_of(obj: Any) -> Model | None:
    if isinstance(obj, (SequentialModel, FunctionalModel)):
        return obj.model
    if isinstance(obj, ObjectValue) and isinstance(obj.model, Model):
        return obj.model
    return None


# the Keras 1 arguments that change shapes, and their values' Keras 2 spelling (None: the same)
_KERAS1_SHAPE_VALUES: dict[str, dict[Any, Any] | None] = {
    "border_mode": {"same": "same", "valid": "valid"},
    "dim_ordering": {"tf": "channels_last", "th": "channels_first"},
    "subsample": None,
    "subsample_length": None,
    "stride": None,
    "pool_length": None,
    "output_dim": None,
    "nb_filter": None,
    "filter_length": None,
}


def keras1_meaning(params: dict[str, Any], keyword: str, new: str) -> None:
    """A Keras 1 argument Keras refuses (LST402, reported) is read under its new name for the
    shapes that follow: what the program means and what the rename fix writes, rather than the
    default Keras would otherwise be said to take (``border_mode="same"`` is not ``"valid"``)."""
    if keyword not in _KERAS1_SHAPE_VALUES or new in params or keyword not in params:
        return
    values, value = _KERAS1_SHAPE_VALUES[keyword], params[keyword]
    if values is None:
        params[new] = value
    elif isinstance(value, str) and value in values:
        params[new] = values[value]


# ``hasattr(layer, name)`` decided for Keras' own layers (``builtin``)
_CELL_ATTRIBUTES = frozenset({"state_size", "output_size"})


@dataclass(frozen=True, slots=True)
class ClassPlan:
    """What ``make_layer`` asks of a layer class that depends on the class' name and the file's
    Keras only: read once per analysis (a model zoo makes the same classes thousands of times),
    not at every constructor call."""

    spec: LayerSpec | None
    kind: str  # the canonical class name (the name itself for a class lstmlint does not know)
    keras: KerasVersion  # the Keras its constructor runs on (``layer_keras``)
    traits: Traits
    params: tuple[str, ...]  # its positional parameters
    data_format: bool  # it takes ``data_format``: the file's image format is its default
    may_miss: bool  # ``missing_arguments`` may find a required argument missing
    checks: tuple[Check, ...]  # the constructor checks ``validate`` runs
    removed: bool  # the file's Keras does not have the class (``removed_layer``)


def class_plan(overlay: KerasOverlay, name: str) -> ClassPlan:
    """The plan of the layer class ``name`` under ``overlay``'s file (see ``ClassPlan``)."""
    spec = spec_for(name)
    kind = spec.name if spec else name
    keras = overlay.layer_keras(spec)
    return ClassPlan(
        spec,
        kind,
        keras,
        spec.traits if spec is not None else NO_TRAITS,
        spec.params if spec else (),
        bool(spec is not None and spec.accepts("data_format", keras)),
        may_miss_arguments(spec, keras),
        spec.checks if spec is not None else (),
        removed_layer(kind, keras, spec) is not None,
    )


class KerasOverlay(Overlay):
    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        # custom layers constructed with the input keywords they pass on to Keras' Layer (by id)
        self._declared_inputs: dict[int, dict[str, Any]] = {}
        # what an imported name calls (``keras_object``), the layer name it gives, and whether it
        # is inside Keras at all (else ``call_utility`` has nothing for it), by qualified name: it
        # depends on the name only, and every call of an imported name asks it
        self._objects: dict[str, tuple[str | None, str, bool]] = {}
        # a constructor call's facts that depend on its node only (``call_facts``), by node id
        # (the node is kept in the entry, so its id is not reused while the entry lives)
        self._calls: dict[int, tuple[cst.Call, bool, dict[str, cst.Arg]]] = {}
        # ``class_plan`` by class name and the file's Keras
        self._plans: dict[tuple[str, KerasVersion], ClassPlan] = {}

    name = "keras"

    # ------------------------------------------------------------------ names
    def star_name(self, module: str, name: str) -> Any:
        if keras_path(module) is not None:
            qual = f"{module}.{name}"
            if self.keras_object(qual) is not None:
                return Ref(qual)
        elif library_kind(f"{module}.{name}") is not None:  # ``from qkeras import *``
            return Ref(f"{module}.{name}")
        return NOT_FOLLOWED

    def claims(self, qual: str) -> bool:
        # a layer library's class (``layers/libraries.py``): its spec, never its source, is followed
        return library_kind(qual) is not None

    def keras_object(self, qual: str) -> str | None:
        """What kind of Keras object ``qual`` names: "layer", "Input", "Model", ... or None."""
        path = keras_path(qual)
        if not path:
            # a layer library's class (``qkeras.QDense``): a layer like Keras' own
            return "layer" if path is None and library_kind(qual) is not None else None
        name = path[-1]
        if name == "Input":
            return "Input"
        if name in ("Sequential", "Model", "InputLayer"):
            return name
        if path[0] in NON_LAYER_MODULES:
            return None  # ``keras.initializers.Identity`` is not the ``Identity`` layer
        if spec_for(name) is not None:
            return "layer"
        if "layers" in path and functional_merge(name) is not None:
            return "merge"
        if "layers" in path and name[:1].isupper():
            return "layer"
        return None

    # ------------------------------------------------------------------ calls
    def call_ref(self, ref: Ref, args: list[Arg] | None, node: cst.Call) -> Any:
        if ref.qual.endswith(".VersionAwareLayers") and keras_path(ref.qual) == ("layers", "VersionAwareLayers"):
            # tf.keras / tf_keras: ``layers = VersionAwareLayers()`` then ``layers.Conv2D``: the
            # object's attributes are the layer classes of the ``layers`` module it comes from
            return Ref(ref.qual.rsplit(".", 1)[0])
        known = self._objects.get(ref.qual)
        if known is None:
            what = self.keras_object(ref.qual)
            name = keras_name(ref.qual) or library_kind(ref.qual) or ""
            known = self._objects[ref.qual] = (what, name, bool(keras_path(ref.qual)))
        what, name, inside_keras = known
        if what is None:
            return self.call_utility(ref, args, node) if inside_keras else NOT_FOLLOWED
        if args is None:
            return UNKNOWN if what != "layer" else self.make_layer(name, None, node)
        if what == "Input":
            return self.make_input(args, node)
        if what == "Sequential":
            return self.make_sequential(args, node)
        if what == "Model":
            return self.make_model(args, node)
        if what == "merge":
            merge = functional_merge(name)
            if merge is not None:
                kind, params = merge
                bound = bind_params(params, args)
                params_given = {k: as_shape_value(v) for k, v in bound.items() if k != "inputs"}
                layer = Layer(LayerConfig(kind, params_given), node)
                return self.apply_layer(layer, bound.get("inputs", UNKNOWN), node, {})
        return self.make_layer(name, args, node)

    def call_utility(self, ref: Ref, args: list[Arg] | None, node: cst.Call) -> Any:
        """``keras.losses.*`` and ``keras.utils.to_categorical``."""
        path = keras_path(ref.qual)
        if not path or args is None:
            return NOT_FOLLOWED
        if path == ("backend", "ContextValueCache") and self.ctx.keras is KerasVersion.KERAS2:
            return keras_subclass.context_cache(args)
        if (
            path in (("backend", "in_train_phase"), ("backend", "in_test_phase"))
            and self.ctx.keras is KerasVersion.KERAS2
        ):
            return keras_subclass.in_train_phase(self, path[1], args, node)
        if path[0] == "optimizers":
            written = {a.keyword.value: a for a in node.args if a.keyword is not None}
            for keyword, problem in optimizer_problems(path[-1], written, self.ctx.keras):
                self.ctx.sink.report(problem, written[keyword])
            return NOT_FOLLOWED
        if path[0] == "losses":
            return LossValue(path[-1])
        if path[0] == "initializers" and path[-1] in ("Constant", "constant"):
            return keras_subclass.constant_initializer(args)
        if path == ("utils", "test_utils", "get_test_data"):
            return keras2_test_data(args, node)
        if path[-1] == "to_categorical":
            pos = [a.value for a in args if a.keyword is None]
            kw = {a.keyword: a.value for a in args if a.keyword is not None}
            y = pos[0] if pos else kw.get("x")
            n = pos[1] if len(pos) > 1 else kw.get("num_classes")
            if not isinstance(y, ArrayValue) or not is_int(n):
                return NOT_FOLLOWED
            dims = list(y.dims)
            if len(dims) > 1 and is_int(dims[-1]) and dims[-1] == 1:
                dims = dims[:-1]
            return ArrayValue(tuple(dims) + (n,), node)
        return NOT_FOLLOWED

    def builtin(self, name: str, pos: list[Any], kw: dict[str, Any]) -> Any:
        if name == "isinstance" and len(pos) == 2 and isinstance(pos[0], Tensor) and builtin_types(pos[1]):
            return False  # a tensor is none of the builtin types
        if name == "super":  # in a subclass of a Keras layer the analysis models
            return keras_subclass.super_value(self, pos)
        if name == "hasattr" and len(pos) == 2 and isinstance(pos[0], Layer) and pos[1] in _CELL_ATTRIBUTES:
            # measured (keras 3.15.1, tf_keras 2.21): Keras' cells have both; the recurrent layers
            # have ``state_size`` in Keras 3 only (not decided); every other layer has neither
            traits = traits_of(pos[0].kind)
            if traits.cell:
                return True
            return NOT_FOLLOWED if traits.recurrent or traits.wraps or traits.cells else False
        return NOT_FOLLOWED

    def call_value(self, func: Any, args: list[Arg] | None, node: cst.Call, env: Scope) -> Any:
        if isinstance(func, Layer):
            if args is None:
                args = self.args_but_unknown_keywords(func, node, env)
            if args is None or not args:
                return Tensor.unknown(lost=(node, f"`{func.cfg.display}` called with arguments not followed"))
            if traits_of(func.kind).cell:  # ``LSTMCell(4)(x, states)``: one step
                stepped = keras_subclass.cell_step(func, args)
                if stepped is not NOT_FOLLOWED:
                    return stepped
            value, kwargs = self.layer_call_args(func, args)
            return self.apply_layer(func, value, node, kwargs)
        if (
            isinstance(func, (SequentialModel, FunctionalModel))
            and args
            and args[0].keyword in (None, "inputs")
            and isinstance(args[0].value, (ArrayValue, list, tuple, dict))
            and not broken(func.model)
            # Keras 2 rules in ``check_inputs`` (tf_keras checks arrays at the entry too, measured)
            and self.check_inputs(func, "call", args[0].value, node)
        ):
            return Tensor.unknown(poisoned=True)  # ``model(x)`` on data the model refuses
        if isinstance(func, SequentialModel):
            if args:
                given = self.as_tensor(args[0].value)
                reported = len(self.ctx.result.findings)
                out = self.apply_sequential(func, given, node)
                if isinstance(out, Tensor) and not out.poisoned and len(self.ctx.result.findings) == reported:
                    self.build_on_call(func, given, node)  # a refused call is reported once, at the call
                return out
            return Tensor.unknown()
        if isinstance(func, FunctionalModel) and args and args[0].keyword in (None, "inputs"):
            return self.apply_functional(func, args[0].value, node)
        if isinstance(func, ObjectValue) and func.cls.library_base:
            return self.call_object(func, args, node)
        return NOT_FOLLOWED

    def args_but_unknown_keywords(self, layer: Layer, node: cst.Call, env: Scope) -> list[Arg] | None:
        """The arguments of ``layer(x, **kwargs)`` whose ``**kwargs`` is a dict of unknown keys
        (``kwargs['training'] = training`` under an ``if``), without it, when no keyword of the
        layer's ``call`` changes its output's shape: Keras' layers other than attention (whose
        ``return_attention_scores`` does, keras 3.15.1 and tf_keras 2.21) take only ``training``,
        ``mask``, ``initial_state``, ``constants`` besides their inputs, and refuse any other
        keyword. The other arguments must be plain names or constants (read again here, with no
        effect); a ``*args`` not expanded leaves the call not followed."""
        if not call_keywords_keep_shapes(layer.cfg):
            return None
        args: list[Arg] = []
        for a in node.args:
            if a.star == "**":
                continue
            if a.star or not isinstance(a.value, (cst.Name, cst.Integer, cst.SimpleString)):
                return None
            value = self.ctx.eval(a.value, env)
            args.append(Arg(None if a.keyword is None else a.keyword.value, value))
        return args if args and args[0].keyword is None else None

    def opaque_result(self, args: list[Arg] | None, node: cst.CSTNode, why: str, report: bool = True) -> Any:
        for a in args or ():  # a loop, not ``any()``: every call not followed asks
            if isinstance(a.value, Tensor):
                if report:
                    self.ctx.sink.lose(node, why)
                return Tensor.unknown(lost=(node, why))
        return NOT_FOLLOWED

    # ----------------------------------------------------------- constructors
    def make_layer(self, name: str, args: list[Arg] | None, node: cst.Call) -> Layer:
        plan = self._plans.get((name, self.ctx.keras))
        if plan is None:
            plan = self._plans[(name, self.ctx.keras)] = class_plan(self, name)
        if args is None:
            return Layer(LayerConfig(plan.kind, {"__opaque__": True}), node)
        spec, keras, traits = plan.spec, plan.keras, plan.traits
        bound = bind_params(plan.params, args)
        if traits.wraps is not None and traits.wraps in bound:
            bound[traits.wraps] = keras_subclass.as_base_layer(bound[traits.wraps])  # ``class F(Flatten)``
        # most arguments are Python constants, which ``as_shape_value`` keeps as they are; the
        # others are looked at once more for a ``Constant(array)`` initializer (rare)
        given: dict[str, Any] = {}
        initializer = False
        for key, value in bound.items():
            if type(value) in _CONSTANT_TYPES:
                given[key] = value
            else:
                given[key] = as_shape_value(value)
                initializer = initializer or isinstance(value, keras_subclass.ConstantInit)
        cfg = LayerConfig(plan.kind, given)
        if traits.cells and traits.cells in bound:  # RNN(the program's cell)
            cells = keras_subclass.rnn_cells(self, bound[traits.cells], node)
            if cells is not NOT_FOLLOWED:
                cfg.params[traits.cells] = cells
        if "weights" in bound:
            cfg.params[WEIGHT_SHAPES] = keras_subclass.array_shapes(bound["weights"])
        constants = keras_subclass.initializer_shapes(bound) if initializer else {}
        if constants:
            cfg.params[CONSTANT_SHAPES] = constants
        if plan.data_format and "data_format" not in bound:
            # the file's ``set_image_data_format(...)`` changes every layer's default
            default = self.ctx.overlays.get(KerasDatasetsOverlay).image_data_format()
            if default == "channels_first":
                cfg.params["data_format"] = default
            elif default != "channels_last":
                cfg.params["__opaque__"] = True
        layer = Layer(cfg, node)
        if traits.cells and traits.cells in bound:
            keras_subclass.remember_rnn_cell(layer, bound[traits.cells])  # built when the RNN is
        if traits.wraps is not None:
            keras_subclass.remember_wrapped_model(layer, bound.get(traits.wraps))  # TimeDistributed(model)
        if traits.calls is not None:
            layer.code = dict(bound)  # Lambda: its function and arguments, as the interpreter holds them
        # ``Dense()``, Keras 3's ``AveragePooling2D()``: Python refuses a call missing a required
        # parameter before the constructor checks anything. Not with ``*args``/``**kwargs``, even
        # known ones: a default (``def build(layer_kwargs={})`` checked on its own) stands for what
        # real callers pass
        starred, written = self.call_facts(node)
        missing = None
        if not starred and plan.may_miss:
            keywords: set[str] = set()
            positional = 0
            for a in args:
                if a.keyword is None:
                    positional += 1
                else:
                    keywords.add(a.keyword)
            missing = missing_arguments(cfg, positional, keywords, keras)
        invalid = missing
        if invalid is None:  # ``arguments.validate(cfg)``, with the checks of the plan
            for check in plan.checks:
                invalid = check(cfg)
                if invalid is not None:
                    break
        if starred and invalid is not None and invalid.data.get("rule") == ArgumentRule.REQUIRED:
            invalid = None  # ``CategoryEncoding(**options)``: the same for a size given as None
        if invalid is not None and keras3_only(invalid) and keras is KerasVersion.KERAS2:
            invalid = None  # ``Dense(n / 2)``: Keras 2 casts the float
        if invalid is None and wraps_refused_layer(cfg):
            cfg.params["__invalid__"] = True  # wraps a layer Keras already refused
        if invalid is not None:
            # Keras raises when the layer is created: nothing built from it can be checked
            cfg.params["__invalid__"] = True
            self.ctx.sink.report(invalid, node, layer=layer)
        self.version_checks(layer, spec, bound, node, keras, written, plan.removed)
        return layer

    def call_facts(self, node: cst.Call) -> tuple[bool, dict[str, cst.Arg]]:
        """Whether the call ``node`` has a ``*args``/``**kwargs``, and its keyword arguments by
        name as written (never ``**kwargs``' keys). They depend on the node only: read once per
        analysis (a builder of a model zoo makes the same layers again for every model)."""
        found = self._calls.get(id(node))
        if found is None or found[0] is not node:
            starred = False
            written: dict[str, cst.Arg] = {}
            for a in node.args:
                if a.star:
                    starred = True
                if a.keyword is not None:
                    written[a.keyword.value] = a
            found = self._calls[id(node)] = (node, starred, written)
        return found[1], found[2]

    def layer_keras(self, spec: Any) -> KerasVersion:
        """The Keras a layer's constructor runs on: the file's, except for a layer library's class
        (QKeras, HGQ: ``layers/libraries.py``), which runs on Keras 2 whatever the file targets,
        or on Keras 3 when that is the only Keras its keywords are recorded for (hgq2)."""
        if spec is None or not spec.library:
            return self.ctx.keras
        recorded = spec.kwargs or {}
        only3 = KerasVersion.KERAS3 in recorded and KerasVersion.KERAS2 not in recorded
        return KerasVersion.KERAS3 if only3 else KerasVersion.KERAS2

    def version_checks(
        self,
        layer: Layer,
        spec: LayerSpec | None,
        bound: dict[str, Any],
        node: cst.Call,
        keras: KerasVersion | None = None,
        written: dict[str, cst.Arg] | None = None,
        removable: bool = True,
    ) -> None:
        """What the file's Keras refuses in the constructor (``layers/migration.py``): removed
        classes, Keras 1 argument names, and under Keras 3 the keywords its table lacks.
        ``keras`` (``layer_keras(spec)``) and ``written`` (``call_facts(node)``), when the caller
        has them; ``removable`` False when it knows the file's Keras has the class (``ClassPlan``)."""
        cfg = layer.cfg
        if keras is None:
            keras = self.layer_keras(spec)
        removed = removed_layer(cfg.kind, keras, spec) if removable else None
        if removed is not None:
            cfg.params["__invalid__"] = True
            self.ctx.sink.report(removed, node, layer=layer)
            return
        # Keras 2 read ``batch_input_shape`` on any layer; Keras 3.15 still on ``InputLayer``
        if "batch_input_shape" in bound and keras is KerasVersion.KERAS3 and cfg.kind != "InputLayer":
            self.ctx.sink.report(
                ShapeProblem(
                    Code.KERAS2_ONLY_ARGUMENT,
                    f"`{cfg.display}` does not accept `batch_input_shape` in Keras 3",
                    kind="removed_argument",
                    data={"argument": "batch_input_shape", "value": bound["batch_input_shape"]},
                ),
                node,
                layer=layer,
            )
        if written is None:
            written = self.call_facts(node)[1]  # never ``**kwargs``
        for keyword, problem in argument_problems(cfg, spec, written, keras):
            self.ctx.sink.report(problem, written[keyword], layer=layer)
            if problem.code is Code.KERAS1_ARGUMENT_NAME:
                keras1_meaning(cfg.params, keyword, problem.data["new"])
        if keras is KerasVersion.KERAS2 and "time_major" in bound and bound["time_major"] is not False:
            cfg.params["__opaque__"] = True  # (time, batch, features): its shapes are not modelled

    def make_input(self, args: list[Arg], node: cst.Call) -> Tensor:
        bound = bind_params(("shape", "batch_size", "dtype", "sparse", "batch_shape", "name", "tensor"), args)
        batch = dim_of(bound.get("batch_size"))
        if "batch_shape" in bound and bound["batch_shape"] is not None:
            bs = bound["batch_shape"]
            shape = Shape(tuple(dim_of(d) for d in bs)) if isinstance(bs, (tuple, list)) else UNKNOWN_SHAPE
        elif "shape" in bound:
            shape = shape_from(bound["shape"], batch)
            if is_int(bound["shape"]) and self.ctx.keras is KerasVersion.KERAS3:
                # Keras 3 only takes a tuple: `shape=5` raises "Cannot convert '5' to a shape"
                # (Keras 2 reads an int n as (n,))
                problem = ShapeProblem(
                    Code.INVALID_LAYER_ARGUMENT,
                    f"`Input` needs a tuple `shape`, got {bound['shape']}",
                    kind=ProblemKind.BAD_CONSTRUCTOR_ARGUMENT,
                    data={"argument": "shape", "value": bound["shape"], "rule": ArgumentRule.TUPLE_SHAPE},
                )
                self.ctx.sink.report(problem, node)
                return Tensor(UNKNOWN_SHAPE, InputNode(UNKNOWN_SHAPE, node, "Input"), poisoned=True)
        elif isinstance(bound.get("tensor"), Tensor) and not bound["tensor"].poisoned:
            shape = bound["tensor"].shape  # ``Input(tensor=t)``: t's shape, batch axis included
        elif isinstance(bound.get("tensor"), ArrayValue) and self.ctx.keras is KerasVersion.KERAS2:
            # tf_keras takes a TensorFlow tensor too (a ``get_next()`` batch); Keras 3 refuses it
            shape = Shape(tuple(bound["tensor"].dims))
        elif isinstance(bound.get("tensor"), ArrayValue) and self.ctx.keras is KerasVersion.KERAS3:
            # Keras 3 takes only a KerasTensor: data (an array, a batch from a dataset) raises
            # "Argument `input_tensor` must be a KerasTensor"
            dims = tuple(bound["tensor"].dims)
            wanted = Shape(dims[1:]) if dims else None
            advice = "declare the input by its shape instead"
            if wanted is not None and wanted.dims is not None and all(is_int(d) or d is None for d in wanted.dims):
                advice = f"declare the input by its shape instead: `shape={wanted}`, and give the data to `fit`"
            problem = ShapeProblem(
                Code.INVALID_LAYER_ARGUMENT,
                "`Input(tensor=...)` takes only a Keras tensor in Keras 3, not data",
                kind=ProblemKind.BAD_CONSTRUCTOR_ARGUMENT,
                data={"argument": "tensor", "advice": advice},
            )
            self.ctx.sink.report(problem, node)
            return Tensor(UNKNOWN_SHAPE, InputNode(UNKNOWN_SHAPE, node, "Input"), poisoned=True)
        else:
            shape = UNKNOWN_SHAPE
        return Tensor(shape, InputNode(shape, node, "Input"))

    def make_sequential(self, args: list[Arg], node: cst.Call) -> SequentialModel:
        bound = bind_params(("layers", "trainable", "name"), args)
        seq = SequentialModel(Model("sequential", node, context=self.ctx.call_context))
        self.ctx.result.models.append(seq.model)
        layers = bound.get("layers")
        if isinstance(layers, (list, tuple)):
            elements = list_elements(node)
            for i, item in enumerate(layers):
                at = (
                    elements[i]
                    if elements is not None and i < len(elements)
                    else (item.node if isinstance(item, Layer) else node)
                )
                self.sequential_add(seq, item, at)
        elif layers is not None:
            self.lose_value(seq, node, "layers given as something other than a list literal")
        return seq

    def make_model(self, args: list[Arg], node: cst.Call) -> Any:
        bound = bind_params(("inputs", "outputs", "name"), args)
        model = Model("functional", node, context=self.ctx.call_context)
        model.inputs = tensors_of(bound.get("inputs"))
        model.outputs = tensors_of(bound.get("outputs"))
        self.ctx.result.models.append(model)
        return FunctionalModel(model)

    # ---------------------------------------------------------- Sequential
    def sequential_input(self, layer: Layer) -> Tensor | None:
        """The input a first Sequential layer declares (``input_shape=``, ``input_dim=``)."""
        cfg = layer.cfg
        spec = spec_for(cfg.kind)
        for key in INPUT_SHAPE_KWARGS:
            if key not in cfg.params:
                continue
            if spec is not None and spec.owns(key):
                continue  # the layer's own parameter (Embedding's vocabulary size), not an input shape
            value = cfg.params[key]
            if key == "batch_input_shape":
                shape = Shape(tuple(dim_of(d) for d in value)) if isinstance(value, (tuple, list)) else UNKNOWN_SHAPE
            else:
                batch = dim_of(cfg.params.get("batch_size"))
                shape = shape_from(value, batch, scalar=key == "input_dim")
            return Tensor(shape, InputNode(shape, layer.node, key))
        return self.keras2_declared_input(layer)

    @staticmethod
    def custom_declared_input(obj: ObjectValue, declared: dict[str, Any]) -> Tensor:
        """The input a custom layer declares first in a Sequential with the ``input_shape=`` /
        ``input_dim=`` (tf_keras: also ``batch_input_shape=``) it passes on to Keras'
        ``Layer.__init__`` (``keras_subclass.declared_input_kwargs``)."""
        if "batch_input_shape" in declared:
            value = declared["batch_input_shape"]
            shape = Shape(tuple(dim_of(d) for d in value)) if isinstance(value, (tuple, list)) else UNKNOWN_SHAPE
            key = "batch_input_shape"
        else:
            key = "input_shape" if "input_shape" in declared else "input_dim"
            shape = shape_from(declared[key], dim_of(declared.get("batch_size")), scalar=key == "input_dim")
        return Tensor(shape, InputNode(shape, obj.node, key))

    def keras2_declared_input(self, layer: Layer) -> Tensor | None:
        """Keras 2's Embedding, first in a Sequential without an input shape, declares the input
        ``(batch_size, input_length)``, ``(batch_size, None)`` without ``input_length`` (tf_keras
        sets ``input_shape=(input_length,)`` when ``input_length`` is truthy, ``(None,)``
        otherwise), so the model is built at once; Keras 3 ignores ``input_length``."""
        key = traits_of(layer.cfg.kind).keras2_input
        if key is None or self.ctx.keras is KerasVersion.KERAS3:
            return None
        length = layer.cfg.params.get(key)
        if length is None or (is_int(length) and not length):
            dim: Any = None
        elif is_int(length) or isinstance(length, Sym):
            dim = length
        else:
            return None  # a value of unknown kind (it may be a tuple): not declared
        shape = Shape((dim_of(layer.cfg.params.get("batch_size")), dim))
        return Tensor(shape, InputNode(shape, layer.node, key))

    def sequential_add(self, seq: SequentialModel, item: Any, at: cst.CSTNode) -> None:
        model = seq.model
        if seq.lost:
            return
        if isinstance(item, Tensor) and isinstance(item.producer, InputNode) and seq.current is None and not seq.layers:
            seq.current = item
            model.inputs = [item]
            model.outputs = [item]
            return
        if seq.layers and (
            (isinstance(item, Tensor) and isinstance(item.producer, InputNode))
            or (isinstance(item, Layer) and item.kind == "InputLayer")
        ):
            # an input added after a layer: tf_keras 2.21 passes the tensor through (the model is
            # still built from its data); Keras 3.15 refuses the model when it is built or called
            if self.ctx.keras is KerasVersion.KERAS3:
                self.lose_value(seq, at, "an `Input` after the first layer: Keras 3 refuses the model when built")
            return
        if isinstance(item, Layer) and item.kind == "InputLayer":
            bound = item.cfg.params
            shape_value = bound.get("shape", bound.get("input_shape"))
            batch_shape = bound.get("batch_shape", bound.get("batch_input_shape"))
            if isinstance(batch_shape, (tuple, list)):
                shape = Shape(tuple(dim_of(d) for d in batch_shape))
            else:
                shape = shape_from(shape_value, dim_of(bound.get("batch_size")))
            tensor = Tensor(shape, InputNode(shape, item.node, "InputLayer"))
            seq.current = tensor
            model.inputs = [tensor]
            model.outputs = [tensor]
            return
        if isinstance(item, SequentialModel):
            if item.partial:  # some of its layers are not in ``item.layers``: adding them is not followed
                self.lose_value(seq, at, "nested model not followed")
                return
            for layer in item.layers:
                self.sequential_add(seq, layer, at)
            if item.lost:
                self.lose_value(seq, at, "nested model not followed")
            return
        if isinstance(item, ObjectValue) and item.cls.library_base:  # the program's own layer class
            if seq.current is None and not seq.layers and id(item) in self._declared_inputs:
                given = self.custom_declared_input(item, self._declared_inputs[id(item)])
                seq.current = given
                model.inputs = [given]
                model.outputs = [given]
            current = seq.current if seq.current is not None else Tensor(UNKNOWN_SHAPE)
            if seq.current is None:
                model.inputs = []
            out = self.call_object(item, [Arg(None, current)], at)
            seq.current = (
                out
                if isinstance(out, Tensor)
                else Tensor.unknown(lost=(at, f"`{item.cls.name}` does not return one tensor the analysis follows"))
            )
            recorded = keras_subclass.custom_layer_of(item, out)
            if recorded is not None and isinstance(out, Tensor) and isinstance(out.producer, Application):
                seq.layers.append(recorded)  # applied again, its ``call`` is followed again (``apply_layer``)
                model.applications.append(out.producer)
            else:
                seq.partial = True  # not in ``seq.layers``: applying the model again is not followed
            model.outputs = [seq.current]
            return
        if isinstance(item, FunctionalModel):
            self.sequential_add_model(seq, item, at)
            return
        if not isinstance(item, Layer):
            self.lose_value(seq, at, "a layer the analysis does not follow")
            return
        if seq.current is None:
            declared = self.sequential_input(item)
            seq.current = declared if declared is not None else Tensor(UNKNOWN_SHAPE)
            model.inputs = [seq.current] if declared is not None else []
        seq.layers.append(item)
        out = self.apply_layer(item, seq.current, at, {})
        if isinstance(out, Tensor):
            seq.current = out
        else:
            seq.current = Tensor.unknown()
        model.outputs = [seq.current]
        if seq.current.producer is not None and isinstance(seq.current.producer, Application):
            model.applications.append(seq.current.producer)

    def sequential_add_model(self, seq: SequentialModel, fm: FunctionalModel, at: cst.CSTNode) -> None:
        """``seq.add(functional_model)``: Keras calls the model on the Sequential's output (first,
        its input declares the Sequential's: keras 3.15 and tf_keras 2.21 both give
        ``input_shape`` ``(None, 2)`` for ``Sequential([Model(Input((2,)), ...)])``). A model that
        is a chain of layers is followed as its layers; anything else, or an output that does not
        fit the model's input (Keras 3 raises, tf_keras may adapt), is not followed."""
        layers = chain_of_layers(fm.model)
        if layers is None:
            self.lose_value(seq, at, "nested model not followed")
            return
        own = fm.model.inputs[0]
        if seq.current is None and not seq.layers:
            seq.current = Tensor(own.shape, InputNode(own.shape, at, "model"))
            seq.model.inputs = [seq.current]
            seq.model.outputs = [seq.current]
        elif seq.current is None or not same_layout(seq.current.shape, own.shape):
            self.lose_value(seq, at, "nested model not followed: its input and the output before it differ")
            return
        for layer in layers:
            self.sequential_add(seq, layer, at)

    def apply_sequential(self, seq: SequentialModel, value: Any, node: cst.CSTNode) -> Any:
        if seq.lost or seq.partial or not seq.layers:
            return Tensor.unknown(lost=(node, "the model's layers are not all known"))
        current = value
        for layer in seq.layers:
            current = self.apply_layer(layer, current, node, {})
            if not isinstance(current, Tensor):
                return Tensor.unknown()
        return current

    def refused_tensor(self, fm: FunctionalModel, given: list[Any], node: cst.CSTNode) -> bool:
        """Keras 3 checks a tensor a functional model is called on against its ``Input``: the same
        rank with a known size that differs raises ``Input 0 ... is incompatible with the layer``
        (keras 3.15.1: a model of ``Input((784,))`` on ``Input((100,))``, of ``Input((10, 3))`` on
        ``Input((12, 3))``). tf_keras checks only inside the layers (``(12, 3)`` passes an LSTM):
        not reported for Keras 2; other ranks are adapted or refused: not reported either.
        True when a finding was reported."""
        if self.ctx.keras is not KerasVersion.KERAS3 or broken(fm.model):
            return False
        for i, (t, own) in enumerate(zip(given, fm.model.inputs)):
            if not isinstance(t, Tensor) or t.poisoned or own.poisoned:
                continue
            if t.shape.dims is None or own.shape.dims is None or len(t.shape.dims) != len(own.shape.dims):
                continue
            why = input_problem(own.shape, tuple(t.shape.dims))
            if why is None:
                continue
            which = f"input {i} " if len(given) > 1 else ""
            self.fit_finding(
                Code.FIT_INPUT_SHAPE_MISMATCH,
                f"the model is called on a tensor of shape {t.shape} but its {which}`Input` is {own.shape}: {why}",
                node,
                {"expected": own.shape, "got": tuple(t.shape.dims), "tensor": own, "method": "call"},
            )
            return True
        return False

    def apply_functional(self, fm: FunctionalModel, value: Any, node: cst.CSTNode) -> Any:
        """A functional model called on tensors (a model used as a layer): Keras runs its graph
        again on them; so do we, layer by layer, from its inputs to its outputs. Not followed
        (unknown) when the graph reaches past its inputs or passes tensors as call arguments."""
        m = fm.model
        lost = (node, "the graph of the model called is not followed")
        given = list(value) if isinstance(value, (list, tuple)) else [value]
        if not m.inputs or not m.outputs or len(given) != len(m.inputs) or m.lost:
            return Tensor.unknown(lost=lost)
        if not all(isinstance(t, Tensor) and same_layout(t.shape, own.shape) for t, own in zip(given, m.inputs)):
            if self.refused_tensor(fm, given, node):
                return Tensor.unknown(poisoned=True)
            return Tensor.unknown(lost=lost)  # Keras adapts (or refuses) other ranks: not followed
        if broken(m):
            return Tensor.unknown(poisoned=True)  # the error is reported where the model was built
        mapping: dict[int, Tensor] = {id(old): new for old, new in zip(m.inputs, given)}
        for app in upstream(m.outputs):
            if any(isinstance(v, (Tensor, list, tuple, dict)) for v in app.call_kwargs.values()):
                return Tensor.unknown(lost=lost)
            if not app.outputs or any(id(t) not in mapping for t in app.inputs):
                return Tensor.unknown(lost=lost)
            inputs = [mapping[id(t)] for t in app.inputs]
            made = self.apply_layer(app.layer, inputs if app.is_list else inputs[0], node, dict(app.call_kwargs))
            outs = list(made) if isinstance(made, (list, tuple)) else [made]
            if len(outs) != len(app.outputs) or not all(isinstance(t, Tensor) for t in outs):
                return Tensor.unknown(lost=lost)
            mapping.update({id(old): new for old, new in zip(app.outputs, outs)})
        results = [mapping.get(id(t)) for t in m.outputs]
        if any(t is None for t in results):
            return Tensor.unknown(lost=lost)
        return results[0] if len(results) == 1 else list(results)

    # ---------------------------------------------------------- layer calls
    def layer_call_args(self, layer: Layer, args: list[Arg]) -> tuple[Any, dict[str, Any]]:
        """(the input value, the call's keywords) of ``layer(...)``."""
        if traits_of(layer.kind).spread_call:  # ``mha(query, value, key)``
            pos = [a.value for a in args if a.keyword is None]
            kw = {a.keyword: a.value for a in args if a.keyword is not None}
            query = pos[0] if pos else kw.pop("query", None)
            value = pos[1] if len(pos) > 1 else kw.pop("value", None)
            key = pos[2] if len(pos) > 2 else kw.pop("key", None)
            if query is None or value is None:
                return None, kw  # Keras needs both: not followed
            inputs = [query, value] + ([key] if key is not None else [])
            return inputs, kw
        first = self.as_tensor(args[0].value)
        return first, {a.keyword: a.value for a in args[1:] if a.keyword} if len(args) > 1 else {}

    def as_tensor(self, value: Any) -> Any:
        """A NumPy array given to a layer or model: a tensor of the array's shape."""
        if isinstance(value, ArrayValue):
            shape = Shape(tuple(value.dims))
            # an array made where the analysis has no node (None) is placed nowhere
            return Tensor(shape, InputNode(shape, value.node, "array"))  # type: ignore[arg-type]
        if isinstance(value, (list, tuple)) and any(isinstance(v, ArrayValue) for v in value):
            return type(value)(self.as_tensor(v) for v in value)
        return value

    def call_config(self, layer: Layer, kwargs: dict[str, Any]) -> LayerConfig:
        if kwargs and traits_of(layer.kind).family == "attention" and any(k in kwargs for k in SHAPE_KWARGS):
            extra = {k: as_shape_value(kwargs[k]) for k in SHAPE_KWARGS if k in kwargs}
            return LayerConfig(layer.cfg.kind, {**layer.cfg.params, **extra})
        return layer.cfg

    def check_call(self, app: Application) -> list[ShapeProblem]:
        """Warnings Keras only raises when the model runs."""
        states = app.call_kwargs.get("initial_state")
        if states is None:
            return []
        return initial_state_problems(app, states)

    def apply_layer(self, layer: Layer, value: Any, node: cst.CSTNode, kwargs: dict[str, Any]) -> Any:
        ctx = self.ctx
        owner = layer.code.get(keras_subclass.OWNER)
        if isinstance(owner, ObjectValue):  # the program's own layer applied again: its ``call`` again
            return self.call_object(owner, [Arg(None, value)] + [Arg(k, v) for k, v in kwargs.items()], node)
        spec = spec_for(layer.kind)  # asked once: its traits, and its transfer function below
        traits = spec.traits if spec is not None else NO_TRAITS
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
                cfg = self.call_config(layer, kwargs) if kwargs else layer.cfg
                if traits.cells:  # RNN(the program's cell): the cell is built on one step
                    plain = not is_list and all(kwargs.get(k) is None for k in ("initial_state", "constants"))
                    cfg = keras_subclass.built_rnn_cell(self, layer, cfg, inputs[0], node, plain)
                if layer.code:  # a layer calling the program's function (Lambda): followed on the inputs
                    cfg = self.ctx.overlays.get(KerasOpsOverlay).traced_config(layer, cfg, inputs, is_list, node)
                shapes = [t.shape for t in inputs]
                # the layer's own config (most calls): ``infer_layer`` with the spec already found
                outcome = (
                    infer_with(spec, cfg, shapes, is_list) if cfg is layer.cfg else infer_layer(cfg, shapes, is_list)
                )
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

    # ----------------------------------------------------- attributes, items
    def attribute(self, base: Any, attr: str, node: cst.Attribute) -> Any:
        if not isinstance(base, _ATTRIBUTE_BASES):
            return NOT_FOLLOWED  # one test for the values none of the cases below reads
        if isinstance(base, keras_subclass.SuperValue):  # ``super().call``: the base layer's method
            return BoundMethod(base, attr)
        if isinstance(base, keras_subclass.ContextCache):
            return BoundMethod(base, attr) if attr in ("setdefault", "clear") else UNKNOWN
        if isinstance(base, Ref):  # ``LSTM.__name__`` (the evaluator asks only that of a reference)
            path = keras_path(base.qual) if attr == "__name__" else None
            spec = spec_for(path[-1]) if path else None
            # the canonical class name only: an alias may name another class (``CuDNNLSTM``)
            return path[-1] if path and spec is not None and spec.name == path[-1] else NOT_FOLLOWED
        if isinstance(base, Tensor) and attr == "shape":
            dims = base.shape.dims
            return ShapeTuple(dims) if dims is not None else ShapeOf(self.ctx.source(node), ("shape", id(base)))
        if isinstance(base, Layer) and attr == "output_shape" and self.ctx.keras is KerasVersion.KERAS3:
            self.ctx.sink.report(
                ShapeProblem(
                    Code.REMOVED_MODEL_METHOD,
                    f"Keras 3 layers have no `output_shape` (`{base.cfg.display}`)",
                    kind=ProblemKind.REMOVED_METHOD,
                    data={"method": "output_shape"},
                ),
                node,
                layer=base,
            )
            return UNKNOWN
        graph_value = self.graph_attribute(base, attr)
        if graph_value is not NOT_FOLLOWED:
            return graph_value
        if isinstance(base, Layer):
            keras2 = self.ctx.keras is not KerasVersion.KERAS3
            return keras_subclass.layer_attribute(base, attr, self.graph_attribute, keras2)
        if isinstance(base, (SequentialModel, FunctionalModel)):
            if isinstance(base, SequentialModel) and attr in ("output_shape",):
                return UNKNOWN
            return BoundMethod(base, attr)
        return NOT_FOLLOWED

    def graph_attribute(self, base: Any, attr: str) -> Any:
        """``model.input``/``.output``/``.inputs``/``.outputs`` and ``layer.input``/``.output``;
        ``model.layers`` of a Sequential model (its layers, without the input)."""
        if isinstance(base, SequentialModel) and attr == "layers":
            return list(base.layers) if not (base.lost or base.partial) else UNKNOWN
        if isinstance(base, FunctionalModel) and attr == "layers":
            return keras_subclass.functional_layers(base.model)
        if isinstance(base, (FunctionalModel, SequentialModel)) and attr in GRAPH_ATTRIBUTES:
            model = base.model
            if isinstance(base, SequentialModel):
                if base.lost or not model.inputs or base.current is None:
                    return UNKNOWN
                tensors = model.inputs if attr.startswith("input") else [base.current]
            else:
                tensors = model.inputs if attr.startswith("input") else model.outputs
            if not tensors:
                return UNKNOWN
            if attr.endswith("s"):
                return list(tensors)
            return tensors[0] if len(tensors) == 1 else list(tensors)
        if isinstance(base, Layer) and attr in ("input", "output"):
            # Keras defines these only for a layer called exactly once
            apps = [a for a in self.ctx.result.applications if a.layer is base]
            if len(apps) != 1:
                return UNKNOWN
            app = apps[0]
            chosen = app.inputs if attr == "input" else app.outputs
            if not chosen:
                return UNKNOWN
            if attr == "input" and app.is_list:
                return list(chosen)
            if attr == "output" and app.outcome is not None and app.outcome.multi:
                return list(chosen)
            return chosen[0]
        return NOT_FOLLOWED

    def subscript(self, base: Any, node: cst.Subscript, env: Scope) -> Any:
        if not isinstance(base, Tensor):
            return NOT_FOLLOWED
        if base.shape.dims is not None and not base.poisoned:
            dims = self.numpy.index_dims(base.shape.dims, node, env)
            if dims is None:
                return Tensor.unknown(lost=(node, f"indexing `{self.ctx.source(node)}` is not followed"))
            return Tensor(Shape(dims), None, 0, False, None)
        if any(isinstance(el.slice, cst.Slice) for el in node.slice):
            return UNKNOWN
        return NOT_FOLLOWED

    @property
    def numpy(self) -> NumpyOverlay:
        return self.ctx.overlays.get(NumpyOverlay)

    # ------------------------------------------------------------ model methods
    def call_method(self, obj: Any, name: str, args: list[Arg] | None, node: cst.Call) -> Any:
        if isinstance(obj, keras_subclass.SuperValue):
            return keras_subclass.super_method(self, obj, name, args, node)
        if isinstance(obj, keras_subclass.ContextCache):
            return keras_subclass.context_cache_method(self, obj, name, args, node)
        if (
            name in REMOVED_METHODS
            and self.ctx.keras is KerasVersion.KERAS3
            and (
                isinstance(obj, (FunctionalModel, SequentialModel))
                or (isinstance(obj, ObjectValue) and obj.cls.library_base == "Model")
            )
        ):
            self.ctx.sink.report(
                ShapeProblem(
                    Code.REMOVED_MODEL_METHOD,
                    f"Keras 3 models have no `{name}` method",
                    kind=ProblemKind.REMOVED_METHOD,
                    data={"method": name},
                ),
                node,
            )
            name = REMOVED_METHODS[name]  # analysed as what it becomes
        elif name in REMOVED_METHODS:
            name = REMOVED_METHODS[name]  # Keras 2: ``fit_generator`` takes its data as ``fit`` does
        if isinstance(obj, (FunctionalModel, SequentialModel)) and name == "get_layer":
            return self.get_layer(obj.model, args)
        if isinstance(obj, SequentialModel):
            if name == "add" and args:
                self.sequential_add(obj, args[0].value, node.args[0].value)
                return None
            if name in ("compile", "fit", "build") or name in DATA_METHODS:
                return self.model_method(obj, name, args, node)
            if name in HARMLESS_METHODS:
                return UNKNOWN
            self.lose_value(obj, node, f"`.{name}()` on a Sequential model is not followed")
            return UNKNOWN
        if isinstance(obj, FunctionalModel) or (isinstance(obj, ObjectValue) and obj.cls.library_base):
            return self.model_method(obj, name, args, node)
        return NOT_FOLLOWED

    def get_layer(self, model: Model, args: list[Arg] | None) -> Any:
        """``model.get_layer("name")`` / ``get_layer(index=i)``: the Layer object itself."""
        if not args or len(args) != 1:
            return UNKNOWN
        apps = model.applications or upstream(model.outputs)
        layers_in_order: list[Layer] = []
        for app in apps:
            if app.layer not in layers_in_order:
                layers_in_order.append(app.layer)
        key, value = args[0].keyword, args[0].value
        if key in (None, "name") and isinstance(value, str):
            found = [lay for lay in layers_in_order if lay.cfg.params.get("name") == value]
            return found[0] if len(found) == 1 else UNKNOWN
        return UNKNOWN

    def model_method(self, obj: Any, name: str, args: list[Arg] | None, node: cst.Call) -> Any:
        if name == "add_weight" and isinstance(obj, ObjectValue):
            return keras_subclass.add_weight(args, obj)
        if name == "compile":
            loss: Any = UNKNOWN
            for i, a in enumerate(args or ()):
                if a.keyword == "loss" or (a.keyword is None and i == 1):
                    loss = a.value
            obj.loss = loss
            return None
        if name in DATA_METHODS:
            if isinstance(obj, ObjectValue):
                self.build_from_data(obj, args, node)
            self.check_fit(obj, args, node, name)
            return UNKNOWN
        if name == "build":
            if isinstance(obj, ObjectValue):
                return self.build_object(obj, args, node)
            if isinstance(obj, SequentialModel):
                return self.build_sequential(obj, args, node)
            return None
        return UNKNOWN

    def build_from_data(self, obj: ObjectValue, args: list[Arg] | None, node: cst.Call) -> None:
        """A subclassed model first used on data (``predict``/``fit``/``evaluate``) is built on
        the first batch: follow its ``call`` on a tensor shaped like the data (batch unknown)."""
        if obj.cls.library_base != "Model" or not args:
            return
        x = args[0].value if args[0].keyword in (None, "x") else None
        keras_subclass.follow_on_data(self, obj, x, node)

    def build_on_call(self, seq: SequentialModel, given: Any, node: cst.CSTNode) -> None:
        """A Sequential model without a declared input, first called on a tensor
        (``encoded = encoder(story)``), is built by Keras on the shape of that tensor, batch
        size included (keras 3.15 and tf_keras 2.21: called on ``Input(batch_shape=(32, 10, 3))``,
        ``LSTM(16, return_sequences=True)`` gives ``output_shape == (32, 10, 16)``)."""
        if not isinstance(given, Tensor) or not given.shape.dims or given.poisoned:
            return
        self.build_sequential(seq, [Arg(None, tuple(given.shape.dims))], node, source="call")

    def build_sequential(
        self, seq: SequentialModel, args: list[Arg] | None, node: cst.CSTNode, source: str = "build"
    ) -> Any:
        """``model.build((None, t, f))`` on a Sequential model built without an input shape
        (``source="data"``: built by Keras from the first batch ``fit``/``predict`` get)."""
        if seq.lost or seq.partial or seq.model.inputs or not seq.layers or not args:
            return None
        value = args[0].value
        if not isinstance(value, (tuple, list)):
            return None
        shape = Shape(tuple(dim_of(d) for d in value))
        x = Tensor(shape, InputNode(shape, node, source))
        seq.model.inputs = [x]
        current: Any = x
        applications: list[Application] = []
        for layer in seq.layers:
            current = self.apply_layer(layer, current, layer.node, {})
            if not isinstance(current, Tensor):
                current = Tensor.unknown(lost=(layer.node, "a layer returns several tensors"))
            if isinstance(current.producer, Application):
                applications.append(current.producer)
        if len(applications) == len(seq.layers):
            self.replace_stale(seq.model.applications, applications)
            seq.model.applications = applications
        seq.current = current
        seq.model.outputs = [current]
        return None

    def replace_stale(self, old: list[Application], new: list[Application]) -> None:
        """A Sequential model rebuilt on its input (``build``, first call, first data): its
        first pass, recorded when the layers were added on an unknown input, is replaced in
        ``analysis.applications`` by the rebuilt one, in place (the list keeps its length, so
        the marks the flow takes on it stay valid)."""
        apps = self.ctx.result.applications
        n = len(new)
        if not old or len(old) != n or n > len(apps) or any(a is not b for a, b in zip(apps[len(apps) - n :], new)):
            return
        where = {id(a): i for i, a in enumerate(apps[: len(apps) - n])}
        if not all(id(a) in where for a in old):
            return
        del apps[len(apps) - n :]
        for a, b in zip(old, new):
            apps[where[id(a)]] = b

    def build_object(self, obj: ObjectValue, args: list[Arg] | None, node: cst.CSTNode) -> Any:
        """``model.build((None, t, f))``: follow ``call`` on an input of that shape."""
        if not args:
            return None
        shape_value = args[0].value
        if isinstance(shape_value, (tuple, list)):
            shape = Shape(tuple(dim_of(d) for d in shape_value))
        else:
            shape = Shape(None)
        x = Tensor(shape, InputNode(shape, node, "build"))
        if not obj.called:
            self.call_object(obj, [Arg(None, x)], node)
        return None

    def model_outputs(self, obj: Any) -> list[Tensor] | None:
        if isinstance(obj, SequentialModel):
            return None
        model = obj.model if isinstance(obj, (FunctionalModel, ObjectValue)) else None
        return list(model.outputs) if model is not None else None

    def model_output(self, obj: Any) -> Tensor | None:
        if isinstance(obj, SequentialModel):
            if obj.lost or obj.partial:
                return None
            model = obj.model
        elif isinstance(obj, FunctionalModel):
            model = obj.model
        elif isinstance(obj, ObjectValue) and obj.model is not None:
            model = obj.model
        else:
            return None
        if len(model.outputs) != 1:
            return None
        return model.outputs[0]

    def check_fit(self, obj: Any, args: list[Arg] | None, node: cst.Call, method: str = "fit") -> None:
        """Data given to ``fit``/``evaluate``/``predict``/``*_on_batch`` against the model, as
        Keras 3 checks it (``validation_data`` too)."""
        if args is None:
            return
        if broken(model_of(obj)):
            return  # the model already fails to build: Keras never reaches ``fit``
        pos = [a.value for a in args if a.keyword is None]
        kw = {a.keyword: a.value for a in args if a.keyword is not None}
        x = pos[0] if pos else kw.get("x")
        y = (pos[1] if len(pos) > 1 else kw.get("y")) if DATA_METHODS.get(method, False) else None
        if isinstance(x, DatasetValue):
            x, y = dataset_batches(x)
        x, y = keras_subclass.python_batches(self, x, y, node)
        if not DATA_METHODS.get(method, False):
            y = None  # ``predict`` takes the inputs of (x, y) batches and ignores the targets
        if isinstance(obj, SequentialModel) and isinstance(x, ArrayValue) and x.dims:
            # Keras builds a Sequential model without a declared input from its first batch
            self.build_sequential(obj, [Arg(None, (None,) + tuple(x.dims[1:]))], node, source="data")
        if self.check_batch(obj, method, x, y, node):
            return
        if method == "fit" and "validation_data" in kw:
            xv, yv = split_data(kw["validation_data"])
            self.check_batch(obj, method, xv, yv, node)

    def check_batch(self, obj: Any, method: str, x: Any, y: Any, node: cst.Call) -> bool:
        """One (x, y) pair against the model; True when a finding was reported."""
        if isinstance(x, ArrayValue) and isinstance(y, ArrayValue) and x.dims and y.dims:
            if known_differ(x.dims[0], y.dims[0]):
                self.fit_finding(
                    Code.FIT_SAMPLE_COUNT_MISMATCH,
                    f"`{method}` is given {x.dims[0]} input samples but {y.dims[0]} targets",
                    node,
                    {"x": x.dims, "y": y.dims},
                )
                return True
        if self.check_inputs(obj, method, x, node):
            return True
        if y is None:
            return False
        out = self.model_output(obj)
        outs = self.model_outputs(obj)
        if outs is not None and len(outs) > 1 and isinstance(y, dict):
            names = [self.output_name(o) for o in outs]
            if all(isinstance(k, str) for k in y) and set(y) <= {n for n in names if n}:
                y = [y.get(n) for n in names]
        if outs is not None and len(outs) > 1 and isinstance(y, (list, tuple)) and len(y) == len(outs):
            losses = getattr(obj, "loss", None)
            if isinstance(losses, (list, tuple)) and len(losses) == len(outs):
                pairs = list(zip(outs, y, losses))
            elif isinstance(losses, dict):
                pairs = [(o, t, losses.get(self.output_name(o), UNKNOWN)) for o, t in zip(outs, y)]
            else:
                pairs = [(o, t, losses) for o, t in zip(outs, y)]
            for o, t, loss in pairs:
                if isinstance(t, ArrayValue) and not o.poisoned:
                    if self.check_target(o, t, loss, node):
                        return True
            return False
        if out is None or out.poisoned or not isinstance(y, ArrayValue):
            return False
        return self.check_target(out, y, getattr(obj, "loss", None), node)

    @staticmethod
    def output_name(t: Tensor) -> str | None:
        """The name Keras gives an output: its layer's ``name=``."""
        app = t.producer
        if isinstance(app, Application):
            name = app.layer.cfg.params.get("name")
            return name if isinstance(name, str) else None
        return None

    @staticmethod
    def input_name(t: Tensor) -> str | None:
        """The ``name=`` of ``keras.Input(...)``."""
        node = t.producer.node if isinstance(t.producer, InputNode) else None
        if isinstance(node, cst.Call):
            for a in node.args:
                if a.keyword is not None and a.keyword.value == "name" and isinstance(a.value, cst.SimpleString):
                    value = a.value.evaluated_value
                    return value if isinstance(value, str) else None
        return None

    def check_inputs(self, obj: Any, method: str, x: Any, node: cst.CSTNode) -> bool:
        """The input batch(es) against the model's inputs; True when a finding was reported."""
        if isinstance(obj, SequentialModel):
            if obj.lost or obj.partial or len(obj.model.inputs) != 1 or not isinstance(x, ArrayValue):
                return False
            declared = obj.model.inputs[0]
            if declared.poisoned or not isinstance(declared.producer, InputNode):
                return False
            expected = declared.shape
            if self.ctx.keras is KerasVersion.KERAS2:
                return self.keras2_refused(obj.model, method, [x], node)
            why = input_problem(expected, x.dims, rank_only=True)
            if why is not None:
                self.input_finding(method, x, expected, why, declared, node)
                return True
            if expected.dims is None:
                return False
            adapted = adapt_rank(expected.dims, x.dims)
            if adapted is None or not adapted:
                return False
            pairs = [
                (app.layer, app.inputs[0].shape)
                for app in obj.model.applications
                if len(app.inputs) == 1 and not app.is_list
            ]
            if len(pairs) != len(obj.layers) or any(p[0] is not lay for p, lay in zip(pairs, obj.layers)):
                return False
            found = rerun_problem(pairs, Shape((None,) + tuple(adapted[1:])))
            if found is None:
                return False
            layer, built_on, given = found
            self.input_finding(
                method,
                x,
                expected,
                f"`{layer.cfg.display}` was built for inputs {built_on} and gets {given}",
                declared,
                node,
            )
            return True
        if not isinstance(obj, FunctionalModel):
            return False
        inputs = obj.model.inputs
        if not inputs or any(t.poisoned for t in inputs):
            return False
        if isinstance(x, dict) and len(inputs) > 1:
            names = [self.input_name(t) for t in inputs]
            if not all(isinstance(k, str) and k in names for k in x):
                return False
            x = [x.get(n, UNKNOWN) for n in names]
        if isinstance(x, ArrayValue):
            batches = [x]
        elif isinstance(x, (list, tuple)) and len(x) == len(inputs):
            batches = list(x)
        else:
            return False
        if len(batches) != len(inputs):
            return False
        if self.ctx.keras is KerasVersion.KERAS2:
            return self.keras2_refused(obj.model, method, batches, node)
        for batch, declared in zip(batches, inputs):
            if not isinstance(batch, ArrayValue):
                continue
            why = input_problem(declared.shape, batch.dims)
            if why is not None:
                self.input_finding(method, batch, declared.shape, why, declared, node)
                return True
        return False

    def keras2_refused(self, model: Model, method: str, batches: list[Any], node: cst.CSTNode) -> bool:
        """Data batches against a model as tf_keras checks them (``keras2_batch_problem``)."""
        found = keras2_batch_problem(model, batches)
        if found is None:
            return False
        i, why = found
        declared = model.inputs[i]
        self.input_finding(method, batches[i], declared.shape, why, declared, node)
        return True

    def input_finding(
        self, method: str, x: ArrayValue, expected: Shape, why: str, declared: Tensor, node: cst.CSTNode
    ) -> None:
        self.fit_finding(
            Code.FIT_INPUT_SHAPE_MISMATCH,
            f"`{method}` is given inputs of shape {fmt_dims(x.dims)} but the model expects {expected}: {why}",
            node,
            {"expected": expected, "got": x.dims, "tensor": declared, "method": method},
        )

    def check_target(self, out: Tensor, y: ArrayValue, loss_value: Any, node: cst.Call) -> bool:
        loss = loss_name(loss_value)
        why = fit_problem(loss, out.shape, y.dims, keras2=self.ctx.keras is KerasVersion.KERAS2)
        if why is None:
            return False
        y_shape = fmt_dims(y.dims)
        data = {"output": out.shape, "target": y.dims, "loss": loss, "tensor": out}
        if why.startswith(BROADCAST):
            self.fit_finding(
                Code.FIT_TARGET_BROADCAST,
                f"the model's output {out.shape} and the target {y_shape} differ: {why[len(BROADCAST) :]}",
                node,
                data,
                severity="warning",
            )
            return True
        self.fit_finding(
            Code.FIT_TARGET_SHAPE_MISMATCH,
            f"the model's output {out.shape} does not fit the target {y_shape}: {why}",
            node,
            data,
        )
        return True

    def fit_finding(
        self, code: Code, message: str, node: cst.CSTNode, data: dict[str, Any], severity: str = "error"
    ) -> None:
        self.ctx.sink.report(ShapeProblem(code, message, kind="fit", data=data), node, severity=severity)

    # ---------------------------------------------------------- subclasses
    def class_base(self, bases: list[Any]) -> str | None:
        for b in bases:
            if isinstance(b, ClassValue) and b.library_base:
                return b.library_base
            if isinstance(b, Ref):
                path = keras_path(b.qual)
                if not path:
                    if path is None and library_kind(b.qual) is not None:
                        return "Layer"  # a subclass of a layer library's class (``QDense``)
                    continue
                if path[-1] in KERAS_MODEL_BASES:
                    return "Model"
                if path[-1] == "Layer" or traits_of(path[-1]).recurrent or "layers" in path:
                    return "Layer"
        return None

    def instantiated(self, obj: ObjectValue, args: list[Arg] | None = None) -> None:
        if obj.cls.library_base == "Layer":
            keras_subclass.remember_base(self, obj, args)  # ``class Plain(Dense): pass``
        if obj.cls.library_base == "Model":
            obj.model = Model("subclassed", obj.node, context=self.ctx.call_context)
            self.ctx.result.models.append(obj.model)
        elif obj.cls.library_base == "Layer" and args:
            declared = keras_subclass.declared_input_kwargs(obj.cls, args, self.ctx.keras is KerasVersion.KERAS3)
            if declared:
                self._declared_inputs[id(obj)] = declared

    def call_object(self, obj: ObjectValue, args: list[Arg] | None, node: cst.CSTNode) -> Any:
        """``model(x)`` / ``layer(x)`` on an instance of a Keras subclass: follow ``call``."""
        cls = obj.cls
        classes = self.ctx.classes
        method = classes.method(obj, "call")
        if method is None and not obj.opaque:
            inherited = keras_subclass.inherited_call(self, obj, args, node)  # a Keras layer's own ``call``
            if inherited is not NOT_FOLLOWED:
                return inherited
            keras_subclass.note_without_call(obj, node)  # a model Keras cannot call: why it has no output
        if method is None or obj.opaque:  # an instance whose ``__init__`` was not followed: state unknown
            return classes.no_method(obj, "call", args, node)
        obj.called = True
        if args:
            args = [Arg(a.keyword, self.as_tensor(a.value)) for a in args]
            keras_subclass.build_layer(self, obj, args[0].value, node)  # a model's own ``build`` too
            if cls.library_base == "Layer":
                args = keras_subclass.implicit_mask(self, method, args)  # Keras passes the inputs' masks
        mark = len(self.ctx.result.applications)
        self.ctx.traced += 1  # Keras runs ``call`` on real tensors: TensorFlow functions are fine there
        try:
            out = self.ctx.functions.call_function(method, args, node, self_obj=obj, label=f"`{cls.name}.call()`")
        finally:
            self.ctx.traced -= 1
        if cls.library_base == "Layer" and args and self.ctx.keras is KerasVersion.KERAS3:
            out = keras_subclass.keras3_output(self, obj, args[0].value, out, node)
        if cls.library_base == "Layer" and args and not keras_subclass.known_tensor(out):
            declared = keras_subclass.declared_output(self, obj, args[0].value, node)
            out = declared if declared is not None else out
        if cls.library_base == "Layer" and args:
            inner = len(self.ctx.result.applications) > mark  # Keras layers applied inside ``call``
            out = keras_subclass.as_application(self, obj, args[0].value, out, node, inner)
        if obj.model is not None and args:
            first = args[0].value
            model = obj.model
            if not model.inputs and isinstance(first, Tensor):
                model.inputs = [first]
            outs = (
                [out]
                if isinstance(out, Tensor)
                else [t for t in out if isinstance(t, Tensor)]
                if isinstance(out, (list, tuple))
                else [t for t in out.values() if isinstance(t, Tensor)]  # outputs by name
                if isinstance(out, dict)
                else []
            )
            if not model.outputs:
                model.outputs = outs
                model.applications = upstream(outs)
                if not outs:
                    model.lost.append((node, f"`{cls.name}.call()` returns something the analysis does not follow"))
        if out is UNKNOWN and args and any(isinstance(a.value, Tensor) for a in args):
            return Tensor.unknown(lost=(node, f"the result of `{cls.name}.call()` is not followed"))
        return out

    def finish_standalone(self) -> None:
        """Keras classes whose ``call`` nobody reached: call it on an input of unknown shape."""
        ctx = self.ctx
        symbolic_input = Tensor(Shape(None))
        instances = ctx.classes.instances
        for obj in list(instances):
            if obj.cls.library_base and not obj.called:
                ctx.result.call_names[obj.cls.node] = f"`{obj.cls.name}.call()`, checked with an input of unknown shape"
                self.call_object(obj, [Arg(None, symbolic_input)], obj.cls.node)
        instantiated = {id(o.cls) for o in instances}
        for cls in list(ctx.classes.defined):
            if not cls.library_base or id(cls) in instantiated:
                continue
            ctx.result.call_names[cls.node] = f"`{cls.name}`, checked on its own with symbolic arguments"
            obj = ctx.classes.instantiate(cls, [], cls.node)
            self.call_object(obj, [Arg(None, symbolic_input)], cls.node)

    def finish(self) -> None:
        for model in self.ctx.result.models:
            if not model.applications:
                model.applications = upstream(model.outputs)

    # ---------------------------------------------------------------- values
    def bound(self, name: str, value: Any, attribute: bool = False) -> None:
        """Name layers after the variable (or attribute) and models after the variable they are
        first bound to."""
        if type(value) in _CONSTANT_TYPES:
            return  # most names are bound to Python constants
        if isinstance(value, Layer):
            if value.var is None:
                value.var = name
        elif attribute:
            return
        elif isinstance(value, (SequentialModel, FunctionalModel)):
            if value.model.var is None:
                value.model.var = name
        elif isinstance(value, ObjectValue) and value.model is not None and value.model.var is None:
            value.model.var = name

    def truth(self, value: Any) -> Any:
        if isinstance(value, (Layer, SequentialModel, FunctionalModel)):
            return True
        return NOT_FOLLOWED

    def same(self, a: Any, b: Any) -> bool:
        if isinstance(a, Ref) and isinstance(b, Ref):
            path, other = keras_path(a.qual), keras_path(b.qual)
            return path is not None and other is not None and (path == other or same_layers_name(path, other))
        if isinstance(a, Layer) and isinstance(b, Layer):
            return same_layer(a, b)
        return False

    def shaped(self, value: Any) -> bool:
        return isinstance(value, Tensor)

    def stable(self, value: Any) -> bool:
        return isinstance(value, Layer)

    def unpack(self, value: Any, n: int) -> Any:
        if isinstance(value, Tensor):
            if value.shape.dims is None:
                return [Tensor.unknown(value.poisoned) for _ in range(n)]
            return None
        return NOT_FOLLOWED

    def check_unpack(self, target: cst.BaseExpression, value: Any, n: int, starred: bool) -> bool:
        """``a, b = layer(x)`` where the layer returns one symbolic tensor, or a different number
        of tensors (``return_state``): Keras/Python raise on this line."""
        problem = None
        if isinstance(value, Tensor) and not value.poisoned and symbolic(value):
            producer = value.producer
            what = f"`{producer.layer.cfg.display}`" if isinstance(producer, Application) else "`Input`"
            problem = ShapeProblem(
                Code.LAYER_OUTPUT_UNPACK_MISMATCH,
                f"cannot unpack one tensor into {n} names: {what} returns a single tensor {value.shape}",
                kind="unpack_single",
                data={"n": n, "tensor": value, "count": 1},
            )
        elif isinstance(value, list) and value and all(isinstance(t, Tensor) for t in value) and not starred:
            app = value[0].producer
            if (
                isinstance(app, Application)
                and app.outcome is not None
                and app.outcome.multi
                and len(value) == len(app.outputs)
                and all(a is b for a, b in zip(value, app.outputs))
                and len(value) != n
            ):
                detail = (
                    f"its output and {len(value) - 1} state{'s' if len(value) != 2 else ''}"
                    if app.layer.cfg.flag("return_state") is True
                    else "its outputs"
                )
                problem = ShapeProblem(
                    Code.LAYER_OUTPUT_UNPACK_MISMATCH,
                    f"`{app.layer.cfg.display}` returns {len(value)} tensors ({detail}), unpacked into {n} names",
                    kind="unpack_count",
                    data={"n": n, "count": len(value), "app": app},
                )
        if problem is None:
            return False
        self.ctx.sink.report(problem, target, severity="error")
        return True

    def passed_out(self, value: Any, node: cst.CSTNode, why: str) -> bool:
        """A model or layer given to imported code (a converter, a wrapper, a plotting or
        pruning helper: ``hls4ml.utils.config_from_keras_model(model)``,
        ``KerasClassifier(model=model)``) stays as it was: such code reads a model or returns a
        new one, it does not add layers to the caller's model (documented in docs/analysis.md)."""
        return isinstance(value, (SequentialModel, FunctionalModel, Layer))

    def lose_value(self, value: Any, node: cst.CSTNode | None, why: str) -> bool:
        if isinstance(value, SequentialModel) and node is not None and only_harmless_uses(node, self.names_of(value)):
            return True  # a loop that only trains or queries the model leaves it as it is
        if isinstance(value, SequentialModel):
            if not value.lost:
                value.lost = True
                value.current = Tensor.unknown()
                value.model.lost.append((node, why))
                self.ctx.sink.lose(node, why)
            return True
        return False

    def names_of(self, value: Any) -> set[str]:
        """The variables of the current scopes that hold ``value``."""
        names: set[str] = set()
        scope: Scope | None = self.ctx.current_scope
        while scope is not None:
            names.update(k for k, v in scope.items() if v is value)
            scope = scope.parent
        return names

    def forgotten(self, before: Any, name: str, node: cst.CSTNode, why: str) -> Any:
        if isinstance(before, Tensor):
            return Tensor.unknown(lost=(node, why))
        return NOT_FOLLOWED

    def join(self, values: list[Any], node: cst.CSTNode | None, why: str) -> Any:
        if not all(isinstance(v, Tensor) for v in values):
            return NOT_FOLLOWED
        shape = join_shapes([v.shape for v in values])
        poisoned = any(v.poisoned for v in values)
        return Tensor(shape, None, 0, poisoned, (node, why) if shape.dims is None else None)

    # -------------------------------------------------------- mutable state
    def mutable(self, value: Any) -> bool:
        return isinstance(value, (SequentialModel, FunctionalModel))

    def save_state(self, obj: Any) -> tuple[Any, ...] | None:
        if isinstance(obj, SequentialModel):
            m = obj.model
            return (
                obj.current,
                list(obj.layers),
                obj.lost,
                obj.partial,
                obj.loss,
                list(m.inputs),
                list(m.outputs),
                len(m.applications),
                list(m.lost),
            )
        if isinstance(obj, (FunctionalModel, ObjectValue)):
            return (obj.loss,)
        return None

    def restore_state(self, obj: Any, state: tuple[Any, ...]) -> bool:
        if isinstance(obj, SequentialModel):
            m = obj.model
            obj.current, layers, obj.lost, obj.partial, obj.loss, inputs, outputs, n_apps, lost = state
            obj.layers[:] = layers
            m.inputs[:] = inputs
            m.outputs[:] = outputs
            del m.applications[n_apps:]
            m.lost[:] = lost
            return True
        if isinstance(obj, (FunctionalModel, ObjectValue)):
            (obj.loss,) = state
            return True
        return False

    def join_state(self, obj: Any, states: list[tuple[Any, ...]], node: cst.CSTNode, why: str) -> bool:
        first = states[0]
        same_value = self.ctx.flow.same_value
        if isinstance(obj, (FunctionalModel, ObjectValue)):
            obj.loss = first[0] if all(same_value(s[0], first[0]) for s in states) else UNKNOWN
            return True
        if not isinstance(obj, SequentialModel):
            return False
        self.restore_state(obj, first)
        same_layers = all(len(s[1]) == len(first[1]) and all(a is b for a, b in zip(s[1], first[1])) for s in states)
        if same_layers and all(s[0] is first[0] and s[2] == first[2] for s in states):
            return True
        if any(s[2] for s in states):
            self.ctx.lose_value(obj, node, f"model {why}")
            return True
        currents = [s[0] for s in states]
        if all(isinstance(c, Tensor) for c in currents):
            joined = self.ctx.flow.join_values(currents, node, why)
            obj.current = joined if isinstance(joined, Tensor) else Tensor.unknown(lost=(node, why))
        else:
            obj.current = None if all(c is None for c in currents) else Tensor.unknown(lost=(node, why))
        obj.partial = True  # its layers differ by path: calling it on a tensor is not followed
        if obj.current is not None:
            obj.model.outputs[:] = [obj.current]
        if obj.current is not None and obj.current.shape.dims is None:
            obj.model.lost.append((node, f"model output {why}"))
        if not all(len(s[5]) == len(first[5]) and all(a is b for a, b in zip(s[5], first[5])) for s in states):
            obj.model.inputs[:] = []
        return True
