"""Add, Subtract, Multiply, Average, Maximum, Minimum, Concatenate, Dot (Keras 3 rules)."""

from __future__ import annotations

from lstmlint.layers.config import LayerConfig
from lstmlint.shapes.dims import UNKNOWN, Dim, Sym, arith, differ, is_int, same
from lstmlint.shapes.problems import Outcome, ShapeProblem
from lstmlint.shapes.shape import Shape

ELEMENTWISE = frozenset({"Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum"})


def _require_list(cfg: LayerConfig, is_list: bool) -> None:
    if not is_list:
        raise ShapeProblem(
            "LST114",
            f"`{cfg.display}` must be called on a list of tensors, got a single tensor",
            kind="not_a_list",
        )


def _check_batch(cfg: LayerConfig, inputs: list[Shape]) -> None:
    sizes = {s.dims[0] for s in inputs if s.dims and is_int(s.dims[0])}
    if len(sizes) > 1:
        raise ShapeProblem(
            "LST115",
            f"`{cfg.display}` merges tensors with different batch sizes: "
            + ", ".join(str(s) for s in inputs),
            kind="batch_mismatch",
        )


def _broadcast_pair(a: tuple[Dim, ...], b: tuple[Dim, ...]) -> tuple[Dim, ...] | tuple[int, int]:
    """Keras' element-wise broadcast of two shapes without batch; (i, j) axes on mismatch."""
    swap = len(a) < len(b)
    if swap:
        a, b = b, a
    if not b:
        return a
    out = list(a[: len(a) - len(b)])
    off = len(a) - len(b)
    for k, (i, j) in enumerate(zip(a[off:], b)):
        if i is None or j is None:
            out.append(None)
        elif i == 1 and is_int(i):
            out.append(j)
        elif j == 1 and is_int(j):
            out.append(i)
        elif same(i, j):
            out.append(i)
        elif differ(i, j):
            return ("mismatch", k + off)  # type: ignore[return-value]
        else:
            out.append(i if is_int(i) else j if is_int(j) else UNKNOWN)
    return tuple(out)


def elementwise(cfg: LayerConfig, inputs: list[Shape], is_list: bool) -> Outcome:
    _require_list(cfg, is_list)
    if cfg.kind == "Subtract" and len(inputs) != 2:
        raise ShapeProblem(
            "LST114",
            f"`Subtract` takes exactly 2 inputs, got {len(inputs)}",
            kind="arity",
            data={"expected": 2, "got": len(inputs)},
        )
    if not inputs:
        raise ShapeProblem("LST114", f"`{cfg.display}` needs at least one input", kind="arity")
    _check_batch(cfg, inputs)
    if any(s.dims is None for s in inputs):
        return Outcome.one(Shape(None))
    warnings: list[ShapeProblem] = []
    acc = inputs[0].dims[1:]  # type: ignore[index]
    acc_from = 0
    for idx in range(1, len(inputs)):
        cur = inputs[idx].dims[1:]  # type: ignore[index]
        result = _broadcast_pair(acc, cur)
        if result and result[0] == "mismatch":
            raise _width_problem(cfg, inputs, acc_from, idx)
        if len(acc) != len(cur):
            low, high = (idx, acc_from) if len(cur) < len(acc) else (acc_from, idx)
            warnings.append(
                ShapeProblem(
                    "LST111",
                    f"`{cfg.display}` broadcasts the {inputs[low].rank}-D input {inputs[low]} "
                    f"across the time steps of {inputs[high]}",
                    kind="broadcast",
                    operand=low,
                    data={"low": low, "high": high},
                )
            )
        if len(cur) > len(acc):
            acc_from = idx
        acc = result  # type: ignore[assignment]
    batch = inputs[0].dims[0]  # type: ignore[index]
    for s in inputs:
        if is_int(s.dims[0]):  # type: ignore[index]
            batch = s.dims[0]  # type: ignore[index]
    return Outcome((Shape((batch,) + tuple(acc)),), warnings=warnings)


def _width_problem(cfg: LayerConfig, inputs: list[Shape], i: int, j: int) -> ShapeProblem:
    a, b = inputs[i], inputs[j]
    same_rank = a.rank == b.rank
    if a.rank != b.rank:
        msg = f"`{cfg.display}` cannot combine {a} and {b}: their trailing dimensions differ"
    else:
        msg = f"`{cfg.display}` needs inputs of the same shape, got {a} and {b}"
    return ShapeProblem(
        "LST110",
        msg,
        kind="elementwise_mismatch",
        data={"pair": (i, j), "same_rank": same_rank},
    )


