"""Residual LSTM stack written out by hand (Google NMT style), widths kept equal."""
import keras
from keras import layers

units = 24
inp = keras.Input(shape=(None, 10))
x0 = layers.LSTM(units, return_sequences=True)(inp)
x1 = layers.LSTM(units, return_sequences=True)(x0)
x1 = layers.add([inp, x1])  # error: LST110
x2 = layers.LSTM(units, return_sequences=True)(x1)
x2 = layers.add([x1, x2])
out = layers.TimeDistributed(layers.Dense(10, activation="softmax"))(x2)
model = keras.Model(inp, out)
