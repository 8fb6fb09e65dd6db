"""Keras 2 (tf_keras): a spiking-style RNN cell whose state and output sizes are a
`tf.TensorShape` of several axes (one value per input feature map): each step gives
(batch, 4, 5), so the RNN hands on (batch, time, 4, 5), flattened per step for the LSTM."""
import numpy as np
import tensorflow as tf
import tf_keras as keras
from tf_keras import layers


class LeakyCell(layers.Layer):
    def __init__(self, size, **kwargs):
        super().__init__(**kwargs)
        self.size = tf.TensorShape(size)
        self.output_size = self.size
        self.state_size = self.size

    def call(self, inputs, states):
        voltage = 0.9 * states[0] + inputs
        return voltage, [voltage]


inputs = keras.Input(shape=(7, 4, 5))
x = layers.RNN(LeakyCell((4, 5)), return_sequences=True)(inputs)
x = layers.Reshape((7, 20))(x)
x = layers.LSTM(8)(x)
model = keras.Model(inputs, layers.Dense(1)(x))
model.compile(optimizer="adam", loss="mse")
model.fit(np.zeros((4, 7, 4, 5)), np.zeros((4, 1)), epochs=1, verbose=0)
