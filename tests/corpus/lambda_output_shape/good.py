"""Keras 3 takes a Lambda's written `output_shape` as its output: declared with the time
axis (or as a function of the input shape), the LSTM after it builds."""
# lstmlint: keras-version = 3
import keras
import numpy as np
from keras import layers


def scale(t):
    return t * 0.5


inp = keras.Input(shape=(10, 16))
h = layers.Lambda(scale, output_shape=(10, 16))(inp)
h = layers.Lambda(scale, output_shape=lambda s: s)(h)
h = layers.LSTM(8)(h)
model = keras.Model(inp, layers.Dense(1)(h))
model.compile(optimizer="adam", loss="mse")
model.fit(np.zeros((4, 10, 16)), np.zeros((4, 1)), epochs=1, verbose=0)
