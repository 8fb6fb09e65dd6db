"""Regression (differential suite): negative padding is refused by ZeroPadding1D's constructor."""
from tensorflow import keras

inputs = keras.Input(shape=(10, 4))
x = keras.layers.ZeroPadding1D(-1)(inputs)  # error: LST107
model = keras.Model(inputs, x)
