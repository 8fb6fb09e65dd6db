"""A list of layers applied in a loop (common in tutorials that make depth a hyper-parameter)."""
import keras
from keras import layers

stack = [
    layers.LSTM(32, return_sequences=True),
    layers.Dropout(0.2),
    layers.LSTM(16, return_sequences=True),
    layers.LSTM(8),
    layers.Dense(1),
]

inp = keras.Input(shape=(25, 3))
h = inp
for layer in stack:
    h = layer(h)
model = keras.Model(inp, h)
