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

import dataclasses
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import libcst as cst

from lstmlint.graph.model import Application, InputNode, Layer, Model, Tensor
from lstmlint.graph.walk import upstream
from lstmlint.interp.generators import GeneratorValue
from lstmlint.interp.names import decorator_name, super_calls
from lstmlint.interp.overlays.tf_data import DatasetValue, dataset_batches
from lstmlint.interp.overlays.values import (
    ArrayValue,
    FunctionalModel,
    SequentialModel,
    ShapeTuple,
    as_shape_value,
    dim_of,
)
from lstmlint.interp.values import NOT_FOLLOWED, Arg, ClassValue, FunctionValue, ObjectValue, PartialValue, UserMethod
from lstmlint.layers.config import LayerConfig, passed_mask
from lstmlint.layers.params import CUSTOM_PARAMS
from lstmlint.layers.recurrent import CustomCell, cell_attribute, merge_directions
from lstmlint.layers.spec import infer_layer, spec_for, traits_of
from lstmlint.shapes import UNKNOWN, UNKNOWN_SHAPE, Outcome, Shape, ShapeProblem, Sym, is_int
from lstmlint.source.imports import Ref, keras_path
from lstmlint.source.keras_target import KerasVersion

BUILT = "built"  # the attribute Keras sets on a built layer; set on the instance here too
LAYER = "__lstmlint_layer__"  # the instance's Layer record (never a name a program uses)
CUSTOM = "__custom__"  # LayerConfig flag: a layer class the program defines
WEIGHTS = "__lstmlint_weights__"  # sizes of the weights ``add_weight`` made: [trainable, non-trainable]
UNDEFINED_WEIGHT = "__lstmlint_undefined_weight__"  # ``add_weight`` made a weight with a ``None`` size
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
        if weight.shape.dims is not None and None in weight.shape.dims:
            obj.attrs[UNDEFINED_WEIGHT] = True  # Keras refuses it when it builds the layer
        _count_weight(obj, weight, args or [])
    return weight


def _count_weight(obj: ObjectValue, weight: Tensor, args: list[Arg]) -> None:
    counts = obj.attrs.get(WEIGHTS, [0, 0])
    if not isinstance(counts, list):
        return  # a size already unknown
    if len(counts) != 2 or not all(is_int(c) for c in counts):
        obj.attrs[WEIGHTS] = None  # counts joined over the paths or iterations of a loop: not known
        return
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
        if isinstance(counts, list) and len(counts) == 2 and all(is_int(c) for c in counts) and not inner:
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


_ABSENT = object()  # a cell without that attribute


def _cell_attribute(overlay: Any, obj: ObjectValue, name: str, node: cst.CSTNode) -> Any:
    """``cell.state_size`` / ``cell.output_size`` as ``RNN`` reads them: an attribute
    ``__init__`` set, a class attribute or a property; ``_ABSENT`` when the cell has none."""
    if name in obj.attrs:
        return obj.attrs[name]
    try:
        value = obj.cls.lookup(name)
    except KeyError:
        return UNKNOWN if obj.cls.library_base != "Layer" or _unknown_bases(obj.cls) else _ABSENT
    if isinstance(value, FunctionValue):
        if "property" not in {decorator_name(d) for d in value.node.decorators}:
            return UNKNOWN
        label = f"`{obj.cls.name}.{name}`"
        return overlay.ctx.functions.call_function(value, [], node, self_obj=obj, label=label)
    return value


def note_without_call(obj: ObjectValue, node: cst.CSTNode) -> None:
    """Why a subclassed model none of whose classes defines ``call`` has no output: it derives
    from Keras' own ``Model`` through the program's classes only, and Keras refuses to call it
    (keras 3.15.1: NotImplementedError "Model M does not have a `call()` method implemented";
    tf_keras 2.21: "Unimplemented `tf.keras.Model.call()`"). Such a class is a container of
    other models (tsgm's ``TimeGAN``, trained by its own ``fit``): there is no shape to follow.
    Not for a class whose ``__init__`` gives ``super().__init__`` positional arguments or
    ``inputs=``/``outputs=`` (a functional model), nor for one with a base the analysis does
    not know (it may define ``call``)."""
    model = obj.model
    if model is None or model.outputs or obj.cls.library_base != "Model" or _unknown_bases(obj.cls):
        return
    classes = _program_classes(obj.cls)
    if any(_builds_functional(c) for c in classes) or not any(_calls_super_init(c) for c in classes):
        return  # a functional model, or one made some other way (``self.__dict__.update(...)``)
    why = f"`{obj.cls.name}` defines no `call`: Keras cannot call it, so it has no output"
    model.no_forward = True
    if all(reason != why for _, reason in model.lost):
        model.lost.append((node, why))


def _program_classes(cls: ClassValue) -> list[ClassValue]:
    out: list[ClassValue] = []
    stack: list[Any] = [cls]
    while stack:
        c = stack.pop()
        if isinstance(c, ClassValue) and c not in out:
            out.append(c)
            stack.extend(c.bases)
    return out


def _super_init_calls(func: cst.FunctionDef) -> list[cst.Call]:
    """The ``super().__init__(...)`` / ``super(C, self).__init__(...)`` calls of ``func``'s body."""
    return list(super_calls(func.body, "__init__"))


def _init_super_calls(cls: ClassValue) -> list[cst.Call]:
    init = cls.attrs.get("__init__")
    return _super_init_calls(init.node) if isinstance(init, FunctionValue) else []


def _builds_functional(cls: ClassValue) -> bool:
    """Whether ``cls.__init__`` calls ``super().__init__`` with positional arguments or with
    ``inputs=``/``outputs=`` (Keras then makes a functional model, which has a ``call``)."""
    return any(
        (a.keyword is None and not a.star)
        or a.star == "*"
        or (a.keyword is not None and a.keyword.value in ("inputs", "outputs"))
        for call in _init_super_calls(cls)
        for a in call.args
    )


