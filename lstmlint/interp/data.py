"""Shapes that come from data: NumPy arrays, ``X.shape[1:]``, ``model.fit(x, y)``.

Arrays made by ``np.zeros/ones/empty/full((64, 12, 5))``, ``np.random.rand(64, 12, 5)``,
``np.random.random/normal/uniform/randint(..., size=(...))``, ``np.arange(n)``, ``np.array``
of a nested literal, a ``default_rng()`` generator, and what ``.reshape``, indexing, ``.T``,
``np.expand_dims``, ``to_categorical`` and ``train_test_split`` make of them keep a known
shape; ``X.shape``, ``X.shape[1:]``, ``len(X)`` then give real numbers. Any other ``X`` stays
symbolic: ``X.shape[1]`` is a size shown by its text, ``X.shape[1:]`` is unknown.

``model.compile(loss=...)`` is remembered, and ``model.fit(x, y)`` compares the model's output
with ``y`` the way Keras' loss does when training starts (see ``fit_problem``).
"""

from __future__ import annotations

from typing import Any

import libcst as cst

from lstmlint.shapes import UNKNOWN, Shape, ShapeProblem, Sym, is_int
from lstmlint.shapes.dims import product
from lstmlint.graph.model import Finding, Tensor
from lstmlint.source.imports import Ref, keras_path
from lstmlint.interp.ops import op_shape
from lstmlint.interp.values import (
    NOT_FOLLOWED,
    Arg,
    ArrayValue,
    FunctionalModel,
    LossValue,
    ObjectValue,
    PartialValue,
    SequentialModel,
    ShapeOf,
)

MAX_RANGE = 4096
# array methods that return a new array (or nothing) and leave the array itself as it is
PURE_ARRAY_METHODS = frozenset({
    "reshape", "astype", "copy", "squeeze", "flatten", "ravel", "transpose", "mean", "sum", "max",
    "min", "std", "var", "argmax", "argmin", "tolist", "item", "any", "all", "round", "clip",
    "cumsum", "dot", "view", "swapaxes", "repeat", "take", "nonzero", "tobytes", "dump", "tofile",
})

# losses Keras computes element by element after aligning ranks (broadcasting)
ELEMENTWISE_LOSSES = frozenset({
    "mse", "mae", "mape", "msle", "mean_squared_error", "mean_absolute_error",
    "mean_absolute_percentage_error", "mean_squared_logarithmic_error", "huber", "log_cosh", "logcosh",
    "meansquarederror", "meanabsoluteerror", "meanabsolutepercentageerror", "meansquaredlogarithmicerror",
    "logcosh", "huber_loss",
})
# losses whose backend op demands target and output of the same shape
SAME_SHAPE_LOSSES = frozenset({
    "binary_crossentropy", "categorical_crossentropy", "binarycrossentropy", "categoricalcrossentropy",
})
SPARSE_LOSSES = frozenset({"sparse_categorical_crossentropy", "sparsecategoricalcrossentropy"})


def _dims_of(value: Any) -> tuple[Any, ...] | None:
    """A shape argument (``(64, 12, 5)`` or ``64``) as dims, or None."""
    if is_int(value) or isinstance(value, Sym):
        return (value,)
    if isinstance(value, (tuple, list)) and all(is_int(d) or isinstance(d, Sym) for d in value):
        return tuple(value)
    return None


def _literal_dims(value: Any) -> tuple[Any, ...] | None:
    """The shape of a nested list literal (``np.array([[1, 2], [3, 4]])``)."""
    if isinstance(value, (list, tuple)):
        if not value:
            return (0,)
        inner = [_literal_dims(v) for v in value]
        if any(i is None for i in inner) or any(i != inner[0] for i in inner):
            return None
        return (len(value),) + inner[0]  # type: ignore[operator]
    if isinstance(value, (int, float, bool)):
        return ()
    return None


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


def loss_name(loss: Any) -> str | None:
    if isinstance(loss, str):
        return loss.lower()
    if isinstance(loss, LossValue):
        return loss.name.lower()
    if isinstance(loss, Ref):
        path = keras_path(loss.qual)
        if path and path[0] == "losses":
            return path[-1].lower()
    return None


