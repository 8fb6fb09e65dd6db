"""The keyword arguments each layer constructor accepts, per Keras version (generated; do not edit).

``KERAS3``: the installed ``keras`` (Keras 3); ``KERAS2``: the installed ``tf_keras`` (Keras 2).
Regenerate with ``python tests/gen/kwargs_table.py`` from an environment with both packages;
``tests/test_layer_registry.py`` fails when the tables drift from the installed packages.
Read them through ``LayerSpec.accepts``/``LayerSpec.accepted``. Keras 3.15.1; tf_keras 2.21.0. (This
data table is the one module besides the family modules that names layer classes: it is
generated from Keras, keyed by class name.)
"""

from __future__ import annotations

KERAS3_VERSION = "3.15.1"
KERAS2_VERSION = "2.21.0"

KERAS3: dict[str, frozenset[str]] = {
    "Activation": frozenset({
        "activation", "activity_regularizer", "autocast", "dtype", "input_dim", "input_shape", "name",
        "trainable"
    }),
    "ActivityRegularization": frozenset({
        "activity_regularizer", "autocast", "dtype", "input_dim", "input_shape", "l1", "l2", "name", "trainable"
    }),
    "AdaptiveAveragePooling1D": frozenset({
        "activity_regularizer", "autocast", "data_format", "dtype", "input_dim", "input_shape", "name",
        "output_size", "trainable"
    }),
    "AdaptiveAveragePooling2D": frozenset({
        "activity_regularizer", "autocast", "data_format", "dtype", "input_dim", "input_shape", "name",
        "output_size", "trainable"
    }),
    "AdaptiveAveragePooling3D": frozenset({
        "activity_regularizer", "autocast", "data_format", "dtype", "input_dim", "input_shape", "name",
        "output_size", "trainable"
    }),
    "AdaptiveMaxPooling1D": frozenset({
        "activity_regularizer", "autocast", "data_format", "dtype", "input_dim", "input_shape", "name",
        "output_size", "trainable"
    }),
    "AdaptiveMaxPooling2D": frozenset({
        "activity_regularizer", "autocast", "data_format", "dtype", "input_dim", "input_shape", "name",
        "output_size", "trainable"
    }),
    "AdaptiveMaxPooling3D": frozenset({
        "activity_regularizer", "autocast", "data_format", "dtype", "input_dim", "input_shape", "name",
        "output_size", "trainable"
    }),
    "Add": frozenset({
        "activity_regularizer", "autocast", "dtype", "input_dim", "input_shape", "name", "trainable"
    }),
    "AdditiveAttention": frozenset({
        "activity_regularizer", "autocast", "dropout", "dtype", "input_dim", "input_shape", "name",
        "score_mode", "seed", "trainable", "use_scale"
    }),
    "AlphaDropout": frozenset({
        "activity_regularizer", "autocast", "dtype", "input_dim", "input_shape", "name", "noise_shape", "rate",
        "seed", "trainable"
    }),
    "Attention": frozenset({
        "activity_regularizer", "autocast", "dropout", "dtype", "input_dim", "input_shape", "name",
        "score_mode", "seed", "trainable", "use_scale"
    }),
    "AugMix": frozenset({
        "activity_regularizer", "all_ops", "alpha", "autocast", "bounding_box_format", "chain_depth",
        "data_format", "dtype", "factor", "input_dim", "input_shape", "interpolation", "name", "num_chains",
        "seed", "trainable", "value_range"
    }),
    "AutoContrast": frozenset({
        "activity_regularizer", "autocast", "bounding_box_format", "data_format", "dtype", "factor",
        "input_dim", "input_shape", "name", "trainable", "value_range"
    }),
    "Average": frozenset({
        "activity_regularizer", "autocast", "dtype", "input_dim", "input_shape", "name", "trainable"
    }),
    "AveragePooling1D": frozenset({
        "activity_regularizer", "autocast", "data_format", "dtype", "input_dim", "input_shape", "name",
        "padding", "pool_dimensions", "pool_mode", "pool_size", "strides", "trainable"
    }),
    "AveragePooling2D": frozenset({
        "activity_regularizer", "autocast", "data_format", "dtype", "input_dim", "input_shape", "name",
        "padding", "pool_dimensions", "pool_mode", "pool_size", "strides", "trainable"
    }),
    "AveragePooling3D": frozenset({
        "activity_regularizer", "autocast", "data_format", "dtype", "input_dim", "input_shape", "name",
        "padding", "pool_dimensions", "pool_mode", "pool_size", "strides", "trainable"
    }),
    "BatchNormalization": frozenset({
        "activity_regularizer", "autocast", "axis", "beta_constraint", "beta_initializer", "beta_regularizer",
        "center", "dtype", "epsilon", "gamma_constraint", "gamma_initializer", "gamma_regularizer", "input_dim",
        "input_shape", "momentum", "moving_mean_initializer", "moving_variance_initializer", "name", "renorm",
        "renorm_clipping", "renorm_momentum", "scale", "synchronized", "trainable"
    }),
    "Bidirectional": frozenset({
        "activity_regularizer", "autocast", "backward_layer", "dtype", "input_dim", "input_shape", "layer",
        "merge_mode", "name", "trainable", "weights"
    }),
    "CategoryEncoding": frozenset({
        "activity_regularizer", "autocast", "dtype", "input_dim", "input_shape", "name", "num_tokens",
        "output_mode", "sparse", "trainable"
    }),
    "CenterCrop": frozenset({
        "activity_regularizer", "autocast", "bounding_box_format", "data_format", "dtype", "factor", "height",
        "input_dim", "input_shape", "name", "trainable", "width"
    }),
    "Concatenate": frozenset({
        "activity_regularizer", "autocast", "axis", "dtype", "input_dim", "input_shape", "name", "trainable"
    }),
    "Conv1D": frozenset({
        "activation", "activity_regularizer", "autocast", "bias_constraint", "bias_initializer",
        "bias_regularizer", "data_format", "dilation_rate", "dtype", "filters", "groups", "input_dim",
        "input_shape", "kernel_constraint", "kernel_initializer", "kernel_regularizer", "kernel_size",
        "lora_alpha", "lora_rank", "name", "padding", "rank", "strides", "trainable", "use_bias"
    }),
    "Conv1DTranspose": frozenset({
        "activation", "activity_regularizer", "autocast", "bias_constraint", "bias_initializer",
        "bias_regularizer", "data_format", "dilation_rate", "dtype", "filters", "input_dim", "input_shape",
        "kernel_constraint", "kernel_initializer", "kernel_regularizer", "kernel_size", "name",
        "output_padding", "padding", "rank", "strides", "trainable", "use_bias"
    }),
    "Conv2D": frozenset({
        "activation", "activity_regularizer", "autocast", "bias_constraint", "bias_initializer",
        "bias_regularizer", "data_format", "dilation_rate", "dtype", "filters", "groups", "input_dim",
        "input_shape", "kernel_constraint", "kernel_initializer", "kernel_regularizer", "kernel_size",
        "lora_alpha", "lora_rank", "name", "padding", "rank", "strides", "trainable", "use_bias"
    }),
    "Conv2DTranspose": frozenset({
        "activation", "activity_regularizer", "autocast", "bias_constraint", "bias_initializer",
        "bias_regularizer", "data_format", "dilation_rate", "dtype", "filters", "input_dim", "input_shape",
        "kernel_constraint", "kernel_initializer", "kernel_regularizer", "kernel_size", "name",
        "output_padding", "padding", "rank", "strides", "trainable", "use_bias"
    }),
    "Conv3D": frozenset({
        "activation", "activity_regularizer", "autocast", "bias_constraint", "bias_initializer",
        "bias_regularizer", "data_format", "dilation_rate", "dtype", "filters", "groups", "input_dim",
        "input_shape", "kernel_constraint", "kernel_initializer", "kernel_regularizer", "kernel_size",
        "lora_alpha", "lora_rank", "name", "padding", "rank", "strides", "trainable", "use_bias"
    }),
    "Conv3DTranspose": frozenset({
        "activation", "activity_regularizer", "autocast", "bias_constraint", "bias_initializer",
        "bias_regularizer", "data_format", "dilation_rate", "dtype", "filters", "input_dim", "input_shape",
        "kernel_constraint", "kernel_initializer", "kernel_regularizer", "kernel_size", "name",
        "output_padding", "padding", "rank", "strides", "trainable", "use_bias"
    }),
    "ConvLSTM1D": frozenset({
        "activation", "activity_regularizer", "autocast", "bias_constraint", "bias_initializer",
        "bias_regularizer", "cell", "data_format", "dilation_rate", "dropout", "dtype", "filters",
        "go_backwards", "input_dim", "input_shape", "kernel_constraint", "kernel_initializer",
        "kernel_regularizer", "kernel_size", "name", "padding", "rank", "recurrent_activation",
        "recurrent_constraint", "recurrent_dropout", "recurrent_initializer", "recurrent_regularizer",
        "return_sequences", "return_state", "seed", "stateful", "strides", "trainable", "unit_forget_bias",
        "unroll", "use_bias", "zero_output_for_mask"
    }),
    "ConvLSTM2D": frozenset({
        "activation", "activity_regularizer", "autocast", "bias_constraint", "bias_initializer",
        "bias_regularizer", "cell", "data_format", "dilation_rate", "dropout", "dtype", "filters",
        "go_backwards", "input_dim", "input_shape", "kernel_constraint", "kernel_initializer",
        "kernel_regularizer", "kernel_size", "name", "padding", "rank", "recurrent_activation",
        "recurrent_constraint", "recurrent_dropout", "recurrent_initializer", "recurrent_regularizer",
        "return_sequences", "return_state", "seed", "stateful", "strides", "trainable", "unit_forget_bias",
        "unroll", "use_bias", "zero_output_for_mask"
    }),
    "ConvLSTM3D": frozenset({
        "activation", "activity_regularizer", "autocast", "bias_constraint", "bias_initializer",
        "bias_regularizer", "cell", "data_format", "dilation_rate", "dropout", "dtype", "filters",
        "go_backwards", "input_dim", "input_shape", "kernel_constraint", "kernel_initializer",
        "kernel_regularizer", "kernel_size", "name", "padding", "rank", "recurrent_activation",
        "recurrent_constraint", "recurrent_dropout", "recurrent_initializer", "recurrent_regularizer",
        "return_sequences", "return_state", "seed", "stateful", "strides", "trainable", "unit_forget_bias",
        "unroll", "use_bias", "zero_output_for_mask"
    }),
    "Cropping1D": frozenset({
        "activity_regularizer", "autocast", "cropping", "dtype", "input_dim", "input_shape", "name", "trainable"
    }),
    "Cropping2D": frozenset({
        "activity_regularizer", "autocast", "cropping", "data_format", "dtype", "input_dim", "input_shape",
        "name", "trainable"
    }),
    "Cropping3D": frozenset({
        "activity_regularizer", "autocast", "cropping", "data_format", "dtype", "input_dim", "input_shape",
        "name", "trainable"
    }),
    "CutMix": frozenset({
        "activity_regularizer", "autocast", "bounding_box_format", "data_format", "dtype", "factor",
        "input_dim", "input_shape", "name", "seed", "trainable"
    }),
    "Dense": frozenset({
        "activation", "activity_regularizer", "autocast", "bias_constraint", "bias_initializer",
        "bias_regularizer", "dtype", "input_dim", "input_shape", "kernel_constraint", "kernel_initializer",
        "kernel_regularizer", "lora_alpha", "lora_rank", "name", "quantization_config", "trainable", "units",
        "use_bias"
    }),
    "DepthwiseConv1D": frozenset({
        "activation", "activity_regularizer", "autocast", "bias_constraint", "bias_initializer",
        "bias_regularizer", "data_format", "depth_multiplier", "depthwise_constraint", "depthwise_initializer",
        "depthwise_regularizer", "dilation_rate", "dtype", "input_dim", "input_shape", "kernel_size", "name",
        "padding", "rank", "strides", "trainable", "use_bias"
    }),
    "DepthwiseConv2D": frozenset({
        "activation", "activity_regularizer", "autocast", "bias_constraint", "bias_initializer",
        "bias_regularizer", "data_format", "depth_multiplier", "depthwise_constraint", "depthwise_initializer",
        "depthwise_regularizer", "dilation_rate", "dtype", "input_dim", "input_shape", "kernel_size", "name",
        "padding", "rank", "strides", "trainable", "use_bias"
    }),
    "Discretization": frozenset({
        "bin_boundaries", "dtype", "epsilon", "name", "num_bins", "output_mode", "sparse"
    }),
    "Dot": frozenset({
        "activity_regularizer", "autocast", "axes", "dtype", "input_dim", "input_shape", "name", "normalize",
        "trainable"
    }),
    "Dropout": frozenset({
        "activity_regularizer", "autocast", "dtype", "input_dim", "input_shape", "name", "noise_shape", "rate",
        "seed", "trainable"
    }),
    "ELU": frozenset({
        "activity_regularizer", "alpha", "autocast", "dtype", "input_dim", "input_shape", "name", "trainable"
    }),
    "EinsumDense": frozenset({
        "activation", "activity_regularizer", "autocast", "bias_axes", "bias_constraint", "bias_initializer",
        "bias_regularizer", "dtype", "equation", "gptq_unpacked_column_size", "input_dim", "input_shape",
        "kernel_constraint", "kernel_initializer", "kernel_regularizer", "lora_alpha", "lora_rank", "name",
        "output_shape", "quantization_config", "trainable"
    }),
    "Embedding": frozenset({
        "activity_regularizer", "autocast", "dtype", "embeddings_constraint", "embeddings_initializer",
        "embeddings_regularizer", "input_dim", "input_length", "input_shape", "lora_alpha", "lora_rank",
        "mask_zero", "name", "output_dim", "quantization_config", "trainable", "weights"
    }),
    "Equalization": frozenset({
        "activity_regularizer", "autocast", "bins", "bounding_box_format", "data_format", "dtype", "factor",
        "input_dim", "input_shape", "name", "trainable", "value_range"
    }),
    "Flatten": frozenset({
        "activity_regularizer", "autocast", "data_format", "dtype", "input_dim", "input_shape", "name",
        "trainable"
    }),
    "GRU": frozenset({
        "activation", "activity_regularizer", "autocast", "bias_constraint", "bias_initializer",
        "bias_regularizer", "cell", "dropout", "dtype", "go_backwards", "implementation", "input_dim",
        "input_shape", "kernel_constraint", "kernel_initializer", "kernel_regularizer", "name",
        "recurrent_activation", "recurrent_constraint", "recurrent_dropout", "recurrent_initializer",
        "recurrent_regularizer", "reset_after", "return_sequences", "return_state", "seed", "stateful",
        "trainable", "units", "unroll", "use_bias", "use_cudnn", "zero_output_for_mask"
    }),
    "GRUCell": frozenset({
        "activation", "activity_regularizer", "autocast", "bias_constraint", "bias_initializer",
        "bias_regularizer", "dropout", "dtype", "implementation", "input_dim", "input_shape",
        "kernel_constraint", "kernel_initializer", "kernel_regularizer", "name", "recurrent_activation",
        "recurrent_constraint", "recurrent_dropout", "recurrent_initializer", "recurrent_regularizer",
        "reset_after", "seed", "trainable", "units", "use_bias"
    }),
    "GaussianDropout": frozenset({
        "activity_regularizer", "autocast", "dtype", "input_dim", "input_shape", "name", "rate", "seed",
        "trainable"
    }),
    "GaussianNoise": frozenset({
        "activity_regularizer", "autocast", "dtype", "input_dim", "input_shape", "name", "seed", "stddev",
        "trainable"
    }),
    "GlobalAveragePooling1D": frozenset({
        "activity_regularizer", "autocast", "data_format", "dtype", "input_dim", "input_shape", "keepdims",
        "name", "pool_dimensions", "trainable"
    }),
    "GlobalAveragePooling2D": frozenset({
        "activity_regularizer", "autocast", "data_format", "dtype", "input_dim", "input_shape", "keepdims",
        "name", "pool_dimensions", "trainable"
    }),
    "GlobalAveragePooling3D": frozenset({
        "activity_regularizer", "autocast", "data_format", "dtype", "input_dim", "input_shape", "keepdims",
        "name", "pool_dimensions", "trainable"
    }),
    "GlobalMaxPooling1D": frozenset({
        "activity_regularizer", "autocast", "data_format", "dtype", "input_dim", "input_shape", "keepdims",
        "name", "pool_dimensions", "trainable"
    }),
    "GlobalMaxPooling2D": frozenset({
        "activity_regularizer", "autocast", "data_format", "dtype", "input_dim", "input_shape", "keepdims",
        "name", "pool_dimensions", "trainable"
    }),
    "GlobalMaxPooling3D": frozenset({
        "activity_regularizer", "autocast", "data_format", "dtype", "input_dim", "input_shape", "keepdims",
        "name", "pool_dimensions", "trainable"
    }),
    "GroupNormalization": frozenset({
        "activity_regularizer", "autocast", "axis", "beta_constraint", "beta_initializer", "beta_regularizer",
        "center", "dtype", "epsilon", "gamma_constraint", "gamma_initializer", "gamma_regularizer", "groups",
        "input_dim", "input_shape", "name", "scale", "trainable"
    }),
    "Hashing": frozenset({
        "activity_regularizer", "autocast", "dtype", "input_dim", "input_shape", "mask_value", "name",
        "num_bins", "output_mode", "salt", "sparse", "trainable"
    }),
    "Identity": frozenset({
        "activity_regularizer", "autocast", "dtype", "input_dim", "input_shape", "name", "trainable"
    }),
    "IntegerLookup": frozenset({
        "dtype", "has_input_vocabulary", "idf_weights", "invert", "mask_token", "max_tokens", "name",
        "num_oov_indices", "oov_method", "oov_token", "output_mode", "pad_to_max_tokens", "salt", "sparse",
        "trainable", "vocabulary", "vocabulary_dtype", "vocabulary_size"
    }),
    "LSTM": frozenset({
        "activation", "activity_regularizer", "autocast", "bias_constraint", "bias_initializer",
        "bias_regularizer", "cell", "dropout", "dtype", "go_backwards", "implementation", "input_dim",
        "input_shape", "kernel_constraint", "kernel_initializer", "kernel_regularizer", "name",
        "recurrent_activation", "recurrent_constraint", "recurrent_dropout", "recurrent_initializer",
        "recurrent_regularizer", "return_sequences", "return_state", "seed", "stateful", "trainable",
        "unit_forget_bias", "units", "unroll", "use_bias", "use_cudnn", "zero_output_for_mask"
    }),
    "LSTMCell": frozenset({
        "activation", "activity_regularizer", "autocast", "bias_constraint", "bias_initializer",
        "bias_regularizer", "dropout", "dtype", "implementation", "input_dim", "input_shape",
        "kernel_constraint", "kernel_initializer", "kernel_regularizer", "name", "recurrent_activation",
        "recurrent_constraint", "recurrent_dropout", "recurrent_initializer", "recurrent_regularizer", "seed",
        "trainable", "unit_forget_bias", "units", "use_bias"
    }),
    "Lambda": frozenset({
        "activity_regularizer", "arguments", "autocast", "dtype", "function", "input_dim", "input_shape",
        "mask", "name", "output_shape", "trainable"
    }),
    "Layer": frozenset({
        "activity_regularizer", "autocast", "dtype", "input_dim", "input_shape", "name", "trainable"
    }),
    "LayerNormalization": frozenset({
        "activity_regularizer", "autocast", "axis", "beta_constraint", "beta_initializer", "beta_regularizer",
        "center", "dtype", "epsilon", "gamma_constraint", "gamma_initializer", "gamma_regularizer", "input_dim",
        "input_shape", "name", "rms_scaling", "scale", "trainable"
    }),
    "LeakyReLU": frozenset({
        "activity_regularizer", "alpha", "autocast", "dtype", "input_dim", "input_shape", "name",
        "negative_slope", "trainable"
    }),
    "Masking": frozenset({
        "activity_regularizer", "autocast", "dtype", "input_dim", "input_shape", "mask_value", "name",
        "trainable"
    }),
    "MaxPooling1D": frozenset({
        "activity_regularizer", "autocast", "data_format", "dtype", "input_dim", "input_shape", "name",
        "padding", "pool_dimensions", "pool_mode", "pool_size", "strides", "trainable"
    }),
    "MaxPooling2D": frozenset({
        "activity_regularizer", "autocast", "data_format", "dtype", "input_dim", "input_shape", "name",
        "padding", "pool_dimensions", "pool_mode", "pool_size", "strides", "trainable"
    }),
    "MaxPooling3D": frozenset({
        "activity_regularizer", "autocast", "data_format", "dtype", "input_dim", "input_shape", "name",
        "padding", "pool_dimensions", "pool_mode", "pool_size", "strides", "trainable"
    }),
    "Maximum": frozenset({
        "activity_regularizer", "autocast", "dtype", "input_dim", "input_shape", "name", "trainable"
    }),
    "Minimum": frozenset({
        "activity_regularizer", "autocast", "dtype", "input_dim", "input_shape", "name", "trainable"
    }),
    "MixUp": frozenset({
        "activity_regularizer", "alpha", "autocast", "bounding_box_format", "data_format", "dtype", "factor",
        "input_dim", "input_shape", "name", "seed", "trainable"
    }),
    "MultiHeadAttention": frozenset({
        "activity_regularizer", "attention_axes", "autocast", "bias_constraint", "bias_initializer",
        "bias_regularizer", "dropout", "dtype", "flash_attention", "input_dim", "input_shape",
        "kernel_constraint", "kernel_initializer", "kernel_regularizer", "key_dim", "name", "num_heads",
        "output_shape", "seed", "sliding_window", "trainable", "use_bias", "use_gate", "value_dim"
    }),
    "Multiply": frozenset({
        "activity_regularizer", "autocast", "dtype", "input_dim", "input_shape", "name", "trainable"
    }),
    "Normalization": frozenset({
        "activity_regularizer", "autocast", "axis", "dtype", "input_dim", "input_shape", "invert", "mean",
        "name", "trainable", "variance"
    }),
    "PReLU": frozenset({
        "activity_regularizer", "alpha_constraint", "alpha_initializer", "alpha_regularizer", "autocast",
        "dtype", "input_dim", "input_shape", "name", "shared_axes", "trainable"
    }),
    "Permute": frozenset({
        "activity_regularizer", "autocast", "dims", "dtype", "input_dim", "input_shape", "name", "trainable"
    }),
    "RMSNormalization": frozenset({
        "activity_regularizer", "autocast", "axis", "dtype", "epsilon", "input_dim", "input_shape", "name",
        "trainable"
    }),
    "RNN": frozenset({
        "activity_regularizer", "autocast", "cell", "dtype", "go_backwards", "input_dim", "input_shape", "name",
        "return_sequences", "return_state", "stateful", "trainable", "unroll", "zero_output_for_mask"
    }),
    "RandAugment": frozenset({
        "activity_regularizer", "autocast", "bounding_box_format", "data_format", "dtype", "factor",
        "input_dim", "input_shape", "interpolation", "name", "num_ops", "seed", "trainable", "value_range"
    }),
    "RandomBrightness": frozenset({
        "activity_regularizer", "autocast", "bounding_box_format", "data_format", "dtype", "factor",
        "input_dim", "input_shape", "name", "seed", "trainable", "value_range"
    }),
    "RandomColorDegeneration": frozenset({
        "activity_regularizer", "autocast", "bounding_box_format", "data_format", "dtype", "factor",
        "input_dim", "input_shape", "name", "seed", "trainable", "value_range"
    }),
    "RandomColorJitter": frozenset({
        "activity_regularizer", "autocast", "bounding_box_format", "brightness_factor", "contrast_factor",
        "data_format", "dtype", "factor", "hue_factor", "input_dim", "input_shape", "name", "saturation_factor",
        "seed", "trainable", "value_range"
    }),
    "RandomContrast": frozenset({
        "activity_regularizer", "autocast", "bounding_box_format", "data_format", "dtype", "factor",
        "input_dim", "input_shape", "name", "seed", "trainable", "value_range"
    }),
    "RandomCrop": frozenset({
        "activity_regularizer", "autocast", "bounding_box_format", "data_format", "dtype", "factor", "height",
        "input_dim", "input_shape", "name", "seed", "trainable", "width"
    }),
    "RandomElasticTransform": frozenset({
        "activity_regularizer", "autocast", "bounding_box_format", "data_format", "dtype", "factor",
        "fill_mode", "fill_value", "input_dim", "input_shape", "interpolation", "name", "scale", "seed",
        "trainable", "value_range"
    }),
    "RandomErasing": frozenset({
        "activity_regularizer", "autocast", "bounding_box_format", "data_format", "dtype", "factor",
        "fill_value", "input_dim", "input_shape", "name", "scale", "seed", "trainable", "value_range"
    }),
    "RandomFlip": frozenset({
        "activity_regularizer", "autocast", "bounding_box_format", "data_format", "dtype", "factor",
        "input_dim", "input_shape", "mode", "name", "seed", "trainable"
    }),
    "RandomGaussianBlur": frozenset({
        "activity_regularizer", "autocast", "bounding_box_format", "data_format", "dtype", "factor",
        "input_dim", "input_shape", "kernel_size", "name", "seed", "sigma", "trainable", "value_range"
    }),
    "RandomGrayscale": frozenset({
        "activity_regularizer", "autocast", "bounding_box_format", "data_format", "dtype", "factor",
        "input_dim", "input_shape", "name", "seed", "trainable"
    }),
    "RandomHue": frozenset({
        "activity_regularizer", "autocast", "bounding_box_format", "data_format", "dtype", "factor",
        "input_dim", "input_shape", "name", "seed", "trainable", "value_range"
    }),
    "RandomInvert": frozenset({
        "activity_regularizer", "autocast", "bounding_box_format", "data_format", "dtype", "factor",
        "input_dim", "input_shape", "name", "seed", "trainable", "value_range"
    }),
    "RandomPerspective": frozenset({
        "activity_regularizer", "autocast", "bounding_box_format", "data_format", "dtype", "factor",
        "fill_value", "input_dim", "input_shape", "interpolation", "name", "scale", "seed", "trainable"
    }),
    "RandomPosterization": frozenset({
        "activity_regularizer", "autocast", "bounding_box_format", "data_format", "dtype", "factor",
        "input_dim", "input_shape", "name", "seed", "trainable", "value_range"
    }),
    "RandomRotation": frozenset({
        "activity_regularizer", "autocast", "bounding_box_format", "data_format", "dtype", "factor",
        "fill_mode", "fill_value", "input_dim", "input_shape", "interpolation", "name", "seed", "trainable"
    }),
    "RandomSaturation": frozenset({
        "activity_regularizer", "autocast", "bounding_box_format", "data_format", "dtype", "factor",
        "input_dim", "input_shape", "name", "seed", "trainable", "value_range"
    }),
    "RandomSharpness": frozenset({
        "activity_regularizer", "autocast", "bounding_box_format", "data_format", "dtype", "factor",
        "input_dim", "input_shape", "name", "seed", "trainable", "value_range"
    }),
    "RandomShear": frozenset({
        "activity_regularizer", "autocast", "bounding_box_format", "data_format", "dtype", "factor",
        "fill_mode", "fill_value", "input_dim", "input_shape", "interpolation", "name", "seed", "trainable",
        "x_factor", "y_factor"
    }),
    "RandomTranslation": frozenset({
        "activity_regularizer", "autocast", "bounding_box_format", "data_format", "dtype", "factor",
        "fill_mode", "fill_value", "height_factor", "input_dim", "input_shape", "interpolation", "name", "seed",
        "trainable", "width_factor"
    }),
    "RandomZoom": frozenset({
        "activity_regularizer", "autocast", "bounding_box_format", "data_format", "dtype", "factor",
        "fill_mode", "fill_value", "height_factor", "input_dim", "input_shape", "interpolation", "name", "seed",
        "trainable", "width_factor"
    }),
    "ReLU": frozenset({
        "activity_regularizer", "autocast", "dtype", "input_dim", "input_shape", "max_value", "name",
        "negative_slope", "threshold", "trainable"
    }),
    "RepeatVector": frozenset({
        "activity_regularizer", "autocast", "dtype", "input_dim", "input_shape", "n", "name", "trainable"
    }),
    "Rescaling": frozenset({
        "activity_regularizer", "autocast", "dtype", "input_dim", "input_shape", "name", "offset", "scale",
        "trainable"
    }),
    "Reshape": frozenset({
        "activity_regularizer", "autocast", "dtype", "input_dim", "input_shape", "name", "target_shape",
        "trainable"
    }),
    "Resizing": frozenset({
        "activity_regularizer", "antialias", "autocast", "bounding_box_format", "crop_to_aspect_ratio",
        "data_format", "dtype", "factor", "fill_mode", "fill_value", "height", "input_dim", "input_shape",
        "interpolation", "name", "pad_to_aspect_ratio", "trainable", "width"
    }),
    "SeparableConv1D": frozenset({
        "activation", "activity_regularizer", "autocast", "bias_constraint", "bias_initializer",
        "bias_regularizer", "data_format", "depth_multiplier", "depthwise_constraint", "depthwise_initializer",
        "depthwise_regularizer", "dilation_rate", "dtype", "filters", "input_dim", "input_shape", "kernel_size",
        "name", "padding", "pointwise_constraint", "pointwise_initializer", "pointwise_regularizer", "rank",
        "strides", "trainable", "use_bias"
    }),
    "SeparableConv2D": frozenset({
        "activation", "activity_regularizer", "autocast", "bias_constraint", "bias_initializer",
        "bias_regularizer", "data_format", "depth_multiplier", "depthwise_constraint", "depthwise_initializer",
        "depthwise_regularizer", "dilation_rate", "dtype", "filters", "input_dim", "input_shape", "kernel_size",
        "name", "padding", "pointwise_constraint", "pointwise_initializer", "pointwise_regularizer", "rank",
        "strides", "trainable", "use_bias"
    }),
    "SimpleRNN": frozenset({
        "activation", "activity_regularizer", "autocast", "bias_constraint", "bias_initializer",
        "bias_regularizer", "cell", "dropout", "dtype", "go_backwards", "input_dim", "input_shape",
        "kernel_constraint", "kernel_initializer", "kernel_regularizer", "name", "recurrent_constraint",
        "recurrent_dropout", "recurrent_initializer", "recurrent_regularizer", "return_sequences",
        "return_state", "seed", "stateful", "trainable", "units", "unroll", "use_bias", "zero_output_for_mask"
    }),
    "SimpleRNNCell": frozenset({
        "activation", "activity_regularizer", "autocast", "bias_constraint", "bias_initializer",
        "bias_regularizer", "dropout", "dtype", "input_dim", "input_shape", "kernel_constraint",
        "kernel_initializer", "kernel_regularizer", "name", "recurrent_constraint", "recurrent_dropout",
        "recurrent_initializer", "recurrent_regularizer", "seed", "trainable", "units", "use_bias"
    }),
    "Softmax": frozenset({
        "activity_regularizer", "autocast", "axis", "dtype", "input_dim", "input_shape", "name", "trainable"
    }),
    "Solarization": frozenset({
        "activity_regularizer", "addition_factor", "autocast", "bounding_box_format", "data_format", "dtype",
        "factor", "input_dim", "input_shape", "name", "seed", "threshold_factor", "trainable", "value_range"
    }),
    "SpatialDropout1D": frozenset({
        "dtype", "name", "rate", "seed"
    }),
    "SpatialDropout2D": frozenset({
        "data_format", "dtype", "name", "rate", "seed"
    }),
    "SpatialDropout3D": frozenset({
        "data_format", "dtype", "name", "rate", "seed"
    }),
    "StackedRNNCells": frozenset({
        "activity_regularizer", "autocast", "cells", "dtype", "input_dim", "input_shape", "name", "trainable"
    }),
    "StringLookup": frozenset({
        "dtype", "encoding", "has_input_vocabulary", "idf_weights", "invert", "mask_token", "max_tokens",
        "name", "num_oov_indices", "oov_method", "oov_token", "output_mode", "pad_to_max_tokens", "salt",
        "sparse", "trainable", "vocabulary", "vocabulary_dtype", "vocabulary_size"
    }),
    "Subtract": frozenset({
        "activity_regularizer", "autocast", "dtype", "input_dim", "input_shape", "name", "trainable"
    }),
    "TFSMLayer": frozenset({
        "call_endpoint", "call_training_endpoint", "dtype", "filepath", "name", "trainable"
    }),
    "TextVectorization": frozenset({
        "activity_regularizer", "autocast", "dtype", "encoding", "has_input_vocabulary", "idf_weights",
        "input_dim", "input_shape", "max_tokens", "name", "ngrams", "output_mode", "output_sequence_length",
        "pad_to_max_tokens", "ragged", "sparse", "split", "standardize", "trainable", "vocabulary",
        "vocabulary_size"
    }),
    "TimeDistributed": frozenset({
        "activity_regularizer", "autocast", "dtype", "input_dim", "input_shape", "layer", "name", "trainable"
    }),
    "UnitNormalization": frozenset({
        "activity_regularizer", "autocast", "axis", "dtype", "input_dim", "input_shape", "name", "trainable"
    }),
    "UpSampling1D": frozenset({
        "activity_regularizer", "autocast", "dtype", "input_dim", "input_shape", "name", "size", "trainable"
    }),
    "UpSampling2D": frozenset({
        "activity_regularizer", "autocast", "data_format", "dtype", "input_dim", "input_shape", "interpolation",
        "name", "size", "trainable"
    }),
    "UpSampling3D": frozenset({
        "activity_regularizer", "autocast", "data_format", "dtype", "input_dim", "input_shape", "name", "size",
        "trainable"
    }),
    "Wrapper": frozenset({
        "activity_regularizer", "autocast", "dtype", "input_dim", "input_shape", "layer", "name", "trainable"
    }),
    "ZeroPadding1D": frozenset({
        "activity_regularizer", "autocast", "data_format", "dtype", "input_dim", "input_shape", "name",
        "padding", "trainable"
    }),
    "ZeroPadding2D": frozenset({
        "activity_regularizer", "autocast", "data_format", "dtype", "input_dim", "input_shape", "name",
        "padding", "trainable"
    }),
    "ZeroPadding3D": frozenset({
        "activity_regularizer", "autocast", "data_format", "dtype", "input_dim", "input_shape", "name",
        "padding", "trainable"
    }),
}

