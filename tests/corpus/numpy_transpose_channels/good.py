"""Sensor data stored channels-first (samples, channels, steps) is transposed for the LSTM."""
import numpy as np
import keras
from keras import layers

raw = np.zeros((30, 6, 50), dtype="float32")
X = np.transpose(raw, (0, 2, 1))
y = np.zeros((30, 1), dtype="float32")

inputs = keras.Input(shape=(50, 6))
x = layers.LSTM(16)(inputs)
model = keras.Model(inputs, layers.Dense(1)(x))
model.compile(optimizer="adam", loss="mse")
model.fit(X, y, epochs=1, batch_size=10, verbose=0)
