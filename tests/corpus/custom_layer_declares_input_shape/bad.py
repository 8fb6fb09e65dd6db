"""A custom layer first in a Sequential, given `input_shape=` that its `__init__` passes on to
Keras' `Layer` with `super().__init__(**kwargs)`: Keras builds the model's input from it (a
UserWarning says so). The input is 10 numbers per sample, but an LSTM follows."""
import keras
import numpy as np
from keras import layers


class Scale(layers.Layer):
    def __init__(self, factor, **kwargs):
        super().__init__(**kwargs)
        self.factor = factor

    def call(self, x):
        return x * self.factor


model = keras.Sequential()
model.add(Scale(2.0, input_shape=(10,)))
model.add(layers.LSTM(8))  # error: LST101
model.add(layers.Dense(1))
model.compile(optimizer="adam", loss="mse")
model.fit(np.zeros((4, 10, 3)), np.zeros((4, 1)), epochs=1, verbose=0)
