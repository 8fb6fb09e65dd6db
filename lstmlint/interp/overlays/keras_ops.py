"""What ``keras.ops`` and ``keras.backend`` mean: output shapes of the tensor functions people
use between layers: reductions over an axis, concatenation, ``expand_dims``, ``squeeze``.

Only shapes are computed, never findings: a call these rules do not cover gives an unknown
tensor, as any call the analysis does not follow. ``overlays/tf.py`` uses the same shapes for
their ``tf.*`` twins.
"""

from __future__ import annotations

from typing import Any

import libcst as cst

from lstmlint.graph.model import Tensor
from lstmlint.interp.overlays.base import Overlay
from lstmlint.interp.values import NOT_FOLLOWED, Arg
from lstmlint.shapes import UNKNOWN, Shape, is_int
from lstmlint.shapes.dims import arith
from lstmlint.source.imports import Ref, keras_path

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
}
CONCAT = {"concatenate", "concat"}


def _axis(value: Any, rank: int) -> int | None:
    if is_int(value) and -rank <= value < rank:
        return value % rank
    return None


def _dims(v: Any) -> tuple[Any, ...] | None:
    return tuple(v.shape.dims) if isinstance(v, Tensor) and v.shape.dims is not None else None


def op_shape(name: str, pos: list[Any], kw: dict[str, Any]) -> Shape | None:
    """The shape of ``name(*pos, **kw)`` on tensor shapes, or None when not covered."""
    if name in REDUCTIONS:
        x = _dims(pos[0]) if pos else _dims(kw.get("x", kw.get("input_tensor")))
        if x is None:
            return None
        axis = pos[1] if len(pos) > 1 else kw.get("axis")
        keep = kw.get("keepdims", pos[2] if len(pos) > 2 else False)
        if not isinstance(keep, bool):
            return None
        rank = len(x)
        if axis is None:
            return Shape((1,) * rank) if keep else Shape(())
        axes = axis if isinstance(axis, (tuple, list)) else (axis,)
        norm = [_axis(a, rank) for a in axes]
        if any(a is None for a in norm):
            return None
        dims = (
            [1 if i in norm else d for i, d in enumerate(x)] if keep else [d for i, d in enumerate(x) if i not in norm]
        )
        return Shape(tuple(dims))
    if name in CONCAT:
        xs = pos[0] if pos else kw.get("xs", kw.get("values"))
        if not isinstance(xs, (list, tuple)) or not xs:
            return None
        found = [_dims(v) for v in xs]
        shapes = [s for s in found if s is not None]
        if len(shapes) != len(found) or len({len(s) for s in shapes}) != 1:
            return None
        rank = len(shapes[0])
        cat = _axis(pos[1] if len(pos) > 1 else kw.get("axis", 0), rank)
        if cat is None:
            return None
        out = list(shapes[0])
        for s in shapes[1:]:
            for i, d in enumerate(s):
                if i == cat:
                    out[i] = arith("+", out[i], d)
                elif not (d == out[i] or d is None or out[i] is None):
                    out[i] = UNKNOWN
        return Shape(tuple(out))
    if name == "expand_dims":
        x = _dims(pos[0]) if pos else _dims(kw.get("x", kw.get("input")))
        axis = pos[1] if len(pos) > 1 else kw.get("axis")
        if x is None or not is_int(axis):
            return None
        grown = list(x)
        if not -len(grown) - 1 <= axis <= len(grown):
            return None
        grown.insert(axis if axis >= 0 else len(grown) + 1 + axis, 1)
        return Shape(tuple(grown))
    if name == "squeeze":
        x = _dims(pos[0]) if pos else _dims(kw.get("x", kw.get("input")))
        axis = pos[1] if len(pos) > 1 else kw.get("axis")
        if x is None or not is_int(axis):
            return None
        a = _axis(axis, len(x))
        if a is None or x[a] != 1:
            return None
        return Shape(tuple(d for i, d in enumerate(x) if i != a))
    return None


def op_result(name: str, args: list[Arg] | None) -> Any:
    """A tensor of ``name(*args)``'s shape (poisoned when an input is), or NOT_FOLLOWED."""
    if args is None:
        return NOT_FOLLOWED
    pos = [a.value for a in args if a.keyword is None]
    kw = {a.keyword: a.value for a in args if a.keyword is not None}
    shape = op_shape(name, pos, kw)
    if shape is None:
        return NOT_FOLLOWED
    tensors = [
        v
        for v in pos + list(kw.values()) + [x for p in pos if isinstance(p, (list, tuple)) for x in p]
        if isinstance(v, Tensor)
    ]
    return Tensor(shape, None, 0, any(t.poisoned for t in tensors))


class KerasOpsOverlay(Overlay):
    name = "keras_ops"

    def call_ref(self, ref: Ref, args: list[Arg] | None, node: cst.Call) -> Any:
        path = keras_path(ref.qual)
        if not path or path[0] not in ("ops", "backend"):
            return NOT_FOLLOWED
        return op_result(path[-1], args)
