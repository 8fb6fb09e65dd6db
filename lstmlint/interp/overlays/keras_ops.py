"""What ``keras.ops`` and ``keras.backend`` mean: output shapes of the tensor functions people
apply to Keras tensors, between layers and inside ``Lambda``: reductions over an axis,
element-wise functions and arithmetic (with broadcasting), ``concatenate``/``stack``,
``expand_dims``/``squeeze``, ``reshape``, ``transpose``/``permute_dimensions``, ``matmul``/
``dot``/``batch_dot``, ``repeat``/``repeat_elements``/``tile``, ``split``, ``int_shape``.

Only shapes are computed, never findings: a call these rules do not cover, or one Keras would
refuse (a concatenation of mismatched shapes, a reshape to another element count), gives an
unknown tensor, as any call the analysis does not follow. ``overlays/tf.py`` uses the same
shapes for their ``tf.*`` twins (``lib="tf"``: TensorFlow's own defaults and names).

``Lambda`` (``layers/lambda_layer.py``) is followed here too (``traced_config``): its function
is called abstractly on tensors of the input shapes, as Keras traces it, and ``output_shape=``
is honoured the way the file's Keras honours it (Keras 3 takes it instead of tracing; Keras 2
computes the output from the function and falls back on it only here, when the function cannot
be followed).
"""

from __future__ import annotations

from typing import Any

import libcst as cst

from lstmlint.graph.model import Layer, Tensor
from lstmlint.interp.overlays import keras3_ops
from lstmlint.interp.overlays.base import Overlay
from lstmlint.interp.overlays.values import ArrayValue, ShapeTuple, dim_of
from lstmlint.interp.values import NOT_FOLLOWED, Arg, FunctionValue, PartialValue
from lstmlint.layers.config import LayerConfig
from lstmlint.shapes import UNKNOWN, Shape, Sym, is_int
from lstmlint.shapes.dims import arith, product
from lstmlint.source.imports import Ref, keras_path
from lstmlint.source.keras_target import KerasVersion

REDUCTIONS = {
    "mean",
    "sum",
    "max",
    "min",
    "prod",
    "std",
    "var",
    "any",
    "all",
    "logsumexp",
    "amax",
    "amin",
    "reduce_mean",
    "reduce_sum",
    "reduce_max",
    "reduce_min",
    "reduce_prod",
    "reduce_std",
    "reduce_variance",
    "reduce_any",
    "reduce_all",
    "reduce_logsumexp",
    "reduce_euclidean_norm",
    "count_nonzero",
}
# argmax/argmin drop the axis they search (never keepdims in TF and Keras 2)
ARG_REDUCTIONS = {"argmax", "argmin"}
CONCAT = {"concatenate", "concat"}
# one tensor in, the same shape out (the first positional argument is the tensor)
ELEMENTWISE = frozenset(
    {
        "abs",
        "absolute",
        "square",
        "sqrt",
        "rsqrt",
        "exp",
        "expm1",
        "log",
        "log1p",
        "sign",
        "negative",
        "reciprocal",
        "sin",
        "cos",
        "tan",
        "tanh",
        "sigmoid",
        "hard_sigmoid",
        "relu",
        "relu6",
        "elu",
        "selu",
        "gelu",
        "silu",
        "swish",
        "softplus",
        "softsign",
        "leaky_relu",
        "softmax",
        "log_softmax",
        "l2_normalize",
        "normalize",
        "round",
        "floor",
        "ceil",
        "clip",
        "clip_by_value",
        "cast",
        "stop_gradient",
        "identity",
        "zeros_like",
        "ones_like",
        "cumsum",
        "cumprod",
        "erf",
        "dropout",
        "is_nan",
        "isnan",
        "logical_not",
        "reverse",
        "pow",
        "power",
    }
)
# two tensors (or a tensor and a number) in, their broadcast shape out
BINARY = frozenset(
    {
        "add",
        "subtract",
        "multiply",
        "divide",
        "truediv",
        "true_divide",
        "floordiv",
        "floor_divide",
        "maximum",
        "minimum",
        "squared_difference",
        "equal",
        "not_equal",
        "greater",
        "greater_equal",
        "less",
        "less_equal",
        "logical_and",
        "logical_or",
        "divide_no_nan",
    }
)
# ``pow``/``power`` take a number as second argument most of the time: element-wise on the
# first; with two tensors they broadcast
_TWO_ARG_ELEMENTWISE = frozenset({"pow", "power"})
_MISSING: Any = object()


