"""What ``keras.ops`` and ``keras.backend`` mean: output shapes of the tensor functions people
apply to Keras tensors, between layers and inside ``Lambda``: reductions over an axis,
element-wise functions and arithmetic (with broadcasting), ``concatenate``/``stack``,
``expand_dims``/``squeeze``, ``reshape``, ``transpose``/``permute_dimensions``, ``matmul``/
``dot``/``batch_dot`` (tf_keras' default axes when none are given), ``K.conv1d``/``conv2d``/
``conv3d`` and ``keras.ops.conv`` (a kernel of known shape, as a Conv layer computes the sizes),
``repeat``/``repeat_elements``/``tile``, ``split``, ``int_shape``, ``K.ndim`` (tf_keras: an int),
``take``/``gather`` (``batch_dims`` too), ``tf.linalg.diag``/``diag_part``, ``pad``, ``one_hot``,
``where``, ``norm``, ``einsum``, ``tensordot``,
``unstack``, ``top_k``, ``broadcast_to``; ``shape`` (a size read from it is that size, ``None``
for an axis known at run time only) and the tensors made from such sizes (``arange``,
``zeros``/``ones``/``random_*`` of a shape: ``made_from_sizes``). ``keras.activations.*``
applied to a tensor as functions (``activation``: the ones the file's Keras has and accepts on a
Keras tensor; ``activations.get("relu")`` is that function, ``get(None)`` is ``linear``) keep its
shape; ``K.epsilon()`` is a number, and a size made a scalar (``K.sqrt(K.cast(n, "float32"))``) a
tensor of rank 0, which broadcasts against any tensor; ``softmax``/
``log_softmax`` with an axis outside the rank stay unknown (Keras refuses them).

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

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import libcst as cst

from lstmlint.graph.model import Layer, Tensor
from lstmlint.interp import explain
from lstmlint.interp.overlays import keras3_ops, operators
from lstmlint.interp.overlays.base import Overlay
from lstmlint.interp.overlays.values import ArrayValue, ShapeTuple, dim_of
from lstmlint.interp.values import NOT_FOLLOWED, Arg, FunctionValue, PartialValue
from lstmlint.layers.config import LayerConfig
from lstmlint.layers.conv import conv_lengths
from lstmlint.shapes import UNKNOWN, Shape, ShapeProblem, Sym, is_int, is_number
from lstmlint.shapes.dims import arith, product
from lstmlint.source.imports import Ref, keras_path
from lstmlint.source.keras_target import KerasVersion

if TYPE_CHECKING:
    from lstmlint.interp.context import Context

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
        # activation functions and TensorFlow's element-wise math (each measured on a Keras
        # tensor in Keras 3.15.1 and tf_keras 2.21: ``tests/tfops_cases.py``)
        "celu",
        "hard_silu",
        "hard_swish",
        "hard_tanh",
        "hard_shrink",
        "soft_shrink",
        "tanh_shrink",
        "squareplus",
        "sparse_plus",
        "sparse_sigmoid",
        "sparsemax",
        "log_sigmoid",
        "threshold",
        "erfc",
        "erfinv",
        "lgamma",
        "digamma",
        "ndtri",
        "asin",
        "acos",
        "atan",
        "sinh",
        "cosh",
        "asinh",
        "acosh",
        "atanh",
        "rint",
        "is_finite",
        "is_inf",
        "bessel_i0",
        # complex numbers (TF 2.21, keras 3.15: the same shape, complex or real input)
        "angle",
        "real",
        "imag",
        "conj",
        "conjugate",
    }
)
# ``keras.activations.X(x)``: the shape of ``x`` (measured: ``tests/tfops_cases.py``). Keras 3's
# ``hard_silu``/``hard_swish``/``mish``/``sparsemax`` call TensorFlow itself on the tensor and
# refuse a KerasTensor under the TensorFlow backend (``ValueError``), and ``glu`` halves an axis:
# not followed. tf_keras 2.21 has fewer.
ACTIVATIONS_KERAS3 = frozenset(
    {
        "relu",
        "relu6",
        "leaky_relu",
        "elu",
        "selu",
        "celu",
        "gelu",
        "silu",
        "swish",
        "sigmoid",
        "hard_sigmoid",
        "log_sigmoid",
        "sparse_sigmoid",
        "tanh",
        "tanh_shrink",
        "hard_tanh",
        "hard_shrink",
        "soft_shrink",
        "softplus",
        "softsign",
        "sparse_plus",
        "squareplus",
        "exponential",
        "linear",
        "threshold",
        "softmax",
        "log_softmax",
    }
)
ACTIVATIONS_KERAS2 = frozenset(
    {
        "relu",
        "elu",
        "selu",
        "gelu",
        "swish",
        "sigmoid",
        "hard_sigmoid",
        "tanh",
        "softplus",
        "softsign",
        "exponential",
        "linear",
        "mish",
        "softmax",
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
        "complex",  # ``tf.complex(real, imag)`` broadcasts (measured, TF 2.21)
        "atan2",
    }
)
# ``pow``/``power`` take a number as second argument most of the time: element-wise on the
# first; with two tensors they broadcast
_TWO_ARG_ELEMENTWISE = frozenset({"pow", "power"})
_MISSING: Any = object()
MISSING = _MISSING  # an argument not given


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


_dims = operators.value_dims


def _tensor_dims(v: Any) -> tuple[Any, ...] | None:
    """The dims of a Keras tensor argument (arrays do not make an op on tensors)."""
    return _dims(v) if isinstance(v, Tensor) else None


def _scalar(v: Any) -> bool:
    """A number the analysis knows is one (an unknown value bound to a name may be a tensor)."""
    return is_number(v)


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


def _reshape(x: tuple[Any, ...], target: Any, dynamic: bool = False) -> Shape | None:
    """``reshape(x, target)``, the target including the batch axis; -1 takes what is left.

    ``dynamic`` (TensorFlow, ``K.reshape``): the target may hold sizes read at run time
    (``tf.shape(x)[0]``, ``None`` here). TensorFlow then checks nothing while tracing, that axis
    is ``None`` and so is the -1 axis (measured, TF 2.21: ``tf.reshape(x, (tf.shape(x)[0], -1,
    8))`` on ``(None, 6, 4)`` gives ``(None, None, 8)``)."""
    if isinstance(target, Tensor) or not isinstance(target, (tuple, list)):
        return None
    dims = [dim_of(d) for d in target]
    if sum(1 for d in dims if is_int(d) and d == -1) > 1 or any(is_int(d) and d < -1 for d in dims):
        return None
    if any(d is None for d in dims):
        if not dynamic:
            return None
        return Shape(tuple(None if is_int(d) and d == -1 else d for d in dims))
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


def _transpose_unknown_rank(perm: Any) -> Shape | None:
    """A tensor of unknown rank transposed by a permutation given in full: the rank is the
    permutation's length (TensorFlow's static shapes: ``tf.transpose(x, (0, 2, 1))`` of a
    tensor of unknown shape is ``(None, None, None)``; any other rank raises), each size
    unknown."""
    if not isinstance(perm, (tuple, list)) or not all(is_int(p) for p in perm):
        return None
    rank = len(perm)
    if sorted(p % rank if -rank <= p < rank else -1 for p in perm) != list(range(rank)):
        return None
    return Shape((UNKNOWN,) * rank)


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
    a 1-D result gets a trailing axis of 1. Without ``axes`` (None), x's last axis against y's
    last when y is 2-D, else y's second-to-last (tf_keras' default)."""
    if len(x) < 2 or len(y) < 2:
        return None
    if isinstance(axes, (tuple, list)) and len(axes) == 2:
        ax, ay = axes
    elif is_int(axes):
        ax = ay = axes
    elif axes is None:
        ax, ay = len(x) - 1, len(y) - (1 if len(y) == 2 else 2)
    else:
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


