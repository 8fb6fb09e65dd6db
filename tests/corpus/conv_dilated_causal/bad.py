"""Dilated causal convolutions (a small TCN front end) before a GRU."""
import keras
from keras import layers

inputs = keras.Input(shape=(8, 2))
x = inputs
for rate in (1, 2, 4):
    x = layers.Conv1D(8, 3, dilation_rate=rate, activation="relu")(x)  # error: LST105
x = layers.GRU(8)(x)
model = keras.Model(inputs, layers.Dense(1)(x))
