"""Parameter counts of Keras layers, computed statically from their configuration and input shape.

``count_params(cfg, input_shapes)`` returns the number of weights Keras 3 creates when it
builds the layer (what ``layer.count_params()`` reports), split into trainable and
non-trainable, or ``None`` when it cannot be known (an argument that is not a literal, an
input width that is not a known integer, a layer that is not modelled). Never a guess.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lstmlint.layers.config import LayerConfig
from lstmlint.layers.spec import spec_for, traits_of
from lstmlint.shapes.dims import UNKNOWN, is_int
from lstmlint.shapes.shape import Shape


@dataclass(frozen=True)
class ParamCount:
    trainable: int
    non_trainable: int = 0

    @property
    def total(self) -> int:
        return self.trainable + self.non_trainable

    def __add__(self, other: ParamCount) -> ParamCount:
        return ParamCount(self.trainable + other.trainable, self.non_trainable + other.non_trainable)

    def frozen(self) -> ParamCount:
        """All weights made non-trainable (``trainable=False``)."""
        return ParamCount(0, self.total)


ZERO = ParamCount(0, 0)

# ``InputLayer`` is the interpreter's (it declares a model's input, not a layer spec)
_INPUT_LAYER = "InputLayer"

_QUANTIZED = ("int8", "int4", "float8", "gptq", "awq")


class NotCountable(Exception):
    """Raised inside a spec's counter when its count cannot be known."""


def known_int(v: Any) -> int:
    """``v`` as a non-negative int, or raise NotCountable."""
    if is_int(v) and v >= 0:
        return int(v)
    raise NotCountable


def known_flag(cfg: LayerConfig, name: str, default: bool) -> bool:
    v = cfg.flag(name, default)
    if v is UNKNOWN:
        raise NotCountable
    return bool(v)


def last_dim(shape: Shape) -> int:
    if shape.dims is None or not shape.dims:
        raise NotCountable
    return known_int(shape.dims[-1])


def axis_size(shape: Shape, axis: Any) -> int:
    if shape.dims is None or not is_int(axis) or not -len(shape.dims) <= axis < len(shape.dims):
        raise NotCountable
    return known_int(shape.dims[axis])


def no_lora(cfg: LayerConfig) -> None:
    if cfg.get("lora_rank") is not None:
        raise NotCountable  # LoRA adds weights whose count we do not model


def channels(cfg: LayerConfig, x: Shape) -> int:
    """The channel axis' size of a convolution's input, per ``data_format``."""
    data_format = cfg.str_("data_format", "channels_last")
    if data_format == "channels_first":
        return axis_size(x, 1)
    if data_format in ("channels_last", None):  # None: Keras' default, channels_last
        return last_dim(x)
    raise NotCountable


def trainable(cfg: LayerConfig, count: ParamCount) -> ParamCount:
    """``trainable=False`` on a layer makes all its weights non-trainable."""
    return count if known_flag(cfg, "trainable", True) else count.frozen()


def _quantized(cfg: LayerConfig) -> bool:
    dtype = cfg.get("dtype")
    return isinstance(dtype, str) and any(q in dtype.lower() for q in _QUANTIZED)


def is_weightless(kind: str) -> bool:
    """Whether layers of class ``kind`` never create weights, whatever their arguments."""
    return kind == _INPUT_LAYER or traits_of(kind).weightless


def is_modelled(kind: str) -> bool:
    spec = spec_for(kind)
    return is_weightless(kind) or (spec is not None and spec.count is not None)


# a layer class of the program: (trainable, non-trainable) sizes of the weights its ``build``
# made with ``add_weight`` (set by the interpreter, which followed it)
CUSTOM_PARAMS = "__custom_params__"


def count_params(cfg: LayerConfig, input_shapes: list[Shape]) -> ParamCount | None:
    """Weights Keras creates for ``cfg`` built on ``input_shapes``; None when not knowable."""
    if cfg.get("__opaque__"):
        return None
    custom = cfg.get(CUSTOM_PARAMS)
    if isinstance(custom, tuple):
        return ParamCount(custom[0], custom[1])
    if is_weightless(cfg.kind):
        return ZERO
    spec = spec_for(cfg.kind)
    counter = spec.count if spec is not None else None
    if counter is None or _quantized(cfg) or not input_shapes:
        return None
    try:
        return trainable(cfg, counter(cfg, input_shapes))
    except NotCountable:
        return None
