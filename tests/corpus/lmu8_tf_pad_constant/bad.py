"""Causal convolution by hand: a custom layer pads `kernel_size - 1` steps at the start of the
sequence with `tf.pad` and paddings made by `tf.constant`, then the convolution pads again
(`padding="same"`): 20 steps become 22, and the residual adds them to the 20 inputs."""

import keras
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
x = layers.Conv1D(8, 3, padding="same", activation="relu")(x)
x = layers.Add()([inputs, x])  # error: LST110
x = layers.LSTM(16)(x)
outputs = layers.Dense(1)(x)
model = keras.Model(inputs, outputs)
