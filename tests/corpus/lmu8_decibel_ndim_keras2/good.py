"""Keras 2 (tf_keras): decibel scaling written as a custom layer, as audio libraries write it:
`log10` as `log(x) / log(tf.constant(10))`, clipped to 80 dB below each example's maximum over
every axis but the batch (`range(K.ndim(x))[1:]`). The convolution after it keeps the 64
channels, so the residual adds 64 to 64."""

import numpy as np
import tensorflow as tf
import tf_keras as keras
from tf_keras import backend as K
from tf_keras import layers


class Decibel(layers.Layer):
    def call(self, x):
        def log10(v):
            return tf.math.log(v) / tf.math.log(tf.constant(10, dtype=v.dtype))

        axes = tuple(range(K.ndim(x))[1:])
        db = 10.0 * log10(tf.math.maximum(x, 1e-5))
        return tf.math.maximum(db, tf.math.reduce_max(db, axis=axes, keepdims=True) - 80.0)


inputs = keras.Input((40, 64))
db = Decibel()(inputs)
x = layers.Conv1D(64, 3, padding="same", activation="relu")(db)
x = layers.Add()([db, x])
x = layers.LSTM(16)(x)
outputs = layers.Dense(4, activation="softmax")(x)
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="categorical_crossentropy")
model.fit(np.ones((4, 40, 64), "float32"), np.zeros((4, 4), "float32"), epochs=1, verbose=0)
