"""Input shape read from the training array, as most tutorials do."""
import numpy as np
import keras
from keras import layers

X = np.zeros((64, 12, 5), dtype="float32")
y = np.zeros((64, 1), dtype="float32")

model = keras.Sequential([
    keras.Input(shape=X.shape[1:]),
    layers.LSTM(16),
    layers.Dense(y.shape[1]),
])
model.compile(optimizer="adam", loss="mse")
model.fit(X, y, epochs=1, batch_size=32, verbose=0)
