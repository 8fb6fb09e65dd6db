"""What NumPy means: arrays whose shape the analysis knows.

Arrays made by ``np.zeros/ones/empty/full((64, 12, 5))``, ``np.random.rand(64, 12, 5)``,
``np.random.random/normal/uniform/randint(..., size=(...))``, ``np.arange(n)``, ``np.array`` of
a nested literal, a ``default_rng()`` generator, and what ``.reshape``, indexing, ``.T`` and
``np.expand_dims``/``np.pad`` make of them keep a known shape (and a 1-D literal array of numbers,
``np.array([1, 1, 2]) * k``, its values); ``X.shape``, ``X.shape[1:]``, ``len(X)``
then give real numbers. Any other ``X`` stays symbolic: ``X.shape[1]`` is a size shown by its
text, ``X.shape[1:]`` is unknown. ``np.reshape(X, (n, 28, 28, 1))`` of such an ``X`` has the
target's shape (NumPy raises otherwise; a ``-1`` axis is unknown); ``np.append(X, v, axis=k)``
keeps ``X``'s other axes (NumPy raises unless ``v`` matches them) and ``np.arange(n)`` of a size
the analysis names (or does not know) is 1-D.

Data a project's own helpers make (tsgm's ``gen_sine_dataset``): ``np.array`` of a list of
equally shaped arrays stacks them; element-wise functions (``np.sin``, ``np.exp``, ...) keep the
shape; arithmetic between arrays broadcasts as NumPy does (``broadcast``); ``np.repeat``,
``np.tile``; a draw without ``size`` (``np.random.random()``) is one number not known;
``np.transpose(X, axes)`` of an ``X`` not known has ``len(axes)`` axes (NumPy raises unless
``axes`` permutes ``X``'s); ``hasattr(x, "shape")`` of an array or a tensor is True.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

import libcst as cst

from lstmlint.graph.model import Tensor
from lstmlint.interp.overlays.base import Overlay
from lstmlint.interp.overlays.values import ArrayValue, ShapeOf, ShapeTuple, is_shape_dim, shape_dim
from lstmlint.interp.pybuiltins import builtin_types
from lstmlint.interp.values import NOT_FOLLOWED, Arg, BoundMethod, ObjectValue, Scope
from lstmlint.shapes import UNKNOWN, Sym, is_int
from lstmlint.shapes.dims import is_number, product
from lstmlint.source.imports import Ref
from lstmlint.source.keras_target import KerasVersion

# array methods that return a new array (or nothing) and leave the array itself as it is
PURE_ARRAY_METHODS = frozenset(
    {
        "reshape",
        "astype",
        "copy",
        "squeeze",
        "flatten",
        "ravel",
        "transpose",
        "mean",
        "sum",
        "max",
        "min",
        "std",
        "var",
        "argmax",
        "argmin",
        "tolist",
        "item",
        "any",
        "all",
        "round",
        "clip",
        "cumsum",
        "dot",
        "view",
        "swapaxes",
        "repeat",
        "take",
        "nonzero",
        "tobytes",
        "dump",
        "tofile",
    }
)
# the random draws that give one number when no ``size`` is given
_SCALAR_DRAWS = frozenset(
    {"random.random", "random.random_sample", "random.ranf", "random.sample", "random.standard_normal"}
    | {"random.normal", "random.uniform", "random.randint"}
)
# NumPy's element-wise functions of one array: the result has its shape
_UNARY = frozenset(
    {"sin", "cos", "tan", "arcsin", "arccos", "arctan", "sinh", "cosh", "tanh", "exp", "expm1", "log"}
    | {"log2", "log10", "log1p", "sqrt", "square", "abs", "absolute", "fabs", "sign", "floor", "ceil"}
    | {"rint", "negative", "reciprocal", "isnan", "isinf", "isfinite"}
)
_ARRAY_ATTRIBUTES = frozenset({"shape", "ndim", "dtype"})  # ``hasattr(x, "shape")``: True
_CALLS = itertools.count()  # one key per ``blind_transpose`` result
_ARITHMETIC = frozenset({"+", "-", "*", "/", "//", "%", "**"})  # element-wise, broadcasting
_RAND_VARARGS = ("random.rand", "random.randn")
_SIZE_FIRST = ("zeros", "ones", "empty", "full")
_SIZED = {
    "random.random": 0,
    "random.random_sample": 0,
    "random.sample": 0,
    "random.ranf": 0,
    "random.standard_normal": 0,
    "random.normal": 2,
    "random.uniform": 2,
    "random.randint": 2,
    "random.choice": 1,
    "random.binomial": 2,
    "random.poisson": 1,
    "random.integers": 2,
}


@dataclass(eq=False)
class ValuedArray(ArrayValue):
    """A 1-D NumPy array of numbers whose values are known (``np.array([1, 1, 2]) * k``): an
    element read from it is that number. ``values`` becomes None once anything the analysis
    does not follow may have changed the array in place."""

    values: list[Any] | None = None


def numbers(value: Any) -> list[Any] | None:
    """A flat literal list/tuple of numbers, or None."""
    if isinstance(value, (list, tuple)) and value and all(_number(v) for v in value):
        return list(value)
    return None


def _number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def dims_of(value: Any) -> tuple[Any, ...] | None:
    """A shape argument (``(64, 12, 5)`` or ``64``) as dims, or None."""
    if is_int(value) or is_number(value):  # an unknown value bound to a name may be a tuple
        return (value,)
    if isinstance(value, (tuple, list)) and all(is_int(d) or isinstance(d, Sym) for d in value):
        return tuple(value)
    return None


def literal_dims(value: Any) -> tuple[Any, ...] | None:
    """The shape of a nested list literal (``np.array([[1, 2], [3, 4]])``)."""
    if isinstance(value, (list, tuple)):
        if not value:
            return (0,)
        inner = [literal_dims(v) for v in value]
        first = inner[0]
        if first is None or any(i != first for i in inner):
            return None
        return (len(value),) + first
    if isinstance(value, (int, float, bool)):
        return ()
    if isinstance(value, ArrayValue) and all(is_int(d) or isinstance(d, Sym) for d in value.dims):
        return tuple(value.dims)  # ``np.array([row_a, row_b])`` of arrays of one known shape
    return None


def known_nesting(value: Any, known: Any) -> bool:
    """Whether ``value`` and the lists/tuples in it are known on every path (``known``: the
    context's test for one container)."""
    if isinstance(value, (list, tuple)):
        return bool(known(value)) and all(known_nesting(v, known) for v in value)
    return True


def reshaped(dims: tuple[Any, ...], target: tuple[Any, ...]) -> tuple[Any, ...] | None:
    """``reshape`` with at most one -1, when the sizes are known."""
    if not all(is_int(d) or isinstance(d, Sym) for d in target):
        return None
    holes = [i for i, d in enumerate(target) if is_int(d) and d == -1]
    if len(holes) > 1:
        return None
    if not holes:
        return tuple(target)
    total = product(dims)
    rest = product([d for d in target if not (is_int(d) and d == -1)])
    if is_int(total) and is_int(rest) and rest and total % rest == 0:
        out = list(target)
        out[holes[0]] = total // rest
        return tuple(out)
    return tuple(UNKNOWN if i == holes[0] else d for i, d in enumerate(target))


def blind_reshape(target: Any) -> tuple[Any, ...] | None:
    """The shape ``np.reshape(a, target)`` gives whatever ``a`` holds (NumPy raises when the
    sizes do not match): the target, a ``-1`` axis unknown; None when not a shape."""
    if is_int(target):
        target = (target,)
    if not isinstance(target, (tuple, list)) or not all(is_int(d) or isinstance(d, Sym) for d in target):
        return None
    holes = [i for i, d in enumerate(target) if is_int(d) and d == -1]
    if len(holes) > 1 or any(is_int(d) and d < -1 for d in target):
        return None
    return tuple(UNKNOWN if is_int(d) and d == -1 else d for d in target)


def blind_transpose(axes: Any, text: str, node: cst.CSTNode) -> Any:
    """``np.transpose(a, axes)`` of an ``a`` whose shape is not known: NumPy raises unless
    ``axes`` is a permutation of ``a``'s axes (numpy 1.26 and 2.x: "axes don't match array";
    negative axes count from the end), so the result has ``len(axes)`` axes, each a size named
    after the call (``np.transpose(x, [0, 2, 1]).shape[1]``); NOT_FOLLOWED without a literal
    permutation."""
    if not isinstance(axes, (tuple, list)) or not axes or not all(is_int(a) for a in axes):
        return NOT_FOLLOWED
    rank = len(axes)
    if sorted(a % rank if -rank <= a < rank else -1 for a in axes) != list(range(rank)):
        return NOT_FOLLOWED  # NumPy raises: not followed
    call = next(_CALLS)  # each call its own sizes: two calls may give arrays of different shapes
    return ArrayValue(tuple(shape_dim(f"{text}.shape[{i}]", ("transpose", call, i)) for i in range(rank)), node)


def tiled(dims: tuple[Any, ...], reps: Any) -> tuple[Any, ...] | None:
    """``np.tile(a, reps)``: ``a``'s shape and ``reps`` aligned on the right (the shorter padded
    with 1s on the left), each axis multiplied by its repetitions (numpy 1.26 and 2.x)."""
    if is_int(reps):
        reps = (reps,)
    if not isinstance(reps, (tuple, list)) or not all(is_int(r) and r >= 0 for r in reps):
        return None
    n = max(len(dims), len(reps))
    a = (1,) * (n - len(dims)) + tuple(dims)
    r = (1,) * (n - len(reps)) + tuple(reps)
    return tuple(d * k if is_int(d) else d if k == 1 else UNKNOWN for d, k in zip(a, r))


def broadcast(a: tuple[Any, ...], b: tuple[Any, ...]) -> tuple[Any, ...] | None:
    """The shape NumPy broadcasting gives arrays of shapes ``a`` and ``b`` (aligned on their
    last axes; a size 1 stretches to the other; NumPy raises on two different sizes: None).
    A size not known against a known size other than 1 is that size (if the unknown one is
    not 1 it must be equal, or NumPy raises); two sizes not known and not the same are unknown."""
    out: list[Any] = []
    for i in range(1, max(len(a), len(b)) + 1):
        x = a[-i] if i <= len(a) else 1
        y = b[-i] if i <= len(b) else 1
        if same_dim(x, y):
            out.append(x)
        elif is_int(x) and is_int(y):
            if x != 1 and y != 1:
                return None
            out.append(y if x == 1 else x)
        elif is_int(x) and x == 1:
            out.append(y)
        elif is_int(y) and y == 1:
            out.append(x)
        elif is_int(x):
            out.append(x)
        elif is_int(y):
            out.append(y)
        else:
            out.append(UNKNOWN)
    return tuple(reversed(out))


def padded_dims(dims: tuple[Any, ...], width: Any) -> tuple[Any, ...] | None:
    """``np.pad(x, pad_width)``: each axis grows by its (before, after); ``pad_width`` is an int,
    one ``(before, after)`` pair (or ``(n,)``) for every axis, or one pair per axis."""
    pairs: list[Any]
    if is_int(width):
        pairs = [(width, width)] * len(dims)
    elif isinstance(width, (tuple, list)) and width and all(is_int(w) for w in width) and len(width) <= 2:
        pairs = [(width[0], width[-1])] * len(dims)
    elif (
        isinstance(width, (tuple, list))
        and len(width) in (1, len(dims))
        and all(isinstance(p, (tuple, list)) and len(p) in (1, 2) and all(is_int(w) for w in p) for p in width)
    ):
        pairs = [(p[0], p[-1]) for p in width] * (len(dims) if len(width) == 1 else 1)
    else:
        return None
    if any(b < 0 or a < 0 for b, a in pairs):
        return None  # NumPy refuses negative widths
    return tuple(d + b + a if is_int(d) else UNKNOWN for d, (b, a) in zip(dims, pairs))


def _arith_value(op: str, a: Any, b: Any) -> Any:
    try:
        return {"+": a + b, "-": a - b, "*": a * b}[op] if op != "//" else a // b
    except ZeroDivisionError:
        return None


def same_dim(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if is_int(a) and is_int(b):
        return bool(a == b)
    if isinstance(a, Sym) and isinstance(b, Sym):
        return bool(a == b)
    return False


def _is_newaxis(el: cst.SubscriptElement) -> bool:
    sl = el.slice
    return isinstance(sl, cst.Index) and isinstance(sl.value, cst.Name) and sl.value.value == "None"


# joining arrays: the function and the axis it joins along by default (None: a new axis 0)
_JOIN = {"concatenate": 0, "stack": None, "vstack": 0, "hstack": 1, "row_stack": 0, "column_stack": 1, "dstack": 2}


def _at_least(dims: tuple[Any, ...], rank: int, name: str) -> tuple[Any, ...]:
    """``vstack``/``hstack``/``dstack`` first promote 1-D (and 2-D) arrays."""
    if name in ("vstack", "row_stack") and len(dims) == 1:
        return (1,) + dims
    if name == "column_stack" and len(dims) == 1:
        return dims + (1,)
    if name == "dstack":
        if len(dims) == 1:
            return (1,) + dims + (1,)
        if len(dims) == 2:
            return dims + (1,)
    return dims


_INT_DTYPES = frozenset({"builtins.int", "numpy.int32", "numpy.int64"})


class NumpyOverlay(Overlay):
    name = "numpy"

    # ------------------------------------------------------------------ calls
    def call_ref(self, ref: Ref, args: list[Arg] | None, node: cst.Call) -> Any:
        if args is None or ref.qual.split(".")[0] != "numpy":
            return NOT_FOLLOWED
        pos = [a.value for a in args if a.keyword is None]
        kw = {a.keyword: a.value for a in args if a.keyword is not None}
        return self.call_numpy(ref.qual[6:], pos, kw, node)

    def call_numpy(self, name: str, pos: list[Any], kw: dict[str, Any], node: cst.Call) -> Any:
        dims: tuple[Any, ...] | None = None
        if name in _SIZE_FIRST:
            dims = dims_of(pos[0] if pos else kw.get("shape"))
        elif name in _RAND_VARARGS:
            dims = dims_of(tuple(pos)) if pos else ()
        elif name in _SIZED:
            size = kw.get("size", pos[_SIZED[name]] if len(pos) > _SIZED[name] else None)
            if size is None and name in _SCALAR_DRAWS:
                # without a size NumPy draws one number: a number the analysis does not know
                # (it broadcasts as a number does), each draw its own
                return shape_dim(self.ctx.source(node), ("draw", next(_CALLS)))
            dims = dims_of(size) if size is not None else None
        elif name in _UNARY and len(pos) == 1 and set(kw) <= {"out", "dtype"} and isinstance(pos[0], ArrayValue):
            dims = pos[0].dims  # an element-wise function keeps the shape
        elif name == "repeat" and pos and isinstance(pos[0], ArrayValue):
            return self.repeated(
                pos[0], pos[1] if len(pos) > 1 else kw.get("repeats"), pos[2] if len(pos) > 2 else kw.get("axis"), node
            )
        elif name == "tile" and len(pos) == 2 and isinstance(pos[0], ArrayValue):
            dims = tiled(pos[0].dims, pos[1])
        elif name in ("zeros_like", "ones_like", "empty_like", "full_like") and pos and isinstance(pos[0], ArrayValue):
            dims = pos[0].dims
        elif name == "arange" and pos and all(is_int(p) for p in pos[:3]) and len(pos) <= 3:
            dims = (len(range(*pos)),)
        elif name == "arange" and len(pos) == 1 and not kw and not isinstance(pos[0], (ArrayValue, Tensor)):
            # ``np.arange(n)`` of a size the analysis names (or does not know): n numbers
            dims = (pos[0] if isinstance(pos[0], Sym) else UNKNOWN,)
        elif name in ("array", "asarray", "float32") and pos:
            if isinstance(pos[0], ArrayValue):
                dims = pos[0].dims
            else:
                dims = literal_dims(pos[0]) if known_nesting(pos[0], self.ctx.known) else None
                values = numbers(pos[0])
                if values is not None and self.ctx.known(pos[0]):
                    return ValuedArray((len(values),), node, values)
        elif name == "reshape" and len(pos) >= 2 and isinstance(pos[0], ArrayValue):
            return self.array_method(pos[0], "reshape", [Arg(None, p) for p in pos[1:]], node)
        elif name == "reshape" and (pos or "a" in kw) and not isinstance(pos[0] if pos else kw["a"], Tensor):
            # data the analysis does not know (a file, a download): ``np.reshape`` either raises
            # or gives an array of the target shape, the ``-1`` axis unknown
            target = pos[1] if len(pos) > 1 else kw.get("newshape", kw.get("shape"))
            dims = blind_reshape(target)
        elif name == "append" and len(pos) >= 2:
            return self.appended(pos[0], pos[1], pos[2] if len(pos) > 2 else kw.get("axis"), node)
        elif name == "shape" and len(pos) == 1 and isinstance(pos[0], ArrayValue):
            return ShapeTuple(pos[0].dims)
        elif name == "expand_dims" and pos and isinstance(pos[0], ArrayValue):
            axis = pos[1] if len(pos) > 1 else kw.get("axis")
            d = list(pos[0].dims)
            if is_int(axis) and -len(d) - 1 <= axis <= len(d):
                d.insert(axis if axis >= 0 else len(d) + 1 + axis, 1)
                dims = tuple(d)
        elif name == "random.permutation" and pos:
            dims = (pos[0],) if is_int(pos[0]) else pos[0].dims if isinstance(pos[0], ArrayValue) else None
        elif name in ("eye", "identity") and pos and is_int(pos[0]):
            m: Any = pos[0]
            if name == "eye":
                m = pos[1] if len(pos) > 1 else kw.get("M")
                m = pos[0] if m is None else m
            dims = (pos[0], m if is_int(m) else UNKNOWN)
        elif name in _JOIN and pos:
            return self.joined(name, pos[0], kw.get("axis", pos[1] if len(pos) > 1 else None), node)
        elif name == "transpose" and pos and isinstance(pos[0], ArrayValue):
            axes = pos[1] if len(pos) > 1 else kw.get("axes")
            return self.array_method(pos[0], "transpose", [] if axes is None else [Arg(None, axes)], node)
        elif name == "transpose" and pos and not isinstance(pos[0], Tensor):
            # data the analysis does not know: NumPy raises unless ``axes`` permutes its axes
            return blind_transpose(pos[1] if len(pos) > 1 else kw.get("axes"), self.ctx.source(node), node)
        elif name == "squeeze" and pos and isinstance(pos[0], ArrayValue):
            axis = pos[1] if len(pos) > 1 else kw.get("axis")
            return self.array_method(pos[0], "squeeze", [] if axis is None else [Arg(None, axis)], node)
        elif (
            name in ("ascontiguousarray", "copy", "float64", "int32", "int64")
            and pos
            and isinstance(pos[0], ArrayValue)
        ):
            dims = pos[0].dims
        elif name == "pad" and pos and isinstance(pos[0], ArrayValue):
            dims = padded_dims(pos[0].dims, pos[1] if len(pos) > 1 else kw.get("pad_width"))
        elif name == "random.default_rng":
            return Ref("numpy.random")  # a generator draws like the module functions
        elif name in ("prod", "product") and len(pos) == 1 and set(kw) <= {"dtype"}:
            # ``np.prod([2, 4])`` of known Python ints: their product; of an empty list 1.0, or
            # 1 with an integer ``dtype`` (another dtype: not followed)
            sizes, dtype = pos[0], kw.get("dtype")
            whole = dtype is None or (isinstance(dtype, Ref) and dtype.qual in _INT_DTYPES)
            if isinstance(sizes, (list, tuple)) and all(is_int(s) for s in sizes) and self.ctx.known(sizes) and whole:
                if not sizes and dtype is None:
                    return 1.0
                return product(sizes)
            return NOT_FOLLOWED
        if dims is None:
            return NOT_FOLLOWED
        return ArrayValue(tuple(dims), node)

    def builtin(self, name: str, pos: list[Any], kw: dict[str, Any]) -> Any:
        if name == "len" and len(pos) == 1 and isinstance(pos[0], ArrayValue) and pos[0].dims:
            return pos[0].dims[0]
        if name == "hasattr" and len(pos) == 2 and not kw and isinstance(pos[0], (ArrayValue, Tensor)):
            # a NumPy array has these; a Keras tensor (keras 3.15.1 and tf_keras 2.21) and a
            # TensorFlow tensor have ``shape`` and ``dtype`` (tf_keras' KerasTensor has no ``ndim``)
            if pos[1] in _ARRAY_ATTRIBUTES and (isinstance(pos[0], ArrayValue) or pos[1] != "ndim"):
                return True
        if name == "isinstance" and len(pos) == 2 and isinstance(pos[0], ArrayValue) and builtin_types(pos[1]):
            return False  # an array is none of the builtin types
        return NOT_FOLLOWED

    def call_method(self, obj: Any, name: str, args: list[Arg] | None, node: cst.Call) -> Any:
        if isinstance(obj, ArrayValue):
            return self.array_method(obj, name, args, node)
        if type(obj) is ShapeTuple and name == "as_list" and args == []:
            return list(obj)  # ``t.get_shape().as_list()`` of a TensorFlow tensor
        return NOT_FOLLOWED

    # ------------------------------------------------------------------ arrays
    def attribute(self, base: Any, attr: str, node: cst.Attribute) -> Any:
        if isinstance(base, ArrayValue):
            if attr == "shape":
                return ShapeTuple(base.dims)
            if attr == "ndim":
                return len(base.dims)
            if attr == "T":
                return ArrayValue(tuple(reversed(base.dims)), node)
            if attr == "size":
                return product(base.dims)
            return BoundMethod(base, attr)
        if type(base) is ShapeTuple and attr == "as_list":
            return BoundMethod(base, attr)
        if attr == "shape":
            # ``X.shape`` of something whose shape is not known: indexing it gives named sizes
            if isinstance(base, Sym):
                return ShapeOf(self.ctx.source(node), ("shape", base.key))
            if base is UNKNOWN:
                return ShapeOf(self.ctx.source(node), ("shape", self.ctx.source(node.value)))
        return NOT_FOLLOWED

    def binop(self, op: str, left: Any, right: Any) -> Any:
        """Element-wise arithmetic: an array with a number keeps its shape; two arrays of the
        same shape too; anything else (broadcasting) is not followed."""
        if op in ("<", "<=", ">", ">=") and (isinstance(left, ArrayValue) or isinstance(right, ArrayValue)):
            return UNKNOWN  # a boolean mask: what indexing with it keeps is not known
        if isinstance(left, ArrayValue) and isinstance(right, ArrayValue):
            if len(left.dims) == len(right.dims) and all(
                is_int(a) and is_int(b) and a == b for a, b in zip(left.dims, right.dims)
            ):
                return ArrayValue(left.dims, left.node)
            dims = broadcast(tuple(left.dims), tuple(right.dims)) if op in _ARITHMETIC else None
            return UNKNOWN if dims is None else ArrayValue(dims, left.node)
        if not (isinstance(left, ArrayValue) or isinstance(right, ArrayValue)):
            return NOT_FOLLOWED
        arr, other = (left, right) if isinstance(left, ArrayValue) else (right, left)
        if isinstance(left, Tensor):
            return NOT_FOLLOWED  # ``tensor * array``: the tensor's broadcast (``overlays/keras_ops.py``)
        if (
            op in _ARITHMETIC
            and isinstance(right, Tensor)
            and (self.ctx.traced > 0 or self.ctx.keras is KerasVersion.KERAS2)
        ):
            # ``array * tensor``: tf_keras 2.21 broadcasts it (NumPy or TensorFlow array on the left
            # of a Keras tensor), and so does traced code (real tensors); Keras 3 refuses a NumPy array
            # there, so outside traced code it stays unknown. The broadcast: ``overlays/keras_ops.py``
            return NOT_FOLLOWED
        if isinstance(arr, ValuedArray) and arr.values is not None and _number(other) and op in ("+", "-", "*", "//"):
            values = [_arith_value(op, v, other) if arr is left else _arith_value(op, other, v) for v in arr.values]
            if all(_number(v) for v in values):
                return ValuedArray(arr.dims, arr.node, values)
        if is_number(other):  # an unknown value bound to a name may be an array: not a scalar
            return ArrayValue(arr.dims, arr.node)
        return UNKNOWN

    def set_attribute(self, base: Any, target: cst.Attribute, value: Any) -> bool:
        if isinstance(base, ArrayValue):
            self.forget_array(base, target)
            return True
        return False

    def lose_value(self, value: Any, node: cst.CSTNode | None, why: str) -> bool:
        if isinstance(value, ValuedArray):
            value.values = None  # a call or an item assignment may change its elements
            return True
        return False

    def forget_array(self, arr: ArrayValue, node: cst.CSTNode) -> None:
        """An array changed in place (``X.resize``, ``X.shape = ...``): every name that holds it,
        in the scopes the analysis can reach, forgets it."""
        self.ctx.sink.lose(node, "an array changed in place is not followed")
        scope: Scope | None = self.ctx.current_scope
        while scope is not None:
            for name, value in list(scope.items()):
                if value is arr:
                    scope[name] = Sym.fresh(name)
                elif isinstance(value, ObjectValue):
                    for key, v in list(value.attrs.items()):
                        if v is arr:
                            value.attrs[key] = UNKNOWN
            scope = scope.parent

    def array_method(self, arr: ArrayValue, name: str, args: list[Arg] | None, node: cst.CSTNode) -> Any:
        pos = [a.value for a in args or () if a.keyword is None]
        if name == "get_shape" and args == []:  # a TensorFlow tensor's static shape
            return ShapeTuple(arr.dims)
        if name not in PURE_ARRAY_METHODS:  # ``X.resize(...)`` and friends change X in place
            self.forget_array(arr, node)
            return UNKNOWN
        if name in ("astype", "copy"):
            return ArrayValue(arr.dims, node)
        if name in ("flatten", "ravel"):
            return ArrayValue((product(arr.dims),), node)
        if name == "transpose":
            axes = pos[0] if len(pos) == 1 and isinstance(pos[0], (tuple, list)) else tuple(pos)
            if not axes:
                return ArrayValue(tuple(reversed(arr.dims)), node)
            if sorted(a for a in axes if is_int(a)) == list(range(len(arr.dims))) and len(axes) == len(arr.dims):
                return ArrayValue(tuple(arr.dims[a] for a in axes), node)
            return UNKNOWN
        if name == "squeeze":
            axis = pos[0] if pos else None
            if axis is None:
                if all(is_int(d) for d in arr.dims):
                    return ArrayValue(tuple(d for d in arr.dims if d != 1), node)
                return UNKNOWN
            axes = axis if isinstance(axis, (tuple, list)) else (axis,)
            if not all(is_int(a) and -len(arr.dims) <= a < len(arr.dims) for a in axes):
                return UNKNOWN
            drop = {a % len(arr.dims) for a in axes}
            if not all(is_int(arr.dims[a]) and arr.dims[a] == 1 for a in drop):
                return UNKNOWN  # NumPy raises; not followed
            return ArrayValue(tuple(d for i, d in enumerate(arr.dims) if i not in drop), node)
        if name == "reshape" and pos:
            target = pos[0] if len(pos) == 1 and isinstance(pos[0], (tuple, list)) else tuple(pos)
            if is_int(target):
                target = (target,)
            if isinstance(target, (tuple, list)):
                dims = reshaped(arr.dims, tuple(target))
                if dims is not None:
                    return ArrayValue(dims, node)
        return UNKNOWN

    @staticmethod
    def repeated(arr: ArrayValue, repeats: Any, axis: Any, node: cst.CSTNode) -> Any:
        """``np.repeat(a, n, axis=k)``: axis ``k`` becomes ``n`` times as long; without an axis
        the array is flattened first (numpy 1.26 and 2.x). Only an int ``n`` is followed."""
        if not is_int(repeats) or repeats < 0:
            return NOT_FOLLOWED
        if axis is None:
            total = product(arr.dims)
            return ArrayValue((total * repeats if is_int(total) else UNKNOWN,), node)
        rank = len(arr.dims)
        if not is_int(axis) or not -rank <= axis < rank:
            return NOT_FOLLOWED
        axis %= rank
        d = arr.dims[axis]
        size = d * repeats if is_int(d) else d if repeats == 1 else UNKNOWN
        return ArrayValue(tuple(size if i == axis else x for i, x in enumerate(arr.dims)), node)

    @staticmethod
    def appended(arr: Any, values: Any, axis: Any, node: cst.CSTNode) -> Any:
        """``np.append(arr, values, axis=k)``: NumPy concatenates along ``k``, so the other axes
        are ``arr``'s (it raises otherwise), even when ``values`` is not known; without an
        ``axis`` both are flattened."""
        if not isinstance(arr, ArrayValue):
            return NOT_FOLLOWED
        if axis is None:
            sizes = [product(arr.dims), product(values.dims)] if isinstance(values, ArrayValue) else []
            total = sizes[0] + sizes[1] if len(sizes) == 2 and is_int(sizes[0]) and is_int(sizes[1]) else UNKNOWN
            return ArrayValue((total,), node)
        rank = len(arr.dims)
        if not is_int(axis) or not -rank <= axis < rank:
            return UNKNOWN
        axis %= rank
        size: Any = UNKNOWN
        if isinstance(values, ArrayValue):
            if len(values.dims) != rank:
                return UNKNOWN  # NumPy raises: not followed
            a, b = arr.dims[axis], values.dims[axis]
            size = a + b if is_int(a) and is_int(b) else UNKNOWN
        return ArrayValue(tuple(size if i == axis else d for i, d in enumerate(arr.dims)), node)

    def joined(self, name: str, parts: Any, axis: Any, node: cst.CSTNode) -> Any:
        """``np.concatenate``/``stack``/``vstack``/``hstack``/... of arrays of known rank."""
        if not isinstance(parts, (list, tuple)) or not parts or not all(isinstance(p, ArrayValue) for p in parts):
            return NOT_FOLLOWED
        default = _JOIN[name]
        if name not in ("concatenate", "stack"):
            axis = default
        elif axis is None:
            axis = 0
        if not is_int(axis):
            return UNKNOWN
        shapes = [_at_least(tuple(p.dims), 0, name) for p in parts]
        rank = len(shapes[0])
        if any(len(d) != rank for d in shapes):
            return UNKNOWN
        if name == "stack":
            if not -rank - 1 <= axis <= rank:
                return UNKNOWN
            axis %= rank + 1
            dims = [d if all(same_dim(d, o[i]) for o in shapes) else UNKNOWN for i, d in enumerate(shapes[0])]
            dims.insert(axis, len(shapes))
            return ArrayValue(tuple(dims), node)
        if name == "hstack" and rank == 1:
            axis = 0
        if not -rank <= axis < rank:
            return UNKNOWN
        axis %= rank
        out: list[Any] = []
        for i in range(rank):
            if i == axis:
                sizes = [d[i] for d in shapes]
                out.append(sum(sizes) if all(is_int(z) for z in sizes) else UNKNOWN)
            else:
                first = shapes[0][i]
                out.append(first if all(same_dim(first, d[i]) for d in shapes) else UNKNOWN)
        return ArrayValue(tuple(out), node)

    def subscript(self, base: Any, node: cst.Subscript, env: Scope) -> Any:
        if isinstance(base, ShapeOf):
            if len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index):
                idx = self.ctx.eval(node.slice[0].slice.value, env)
                if is_int(idx):
                    return shape_dim(self.ctx.source(node), (base.key, idx))
            return UNKNOWN
        if isinstance(base, ShapeTuple) and len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index):
            idx = self.ctx.eval(node.slice[0].slice.value, env)
            if is_int(idx) and -len(base) <= idx < len(base):
                return base[idx]
            text = self.ctx.source(node)
            # ``x.shape[axis]`` at an axis not known: a size of x, named by its text
            return shape_dim(text, ("free", text)) if not is_int(idx) else Sym.named(text)
        if isinstance(base, ValuedArray) and base.values is not None and len(node.slice) == 1:
            sl = node.slice[0].slice
            idx = self.ctx.eval(sl.value, env) if isinstance(sl, cst.Index) else None
            if is_int(idx) and -len(base.values) <= idx < len(base.values):
                return base.values[idx]
        if isinstance(base, ArrayValue):
            dims = self.index_dims(base.dims, node, env)
            return UNKNOWN if dims is None else ArrayValue(dims, node)
        return NOT_FOLLOWED

    def index_dims(self, shape: tuple[Any, ...], node: cst.Subscript, env: Scope) -> tuple[Any, ...] | None:
        """NumPy/Keras basic indexing (ints, slices, None, ...) on known dims; None if not followed."""
        dims = list(shape)
        out: list[Any] = []
        axis = 0
        elements = list(node.slice)
        for k, el in enumerate(elements):
            sl = el.slice
            if isinstance(sl, cst.Index):
                if isinstance(sl.value, cst.Ellipsis):
                    rest = sum(1 for e in elements[k + 1 :] if not _is_newaxis(e))
                    take = len(dims) - axis - rest
                    if take < 0:
                        return None
                    out += dims[axis : axis + take]
                    axis += take
                    continue
                value = self.ctx.eval(sl.value, env)
                if value is None or (isinstance(value, Ref) and value.qual in ("numpy.newaxis", "tensorflow.newaxis")):
                    out.append(1)
                    continue
                if is_int(value) and axis < len(dims):
                    if is_int(dims[axis]) and not -dims[axis] <= value < dims[axis]:
                        return None  # out of range: NumPy and Keras raise (not followed)
                    axis += 1  # an integer index drops the axis
                    continue
                if isinstance(value, ArrayValue) and len(elements) == 1 and dims and value.dims:
                    # one integer array (``np.eye(k)[labels]``, ``X[perm]``): its shape, then the rest
                    return tuple(value.dims) + tuple(dims[1:])
                if (
                    isinstance(value, list)
                    and len(elements) == 1
                    and dims
                    and value
                    and all(is_int(v) and not isinstance(v, bool) for v in value)
                ):
                    return (len(value),) + tuple(dims[1:])
                return None
            if isinstance(sl, cst.Slice):
                if axis >= len(dims):
                    return None
                parts = [self.ctx.eval(p, env) if p is not None else None for p in (sl.lower, sl.upper, sl.step)]
                if not all(p is None or is_int(p) for p in parts):
                    out.append(UNKNOWN)
                elif is_int(dims[axis]):
                    out.append(len(range(dims[axis])[slice(*parts)]))
                elif parts == [None, None, None]:
                    out.append(dims[axis])
                else:
                    out.append(UNKNOWN)
                axis += 1
                continue
            return None
        out += dims[axis:]
        return tuple(out)

    # ---------------------------------------------------------------- values
    def shaped(self, value: Any) -> bool:
        return isinstance(value, (ArrayValue, ShapeOf, ShapeTuple)) or is_shape_dim(value)

    def join(self, values: list[Any], node: cst.CSTNode | None, why: str) -> Any:
        if not all(isinstance(v, ArrayValue) for v in values):
            return NOT_FOLLOWED
        first = values[0]
        if all(len(v.dims) == len(first.dims) for v in values):
            dims = tuple(
                d if all(same_dim(d, v.dims[i]) for v in values) else UNKNOWN for i, d in enumerate(first.dims)
            )
            return ArrayValue(dims, first.node)
        return UNKNOWN
