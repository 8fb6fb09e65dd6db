"""The core family: Dense, Embedding, RepeatVector, TimeDistributed, Flatten, Reshape, Permute,
normalization, and the layers that pass their input through (dropout, activations, ...)."""

from __future__ import annotations

from math import prod
from typing import Any

from lstmlint.codes import Code
from lstmlint.layers import arguments as args
from lstmlint.layers.checks import expect_defined_last, expect_min_ndim, expect_ndim, one_input
from lstmlint.layers.config import LayerConfig
from lstmlint.layers.params import (
    NotCountable,
    ParamCount,
    axis_size,
    count_params,
    known_flag,
    known_int,
    last_dim,
    no_lora,
)
from lstmlint.layers.spec import Case, LayerSpec, Traits, infer_layer, register, spec_for
from lstmlint.shapes.dims import UNKNOWN, Dim, Sym, arith, is_int, product
from lstmlint.shapes.problems import ArgumentRule, Outcome, ProblemKind, ShapeProblem
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


def spatial_identity(cfg: LayerConfig, inputs: list[Shape], ndim: int) -> Outcome:
    """SpatialDropout2D/3D: a 4-D/5-D pass-through."""
    expect_ndim(cfg, inputs[0], ndim)
    return Outcome.one(inputs[0])


def prelu(cfg: LayerConfig, inputs: list[Shape]) -> Outcome:
    """PReLU: one slope per input position (shared along ``shared_axes``), sized when built."""
    x = inputs[0]
    expect_defined_last(cfg, x)
    shared = _shared_axes(cfg)
    if x.dims is not None and (
        shared is None
        or any(d is None for i, d in enumerate(x.dims) if i > 0 and i not in shared and i != len(x.dims) - 1)
    ):
        return Outcome.unknown("PReLU on an open axis without shared_axes")  # Keras refuses: not reported
    return Outcome.one(x)


def _shared_axes(cfg: LayerConfig) -> set[int] | None:
    axes = cfg.get("shared_axes")
    if axes is None:
        return set()
    values = list(axes) if isinstance(axes, (list, tuple)) else [axes]
    return {int(a) for a in values} if all(is_int(a) and a > 0 for a in values) else None


def group_normalization(cfg: LayerConfig, inputs: list[Shape]) -> Outcome:
    """GroupNormalization: the channel axis must be known and divisible into ``groups``."""
    x = inputs[0]
    expect_defined_last(cfg, x)
    if x.dims is None or cfg.get("axis", -1) != -1:
        return Outcome.one(x)
    problem = args.group_count_problem(cfg, cfg.get("groups", 32), x.dims[-1])
    if problem is not None:
        raise problem
    return Outcome.one(x)


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
    expect_ndim(
        cfg, x, 2, code=Code.REPEAT_VECTOR_INPUT_NOT_A_VECTOR, kind=ProblemKind.NEEDS_VECTOR, recovered=recovered
    )
    if x.dims is None:
        return Outcome.one(Shape(None))
    return Outcome.one(Shape((x.dims[0], n, x.dims[1])))


def flatten(cfg: LayerConfig, inputs: list[Shape]) -> Outcome:
    x = inputs[0]
    if x.dims is None:
        return Outcome.one(Shape(None))
    # channels_first only moves the channels last before flattening: the same size (measured)
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
        return Outcome.unknown("refused by the constructor")
    if any(t is UNKNOWN or not (is_int(t) or isinstance(t, Sym)) for t in target):
        # a float or unknown entry: Keras' output dims there are not ours to guess (a float
        # 7.0 gives None in Keras 3), so they stay unknown
        return Outcome.one(
            Shape((batch,) + tuple(t if (is_int(t) and t != -1) or isinstance(t, Sym) else UNKNOWN for t in target))
        )
    size = product(x.dims[1:])
    known_target = [t for t in target if t != -1]
    target_size = product(known_target)
    if -1 in target:
        filled: Dim
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


def _reshape_problem(cfg: LayerConfig, x: Shape, target: list[Any]) -> ShapeProblem:
    size = product(x.dims[1:]) if x.dims else UNKNOWN
    return ShapeProblem(
        Code.RESHAPE_SIZE_MISMATCH,
        f"`{cfg.display}` cannot reshape {x} ({size} values per sample) to {tuple(target)}",
        kind=ProblemKind.RESHAPE_SIZE,
        operand=0,
        data={"size": size, "target": tuple(target)},
    )


