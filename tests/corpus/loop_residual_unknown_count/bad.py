"""The number of residual blocks comes from the environment, so the loop is not unrolled; every
block keeps the shape of `x`, and the shape after the loop is known whatever the count."""

import os

import keras
from keras import layers

blocks = int(os.environ.get("RES_BLOCKS", "3"))

inputs = keras.Input(shape=(20, 16))
x = layers.LSTM(32, return_sequences=True)(inputs)
for _ in range(blocks):
    y = layers.Dense(32, activation="relu")(x)
    x = layers.Add()([x, y])
    x = layers.LayerNormalization()(x)
skip = layers.Dense(16)(inputs)
x = layers.Add()([x, skip])  # error: LST110
x = layers.LSTM(8)(x)
model = keras.Model(inputs, layers.Dense(1)(x))
