"""The program's own Keras layers and models, followed under the shapes they receive.

A custom layer (``class L(keras.layers.Layer)``) is built the way Keras builds it: on its first
call ``build(input_shape)`` runs with the input's shape (a tuple, ``None`` for the batch), and
``self.add_weight(shape=...)`` gives a weight tensor of that shape, so ``call`` can be followed
on it (``matmul`` with a known kernel). When ``call`` gives no tensor of known shape, a
``compute_output_shape(input_shape)`` the class defines (Keras 2 custom layers do) is followed
instead: it is plain Python on a tuple of sizes. Otherwise the output stays unknown.

A subclassed model (``class M(keras.Model)``) is followed when it first gets data: ``fit`` /
``predict`` / ``evaluate`` / ``*_on_batch`` arrays or a ``tf.data`` pipeline, ``build(shape)``
or ``model(x)``; data of another shape later follows ``call`` again, as Keras does.

Nothing here runs the program: these are the interpreter's abstract values only. ``overlay``
is the Keras overlay (``overlays/keras.py``), which calls these helpers.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import libcst as cst

from lstmlint.graph.model import Application, InputNode, Layer, Model, Tensor
from lstmlint.graph.walk import upstream
from lstmlint.interp.generators import GeneratorValue
from lstmlint.interp.overlays.tf_data import DatasetValue, dataset_batches
from lstmlint.interp.overlays.values import ArrayValue, FunctionalModel, SequentialModel, ShapeTuple, dim_of
from lstmlint.interp.values import NOT_FOLLOWED, Arg, ObjectValue
from lstmlint.layers.config import LayerConfig
from lstmlint.layers.params import CUSTOM_PARAMS
from lstmlint.layers.spec import spec_for
from lstmlint.shapes import UNKNOWN, UNKNOWN_SHAPE, Outcome, Shape
from lstmlint.source.imports import Ref, keras_path

BUILT = "built"  # the attribute Keras sets on a built layer; set on the instance here too
LAYER = "__lstmlint_layer__"  # the instance's Layer record (never a name a program uses)
CUSTOM = "__custom__"  # LayerConfig flag: a layer class the program defines
WEIGHTS = "__lstmlint_weights__"  # sizes of the weights ``add_weight`` made: [trainable, non-trainable]
OWNER = "__owner__"  # ``Layer.code`` key: the instance of a custom layer, to follow its ``call`` again


def shape_argument(value: Any) -> Any:
    """What Keras passes to ``build``/``compute_output_shape`` for an input ``value``: a tuple
    of sizes (``None`` for the batch) per tensor; None when a shape is not known."""
    if isinstance(value, Tensor):
        dims = value.shape.dims
        if dims is None or value.poisoned:
            return None
        return ShapeTuple(dims)
    if isinstance(value, (list, tuple)) and value:
        shapes = [shape_argument(v) for v in value]
        return None if any(s is None for s in shapes) else shapes
    return None


def weight_shape(args: list[Arg] | None) -> Any:
    """The ``shape`` of ``self.add_weight(...)``: ``shape=`` or positional (Keras 3 takes the
    shape first, Keras 2 the name first)."""
    if not args:
        return None
    for a in args:
        if a.keyword == "shape":
            return a.value
    pos = [a.value for a in args if a.keyword is None]
    if pos and isinstance(pos[0], (tuple, list)):
        return pos[0]
    if len(pos) > 1 and isinstance(pos[0], str) and isinstance(pos[1], (tuple, list)):
        return pos[1]
    return None


def add_weight(args: list[Arg] | None, obj: ObjectValue | None = None) -> Tensor:
    """``self.add_weight(shape=(a, b))``: a weight tensor of that shape (no batch axis). Its
    size is added to the layer's weights (``WEIGHTS``: [trainable, non-trainable], None once a
    size is not known)."""
    shape = weight_shape(args)
    if isinstance(shape, (tuple, list)):
        weight = Tensor(Shape(tuple(dim_of(d) for d in shape)))
    elif isinstance(shape, int) and not isinstance(shape, bool):
        weight = Tensor(Shape((shape,)))
    else:
        weight = Tensor.unknown()
    if obj is not None:
        _count_weight(obj, weight, args or [])
    return weight


def _count_weight(obj: ObjectValue, weight: Tensor, args: list[Arg]) -> None:
    counts = obj.attrs.get(WEIGHTS, [0, 0])
    if not isinstance(counts, list):
        return  # a size already unknown
    trainable = next((a.value for a in args if a.keyword == "trainable"), True)
    sizes = [d for d in weight.shape.dims or () if isinstance(d, int) and not isinstance(d, bool)]
    if weight.shape.dims is None or len(sizes) != len(weight.shape.dims) or not isinstance(trainable, bool):
        obj.attrs[WEIGHTS] = None
        return
    size = 1
    for d in sizes:
        size *= d
    counts[0 if trainable else 1] += size
    obj.attrs[WEIGHTS] = counts


def build_layer(overlay: Any, obj: ObjectValue, first: Any, node: cst.CSTNode) -> None:
    """Run ``build(input_shape)`` of a custom layer (or of a subclassed model that defines it)
    on its first call with a known shape, as Keras' ``__call__`` does."""
    if obj.attrs.get(BUILT) is True:
        return
    method = overlay.ctx.classes.method(obj, "build")
    shape = shape_argument(first)
    if method is None or shape is None:
        return
    obj.attrs[BUILT] = True
    label = f"`{obj.cls.name}.build()`"
    overlay.ctx.functions.call_function(method, [Arg(None, shape)], node, self_obj=obj, label=label)


