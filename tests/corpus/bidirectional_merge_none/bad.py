"""Bidirectional with merge_mode=None returns the two directions separately."""
import keras
from keras import layers

inputs = keras.Input(shape=(16, 4))
fwd, bwd = layers.Bidirectional(layers.LSTM(8, return_sequences=True))(inputs)  # error: LST209
h = layers.Concatenate()([fwd, bwd])
h = layers.LSTM(8)(h)
model = keras.Model(inputs, layers.Dense(1)(h))
