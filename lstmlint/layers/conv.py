"""The convolution family, in 1, 2 and 3 spatial dimensions: ConvND, ConvNDTranspose,
SeparableConv1D/2D, DepthwiseConv1D/2D, Max/AveragePoolingND, GlobalMax/AveragePoolingND,
ZeroPaddingND, CroppingND, UpSamplingND, each with ``data_format="channels_first"``.
One window computation serves every spatial rank (measured: keras 3.15.1).

* ConvND/SeparableConvND: valid ``(n - dilation*(k-1) - 1)//s + 1``, same/causal
  ``(n - 1)//s + 1``; Keras refuses a size <= 0 and an unknown channel axis (weights).
* ConvNDTranspose: valid ``(n - 1)*s + span + (output_padding or max(span, s) - span)``,
  same ``n*s`` (or ``(n - 1)*s + span % 2 + output_padding``), ``span = (k - 1)*d + 1``.
* DepthwiseConvND: the windows of a ConvND, ``channels * depth_multiplier`` channels.
* Pooling: the same windows with ``strides`` defaulting to ``pool_size``, channels kept.
* An open spatial axis stays open (None); an argument that is not a literal gives unknown sizes.
"""

from __future__ import annotations

from collections.abc import Callable
from math import prod

from lstmlint.codes import Code
from lstmlint.layers import arguments as args
from lstmlint.layers.checks import expect_ndim, one_input
from lstmlint.layers.config import LayerConfig
from lstmlint.layers.params import NotCountable, ParamCount, channels, known_flag, known_int, no_lora
from lstmlint.layers.spec import Case, Check, Infer, LayerSpec, Traits, register
from lstmlint.shapes.dims import UNKNOWN, Dim, arith, is_int
from lstmlint.shapes.problems import ArgumentRule, Outcome, ProblemKind, ShapeProblem, WindowKind
from lstmlint.shapes.shape import Shape


def _int_or_first(v: object) -> Dim:
    if isinstance(v, (tuple, list)) and len(v) == 1:
        v = v[0]
    return v if is_int(v) else UNKNOWN


def _pair(v: object) -> tuple[Dim, Dim]:
    if is_int(v):
        return v, v
    if isinstance(v, (tuple, list)) and len(v) == 2 and all(is_int(p) for p in v):
        return v[0], v[1]
    return UNKNOWN, UNKNOWN


def _channels_first(cfg: LayerConfig) -> bool:
    # ``cfg.str_("data_format") == "channels_first"``, read directly: asked several times per layer
    value = cfg.params.get("data_format")
    return isinstance(value, str) and value.lower() == "channels_first"


def _length(
    cfg: LayerConfig,
    x: Shape,
    length: Dim,
    what: str | Callable[[], str],
    window: WindowKind,
    axis: int = 1,
    spatial: int = 1,
) -> Dim:
    """``length`` when positive; else Keras refuses the layer (LST105). ``what`` names the
    window's arguments for the message, or makes that text when called: only then (most lengths
    are positive, and a convolution's text costs more than its check)."""
    if is_int(length) and length <= 0:
        assert x.dims is not None
        out = f"a sequence of length {length}" if spatial == 1 else f"an output of size {length} on axis {axis}"
        raise ShapeProblem(
            Code.SEQUENCE_TOO_SHORT,
            f"`{cfg.display}` would produce {out} from {x} ({what if isinstance(what, str) else what()})",
            kind=ProblemKind.NONPOSITIVE_LENGTH,
            operand=0,
            data={"length": length, "axis": axis, "window": window, "input_length": x.dims[axis]},
        )
    return length


def _window(size: object, stride: object, padding: object, length: Dim) -> Dim:
    """Output length of a sliding window, as Keras computes it."""
    if length is None:
        return None
    if not (is_int(size) and is_int(stride)) or padding is UNKNOWN:
        return UNKNOWN
    if is_int(length) and padding in ("same", "causal", "valid"):  # what ``arith`` folds below, without its calls
        if not stride:
            return UNKNOWN
        return (length - (1 if padding != "valid" else size)) // stride + 1
    if padding in ("same", "causal"):
        return arith("+", arith("//", arith("-", length, 1), stride), 1)
    if padding == "valid":
        return arith("+", arith("//", arith("-", length, size), stride), 1)
    return UNKNOWN


def _per_axis(v: object, rank: int) -> tuple[Dim, ...]:
    """An int or ``rank`` ints, one per spatial axis (UNKNOWN where not a literal)."""
    if is_int(v):
        return (v,) * rank
    if isinstance(v, (tuple, list)) and len(v) == rank:
        return tuple(p if is_int(p) else UNKNOWN for p in v)
    return (UNKNOWN,) * rank


def _show(values: tuple[object, ...]) -> str:
    return str(values[0]) if len(values) == 1 else "(" + ", ".join(str(v) for v in values) + ")"


def _spatial_axes(cfg: LayerConfig, rank: int) -> range:
    return range(2, rank + 2) if _channels_first(cfg) else range(1, rank + 1)


def _with_spatial(cfg: LayerConfig, batch: Dim, spatial: list[Dim], channels_dim: Dim) -> Shape:
    if _channels_first(cfg):
        return Shape((batch, channels_dim, *spatial))
    return Shape((batch, *spatial, channels_dim))


def _channel_axis(cfg: LayerConfig, rank: int) -> int:
    return 1 if _channels_first(cfg) else rank + 1


