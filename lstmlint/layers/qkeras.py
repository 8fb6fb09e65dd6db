"""QKeras (``qkeras``, measured on QKeras 0.9.0): quantized layers, each a subclass of the
Keras layer with the same shape rule (``layers/libraries.py``).

Each spec cites the QKeras class it models (``qkeras/<module>.py:<line>`` of QKeras 0.9.0) and
the Keras base it subclasses; ``compute_output_shape`` is the base's except where noted. The
constructor parameters are QKeras' own, in its order; extra keywords go to the Keras base.
QKeras runs on Keras 2 (``tf.keras`` before TensorFlow 2.16), so keywords are recorded for
Keras 2 only (``derive``).
"""

from __future__ import annotations

from lstmlint.layers.conv import (
    AVERAGE_POOLING_2D,
    CONV_1D,
    CONV_2D,
    CONV_2D_TRANSPOSE,
    DEPTHWISE_CONV_2D,
    GLOBAL_AVERAGE_POOLING_2D,
    SEPARABLE_CONV_1D,
    SEPARABLE_CONV_2D,
)
from lstmlint.layers.core import ACTIVATION, BATCH_NORMALIZATION, DENSE
from lstmlint.layers.libraries import derive, register_library
from lstmlint.layers.recurrent import (
    BIDIRECTIONAL,
    GRU,
    GRU_CELL,
    LSTM,
    LSTM_CELL,
    SIMPLE_RNN,
    SIMPLE_RNN_CELL,
)
from lstmlint.layers.spec import Traits

_INIT = ("kernel_initializer", "bias_initializer")
_REG = ("kernel_regularizer", "bias_regularizer", "activity_regularizer", "kernel_constraint", "bias_constraint")
_DEPTHWISE_REST = (
    "activation",
    "use_bias",
    "depthwise_initializer",
    "bias_initializer",
    "depthwise_regularizer",
    "bias_regularizer",
    "activity_regularizer",
    "depthwise_constraint",
    "bias_constraint",
    "dilation_rate",
    "depthwise_quantizer",
    "bias_quantizer",
    "depthwise_range",
    "bias_range",
)
_SEPARABLE = (
    "filters",
    "kernel_size",
    "strides",
    "padding",
    "data_format",
    "dilation_rate",
    "depth_multiplier",
    "activation",
    "use_bias",
    "depthwise_initializer",
    "pointwise_initializer",
    "bias_initializer",
    "depthwise_regularizer",
    "pointwise_regularizer",
    "bias_regularizer",
    "activity_regularizer",
    "depthwise_constraint",
    "pointwise_constraint",
    "bias_constraint",
    "depthwise_quantizer",
    "pointwise_quantizer",
    "bias_quantizer",
)
# the batch normalisation folded into QConv2DBatchnorm / QDepthwiseConv2DBatchnorm
_FOLDED_BN = (
    "axis",
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
    "renorm",
    "renorm_clipping",
    "renorm_momentum",
    "fused",
    "trainable",
    "virtual_batch_size",
    "adjustment",
    "ema_freeze_delay",
    "folding_mode",
)
_RNN_TAIL = ("return_sequences", "return_state", "go_backwards", "stateful", "unroll")
_Q_RNN = (
    "kernel_quantizer",
    "recurrent_quantizer",
    "bias_quantizer",
    "state_quantizer",
    "dropout",
    "recurrent_dropout",
)
_RNN_REG = ("kernel_regularizer", "recurrent_regularizer", "bias_regularizer")
_RNN_CON = ("kernel_constraint", "recurrent_constraint", "bias_constraint")
_RNN_INIT = ("kernel_initializer", "recurrent_initializer", "bias_initializer")