def _index_dims(v: Any) -> tuple[Any, ...] | None:
    """The shape of an index argument: a tensor's or array's, a literal list's, () for an int."""
    if isinstance(v, (Tensor, ArrayValue)):
        return _dims(v)
    if is_int(v):
        return ()
    if isinstance(v, (list, tuple)) and v:
        inner = [_index_dims(i) for i in v if not isinstance(i, (Tensor, ArrayValue))]
        if len(inner) != len(v) or inner[0] is None or any(i != inner[0] for i in inner):
            return None
        return (len(v),) + inner[0]
    return None


def _gather(x: tuple[Any, ...], indices: Any, axis: Any) -> Shape | None:
    """``tf.gather(params, indices, axis=a)``: params' axis replaced by the indices' shape."""
    idx = _index_dims(indices)
    a = _axis(axis, len(x))
    if idx is None or a is None:
        return None
    return Shape(x[:a] + idx + x[a + 1 :])


def _batched_gather(x: tuple[Any, ...] | None, indices: Any, batch_dims: Any, axis: Any) -> Shape | None:
    """``tf.gather(params, indices, axis=a, batch_dims=b)``: the first b axes of both are
    shared (their sizes must be the same), ``axis`` defaults to b as written (-1: params' last axis);
    params' axis is replaced by the indices' axes after the first b."""
    idx = _index_dims(indices)
    if x is None or idx is None or not is_int(batch_dims):
        return None
    b = batch_dims + len(idx) if batch_dims < 0 else batch_dims
    a = _axis(batch_dims if axis is None else axis, len(x))  # TensorFlow: ``axis = batch_dims``
    if a is None or not 0 <= b <= min(a, len(idx)):
        return None
    if any(p != q or p is UNKNOWN for p, q in zip(x[:b], idx[:b])):
        return None  # shared axes of sizes not shown equal (a batch of None against 1): not followed
    return Shape(x[:a] + idx[b:] + x[a + 1 :])


def _linalg_diag(name: str, a: _Args) -> Shape | None:
    """``tf.linalg.diag(v)``: (..., n) -> (..., n, n); ``tf.linalg.diag_part(m)``: (..., m, n) ->
    (..., min(m, n)). Only the main diagonal (no ``k``, ``num_rows``, ... given)."""
    if len(a.pos) > 1 or any(k != "name" for k in a.kw if k not in ("diagonal", "input")):
        return None
    x = _dims(a.get(0, "diagonal", "input", default=None))
    if x is None or len(x) < (1 if name == "diag" else 2):
        return None
    if name == "diag":
        return Shape(x + (x[-1],))
    m, n = x[-2], x[-1]
    if is_int(m) and is_int(n):
        size: Any = min(m, n)
    elif m == n and m is not UNKNOWN:
        size = m
    else:
        size = None if (m is None or n is None) and UNKNOWN not in (m, n) else UNKNOWN
    return Shape(x[:-2] + (size,))


def _int_list(v: Any) -> list[int] | None:
    if isinstance(v, (list, tuple)) and all(is_int(i) for i in v):
        return list(v)
    return None


def _slice(x: tuple[Any, ...], begin: Any, size: Any) -> Shape | None:
    """``tf.slice(x, begin, size)``: each size as given, -1 for the rest of the axis."""
    b, n = _int_list(begin), _int_list(size)
    if b is None or n is None or len(b) != len(x) or len(n) != len(x):
        return None
    out: list[Any] = []
    for d, start, count in zip(x, b, n):
        if start < 0 or count < -1:
            return None
        if count == -1:
            out.append(d - start if is_int(d) else (None if d is None else UNKNOWN))
        else:
            if is_int(d) and start + count > d:
                return None  # TensorFlow refuses: not a rule here
            out.append(count)
    return Shape(tuple(out))