def _calls_super_init(cls: ClassValue) -> bool:
    """Whether ``cls.__init__`` calls ``super().__init__`` at all (the model is initialised by
    Keras as a subclassed one: without such a call, it is made some other way)."""
    return bool(_init_super_calls(cls))


def _unknown_bases(cls: ClassValue) -> bool:
    """Whether a base of ``cls`` (or of its bases) is a class the analysis does not know (it
    may set ``state_size``); Keras' own ``Layer`` is known."""
    for base in cls.bases:
        if isinstance(base, ClassValue):
            if _unknown_bases(base):
                return True
        elif not (isinstance(base, Ref) and keras_path(base.qual)):
            return True
    return False


def _size(value: Any) -> Any:
    """A state or output size: an int, a named size, or UNKNOWN (anything else)."""
    if isinstance(value, bool):
        return UNKNOWN
    if isinstance(value, int):
        return value if value >= 0 else UNKNOWN
    return value if isinstance(value, Sym) else UNKNOWN


def custom_cell(overlay: Any, obj: ObjectValue, node: cst.CSTNode) -> CustomCell:
    """A cell class of the program given to ``RNN``: its ``state_size`` (an int or a flat list
    of ints: one state each) and ``output_size`` (absent or None: the first state's size),
    read after its ``__init__`` ran. Under Keras 2, a ``TensorShape`` (``ShapeTuple``) is one
    state: of several axes, each step's output has them (``CustomCell.axes``; tf_keras 2.21:
    ``output_size = state_size = tf.TensorShape((4, 5))`` on ``Input((7, 4, 5))`` gives
    ``(None, 7, 4, 5)``). What is not one of those is not followed: a ``TensorShape`` under
    Keras 3 (which refuses it: "state_size must be an integer, or a list/tuple of integers"),
    a nested list, a value the analysis does not know.

    tf_keras does not size the output from ``output_size``: it builds the functional graph by
    running the layer, so each step's output is what the cell's ``call`` returns (tf_keras
    2.21: ``output_size = 4`` and a ``call`` returning 6 wide gives ``(None, 6)``; Keras 3.15.1
    gives ``(None, 4)``). Under Keras 2 the output is therefore unknown here, and
    ``built_rnn_cell`` follows the ``call`` once the RNN is applied."""
    state = _cell_attribute(overlay, obj, "state_size", node)
    states: tuple[Any, ...] | None = None
    keras2 = overlay.ctx.keras is KerasVersion.KERAS2
    if keras2 and type(state) is ShapeTuple and len(state) == 1:
        state = state[0]  # ``tf.TensorShape((5,))``: one state of 5
    if type(state) in (list, tuple) and state and not any(isinstance(s, (list, tuple)) for s in state):
        states = tuple(_size(s) for s in state)
    elif (isinstance(state, int) and not isinstance(state, bool)) or isinstance(state, Sym):
        states = (_size(state),)
    if keras2:
        why = f"`{obj.cls.name}.call()` inside RNN is not followed"
        return CustomCell(obj.cls.name, states, UNKNOWN, lost=why)
    out = _cell_attribute(overlay, obj, "output_size", node)
    output = None if out is _ABSENT or out is None else _size(out)  # None: the first state's size
    return CustomCell(obj.cls.name, states, output)


def _state_steps(overlay: Any, obj: ObjectValue, batch: Any, node: cst.CSTNode) -> list[Tensor] | None:
    """The states tf_keras gives a cell's ``call`` on the first step, one ``(batch,) + size``
    tensor per entry of its ``state_size`` (an int, a flat list of ints, or a ``TensorShape``:
    one state of those axes); None when that is not followed."""
    state = _cell_attribute(overlay, obj, "state_size", node)
    if type(state) is ShapeTuple:
        sizes = tuple(_size(d) for d in state)
        return None if not sizes or any(d is UNKNOWN for d in sizes) else [Tensor(Shape((batch, *sizes)))]
    if type(state) in (list, tuple) and state:
        entries = list(state)
    else:
        entries = [state]
    widths = [_size(e) for e in entries]
    if any(w is UNKNOWN for w in widths):
        return None
    return [Tensor(Shape((batch, w))) for w in widths]


def _step_output(overlay: Any, obj: ObjectValue, step: Tensor, node: cst.CSTNode) -> tuple[Any, Any] | None:
    """tf_keras: the cell's ``call(step, states)`` followed on the first step; (width, axes)
    of the tensor it returns first, as ``RNN`` then sizes its output (axes None for one
    feature axis), or None when the ``call`` is not followed, does not return ``(output,
    new_states)`` with a known output tensor, or returns states whose sizes differ from
    ``state_size`` (tf_keras 2.21 refuses that: "Dimension 1 in both shapes must be equal")."""
    method = overlay.ctx.classes.method(obj, "call")
    states = _state_steps(overlay, obj, step.shape.dims[0] if step.shape.dims else None, node)
    if not isinstance(method, FunctionValue) or states is None:
        return None
    label = f"`{obj.cls.name}.call()`"
    args = [Arg(None, step), Arg(None, tuple(states))]  # tf_keras 2.21 passes a tuple
    result = overlay.ctx.functions.call_function(method, args, node, self_obj=obj, label=label)
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        return None
    out, new = result
    dims = out.shape.dims if known_tensor(out) else None
    if dims is None or len(dims) < 2:
        return None
    axes = tuple(d if is_int(d) or isinstance(d, Sym) else UNKNOWN for d in dims[1:])
    if any(d is UNKNOWN for d in axes):
        return None
    for given, back in zip(states, new if isinstance(new, (list, tuple)) else [new]):
        if known_tensor(back) and given.shape.dims is not None:
            b, g = back.shape.dims[1:], given.shape.dims[1:]
            if len(b) != len(g) or not all(same_size(x, y) for x, y in zip(b, g)):
                return None
    return (axes[0], None) if len(axes) == 1 else (UNKNOWN, axes)


