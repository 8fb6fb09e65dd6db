"""Shared keyword arguments for a recurrent layer, with a `size` entry taken out
(`kwargs.pop("size")`) before the rest is passed on. They leave `return_sequences=False`,
so the first LSTM hands on one vector to the second."""
import numpy as np
import keras
from keras import layers

kwargs = dict(units=16, return_sequences=False, size=3)
size = kwargs.pop("size")
inputs = keras.Input(shape=(9, size))
x = layers.LSTM(**kwargs)(inputs)
x = layers.LSTM(4)(x)  # error: LST101
model = keras.Model(inputs, layers.Dense(1)(x))
model.compile(optimizer="adam", loss="mse")
model.fit(np.zeros((4, 9, 3)), np.zeros((4, 1)), epochs=1, verbose=0)
