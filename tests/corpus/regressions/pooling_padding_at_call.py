"""Regression (differential suite): a pooling layer's `padding` is checked when the layer is
called (and case-sensitively), so the error belongs to the call, not the constructor."""
import keras
from keras import layers

inputs = keras.Input(shape=(12, 3))
pool = layers.MaxPooling1D(2, padding="Same")
x = pool(inputs)  # error: LST107
model = keras.Model(inputs, x)
