"""A recurrent head after an activation applied as a function (`keras.activations.relu(h)`,
the d2l pattern): the activation keeps the shape, so the stacked LSTMs see what the first one
returns, its last state only."""
import keras
from keras import layers

inputs = keras.Input(shape=(20, 8))
h = layers.LSTM(16)(inputs)
h = keras.activations.relu(h)
h = layers.LSTM(8)(h)  # error: LST101
outputs = layers.Dense(1)(h)
model = keras.Model(inputs, outputs)
