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

from ..shapes import UNKNOWN, Shape, ShapeProblem, Sym, is_int
from ..shapes.dims import product
from .graph import Finding, Tensor
from .imports import Ref, keras_path
from .values import (
    NOT_FOLLOWED,
    Arg,
    ArrayValue,
    FunctionalModel,
    LossValue,
    ObjectValue,
    SequentialModel,
    ShapeOf,
)

MAX_RANGE = 4096

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
        for k in range(1, min(len(t), len(p)) + 1):
            i, j = len(t) - k, len(p) - k
            if i == 0 or j == 0:
                break
            a, b = t[i], p[j]
            if _known_differ(a, b) and a != 1 and b != 1:
                return f"`{loss}` cannot broadcast the target against the output"
        return None
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
        if path:
            if path[0] == "losses":
                return LossValue(path[-1])
            if path[-1] == "to_categorical":
                return self._to_categorical(pos, kw, node)
        if qual.endswith("model_selection.train_test_split"):
            return self._split(pos, node)
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
            if isinstance(pos[0], (list, tuple)) and id(pos[0]) in self.broken_lists:
                return UNKNOWN
        if name in ("float", "str", "bool") and len(pos) == 1 and isinstance(pos[0], (int, float, str, bool)):
            try:
                return {"float": float, "str": str, "bool": bool}[name](pos[0])
            except ValueError:
                return UNKNOWN
        if name == "print":
            return None
        return NOT_FOLLOWED

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
        if attr in ("reshape", "astype", "copy", "squeeze", "flatten", "ravel", "transpose"):
            from .values import BoundMethod

            return BoundMethod(arr, attr)
        return UNKNOWN

    def array_method(self, arr: ArrayValue, name: str, args: list[Arg] | None, node: cst.CSTNode) -> Any:
        pos = [a.value for a in args or () if a.keyword is None]
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
        if isinstance(base, ArrayValue):
            return self._index_array(base, node, env)
        if isinstance(base, (Sym, Tensor)) or base is UNKNOWN:
            if any(isinstance(el.slice, cst.Slice) for el in node.slice):
                return UNKNOWN     # a slice of something unknown is not a size
        return NOT_FOLLOWED

    def _index_array(self, arr: ArrayValue, node: cst.Subscript, env: Any) -> Any:
        dims = list(arr.dims)
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
                        return UNKNOWN
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
                return UNKNOWN
            if isinstance(sl, cst.Slice):
                if axis >= len(dims):
                    return UNKNOWN
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
            return UNKNOWN
        out += dims[axis:]
        return ArrayValue(tuple(out), node)

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
            self.check_fit(obj, args, node)
            return UNKNOWN
        if name == "build":
            if isinstance(obj, ObjectValue):
                return self.build_object(obj, args, node)
            if isinstance(obj, SequentialModel):
                return self.build_sequential(obj, args, node)
            return None
        if isinstance(obj, ObjectValue) and name in ("summary", "evaluate", "predict", "save", "count_params"):
            return UNKNOWN
        return UNKNOWN

    def build_sequential(self, seq: SequentialModel, args: list[Arg] | None, node: cst.Call) -> Any:
        """``model.build((None, t, f))`` on a Sequential model built without an input shape."""
        from .graph import InputNode
        from .interpreter import dim_of

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
        if out is None or out.poisoned or not isinstance(y, ArrayValue):
            return
        loss = loss_name(getattr(obj, "loss", None))
        why = fit_problem(loss, out.shape, y.dims)
        if why is None:
            return
        y_shape = "(" + ", ".join(str(d) for d in y.dims) + ("," if len(y.dims) == 1 else "") + ")"
        self._fit_finding(
            "LST205",
            f"the model's output {out.shape} does not fit the target {y_shape}: {why}",
            node, {"output": out.shape, "target": y.dims, "loss": loss, "tensor": out},
        )

    def _fit_finding(self, code: str, message: str, node: cst.CSTNode, data: dict) -> None:
        problem = ShapeProblem(code, message, kind="fit", data=data)
        self.result.findings.append(Finding(problem, node, severity="error", context=self.context))


def _is_newaxis(el: cst.SubscriptElement) -> bool:
    sl = el.slice
    return isinstance(sl, cst.Index) and isinstance(sl.value, cst.Name) and sl.value.value == "None"
