"""A gated residual block that squashes the gated sequence with the gate's own activation
function (`gate.activation(t)`) and adds it to a skip connection of the same width."""

import keras
from keras import layers

inputs = keras.Input((12, 6))
gate = layers.Dense(16, activation="sigmoid")
g = gate(inputs)
h = layers.Dense(16)(inputs)
gated = layers.Multiply()([h, g])
skip = layers.Dense(16)(inputs)
x = layers.Add()([gate.activation(gated), skip])
x = layers.LSTM(4)(x)
outputs = layers.Dense(1)(x)
model = keras.Model(inputs, outputs)
