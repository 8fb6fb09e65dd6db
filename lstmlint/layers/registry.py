"""Every Keras layer the analysis follows: its positional parameters and its transfer function.

A layer not listed here is still recognised as a Keras layer (its output shape is unknown,
which is never a finding).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from lstmlint.layers import attention
from lstmlint.layers import conv
from lstmlint.layers import core
from lstmlint.layers import merge
from lstmlint.layers import recurrent
from lstmlint.layers.config import LayerConfig
from lstmlint.shapes.problems import Outcome
from lstmlint.shapes.shape import Shape

Infer = Callable[[LayerConfig, list[Shape], bool], Outcome]


@dataclass(frozen=True)
class LayerDef:
    name: str
    params: tuple[str, ...]          # positional parameter names, in Keras' order
    infer: Infer | None              # None: recognised but not followed (constructible only)
    family: str = "core"
    merge: bool = False              # called on a list of tensors


def _single(fn: Callable[[LayerConfig, list[Shape]], Outcome]) -> Infer:
    def run(cfg: LayerConfig, inputs: list[Shape], is_list: bool) -> Outcome:
        if is_list and len(inputs) != 1:
            return Outcome.unknown(f"`{cfg.display}` called on a list")
        return fn(cfg, inputs)

    return run


def infer_layer(cfg: LayerConfig, inputs: list[Shape], is_list: bool = False) -> Outcome:
    """Output shapes of ``cfg`` applied to ``inputs``; raises ShapeProblem when Keras refuses."""
    d = LAYERS.get(cfg.kind)
    if d is None or d.infer is None:
        return Outcome.unknown(f"layer `{cfg.kind}` is not modelled")
    return d.infer(cfg, inputs, is_list)


def _td(cfg: LayerConfig, inputs: list[Shape]) -> Outcome:
    return core.time_distributed(cfg, inputs, lambda c, i: infer_layer(c, i, False))


_RNN_PARAMS = ("units",)
LAYERS: dict[str, LayerDef] = {}


def _add(name: str, params: tuple[str, ...], fn, family: str = "core", merge_: bool = False, *aliases: str) -> None:
    infer = fn if merge_ or fn is None else _single(fn)
    d = LayerDef(name, params, infer, family, merge_)
    LAYERS[name] = d
    for a in aliases:
        LAYERS[a] = d


for _n in ("LSTM", "GRU", "SimpleRNN"):
    _add(_n, _RNN_PARAMS, recurrent.recurrent, "recurrent")
_add("RNN", ("cell", "return_sequences", "return_state", "go_backwards", "stateful", "unroll"), recurrent.recurrent, "recurrent")
_add("Bidirectional", ("layer", "merge_mode", "weights", "backward_layer"), recurrent.bidirectional, "recurrent")
for _n in ("LSTMCell", "GRUCell", "SimpleRNNCell"):
    _add(_n, ("units",), None, "cell")
_add("StackedRNNCells", ("cells",), None, "cell")

_add("Dense", ("units", "activation"), core.dense)
_add("Embedding", ("input_dim", "output_dim"), core.embedding)
_add("RepeatVector", ("n",), core.repeat_vector)
_add("TimeDistributed", ("layer",), _td, "wrapper")
_add("Flatten", ("data_format",), core.flatten)
_add("Reshape", ("target_shape",), core.reshape)
_add("Permute", ("dims",), core.permute)
for _n, _p in (
    ("Dropout", ("rate", "noise_shape", "seed")),
    ("GaussianNoise", ("stddev", "seed")),
    ("GaussianDropout", ("rate", "seed")),
    ("AlphaDropout", ("rate", "noise_shape", "seed")),
    ("Activation", ("activation",)),
    ("Masking", ("mask_value",)),
    ("ReLU", ("max_value", "negative_slope", "threshold")),
    ("LeakyReLU", ("negative_slope",)),
    ("ELU", ("alpha",)),
    ("Softmax", ("axis",)),
    ("ActivityRegularization", ("l1", "l2")),
    ("Identity", ()),
):
    _add(_n, _p, core.identity)
_add("BatchNormalization", ("axis", "momentum", "epsilon"), core.needs_defined_last)
_add("LayerNormalization", ("axis", "epsilon"), core.needs_defined_last)
_add("SpatialDropout1D", ("rate", "seed"), core.sequence_identity)

_add("Conv1D", ("filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate"), conv.conv1d, "conv", False, "Convolution1D")
_add("MaxPooling1D", ("pool_size", "strides", "padding", "data_format"), conv.pooling1d, "conv", False, "MaxPool1D")
_add("AveragePooling1D", ("pool_size", "strides", "padding", "data_format"), conv.pooling1d, "conv", False, "AvgPool1D")
_add("GlobalMaxPooling1D", ("data_format", "keepdims"), conv.global_pooling1d, "conv", False, "GlobalMaxPool1D")
_add("GlobalAveragePooling1D", ("data_format", "keepdims"), conv.global_pooling1d, "conv", False, "GlobalAvgPool1D")
_add("ZeroPadding1D", ("padding",), conv.zero_padding1d, "conv")
_add("Cropping1D", ("cropping",), conv.cropping1d, "conv")
_add("UpSampling1D", ("size",), conv.upsampling1d, "conv")

for _n in merge.ELEMENTWISE:
    _add(_n, (), lambda c, i, l: merge.elementwise(c, i, l), "merge", True)
_add("Concatenate", ("axis",), merge.concatenate, "merge", True)
_add("Dot", ("axes", "normalize"), merge.dot, "merge", True)
_add("Attention", ("use_scale", "score_mode", "dropout", "seed"), attention.attention, "attention", True)
_add("AdditiveAttention", ("use_scale", "dropout"), attention.attention, "attention", True)
_add("MultiHeadAttention", ("num_heads", "key_dim", "value_dim", "dropout", "use_bias", "output_shape"),
     attention.multi_head_attention, "attention", True)

# functional forms: keras.layers.add([a, b]) and friends -> (layer class, its parameters)
FUNCTIONAL_MERGES: dict[str, tuple[str, tuple[str, ...]]] = {
    "add": ("Add", ("inputs",)),
    "subtract": ("Subtract", ("inputs",)),
    "multiply": ("Multiply", ("inputs",)),
    "average": ("Average", ("inputs",)),
    "maximum": ("Maximum", ("inputs",)),
    "minimum": ("Minimum", ("inputs",)),
    "concatenate": ("Concatenate", ("inputs", "axis")),
    "dot": ("Dot", ("inputs", "axes", "normalize")),
}

# Keras names the analysis recognises as layers but does not follow (output unknown)
OPAQUE_LAYERS = frozenset({
    "Lambda", "Attention", "AdditiveAttention", "MultiHeadAttention", "Conv2D", "Conv3D",
    "ConvLSTM1D", "ConvLSTM2D", "Layer", "Rescaling", "Normalization", "TextVectorization",
    "StringLookup", "IntegerLookup", "CategoryEncoding", "Hashing", "GlobalMaxPooling2D",
    "GlobalAveragePooling2D", "MaxPooling2D", "AveragePooling2D", "Conv1DTranspose",
    "SeparableConv1D", "DepthwiseConv1D", "LocallyConnected1D", "PReLU", "UnitNormalization",
    "GroupNormalization", "Wrapper", "TFSMLayer",
})
