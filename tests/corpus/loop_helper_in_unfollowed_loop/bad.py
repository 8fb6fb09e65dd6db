"""A helper called only inside a loop over sizes read from the environment: the loop is not
followed, and the helper is checked on its own with a symbolic `units`."""

import os

import keras
from keras import layers


def make_model(units):
    inputs = keras.Input(shape=(12, 3))
    x = layers.LSTM(units)(inputs)
    x = layers.LSTM(units)(x)  # error: LST101
    return keras.Model(inputs, layers.Dense(1)(x))


models = []
for units in os.environ.get("UNITS", "8,16").split(","):
    models.append(make_model(int(units)))
