"""A mixture-density-style head: a custom layer joining two `Dense` projections, applied to
every time step by `TimeDistributed`. Keras 3 takes each step's shape from the layer's
`compute_output_shape` (2 * 4 = 8 features); the residual branch beside it is 4 wide."""
import numpy as np
import keras
from keras import layers, ops


class TwoHeads(layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.mu = layers.Dense(units)
        self.sigma = layers.Dense(units)

    def call(self, x):
        return ops.concatenate([self.mu(x), self.sigma(x)], axis=-1)

    def compute_output_shape(self, input_shape):
        return (input_shape[0], 2 * self.units)


inputs = keras.Input(shape=(5, 3))
heads = layers.TimeDistributed(TwoHeads(4))(inputs)
skip = layers.Dense(4)(inputs)
out = layers.Add()([heads, skip])  # error: LST110
model = keras.Model(inputs, out)
model.compile(optimizer="adam", loss="mse")
model.fit(np.zeros((4, 5, 3)), np.zeros((4, 5, 8)), epochs=1, verbose=0)
