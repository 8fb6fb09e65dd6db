"""Univariate forecaster: one window of 5 values passed to predict as a flat array."""
import numpy as np
import keras
from keras import layers

n_steps, n_features = 5, 1
model = keras.Sequential([
    keras.Input(shape=(n_steps, n_features)),
    layers.LSTM(16),
    layers.Dense(1),
])
model.compile(optimizer="adam", loss="mse")
x_input = np.array([70.0, 80.0, 90.0, 100.0, 110.0])
yhat = model.predict(x_input.reshape((1, n_steps, n_features)), verbose=0)
