"""Causal convolution by hand: a custom layer pads `kernel_size - 1` steps at the start of the
sequence with `tf.pad` and paddings made by `tf.constant`, then the convolution pads nothing
(`padding="valid"`): 22 steps become 20 again, and the residual adds them to the 20 inputs."""

import keras
import numpy as np
import tensorflow as tf
from keras import layers


class CausalPad(layers.Layer):
    def __init__(self, kernel_size, **kwargs):
        super().__init__(**kwargs)
        self.kernel_size = kernel_size

    def call(self, x):
        return tf.pad(x, tf.constant([[0, 0], [self.kernel_size - 1, 0], [0, 0]]))


inputs = keras.Input((20, 8))
x = CausalPad(3)(inputs)
x = layers.Conv1D(8, 3, padding="valid", activation="relu")(x)
x = layers.Add()([inputs, x])
x = layers.LSTM(16)(x)
outputs = layers.Dense(1)(x)
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="mse")
model.fit(np.zeros((8, 20, 8), "float32"), np.zeros((8, 1), "float32"), epochs=1, verbose=0)
