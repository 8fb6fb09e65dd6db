"""Univariate windows passed as (samples, steps): Keras 3 adds the feature axis of size 1 itself."""
import numpy as np
import keras
from keras import layers

n_steps = 12
X = np.zeros((32, n_steps), dtype="float32")
y = np.zeros((32, 1), dtype="float32")

model = keras.Sequential([
    keras.Input(shape=(n_steps, 1)),
    layers.LSTM(16),
    layers.Dense(1),
])
model.compile(optimizer="adam", loss="mse")
model.fit(X, y, epochs=1, batch_size=16, verbose=0)