# qlayers.py:544 ``class QDense(Dense, PrunableLayer)``; compute_output_shape (qlayers.py:644) is Dense's
Q_DENSE = derive(
    DENSE,
    "QDense",
    (
        "units",
        "activation",
        "use_bias",
        *_INIT,
        *_REG,
        "kernel_quantizer",
        "bias_quantizer",
        "kernel_range",
        "bias_range",
    ),
)
# qconvolutional.py:44 ``class QConv1D(Conv1D, PrunableLayer)`` (no ``data_format`` parameter: in **kwargs)
Q_CONV_1D = derive(
    CONV_1D,
    "QConv1D",
    (
        "filters",
        "kernel_size",
        "strides",
        "padding",
        "dilation_rate",
        "activation",
        "use_bias",
        *_INIT,
        *_REG,
        "kernel_quantizer",
        "bias_quantizer",
        "kernel_range",
        "bias_range",
    ),
)
_QCONV2D = (
    "filters",
    "kernel_size",
    "strides",
    "padding",
    "data_format",
    "dilation_rate",
    "activation",
    "use_bias",
    *_INIT,
    *_REG,
)
# qconvolutional.py:193 ``class QConv2D(Conv2D, PrunableLayer)``
Q_CONV_2D = derive(CONV_2D, "QConv2D", (*_QCONV2D, "kernel_range", "bias_range", "kernel_quantizer", "bias_quantizer"))
# qconvolutional.py:345 ``class QConv2DTranspose(Conv2DTranspose, PrunableLayer)``
Q_CONV_2D_TRANSPOSE = derive(
    CONV_2D_TRANSPOSE,
    "QConv2DTranspose",
    (
        "filters",
        "kernel_size",
        "strides",
        "padding",
        "output_padding",
        "data_format",
        "dilation_rate",
        "activation",
        "use_bias",
        *_INIT,
        *_REG,
        "kernel_quantizer",
        "bias_quantizer",
    ),
)
# qconvolutional.py:514 / :689 ``class QSeparableConv1D(SeparableConv1D, ...)``, ``QSeparableConv2D``
Q_SEPARABLE_CONV_1D = derive(SEPARABLE_CONV_1D, "QSeparableConv1D", _SEPARABLE)
Q_SEPARABLE_CONV_2D = derive(SEPARABLE_CONV_2D, "QSeparableConv2D", _SEPARABLE)
_QDEPTHWISE = ("kernel_size", "strides", "padding", "depth_multiplier", "data_format", *_DEPTHWISE_REST)
# qconvolutional.py:847 ``class QDepthwiseConv2D(DepthwiseConv2D, PrunableLayer)``
Q_DEPTHWISE_CONV_2D = derive(DEPTHWISE_CONV_2D, "QDepthwiseConv2D", _QDEPTHWISE)
# qconv2d_batchnorm.py:37 ``class QConv2DBatchnorm(QConv2D)``: Conv2D's shapes, batch norm folded
# into the kernel (its weights are not counted)
Q_CONV_2D_BATCHNORM = derive(
    CONV_2D,
    "QConv2DBatchnorm",
    (*_QCONV2D, "kernel_quantizer", "bias_quantizer", *_FOLDED_BN),
    counted=False,
)
# qdepthwiseconv2d_batchnorm.py:31 ``class QDepthwiseConv2DBatchnorm(QDepthwiseConv2D)``
Q_DEPTHWISE_CONV_2D_BATCHNORM = derive(
    DEPTHWISE_CONV_2D, "QDepthwiseConv2DBatchnorm", (*_QDEPTHWISE, *_FOLDED_BN), counted=False
)
# qlayers.py:150 ``class QActivation(Layer, PrunableLayer)``: compute_output_shape (qlayers.py:187)
# returns its input shape, as Activation
Q_ACTIVATION = derive(ACTIVATION, "QActivation", ("activation",))
# qlayers.py:194 ``class QAdaptiveActivation(Layer, PrunableLayer)``: the input shape
# (qlayers.py:481); it keeps moving-average variables, so it is not weightless
Q_ADAPTIVE_ACTIVATION = derive(
    ACTIVATION,
    "QAdaptiveActivation",
    (
        "activation",
        "total_bits",
        "current_step",
        "symmetric",
        "quantization_delay",
        "ema_freeze_delay",
        "ema_decay",
        "per_channel",
        "po2_rounding",
        "relu_neg_slope",
        "relu_upper_bound",
    ),
    traits=Traits(rank_preserving=True),
    counted=False,
)
# qnormalization.py:45 ``class QBatchNormalization(BatchNormalization, PrunableLayer)``
Q_BATCH_NORMALIZATION = derive(
    BATCH_NORMALIZATION,
    "QBatchNormalization",
    (
        "axis",
        "momentum",
        "epsilon",
        "center",
        "scale",
        "activation",
        "beta_initializer",
        "gamma_initializer",
        "moving_mean_initializer",
        "moving_variance_initializer",
        "beta_regularizer",
        "gamma_regularizer",
        "beta_quantizer",
        "gamma_quantizer",
        "mean_quantizer",
        "variance_quantizer",
        "gamma_constraint",
        "beta_constraint",
        "beta_range",
        "gamma_range",
    ),
)
# qpooling.py:28 ``class QAveragePooling2D(AveragePooling2D)``: ``pool_size=(2, 2)`` by default
Q_AVERAGE_POOLING_2D = derive(
    AVERAGE_POOLING_2D,
    "QAveragePooling2D",
    ("pool_size", "strides", "padding", "data_format", "average_quantizer", "activation"),
)
# qpooling.py:111 ``class QGlobalAveragePooling2D(GlobalAveragePooling2D)``
Q_GLOBAL_AVERAGE_POOLING_2D = derive(
    GLOBAL_AVERAGE_POOLING_2D, "QGlobalAveragePooling2D", ("data_format", "average_quantizer", "activation")
)
# qrecurrent.py:200 / :678 / :1203 ``class QSimpleRNN(RNN, ...)``, ``QLSTM``, ``QGRU``: an RNN over
# the matching Q cell, with the Keras layer's own arguments and shapes
Q_SIMPLE_RNN = derive(
    SIMPLE_RNN,
    "QSimpleRNN",
    ("units", "activation", "use_bias", *_RNN_INIT, *_RNN_REG, "activity_regularizer", *_RNN_CON, *_Q_RNN, *_RNN_TAIL),
    counted=False,
)
Q_LSTM = derive(
    LSTM,
    "QLSTM",
    (
        "units",
        "activation",
        "recurrent_activation",
        "use_bias",
        *_RNN_INIT,
        "unit_forget_bias",
        *_RNN_REG,
        "activity_regularizer",
        *_RNN_CON,
        *_Q_RNN,
        "implementation",
        *_RNN_TAIL,
    ),
    counted=False,
)
Q_GRU = derive(
    GRU,
    "QGRU",
    (
        "units",
        "activation",
        "recurrent_activation",
        "use_bias",
        *_RNN_INIT,
        *_RNN_REG,
        "activity_regularizer",
        *_RNN_CON,
        *_Q_RNN,
        "implementation",
        *_RNN_TAIL,
        "reset_after",
    ),
    counted=False,
)
# qrecurrent.py:45 / :452 / :959: the cells, subclasses of Keras' cells
Q_SIMPLE_RNN_CELL = derive(
    SIMPLE_RNN_CELL,
    "QSimpleRNNCell",
    ("units", "activation", "use_bias", *_RNN_INIT, *_RNN_REG, *_RNN_CON, *_Q_RNN),
    counted=False,
)
Q_LSTM_CELL = derive(
    LSTM_CELL,
    "QLSTMCell",
    (
        "units",
        "activation",
        "recurrent_activation",
        "use_bias",
        *_RNN_INIT,
        "unit_forget_bias",
        *_RNN_REG,
        *_RNN_CON,
        *_Q_RNN,
        "implementation",
    ),
    counted=False,
)
Q_GRU_CELL = derive(
    GRU_CELL,
    "QGRUCell",
    (
        "units",
        "activation",
        "recurrent_activation",
        "use_bias",
        *_RNN_INIT,
        *_RNN_REG,
        *_RNN_CON,
        *_Q_RNN,
        "implementation",
        "reset_after",
    ),
    counted=False,
)
# qrecurrent.py:1485 ``class QBidirectional(Bidirectional)``: Bidirectional's shapes
Q_BIDIRECTIONAL = derive(BIDIRECTIONAL, "QBidirectional", BIDIRECTIONAL.params, counted=False)

register_library(
    "qkeras",
    Q_DENSE,
    Q_CONV_1D,
    Q_CONV_2D,
    Q_CONV_2D_TRANSPOSE,
    Q_SEPARABLE_CONV_1D,
    Q_SEPARABLE_CONV_2D,
    Q_DEPTHWISE_CONV_2D,
    Q_CONV_2D_BATCHNORM,
    Q_DEPTHWISE_CONV_2D_BATCHNORM,
    Q_ACTIVATION,
    Q_ADAPTIVE_ACTIVATION,
    Q_BATCH_NORMALIZATION,
    Q_AVERAGE_POOLING_2D,
    Q_GLOBAL_AVERAGE_POOLING_2D,
    Q_SIMPLE_RNN,
    Q_LSTM,
    Q_GRU,
    Q_SIMPLE_RNN_CELL,
    Q_LSTM_CELL,
    Q_GRU_CELL,
    Q_BIDIRECTIONAL,
)
