"""Windows built with reshape(-1, ...); the Dense head predicts `horizon` values per window."""
import numpy as np
import keras
from keras import layers

n_steps, horizon = 6, 3
series = np.arange(240, dtype="float32")
X = series.reshape(-1, n_steps, 1)
y = np.zeros((X.shape[0], horizon + 1), dtype="float32")

inputs = keras.Input(shape=(n_steps, 1))
x = layers.LSTM(16)(inputs)
outputs = layers.Dense(horizon)(x)
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="mse")
model.fit(X, y, epochs=1, batch_size=20, verbose=0)  # error: LST205
