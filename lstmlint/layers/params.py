"""Parameter counts of Keras layers, computed statically from their configuration and input shape.

``count_params(cfg, input_shapes)`` returns the number of weights Keras 3 creates when it
builds the layer (what ``layer.count_params()`` reports), split into trainable and
non-trainable, or ``None`` when it cannot be known (an argument that is not a literal, an
input width that is not a known integer, a layer that is not modelled). Never a guess.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import prod
from typing import Any, Callable

from lstmlint.shapes import Shape

from lstmlint.layers import LayerConfig
from lstmlint.shapes.dims import UNKNOWN, is_int


@dataclass(frozen=True)
class ParamCount:
    trainable: int
    non_trainable: int = 0

    @property
    def total(self) -> int:
        return self.trainable + self.non_trainable

    def __add__(self, other: "ParamCount") -> "ParamCount":
        return ParamCount(self.trainable + other.trainable, self.non_trainable + other.non_trainable)

    def frozen(self) -> "ParamCount":
        """All weights made non-trainable (``trainable=False``)."""
        return ParamCount(0, self.total)


ZERO = ParamCount(0, 0)

# layers that never create weights, whatever their arguments
WEIGHTLESS = frozenset({
    "InputLayer", "Dropout", "GaussianNoise", "GaussianDropout", "AlphaDropout", "SpatialDropout1D",
    "Activation", "Masking", "ReLU", "LeakyReLU", "ELU", "Softmax", "ActivityRegularization",
    "Identity", "RepeatVector", "Flatten", "Reshape", "Permute",
    "MaxPooling1D", "AveragePooling1D", "GlobalMaxPooling1D", "GlobalAveragePooling1D",
    "ZeroPadding1D", "Cropping1D", "UpSampling1D",
    "Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum", "Concatenate", "Dot",
})

_QUANTIZED = ("int8", "int4", "float8", "gptq", "awq")


class _Unknown(Exception):
    """Raised inside the counters when a count cannot be known."""


def _int(v: Any) -> int:
    if is_int(v) and v >= 0:
        return int(v)
    raise _Unknown


def _flag(cfg: LayerConfig, name: str, default: bool) -> bool:
    v = cfg.flag(name, default)
    if v is UNKNOWN:
        raise _Unknown
    return bool(v)


def _last(shape: Shape) -> int:
    if shape.dims is None or not shape.dims:
        raise _Unknown
    return _int(shape.dims[-1])


def _axis_size(shape: Shape, axis: Any) -> int:
    if shape.dims is None or not is_int(axis) or not -len(shape.dims) <= axis < len(shape.dims):
        raise _Unknown
    return _int(shape.dims[axis])


# ------------------------------------------------------------------ recurrent cells
def _cell(cfg: LayerConfig, input_dim: int) -> tuple[ParamCount, int]:
    """Weights of one recurrent cell (or LSTM/GRU/SimpleRNN layer) and its output width."""
    kind = cfg.kind.removesuffix("Cell")
    units = _int(cfg.dim("units"))
    use_bias = _flag(cfg, "use_bias", True)
    if kind == "LSTM":
        n = 4 * units * (input_dim + units) + (4 * units if use_bias else 0)
    elif kind == "GRU":
        reset_after = _flag(cfg, "reset_after", True)
        bias = (6 if reset_after else 3) * units if use_bias else 0
        n = 3 * units * (input_dim + units) + bias
    elif kind == "SimpleRNN":
        n = units * (input_dim + units) + (units if use_bias else 0)
    else:
        raise _Unknown
    return _trainable(cfg, ParamCount(n)), units


def _cells(cell: Any, input_dim: int) -> tuple[ParamCount, int]:
    """A cell, a ``StackedRNNCells`` or a list of cells: each cell reads the previous one's output."""
    if isinstance(cell, LayerConfig) and cell.kind == "StackedRNNCells":
        count, width = _cells(cell.get("cells"), input_dim)
        return _trainable(cell, count), width
    if isinstance(cell, LayerConfig):
        if cell.kind not in ("LSTMCell", "GRUCell", "SimpleRNNCell"):
            raise _Unknown
        return _cell(cell, input_dim)
    if isinstance(cell, (list, tuple)) and cell:
        total, width = ZERO, input_dim
        for c in cell:
            count, width = _cells(c, width)
            total = total + count
        return total, width
    raise _Unknown


def _recurrent(cfg: LayerConfig, inputs: list[Shape]) -> ParamCount:
    input_dim = _last(inputs[0])
    if cfg.kind == "RNN":
        return _cells(cfg.get("cell"), input_dim)[0]
    return _cell(cfg, input_dim)[0]


def _bidirectional(cfg: LayerConfig, inputs: list[Shape]) -> ParamCount:
    forward = cfg.get("layer")
    backward = cfg.get("backward_layer")
    if not isinstance(forward, LayerConfig) or forward.kind not in ("LSTM", "GRU", "SimpleRNN", "RNN"):
        raise _Unknown
    if backward is None:
        backward = forward          # Keras builds a copy of the forward layer
    if not isinstance(backward, LayerConfig) or backward.kind not in ("LSTM", "GRU", "SimpleRNN", "RNN"):
        raise _Unknown
    return _recurrent(forward, inputs) + _recurrent(backward, inputs)


