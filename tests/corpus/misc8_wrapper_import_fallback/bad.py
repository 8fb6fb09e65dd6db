"""A custom wrapper whose base class is found the Keras 2 way when the Keras 3 one is missing."""

import keras
from keras import layers

try:
    Wrapper = keras.layers.Wrapper
except AttributeError:  # older Keras kept it in a submodule
    Wrapper = keras.layers.wrappers.Wrapper


class Wrapped(Wrapper):
    """Applies the wrapped layer to its input."""

    def __init__(self, layer, **kwargs):
        self.inner = layer
        super().__init__(layer, **kwargs)

    def call(self, inputs):
        return self.inner(inputs)


inputs = keras.Input(shape=(12, 8))
x = Wrapped(layers.Flatten())(inputs)
x = layers.LSTM(8)(x)  # error: LST101
outputs = layers.Dense(1)(x)
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="mse")
