"""Stacked LSTMs in a loop: every layer but the last returns sequences."""
import keras
from keras import layers

n_layers, units = 3, 16

inputs = keras.Input(shape=(20, 4))
x = inputs
for i in range(n_layers):
    x = layers.LSTM(units, return_sequences=i == n_layers - 1)(x)  # error: LST101
outputs = layers.Dense(1)(x)
model = keras.Model(inputs, outputs)
