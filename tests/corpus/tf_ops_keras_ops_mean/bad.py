"""Keras 3 `keras.ops` between layers: mean-pooled over time, the result has no time axis
left for the GRU."""
import keras
import numpy as np
from keras import layers, ops

inp = keras.Input(shape=(16, 6))
h = layers.GRU(12, return_sequences=True)(inp)
pooled = ops.mean(h, axis=1)
h = layers.GRU(4)(pooled)  # error: LST101
model = keras.Model(inp, layers.Dense(2)(h))
model.compile(optimizer="adam", loss="mse")
model.fit(np.zeros((4, 16, 6)), np.zeros((4, 2)), epochs=1, verbose=0)
