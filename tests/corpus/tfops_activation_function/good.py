"""A recurrent head after an activation applied as a function (`keras.activations.relu(h)`,
the d2l pattern): the first LSTM returns its sequence, which the activation keeps."""
import keras
from keras import layers

inputs = keras.Input(shape=(20, 8))
h = layers.LSTM(16, return_sequences=True)(inputs)
h = keras.activations.relu(h)
h = layers.LSTM(8)(h)
outputs = layers.Dense(1)(h)
model = keras.Model(inputs, outputs)
