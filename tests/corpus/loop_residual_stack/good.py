"""Residual LSTM stack: each block adds its input back, so widths must stay equal."""
import keras
from keras import layers

d_model, depth = 32, 3

inputs = keras.Input(shape=(50, 7))
x = layers.Dense(d_model)(inputs)
for _ in range(depth):
    h = layers.LSTM(d_model, return_sequences=True)(x)
    x = layers.Add()([x, h])
x = layers.LSTM(d_model)(x)
outputs = layers.Dense(1)(x)
model = keras.Model(inputs, outputs)
