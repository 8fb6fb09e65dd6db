"""Keras 2 (tf_keras): an RNN cell scales its input by a step held in a `tf.Variable` (a
schedule changes it during training, as keras-spiking's `dt` does) written on the LEFT of the
symbolic tensor: `(1 - step) * inputs`. tf_keras broadcasts an eager scalar against the cell's
tensors, and builds the graph by running the cell, so the RNN gives 6 features per step, not 4:
adding a 4-wide skip connection fails."""

import tensorflow as tf
import tf_keras as keras
from tf_keras import backend as K
from tf_keras import layers


class ScaledCell(layers.Layer):
    def __init__(self, units, step, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.step = step
        self.state_size = units
        self.output_size = units

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], self.units), name="kernel")

    def call(self, inputs, states):
        scaled = (1 - self.step) * inputs
        h = K.tanh(K.dot(scaled, self.kernel) + self.step * states[0])
        extra = K.sum(h, axis=-1, keepdims=True)
        return K.concatenate([h, extra, extra], axis=-1), [h]


step = tf.Variable(0.5, trainable=False)
inputs = keras.Input(shape=(7, 5))
sequence = layers.RNN(ScaledCell(4, step), return_sequences=True)(inputs)
skip = layers.Dense(4)(inputs)
merged = layers.Add()([sequence, skip])  # error: LST110
model = keras.Model(inputs, layers.Dense(1)(merged))
model.compile(optimizer="adam", loss="mse")
