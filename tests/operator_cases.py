"""Arithmetic on Keras tensors whose shapes cannot broadcast (issue 10, LST110): each case is a
whole program whose last line (or the line marked ``# here``) is the operation, with what lstmlint must report there (``LST110``,
another code, or ``None`` for nothing). ``tests/test_operator_broadcast.py`` checks lstmlint
against the table without TensorFlow; ``tests/test_operator_broadcast_keras.py`` runs every
program in real Keras 3 / tf_keras 2.21: Keras raises exactly on that line of each case
with a code, and runs every case without one. Measured with tensorflow 2.21 / keras 3.15.1 /
tf_keras 2.21."""

from __future__ import annotations

HEAD3 = """\
import keras
import numpy as np
import tensorflow as tf
from keras import layers, ops

a = keras.Input(shape=(10, 32))
b = keras.Input(shape=(10, 64))
"""

HEAD2 = """\
import numpy as np
import tensorflow as tf
import tf_keras as keras
from tf_keras import backend as K
from tf_keras import layers

a = keras.Input(shape=(10, 32))
b = keras.Input(shape=(10, 64))
"""

POSITIONS = """
class PositionalEmbedding(layers.Layer):
    def __init__(self, width, position_width):
        super().__init__()
        self.tokens = layers.Embedding(100, width)
        self.positions = layers.Embedding(20, position_width)

    def call(self, inputs):
        positions = tf.range(start=0, limit=tf.shape(inputs)[-1], delta=1)
        return self.tokens(inputs) + self.positions(positions)  # here

"""