KERAS2: dict[str, frozenset[str]] = {
    "Activation": frozenset({
        "activation", "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "dtype", "dynamic",
        "implementation", "input_dim", "input_shape", "name", "trainable", "weights"
    }),
    "ActivityRegularization": frozenset({
        "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "dtype", "dynamic",
        "implementation", "input_dim", "input_shape", "l1", "l2", "name", "trainable", "weights"
    }),
    "Add": frozenset({
        "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "dtype", "dynamic",
        "implementation", "input_dim", "input_shape", "name", "trainable", "weights"
    }),
    "AdditiveAttention": frozenset({
        "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "causal", "dropout", "dtype",
        "dynamic", "force_generator", "implementation", "input_dim", "input_shape", "name", "rng_type", "seed",
        "trainable", "use_scale", "weights"
    }),
    "AlphaDropout": frozenset({
        "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "dtype", "dynamic",
        "force_generator", "implementation", "input_dim", "input_shape", "name", "noise_shape", "rate",
        "rng_type", "seed", "trainable", "weights"
    }),
    "Attention": frozenset({
        "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "causal", "dropout", "dtype",
        "dynamic", "force_generator", "implementation", "input_dim", "input_shape", "name", "rng_type",
        "score_mode", "seed", "trainable", "use_scale", "weights"
    }),
    "Average": frozenset({
        "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "dtype", "dynamic",
        "implementation", "input_dim", "input_shape", "name", "trainable", "weights"
    }),
    "AveragePooling1D": frozenset({
        "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "data_format", "dtype",
        "dynamic", "implementation", "input_dim", "input_shape", "name", "padding", "pool_function",
        "pool_size", "strides", "trainable", "weights"
    }),
    "AveragePooling2D": frozenset({
        "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "data_format", "dtype",
        "dynamic", "implementation", "input_dim", "input_shape", "name", "padding", "pool_function",
        "pool_size", "strides", "trainable", "weights"
    }),
    "AveragePooling3D": frozenset({
        "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "data_format", "dtype",
        "dynamic", "implementation", "input_dim", "input_shape", "name", "padding", "pool_function",
        "pool_size", "strides", "trainable", "weights"
    }),
    "BatchNormalization": frozenset({
        "activity_regularizer", "adjustment", "autocast", "axis", "batch_input_shape", "batch_size",
        "beta_constraint", "beta_initializer", "beta_regularizer", "center", "dtype", "dynamic", "epsilon",
        "fused", "gamma_constraint", "gamma_initializer", "gamma_regularizer", "implementation", "input_dim",
        "input_shape", "momentum", "moving_mean_initializer", "moving_variance_initializer", "name", "renorm",
        "renorm_clipping", "renorm_momentum", "scale", "synchronized", "trainable", "virtual_batch_size",
        "weights"
    }),
    "Bidirectional": frozenset({
        "activity_regularizer", "autocast", "backward_layer", "batch_input_shape", "batch_size", "dtype",
        "dynamic", "implementation", "input_dim", "input_shape", "layer", "merge_mode", "name", "trainable",
        "weights"
    }),
    "CategoryEncoding": frozenset({
        "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "dtype", "dynamic",
        "implementation", "input_dim", "input_shape", "max_tokens", "name", "num_tokens", "output_mode",
        "sparse", "trainable", "weights"
    }),
    "CenterCrop": frozenset({
        "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "dtype", "dynamic", "height",
        "implementation", "input_dim", "input_shape", "name", "trainable", "weights", "width"
    }),
    "Concatenate": frozenset({
        "activity_regularizer", "autocast", "axis", "batch_input_shape", "batch_size", "dtype", "dynamic",
        "implementation", "input_dim", "input_shape", "name", "trainable", "weights"
    }),
    "Conv1D": frozenset({
        "activation", "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "bias_constraint",
        "bias_initializer", "bias_regularizer", "conv_op", "data_format", "dilation_rate", "dtype", "dynamic",
        "filters", "groups", "implementation", "input_dim", "input_shape", "kernel_constraint",
        "kernel_initializer", "kernel_regularizer", "kernel_size", "name", "padding", "rank", "strides",
        "trainable", "use_bias", "weights"
    }),
    "Conv1DTranspose": frozenset({
        "activation", "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "bias_constraint",
        "bias_initializer", "bias_regularizer", "conv_op", "data_format", "dilation_rate", "dtype", "dynamic",
        "filters", "groups", "implementation", "input_dim", "input_shape", "kernel_constraint",
        "kernel_initializer", "kernel_regularizer", "kernel_size", "name", "output_padding", "padding", "rank",
        "strides", "trainable", "use_bias", "weights"
    }),
    "Conv2D": frozenset({
        "activation", "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "bias_constraint",
        "bias_initializer", "bias_regularizer", "conv_op", "data_format", "dilation_rate", "dtype", "dynamic",
        "filters", "groups", "implementation", "input_dim", "input_shape", "kernel_constraint",
        "kernel_initializer", "kernel_regularizer", "kernel_size", "name", "padding", "rank", "strides",
        "trainable", "use_bias", "weights"
    }),
    "Conv2DTranspose": frozenset({
        "activation", "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "bias_constraint",
        "bias_initializer", "bias_regularizer", "conv_op", "data_format", "dilation_rate", "dtype", "dynamic",
        "filters", "groups", "implementation", "input_dim", "input_shape", "kernel_constraint",
        "kernel_initializer", "kernel_regularizer", "kernel_size", "name", "output_padding", "padding", "rank",
        "strides", "trainable", "use_bias", "weights"
    }),
    "Conv3D": frozenset({
        "activation", "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "bias_constraint",
        "bias_initializer", "bias_regularizer", "conv_op", "data_format", "dilation_rate", "dtype", "dynamic",
        "filters", "groups", "implementation", "input_dim", "input_shape", "kernel_constraint",
        "kernel_initializer", "kernel_regularizer", "kernel_size", "name", "padding", "rank", "strides",
        "trainable", "use_bias", "weights"
    }),
    "Conv3DTranspose": frozenset({
        "activation", "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "bias_constraint",
        "bias_initializer", "bias_regularizer", "conv_op", "data_format", "dilation_rate", "dtype", "dynamic",
        "filters", "groups", "implementation", "input_dim", "input_shape", "kernel_constraint",
        "kernel_initializer", "kernel_regularizer", "kernel_size", "name", "output_padding", "padding", "rank",
        "strides", "trainable", "use_bias", "weights"
    }),
    "ConvLSTM1D": frozenset({
        "activation", "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "bias_constraint",
        "bias_initializer", "bias_regularizer", "cell", "data_format", "dilation_rate", "dropout", "dtype",
        "dynamic", "filters", "go_backwards", "implementation", "input_dim", "input_length", "input_shape",
        "kernel_constraint", "kernel_initializer", "kernel_regularizer", "kernel_size", "name", "padding",
        "rank", "recurrent_activation", "recurrent_constraint", "recurrent_dropout", "recurrent_initializer",
        "recurrent_regularizer", "return_sequences", "return_state", "stateful", "strides", "time_major",
        "trainable", "unit_forget_bias", "unroll", "use_bias", "weights", "zero_output_for_mask"
    }),
    "ConvLSTM2D": frozenset({
        "activation", "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "bias_constraint",
        "bias_initializer", "bias_regularizer", "cell", "data_format", "dilation_rate", "dropout", "dtype",
        "dynamic", "filters", "go_backwards", "implementation", "input_dim", "input_length", "input_shape",
        "kernel_constraint", "kernel_initializer", "kernel_regularizer", "kernel_size", "name", "padding",
        "rank", "recurrent_activation", "recurrent_constraint", "recurrent_dropout", "recurrent_initializer",
        "recurrent_regularizer", "return_sequences", "return_state", "stateful", "strides", "time_major",
        "trainable", "unit_forget_bias", "unroll", "use_bias", "weights", "zero_output_for_mask"
    }),
    "ConvLSTM3D": frozenset({
        "activation", "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "bias_constraint",
        "bias_initializer", "bias_regularizer", "cell", "data_format", "dilation_rate", "dropout", "dtype",
        "dynamic", "filters", "go_backwards", "implementation", "input_dim", "input_length", "input_shape",
        "kernel_constraint", "kernel_initializer", "kernel_regularizer", "kernel_size", "name", "padding",
        "rank", "recurrent_activation", "recurrent_constraint", "recurrent_dropout", "recurrent_initializer",
        "recurrent_regularizer", "return_sequences", "return_state", "stateful", "strides", "time_major",
        "trainable", "unit_forget_bias", "unroll", "use_bias", "weights", "zero_output_for_mask"
    }),
    "Cropping1D": frozenset({
        "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "cropping", "dtype", "dynamic",
        "implementation", "input_dim", "input_shape", "name", "trainable", "weights"
    }),
    "Cropping2D": frozenset({
        "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "cropping", "data_format",
        "dtype", "dynamic", "implementation", "input_dim", "input_shape", "name", "trainable", "weights"
    }),
    "Cropping3D": frozenset({
        "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "cropping", "data_format",
        "dtype", "dynamic", "implementation", "input_dim", "input_shape", "name", "trainable", "weights"
    }),
    "Dense": frozenset({
        "activation", "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "bias_constraint",
        "bias_initializer", "bias_regularizer", "dtype", "dynamic", "implementation", "input_dim",
        "input_shape", "kernel_constraint", "kernel_initializer", "kernel_regularizer", "name", "trainable",
        "units", "use_bias", "weights"
    }),
    "DepthwiseConv1D": frozenset({
        "activation", "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "bias_constraint",
        "bias_initializer", "bias_regularizer", "conv_op", "data_format", "depth_multiplier",
        "depthwise_constraint", "depthwise_initializer", "depthwise_regularizer", "dilation_rate", "dtype",
        "dynamic", "filters", "groups", "implementation", "input_dim", "input_shape", "kernel_constraint",
        "kernel_initializer", "kernel_regularizer", "kernel_size", "name", "padding", "rank", "strides",
        "trainable", "use_bias", "weights"
    }),
    "DepthwiseConv2D": frozenset({
        "activation", "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "bias_constraint",
        "bias_initializer", "bias_regularizer", "conv_op", "data_format", "depth_multiplier",
        "depthwise_constraint", "depthwise_initializer", "depthwise_regularizer", "dilation_rate", "dtype",
        "dynamic", "filters", "groups", "implementation", "input_dim", "input_shape", "kernel_constraint",
        "kernel_initializer", "kernel_regularizer", "kernel_size", "name", "padding", "rank", "strides",
        "trainable", "use_bias", "weights"
    }),
    "Discretization": frozenset({
        "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "bin_boundaries", "bins",
        "dtype", "dynamic", "epsilon", "implementation", "input_dim", "input_shape", "name", "num_bins",
        "output_mode", "sparse", "trainable", "weights"
    }),
    "Dot": frozenset({
        "activity_regularizer", "autocast", "axes", "batch_input_shape", "batch_size", "dtype", "dynamic",
        "implementation", "input_dim", "input_shape", "name", "normalize", "trainable", "weights"
    }),
    "Dropout": frozenset({
        "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "dtype", "dynamic",
        "force_generator", "implementation", "input_dim", "input_shape", "name", "noise_shape", "rate",
        "rng_type", "seed", "trainable", "weights"
    }),
    "ELU": frozenset({
        "activity_regularizer", "alpha", "autocast", "batch_input_shape", "batch_size", "dtype", "dynamic",
        "implementation", "input_dim", "input_shape", "name", "trainable", "weights"
    }),
    "EinsumDense": frozenset({
        "activation", "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "bias_axes",
        "bias_constraint", "bias_initializer", "bias_regularizer", "dtype", "dynamic", "equation",
        "implementation", "input_dim", "input_shape", "kernel_constraint", "kernel_initializer",
        "kernel_regularizer", "name", "output_shape", "trainable", "weights"
    }),
    "Embedding": frozenset({
        "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "dtype", "dynamic",
        "embeddings_constraint", "embeddings_initializer", "embeddings_regularizer", "implementation",
        "input_dim", "input_length", "input_shape", "mask_zero", "name", "output_dim", "sparse", "trainable",
        "use_one_hot_matmul", "weights"
    }),
    "Flatten": frozenset({
        "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "data_format", "dtype",
        "dynamic", "implementation", "input_dim", "input_shape", "name", "trainable", "weights"
    }),
    "GRU": frozenset({
        "activation", "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "bias_constraint",
        "bias_initializer", "bias_regularizer", "cell", "dropout", "dtype", "dynamic", "enable_caching_device",
        "force_generator", "go_backwards", "implementation", "input_dim", "input_length", "input_shape",
        "kernel_constraint", "kernel_initializer", "kernel_regularizer", "name", "recurrent_activation",
        "recurrent_constraint", "recurrent_dropout", "recurrent_initializer", "recurrent_regularizer",
        "reset_after", "return_runtime", "return_sequences", "return_state", "rng_type", "seed", "stateful",
        "time_major", "trainable", "units", "unroll", "use_bias", "weights", "zero_output_for_mask"
    }),
    "GRUCell": frozenset({
        "activation", "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "bias_constraint",
        "bias_initializer", "bias_regularizer", "dropout", "dtype", "dynamic", "enable_caching_device",
        "force_generator", "implementation", "input_dim", "input_shape", "kernel_constraint",
        "kernel_initializer", "kernel_regularizer", "name", "recurrent_activation", "recurrent_constraint",
        "recurrent_dropout", "recurrent_initializer", "recurrent_regularizer", "reset_after", "rng_type",
        "seed", "trainable", "units", "use_bias", "weights"
    }),
    "GaussianDropout": frozenset({
        "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "dtype", "dynamic",
        "force_generator", "implementation", "input_dim", "input_shape", "name", "rate", "rng_type", "seed",
        "trainable", "weights"
    }),
    "GaussianNoise": frozenset({
        "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "dtype", "dynamic",
        "force_generator", "implementation", "input_dim", "input_shape", "name", "rng_type", "seed", "stddev",
        "trainable", "weights"
    }),
    "GlobalAveragePooling1D": frozenset({
        "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "data_format", "dtype",
        "dynamic", "implementation", "input_dim", "input_shape", "keepdims", "name", "trainable", "weights"
    }),
    "GlobalAveragePooling2D": frozenset({
        "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "data_format", "dtype",
        "dynamic", "implementation", "input_dim", "input_shape", "keepdims", "name", "trainable", "weights"
    }),
    "GlobalAveragePooling3D": frozenset({
        "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "data_format", "dtype",
        "dynamic", "implementation", "input_dim", "input_shape", "keepdims", "name", "trainable", "weights"
    }),
    "GlobalMaxPooling1D": frozenset({
        "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "data_format", "dtype",
        "dynamic", "implementation", "input_dim", "input_shape", "keepdims", "name", "trainable", "weights"
    }),
    "GlobalMaxPooling2D": frozenset({
        "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "data_format", "dtype",
        "dynamic", "implementation", "input_dim", "input_shape", "keepdims", "name", "trainable", "weights"
    }),
    "GlobalMaxPooling3D": frozenset({
        "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "data_format", "dtype",
        "dynamic", "implementation", "input_dim", "input_shape", "keepdims", "name", "trainable", "weights"
    }),
    "GroupNormalization": frozenset({
        "activity_regularizer", "autocast", "axis", "batch_input_shape", "batch_size", "beta_constraint",
        "beta_initializer", "beta_regularizer", "center", "dtype", "dynamic", "epsilon", "gamma_constraint",
        "gamma_initializer", "gamma_regularizer", "groups", "implementation", "input_dim", "input_shape",
        "name", "scale", "trainable", "weights"
    }),
    "Hashing": frozenset({
        "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "dtype", "dynamic",
        "implementation", "input_dim", "input_shape", "mask_value", "name", "num_bins", "output_mode", "salt",
        "sparse", "trainable", "weights"
    }),
    "Identity": frozenset({
        "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "dtype", "dynamic",
        "implementation", "input_dim", "input_shape", "name", "trainable", "weights"
    }),
    "IntegerLookup": frozenset({
        "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "dtype", "dynamic",
        "has_input_vocabulary", "has_static_table", "idf_weights", "implementation", "input_dim", "input_shape",
        "invert", "mask_token", "mask_value", "max_tokens", "max_values", "name", "num_oov_indices",
        "oov_token", "oov_value", "output_mode", "pad_to_max_tokens", "sparse", "trainable", "vocabulary",
        "vocabulary_dtype", "vocabulary_size", "weights"
    }),
    "LSTM": frozenset({
        "activation", "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "bias_constraint",
        "bias_initializer", "bias_regularizer", "cell", "dropout", "dtype", "dynamic", "enable_caching_device",
        "force_generator", "go_backwards", "implementation", "input_dim", "input_length", "input_shape",
        "kernel_constraint", "kernel_initializer", "kernel_regularizer", "name", "recurrent_activation",
        "recurrent_constraint", "recurrent_dropout", "recurrent_initializer", "recurrent_regularizer",
        "return_runtime", "return_sequences", "return_state", "rng_type", "seed", "stateful", "time_major",
        "trainable", "unit_forget_bias", "units", "unroll", "use_bias", "weights", "zero_output_for_mask"
    }),
    "LSTMCell": frozenset({
        "activation", "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "bias_constraint",
        "bias_initializer", "bias_regularizer", "dropout", "dtype", "dynamic", "enable_caching_device",
        "force_generator", "implementation", "input_dim", "input_shape", "kernel_constraint",
        "kernel_initializer", "kernel_regularizer", "name", "recurrent_activation", "recurrent_constraint",
        "recurrent_dropout", "recurrent_initializer", "recurrent_regularizer", "rng_type", "seed", "trainable",
        "unit_forget_bias", "units", "use_bias", "weights"
    }),
    "Lambda": frozenset({
        "activity_regularizer", "arguments", "autocast", "batch_input_shape", "batch_size", "dtype", "dynamic",
        "function", "implementation", "input_dim", "input_shape", "mask", "name", "output_shape", "trainable",
        "weights"
    }),
    "Layer": frozenset({
        "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "dtype", "dynamic",
        "implementation", "input_dim", "input_shape", "name", "trainable", "weights"
    }),
    "LayerNormalization": frozenset({
        "activity_regularizer", "autocast", "axis", "batch_input_shape", "batch_size", "beta_constraint",
        "beta_initializer", "beta_regularizer", "center", "dtype", "dynamic", "epsilon", "gamma_constraint",
        "gamma_initializer", "gamma_regularizer", "implementation", "input_dim", "input_shape", "name", "scale",
        "trainable", "weights"
    }),
    "LeakyReLU": frozenset({
        "activity_regularizer", "alpha", "autocast", "batch_input_shape", "batch_size", "dtype", "dynamic",
        "implementation", "input_dim", "input_shape", "name", "trainable", "weights"
    }),
    "LocallyConnected1D": frozenset({
        "activation", "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "bias_constraint",
        "bias_initializer", "bias_regularizer", "data_format", "dtype", "dynamic", "filters", "implementation",
        "input_dim", "input_shape", "kernel_constraint", "kernel_initializer", "kernel_regularizer",
        "kernel_size", "name", "padding", "strides", "trainable", "use_bias", "weights"
    }),
    "LocallyConnected2D": frozenset({
        "activation", "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "bias_constraint",
        "bias_initializer", "bias_regularizer", "data_format", "dtype", "dynamic", "filters", "implementation",
        "input_dim", "input_shape", "kernel_constraint", "kernel_initializer", "kernel_regularizer",
        "kernel_size", "name", "padding", "strides", "trainable", "use_bias", "weights"
    }),
    "Masking": frozenset({
        "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "dtype", "dynamic",
        "implementation", "input_dim", "input_shape", "mask_value", "name", "trainable", "weights"
    }),
    "MaxPooling1D": frozenset({
        "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "data_format", "dtype",
        "dynamic", "implementation", "input_dim", "input_shape", "name", "padding", "pool_function",
        "pool_size", "strides", "trainable", "weights"
    }),
    "MaxPooling2D": frozenset({
        "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "data_format", "dtype",
        "dynamic", "implementation", "input_dim", "input_shape", "name", "padding", "pool_function",
        "pool_size", "strides", "trainable", "weights"
    }),
    "MaxPooling3D": frozenset({
        "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "data_format", "dtype",
        "dynamic", "implementation", "input_dim", "input_shape", "name", "padding", "pool_function",
        "pool_size", "strides", "trainable", "weights"
    }),
    "Maximum": frozenset({
        "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "dtype", "dynamic",
        "implementation", "input_dim", "input_shape", "name", "trainable", "weights"
    }),
    "Minimum": frozenset({
        "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "dtype", "dynamic",
        "implementation", "input_dim", "input_shape", "name", "trainable", "weights"
    }),
    "MultiHeadAttention": frozenset({
        "activity_regularizer", "attention_axes", "autocast", "batch_input_shape", "batch_size",
        "bias_constraint", "bias_initializer", "bias_regularizer", "dropout", "dtype", "dynamic",
        "implementation", "input_dim", "input_shape", "kernel_constraint", "kernel_initializer",
        "kernel_regularizer", "key_dim", "name", "num_heads", "output_shape", "softmax_robust_masking",
        "trainable", "use_bias", "value_dim", "weights"
    }),
    "Multiply": frozenset({
        "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "dtype", "dynamic",
        "implementation", "input_dim", "input_shape", "name", "trainable", "weights"
    }),
    "Normalization": frozenset({
        "activity_regularizer", "autocast", "axis", "batch_input_shape", "batch_size", "dtype", "dynamic",
        "implementation", "input_dim", "input_shape", "invert", "mean", "name", "trainable", "variance",
        "weights"
    }),
    "PReLU": frozenset({
        "activity_regularizer", "alpha_constraint", "alpha_initializer", "alpha_regularizer", "autocast",
        "batch_input_shape", "batch_size", "dtype", "dynamic", "implementation", "input_dim", "input_shape",
        "name", "shared_axes", "trainable", "weights"
    }),
    "Permute": frozenset({
        "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "dims", "dtype", "dynamic",
        "implementation", "input_dim", "input_shape", "name", "trainable", "weights"
    }),
    "RNN": frozenset({
        "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "cell", "dtype", "dynamic",
        "go_backwards", "implementation", "input_dim", "input_length", "input_shape", "name",
        "return_sequences", "return_state", "stateful", "time_major", "trainable", "unroll", "weights",
        "zero_output_for_mask"
    }),
    "RandomBrightness": frozenset({
        "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "dtype", "dynamic", "factor",
        "force_generator", "implementation", "input_dim", "input_shape", "name", "rng_type", "seed",
        "trainable", "value_range", "weights"
    }),
    "RandomContrast": frozenset({
        "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "dtype", "dynamic", "factor",
        "force_generator", "implementation", "input_dim", "input_shape", "name", "rng_type", "seed",
        "trainable", "weights"
    }),
    "RandomCrop": frozenset({
        "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "dtype", "dynamic",
        "force_generator", "height", "implementation", "input_dim", "input_shape", "name", "rng_type", "seed",
        "trainable", "weights", "width"
    }),
    "RandomFlip": frozenset({
        "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "dtype", "dynamic",
        "force_generator", "implementation", "input_dim", "input_shape", "mode", "name", "rng_type", "seed",
        "trainable", "weights"
    }),
    "RandomRotation": frozenset({
        "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "dtype", "dynamic", "factor",
        "fill_mode", "fill_value", "force_generator", "implementation", "input_dim", "input_shape",
        "interpolation", "name", "rng_type", "seed", "trainable", "weights"
    }),
    "RandomTranslation": frozenset({
        "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "dtype", "dynamic", "fill_mode",
        "fill_value", "force_generator", "height_factor", "implementation", "input_dim", "input_shape",
        "interpolation", "name", "rng_type", "seed", "trainable", "weights", "width_factor"
    }),
    "RandomZoom": frozenset({
        "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "dtype", "dynamic", "fill_mode",
        "fill_value", "force_generator", "height_factor", "implementation", "input_dim", "input_shape",
        "interpolation", "name", "rng_type", "seed", "trainable", "weights", "width_factor"
    }),
    "ReLU": frozenset({
        "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "dtype", "dynamic",
        "implementation", "input_dim", "input_shape", "max_value", "name", "negative_slope", "threshold",
        "trainable", "weights"
    }),
    "RepeatVector": frozenset({
        "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "dtype", "dynamic",
        "implementation", "input_dim", "input_shape", "n", "name", "trainable", "weights"
    }),
    "Rescaling": frozenset({
        "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "dtype", "dynamic",
        "implementation", "input_dim", "input_shape", "name", "offset", "scale", "trainable", "weights"
    }),
    "Reshape": frozenset({
        "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "dtype", "dynamic",
        "implementation", "input_dim", "input_shape", "name", "target_shape", "trainable", "weights"
    }),
    "Resizing": frozenset({
        "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "crop_to_aspect_ratio", "dtype",
        "dynamic", "height", "implementation", "input_dim", "input_shape", "interpolation", "name", "trainable",
        "weights", "width"
    }),
    "SeparableConv1D": frozenset({
        "activation", "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "bias_constraint",
        "bias_initializer", "bias_regularizer", "conv_op", "data_format", "depth_multiplier",
        "depthwise_constraint", "depthwise_initializer", "depthwise_regularizer", "dilation_rate", "dtype",
        "dynamic", "filters", "groups", "implementation", "input_dim", "input_shape", "kernel_constraint",
        "kernel_initializer", "kernel_regularizer", "kernel_size", "name", "padding", "pointwise_constraint",
        "pointwise_initializer", "pointwise_regularizer", "rank", "strides", "trainable", "use_bias", "weights"
    }),
    "SeparableConv2D": frozenset({
        "activation", "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "bias_constraint",
        "bias_initializer", "bias_regularizer", "conv_op", "data_format", "depth_multiplier",
        "depthwise_constraint", "depthwise_initializer", "depthwise_regularizer", "dilation_rate", "dtype",
        "dynamic", "filters", "groups", "implementation", "input_dim", "input_shape", "kernel_constraint",
        "kernel_initializer", "kernel_regularizer", "kernel_size", "name", "padding", "pointwise_constraint",
        "pointwise_initializer", "pointwise_regularizer", "rank", "strides", "trainable", "use_bias", "weights"
    }),
    "SimpleRNN": frozenset({
        "activation", "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "bias_constraint",
        "bias_initializer", "bias_regularizer", "cell", "dropout", "dtype", "dynamic", "enable_caching_device",
        "go_backwards", "implementation", "input_dim", "input_length", "input_shape", "kernel_constraint",
        "kernel_initializer", "kernel_regularizer", "name", "recurrent_constraint", "recurrent_dropout",
        "recurrent_initializer", "recurrent_regularizer", "return_sequences", "return_state", "stateful",
        "time_major", "trainable", "units", "unroll", "use_bias", "weights", "zero_output_for_mask"
    }),
    "SimpleRNNCell": frozenset({
        "activation", "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "bias_constraint",
        "bias_initializer", "bias_regularizer", "dropout", "dtype", "dynamic", "enable_caching_device",
        "force_generator", "implementation", "input_dim", "input_shape", "kernel_constraint",
        "kernel_initializer", "kernel_regularizer", "name", "recurrent_constraint", "recurrent_dropout",
        "recurrent_initializer", "recurrent_regularizer", "rng_type", "seed", "trainable", "units", "use_bias",
        "weights"
    }),
    "Softmax": frozenset({
        "activity_regularizer", "autocast", "axis", "batch_input_shape", "batch_size", "dtype", "dynamic",
        "implementation", "input_dim", "input_shape", "name", "robust_masking", "trainable", "weights"
    }),
    "SpatialDropout1D": frozenset({
        "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "dtype", "dynamic",
        "force_generator", "implementation", "input_dim", "input_shape", "name", "noise_shape", "rate",
        "rng_type", "seed", "trainable", "weights"
    }),
    "SpatialDropout2D": frozenset({
        "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "data_format", "dtype",
        "dynamic", "force_generator", "implementation", "input_dim", "input_shape", "name", "noise_shape",
        "rate", "rng_type", "seed", "trainable", "weights"
    }),
    "SpatialDropout3D": frozenset({
        "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "data_format", "dtype",
        "dynamic", "force_generator", "implementation", "input_dim", "input_shape", "name", "noise_shape",
        "rate", "rng_type", "seed", "trainable", "weights"
    }),
    "StackedRNNCells": frozenset({
        "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "cells", "dtype", "dynamic",
        "implementation", "input_dim", "input_shape", "name", "reverse_state_order", "trainable", "weights"
    }),
    "StringLookup": frozenset({
        "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "dtype", "dynamic", "encoding",
        "has_input_vocabulary", "has_static_table", "idf_weights", "implementation", "input_dim", "input_shape",
        "invert", "mask_token", "max_tokens", "name", "num_oov_indices", "oov_token", "output_mode",
        "pad_to_max_tokens", "sparse", "trainable", "vocabulary", "vocabulary_dtype", "vocabulary_size",
        "weights"
    }),
    "Subtract": frozenset({
        "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "dtype", "dynamic",
        "implementation", "input_dim", "input_shape", "name", "trainable", "weights"
    }),
    "TextVectorization": frozenset({
        "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "dtype", "dynamic", "encoding",
        "has_input_vocabulary", "idf_weights", "implementation", "input_dim", "input_shape", "max_tokens",
        "name", "ngrams", "output_mode", "output_sequence_length", "pad_to_max_tokens", "ragged", "sparse",
        "split", "standardize", "trainable", "vocabulary", "vocabulary_size", "weights"
    }),
    "ThresholdedReLU": frozenset({
        "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "dtype", "dynamic",
        "implementation", "input_dim", "input_shape", "name", "theta", "trainable", "weights"
    }),
    "TimeDistributed": frozenset({
        "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "dtype", "dynamic",
        "implementation", "input_dim", "input_shape", "layer", "name", "trainable", "weights"
    }),
    "UnitNormalization": frozenset({
        "activity_regularizer", "autocast", "axis", "batch_input_shape", "batch_size", "dtype", "dynamic",
        "implementation", "input_dim", "input_shape", "name", "trainable", "weights"
    }),
    "UpSampling1D": frozenset({
        "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "dtype", "dynamic",
        "implementation", "input_dim", "input_shape", "name", "size", "trainable", "weights"
    }),
    "UpSampling2D": frozenset({
        "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "data_format", "dtype",
        "dynamic", "implementation", "input_dim", "input_shape", "interpolation", "name", "size", "trainable",
        "weights"
    }),
    "UpSampling3D": frozenset({
        "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "data_format", "dtype",
        "dynamic", "implementation", "input_dim", "input_shape", "name", "size", "trainable", "weights"
    }),
    "Wrapper": frozenset({
        "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "dtype", "dynamic",
        "implementation", "input_dim", "input_shape", "layer", "name", "trainable", "weights"
    }),
    "ZeroPadding1D": frozenset({
        "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "dtype", "dynamic",
        "implementation", "input_dim", "input_shape", "name", "padding", "trainable", "weights"
    }),
    "ZeroPadding2D": frozenset({
        "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "data_format", "dtype",
        "dynamic", "implementation", "input_dim", "input_shape", "name", "padding", "trainable", "weights"
    }),
    "ZeroPadding3D": frozenset({
        "activity_regularizer", "autocast", "batch_input_shape", "batch_size", "data_format", "dtype",
        "dynamic", "implementation", "input_dim", "input_shape", "name", "padding", "trainable", "weights"
    }),
}

