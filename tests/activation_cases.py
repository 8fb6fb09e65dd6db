"""Activation functions applied to a Keras tensor as functions, not layers (issue 10:
``tf.keras.activations.relu(t)`` in d2l): ``t`` is a Keras tensor of shape ``(None, 6, 4)``,
``out`` the result. Every shape was measured with tensorflow 2.21 / keras 3.15.1 / tf_keras 2.21
(``tests/test_activations_keras.py`` builds them again; ``tests/test_activations.py`` checks
lstmlint against the table without TensorFlow). ``None`` as the shape: lstmlint does not follow
the call (the output stays unknown), and Keras refuses it (``REFUSED``) or changes the shape in
a way not covered."""

from __future__ import annotations

HEAD3 = """
import keras
from keras import activations, ops
from keras import backend as K
import tensorflow as tf
t = keras.Input((6, 4))
"""

HEAD2 = """
import tensorflow as tf
import tf_keras as keras
from tf_keras import activations
from tf_keras import backend as K
t = keras.Input((6, 4))
"""

SAME = "(None, 6, 4)"

KERAS3: list[tuple[str, str | None]] = [
    *[
        (f"activations.{name}(t)", SAME)
        for name in (
            "relu",
            "relu6",
            "leaky_relu",
            "elu",
            "selu",
            "celu",
            "gelu",
            "silu",
            "swish",
            "sigmoid",
            "hard_sigmoid",
            "log_sigmoid",
            "sparse_sigmoid",
            "tanh",
            "tanh_shrink",
            "hard_tanh",
            "hard_shrink",
            "soft_shrink",
            "softplus",
            "softsign",
            "sparse_plus",
            "squareplus",
            "exponential",
            "linear",
            "softmax",
            "log_softmax",
        )
    ],
    ("keras.activations.relu(t, negative_slope=0.1, max_value=6.0)", SAME),
    ("activations.threshold(t, 0.5, 0.0)", SAME),
    ("activations.softmax(t, axis=1)", SAME),
    ("activations.log_softmax(t, axis=-3)", SAME),
    ("activations.get('relu')(t)", SAME),
    ("activations.get('softmax')(t)", SAME),
    *[
        (f"ops.{name}(t)", SAME)
        for name in (
            "relu",
            "relu6",
            "sigmoid",
            "softplus",
            "softsign",
            "silu",
            "swish",
            "log_sigmoid",
            "leaky_relu",
            "hard_sigmoid",
            "hard_silu",
            "hard_swish",
            "elu",
            "selu",
            "gelu",
            "celu",
            "softmax",
            "log_softmax",
            "sparsemax",
            "squareplus",
            "tanh_shrink",
            "hard_tanh",
            "soft_shrink",
            "hard_shrink",
            "sparse_plus",
            "sparse_sigmoid",
            "tanh",
            "erf",
            "erfinv",
        )
    ],
    ("ops.softmax(t, axis=1)", SAME),
    ("ops.threshold(t, 0.5, 0.0)", SAME),
]

# Keras 3 refuses these on a Keras tensor under the TensorFlow backend (they call TensorFlow
# itself: "A KerasTensor cannot be used as input to a TensorFlow function"), or the axis is out
# of range: lstmlint leaves the result unknown
KERAS3_REFUSED: list[str] = [
    "activations.hard_silu(t)",
    "activations.hard_swish(t)",
    "activations.mish(t)",
    "activations.sparsemax(t)",
    "activations.softmax(t, axis=3)",
    "ops.log_softmax(t, axis=-4)",
]

KERAS2: list[tuple[str, str | None]] = [
    *[
        (f"activations.{name}(t)", SAME)
        for name in (
            "relu",
            "elu",
            "selu",
            "gelu",
            "swish",
            "sigmoid",
            "hard_sigmoid",
            "tanh",
            "softplus",
            "softsign",
            "exponential",
            "linear",
            "mish",
            "softmax",
        )
    ],
    ("keras.activations.relu(t, alpha=0.1, max_value=6.0)", SAME),
    ("activations.softmax(t, axis=1)", SAME),
    ("activations.get('relu')(t)", SAME),
    ("activations.get('tanh')(t)", SAME),
    *[
        (f"K.{name}(t)", SAME)
        for name in ("relu", "sigmoid", "softmax", "tanh", "elu", "softplus", "softsign", "hard_sigmoid")
    ],
    *[
        (f"tf.nn.{name}(t)", SAME)
        for name in (
            "relu",
            "relu6",
            "elu",
            "selu",
            "gelu",
            "silu",
            "swish",
            "leaky_relu",
            "softplus",
            "softsign",
            "sigmoid",
            "tanh",
            "softmax",
            "log_softmax",
        )
    ],
    *[
        (f"tf.math.{name}(t)", SAME)
        for name in (
            "log_sigmoid",
            "erf",
            "erfc",
            "erfinv",
            "lgamma",
            "digamma",
            "ndtri",
            "asin",
            "acos",
            "atan",
            "sinh",
            "cosh",
            "asinh",
            "acosh",
            "atanh",
            "rint",
            "is_finite",
            "is_inf",
            "bessel_i0",
        )
    ],
    ("tf.nn.softmax(t, axis=1)", SAME),
    ("tf.nn.crelu(t)", "(None, 6, 8)"),
    ("tf.nn.crelu(t, axis=1)", "(None, 12, 4)"),
]

# tf_keras refuses these (TensorFlow: "`dim` must be in the range [-3, 3)"): unknown in lstmlint
KERAS2_REFUSED: list[str] = [
    "activations.softmax(t, axis=3)",
    "tf.nn.softmax(t, axis=-4)",
]


def program(head: str, expr: str) -> str:
    return head + f"out = {expr}\n"