def permute(cfg: LayerConfig, inputs: list[Shape]) -> Outcome:
    x = inputs[0]
    dims = cfg.get("dims")
    if not isinstance(dims, (tuple, list)) or not all(is_int(d) for d in dims):
        return Outcome.unknown("permutation is not a literal")
    if sorted(dims) != list(range(1, len(dims) + 1)):
        return Outcome.unknown("refused by the constructor")
    expect_ndim(cfg, x, len(dims) + 1)
    if x.dims is None:
        return Outcome.one(Shape((None,) + (UNKNOWN,) * len(dims)))
    return Outcome.one(Shape((x.dims[0],) + tuple(x.dims[d] for d in dims)))


def time_distributed(cfg: LayerConfig, inputs: list[Shape]) -> Outcome:
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
        out = infer_layer(inner, [child_in])
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


# ------------------------------------------------------------------ constructor checks
def _reshape_target(cfg: LayerConfig) -> ShapeProblem | None:
    target = cfg.get("target_shape")
    if isinstance(target, (tuple, list)) and list(target).count(-1) > 1:
        return args.problem(
            cfg,
            f"target shape {tuple(target)} has more than one -1",
            "target_shape",
            target,
            ArgumentRule.TWO_INFERRED_DIMS,
        )
    return None


def _permutation(cfg: LayerConfig) -> ShapeProblem | None:
    dims = cfg.get("dims")
    if (
        isinstance(dims, (tuple, list))
        and all(is_int(d) for d in dims)
        and sorted(dims) != list(range(1, len(dims) + 1))
    ):
        return args.problem(
            cfg,
            f"dims {tuple(dims)} must be a permutation of 1..{len(dims)}",
            "dims",
            dims,
            ArgumentRule.PERMUTATION,
            length=len(dims),
        )
    return None


# ------------------------------------------------------------------ parameter counts
def count_dense(cfg: LayerConfig, inputs: list[Shape]) -> ParamCount:
    no_lora(cfg)
    units = known_int(cfg.dim("units"))
    return ParamCount(last_dim(inputs[0]) * units + (units if known_flag(cfg, "use_bias", True) else 0))


def count_embedding(cfg: LayerConfig, inputs: list[Shape]) -> ParamCount:
    no_lora(cfg)
    return ParamCount(known_int(cfg.dim("input_dim")) * known_int(cfg.dim("output_dim")))


def count_batch_norm(cfg: LayerConfig, inputs: list[Shape]) -> ParamCount:
    size = axis_size(inputs[0], cfg.get("axis", -1))
    learned = int(known_flag(cfg, "center", True)) + int(known_flag(cfg, "scale", True))
    statistics = 5 if known_flag(cfg, "renorm", False) else 2  # moving mean/variance (+ renorm stddev/mean/stddev)
    return ParamCount(learned * size, statistics * size)


def count_layer_norm(cfg: LayerConfig, inputs: list[Shape]) -> ParamCount:
    axis = cfg.get("axis", -1)
    axes = list(axis) if isinstance(axis, (list, tuple)) else [axis]
    if not axes:
        raise NotCountable
    size = prod(axis_size(inputs[0], a) for a in axes)
    rms = known_flag(cfg, "rms_scaling", False)
    gamma = known_flag(cfg, "scale", True) or rms
    beta = known_flag(cfg, "center", True) and not rms
    return ParamCount((int(gamma) + int(beta)) * size)


def count_prelu(cfg: LayerConfig, inputs: list[Shape]) -> ParamCount:
    """One slope per non-batch position, 1 along each shared axis."""
    x = inputs[0]
    shared = _shared_axes(cfg)
    if x.dims is None or shared is None:
        raise NotCountable
    return ParamCount(prod(1 if i in shared else known_int(d) for i, d in enumerate(x.dims) if i > 0))


def count_group_norm(cfg: LayerConfig, inputs: list[Shape]) -> ParamCount:
    size = axis_size(inputs[0], cfg.get("axis", -1))
    return ParamCount((int(known_flag(cfg, "center", True)) + int(known_flag(cfg, "scale", True))) * size)


def count_time_distributed(cfg: LayerConfig, inputs: list[Shape]) -> ParamCount:
    inner = cfg.get("layer")
    x = inputs[0]
    if not isinstance(inner, LayerConfig) or x.dims is None or len(x.dims) < 3:
        raise NotCountable
    child = count_params(inner, [Shape((x.dims[0],) + x.dims[2:])])
    if child is None:
        raise NotCountable
    return child