class _Args:
    """The arguments of one call: positional by index, or by any of a parameter's names."""

    def __init__(self, pos: list[Any], kw: dict[str, Any]) -> None:
        self.pos = pos
        self.kw = kw

    def get(self, index: int, *names: str, default: Any = _MISSING) -> Any:
        if index < len(self.pos):
            return self.pos[index]
        for name in names:
            if name in self.kw:
                return self.kw[name]
        return default


def _axis(value: Any, rank: int) -> int | None:
    if is_int(value) and -rank <= value < rank:
        return value % rank
    return None


def _dims(v: Any) -> tuple[Any, ...] | None:
    if isinstance(v, Tensor):
        return tuple(v.shape.dims) if v.shape.dims is not None else None
    if isinstance(v, ArrayValue):
        return tuple(v.dims)
    return None


def _tensor_dims(v: Any) -> tuple[Any, ...] | None:
    """The dims of a Keras tensor argument (arrays do not make an op on tensors)."""
    return _dims(v) if isinstance(v, Tensor) else None


def _scalar(v: Any) -> bool:
    return (isinstance(v, (int, float)) and not isinstance(v, bool)) or isinstance(v, Sym)


def _compatible(a: Any, b: Any) -> Any:
    """The common size of two sizes that must be equal (None when either is Keras' None), or
    UNKNOWN when they cannot be shown to agree; False when they provably differ."""
    if is_int(a) and is_int(b):
        return a if a == b else False
    if a is None:
        return b
    if b is None:
        return a
    if isinstance(a, Sym) and a == b:
        return a
    return UNKNOWN


def broadcast(x: tuple[Any, ...], y: tuple[Any, ...]) -> tuple[Any, ...] | None:
    """NumPy broadcasting as Keras 3 computes it (``None`` against a size gives that size);
    None when the shapes provably do not broadcast (Keras raises)."""
    n = max(len(x), len(y))
    a = (1,) * (n - len(x)) + tuple(x)
    b = (1,) * (n - len(y)) + tuple(y)
    out: list[Any] = []
    for p, q in zip(a, b):
        if is_int(p) and p == 1:
            out.append(q)
        elif is_int(q) and q == 1:
            out.append(p)
        elif p is None:
            out.append(q)
        elif q is None:
            out.append(p)
        elif is_int(p) and is_int(q):
            if p != q:
                return None
            out.append(p)
        elif isinstance(p, Sym) and p == q:
            out.append(p)
        else:
            out.append(UNKNOWN)
    return tuple(out)


def _reduce(x: tuple[Any, ...], axis: Any, keep: Any) -> Shape | None:
    if not isinstance(keep, bool):
        return None
    rank = len(x)
    if axis is None:
        return Shape((1,) * rank) if keep else Shape(())
    axes = axis if isinstance(axis, (tuple, list)) else (axis,)
    norm = [_axis(a, rank) for a in axes]
    if any(a is None for a in norm):
        return None
    dims = [1 if i in norm else d for i, d in enumerate(x)] if keep else [d for i, d in enumerate(x) if i not in norm]
    return Shape(tuple(dims))


