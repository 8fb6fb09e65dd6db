"""A per-time-step projection written with EinsumDense: `output_shape` gives the feature size
where the equation keeps the time axis."""
import keras
from keras import layers

steps, features, width = 50, 64, 32

inp = keras.Input(shape=(steps, features))
x = layers.EinsumDense("abc,cd->abd", output_shape=(features, width), bias_axes="d")(inp)  # error: LST107
x = layers.LSTM(16)(x)
out = layers.Dense(1)(x)
model = keras.Model(inp, out)
model.compile(optimizer="adam", loss="mse")