def known_tensor(value: Any) -> bool:
    return isinstance(value, Tensor) and value.shape.dims is not None and not value.poisoned


def declared_output(overlay: Any, obj: ObjectValue, first: Any, node: cst.CSTNode) -> Tensor | None:
    """The output ``compute_output_shape(input_shape)`` declares, when the class defines it and
    it gives a tuple of sizes; None otherwise."""
    method = overlay.ctx.classes.method(obj, "compute_output_shape")
    shape = shape_argument(first)
    if method is None or shape is None:
        return None
    label = f"`{obj.cls.name}.compute_output_shape()`"
    result = overlay.ctx.functions.call_function(method, [Arg(None, shape)], node, self_obj=obj, label=label)
    if not isinstance(result, (tuple, list)) or not result:
        return None
    if any(isinstance(d, (tuple, list)) for d in result):
        return None  # several outputs: not followed
    dims = tuple(dim_of(d) for d in result)
    if any(d is UNKNOWN for d in dims):
        return None
    return Tensor(Shape(dims))


def same_size(a: Any, b: Any) -> bool:
    """Whether two sizes may be the same (an unknown or open size may be anything)."""
    return a is None or b is None or a is UNKNOWN or b is UNKNOWN or a == b


def as_application(overlay: Any, obj: ObjectValue, first: Any, out: Any, node: cst.CSTNode, inner: bool = False) -> Any:
    """The output of a custom layer whose ``call`` ends in ops (not in a Keras layer) or whose
    shape came from ``compute_output_shape``: recorded as an application of the custom layer,
    so the model's graph goes through it (summary, coverage, causes of later findings). Its
    parameters are the weights its ``add_weight`` calls made, unless Keras layers were applied
    inside its ``call`` (``inner``: their weights are the custom layer's too, not counted here)."""
    if not known_tensor(out) or isinstance(out.producer, Application) or not isinstance(obj.node, cst.Call):
        return out
    layer = obj.attrs.get(LAYER)
    if not isinstance(layer, Layer):
        # a class named like a Keras layer (``class Attention(Layer)``) is not that layer
        kind = obj.cls.name if spec_for(obj.cls.name) is None else f"custom.{obj.cls.name}"
        params: dict[str, Any] = {CUSTOM: True}
        counts = obj.attrs.get(WEIGHTS, [0, 0])
        if isinstance(counts, list) and not inner:
            params[CUSTOM_PARAMS] = (counts[0], counts[1])
        layer = Layer(LayerConfig(kind, params), obj.node)
        layer.code[OWNER] = obj
        obj.attrs[LAYER] = layer
    if isinstance(first, Tensor):
        inputs, is_list = [first], False
    elif isinstance(first, (list, tuple)) and first and all(isinstance(t, Tensor) for t in first):
        inputs, is_list = list(first), True
    else:
        return out
    ctx = overlay.ctx
    app = Application(layer, inputs, is_list, node, context=ctx.call_context)
    app.outcome = Outcome.one(out.shape)
    app.outputs = [Tensor(out.shape, app, 0)]
    ctx.result.applications.append(app)
    return app.outputs[0]


SEQUENCE_BASES = frozenset({"Sequence", "PyDataset"})  # ``keras.utils.Sequence`` / ``PyDataset``
BATCH = "__lstmlint_batch__"  # a Sequence instance's first batch, once followed


def is_sequence(obj: Any) -> bool:
    """An instance of a class of the program deriving from ``keras.utils.Sequence``/``PyDataset``."""
    if not isinstance(obj, ObjectValue):
        return False
    classes: list[Any] = [obj.cls]
    while classes:
        cls = classes.pop()
        for base in getattr(cls, "bases", ()):
            if isinstance(base, Ref):
                path = keras_path(base.qual)
                if path and path[-1] in SEQUENCE_BASES:
                    return True
            else:
                classes.append(base)
    return False


