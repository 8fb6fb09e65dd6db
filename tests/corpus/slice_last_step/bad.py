"""Take the last time step of a sequence by slicing the tensor, then a Dense head."""
import keras
from keras import layers

inputs = keras.Input(shape=(14, 3))
seq = layers.LSTM(16, return_sequences=True)(inputs)
last = seq[:, -1, :]
x = layers.Dense(8, activation="relu")(last)
x = layers.Concatenate()([x, seq])  # error: LST112
model = keras.Model(inputs, layers.Dense(1)(x))
