"""A helper with a flag: return_sequences depends on whether a second layer follows."""
import keras
from keras import layers


def build(n_steps, n_features, stacked=False, units=16):
    inp = keras.Input(shape=(n_steps, n_features))
    if stacked:
        x = layers.LSTM(units, return_sequences=True)(inp)
        x = layers.LSTM(units)(x)
    else:
        x = layers.LSTM(units)(inp)
    return keras.Model(inp, layers.Dense(1)(x))


small = build(10, 2)
deep = build(10, 2, stacked=True)