def _reshape(x: tuple[Any, ...], target: Any) -> Shape | None:
    """``reshape(x, target)``, the target including the batch axis; -1 takes what is left."""
    if isinstance(target, Tensor) or not isinstance(target, (tuple, list)):
        return None
    dims = [dim_of(d) for d in target]
    if any(d is None for d in dims) or sum(1 for d in dims if is_int(d) and d == -1) > 1:
        return None
    if any(is_int(d) and d < -1 for d in dims):
        return None
    if -1 in dims:
        rest = [d for d in dims if not (is_int(d) and d == -1)]
        total, known = product(list(x)), product(rest)
        if is_int(total) and is_int(known):
            if known == 0 or total % known:
                return None  # Keras refuses: not a rule here, the result is unknown
            fill: Any = total // known
        elif any(d is None for d in x) and all(is_int(d) for d in rest):
            fill = None  # the batch axis absorbs what is left (Keras: None)
        else:
            fill = UNKNOWN
        dims = [fill if is_int(d) and d == -1 else d for d in dims]
    elif all(is_int(d) for d in dims) and all(is_int(d) for d in x) and product(dims) != product(list(x)):
        return None
    return Shape(tuple(dims))


def _transpose(x: tuple[Any, ...], perm: Any) -> Shape | None:
    rank = len(x)
    if perm is None:
        return Shape(tuple(reversed(x)))
    if not isinstance(perm, (tuple, list)) or len(perm) != rank:
        return None
    norm = [_axis(p, rank) for p in perm]
    if any(p is None for p in norm) or len(set(norm)) != rank:
        return None
    return Shape(tuple(x[p] for p in norm if p is not None))


def _matmul(x: tuple[Any, ...], y: tuple[Any, ...], ta: Any, tb: Any) -> Shape | None:
    if len(x) < 2 or len(y) < 2 or not isinstance(ta, bool) or not isinstance(tb, bool):
        return None
    xm, xk = (x[-1], x[-2]) if ta else (x[-2], x[-1])
    yk, yn = (y[-1], y[-2]) if tb else (y[-2], y[-1])
    if _compatible(xk, yk) is False:
        return None
    batch = broadcast(x[:-2], y[:-2])
    if batch is None:
        return None
    return Shape(batch + (xm, yn))


def _dot(x: tuple[Any, ...], y: tuple[Any, ...]) -> Shape | None:
    """``K.dot``: the last axis of x against the second-to-last of y (the last when 1-D)."""
    if len(x) < 1 or len(y) < 1:
        return None
    if len(y) == 1:
        if _compatible(x[-1], y[0]) is False:
            return None
        return Shape(x[:-1])
    if _compatible(x[-1], y[-2]) is False:
        return None
    return Shape(x[:-1] + y[:-2] + y[-1:])


def _batch_dot(x: tuple[Any, ...], y: tuple[Any, ...], axes: Any) -> Shape | None:
    """``K.batch_dot`` (Keras 2): x without its batch-dot axis, then y without batch and axis;
    a 1-D result gets a trailing axis of 1. Only with ``axes`` written out."""
    if isinstance(axes, (tuple, list)) and len(axes) == 2:
        ax, ay = axes
    elif is_int(axes):
        ax = ay = axes
    else:
        return None
    if len(x) < 2 or len(y) < 2:
        return None
    a, b = _axis(ax, len(x)), _axis(ay, len(y))
    if a is None or b is None or a == 0 or b == 0:
        return None
    if _compatible(x[a], y[b]) is False or _compatible(x[0], y[0]) is False:
        return None
    out = tuple(d for i, d in enumerate(x) if i != a) + tuple(d for i, d in enumerate(y) if i not in (0, b))
    return Shape(out + (1,) if len(out) == 1 else out)


