"""A two-input model fitted with a dict keyed by the Input names."""
import numpy as np
import keras
from keras import layers

history = keras.Input(shape=(14, 2), name="history")
weekday = keras.Input(shape=(7,), name="weekday")
h = layers.LSTM(8)(history)
x = layers.Concatenate()([h, weekday])
model = keras.Model([history, weekday], layers.Dense(1)(x))
model.compile(optimizer="adam", loss="mae")
model.fit({"history": np.zeros((10, 14, 2)), "weekday": np.zeros((10, 7))}, np.zeros((10, 1)), epochs=1, verbose=0)
