"""Regression (differential suite): `strides=0` on Conv1D is refused by Keras' constructor."""
import keras
from keras import layers

inputs = keras.Input(shape=(12, 3))
x = layers.Conv1D(8, 3, strides=0, padding="same")(inputs)  # error: LST107
model = keras.Model(inputs, x)
