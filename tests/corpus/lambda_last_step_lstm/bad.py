"""Sequence classifier: a Lambda keeps the last time step, then a second LSTM reads it."""
import keras
import numpy as np
from keras import layers

steps, feats = 20, 6
inp = keras.Input(shape=(steps, feats))
h = layers.LSTM(32, return_sequences=True)(inp)
last = layers.Lambda(lambda t: t[:, -1, :])(h)
h2 = layers.LSTM(16)(last)  # error: LST101
out = layers.Dense(3, activation="softmax")(h2)
model = keras.Model(inp, out)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(np.zeros((8, steps, feats)), np.zeros((8,)), epochs=1, verbose=0)
