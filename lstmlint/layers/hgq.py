"""HGQ (``HGQ``, High Granularity Quantization, measured on HGQ 0.2.6): heterogeneously
quantized layers (``H*``) and the "passive" layers that carry bit widths (``P*``), each a
subclass of the Keras layer with the same shape rule (``layers/libraries.py``).

Each spec cites the HGQ class it models (``HGQ/layers/<module>.py:<line>`` of HGQ 0.2.6). HGQ
requires Keras 2 (``keras<3``), so keywords are recorded for Keras 2 only. HGQ's layers create
bit-width variables besides the base's weights: their parameters are not counted.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from lstmlint.layers.conv import (
    AVERAGE_POOLING_1D,
    AVERAGE_POOLING_2D,
    CONV_1D,
    CONV_2D,
    MAX_POOLING_1D,
    MAX_POOLING_2D,
)
from lstmlint.layers.core import ACTIVATION, BATCH_NORMALIZATION, DENSE, DROPOUT, FLATTEN, IDENTITY, PERMUTE, RESHAPE
from lstmlint.layers.libraries import derive, register_library
from lstmlint.layers.merge import ADD, CONCATENATE
from lstmlint.layers.spec import Traits
from lstmlint.shapes.problems import Outcome

if TYPE_CHECKING:
    from lstmlint.layers.config import LayerConfig
    from lstmlint.shapes.shape import Shape

_DENSE = (
    "units",
    "activation",
    "use_bias",
    "kernel_initializer",
    "bias_initializer",
    "kernel_regularizer",
    "bias_regularizer",
    "activity_regularizer",
    "kernel_constraint",
    "bias_constraint",
    "kq_conf",
    "paq_conf",
    "beta",
)
_CONV = (
    "filters",
    "kernel_size",
    "strides",
    "padding",
    "data_format",
    "dilation_rate",
    "groups",
    "activation",
    "use_bias",
    "kernel_initializer",
    "bias_initializer",
    "kernel_regularizer",
    "bias_regularizer",
    "activity_regularizer",
    "kernel_constraint",
    "bias_constraint",
    "trainable",
    "name",
)
_HBN = (
    "momentum",
    "epsilon",
    "center",
    "scale",
    "beta_initializer",
    "gamma_initializer",
    "moving_mean_initializer",
    "moving_variance_initializer",
    "beta_regularizer",
    "gamma_regularizer",
    "beta_constraint",
    "gamma_constraint",
)
_Q = ("kq_conf", "paq_conf", "beta", "parallel_factor")

# dense.py:10 ``class HDense(HLayerBase, tf.keras.layers.Dense)``
H_DENSE = derive(DENSE, "HDense", (*_DENSE, "parallel_factor"), counted=False)
# dense.py:97 ``class HDenseBatchNorm(HDense, HBatchNormBase)``
H_DENSE_BATCH_NORM = derive(DENSE, "HDenseBatchNorm", (*_DENSE, *_HBN), counted=False)
# conv.py:146 / :202 ``class HConv2D(HConv)``, ``HConv1D``: ``HConv(HLayerBase, Conv)`` of rank 2 / 1
H_CONV_2D = derive(CONV_2D, "HConv2D", (*_CONV, *_Q), counted=False)
H_CONV_1D = derive(CONV_1D, "HConv1D", (*_CONV, *_Q), counted=False)
# conv.py:397 / :479 ``class HConv2DBatchNorm(HConvBatchNorm)``, ``HConv1DBatchNorm``
H_CONV_2D_BATCH_NORM = derive(CONV_2D, "HConv2DBatchNorm", (*_CONV, "conv_op", *_Q, *_HBN), counted=False)
H_CONV_1D_BATCH_NORM = derive(CONV_1D, "HConv1DBatchNorm", (*_CONV, "conv_op", *_Q, *_HBN), counted=False)
# batchnorm_base.py:135 ``class HBatchNormalization(HBatchNormBase)``: compute_output_shape
# (batchnorm_base.py:220) returns its input shape
H_BATCH_NORMALIZATION = derive(BATCH_NORMALIZATION, "HBatchNormalization", ("axis", *_HBN), counted=False)
# misc.py:14 ``class HQuantize(HLayerBase)``: the input shape (misc.py:26)
_QUANTIZING = Traits(rank_preserving=True)  # the input's shape, and bit-width variables (not weightless)
H_QUANTIZE = derive(IDENTITY, "HQuantize", ("paq_conf", "beta"), traits=_QUANTIZING, counted=False)
# misc.py:31 ``class HActivation(HLayerBase, tf.keras.layers.Activation)``: the input shape (misc.py:57)
H_ACTIVATION = derive(ACTIVATION, "HActivation", ("activation", "beta", "paq_conf"), traits=_QUANTIZING, counted=False)


def _same_shapes(cfg: LayerConfig, inputs: list[Shape], is_list: bool) -> Outcome:
    """``HAdd`` (misc.py:62, ``HLayerBase, _Merge``) sums ``tf.reduce_sum(inputs, axis=0)`` and
    declares its first input's shape (misc.py:69): followed like ``Add`` when every input has the
    same shape; broadcasting inputs are left unknown (what the stacking does is not modelled)."""
    first = inputs[0].dims if inputs else None
    if not is_list or first is None or any(s.dims != first for s in inputs):
        return Outcome.unknown("`HAdd` of inputs whose shapes differ is not modelled")
    assert ADD.infer is not None
    return ADD.infer(cfg, inputs, is_list)


H_ADD = derive(
    ADD, "HAdd", ("paq_conf", "beta"), traits=replace(ADD.traits, weightless=False), infer=_same_shapes, counted=False
)
# passive_layers.py:34 ``class Signature(PLayerBase)``: ``call`` returns its input
SIGNATURE = derive(IDENTITY, "Signature", ("keep_negative", "bits", "int_bits"), counted=False)
# passive_layers.py:82-181: ``P*`` subclass the Keras layer of the same name and only add bit widths
P_RESHAPE = derive(RESHAPE, "PReshape", RESHAPE.params)
P_FLATTEN = derive(FLATTEN, "PFlatten", FLATTEN.params)
P_CONCATENATE = derive(CONCATENATE, "PConcatenate", CONCATENATE.params)
P_MAX_POOLING_2D = derive(MAX_POOLING_2D, "PMaxPooling2D", MAX_POOLING_2D.params, aliases=("PMaxPool2D",))
P_AVERAGE_POOLING_2D = derive(
    AVERAGE_POOLING_2D, "PAveragePooling2D", AVERAGE_POOLING_2D.params, aliases=("PAvgPool2D",)
)
P_MAX_POOLING_1D = derive(MAX_POOLING_1D, "PMaxPooling1D", MAX_POOLING_1D.params, aliases=("PMaxPool1D",))
P_AVERAGE_POOLING_1D = derive(
    AVERAGE_POOLING_1D, "PAveragePooling1D", AVERAGE_POOLING_1D.params, aliases=("PAvgPool1D",)
)
P_DROPOUT = derive(DROPOUT, "PDropout", DROPOUT.params)
P_PERMUTE = derive(PERMUTE, "PPermute", PERMUTE.params)

register_library(
    "HGQ",
    H_DENSE,
    H_DENSE_BATCH_NORM,
    H_CONV_2D,
    H_CONV_1D,
    H_CONV_2D_BATCH_NORM,
    H_CONV_1D_BATCH_NORM,
    H_BATCH_NORMALIZATION,
    H_QUANTIZE,
    H_ACTIVATION,
    H_ADD,
    SIGNATURE,
    P_RESHAPE,
    P_FLATTEN,
    P_CONCATENATE,
    P_MAX_POOLING_2D,
    P_AVERAGE_POOLING_2D,
    P_MAX_POOLING_1D,
    P_AVERAGE_POOLING_1D,
    P_DROPOUT,
    P_PERMUTE,
)
