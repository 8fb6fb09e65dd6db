"""A layer that wraps a Keras LSTM built in its own `build` and delegates to it with
`self.layer.call(...)`, as spiking and recurrent layer libraries do. The wrapper returns
its sequence to the LSTM stacked on it."""

import keras
from keras import layers


class RecurrentWrapper(layers.Layer):
    def __init__(self, units, return_sequences=False, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.return_sequences = return_sequences
        self.layer = None

    def build(self, input_shape):
        self.layer = layers.LSTM(self.units, return_sequences=self.return_sequences)
        self.layer.build(input_shape)

    def call(self, inputs, training=None):
        return self.layer.call(inputs, training=training)


inputs = keras.Input((20, 4))
x = RecurrentWrapper(16, return_sequences=True)(inputs)
x = layers.LSTM(8)(x)
outputs = layers.Dense(1)(x)
model = keras.Model(inputs, outputs)
