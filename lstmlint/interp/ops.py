"""Output shapes of a few tensor functions people use between layers: reductions over an axis,
concatenation, ``expand_dims``, ``squeeze`` (``keras.ops.*`` and their ``tf.*`` twins).

Only shapes are computed, never findings: a call these rules do not cover gives an unknown
tensor, as any call the analysis does not follow.
"""

from __future__ import annotations

from typing import Any

from lstmlint.shapes import UNKNOWN, Shape, is_int
from lstmlint.shapes.dims import arith

REDUCTIONS = {
    "mean", "sum", "max", "min", "prod", "std", "var", "any", "all", "logsumexp", "amax", "amin",
    "reduce_mean", "reduce_sum", "reduce_max", "reduce_min", "reduce_prod", "reduce_std",
    "reduce_variance", "reduce_any", "reduce_all", "reduce_logsumexp",
}
CONCAT = {"concatenate", "concat"}


def _axis(value: Any, rank: int) -> int | None:
    if is_int(value) and -rank <= value < rank:
        return value % rank
    return None


def op_shape(name: str, pos: list[Any], kw: dict[str, Any]) -> Shape | None:
    """The shape of ``name(*pos, **kw)`` on tensor shapes, or None when not covered."""
    from lstmlint.graph.model import Tensor

    def shape(v: Any) -> Shape | None:
        return v.shape if isinstance(v, Tensor) and v.shape.dims is not None else None

    if name in REDUCTIONS:
        x = shape(pos[0]) if pos else shape(kw.get("x", kw.get("input_tensor")))
        if x is None:
            return None
        axis = pos[1] if len(pos) > 1 else kw.get("axis")
        keep = kw.get("keepdims", pos[2] if len(pos) > 2 else False)
        if not isinstance(keep, bool):
            return None
        rank = len(x.dims)  # type: ignore[arg-type]
        if axis is None:
            return Shape((1,) * rank) if keep else Shape(())
        axes = axis if isinstance(axis, (tuple, list)) else (axis,)
        norm = [_axis(a, rank) for a in axes]
        if any(a is None for a in norm):
            return None
        dims = [1 if i in norm else d for i, d in enumerate(x.dims)] if keep else \
            [d for i, d in enumerate(x.dims) if i not in norm]  # type: ignore[arg-type]
        return Shape(tuple(dims))
    if name in CONCAT:
        xs = pos[0] if pos else kw.get("xs", kw.get("values"))
        if not isinstance(xs, (list, tuple)) or not xs:
            return None
        shapes = [shape(v) for v in xs]
        if any(s is None for s in shapes) or len({len(s.dims) for s in shapes}) != 1:  # type: ignore[union-attr, arg-type]
            return None
        rank = len(shapes[0].dims)  # type: ignore[union-attr, arg-type]
        axis = _axis(pos[1] if len(pos) > 1 else kw.get("axis", 0), rank)
        if axis is None:
            return None
        dims = list(shapes[0].dims)  # type: ignore[union-attr, arg-type]
        for s in shapes[1:]:
            for i, d in enumerate(s.dims):  # type: ignore[union-attr, arg-type]
                if i == axis:
                    dims[i] = arith("+", dims[i], d)
                elif not (d == dims[i] or d is None or dims[i] is None):
                    dims[i] = UNKNOWN
        return Shape(tuple(dims))
    if name == "expand_dims":
        x = shape(pos[0]) if pos else shape(kw.get("x", kw.get("input")))
        axis = pos[1] if len(pos) > 1 else kw.get("axis")
        if x is None or not is_int(axis):
            return None
        dims = list(x.dims)  # type: ignore[arg-type]
        if not -len(dims) - 1 <= axis <= len(dims):
            return None
        dims.insert(axis if axis >= 0 else len(dims) + 1 + axis, 1)
        return Shape(tuple(dims))
    if name == "squeeze":
        x = shape(pos[0]) if pos else shape(kw.get("x", kw.get("input")))
        axis = pos[1] if len(pos) > 1 else kw.get("axis")
        if x is None or not is_int(axis):
            return None
        rank = len(x.dims)  # type: ignore[arg-type]
        a = _axis(axis, rank)
        if a is None or x.dims[a] != 1:  # type: ignore[index]
            return None
        return Shape(tuple(d for i, d in enumerate(x.dims) if i != a))  # type: ignore[arg-type]
    return None
