"""A memory cell that wraps a Keras cell, as Legendre-memory libraries write it: its states are
the memory plus the hidden cell's (`tf.nest.flatten(hidden_cell.state_size)`), and its output is
the hidden cell's (`output_size = hidden_cell.output_size`). The hidden `GRUCell(8)` gives 8
features per step, and the residual adds them to the 8 input features."""

import keras
import numpy as np
import tensorflow as tf
from keras import layers


class MemoryCell(layers.Layer):
    def __init__(self, memory_d, hidden_cell, **kwargs):
        super().__init__(**kwargs)
        self.memory_d = memory_d
        self.hidden_cell = hidden_cell
        self.state_size = [memory_d] + tf.nest.flatten(hidden_cell.state_size)
        self.output_size = hidden_cell.output_size

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], self.memory_d), name="kernel")
        self.hidden_cell.build((input_shape[0], self.memory_d))

    def call(self, inputs, states, training=False):
        m = states[0] + tf.matmul(inputs, self.kernel)
        o, h = self.hidden_cell(m, states[1:], training=training)
        return o, [m] + tf.nest.flatten(h)


inputs = keras.Input((20, 8))
x = layers.RNN(MemoryCell(4, layers.GRUCell(8)), return_sequences=True)(inputs)
x = layers.Add()([inputs, x])
outputs = layers.Dense(3, activation="softmax")(layers.GlobalAveragePooling1D()(x))
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="categorical_crossentropy")
model.fit(np.zeros((4, 20, 8), "float32"), np.zeros((4, 3), "float32"), epochs=1, verbose=0)
