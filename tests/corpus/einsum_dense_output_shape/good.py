"""A per-time-step projection written with EinsumDense: the time axis is left open (None)."""
import keras
from keras import layers

steps, features, width = 50, 64, 32

inp = keras.Input(shape=(steps, features))
x = layers.EinsumDense("abc,cd->abd", output_shape=(None, width), bias_axes="d")(inp)
x = layers.LSTM(16)(x)
out = layers.Dense(1)(x)
model = keras.Model(inp, out)
model.compile(optimizer="adam", loss="mse")