# ------------------------------------------------------------------ specs
_IDENTITY = one_input(identity)
# weightless layers whose output is their input: looked through when a rule seeks a cause
_PASS = Traits(rank_preserving=True, weightless=True, mask_pass="keeps")
# ... whose passing of a mask was not measured, or differs (tf_keras 2.21: ``Identity`` drops it,
# ``Softmax`` refuses the ``(None, 7)`` mask of an ``Embedding`` on ``Input((7,))``)
_PASS_OWN_MASK = Traits(rank_preserving=True, weightless=True)
# weighted layers that pass a mask on (keras 3.15.1 and tf_keras 2.21)
_KEEPS_MASK = Traits(rank_preserving=True, mask_pass="keeps")


def passes_through(kind: str) -> bool:
    """Whether Keras' layer ``kind`` gives back its input's shape whatever the input (any rank,
    any sizes: ``Dropout``, ``Activation``, ``ReLU``, ``Identity``, ...), has no weights and makes
    no mask: two such layers build the same shapes everywhere (a hyperas
    ``{{choice([Dropout(0.5), Activation('linear')])}}`` is either)."""
    spec = spec_for(kind)
    if spec is None or spec.library or spec.infer is not _IDENTITY:
        return False
    return spec.traits.weightless and spec.traits.mask is None


_SHAPING = Traits(weightless=True)

DENSE = LayerSpec(
    "Dense",
    params=("units", "activation"),
    traits=_KEEPS_MASK,
    infer=one_input(dense),
    checks=(args.positive_int("units", keras2_casts=True),),
    count=count_dense,
    cases=(
        Case("layers.Dense(3)(i0)", ((7, 5),)),
        Case("layers.Dense(3)(i0)", ((7, None),)),
        Case("layers.Dense(3)(i0)", ((),)),
    ),
)


def embedding_weights(cfg: LayerConfig) -> tuple[tuple[Any, ...], ...] | None:
    """Embedding's one weight: the (input_dim, output_dim) table (a size not known as given)."""
    n, d = cfg.get("input_dim"), cfg.get("output_dim")
    if "input_dim" not in cfg.params or "output_dim" not in cfg.params:
        return None
    return ((n, d),)