# (id, program, the code lstmlint reports on the last line or None)
CASES: list[tuple[str, str, str | None]] = [
    # Keras 3, functional-model level
    ("k3-add-widths", HEAD3 + "out = a + keras.Input(shape=(10, 16))\n", "LST110"),
    ("k3-mul", HEAD3 + "out = a * b\n", "LST110"),
    ("k3-sub", HEAD3 + "out = a - b\n", "LST110"),
    ("k3-div", HEAD3 + "out = a / b\n", "LST110"),
    ("k3-augassign", HEAD3 + "a += b\n", "LST110"),
    ("k3-time-axis", HEAD3 + "out = a + keras.Input(shape=(5, 32))\n", "LST110"),
    ("k3-none-time-other-width", HEAD3 + "out = a + keras.Input(shape=(None, 16))\n", "LST110"),
    ("k3-one-time-other-width", HEAD3 + "out = a + keras.Input(shape=(1, 16))\n", "LST110"),
    ("k3-vector-other-width", HEAD3 + "out = a + keras.Input(shape=(16,))\n", "LST110"),
    (
        "k3-batch",
        HEAD3 + "out = keras.Input(batch_shape=(4, 10, 32)) + keras.Input(batch_shape=(8, 10, 32))\n",
        "LST110",
    ),
    ("k3-ops-add", HEAD3 + "out = ops.add(a, b)\n", "LST110"),
    ("k3-ops-subtract", HEAD3 + "out = ops.subtract(a, b)\n", "LST110"),
    ("k3-ops-multiply", HEAD3 + "out = keras.ops.multiply(x1=a, x2=b)\n", "LST110"),
    ("k3-ops-maximum", HEAD3 + "out = ops.maximum(a, b)\n", "LST110"),
    ("k3-array", HEAD3 + "out = a + np.zeros((10, 16), 'float32')\n", "LST110"),
    (
        "k3-position-embedding",
        HEAD3
        + "tokens = layers.Embedding(100, 32)(keras.Input(shape=(20,)))\n"
        + "positions = layers.Embedding(20, 16)(ops.arange(20))\n"
        + "out = tokens + positions\n",
        "LST110",
    ),
    ("k3-tf-add-symbolic", HEAD3 + "out = tf.add(a, b)\n", "LST407"),  # Keras 3 refuses tf.* first
    # Keras 3, traced code
    ("k3-lambda-operator", HEAD3 + "out = layers.Lambda(lambda z: z[0] + z[1])([a, b])\n", "LST110"),
    ("k3-lambda-tf-add", HEAD3 + "out = layers.Lambda(lambda z: tf.add(z[0], z[1]))([a, b])\n", "LST110"),
    ("k3-lambda-ops-multiply", HEAD3 + "out = layers.Lambda(lambda z: ops.multiply(z[0], z[1]))([a, b])\n", "LST110"),
    (
        "k3-custom-layer",
        HEAD3 + POSITIONS + "out = PositionalEmbedding(32, 16)(keras.Input(shape=(20,)))\n",
        "LST110",
    ),
    # Keras 3 builds these
    ("k3-same", HEAD3 + "out = a + keras.Input(shape=(10, 32))\n", None),
    ("k3-none-time", HEAD3 + "out = a + keras.Input(shape=(None, 32))\n", None),
    ("k3-ones", HEAD3 + "out = a * keras.Input(shape=(1, 1))\n", None),
    ("k3-vector-same-width", HEAD3 + "out = a + keras.Input(shape=(32,))\n", None),
    ("k3-scalars", HEAD3 + "out = (a + 1.0) * 2 - a / 3\n", None),
    ("k3-none-width", HEAD3 + "out = keras.Input(shape=(10, None)) + b\n", None),
    ("k3-array-broadcasts", HEAD3 + "out = a + np.zeros((10, 1), 'float32')\n", None),
    ("k3-ops-add-ok", HEAD3 + "out = ops.add(a, keras.Input(shape=(10, 32)))\n", None),
    (
        "k3-lambda-output-shape",  # Keras 3 does not run the function: it builds
        HEAD3 + "out = layers.Lambda(lambda z: z[0] + z[1], output_shape=(10, 32))([a, b])\n",
        None,
    ),
    (
        "k3-position-embedding-same",
        HEAD3
        + "tokens = layers.Embedding(100, 32)(keras.Input(shape=(20,)))\n"
        + "positions = layers.Embedding(20, 32)(ops.arange(20))\n"
        + "out = tokens + positions\n",
        None,
    ),
    ("k3-custom-layer-same", HEAD3 + POSITIONS + "out = PositionalEmbedding(32, 32)(keras.Input(shape=(20,)))\n", None),
    (
        "k3-named-sizes",
        HEAD3
        + "import os\n"
        + "n, m = int(os.environ.get('STEPS', '10')), int(os.environ.get('FRAMES', '10'))\n"
        + "out = keras.Input(shape=(n, 32)) + keras.Input(shape=(m, 32))\n",
        None,
    ),
    # Keras 2 (tf_keras): operators and TensorFlow functions go through TFOpLambda and raise
    ("k2-add-widths", HEAD2 + "out = a + keras.Input(shape=(10, 16))\n", "LST110"),
    ("k2-mul", HEAD2 + "out = a * b\n", "LST110"),
    ("k2-augassign", HEAD2 + "a += b\n", "LST110"),
    ("k2-tf-add", HEAD2 + "out = tf.add(a, b)\n", "LST110"),
    ("k2-tf-multiply", HEAD2 + "out = tf.multiply(a, b)\n", "LST110"),
    ("k2-tf-math-maximum", HEAD2 + "out = tf.math.maximum(a, b)\n", "LST110"),
    ("k2-backend-maximum", HEAD2 + "out = K.maximum(a, b)\n", "LST110"),
    ("k2-array", HEAD2 + "out = a + np.zeros((10, 16), 'float32')\n", "LST110"),
    (
        "k2-lambda-output-shape",  # Keras 2 runs the function even with output_shape
        HEAD2 + "out = layers.Lambda(lambda z: z[0] + z[1], output_shape=(10, 32))([a, b])\n",
        "LST110",
    ),
    ("k2-custom-layer", HEAD2 + POSITIONS + "out = PositionalEmbedding(32, 16)(keras.Input(shape=(20,)))\n", "LST110"),
    ("k2-same", HEAD2 + "out = a + keras.Input(shape=(10, 32))\n", None),
    ("k2-vector-same-width", HEAD2 + "out = a + keras.Input(shape=(32,))\n", None),
    ("k2-none-time", HEAD2 + "out = tf.add(a, keras.Input(shape=(None, 32)))\n", None),
    ("k2-custom-layer-same", HEAD2 + POSITIONS + "out = PositionalEmbedding(32, 32)(keras.Input(shape=(20,)))\n", None),
]


def error_line(program: str) -> int:
    """Where the error is (and where Keras raises): the line marked ``# here`` (the operation
    inside a custom layer's ``call``), else the last line."""
    lines = program.rstrip("\n").splitlines()
    marked = [i for i, line in enumerate(lines, 1) if line.endswith("# here")]
    return marked[0] if marked else len(lines)