def split_batch(element: Any) -> tuple[Any, Any]:
    """``(x, y)`` / ``(x, y, sample_weight)`` / ``x`` yielded by a generator or a Sequence."""
    if isinstance(element, tuple) and len(element) in (2, 3):
        return element[0], element[1]
    if isinstance(element, ArrayValue):
        return element, None
    return UNKNOWN, UNKNOWN


def python_batches(overlay: Any, x: Any, y: Any, node: cst.CSTNode) -> tuple[Any, Any]:
    """The (x, y) batches of a generator of the program (its first yielded element) or of a
    ``keras.utils.Sequence`` (its ``__getitem__(0)``); other data is returned as it is."""
    if isinstance(x, GeneratorValue):
        return split_batch(x.first)
    if is_sequence(x):
        if BATCH not in x.attrs:
            method = overlay.ctx.classes.method(x, "__getitem__")
            label = f"`{x.cls.name}.__getitem__()`"
            x.attrs[BATCH] = (
                UNKNOWN
                if method is None
                else overlay.ctx.functions.call_function(method, [Arg(None, 0)], node, self_obj=x, label=label)
            )
        return split_batch(x.attrs[BATCH])
    return x, y


def custom_layer_of(obj: ObjectValue, out: Any) -> Layer | None:
    """The Layer record of the custom layer ``obj`` when ``out`` is its application's output."""
    layer = obj.attrs.get(LAYER)
    if isinstance(layer, Layer) and isinstance(out, Tensor) and isinstance(out.producer, Application):
        return layer if out.producer.layer is layer else None
    return None


def data_batch(overlay: Any, x: Any, node: cst.CSTNode) -> Any:
    """The input batch ``fit``/``predict`` give a model: an array, a dataset's batches, the
    first element of a generator or of a Sequence."""
    if isinstance(x, DatasetValue):
        x = dataset_batches(x)[0]
    return python_batches(overlay, x, None, node)[0]


def follow_on_data(overlay: Any, obj: ObjectValue, x: Any, node: cst.CSTNode) -> None:
    """A subclassed model given data: Keras builds it from the first batch (``call`` on a
    tensor shaped like the batch) and runs ``call`` on each batch after; a batch of another
    shape than the one it was followed on is followed again."""
    x = data_batch(overlay, x, node)
    if not isinstance(x, ArrayValue) or not x.dims:
        return
    dims = (None,) + tuple(x.dims[1:])
    model = obj.model
    if obj.called:
        if model is None or len(model.inputs) != 1:
            return
        seen = model.inputs[0].shape.dims
        if seen is not None and len(seen) == len(dims) and all(same_size(a, b) for a, b in zip(seen[1:], dims[1:])):
            return  # the shape it was followed on: nothing new to check
    shape = Shape(dims)
    tensor = Tensor(shape, InputNode(shape, x.node if x.node is not None else node, "array"))
    overlay.call_object(obj, [Arg(None, tensor)], node)


def functional_layers(model: Model) -> Any:
    """``model.layers`` of a functional model: its input layer, then each layer in the order
    Keras lists them (by depth from the input). Followed for a chain (each layer fed by the one
    before it, one input, no layer used twice), where that order is the order of the calls;
    UNKNOWN otherwise. The input layer is an object the analysis does not follow (UNKNOWN)."""
    if len(model.inputs) != 1 or len(model.outputs) != 1 or model.lost:
        return UNKNOWN
    out = model.outputs[0]
    if out.shape.dims is None or not isinstance(out.producer, Application):
        return UNKNOWN
    apps = upstream(model.outputs)
    previous: list[Tensor] = list(model.inputs)
    seen: set[int] = set()
    for app in apps:
        if app.layer.uid in seen or not app.inputs:
            return UNKNOWN
        if any(not any(t is p for p in previous) for t in app.inputs):
            return UNKNOWN  # fed by something else than the layer before: not a chain
        seen.add(app.layer.uid)
        previous = list(app.outputs)
    if not apps or not any(t is out for t in previous):
        return UNKNOWN
    return [UNKNOWN] + [app.layer for app in apps]


def layer_attribute(layer: Layer, attr: str, graph: Callable[[Any, str], Any], keras2: bool) -> Any:
    """``layer.output_shape`` / ``layer.input_shape`` (Keras 2; Keras 3 has neither) of a layer
    called once (``graph(layer, "output")`` is its output tensor), and a constructor argument
    read back (``layer.units``) when it was given; NOT_FOLLOWED otherwise."""
    if attr in ("output_shape", "input_shape"):
        tensor = graph(layer, attr.split("_")[0]) if keras2 else None
        if isinstance(tensor, Tensor) and tensor.shape.dims is not None and not tensor.poisoned:
            return ShapeTuple(tensor.shape.dims)
        return UNKNOWN
    if attr.startswith("_") or attr not in layer.cfg.params:
        return NOT_FOLLOWED
    value = layer.cfg.params[attr]
    if value is None or isinstance(value, (bool, int, str)):
        return value
    return NOT_FOLLOWED


