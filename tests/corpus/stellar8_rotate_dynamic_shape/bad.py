"""A rotation layer in the style of stellargraph's RotE: the embedding's even and odd
coordinates are rotated by the angles `theta` (half as wide), interleaved again and reshaped
to `tf.maximum(tf.shape(theta), tf.shape(emb))`. TensorFlow knows that shape only when the
graph runs: the output has rank 3 and no static size, so the Dense after it cannot build its
kernel (its input's last axis is None)."""

import keras
import tensorflow as tf
from keras import layers


class Rotate(layers.Layer):
    def call(self, inputs):
        theta, emb = inputs
        shape = tf.maximum(tf.shape(theta), tf.shape(emb))
        evens = tf.math.cos(theta) * emb[..., ::2] - tf.math.sin(theta) * emb[..., 1::2]
        odds = tf.math.sin(theta) * emb[..., ::2] + tf.math.cos(theta) * emb[..., 1::2]
        return tf.reshape(tf.stack([evens, odds], axis=-1), shape)


nodes = keras.Input(shape=(1,))
relations = keras.Input(shape=(1,))
emb = layers.Embedding(100, 6)(nodes)
theta = layers.Embedding(10, 3)(relations)
rotated = Rotate()([theta, emb])
score = layers.Dense(1)(rotated)  # error: LST102
model = keras.Model([nodes, relations], score)
