"""The TensorFlow shape functions real Lambdas and custom layers apply to Keras tensors (issue
10), with the shape Keras gives for each: ``t`` is a Keras tensor of shape ``(None, 6, 4)``
inside a ``Lambda``. Every shape was measured with tensorflow 2.21 / keras 3.15.1 / tf_keras
2.21 (``tests/test_tfops_keras.py`` builds them again); ``tests/test_tfops.py`` checks
lstmlint against the table without TensorFlow."""

from __future__ import annotations

HEAD3 = """
import keras
from keras import layers, ops
import tensorflow as tf
x = keras.Input((6, 4))
"""

HEAD2 = """
import tf_keras as keras
from tf_keras import layers
from tf_keras import backend as K
import tensorflow as tf
x = keras.Input((6, 4))
"""

# the same in both Kerases
BOTH: list[tuple[str, str]] = [
    # sizes read from the tensor's own shape: an int, or None for the batch
    ("tf.reshape(t, (tf.shape(t)[0], -1, 8))", "(None, None, 8)"),
    ("tf.reshape(t, [tf.shape(t)[0], tf.shape(t)[1], 2, 2])", "(None, 6, 2, 2)"),
    ("tf.reshape(t, (tf.shape(t)[0], 5, 5))", "(None, 5, 5)"),  # TensorFlow checks nothing here
    ("tf.reshape(t, tf.concat([tf.shape(t)[:1], [24]], 0))", "(None, 24)"),
    ("tf.reshape(t, tf.stack([tf.shape(t)[0], 24]))", "(None, 24)"),
    ("tf.reshape(t, tf.shape(t))", "(None, 6, 4)"),
    ("t + tf.zeros((tf.shape(t)[0], tf.shape(t)[1], 1))", "(None, 6, 4)"),
    ("tf.ones((tf.shape(t)[0], 3))", "(None, 3)"),
    ("tf.random.normal((tf.shape(t)[0], 4))", "(None, 4)"),
    ("tf.fill((tf.shape(t)[0], 2), 1.0)", "(None, 2)"),
    ("tf.cast(tf.range(tf.shape(t)[1]), 'float32')[None, :, None] + t", "(None, 6, 4)"),
    ("tf.range(0, tf.shape(t)[1], 2)", "(3,)"),
    ("tf.range(tf.shape(t)[0])", "(None,)"),
    ("t * tf.cast(tf.shape(t)[0], 'float32')", "(None, 6, 4)"),
    # the functions themselves
    ("tf.reverse(t, axis=[1])", "(None, 6, 4)"),
    ("tf.gather(t, [0, 2], axis=1)", "(None, 2, 4)"),
    ("tf.gather(t, 1, axis=2)", "(None, 6)"),
    ("tf.gather(t, [[0, 1], [2, 3]], axis=1)", "(None, 2, 2, 4)"),
    ("tf.gather(t, tf.range(3), axis=1)", "(None, 3, 4)"),
    ("tf.slice(t, [0, 1, 0], [-1, 3, 2])", "(None, 3, 2)"),
    ("tf.slice(t, [0, 2, 1], [-1, -1, -1])", "(None, 4, 3)"),
    ("tf.pad(t, [[0, 0], [1, 2], [0, 0]])", "(None, 9, 4)"),
    ("tf.pad(t, [[0, 0], [1, 1], [2, 0]], mode='REFLECT')", "(None, 8, 6)"),
    ("tf.one_hot(tf.cast(t, 'int32'), 5)", "(None, 6, 4, 5)"),
    ("tf.one_hot(tf.cast(t[:, :, 0], 'int32'), 3, axis=1)", "(None, 3, 6)"),
    ("tf.where(t > 0, t, tf.zeros_like(t))", "(None, 6, 4)"),
    ("tf.where(t > 0, t, 0.0)", "(None, 6, 4)"),
    ("tf.norm(t, axis=-1)", "(None, 6)"),
    ("tf.norm(t, axis=1, keepdims=True)", "(None, 1, 4)"),
    ("tf.einsum('bij,bkj->bik', t, t)", "(None, 6, 6)"),
    ("tf.einsum('bij->bj', t)", "(None, 4)"),
    ("tf.einsum('bij,jk->bik', t, tf.ones((4, 3)))", "(None, 6, 3)"),
    ("tf.tensordot(t, tf.ones((4, 3)), axes=1)", "(None, 6, 3)"),
    ("tf.tensordot(t, tf.ones((6, 4, 2)), axes=[[1, 2], [0, 1]])", "(None, 2)"),
    ("tf.sequence_mask(tf.cast(t[:, 0, 0], 'int32'), 5)", "(None, 5)"),
    ("tf.nn.bias_add(t, tf.zeros((4,)))", "(None, 6, 4)"),
    ("tf.nn.embedding_lookup(tf.ones((10, 3)), tf.cast(t, 'int32'))", "(None, 6, 4, 3)"),
    ("tf.broadcast_to(t[:, :1], (2, 6, 4))", "(2, 6, 4)"),
    ("tf.roll(t, shift=1, axis=1)", "(None, 6, 4)"),
    ("tf.unstack(t, axis=1)[0]", "(None, 4)"),
    ("tf.math.reduce_mean(t, axis=1)", "(None, 4)"),
    ("tf.linalg.matmul(t, t, transpose_a=True)", "(None, 4, 4)"),
    ("tf.math.maximum(t, 0.0)", "(None, 6, 4)"),
    ("tf.clip_by_norm(t, 1.0)", "(None, 6, 4)"),
    ("tf.sort(t, axis=1)", "(None, 6, 4)"),
    ("tf.gather_nd(t, [[0, 1], [2, 3]])", "(2, 4)"),
    ("tf.gather_nd(t, tf.zeros((5, 2), 'int32'))", "(5, 4)"),
    ("tf.gather_nd(t, tf.cast(t[:, :, :2], 'int32'), batch_dims=1)", "(None, 6)"),
    ("tf.tensor_scatter_nd_update(t, [[0]], tf.zeros((1, 6, 4)))", "(None, 6, 4)"),
    ("tf.boolean_mask(t, t[:, :, 0] > 0)", "(None, 4)"),  # as many rows as are true
    ("tf.boolean_mask(t, t > 0)", "(None,)"),
    ("tf.math.top_k(t, k=2)[0]", "(None, 6, 2)"),
    ("tf.argmax(t)", "(6, 4)"),  # TensorFlow's default axis is 0
    ("tf.argmax(t, axis=-1)", "(None, 6)"),
    ("tf.argmin(t, 1)", "(None, 4)"),
    ("tf.repeat(t, 2, axis=1)", "(None, 12, 4)"),
    ("tf.cast(tf.rank(t), 'float32') * t", "(None, 6, 4)"),
    ("tf.math.cumsum(t, axis=1)", "(None, 6, 4)"),
    ("tf.nn.moments(t, axes=[1])[0]", "(None, 4)"),
    ("tf.linalg.band_part(tf.ones((6, 6)), -1, 0)", "(6, 6)"),
]

