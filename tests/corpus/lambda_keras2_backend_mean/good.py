"""Keras 2 (tf_keras): mean over the features of each step with `K.mean(keepdims=True)`,
which keeps the time axis, then another GRU."""
import numpy as np
import tf_keras as keras
from tf_keras import backend as K
from tf_keras import layers

inp = keras.Input(shape=(12, 4))
h = layers.GRU(8, return_sequences=True)(inp)
pooled = layers.Lambda(lambda t: K.mean(t, axis=2, keepdims=True))(h)
h2 = layers.GRU(4)(pooled)
out = layers.Dense(1)(h2)
model = keras.Model(inp, out)
model.compile(optimizer="adam", loss="mse")
model.fit(np.zeros((8, 12, 4)), np.zeros((8, 1)), epochs=1, verbose=0)
