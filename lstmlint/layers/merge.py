"""The merge family: Add, Subtract, Multiply, Average, Maximum, Minimum, Concatenate, Dot
(Keras 3 rules), with their functional forms (``layers.add([a, b])``)."""

from __future__ import annotations

from lstmlint.codes import Code
from lstmlint.layers.config import LayerConfig
from lstmlint.layers.spec import Case, LayerSpec, Traits, register
from lstmlint.shapes.dims import UNKNOWN, Dim, Sym, arith, differ, is_int, same
from lstmlint.shapes.problems import Outcome, ProblemKind, ShapeProblem
from lstmlint.shapes.shape import Shape


def _require_list(cfg: LayerConfig, is_list: bool) -> None:
    if not is_list:
        raise ShapeProblem(
            Code.MERGE_CALLED_WITH_WRONG_INPUTS,
            f"`{cfg.display}` must be called on a list of tensors, got a single tensor",
            kind=ProblemKind.NOT_A_LIST,
        )


def _check_batch(cfg: LayerConfig, inputs: list[Shape]) -> None:
    sizes = {s.dims[0] for s in inputs if s.dims and is_int(s.dims[0])}
    if len(sizes) > 1:
        raise ShapeProblem(
            Code.MERGE_BATCH_SIZE_MISMATCH,
            f"`{cfg.display}` merges tensors with different batch sizes: " + ", ".join(str(s) for s in inputs),
            kind=ProblemKind.BATCH_MISMATCH,
        )


def _broadcast_pair(a: tuple[Dim, ...], b: tuple[Dim, ...]) -> tuple[Dim, ...] | None:
    """Keras' element-wise broadcast of two shapes without batch; None on a mismatch."""
    swap = len(a) < len(b)
    if swap:
        a, b = b, a
    if not b:
        return a
    out = list(a[: len(a) - len(b)])
    off = len(a) - len(b)
    for i, j in zip(a[off:], b):
        if i is None or j is None:
            out.append(None)
        elif i == 1 and is_int(i):
            out.append(j)
        elif j == 1 and is_int(j):
            out.append(i)
        elif same(i, j):
            out.append(i)
        elif differ(i, j):
            return None
        else:
            out.append(i if is_int(i) else j if is_int(j) else UNKNOWN)
    return tuple(out)


def subtract(cfg: LayerConfig, inputs: list[Shape], is_list: bool) -> Outcome:
    """An element-wise merge of exactly two inputs."""
    _require_list(cfg, is_list)
    if len(inputs) != 2:
        raise ShapeProblem(
            Code.MERGE_CALLED_WITH_WRONG_INPUTS,
            f"`{cfg.display}` takes exactly 2 inputs, got {len(inputs)}",
            kind=ProblemKind.ARITY,
            data={"expected": 2, "got": len(inputs)},
        )
    return elementwise(cfg, inputs, is_list)


def elementwise(cfg: LayerConfig, inputs: list[Shape], is_list: bool) -> Outcome:
    _require_list(cfg, is_list)
    if not inputs:
        raise ShapeProblem(
            Code.MERGE_CALLED_WITH_WRONG_INPUTS, f"`{cfg.display}` needs at least one input", kind=ProblemKind.ARITY
        )
    _check_batch(cfg, inputs)
    if any(s.dims is None for s in inputs):
        return Outcome.one(Shape(None))
    warnings: list[ShapeProblem] = []
    acc = inputs[0].dims[1:]  # type: ignore[index]
    acc_from = 0
    for idx in range(1, len(inputs)):
        cur = inputs[idx].dims[1:]  # type: ignore[index]
        result = _broadcast_pair(acc, cur)
        if result is None:
            raise _width_problem(cfg, inputs, acc_from, idx)
        # Keras inserts the missing axes after the batch axis; a vector "broadcast" over axes of
        # size 1 is not repeated at all (mnist_acgan: (None, 100) * (None, 1, 100)), so no warning
        longer = acc if len(acc) > len(cur) else cur
        if len(acc) != len(cur) and not all(d == 1 for d in longer[: abs(len(acc) - len(cur))]):
            low, high = (idx, acc_from) if len(cur) < len(acc) else (acc_from, idx)
            warnings.append(
                ShapeProblem(
                    Code.MERGE_BROADCASTS_VECTOR_OVER_TIME,
                    f"`{cfg.display}` broadcasts the {inputs[low].rank}-D input {inputs[low]} "
                    f"across the time steps of {inputs[high]}",
                    kind=ProblemKind.BROADCAST,
                    operand=low,
                    data={"low": low, "high": high},
                )
            )
        if len(cur) > len(acc):
            acc_from = idx
        acc = result
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
        Code.MERGE_SHAPE_MISMATCH,
        msg,
        kind=ProblemKind.ELEMENTWISE_MISMATCH,
        data={"pair": (i, j), "same_rank": same_rank},
    )


