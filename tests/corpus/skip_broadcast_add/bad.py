"""Skip connection from the input sequence to the LSTM output (both must keep the time axis)."""
import keras
from keras import layers

steps, width = 10, 32

inputs = keras.Input(shape=(steps, width))
h = layers.LSTM(width)(inputs)
x = layers.Add()([inputs, h])  # warning: LST111
x = layers.GlobalAveragePooling1D()(x)
model = keras.Model(inputs, layers.Dense(1)(x))
