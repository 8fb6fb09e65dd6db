"""A projection layer that subclasses `Dense`: its `__init__` fixes the width with
`super().__init__(16, ...)` and its `call` scales `super().call(inputs)`. Added back to its own
input as a residual, it is twice as wide as that input."""
import numpy as np
import keras
from keras import layers


class ScaledProjection(layers.Dense):
    def __init__(self, scale=0.5, **kwargs):
        super().__init__(16, activation="tanh", **kwargs)
        self.scale = scale

    def call(self, inputs):
        return super().call(inputs) * self.scale


class Head(layers.Dense):
    pass


inputs = keras.Input(shape=(10, 8))
projected = ScaledProjection()(inputs)
residual = layers.Add()([inputs, projected])  # error: LST110
encoded = layers.LSTM(4)(residual)
output = Head(1)(encoded)
model = keras.Model(inputs, output)
model.compile(optimizer="adam", loss="mse")
model.fit(np.zeros((4, 10, 8)), np.zeros((4, 1)), epochs=1, verbose=0)