# required constructor parameters: class -> ((parameter, position or None if keyword-only), ...)
KERAS3_REQUIRED: dict[str, tuple[tuple[str, int | None], ...]] = {
    "Activation": (("activation", 0),),
    "AdaptiveAveragePooling1D": (("output_size", 0),),
    "AdaptiveAveragePooling2D": (("output_size", 0),),
    "AdaptiveAveragePooling3D": (("output_size", 0),),
    "AdaptiveMaxPooling1D": (("output_size", 0),),
    "AdaptiveMaxPooling2D": (("output_size", 0),),
    "AdaptiveMaxPooling3D": (("output_size", 0),),
    "AlphaDropout": (("rate", 0),),
    "AveragePooling1D": (("pool_size", 0),),
    "AveragePooling2D": (("pool_size", 0),),
    "AveragePooling3D": (("pool_size", 0),),
    "Bidirectional": (("layer", 0),),
    "CenterCrop": (("height", 0), ("width", 1)),
    "Conv1D": (("filters", 0), ("kernel_size", 1)),
    "Conv1DTranspose": (("filters", 0), ("kernel_size", 1)),
    "Conv2D": (("filters", 0), ("kernel_size", 1)),
    "Conv2DTranspose": (("filters", 0), ("kernel_size", 1)),
    "Conv3D": (("filters", 0), ("kernel_size", 1)),
    "Conv3DTranspose": (("filters", 0), ("kernel_size", 1)),
    "ConvLSTM1D": (("filters", 0), ("kernel_size", 1)),
    "ConvLSTM2D": (("filters", 0), ("kernel_size", 1)),
    "ConvLSTM3D": (("filters", 0), ("kernel_size", 1)),
    "Dense": (("units", 0),),
    "DepthwiseConv1D": (("kernel_size", 0),),
    "DepthwiseConv2D": (("kernel_size", 0),),
    "Dot": (("axes", 0),),
    "Dropout": (("rate", 0),),
    "EinsumDense": (("equation", 0), ("output_shape", 1)),
    "Embedding": (("input_dim", 0), ("output_dim", 1)),
    "GRU": (("units", 0),),
    "GRUCell": (("units", 0),),
    "GaussianDropout": (("rate", 0),),
    "GaussianNoise": (("stddev", 0),),
    "Hashing": (("num_bins", 0),),
    "LSTM": (("units", 0),),
    "LSTMCell": (("units", 0),),
    "Lambda": (("function", 0),),
    "MultiHeadAttention": (("num_heads", 0), ("key_dim", 1)),
    "Permute": (("dims", 0),),
    "RNN": (("cell", 0),),
    "RandomBrightness": (("factor", 0),),
    "RandomColorDegeneration": (("factor", 0),),
    "RandomContrast": (("factor", 0),),
    "RandomCrop": (("height", 0), ("width", 1)),
    "RandomHue": (("factor", 0),),
    "RandomPosterization": (("factor", 0),),
    "RandomRotation": (("factor", 0),),
    "RandomSaturation": (("factor", 0),),
    "RandomSharpness": (("factor", 0),),
    "RandomTranslation": (("height_factor", 0), ("width_factor", 1)),
    "RandomZoom": (("height_factor", 0),),
    "RepeatVector": (("n", 0),),
    "Rescaling": (("scale", 0),),
    "Reshape": (("target_shape", 0),),
    "Resizing": (("height", 0), ("width", 1)),
    "SeparableConv1D": (("filters", 0), ("kernel_size", 1)),
    "SeparableConv2D": (("filters", 0), ("kernel_size", 1)),
    "SimpleRNN": (("units", 0),),
    "SimpleRNNCell": (("units", 0),),
    "SpatialDropout1D": (("rate", 0),),
    "SpatialDropout2D": (("rate", 0),),
    "SpatialDropout3D": (("rate", 0),),
    "StackedRNNCells": (("cells", 0),),
    "TFSMLayer": (("filepath", 0),),
    "TimeDistributed": (("layer", 0),),
    "Wrapper": (("layer", 0),),
}