def rnn_cells(overlay: Any, value: Any, node: cst.CSTNode) -> Any:
    """The ``cell`` of ``RNN(cell)`` as the shape rules take it when it is, or stacks, a cell
    class of the program (``CustomCell``); NOT_FOLLOWED otherwise (Keras' own cells are
    layer configurations already)."""
    if isinstance(value, ObjectValue) and value.cls.library_base == "Layer":
        return custom_cell(overlay, value, node)
    if isinstance(value, (list, tuple)) and any(isinstance(v, ObjectValue) for v in value):
        return [
            custom_cell(overlay, v, node)
            if isinstance(v, ObjectValue) and v.cls.library_base == "Layer"
            else as_shape_value(v)
            for v in value
        ]
    return NOT_FOLLOWED


# ``RNN(cell)`` -> the instance of the program's cell class it runs (one cell, not stacked)
_CELLS: weakref.WeakKeyDictionary[Layer, ObjectValue] = weakref.WeakKeyDictionary()


def remember_rnn_cell(layer: Layer, value: Any) -> None:
    """``RNN(cell)`` over one cell class of the program: the cell is built when the RNN is.
    A cell given to ``RNN`` (alone or stacked) is only ever called by Keras, one step with
    its states: it is not checked on its own with an input of unknown shape."""
    for cell in value if isinstance(value, (list, tuple)) else (value,):
        if isinstance(cell, ObjectValue) and cell.cls.library_base == "Layer":
            cell.called = True
    if isinstance(value, ObjectValue) and value.cls.library_base == "Layer":
        _CELLS[layer] = value
    elif isinstance(value, (list, tuple)) and any(isinstance(v, ObjectValue) for v in value):
        _STACKS[layer] = tuple(value)


# ``RNN([cell, ...])`` -> the cells it stacks, when one is a cell class of the program
_STACKS: weakref.WeakKeyDictionary[Layer, tuple[Any, ...]] = weakref.WeakKeyDictionary()


def _declared_width(overlay: Any, obj: ObjectValue, node: cst.CSTNode) -> Any:
    """The size tf_keras builds the next of stacked cells on: the cell's ``output_size``, else
    its (first) ``state_size``; UNKNOWN when not an int or a named size."""
    out = _cell_attribute(overlay, obj, "output_size", node)
    if out is _ABSENT or out is None:
        out = _cell_attribute(overlay, obj, "state_size", node)
        if type(out) in (list, tuple) and out:
            out = out[0]
    return _size(out)


def _stacked_output(overlay: Any, values: tuple[Any, ...], cells: list[Any], step: Tensor, node: cst.CSTNode) -> Any:
    """tf_keras, ``RNN([c1, c2, ...])``: the width of the last cell's step output, each cell
    called on what the one before returned and built on the one before's declared size
    (``StackedRNNCells.build``; tf_keras 2.21: ``[LSTMCell(3), cell returning 6 wide]`` gives
    ``(None, 6)``, ``[cell returning 6 wide, LSTMCell(3)]`` is refused); UNKNOWN when a cell's
    ``call`` is not followed or a cell gets another size than it was built on."""
    dims = step.shape.dims
    if dims is None or len(values) != len(cells):
        return UNKNOWN
    batch = dims[0]
    built, actual = step, step
    width: Any = UNKNOWN
    declared: Any = UNKNOWN
    for value, cell in zip(values, cells):
        if width is not UNKNOWN and not same_size(width, declared):
            return UNKNOWN  # built on the size the cell before declares, given another: refused
        if isinstance(value, ObjectValue) and isinstance(cell, CustomCell):
            if value.attrs.get(BUILT) is not True:
                build_layer(overlay, value, built, node)
            sized = None if value.attrs.get(UNDEFINED_WEIGHT) is True else _step_output(overlay, value, actual, node)
            if sized is None or sized[1] is not None:
                return UNKNOWN
            width, declared = sized[0], _declared_width(overlay, value, node)
        elif isinstance(cell, LayerConfig):
            width = declared = cell_attribute(cell, "output_size")
        else:
            return UNKNOWN
        if width is None or width is UNKNOWN or declared is None or declared is UNKNOWN:
            return UNKNOWN
        actual, built = Tensor(Shape((batch, width))), Tensor(Shape((batch, declared)))
    return width


def cell_step(layer: Layer, args: list[Arg]) -> Any:
    """One of Keras' own cells called on one step, ``cell(inputs, states)`` (a cell of the
    program wrapping one): ``(output, new_states)``, both ``units`` wide, the states a list
    when given one (keras 3.15.1 and tf_keras 2.21: ``LSTMCell`` gives ``h, [h, c]``;
    ``GRUCell`` and ``SimpleRNNCell`` ``h, [h]``, or ``h, h`` for a state given alone);
    NOT_FOLLOWED unless ``inputs`` is a 2-D tensor of known size and the states are tensors."""
    traits = traits_of(layer.kind)
    if not (traits.cell and traits.states) or len(args) != 2 or any(a.keyword or a.star for a in args):
        return NOT_FOLLOWED
    x, states = args[0].value, args[1].value
    units = cell_attribute(layer.cfg, "output_size")
    if not known_tensor(x) or len(x.shape.dims or ()) != 2 or units is None or layer.cfg.params.get("__opaque__"):
        return NOT_FOLLOWED
    given = list(states) if isinstance(states, (list, tuple)) else [states]
    if len(given) != traits.states or not all(isinstance(t, Tensor) for t in given):
        return NOT_FOLLOWED
    batch = x.shape.dims[0] if x.shape.dims else None
    out = Tensor(Shape((batch, units)))
    new = [Tensor(Shape((batch, units))) for _ in range(traits.states)]
    return out, (new if isinstance(states, (list, tuple)) or traits.states > 1 else new[0])