# Keras 3: ``keras.ops``
KERAS3: list[tuple[str, str]] = [
    ("ops.take(t, [0, 2], axis=1)", "(None, 2, 4)"),
    ("ops.take(t, [[0, 1]])", "(1, 2)"),
    ("ops.pad(t, [[0, 0], [1, 2], [0, 0]])", "(None, 9, 4)"),
    ("ops.one_hot(ops.cast(t, 'int32'), 5)", "(None, 6, 4, 5)"),
    ("ops.where(t > 0, t, 0.0)", "(None, 6, 4)"),
    ("ops.norm(t, axis=-1)", "(None, 6)"),
    ("ops.einsum('bij,bkj->bik', t, t)", "(None, 6, 6)"),
    ("ops.tensordot(t, ops.ones((4, 3)), axes=1)", "(None, 6, 3)"),
    ("ops.broadcast_to(t[:, :1], (2, 6, 4))", "(2, 6, 4)"),
    ("ops.arange(ops.shape(t)[1])", "(6,)"),
    ("ops.unstack(t, axis=2)[1]", "(None, 6)"),
]

# Keras 2: ``keras.backend``
KERAS2: list[tuple[str, str]] = [
    ("K.reshape(t, (K.shape(t)[0], -1))", "(None, None)"),
    ("K.reshape(t, (K.shape(t)[0], 3, 8))", "(None, 3, 8)"),
    ("t + K.random_normal(shape=(K.shape(t)[0], K.int_shape(t)[1], 4))", "(None, 6, 4)"),
    ("K.gather(t, [0, 1])", "(2, 6, 4)"),
    ("K.one_hot(K.cast(t[:, :, 0], 'int32'), 7)", "(None, 6, 7)"),
    ("K.bias_add(t, tf.zeros((4,)))", "(None, 6, 4)"),
    ("K.reshape(t, K.stack([K.shape(t)[0], 24]))", "(None, 24)"),
]


def lambda_code(head: str, expr: str) -> str:
    """A program applying ``Lambda(lambda t: expr)`` to ``x``; the result is ``out``."""
    return head + f"out = layers.Lambda(lambda t: {expr})(x)\n"