KERAS2_REQUIRED: dict[str, tuple[tuple[str, int | None], ...]] = {
    "Activation": (("activation", 0),),
    "AlphaDropout": (("rate", 0),),
    "Bidirectional": (("layer", 0),),
    "CenterCrop": (("height", 0), ("width", 1)),
    "Conv1D": (("filters", 0), ("kernel_size", 1)),
    "Conv1DTranspose": (("filters", 0), ("kernel_size", 1)),
    "Conv2D": (("filters", 0), ("kernel_size", 1)),
    "Conv2DTranspose": (("filters", 0), ("kernel_size", 1)),
    "Conv3D": (("filters", 0), ("kernel_size", 1)),
    "Conv3DTranspose": (("filters", 0), ("kernel_size", 1)),
    "ConvLSTM1D": (("filters", 0), ("kernel_size", 1)),
    "ConvLSTM2D": (("filters", 0), ("kernel_size", 1)),
    "ConvLSTM3D": (("filters", 0), ("kernel_size", 1)),
    "Dense": (("units", 0),),
    "DepthwiseConv1D": (("kernel_size", 0),),
    "DepthwiseConv2D": (("kernel_size", 0),),
    "Dot": (("axes", 0),),
    "Dropout": (("rate", 0),),
    "EinsumDense": (("equation", 0), ("output_shape", 1)),
    "Embedding": (("input_dim", 0), ("output_dim", 1)),
    "GRU": (("units", 0),),
    "GRUCell": (("units", 0),),
    "GaussianDropout": (("rate", 0),),
    "GaussianNoise": (("stddev", 0),),
    "Hashing": (("num_bins", 0),),
    "LSTM": (("units", 0),),
    "LSTMCell": (("units", 0),),
    "Lambda": (("function", 0),),
    "LocallyConnected1D": (("filters", 0), ("kernel_size", 1)),
    "LocallyConnected2D": (("filters", 0), ("kernel_size", 1)),
    "MultiHeadAttention": (("num_heads", 0), ("key_dim", 1)),
    "Permute": (("dims", 0),),
    "RNN": (("cell", 0),),
    "RandomBrightness": (("factor", 0),),
    "RandomContrast": (("factor", 0),),
    "RandomCrop": (("height", 0), ("width", 1)),
    "RandomRotation": (("factor", 0),),
    "RandomTranslation": (("height_factor", 0), ("width_factor", 1)),
    "RandomZoom": (("height_factor", 0),),
    "RepeatVector": (("n", 0),),
    "Rescaling": (("scale", 0),),
    "Reshape": (("target_shape", 0),),
    "Resizing": (("height", 0), ("width", 1)),
    "SeparableConv1D": (("filters", 0), ("kernel_size", 1)),
    "SeparableConv2D": (("filters", 0), ("kernel_size", 1)),
    "SimpleRNN": (("units", 0),),
    "SimpleRNNCell": (("units", 0),),
    "SpatialDropout1D": (("rate", 0),),
    "SpatialDropout2D": (("rate", 0),),
    "SpatialDropout3D": (("rate", 0),),
    "StackedRNNCells": (("cells", 0),),
    "TimeDistributed": (("layer", 0),),
    "Wrapper": (("layer", 0),),
}

# the literal default one version gives a parameter the other requires (Python source)
KERAS3_DEFAULTS: dict[str, dict[str, str]] = {}

KERAS2_DEFAULTS: dict[str, dict[str, str]] = {
    "AveragePooling1D": {"pool_size": "2"},
    "AveragePooling2D": {"pool_size": "(2, 2)"},
    "AveragePooling3D": {"pool_size": "(2, 2, 2)"},
}
