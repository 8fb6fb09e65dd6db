"""Conv1D, pooling, global pooling, ZeroPadding1D, Cropping1D, UpSampling1D (channels_last)."""

from __future__ import annotations

from lstmlint.layers.checks import expect_ndim
from lstmlint.layers.config import LayerConfig
from lstmlint.shapes.dims import UNKNOWN, arith, is_int
from lstmlint.shapes.problems import Outcome, ShapeProblem
from lstmlint.shapes.shape import Shape


def _int_or_first(v: object) -> object:
    if isinstance(v, (tuple, list)) and len(v) == 1:
        v = v[0]
    return v if is_int(v) else UNKNOWN


def _pair(v: object) -> tuple[object, object]:
    if is_int(v):
        return v, v
    if isinstance(v, (tuple, list)) and len(v) == 2 and all(is_int(p) for p in v):
        return v[0], v[1]
    return UNKNOWN, UNKNOWN


def _channels_first(cfg: LayerConfig) -> bool:
    return cfg.str_("data_format") == "channels_first"


def _length(cfg: LayerConfig, x: Shape, length: object, what: str) -> object:
    if is_int(length) and length <= 0:
        raise ShapeProblem(
            "LST105",
            f"`{cfg.display}` would produce a sequence of length {length} from {x} ({what})",
            kind="nonpositive_length",
            operand=0,
            data={"length": length},
        )
    return length


def _window(size: object, stride: object, padding: object, length: object) -> object:
    """Output length of a sliding window, as Keras computes it."""
    if length is None:
        return None
    if not (is_int(size) and is_int(stride)) or padding is UNKNOWN:
        return UNKNOWN
    if padding in ("same", "causal"):
        return arith("+", arith("//", arith("-", length, 1), stride), 1)
    if padding == "valid":
        return arith("+", arith("//", arith("-", length, size), stride), 1)
    return UNKNOWN


def conv1d(cfg: LayerConfig, inputs: list[Shape]) -> Outcome:
    x = inputs[0]
    if _channels_first(cfg):
        return Outcome.unknown("channels_first")
    expect_ndim(cfg, x, 3)
    kernel = _int_or_first(cfg.get("kernel_size"))
    strides = _int_or_first(cfg.get("strides", 1))
    dilation = _int_or_first(cfg.get("dilation_rate", 1))
    padding = cfg.str_("padding", "valid")
    if is_int(strides) and is_int(dilation) and strides > 1 and dilation > 1:
        raise ShapeProblem(
            "LST107",
            f"`{cfg.display}` cannot combine strides={strides} with dilation_rate={dilation}",
            kind="bad_argument",
        )
    if x.dims is None:
        return Outcome.one(Shape((None, UNKNOWN, cfg.dim("filters"))))
    if x.dims[-1] is None:
        raise ShapeProblem(
            "LST102",
            f"`{cfg.display}` needs a defined last (channel) dimension, got {x}",
            kind="undefined_last",
            operand=0,
        )
    span = UNKNOWN
    if is_int(kernel) and is_int(dilation):
        span = dilation * (kernel - 1) + 1
    length = _window(span, strides, padding, x.dims[1])
    length = _length(cfg, x, length, f"kernel_size={kernel}, dilation_rate={dilation}, padding='{padding}'")
    return Outcome.one(Shape((x.dims[0], length, cfg.dim("filters"))))


def pooling1d(cfg: LayerConfig, inputs: list[Shape]) -> Outcome:
    x = inputs[0]
    if _channels_first(cfg):
        return Outcome.unknown("channels_first")
    expect_ndim(cfg, x, 3)
    pool = _int_or_first(cfg.get("pool_size", 2))
    strides = cfg.get("strides")
    strides = pool if strides is None else _int_or_first(strides)
    padding = cfg.str_("padding", "valid")
    raw = cfg.get("padding", "valid")
    if isinstance(raw, str) and raw not in ("valid", "same"):
        # Keras' constructor keeps it as given; the call compares it, case and all
        problem = ShapeProblem(
            "LST107", f"`{cfg.display}` has an unknown `padding` {raw!r} (use 'same', 'valid')",
            kind="bad_constructor_argument", data={"argument": "padding", "value": raw},
        )
        problem.data["help"] = "use `padding='valid'` or `padding='same'` (lowercase)"
        raise problem
    if is_int(strides) and strides == 0:
        # Keras' constructor accepts it; computing the output length divides by it when called
        problem = ShapeProblem(
            "LST107", f"`{cfg.display}` cannot slide with `strides=0`",
            kind="bad_constructor_argument", data={"argument": "strides", "value": 0},
        )
        problem.data["help"] = "give `strides` a positive integer (or leave it out: it defaults to `pool_size`)"
        raise problem
    if x.dims is None:
        return Outcome.one(Shape((None, UNKNOWN, UNKNOWN)))
    length = _window(pool, strides, padding, x.dims[1])
    length = _length(cfg, x, length, f"pool_size={pool}, strides={strides}, padding='{padding}'")
    return Outcome.one(Shape((x.dims[0], length, x.dims[2])))


def global_pooling1d(cfg: LayerConfig, inputs: list[Shape]) -> Outcome:
    x = inputs[0]
    if _channels_first(cfg):
        return Outcome.unknown("channels_first")
    expect_ndim(cfg, x, 3)
    keep = cfg.flag("keepdims")
    if x.dims is None or keep is UNKNOWN:
        return Outcome.one(Shape(None))
    if keep:
        return Outcome.one(Shape((x.dims[0], 1, x.dims[2])))
    return Outcome.one(Shape((x.dims[0], x.dims[2])))


def zero_padding1d(cfg: LayerConfig, inputs: list[Shape]) -> Outcome:
    x = inputs[0]
    expect_ndim(cfg, x, 3)
    a, b = _pair(cfg.get("padding", 1))
    if x.dims is None:
        return Outcome.one(Shape((None, UNKNOWN, UNKNOWN)))
    length = arith("+", arith("+", x.dims[1], a), b)
    return Outcome.one(Shape((x.dims[0], length, x.dims[2])))


def cropping1d(cfg: LayerConfig, inputs: list[Shape]) -> Outcome:
    x = inputs[0]
    expect_ndim(cfg, x, 3)
    a, b = _pair(cfg.get("cropping", (1, 1)))
    if x.dims is None:
        return Outcome.one(Shape((None, UNKNOWN, UNKNOWN)))
    length = arith("-", arith("-", x.dims[1], a), b)
    length = _length(cfg, x, length, f"cropping=({a}, {b})")
    return Outcome.one(Shape((x.dims[0], length, x.dims[2])))


def upsampling1d(cfg: LayerConfig, inputs: list[Shape]) -> Outcome:
    x = inputs[0]
    expect_ndim(cfg, x, 3)
    size = _int_or_first(cfg.get("size", 2))
    if x.dims is None:
        return Outcome.one(Shape((None, UNKNOWN, UNKNOWN)))
    return Outcome.one(Shape((x.dims[0], arith("*", x.dims[1], size), x.dims[2])))