def _defined_channels(cfg: LayerConfig, x: Shape, rank: int) -> None:
    """Layers whose weights are sized by the channel axis need it known (Keras: fully-defined)."""
    assert x.dims is not None
    channel_axis = _channel_axis(cfg, rank)
    if x.dims[channel_axis] is None:
        what = "last (channel)" if channel_axis == rank + 1 else "channel"
        raise ShapeProblem(
            Code.UNDEFINED_FEATURE_DIMENSION,
            f"`{cfg.display}` needs a defined {what} dimension, got {x}",
            kind=ProblemKind.UNDEFINED_LAST,
            operand=0,
        )


def conv_lengths(cfg: LayerConfig, x: Shape, rank: int) -> list[Dim]:
    """The spatial sizes a convolution's windows produce from ``x`` (raising when one would be
    zero or negative, as Keras does)."""
    assert x.dims is not None
    kernel = _per_axis(cfg.get("kernel_size"), rank)
    strides = _per_axis(cfg.get("strides", 1), rank)
    dilation = _per_axis(cfg.get("dilation_rate", 1), rank)
    padding = cfg.str_("padding", "valid")
    lengths: list[Dim] = []

    def what() -> str:  # the message's text, made only when Keras refuses
        return f"kernel_size={_show(kernel)}, dilation_rate={_show(dilation)}, padding='{padding}'"

    for i, axis in enumerate(_spatial_axes(cfg, rank)):
        k, s, d = kernel[i], strides[i], dilation[i]
        span = d * (k - 1) + 1 if is_int(k) and is_int(d) else UNKNOWN
        length = _window(span, s, padding, x.dims[axis])
        lengths.append(_length(cfg, x, length, what, WindowKind.KERNEL, axis, rank))
    return lengths


def conv(cfg: LayerConfig, inputs: list[Shape], rank: int) -> Outcome:
    """ConvND / SeparableConvND: (batch, *spatial, channels) -> (batch, *windows, filters),
    or channels first."""
    x = inputs[0]
    expect_ndim(cfg, x, rank + 2)
    filters = cfg.dim("filters")
    if x.dims is None:
        return Outcome.one(_with_spatial(cfg, None, [UNKNOWN] * rank, filters))
    _defined_channels(cfg, x, rank)
    return Outcome.one(_with_spatial(cfg, x.dims[0], conv_lengths(cfg, x, rank), filters))


def depthwise_conv(cfg: LayerConfig, inputs: list[Shape], rank: int) -> Outcome:
    """DepthwiseConvND: the channels multiplied by ``depth_multiplier``."""
    x = inputs[0]
    expect_ndim(cfg, x, rank + 2)
    multiplier = cfg.dim("depth_multiplier", 1)
    if x.dims is None:
        return Outcome.one(_with_spatial(cfg, None, [UNKNOWN] * rank, UNKNOWN))
    _defined_channels(cfg, x, rank)
    width = arith("*", x.dims[_channel_axis(cfg, rank)], multiplier)
    return Outcome.one(_with_spatial(cfg, x.dims[0], conv_lengths(cfg, x, rank), width))


def _transpose_length(length: Dim, k: Dim, s: Dim, d: Dim, padding: object, out_pad: Dim | None) -> Dim:
    """Keras' output size of a transposed convolution on one axis."""
    if length is None:
        return None
    if not (is_int(k) and is_int(s) and is_int(d)) or padding not in ("valid", "same"):
        return UNKNOWN
    if not (out_pad is None or is_int(out_pad)):
        return UNKNOWN
    span = (k - 1) * d + 1
    if padding == "valid":
        extra = max(span, s) - span if out_pad is None else out_pad
        return arith("+", arith("*", arith("-", length, 1), s), span + extra)
    if out_pad is None:
        return arith("*", length, s)
    return arith("+", arith("*", arith("-", length, 1), s), span % 2 + out_pad)


def conv_transpose(cfg: LayerConfig, inputs: list[Shape], rank: int) -> Outcome:
    """ConvNDTranspose: each spatial axis grows by the strides."""
    x = inputs[0]
    expect_ndim(cfg, x, rank + 2)
    filters = cfg.dim("filters")
    if x.dims is None:
        return Outcome.one(_with_spatial(cfg, None, [UNKNOWN] * rank, filters))
    _defined_channels(cfg, x, rank)
    kernel = _per_axis(cfg.get("kernel_size"), rank)
    strides = _per_axis(cfg.get("strides", 1), rank)
    dilation = _per_axis(cfg.get("dilation_rate", 1), rank)
    raw_pad = cfg.get("output_padding")
    out_pad: tuple[Dim | None, ...] = (None,) * rank if raw_pad is None else _per_axis(raw_pad, rank)
    if any(is_int(p) and is_int(s) and p >= s for p, s in zip(out_pad, strides)):
        return Outcome.unknown("output_padding not below the strides")  # refused by the constructor
    padding = cfg.str_("padding", "valid")
    lengths = [
        _transpose_length(x.dims[axis], kernel[i], strides[i], dilation[i], padding, out_pad[i])
        for i, axis in enumerate(_spatial_axes(cfg, rank))
    ]
    return Outcome.one(_with_spatial(cfg, x.dims[0], lengths, filters))


