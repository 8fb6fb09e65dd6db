"""The depth comes from the environment, so the loop runs an unknown number of times."""
import os
import keras
from keras import layers

depth = int(os.environ.get("LSTM_DEPTH", "2"))

inputs = keras.Input(shape=(16, 2))
x = inputs
for _ in range(depth):
    x = layers.LSTM(16, return_sequences=True)(x)
x = layers.LSTM(8, return_sequences=True)(x)
x = layers.RepeatVector(4)(x)  # error: LST103
model = keras.Model(inputs, layers.LSTM(8, return_sequences=True)(x))
