"""Forecast from a history window plus static covariates (store id features)."""
import keras
from keras import layers

history = keras.Input(shape=(28, 3), name="history")
static = keras.Input(shape=(5,), name="static")
h = layers.LSTM(16)(history)
s = layers.Dense(8, activation="relu")(static)
x = layers.Concatenate()([h, s])
x = layers.Dense(16, activation="relu")(x)
forecast = layers.Dense(7, name="next_week")(x)
model = keras.Model([history, static], forecast)