EMBEDDING = LayerSpec(
    "Embedding",
    params=("input_dim", "output_dim"),
    traits=Traits(keras2_input="input_length", mask="input", mask_flag="mask_zero"),
    infer=one_input(embedding),
    checks=(
        args.positive_int("input_dim", "output_dim"),
        args.given_weights(embedding_weights),
        args.constant_initializer("embeddings_initializer", embedding_weights),
    ),
    count=count_embedding,
    cases=(
        Case("layers.Embedding(100, 8)(i0)", ((7,),)),
        Case("layers.Embedding(100, 8)(i0)", ((7, 3),)),
    ),
)
REPEAT_VECTOR = LayerSpec(
    "RepeatVector",
    params=("n",),
    traits=_SHAPING,
    infer=one_input(repeat_vector),
    checks=(args.positive_int("n"),),
    cases=(
        Case("layers.RepeatVector(3)(i0)", ((5,),)),
        Case("layers.RepeatVector(3)(i0)", ((5, 6),)),
    ),
)
TIME_DISTRIBUTED = LayerSpec(
    "TimeDistributed",
    params=("layer",),
    traits=Traits(family="wrapper", wraps="layer"),
    infer=one_input(time_distributed),
    count=count_time_distributed,
    cases=(
        Case("layers.TimeDistributed(layers.Dense(3))(i0)", ((7, 5),)),
        Case("layers.TimeDistributed(layers.Dense(3))(i0)", ((5,),)),
        Case("layers.TimeDistributed(layers.LSTM(3))(i0)", ((7, 5, 2),)),
        Case("layers.TimeDistributed(layers.LSTM(3))(i0)", ((7, 5),)),
        Case("layers.TimeDistributed(layers.Conv1D(3, 2))(i0)", ((7, 5, 2),)),
        Case("layers.TimeDistributed(layers.Flatten())(i0)", ((7, 5, 4, 2),)),
        Case("layers.TimeDistributed(layers.Flatten())(i0)", ((None, 5, 4, 2),)),
    ),
)
FLATTEN = LayerSpec(
    "Flatten",
    params=("data_format",),
    traits=_SHAPING,
    infer=one_input(flatten),
    cases=(
        Case("layers.Flatten()(i0)", ((7, 3, 2),)),
        Case("layers.Flatten()(i0)", ((5,),)),
        Case("layers.Flatten()(i0)", ((3, None),)),
        Case("layers.Flatten(data_format='channels_first')(i0)", ((7, 3, 2),)),
    ),
)
RESHAPE = LayerSpec(
    "Reshape",
    params=("target_shape",),
    traits=_SHAPING,
    infer=one_input(reshape),
    checks=(_reshape_target,),
    cases=(
        Case("layers.Reshape((4, 4))(i0)", ((10,),)),
        Case("layers.Reshape((5, 2))(i0)", ((10,),)),
        Case("layers.Reshape((-1, 3))(i0)", ((10, 8),)),
        Case("layers.Reshape((-1, 4))(i0)", ((10, 8),)),
        Case("layers.Reshape((-1, 4))(i0)", ((None, 8),)),
        Case("layers.Reshape((-1, -1))(i0)", ((10, 8),)),
    ),
)
PERMUTE = LayerSpec(
    "Permute",
    params=("dims",),
    traits=_SHAPING,
    infer=one_input(permute),
    checks=(_permutation,),
    cases=(
        Case("layers.Permute((2, 1))(i0)", ((7, 3),)),
        Case("layers.Permute((2, 1))(i0)", ((7, 3, 2),)),
        Case("layers.Permute((1, 1))(i0)", ((7, 3),)),
    ),
)
_RATE = args.rate()
DROPOUT = LayerSpec(
    "Dropout",
    params=("rate", "noise_shape", "seed"),
    traits=_PASS,
    infer=_IDENTITY,
    checks=(_RATE,),
    cases=(Case("layers.Dropout(0.1)(i0)", ((7, 3),)),),
)
GAUSSIAN_NOISE = LayerSpec(
    "GaussianNoise",
    params=("stddev", "seed"),
    traits=_PASS,
    infer=_IDENTITY,
    cases=(Case("layers.GaussianNoise(0.1)(i0)", ((None, 3),)),),
)
GAUSSIAN_DROPOUT = LayerSpec(
    "GaussianDropout",
    params=("rate", "seed"),
    traits=_PASS,
    infer=_IDENTITY,
    checks=(_RATE,),
    cases=(Case("layers.GaussianDropout(0.2)(i0)", ((7, 3, 2),)),),
)
ALPHA_DROPOUT = LayerSpec(
    "AlphaDropout",
    params=("rate", "noise_shape", "seed"),
    traits=_PASS,
    infer=_IDENTITY,
    checks=(_RATE,),
    cases=(Case("layers.AlphaDropout(0.1)(i0)", ((5,),)),),
)
ACTIVATION = LayerSpec(
    "Activation",
    params=("activation",),
    traits=_PASS,
    infer=_IDENTITY,
    cases=(Case("layers.Activation('softmax')(i0)", ((7, 3),)),),
)
MASKING = LayerSpec(
    "Masking",
    params=("mask_value",),
    traits=Traits(rank_preserving=True, weightless=True, mask="features"),
    infer=_IDENTITY,
    cases=(Case("layers.Masking(0.0)(i0)", ((None, 3),)),),
)
RELU = LayerSpec(
    "ReLU",
    params=("max_value", "negative_slope", "threshold"),
    traits=_PASS,
    infer=_IDENTITY,
    cases=(Case("layers.ReLU(max_value=6.0)(i0)", ((7, 3),)),),
)
LEAKY_RELU = LayerSpec(
    "LeakyReLU",
    params=("negative_slope",),
    traits=_PASS,
    infer=_IDENTITY,
    cases=(Case("layers.LeakyReLU(0.2)(i0)", ((7, 3),)),),
)
# Keras 2 only (tf_keras 2.21: identity shape, no weights); Keras 3 has no such class, so it
# has no case here (``layers/migration.py`` reports it under Keras 3)
THRESHOLDED_RELU = LayerSpec("ThresholdedReLU", params=("theta",), traits=_PASS, infer=_IDENTITY)
ELU = LayerSpec("ELU", params=("alpha",), traits=_PASS, infer=_IDENTITY, cases=(Case("layers.ELU()(i0)", ((7, 3),)),))
SOFTMAX = LayerSpec(
    "Softmax",
    params=("axis",),
    traits=_PASS_OWN_MASK,
    infer=_IDENTITY,
    cases=(Case("layers.Softmax(axis=1)(i0)", ((7, 3),)),),
)
PRELU = LayerSpec(
    "PReLU",
    params=("alpha_initializer", "alpha_regularizer", "alpha_constraint", "shared_axes"),
    traits=Traits(rank_preserving=True),
    infer=one_input(prelu),
    count=count_prelu,
    cases=(
        Case("layers.PReLU()(i0)", ((7, 3),)),
        Case("layers.PReLU(shared_axes=[1])(i0)", ((None, 3),)),
        Case("layers.PReLU()(i0)", ((7, None),)),
    ),
)
UNIT_NORMALIZATION = LayerSpec(
    "UnitNormalization",
    params=("axis",),
    traits=_PASS,
    infer=_IDENTITY,
    cases=(Case("layers.UnitNormalization()(i0)", ((7, None),)),),
)
GROUP_NORMALIZATION = LayerSpec(
    "GroupNormalization",
    params=("groups", "axis", "epsilon", "center", "scale"),
    traits=Traits(rank_preserving=True),
    infer=one_input(group_normalization),
    count=count_group_norm,
    checks=(args.group_count(),),
    cases=(
        Case("layers.GroupNormalization(groups=3)(i0)", ((5, 6),)),
        Case("layers.GroupNormalization(groups=2)(i0)", ((5, None),)),
    ),
)
ACTIVITY_REGULARIZATION = LayerSpec(
    "ActivityRegularization",
    params=("l1", "l2"),
    traits=_PASS,
    infer=_IDENTITY,
    cases=(Case("layers.ActivityRegularization(l1=0.01)(i0)", ((7, 3),)),),
)
IDENTITY = LayerSpec(
    "Identity", traits=_PASS_OWN_MASK, infer=_IDENTITY, cases=(Case("layers.Identity()(i0)", ((4, 5, 6, 2),)),)
)
BATCH_NORMALIZATION = LayerSpec(
    "BatchNormalization",
    params=("axis", "momentum", "epsilon"),
    traits=_KEEPS_MASK,
    infer=one_input(needs_defined_last),
    count=count_batch_norm,
    cases=(Case("layers.BatchNormalization()(i0)", ((7, None),)),),
)
LAYER_NORMALIZATION = LayerSpec(
    "LayerNormalization",
    params=("axis", "epsilon"),
    traits=_KEEPS_MASK,
    infer=one_input(needs_defined_last),
    count=count_layer_norm,
    cases=(Case("layers.LayerNormalization()(i0)", ((7, 4),)),),
)
SPATIAL_DROPOUT_1D = LayerSpec(
    "SpatialDropout1D",
    params=("rate", "seed"),
    traits=_PASS,
    infer=one_input(sequence_identity),
    checks=(_RATE,),
    cases=(Case("layers.SpatialDropout1D(0.1)(i0)", ((7,),)),),
)

