"""Module-level settings that a configure() function adjusts (global) before the model is built."""
import keras
from keras import layers

N_FEATURES = 16
WIDTH = 8


def configure(wide=True):
    global WIDTH
    if wide:
        WIDTH = N_FEATURES


configure(wide=False)
inputs = keras.Input(shape=(10, N_FEATURES))
h = layers.LSTM(WIDTH, return_sequences=True)(inputs)
x = layers.Add()([inputs, h])  # error: LST110
x = layers.GlobalAveragePooling1D()(x)
model = keras.Model(inputs, layers.Dense(1)(x))