def _built_stack(overlay: Any, layer: Layer, cfg: LayerConfig, x: Tensor, node: cst.CSTNode) -> LayerConfig:
    """Keras 2, ``RNN`` over stacked cells one of which the program defines: the last
    cell's output size as tf_keras runs the stack (``_stacked_output``); unknown when that
    is not followed (a last cell of Keras' own too: tf_keras refuses ``[cell returning 6
    wide, LSTMCell(3)]``, whose ``LSTMCell`` was built on the first cell's ``output_size``)."""
    key = traits_of(cfg.kind).cells
    cells = cfg.get(key) if key else None
    values = _STACKS.get(layer)
    dims = x.shape.dims
    if key is None or values is None or not isinstance(cells, list) or not cells:
        return cfg
    if dims is None or len(dims) < 3 or x.poisoned or overlay.ctx.keras is not KerasVersion.KERAS2:
        return cfg
    width = _stacked_output(overlay, values, cells, Tensor(Shape((dims[0],) + tuple(dims[2:]))), node)
    last = cells[-1]
    if isinstance(last, CustomCell):
        if width is UNKNOWN:
            return cfg
        last = dataclasses.replace(last, output=width, lost=None)
    elif width is UNKNOWN and isinstance(last, LayerConfig):
        units, count = cell_attribute(last, "output_size"), traits_of(last.kind).states
        why = "stacked cells: a cell's `call` inside RNN is not followed"
        last = CustomCell(last.display, (units,) * count if units is not None and count else None, UNKNOWN, lost=why)
    else:
        return cfg
    return LayerConfig(cfg.kind, {**cfg.params, key: [*cells[:-1], last]})


def built_rnn_cell(
    overlay: Any, layer: Layer, cfg: LayerConfig, x: Tensor, node: cst.CSTNode, plain: bool = True
) -> LayerConfig:
    """``RNN(cell)`` applied to ``x``: Keras builds the cell on one step, ``(batch,) +
    x.shape[2:]`` (keras 3.15.1 and tf_keras 2.21, ``RNN.build``). The cell's ``build`` is
    followed on that shape, once, as Keras runs it; when it made a weight with a ``None``
    size (``add_weight(shape=(input_shape[-1], units))`` on the step of a 2-D input), both
    Kerases refuse the layer (Keras 3: "Shapes used to initialize variables must be
    fully-defined"), and the configuration says so (``CustomCell.undefined_weight``).

    Under Keras 2 the cell's ``call`` is then followed on the step (``_step_output``), unless
    the RNN is not ``plain``: given ``initial_state``/``constants`` or a list of inputs (the
    states the cell gets are then not its ``state_size``: its output stays unknown)."""
    if layer in _STACKS:
        return _built_stack(overlay, layer, cfg, x, node) if plain else cfg
    obj = _CELLS.get(layer)
    key = traits_of(cfg.kind).cells
    cell = cfg.get(key) if key else None
    dims = x.shape.dims
    if key is None or obj is None or not isinstance(cell, CustomCell) or dims is None or not dims or x.poisoned:
        return cfg
    if obj.attrs.get(BUILT) is not True:
        build_layer(overlay, obj, Tensor(Shape((dims[0],) + tuple(dims[2:]))), node)
    if obj.attrs.get(UNDEFINED_WEIGHT) is True:
        return LayerConfig(cfg.kind, {**cfg.params, key: dataclasses.replace(cell, undefined_weight=True)})
    if overlay.ctx.keras is KerasVersion.KERAS2 and len(dims) >= 3 and plain:
        # tf_keras runs the layer: each step's output is what the cell's ``call`` returns
        sized = _step_output(overlay, obj, Tensor(Shape((dims[0],) + tuple(dims[2:]))), node)
        if sized is not None:
            cell = dataclasses.replace(cell, output=sized[0], axes=sized[1], lost=None)
            return LayerConfig(cfg.kind, {**cfg.params, key: cell})
    return cfg


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
    if attr in ("call", "__call__"):
        # ``self.layer.call(inputs, ...)`` in a wrapping layer's ``call``: the same shapes as
        # calling the layer (its ``build`` ran before, in the wrapper's ``build``)
        return layer
    if attr in ("state_size", "output_size"):  # of Keras' own cells (a cell wrapping one reads them)
        size = cell_attribute(layer.cfg, attr)
        return NOT_FOLLOWED if size is None else size
    if attr.startswith("_") or attr not in layer.cfg.params:
        return NOT_FOLLOWED
    value = layer.cfg.params[attr]
    if attr == "activation" and isinstance(value, str):
        # Keras keeps the function (``activations.get(name)``), which a program may call on a tensor
        return Ref(f"keras.activations.{value}")
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
# ... or the program's own layer (an instance of a ``Layer`` subclass)
_WRAPPED: weakref.WeakKeyDictionary[Layer, SequentialModel | FunctionalModel | ObjectValue] = (
    weakref.WeakKeyDictionary()
)


def remember_wrapped_model(layer: Layer, value: Any) -> None:
    """A per-time-step wrapper (``TimeDistributed``) built around a model or around one of the
    program's own layers rather than a modelled Keras layer; a ``Bidirectional`` around a
    subclass of a modelled recurrent layer that overrides ``call``."""
    if traits_of(layer.kind).recurrent:
        if isinstance(value, ObjectValue) and not value.opaque and _recurrent_subclass(value) is not None:
            _WRAPPED[layer] = value
    elif isinstance(value, (SequentialModel, FunctionalModel)):
        _WRAPPED[layer] = value
    elif isinstance(value, ObjectValue) and value.cls.library_base == "Layer" and not value.opaque:
        _WRAPPED[layer] = value


def _recurrent_subclass(obj: ObjectValue) -> Layer | None:
    """The base layer (as ``super().__init__`` configured it) of an instance of a subclass of a
    modelled recurrent layer (``class ONLSTM(RNN)``, ``class MyLSTM(LSTM)``); None otherwise."""
    base = modelled_base(obj.cls)
    layer = obj.attrs.get(BASE_LAYER)
    if base is None or not isinstance(layer, Layer) or not traits_of(layer.kind).recurrent:
        return None
    return layer


