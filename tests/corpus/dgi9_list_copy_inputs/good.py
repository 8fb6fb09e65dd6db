"""Contrastive twin model: a corrupted copy of the input list shares the encoder."""

import keras
from keras import layers

features = keras.Input((20, 8))
context = keras.Input((20, 8))
x_inp = [features, context]
x_corr = [keras.Input((20, 8))]
x_in_corr = x_inp.copy()
x_in_corr[0] = x_corr[0]
encoder = layers.Dense(16)
clean = layers.Concatenate()([encoder(x_inp[0]), x_inp[1]])
corrupted = layers.Concatenate()([encoder(x_in_corr[0]), x_in_corr[1]])
scores = layers.Dense(1)(layers.Concatenate()([clean, corrupted]))
model = keras.Model(x_corr + x_inp, scores)
model.compile(loss="mse", optimizer="adam")