def pooling(cfg: LayerConfig, inputs: list[Shape], rank: int) -> Outcome:
    """Max/AveragePoolingND: a window per spatial axis, channels kept."""
    x = inputs[0]
    expect_ndim(cfg, x, rank + 2)
    pool = _per_axis(cfg.get("pool_size", 2), rank)
    raw_strides = cfg.get("strides")
    strides = pool if raw_strides is None else _per_axis(raw_strides, rank)
    padding = cfg.str_("padding", "valid")
    raw = cfg.get("padding", "valid")
    if isinstance(raw, str) and raw not in ("valid", "same"):
        # Keras' constructor keeps it as given; the call compares it, case and all. tf_keras
        # lower-cases it first: ``'Same'`` is refused by Keras 3 only
        lowered = raw.lower() in ("valid", "same")
        problem = args.problem(
            cfg,
            f"has an unknown `padding` {raw!r} (use 'same', 'valid')",
            "padding",
            raw,
            ArgumentRule.ONE_OF,
            allowed=("valid", "same"),
        )
        if lowered:
            problem.data["keras3_only"] = True
            problem.recovered = pooling(LayerConfig(cfg.kind, {**cfg.params, "padding": raw.lower()}), inputs, rank)
        raise problem
    if any(is_int(s) and s == 0 for s in strides):
        # Keras' constructor accepts it; computing the output length divides by it when called
        raise args.problem(
            cfg, "cannot slide with `strides=0`", "strides", 0, ArgumentRule.ZERO_STRIDES, default="pool_size"
        )
    if x.dims is None:
        return Outcome.one(Shape((None,) + (UNKNOWN,) * (rank + 1)))
    lengths: list[Dim] = []

    def what() -> str:  # the message's text, made only when Keras refuses
        return f"pool_size={_show(pool)}, strides={_show(strides)}, padding='{padding}'"

    for i, axis in enumerate(_spatial_axes(cfg, rank)):
        length = _window(pool[i], strides[i], padding, x.dims[axis])
        lengths.append(_length(cfg, x, length, what, WindowKind.POOL, axis, rank))
    return Outcome.one(_with_spatial(cfg, x.dims[0], lengths, x.dims[_channel_axis(cfg, rank)]))


def global_pooling(cfg: LayerConfig, inputs: list[Shape], rank: int) -> Outcome:
    """GlobalMax/AveragePoolingND: the spatial axes reduced (kept as 1 with ``keepdims``)."""
    x = inputs[0]
    expect_ndim(cfg, x, rank + 2)
    keep = cfg.flag("keepdims")
    if x.dims is None or keep is UNKNOWN:
        return Outcome.one(Shape(None))
    channels_dim = x.dims[_channel_axis(cfg, rank)]
    if keep:
        return Outcome.one(_with_spatial(cfg, x.dims[0], [1] * rank, channels_dim))
    return Outcome.one(Shape((x.dims[0], channels_dim)))


def _pairs(v: object, rank: int) -> tuple[tuple[Dim, Dim], ...]:
    """Padding/cropping amounts: an int, ``rank`` ints, or ``rank`` pairs (UNKNOWN where not literal)."""
    if rank == 1:
        return (_pair(v),)
    if is_int(v):
        return ((v, v),) * rank
    if isinstance(v, (tuple, list)) and len(v) == rank:
        return tuple(_pair(p) for p in v)
    return ((UNKNOWN, UNKNOWN),) * rank


def zero_padding(cfg: LayerConfig, inputs: list[Shape], rank: int) -> Outcome:
    x = inputs[0]
    expect_ndim(cfg, x, rank + 2)
    pads = _pairs(cfg.get("padding", 1), rank)
    if any(is_int(p) and p < 0 for pair in pads for p in pair):
        return Outcome.unknown("negative padding")
    if x.dims is None:
        return Outcome.one(Shape((None,) + (UNKNOWN,) * (rank + 1)))
    lengths = [arith("+", arith("+", x.dims[axis], a), b) for (a, b), axis in zip(pads, _spatial_axes(cfg, rank))]
    return Outcome.one(_with_spatial(cfg, x.dims[0], lengths, x.dims[_channel_axis(cfg, rank)]))


def cropping(cfg: LayerConfig, inputs: list[Shape], rank: int) -> Outcome:
    x = inputs[0]
    expect_ndim(cfg, x, rank + 2)
    crops = _pairs(cfg.get("cropping", 0 if rank == 2 else 1), rank)
    if x.dims is None:
        return Outcome.one(Shape((None,) + (UNKNOWN,) * (rank + 1)))
    lengths: list[Dim] = []
    for (a, b), axis in zip(crops, _spatial_axes(cfg, rank)):
        length = arith("-", arith("-", x.dims[axis], a), b)
        lengths.append(_length(cfg, x, length, f"cropping=({a}, {b})", WindowKind.CROP, axis, rank))
    return Outcome.one(_with_spatial(cfg, x.dims[0], lengths, x.dims[_channel_axis(cfg, rank)]))


def upsampling(cfg: LayerConfig, inputs: list[Shape], rank: int) -> Outcome:
    x = inputs[0]
    expect_ndim(cfg, x, rank + 2)
    raw = cfg.get("size", 2)
    sizes = (_int_or_first(raw),) if rank == 1 else _per_axis(raw, rank)
    if x.dims is None:
        return Outcome.one(Shape((None,) + (UNKNOWN,) * (rank + 1)))
    axes = range(1, 2) if rank == 1 else _spatial_axes(cfg, rank)
    lengths = [arith("*", x.dims[axis], size) for size, axis in zip(sizes, axes)]
    if rank == 1:
        return Outcome.one(Shape((x.dims[0], lengths[0], x.dims[2])))
    return Outcome.one(_with_spatial(cfg, x.dims[0], lengths, x.dims[_channel_axis(cfg, rank)]))


