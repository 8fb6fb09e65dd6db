"""Dense, Embedding, RepeatVector, TimeDistributed, Flatten, Reshape, Permute, pass-through."""

from __future__ import annotations

from typing import Callable

from lstmlint.layers.checks import expect_defined_last, expect_min_ndim, expect_ndim
from lstmlint.layers.config import LayerConfig
from lstmlint.shapes.dims import UNKNOWN, Sym, arith, is_int, product
from lstmlint.shapes.problems import Outcome, ShapeProblem
from lstmlint.shapes.shape import Shape


def identity(cfg: LayerConfig, inputs: list[Shape]) -> Outcome:
    return Outcome.one(inputs[0])


def needs_defined_last(cfg: LayerConfig, inputs: list[Shape]) -> Outcome:
    """BatchNormalization, LayerNormalization: weights sized by the feature axis."""
    expect_defined_last(cfg, inputs[0])
    return Outcome.one(inputs[0])


def sequence_identity(cfg: LayerConfig, inputs: list[Shape]) -> Outcome:
    """SpatialDropout1D: a 3-D pass-through."""
    expect_ndim(cfg, inputs[0], 3)
    return Outcome.one(inputs[0])


def dense(cfg: LayerConfig, inputs: list[Shape]) -> Outcome:
    x = inputs[0]
    expect_min_ndim(cfg, x, 2)
    expect_defined_last(cfg, x)
    if x.dims is None:
        return Outcome.one(Shape(None))
    return Outcome.one(x.replace_last(cfg.dim("units")))


def embedding(cfg: LayerConfig, inputs: list[Shape]) -> Outcome:
    x = inputs[0]
    if x.dims is None:
        return Outcome.one(Shape(None))
    return Outcome.one(Shape(x.dims + (cfg.dim("output_dim"),)))


def repeat_vector(cfg: LayerConfig, inputs: list[Shape]) -> Outcome:
    x = inputs[0]
    n = cfg.dim("n")
    recovered = None
    if x.dims is not None and x.rank and x.rank > 2:
        recovered = Outcome.one(Shape((x.dims[0], n, x.dims[-1])))
    expect_ndim(cfg, x, 2, code="LST103", kind="needs_vector", recovered=recovered)
    if x.dims is None:
        return Outcome.one(Shape(None))
    return Outcome.one(Shape((x.dims[0], n, x.dims[1])))


def flatten(cfg: LayerConfig, inputs: list[Shape]) -> Outcome:
    x = inputs[0]
    if x.dims is None:
        return Outcome.one(Shape(None))
    if cfg.str_("data_format") == "channels_first":
        return Outcome.unknown("channels_first")
    return Outcome.one(Shape((x.dims[0], product(x.dims[1:]))))


def reshape(cfg: LayerConfig, inputs: list[Shape]) -> Outcome:
    x = inputs[0]
    target = cfg.get("target_shape")
    if not isinstance(target, (tuple, list)):
        return Outcome.unknown("target shape is not a literal")
    target = list(target)
    if x.dims is None:
        if all(is_int(t) and t != -1 for t in target):
            return Outcome.one(Shape((None, *target)))
        return Outcome.one(Shape(None))
    batch = x.dims[0]
    if target.count(-1) > 1:
        raise ShapeProblem(
            "LST107",
            f"`{cfg.display}` target shape {tuple(target)} has more than one -1",
            kind="bad_argument",
        )
    if any(t is UNKNOWN or not (is_int(t) or isinstance(t, Sym)) for t in target):
        # a float or unknown entry: Keras' output dims there are not ours to guess (a float
        # 7.0 gives None in Keras 3), so they stay unknown
        return Outcome.one(Shape((batch,) + tuple(
            t if is_int(t) and t != -1 or isinstance(t, Sym) else UNKNOWN for t in target
        )))
    size = product(x.dims[1:])
    known_target = [t for t in target if t != -1]
    target_size = product(known_target)
    if -1 in target:
        if is_int(size) and is_int(target_size):
            if target_size == 0 or size % target_size:
                raise _reshape_problem(cfg, x, target)
            filled = size // target_size
        elif size is None:
            filled = None
        else:
            filled = arith("//", size, target_size)
        return Outcome.one(Shape((batch,) + tuple(filled if t == -1 else t for t in target)))
    if is_int(size) and is_int(target_size) and size != target_size:
        raise _reshape_problem(cfg, x, target)
    return Outcome.one(Shape((batch, *target)))


def _reshape_problem(cfg: LayerConfig, x: Shape, target: list) -> ShapeProblem:
    size = product(x.dims[1:]) if x.dims else UNKNOWN
    return ShapeProblem(
        "LST106",
        f"`{cfg.display}` cannot reshape {x} ({size} values per sample) to {tuple(target)}",
        kind="reshape_size",
        operand=0,
        data={"size": size, "target": tuple(target)},
    )


def permute(cfg: LayerConfig, inputs: list[Shape]) -> Outcome:
    x = inputs[0]
    dims = cfg.get("dims")
    if not isinstance(dims, (tuple, list)) or not all(is_int(d) for d in dims):
        return Outcome.unknown("permutation is not a literal")
    if sorted(dims) != list(range(1, len(dims) + 1)):
        raise ShapeProblem(
            "LST107",
            f"`{cfg.display}` dims {tuple(dims)} must be a permutation of 1..{len(dims)}",
            kind="bad_argument",
        )
    expect_ndim(cfg, x, len(dims) + 1)
    if x.dims is None:
        return Outcome.one(Shape((None,) + (UNKNOWN,) * len(dims)))
    return Outcome.one(Shape((x.dims[0],) + tuple(x.dims[d] for d in dims)))


def time_distributed(
    cfg: LayerConfig, inputs: list[Shape], infer_inner: Callable[[LayerConfig, list[Shape]], Outcome]
) -> Outcome:
    x = inputs[0]
    inner = cfg.get("layer")
    expect_min_ndim(cfg, x, 3)
    if not isinstance(inner, LayerConfig):
        return Outcome.unknown("TimeDistributed wraps a layer that is not followed")
    if x.dims is None:
        child_in = Shape(None)
    else:
        child_in = Shape((x.dims[0],) + x.dims[2:])
    try:
        out = infer_inner(inner, [child_in])
    except ShapeProblem as p:
        p.message = p.message.replace(f"`{inner.display}`", f"`{cfg.display}`", 1)
        p.message += " (inside TimeDistributed, each time step is one sample)"
        p.recovered = None
        raise
    if out.outputs is None or out.multi:
        return Outcome.unknown("TimeDistributed inner layer not followed")
    inner_out = out.outputs[0]
    if inner_out.dims is None or x.dims is None:
        return Outcome.one(Shape(None))
    return Outcome.one(Shape((inner_out.dims[0], x.dims[1]) + inner_out.dims[1:]))