def _concat(xs: Any, axis: Any) -> Shape | None:
    if not isinstance(xs, (list, tuple)) or not xs:
        return None
    found = [_dims(v) for v in xs]
    shapes = [s for s in found if s is not None]
    if len(shapes) != len(found) or len({len(s) for s in shapes}) != 1:
        return None
    rank = len(shapes[0])
    cat = _axis(axis, rank)
    if cat is None:
        return None
    out = list(shapes[0])
    for s in shapes[1:]:
        for i, d in enumerate(s):
            if i == cat:
                out[i] = arith("+", out[i], d)
            else:
                common = _compatible(out[i], d)
                if common is False:
                    return None  # Keras refuses mismatched shapes: not followed
                out[i] = common
    return Shape(tuple(out))


def _stack(xs: Any, axis: Any) -> Shape | None:
    if not isinstance(xs, (list, tuple)) or not xs:
        return None
    found = [_dims(v) for v in xs]
    shapes = [s for s in found if s is not None]
    if len(shapes) != len(found) or len({len(s) for s in shapes}) != 1:
        return None
    out = list(shapes[0])
    for s in shapes[1:]:
        for i, d in enumerate(s):
            common = _compatible(out[i], d)
            if common is False:
                return None
            out[i] = common
    rank = len(out) + 1
    where = _axis(axis, rank)
    if where is None:
        return None
    out.insert(where, len(xs))
    return Shape(tuple(out))


def _repeat_axis(x: tuple[Any, ...], n: Any, axis: Any) -> Shape | None:
    a = _axis(axis, len(x))
    if a is None or not (is_int(n) or isinstance(n, Sym)):
        return None
    return Shape(tuple(arith("*", d, n) if i == a else d for i, d in enumerate(x)))


def _tile(x: tuple[Any, ...], reps: Any) -> Shape | None:
    if not isinstance(reps, (tuple, list)) or len(reps) != len(x):
        return None
    if not all(is_int(r) or isinstance(r, Sym) for r in reps):
        return None
    return Shape(tuple(arith("*", d, r) for d, r in zip(x, reps)))