@dataclass(eq=False)
class IntConstant(ArrayValue):
    """``tf.constant([[0, 0], [0, 0], [3, 0]])``: an eager integer tensor made from a literal of
    ints the analysis knows, which keeps those ints (``literal``, as nested tuples) for the
    functions that read them (``tf.pad``'s paddings)."""

    literal: tuple[Any, ...] = ()


def int_literal(value: Any) -> tuple[Any, ...] | None:
    """A nested list/tuple of ints (not bools) as nested tuples; None for anything else."""
    if not isinstance(value, (list, tuple)):
        return None
    out: list[Any] = []
    for v in value:
        if isinstance(v, (list, tuple)):
            inner = int_literal(v)
            if inner is None:
                return None
            out.append(inner)
        elif is_int(v):
            out.append(v)
        else:
            return None
    return tuple(out)


def _pad(x: tuple[Any, ...], paddings: Any) -> Shape | None:
    """``tf.pad(x, [[before, after], ...])``: one pair per axis, added to each size. Padding
    keeps the rank whatever it adds (TensorFlow refuses paddings that are not ``[rank, 2]``):
    paddings the analysis cannot read (an array of unknown values) leave every size unknown, a
    pair it cannot read leaves that axis unknown; ``tf.constant`` of known ints is read."""
    if isinstance(paddings, IntConstant):
        paddings = paddings.literal
    if isinstance(paddings, ArrayValue):
        if len(paddings.dims) != 2 or paddings.dims[0] not in (len(x), UNKNOWN):
            return None
        return Shape((UNKNOWN,) * len(x))
    if not isinstance(paddings, (list, tuple)) or len(paddings) != len(x):
        return None
    out: list[Any] = []
    for d, pair in zip(x, paddings):
        p = _int_list(pair)
        if p is not None and (len(p) != 2 or min(p) < 0):
            return None
        out.append(UNKNOWN if p is None else arith("+", d, p[0] + p[1]))
    return Shape(tuple(out))


def _one_hot(x: tuple[Any, ...], depth: Any, axis: Any) -> Shape | None:
    if not (is_int(depth) and depth >= 0) and not isinstance(depth, Sym):
        return None
    a = -1 if axis is None else axis
    if not is_int(a) or not -len(x) - 1 <= a <= len(x):
        return None
    grown = list(x)
    grown.insert(a if a >= 0 else len(grown) + 1 + a, depth)
    return Shape(tuple(grown))


def _where(values: list[Any]) -> Shape | None:
    """``where(cond, x, y)``: the broadcast shape of the three (TF 2 and Keras broadcast)."""
    shapes: list[tuple[Any, ...]] = []
    for v in values:
        d = _dims(v)
        if d is None and _scalar(v):
            d = ()
        if d is None:
            return None
        shapes.append(d)
    out: tuple[Any, ...] | None = shapes[0]
    for other in shapes[1:]:
        out = broadcast(out, other) if out is not None else None
    return Shape(out) if out is not None else None


def _einsum(equation: Any, operands: list[Any]) -> Shape | None:
    """``einsum("bij,bkj->bik", a, b)``: each output letter's size from the operands (an
    equation with ``...`` or sizes that provably differ is not followed)."""
    if not isinstance(equation, str) or "." in equation:
        return None
    eq = equation.replace(" ", "")
    left, arrow, right = eq.partition("->")
    terms = left.split(",")
    shapes = [_dims(v) for v in operands]
    if len(terms) != len(shapes) or any(s is None for s in shapes):
        return None
    sizes: dict[str, Any] = {}
    for term, shape in zip(terms, shapes):
        if shape is None or len(term) != len(shape) or not term.isalpha():
            return None
        for letter, d in zip(term, shape):
            if letter in sizes:
                common = _compatible(sizes[letter], d)
                if common is False:
                    return None
                # an axis of 1 broadcasts in TensorFlow's einsum: keep the other size
                sizes[letter] = d if is_int(sizes[letter]) and sizes[letter] == 1 else common
            else:
                sizes[letter] = d
    if not arrow:
        counts = {c: left.count(c) for c in sizes}
        right = "".join(sorted(c for c, n in counts.items() if n == 1))
    if not right.isalpha() and right != "":
        return None
    if any(c not in sizes for c in right) or len(set(right)) != len(right):
        return None
    return Shape(tuple(sizes[c] for c in right))


def _tensordot(x: tuple[Any, ...], y: tuple[Any, ...], axes: Any) -> Shape | None:
    """``tensordot(a, b, axes)``: ``axes=n`` sums a's last n axes with b's first n; a pair of
    axis lists sums those."""
    if is_int(axes):
        if not 0 <= axes <= min(len(x), len(y)):
            return None
        ax = list(range(len(x) - axes, len(x)))
        ay = list(range(axes))
    elif isinstance(axes, (list, tuple)) and len(axes) == 2:
        first, second = axes
        ax_raw = [first] if is_int(first) else _int_list(first)
        ay_raw = [second] if is_int(second) else _int_list(second)
        if ax_raw is None or ay_raw is None or len(ax_raw) != len(ay_raw):
            return None
        nx = [_axis(a, len(x)) for a in ax_raw]
        ny = [_axis(a, len(y)) for a in ay_raw]
        if any(a is None for a in nx) or any(a is None for a in ny):
            return None
        ax = [a for a in nx if a is not None]
        ay = [a for a in ny if a is not None]
    else:
        return None
    if any(_compatible(x[i], y[j]) is False for i, j in zip(ax, ay)):
        return None
    return Shape(tuple(d for i, d in enumerate(x) if i not in ax) + tuple(d for j, d in enumerate(y) if j not in ay))