SPATIAL_DROPOUT_2D = LayerSpec(
    "SpatialDropout2D",
    params=("rate", "data_format", "seed"),
    traits=_PASS_OWN_MASK,
    infer=one_input(lambda cfg, inputs: spatial_identity(cfg, inputs, 4)),
    checks=(_RATE,),
    cases=(
        Case("layers.SpatialDropout2D(0.1)(i0)", ((4, 5, 6),)),
        Case("layers.SpatialDropout2D(0.1)(i0)", ((5, 3),)),
    ),
)
SPATIAL_DROPOUT_3D = LayerSpec(
    "SpatialDropout3D",
    params=("rate", "data_format", "seed"),
    traits=_PASS_OWN_MASK,
    infer=one_input(lambda cfg, inputs: spatial_identity(cfg, inputs, 5)),
    checks=(_RATE,),
    cases=(
        Case("layers.SpatialDropout3D(0.1)(i0)", ((4, 5, 6, 2),)),
        Case("layers.SpatialDropout3D(0.1)(i0)", ((4, 5, 3),)),
    ),
)

register(
    DENSE,
    EMBEDDING,
    REPEAT_VECTOR,
    TIME_DISTRIBUTED,
    FLATTEN,
    RESHAPE,
    PERMUTE,
    DROPOUT,
    GAUSSIAN_NOISE,
    GAUSSIAN_DROPOUT,
    ALPHA_DROPOUT,
    ACTIVATION,
    MASKING,
    RELU,
    LEAKY_RELU,
    THRESHOLDED_RELU,
    ELU,
    SOFTMAX,
    ACTIVITY_REGULARIZATION,
    IDENTITY,
    BATCH_NORMALIZATION,
    LAYER_NORMALIZATION,
    SPATIAL_DROPOUT_1D,
    PRELU,
    UNIT_NORMALIZATION,
    GROUP_NORMALIZATION,
    SPATIAL_DROPOUT_2D,
    SPATIAL_DROPOUT_3D,
)