# ------------------------------------------------------------------ core layers
def _no_lora(cfg: LayerConfig) -> None:
    if cfg.get("lora_rank") is not None:
        raise _Unknown  # LoRA adds weights whose count we do not model


def _dense(cfg: LayerConfig, inputs: list[Shape]) -> ParamCount:
    _no_lora(cfg)
    units = _int(cfg.dim("units"))
    return ParamCount(_last(inputs[0]) * units + (units if _flag(cfg, "use_bias", True) else 0))


def _embedding(cfg: LayerConfig, inputs: list[Shape]) -> ParamCount:
    _no_lora(cfg)
    return ParamCount(_int(cfg.dim("input_dim")) * _int(cfg.dim("output_dim")))


def _conv1d(cfg: LayerConfig, inputs: list[Shape]) -> ParamCount:
    _no_lora(cfg)
    filters = _int(cfg.dim("filters"))
    kernel = cfg.get("kernel_size")
    if isinstance(kernel, (list, tuple)) and len(kernel) == 1:
        kernel = kernel[0]
    kernel = _int(kernel)
    groups = _int(cfg.get("groups", 1))
    data_format = cfg.str_("data_format", "channels_last")
    if data_format == "channels_first":
        channels = _axis_size(inputs[0], 1)
    elif data_format in ("channels_last", None):  # None: Keras' default, channels_last
        channels = _last(inputs[0])
    else:
        raise _Unknown
    if groups == 0 or channels % groups:
        raise _Unknown  # Keras refuses to build it
    n = kernel * (channels // groups) * filters + (filters if _flag(cfg, "use_bias", True) else 0)
    return ParamCount(n)


def _batch_norm(cfg: LayerConfig, inputs: list[Shape]) -> ParamCount:
    size = _axis_size(inputs[0], cfg.get("axis", -1))
    learned = int(_flag(cfg, "center", True)) + int(_flag(cfg, "scale", True))
    statistics = 5 if _flag(cfg, "renorm", False) else 2   # moving mean/variance (+ renorm stddev/mean/stddev)
    return ParamCount(learned * size, statistics * size)


def _layer_norm(cfg: LayerConfig, inputs: list[Shape]) -> ParamCount:
    axis = cfg.get("axis", -1)
    axes = list(axis) if isinstance(axis, (list, tuple)) else [axis]
    if not axes:
        raise _Unknown
    size = prod(_axis_size(inputs[0], a) for a in axes)
    rms = _flag(cfg, "rms_scaling", False)
    gamma = _flag(cfg, "scale", True) or rms
    beta = _flag(cfg, "center", True) and not rms
    return ParamCount((int(gamma) + int(beta)) * size)


def _time_distributed(cfg: LayerConfig, inputs: list[Shape]) -> ParamCount:
    inner = cfg.get("layer")
    x = inputs[0]
    if not isinstance(inner, LayerConfig) or x.dims is None or len(x.dims) < 3:
        raise _Unknown
    child = count_params(inner, [Shape((x.dims[0],) + x.dims[2:])])
    if child is None:
        raise _Unknown
    return child


_COUNTERS: dict[str, Callable[[LayerConfig, list[Shape]], ParamCount]] = {
    "LSTM": _recurrent,
    "GRU": _recurrent,
    "SimpleRNN": _recurrent,
    "RNN": _recurrent,
    "Bidirectional": _bidirectional,
    "Dense": _dense,
    "Embedding": _embedding,
    "Conv1D": _conv1d,
    "BatchNormalization": _batch_norm,
    "LayerNormalization": _layer_norm,
    "TimeDistributed": _time_distributed,
}


def _trainable(cfg: LayerConfig, count: ParamCount) -> ParamCount:
    """``trainable=False`` on a layer makes all its weights non-trainable."""
    return count if _flag(cfg, "trainable", True) else count.frozen()


def _quantized(cfg: LayerConfig) -> bool:
    dtype = cfg.get("dtype")
    return isinstance(dtype, str) and any(q in dtype.lower() for q in _QUANTIZED)


def is_modelled(kind: str) -> bool:
    return kind in WEIGHTLESS or kind in _COUNTERS


def count_params(cfg: LayerConfig, input_shapes: list[Shape]) -> ParamCount | None:
    """Weights Keras creates for ``cfg`` built on ``input_shapes``; None when not knowable."""
    if cfg.get("__opaque__"):
        return None
    if cfg.kind in WEIGHTLESS:
        return ZERO
    counter = _COUNTERS.get(cfg.kind)
    if counter is None or _quantized(cfg) or not input_shapes:
        return None
    try:
        return _trainable(cfg, counter(cfg, input_shapes))
    except _Unknown:
        return None