def op_shape(name: str, pos: list[Any], kw: dict[str, Any], lib: str = "ops") -> Shape | None:
    """The shape of ``name(*pos, **kw)`` on tensor shapes, or None when not covered.

    ``lib`` is ``"ops"`` (``keras.ops``), ``"backend"`` (``keras.backend``/``K``) or ``"tf"``:
    the same function may have another default there (``K.concatenate`` joins the last axis,
    ``keras.ops.concatenate`` the first)."""
    a = _Args(pos, kw)
    first = a.get(0, "x", "input_tensor", "input", "tensor", "a", "x1", "features", "logits", default=None)
    if name in REDUCTIONS:
        x = _dims(first)
        if x is None:
            return None
        axis = a.get(1, "axis", default=None)
        keep = a.get(2, "keepdims", "keep_dims", default=False)
        return _reduce(x, axis, keep)
    if name in ARG_REDUCTIONS:
        x = _dims(first)
        axis = a.get(1, "axis", default=-1 if lib == "backend" else _MISSING)
        if x is None or axis is _MISSING or a.get(2, "keepdims", default=False) is not False:
            return None
        return _reduce(x, axis, False)
    if name in ELEMENTWISE:
        if name in _TWO_ARG_ELEMENTWISE:
            other = a.get(1, "a", "y", "x2", "exponent", default=None)
            if isinstance(other, (Tensor, ArrayValue)):
                return _binary_shape(first, other)
        x = _dims(first)
        return Shape(x) if x is not None else None
    if name in BINARY:
        other = a.get(1, "y", "x2", "b", default=_MISSING)
        return None if other is _MISSING else _binary_shape(first, other)
    if name in CONCAT:
        xs = a.get(0, "xs", "values", "tensors", default=None)
        axis = a.get(1, "axis", default=-1 if lib == "backend" else (0 if lib == "ops" else _MISSING))
        return None if axis is _MISSING else _concat(xs, axis)
    if name == "stack":
        xs = a.get(0, "x", "xs", "values", default=None)
        return _stack(xs, a.get(1, "axis", default=0))
    if name == "expand_dims":
        x = _dims(first)
        axis = a.get(1, "axis", "dim", default=-1 if lib == "backend" else _MISSING)
        if x is None or not is_int(axis):
            return None
        grown = list(x)
        if not -len(grown) - 1 <= axis <= len(grown):
            return None
        grown.insert(axis if axis >= 0 else len(grown) + 1 + axis, 1)
        return Shape(tuple(grown))
    if name == "squeeze":
        x = _dims(first)
        axis = a.get(1, "axis", default=_MISSING if lib == "backend" else None)
        if x is None or axis is _MISSING:
            return None
        if axis is None:
            if not all(is_int(d) for d in x[1:]) or x[0] == 1:
                return None  # which axes are 1 is not known
            return Shape((x[0],) + tuple(d for d in x[1:] if d != 1))
        axes = axis if isinstance(axis, (tuple, list)) else (axis,)
        norm = [_axis(ax, len(x)) for ax in axes]
        if any(n is None or not (is_int(x[n]) and x[n] == 1) for n in norm):
            return None
        return Shape(tuple(d for i, d in enumerate(x) if i not in norm))
    if name == "reshape":
        x = _dims(first)
        target = a.get(1, "newshape", "shape", "new_shape", default=None)
        return None if x is None else _reshape(x, target)
    if name in ("transpose", "permute_dimensions"):
        x = _dims(first)
        perm = a.get(1, "axes", "perm", "pattern", default=None)
        return None if x is None else _transpose(x, perm)
    if name == "matmul":
        x, y = _dims(first), _dims(a.get(1, "b", "y", "x2", default=None))
        if x is None or y is None:
            return None
        ta = a.get(2, "transpose_a", default=False) or kw.get("adjoint_a", False)
        tb = a.get(3, "transpose_b", default=False) or kw.get("adjoint_b", False)
        return _matmul(x, y, ta, tb)
    if name == "dot" and lib == "backend":
        x, y = _dims(first), _dims(a.get(1, "y", default=None))
        return None if x is None or y is None else _dot(x, y)
    if name == "batch_dot":
        x, y = _dims(first), _dims(a.get(1, "y", default=None))
        axes = a.get(2, "axes", default=None)
        return None if x is None or y is None else _batch_dot(x, y, axes)
    if name == "repeat" and lib == "backend":  # K.repeat(x, n): (batch, d) -> (batch, n, d)
        x = _dims(first)
        n = a.get(1, "n", default=None)
        if x is None or len(x) != 2 or not (is_int(n) or isinstance(n, Sym)):
            return None
        return Shape((x[0], n, x[1]))
    if name in ("repeat", "repeat_elements"):
        x = _dims(first)
        n = a.get(1, "rep", "repeats", default=None)
        axis = a.get(2, "axis", default=None)
        return None if x is None or axis is None else _repeat_axis(x, n, axis)
    if name == "tile":
        x = _dims(first)
        reps = a.get(1, "n", "multiples", "repeats", default=None)
        return None if x is None else _tile(x, reps)
    if name == "batch_flatten" and lib == "backend":
        x = _dims(first)
        return None if x is None or len(x) < 1 else Shape((x[0], product(list(x[1:]))))
    if name == "ctc_batch_cost" and lib == "backend":  # one loss per sample: (batch, 1)
        y_pred = _dims(a.get(1, "y_pred", default=None))
        return None if not y_pred else Shape((y_pred[0], 1))
    if name == "flatten" and lib == "backend":
        x = _dims(first)
        return None if x is None else Shape((product(list(x)),))
    return None


def _binary_shape(left: Any, right: Any) -> Shape | None:
    x, y = _dims(left), _dims(right)
    if x is None and _scalar(left):
        x = ()
    if y is None and _scalar(right):
        y = ()
    if x is None or y is None:
        return None
    out = broadcast(x, y)
    return Shape(out) if out is not None else None


