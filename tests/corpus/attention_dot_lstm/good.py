"""Dot-product attention: the last LSTM's sequence attends over the first LSTM's sequence."""
import numpy as np
import keras
from keras import layers

steps, feats = 15, 3

inp = keras.Input(shape=(steps, feats))
keys = layers.LSTM(16, return_sequences=True)(inp)
queries = layers.LSTM(16, return_sequences=True)(keys)
context = layers.Attention()([queries, keys])
pooled = layers.GlobalAveragePooling1D()(context)
out = layers.Dense(1, activation="sigmoid")(pooled)
model = keras.Model(inp, out)
model.compile("adam", "binary_crossentropy")
model.predict(np.zeros((2, steps, feats)), verbose=0)