def _sizes(value: Any) -> tuple[Any, ...] | None:
    """A shape argument whose sizes may be read at run time (``None``: ``tf.shape(x)[0]``); a
    single size is a 1-D shape (``tf.ones(n)``)."""
    if (is_int(value) and value >= 0) or (isinstance(value, Sym) and is_number(value)):
        return (value,)  # an unknown value bound to a name may be a whole shape: not a size
    if isinstance(value, (tuple, list)) and all(d is None or is_int(d) or isinstance(d, Sym) for d in value):
        if any(is_int(d) and d < 0 for d in value):
            return None
        return tuple(value)
    return None


def range_length(start: Any, limit: Any, delta: Any) -> Any:
    """The length of ``tf.range(start, limit, delta)`` (``limit`` is ``MISSING`` for
    ``range(n)``): an int, the symbol ``n`` of ``range(n)``, ``None`` when a bound is a size
    read at run time (``tf.shape(x)[1]`` of an axis Keras calls ``None``); UNKNOWN otherwise."""
    if limit is MISSING:
        start, limit = 0, start
    if not is_int(delta) or delta == 0:
        return UNKNOWN
    if is_int(start) and is_int(limit):
        return max(0, -(-(limit - start) // delta))
    if (limit is None or is_int(limit)) and (start is None or is_int(start)):
        return None
    if isinstance(limit, Sym) and is_int(start) and start == 0 and delta == 1:
        return limit
    return UNKNOWN


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
        if lib == "tf" and axis in (None, _MISSING):
            axis = 0  # ``tf.argmax(t)``: TensorFlow's default axis is 0 (measured: (6, 4) of (None, 6, 4))
        if x is None or axis is _MISSING or a.get(2, "keepdims", default=False) is not False:
            return None
        return _reduce(x, axis, False)
    if name in ("softmax", "log_softmax"):
        # an axis outside the rank: Keras 3 ``ValueError``, TensorFlow ``InvalidArgumentError``
        x = _dims(first)
        axis = a.get(1, "axis", "dim", default=-1)
        if x is None or (axis is not None and (not is_int(axis) or _axis(axis, len(x)) is None)):
            return None
        if lib == "activations" and len(x) < 2:
            return None  # tf_keras: "Cannot apply softmax to a tensor that is 1D"
        return Shape(x)
    if name == "crelu" and lib == "tf":  # ``tf.nn.crelu``: [relu(x), relu(-x)] joined on ``axis``
        x = _dims(first)
        axis = kw.get("axis", -1)  # the second positional parameter is ``name``
        k = None if x is None or not is_int(axis) else _axis(axis, len(x))
        if x is None or k is None:
            return None
        return Shape(x[:k] + (arith("*", 2, x[k]),) + x[k + 1 :])
    if name in ELEMENTWISE or (lib == "activations" and name in ("exponential", "linear", "mish")):
        if name in _TWO_ARG_ELEMENTWISE:
            other = a.get(1, "a", "y", "x2", "exponent", default=None)
            # a tensor broadcasts; a number keeps x's shape; an unknown value: not known
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
        return None if x is None else _reshape(x, target, dynamic=lib != "ops")
    if name in ("transpose", "permute_dimensions"):
        x = _dims(first)
        perm = a.get(1, "axes", "perm", "pattern", default=None)
        if x is None and isinstance(first, Tensor):
            return _transpose_unknown_rank(perm)
        return None if x is None else _transpose(x, perm)
    if name == "matmul":
        x, y = _dims(first), _dims(a.get(1, "b", "y", "x2", default=None))
        if x is None or y is None:
            return None
        ta = a.get(2, "transpose_a", default=False) or kw.get("adjoint_a", False)
        tb = a.get(3, "transpose_b", default=False) or kw.get("adjoint_b", False)
        return _matmul(x, y, ta, tb)
    if name == "matvec" and lib == "tf":  # ``tf.linalg.matvec(a, b)``: matmul(a, b[..., None])[..., 0]
        x, y = _dims(first), _dims(a.get(1, "b", default=None))
        if x is None or y is None or len(y) < 1:
            return None
        ta = a.get(2, "transpose_a", default=False) or kw.get("adjoint_a", False)
        found = _matmul(x, y + (1,), ta, False)
        return None if found is None or found.dims is None else Shape(found.dims[:-1])
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
    if name in ("conv1d", "conv2d", "conv3d") and lib == "backend":
        return _conv(int(name[4]), a, first, causal=name == "conv1d")
    if name == "conv" and lib == "ops":
        return _conv(None, a, a.get(0, "inputs", default=None), causal=False)
    return _more_shapes(name, a, first, lib)


_CONV_PADDINGS = {"valid", "same"}


def _conv(rank: int | None, a: _Args, first: Any, causal: bool) -> Shape | None:
    """``K.conv1d/2d/3d(x, kernel, strides, padding, data_format, dilation_rate)`` (Keras 2) and
    ``keras.ops.conv`` (the rank from the kernel): x is (batch, *spatial, channels) (channels
    first with ``data_format="channels_first"``), the kernel (*window, in, out); the output has
    the kernel's ``out`` channels and each spatial size as a Conv layer computes it (measured in
    tf_keras 2.21: ``tests/test_libsuites.py``). Channels that differ, a window longer than the
    input, or strides with dilation: unknown (TensorFlow refuses or groups them)."""
    x, kernel = _dims(first), _dims(a.get(1, "kernel", default=None))
    if x is None or kernel is None:
        return None
    rank = len(kernel) - 2 if rank is None else rank
    if rank < 1 or len(x) != rank + 2 or len(kernel) != rank + 2:
        return None
    strides = a.get(2, "strides", default=1)
    padding = a.get(3, "padding", default="valid")
    data_format = a.get(4, "data_format", default=None)
    dilation = a.get(5, "dilation_rate", default=1)
    if data_format is None:
        data_format = "channels_last"  # Keras' default image data format
    if padding not in (_CONV_PADDINGS | {"causal"} if causal else _CONV_PADDINGS) or data_format not in (
        "channels_last",
        "channels_first",
    ):
        return None
    steps = [strides] * rank if is_int(strides) else strides
    rates = [dilation] * rank if is_int(dilation) else dilation
    if not isinstance(steps, (tuple, list)) or not isinstance(rates, (tuple, list)):
        return None
    if any(not is_int(v) or v > 1 for v in steps) and any(not is_int(v) or v > 1 for v in rates):
        return None
    channels = x[1] if data_format == "channels_first" else x[-1]
    if _compatible(channels, kernel[-2]) is False:
        return None
    cfg = LayerConfig(
        f"Conv{rank}D",
        {
            "kernel_size": tuple(kernel[:rank]),
            "strides": strides,
            "padding": padding,
            "data_format": data_format,
            "dilation_rate": dilation,
        },
    )
    try:
        lengths = conv_lengths(cfg, Shape(x), rank)
    except ShapeProblem:
        return None  # a window longer than the input: TensorFlow refuses it
    if data_format == "channels_first":
        return Shape((x[0], kernel[-1], *lengths))
    return Shape((x[0], *lengths, kernel[-1]))


def _more_shapes(name: str, a: _Args, first: Any, lib: str) -> Shape | None:
    """The TensorFlow functions real Lambdas and custom layers use beyond the basics (each
    measured in TF 2.21 and tf_keras 2.21 on Keras tensors: ``tests/test_tfops_keras.py``)."""
    if name in SAME_AS_FIRST:
        x = _dims(first)
        return Shape(x) if x is not None else None
    if name in ("diag", "diag_part") and lib == "tf":
        return _linalg_diag(name, a)
    if name in ("gather", "take"):
        x = _dims(a.get(0, "params", "x", "reference", default=None))
        indices = a.get(1, "indices", default=None)
        if lib == "tf":
            batch_dims = a.get(4, "batch_dims", default=0)
            axis = a.get(3, "axis", default=None)
            if batch_dims != 0:
                return _batched_gather(x, indices, batch_dims, axis)
            axis = 0 if axis is None else axis
        elif lib == "backend":
            axis = 0
        else:
            axis = a.get(2, "axis", default=None)
            if axis is None:
                idx = _index_dims(indices)
                return Shape(idx) if idx is not None and x is not None else None  # on the flattened x
        return None if x is None else _gather(x, indices, axis)
    if name == "slice" and lib == "tf":
        x = _dims(first)
        return None if x is None else _slice(x, a.get(1, "begin", default=None), a.get(2, "size", default=None))
    if name == "pad":
        x = _dims(first)
        mode = a.get(2, "mode", default="CONSTANT" if lib == "tf" else "constant")
        if x is None or not isinstance(mode, str):
            return None
        return _pad(x, a.get(1, "paddings", "pad_width", default=None))
    if name == "one_hot":
        x = _dims(a.get(0, "indices", "x", default=None))
        depth = a.get(1, "depth", "num_classes", default=None)
        axis = None if lib == "backend" else a.get(4 if lib == "tf" else 2, "axis", default=None)
        return None if x is None else _one_hot(x, depth, axis)
    if name == "where":
        cond = a.get(0, "condition", default=None)
        x = a.get(1, "x", "x1", default=None)
        y = a.get(2, "y", "x2", default=None)
        if x is None or y is None:
            return None  # ``where(cond)``: coordinates, as many as are true
        return _where([cond, x, y])
    if name == "norm":
        x = _dims(first)
        axis = a.get(2, "axis", default=None)
        keep = a.get(3, "keepdims", "keep_dims", default=None)
        keep = False if keep is None else keep
        return None if x is None else _reduce(x, axis, keep)
    if name == "einsum":
        equation = a.get(0, "equation", "subscripts", default=None)
        return _einsum(equation, a.pos[1:])
    if name == "tensordot":
        x, y = _dims(first), _dims(a.get(1, "b", "x2", default=None))
        axes = a.get(2, "axes", default=2 if lib == "ops" else _MISSING)
        if x is None or y is None or axes is _MISSING:
            return None
        return _tensordot(x, y, axes)
    if name == "sequence_mask" and lib == "tf":
        x = _dims(a.get(0, "lengths", default=None))
        maxlen = a.get(1, "maxlen", default=None)
        if x is None or not (maxlen is None or (is_int(maxlen) and maxlen >= 0) or isinstance(maxlen, Sym)):
            return None
        return Shape(x + (maxlen,))  # no maxlen: the longest length, known at run time (None)
    if name == "embedding_lookup" and lib == "tf":
        params = _dims(a.get(0, "params", default=None))
        ids = _index_dims(a.get(1, "ids", default=None))
        if params is None or ids is None or not params:
            return None
        return Shape(ids + params[1:])
    if name == "gather_nd" and lib == "tf":
        x = _dims(first)
        idx = _index_dims(a.get(1, "indices", default=None))
        batch = a.get(2, "batch_dims", default=0)
        if x is None or not idx or not is_int(idx[-1]) or not is_int(batch) or not 0 <= batch < len(idx):
            return None
        if batch + idx[-1] > len(x):
            return None
        return Shape(idx[:-1] + x[batch + idx[-1] :])
    if name == "boolean_mask" and lib == "tf":
        x = _dims(first)
        mask = _dims(a.get(1, "mask", default=None))
        axis = a.get(2, "axis", default=None)
        axis = 0 if axis is None else axis
        if x is None or not mask or not is_int(axis) or not 0 <= axis <= len(x) - len(mask):
            return None
        # as many as are true: known at run time only
        return Shape(x[:axis] + (None,) + x[axis + len(mask) :])
    if name == "broadcast_to":
        x = _dims(first)
        target = _sizes(a.get(1, "shape", default=None))
        if x is None or target is None or broadcast(x, target) is None:
            return None
        return Shape(target)
    return None


# same shape as the first argument
SAME_AS_FIRST = frozenset(
    {
        "bias_add",
        "reverse_sequence",
        "roll",
        "clip_by_norm",
        "sort",
        "argsort",
        "band_part",
        "tensor_scatter_nd_update",
        "tensor_scatter_nd_add",
        "tensor_scatter_nd_sub",
        "tensor_scatter_nd_max",
        "tensor_scatter_nd_min",
    }
)


def _binary_shape(left: Any, right: Any) -> Shape | None:
    x, y = _dims(left), _dims(right)
    # ``None``: a size read at run time (``t * tf.shape(x)[0]``), a scalar tensor there
    if x is None and (_scalar(left) or left is None):
        x = ()
    if y is None and (_scalar(right) or right is None):
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


def unstack_shapes(pos: list[Any], kw: dict[str, Any]) -> list[Shape] | None:
    """``unstack(x, num=None, axis=0)``: one tensor per index of an axis of known size."""
    a = _Args(pos, kw)
    x = _dims(a.get(0, "value", "x", default=None))
    axis = a.get(2, "axis", default=0)
    if x is None:
        return None
    k = _axis(axis, len(x))
    if k is None or not is_int(x[k]):
        return None
    num = a.get(1, "num", default=None)
    if num is not None and num != x[k]:
        return None
    return [Shape(x[:k] + x[k + 1 :])] * x[k]


def _inputs_of(pos: list[Any], kw: dict[str, Any]) -> list[Tensor]:
    values = pos + list(kw.values())
    values += [x for p in pos if isinstance(p, (list, tuple)) for x in p]
    return [v for v in values if isinstance(v, Tensor)]


def _number(v: Any) -> bool:
    """A plain number or a size (never a bool, never None, never an unknown value)."""
    return is_number(v)


def _shape_extreme(name: str, a: Any, b: Any) -> ShapeTuple | None:
    """``tf.maximum(tf.shape(a), tf.shape(b))`` (stellargraph's RotE, before ``tf.reshape``): two
    shape vectors of one length give one of that length whose sizes TensorFlow knows only when
    it runs: ``tf.reshape`` to it has that rank, every size None (measured: TF 2.21, tf_keras
    and Keras 3, even for two equal shapes); None for anything else."""
    if not (isinstance(a, ShapeTuple) and isinstance(b, ShapeTuple)) or len(a) != len(b):
        return None
    return ShapeTuple((None,) * len(a))


def op_result(name: str, args: list[Arg] | None, lib: str = "ops") -> Any:
    """A tensor of ``name(*args)``'s shape (poisoned when an input is), or NOT_FOLLOWED."""
    if args is None:
        return NOT_FOLLOWED
    pos = [a.value for a in args if a.keyword is None]
    kw = {a.keyword: a.value for a in args if a.keyword is not None}
    tensors = _inputs_of(pos, kw)
    if name in ("maximum", "minimum") and lib in ("tf", "backend") and len(pos) == 2 and not kw:
        extreme = _shape_extreme(name, pos[0], pos[1])
        if extreme is not None:
            return extreme
    if not tensors:
        if lib in ("backend", "tf") and name in ELEMENTWISE and pos and _number(pos[0]):
            # ``K.sqrt(K.cast(K.shape(q)[-1], "float32"))``: a size made a scalar tensor (rank 0),
            # which broadcasts against any tensor (custom attention layers scale by it)
            return Tensor(Shape(()), None, 0, False)
        return NOT_FOLLOWED  # on data (arrays, numbers): not a Keras tensor function here
    poisoned = any(t.poisoned for t in tensors)
    if name == "split":
        parts = split_shapes(pos, kw, lib)
        if parts is None:
            return NOT_FOLLOWED
        return [Tensor(s, None, 0, poisoned) for s in parts]
    if name == "ndim" and lib == "backend" and len(pos) == 1 and tensors[0] is pos[0] and not kw:
        # ``K.ndim(x)`` (tf_keras 2.21 ``backend.ndim``: ``x.shape.rank``): a Python int
        dims = tensors[0].shape.dims
        return len(dims) if dims is not None else NOT_FOLLOWED
    if name == "int_shape" and lib == "backend" and len(tensors) == 1 and tensors[0] is pos[0]:
        dims = tensors[0].shape.dims
        return ShapeTuple(dims) if dims is not None else NOT_FOLLOWED
    if name == "shape" and pos and isinstance(pos[0], Tensor):
        # ``keras.ops.shape`` gives a tuple, ``tf.shape``/``K.shape`` a tensor of sizes: read
        # one, it is that size (``None`` for an axis known only at run time)
        dims = pos[0].shape.dims
        return ShapeTuple(dims) if dims is not None else NOT_FOLLOWED
    if name == "top_k":  # (values, indices): the last axis cut to k
        a = _Args(pos, kw)
        x = _dims(a.get(0, "input", "x", default=None))
        k = a.get(1, "k", default=1)
        if not x or not (is_int(k) and k >= 0):
            return NOT_FOLLOWED
        return [Tensor(Shape(x[:-1] + (k,)), None, 0, poisoned) for _ in range(2)]
    if name == "moments" and lib == "tf":  # (mean, variance), reduced over ``axes``
        a = _Args(pos, kw)
        x = _dims(a.get(0, "x", default=None))
        reduced = None if x is None else _reduce(x, a.get(1, "axes", default=None), a.get(3, "keepdims", default=False))
        if reduced is None:
            return NOT_FOLLOWED
        return [Tensor(reduced, None, 0, poisoned) for _ in range(2)]
    if name == "unstack":
        parts = unstack_shapes(pos, kw)
        if parts is None:
            return NOT_FOLLOWED
        return [Tensor(s, None, 0, poisoned) for s in parts]
    shape = op_shape(name, pos, kw, lib)
    if shape is None:
        return through_unknown(name, tensors, poisoned)
    return Tensor(shape, None, 0, poisoned)


# the functions ``op_shape`` models with one result: given a tensor of unknown rank they are
# still understood, their result is only as unknown as that input
_MODELLED = (
    ELEMENTWISE
    | BINARY
    | SAME_AS_FIRST
    | _TWO_ARG_ELEMENTWISE
    | REDUCTIONS
    | ARG_REDUCTIONS
    | CONCAT
    | frozenset(
        {
            "stack",
            "expand_dims",
            "squeeze",
            "reshape",
            "transpose",
            "permute_dimensions",
            "matmul",
            "matvec",
            "tile",
            "repeat",
            "repeat_elements",
            "pad",
            "gather",
            "take",
            "slice",
            "one_hot",
            "where",
            "norm",
            "einsum",
            "tensordot",
            "broadcast_to",
            "batch_flatten",
            "flatten",
        }
    )
)


def through_unknown(name: str, tensors: list[Tensor], poisoned: bool) -> Any:
    """``name`` applied to a tensor of unknown rank: a function the analysis models gives a
    tensor as unknown as its input, for the input's reason (the call itself is understood: not
    "call not followed"); NOT_FOLLOWED for any other function or when every input is known."""
    unknown = [t for t in tensors if t.shape.dims is None]
    if name not in _MODELLED or not unknown:
        return NOT_FOLLOWED
    causes = explain.lost_reasons_of(unknown)
    return Tensor.unknown(poisoned, causes[0] if causes else None)


# functions making a tensor of a given shape (``tf.zeros``, ``K.random_normal``, ...)
SHAPE_MAKERS = frozenset(
    {
        "zeros",
        "ones",
        "fill",
        "random_normal",
        "random_uniform",
        "truncated_normal",
        "random.normal",
        "random.uniform",
        "random.truncated_normal",
    }
)


def made_from_sizes(name: str, args: list[Arg] | None, traced: bool, node: cst.CSTNode | None = None) -> Any:
    """A tensor made from sizes rather than from tensors: ``range``/``arange`` and
    ``zeros``/``ones``/``fill``/``random_*`` of a shape. A Keras tensor (no producer) when a
    size is read at run time (``tf.shape(x)[0]`` is ``None``) or inside code Keras traces
    (``traced``); an array of that shape otherwise; NOT_FOLLOWED when the sizes are not known
    (measured, TF 2.21: ``tf.range(tf.shape(x)[1])`` on ``(None, 6, 4)`` has 6 elements,
    ``tf.ones((tf.shape(x)[0], 3))`` is ``(None, 3)``)."""
    if args is None:
        return NOT_FOLLOWED
    a = _Args([v.value for v in args if v.keyword is None], {v.keyword: v.value for v in args if v.keyword})
    if name in ("range", "arange"):
        start = a.get(0, "start", default=MISSING)
        limit = a.get(1, "limit", "stop", default=MISSING)
        if start is MISSING:
            start = 0 if limit is not MISSING else MISSING
        if start is MISSING or isinstance(start, (Tensor, ArrayValue)) or isinstance(limit, (Tensor, ArrayValue)):
            return NOT_FOLLOWED
        length = range_length(start, limit, a.get(2, "delta", "step", default=1))
        if length is UNKNOWN:
            return NOT_FOLLOWED
        dims: tuple[Any, ...] = (length,)
    elif name in SHAPE_MAKERS:
        found = _sizes(a.get(0, "shape", "dims", default=None))
        if found is None:
            return NOT_FOLLOWED
        dims = found
    else:
        return NOT_FOLLOWED
    if traced or any(d is None for d in dims):
        return Tensor(Shape(dims))
    return ArrayValue(dims, node)


def size_vector(name: str, pos: list[Any], kw: dict[str, Any]) -> Any:
    """``concat``/``stack`` of sizes rather than tensors (``tf.stack([tf.shape(x)[0], 24])``,
    ``tf.concat([tf.shape(x)[:1], [24]], 0)``): the vector of those sizes, as a shape tuple
    (a reshape target); NOT_FOLLOWED when a part is not a size."""
    parts = pos[0] if pos else kw.get("values", kw.get("tensors", kw.get("x")))
    if not isinstance(parts, (list, tuple)) or not parts:
        return NOT_FOLLOWED
    sizes: list[Any] = []
    for part in parts:
        items = [part] if name == "stack" else part
        if not isinstance(items, (list, tuple)):
            return NOT_FOLLOWED
        if not all(d is None or is_int(d) or isinstance(d, Sym) for d in items):
            return NOT_FOLLOWED
        sizes.extend(items)
    return ShapeTuple(sizes)


def tensor_binop(op: str, left: Any, right: Any) -> Any:
    """``a + b``, ``a * 2``, ... with a Keras tensor: the broadcast shape; an unknown tensor when
    the shapes cannot be combined (Keras refuses: LST110, reported by ``check_operator``);
    NOT_FOLLOWED without one."""
    if not (isinstance(left, Tensor) or isinstance(right, Tensor)):
        return NOT_FOLLOWED
    tensors = [v for v in (left, right) if isinstance(v, Tensor)]
    poisoned = any(t.poisoned for t in tensors)
    other = right if isinstance(left, Tensor) else left
    if not (isinstance(other, (Tensor, ArrayValue)) or _scalar(other) or other is None):
        return Tensor.unknown(poisoned)
    shape = _binary_shape(left, right)
    if shape is None:
        return Tensor.unknown(poisoned)
    return Tensor(shape, None, 0, poisoned)


def check_binary_call(
    ctx: Context, qual: str, name: str, args: list[Arg] | None, node: cst.Call, outside_ops: bool
) -> None:
    """``keras.ops.add(a, b)``, ``tf.multiply(a, b)``, ``K.maximum(a, b)``, ...: LST110 when
    the two shapes cannot broadcast. ``outside_ops``: a TensorFlow or ``keras.backend``
    function, which Keras 3 refuses on symbolic tensors outside traced code with another error
    (LST406/LST407): left to those."""
    if args is None or not (name in BINARY or name in _TWO_ARG_ELEMENTWISE):
        return
    if outside_ops and ctx.keras is KerasVersion.KERAS3 and not ctx.traced:
        return
    if any(a.star for a in args):
        return
    pos = [a.value for a in args if a.keyword is None]
    kw = {a.keyword: a.value for a in args if a.keyword is not None}
    a = _Args(pos, kw)
    first = a.get(0, "x", "x1", "a", default=None)
    if name in _TWO_ARG_ELEMENTWISE:
        second = a.get(1, "y", "x2", "exponent", default=None)
    else:
        second = a.get(1, "y", "x2", "b", default=None)
    shown = qual.replace("tensorflow.", "tf.", 1) if qual.startswith("tensorflow.") else qual
    operators.check_elementwise(ctx, shown, first, second, node, operator=False)


# ``K.epsilon()`` and ``K.floatx()``: Keras' defaults (only ever used as a scalar and a dtype here)
BACKEND_CONSTANTS: dict[str, Any] = {"epsilon": 1e-07, "floatx": "float32"}


class KerasOpsOverlay(Overlay):
    name = "keras_ops"

    def call_ref(self, ref: Ref, args: list[Arg] | None, node: cst.Call) -> Any:
        path = keras_path(ref.qual)
        if path and path[0] == "activations":
            return self.activation(ref, path[-1], args)
        if path and len(path) == 2 and path[0] == "random" and f"random.{path[1]}" in SHAPE_MAKERS:
            if self.ctx.keras is not KerasVersion.KERAS3:
                return NOT_FOLLOWED  # ``keras.random`` is Keras 3's (tf_keras has none)
            # ``keras.random.normal(shape, mean, stddev, ...)`` (keras 3.15.1): a tensor of that shape
            return made_from_sizes(f"random.{path[1]}", args, self.ctx.traced > 0, node)
        if not path or path[0] not in ("ops", "backend"):
            return NOT_FOLLOWED
        if path[0] == "backend" and self.ctx.keras is KerasVersion.KERAS3:
            keras3_ops.check_backend_call(self.ctx, ref.qual, path, args, node)
        if path[0] == "backend" and path[-1] in BACKEND_CONSTANTS and not args:
            return BACKEND_CONSTANTS[path[-1]]  # ``x / (K.sum(x) + K.epsilon())``: a scalar
        if path == ("backend", "backend") and not args and self.ctx.keras is KerasVersion.KERAS2:
            if ref.qual.startswith(("tensorflow.", "tf_keras.")):
                return "tensorflow"  # ``tf.keras`` 2 / tf_keras run on TensorFlow only (Keras 3's may not)
        check_binary_call(self.ctx, ref.qual, path[-1], args, node, path[0] == "backend")
        result = op_result(path[-1], args, "backend" if path[0] == "backend" else "ops")
        if result is NOT_FOLLOWED and path[-1] in ("arange", *SHAPE_MAKERS):
            result = made_from_sizes(path[-1], args, self.ctx.traced > 0, node)
        if result is NOT_FOLLOWED and path[-1] in ("concatenate", "stack") and args is not None:
            pos = [a.value for a in args if a.keyword is None]
            result = size_vector("concat" if path[-1] == "concatenate" else "stack", pos, {})
        return keras3_ops.propagate(self.ctx, [a.value for a in args or ()], result)

    def activation(self, ref: Ref, name: str, args: list[Arg] | None) -> Any:
        """``keras.activations.relu(x)`` and the others the file's Keras has: the shape of ``x``;
        ``keras.activations.get("relu")``: that function."""
        known = ACTIVATIONS_KERAS3 if self.ctx.keras is KerasVersion.KERAS3 else ACTIVATIONS_KERAS2
        if args is None or any(a.star for a in args):
            return NOT_FOLLOWED
        if name == "get":
            if len(args) != 1 or args[0].keyword not in (None, "identifier"):
                return NOT_FOLLOWED
            given = args[0].value
            if given is None:  # Keras 2 and 3: ``get(None)`` is ``linear``
                given = "linear"
            if isinstance(given, str) and given in known:
                return Ref(f"{ref.qual.rpartition('.')[0]}.{given}")
            if isinstance(given, (FunctionValue, PartialValue)):
                return given  # a function is returned as it is
            if isinstance(given, Ref) and (keras_path(given.qual) or ())[:1] == ("activations",):
                return given
            if isinstance(given, Ref) and given.qual.startswith(("tensorflow.nn.", "tensorflow.math.")):
                return given  # ``get(tf.nn.relu)``: a callable is returned as it is (both Kerases)
            return NOT_FOLLOWED
        if name not in known:
            return NOT_FOLLOWED
        result = op_result(name, args, "activations")
        first = args[0].value if args and args[0].keyword in (None, "x") else None
        if result is NOT_FOLLOWED and isinstance(first, Tensor) and first.shape.dims is None:
            # an input of unknown shape: the output is as unknown, for the input's reason (not
            # "call not followed": the call itself is understood)
            causes = explain.lost_reasons_of([first])
            result = Tensor.unknown(first.poisoned, causes[0] if causes else None)
        return keras3_ops.propagate(self.ctx, [a.value for a in args], result)

    def binop(self, op: str, left: Any, right: Any) -> Any:
        return keras3_ops.propagate(self.ctx, [left, right], tensor_binop(op, left, right))

    def check_operator(self, op: str, left: Any, right: Any, node: cst.CSTNode) -> None:
        shown = f"{op}=" if isinstance(node, cst.AugAssign) else op  # ``x += y``
        operators.check_elementwise(self.ctx, shown, left, right, node, operator=True)

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