def split_shapes(pos: list[Any], kw: dict[str, Any], lib: str) -> list[Shape] | None:
    """``split(x, n, axis)`` into n equal parts (``tf.split(value, num_or_size_splits, axis=0)``,
    ``keras.ops.split(x, indices_or_sections, axis=0)``); None when not covered."""
    a = _Args(pos, kw)
    x = _dims(a.get(0, "value", "x", default=None))
    n = a.get(1, "num_or_size_splits", "indices_or_sections", default=None)
    axis = a.get(2, "axis", default=0)
    if x is None or not is_int(n) or n <= 0:
        return None
    k = _axis(axis, len(x))
    if k is None:
        return None
    size = x[k]
    if is_int(size):
        if size % n:
            return None
        part: Any = size // n
    elif size is None:
        part = None
    else:
        part = UNKNOWN
    return [Shape(tuple(part if i == k else d for i, d in enumerate(x)))] * n


def _inputs_of(pos: list[Any], kw: dict[str, Any]) -> list[Tensor]:
    values = pos + list(kw.values())
    values += [x for p in pos if isinstance(p, (list, tuple)) for x in p]
    return [v for v in values if isinstance(v, Tensor)]


def op_result(name: str, args: list[Arg] | None, lib: str = "ops") -> Any:
    """A tensor of ``name(*args)``'s shape (poisoned when an input is), or NOT_FOLLOWED."""
    if args is None:
        return NOT_FOLLOWED
    pos = [a.value for a in args if a.keyword is None]
    kw = {a.keyword: a.value for a in args if a.keyword is not None}
    tensors = _inputs_of(pos, kw)
    if not tensors:
        return NOT_FOLLOWED  # on data (arrays, numbers): not a Keras tensor function here
    poisoned = any(t.poisoned for t in tensors)
    if name == "split":
        parts = split_shapes(pos, kw, lib)
        if parts is None:
            return NOT_FOLLOWED
        return [Tensor(s, None, 0, poisoned) for s in parts]
    if name == "int_shape" and lib == "backend" and len(tensors) == 1 and tensors[0] is pos[0]:
        dims = tensors[0].shape.dims
        return ShapeTuple(dims) if dims is not None else NOT_FOLLOWED
    if name == "shape" and lib == "ops" and pos and isinstance(pos[0], Tensor):
        dims = pos[0].shape.dims
        return ShapeTuple(dims) if dims is not None else NOT_FOLLOWED
    shape = op_shape(name, pos, kw, lib)
    if shape is None:
        return NOT_FOLLOWED
    return Tensor(shape, None, 0, poisoned)


def tensor_binop(op: str, left: Any, right: Any) -> Any:
    """``a + b``, ``a * 2``, ... with a Keras tensor: the broadcast shape; an unknown tensor when
    the shapes cannot be combined (Keras refuses: not a rule here); NOT_FOLLOWED without one."""
    if not (isinstance(left, Tensor) or isinstance(right, Tensor)):
        return NOT_FOLLOWED
    tensors = [v for v in (left, right) if isinstance(v, Tensor)]
    poisoned = any(t.poisoned for t in tensors)
    other = right if isinstance(left, Tensor) else left
    if not (isinstance(other, (Tensor, ArrayValue)) or _scalar(other)):
        return Tensor.unknown(poisoned)
    shape = _binary_shape(left, right)
    if shape is None:
        return Tensor.unknown(poisoned)
    return Tensor(shape, None, 0, poisoned)