def _bidirectional_subclass(overlay: Any, layer: Layer, obj: ObjectValue, value: Tensor, node: cst.CSTNode) -> Any:
    """``Bidirectional(MyLSTM(...))(x)`` where ``MyLSTM`` overrides ``call``: tf_keras runs the
    forward layer's ``call`` and a copy of it going backwards, and merges their outputs by
    ``merge_mode`` (tf_keras 2.21: a ``LSTM(4)`` subclass whose ``call`` returns
    ``super().call(...)[:, :-2]`` gives ``(None, 4)`` merged by ``concat``; ``sum`` keeps
    ``(None, 5, 4)`` for ``return_sequences=True``). Keras 3 rebuilds the forward layer from its
    configuration, which refuses a class not registered for serialization: NOT_FOLLOWED there,
    as with ``return_state=True`` (states of both directions) or a ``call`` returning several
    tensors."""
    base = _recurrent_subclass(obj)
    if overlay.ctx.keras is KerasVersion.KERAS3 or base is None or base.cfg.flag("return_state") is not False:
        return NOT_FOLLOWED
    out = overlay.call_object(obj, [Arg(None, value)], node)
    app = Application(layer, [value], False, node, context=overlay.ctx.call_context)
    overlay.ctx.result.applications.append(app)
    if isinstance(out, Tensor) and out.shape.dims is not None and not out.poisoned:
        app.outcome = merge_directions(layer.cfg, Outcome.one(out.shape), Outcome.one(out.shape))
    else:
        app.outcome = Outcome.unknown(f"`{obj.cls.name}.call()` inside Bidirectional is not followed")
    if app.outcome.outputs is None:
        poisoned = isinstance(out, Tensor) and out.poisoned
        why = (node, app.outcome.notes.get("lost") or "Bidirectional layer not followed")
        app.outputs = [Tensor(UNKNOWN_SHAPE, app, 0, poisoned=poisoned, lost=None if poisoned else why)]
        return app.outputs[0]
    app.outputs = [Tensor(s, app, i) for i, s in enumerate(app.outcome.outputs)]
    return list(app.outputs) if app.outcome.multi else app.outputs[0]


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
    if traits_of(layer.kind).recurrent:  # ``Bidirectional(MyLSTM(...))``
        if not isinstance(model, ObjectValue):
            return NOT_FOLLOWED
        return _bidirectional_subclass(overlay, layer, model, value, node)
    step = Tensor(Shape((dims[0],) + tuple(dims[2:])))
    why = "TimeDistributed wraps a model whose output is not followed"
    if isinstance(model, ObjectValue):
        out, why = _custom_layer_step(overlay, model, step, node)
    elif isinstance(model, SequentialModel):
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
        poisoned = isinstance(out, Tensor) and out.poisoned
        app.outcome = Outcome.unknown(why)
        app.outputs = [Tensor(UNKNOWN_SHAPE, app, 0, poisoned=poisoned, lost=None if poisoned else (node, why))]
    return app.outputs[0]


def _custom_layer_step(overlay: Any, obj: ObjectValue, step: Tensor, node: cst.CSTNode) -> tuple[Any, str]:
    """``TimeDistributed(MyLayer())``: the output for one time step ``step``, and why it is
    unknown when it is. tf_keras calls the layer on the step and keeps the shape its ``call``
    gives; Keras 3 asks the layer's ``compute_output_shape`` for the step and refuses a class
    that defines none (keras 3.15.1: NotImplementedError, "Layer Twice does not have a
    ``compute_output_shape`` method implemented"; tf_keras 2.21 builds ``(None, 5, 8)`` for a
    layer concatenating two ``Dense(4)`` on ``Input((5, 3))``)."""
    name = obj.cls.name
    if overlay.ctx.keras is KerasVersion.KERAS3:
        if overlay.ctx.classes.method(obj, "compute_output_shape") is None:
            return None, f"Keras 3 asks `{name}.compute_output_shape()` inside TimeDistributed: not defined"
        why = f"`{name}.compute_output_shape()` inside TimeDistributed is not followed"
        return declared_output(overlay, obj, step, node), why
    out = overlay.call_object(obj, [Arg(None, step)], node)
    return out, f"`{name}.call()` inside TimeDistributed is not followed"


def keras_mask(value: Tensor) -> Any:
    """The Keras mask a tensor carries: None (none), a Tensor (its shape) or UNKNOWN. Known for
    a model input (none), an ``Embedding`` (``mask_zero=True``: shaped as its input) and a
    ``Masking`` layer (every axis but the last), and Keras' other layers when none of their
    inputs carries one; how they pass a mask on is not followed (keras 3.15.1 and tf_keras
    2.21: ``Embedding(4, 6, mask_zero=True)`` on ``Input((5,))`` gives a ``(None, 5)`` mask,
    ``Masking()`` on ``Input((5, 5))`` a ``(None, 5)`` one, ``Dense`` passes it on)."""
    return _mask_of(value, 0)


def _mask_of(value: Tensor, depth: int) -> Any:
    producer = value.producer
    if isinstance(producer, InputNode):
        return None
    if not isinstance(producer, Application) or not producer.inputs or depth > 64:
        return UNKNOWN
    traits = traits_of(producer.layer.kind)
    if traits.mask is None:
        # Keras' own layers only pass masks on (or drop them): none in, none out. The
        # program's layers may make one (``compute_mask``): not followed
        if spec_for(producer.layer.kind) is None or producer.layer.cfg.params.get(CUSTOM):
            return UNKNOWN
        if len(producer.inputs) == 1 and traits.mask_pass is not None:  # how it passes one on
            given = _mask_of(producer.inputs[0], depth + 1)
            passed = passed_mask(producer.layer.cfg, value.index) if given is not None else False
            return UNKNOWN if passed is None else given if passed else None
        return None if all(_mask_of(t, depth + 1) is None for t in producer.inputs) else UNKNOWN
    if traits.mask_flag is not None:
        flag = producer.layer.cfg.flag(traits.mask_flag)
        if flag is not True:
            return None if flag is False else UNKNOWN
    dims = producer.inputs[0].shape.dims
    if dims is None:
        return Tensor(Shape(None))
    return Tensor(Shape(dims if traits.mask == "input" else dims[:-1]))