def _squeeze_or_expand(t: list[Any], p: list[Any]) -> tuple[list[Any], list[Any]]:
    """Keras' ``squeeze_or_expand_to_same_rank(y_true, y_pred)`` on static dims."""
    if len(p) == len(t) + 1 and is_int(p[-1]) and p[-1] == 1:
        if len(t) == 1:
            t = t + [1]
        else:
            p = p[:-1]
    elif len(t) == len(p) + 1 and is_int(t[-1]) and t[-1] == 1:
        if len(p) == 1:
            p = p + [1]
        else:
            t = t[:-1]
    return t, p


def _known_differ(a: Any, b: Any) -> bool:
    return is_int(a) and is_int(b) and a != b


def fit_problem(loss: str | None, output: Shape, target: tuple[Any, ...]) -> str | None:
    """Why Keras' loss fails on this target (measured, keras 3.15 / tensorflow 2.21), or None.

    The first axis is the batch: Keras sees it as None when it traces the loss, so it is never
    compared. Only known sizes are compared.
    """
    if output.dims is None or loss is None:
        return None
    t, p = _squeeze_or_expand([None] + list(target[1:]), list(output.dims))
    if loss in SAME_SHAPE_LOSSES:
        if len(t) != len(p):
            return f"`{loss}` needs target and output of the same rank"
        if any(_known_differ(a, b) for a, b in zip(t[1:], p[1:])):
            return f"`{loss}` needs target and output of the same shape"
        return None
    if loss in SPARSE_LOSSES:
        if len(t) == len(p) and is_int(t[-1]) and t[-1] == 1:
            t = t[:-1]
        if len(t) != len(p) - 1:
            return f"`{loss}` needs an output with one axis more than the target (the classes)"
        if any(_known_differ(a, b) for a, b in zip(t[1:], p[1:-1])):
            return f"`{loss}` needs target and output to agree on every axis but the last"
        return None
    if loss in ELEMENTWISE_LOSSES:
        # right-aligned broadcasting; axes that meet the batch axis are not compared
        broadcast = None
        for k in range(1, min(len(t), len(p)) + 1):
            i, j = len(t) - k, len(p) - k
            if i == 0 or j == 0:
                break
            a, b = t[i], p[j]
            if _known_differ(a, b):
                if a != 1 and b != 1:
                    return f"`{loss}` cannot broadcast the target against the output"
                if broadcast is None:
                    broadcast = (a, b)
        if broadcast is not None and len(t) == len(p):
            a, b = broadcast
            side = "target" if a == 1 else "output"
            return BROADCAST + f"`{loss}` repeats each {side} value {max(a, b)} times to compare them"
        return None
    return None


BROADCAST = "broadcast: "   # prefix of a fit_problem that Keras accepts silently (a warning)


_BUILTIN_TYPES = {"list": list, "tuple": tuple, "dict": dict, "int": int, "float": float, "str": str, "bool": bool}


def _isinstance(value: Any, types: Any) -> Any:
    """``isinstance(v, list)`` and friends when both sides are known; else UNKNOWN."""
    kinds = types if isinstance(types, tuple) else (types,)
    wanted = []
    for k in kinds:
        if not (isinstance(k, Ref) and k.qual.startswith("builtins.") and k.qual[9:] in _BUILTIN_TYPES):
            return UNKNOWN
        wanted.append(_BUILTIN_TYPES[k.qual[9:]])
    if isinstance(value, (list, tuple, dict, str, bool, int, float)) and not isinstance(value, Sym):
        return isinstance(value, tuple(wanted))
    if isinstance(value, (Tensor, ArrayValue)):
        return False          # a tensor or an array is none of the builtin types
    return UNKNOWN


def _fmt(dims: tuple[Any, ...]) -> str:
    return "(" + ", ".join("?" if d is UNKNOWN else str(d) for d in dims) + ("," if len(dims) == 1 else "") + ")"


def _broken(obj: Any) -> bool:
    """Whether building the model already failed (an error was reported on one of its layers)."""
    from lstmlint.graph.model import upstream

    model = getattr(obj, "model", None)
    if model is None:
        return False
    apps = model.applications or upstream(model.outputs)
    return any(app.problem is not None for app in apps) or any(t.poisoned for t in model.outputs)


