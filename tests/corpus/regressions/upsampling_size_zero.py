"""Regression (differential suite): `UpSampling1D(0)` is refused; lstmlint used to infer length 0."""
import keras
from keras import layers

model = keras.Sequential([
    keras.Input(shape=(6, 2)),
    layers.GRU(4, return_sequences=True),
    layers.UpSampling1D(0),  # error: LST107
])
