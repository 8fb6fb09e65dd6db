"""Keras 3 `keras.ops` between layers: the mean over the features of each step, given back
a feature axis with `ops.expand_dims`, keeps the sequence for the GRU."""
import keras
import numpy as np
from keras import layers, ops

inp = keras.Input(shape=(16, 6))
h = layers.GRU(12, return_sequences=True)(inp)
pooled = ops.expand_dims(ops.mean(h, axis=-1), -1)
h = layers.GRU(4)(pooled + h[:, :, :1])
model = keras.Model(inp, layers.Dense(2)(h))
model.compile(optimizer="adam", loss="mse")
model.fit(np.zeros((4, 16, 6)), np.zeros((4, 2)), epochs=1, verbose=0)