def implicit_mask(overlay: Any, method: FunctionValue, args: list[Arg]) -> list[Arg]:
    """``args`` with the ``mask=`` Keras passes a custom layer's ``call`` that takes a ``mask``
    parameter the caller did not give: the masks its input tensors carry (tf_keras 2.21: None
    when none does, else one per tensor of a list input, None for those without; keras 3.15.1:
    one per tensor of a list input, None for each without; the cases of
    ``tests/test_libs_layers.py``). UNKNOWN where a mask is not known, never the parameter's
    default."""
    params = [p.name.value for p in (*method.node.params.posonly_params, *method.node.params.params)]
    names = params + [p.name.value for p in method.node.params.kwonly_params]
    if "mask" not in names or not args or any(a.keyword == "mask" for a in args):
        return args
    if "mask" in params and sum(a.keyword is None for a in args) >= params.index("mask"):
        return args  # given by position (``self`` is the first parameter)
    first = args[0].value
    if isinstance(first, Tensor):
        mask = keras_mask(first)
    elif isinstance(first, (list, tuple)) and first and all(isinstance(t, Tensor) for t in first):
        masks = [keras_mask(t) for t in first]
        if any(m is UNKNOWN for m in masks):
            return [*args, Arg("mask", UNKNOWN)]
        if all(m is None for m in masks) and overlay.ctx.keras is KerasVersion.KERAS2:
            mask = None
        else:
            mask = masks if isinstance(first, list) else tuple(masks)
    else:
        return args
    return [*args, Arg("mask", mask)]  # UNKNOWN where it may be a mask: never the default None


# the input keywords Keras' own ``Layer.__init__`` takes (tf_keras also ``batch_input_shape``;
# Keras 3.15 refuses it: "Unrecognized keyword arguments passed to ...")
_LAYER_INPUT_KWARGS = ("input_shape", "input_dim", "batch_size")


def declared_input_kwargs(cls: ClassValue, args: list[Arg], keras3: bool) -> dict[str, Any]:
    """The input keywords (``input_shape=``, ``input_dim=``, ``batch_size=``; under Keras 2
    ``batch_input_shape=`` too) a custom layer's constructor call gives that reach Keras'
    ``Layer.__init__``: the class defines no ``__init__``, or its ``__init__`` takes them in
    ``**kwargs`` (not as named parameters) and passes that on with ``super().__init__(**kwargs)``
    (measured in keras 3.15 and tf_keras 2.21: first in a Sequential, such a layer declares the
    model's input). Empty otherwise."""
    keys = _LAYER_INPUT_KWARGS if keras3 else (*_LAYER_INPUT_KWARGS, "batch_input_shape")
    given = {a.keyword: a.value for a in args if a.keyword is not None and a.keyword in keys}
    if not given or not ({"input_shape", "input_dim", "batch_input_shape"} & given.keys()):
        return {}
    try:
        init = cls.lookup("__init__")
    except KeyError:
        return given
    if not isinstance(init, FunctionValue):
        return {}
    params = init.node.params
    star = params.star_kwarg
    named = {p.name.value for p in (*params.posonly_params, *params.params, *params.kwonly_params)}
    if star is None or named & given.keys() or not _passes_on(init.node, star.name.value):
        return {}
    return given


def _passes_on(func: cst.FunctionDef, kwargs: str) -> bool:
    """Whether ``func``'s body calls ``super().__init__(..., **kwargs)`` (or ``super(C, self)``)."""
    return any(
        a.star == "**" and isinstance(a.value, cst.Name) and a.value.value == kwargs
        for call in _super_init_calls(func)
        for a in call.args
    )


# ------------------------------------------------------- subclasses of Keras' own layers
BASE_LAYER = "__lstmlint_base_layer__"  # the Layer record ``super().__init__(...)`` configured
BASE_OUTPUT = "__lstmlint_base_output__"  # (input, output) of the last ``super().call(x)``


@dataclass(eq=False)
class SuperValue:
    """``super()`` / ``super(C, self)`` in a method of a class deriving directly from a Keras
    layer the analysis models (``class MyDense(Dense)``): the base layer's ``__init__``,
    ``call`` and ``build`` on the instance."""

    obj: ObjectValue
    base: Ref  # the Keras layer class, as imported


def modelled_base(cls: ClassValue) -> Ref | None:
    """The Keras layer class ``cls`` derives from, when that is its one base, the analysis has
    its shape rule (not Keras' plain ``Layer``) and every class between them is the program's
    own and defines no ``__init__``/``call`` of its own (its chain of single bases); None otherwise."""
    chain: Any = cls
    while isinstance(chain, ClassValue):
        if len(chain.bases) != 1:
            return None
        if chain is not cls and ("__init__" in chain.attrs or "call" in chain.attrs):
            return None
        chain = chain.bases[0]
    if not isinstance(chain, Ref):
        return None
    path = keras_path(chain.qual)
    spec = spec_for(path[-1]) if path else None
    if spec is None or spec.infer is None or spec.traits.cell:
        return None  # Keras' plain ``Layer``, a layer not modelled, a cell (only ``RNN`` runs it)
    return chain


def super_value(overlay: Any, pos: list[Any]) -> Any:
    """``super(C, self)`` with ``C`` deriving directly from a modelled Keras layer, or ``super()``
    in a method of such a class (``self`` bound in the running method; the instance's class
    itself must be that class, since which class defines the running method is not tracked):
    a ``SuperValue``; NOT_FOLLOWED otherwise (the call stays unknown, as before)."""
    if len(pos) == 2 and isinstance(pos[0], ClassValue) and isinstance(pos[1], ObjectValue):
        cls, obj = pos[0], pos[1]
        if "__init__" not in cls.attrs and "call" not in cls.attrs:
            return NOT_FOLLOWED
    elif not pos:
        bound = dict.get(overlay.ctx.current_scope, "self")
        if not isinstance(bound, ObjectValue):
            return NOT_FOLLOWED
        cls, obj = bound.cls, bound
    else:
        return NOT_FOLLOWED
    if not isinstance(cls.bases[0] if len(cls.bases) == 1 else None, Ref):
        return NOT_FOLLOWED  # ``super()`` of a class of the program: not followed
    base = modelled_base(cls)
    return NOT_FOLLOWED if base is None else SuperValue(obj, base)


