"""Autoencoder split in an encoder model and a decoder model, then chained."""
import keras
from keras import layers

steps, feats, code = 14, 3, 6

enc_in = keras.Input(shape=(steps, feats))
z = layers.LSTM(code)(enc_in)
encoder = keras.Model(enc_in, z, name="encoder")

dec_in = keras.Input(shape=(code,))
d = layers.RepeatVector(steps)(dec_in)
d = layers.LSTM(code, return_sequences=True)(d)
d = layers.Dense(feats)(d)
decoder = keras.Model(dec_in, d, name="decoder")

ae_in = keras.Input(shape=(steps, feats))
autoencoder = keras.Model(ae_in, decoder(encoder(ae_in)))
