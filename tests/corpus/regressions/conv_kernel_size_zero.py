"""Regression (differential suite): Keras refuses a non-positive `kernel_size`; lstmlint used
to infer a longer sequence instead of reporting it."""
import keras
from keras import layers

inputs = keras.Input(shape=(7, 5))
x = layers.Conv1D(4, 0)(inputs)  # error: LST107
model = keras.Model(inputs, x)