def _configure(overlay: Any, obj: ObjectValue, base: Ref, args: list[Arg] | None, node: cst.Call) -> None:
    """The base layer built from the constructor arguments the subclass passes on, as the
    program's own ``Dense(...)`` call would be (its constructor checks included); its known
    scalar arguments are readable as ``self.units`` where the class has no attribute of its own."""
    layer = overlay.call_ref(base, args, node)
    if not isinstance(layer, Layer):
        return
    obj.attrs[BASE_LAYER] = layer
    for key, value in layer.cfg.params.items():
        if key.startswith("_") or key in obj.attrs or not (value is None or isinstance(value, (bool, int, Sym))):
            continue
        try:
            obj.cls.lookup(key)
        except KeyError:
            obj.attrs[key] = value


def remember_base(overlay: Any, obj: ObjectValue, args: list[Arg] | None) -> None:
    """A subclass of a modelled Keras layer without an ``__init__`` of its own: its constructor
    arguments configure the base layer."""
    base = modelled_base(obj.cls)
    if base is None or not isinstance(obj.node, cst.Call):
        return
    try:
        obj.cls.lookup("__init__")
    except KeyError:
        _configure(overlay, obj, base, args, obj.node)


def super_method(overlay: Any, sup: SuperValue, name: str, args: list[Arg] | None, node: cst.Call) -> Any:
    """``super().__init__(...)``, ``super().call(x, ...)``, ``super().build(shape)``; other
    methods (and ``call`` before ``__init__`` configured the base) give an unknown result."""
    obj = sup.obj
    if name == "__init__":
        _configure(overlay, obj, sup.base, args, node)
        return None
    if name == "build":
        return None  # Keras' base ``build`` makes the weights: no shape to follow
    if name == "compute_output_shape":
        layer = obj.attrs.get(BASE_LAYER)
        if isinstance(layer, Layer) and args and args[0].keyword in (None, "input_shape"):
            return base_output_shape(layer, args[0].value)
        return UNKNOWN
    if name in ("call", "__call__"):
        layer = obj.attrs.get(BASE_LAYER)
        if not isinstance(layer, Layer) or not args:
            return NOT_FOLLOWED
        value, kwargs = overlay.layer_call_args(layer, args)
        out = overlay.apply_layer(layer, value, node, kwargs)
        obj.attrs[BASE_OUTPUT] = (value, out)
        return out
    found = overlay.ctx.overlays.opaque_result(args, node, f"`super().{name}()` is not followed", report=False)
    return UNKNOWN if found is NOT_FOLLOWED else found


def inherited_call(overlay: Any, obj: ObjectValue, args: list[Arg] | None, node: cst.CSTNode) -> Any:
    """Calling an instance of a subclass of a modelled Keras layer that has no ``call`` of its
    own: the base layer's rule with the configuration its constructor gave (Keras runs the
    base class's ``call``); NOT_FOLLOWED when there is no such base layer."""
    layer = obj.attrs.get(BASE_LAYER)
    if not isinstance(layer, Layer) or not args:
        return NOT_FOLLOWED
    obj.called = True
    value, kwargs = overlay.layer_call_args(layer, args)
    return overlay.apply_layer(layer, value, node, kwargs)


def base_output_shape(layer: Layer, shape: Any) -> Any:
    """``super().compute_output_shape(input_shape)``: the base layer's rule on a tuple of sizes
    (a tuple per output: a list of them when the layer returns several); UNKNOWN when the
    shape is not known or Keras would refuse it."""
    if not isinstance(shape, (tuple, list)) or any(isinstance(d, (tuple, list)) for d in shape):
        return UNKNOWN
    dims = tuple(dim_of(d) for d in shape)
    if any(d is UNKNOWN for d in dims):
        return UNKNOWN
    try:
        outcome = infer_layer(layer.cfg, [Shape(dims)])
    except ShapeProblem:
        return UNKNOWN
    outs = outcome.outputs
    if outs is None or not outs or any(o.dims is None for o in outs):
        return UNKNOWN
    if outcome.multi:
        return [ShapeTuple(o.dims) for o in outs if o.dims is not None]
    return ShapeTuple(outs[0].dims) if outs[0].dims is not None else UNKNOWN


def _declared_outputs(overlay: Any, obj: ObjectValue, first: Any, node: cst.CSTNode) -> Any:
    """The tensor(s) the class's own ``compute_output_shape`` declares (one tuple of sizes, or a
    list of them); an unknown tensor when it gives anything else."""
    method = overlay.ctx.classes.method(obj, "compute_output_shape")
    shape = shape_argument(first)
    why = f"`{obj.cls.name}.compute_output_shape()` is not followed"
    if method is None or shape is None:
        return Tensor.unknown(lost=(node, why))
    label = f"`{obj.cls.name}.compute_output_shape()`"
    result = overlay.ctx.functions.call_function(method, [Arg(None, shape)], node, self_obj=obj, label=label)
    several = isinstance(result, list) and bool(result) and all(isinstance(r, (tuple, list)) for r in result)
    tensors: list[Tensor] = []
    for one in list(result) if several else [result]:
        if not isinstance(one, (tuple, list)) or not one:
            return Tensor.unknown(lost=(node, why))
        dims = tuple(dim_of(d) for d in one)
        if any(d is UNKNOWN for d in dims):
            return Tensor.unknown(lost=(node, why))
        tensors.append(Tensor(Shape(dims)))
    return tensors if several else tensors[0]