def _declared_input(obj: Any) -> Tensor | None:
    """The single ``keras.Input`` of a functional model, or of a Sequential model that starts
    with one (Keras checks data against it); None otherwise."""
    from lstmlint.graph.model import InputNode

    if isinstance(obj, FunctionalModel):
        inputs = obj.model.inputs
    elif isinstance(obj, SequentialModel) and not obj.lost and not obj.partial:
        inputs = obj.model.inputs
        if len(inputs) != 1 or not isinstance(inputs[0].producer, InputNode) \
                or inputs[0].producer.source not in ("Input", "InputLayer"):
            return None
    else:
        return None
    return inputs[0] if len(inputs) == 1 else None


def input_problem(expected: Shape, got: tuple[Any, ...], rank_only: bool = False) -> str | None:
    """A functional model checks each input batch against its ``Input`` shape (measured: a
    different rank or any differing known size fails; ``None`` accepts anything). A Sequential
    model that starts with ``keras.Input`` checks only the rank (measured: a different length
    passes the input; a different width fails later, inside the first layer)."""
    if expected.dims is None:
        return None
    exp = expected.dims
    if len(got) == len(exp) + 1:          # Keras drops a trailing axis of size 1
        if not is_int(got[-1]):
            return None
        if got[-1] == 1:
            got = got[:-1]
    elif len(got) == len(exp) - 1:        # ... or adds one when the Input's last axis is 1
        if not is_int(exp[-1]):
            return None
        if exp[-1] == 1:
            got = tuple(got) + (1,)
    if len(expected.dims) != len(got):
        return f"{len(got)}-D data for a {len(expected.dims)}-D input"
    if rank_only:
        return None
    for axis, (e, g) in enumerate(zip(expected.dims[1:], got[1:]), start=1):
        if _known_differ(e, g):
            return f"axis {axis} is {g}, not {e}"
    return None


