"""Factories for an encoder and a decoder, wired together at the top level."""
import keras
from keras import layers


def make_encoder(x, units):
    return layers.LSTM(units)(x)


def make_decoder(code, steps, units, n_out):
    h = layers.RepeatVector(steps)(code)
    h = layers.LSTM(units, return_sequences=True)(h)
    return layers.TimeDistributed(layers.Dense(n_out))(h)


n_past, n_future, n_feat = 12, 4, 3
inp = keras.Input(shape=(n_past, n_feat))
code = make_encoder(inp, 24)
out = make_decoder(code, n_future, 24, n_feat)
model = keras.Model(inp, out)