def _ranked(fn: Callable[[LayerConfig, list[Shape], int], Outcome], rank: int) -> Infer:
    """``fn`` for one spatial rank, as a one-input transfer function."""

    def run(cfg: LayerConfig, inputs: list[Shape]) -> Outcome:
        return fn(cfg, inputs, rank)

    return one_input(run)


# ------------------------------------------------------------------ parameter counts
def count_conv(cfg: LayerConfig, inputs: list[Shape]) -> ParamCount:
    """kernel volume x input channels per group x filters (+ one bias per filter)."""
    no_lora(cfg)
    filters = known_int(cfg.dim("filters"))
    rank = (inputs[0].rank or 0) - 2
    if rank < 1:
        raise NotCountable
    kernel = _per_axis(cfg.get("kernel_size"), rank)
    volume = prod(known_int(k) for k in kernel)
    groups = known_int(cfg.get("groups", 1))
    width = channels(cfg, inputs[0])
    if groups == 0 or width % groups:
        raise NotCountable  # Keras refuses to build it
    return ParamCount(volume * (width // groups) * filters + (filters if known_flag(cfg, "use_bias", True) else 0))


def _kernel_volume(cfg: LayerConfig, inputs: list[Shape]) -> int:
    rank = (inputs[0].rank or 0) - 2
    if rank < 1:
        raise NotCountable
    return prod(known_int(k) for k in _per_axis(cfg.get("kernel_size"), rank))


def count_conv_transpose(cfg: LayerConfig, inputs: list[Shape]) -> ParamCount:
    """kernel volume x filters x input channels (+ one bias per filter)."""
    filters = known_int(cfg.dim("filters"))
    volume = _kernel_volume(cfg, inputs)
    width = channels(cfg, inputs[0])
    return ParamCount(volume * filters * width + (filters if known_flag(cfg, "use_bias", True) else 0))


def count_separable(cfg: LayerConfig, inputs: list[Shape]) -> ParamCount:
    """A depthwise kernel per input channel, then a 1x1 pointwise kernel (+ bias per filter)."""
    filters = known_int(cfg.dim("filters"))
    multiplier = known_int(cfg.get("depth_multiplier", 1))
    volume = _kernel_volume(cfg, inputs)
    width = channels(cfg, inputs[0])
    bias = filters if known_flag(cfg, "use_bias", True) else 0
    return ParamCount(volume * width * multiplier + width * multiplier * filters + bias)


def count_depthwise(cfg: LayerConfig, inputs: list[Shape]) -> ParamCount:
    """A kernel per input channel and multiplier (+ one bias per output channel)."""
    multiplier = known_int(cfg.get("depth_multiplier", 1))
    volume = _kernel_volume(cfg, inputs)
    out = channels(cfg, inputs[0]) * multiplier
    return ParamCount(volume * out + (out if known_flag(cfg, "use_bias", True) else 0))


# ------------------------------------------------------------------ specs
# One builder per family, taking the spatial rank: the 1-D, 2-D and 3-D variants differ only in
# their names, the rank their arguments are read with, and (for a few) the paddings they accept.
_CONV_PARAMS = ("filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate")
_TRANSPOSE_PARAMS = ("filters", "kernel_size", "strides", "padding", "output_padding", "data_format", "dilation_rate")
# Conv3DTranspose takes ``data_format`` before ``output_padding``
_TRANSPOSE_3D_PARAMS = (
    "filters",
    "kernel_size",
    "strides",
    "padding",
    "data_format",
    "output_padding",
    "dilation_rate",
)
_SEPARABLE_PARAMS = (*_CONV_PARAMS, "depth_multiplier")
_DEPTHWISE_PARAMS = ("kernel_size", "strides", "padding", "depth_multiplier", "data_format", "dilation_rate")
_POOL_PARAMS = ("pool_size", "strides", "padding", "data_format")
_GLOBAL_PARAMS = ("data_format", "keepdims")
_CONV = Traits(family="conv")
_WEIGHTLESS = Traits(family="conv", weightless=True)
_DATA_FORMAT = args.one_of("data_format", ("channels_last", "channels_first"), lower=True)  # Keras lower-cases it
_DEPTH_MULTIPLIER = args.positive_int("depth_multiplier")
# a pooling kind: its class-name stem and the short form Keras also exports (MaxPool2D, GlobalAvgPool1D)
_MAX = ("MaxPooling", "MaxPool")
_AVERAGE = ("AveragePooling", "AvgPool")


def _paddings(rank: int) -> tuple[str, ...]:
    """The paddings a convolution of ``rank`` accepts: 'causal' only in 1-D."""
    return ("valid", "same", "causal") if rank == 1 else ("valid", "same")


def _conv_checks(
    rank: int, paddings: tuple[str, ...], *, filters: bool = True, dilation_check: bool = True
) -> tuple[Check, ...]:
    checks: list[Check] = [args.positive_int("filters", keras2_casts=True)] if filters else []
    checks += [
        args.int_tuple("kernel_size", rank),
        args.int_tuple("strides", rank),
        args.int_tuple("dilation_rate", rank),
        args.one_of("padding", paddings, lower=True),
    ]
    if dilation_check:
        checks.append(args.strides_or_dilation())
    checks.append(_DATA_FORMAT)
    return tuple(checks)


def _on(call: str, *inputs: tuple[int | None, ...]) -> Case:
    """A case: ``call`` applied to inputs of these shapes (batch axis left out)."""
    return Case(call, inputs)


def _conv(rank: int, cases: tuple[Case, ...]) -> LayerSpec:
    return LayerSpec(
        f"Conv{rank}D",
        aliases=(f"Convolution{rank}D",),
        params=_CONV_PARAMS,
        traits=_CONV,
        infer=_ranked(conv, rank),
        checks=_conv_checks(rank, _paddings(rank)),
        count=count_conv,
        cases=cases,
    )


def _transpose(rank: int, cases: tuple[Case, ...]) -> LayerSpec:
    return LayerSpec(
        f"Conv{rank}DTranspose",
        aliases=(f"Convolution{rank}DTranspose",),
        params=_TRANSPOSE_3D_PARAMS if rank == 3 else _TRANSPOSE_PARAMS,
        traits=_CONV,
        infer=_ranked(conv_transpose, rank),
        checks=(*_conv_checks(rank, ("valid", "same")), args.output_padding_below_strides(rank)),
        count=count_conv_transpose,
        cases=cases,
    )


def _separable(rank: int, cases: tuple[Case, ...]) -> LayerSpec:
    return LayerSpec(
        f"SeparableConv{rank}D",
        aliases=(f"SeparableConvolution{rank}D",),
        params=_SEPARABLE_PARAMS,
        traits=_CONV,
        infer=_ranked(conv, rank),
        checks=(*_conv_checks(rank, _paddings(rank), dilation_check=False), _DEPTH_MULTIPLIER),
        count=count_separable,
        cases=cases,
    )


def _depthwise(rank: int, cases: tuple[Case, ...]) -> LayerSpec:
    return LayerSpec(
        f"DepthwiseConv{rank}D",
        params=_DEPTHWISE_PARAMS,
        traits=_CONV,
        infer=_ranked(depthwise_conv, rank),
        checks=(*_conv_checks(rank, _paddings(rank), filters=False, dilation_check=False), _DEPTH_MULTIPLIER),
        count=count_depthwise,
        cases=cases,
    )


def _pooling(kind: tuple[str, str], rank: int, cases: tuple[Case, ...]) -> LayerSpec:
    """Max/AveragePoolingND (``kind`` is ``_MAX`` or ``_AVERAGE``)."""
    return LayerSpec(
        f"{kind[0]}{rank}D",
        aliases=(f"{kind[1]}{rank}D",),
        params=_POOL_PARAMS,
        traits=_WEIGHTLESS,
        infer=_ranked(pooling, rank),
        checks=(args.int_tuple("pool_size", rank), args.int_tuple("strides", rank, zero_ok=True), _DATA_FORMAT),
        cases=cases,
    )


def _global_pooling(kind: tuple[str, str], rank: int, cases: tuple[Case, ...]) -> LayerSpec:
    return LayerSpec(
        f"Global{kind[0]}{rank}D",
        aliases=(f"Global{kind[1]}{rank}D",),
        params=_GLOBAL_PARAMS,
        traits=_WEIGHTLESS,
        infer=_ranked(global_pooling, rank),
        cases=cases,
    )


def _reshaping(
    name: str,
    rank: int,
    fn: Callable[[LayerConfig, list[Shape], int], Outcome],
    params: tuple[str, ...],
    checks: tuple[Check, ...],
    cases: tuple[Case, ...],
) -> LayerSpec:
    """ZeroPaddingND, CroppingND, UpSamplingND: weightless, one argument sizing each axis."""
    return LayerSpec(
        f"{name}{rank}D", params=params, traits=_WEIGHTLESS, infer=_ranked(fn, rank), checks=checks, cases=cases
    )


def _zero_padding(rank: int, cases: tuple[Case, ...]) -> LayerSpec:
    # 1-D: the constructor checks the (left, right) pair
    checks = (args.int_tuple("padding", 2, zero_ok=True),) if rank == 1 else ()
    return _reshaping("ZeroPadding", rank, zero_padding, ("padding", "data_format"), checks, cases)


def _cropping(rank: int, cases: tuple[Case, ...]) -> LayerSpec:
    if rank == 1:
        return _reshaping("Cropping", 1, cropping, ("cropping",), (args.int_tuple("cropping", 2, zero_ok=True),), cases)
    return _reshaping("Cropping", rank, cropping, ("cropping", "data_format"), (), cases)


def _upsampling(rank: int, cases: tuple[Case, ...]) -> LayerSpec:
    if rank == 1:
        return _reshaping("UpSampling", 1, upsampling, ("size",), (args.positive_int("size", typed=False),), cases)
    # only UpSampling2D takes ``interpolation``
    params = ("size", "data_format", "interpolation") if rank == 2 else ("size", "data_format")
    return _reshaping("UpSampling", rank, upsampling, params, (args.int_tuple("size", rank), _DATA_FORMAT), cases)


CONV_1D = _conv(
    1,
    (
        _on("layers.Conv1D(4, 3)(i0)", (10, 3)),
        _on("layers.Conv1D(4, 9)(i0)", (7, 3)),
        _on("layers.Conv1D(4, 7)(i0)", (7, 3)),
        _on("layers.Conv1D(4, 3, strides=2)(i0)", (10, 3)),
        _on("layers.Conv1D(4, 3, dilation_rate=2)(i0)", (10, 3)),
        _on("layers.Conv1D(4, 3, padding='same', strides=3)(i0)", (10, 3)),
        _on("layers.Conv1D(4, 3, padding='causal', strides=2)(i0)", (10, 3)),
        _on("layers.Conv1D(4, 3, strides=2, dilation_rate=2)(i0)", (10, 3)),
        _on("layers.Conv1D(4, 3)(i0)", (7,)),
        _on("layers.Conv1D(4, 3)(i0)", (None, 3)),
        _on("layers.Conv1D(4, 3, data_format='channels_first')(i0)", (3, 10)),
    ),
)
# the layer added to prove "one module entry plus its cases" (see CONTRIBUTING.md)
CONV_2D = _conv(
    2,
    (
        _on("layers.Conv2D(4, 3)(i0)", (10, 12, 3)),
        _on("layers.Conv2D(4, (3, 5), strides=(2, 1))(i0)", (10, 12, 3)),
        _on("layers.Conv2D(4, 3, padding='same', strides=2)(i0)", (9, 12, 3)),
        _on("layers.Conv2D(4, 3, dilation_rate=(2, 3))(i0)", (10, 12, 3)),
        _on("layers.Conv2D(4, 3, data_format='channels_first')(i0)", (3, 10, 12)),
        _on("layers.Conv2D(4, (2, 4), strides=2, data_format='channels_first')(i0)", (3, 10, 12)),
        _on("layers.Conv2D(4, 3)(i0)", (None, None, 3)),
        _on("layers.Conv2D(4, 3)(i0)", (10, None, 3)),
        _on("layers.Conv2D(4, 9)(i0)", (7, 12, 3)),
        _on("layers.Conv2D(4, (3, 13))(i0)", (7, 12, 3)),
        _on("layers.Conv2D(4, 3, data_format='channels_first')(i0)", (3, 2, 12)),
        _on("layers.Conv2D(4, 3)(i0)", (10, 3)),
        _on("layers.Conv2D(4, 3)(i0)", (10, 12, None)),
        _on("layers.Conv2D(4, 3, strides=2, dilation_rate=2)(i0)", (10, 12, 3)),
        _on("layers.Conv2D(4, (3, 3, 3))(i0)", (10, 12, 3)),
        _on("layers.Conv2D(4, 3, padding='causal')(i0)", (10, 12, 3)),
        _on("layers.TimeDistributed(layers.Conv2D(4, 3))(i0)", (5, 10, 12, 3)),
        _on("layers.TimeDistributed(layers.Conv2D(4, 3, padding='same'))(i0)", (None, 10, 12, 3)),
        _on("layers.TimeDistributed(layers.Conv2D(4, 11))(i0)", (5, 10, 12, 3)),
    ),
)
CONV_3D = _conv(
    3,
    (
        _on("layers.Conv3D(4, 3)(i0)", (6, 10, 12, 3)),
        _on("layers.Conv3D(4, (1, 3, 5), strides=(1, 2, 2), padding='same')(i0)", (6, 10, 12, 3)),
        _on("layers.Conv3D(4, 3, data_format='channels_first')(i0)", (3, 6, 10, 12)),
        _on("layers.Conv3D(4, 3, dilation_rate=2)(i0)", (None, 10, 12, 3)),
        _on("layers.Conv3D(4, 7)(i0)", (6, 10, 12, 3)),
        _on("layers.Conv3D(4, 3)(i0)", (10, 12, 3)),
        _on("layers.Conv3D(4, 3)(i0)", (6, 10, 12, None)),
    ),
)
CONV_1D_TRANSPOSE = _transpose(
    1,
    (
        _on("layers.Conv1DTranspose(4, 3)(i0)", (10, 3)),
        _on("layers.Conv1DTranspose(4, 3, strides=2)(i0)", (10, 3)),
        _on("layers.Conv1DTranspose(4, 2, strides=3)(i0)", (10, 3)),
        _on("layers.Conv1DTranspose(4, 3, strides=2, padding='same')(i0)", (10, 3)),
        _on("layers.Conv1DTranspose(4, 3, strides=2, padding='same', output_padding=1)(i0)", (10, 3)),
        _on("layers.Conv1DTranspose(4, 3, strides=3, output_padding=1)(i0)", (None, 3)),
        _on("layers.Conv1DTranspose(4, 3)(i0)", (10, 3, 2)),
    ),
)
CONV_2D_TRANSPOSE = _transpose(
    2,
    (
        _on("layers.Conv2DTranspose(4, 3)(i0)", (10, 12, 3)),
        _on("layers.Conv2DTranspose(4, (2, 3), strides=2, padding='same')(i0)", (10, 12, 3)),
        _on("layers.Conv2DTranspose(4, 4, strides=(2, 3), dilation_rate=1)(i0)", (10, 12, 3)),
        _on("layers.Conv2DTranspose(4, 3, dilation_rate=2)(i0)", (10, None, 3)),
        _on("layers.Conv2DTranspose(4, 3, strides=2, data_format='channels_first')(i0)", (3, 10, 12)),
        _on("layers.Conv2DTranspose(4, 3)(i0)", (10, 12, None)),
        _on("layers.Conv2DTranspose(4, 3)(i0)", (10, 3)),
    ),
)
CONV_3D_TRANSPOSE = _transpose(
    3,
    (
        _on("layers.Conv3DTranspose(4, 3, strides=2)(i0)", (4, 5, 6, 3)),
        _on("layers.Conv3DTranspose(4, 2, strides=2, padding='same')(i0)", (4, 5, 6, 3)),
        _on("layers.Conv3DTranspose(4, 3, data_format='channels_first')(i0)", (3, 4, 5, 6)),
    ),
)
SEPARABLE_CONV_1D = _separable(
    1,
    (
        _on("layers.SeparableConv1D(4, 3)(i0)", (10, 3)),
        _on("layers.SeparableConv1D(4, 3, strides=2, padding='same', depth_multiplier=2)(i0)", (10, 3)),
        _on("layers.SeparableConv1D(4, 11)(i0)", (10, 3)),
        _on("layers.SeparableConv1D(4, 3)(i0)", (10,)),
    ),
)
SEPARABLE_CONV_2D = _separable(
    2,
    (
        _on("layers.SeparableConv2D(8, 3)(i0)", (10, 12, 3)),
        _on("layers.SeparableConv2D(8, (3, 5), padding='same', strides=2)(i0)", (10, 12, 3)),
        _on("layers.SeparableConv2D(8, 3, data_format='channels_first')(i0)", (3, 10, 12)),
        _on("layers.SeparableConv2D(8, 3)(i0)", (10, 12, None)),
        _on("layers.SeparableConv2D(8, 3, depth_multiplier=0)(i0)", (10, 12, 3)),
    ),
)
DEPTHWISE_CONV_1D = _depthwise(
    1,
    (
        _on("layers.DepthwiseConv1D(3)(i0)", (10, 4)),
        _on("layers.DepthwiseConv1D(3, depth_multiplier=2, strides=2)(i0)", (10, 4)),
        _on("layers.DepthwiseConv1D(3, padding='same')(i0)", (None, 4)),
        _on("layers.DepthwiseConv1D(12)(i0)", (10, 4)),
    ),
)
DEPTHWISE_CONV_2D = _depthwise(
    2,
    (
        _on("layers.DepthwiseConv2D(3)(i0)", (10, 12, 4)),
        _on("layers.DepthwiseConv2D((3, 5), depth_multiplier=3, padding='same')(i0)", (10, 12, 4)),
        _on("layers.DepthwiseConv2D(3, data_format='channels_first')(i0)", (4, 10, 12)),
        _on("layers.DepthwiseConv2D(3)(i0)", (10, 4)),
    ),
)
MAX_POOLING_1D = _pooling(
    _MAX,
    1,
    (
        _on("layers.MaxPooling1D(8)(i0)", (7, 3)),
        _on("layers.MaxPooling1D(3, padding='same')(i0)", (7, 3)),
        _on("layers.MaxPooling1D()(i0)", (7, 3)),
        _on("layers.MaxPooling1D(2)(i0)", (7,)),
        _on("layers.MaxPooling1D(2, data_format='channels_first')(i0)", (3, 7)),
    ),
)
AVERAGE_POOLING_1D = _pooling(_AVERAGE, 1, (_on("layers.AveragePooling1D(3, strides=1)(i0)", (7, 3)),))
MAX_POOLING_2D = _pooling(
    _MAX,
    2,
    (
        _on("layers.MaxPooling2D()(i0)", (10, 13, 3)),
        _on("layers.MaxPooling2D((2, 3), strides=1)(i0)", (10, 13, 3)),
        _on("layers.MaxPooling2D(3, padding='same')(i0)", (10, None, 3)),
        _on("layers.MaxPooling2D(2, data_format='channels_first')(i0)", (3, 10, 13)),
        _on("layers.MaxPooling2D(11)(i0)", (10, 13, 3)),
        _on("layers.MaxPooling2D()(i0)", (10, 3)),
        _on("layers.TimeDistributed(layers.MaxPooling2D())(i0)", (5, 10, 12, 3)),
    ),
)
MAX_POOLING_3D = _pooling(
    _MAX,
    3,
    (
        _on("layers.MaxPooling3D()(i0)", (6, 10, 13, 3)),
        _on("layers.MaxPooling3D((1, 2, 2), padding='same')(i0)", (5, 9, 13, 3)),
        _on("layers.MaxPooling3D(data_format='channels_first')(i0)", (3, 6, 10, 13)),
    ),
)
AVERAGE_POOLING_2D = _pooling(
    _AVERAGE,
    2,
    (
        _on("layers.AveragePooling2D(2)(i0)", (10, 13, 3)),
        _on("layers.AveragePooling2D((3, 3), strides=(2, 2), padding='same')(i0)", (10, 13, 3)),
    ),
)
AVERAGE_POOLING_3D = _pooling(
    _AVERAGE,
    3,
    (
        _on("layers.AveragePooling3D(2)(i0)", (6, 10, 13, 3)),
        _on("layers.AveragePooling3D(7)(i0)", (6, 10, 13, 3)),
    ),
)
GLOBAL_MAX_POOLING_1D = _global_pooling(
    _MAX,
    1,
    (
        _on("layers.GlobalMaxPooling1D()(i0)", (7, 3)),
        _on("layers.GlobalMaxPooling1D(data_format='channels_first')(i0)", (7, 3)),
    ),
)
GLOBAL_AVERAGE_POOLING_1D = _global_pooling(
    _AVERAGE,
    1,
    (
        _on("layers.GlobalAveragePooling1D(keepdims=True)(i0)", (7, 3)),
        _on("layers.GlobalAveragePooling1D()(i0)", (7, 3, 2)),
    ),
)
GLOBAL_MAX_POOLING_2D = _global_pooling(
    _MAX,
    2,
    (
        _on("layers.GlobalMaxPooling2D()(i0)", (7, 5, 3)),
        _on("layers.GlobalMaxPooling2D(keepdims=True)(i0)", (None, None, 3)),
        _on("layers.GlobalMaxPooling2D()(i0)", (7, 3)),
    ),
)
GLOBAL_AVERAGE_POOLING_2D = _global_pooling(
    _AVERAGE,
    2,
    (
        _on("layers.GlobalAveragePooling2D()(i0)", (7, 5, 3)),
        _on("layers.GlobalAveragePooling2D(data_format='channels_first', keepdims=True)(i0)", (3, 7, 5)),
        _on("layers.TimeDistributed(layers.GlobalAveragePooling2D())(i0)", (4, 7, 5, 3)),
    ),
)
GLOBAL_MAX_POOLING_3D = _global_pooling(_MAX, 3, (_on("layers.GlobalMaxPooling3D()(i0)", (4, 7, 5, 3)),))
GLOBAL_AVERAGE_POOLING_3D = _global_pooling(
    _AVERAGE,
    3,
    (
        _on("layers.GlobalAveragePooling3D(keepdims=True)(i0)", (4, 7, 5, 3)),
        _on("layers.GlobalAveragePooling3D(data_format='channels_first')(i0)", (3, 4, 7, 5)),
    ),
)
ZERO_PADDING_1D = _zero_padding(
    1,
    (
        _on("layers.ZeroPadding1D((1, 2))(i0)", (7, 3)),
        _on("layers.ZeroPadding1D(2)(i0)", (7, 3)),
    ),
)
ZERO_PADDING_2D = _zero_padding(
    2,
    (
        _on("layers.ZeroPadding2D()(i0)", (7, 5, 3)),
        _on("layers.ZeroPadding2D((1, 2))(i0)", (7, None, 3)),
        _on("layers.ZeroPadding2D(((1, 2), (3, 0)), data_format='channels_first')(i0)", (3, 7, 5)),
        _on("layers.ZeroPadding2D(2)(i0)", (7, 3)),
    ),
)
ZERO_PADDING_3D = _zero_padding(
    3,
    (
        _on("layers.ZeroPadding3D()(i0)", (4, 7, 5, 3)),
        _on("layers.ZeroPadding3D((1, 2, 0))(i0)", (4, 7, 5, 3)),
        _on("layers.ZeroPadding3D(((0, 1), (2, 2), (1, 0)))(i0)", (4, 7, 5, 3)),
    ),
)
CROPPING_1D = _cropping(
    1,
    (
        _on("layers.Cropping1D((3, 4))(i0)", (7, 3)),
        _on("layers.Cropping1D(2)(i0)", (7, 3)),
    ),
)
CROPPING_2D = _cropping(
    2,
    (
        _on("layers.Cropping2D()(i0)", (7, 5, 3)),
        _on("layers.Cropping2D(((1, 2), (0, 1)))(i0)", (7, 5, 3)),
        _on("layers.Cropping2D((2, 1), data_format='channels_first')(i0)", (3, 7, 5)),
        _on("layers.Cropping2D(((4, 3), (0, 0)))(i0)", (7, 5, 3)),
        _on("layers.Cropping2D(1)(i0)", (None, 5, 3)),
    ),
)
CROPPING_3D = _cropping(
    3,
    (
        _on("layers.Cropping3D()(i0)", (4, 7, 5, 3)),
        _on("layers.Cropping3D((0, 1, 2))(i0)", (4, 7, 5, 3)),
        _on("layers.Cropping3D((2, 0, 0))(i0)", (4, 7, 5, 3)),
    ),
)
UP_SAMPLING_1D = _upsampling(
    1,
    (
        _on("layers.UpSampling1D(3)(i0)", (7, 3)),
        _on("layers.UpSampling1D(3)(i0)", (7,)),
    ),
)
UP_SAMPLING_2D = _upsampling(
    2,
    (
        _on("layers.UpSampling2D()(i0)", (7, 5, 3)),
        _on("layers.UpSampling2D((2, 3), interpolation='bilinear')(i0)", (7, None, 3)),
        _on("layers.UpSampling2D(2, data_format='channels_first')(i0)", (3, 7, 5)),
        _on("layers.UpSampling2D()(i0)", (7, 3)),
    ),
)
UP_SAMPLING_3D = _upsampling(
    3,
    (
        _on("layers.UpSampling3D()(i0)", (4, 7, 5, 3)),
        _on("layers.UpSampling3D((1, 2, 3), data_format='channels_first')(i0)", (3, 4, 7, 5)),
    ),
)
# recognised, not followed yet (their output is unknown, never a finding)
_OPAQUE_CONV = tuple(LayerSpec(f"LocallyConnected{rank}D", traits=_CONV) for rank in (1, 2))

register(
    CONV_1D,
    CONV_2D,
    CONV_3D,
    CONV_1D_TRANSPOSE,
    CONV_2D_TRANSPOSE,
    CONV_3D_TRANSPOSE,
    SEPARABLE_CONV_1D,
    SEPARABLE_CONV_2D,
    DEPTHWISE_CONV_1D,
    DEPTHWISE_CONV_2D,
    MAX_POOLING_1D,
    AVERAGE_POOLING_1D,
    MAX_POOLING_2D,
    MAX_POOLING_3D,
    AVERAGE_POOLING_2D,
    AVERAGE_POOLING_3D,
    GLOBAL_MAX_POOLING_1D,
    GLOBAL_AVERAGE_POOLING_1D,
    GLOBAL_MAX_POOLING_2D,
    GLOBAL_AVERAGE_POOLING_2D,
    GLOBAL_MAX_POOLING_3D,
    GLOBAL_AVERAGE_POOLING_3D,
    ZERO_PADDING_1D,
    ZERO_PADDING_2D,
    ZERO_PADDING_3D,
    CROPPING_1D,
    CROPPING_2D,
    CROPPING_3D,
    UP_SAMPLING_1D,
    UP_SAMPLING_2D,
    UP_SAMPLING_3D,
    *_OPAQUE_CONV,
)