class DataMixin:
    # ------------------------------------------------------------- library calls
    def call_library(self, ref: Ref, args: list[Arg] | None, node: cst.Call) -> Any:
        qual = ref.qual
        if args is None:
            return NOT_FOLLOWED
        pos = [a.value for a in args if a.keyword is None]
        kw = {a.keyword: a.value for a in args if a.keyword is not None}
        if qual.startswith("builtins."):
            return self.call_builtin(qual[9:], pos, kw)
        root = qual.split(".")[0]
        if root == "numpy":
            return self.call_numpy(qual[6:], pos, kw, node)
        path = keras_path(qual)
        op = path[-1] if path and path[0] in ("ops", "backend") else (
            qual[11:] if qual.startswith("tensorflow.") and qual.count(".") == 1 else None)
        if op is not None:
            shape = op_shape(op, pos, kw)
            if shape is not None:
                tensors = [v for v in pos + list(kw.values()) + [x for p in pos if isinstance(p, (list, tuple)) for x in p]
                           if isinstance(v, Tensor)]
                return Tensor(shape, None, 0, any(t.poisoned for t in tensors))
        if path:
            if path[0] == "losses":
                return LossValue(path[-1])
            if path[-1] == "to_categorical":
                return self._to_categorical(pos, kw, node)
        if qual.endswith("model_selection.train_test_split"):
            return self._split(pos, node)
        if qual == "functools.partial" and pos:
            return PartialValue(pos[0], [Arg(None, p) for p in pos[1:]] + [Arg(k, v) for k, v in kw.items()])
        return NOT_FOLLOWED

    def call_builtin(self, name: str, pos: list[Any], kw: dict[str, Any]) -> Any:
        if name == "range" and pos and all(is_int(p) for p in pos) and not kw:
            r = range(*pos)
            return tuple(r) if len(r) <= MAX_RANGE else UNKNOWN
        if name == "enumerate" and pos and isinstance(pos[0], (list, tuple)):
            start = pos[1] if len(pos) > 1 else kw.get("start", 0)
            if not is_int(start) or id(pos[0]) in self.broken_lists:
                return UNKNOWN
            return tuple((start + i, v) for i, v in enumerate(pos[0]))
        if name == "zip" and pos and all(isinstance(p, (list, tuple)) and id(p) not in self.broken_lists for p in pos):
            return tuple(zip(*pos))
        if name == "reversed" and len(pos) == 1 and isinstance(pos[0], (list, tuple)):
            return tuple(reversed(pos[0]))
        if name == "len" and len(pos) == 1:
            if isinstance(pos[0], ArrayValue) and pos[0].dims:
                return pos[0].dims[0]
            if isinstance(pos[0], (list, tuple, dict)):
                return UNKNOWN if id(pos[0]) in self.broken_lists else len(pos[0])
        if name in ("float", "str", "bool") and len(pos) == 1 and isinstance(pos[0], (int, float, str, bool)):
            try:
                return {"float": float, "str": str, "bool": bool}[name](pos[0])
            except ValueError:
                return UNKNOWN
        if name == "print":
            return None
        if name == "isinstance" and len(pos) == 2:
            return _isinstance(pos[0], pos[1])
        if name == "dict":
            if not pos:
                return dict(kw)
            if len(pos) == 1 and isinstance(pos[0], dict) and id(pos[0]) not in self.broken_lists:
                return {**pos[0], **kw}
        return NOT_FOLLOWED

    # -------------------------------------------------------------- dicts
    def expr_Dict(self, node: cst.Dict, env: Any) -> Any:
        out: dict = {}
        for el in node.elements:
            if isinstance(el, cst.StarredDictElement):
                value = self.eval(el.value, env)
                if not isinstance(value, dict) or id(value) in self.broken_lists:
                    return UNKNOWN
                out.update(value)
                continue
            key = self.eval(el.key, env)
            if not isinstance(key, (str, int, bool)) or key is None:
                return UNKNOWN
            out[key] = self.eval(el.value, env)
        return out

    def dict_method(self, d: dict, name: str, args: list[Arg] | None, node: cst.CSTNode) -> Any:
        pos = [a.value for a in args or () if a.keyword is None]
        known = id(d) not in self.broken_lists
        if name == "get" and pos and known and isinstance(pos[0], (str, int)):
            return d.get(pos[0], pos[1] if len(pos) > 1 else None)
        if name in ("items", "keys", "values") and known and not pos:
            return tuple({"items": d.items, "keys": d.keys, "values": d.values}[name]())
        if name == "copy" and known:
            return dict(d)
        if name == "update" and args is not None and len(pos) <= 1:
            if pos and not (isinstance(pos[0], dict) and id(pos[0]) not in self.broken_lists):
                self.broken_lists.add(id(d))
                return None
            d.update(pos[0] if pos else {})
            d.update({a.keyword: a.value for a in args if a.keyword is not None})
            return None
        if name in ("get", "items", "keys", "values", "copy"):
            return UNKNOWN
        self.broken_lists.add(id(d))   # pop, setdefault, clear, ...: contents no longer known
        return UNKNOWN

    def set_item(self, target: cst.Subscript, value: Any, env: Any) -> bool:
        """``d[k] = v`` / ``lst[i] = v`` with a known key: followed; otherwise the container's
        contents become unknown."""
        base = self.eval(target.value, env)
        if not isinstance(base, (dict, list)):
            return False
        key = UNKNOWN
        if len(target.slice) == 1 and isinstance(target.slice[0].slice, cst.Index):
            key = self.eval(target.slice[0].slice.value, env)
        if isinstance(base, dict) and isinstance(key, (str, int)) and not isinstance(key, bool):
            base[key] = value
        elif isinstance(base, list) and is_int(key) and -len(base) <= key < len(base):
            base[key] = value
        else:
            self.broken_lists.add(id(base))
        return True

    def call_numpy(self, name: str, pos: list[Any], kw: dict[str, Any], node: cst.Call) -> Any:
        rand_varargs = ("random.rand", "random.randn")
        size_first = ("zeros", "ones", "empty", "full")
        sized = {
            "random.random": 0, "random.random_sample": 0, "random.sample": 0, "random.ranf": 0,
            "random.standard_normal": 0, "random.normal": 2, "random.uniform": 2, "random.randint": 2,
            "random.choice": 1, "random.binomial": 2, "random.poisson": 1, "random.integers": 2,
        }
        dims: tuple[Any, ...] | None = None
        if name in size_first:
            dims = _dims_of(pos[0] if pos else kw.get("shape"))
        elif name in rand_varargs:
            dims = _dims_of(tuple(pos)) if pos else ()
        elif name in sized:
            size = kw.get("size", pos[sized[name]] if len(pos) > sized[name] else None)
            dims = _dims_of(size) if size is not None else None
        elif name in ("zeros_like", "ones_like", "empty_like", "full_like") and pos and isinstance(pos[0], ArrayValue):
            dims = pos[0].dims
        elif name == "arange" and pos and all(is_int(p) for p in pos[:3]) and len(pos) <= 3:
            dims = (len(range(*pos)),)
        elif name in ("array", "asarray", "float32") and pos:
            if isinstance(pos[0], ArrayValue):
                dims = pos[0].dims
            else:
                dims = _literal_dims(pos[0])
        elif name == "reshape" and len(pos) >= 2 and isinstance(pos[0], ArrayValue):
            return self.array_method(pos[0], "reshape", [Arg(None, p) for p in pos[1:]], node)
        elif name == "expand_dims" and pos and isinstance(pos[0], ArrayValue):
            axis = pos[1] if len(pos) > 1 else kw.get("axis")
            d = list(pos[0].dims)
            if is_int(axis) and -len(d) - 1 <= axis <= len(d):
                d.insert(axis if axis >= 0 else len(d) + 1 + axis, 1)
                dims = tuple(d)
        elif name == "random.default_rng":
            return Ref("numpy.random")   # a generator draws like the module functions
        if dims is None:
            return NOT_FOLLOWED
        return ArrayValue(tuple(dims), node)

    def _to_categorical(self, pos: list[Any], kw: dict[str, Any], node: cst.CSTNode) -> Any:
        y = pos[0] if pos else kw.get("x")
        n = pos[1] if len(pos) > 1 else kw.get("num_classes")
        if not isinstance(y, ArrayValue) or not is_int(n):
            return NOT_FOLLOWED
        dims = list(y.dims)
        if len(dims) > 1 and is_int(dims[-1]) and dims[-1] == 1:
            dims = dims[:-1]
        return ArrayValue(tuple(dims) + (n,), node)

    def _split(self, pos: list[Any], node: cst.CSTNode) -> Any:
        if not pos or not all(isinstance(p, ArrayValue) and p.dims for p in pos):
            return NOT_FOLLOWED
        out = []
        for p in pos:
            part = ArrayValue((UNKNOWN,) + p.dims[1:], node)
            out += [part, ArrayValue((UNKNOWN,) + p.dims[1:], node)]
        return out

    # ------------------------------------------------------------------ arrays
    def array_attribute(self, arr: ArrayValue, attr: str, node: cst.Attribute) -> Any:
        if attr == "shape":
            return tuple(arr.dims)
        if attr == "ndim":
            return len(arr.dims)
        if attr == "T":
            return ArrayValue(tuple(reversed(arr.dims)), node)
        if attr == "size":
            return product(arr.dims)
        from lstmlint.interp.values import BoundMethod

        return BoundMethod(arr, attr)

    def array_binop(self, left: Any, right: Any) -> Any:
        """Element-wise arithmetic: an array with a number keeps its shape; two arrays of the
        same shape too; anything else (broadcasting) is not followed."""
        if isinstance(left, ArrayValue) and isinstance(right, ArrayValue):
            if len(left.dims) == len(right.dims) and all(
                    is_int(a) and is_int(b) and a == b for a, b in zip(left.dims, right.dims)):
                return ArrayValue(left.dims, left.node)
            return UNKNOWN
        arr, other = (left, right) if isinstance(left, ArrayValue) else (right, left)
        if isinstance(other, (int, float)) or isinstance(other, Sym):
            return ArrayValue(arr.dims, arr.node)
        return UNKNOWN

    def forget_array(self, arr: ArrayValue, node: cst.CSTNode) -> None:
        """An array changed in place (``X.resize``, ``X.shape = ...``): every name that holds it,
        in the scopes the analysis can reach, forgets it."""
        self.lose(node, "an array changed in place is not followed")
        scope = self.current_scope
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
        if name not in PURE_ARRAY_METHODS:      # ``X.resize(...)`` and friends change X in place
            self.forget_array(arr, node)
            return UNKNOWN
        if name in ("astype", "copy"):
            return ArrayValue(arr.dims, node)
        if name in ("flatten", "ravel"):
            return ArrayValue((product(arr.dims),), node)
        if name == "reshape" and pos:
            target = pos[0] if len(pos) == 1 and isinstance(pos[0], (tuple, list)) else tuple(pos)
            if is_int(target):
                target = (target,)
            if isinstance(target, (tuple, list)):
                dims = reshaped(arr.dims, tuple(target))
                if dims is not None:
                    return ArrayValue(dims, node)
        return UNKNOWN

    def subscript_of(self, base: Any, node: cst.Subscript, env: Any) -> Any:
        if isinstance(base, ShapeOf):
            if len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index):
                idx = self.eval(node.slice[0].slice.value, env)
                if is_int(idx):
                    return Sym(self.source(node), ("dim", base.key, idx))
            return UNKNOWN
        if isinstance(base, dict):
            if len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index):
                key = self.eval(node.slice[0].slice.value, env)
                if isinstance(key, (str, int)) and key in base and id(base) not in self.broken_lists:
                    return base[key]
            return UNKNOWN
        if isinstance(base, ArrayValue):
            dims = self._index_dims(base.dims, node, env)
            return UNKNOWN if dims is None else ArrayValue(dims, node)
        if isinstance(base, Tensor) and base.shape.dims is not None and not base.poisoned:
            dims = self._index_dims(base.shape.dims, node, env)
            if dims is None:
                return Tensor.unknown(lost=(node, f"indexing `{self.source(node)}` is not followed"))
            return Tensor(Shape(dims), None, 0, False, None)
        if isinstance(base, (Sym, Tensor)) or base is UNKNOWN:
            if any(isinstance(el.slice, cst.Slice) for el in node.slice):
                return UNKNOWN     # a slice of something unknown is not a size
        return NOT_FOLLOWED

    def _index_dims(self, shape: tuple[Any, ...], node: cst.Subscript, env: Any) -> tuple[Any, ...] | None:
        """NumPy/Keras basic indexing (ints, slices, None, ...) on known dims; None if not followed."""
        dims = list(shape)
        out: list[Any] = []
        axis = 0
        elements = list(node.slice)
        for k, el in enumerate(elements):
            sl = el.slice
            if isinstance(sl, cst.Index):
                if isinstance(sl.value, cst.Ellipsis):
                    rest = sum(1 for e in elements[k + 1:] if not _is_newaxis(e))
                    take = len(dims) - axis - rest
                    if take < 0:
                        return None
                    out += dims[axis:axis + take]
                    axis += take
                    continue
                value = self.eval(sl.value, env)
                if value is None:
                    out.append(1)
                    continue
                if is_int(value) and axis < len(dims):
                    axis += 1      # an integer index drops the axis
                    continue
                return None
            if isinstance(sl, cst.Slice):
                if axis >= len(dims):
                    return None
                parts = [self.eval(p, env) if p is not None else None for p in (sl.lower, sl.upper, sl.step)]
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

    # ------------------------------------------------------------ model methods
    def model_method(self, obj: Any, name: str, args: list[Arg] | None, node: cst.Call) -> Any:
        if name == "compile":
            loss = UNKNOWN
            for a in args or ():
                if a.keyword == "loss" or (a.keyword is None and args.index(a) == 1):  # type: ignore[union-attr]
                    loss = a.value
            obj.loss = loss
            return None
        if name == "fit":
            if isinstance(obj, ObjectValue):
                self.build_from_data(obj, args, node)
            self.check_fit(obj, args, node)
            return UNKNOWN
        if name == "build":
            if isinstance(obj, ObjectValue):
                return self.build_object(obj, args, node)
            if isinstance(obj, SequentialModel):
                return self.build_sequential(obj, args, node)
            return None
        if isinstance(obj, ObjectValue) and name in ("evaluate", "predict", "predict_on_batch", "train_on_batch"):
            self.build_from_data(obj, args, node)
        return UNKNOWN

    def build_from_data(self, obj: ObjectValue, args: list[Arg] | None, node: cst.Call) -> None:
        """A subclassed model first used on data (``predict``/``fit``/``evaluate``) is built on
        the first batch: follow its ``call`` on a tensor shaped like the data (batch unknown)."""
        if obj.called or obj.cls.keras_base != "Model" or not args:
            return
        x = args[0].value if args[0].keyword in (None, "x") else None
        if isinstance(x, ArrayValue) and x.dims:
            self.call_object(obj, [Arg(None, ArrayValue((None,) + tuple(x.dims[1:]), x.node))], node)

    def build_sequential(self, seq: SequentialModel, args: list[Arg] | None, node: cst.Call) -> Any:
        """``model.build((None, t, f))`` on a Sequential model built without an input shape."""
        from lstmlint.graph.model import InputNode
        from lstmlint.interp.interpreter import dim_of

        if seq.lost or seq.partial or seq.model.inputs or not seq.layers or not args:
            return None
        value = args[0].value
        if not isinstance(value, (tuple, list)):
            return None
        shape = Shape(tuple(dim_of(d) for d in value))
        x = Tensor(shape, InputNode(shape, node, "build"))
        seq.model.inputs = [x]
        current: Any = x
        for layer in seq.layers:
            current = self.apply_layer(layer, current, layer.node, {}, sequential=True)
            if not isinstance(current, Tensor):
                current = Tensor.unknown(lost=(layer.node, "a layer returns several tensors"))
        seq.current = current
        seq.model.outputs = [current]
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

    def check_fit(self, obj: Any, args: list[Arg] | None, node: cst.Call) -> None:
        if args is None:
            return
        if _broken(obj):
            return          # the model already fails to build: Keras never reaches ``fit``
        pos = [a.value for a in args if a.keyword is None]
        kw = {a.keyword: a.value for a in args if a.keyword is not None}
        x = pos[0] if pos else kw.get("x")
        y = pos[1] if len(pos) > 1 else kw.get("y")
        out = self.model_output(obj)
        if isinstance(x, ArrayValue) and isinstance(y, ArrayValue) and x.dims and y.dims:
            if _known_differ(x.dims[0], y.dims[0]):
                self._fit_finding(
                    "LST206",
                    f"`fit` is given {x.dims[0]} input samples but {y.dims[0]} targets",
                    node, {"x": x.dims, "y": y.dims},
                )
                return
        declared = _declared_input(obj)
        if declared is not None and isinstance(x, ArrayValue):
            expected = declared.shape
            why = input_problem(expected, x.dims, rank_only=isinstance(obj, SequentialModel))
            if why is not None and not declared.poisoned:
                self._fit_finding("LST207", f"`fit` is given inputs of shape {_fmt(x.dims)} but the model "
                                  f"expects {expected}: {why}", node,
                                  {"expected": expected, "got": x.dims, "tensor": declared})
                return
        outs = self.model_outputs(obj)
        if outs is not None and len(outs) > 1 and isinstance(y, (list, tuple)) and len(y) == len(outs):
            losses = getattr(obj, "loss", None)
            if isinstance(losses, (list, tuple)) and len(losses) == len(outs):
                pairs = list(zip(outs, y, losses))
            else:
                pairs = [(o, t, losses) for o, t in zip(outs, y)]
            for o, t, loss in pairs:
                if isinstance(t, ArrayValue) and not o.poisoned:
                    if self._check_target(o, t, loss, node):
                        return
            return
        if out is None or out.poisoned or not isinstance(y, ArrayValue):
            return
        self._check_target(out, y, getattr(obj, "loss", None), node)

    def _check_target(self, out: Tensor, y: ArrayValue, loss_value: Any, node: cst.Call) -> bool:
        loss = loss_name(loss_value)
        why = fit_problem(loss, out.shape, y.dims)
        if why is None:
            return False
        y_shape = _fmt(y.dims)
        data = {"output": out.shape, "target": y.dims, "loss": loss, "tensor": out}
        if why.startswith(BROADCAST):
            self._fit_finding("LST208", f"the model's output {out.shape} and the target {y_shape} differ: "
                              f"{why[len(BROADCAST):]}", node, data, severity="warning")
            return True
        self._fit_finding(
            "LST205",
            f"the model's output {out.shape} does not fit the target {y_shape}: {why}",
            node, data,
        )
        return True

    def _fit_finding(self, code: str, message: str, node: cst.CSTNode, data: dict, severity: str = "error") -> None:
        problem = ShapeProblem(code, message, kind="fit", data=data)
        self.result.findings.append(Finding(problem, node, severity=severity, context=self.context))


def _is_newaxis(el: cst.SubscriptElement) -> bool:
    sl = el.slice
    return isinstance(sl, cst.Index) and isinstance(sl.value, cst.Name) and sl.value.value == "None"
