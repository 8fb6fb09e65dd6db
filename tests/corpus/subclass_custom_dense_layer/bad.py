"""A custom projection layer (weights made in `build` with `add_weight`) feeding an LSTM: the
projection returns one vector per sample, not a sequence."""
import numpy as np
import keras
from keras import layers


class Projection(layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], self.units), initializer="glorot_uniform")
        self.bias = self.add_weight(shape=(self.units,), initializer="zeros")

    def call(self, inputs):
        return keras.ops.tanh(keras.ops.matmul(inputs, self.kernel) + self.bias)


features = keras.Input(shape=(20,))
projected = Projection(32)(features)
encoded = layers.LSTM(16)(projected)  # error: LST101
output = layers.Dense(1)(encoded)
model = keras.Model(features, output)
model.compile(optimizer="adam", loss="mse")
model.fit(np.zeros((8, 20)), np.zeros((8, 1)), epochs=1, verbose=0)