def keras3_output(overlay: Any, obj: ObjectValue, first: Any, out: Any, node: cst.CSTNode) -> Any:
    """Keras 3 gives a symbolic call of a layer whose class (or a base) defines
    ``compute_output_shape`` that method's shape instead of tracing ``call`` (keras 3.15.1:
    ``class MyDense(Dense)`` whose ``call`` reshapes ``super().call(x)`` still gives Dense's
    ``(None, units)``; tf_keras traces ``call``). For a subclass of a modelled Keras layer
    that overrides ``call`` but not ``compute_output_shape``: the output of ``super().call``
    on the same input, which is the base layer's shape; unknown when ``call`` did not apply
    the base layer to its input. A ``compute_output_shape`` of the subclass is what Keras 3
    calls instead (one tuple of sizes, or a list of them per output)."""
    layer = obj.attrs.get(BASE_LAYER)
    if not isinstance(layer, Layer) or modelled_base(obj.cls) is None:
        return out
    if overlay.ctx.classes.method(obj, "compute_output_shape") is not None:
        return _declared_outputs(overlay, obj, first, node)  # the class's own: Keras 3 calls it
    seen = obj.attrs.pop(BASE_OUTPUT, None)
    if isinstance(seen, tuple) and seen[0] is first:
        return seen[1]
    why = f"Keras 3 gives `{obj.cls.name}` its base class's `compute_output_shape`: not followed"
    return Tensor.unknown(lost=(node, why))


def as_base_layer(value: Any) -> Any:
    """A layer given to a wrapper (``TimeDistributed(MaskFlatten())``): an instance of a subclass
    of a modelled Keras layer that defines neither ``call`` nor ``compute_output_shape`` is its
    base layer for the wrapper's rule (Keras runs the base class's methods); any other value is
    returned as it is."""
    if not isinstance(value, ObjectValue) or modelled_base(value.cls) is None:
        return value
    layer = value.attrs.get(BASE_LAYER)
    for name in ("call", "compute_output_shape"):
        try:
            value.cls.lookup(name)
            return value
        except KeyError:
            pass
    if not isinstance(layer, Layer):
        return value
    value.called = True  # only ever run by the wrapper: not checked on its own
    return layer


# ---------------------------------------------------------------- Keras 2 ContextValueCache
@dataclass(eq=False)
class ContextCache:
    """Keras 2's ``keras.backend.ContextValueCache(factory)`` (tf_keras 2.21:
    ``tf_keras.src.backend.ContextValueCache``; Keras 3 has none): a cache of one value per
    graph, which cells keep their dropout masks in. ``cache.setdefault(kwargs={...})`` returns
    the value cached for the current graph, made by ``factory(**kwargs)`` on first use (or
    ``default`` when one is given); ``cache.clear()`` empties it. The analysis follows one
    graph, so each ``setdefault`` is the factory's result."""

    factory: Any


def _bind(params: tuple[str, ...], args: list[Arg]) -> dict[str, Any] | None:
    """``args`` bound to a function's ``params`` by position, then by name; None when one is
    not a parameter (one too many, or an unknown keyword)."""
    bound: dict[str, Any] = {}
    for i, a in enumerate(args):
        if a.keyword is None and i < len(params):
            bound[params[i]] = a.value
        elif a.keyword in params:
            bound[a.keyword] = a.value
        else:
            return None
    return bound


def context_cache(args: list[Arg] | None) -> Any:
    """``ContextValueCache(factory)``: the cache; NOT_FOLLOWED without a factory."""
    given = [a.value for a in args or () if a.keyword in (None, "default_factory")]
    return ContextCache(given[0]) if len(given) == 1 and args is not None and len(args) == 1 else NOT_FOLLOWED


def context_cache_method(overlay: Any, cache: ContextCache, name: str, args: list[Arg] | None, node: cst.Call) -> Any:
    """``cache.setdefault(key=None, default=None, kwargs=None)`` and ``cache.clear()``."""
    if name == "clear" and not args:
        return None
    if name != "setdefault" or args is None:
        return UNKNOWN
    bound = _bind(("key", "default", "kwargs"), args)
    if bound is None:
        return UNKNOWN
    if bound.get("default") is not None:
        return bound["default"]
    kwargs = bound.get("kwargs")
    if kwargs is None:
        kwargs = {}
    if type(kwargs) is not dict or not all(type(k) is str for k in kwargs):
        return UNKNOWN
    factory_args = [Arg(k, v) for k, v in kwargs.items()]
    return overlay.ctx.evaluator.call(cache.factory, factory_args, node, overlay.ctx.current_scope)


def in_train_phase(overlay: Any, name: str, args: list[Arg] | None, node: cst.Call) -> Any:
    """Keras 2's ``K.in_train_phase(x, alt, training=None)`` (``in_test_phase``: the branches
    swapped). tf_keras 2.21: each branch, when callable, is called; ``training`` 1/True gives
    ``x``, 0/False gives ``alt``, anything else (None: the learning phase, a tensor) a
    ``switch`` between both, whose shape is theirs where they agree (joined as two paths)."""
    if args is None:
        return NOT_FOLLOWED
    bound = _bind(("x", "alt", "training"), args)
    if bound is None or "x" not in bound or "alt" not in bound:
        return NOT_FOLLOWED
    first, second = ("x", "alt") if name == "in_train_phase" else ("alt", "x")
    training = bound.get("training")
    scope = overlay.ctx.current_scope

    def branch(key: str) -> Any:
        value = bound[key]
        if isinstance(value, (FunctionValue, UserMethod, PartialValue)):
            return overlay.ctx.evaluator.call(value, [], node, scope)
        return value

    if training is True or (type(training) is int and training == 1):
        return branch(first)
    if training is False or (type(training) is int and training == 0):
        return branch(second)
    return overlay.ctx.flow.join_values([branch(first), branch(second)], node, f"`{name}` branches differ")