def concatenate(cfg: LayerConfig, inputs: list[Shape], is_list: bool) -> Outcome:
    _require_list(cfg, is_list)
    axis = cfg.get("axis", -1)
    if not inputs:
        raise ShapeProblem(
            Code.MERGE_CALLED_WITH_WRONG_INPUTS, f"`{cfg.display}` needs at least one input", kind=ProblemKind.ARITY
        )
    if not is_int(axis) or any(s.dims is None for s in inputs):
        return Outcome.one(Shape(None))
    shapes = [s.dims for s in inputs]
    reduced = []
    for dims in shapes:
        assert dims is not None
        if axis >= len(dims) or -axis > len(dims):
            raise ShapeProblem(
                Code.INVALID_LAYER_ARGUMENT,
                f"`{cfg.display}(axis={axis})` is out of range for the {len(dims)}-D input {Shape(dims)}",
                kind=ProblemKind.BAD_AXIS,
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
        ranks = ", ".join(f"{s.rank}-D" for s in inputs)  # in the order of the shapes listed after
        msg = f"`{cfg.display}` cannot join inputs of different ranks ({ranks}): {listing}"
    else:
        msg = f"`{cfg.display}` needs inputs that match except on axis {axis}, got {listing}"
    return ShapeProblem(
        Code.CONCATENATE_SHAPE_MISMATCH, msg, kind=ProblemKind.CONCAT_MISMATCH, data={"axis": axis, "rank": rank}
    )


def dot(cfg: LayerConfig, inputs: list[Shape], is_list: bool) -> Outcome:
    if not is_list or len(inputs) != 2:
        got = len(inputs) if is_list else "a single tensor"
        raise ShapeProblem(
            Code.MERGE_CALLED_WITH_WRONG_INPUTS,
            f"`{cfg.display}` must be called on a list of exactly 2 tensors, got {got}",
            kind=ProblemKind.ARITY,
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
            Code.INVALID_LAYER_ARGUMENT,
            f"`{cfg.display}(axes={axes})` is out of range for {a} and {b}",
            kind=ProblemKind.BAD_AXIS,
            data={"axis": axes},
        ) from None
    if _dot_differ(da, db):
        raise ShapeProblem(
            Code.DOT_AXIS_MISMATCH,
            f"`{cfg.display}` contracts axis {ax[0]} of {a} (size {_fmt(da)}) "
            f"with axis {ax[1]} of {b} (size {_fmt(db)})",
            kind=ProblemKind.DOT_MISMATCH,
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


# ------------------------------------------------------------------ specs
_ELEMENTWISE = Traits(family="merge", merge=True, elementwise=True, weightless=True)
_JOIN = Traits(family="merge", merge=True, weightless=True)


def _elementwise_spec(name: str, functional: str, *cases: Case) -> LayerSpec:
    return LayerSpec(name, traits=_ELEMENTWISE, infer=elementwise, functional=(functional, ("inputs",)), cases=cases)


ADD = _elementwise_spec(
    "Add",
    "add",
    Case("layers.Add()([i0, i1])", ((10, 32), (32,))),
    Case("layers.Add()([i0, i1])", ((10, 8), (32,))),
    Case("layers.Add()([i0, i1])", ((1, 5), (7, 5))),
    Case("layers.Add()([i0, i1])", ((None, 5), (7, 5))),
    Case("layers.Add()([i0, i1])", ((10, 1), (10, 32))),
    Case("layers.Add()([i0])", ((5,),)),
    Case("layers.Add()(i0)", ((5,),)),
    Case("layers.add([i0, i1])", ((3, 4), (3, 4))),
)
SUBTRACT = LayerSpec(
    "Subtract",
    traits=_ELEMENTWISE,
    infer=subtract,
    functional=("subtract", ("inputs",)),
    cases=(Case("layers.Subtract()([i0, i1, i2])", ((5,), (5,), (5,))),),
)
MULTIPLY = _elementwise_spec("Multiply", "multiply", Case("layers.Multiply()([i0, i1])", ((4,), (5,))))
AVERAGE = _elementwise_spec("Average", "average", Case("layers.Average()([i0, i1, i2])", ((4,), (4,), (4,))))
MAXIMUM = _elementwise_spec("Maximum", "maximum", Case("layers.Maximum()([i0, i1])", ((3, 4), (3, 4))))
MINIMUM = _elementwise_spec("Minimum", "minimum", Case("layers.Minimum()([i0, i1])", ((3, 4), (3, 5))))
CONCATENATE = LayerSpec(
    "Concatenate",
    params=("axis",),
    traits=_JOIN,
    infer=concatenate,
    functional=("concatenate", ("inputs", "axis")),
    cases=(
        Case("layers.Concatenate()([i0, i1])", ((10, 1), (32,))),
        Case("layers.Concatenate()([i0, i1])", ((None, 5), (7, 5))),
        Case("layers.Concatenate(axis=1)([i0, i1])", ((10, 4), (3, 4))),
        Case("layers.Concatenate(axis=1)([i0, i1])", ((10, 4), (3, 5))),
        Case("layers.Concatenate(axis=3)([i0, i1])", ((10, 4), (10, 4))),
        Case("layers.concatenate([i0, i1], axis=-1)", ((10, 4), (10, 6))),
        Case("layers.Concatenate()([i0, i1])", ((10, 4), (9, 6))),
    ),
)
DOT = LayerSpec(
    "Dot",
    params=("axes", "normalize"),
    traits=_JOIN,
    infer=dot,
    functional=("dot", ("inputs", "axes", "normalize")),
    cases=(
        Case("layers.Dot(axes=(2, 2))([i0, i1])", ((4, 5), (6, 3))),
        Case("layers.Dot(axes=(2, 2))([i0, i1])", ((4, 5), (6, 5))),
        Case("layers.Dot(axes=1)([i0, i1])", ((5,), (5,))),
        Case("layers.Dot(axes=1)([i0, i1])", ((5,), (6,))),
        Case("layers.Dot(axes=-1)([i0, i1])", ((4, 5), (5,))),
        Case("layers.Dot(axes=1)([i0, i1, i2])", ((5,), (5,), (5,))),
        Case("layers.dot([i0, i1], axes=(2, 3))", ((4, 5, 6), (7, 8, 5))),
    ),
)

register(ADD, SUBTRACT, MULTIPLY, AVERAGE, MAXIMUM, MINIMUM, CONCATENATE, DOT)