def concatenate(cfg: LayerConfig, inputs: list[Shape], is_list: bool) -> Outcome:
    _require_list(cfg, is_list)
    axis = cfg.get("axis", -1)
    if not inputs:
        raise ShapeProblem("LST114", "`Concatenate` needs at least one input", kind="arity")
    if not is_int(axis) or any(s.dims is None for s in inputs):
        return Outcome.one(Shape(None))
    shapes = [s.dims for s in inputs]
    reduced = []
    for dims in shapes:
        assert dims is not None
        if axis >= len(dims) or -axis > len(dims):
            raise ShapeProblem(
                "LST107",
                f"`Concatenate(axis={axis})` is out of range for the {len(dims)}-D input {Shape(dims)}",
                kind="bad_axis",
                data={"axis": axis},
            )
        rest = list(dims)
        del rest[axis]
        reduced.append(rest)
    if len({len(r) for r in reduced}) != 1:
        raise _concat_problem(cfg, inputs, axis, rank=True)
    for pos in range(len(reduced[0])):
        vals = [r[pos] for r in reduced if r[pos] is not None]
        if any(differ(vals[0], v) for v in vals[1:]):
            raise _concat_problem(cfg, inputs, axis, rank=False)
    # like Keras: the first input's dims, with the concatenation axis summed
    out = list(shapes[0])  # type: ignore[arg-type]
    total: Dim = out[axis]
    for d in shapes[1:]:
        total = arith("+", total, d[axis])  # type: ignore[index]
    out[axis] = total
    return Outcome.one(Shape(tuple(out)))


def _concat_problem(cfg: LayerConfig, inputs: list[Shape], axis: int, rank: bool) -> ShapeProblem:
    listing = " and ".join(str(s) for s in inputs)
    if rank:
        ranks = sorted({s.rank for s in inputs})  # type: ignore[type-var]
        msg = f"`Concatenate` cannot join inputs of different ranks ({', '.join(f'{r}-D' for r in ranks)}): {listing}"
    else:
        msg = f"`Concatenate` needs inputs that match except on axis {axis}, got {listing}"
    return ShapeProblem("LST112", msg, kind="concat_mismatch", data={"axis": axis, "rank": rank})


def dot(cfg: LayerConfig, inputs: list[Shape], is_list: bool) -> Outcome:
    if not is_list or len(inputs) != 2:
        raise ShapeProblem(
            "LST114",
            f"`Dot` must be called on a list of exactly 2 tensors, got {len(inputs) if is_list else 'a single tensor'}",
            kind="arity",
        )
    a, b = inputs
    axes = cfg.get("axes")
    if a.dims is None or b.dims is None:
        return Outcome.one(Shape(None))
    if is_int(axes):
        if axes < 0:
            ax = (axes % len(a.dims), axes % len(b.dims))
        else:
            ax = (axes, axes)
    elif isinstance(axes, (tuple, list)) and len(axes) == 2 and all(is_int(v) for v in axes):
        ax = (axes[0], axes[1])
    else:
        return Outcome.one(Shape(None))
    try:
        da, db = a.dims[ax[0]], b.dims[ax[1]]
    except IndexError:
        raise ShapeProblem(
            "LST107", f"`Dot(axes={axes})` is out of range for {a} and {b}", kind="bad_axis"
        ) from None
    if _dot_differ(da, db):
        raise ShapeProblem(
            "LST113",
            f"`Dot` contracts axis {ax[0]} of {a} (size {_fmt(da)}) with axis {ax[1]} of {b} (size {_fmt(db)})",
            kind="dot_mismatch",
            data={"axes": ax},
        )
    left = list(a.dims)
    left.pop(ax[0])
    right = list(b.dims)
    right.pop(ax[1])
    right.pop(0)
    out = left + right
    if len(out) == 1:
        out.append(1)
    return Outcome.one(Shape(tuple(out)))


def _dot_differ(x: Dim, y: Dim) -> bool:
    # Keras compares with `!=`, so a None against a size fails too
    if (x is None) != (y is None) and (is_int(x) or is_int(y)):
        return True
    return differ(x, y)


def _fmt(d: Dim) -> str:
    return "None" if d is None else str(d) if not isinstance(d, Sym) else d.name