class KerasOpsOverlay(Overlay):
    name = "keras_ops"

    def call_ref(self, ref: Ref, args: list[Arg] | None, node: cst.Call) -> Any:
        path = keras_path(ref.qual)
        if not path or path[0] not in ("ops", "backend"):
            return NOT_FOLLOWED
        if path[0] == "backend" and self.ctx.keras is KerasVersion.KERAS3:
            keras3_ops.check_backend_call(self.ctx, ref.qual, path, args, node)
        result = op_result(path[-1], args, "backend" if path[0] == "backend" else "ops")
        return keras3_ops.propagate(self.ctx, [a.value for a in args or ()], result)

    def binop(self, op: str, left: Any, right: Any) -> Any:
        return keras3_ops.propagate(self.ctx, [left, right], tensor_binop(op, left, right))

    # ------------------------------------------------------------------ Lambda
    def traced_config(
        self, layer: Layer, cfg: LayerConfig, inputs: list[Tensor], is_list: bool, node: cst.CSTNode
    ) -> LayerConfig:
        """``cfg`` plus what calling the layer's function on ``inputs`` gives (``__traced__``:
        the output shapes, ``__multi__``: a list of them), for ``layers/lambda_layer.py``.

        Keras 3 takes a written ``output_shape`` instead of tracing (a tuple: the spec reads it;
        a function: called here on the input shapes). Keras 2 runs the function; only when the
        analysis cannot follow it is ``output_shape`` used."""
        code = layer.code
        declared = code.get("output_shape")
        callable_declared = isinstance(declared, (FunctionValue, PartialValue))
        if self.ctx.keras is KerasVersion.KERAS3 and declared is not None:
            if callable_declared:
                return self._declared_config(cfg, declared, inputs, is_list, node)
            return cfg
        traced = self._trace(code, inputs, is_list, node)
        if traced is not None:
            shapes, multi = traced
            return LayerConfig(cfg.kind, {**cfg.params, "__traced__": shapes, "__multi__": multi})
        if callable_declared:
            return self._declared_config(cfg, declared, inputs, is_list, node)
        return cfg

    def _call(self, func: Any, args: list[Arg], node: cst.CSTNode) -> Any:
        if isinstance(func, PartialValue):
            return self._call(func.func, func.args + args, node)
        if isinstance(func, FunctionValue):
            return self.ctx.functions.call_function(func, args, node)
        if isinstance(func, Ref) and isinstance(node, cst.Call):
            return self.ctx.overlays.call_ref(func, args, node)
        return NOT_FOLLOWED

    def _trace(
        self, code: dict[str, Any], inputs: list[Tensor], is_list: bool, node: cst.CSTNode
    ) -> tuple[tuple[Shape, ...], bool] | None:
        func = code.get("function")
        arguments = code.get("arguments")
        if arguments is not None and not (isinstance(arguments, dict) and all(isinstance(k, str) for k in arguments)):
            return None
        fresh = [Tensor(t.shape, None, 0, False, None) for t in inputs]
        value: Any = fresh if is_list else fresh[0]
        args = [Arg(None, value)] + [Arg(k, v) for k, v in (arguments or {}).items()]
        self.ctx.traced += 1  # Keras traces the function with real tensors
        try:
            result = self._call(func, args, node)
        finally:
            self.ctx.traced -= 1
        if isinstance(result, Tensor) and result.shape.dims is not None and not result.poisoned:
            return (result.shape,), False
        if (
            isinstance(result, (list, tuple))
            and result
            and all(isinstance(r, Tensor) and r.shape.dims is not None and not r.poisoned for r in result)
        ):
            return tuple(r.shape for r in result), True
        return None

    def _declared_config(
        self, cfg: LayerConfig, declared: Any, inputs: list[Tensor], is_list: bool, node: cst.CSTNode
    ) -> LayerConfig:
        """``output_shape=f``: Keras calls ``f`` on the input shape(s), batch axis included."""
        if any(t.shape.dims is None for t in inputs):
            return cfg
        shapes = [tuple(t.shape.dims or ()) for t in inputs]
        given: Any = shapes if is_list else shapes[0]
        result = self._call(declared, [Arg(None, given)], node)
        if isinstance(result, (tuple, list)) and not any(isinstance(d, (tuple, list)) for d in result):
            dims = tuple(dim_of(d) for d in result)
            return LayerConfig(cfg.kind, {**cfg.params, "__traced__": (Shape(dims),), "__multi__": False})
        return cfg