def array_shapes(value: Any) -> Any:
    """``weights=[a, b]``: the shapes of the arrays (a tuple of size tuples, symbolic or UNKNOWN
    where not known); None when it is not a list of arrays the analysis knows."""
    if not isinstance(value, (list, tuple)) or not value:
        return None
    if not all(isinstance(v, ArrayValue) for v in value):
        return None
    return tuple(tuple(dim_of(d) for d in v.dims) for v in value)


@dataclass(frozen=True)
class ConstantInit:
    """``keras.initializers.Constant(array)``: an initializer filling a weight from an array."""

    dims: tuple[Any, ...]


def constant_initializer(args: list[Arg] | None) -> Any:
    """``Constant(value=array)`` of an array whose shape is known; NOT_FOLLOWED otherwise."""
    value = None
    for i, a in enumerate(args or ()):
        if (a.keyword is None and i == 0) or a.keyword == "value":
            value = a.value
    if isinstance(value, ArrayValue):
        return ConstantInit(tuple(dim_of(d) for d in value.dims))
    return NOT_FOLLOWED


def initializer_shapes(bound: dict[str, Any]) -> dict[str, tuple[Any, ...]]:
    """The array shapes of the ``Constant(array)`` initializers among a layer's arguments."""
    return {k: v.dims for k, v in bound.items() if isinstance(v, ConstantInit)}


# ---------------------------------------------------------------- a model wrapped in TimeDistributed
# ``TimeDistributed(model)``: the Layer record -> the Sequential/functional model value it wraps
_WRAPPED: weakref.WeakKeyDictionary[Layer, SequentialModel | FunctionalModel] = weakref.WeakKeyDictionary()


def remember_wrapped_model(layer: Layer, value: Any) -> None:
    """A per-time-step wrapper (``TimeDistributed``) built around a model rather than a layer."""
    if isinstance(value, (SequentialModel, FunctionalModel)):
        _WRAPPED[layer] = value


def apply_wrapped_model(overlay: Any, layer: Layer, value: Any, node: cst.CSTNode, kwargs: dict[str, Any]) -> Any:
    """``TimeDistributed(model)(x)``: Keras calls the model on one time step, ``(batch,) +
    x.shape[2:]``, and puts the time axis back: ``(batch, time) + out.shape[1:]`` (keras 3.15.1
    and tf_keras 2.21: ``TimeDistributed(Sequential([Conv2D(4, 3), MaxPooling2D(2)]))`` on
    ``Input((5, 10, 10, 3), batch_size=32)`` gives ``(32, 5, 4, 4, 4)``; a functional model of
    ``Input((10, 10, 3))`` given frames of ``(12, 12, 3)`` is refused by both). NOT_FOLLOWED
    when ``layer`` wraps no model or the input is not one tensor of known rank >= 3 (the
    layer's own rule then reports a rank below 3, or leaves the output unknown)."""
    model = _WRAPPED.get(layer)
    dims = value.shape.dims if isinstance(value, Tensor) else None
    if model is None or kwargs or dims is None or len(dims) < 3 or value.poisoned:
        return NOT_FOLLOWED
    if layer.cfg.params.get("__invalid__") or layer.cfg.params.get("__opaque__"):
        return NOT_FOLLOWED  # refused when created, or built from arguments not followed
    step = Tensor(Shape((dims[0],) + tuple(dims[2:])))
    if isinstance(model, SequentialModel):
        reported = len(overlay.ctx.result.findings)
        out = overlay.apply_sequential(model, step, node)
        if isinstance(out, Tensor) and not out.poisoned and len(overlay.ctx.result.findings) == reported:
            overlay.build_on_call(model, step, node)  # built on the first frame, as when called
    else:
        out = overlay.apply_functional(model, step, node)
    app = Application(layer, [value], False, node, context=overlay.ctx.call_context)
    overlay.ctx.result.applications.append(app)
    if isinstance(out, Tensor) and out.shape.dims is not None and not out.poisoned:
        shape = Shape((out.shape.dims[0], dims[1]) + tuple(out.shape.dims[1:]))
        app.outcome = Outcome.one(shape)
        app.outputs = [Tensor(shape, app, 0)]
    else:
        why = "TimeDistributed wraps a model whose output is not followed"
        poisoned = isinstance(out, Tensor) and out.poisoned
        app.outcome = Outcome.unknown(why)
        app.outputs = [Tensor(UNKNOWN_SHAPE, app, 0, poisoned=poisoned, lost=None if poisoned else (node, why))]
    return app.outputs[0]
