"""Shared keyword arguments for a recurrent layer, with a `size` entry taken out
(`kwargs.pop("size")`) before the rest is passed on. They set `return_sequences=True`, so
the first LSTM hands on every step to the second."""
import numpy as np
import keras
from keras import layers

kwargs = dict(units=16, return_sequences=True, size=3)
size = kwargs.pop("size")
inputs = keras.Input(shape=(9, size))
x = layers.LSTM(**kwargs)(inputs)
x = layers.LSTM(4)(x)
model = keras.Model(inputs, layers.Dense(1)(x))
model.compile(optimizer="adam", loss="mse")
model.fit(np.zeros((4, 9, 3)), np.zeros((4, 1)), epochs=1, verbose=0)
