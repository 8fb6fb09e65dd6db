"""Regression (differential suite): a 2-D kernel size given to Conv1D."""
import keras
from keras import layers

inputs = keras.Input(shape=(12, 3))
x = layers.Conv1D(8, (3, 3))(inputs)  # error: LST107
model = keras.Model(inputs, x)
