"""Per-step regression head on a stacked LSTM."""
import keras
from keras import layers

inp = keras.Input(shape=(30, 4))
x = layers.LSTM(16, return_sequences=True)(inp)
x = layers.LSTM(16, return_sequences=True)(x)
out = layers.TimeDistributed(layers.Dense(1))(x)
model = keras.Model(inp, out)
