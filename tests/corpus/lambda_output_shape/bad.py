"""Keras 3 takes a Lambda's written `output_shape` as its output: declared as a vector,
the LSTM after it gets 2-D input."""
# lstmlint: keras-version = 3
import keras
from keras import layers


def scale(t):
    return t * 0.5


inp = keras.Input(shape=(10, 16))
h = layers.Lambda(scale, output_shape=(16,))(inp)
h = layers.LSTM(8)(h)  # error: LST101
model = keras.Model(inp, layers.Dense(1)(h))
