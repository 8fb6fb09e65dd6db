"""A static feature vector is expanded into a short sequence for an LSTM decoder."""
import keras
from keras import layers

n_static, steps, width = 10, 4, 8

static = keras.Input(shape=(n_static,))
x = layers.Dense(steps * width, activation="relu")(static)
x = layers.Reshape((steps, width))(x)
x = layers.LSTM(8, return_sequences=True)(x)
model = keras.Model(static, layers.TimeDistributed(layers.Dense(1))(x))
