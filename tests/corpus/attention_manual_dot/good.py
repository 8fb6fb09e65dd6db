"""Luong attention written by hand with Dot layers: scores, softmax, weighted sum."""
import keras
from keras import layers

t_enc, t_dec, feats, units = 12, 6, 5, 16

enc_in = keras.Input(shape=(t_enc, feats))
dec_in = keras.Input(shape=(t_dec, feats))
enc = layers.LSTM(units, return_sequences=True)(enc_in)
dec = layers.LSTM(units, return_sequences=True)(dec_in)
scores = layers.Dot(axes=[2, 2])([dec, enc])
weights = layers.Activation("softmax")(scores)
context = layers.Dot(axes=[2, 1])([weights, enc])
h = layers.Concatenate()([context, dec])
out = layers.TimeDistributed(layers.Dense(1))(h)
model = keras.Model([enc_in, dec_in], out)
